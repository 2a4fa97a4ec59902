"""The full screens every home reaches, each pushed over the home so escape comes back.

Shared by the auditor's home and the other roles' homes (home_keys.ReachesDesks adds
what only those reach). Each home declares its own keys (with ids in its own name), since
Textual reads BINDINGS from screens, not from mixins; the actions live here once.
"""

from __future__ import annotations

from textual.screen import Screen

from qa_tui.tui.base import DeskAccess


class ReachesScreens(DeskAccess):
    """Mixed into a home screen: push each full screen over it."""

    def _push(self, screen: Screen) -> None:
        self.app.push_screen(screen)

    def action_programmes(self) -> None:
        from qa_tui.tui.screens.programmes import ProgrammesScreen

        self._push(ProgrammesScreen())

    def action_moderation(self) -> None:
        from qa_tui.tui.screens.moderation import ModerationQueueScreen

        self._push(ModerationQueueScreen())

    def action_calibration(self) -> None:
        from qa_tui.tui.screens.calibration import CalibrationScreen

        self._push(CalibrationScreen())

    def action_follow_ups(self) -> None:
        from qa_tui.tui.screens.follow_ups import FollowUpsScreen

        self._push(FollowUpsScreen())

    def action_action_plan(self) -> None:
        from qa_tui.tui.screens.action_plan import ActionPlanScreen

        self._push(ActionPlanScreen())

    def action_dashboard(self) -> None:
        from qa_tui.tui.screens.dashboard import DashboardScreen

        self._push(DashboardScreen())

    def action_sent_back(self) -> None:
        """Questions a moderator sent back on my audits."""
        from qa_tui.tui.screens.send_back import SentBackScreen

        self._push(SentBackScreen())

    def action_feedback_due(self) -> None:
        """My submitted audits whose feedback to the worker is not yet recorded."""
        from qa_tui.tui.screens.feedback_due import FeedbackDueScreen

        self._push(FeedbackDueScreen())
