"""The QA lead's recommendations on an audit round: what the board is asked to do about
what the round found. Printed, in order, at the end of the round's report.

Each one is saved the moment it is written, changed or removed, with an event. Writing
and reading them is RUN_PROGRAMMES, like the rest of a round.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from qa_tui.desks.audit_view import ServiceError
from qa_tui.domain.permissions import Op
from qa_tui.domain.text import clean_typed
from qa_tui.store import programme_recommendations as stored
from qa_tui.store.database import StoreError

if TYPE_CHECKING:
    from qa_tui.desks.identity import PersonAtDesk

MAX_LENGTH = 4000


@dataclass(frozen=True)
class Recommendation:
    id: int
    programme_id: int
    position: int
    text: str
    written_at: str
    written_by: str
    updated_at: str


class RecommendationDesk:
    def __init__(self, desk: PersonAtDesk):
        self.desk = desk

    def list(self, programme_id: int) -> list[Recommendation]:
        """The round's recommendations in the order the report prints them."""
        self.desk.require(Op.RUN_PROGRAMMES)
        return [Recommendation(**r) for r in stored.recommendations(self.desk.store, programme_id)]

    def add(self, programme_id: int, text: str) -> int:
        self.desk.require(Op.RUN_PROGRAMMES)
        return int(
            self._guard(
                lambda: stored.add(self.desk.store, programme_id, _text(text), self.desk.user)
            )
        )

    def change(self, recommendation_id: int, text: str) -> None:
        self.desk.require(Op.RUN_PROGRAMMES)
        self._guard(
            lambda: stored.change(self.desk.store, recommendation_id, _text(text), self.desk.user)
        )

    def remove(self, recommendation_id: int) -> None:
        self.desk.require(Op.RUN_PROGRAMMES)
        self._guard(lambda: stored.remove(self.desk.store, recommendation_id, self.desk.user))

    @staticmethod
    def _guard(call):  # type: ignore[no-untyped-def]
        try:
            return call()
        except StoreError as exc:
            raise ServiceError(str(exc)) from None


def _text(text: str) -> str:
    cleaned = clean_typed(text).strip()
    if not cleaned:
        raise ServiceError("a recommendation needs some words")
    if len(cleaned) > MAX_LENGTH:
        raise ServiceError(f"a recommendation is at most {MAX_LENGTH} characters")
    return cleaned
