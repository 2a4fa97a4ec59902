"""What the audit screen's criterion pane says: the question, the grades with their
guidance, the grade's status, the evidence note's status and the criterion's themes.

It lives apart from the audit screen because it is rendering only: each function turns
what the desk read into Content (every stored text shown literally, through `shown`),
and the screen puts it in its widgets. The screen keeps the widgets, the keys and the
saving.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content

from qa_tui.domain.records import POLARITY_LABELS
from qa_tui.domain.theme_suggestions import offered_themes
from qa_tui.tui.widgets.shown import fill, line

if TYPE_CHECKING:
    from qa_tui.desks.audits import AuditView
    from qa_tui.domain.rubric import Criterion


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


def guidance_text(view: AuditView, c: Criterion) -> Content:
    """Each grade with its guidance, the chosen one reversed."""
    answer = view.audit.answers.get(c.id)
    lines = []
    for value, grade in enumerate(view.rubric.scale_for(c).grades, 1):
        chosen = answer is not None and answer.grade_key == grade.key
        head = fill("[b]$value[/b] $label", value=value, label=grade.label)
        lines.append(
            Content.assemble(
                head.stylize("reverse") if chosen else head,
                "  ",
                line(c.guidance[grade.key], "dim"),
            )
        )
    if c.not_applicable:
        chosen = answer is not None and answer.not_applicable
        head = Content.from_markup("[b]n[/b] Not applicable")
        lines.append(head.stylize("reverse") if chosen else head)
    return Content("\n").join(lines)


def grade_status(view: AuditView, c: Criterion, saving: bool) -> Content:
    """The grade as saved (or saving, or missing), and a moderated grade if agreed."""
    answer = view.audit.answers.get(c.id)
    if saving:
        status = Content.from_markup("[i]saving…[/i]")
    elif answer is not None and answer.answered:
        label = "Not applicable" if answer.not_applicable else answer.grade_label
        status = fill("Grade: [b]$label[/b]  [dim]saved ✓[/dim]", label=label or "")
    else:
        keys = len(view.rubric.scale_for(c).grades)
        either = " or n" if c.not_applicable else ""
        status = fill("[dim]Not graded: press 1-$keys$either[/dim]", keys=keys, either=either)
    agreed = view.moderated.get(c.id)
    if agreed is not None:
        label = "Not applicable" if agreed["not_applicable"] else agreed["grade_label"]
        status = Content.assemble(
            status,
            "\n",
            line(f"Moderated: {label or ''}", "bold $warning"),
            line(f" — {agreed['reason']}" if agreed["reason"] else " (agreed)"),
        )
    return status


def note_status(view: AuditView, c: Criterion, text: str, unsaved: bool) -> str:
    """Whether the evidence note is saved, and whether the grade needs one (markup)."""
    answer = view.audit.answers.get(c.id)
    needed = (
        answer is not None
        and answer.grade_key is not None
        and view.rubric.scale_for(c).grade(answer.grade_key).weak
    )
    if unsaved:
        status = "[i]unsaved…[/i]"
    elif text.strip():
        status = "[dim]note saved ✓[/dim]"
    else:
        status = ""
    if needed and not text.strip():
        status = "[b $warning]this grade needs an evidence note before submit[/]"
    return status


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
