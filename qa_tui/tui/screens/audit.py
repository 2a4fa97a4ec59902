"""The audit screen: grade one case file criterion by criterion, keyboard only.

Nothing is shown as saved until the database has committed it: a grade shows as
"saving…" until its `AuditLoaded` comes back, and a note as "unsaved" until its
`NoteSaved`. Notes save 0.8 s after typing stops and whenever focus leaves them.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Header, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from qa_tui.desks.audits import AuditView
from qa_tui.domain import rules
from qa_tui.domain.records import STATUS_LABELS
from qa_tui.tui.base import DeskAccess, short_grade
from qa_tui.tui.failures import report_failure
from qa_tui.tui.messages import AuditLoaded, DatabaseFailed, NoteSaved
from qa_tui.tui.screens.audit_concern import AuditConcern
from qa_tui.tui.screens.audit_grading import AuditGrading
from qa_tui.tui.screens.audit_notes import AuditNotes
from qa_tui.tui.screens.audit_submit import AuditSubmit, SubmitOutcome
from qa_tui.tui.screens.audit_themes import AuditThemes, short_name
from qa_tui.tui.widgets.criterion_pane import (
    grade_status,
    guidance_text,
    note_status,
    question_text,
    themes_text,
)
from qa_tui.tui.widgets.fields import PlainTextArea
from qa_tui.tui.widgets.shown import brief, fill, line, visible, visible_lines

NOTE_SAVE_DELAY = 0.8


class AuditScreen(
    DeskAccess, AuditConcern, AuditThemes, AuditSubmit, AuditGrading, AuditNotes, Screen[None]
):
    TITLE = "Audit"
    BINDINGS = [
        Binding(
            "1",
            "grade(1)",
            "Grade",
            key_display="1-N",
            id="audit.grade",
            tooltip="Digits choose a grade, best first (1 = Outstanding or Yes)",
        ),
        *[Binding(str(n), f"grade({n})", show=False, id=f"audit.grade{n}") for n in range(2, 10)],
        Binding(
            "n",
            "not_applicable",
            "N/A",
            id="audit.na",
            tooltip="Mark this criterion not applicable (where the rubric allows it)",
        ),
        Binding(
            "backspace",
            "clear_grade",
            "Clear",
            show=False,
            id="audit.clear",
            tooltip="Take back this criterion's grade",
        ),
        Binding(
            "e",
            "edit_evidence",
            "Evidence",
            id="audit.evidence",
            tooltip="Write the evidence note for this criterion",
        ),
        Binding(
            "c",
            "confirm_themes",
            "Confirm themes",
            id="audit.confirm",
            tooltip="Confirm the themes the rubric suggests for this grade",
        ),
        Binding(
            "t",
            "add_theme",
            "Add theme",
            id="audit.theme",
            tooltip="Tag a theme (+ strength, - area for development)",
        ),
        Binding(
            "x",
            "remove_theme",
            "Remove theme",
            show=False,
            id="audit.untheme",
            tooltip="Remove one of this criterion's themes",
        ),
        Binding(
            "exclamation_mark",
            "raise_concern",
            "Concern",
            key_display="!",
            id="audit.concern",
            tooltip="Record a safeguarding concern now: who was told, when, the action agreed",
        ),
        Binding(
            "o",
            "judgement",
            "Overall",
            id="audit.judgement",
            tooltip="Overall judgement, strengths, areas for development, case actions",
        ),
        Binding(
            "s",
            "submit",
            "Submit",
            id="audit.submit",
            tooltip="Check everything is there and submit the audit",
        ),
        Binding(
            "R",
            "reopen",
            "Reopen",
            show=False,
            id="audit.reopen",
            tooltip="Reopen a submitted audit (recorded, with a reason)",
        ),
        Binding(
            "escape",
            "back",
            "Back",
            id="audit.back",
            tooltip="Leave the note, or go back to my audits",
        ),
    ]
    HELP_EXTRA = [
        ("↑ ↓", "Move between criteria"),
        ("1..N", "Grade the criterion, best first"),
        ("backspace", "Take back the grade"),
        ("x", "Remove a theme"),
        ("R", "Reopen a submitted audit"),
    ]

    def __init__(self, audit_id: int, focus_criterion: str | None = None):
        super().__init__()
        self.audit_id = audit_id
        self.view: AuditView | None = None
        self.order: list[str] = []
        self.current: str | None = None
        self.pending: set[str] = set()
        self.notes: dict[str, str] = {}
        self.unsaved: set[str] = set()
        self._note_timer: Timer | None = None
        self._focus_request = focus_criterion

    # -- layout ----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("loading…", id="audit-header")
        with Horizontal(id="audit-body"):
            yield OptionList(id="criteria")
            with VerticalScroll(id="detail", can_focus=False):
                yield Static("", id="question")
                yield Static("", id="guidance")
                yield Static("", id="grade-status")
                yield Static(
                    "Evidence note  [dim](e to write, esc to leave)[/dim]", id="evidence-label"
                )
                yield PlainTextArea(id="evidence", soft_wrap=True, tab_behavior="focus")
                yield Static("", id="note-status")
                yield Static("", id="themes")
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    def on_screen_resume(self) -> None:
        if self.view is not None:
            self.load()

    def load(self) -> None:
        desk, audit_id = self.desk, self.audit_id
        self.runner.run("open the audit", lambda: desk.open_audit(audit_id), self, AuditLoaded)

    # -- showing the audit -------------------------------------------------------------

    @on(AuditLoaded)
    def _loaded(self, message: AuditLoaded) -> None:
        first_load = self.view is None
        self.view = message.view
        rubric, audit = message.view.rubric, message.view.audit
        if first_load:
            self.order = [c.id for c in rules.display_order(rubric)]
            self.notes = {cid: a.evidence for cid, a in audit.answers.items()}
            start = self._focus_request or self.order[rules.first_unanswered(rubric, audit.answers)]
            self.current = start
        self.pending.discard(message.saved)
        self._show_header()
        self._show_list()
        self._show_detail(reload_note=first_load)
        if isinstance(message, SubmitOutcome):
            self._after_submit(message)

    def _show_header(self) -> None:
        assert self.view is not None
        a, r = self.view.audit, self.view.rubric
        graded = sum(1 for x in a.answers.values() if x.answered)
        case = a.case
        bits = [
            line(brief(b)) for b in (case.team, case.worker, case.cohort, case.child_pseudonym) if b
        ]
        status = STATUS_LABELS[a.status]
        if self.view.moderation is not None:
            m = self.view.moderation
            status += f" · moderated: {brief(m['overall_grade_label'] or '')}" + (
                f" ({brief(m['overall_reason'])})" if m["overall_reason"] else ""
            )
        window = (
            f"judged from {a.judgement_from}, looking back to {a.lookback_from}"
            if a.lookback_from
            else ""
        )
        self.query_one("#audit-header", Static).update(
            Content.assemble(
                line(brief(case.case_ref), "bold"),
                *[piece for b in bits for piece in (" · ", b)],
                "\n",
                fill(
                    "$title v$version · $graded/$count graded · ",
                    title=brief(r.title),
                    version=brief(r.version),
                    graded=graded,
                    count=len(r.criteria),
                ),
                line(f" {status} · read-only (R reopens) ", "reverse")
                if a.submitted
                else line(status),
                line(f" · {window}", "dim") if window else "",
            )
        )
        self.sub_title = visible(brief(case.case_ref))

    def _criterion_line(self, cid: str) -> Content:
        assert self.view is not None
        rubric, answers = self.view.rubric, self.view.audit.answers
        c = rubric.criterion(cid)
        a = answers.get(cid)
        if cid in self.pending:
            mark, grade = "…", "saving"
        elif a is not None and a.answered:
            mark, grade = "✓", short_grade(a.grade_label, a.not_applicable)
        else:
            mark, grade = "·", ""
        name = short_name(c)
        name = name if len(name) <= 19 else name[:18] + "…"
        weak = (
            a is not None
            and a.grade_key is not None
            and rubric.scale_for(c).grade(a.grade_key).weak
        )
        return Content.assemble(
            f"{mark} {name:<19} ", (f"{grade:>6}", "bold $warning" if weak else "bold")
        )

    def _show_list(self) -> None:
        """Build the list once; afterwards only its lines change, never the cursor.

        Rebuilding it when a save lands would race with the auditor's next arrow key.
        """
        assert self.view is not None
        options = self.query_one("#criteria", OptionList)
        if options.option_count:
            for cid in self.order:
                options.replace_option_prompt(cid, self._criterion_line(cid))
            return
        kind = None
        for cid in self.order:
            c = self.view.rubric.criterion(cid)
            if c.kind != kind:
                kind = c.kind
                options.add_option(
                    Option(
                        Content.styled(
                            "Quality" if kind == "quality" else "Compliance", "bold underline"
                        ),
                        disabled=True,
                    )
                )
            options.add_option(Option(self._criterion_line(cid), id=cid))
        if self.current is not None:
            options.highlighted = options.get_option_index(self.current)
        options.focus()

    def _show_detail(self, reload_note: bool) -> None:
        c = self._criterion()
        if c is None or self.view is None:
            return
        self.query_one("#question", Static).update(
            question_text(c, self.order.index(c.id) + 1, len(self.order))
        )
        self.query_one("#guidance", Static).update(guidance_text(self.view, c))
        self.query_one("#grade-status", Static).update(
            grade_status(self.view, c, c.id in self.pending)
        )
        if reload_note:
            area = self.query_one("#evidence", TextArea)
            area.read_only = self.view.audit.submitted
            with self.prevent(TextArea.Changed):  # controls shown, never sent raw
                area.load_text(visible_lines(self.notes.get(c.id, "")))
        self._show_note_status()
        self._show_themes()

    def _show_note_status(self) -> None:
        c = self._criterion()
        if c is None or self.view is None:
            return
        self.query_one("#note-status", Static).update(
            note_status(self.view, c, self.notes.get(c.id, ""), c.id in self.unsaved)
        )

    def _show_themes(self) -> None:
        c = self._criterion()
        if c is None or self.view is None:
            return
        self.query_one("#themes", Static).update(themes_text(self.view, c))

    # -- moving --------------------------------------------------------------------------

    @on(OptionList.OptionHighlighted, "#criteria")
    def _moved(self, event: OptionList.OptionHighlighted) -> None:
        cid = event.option.id
        if cid is None or cid == self.current:
            return
        self.save_pending_notes()
        self.current = cid
        self._show_detail(reload_note=True)

    @on(OptionList.OptionSelected, "#criteria")
    def _selected(self) -> None:
        self.action_edit_evidence()

    # -- evidence notes ----------------------------------------------------------------------

    @on(TextArea.Changed, "#evidence")
    def _typing(self, event: TextArea.Changed) -> None:
        if self.current is None or self.view is None or self.view.audit.submitted:
            return
        self.notes[self.current] = event.text_area.text
        self.unsaved.add(self.current)
        self._show_note_status()
        if self._note_timer is not None:
            self._note_timer.stop()
        self._note_timer = self.set_timer(NOTE_SAVE_DELAY, self.save_pending_notes)

    def on_descendant_blur(self, event) -> None:  # type: ignore[no-untyped-def]
        if getattr(event.widget, "id", None) == "evidence":
            self.save_pending_notes()

    @on(NoteSaved)
    def _note_saved(self, message: NoteSaved) -> None:
        if self.notes.get(message.field) == message.text:
            self.unsaved.discard(message.field)
        self._show_note_status()

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
        yield SystemCommand("Back to my audits", "Home", self.action_back)
