"""The screen each person lands on after signing in, by the role they work in most."""

from __future__ import annotations

from textual.screen import Screen

from qa_tui.domain.people import Person


def home_for(person: Person) -> Screen:
    """The auditor's home for now; each role gets its own desk."""
    from qa_tui.tui.screens.home import HomeScreen

    return HomeScreen()
