"""`?`: every key the screen underneath answers to, with what it does."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from qa_tui.tui.widgets.shown import fill, visible


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,question_mark,q", "dismiss", "Close", id="help.close"),
    ]

    def __init__(self, under: Screen):
        super().__init__()
        self.under = under
        # Snapshot now: once this screen is on top, the one below has no active keys.
        # The screen's own keys first, then the app's, then the focused widget's movement.
        ranked: list[tuple[int, str, str]] = []
        for active in under.active_bindings.values():
            b = active.binding
            if b.description:
                ours = b.id is not None and not b.id.startswith("textual")  # ours all have ids
                rank = (0 if active.node is under else 1) if ours else 2
                does = b.tooltip or b.description
                if not active.enabled:  # greyed: the permission table says why on the key
                    does += " (not for your role)"
                ranked.append((rank, b.key_display or under.app.get_key_display(b), does))
        self.keys = [(key, does) for _rank, key, does in sorted(ranked, key=lambda r: r[0])]

    @property
    def rows(self) -> list[tuple[str, str]]:
        """What the help shows: the screen's own notes, its keys, then the palette."""
        rows: list[tuple[str, str]] = []
        for row in [
            *getattr(self.under, "HELP_EXTRA", []),
            *self.keys,
            ("ctrl+p", "Command palette: every screen and action by name"),
        ]:
            if row not in rows:
                rows.append(row)
        return rows

    def compose(self) -> ComposeResult:
        table = Table(box=None, show_header=False, expand=True, padding=(0, 1))
        table.add_column("key", style="bold", no_wrap=True)
        table.add_column("does")
        for key, does in self.rows:  # Text, not str: a Rich table reads a str as markup
            table.add_row(Text(visible(key)), Text(visible(does)))
        with VerticalScroll(id="help-box"):
            yield Static(
                fill("[b]Keys: $title[/b]", title=self.under.title or type(self.under).__name__),
                classes="help-title",
            )
            yield Static(table)
            yield Static(Content.from_markup("[dim]escape closes[/dim]"))
