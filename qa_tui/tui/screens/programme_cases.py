"""A programme's cases (`c` on Programmes): why each case was or was not chosen.

Shows the recorded decision and reason for each case, a page at a time by outcome,
and lets the QA lead add a case (an inspector asked for it) or take one out, and move
a case's audits to another auditor, always with a recorded reason.
"""

from __future__ import annotations

from collections import Counter

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from qa_tui.desks.programmes import ProgrammeDesk
from qa_tui.desks.reaudits import ReauditDesk
from qa_tui.domain.permissions import Op
from qa_tui.domain.records import Programme
from qa_tui.tui.base import DeskAccess
from qa_tui.tui.widgets.columns import Column
from qa_tui.tui.widgets.dialogs import Form
from qa_tui.tui.widgets.earlier_audit import case_changes
from qa_tui.tui.widgets.fitted import FittedList
from qa_tui.tui.widgets.shown import brief, clip, line, visible

PAGE = 500
VIEWS = (
    ("chosen", ("sampled", "added")),
    ("excluded", ("excluded",)),
    ("not drawn", ("not_drawn",)),
    ("removed", ("removed",)),
)


# Case, team, the auditors, then why the case was or was not chosen: the reason takes
# the room left, the rest are whole where they can be.
COLUMNS = (Column(13, 24), Column(8, 30, 1), Column(8, 30, 1), Column(12, 80, 3))


class CasesLoaded(Message):
    def __init__(
        self, rows: list[dict], counts: Counter[str], changes: dict[str, Content] | None = None
    ):
        super().__init__()
        self.changes = changes or {}  # re-audited cases: the previous audit and the change
        self.rows = rows
        self.counts = counts


class CasesChanged(Message):
    """A case was added, removed or reassigned: the page reloads."""


class CaseReasonForm(Form):
    compact = True

    def __init__(self, heading: str, fields: list[tuple[str, str, str]]):
        super().__init__()
        self.heading = heading
        self._fields = fields

    def fields(self) -> list[tuple[str, str, str]]:
        return self._fields


class ProgrammeCasesScreen(DeskAccess, Screen[None]):
    GUARDS = {
        "add_case": Op.RUN_PROGRAMMES,
        "remove_case": Op.RUN_PROGRAMMES,
        "reassign": Op.ASSIGN_AUDITS,
    }
    BINDINGS = [
        Binding(
            "v",
            "next_view",
            "Next list",
            id="cases.view",
            tooltip="Chosen, excluded, not drawn, removed",
        ),
        Binding(
            "plus",
            "add_case",
            "Add case",
            id="cases.add",
            key_display="+",
            tooltip="Add a case by hand, with the reason",
        ),
        Binding(
            "minus",
            "remove_case",
            "Remove",
            id="cases.remove",
            key_display="-",
            tooltip="Take the highlighted case out of the sample, with the reason",
        ),
        Binding(
            "R",
            "reassign",
            "Reassign",
            id="cases.reassign",
            tooltip="Move the highlighted case's open audits to another auditor",
        ),
        Binding("escape", "back", "Back", id="cases.back", tooltip="Back to programmes"),
    ]

    def __init__(self, programme: Programme):
        super().__init__()
        self.programme = programme
        self.view = 0
        self.rows: list[dict] = []

    @property
    def programmes(self) -> ProgrammeDesk:
        return ProgrammeDesk(self.desk)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="cases-summary")
        yield FittedList(COLUMNS, id="case-decisions")
        yield Footer()

    def on_mount(self) -> None:
        self.title = visible(f"Cases of {clip(self.programme.name, 60)}")
        self.query_one("#case-decisions", OptionList).focus()
        self.load()

    def load(self) -> None:
        store, programme_id, outcomes = (
            self.programmes.store,
            self.programme.id,
            VIEWS[self.view][1],
        )
        reaudits = ReauditDesk(self.desk)
        self.runner.run(
            "list the programme's cases",
            lambda: CasesLoaded(
                store.decision_page(programme_id, outcomes, PAGE),
                store.outcome_counts(programme_id),
                case_changes(reaudits.changes(programme_id)),
            ),
            self,
            lambda m: m,
        )

    @on(CasesLoaded)
    def _loaded(self, message: CasesLoaded) -> None:
        self.rows = message.rows
        c = message.counts
        tabs = []
        for n, (label, outcomes) in enumerate(VIEWS):
            text = f"{label} {sum(c[o] for o in outcomes)}"
            tabs.append(f"[reverse] {text} [/reverse]" if n == self.view else f" {text} ")
        shown = len(message.rows)
        total = sum(c[o] for o in VIEWS[self.view][1])
        more = f"  [dim](first {shown} of {total})[/dim]" if total > shown else ""
        self.query_one("#cases-summary", Static).update(
            Content.from_markup("".join(tabs) + more + "   [dim]v switches list[/dim]")
        )  # figures only
        options = self.query_one("#case-decisions", FittedList)
        options.clear_options()
        options.add_options(
            options.row(
                line(brief(row["case_ref"]), "bold"),
                line(brief(row["team"])),
                line(brief(row["auditors"] or ""), "italic"),
                Content.assemble(
                    message.changes.get(row["case_ref"], ""), line(row["reason"], "dim")
                ),
                id=row["case_ref"],
            )
            for row in message.rows
        )
        if not message.rows:
            options.add_option(Option(Content.styled("none", "dim"), disabled=True))
        elif options.highlighted is None:
            options.highlighted = 0

    def _highlighted(self) -> str | None:
        option = self.query_one("#case-decisions", OptionList).highlighted_option
        return option.id if option is not None else None

    def action_next_view(self) -> None:
        self.view = (self.view + 1) % len(VIEWS)
        self.load()

    def action_add_case(self) -> None:
        desk, programme_id = self.programmes, self.programme.id

        def add(values: tuple[str, ...] | None) -> None:
            if values:
                case_ref, reason = values

                def add_it() -> CasesChanged:
                    desk.add_case(programme_id, case_ref, reason)
                    return CasesChanged()

                self.runner.run("add the case", add_it, self, lambda m: m)

        self.app.push_screen(
            CaseReasonForm(
                "Add a case to the sample",
                [
                    ("Case reference", "e.g. DEMO-CP-0012", ""),
                    ("Reason (recorded)", "e.g. requested by the inspector", ""),
                ],
            ),
            add,
        )

    def action_remove_case(self) -> None:
        case_ref = self._highlighted()
        if case_ref is None:
            return
        desk, programme_id = self.programmes, self.programme.id

        def remove(values: tuple[str, ...] | None) -> None:
            if values:
                reason = values[0]

                def remove_it() -> CasesChanged:
                    desk.remove_case(programme_id, case_ref, reason)
                    return CasesChanged()

                self.runner.run("remove the case", remove_it, self, lambda m: m)

        self.app.push_screen(
            CaseReasonForm(
                f"Take {clip(case_ref, 40)} out of the sample",
                [("Reason (recorded)", "e.g. case transferred out", "")],
            ),
            remove,
        )

    def action_reassign(self) -> None:
        case_ref = self._highlighted()
        if case_ref is None:
            return
        desk, programme_id = self.programmes, self.programme.id

        def move(values: tuple[str, ...] | None) -> None:
            if not values:
                return
            auditor, reason = values

            def reassign() -> CasesChanged:
                desk.reassign_case(programme_id, case_ref, auditor, reason)
                return CasesChanged()

            self.runner.run("reassign the case", reassign, self, lambda m: m)

        self.app.push_screen(
            CaseReasonForm(
                f"Reassign {clip(case_ref, 40)}'s open audits",
                [
                    ("To auditor", "e.g. qa.rowan", ""),
                    ("Reason (recorded)", "e.g. auditor on leave", ""),
                ],
            ),
            move,
        )

    @on(CasesChanged)
    def _changed(self) -> None:
        self.notify("Recorded.", timeout=3)
        self.load()

    def action_back(self) -> None:
        self.app.pop_screen()
