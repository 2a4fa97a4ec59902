"""The moderation screen's agreement panel: each auditor's overall and criterion grades
against the moderator's, and their last quarters, so a drifting auditor shows.

Kept apart from the queue (qa_tui/tui/screens/moderation.py): the figures' layout is
its own job, and `qa-tui moderation agreement` prints the same figures.
"""

from __future__ import annotations

from datetime import date

from textual.content import Content

from qa_tui.desks.agreement_over_time import QuarterAgreement
from qa_tui.domain.agreement import Agreement
from qa_tui.domain.quarters import quarter_of
from qa_tui.tui.widgets.columns import Column
from qa_tui.tui.widgets.fitted import Layout, Row, Rows
from qa_tui.tui.widgets.shown import brief, line

OFSTED_POINTS = 4  # Outstanding, Good, Requires improvement, Inadequate


def pct(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.0f}%"


# An auditor's (or criterion's) name, then the figures, which are never cut.
AGREEMENT = (
    Column(8, 30, 1),
    Column(3, 3, right=True),
    Column(5, 5, right=True),
    Column(4, 4, right=True),
    Column(5, 5, right=True),
    Column(4, 4, right=True),
)


def agreement_lines(
    layout: Layout, title: str, figures: dict[str, Agreement]
) -> list[Row | Content]:
    """One line per auditor (or criterion): their name, cut to fit only if it must,
    then the figures."""
    head: list[Content | str] = [Content.styled(title, "underline"), "n", "exact", "±1"]
    head += ["kappa", "gen."]
    layout.measure(head)
    lines: list[Row | Content] = [Row(layout, head)]
    for name, a in figures.items():
        base, _, scale = name.partition(" (")
        scale = f" /{scale.split('-')[0]}" if scale else ""  # "(3-point)" -> "/3"
        label = line(brief(base) + scale)
        kappa = "-" if a.kappa is None else f"{a.kappa:.2f}"
        cells: list[Content | str] = [label, str(a.pairs), pct(a.exact), pct(a.within_one)]
        cells += [kappa, pct(a.generous)]
        layout.measure(cells)
        lines.append(Row(layout, cells))
    if not figures:
        lines.append(Content.styled("no completed moderations yet", "dim"))
    return lines


def recent_quarters(
    quarters: list[QuarterAgreement], last: int = 4
) -> dict[str, dict[str, Agreement]]:
    """{auditor: {quarter: agreement}}: each auditor's criterion grades on the Ofsted
    (4-point) scale in their `last` quarters with a moderation, oldest first."""
    kept: dict[str, list[QuarterAgreement]] = {}
    for q in quarters:
        if q.scale_points == OFSTED_POINTS:
            kept.setdefault(q.auditor, []).append(q)
    return {a: {q.quarter: q.agreement for q in qs[-last:]} for a, qs in kept.items()}


def quarter_lines(
    layout: Layout, by_quarter: dict[str, dict[str, Agreement]]
) -> list[Row | Content]:
    """The heading once, then each auditor's name and a line per quarter under it, so a
    narrow panel cuts neither the name nor the quarter."""
    lines = agreement_lines(layout, "By quarter", {})[:1]
    for auditor, quarters in by_quarter.items():
        lines.append(line(brief(auditor)))
        lines += agreement_lines(layout, "", {f"  {q}": a for q, a in quarters.items()})[1:]
    if not by_quarter:
        lines.append(Content.styled("no completed moderations yet", "dim"))
    return lines


def four_quarters_from(today: date) -> str:
    """The first day of the quarter three before today's: the span "By quarter" counts."""
    first = quarter_of(today)
    for _ in range(3):
        first = first.previous
    return first.start.isoformat()


def agreement_panel(
    overall: dict[str, Agreement],
    by_auditor: dict[str, Agreement],
    by_quarter: dict[str, dict[str, Agreement]] | None,
) -> Rows:
    """The panel; `by_quarter` None while the quarters are still being counted."""
    layout = Layout(AGREEMENT, gap=1)  # the tables' columns line up
    return Rows(
        [
            Content.styled("Agreement with the moderator", "bold"),
            *agreement_lines(layout, "Overall grade", overall),
            Content(),
            *agreement_lines(layout, "Criteria", by_auditor),
            Content(),
            *(
                quarter_lines(layout, by_quarter)
                if by_quarter is not None
                else [Content.styled("By quarter: counting…", "dim")]
            ),
            Content(),
            Content.styled(
                "/3: criteria on a 3-point scale. gen.: how often the auditor "
                "graded better than the moderator; ±1: within one grade; "
                "kappa needs at least 5 pairs. By quarter: criteria on the "
                "Ofsted scale against moderators and calibration exercises' "
                "agreed grades, each auditor's quarters of the last four; falling "
                "figures are drift (every quarter and scale: qa-tui "
                "moderation agreement --by quarter)",
                "dim",
            ),
        ]
    )
