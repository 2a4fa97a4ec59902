"""Feedback to practice (`f` on a submitted audit): who was told, how and when, and what
the worker said back; `a` records another conversation, enter changes the response.

Each conversation is its own row (the worker and the manager are often told apart) and
is saved the moment the form is closed with it. The form's choices are typed as a letter
(`w` worker, `m` manager; `p` in person ...), so it stays one screen of short lines at
80x24; the desk checks the date and the reasons again, in its own words.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from qa_tui.desks.audits import AuditView
from qa_tui.desks.feedback import FeedbackDesk
from qa_tui.domain.feedback import (
    GIVEN_TO_LABELS,
    HOW_LABELS,
    NEEDS_REASONS,
    RESPONSE_LABELS,
    FeedbackRecord,
)
from qa_tui.domain.permissions import Op
from qa_tui.tui.base import DeskAccess
from qa_tui.tui.widgets.dialogs import Form, quoted
from qa_tui.tui.widgets.shown import block, brief, fill, line

# The letters the form takes for each choice, beside the stored words and their labels.
GIVEN_TO_LETTERS = {"w": "worker", "m": "manager"}
HOW_LETTERS = {"p": "in_person", "w": "in_writing", "t": "by_phone", "o": "online"}
RESPONSE_LETTERS = {"a": "agrees", "p": "partly_agrees", "d": "disagrees", "n": "not_yet"}
RESPONSE_LEGEND = "Response: a agrees · p partly · d disagrees · n not yet"


def choice(text: str, letters: dict[str, str], labels: dict[str, str]) -> str | None:
    """The stored word for what was typed: a letter, the word, or its label."""
    typed = text.strip().casefold()
    if typed in letters:
        return letters[typed]
    for key, label in labels.items():
        if typed in (key, key.replace("_", " "), label.casefold()):
            return key
    return None


def _letters(letters: dict[str, str], labels: dict[str, str]) -> str:
    return " · ".join(f"{k} {labels[v].lower()}" for k, v in letters.items())


class FeedbackForm(Form):
    """One conversation: to whom, their name, when, how, and what they said back."""

    heading = "Feedback given"
    compact = True

    def __init__(self, case_ref: str, worker: str, today: date):
        super().__init__()
        self.note = f"Case {case_ref}. Reasons are needed when they disagree, even partly."
        self.worker, self.today = worker, today

    def fields(self) -> list[tuple[str, str, str]]:
        return [
            (f"To whom: {_letters(GIVEN_TO_LETTERS, GIVEN_TO_LABELS)}", "w or m", "w"),
            ("Their name", "as recorded, e.g. SW Amber", self.worker),
            ("Date given", "YYYY-MM-DD", self.today.isoformat()),
            (f"How: {_letters(HOW_LETTERS, HOW_LABELS)}", "p, w, t or o", "p"),
            (RESPONSE_LEGEND, "a, p, d or n", "n"),
            ("Reasons", "why they disagree", ""),
            ("Reflection", "the worker's own reflection (optional)", ""),
        ]

    def check(self, values: tuple[str, ...]) -> str | None:
        to_whom, _name, given_on, how, response, reasons, _reflection = values
        if choice(to_whom, GIVEN_TO_LETTERS, GIVEN_TO_LABELS) is None:
            return f"To whom: {quoted(to_whom)}? Use w (worker) or m (manager)."
        try:
            date.fromisoformat(given_on)
        except ValueError:
            return f"{quoted(given_on)} is not a date: use YYYY-MM-DD."
        if choice(how, HOW_LETTERS, HOW_LABELS) is None:
            return f"How: {quoted(how)}? Use {_letters(HOW_LETTERS, HOW_LABELS)}."
        said = choice(response or "n", RESPONSE_LETTERS, RESPONSE_LABELS)
        if said is None:
            return f"Response: {quoted(response)}? Use a, p, d or n."
        if said in NEEDS_REASONS and not reasons:
            return "They disagree: record their reasons."
        return None


class ResponseForm(Form):
    """What the worker said back, changed later (they often answer after a while)."""

    heading = "Their response"
    compact = True

    def __init__(self, row: FeedbackRecord):
        super().__init__()
        self.row = row
        self.note = f"{row.given_to_label} {row.given_to_name}, {row.given_on}".strip()

    def fields(self) -> list[tuple[str, str, str]]:
        letter = {v: k for k, v in RESPONSE_LETTERS.items()}[self.row.response]
        return [
            (RESPONSE_LEGEND, "a, p, d or n", letter),
            ("Reasons", "why they disagree", self.row.reasons),
            ("Reflection", "the worker's own reflection (optional)", self.row.reflection),
        ]

    def check(self, values: tuple[str, ...]) -> str | None:
        said = choice(values[0], RESPONSE_LETTERS, RESPONSE_LABELS)
        if said is None:
            return f"Response: {quoted(values[0])}? Use a, p, d or n."
        if said in NEEDS_REASONS and not values[1]:
            return "They disagree: record their reasons."
        return None


class FeedbackRead(Message):
    def __init__(self, view: AuditView, rows: list[FeedbackRecord], saved: str = ""):
        super().__init__()
        self.view, self.rows, self.saved = view, rows, saved


def feedback_row(row: FeedbackRecord) -> Content:
    """One conversation in the list: who, when, how, the response, then what was said."""
    head = fill(
        "[b]$who[/b]$name · $on · $how · [b]$response[/b]",
        who=row.given_to_label,
        name=f" {brief(row.given_to_name)}" if row.given_to_name else "",
        on=row.given_on,
        how=row.how_label.lower(),
        response=row.response_label,
    )
    said = [f"Reasons: {row.reasons}"] if row.reasons else []
    said += [f"Reflection: {row.reflection}"] if row.reflection else []
    return Content("\n").join([head, *(block(s, "italic") for s in said)]) if said else head


class FeedbackScreen(DeskAccess, Screen[None]):
    TITLE = "Feedback"
    GUARDS = {"add_feedback": Op.RECORD_FEEDBACK, "change_feedback": Op.RECORD_FEEDBACK}
    BINDINGS = [
        Binding(
            "a",
            "add_feedback",
            "Add feedback",
            id="feedback.add",
            tooltip="Record feedback given to the worker or their manager",
        ),
        Binding(
            "enter",
            "change_feedback",
            "Response…",
            id="feedback.change",
            tooltip="Change what they said back (response, reasons, reflection)",
        ),
        Binding("escape", "back", "Back", id="feedback.back", tooltip="Back to the audit"),
    ]

    def __init__(self, audit_id: int):
        super().__init__()
        self.audit_id = audit_id
        self.view: AuditView | None = None
        self.rows: dict[str, FeedbackRecord] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("loading…", id="feedback-summary")
        yield OptionList(id="feedback-rows")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#feedback-rows", OptionList).focus()
        self.load()

    def load(self, saved: str = "") -> None:
        desk, audit_id = self.desk, self.audit_id
        feedback = FeedbackDesk(desk)
        self.runner.run(
            "read the feedback",
            lambda: FeedbackRead(desk.open_audit(audit_id), feedback.for_audit(audit_id), saved),
            self,
            lambda m: m,
        )

    @on(FeedbackRead)
    def _read(self, message: FeedbackRead) -> None:
        self.view = message.view
        audit = message.view.audit
        self.sub_title = brief(audit.case.case_ref)
        self.query_one("#feedback-summary", Static).update(
            fill(
                "[b]$case[/b] · $team · $grade · submitted $on\n"
                "[dim]a records feedback given · enter changes their response[/dim]",
                case=audit.case.case_ref,
                team=brief(audit.case.team),
                grade=audit.overall_grade_label or "",
                on=(audit.submitted_at or "")[:10] or "not yet",
            )
        )
        options = self.query_one("#feedback-rows", OptionList)
        options.clear_options()
        self.rows = {f"fb-{r.id}": r for r in message.rows}
        for key, row in self.rows.items():
            options.add_option(Option(feedback_row(row), id=key))
        if not self.rows:
            options.add_option(
                Option(line("No feedback recorded yet: press a to add it.", "dim"), disabled=True)
            )
        else:
            options.highlighted = options.option_count - 1
        if message.saved:
            self.notify(message.saved, timeout=3)

    def action_add_feedback(self) -> None:
        if self.view is None:
            return
        if not self.view.audit.submitted:
            self.notify("Feedback is recorded once the audit is submitted.")
            return
        case = self.view.audit.case
        feedback, audit_id = FeedbackDesk(self.desk), self.audit_id

        def record(values: tuple[str, ...] | None) -> None:
            if values is None:
                return
            to_whom, name, given_on, how, response, reasons, reflection = values

            def save() -> FeedbackRead:
                feedback.record(
                    audit_id,
                    given_to=choice(to_whom, GIVEN_TO_LETTERS, GIVEN_TO_LABELS) or to_whom,
                    given_to_name=name,
                    given_on=given_on,
                    how=choice(how, HOW_LETTERS, HOW_LABELS) or how,
                    response=choice(response or "n", RESPONSE_LETTERS, RESPONSE_LABELS) or "",
                    reasons=reasons,
                    reflection=reflection,
                    today=today,
                )
                return FeedbackRead(
                    feedback.desk.open_audit(audit_id), feedback.for_audit(audit_id), "Saved."
                )

            self.runner.run("record the feedback", save, self, lambda m: m)

        today = self.today()
        self.app.push_screen(FeedbackForm(case.case_ref, case.worker or "", today), record)

    @on(OptionList.OptionSelected, "#feedback-rows")
    def _selected(self) -> None:
        if not self.refused("change_feedback"):
            self.action_change_feedback()

    def action_change_feedback(self) -> None:
        option = self.query_one("#feedback-rows", OptionList).highlighted_option
        row = self.rows.get(option.id or "") if option is not None else None
        if row is None:
            return
        feedback, audit_id = FeedbackDesk(self.desk), self.audit_id

        def change(values: tuple[str, ...] | None) -> None:
            if values is None:
                return
            response, reasons, reflection = values

            def save() -> FeedbackRead:
                feedback.change(
                    row.id,
                    response=choice(response, RESPONSE_LETTERS, RESPONSE_LABELS) or response,
                    reasons=reasons,
                    reflection=reflection,
                )
                return FeedbackRead(
                    feedback.desk.open_audit(audit_id), feedback.for_audit(audit_id), "Saved."
                )

            self.runner.run("change the feedback", save, self, lambda m: m)

        self.app.push_screen(ResponseForm(row), change)

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand(
            "Add feedback", "Given to the worker or manager", self.action_add_feedback
        )
        yield SystemCommand("Change response", "What they said back", self.action_change_feedback)
        yield SystemCommand("Back to the audit", "Leave the feedback", self.action_back)

    def action_back(self) -> None:
        self.app.pop_screen()
