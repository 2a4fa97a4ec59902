"""Programmes (`p` from home): a QA lead's audit rounds, their samples and progress.

Create a round, preview its sample and draw it, assign it to independent auditors,
repeat it later; every step goes through `ProgrammeDesk`, so the screen and the
command line record the same things. The steps themselves are in `programme_actions`,
their forms and the preview dialog in `programme_forms`.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from qa_tui.desks.programmes import ProgrammeDesk, Progress
from qa_tui.domain.permissions import Op
from qa_tui.domain.records import Programme
from qa_tui.tui.base import DeskAccess
from qa_tui.tui.screens.import_cases import CasesImported, ImportPreviewed
from qa_tui.tui.screens.programme_actions import (
    AssignmentReady,
    ProgrammeActions,
    ProgrammeChanged,
    SampleReady,
)
from qa_tui.tui.widgets.columns import Column
from qa_tui.tui.widgets.fitted import FittedList, Layout, Row, Rows
from qa_tui.tui.widgets.shown import brief, fill, line

# Name, status, submitted of all, then how many are overdue.
LIST = (Column(12, 40, 1), Column(6, 7), Column(5, 9, right=True), Column(0, 12))
# An auditor's or team's name, then its figures, which are never cut.
PROGRESS = (
    Column(10, 40, 1),
    Column(6, 6, right=True),
    Column(5, 5, right=True),
    Column(4, 4, right=True),
    Column(4, 4, right=True),
)


def progress_lines(title: str, rows: list[dict]) -> list[Row | Content]:
    """A small table of audits begun, done and late by auditor (or by team): the names
    cut only where the pane is really too narrow for them."""
    layout = Layout(PROGRESS, gap=1)
    head: list[Content | str] = [Content.styled(title, "underline"), "audits", "begun"]
    head += ["done", "late"]
    lines = [head] + [
        [
            line(brief(r["name"])),
            *(str(r[k]) for k in ("audits", "started", "submitted", "overdue")),
        ]
        for r in rows
    ]
    for cells in lines:
        layout.measure(cells)
    return [Row(layout, cells) for cells in lines]


class ProgrammesListed(Message):
    def __init__(self, items: list[tuple[Programme, Progress]]):
        super().__init__()
        self.items = items


class ProgrammesScreen(DeskAccess, ProgrammeActions, Screen[None]):
    TITLE = "Programmes"
    GUARDS = {
        "new_programme": Op.RUN_PROGRAMMES,
        "sample": Op.RUN_PROGRAMMES,
        "assign": Op.ASSIGN_AUDITS,
        "repeat": Op.RUN_PROGRAMMES,
        "close_programme": Op.RUN_PROGRAMMES,
        "recommend": Op.RUN_PROGRAMMES,
        "joint": Op.JOINT_JUDGEMENT,
        "import_cases": Op.IMPORT_CASES,
    }
    BINDINGS = [
        Binding("n", "new_programme", "New", id="programmes.new", tooltip="Create an audit round"),
        Binding(
            "s",
            "sample",
            "Sample",
            id="programmes.sample",
            tooltip="Preview and draw the highlighted programme's sample",
        ),
        Binding(
            "a",
            "assign",
            "Assign",
            id="programmes.assign",
            tooltip="Assign the sample to independent auditors",
        ),
        Binding(
            "r",
            "repeat",
            "Repeat",
            id="programmes.repeat",
            tooltip="Create the next round of the highlighted programme",
        ),
        Binding(
            "c",
            "cases",
            "Cases",
            id="programmes.cases",
            tooltip="Every case's outcome and reason; add, remove, reassign",
        ),
        Binding(
            "i",
            "import_cases",
            "Import cases",
            id="programmes.import",
            tooltip="Import a case list: preview, map its columns, import",
        ),
        Binding(
            "w",
            "recommend",
            "Recommend",
            id="programmes.recommend",
            tooltip="Write the recommendations the round's report gives the board",
        ),
        Binding(
            "j",
            "joint",
            "Joint",
            id="programmes.joint",
            tooltip="A multi-agency round: each agency's grades and the joint judgements",
        ),
        Binding(
            "x",
            "close_programme",
            "Close round",
            id="programmes.close",
            show=False,
            tooltip="Close the highlighted programme: no more sampling or assignment",
        ),
        Binding("escape", "back", "Back", id="programmes.back", tooltip="Back to my audits"),
    ]
    HELP_EXTRA = [("↑ ↓", "Move between programmes; the right shows the highlighted one")]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[int, tuple[Programme, Progress]] = {}

    @property
    def programmes(self) -> ProgrammeDesk:
        return ProgrammeDesk(self.desk)

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="programmes-body"):
            yield FittedList(LIST, id="programme-list")
            with VerticalScroll(id="programme-detail", can_focus=False):
                yield Static("", id="programme-info")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#programme-list", OptionList).focus()
        self.refresh_list()

    def refresh_list(self) -> None:
        desk = self.programmes

        def load() -> ProgrammesListed:
            return ProgrammesListed([(p, desk.progress(p.id)) for p in desk.all()])

        self.runner.run("list the programmes", load, self, lambda m: m)

    @on(ProgrammesListed)
    def _listed(self, message: ProgrammesListed) -> None:
        options = self.query_one("#programme-list", FittedList)
        keep = options.highlighted_option.id if options.highlighted_option else None
        self.items = {p.id: (p, progress) for p, progress in message.items}
        options.clear_options()
        for p, progress in message.items:
            t = progress.totals
            options.add_option(
                options.row(
                    line(brief(p.name), "bold"),
                    Content(p.status),
                    Content(f"{t['submitted']}/{t['audits']}"),
                    Content.styled(
                        f"{t['overdue']} overdue" if t["overdue"] else "", "bold $error"
                    ),
                    id=f"p{p.id}",
                )
            )
        if not message.items:
            options.add_option(
                Option(Content.styled("no programmes yet: press n", "dim"), disabled=True)
            )
        if keep and keep in {f"p{i}" for i in self.items}:
            options.highlighted = options.get_option_index(keep)
        elif self.items:
            options.highlighted = 0
        self._show_selected()

    def _selected(self) -> tuple[Programme, Progress] | None:
        option = self.query_one("#programme-list", OptionList).highlighted_option
        if option is None or not option.id:
            return None
        return self.items.get(int(option.id[1:]))

    @on(OptionList.OptionHighlighted, "#programme-list")
    def _show_selected(self) -> None:
        item = self._selected()
        info = self.query_one("#programme-info", Static)
        if item is None:
            info.update("")
            return
        p, progress = item
        lines: list[Row | Content] = [
            fill("[b]$name[/b]  ($kind, $status)", name=p.name, kind=p.kind, status=p.status),
            line(f"Rubrics: {', '.join(p.rubric_ids)}"),
            line(
                f"Owner {p.owner} · due {p.due_on or '-'} · window "
                f"{p.lookback_months} months, judged on {p.judgement_months}"
            ),
        ]
        if p.repeat_of:
            earlier = self.items.get(p.repeat_of)
            lines.append(line(f"Repeat of {earlier[0].name if earlier else p.repeat_of}"))
        if p.rule:
            lines.append(
                Content(
                    f"Sample: seed {p.seed}; {p.cases_listed} cases listed, "
                    f"cohort {p.cohort_size}; {progress.chosen} chosen"
                )
            )
        else:
            lines.append(Content.styled("No sample yet: press s", "dim"))
        if p.independence_relaxed:
            lines.append(
                fill("[b $warning]Independence relaxed:[/] $reason", reason=p.independence_relaxed)
            )
        t = progress.totals
        lines.append(
            Content.from_markup(
                f"\n[b]Progress[/b]  {t['audits']} audits · {t['started']} started · "
                f"{t['submitted']} submitted · {t['overdue']} overdue"
            )
        )
        for title, rows in (("By auditor", progress.by_auditor), ("By team", progress.by_team)):
            if rows:
                lines += progress_lines(title, rows)
        info.update(Rows(lines))

    # -- actions (in `ProgrammeActions`); their answers come back here -------------------

    @on(ProgrammeChanged)
    def _changed(self) -> None:
        self.refresh_list()

    @on(SampleReady)
    def _sample_ready(self, message: SampleReady) -> None:
        self.show_sample(message)

    @on(AssignmentReady)
    def _assignment_ready(self, message: AssignmentReady) -> None:
        self.show_assignment(message)

    def action_cases(self) -> None:
        item = self._selected()
        if item is None:
            return
        from qa_tui.tui.screens.programme_cases import ProgrammeCasesScreen

        self.app.push_screen(ProgrammeCasesScreen(item[0]))

    def action_joint(self) -> None:
        item = self._selected()
        if item is None:
            return
        programme = item[0]
        if programme.kind != "multi_agency":
            self.notify(
                f"{programme.name} is not a multi-agency round: its audits have one auditor "
                "each, so there is no joint judgement to agree.",
                timeout=6,
            )
            return
        from qa_tui.tui.screens.joint_judgement import JointJudgementScreen

        self.app.push_screen(JointJudgementScreen(programme.id))

    def action_recommend(self) -> None:
        item = self._selected()
        if item is not None:
            from qa_tui.tui.screens.programme_recommendations import RecommendationsDialog

            self.app.push_screen(RecommendationsDialog(item[0]))

    def on_screen_resume(self) -> None:
        self.refresh_list()

    @on(ImportPreviewed)
    def _previewed(self, message: ImportPreviewed) -> None:
        self.ask_mapping(message)

    @on(CasesImported)
    def _imported(self, message: CasesImported) -> None:
        self.notify(
            f"{message.path.name}: {message.added} case(s) added, {message.updated} "
            f"updated, {message.closed} closed.",
            timeout=8,
        )

    def action_back(self) -> None:
        self.app.pop_screen()

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand("New programme", "Create an audit round", self.action_new_programme)
        yield SystemCommand("Draw sample", "For the highlighted programme", self.action_sample)
        yield SystemCommand("Assign sample", "To independent auditors", self.action_assign)
        yield SystemCommand("Repeat programme", "Next round", self.action_repeat)
        yield SystemCommand(
            "Programme cases", "Outcomes and reasons; add, remove, reassign", self.action_cases
        )
        yield SystemCommand(
            "Import case list", "Preview, map columns, import", self.action_import_cases
        )
        yield SystemCommand(
            "Joint judgements",
            "A multi-agency round: each agency's grades, the joint judgement",
            self.action_joint,
        )
