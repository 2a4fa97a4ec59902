"""People, their passphrase hashes, sign-in failures and tokens.

Part of `Store` (see database.py). A person's teams are the rows of the `auditors`
table that `auditors set` always wrote (the teams whose cases they never audit), so a
database keeps one record of team membership whether or not it has people.
"""

from __future__ import annotations

import json
from typing import Any

from qa_tui.domain.errors import StoreError
from qa_tui.domain.people import Person, Role
from qa_tui.store.connection import StoreCore, now

PERSON_FIELDS = ("display_name", "roles", "manages", "agency")

_SELECT = (
    "SELECT p.*, coalesce(a.teams, '[]') AS teams FROM people p "
    "LEFT JOIN auditors a ON a.name = p.user_name"
)


def _person(row: dict[str, Any]) -> Person:
    return Person(
        user_name=row["user_name"],
        display_name=row["display_name"],
        roles=frozenset(Role(r) for r in json.loads(row["roles"]) if r in Role._value2member_map_),
        teams=tuple(json.loads(row["teams"])),
        manages=tuple(json.loads(row["manages"])),
        agency=row["agency"],
        disabled=row["disabled_at"] is not None,
        has_passphrase=row["passphrase_hash"] is not None,
    )


def _stored(field: str, value: Any) -> Any:
    if field == "roles":
        return json.dumps(sorted(str(r) for r in value))
    if field == "manages":
        return json.dumps(list(value))
    return value


class PeopleRecords(StoreCore):
    """Who is who, and what lets them in."""

    def has_people(self) -> bool:
        """True once anyone has been added: from then on, people sign in."""
        return self._one("SELECT 1 AS yes FROM people LIMIT 1") is not None

    def person(self, user_name: str) -> Person | None:
        row = self._one(f"{_SELECT} WHERE p.user_name = ?", (user_name,))
        return _person(row) if row else None

    def people(self) -> list[Person]:
        return [_person(r) for r in self._rows(f"{_SELECT} ORDER BY p.user_name")]

    def add_person(self, person: Person, passphrase_hash: str | None, who: str) -> None:
        stamp = now()
        with self.write() as conn:
            if conn.execute(
                "SELECT 1 FROM people WHERE user_name = ?", (person.user_name,)
            ).fetchone():
                raise StoreError(f"{person.user_name}: already a person of this database")
            conn.execute(
                "INSERT INTO people (user_name, display_name, roles, manages, agency, "
                "passphrase_hash, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?)",
                (
                    person.user_name,
                    person.display_name,
                    _stored("roles", person.roles),
                    _stored("manages", person.manages),
                    person.agency,
                    passphrase_hash,
                    stamp,
                    stamp,
                ),
            )
            self._event(conn, who, "person", person.user_name, "added", None, person.role_words)
            self._set_teams(conn, person.user_name, list(person.teams), who)

    def update_person(self, user_name: str, who: str, **fields: Any) -> None:
        """Change display name, roles, managed teams or agency (`teams` sets membership)."""
        teams = fields.pop("teams", None)
        unknown = set(fields) - set(PERSON_FIELDS)
        if unknown:
            raise ValueError(f"not a person's field: {sorted(unknown)}")
        with self.write() as conn:
            row = conn.execute(
                "SELECT display_name, roles, manages, agency FROM people WHERE user_name = ?",
                (user_name,),
            ).fetchone()
            if row is None:
                raise StoreError(f"{user_name}: no such person")
            old = dict(zip(PERSON_FIELDS, row, strict=True))
            for field, value in fields.items():
                new = _stored(field, value)
                if new == old[field]:
                    continue
                conn.execute(
                    f"UPDATE people SET {field} = ?, updated_at = ? WHERE user_name = ?",
                    (new, now(), user_name),
                )
                self._event(conn, who, "person", user_name, field, old[field], new)
            if teams is not None:
                self._set_teams(conn, user_name, list(teams), who)

    @staticmethod
    def _set_teams(conn: Any, name: str, teams: list[str], who: str) -> None:
        old = conn.execute("SELECT teams FROM auditors WHERE name = ?", (name,)).fetchone()
        new = json.dumps(teams)
        if (old[0] if old else "[]") == new:
            return
        conn.execute(
            "INSERT INTO auditors (name, teams, updated_at) VALUES (?,?,?) "
            "ON CONFLICT (name) DO UPDATE SET teams = excluded.teams, "
            "updated_at = excluded.updated_at",
            (name, new, now()),
        )
        StoreCore._event(conn, who, "auditor", name, "teams", old[0] if old else None, new)

    def set_disabled(self, user_name: str, disabled: bool, who: str) -> None:
        """Disable (or enable again): a disabled person cannot sign in, and every token of
        theirs stops working; nothing of theirs is removed."""
        with self.write() as conn:
            row = conn.execute(
                "SELECT disabled_at FROM people WHERE user_name = ?", (user_name,)
            ).fetchone()
            if row is None:
                raise StoreError(f"{user_name}: no such person")
            if (row[0] is not None) == disabled:
                return
            stamp = now() if disabled else None
            conn.execute(
                "UPDATE people SET disabled_at = ?, updated_at = ? WHERE user_name = ?",
                (stamp, now(), user_name),
            )
            self._event(
                conn, who, "person", user_name, "disabled", row[0], stamp or "enabled again"
            )

    # -- passphrases and sign-in ----------------------------------------------------

    def sign_in_record(self, user_name: str) -> dict[str, Any] | None:
        """The stored hash, failures and lock of a person (None if there is no such person)."""
        return self._one(
            "SELECT passphrase_hash, failed_sign_ins, locked_until, disabled_at "
            "FROM people WHERE user_name = ?",
            (user_name,),
        )

    def set_passphrase(self, user_name: str, passphrase_hash: str, who: str) -> None:
        """A new passphrase (changed by its owner or reset by an administrator); it also
        lifts a lock. The event says it changed, never what it is."""
        with self.write() as conn:
            done = conn.execute(
                "UPDATE people SET passphrase_hash = ?, failed_sign_ins = 0, "
                "locked_until = NULL, updated_at = ? WHERE user_name = ?",
                (passphrase_hash, now(), user_name),
            ).rowcount
            if not done:
                raise StoreError(f"{user_name}: no such person")
            self._event(conn, who, "person", user_name, "passphrase", None, "changed")

    def record_sign_in(self, user_name: str, *, failed: int, locked_until: str | None) -> None:
        """Failures so far (0 after a success) and any lock they earned."""
        with self.write() as conn:
            conn.execute(
                "UPDATE people SET failed_sign_ins = ?, locked_until = ? WHERE user_name = ?",
                (failed, locked_until, user_name),
            )
            if locked_until:
                self._event(conn, user_name, "person", user_name, "locked", None, locked_until)

    # -- tokens -----------------------------------------------------------------------

    def add_token(self, user_name: str, digest: str, label: str, who: str) -> int:
        with self.write() as conn:
            cur = conn.execute(
                "INSERT INTO tokens (user_name, token_hash, label, created_at) VALUES (?,?,?,?)",
                (user_name, digest, label, now()),
            )
            token_id = int(cur.lastrowid or 0)
            self._event(conn, who, "token", token_id, "issued", None, f"{user_name} {label}")
        return token_id

    def tokens(self, user_name: str | None = None) -> list[dict[str, Any]]:
        """Tokens (never their hashes) of one person or of everyone."""
        where = "WHERE user_name = ?" if user_name else ""
        return self._rows(
            f"SELECT id, user_name, label, created_at, revoked_at FROM tokens {where} ORDER BY id",
            (user_name,) if user_name else (),
        )

    def revoke_token(self, token_id: int, who: str) -> dict[str, Any]:
        with self.write() as conn:
            row = conn.execute(
                "SELECT user_name, revoked_at FROM tokens WHERE id = ?", (token_id,)
            ).fetchone()
            if row is None:
                raise StoreError(f"no token {token_id}")
            if row[1] is None:
                conn.execute("UPDATE tokens SET revoked_at = ? WHERE id = ?", (now(), token_id))
                self._event(conn, who, "token", token_id, "revoked", None, row[0])
        return {"id": token_id, "user_name": row[0]}

    def person_for_token(self, digest: str) -> Person | None:
        """The person a live token belongs to; None for an unknown or revoked token."""
        row = self._one(
            f"{_SELECT} JOIN tokens t ON t.user_name = p.user_name "
            "WHERE t.token_hash = ? AND t.revoked_at IS NULL",
            (digest,),
        )
        return _person(row) if row else None
