"""New audit: find a case, choose a rubric, start; the audit opens at once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from qa_tui.tui.base import DeskAccess
from qa_tui.tui.failures import detail_lines
from qa_tui.tui.messages import AuditStarted, CasesFound, DatabaseFailed
from qa_tui.tui.widgets.fields import PlainInput
from qa_tui.tui.widgets.shown import block, fill, fit, line, visible

if TYPE_CHECKING:
    from qa_tui.domain.rubric_files import RubricFile  # pydantic stays off the UI thread


class NewAuditScreen(DeskAccess, ModalScreen[None]):
    TITLE = "New audit"
    BINDINGS = [
        Binding("escape", "dismiss", "Cancel", id="new.cancel", tooltip="Start nothing"),
        Binding(
            "down", "focus_cases", "Cases", id="new.cases", show=False, tooltip="To the cases found"
        ),
    ]
    HELP_EXTRA = [
        ("type", "Search cases by reference, team, cohort or worker"),
        ("↓ / enter", "Choose a case, then a rubric"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.case_ref: str | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="new-audit", classes="dialog"):
            yield Label(
                Content.from_markup("[b]New audit[/b]  search a case, then choose the rubric")
            )
            yield PlainInput(placeholder="case reference, team, cohort or worker", id="case-search")
            yield OptionList(id="cases")
            yield Label("Rubric", id="rubric-label")
            yield OptionList(id="rubrics")
            yield Label("", id="new-status")

    def _show_rubrics(self, files: list[RubricFile]) -> None:
        self.query_one("#rubrics", OptionList).add_options(
            [
                Option(
                    Content.assemble(
                        line(f.rubric.title),
                        line(f"  v{f.rubric.version} · {len(f.rubric.criteria)} criteria", "dim"),
                    ),
                    id=f.rubric.id,
                )
                for f in files
            ]
        )

    def on_mount(self) -> None:
        self.query_one("#case-search", Input).focus()
        self._search("")
        self.runner.fetch("read the rubric files", self.desk.rubric_files, self, self._show_rubrics)

    @on(Input.Changed, "#case-search")
    def _typed(self, event: Input.Changed) -> None:
        self._search(event.value)

    @on(Input.Submitted, "#case-search")
    def _search_submitted(self) -> None:
        self.action_focus_cases()

    def _search(self, text: str) -> None:
        desk = self.desk
        self.runner.run("search cases", lambda: desk.find_cases(text, 40), self, CasesFound)

    @on(CasesFound)
    def _found(self, message: CasesFound) -> None:
        cases = self.query_one("#cases", OptionList)
        cases.clear_options()
        for c in message.cases:
            prompt = Content.assemble(
                (fit(c.case_ref, 16), "bold"),
                fit(c.team, 23),
                fit(c.cohort or "", 13),
                visible(c.worker or ""),
            )
            cases.add_option(Option(prompt, id=c.case_ref))
        if not message.cases:
            cases.add_option(
                Option(
                    Content.styled(
                        "no case matches; import the case list with `qa-tui cases import FILE`",
                        "dim",
                    ),
                    disabled=True,
                )
            )

    def action_focus_cases(self) -> None:
        cases = self.query_one("#cases", OptionList)
        if self.focused is self.query_one("#case-search") and cases.option_count:
            cases.focus()
            if cases.highlighted is None:
                cases.highlighted = 0

    @on(OptionList.OptionSelected, "#cases")
    def _case_chosen(self, event: OptionList.OptionSelected) -> None:
        self.case_ref = event.option.id
        self.query_one("#rubric-label", Label).update(
            fill("Rubric for [b]$case_ref[/b]", case_ref=self.case_ref or "")
        )
        rubrics = self.query_one("#rubrics", OptionList)
        rubrics.focus()
        if rubrics.highlighted is None:
            rubrics.highlighted = 0

    @on(OptionList.OptionSelected, "#rubrics")
    def _rubric_chosen(self, event: OptionList.OptionSelected) -> None:
        if self.case_ref is None:
            self.query_one("#new-status", Label).update("Choose a case first.")
            self.query_one("#cases", OptionList).focus()
            return
        desk, case_ref, rubric_id = self.desk, self.case_ref, event.option.id
        if rubric_id is None:  # a line explaining why no rubric can be used
            return
        self.query_one("#new-status", Label).update("starting…")
        self.runner.run(
            "start the audit", lambda: desk.start_audit(case_ref, rubric_id), self, AuditStarted
        )

    @on(AuditStarted)
    def _started(self, message: AuditStarted) -> None:
        self.dismiss()
        self.open_audit(message.audit_id)

    @on(DatabaseFailed)
    def _failed(self, message: DatabaseFailed) -> None:
        message.stop()  # said here, not again by the app
        problems = getattr(message.error, "problems", None)
        if problems:  # a broken rubric file: say so where the rubrics would be
            self.query_one("#rubrics", OptionList).add_options(
                [
                    Option(block(text), disabled=True)
                    for text in ["No rubric can be used until these are put right:", *problems]
                ]
            )
            return
        self.query_one("#new-status", Label).update(
            block(f"Could not {message.what}: {' '.join(detail_lines(message))}")
        )
