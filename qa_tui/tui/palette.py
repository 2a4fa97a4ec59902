"""What the command palette (ctrl+p) offers on a screen: every action it has a key for.

A screen may name some of its actions in its own words (`palette_commands()`); every
other action bound to a key on the screen is offered under its binding's description,
with the binding's tooltip as help. So no screen can be left out of the palette, and a
new key is in it the day it is bound. What the person may not do (a guard refuses it,
or the screen hides it for now) is left out, as the footer greys or hides its key.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from textual.actions import parse
from textual.app import SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from qa_tui.tui.guards import palette_allows


class BoundAction:
    """A palette command that runs a screen's action as its key would (its checks too)."""

    def __init__(self, screen: Screen[Any], action: str):
        self.screen = screen
        self.action = action  # as bound, with its parameters: "grade(2)"

    @property
    def name(self) -> str:
        """The action's name without parameters: "grade"."""
        return parse(self.action)[1]

    async def __call__(self) -> None:
        await self.screen.run_action(self.action)


def action_of(callback: object) -> str | None:
    """The action name a palette command runs, if it runs one of its screen's actions."""
    if isinstance(callback, BoundAction):
        return callback.name
    name = getattr(callback, "__name__", "")
    return name.removeprefix("action_") if name.startswith("action_") else None


def our_bindings(screen: Screen[Any]) -> list[Binding]:
    """The screen's own key bindings (its classes and mix-ins in qa_tui, not Textual's),
    in the order they are declared, a subclass's first."""
    found: list[Binding] = []
    for cls in type(screen).__mro__:
        if not cls.__module__.startswith("qa_tui."):
            continue
        found.extend(b for b in cls.__dict__.get("BINDINGS", []) if isinstance(b, Binding))
    return found


def screen_commands(screen: Screen[Any]) -> Iterator[SystemCommand]:
    """The screen's commands in its own words first, then every other bound action."""
    named: set[str | None] = set()
    written = getattr(screen, "palette_commands", None)
    if written is not None:
        for command in written():
            named.add(action_of(command.callback))
            if palette_allows(command.callback):
                yield command
    yield from bound_commands(screen, named)


def bound_commands(
    screen: Screen[Any], named: Iterable[str | None] = ()
) -> Iterator[SystemCommand]:
    """A command for each action bound on `screen` that `named` leaves out.

    An action bound to several keys with parameters (a digit per grade) is one command
    per key: "Grade 1" is listed, "Grade 2" and on are found by typing. Actions of the
    app (`app.quit`) are the app's own commands.
    """
    bindings = our_bindings(screen)
    first: dict[str, Binding] = {}  # the action's described binding: its words
    titles: dict[str, list[str]] = {}  # the action's titles, one per key
    for binding in bindings:
        name = parse(binding.action)[1]
        if binding.description and name not in first:
            first[name] = binding
    for binding in bindings:
        name = parse(binding.action)[1]
        if name in first:
            titles.setdefault(name, []).append(binding.description or first[name].description)
    covered = set(named)
    seen: set[str] = set()
    for binding in bindings:
        namespace, name, parameters = parse(binding.action)
        if namespace or name in covered or name not in first or binding.action in seen:
            continue
        seen.add(binding.action)
        if not callable(getattr(screen, f"action_{name}", None)):
            continue
        if not screen.check_action(name, parameters):
            continue  # refused (greyed) or hidden here, as its key is
        title = binding.description or first[name].description
        if titles[name].count(title) > 1:  # one description for many keys: "Grade 1"
            title = f"{title} {' '.join(str(p) for p in parameters)}"
        yield SystemCommand(
            title,
            binding.tooltip or first[name].tooltip or title,
            BoundAction(screen, binding.action),
            discover=bool(binding.description),
        )
