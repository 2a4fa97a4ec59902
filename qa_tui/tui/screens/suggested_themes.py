"""The rubric's suggested themes for one criterion, decided one at a time (the audit
screen's `c`).

Each suggestion is confirmed (enter or c: it becomes one of the criterion's themes) or
dismissed (d: not offered again on this criterion of this audit) by itself, so
"Child not seen alone" is never tagged on a baby because it came with another theme.
Each decision goes to the audit screen's save queue at once and shows there as
"saving…" until it is committed; the dialog closes when nothing is left to decide, or
on escape (what is left stays offered).
"""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from qa_tui.domain.records import POLARITY_LABELS
from qa_tui.tui.widgets.shown import fill, line

# (theme, polarity, confirmed): the audit screen saves the decision
Decide = Callable[[str, str, bool], None]


class SuggestedThemesDialog(ModalScreen[None]):
    """One criterion's suggestions still to decide, the first highlighted."""

    BINDINGS = [
        Binding(
            "c",
            "confirm_suggestion",
            "Confirm",
            id="suggestions.confirm",
            tooltip="Tag the highlighted theme on this criterion (enter does the same)",
        ),
        Binding(
            "d",
            "dismiss_suggestion",
            "Dismiss",
            id="suggestions.dismiss",
            tooltip="Not for this case: the highlighted theme is not offered here again",
        ),
        Binding(
            "escape",
            "close",
            "Close",
            id="suggestions.close",
            tooltip="Back to the audit; what is left stays offered",
        ),
    ]
    HELP_EXTRA = [("enter", "Confirm the highlighted theme"), ("↑ ↓", "Move")]

    def __init__(
        self,
        criterion_name: str,
        suggestions: list[tuple[str, str]],
        decide: Decide,
        ruled_out: list[str] | None = None,
    ):
        super().__init__()
        self.criterion_name = criterion_name
        self.left = list(suggestions)
        self.decide = decide
        self.ruled_out = ruled_out or []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(fill("[b]Suggested themes: $name[/b]", name=self.criterion_name))
            yield OptionList(*self._options(), id="suggestions")
            if self.ruled_out:
                yield Static(
                    Content.assemble(
                        line("Not offered, cannot apply to this child: ", "dim"),
                        line("; ".join(self.ruled_out), "dim"),
                    ),
                    classes="dialog-note",
                )
            yield Label(
                Content.from_markup(
                    "[dim]enter or c confirms · d dismisses · escape leaves the rest[/dim]"
                )
            )

    def _options(self) -> list[Option]:
        return [
            Option(Content.assemble(line(theme), line(f"  ({POLARITY_LABELS[polarity]})", "dim")))
            for theme, polarity in self.left
        ]

    def on_mount(self) -> None:
        options = self.query_one("#suggestions", OptionList)
        options.focus()
        options.highlighted = 0

    @on(OptionList.OptionSelected, "#suggestions")
    def _selected(self) -> None:
        self.action_confirm_suggestion()

    def action_confirm_suggestion(self) -> None:
        self._decide(confirmed=True)

    def action_dismiss_suggestion(self) -> None:
        self._decide(confirmed=False)

    def _decide(self, *, confirmed: bool) -> None:
        options = self.query_one("#suggestions", OptionList)
        index = options.highlighted
        if index is None or not 0 <= index < len(self.left):
            return
        theme, polarity = self.left.pop(index)
        self.decide(theme, polarity, confirmed)
        if not self.left:
            self.dismiss(None)
            return
        options.set_options(self._options())
        options.highlighted = min(index, len(self.left) - 1)

    def action_close(self) -> None:
        self.dismiss(None)
