"""A round's recommendations (`w` on a programme): what the QA lead asks the board to
do, in the order the round's report prints them (`qa-tui report programme`).

`a` adds one, `e` (or enter) rewords the highlighted one, `delete` removes it; each is
saved at once with an event (RecommendationDesk). It lives apart from the programmes
screen because it is a small editor of its own over one programme.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from qa_tui.desks.programme_recommendations import Recommendation, RecommendationDesk
from qa_tui.domain.records import Programme
from qa_tui.tui.base import DeskAccess
from qa_tui.tui.failures import report_failure
from qa_tui.tui.messages import DatabaseFailed
from qa_tui.tui.widgets.dialogs import TextPrompt
from qa_tui.tui.widgets.shown import line


class RecommendationsDialog(DeskAccess, ModalScreen[None]):
    BINDINGS = [
        Binding("a", "add", "Add", id="recommend.add", tooltip="Write a new recommendation"),
        Binding("e", "edit", "Edit", id="recommend.edit", tooltip="Reword the highlighted one"),
        Binding(
            "delete",
            "remove",
            "Remove",
            id="recommend.remove",
            tooltip="Remove the highlighted recommendation (the history keeps its words)",
        ),
        Binding("escape", "close", "Close", id="recommend.close", tooltip="Back to the rounds"),
    ]
    HELP_EXTRA = [("enter", "Reword the highlighted recommendation")]

    def __init__(self, programme: Programme):
        super().__init__()
        self.programme = programme
        self.found: list[Recommendation] = []

    @property
    def recommendations(self) -> RecommendationDesk:
        return RecommendationDesk(self.desk)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(line(f"Recommendations: {self.programme.name}", "bold"))
            yield OptionList(id="recommendations")
            yield Label(
                Content.from_markup("[dim]a adds · e or enter rewords · delete removes[/dim]")
            )

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self._read()

    def _read(self) -> None:
        desk, programme_id = self.recommendations, self.programme.id
        self.runner.fetch(
            "read the recommendations", lambda: desk.list(programme_id), self, self._show
        )

    def _show(self, found: list[Recommendation]) -> None:
        self.found = found
        options = self.query_one(OptionList)
        keep = options.highlighted
        options.clear_options()
        for n, r in enumerate(found, start=1):
            options.add_option(Option(line(f"{n}. {' '.join(r.text.split())}"), id=f"r{r.id}"))
        if not found:
            options.add_option(
                Option(Content.styled("none yet: press a to write one", "dim"), disabled=True)
            )
        else:
            options.highlighted = min(keep or 0, len(found) - 1)

    def _highlighted(self) -> Recommendation | None:
        index = self.query_one(OptionList).highlighted
        return self.found[index] if index is not None and index < len(self.found) else None

    def _save(self, what: str, call: object) -> None:
        self.runner.fetch(what, call, self, lambda _: self._read())  # type: ignore[arg-type]

    def action_add(self) -> None:
        desk, programme_id = self.recommendations, self.programme.id

        def written(text: str | None) -> None:
            if text and text.strip():
                self._save("save the recommendation", lambda: desk.add(programme_id, text))

        self.app.push_screen(
            TextPrompt("New recommendation", "what the board is asked to do"), written
        )

    def action_edit(self) -> None:
        chosen, desk = self._highlighted(), self.recommendations
        if chosen is None:
            return

        def written(text: str | None) -> None:
            if text and text.strip():
                self._save("save the recommendation", lambda: desk.change(chosen.id, text))

        self.app.push_screen(
            TextPrompt("Reword the recommendation", "", value=chosen.text), written
        )

    @on(OptionList.OptionSelected)
    def _selected(self) -> None:
        self.action_edit()

    def action_remove(self) -> None:
        chosen, desk = self._highlighted(), self.recommendations
        if chosen is not None:
            self._save("remove the recommendation", lambda: desk.remove(chosen.id))

    def action_close(self) -> None:
        self.dismiss(None)

    @on(DatabaseFailed)
    def _failed(self, message: DatabaseFailed) -> None:
        message.stop()
        report_failure(self, message, timeout=8)
