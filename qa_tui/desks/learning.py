"""Practice workshops and training needs planned from themes: the use cases.

A QA lead (or a head of service) turns the themes auditors keep tagging into learning
for the workforce, saved the moment it is made: a practice workshop or a training need,
its title, the themes it answers, the teams it is for, its date and facilitator, and once
it has happened, how many came from each team. Planning and recording attendance is
Op.PLAN_LEARNING; reading the events and their figures is the dashboard's (SEE_FIGURES).
The figures (where a theme is concentrated; whether an event took) are in
desks/learning_figures.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from qa_tui.desks.audit_view import ServiceError
from qa_tui.domain.learning import EventTheme, LearningEvent, parse_kind
from qa_tui.domain.permissions import Op
from qa_tui.domain.plan_records import POLARITIES
from qa_tui.domain.text import clean_typed
from qa_tui.store.learning import LearningStore

if TYPE_CHECKING:
    from qa_tui.desks.identity import PersonAtDesk


def _day(text: str) -> str:
    try:
        return date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise ServiceError(f"{text!r} is not a date (use YYYY-MM-DD)") from None


class LearningDesk:
    """Learning events, for the person at `desk`."""

    def __init__(self, desk: PersonAtDesk):
        self.desk = desk
        self.store = LearningStore(desk.store)

    def teams(self) -> list[str]:
        """The teams an event may be for (every team with a case)."""
        self.desk.require(Op.SEE_FIGURES)
        return self.store.teams()

    def events(self) -> list[LearningEvent]:
        """Every learning event, latest first."""
        self.desk.require(Op.SEE_FIGURES)
        return self.store.events()

    def event(self, event_id: int) -> LearningEvent:
        self.desk.require(Op.SEE_FIGURES)
        found = self.store.event(event_id)
        if found is None:
            raise ServiceError(f"learning event {event_id} does not exist")
        return found

    def plan(
        self,
        kind: str,
        title: str,
        themes: Sequence[str | EventTheme],
        teams: Sequence[str],
        held_on: str,
        facilitator: str = "",
    ) -> int:
        """A new practice workshop or training need; its id."""
        self.desk.require(Op.PLAN_LEARNING)
        values = self._checked(kind, title, themes, teams, held_on, facilitator)
        return self.store.create(self.desk.user, *values)

    def edit(
        self,
        event_id: int,
        kind: str,
        title: str,
        themes: Sequence[str | EventTheme],
        teams: Sequence[str],
        held_on: str,
        facilitator: str = "",
    ) -> None:
        """Change an event; attendance already recorded stays."""
        self.desk.require(Op.PLAN_LEARNING)
        values = self._checked(kind, title, themes, teams, held_on, facilitator)
        if self.store.event(event_id) is None:
            raise ServiceError(f"learning event {event_id} does not exist")
        self.store.update(self.desk.user, event_id, *values)

    def record_attendance(self, event_id: int, counts: dict[str, int | None]) -> None:
        """How many came from each team (None: not known, 0: nobody came)."""
        self.desk.require(Op.PLAN_LEARNING)
        if self.store.event(event_id) is None:
            raise ServiceError(f"learning event {event_id} does not exist")
        tidy: dict[str, int | None] = {}
        for team, n in counts.items():
            name = clean_typed(team).strip()
            if not name:
                raise ServiceError("a team's name is empty")
            if n is not None and n < 0:
                raise ServiceError(f"{n} attended from {name}: a count cannot be negative")
            tidy[name] = n
        self.store.record_attendance(self.desk.user, event_id, tidy)

    def _checked(
        self,
        kind: str,
        title: str,
        themes: Sequence[str | EventTheme],
        teams: Sequence[str],
        held_on: str,
        facilitator: str,
    ) -> tuple[str, str, str, str, list[EventTheme], list[str]]:
        try:
            kind = parse_kind(kind)
        except ValueError as exc:
            raise ServiceError(str(exc)) from None
        title = clean_typed(title).strip()
        if not title:
            raise ServiceError("a learning event needs a title")
        answered: list[EventTheme] = []
        for t in themes:
            theme = t if isinstance(t, EventTheme) else EventTheme(t)
            if theme.polarity not in POLARITIES:
                raise ServiceError(f"{theme.polarity!r} is not strength or area_for_development")
            name = self.store.theme_name(theme.theme)
            if name is None:
                raise ServiceError(
                    f"no theme called {theme.theme!r} (qa-tui themes list shows them)"
                )
            answered.append(EventTheme(name, theme.polarity))
        if not answered:
            raise ServiceError("a learning event answers at least one theme")
        names = sorted({clean_typed(t).strip() for t in teams} - {""})
        return (
            kind,
            title,
            _day(held_on),
            clean_typed(facilitator).strip(),
            answered,
            names,
        )
