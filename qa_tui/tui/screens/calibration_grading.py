"""Grading a calibration exercise: one's own grades (seen by nobody else until it is
closed), or, for a QA lead, the agreed grades. Digits grade the highlighted criterion,
best first, `n` marks it not applicable; each grade is saved at once and the cursor
moves on. The case reference or the vignette stays at the top, the guidance for every
grade beside the list (`tab` reaches it, arrows scroll it).
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

from qa_tui.desks.calibration import Calibration, CalibrationDesk
from qa_tui.tui.base import DeskAccess, short_grade
from qa_tui.tui.widgets.shown import block, line


class CalibrationRead(Message):
    def __init__(self, calibration: Calibration, saved: str | None = None):
        super().__init__()
        self.calibration, self.saved = calibration, saved


class CalibrationGradingScreen(DeskAccess, Screen[None]):
    """One exercise graded criterion by criterion: digits grade (best first), `n` not
    applicable; each grade is saved at once and the cursor moves on."""

    TITLE = "Calibration"
    DEFAULT_CSS = """
    #calibration-header { height: auto; max-height: 8; padding: 0 1; }
    #calibration-grading { height: 1fr; }
    #calibration-criteria { width: 2fr; min-width: 24; height: 1fr; }
    #calibration-guidance { width: 3fr; height: 1fr; padding: 0 1; }
    """
    BINDINGS = [
        Binding(
            "1",
            "grade(1)",
            "Grade",
            key_display="1-N",
            id="calibration.grade",
            tooltip="Digits choose a grade, best first; saved at once, then the next criterion",
        ),
        *[
            Binding(str(n), f"grade({n})", show=False, id=f"calibration.grade{n}")
            for n in range(2, 10)
        ],
        Binding(
            "n",
            "grade(0)",
            "N/A",
            id="calibration.na",
            tooltip="Not applicable (where the rubric allows it)",
        ),
        Binding("escape", "back", "Back", id="calibration.back", tooltip="Back to the exercises"),
    ]

    def __init__(self, calibration_id: int, agreed: bool):
        super().__init__()
        self.calibration_id, self.agreed = calibration_id, agreed
        self.calibration: Calibration | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("loading…", id="calibration-header")
        with Horizontal(id="calibration-grading"):
            yield OptionList(id="calibration-criteria")
            with VerticalScroll(id="calibration-guidance"):
                yield Static("", id="calibration-question")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#calibration-criteria", OptionList).focus()
        desk, calibration_id, agreed = self.desk, self.calibration_id, self.agreed
        self.runner.run(
            "open the calibration",
            lambda: CalibrationRead(CalibrationDesk(desk).open(calibration_id, agreed)),
            self,
            lambda m: m,
        )

    @on(CalibrationRead)
    def _read(self, message: CalibrationRead) -> None:
        k = self.calibration = message.calibration
        whose = "the agreed grades" if self.agreed else "your own grades, seen by nobody else"
        what = f"case {k.case_ref}" if k.case_ref else "the vignette below"
        graded = sum(1 for c in k.rubric.criteria if c.id in k.mine)
        head = [
            line(k.title, "bold"),
            line(f"{k.rubric.title} v{k.rubric.version} · {what} · {whose} · "
                 f"{graded}/{len(k.rubric.criteria)} graded" + ("" if k.open else " · closed")),
        ]  # fmt: skip
        if k.vignette:
            head.append(block(k.vignette, "italic"))
        self.query_one("#calibration-header", Static).update(Content("\n").join(head))
        options = self.query_one("#calibration-criteria", OptionList)
        at = options.highlighted or 0
        options.clear_options()
        for c in k.rubric.criteria:
            grades = k.rubric.scale_for(c).grades
            value = k.mine.get(c.id)
            given = short_grade(None if value is None else grades[value - 1].label, value is None)
            mark = f"✓ {given:<6}" if c.id in k.mine else "·" + " " * 7
            options.add_option(Option(line(f"{mark} {c.name}"), id=f"c-{c.id}"))
        if message.saved is not None:
            ids = [c.id for c in k.rubric.criteria]
            at = min(ids.index(message.saved) + 1, len(ids) - 1)
            self.notify(f"{message.saved}: saved ✓", timeout=2)
        options.highlighted = at
        self._show_question()

    @on(OptionList.OptionHighlighted, "#calibration-criteria")
    def _show_question(self) -> None:
        k = self.calibration
        options = self.query_one("#calibration-criteria", OptionList)
        if k is None or options.highlighted is None:
            return
        c = k.rubric.criteria[options.highlighted]
        parts = [line(" ".join(c.question.split()), "bold"), Content()]
        for value, grade in enumerate(k.rubric.scale_for(c).grades, 1):
            chosen = "▶ " if k.mine.get(c.id, -1) == value else "  "
            guidance = " ".join(c.guidance.get(grade.key, "").split())
            parts.append(line(f"{chosen}{value} {grade.label}", "bold"))
            parts.append(line(f"    {guidance}"))
        if c.not_applicable:
            parts.append(line(("▶ " if c.id in k.mine and k.mine[c.id] is None else "  ")
                              + "n Not applicable", "bold"))  # fmt: skip
        self.query_one("#calibration-question", Static).update(Content("\n").join(parts))

    def action_grade(self, number: int) -> None:
        k = self.calibration
        options = self.query_one("#calibration-criteria", OptionList)
        if k is None or options.highlighted is None:
            return
        criterion = k.rubric.criteria[options.highlighted]
        desk, calibration_id, agreed = self.desk, self.calibration_id, self.agreed

        def save() -> CalibrationRead:
            saved = CalibrationDesk(desk).grade(
                calibration_id, criterion.id, number or None, agreed
            )
            return CalibrationRead(saved, criterion.id)

        self.runner.run("save the calibration grade", save, self, lambda m: m)

    def action_back(self) -> None:
        self.app.pop_screen()
