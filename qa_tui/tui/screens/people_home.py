"""An administrator's home: the people of the database, which is their whole job here.

`PeopleScreen` is written to be pushed over another home, so its escape pops; as a
home it is the first screen of the stack, so here that key is hidden and does nothing.
"""

from __future__ import annotations

from textual.binding import Binding

from qa_tui.tui.screens.people import PeopleScreen


class PeopleHomeScreen(PeopleScreen):
    """The people list as the first screen, for someone who administers and audits not."""

    BINDINGS = [
        Binding("q", "app.quit", "Quit", id="people_home.quit", tooltip="Save everything and quit"),
    ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`back` has nowhere to go from a home: hidden, and escape does nothing."""
        if action == "back":
            return False
        return super().check_action(action, parameters)
