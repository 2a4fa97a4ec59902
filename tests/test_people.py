"""People, passphrases, tokens and sign-in, against a real database file.

What an administrator and the people they add would notice: the first person must be
able to add the rest, a wrong passphrase says nothing about whether the name exists,
repeated failures lock for a while, nobody is ever deleted, and a disabled person's
token stops working at once.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from qa_tui.desks.audits import AuditDesk
from qa_tui.desks.people import (
    LOCK_AFTER,
    NOT_ACCEPTED,
    PeopleDesk,
    failure_delay,
    person_for_token,
    sign_in,
)
from qa_tui.domain.errors import NotAllowed, SignInRefused
from qa_tui.domain.passphrases import hash_passphrase, passphrase_matches
from qa_tui.domain.people import Role, parse_role, user_name_problem
from qa_tui.domain.permissions import RULES, Facts, Op, allows, permission_table, refusal
from qa_tui.store.database import Store

ADMIN_PASS = "kettle on the hob"
PASS = "seven brown owls"


@pytest.fixture
def admin(desk: AuditDesk) -> AuditDesk:
    """A database whose first person is an administrator, and their signed-in desk."""
    PeopleDesk(desk).add("ada.admin", "Ada Admin", [Role.ADMIN], passphrase=ADMIN_PASS)
    return desk.signed_in(sign_in(desk.store, "ada.admin", ADMIN_PASS, wait=False))


def test_a_database_with_no_people_is_one_person_with_every_role(desk: AuditDesk) -> None:
    assert desk.person.single_user
    assert all(desk.may(op) for op in Op)
    assert desk.person.home is Role.AUDITOR  # lands on their audits, as before people


def test_the_first_person_must_be_an_administrator_with_a_passphrase(desk: AuditDesk) -> None:
    people = PeopleDesk(desk)
    with pytest.raises(NotAllowed, match="first person added must be an administrator"):
        people.add("amy.auditor", "Amy", [Role.AUDITOR], passphrase=PASS)
    with pytest.raises(NotAllowed, match="first person added must be an administrator"):
        people.add("ada.admin", "Ada", [Role.ADMIN])
    assert not desk.store.has_people()


def test_once_people_exist_the_typed_name_is_nobody(admin: AuditDesk, store: Store) -> None:
    typed = AuditDesk(store, "alice")  # 'alice' was the single user; she is no person
    assert typed.person.disabled and not typed.person.roles
    with pytest.raises(NotAllowed, match="not a person who may use this database"):
        typed.require(Op.START_AUDIT)


def test_people_are_added_changed_and_disabled_never_deleted(
    admin: AuditDesk, store: Store, db_path: Path
) -> None:
    people = PeopleDesk(admin)
    people.add(
        "amy.auditor", "Amy Auditor", ["auditor"], teams=["Team A", " Team A "], passphrase=PASS
    )
    amy = store.person("amy.auditor")
    assert amy is not None and amy.roles == {Role.AUDITOR} and amy.teams == ("Team A",)

    changed = people.change("amy.auditor", roles=["auditor", "qa_lead"], manages=["Team B"])
    assert changed.roles == {Role.AUDITOR, Role.QA_LEAD} and changed.manages == ("Team B",)
    assert people.disable("amy.auditor").disabled
    assert [p.user_name for p in people.everyone()] == ["ada.admin", "amy.auditor"]

    with sqlite3.connect(db_path) as conn, pytest.raises(sqlite3.IntegrityError):
        conn.execute("DELETE FROM people WHERE user_name = 'amy.auditor'")
    events = store._rows(
        "SELECT who, field FROM events WHERE entity = 'person' AND entity_id = 'amy.auditor'"
    )
    assert {e["who"] for e in events} == {"ada.admin"}  # the signed-in person, every time
    assert not any("scrypt" in str(e) for e in store._rows("SELECT * FROM events"))


def test_the_only_administrator_cannot_be_disabled_or_demoted(admin: AuditDesk) -> None:
    people = PeopleDesk(admin)
    with pytest.raises(NotAllowed, match="only administrator"):
        people.disable("ada.admin")
    with pytest.raises(NotAllowed, match="only administrator"):
        people.change("ada.admin", roles=["qa_lead"])


def test_a_partner_agency_person_names_their_agency(admin: AuditDesk) -> None:
    with pytest.raises(NotAllowed, match="--agency"):
        PeopleDesk(admin).add("pat.police", "Pat", ["partner"], passphrase=PASS)
    pat = PeopleDesk(admin).add("pat.police", "Pat", ["partner"], agency="Police")
    assert pat.agency == "Police" and not pat.has_passphrase


def test_bad_user_names_and_short_passphrases_are_refused(admin: AuditDesk) -> None:
    people = PeopleDesk(admin)
    for bad in ("Amy", "amy auditor", "[bold]amy", ""):
        with pytest.raises(NotAllowed, match="not a user name"):
            people.add(bad, "Amy", ["auditor"], passphrase=PASS)
    with pytest.raises(NotAllowed, match="at least 10 characters"):
        people.add("amy.auditor", "Amy", ["auditor"], passphrase="short")
    assert user_name_problem("amy.o-brien_2") is None


def test_a_wrong_passphrase_and_an_unknown_name_get_the_same_words(admin: AuditDesk) -> None:
    with pytest.raises(SignInRefused) as wrong:
        sign_in(admin.store, "ada.admin", "not the passphrase", wait=False)
    with pytest.raises(SignInRefused) as unknown:
        sign_in(admin.store, "nobody.here", "not the passphrase", wait=False)
    assert str(wrong.value) == str(unknown.value) == NOT_ACCEPTED


def test_repeated_failures_slow_down_then_lock_until_reset(admin: AuditDesk) -> None:
    people = PeopleDesk(admin)
    people.add("amy.auditor", "Amy", ["auditor"], passphrase=PASS)
    start = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
    for _ in range(LOCK_AFTER):
        with pytest.raises(SignInRefused):
            sign_in(admin.store, "amy.auditor", "guess guess guess", now=start, wait=False)
    with pytest.raises(SignInRefused, match="too many failed attempts"):  # even the right one
        sign_in(admin.store, "amy.auditor", PASS, now=start + timedelta(minutes=1), wait=False)
    later = start + timedelta(minutes=16)
    assert sign_in(admin.store, "amy.auditor", PASS, now=later, wait=False).user_name == (
        "amy.auditor"
    )
    assert failure_delay(1) < failure_delay(3) <= failure_delay(10) == 4.0

    for _ in range(LOCK_AFTER):
        with pytest.raises(SignInRefused):
            sign_in(admin.store, "amy.auditor", "guess guess guess", wait=False)
    people.reset_passphrase("amy.auditor", "a fresh long passphrase")  # lifts the lock
    assert sign_in(admin.store, "amy.auditor", "a fresh long passphrase", wait=False)


def test_a_person_changes_their_own_passphrase_with_the_old_one(admin: AuditDesk) -> None:
    PeopleDesk(admin).add("amy.auditor", "Amy", ["auditor"], passphrase=PASS)
    amy = admin.signed_in(sign_in(admin.store, "amy.auditor", PASS, wait=False))
    with pytest.raises(SignInRefused, match="not right"):
        PeopleDesk(amy).change_passphrase("wrong old one", "a brand new phrase")
    PeopleDesk(amy).change_passphrase(PASS, "a brand new phrase")
    with pytest.raises(SignInRefused):
        sign_in(admin.store, "amy.auditor", PASS, wait=False)
    assert sign_in(admin.store, "amy.auditor", "a brand new phrase", wait=False)


def test_tokens_are_kept_hashed_revocable_and_die_with_a_disabled_person(
    admin: AuditDesk, store: Store
) -> None:
    PeopleDesk(admin).add("amy.auditor", "Amy", ["auditor"], passphrase=PASS)
    amy = admin.signed_in(sign_in(store, "amy.auditor", PASS, wait=False))
    token = PeopleDesk(amy).issue_token("nightly export")
    assert person_for_token(store, token).user_name == "amy.auditor"
    assert token not in str(store._rows("SELECT * FROM tokens"))

    second = PeopleDesk(amy).issue_token("spare")
    spare_id = PeopleDesk(amy).tokens("amy.auditor")[-1]["id"]
    PeopleDesk(amy).revoke_token(spare_id)
    with pytest.raises(SignInRefused):
        person_for_token(store, second)

    PeopleDesk(admin).disable("amy.auditor")
    with pytest.raises(SignInRefused):
        person_for_token(store, token)
    with pytest.raises(SignInRefused):
        sign_in(store, "amy.auditor", PASS, wait=False)


def test_someone_elses_tokens_are_an_administrators_business(admin: AuditDesk) -> None:
    PeopleDesk(admin).add("amy.auditor", "Amy", ["auditor"], passphrase=PASS)
    PeopleDesk(admin).add("bob.auditor", "Bob", ["auditor"], passphrase=PASS)
    amy = admin.signed_in(sign_in(admin.store, "amy.auditor", PASS, wait=False))
    bob = admin.signed_in(sign_in(admin.store, "bob.auditor", PASS, wait=False))
    PeopleDesk(amy).issue_token()
    amy_token = PeopleDesk(amy).tokens("amy.auditor")[0]["id"]
    with pytest.raises(NotAllowed):
        PeopleDesk(bob).revoke_token(amy_token)
    with pytest.raises(NotAllowed):
        PeopleDesk(bob).tokens("amy.auditor")
    assert PeopleDesk(admin).revoke_token(amy_token)["user_name"] == "amy.auditor"


def test_only_an_administrator_manages_people_and_a_qa_lead_sets_teams(admin: AuditDesk) -> None:
    PeopleDesk(admin).add("lee.lead", "Lee", ["qa_lead"], passphrase=PASS)
    PeopleDesk(admin).add("amy.auditor", "Amy", ["auditor"], passphrase=PASS)
    lee = admin.signed_in(sign_in(admin.store, "lee.lead", PASS, wait=False))
    amy = admin.signed_in(sign_in(admin.store, "amy.auditor", PASS, wait=False))
    assert PeopleDesk(lee).change("amy.auditor", teams=["Team C"]).teams == ("Team C",)
    with pytest.raises(NotAllowed, match="may not add, change or disable people"):
        PeopleDesk(lee).change("amy.auditor", roles=["qa_lead"])
    with pytest.raises(NotAllowed, match=r"amy.auditor \(auditor\) may not see the list"):
        PeopleDesk(amy).everyone()


def test_the_table_reads_as_the_issue_says() -> None:
    def person(*roles: Role, manages: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
        from qa_tui.domain.people import Person

        return Person("me", "Me", frozenset(roles), manages=manages)

    auditor, lead = person(Role.AUDITOR), person(Role.QA_LEAD)
    manager = person(Role.MANAGER, manages=("Team A",))
    head = person(Role.HEAD_OF_SERVICE)
    mine, theirs = Facts(auditor="me"), Facts(auditor="someone.else", team="Team A")
    assert allows(auditor, Op.GRADE_AUDIT, mine)
    assert not allows(auditor, Op.GRADE_AUDIT, theirs)
    assert allows(auditor, Op.REOPEN_AUDIT, mine)
    assert not allows(auditor, Op.REOPEN_AUDIT, Facts(auditor="me", moderated=True))
    assert allows(lead, Op.REOPEN_AUDIT, theirs)
    assert allows(lead, Op.MODERATE, theirs) and not allows(lead, Op.MODERATE, mine)
    assert allows(manager, Op.CLOSE_FOLLOW_UP, Facts(team="Team A"))
    assert not allows(manager, Op.CLOSE_FOLLOW_UP, Facts(team="Team B"))
    assert allows(auditor, Op.CLOSE_FOLLOW_UP, Facts(owner=" ME "))  # the action's owner
    assert allows(head, Op.EDIT_PLAN) and allows(lead, Op.EDIT_PLAN)
    assert not allows(auditor, Op.EDIT_PLAN) and not allows(manager, Op.MERGE_THEMES)
    assert refusal(auditor, Op.MERGE_THEMES) == (
        "me (auditor) may not merge or rename themes: that is for a QA lead"
    )
    assert len(permission_table()) == len(RULES) == len(Op)


def test_roles_are_read_as_people_type_them() -> None:
    assert parse_role("QA lead") is parse_role("qa-lead") is Role.QA_LEAD
    assert parse_role("Head of service") is Role.HEAD_OF_SERVICE
    with pytest.raises(ValueError, match="not a role"):
        parse_role("inspector")


def test_a_passphrase_hash_is_salted_and_checked_whole() -> None:
    one, two = hash_passphrase(PASS), hash_passphrase(PASS)
    assert one != two and PASS not in one
    assert passphrase_matches(PASS, one) and passphrase_matches(PASS, two)
    assert not passphrase_matches(PASS + " ", one)
    assert not passphrase_matches(PASS, "scrypt$broken")


def test_the_readme_shows_the_table_the_desks_check() -> None:
    """The README's roles table is the code's: a rule changed in one is changed in both."""
    readme = (Path(__file__).parent.parent / "README.md").read_text("utf-8")
    for what, who in permission_table():
        assert f"| {what} | {who} |" in readme, what
