"""What every role's home reaches: the full screens behind its figures, each pushed over
the home so that escape comes back to it, and a QA lead's own audits.

The actions are shared; each home declares its own keys (with ids in its own name, as
every screen does), since Textual reads BINDINGS from screens, not from mixins.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.screen import Screen

from qa_tui.tui.base import DeskAccess
from qa_tui.tui.screens.home import HomeScreen


class ReachesDesks(DeskAccess):
    """Mixed into a home screen: push each full screen over it."""

    def _push(self, screen: Screen) -> None:
        self.app.push_screen(screen)

    def action_programmes(self) -> None:
        from qa_tui.tui.screens.programmes import ProgrammesScreen

        self._push(ProgrammesScreen())

    def action_moderation(self) -> None:
        from qa_tui.tui.screens.moderation import ModerationQueueScreen

        self._push(ModerationQueueScreen())

    def action_moderate(self, audit_id: int) -> None:
        from qa_tui.tui.screens.moderation import ModerationScreen

        self._push(ModerationScreen(audit_id))

    def action_follow_ups(self) -> None:
        from qa_tui.tui.screens.follow_ups import FollowUpsScreen

        self._push(FollowUpsScreen())

    def action_action_plan(self) -> None:
        from qa_tui.tui.screens.action_plan import ActionPlanScreen

        self._push(ActionPlanScreen())

    def action_dashboard(self) -> None:
        from qa_tui.tui.screens.dashboard import DashboardScreen

        self._push(DashboardScreen())

    def action_my_audits(self) -> None:
        self._push(OwnAuditsScreen())


class OwnAuditsScreen(HomeScreen):
    """The auditor's home, reached from another role's home (a QA lead audits too):
    the same list and keys, and escape goes back."""

    BINDINGS = [
        Binding(
            "escape",
            "back",
            "Back",
            id="own_audits.back",
            tooltip="Back to the desk you came from",
        ),
    ]

    def action_back(self) -> None:
        self.app.pop_screen()
