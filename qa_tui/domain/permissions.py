"""What each role may do: one table, read by every desk and printed in the README.

The desks (the use-case layer) ask `refusal()` before they change or show anything, so a
rule holds whichever door the request came in by: the app, a script, or a future web
page. Screens only ask `allows()` to grey out what would be refused anyway.

Each operation lists its grants; a person may do it when any grant holds: they hold the
grant's role (or the grant names no role) and its scope holds for the thing in hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from qa_tui.domain.people import Person, Role


class Op(StrEnum):
    """Every operation a desk guards. The value is how the refusal and the README say it."""

    MANAGE_PEOPLE = "add, change or disable people and reset passphrases"
    SET_TEAMS = "set the teams people belong to"
    SEE_PEOPLE = "see the list of people"
    IMPORT_CASES = "import case lists"
    START_AUDIT = "start an audit"
    SEE_AUDIT = "read an audit"
    GRADE_AUDIT = "grade, write up and submit an audit"
    REOPEN_AUDIT = "reopen a submitted audit"
    RECORD_FEEDBACK = "record the feedback given to the worker and manager, and their response"
    SCHEDULE_REAUDIT = "set or cancel a re-audit of a case in N months"
    RUN_PROGRAMMES = "run audit rounds (create, list, sample and close them)"
    ASSIGN_AUDITS = "assign and reassign audits"
    MODERATE = "moderate an audit"
    JOINT_JUDGEMENT = (
        "read each agency's grades of a child side by side and record the partnership's "
        "joint judgement"
    )
    STEER_MODERATION = (
        "pick audits for moderation, assign moderators, make it blind, send audits back"
    )
    SEE_FOLLOW_UPS = "see escalations and case actions"
    CLOSE_FOLLOW_UP = "close an escalation or case action"
    SEE_FIGURES = "read the dashboard, themes and agreement figures"
    EXPORT = "export grades, themes and the action plan"
    EDIT_PLAN = "edit the improvement action plan"
    SEE_PLAN = "read the improvement action plan"
    MERGE_THEMES = "merge or rename themes"
    PLAN_LEARNING = "plan practice workshops and training from themes, and record attendance"
    UPKEEP = "check, back up and repair the database"
    COUNCIL_SETTINGS = "choose the council's settings (calendar or financial-year quarters)"


class Scope(StrEnum):
    """The condition a grant carries, said as the README says it."""

    ANY = ""
    OWN_AUDIT = "their own audits"
    OWN_UNMODERATED = "their own audits, before moderation"
    NOT_OWN_AUDIT = "never their own audits"
    TEAMS = "their teams' cases"
    ACTION_OWNER = "the actions they own"


@dataclass(frozen=True)
class Grant:
    role: Role | None  # None: anyone signed in, within the scope
    scope: Scope = Scope.ANY

    @property
    def words(self) -> str:
        who = "anyone" if self.role is None else f"a {self.role.label}"
        if self.role in (Role.AUDITOR, Role.ADMIN):
            who = "an " + self.role.label
        return f"{who} ({self.scope.value})" if self.scope else who


@dataclass(frozen=True)
class Facts:
    """What a scope is judged on: the audit's auditor and team, the action's owner."""

    auditor: str | None = None
    team: str | None = None
    owner: str | None = None
    moderated: bool = False


A, L, M, H, P, D = (
    Role.AUDITOR,
    Role.QA_LEAD,
    Role.MANAGER,
    Role.HEAD_OF_SERVICE,
    Role.PARTNER,
    Role.ADMIN,
)

# The table. The README's "Roles" section is generated from it (`permission_table()`),
# and tests/test_permissions.py walks every desk operation against every role with it.
RULES: dict[Op, tuple[Grant, ...]] = {
    Op.MANAGE_PEOPLE: (Grant(D),),
    Op.SET_TEAMS: (Grant(D), Grant(L)),
    Op.SEE_PEOPLE: (Grant(D), Grant(L)),
    Op.IMPORT_CASES: (Grant(L), Grant(D)),
    Op.START_AUDIT: (Grant(A), Grant(L)),
    Op.SEE_AUDIT: (
        Grant(A, Scope.OWN_AUDIT),
        Grant(P, Scope.OWN_AUDIT),
        Grant(M, Scope.TEAMS),
        Grant(L),
        Grant(H),
    ),
    Op.GRADE_AUDIT: (
        Grant(A, Scope.OWN_AUDIT),
        Grant(L, Scope.OWN_AUDIT),
        Grant(P, Scope.OWN_AUDIT),
    ),
    Op.REOPEN_AUDIT: (Grant(A, Scope.OWN_UNMODERATED), Grant(L)),
    Op.RECORD_FEEDBACK: (
        Grant(A, Scope.OWN_AUDIT),
        Grant(P, Scope.OWN_AUDIT),
        Grant(M, Scope.TEAMS),
        Grant(L),
    ),
    Op.SCHEDULE_REAUDIT: (Grant(A, Scope.OWN_AUDIT), Grant(L)),
    Op.RUN_PROGRAMMES: (Grant(L),),
    Op.ASSIGN_AUDITS: (Grant(L),),
    Op.MODERATE: (Grant(L, Scope.NOT_OWN_AUDIT),),
    Op.STEER_MODERATION: (Grant(L),),
    Op.JOINT_JUDGEMENT: (Grant(L),),
    Op.SEE_FOLLOW_UPS: (Grant(L), Grant(M), Grant(H), Grant(A)),
    Op.CLOSE_FOLLOW_UP: (Grant(L), Grant(M, Scope.TEAMS), Grant(None, Scope.ACTION_OWNER)),
    Op.SEE_FIGURES: (Grant(A), Grant(L), Grant(M), Grant(H)),
    Op.EXPORT: (Grant(L), Grant(M), Grant(H)),
    Op.EDIT_PLAN: (Grant(H), Grant(L)),
    Op.SEE_PLAN: (Grant(A), Grant(L), Grant(M), Grant(H)),
    Op.MERGE_THEMES: (Grant(L),),
    Op.PLAN_LEARNING: (Grant(L), Grant(H)),
    Op.UPKEEP: (Grant(D), Grant(L)),
    Op.COUNCIL_SETTINGS: (Grant(L), Grant(D)),
}


def _scope_holds(scope: Scope, person: Person, facts: Facts) -> bool:
    me = person.user_name
    if scope is Scope.ANY:
        return True
    if scope is Scope.OWN_AUDIT:
        return facts.auditor == me
    if scope is Scope.OWN_UNMODERATED:
        return facts.auditor == me and not facts.moderated
    if scope is Scope.NOT_OWN_AUDIT:
        return facts.auditor is not None and facts.auditor != me
    if scope is Scope.TEAMS:
        return facts.team is not None and facts.team in person.manages
    if scope is Scope.ACTION_OWNER:
        owner = (facts.owner or "").strip().casefold()
        return bool(owner) and owner in (me.casefold(), person.display_name.casefold())
    raise AssertionError(scope)


def allows(person: Person, op: Op, facts: Facts | None = None) -> bool:
    """True when some grant of `op` holds for this person and these facts.

    Without facts (a screen asking whether to show a key at all), a scoped grant counts
    as long as the person holds its role: the desk judges the facts when it is pressed.
    """
    if person.disabled:
        return False
    for grant in RULES[op]:
        if grant.role is not None and grant.role not in person.roles:
            continue
        if facts is None or _scope_holds(grant.scope, person, facts):
            return True
    return False


def refusal(person: Person, op: Op, facts: Facts | None = None) -> str | None:
    """None when allowed; otherwise one line saying who may, for the CLI and the app."""
    if allows(person, op, facts):
        return None
    if person.disabled:
        return f"{person.user_name} is not a person who may use this database (or is disabled)"
    who = "; ".join(grant.words for grant in RULES[op])
    return f"{person.user_name} ({person.role_words}) may not {op.value}: that is for {who}"


def permission_table() -> list[tuple[str, str]]:
    """(operation, who may) rows, in the table's order: for the README and `users roles`."""
    return [(op.value, "; ".join(g.words for g in RULES[op])) for op in RULES]
