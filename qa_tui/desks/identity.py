"""Who is at a desk, and the one question every desk asks before it acts: may they?

A desk is made for a user name the door has already checked (the app's sign-in, a
script's token, or, on a database with no people, the `--user` name as before). Here
that name becomes a `Person`: on a database with no people, the one person who holds
every role; otherwise the stored person, or nobody (a disabled person or an unknown
name may do nothing).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from qa_tui.domain.errors import NotAllowed
from qa_tui.domain.people import Person, nobody, single_user
from qa_tui.domain.permissions import Facts, Op, allows, refusal

if TYPE_CHECKING:
    from qa_tui.store.database import Store


class PersonAtDesk:
    """The person a desk works for, read once per desk, and their permissions."""

    store: Store
    user: str
    _person: Person | None = None

    @property
    def person(self) -> Person:
        if self._person is None:
            self._person = self._read_person()
        return self._person

    def _read_person(self) -> Person:
        if not self.store.has_people():
            return single_user(self.user)
        found = self.store.person(self.user)
        return found if found is not None and not found.disabled else nobody(self.user)

    def forget_person(self) -> None:
        """Read the person again at the next question (after their roles changed)."""
        self._person = None

    def may(self, op: Op, facts: Facts | None = None) -> bool:
        """For screens deciding what to offer; the desks still `require` when it is done.

        The one person of a database with no people may do anything, as before people
        existed (grading an audit typed under another name included)."""
        return self.person.single_user or allows(self.person, op, facts)

    def require(self, op: Op, facts: Facts | None = None) -> None:
        """Refuse, before anything is read or written, what this person may not do."""
        if self.person.single_user:
            return
        problem = refusal(self.person, op, facts)
        if problem is not None:
            raise NotAllowed(problem)

    def require_signed_in(self) -> None:
        """For what anyone signed in may do (their own audits, their own tokens): refuse
        only a disabled person or a name that is not a person of this database."""
        if self.person.disabled:
            raise NotAllowed(
                f"{self.user} is not a person who may use this database (or is disabled)"
            )

    def audit_facts(self, audit_id: int) -> Facts:
        """What the audit rules are judged on: its auditor, its case's team, moderated."""
        row = self.store._one(
            "SELECT a.auditor, coalesce(a.team, c.team) AS team, EXISTS (SELECT 1 FROM "
            "moderations m WHERE m.audit_id = a.id AND m.status = 'done') AS moderated "
            "FROM audits a JOIN cases c ON c.case_ref = a.case_ref WHERE a.id = ?",
            (audit_id,),
        )
        if row is None:
            return Facts()
        return Facts(auditor=row["auditor"], team=row["team"], moderated=bool(row["moderated"]))
