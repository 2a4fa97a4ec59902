"""Calibration (`k` on the home or the moderation screen): every auditor grades the same
case file or vignette on their own; the QA lead records the agreed grade and reads each
auditor against it.

The list shows the exercises, open first. `enter` grades the highlighted one (your own
grades, which nobody else sees until it is closed); a QA lead also has `a` (the agreed
grades), `n` (a new exercise), `c` (close it once every criterion is agreed) and reads
the results beside the list (`tab` reaches them, arrows scroll): each criterion's
grades and how far they scatter, and each auditor's exact agreement with the agreed
grades. Others read the results once closed.
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from qa_tui.desks.calibration import CalibrationDesk, CalibrationResults
from qa_tui.domain.calibration import CriterionSpread
from qa_tui.domain.permissions import Op, refusal
from qa_tui.tui.base import DeskAccess, short_grade
from qa_tui.tui.screens.calibration_grading import CalibrationGradingScreen
from qa_tui.tui.screens.moderation_agreement import pct
from qa_tui.tui.widgets.dialogs import Form
from qa_tui.tui.widgets.shown import block, brief, line


class CalibrationsListed(Message):
    def __init__(self, rows: list[dict[str, Any]], lead: bool):
        super().__init__()
        self.rows, self.lead = rows, lead


class ResultsRead(Message):
    def __init__(self, results: CalibrationResults | None, why_not: str = ""):
        super().__init__()
        self.results, self.why_not = results, why_not


def _short(c: CriterionSpread, value: int | None) -> str:
    return short_grade(None if value is None else c.label(value), value is None)


def results_text(results: CalibrationResults) -> Content:
    """Criterion by criterion: the agreed grade, how many gave it, the spread, each
    auditor's grade; then each auditor against the agreed grades."""
    lines: list[Content] = [
        line(f"{results.title} ({'closed' if results.closed else 'open'})", "bold"),
        Content(),
    ]
    for c in results.criteria:
        lines.append(line(brief(c.criterion_id.replace("-", " ").capitalize()), "bold"))
        if not c.grades:
            spread = "no grades yet"
        elif c.distinct <= 1:
            spread = f"all {len(c.grades)} alike"
        else:
            spread = f"{c.distinct} different grades, {c.widest} apart"
        if c.agreed is None and not results.closed:
            agreed = "agreed: not yet"
        else:
            agreed = f"agreed: {_short(c, c.agreed)}, {c.matching} of {len(c.grades)} gave it"
        lines.append(line(f"  {agreed} · {spread}"))
        if c.grades:
            given = ", ".join(f"{a} {_short(c, v)}" for a, v in c.grades.items())
            lines.append(line(f"  {given}", "dim"))
    lines.append(Content())
    lines.append(line("Each auditor against the agreed grades (Ofsted scale)", "bold"))
    for a in results.auditors:
        g = a.agreement
        lines.append(
            line(
                f"  {a.auditor}: exact {pct(g.exact)}, within one {pct(g.within_one)}, "
                f"better than agreed {pct(g.generous)} ({g.pairs} criteria)"
            )
        )
    if not results.auditors:
        lines.append(line("  nobody has graded it yet", "dim"))
    return Content("\n").join(lines)


class NewCalibrationForm(Form):
    heading = "New calibration exercise"
    note = (
        "Every auditor grades the same case file (its case reference) or a written "
        "vignette (typed here), on their own. Escape sets nothing."
    )
    compact = True

    def __init__(self, rubric_ids: list[str]):
        super().__init__()
        self.rubric_ids = rubric_ids

    def fields(self) -> list[tuple[str, str, str]]:
        return [
            ("Title", "e.g. Autumn calibration: voice of the child", ""),
            ("Rubric", ", ".join(self.rubric_ids)[:70], "whole-case-file"),
            ("Case reference (or leave empty)", "a case from the case list", ""),
            ("Vignette (or leave empty)", "the story everyone reads, in one paragraph", ""),
        ]

    def check(self, values: tuple[str, ...]) -> str | None:
        title, rubric, case, vignette = values
        if not title:
            return "A title is needed."
        if rubric not in self.rubric_ids:
            return f"No rubric {rubric!r}: one of {', '.join(self.rubric_ids)}."
        if bool(case) == bool(vignette):
            return "One case reference or one vignette."
        return None


class CalibrationScreen(DeskAccess, Screen[None]):
    TITLE = "Calibration"
    DEFAULT_CSS = """
    #calibration-body { height: 1fr; }
    #calibrations { width: 2fr; min-width: 30; height: 1fr; }
    #calibration-results { width: 3fr; height: 1fr; padding: 0 1; }
    """
    GUARDS = {
        "agreed": Op.STEER_MODERATION,
        "new": Op.STEER_MODERATION,
        "close": Op.STEER_MODERATION,
    }
    BINDINGS = [
        Binding(
            "enter",
            "grade",
            "Grade it",
            id="calibrations.grade",
            tooltip="Grade the highlighted exercise yourself, on your own",
        ),
        Binding(
            "a",
            "agreed",
            "Agreed grades",
            id="calibrations.agreed",
            tooltip="Record the agreed grade for each criterion (QA leads)",
        ),
        Binding("n", "new", "New", id="calibrations.new", tooltip="Set a new exercise (QA leads)"),
        Binding(
            "c",
            "close",
            "Close",
            id="calibrations.close",
            tooltip="Close once every criterion has an agreed grade; results are shared",
        ),
        Binding(
            "escape", "back", "Back", id="calibrations.back", tooltip="Back where you came from"
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[int, dict[str, Any]] = {}
        self.lead = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="calibration-body"):
            yield OptionList(id="calibrations")
            with VerticalScroll(id="calibration-results"):
                yield Static("", id="calibration-results-text")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#calibrations", OptionList).focus()
        self.load()

    def on_screen_resume(self) -> None:
        self.load()

    def load(self) -> None:
        desk = self.desk

        def read() -> CalibrationsListed:
            lead = refusal(desk.person, Op.STEER_MODERATION) is None
            return CalibrationsListed(CalibrationDesk(desk).listed(), lead)

        self.runner.run("list the calibration exercises", read, self, lambda m: m)

    @on(CalibrationsListed)
    def _listed(self, message: CalibrationsListed) -> None:
        self.lead = message.lead
        options = self.query_one("#calibrations", OptionList)
        keep = options.highlighted
        options.clear_options()
        self.rows = {r["id"]: r for r in message.rows}
        for r in message.rows:
            state = "open" if r["closed_at"] is None else "closed"
            options.add_option(
                Option(
                    Content.assemble(
                        line(brief(r["title"]), "bold"),
                        "\n",
                        line(f"  {r['rubric_id']} · {r['graders']} graded · {state}", "dim"),
                    ),
                    id=f"k{r['id']}",
                )
            )
        if not message.rows:
            hint = "n sets one" if self.lead else "a QA lead sets them"
            options.add_option(
                Option(line(f"no calibration exercises yet: {hint}", "dim"), disabled=True)
            )
            return
        options.highlighted = min(keep or 0, len(message.rows) - 1)
        self._read_results()

    @on(OptionList.OptionHighlighted, "#calibrations")
    def _highlighted(self) -> None:
        self._read_results()

    @on(OptionList.OptionSelected, "#calibrations")
    def _selected(self) -> None:
        self.action_grade()  # enter on the list: the list takes the key before the screen

    def _chosen(self) -> dict[str, Any] | None:
        options = self.query_one("#calibrations", OptionList)
        if options.highlighted is None or not self.rows:
            return None
        option = options.get_option_at_index(options.highlighted)
        return self.rows.get(int((option.id or "k0")[1:]))

    def _read_results(self) -> None:
        row = self._chosen()
        if row is None:
            return
        if row["closed_at"] is None and not self.lead:
            self.post_message(
                ResultsRead(None, "Grade it on your own (enter): the results are shared once "
                            "the QA lead has agreed the grades and closed it.")
            )  # fmt: skip
            return
        desk, calibration_id = self.desk, row["id"]
        self.runner.run(
            "read the calibration's results",
            lambda: ResultsRead(CalibrationDesk(desk).results(calibration_id)),
            self,
            lambda m: m,
        )

    @on(ResultsRead)
    def _results(self, message: ResultsRead) -> None:
        text = results_text(message.results) if message.results else block(message.why_not)
        self.query_one("#calibration-results-text", Static).update(text)

    def action_grade(self) -> None:
        row = self._chosen()
        if row is not None:
            self.app.push_screen(CalibrationGradingScreen(row["id"], agreed=False))

    def action_agreed(self) -> None:
        row = self._chosen()
        if row is not None:
            self.app.push_screen(CalibrationGradingScreen(row["id"], agreed=True))

    def action_close(self) -> None:
        row = self._chosen()
        if row is None:
            return
        desk, calibration_id = self.desk, row["id"]

        def close() -> CalibrationsListed:
            CalibrationDesk(desk).close(calibration_id)
            return CalibrationsListed(CalibrationDesk(desk).listed(), True)

        self.runner.run("close the calibration", close, self, lambda m: m)

    def action_new(self) -> None:
        rubric_ids = [f.rubric.id for f in self.desk.rubric_files()]
        desk = self.desk

        def made(answer: tuple[str, ...] | None) -> None:
            if answer is None:
                return
            title, rubric_id, case_ref, vignette = answer

            def create() -> CalibrationsListed:
                CalibrationDesk(desk).create(title, rubric_id, case_ref or None, vignette or None)
                return CalibrationsListed(CalibrationDesk(desk).listed(), True)

            self.runner.run("set the calibration", create, self, lambda m: m)

        self.app.push_screen(NewCalibrationForm(rubric_ids), made)

    def action_back(self) -> None:
        self.app.pop_screen()
