"""The judgement screen: the auditor's overall grade, its reasons, strengths, actions.

The overall grade is chosen, never computed: the screen shows the rubric's suggestion
and warns when the choice is better than a limiting criterion, which then needs a
written reason before submit.

Its four notes save themselves as they are typed, kept honest as the audit screen's
evidence notes are (`qa_tui.tui.widgets.notes_kept`): "unsaved…" in the same call as
the edit, and "notes saved ✓" only when every note on screen is the one last committed
and no later save of it is queued.
"""

from __future__ import annotations

from collections import Counter
from functools import partial

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Header, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from qa_tui.desks.audits import AuditView
from qa_tui.domain import rules
from qa_tui.domain.records import POLARITY_LABELS
from qa_tui.tui.base import DeskAccess
from qa_tui.tui.failures import report_failure
from qa_tui.tui.messages import AuditLoaded, DatabaseFailed, NoteSaved
from qa_tui.tui.widgets.notes_kept import NOTE_SAVE_DELAY, NoteBox, NoteNotSaved, NotesOnDisk
from qa_tui.tui.widgets.shown import brief, fill, line

NOTE_FIELDS = [
    ("overall_rationale", "Rationale: why this overall grade"),
    ("override_reason", "Reason the overall is better than a limiting criterion"),
    ("strengths", "Strengths"),
    ("areas_for_development", "Areas for development"),
]


class JudgementScreen(DeskAccess, Screen[None]):
    TITLE = "Overall judgement"
    BINDINGS = [
        Binding(
            "1",
            "overall(1)",
            "Overall grade",
            key_display="1-4",
            id="judge.grade",
            tooltip="Choose the overall grade, best first",
        ),
        *[Binding(str(n), f"overall({n})", show=False, id=f"judge.grade{n}") for n in range(2, 10)],
        Binding(
            "a",
            "add_action",
            "Add action",
            id="judge.action",
            tooltip="Add a case action: what, owner, due date",
        ),
        Binding(
            "d",
            "delete_action",
            "Delete action",
            show=False,
            id="judge.unaction",
            tooltip="Delete the highlighted case action",
        ),
        Binding("s", "submit", "Submit", id="judge.submit", tooltip="Back to the audit and submit"),
        Binding(
            "escape",
            "back",
            "Back",
            id="judge.back",
            tooltip="Leave the text box, or go back to the criteria",
        ),
    ]
    HELP_EXTRA = [("tab", "Next box"), ("d", "Delete the highlighted case action")]

    def __init__(self, audit_id: int):
        super().__init__()
        self.audit_id = audit_id
        self.view: AuditView | None = None
        self.texts: dict[str, str] = {}  # field -> the note as on screen
        self._disk = NotesOnDisk()  # what is committed, queued and still saving
        self._timer: Timer | None = None
        self.pending_overall = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("loading…", id="judgement-header")
        with Horizontal(id="judgement-body"):
            with Vertical(id="judgement-left"):
                yield Label("[b]Overall grade[/b]")
                yield OptionList(id="overall")
                yield Static("", id="suggestion")
                yield Static("", id="grade-mix")
            with VerticalScroll(id="judgement-right", can_focus=False):
                for field, label in NOTE_FIELDS:
                    yield Label(label, id=f"label-{field}")
                    yield NoteBox(
                        partial(self.typed, field),
                        id=field,
                        soft_wrap=True,
                        tab_behavior="focus",
                        classes="judgement-note",
                    )
                yield Static("", id="judgement-note-status")
                yield Label("[b]Case actions[/b]  [dim](a add, d delete)[/dim]")
                yield OptionList(id="actions")
                yield Static("", id="audit-themes")
        yield Footer()

    def on_mount(self) -> None:
        desk, audit_id = self.desk, self.audit_id
        self.runner.run("open the audit", lambda: desk.open_audit(audit_id), self, AuditLoaded)

    @on(AuditLoaded)
    def _loaded(self, message: AuditLoaded) -> None:
        first = self.view is None
        self.view = message.view
        self.pending_overall = False
        audit = self.view.audit
        if first:
            self.texts = {field: getattr(audit, field) for field, _ in NOTE_FIELDS}
            self._disk.loaded(self.texts)
            for field, text in self.texts.items():
                area = self.query_one(f"#{field}", NoteBox)
                area.read_only = audit.submitted
                area.show_note(text)
            self.query_one("#overall", OptionList).focus()
        self._show()

    def _show(self) -> None:
        assert self.view is not None
        rubric, audit = self.view.rubric, self.view.audit
        graded = sum(1 for a in audit.answers.values() if a.answered)
        self.query_one("#judgement-header", Static).update(
            fill(
                "[b]$case_ref[/b] · $team · $title · $graded/$count graded"
                + (" · [reverse] submitted: read-only [/reverse]" if audit.submitted else ""),
                case_ref=brief(audit.case.case_ref),
                team=brief(audit.case.team),
                title=brief(rubric.title),
                graded=graded,
                count=len(rubric.criteria),
            )
        )
        overall = self.query_one("#overall", OptionList)
        overall.clear_options()
        for value, grade in enumerate(rubric.overall.grades, 1):
            chosen = grade.key == audit.overall_grade_key
            mark = "●" if chosen else "○"
            overall.add_option(
                Option(
                    Content.assemble(
                        f"{mark} {value} ", line(grade.label, "bold" if chosen else "")
                    ),
                    id=grade.key,
                )
            )
        if audit.overall_grade_key:
            overall.highlighted = overall.get_option_index(audit.overall_grade_key)
        suggestion = rules.suggested_overall(rubric, audit.answers)
        lines = [
            fill("Suggested: [b]$label[/b]", label=suggestion.label)
            if suggestion
            else Content.from_markup("Suggested: [dim]grade some quality criteria first[/dim]"),
            Content.from_markup(
                "[dim]median quality grade, capped by limiting ones; the choice is yours[/dim]"
            ),
        ]
        for c, a in rules.limiting_breaches(rubric, audit.answers, audit.overall_grade_value):
            lines.append(
                line(
                    f"⚠ better than limiting '{c.id}' ({a.grade_label or ''}): give the reason",
                    "bold $warning",
                )
            )
        if rules.needs_escalation(rubric, audit.overall_grade_key):
            lines.append(
                Content.styled("Inadequate: submit will ask for the escalation", "bold $error")
            )
        if self.pending_overall:
            lines.append(Content.styled("saving…", "italic"))
        self.query_one("#suggestion", Static).update(Content("\n").join(lines))
        mix = Counter(
            "Not applicable" if a.not_applicable else (a.grade_label or "")
            for a in audit.answers.values()
            if a.answered
        )
        self.query_one("#grade-mix", Static).update(
            Content("\n").join(
                [
                    Content.styled("Grades given", "bold"),
                    *[line(f"{n:>3} {label}") for label, n in mix.most_common()],
                ]
            )
        )
        actions = self.query_one("#actions", OptionList)
        actions.clear_options()
        for act in audit.actions:
            actions.add_option(
                Option(line(f"{act.what} — {act.owner} — due {act.due_on}"), id=f"action-{act.id}")
            )
        if not audit.actions:
            actions.add_option(Option(Content.styled("none yet", "dim"), disabled=True))
        themes = [
            fill(
                "  $theme [dim]($polarity)[/dim]",
                theme=t.theme,
                polarity=POLARITY_LABELS[t.polarity],
            )
            for t in audit.themes
        ]
        self.query_one("#audit-themes", Static).update(
            Content("\n").join(
                [
                    Content.styled("Themes tagged on this audit", "bold"),
                    *(themes or [Content.from_markup("  [dim]none[/dim]")]),
                ]
            )
        )
        self._show_note_status()

    def _show_note_status(self) -> None:
        if any(self._disk.unsaved(field, text) for field, text in self.texts.items()):
            text = "[i]unsaved…[/i]"
        elif any(self.texts.values()):
            text = "[dim]notes saved ✓[/dim]"
        else:
            text = ""
        self.query_one("#judgement-note-status", Static).update(text)

    def _editable(self) -> bool:
        if self.view is None:
            return False
        if self.view.audit.submitted:
            self.notify("This audit is submitted and read-only.", severity="warning")
            return False
        return True

    def action_overall(self, number: int) -> None:
        if not self._editable():
            return
        assert self.view is not None
        grades = self.view.rubric.overall.grades
        if number > len(grades):
            return
        desk, audit_id, key = self.desk, self.audit_id, grades[number - 1].key
        self.pending_overall = True
        self._show()
        self.runner.run(
            "save the overall grade", lambda: desk.set_overall(audit_id, key), self, AuditLoaded
        )

    @on(OptionList.OptionSelected, "#overall")
    def _overall_selected(self, event: OptionList.OptionSelected) -> None:
        assert self.view is not None
        keys = [g.key for g in self.view.rubric.overall.grades]
        if event.option.id in keys:
            self.action_overall(keys.index(event.option.id) + 1)

    # -- notes -------------------------------------------------------------------------

    def typed(self, field: str, text: str) -> None:
        """Each edit of a note box, before anything is painted."""
        if self.view is None or self.view.audit.submitted:
            return
        self.texts[field] = text
        self._show_note_status()
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(NOTE_SAVE_DELAY, self.save_pending_notes)

    def on_descendant_blur(self, event) -> None:  # type: ignore[no-untyped-def]
        if isinstance(event.widget, TextArea):
            self.save_pending_notes()

    def save_pending_notes(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        desk, audit_id = self.desk, self.audit_id
        self._disk.send(
            self.texts,
            self.runner,
            self,
            "save the note",
            lambda field, text: desk.set_text(audit_id, field, text),
        )

    @on(NoteSaved)
    def _saved(self, message: NoteSaved) -> None:
        self._disk.saved(message)
        self._show_note_status()

    @on(NoteNotSaved)
    def _not_saved(self, message: NoteNotSaved) -> None:
        self._disk.not_saved(message)
        self._show_note_status()

    # -- actions -------------------------------------------------------------------------

    def action_add_action(self) -> None:
        if not self._editable():
            return
        from qa_tui.tui.widgets.dialogs import ActionForm

        desk, audit_id = self.desk, self.audit_id

        def add(values: tuple[str, ...] | None) -> None:
            if values:
                what, owner, due = values

                def add_and_reload() -> AuditView:
                    desk.add_action(audit_id, what, owner, due)
                    return desk.open_audit(audit_id)

                self.runner.run("add the case action", add_and_reload, self, AuditLoaded)

        self.app.push_screen(ActionForm(), add)

    def action_delete_action(self) -> None:
        if not self._editable():
            return
        option = self.query_one("#actions", OptionList).highlighted_option
        if option is None or not option.id:
            self.notify("Highlight an action in the case actions list first (tab to it).")
            return
        action_id = int(option.id.removeprefix("action-"))
        desk, audit_id = self.desk, self.audit_id

        def delete() -> AuditView:
            desk.remove_action(audit_id, action_id)
            return desk.open_audit(audit_id)

        self.runner.run("delete the case action", delete, self, AuditLoaded)

    # -- leaving -------------------------------------------------------------------------

    def action_back(self) -> None:
        if isinstance(self.focused, TextArea):
            self.save_pending_notes()
            self.query_one("#overall", OptionList).focus()
            return
        self.save_pending_notes()
        self.app.pop_screen()

    def action_submit(self) -> None:
        self.save_pending_notes()
        self.app.pop_screen()
        submit = getattr(self.app.screen, "action_submit", None)
        if submit is not None:
            submit()

    @on(DatabaseFailed)
    def _failed(self, message: DatabaseFailed) -> None:
        message.stop()  # said here, not again by the app
        self.pending_overall = False
        report_failure(self, message, after="Nothing you typed is lost; try again.")
        if self.view is not None:
            self._show()
