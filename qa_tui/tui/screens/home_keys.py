"""What every role's home reaches: the full screens behind its figures, each pushed over
the home so that escape comes back to it, and a QA lead's own audits.

The actions are shared; each home declares its own keys (with ids in its own name, as
every screen does), since Textual reads BINDINGS from screens, not from mixins.
"""

from __future__ import annotations

from textual.binding import Binding

from qa_tui.tui.screens.home import HomeScreen
from qa_tui.tui.screens.reaching import ReachesScreens


class ReachesDesks(ReachesScreens):
    """Mixed into another role's home: what the auditor's home does not reach (one
    moderation, and the person's own audits)."""

    def action_moderate(self, audit_id: int) -> None:
        from qa_tui.tui.screens.moderation import ModerationScreen

        self._push(ModerationScreen(audit_id))

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
