"""The people of a QA team: who they are, the roles they hold and the teams they manage.

A database with no people is single-user, as qa-tui always was: its one person (the
`--user` name) holds every role, so nothing a lone QA lead could do before is refused.
Once an administrator adds people, each person holds only the roles given to them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    AUDITOR = "auditor"
    QA_LEAD = "qa_lead"
    MANAGER = "manager"
    HEAD_OF_SERVICE = "head_of_service"
    PARTNER = "partner"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.AUDITOR: "auditor",
    Role.QA_LEAD: "QA lead",
    Role.MANAGER: "manager",
    Role.HEAD_OF_SERVICE: "head of service",
    Role.PARTNER: "partner agency",
    Role.ADMIN: "administrator",
}

# Lower case letters, digits, dots, hyphens and underscores: a name that reads the same
# in a log line, a CSV cell and a shell command, and is never mistaken for markup.
USER_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,62}$")


def user_name_problem(name: str) -> str | None:
    """Why `name` cannot be a user name, or None when it can."""
    if USER_NAME.match(name):
        return None
    return (
        f"{name!r} is not a user name: use 1-63 lower-case letters, digits, '.', '-' or '_', "
        "starting with a letter or digit"
    )


def parse_role(text: str) -> Role:
    """A role as a person types it: `qa_lead`, `qa-lead`, `QA lead` all mean the same."""
    key = re.sub(r"[\s-]+", "_", text.strip().lower())
    for role in Role:
        if key in (role.value, role.label.replace(" ", "_").lower()):
            return role
    known = ", ".join(r.value for r in Role)
    raise ValueError(f"{text!r} is not a role (roles: {known})")


@dataclass(frozen=True)
class Person:
    """Someone who signs in: what they are called and what they may do."""

    user_name: str
    display_name: str
    roles: frozenset[Role] = frozenset()
    teams: tuple[str, ...] = ()  # teams they belong to: never audit those teams' cases
    manages: tuple[str, ...] = ()  # teams whose audits and actions they see and close
    agency: str | None = None  # a partner agency's name
    disabled: bool = False
    has_passphrase: bool = False
    single_user: bool = False  # the one person of a database with no people

    def has(self, role: Role) -> bool:
        return not self.disabled and role in self.roles

    @property
    def role_words(self) -> str:
        """Their roles as people say them: 'QA lead and auditor'."""
        if self.disabled:
            return "disabled"
        words = [r.label for r in Role if r in self.roles]
        if not words:
            return "no role"
        return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]

    @property
    def home(self) -> Role:
        """The role whose desk they land on after signing in (single-user: the auditor's
        desk, as before people existed)."""
        if self.single_user:
            return Role.AUDITOR
        for role in (Role.QA_LEAD, Role.AUDITOR, Role.PARTNER, Role.MANAGER):
            if role in self.roles:
                return role
        if Role.HEAD_OF_SERVICE in self.roles:
            return Role.HEAD_OF_SERVICE
        return Role.ADMIN if Role.ADMIN in self.roles else Role.AUDITOR


def single_user(name: str) -> Person:
    """The one person of a database with no people: every role, as before people existed."""
    return Person(name, name, frozenset(Role), single_user=True)


def nobody(name: str) -> Person:
    """A name that is not a person of this database (or is disabled): may do nothing."""
    return Person(name, name, frozenset(), disabled=True)
