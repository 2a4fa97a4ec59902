"""What a screen offers the person signed in: keys they may not use are greyed, and
pressing one says why, in the desk's own words.

A screen (or a pane) names the operation each of its actions needs:

    GUARDS = {"new_programme": Op.RUN_PROGRAMMES, "assign": Op.ASSIGN_AUDITS}

`check_action` then answers None for a refused action, which Textual shows dimmed in the
footer and does not run. Textual 8 drops such a key press in silence (the binding is
skipped, nothing else answers it), so `on_key` looks the key up in the screen's active
bindings first and, when it belongs to a refused action of this node, shows the
permission table's refusal instead. Actions reached other than by their key (enter on
a list, the command palette) ask `refused(action)` before they act; the app leaves out
of the palette the commands whose action is refused.

The guards only decide what to show and say: the desks still refuse the operation
themselves (`require`), whichever door it comes through.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events
from textual.actions import parse

from qa_tui.domain.permissions import Op, refusal

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from qa_tui.desks.audits import AuditDesk

    _Node = DOMNode
else:
    _Node = object


class Guarded(_Node):
    """Mixed into a screen or pane before the Textual class: `GUARDS` maps action names
    to the `Op` each needs."""

    GUARDS: ClassVar[Mapping[str, Op]] = {}

    def refusal_for(self, action: str) -> str | None:
        """Why the person at the desk may not do `action`; None when they may (or when
        the action needs no permission)."""
        op = self.GUARDS.get(action)
        if op is None:
            return None
        desk: AuditDesk = self.app.desk  # type: ignore[attr-defined]
        return refusal(desk.person, op)

    def refused(self, action: str) -> bool:
        """True, having said why, when the person may not do `action`."""
        problem = self.refusal_for(action)
        if problem is None:
            return False
        say_refusal(self, problem)
        return True

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.GUARDS and self.refusal_for(action) is not None:
            return None  # shown dimmed in the footer, and not run
        return super().check_action(action, parameters)

    def on_key(self, event: events.Key) -> None:
        """A key of a refused action says why, instead of nothing at all."""
        if not self.GUARDS:
            return
        active = self.screen.active_bindings.get(event.key)
        if active is None or active.enabled or active.node is not self:
            return
        _namespace, action, _params = parse(active.binding.action)
        problem = self.refusal_for(action)
        if problem is not None:
            event.stop()
            event.prevent_default()
            say_refusal(self, problem)


def say_refusal(node: DOMNode, problem: str) -> None:
    """The refusal as a notice: plain text (the app's notify never reads markup), as the
    desk says it (it starts with a user name, so it is never capitalised)."""
    node.app.notify(
        problem if problem.endswith(".") else problem + ".", severity="warning", timeout=6
    )


def palette_allows(callback: Callable[..., Any]) -> bool:
    """False for a palette command whose action its screen's guards refuse: the palette
    leaves it out rather than offer what would be refused."""
    node = getattr(callback, "__self__", None)
    name = getattr(callback, "__name__", "")
    if not isinstance(node, Guarded) or not name.startswith("action_"):
        return True
    return node.refusal_for(name.removeprefix("action_")) is None
