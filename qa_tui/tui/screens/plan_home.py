"""A head of service's home: the improvement action plan they own, as its screen shows
it to everyone, with the follow-ups and the dashboard a key away.

`ActionPlanScreen` is written to be pushed over another home, so its escape pops; as a
home it is the first screen of the stack, so here that key is hidden and does nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import SystemCommand
from textual.binding import Binding

from qa_tui.tui.screens.action_plan import ActionPlanScreen
from qa_tui.tui.screens.home_keys import ReachesDesks


class PlanHomeScreen(ReachesDesks, ActionPlanScreen):
    """A head of service's home: the improvement action plan they own, as its screen
    shows it to everyone, with the follow-ups and the dashboard a key away."""

    BINDINGS = [
        Binding(
            "f",
            "follow_ups",
            "Follow-ups",
            id="plan_home.follow_ups",
            tooltip="Open escalations and case actions, until each is done",
        ),
        Binding(
            "d",
            "dashboard",
            "Dashboard",
            id="plan_home.dashboard",
            tooltip="Counted grades by team, criterion and period",
        ),
        Binding("q", "app.quit", "Quit", id="plan_home.quit", tooltip="Save everything and quit"),
    ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The plan's `back` has nowhere to go from a home: hidden, and escape does nothing."""
        if action == "back":
            return False
        return super().check_action(action, parameters)

    def action_back(self) -> None:
        """Nothing under a home to go back to (the palette or a stray call lands here)."""

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield from super().palette_commands()
        yield SystemCommand(
            "Follow-ups", "Open escalations and case actions", self.action_follow_ups
        )
        yield SystemCommand(
            "Dashboard", "Counted grades by team, criterion and period", self.action_dashboard
        )
