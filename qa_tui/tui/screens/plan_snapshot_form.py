"""The quarterly review (`Q` on the action plan): record every item's status, measure
and figures as a quarter's snapshot for the board, with a note on any item.

The quarter offered is the last one ended, named the council's way (calendar or
financial year); the figures kept are those the plan screen shows now
(PlanSnapshotDesk). It lives apart from the action plan screen because it is a form of
its own, like the plan's other forms.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, cast

from qa_tui.desks.council_settings import quarter_style
from qa_tui.desks.plan_snapshots import PlanSnapshot, PlanSnapshotDesk
from qa_tui.domain.plan_records import ACTION_STATUS_LABELS, ActionItem
from qa_tui.domain.quarters import QuarterStyle, last_ended, parse_quarter
from qa_tui.tui.widgets.dialogs import Form
from qa_tui.tui.widgets.shown import clip

if TYPE_CHECKING:
    from textual.screen import Screen

    from qa_tui.tui.base import DeskAccess


class SnapshotForm(Form):
    """The quarter, then a note for each item (each may be left empty)."""

    heading = "Quarterly review: keep the plan as it stands"
    compact = True

    def __init__(self, quarter: str, style: QuarterStyle, items: list[ActionItem]):
        super().__init__()
        self.quarter = quarter
        self.style = style
        self.items = items
        self.note = (
            "Each item's status, measure and figures are kept for the board as this "
            "quarter's review (qa-tui report plan prints it). Taking a quarter again replaces it; "
            "notes written then stay unless you write new ones."
        )

    def fields(self) -> list[tuple[str, str, str]]:
        example = "Q4-23/24" if self.style == "financial" else "2026-Q3"
        return [("Quarter", example, self.quarter)] + [
            (
                f"Note: {clip(item.title, 44)} ({ACTION_STATUS_LABELS[item.status]})",
                "optional",
                "",
            )
            for item in self.items
        ]

    def check(self, values: tuple[str, ...]) -> str | None:
        try:
            parse_quarter(values[0], self.style)
        except ValueError as exc:
            return str(exc)
        return None


def take_snapshot(access: DeskAccess, items: list[ActionItem]) -> None:
    """Ask for the quarter and notes, then record the review in the database thread.
    `access` is the action plan screen."""
    screen = cast("Screen[None]", access)
    desk, today, runner = access.desk, access.today(), access.runner

    def ask(style: QuarterStyle) -> None:
        def answered(values: tuple[str, ...] | None) -> None:
            if values is None:
                return
            notes = {i.id: note for i, note in zip(items, values[1:], strict=False) if note}
            runner.fetch(
                "record the quarter's review",
                lambda: PlanSnapshotDesk(desk).take(values[0], notes, today=today),
                screen,
                lambda taken: _taken(screen, taken, today),
            )

        screen.app.push_screen(SnapshotForm(last_ended(today, style).label, style, items), answered)

    runner.fetch("read how quarters are named", lambda: quarter_style(desk), screen, ask)


def _taken(screen: Screen[None], taken: PlanSnapshot, today: date) -> None:
    screen.notify(
        f"{taken.quarter.label}: {len(taken.items)} item(s) kept for the board "
        f"(qa-tui report plan --quarter {taken.quarter.label})",
        timeout=8,
    )
