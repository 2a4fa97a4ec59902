"""What the audit screen says: its header, a criterion's line in the list, and the
criterion pane: the question, the grades with their guidance, the grade's status, the
evidence note's status and the criterion's themes.

It lives apart from the audit screen because it is rendering only: each function turns
what the desk read into Content (every stored text shown literally, through `shown`),
and the screen puts it in its widgets. The screen keeps the widgets, the keys and the
saving.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content

from qa_tui.domain.records import POLARITY_LABELS, STATUS_LABELS
from qa_tui.domain.theme_suggestions import offered_themes
from qa_tui.tui.base import short_grade
from qa_tui.tui.widgets.shown import brief, fill, line

if TYPE_CHECKING:
    from qa_tui.desks.audits import AuditView
    from qa_tui.domain.rubric import Criterion, Rubric


def short_name(criterion: Criterion) -> str:
    """A criterion's id read as words, for the list."""
    return criterion.name


def audit_header(view: AuditView) -> Content:
    """Two lines: the case, then the rubric, how much is graded, the status and window."""
    a, r = view.audit, view.rubric
    graded = sum(1 for x in a.answers.values() if x.answered)
    case = a.case
    bits = [
        line(brief(b)) for b in (case.team, case.worker, case.cohort, case.child_pseudonym) if b
    ]
    if a.agency:  # a multi-agency round's audit: whose records it reads
        bits.insert(0, line(f"for {brief(a.agency)}", "bold"))
    status = STATUS_LABELS[a.status]
    if view.moderation is not None:
        m = view.moderation
        status += f" · moderated: {brief(m['overall_grade_label'] or '')}" + (
            f" ({brief(m['overall_reason'])})" if m["overall_reason"] else ""
        )
    window = (
        f"judged from {a.judgement_from}, looking back to {a.lookback_from}"
        if a.lookback_from
        else ""
    )
    return Content.assemble(
        line(brief(case.case_ref), "bold"),
        *[piece for b in bits for piece in (" · ", b)],
        "\n",
        fill(
            "$title v$version · $graded/$count graded · ",
            title=brief(r.title),
            version=brief(r.version),
            graded=graded,
            count=len(r.criteria),
        ),
        line(f" {status} · read-only (R reopens) ", "reverse") if a.submitted else line(status),
        line(f" · {window}", "dim") if window else "",
    )


def list_headings(rubric: Rubric, order: list[str]) -> list[tuple[str | None, str]]:
    """(heading or None, criterion id) in list order: the rubric's section titles when it
    has sections, else Quality and Compliance as before sections existed."""
    titles = {s.id: s.title for s in rubric.sections}
    shown: list[tuple[str | None, str]] = []
    last: str | None = None
    for cid in order:
        c = rubric.criterion(cid)
        if rubric.sections:
            group = titles.get(c.section or "", "Other criteria")
        else:
            group = "Quality" if c.kind == "quality" else "Compliance"
        shown.append((group if group != last else None, cid))
        last = group
    return shown


def criterion_line(view: AuditView, c: Criterion, saving: bool) -> Content:
    """The criterion in the list: saved (✓) or saving (…), its grade, then its name.

    The grade comes first so a narrow list cuts the end of the name, never the grade.
    """
    a = view.audit.answers.get(c.id)
    if a is not None and a.na_reason and not saving:  # ruled out: greyed, not asked
        return Content.assemble(("– N/A    ", "$text-muted"), (short_name(c), "$text-muted"))
    if saving:
        mark, grade = "…", "saving"
    elif a is not None and a.answered:
        mark, grade = "✓", short_grade(a.grade_label, a.not_applicable)
    else:
        mark, grade = "·", ""
    weak = (
        a is not None
        and a.grade_key is not None
        and view.rubric.scale_for(c).grade(a.grade_key).weak
    )
    return Content.assemble(
        f"{mark} ",
        (f"{grade:<6}", "bold $warning" if weak and not saving else "bold"),
        " ",
        short_name(c),
    )


def needs_note(view: AuditView, c: Criterion, grade_key: str | None, note: str) -> bool:
    """A weak grade with no evidence note yet: submit would refuse it (rules.py)."""
    return (
        grade_key is not None
        and view.rubric.scale_for(c).grade(grade_key).weak
        and not note.strip()
    )


def question_text(c: Criterion, number: int, count: int) -> Content:
    """The criterion's question, where it is in the rubric, and what kind it is."""
    tags: list[str] = [c.kind]
    if c.limiting:
        tags.append("limiting")
    return fill(
        "[b]$number/$count  $question[/b]  [dim]$tags[/dim]",
        number=number,
        count=count,
        question=c.question,
        tags=", ".join(tags),
    )


def guidance_lines(view: AuditView, c: Criterion) -> list[tuple[Content, bool]]:
    """Each grade with its guidance, and whether it is the grade chosen; then not
    applicable, if the rubric allows it. The mark of the chosen grade is shown beside
    its guidance, not in it, so choosing a grade repaints two marks, not two paragraphs."""
    answer = view.audit.answers.get(c.id)
    lines = []
    for value, grade in enumerate(view.rubric.scale_for(c).grades, 1):
        chosen = answer is not None and answer.grade_key == grade.key
        lines.append(
            (
                Content.assemble(
                    (str(value), "bold"),
                    " ",
                    line(grade.label, "bold"),
                    "  ",
                    line(c.guidance[grade.key], "dim"),
                ),
                chosen,
            )
        )
    if c.not_applicable:
        chosen = answer is not None and answer.not_applicable
        lines.append((Content.assemble(("n", "bold"), " ", ("Not applicable", "bold")), chosen))
    return lines


def grade_status(view: AuditView, c: Criterion, saving: bool) -> Content:
    """One line: the grade as saved (or saving, or missing)."""
    answer = view.audit.answers.get(c.id)
    if saving:
        return Content.styled("saving…", "italic")
    if answer is not None and answer.na_reason:
        return Content.assemble(
            (answer.na_reason.capitalize(), "$text-muted"), " (the rubric's rule)"
        )
    if answer is not None and answer.answered:
        label = "Not applicable" if answer.not_applicable else answer.grade_label
        return Content.assemble("Grade: ", line(label or "", "bold"), ("  saved ✓", "dim"))
    keys = len(view.rubric.scale_for(c).grades)
    either = " or n" if c.not_applicable else ""
    return fill("[dim]Not graded: press 1-$keys$either[/dim]", keys=keys, either=either)


def moderated_text(view: AuditView, c: Criterion) -> Content | None:
    """The grade a moderator agreed for this criterion, if the audit was moderated."""
    agreed = view.moderated.get(c.id)
    if agreed is None:
        return None
    label = "Not applicable" if agreed["not_applicable"] else agreed["grade_label"]
    return Content.assemble(
        line(f"Moderated: {label or ''}", "bold $warning"),
        line(f" — {agreed['reason']}" if agreed["reason"] else " (agreed)"),
    )


def note_status(view: AuditView, c: Criterion, text: str, unsaved: bool) -> Content:
    """One line over the note box: whether the note on screen is what is on disk, and
    whether the grade needs one."""
    answer = view.audit.answers.get(c.id)
    head = "[b]Evidence note[/b]  "
    if needs_note(view, c, answer.grade_key if answer else None, text):
        status = "[b $warning]this grade needs a note before submit[/]"
    elif unsaved:
        status = "[i]unsaved…[/i]"
    elif text.strip():
        status = "[dim]note saved ✓[/dim]"
    else:
        status = "[dim](e to write, esc to leave)[/dim]"
    return Content.from_markup(head + status)


def themes_text(view: AuditView, c: Criterion) -> Content:
    """The criterion's themes, and the rubric's suggestions for its grade still to
    confirm or dismiss (none that cannot apply to this child)."""
    mine = [t for t in view.audit.themes if t.criterion_id == c.id]
    lines = [Content.from_markup("[b]Themes[/b]  [dim](t add, x remove)[/dim]")]
    for t in mine:
        lines.append(
            fill(
                "  ✓ $theme [dim]($polarity)[/dim]",
                theme=t.theme,
                polarity=POLARITY_LABELS[t.polarity],
            )
        )
    for theme, polarity in offered_themes(view.rubric, view.audit, c):
        lines.append(
            fill(
                "  ? $theme [dim]($polarity; c to confirm or dismiss)[/dim]",
                theme=theme,
                polarity=POLARITY_LABELS[polarity],
            )
        )
    if len(lines) == 1:
        lines.append(Content.from_markup("  [dim]none yet[/dim]"))
    return Content("\n").join(lines)
