"""Moderation (`m` from home): the queue, and re-grading an audit criterion by criterion.

The moderator sees the auditor's grade and evidence beside the guidance for every
grade; `=` agrees, a digit gives another grade and asks why. Both grades are kept.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from qa_tui.desks.agreement_over_time import AgreementOverTime
from qa_tui.desks.moderation import ModerationDesk, ModerationView
from qa_tui.domain import rules
from qa_tui.domain.agreement import Agreement
from qa_tui.domain.permissions import Op
from qa_tui.tui.base import DeskAccess, short_grade
from qa_tui.tui.failures import report_failure
from qa_tui.tui.messages import DatabaseFailed
from qa_tui.tui.screens import moderation_steering as steering
from qa_tui.tui.screens.moderation_actions import ModerationActions
from qa_tui.tui.screens.moderation_agreement import (
    agreement_panel,
    four_quarters_from,
    recent_quarters,
)
from qa_tui.tui.widgets.columns import Column
from qa_tui.tui.widgets.fitted import FittedList
from qa_tui.tui.widgets.shown import block, brief, fill, line

QUEUE_PAGE = 300  # moderations listed at once; the rest by the CLI or export


class QueueLoaded(Message):
    def __init__(
        self,
        rows: list[dict],
        size: int,
        by_auditor: dict[str, Agreement],
        overall: dict[str, Agreement],
    ):
        super().__init__()
        self.rows, self.size = rows, size
        self.by_auditor, self.overall = by_auditor, overall


class QuartersLoaded(Message):
    """Each auditor's recent quarters: counted live, so read after the queue is shown."""

    def __init__(self, by_quarter: dict[str, dict[str, Agreement]]):
        super().__init__()
        self.by_quarter = by_quarter


class ModerationLoaded(Message):
    def __init__(self, view: ModerationView):
        super().__init__()
        self.view = view


# Case, auditor, the grade (and the agreed one), then the team and rubric where they fit.
QUEUE = (
    Column(13, 24),
    Column(8, 20, 1),
    Column(6, 16),
    Column(0, 30, 1),
    Column(0, 40, 1),
)
# Criterion, the auditor's grade, the agreed one.
CRITERIA = (Column(10, 40, 1), Column(6, 6, right=True), Column(8, 8, 1))


class ModerationQueueScreen(DeskAccess, steering.QueueSteering, Screen[None]):
    TITLE = "Moderation"
    GUARDS = {"moderate": Op.MODERATE, **steering.QUEUE_GUARDS}  # moderate: enter on the queue
    BINDINGS = [
        Binding(
            "d",
            "toggle_done",
            "Show done",
            id="moderation.done",
            tooltip="Show completed moderations instead of the waiting queue",
        ),
        *steering.QUEUE_KEYS,
        Binding(
            "k",
            "calibration",
            "Calibration",
            id="moderation.calibration",
            tooltip="Calibration exercises: every auditor grades one file; the agreed grade",
        ),
        Binding("escape", "back", "Back", id="moderation.back", tooltip="Back to my audits"),
    ]
    HELP_EXTRA = [("enter", "Moderate the highlighted audit")]

    def __init__(self) -> None:
        super().__init__()
        self.status = "waiting"
        self.rows: dict[int, dict] = {}
        # The panel's figures: shown with the queue, the quarters once counted.
        self.figures: tuple[dict[str, Agreement], dict[str, Agreement]] | None = None
        self.by_quarter: dict[str, dict[str, Agreement]] | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="moderation-body"):
            yield FittedList(QUEUE, id="moderation-queue")
            with VerticalScroll(id="agreement", can_focus=False):
                yield Static("", id="agreement-table")
        yield Footer()

    def action_calibration(self) -> None:
        from qa_tui.tui.screens.calibration import CalibrationScreen

        self.app.push_screen(CalibrationScreen())

    def on_mount(self) -> None:
        self.query_one("#moderation-queue", OptionList).focus()
        self.load()

    def on_screen_resume(self) -> None:
        self.load()

    def load(self) -> None:
        desk, status = ModerationDesk(self.desk), self.status
        self.runner.run(
            "load the moderation queue",
            lambda: QueueLoaded(
                desk.queue(status, QUEUE_PAGE),
                desk.queue_size(status),
                desk.agreement_by("auditor"),
                desk.agreement_by("overall"),
            ),
            self,
            lambda m: m,
        )
        # Counted from the moderations themselves (the summary table keeps no dates):
        # about 0.25 s over four quarters of the 100,000-audit database, 1.5 s over all
        # of it, so only the quarters shown, and after the queue.
        figures, since = AgreementOverTime(self.desk), four_quarters_from(self.today())
        self.runner.run(
            "count agreement by quarter",
            lambda: QuartersLoaded(recent_quarters(figures.by_quarter(since))),
            self,
            lambda m: m,
        )

    @on(QueueLoaded)
    def _loaded(self, message: QueueLoaded) -> None:
        options = self.query_one("#moderation-queue", FittedList)
        options.clear_options()
        self.rows = {r["audit_id"]: r for r in message.rows}
        title = "Waiting" if self.status == "waiting" else "Done"
        shown = (
            f"{message.size}"
            if message.size == len(message.rows)
            else f"the {'first' if self.status == 'waiting' else 'latest'} "
            f"{len(message.rows)} of {message.size}; all with qa-tui moderation queue"
        )
        options.add_option(
            Option(Content.styled(f"{title} ({shown})", "bold underline"), disabled=True)
        )
        for r in message.rows:
            options.add_option(
                options.row(
                    line(brief(r["case_ref"]), "bold"),
                    line(brief(r["auditor"])),
                    steering.queue_grade(r),
                    line(brief(r["team"]), "dim"),
                    line(brief(r["rubric_title"]), "dim"),
                    id=f"m{r['audit_id']}",
                )
            )
        if not message.rows:
            options.add_option(Option(Content.styled("  nothing here", "dim"), disabled=True))
        else:
            options.highlighted = 1
        self.query_one("#agreement-table", Static).update(
            agreement_panel(message.overall, message.by_auditor, self.by_quarter)
        )
        self.figures = (message.overall, message.by_auditor)

    @on(QuartersLoaded)
    def _quarters(self, message: QuartersLoaded) -> None:
        self.by_quarter = message.by_quarter
        if self.figures is not None:
            self.query_one("#agreement-table", Static).update(
                agreement_panel(*self.figures, self.by_quarter)
            )

    @on(OptionList.OptionSelected, "#moderation-queue")
    def _open(self, event: OptionList.OptionSelected) -> None:
        if event.option.id and not self.refused("moderate"):
            self.app.push_screen(ModerationScreen(int(event.option.id[1:])))

    def action_toggle_done(self) -> None:
        self.status = "done" if self.status == "waiting" else "waiting"
        self.load()

    def action_back(self) -> None:
        self.app.pop_screen()


class ModerationScreen(DeskAccess, ModerationActions, steering.ModerateSteering, Screen[None]):
    TITLE = "Moderate"
    GUARDS = {
        **dict.fromkeys(("agree", "grade", "not_applicable", "overall", "complete"), Op.MODERATE),
        **steering.MODERATE_GUARDS,
    }
    BINDINGS = [
        Binding(
            "equals_sign",
            "agree",
            "Agree",
            key_display="=",
            id="moderate.agree",
            tooltip="Agree with the auditor's grade for this criterion",
        ),
        Binding(
            "1",
            "grade(1)",
            "Grade",
            key_display="1-N",
            id="moderate.grade",
            tooltip="A different agreed grade, best first; asks why",
        ),
        *[
            Binding(str(n), f"grade({n})", show=False, id=f"moderate.grade{n}")
            for n in range(2, 10)
        ],
        Binding(
            "n",
            "not_applicable",
            "N/A",
            show=False,
            id="moderate.na",
            tooltip="Not applicable to this case, as the moderator sees it",
        ),
        Binding(
            "o", "overall", "Overall", id="moderate.overall", tooltip="The moderated overall grade"
        ),
        Binding(
            "c",
            "complete",
            "Complete",
            id="moderate.complete",
            tooltip="Finish this moderation (every criterion and the overall needed)",
        ),
        *steering.MODERATE_KEYS,
        Binding("escape", "back", "Back", id="moderate.back", tooltip="Back to the queue"),
    ]

    def __init__(self, audit_id: int):
        super().__init__()
        self.audit_id = audit_id
        self.view: ModerationView | None = None
        self.order: list[str] = []

    @property
    def moderation(self) -> ModerationDesk:
        return ModerationDesk(self.desk)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("loading…", id="moderation-header")
        with Horizontal(id="moderation-main"):
            yield FittedList(CRITERIA, gap=1, id="moderation-criteria")
            with VerticalScroll(id="moderation-detail", can_focus=False):
                yield Static("", id="moderation-text")
        yield Footer()

    def on_mount(self) -> None:
        desk, audit_id = self.moderation, self.audit_id
        self.runner.run(
            "open the moderation", lambda: ModerationLoaded(desk.open(audit_id)), self, lambda m: m
        )

    def _run(self, what: str, call) -> None:  # type: ignore[no-untyped-def]
        self.runner.run(what, lambda: ModerationLoaded(call()), self, lambda m: m)

    @on(ModerationLoaded)
    def _loaded(self, message: ModerationLoaded) -> None:
        first = self.view is None
        self.view = message.view
        view = message.view
        audit, rubric = view.audit.audit, view.audit.rubric
        m = view.moderation
        overall = m["overall_grade_label"] or "not yet"
        self.query_one("#moderation-header", Static).update(
            fill(
                "[b]$case_ref[/b] · $team · auditor $auditor · $title\n"
                "Auditor's overall: [b]$auditor_overall[/b] · moderated: [b]$overall[/b] · "
                "$because" + (" · [reverse] done [/reverse]" if view.done else ""),
                case_ref=brief(audit.case.case_ref),
                team=brief(audit.case.team),
                auditor=brief(audit.auditor),
                title=brief(rubric.title),
                auditor_overall=brief(audit.overall_grade_label or "hidden (blind)"),
                overall=brief(overall),
                because=brief(m["selected_because"]),
            )
        )
        options = self.query_one("#moderation-criteria", FittedList)
        if first:
            self.order = [c.id for c in rules.display_order(rubric)]
            options.add_options(options.row(*self._cells(cid), id=cid) for cid in self.order)
            options.highlighted = 0
            options.focus()
        else:
            for cid in self.order:
                options.replace_row(cid, *self._cells(cid))
        self._show_detail()

    def _cells(self, cid: str) -> tuple[Content, ...]:
        assert self.view is not None
        mine = self.view.audit.audit.answers.get(cid)
        agreed = self.view.answers.get(cid)

        left = (
            short_grade(mine.grade_label if mine else None, bool(mine and mine.not_applicable))
            or "·"
        )
        right = (
            short_grade(agreed["grade_label"], bool(agreed["not_applicable"])) if agreed else "?"
        )
        differs = agreed is not None and (
            agreed["grade_key"] != (mine.grade_key if mine else None)
            or bool(agreed["not_applicable"]) != bool(mine and mine.not_applicable)
        )
        if self.view.hidden:  # blind: nothing of the auditor's to set beside it
            left, differs = "?", False
        return (
            line(cid.replace("-", " ")),
            line(left),
            Content.assemble("→ ", line(right, "bold $warning" if differs else "bold")),
        )

    def _current(self) -> str | None:
        option = self.query_one("#moderation-criteria", OptionList).highlighted_option
        return option.id if option is not None else None

    @on(OptionList.OptionHighlighted, "#moderation-criteria")
    def _show_detail(self) -> None:
        cid = self._current()
        if cid is None or self.view is None:
            return
        rubric = self.view.audit.rubric
        c = rubric.criterion(cid)
        mine = self.view.audit.audit.answers.get(cid)
        agreed = self.view.answers.get(cid)
        lines = [
            fill(
                "[b]$question[/b]  [dim]$kind[/dim]",
                question=c.question,
                kind=c.kind + (", limiting" if c.limiting else ""),
            ),
            Content(),
        ]
        for value, grade in enumerate(rubric.scale_for(c).grades, 1):
            head = fill("[b]$value[/b] $label", value=value, label=grade.label)
            if mine and mine.grade_key == grade.key:
                head = Content.assemble(head.stylize("reverse"), (" (auditor)", "dim"))
            lines.append(Content.assemble(head, "  ", line(c.guidance[grade.key], "dim")))
        evidence = block(mine.evidence) if mine and mine.evidence else Content.styled("none", "dim")
        lines += [Content(), Content.assemble(("Auditor's evidence", "bold"), ": ", evidence)]
        if agreed:
            label = "Not applicable" if agreed["not_applicable"] else agreed["grade_label"]
            lines.append(
                Content.assemble(
                    ("Agreed", "bold"),
                    ": ",
                    line((label or "") + (f" — {agreed['reason']}" if agreed["reason"] else "")),
                )
            )
        else:
            lines.append(
                Content.styled("Agreed: not yet (= agrees, a digit gives another grade)", "dim")
            )
        lines += steering.send_back_lines(self.view)
        self.query_one("#moderation-text", Static).update(Content("\n").join(lines))

    def action_back(self) -> None:
        self.app.pop_screen()

    @on(DatabaseFailed)
    def _failed(self, message: DatabaseFailed) -> None:
        message.stop()  # said here, as a warning, not again by the app
        report_failure(self, message, severity="warning")
