"""The dashboard's Agencies tab (tab 7): multi-agency rounds by agency.

For the round the programme filter names, when it is a multi-agency one; otherwise the
latest three multi-agency rounds. Each as the joint judgement screen's `g` shows it:
criteria down, agencies across, the share of children each agency graded good or better
(Yes, for a yes/no question) and how many, the partnership's agreed joint judgements
last. The other filters do not narrow it: a round is read whole, as the partnership
agreed it.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static, TabPane

from qa_tui.desks.audits import AuditDesk
from qa_tui.desks.multi_agency import MultiAgencyDesk
from qa_tui.domain.dashboard_records import Filters
from qa_tui.tui.base import DeskAccess
from qa_tui.tui.screens.joint_judgement_forms import by_agency_text
from qa_tui.tui.widgets.shown import brief, line

SHOWN = 3  # rounds shown when no multi-agency round is filtered on


def read_rounds(desk: AuditDesk, filters: Filters) -> list[tuple[str, list[Any]]]:
    """(round name, by-agency tables) for the filtered round, or the latest few."""
    multi = MultiAgencyDesk(desk)
    rounds = multi.rounds()
    chosen = [p for p in rounds if p.id == filters.programme_id] or rounds[:SHOWN]
    return [(p.name, multi.by_agency(p.id)[1]) for p in chosen]


class AgenciesPane(DeskAccess, TabPane):
    DEFAULT_CSS = """
    AgenciesPane > VerticalScroll { height: 1fr; }
    #dash-agencies-text { padding: 0 1; }
    """

    def __init__(self) -> None:
        super().__init__("7 Agencies", id="agencies")

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dash-agencies"):
            yield Static("", id="dash-agencies-text")

    def show_for(self, filters: Filters) -> None:
        desk = self.desk
        self.runner.fetch(
            "read the multi-agency rounds",
            lambda: read_rounds(desk, filters),
            self.screen,
            self.show,
        )

    def show(self, rounds: list[tuple[str, list[Any]]]) -> None:
        parts: list[Content] = []
        for name, tables in rounds:
            parts += [line(brief(name), "bold underline"), by_agency_text(tables), Content()]
        if not parts:
            parts = [
                line(
                    "No multi-agency rounds yet: a QA lead creates one with the type "
                    "multi_agency, and assigns it one auditor per agency (j on the "
                    "programmes screen).",
                    "dim",
                )
            ]
        self.query_one("#dash-agencies-text", Static).update(Content("\n").join(parts))
