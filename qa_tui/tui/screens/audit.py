"""The audit screen: grade one case file criterion by criterion, keyboard only.

Nothing is shown as saved until the database has committed it. A grade is painted
once, saved, in the frame after its key when the write commits within a frame's
budget (nearly always), and otherwise as "saving…" until its `GradeSaved` comes back.
A note shows "unsaved…" from the frame its first character appears in until the text
on screen is the text on disk. Notes save 0.8 s after typing stops and whenever focus
leaves them.

A key changes only what it changed (the criterion's line, its status), through
`SteadyStatic.show`, so a grade repaints a few lines instead of laying the screen out.
The question stays at the top of the pane and only the guidance scrolls, so the
question is always in view; from 160 columns the note and themes stand beside it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Header, OptionList
from textual.widgets.option_list import Option

from qa_tui.desks.audits import AuditView
from qa_tui.desks.rule_answers import open_settled
from qa_tui.domain import rules
from qa_tui.domain.permissions import Op
from qa_tui.tui.base import DeskAccess
from qa_tui.tui.failures import report_failure
from qa_tui.tui.messages import AuditLoaded, DatabaseFailed
from qa_tui.tui.screens.audit_concern import AuditConcern
from qa_tui.tui.screens.audit_earlier import AuditEarlier
from qa_tui.tui.screens.audit_family_view import AuditFamilyView
from qa_tui.tui.screens.audit_grading import AuditGrading
from qa_tui.tui.screens.audit_keys import AUDIT_BINDINGS
from qa_tui.tui.screens.audit_notes import AuditNotes, EvidenceBox
from qa_tui.tui.screens.audit_practice import AuditPractice
from qa_tui.tui.screens.audit_submit import AuditSubmit, SubmitOutcome
from qa_tui.tui.screens.audit_themes import AuditThemes
from qa_tui.tui.screens.supervision_key import SupervisionKey
from qa_tui.tui.widgets.criterion_pane import (
    audit_header,
    criterion_line,
    grade_status,
    guidance_lines,
    list_headings,
    moderated_text,
    note_status,
    question_text,
    themes_text,
)
from qa_tui.tui.widgets.shown import brief, visible
from qa_tui.tui.widgets.steady import SteadyList, SteadyStatic, collect_after_the_paint

GUIDANCE_SLOTS = 10  # grades 1-9 and not applicable


class AuditScreen(
    SupervisionKey,
    DeskAccess,
    AuditConcern,
    AuditFamilyView,
    AuditEarlier,
    AuditThemes,
    AuditSubmit,
    AuditGrading,
    AuditNotes,
    AuditPractice,
    Screen[None],
):
    TITLE = "Audit"
    GUARDS = {"reaudit": Op.SCHEDULE_REAUDIT}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (160, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]
    BINDINGS = AUDIT_BINDINGS
    HELP_EXTRA = [
        ("↑ ↓", "Move between criteria"),
        ("1..N", "Grade the criterion, best first; the cursor moves on by itself"),
        ("backspace", "Take back the grade"),
        ("tab", "Read the guidance (↑ ↓ scroll it), then the note"),
        ("x", "Remove a theme"),
        ("R", "Reopen a submitted audit"),
        ("P", "Save the audit's report for the worker and manager"),
        ("v", "Record the child's or family's view of the help they had"),
    ]

    def __init__(self, audit_id: int, focus_criterion: str | None = None):
        super().__init__()
        self.audit_id = audit_id
        self.view: AuditView | None = None
        self.order: list[str] = []
        self.current: str | None = None
        self.pending: set[str] = set()
        self.notes: dict[str, str] = {}
        self._note_timer: Timer | None = None
        self._focus_request = focus_criterion
        self.start_notes()

    # -- layout ----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield SteadyStatic("loading…", id="audit-header")
        with Horizontal(id="audit-body"):
            yield SteadyList(id="criteria")
            with Horizontal(id="detail"):
                with Vertical(id="reading"):
                    yield SteadyStatic(id="question")
                    yield SteadyStatic(id="grade-status")
                    yield SteadyStatic(id="moderated")
                    with VerticalScroll(id="guidance-pane"):
                        for slot in range(GUIDANCE_SLOTS):
                            with Horizontal(id=f"grade-{slot}", classes="grade"):
                                yield SteadyStatic(id=f"chosen-{slot}", classes="chosen")
                                yield SteadyStatic(id=f"guidance-{slot}", classes="guidance")
                with Vertical(id="writing"):
                    yield SteadyStatic(id="note-status")
                    yield EvidenceBox(
                        self.typed, id="evidence", soft_wrap=True, tab_behavior="focus"
                    )
                    yield SteadyStatic(id="themes")
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    def on_screen_resume(self) -> None:
        if self.view is not None:
            self.load()

    def load(self) -> None:
        desk, audit_id = self.desk, self.audit_id
        self.runner.run("open the audit", lambda: open_settled(desk, audit_id), self, AuditLoaded)

    # -- showing the audit -------------------------------------------------------------

    @on(AuditLoaded)
    def _loaded(self, message: AuditLoaded) -> None:
        first_load = self.view is None
        self.view = message.view
        rubric, audit = message.view.rubric, message.view.audit
        if first_load:
            self.order = [c.id for c in rules.display_order(rubric)]
            self.notes_loaded({cid: a.evidence for cid, a in audit.answers.items()})
            start = self._focus_request or self.order[rules.first_unanswered(rubric, audit.answers)]
            self.current = start
        self.pending.discard(message.saved)
        self._show_header()
        self._show_list()
        self._show_detail(reload_note=first_load)
        if isinstance(message, SubmitOutcome):
            self._after_submit(message)

    def _pane(self, widget_id: str) -> SteadyStatic:
        return cast(SteadyStatic, self.widget(widget_id))

    def _show_header(self) -> None:
        assert self.view is not None
        self._pane("audit-header").show(audit_header(self.view))
        self.sub_title = visible(brief(self.view.audit.case.case_ref))

    def _show_line(self, cid: str) -> None:
        """One criterion's line in the list, in place."""
        assert self.view is not None
        line = criterion_line(self.view, self.view.rubric.criterion(cid), cid in self.pending)
        self.options().replace_option_prompt(cid, line)

    def _show_list(self) -> None:
        """Build the list once; afterwards only its lines change, never the cursor.

        Rebuilding it when a save lands would race with the auditor's next arrow key.
        """
        assert self.view is not None
        options = self.options()
        if options.option_count:
            for cid in self.order:
                self._show_line(cid)
            return
        for heading, cid in list_headings(self.view.rubric, self.order):
            if heading is not None:
                options.add_option(Option(Content.styled(heading, "bold underline"), disabled=True))
            c = self.view.rubric.criterion(cid)
            options.add_option(Option(criterion_line(self.view, c, cid in self.pending), id=cid))
        if self.current is not None:
            options.highlighted = options.get_option_index(self.current)
        options.focus()

    def _show_detail(self, reload_note: bool) -> None:
        """The criterion under the cursor; with `reload_note`, a criterion just arrived at."""
        c = self._criterion()
        if c is None or self.view is None:
            return
        self._pane("question").show(question_text(c, self.order.index(c.id) + 1, len(self.order)))
        self._show_grade_status()
        moderated = moderated_text(self.view, c)
        self._pane("moderated").display = moderated is not None
        if moderated is not None:
            self._pane("moderated").show(moderated)
        self.show_earlier_grade(c.id)
        self._show_guidance()
        if reload_note:
            self.widget("guidance-pane").scroll_home(animate=False)
            area = cast(EvidenceBox, self.widget("evidence"))
            area.read_only = self.view.audit.submitted
            area.show_note(self.notes.get(c.id, ""))
        self._show_note_status()
        self._show_themes()

    def _show_guidance(self) -> None:
        """A paragraph a grade and a mark beside the chosen one, so choosing a grade
        repaints two marks."""
        c = self._criterion()
        if c is None or self.view is None:
            return
        lines = guidance_lines(self.view, c)
        for slot in range(GUIDANCE_SLOTS):
            self.widget(f"grade-{slot}").display = slot < len(lines)
            if slot < len(lines):
                text, chosen = lines[slot]
                self._pane(f"guidance-{slot}").show(text)
                self._pane(f"chosen-{slot}").show("▶" if chosen else "")

    def _show_grade_status(self) -> None:
        c = self._criterion()
        if c is not None and self.view is not None:
            self._pane("grade-status").show(grade_status(self.view, c, c.id in self.pending))

    def _show_note_status(self) -> None:
        c = self._criterion()
        if c is None or self.view is None:
            return
        text = self.notes.get(c.id, "")
        self._pane("note-status").show(note_status(self.view, c, text, self.note_unsaved(c.id)))

    def _show_themes(self) -> None:
        c = self._criterion()
        if c is not None and self.view is not None:
            self._pane("themes").show(themes_text(self.view, c))

    # -- moving --------------------------------------------------------------------------

    @on(OptionList.OptionHighlighted, "#criteria")
    def _moved(self, event: OptionList.OptionHighlighted) -> None:
        cid = event.option.id
        if cid is None or cid == self.current:
            return
        collect_after_the_paint(self)
        self.save_pending_notes()
        self.current = cid
        self._show_detail(reload_note=True)

    @on(OptionList.OptionSelected, "#criteria")
    def _selected(self) -> None:
        self.action_edit_evidence()

    def on_descendant_blur(self, event) -> None:  # type: ignore[no-untyped-def]
        if getattr(event.widget, "id", None) == "evidence":
            self.save_pending_notes()

    @on(DatabaseFailed)
    def _failed(self, message: DatabaseFailed) -> None:
        message.stop()  # said here, not again by the app
        self.pending.clear()
        report_failure(self, message, after="Nothing you typed is lost; try again.")
        if self.view is not None:
            self._show_list()
            self._show_detail(reload_note=False)

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand(
            "Overall judgement", "Overall grade, strengths, actions", self.action_judgement
        )
        yield SystemCommand("Submit audit", "Check and submit", self.action_submit)
        yield SystemCommand("Add theme", "Tag a theme on this criterion", self.action_add_theme)
        yield SystemCommand(
            "Confirm suggested themes", "For this grade", self.action_confirm_themes
        )
        yield SystemCommand("Remove theme", "From this criterion", self.action_remove_theme)
        yield SystemCommand("Mark not applicable", "This criterion", self.action_not_applicable)
        yield SystemCommand("Reopen audit", "A submitted audit, with a reason", self.action_reopen)
        yield SystemCommand("Feedback", "Given to the worker and manager", self.action_feedback)
        yield SystemCommand("Save report", "This audit's report, as HTML", self.action_report)
        yield SystemCommand("Back to my audits", "Home", self.action_back)
