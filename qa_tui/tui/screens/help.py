"""`?`: every key the screen underneath answers to, once each, with what it does.

A key can be described in several places: the screen's binding (its tooltip, in the
users' words), the screen's own notes (`HELP_EXTRA`, for keys of the widgets on it,
such as the arrows of a list), the app's keys, and Textual's own for the focused widget
("Up", "Select"). The first that describes a key wins, in that order, except that
a screen's note beats a binding that has no tooltip; the others are left out. Keys
that do the same thing share a row ("q ^q  Save everything and quit").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rich.table import Table
from rich.text import Text
from textual.actions import parse
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from qa_tui.tui.widgets.shown import fill, visible

PALETTE_DOES = "Command palette: every screen and action by name"
NOT_FOR_YOU = " (not for your role)"

# How keys are written in HELP_EXTRA, to Textual's key names.
_KEY_WORDS = {
    "↑": "up",
    "↓": "down",
    "←": "left",
    "→": "right",
    "⏎": "enter",
    "⌫": "backspace",
    "esc": "escape",
    "+": "plus",
    "-": "minus",
    "=": "equals_sign",
    "?": "question_mark",
    "pgup": "pageup",
    "pgdn": "pagedown",
}
_DIGITS = re.compile(r"^(\d)\s*(?:\.\.|-|–)\s*(N|\d)$")


@dataclass
class KeyRow:
    keys: frozenset[str]  # Textual key names: what makes two rows the same key
    shown: str  # the keys as the person reads them
    does: str


def keys_named(shown: str) -> frozenset[str]:
    """The Textual key names a HELP_EXTRA row's keys stand for ("↑ ↓" -> up, down;
    "1..N" -> 1 to 9; "+ on a theme" -> plus)."""
    words = shown.split(" on ")[0]
    keys: set[str] = set()
    for word in re.split(r"[\s/,]+", words.strip()):
        digits = _DIGITS.match(word)
        if digits:
            last = 9 if digits.group(2) == "N" else int(digits.group(2))
            keys.update(str(n) for n in range(int(digits.group(1)), last + 1))
        elif word.startswith("^") and len(word) > 1:
            keys.add("ctrl+" + word[1:].lower())
        elif word:
            keys.add(_KEY_WORDS.get(word, word))
    return frozenset(keys)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding(
            "escape,question_mark,q", "dismiss", "Close", id="help.close", tooltip="Close the keys"
        ),
    ]

    def __init__(self, under: Screen):
        super().__init__()
        self.under = under
        # Read now: once this screen is on top, the one below has no active keys.
        self.keys = self._key_rows(under)

    def _key_rows(self, under: Screen) -> list[KeyRow]:
        """The screen's keys with tooltips, its notes, its other keys, the app's keys,
        then the focused widget's: each key once, at its first description."""
        ours: list[tuple[int, KeyRow]] = []
        theirs: list[KeyRow] = []
        # A key the screen binds to the same action as a described key (digits 2-9
        # grade as 1 does) is part of that key's row.
        by_action: dict[tuple[int, str], list[tuple[str, ActiveBinding]]] = {}
        for key, active in under.active_bindings.items():
            name = parse(active.binding.action)[1]
            by_action.setdefault((id(active.node), name), []).append((key, active))
        for group in by_action.values():
            described = [(k, a) for k, a in group if a.binding.description]
            if not described:
                continue
            quiet = {k for k, a in group if not a.binding.description}
            for n, (key, active) in enumerate(described):
                b = active.binding
                does = b.tooltip or b.description
                if not active.enabled:  # greyed: the permission table says why on the key
                    does += NOT_FOR_YOU
                keys = frozenset({key, *(quiet if n == 0 else ())})
                row = KeyRow(keys, b.key_display or under.app.get_key_display(b), does)
                if b.id is None or b.id.startswith("textual"):
                    theirs.append(row)  # Textual's own, for the focused widget
                elif active.node is under:
                    ours.append((0 if b.tooltip else 2, row))
                else:
                    ours.append((3, row))  # the app's, or a pane's
        extra = [KeyRow(keys_named(k), k, d) for k, d in getattr(under, "HELP_EXTRA", [])]
        app = under.app
        palette_key = app.COMMAND_PALETTE_BINDING
        palette = KeyRow(
            frozenset({palette_key}), app.get_key_display(Binding(palette_key, "")), PALETTE_DOES
        )
        ranked = [
            *(row for rank, row in ours if rank == 0),
            *extra,
            *(row for rank, row in ours if rank == 2),
            *(row for rank, row in ours if rank == 3),
            palette,
            *theirs,
        ]
        taken: set[str] = set()
        kept: list[KeyRow] = []
        for row in ranked:
            if row.keys & taken:
                continue
            taken |= row.keys
            same = next((k for k in kept if k.does == row.does), None)
            if same is None:
                kept.append(row)
            else:  # another key for the same thing: one row
                same.keys |= row.keys
                same.shown += " " + row.shown
        order = {id(row): n for n, row in enumerate([*extra, *(r for _n, r in ours), palette])}
        return sorted(kept, key=lambda r: order.get(id(r), len(order)))

    @property
    def rows(self) -> list[tuple[str, str]]:
        """What the help shows: the screen's notes and keys, then the palette, then the
        focused widget's own keys."""
        return [(row.shown, row.does) for row in self.keys]

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
