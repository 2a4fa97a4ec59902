"""Small keyboard dialogs: a line of text, a choice, a case action, an escalation."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from qa_tui.tui.widgets.fields import PlainInput
from qa_tui.tui.widgets.shown import block, clip, line, visible


def quoted(text: str, width: int = 40) -> str:
    """Typed text quoted in a message, cut to a readable length."""
    return repr(clip(text, width))


class SignedSuggester(Suggester):
    """Completes from a list (known themes, a file's column headers), keeping an optional
    leading + or - sign, which for a theme says strength or area for development."""

    def __init__(self, themes: list[str]):
        super().__init__(use_cache=True, case_sensitive=True)
        self.themes = themes

    async def get_suggestion(self, value: str) -> str | None:
        sign = value[:1] if value[:1] in "+-" else ""
        words = value[len(sign) :].lstrip().casefold()
        if not words:
            return None
        for theme in self.themes:
            if theme.casefold().startswith(words):
                return visible(sign + theme)  # shown in the box: never a raw control
        return None


class TextPrompt(ModalScreen[str | None]):
    """One line of text; enter accepts, escape cancels. Completes from `suggestions`."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="prompt.cancel", tooltip="Leave it")]
    HELP_EXTRA = [("enter", "Accept"), ("→", "Accept the completion offered")]

    def __init__(
        self, title: str, placeholder: str, *, suggestions: list[str] | None = None, value: str = ""
    ):
        super().__init__()
        self.prompt_title = title
        self.placeholder = placeholder
        self.suggestions = suggestions
        self.value = value

    def compose(self) -> ComposeResult:
        suggester = SignedSuggester(self.suggestions) if self.suggestions else None
        with Vertical(classes="dialog"):
            yield Label(line(self.prompt_title, "bold"))
            yield PlainInput(
                visible(self.value),
                placeholder=visible(self.placeholder),
                suggester=suggester,
                id="prompt-input",
            )
            yield Label(
                Content.from_markup(
                    "[dim]enter accepts · → takes the completion · escape cancels[/dim]"
                )
            )

    @on(Input.Submitted)
    def _accept(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class Choose(ModalScreen[str | None]):
    """Pick one of a few things with the arrow keys and enter."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="choose.cancel", tooltip="Choose none")]

    def __init__(self, title: str, choices: list[tuple[str, str]], start: int = 0):
        super().__init__()
        self.choose_title = title
        self.choices = choices
        self.start = start

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(line(self.choose_title, "bold"))
            yield OptionList(
                *[Option(line(label), id=f"c{n}") for n, (label, _) in enumerate(self.choices)],
                id="choices",
            )

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.focus()
        options.highlighted = self.start

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        index = int((event.option.id or "c0")[1:])
        self.dismiss(self.choices[index][1])

    def action_cancel(self) -> None:
        self.dismiss(None)


class Form(ModalScreen[tuple[str, ...] | None]):
    """Several labelled fields; enter moves on, enter on the last one saves."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="form.cancel", tooltip="Close, saving nothing"),
        Binding("ctrl+s", "save", "Save", id="form.save", tooltip="Save the form as it is"),
    ]
    HELP_EXTRA = [("tab / enter", "Next field"), ("enter on the last field", "Save")]
    heading = ""
    note = ""
    compact = False  # one-line inputs, for forms with many fields at 80x24

    def fields(self) -> list[tuple[str, str, str]]:
        """(label, placeholder, initial value) for each field."""
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Label(line(self.heading, "bold"))
            if self.note:
                yield Static(block(self.note), classes="dialog-note")
            for n, (label, placeholder, value) in enumerate(self.fields()):
                yield Static(line(label), classes="field-label")  # wraps, unlike a Label
                yield PlainInput(
                    visible(value),
                    placeholder=visible(placeholder),
                    id=f"field-{n}",
                    compact=self.compact,
                )
            yield Label("", id="form-error")

    def on_mount(self) -> None:
        self.query_one("#field-0", Input).focus()

    @on(Input.Submitted)
    def _next(self, event: Input.Submitted) -> None:
        inputs = list(self.query(Input))
        index = inputs.index(event.input)
        if index + 1 < len(inputs):
            self.set_focus(inputs[index + 1])  # at once, not after queued events
        else:
            self.action_save()

    def action_save(self) -> None:
        values = tuple(i.value.strip() for i in self.query(Input))
        problem = self.check(values)
        if problem:
            self.query_one("#form-error", Label).update(block(problem, "bold $error"))
            return
        self.dismiss(values)

    def check(self, values: tuple[str, ...]) -> str | None:
        if not all(values):
            return "Every field is needed."
        return None

    def action_cancel(self) -> None:
        self.dismiss(None)


class ActionForm(Form):
    heading = "New case action"
    note = "What must happen for this child, who owns it, and by when."

    def fields(self) -> list[tuple[str, str, str]]:
        due = (date.today() + timedelta(days=14)).isoformat()
        return [
            ("What", "e.g. update the chronology before the review", ""),
            ("Owner", "e.g. team manager", ""),
            ("Due date", "YYYY-MM-DD", due),
        ]

    def check(self, values: tuple[str, ...]) -> str | None:
        if not all(values):
            return "What, owner and due date are all needed."
        try:
            date.fromisoformat(values[2])
        except ValueError:
            return f"{quoted(values[2])} is not a date: use YYYY-MM-DD."
        return None


class EscalationForm(Form):
    """Cannot be skipped: cancelling leaves the audit unsubmitted."""

    heading = "Safeguarding escalation"

    def __init__(self, case_ref: str):
        super().__init__()
        self.note = (
            f"The overall grade for {case_ref} is Inadequate: a child may be unsafe. "
            "Record who was told, when, and the immediate action agreed. "
            "Escape leaves the audit unsubmitted."
        )

    def fields(self) -> list[tuple[str, str, str]]:
        return [
            ("Who was told", "e.g. team manager, by name and role", ""),
            ("When", "YYYY-MM-DD HH:MM", datetime.now().strftime("%Y-%m-%d %H:%M")),
            ("Immediate action agreed", "what will happen, by whom, by when", ""),
        ]

    def check(self, values: tuple[str, ...]) -> str | None:
        if not all(values):
            return "Who was told, when and the action agreed are all needed."
        try:
            datetime.fromisoformat(values[1])
        except ValueError:
            return f"{quoted(values[1])} is not a date and time: use YYYY-MM-DD HH:MM."
        return None
