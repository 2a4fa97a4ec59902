"""People and sign-in: the administrator's list of who is who, a person's own passphrase
and tokens, and the checks the doors (the app's sign-in screen, a script's token) make
before a desk is opened for anyone.

A database with no people stays single-user. The first person added must be an
administrator, who can then add the rest; from then on every door asks who you are.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from qa_tui.domain.errors import NotAllowed, SignInRefused
from qa_tui.domain.passphrases import (
    hash_passphrase,
    new_token,
    passphrase_matches,
    passphrase_problem,
    token_hash,
)
from qa_tui.domain.people import Person, Role, user_name_problem
from qa_tui.domain.permissions import Op
from qa_tui.domain.text import clean_line

if TYPE_CHECKING:
    from qa_tui.desks.audits import AuditDesk
    from qa_tui.store.database import Store

LOCK_AFTER = 5  # failures in a row before the person is locked out for a while
LOCK_MINUTES = 15
NOT_ACCEPTED = "user name or passphrase not accepted"


def failure_delay(failures: int) -> float:
    """Seconds a failed sign-in waits before it answers: each failure in a row doubles it."""
    return min(0.25 * 2 ** max(failures - 1, 0), 4.0)


def sign_in(
    store: Store, user_name: str, passphrase: str, *, now: datetime | None = None, wait: bool = True
) -> Person:
    """The person, once their passphrase is right; `SignInRefused` otherwise.

    The refusal never says whether the name exists. Failures in a row slow each answer
    and, after LOCK_AFTER, lock the person out for LOCK_MINUTES (a new passphrase set by
    an administrator lifts the lock).
    """
    moment = now or datetime.now(UTC)
    name = user_name.strip().lower()
    record = store.sign_in_record(name) if name else None
    if record is None or record["disabled_at"] is not None:
        passphrase_matches(passphrase, None)  # the same time as a real check
        _slow(1, wait)
        raise SignInRefused(NOT_ACCEPTED)
    locked = record["locked_until"]
    if locked and datetime.fromisoformat(locked) > moment:
        passphrase_matches(passphrase, None)
        raise SignInRefused(
            f"{NOT_ACCEPTED}: too many failed attempts; try again after "
            f"{datetime.fromisoformat(locked).astimezone().strftime('%H:%M')}"
        )
    if not passphrase_matches(passphrase, record["passphrase_hash"]):
        failed = record["failed_sign_ins"] + 1
        until = None
        if failed >= LOCK_AFTER:
            until = (moment + timedelta(minutes=LOCK_MINUTES)).isoformat(timespec="seconds")
            failed = 0
        store.record_sign_in(name, failed=failed, locked_until=until)
        _slow(failed or LOCK_AFTER, wait)
        raise SignInRefused(NOT_ACCEPTED)
    if record["failed_sign_ins"] or locked:
        store.record_sign_in(name, failed=0, locked_until=None)
    person = store.person(name)
    assert person is not None
    return person


def _slow(failures: int, wait: bool) -> None:
    if wait:
        time.sleep(failure_delay(failures))


def person_for_token(store: Store, token: str) -> Person:
    """The person a script's token belongs to; `SignInRefused` if it is unknown, revoked
    or its person is disabled."""
    person = store.person_for_token(token_hash(token)) if token.strip() else None
    if person is None or person.disabled:
        raise SignInRefused("QA_TUI_TOKEN is not a live token of this database")
    return person


def _roles(roles: Iterable[Role | str]) -> frozenset[Role]:
    return frozenset(Role(r) for r in roles)


def _names(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(clean_line(v).strip() for v in values if clean_line(v).strip()))


class PeopleDesk:
    """The people screen's and `qa-tui users`' use cases, for the person at `desk`."""

    def __init__(self, desk: AuditDesk):
        self.desk = desk
        self.store = desk.store

    def everyone(self) -> list[Person]:
        self.desk.require(Op.SEE_PEOPLE)
        return self.store.people()

    def add(
        self,
        user_name: str,
        display_name: str,
        roles: Iterable[Role | str],
        *,
        teams: Iterable[str] = (),
        manages: Iterable[str] = (),
        agency: str | None = None,
        passphrase: str | None = None,
    ) -> Person:
        """Add a person. The first one must be an administrator: the database then asks
        everyone to sign in, and someone must be able to add the rest."""
        self.desk.require(Op.MANAGE_PEOPLE)
        name = user_name.strip()
        problem = user_name_problem(name)
        if problem:
            raise NotAllowed(problem) from None
        role_set = _roles(roles)
        if not self.store.has_people() and (Role.ADMIN not in role_set or not passphrase):
            raise NotAllowed(
                "the first person added must be an administrator with a passphrase: once "
                "people exist everyone signs in, and someone must be able to add the rest"
            )
        person = Person(
            user_name=name,
            display_name=clean_line(display_name).strip() or name,
            roles=role_set,
            teams=_names(teams),
            manages=_names(manages),
            agency=clean_line(agency).strip() if agency else None,
        )
        self._check_partner(person)
        digest = self._hashed(passphrase) if passphrase else None
        self.store.add_person(person, digest, self.desk.user)
        self.desk.forget_person()
        found = self.store.person(name)
        assert found is not None
        return found

    def change(self, user_name: str, **changes: Any) -> Person:
        """Change display name, roles, teams, managed teams or agency. Teams alone is a QA
        lead's job too (it replaces `auditors set`); the rest is an administrator's."""
        wanted = {k: v for k, v in changes.items() if v is not None}
        self.desk.require(Op.SET_TEAMS if set(wanted) <= {"teams"} else Op.MANAGE_PEOPLE)
        current = self._person(user_name)
        if "roles" in wanted:
            wanted["roles"] = _roles(wanted["roles"])
            self._keep_an_administrator(current, wanted["roles"])
        for key in ("teams", "manages"):
            if key in wanted:
                wanted[key] = _names(wanted[key])
        if "display_name" in wanted:
            wanted["display_name"] = clean_line(wanted["display_name"]).strip() or current.user_name
        if "agency" in wanted:
            wanted["agency"] = clean_line(wanted["agency"]).strip() or None
        after = Person(**{**current.__dict__, **wanted})
        self._check_partner(after)
        self.store.update_person(current.user_name, self.desk.user, **wanted)
        self.desk.forget_person()
        return self._person(current.user_name)

    def disable(self, user_name: str, *, disabled: bool = True) -> Person:
        self.desk.require(Op.MANAGE_PEOPLE)
        current = self._person(user_name)
        if disabled:
            self._keep_an_administrator(current, frozenset())
        self.store.set_disabled(current.user_name, disabled, self.desk.user)
        self.desk.forget_person()
        return self._person(current.user_name)

    def reset_passphrase(self, user_name: str, passphrase: str) -> None:
        """An administrator sets a new passphrase (and so lifts a lock)."""
        self.desk.require(Op.MANAGE_PEOPLE)
        current = self._person(user_name)
        self.store.set_passphrase(current.user_name, self._hashed(passphrase), self.desk.user)

    def change_passphrase(self, old: str, new: str) -> None:
        """A person changes their own passphrase, giving the old one first."""
        me = self.desk.person
        record = self.store.sign_in_record(me.user_name)
        if record is None or me.disabled:
            raise NotAllowed(f"{me.user_name} is not a person of this database")
        if record["passphrase_hash"] and not passphrase_matches(old, record["passphrase_hash"]):
            raise SignInRefused("the current passphrase is not right; nothing was changed")
        self.store.set_passphrase(me.user_name, self._hashed(new), me.user_name)

    # -- tokens ---------------------------------------------------------------------

    def issue_token(self, label: str = "") -> str:
        """A new token for the person at the desk, shown once and kept only as a hash."""
        me = self.desk.person
        if me.single_user or me.disabled:
            raise NotAllowed("tokens are for the people of a database; add people first")
        token = new_token()
        self.store.add_token(
            me.user_name, token_hash(token), clean_line(label).strip(), me.user_name
        )
        return token

    def tokens(self, user_name: str | None = None) -> list[dict[str, Any]]:
        """One's own tokens; an administrator may list anyone's (or everyone's)."""
        if user_name != self.desk.user:
            self.desk.require(Op.MANAGE_PEOPLE)
        self.desk.require_signed_in()
        return self.store.tokens(user_name)

    def revoke_token(self, token_id: int) -> dict[str, Any]:
        owner = next((t for t in self.store.tokens() if t["id"] == token_id), None)
        if owner is None or owner["user_name"] != self.desk.user:
            self.desk.require(Op.MANAGE_PEOPLE)
        self.desk.require_signed_in()
        return self.store.revoke_token(token_id, self.desk.user)

    # -- checks -----------------------------------------------------------------------

    def _person(self, user_name: str) -> Person:
        found = self.store.person(user_name.strip())
        if found is None:
            raise NotAllowed(f"{user_name.strip()}: no such person")
        return found

    def _keep_an_administrator(self, person: Person, roles_after: frozenset[Role]) -> None:
        """Never leave a database with people and no administrator able to add more."""
        if Role.ADMIN in roles_after or not person.has(Role.ADMIN):
            return
        others = [
            p for p in self.store.people() if p.has(Role.ADMIN) and p.user_name != person.user_name
        ]
        if not others:
            raise NotAllowed(
                f"{person.user_name} is the only administrator: make someone else an "
                "administrator first"
            )

    @staticmethod
    def _check_partner(person: Person) -> None:
        if Role.PARTNER in person.roles and not person.agency:
            raise NotAllowed(
                f"{person.user_name}: a partner agency person needs --agency (their agency)"
            )

    @staticmethod
    def _hashed(passphrase: str) -> str:
        problem = passphrase_problem(passphrase)
        if problem:
            raise NotAllowed(problem)
        return hash_passphrase(passphrase)


def demo_people(desk: AuditDesk) -> list[Person]:
    """The demo's people, for its role switch (anyone at the demo may see them): only on
    the demo's own invented database, never on a real one."""
    from qa_tui.desks.demo_open import is_demo_database

    if not is_demo_database(desk.store.path):
        raise NotAllowed("switching person is only for the demo database")
    return [p for p in desk.store.people() if not p.disabled]
