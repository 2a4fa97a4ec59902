"""The dashboard's Practice tab (tab 6): whether findings went back to practice.

A vertical list of titled sections, each a figure of its own read for the dashboard's
filters. The first is feedback to the worker and manager within N working days of
submit, by team. A section is a `PracticeSection` subclass with a title, what it shows
(`compose`), a read run in the database thread (`read`, desks only) and `show`; a new
figure (supervision, say) is one more class appended to `SECTIONS`, nothing else.
"""

from __future__ import annotations

from functools import partial
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static, TabPane

from qa_tui.desks.audits import AuditDesk
from qa_tui.desks.feedback import FeedbackDesk
from qa_tui.desks.supervision import DiscussedFigures, SupervisionDesk
from qa_tui.domain.dashboard_records import Filters, percent
from qa_tui.domain.feedback import DEFAULT_WORKING_DAYS, FeedbackTimeliness, Timeliness
from qa_tui.domain.supervision import DiscussedShare
from qa_tui.tui.base import DeskAccess
from qa_tui.tui.widgets.columns import Column
from qa_tui.tui.widgets.fitted_table import FittedTable
from qa_tui.tui.widgets.shown import brief, cell, line


class PracticeSection(Vertical):
    """One titled figure of the Practice tab."""

    DEFAULT_CSS = """
    PracticeSection { height: auto; margin-bottom: 1; }
    PracticeSection > .practice-title { text-style: bold; padding: 0 1; }
    PracticeSection > .practice-note { color: $text-muted; padding: 0 1; height: auto; }
    """
    title: ClassVar[str] = ""

    def compose(self) -> ComposeResult:
        yield Static(line(self.title), classes="practice-title")
        yield from self.body()

    def body(self) -> ComposeResult:
        """What the section shows under its title."""
        yield from ()

    @staticmethod
    def read(desk: AuditDesk, filters: Filters) -> Any:
        """Read the figure (in the database thread, through the desks only)."""
        raise NotImplementedError

    def show(self, data: Any) -> None:
        """Show what `read` returned."""
        raise NotImplementedError


# Team, then the counts: the team takes what the figures leave.
FEEDBACK_COLUMNS = (
    Column(12, 40, 1, max=50),
    Column(9, 9, right=True),
    Column(9, 12, right=True),
    Column(6, 6, right=True),
    Column(5, 5, right=True),
    Column(7, 9, right=True),
    Column(7, 9, right=True),
)


class FeedbackSection(PracticeSection):
    """Feedback given within N working days (Monday to Friday) of submit, by team."""

    title = f"Feedback to practice within {DEFAULT_WORKING_DAYS} working days of submit"

    def body(self) -> ComposeResult:
        yield FittedTable(id="dash-feedback", cursor_type="row", zebra_stripes=True)
        yield Static("", id="dash-feedback-note", classes="practice-note")

    @staticmethod
    def read(desk: AuditDesk, filters: Filters) -> FeedbackTimeliness:
        return FeedbackDesk(desk).timeliness(filters, DEFAULT_WORKING_DAYS)

    def show(self, data: FeedbackTimeliness) -> None:
        table = self.query_one("#dash-feedback", FittedTable)
        table.clear(columns=True)
        table.add_columns(
            "Team", "Submitted", f"In {data.days} days", "Share", "Late", "None yet", "Not due"
        )
        table.fit(FEEDBACK_COLUMNS)
        rows = [*data.teams, data.total] if len(data.teams) > 1 else list(data.teams)
        for t in rows:
            table.add_row(*self._cells(t))
        table.styles.height = len(rows) + 1
        self.query_one("#dash-feedback-note", Static).update(
            line(
                "Share: audits with their first feedback (worker or manager) within "
                f"{data.days} working days, of those submitted whose days have passed. "
                "Late: given after; none yet: not given and overdue; not due: still in time."
                if rows
                else "No audits submitted in this period."
            )
        )

    @staticmethod
    def _cells(t: Timeliness) -> tuple[Any, ...]:
        return (
            cell(brief(t.team) or "(no team)", "bold" if t.team == "All teams" else ""),
            f"{t.submitted:,}",
            f"{t.in_time:,}",
            percent(t.share),
            f"{t.late:,}",
            f"{t.missing:,}",
            f"{t.pending:,}",
        )


SUPERVISION_COLUMNS = (
    Column(12, 40, 1, max=50),
    Column(7, 9, right=True),
    Column(9, 9, right=True),
    Column(6, 6, right=True),
    Column(6, 6, right=True),
    Column(13, 13, right=True),
    Column(11, 11, right=True),
)


class SupervisionSection(PracticeSection):
    """Findings of earlier audits discussed in supervision, by team: what the six-monthly
    supervision audits found when they asked (supervision checks)."""

    title = "Earlier findings discussed in supervision"

    def body(self) -> ComposeResult:
        yield FittedTable(id="dash-supervision", cursor_type="row", zebra_stripes=True)
        yield Static("", id="dash-supervision-note", classes="practice-note")

    @staticmethod
    def read(desk: AuditDesk, filters: Filters) -> tuple[DiscussedFigures, str | None]:
        figures = SupervisionDesk(desk).discussed_share(
            by="team", from_month=filters.month_from, to_month=filters.month_to
        )
        return figures, filters.team

    def show(self, data: tuple[DiscussedFigures, str | None]) -> None:
        figures, team = data
        rows = [g for g in figures.rows if team is None or g.group == team]
        if team is None and len(rows) > 1:
            rows.append(figures.total)
        table = self.query_one("#dash-supervision", FittedTable)
        table.clear(columns=True)
        table.add_columns(
            "Team", "Checked", "Discussed", "Share", "Partly", "Not discussed", "Supervisions"
        )
        table.fit(SUPERVISION_COLUMNS)
        for share in rows:
            table.add_row(*self._cells(share))
        table.styles.height = len(rows) + 1
        self.query_one("#dash-supervision-note", Static).update(
            line(
                "Of the earlier findings asked about in submitted supervision audits (by the "
                "supervision audit's team and month), the share discussed in supervision; "
                "partly is counted apart. Follows the period and team filters."
                if rows
                else "No findings asked about in supervision audits submitted in this period."
            )
        )

    @staticmethod
    def _cells(s: DiscussedShare) -> tuple[Any, ...]:
        whole = s.group == "all"
        return (
            cell("All teams" if whole else brief(s.group) or "(no team)", "bold" if whole else ""),
            f"{s.checked:,}",
            f"{s.yes:,}",
            percent(s.share),
            f"{s.partly:,}",
            f"{s.no:,}",
            f"{s.audits:,}",
        )


# The sections in the order the tab shows them; a new figure is appended here.
SECTIONS: list[type[PracticeSection]] = [FeedbackSection, SupervisionSection]


class PracticePane(DeskAccess, TabPane):
    """Tab 6 of the dashboard: each section read again whenever the filters change."""

    DEFAULT_CSS = "PracticePane > VerticalScroll { height: 1fr; }"

    def __init__(self) -> None:
        super().__init__("6 Practice", id="practice")

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            for section in SECTIONS:
                yield section()

    def show_for(self, filters: Filters) -> None:
        """Read every section's figure for these filters, each shown when it is here."""
        desk = self.desk
        for section in self.query(PracticeSection):
            self.runner.fetch(
                f"read {section.title.lower()}",
                partial(section.read, desk, filters),
                self.screen,
                section.show,
            )
