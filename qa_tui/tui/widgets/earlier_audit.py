"""What a re-audit's screen says of the earlier audit: one line under the header (what
it was, what it is now, how many of its actions were closed), a "was:" line in the
criterion pane, and the whole earlier audit for its own dialog.

Rendering only: the desk (`desks.reaudits`) reads the earlier audit, the screen keeps
the widgets. The change is `domain.reaudits.change_between`, the one rule, applied to
the grade that counts now (the moderated one once moderation is complete), so a
re-audit still being graded already shows where it is heading.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import Static

from qa_tui.domain.reaudits import Change, change_between
from qa_tui.tui.base import short_grade
from qa_tui.tui.widgets.shown import brief, fill, line

if TYPE_CHECKING:
    from qa_tui.desks.audits import AuditView
    from qa_tui.desks.reaudits import EarlierAudit
    from qa_tui.domain.reaudits import ReauditPair

CHANGE_STYLE = {
    Change.BETTER: "bold $success",
    Change.SAME: "bold",
    Change.WORSE: "bold $error",
}


class EarlierLine(Static):
    """The earlier audit, in one line under a re-audit's header."""

    DEFAULT_CSS = """
    EarlierLine {
        height: auto;
        max-height: 2;
        padding: 0 1;
        color: $text-muted;
    }
    """


def counted_now(view: AuditView) -> tuple[int | None, str | None]:
    """The re-audit's overall grade that counts: the moderated one once complete."""
    if view.moderation is not None and view.moderation.get("overall_grade_value"):
        return view.moderation["overall_grade_value"], view.moderation["overall_grade_label"]
    return view.audit.overall_grade_value, view.audit.overall_grade_label


def change_text(earlier: EarlierAudit, view: AuditView) -> Content:
    """'was RI → now Good: better', or how far it has got."""
    was = earlier.earlier_overall
    value, label = counted_now(view)
    if was is None:
        return Content.styled("the earlier audit has no overall grade", "dim")
    change = change_between(earlier.pair.earlier_value, value)
    if change is None:
        return fill("was [b]$was[/b] · now not graded", was=short_grade(was))
    return Content.assemble(
        fill("was [b]$was[/b] → now [b]$now[/b]: ", was=short_grade(was), now=short_grade(label)),
        Content.styled(change.value, CHANGE_STYLE[change]),
        "" if view.audit.submitted else Content.styled(" so far", "dim"),
    )


def earlier_summary(earlier: EarlierAudit, view: AuditView) -> Content:
    """One line: which audit this looks again at, the change, the actions closed."""
    closed = sum(1 for a in earlier.actions if a.closed)
    actions = (
        f" · actions {closed}/{len(earlier.actions)} closed" if earlier.actions else " · no actions"
    )
    return Content.assemble(
        fill(
            "↻ [b]Re-audit[/b] of audit $id ($auditor, $when) · ",
            id=earlier.previous_audit_id,
            auditor=brief(earlier.auditor),
            when=earlier.submitted_on or "not submitted",
        ),
        change_text(earlier, view),
        actions,
        Content.styled(" · w shows it", "dim"),
    )


def earlier_grade_text(earlier: EarlierAudit, criterion_id: str) -> Content:
    """The criterion pane's 'was:' line."""
    grade = earlier.grades.get(criterion_id)
    if grade is None:
        return Content.styled("Earlier audit: not graded", "dim")
    return Content.assemble(
        Content.styled("Earlier audit: ", "dim"),
        line(grade.words, "bold"),
        Content.styled(" (moderated)", "dim") if grade.moderated else "",
    )


def earlier_detail(earlier: EarlierAudit, view: AuditView) -> Content:
    """The whole earlier audit beside this one: each criterion's grade then and now,
    each case action and whether it was closed, and the overall change."""
    lines = [
        fill(
            "[b]Audit $id[/b], submitted $when by $auditor",
            id=earlier.previous_audit_id,
            when=earlier.submitted_on or "-",
            auditor=earlier.auditor,
        ),
        Content.assemble("Overall: ", change_text(earlier, view)),
        Content(""),
        Content.styled("Criterion: then → now", "bold underline"),
    ]
    for c in view.rubric.criteria:
        then = earlier.grades.get(c.id)
        now = view.audit.answers.get(c.id)
        now_words = (
            short_grade(now.grade_label, now.not_applicable)
            if now is not None and now.answered
            else "-"
        )
        lines.append(
            Content.assemble(
                line(f"{c.id.replace('-', ' ').capitalize()}: ", "bold"),
                line(short_grade(then.grade_label, then.not_applicable) if then else "-"),
                " → ",
                line(now_words),
            )
        )
    lines += [
        Content(""),
        Content.styled("Case actions the earlier audit raised", "bold underline"),
    ]
    for a in earlier.actions:
        state = (
            Content.styled(f"closed {a.closed_on or ''}".strip(), "$success")
            if a.closed
            else Content.styled("open", "bold $warning")
        )
        lines.append(
            Content.assemble(
                "  ",
                state,
                line(f" · {a.what} ({a.owner}, due {a.due_on})"),
                line(f" — {a.closing_note}", "dim") if a.closed and a.closing_note else "",
            )
        )
    if not earlier.actions:
        lines.append(Content.styled("  none", "dim"))
    return Content("\n").join(lines)


def case_changes(pairs: list[ReauditPair]) -> dict[str, Content]:
    """For a round's case list: each re-audited case's previous audit and change
    ('was #12: better · '), before the reason the case was chosen."""
    shown: dict[str, list[Content]] = {}
    for p in pairs:
        change = (
            Content.styled(p.change.value, CHANGE_STYLE[p.change])
            if p.change
            else Content.styled("not graded yet", "dim")
        )
        shown.setdefault(p.case_ref, []).append(
            Content.assemble(Content(f"was #{p.previous_audit_id}: "), change)
        )
    return {ref: Content.assemble(Content(", ").join(c), " · ") for ref, c in shown.items()}
