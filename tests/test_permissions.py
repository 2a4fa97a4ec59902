"""Permissions live in the desks: every desk operation, walked against every role.

One real database (tests/permission_world.py) holds cases, audits by two auditors and
a QA lead (submitted and moderated, submitted and waiting, in progress), a partner's
audit, an escalation and case actions, programmes, an action plan item and themes; then
one person per role, a disabled person, and a name that is no person at all. Each step
of tests/permission_steps.py (every public operation, in each situation that matters)
runs for each of them on a fresh copy of the file, and must be allowed exactly when the
permission table allows it: a refusal raises NotAllowed and writes nothing.
"""

from __future__ import annotations

import inspect
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest
from permission_steps import Desks, Step, every_step, more_step_modules
from permission_world import (
    ANN,
    EVERYONE,
    LEE,
    World,
    build_world,
    desk_for,
    fresh_copy,
)

import qa_tui.exports
from qa_tui.desks.audits import AuditDesk, ServiceError
from qa_tui.desks.dashboard import DashboardDesk
from qa_tui.desks.follow_ups import FollowUps
from qa_tui.desks.moderation import ModerationDesk
from qa_tui.desks.people import PeopleDesk
from qa_tui.desks.plan import ActionDesk, ActionError
from qa_tui.desks.programmes import ProgrammeDesk
from qa_tui.desks.themes import ThemeDesk
from qa_tui.domain.errors import NotAllowed, StoreError
from qa_tui.store.database import Store

DESKS = [
    AuditDesk,
    ProgrammeDesk,
    ModerationDesk,
    FollowUps,
    ThemeDesk,
    ActionDesk,
    DashboardDesk,
    PeopleDesk,
    *(desk for module in more_step_modules() for desk in module.DESKS),
]
# Public names that are no operation on the data, and why they ask nothing.
NOT_GUARDED = {
    "AuditDesk.person": "who is at the desk: what every check reads",
    "AuditDesk.may": "the question screens ask; answers, changes nothing",
    "AuditDesk.require": "the check itself",
    "AuditDesk.require_signed_in": "the check itself",
    "AuditDesk.require_on_audit": "the check itself, on one audit",
    "AuditDesk.audit_facts": "what the checks are judged on",
    "AuditDesk.forget_person": "reads the person again at the next check",
    "AuditDesk.signed_in": "the desk of a person a door has already signed in",
    "AuditDesk.rubric_files": "the rubric files on disk, the same for everyone",
    "AuditDesk.current_rubric": "one rubric file, the same for everyone",
    "AuditDesk.check_rubric_files": "the rubric files' problems, the same for everyone",
    "AuditDesk.theme_vocabulary": "theme names offered as completions while grading",
    "ProgrammeDesk.user": "the name of the person at the desk",
    "ActionDesk.user": "the name of the person at the desk",
}


@dataclass(frozen=True)
class Outcome:
    refused: bool
    wrote_when_refused: bool = False
    failed: str = ""  # anything else raised


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    return build_world(tmp_path_factory.mktemp("permissions"))


def _events(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT count(*) FROM events").fetchone()[0])
    finally:
        conn.close()


def run(template: Path, copy: Path, user: str, step: Step) -> Outcome:
    fresh_copy(template, copy)
    store = Store.open(copy, create=False)
    try:
        events, changes = _events(copy), store.conn.total_changes
        try:
            step.call(Desks(store, user))
        except NotAllowed:
            wrote = _events(copy) != events or store.conn.total_changes != changes
            return Outcome(refused=True, wrote_when_refused=wrote)
        except (ServiceError, ActionError, StoreError) as exc:
            return Outcome(refused=False, failed=f"{type(exc).__name__}: {exc}")
        return Outcome(refused=False)
    finally:
        store.close()


@pytest.mark.parametrize("user", EVERYONE)
def test_every_operation_is_allowed_exactly_when_the_table_says(
    world: World, user: str, tmp_path: Path
) -> None:
    template = Store.open(world.people, create=False)
    person = world.person(template, user)
    template.close()
    allowed_but_forbidden, refused_but_allowed, wrote, failed = [], [], [], []
    for step in every_step(world):
        outcome = run(world.people, tmp_path / "walk.sqlite3", user, step)
        expected = step.expect(person)
        if outcome.refused and expected:
            refused_but_allowed.append(step.name)
        if not outcome.refused and not expected:
            allowed_but_forbidden.append(f"{step.name}: {outcome.failed or 'done'}")
        if outcome.wrote_when_refused:
            wrote.append(step.name)
        if outcome.failed and expected:
            failed.append(f"{step.name}: {outcome.failed}")
    assert allowed_but_forbidden == [], f"{user} did what the table forbids"
    assert refused_but_allowed == [], f"{user} was refused what the table allows"
    assert wrote == [], f"a refusal to {user} still wrote"
    assert failed == [], "a walked call failed: the walk must use calls that work"


def test_a_database_with_no_people_refuses_nothing_as_before(world: World, tmp_path: Path) -> None:
    refused, failed = [], []
    for step in every_step(world):
        if step.method.startswith("PeopleDesk."):
            continue  # about people; a database with none has no tokens or passphrases
        outcome = run(world.single, tmp_path / "walk.sqlite3", "sam.solo", step)
        if outcome.refused:
            refused.append(step.name)
        if outcome.failed:
            failed.append(f"{step.name}: {outcome.failed}")
    assert refused == []
    # The only thing that does not work: completing a moderation nobody has graded.
    assert [f.split(":")[0] for f in failed] == ["ModerationDesk.complete (l_sub)"]


def test_the_walk_covers_every_public_operation(world: World) -> None:
    """Complete by construction: a new desk method or export must be walked or listed."""
    walked = {step.method for step in every_step(world)}
    public = set()
    for cls in DESKS:
        for name, member in inspect.getmembers(cls):
            if name.startswith("_"):
                continue
            if inspect.isfunction(member) or isinstance(member, property):
                public.add(f"{cls.__name__}.{name}")
    for module in _export_modules():
        for name, func in inspect.getmembers(module, inspect.isfunction):
            params = list(inspect.signature(func).parameters)
            if func.__module__ == module.__name__ and params[:1] == ["desk"]:
                public.add(f"exports.{name}")
            assert "store" not in params, f"{module.__name__}.{name} reads the store directly"
    public.add("upkeep.require_upkeep")
    assert sorted(public - walked - set(NOT_GUARDED)) == []
    assert sorted(walked - public) == []


def _export_modules() -> list:
    import importlib
    import pkgutil

    return [
        importlib.import_module(f"qa_tui.exports.{m.name}")
        for m in pkgutil.iter_modules(qa_tui.exports.__path__)
    ]


# -- the rules people will ask about --------------------------------------------------


@pytest.fixture
def store(world: World, tmp_path: Path):  # type: ignore[no-untyped-def]
    s = Store.open(fresh_copy(world.people, tmp_path / "qa.sqlite3"), create=False)
    yield s
    s.close()


def test_an_auditor_cannot_reopen_someone_elses_audit(world: World, store: Store) -> None:
    b_sub = world.audits["b_sub"]
    with pytest.raises(NotAllowed, match="may not reopen a submitted audit"):
        desk_for(store, ANN).reopen(b_sub, "I think it was wrong")
    assert store.audit(b_sub).submitted


def test_reopening_after_moderation_is_the_qa_leads_with_a_reason(
    world: World, store: Store
) -> None:
    a_mod, a_sub = world.audits["a_mod"], world.audits["a_sub"]
    ann, lee = desk_for(store, ANN), desk_for(store, LEE)
    with pytest.raises(NotAllowed, match="before moderation"):
        ann.reopen(a_mod, "I want to change a grade")
    assert store.audit(a_mod).submitted
    assert not ann.reopen(a_sub, "Graded the wrong file").audit.submitted  # not yet moderated
    with pytest.raises(ServiceError, match="needs a reason"):
        lee.reopen(a_mod, "  ")
    assert not lee.reopen(a_mod, "Moderation found the evidence thin").audit.submitted
    last = store.events("audit", a_mod)[-1]
    assert last.who == LEE and "Moderation found the evidence thin" in (last.new_value or "")


def test_a_qa_lead_cannot_moderate_an_audit_they_assigned_to_themselves(
    world: World, store: Store
) -> None:
    b_wip = world.audits["b_wip"]
    lee = desk_for(store, LEE)
    ProgrammeDesk(lee).reassign(b_wip, LEE, "Bob is away; I will finish it")
    lee.grade(b_wip, "child-seen", "outstanding")
    lee.set_overall(b_wip, "outstanding")
    lee.submit(b_wip)  # Outstanding: always moderated
    moderation = ModerationDesk(lee)
    assert b_wip in [row["audit_id"] for row in moderation.queue()]
    for attempt in (
        lambda: moderation.open(b_wip),
        lambda: moderation.grade(b_wip, "child-seen", 1),
        lambda: moderation.agree(b_wip, "child-seen"),
        lambda: moderation.set_overall(b_wip, 1),
        lambda: moderation.complete(b_wip),
    ):
        with pytest.raises(NotAllowed, match="never their own audits"):
            attempt()
    assert ModerationDesk(desk_for(store, "x"))._view(b_wip).answers == {}


def test_events_record_the_signed_in_person_not_a_typed_name(world: World, store: Store) -> None:
    a_wip = world.audits["a_wip"]
    typed = desk_for(store, "typed.name")
    with pytest.raises(NotAllowed, match="not a person who may use this database"):
        typed.grade(a_wip, "child-seen", "good")
    person = store.person(ANN)
    assert person is not None
    typed.signed_in(person).grade(a_wip, "child-seen", "requires-improvement")
    assert store.events("audit", a_wip)[-1].who == ANN
    old, new = ThemeDesk(desk_for(store, LEE)).merge("Plans are vague", "Plans not SMART")
    assert store.events("audit", world.audits["b_wip"])[-1].who == LEE
    assert (old, new) == ("Plans are vague", "Plans not SMART")


def test_a_manager_sees_their_teams_audits_and_closes_their_actions_only(
    world: World, store: Store
) -> None:
    desk = desk_for(store, "max.manager")
    assert desk.open_audit(world.audits["a_sub"]).audit.case.case_ref == "C-A2"  # Team A
    with pytest.raises(NotAllowed, match="their teams' cases"):
        desk.open_audit(world.audits["b_sub"])
    kind, item, _facts = world.follow_ups["Team B action owned by Hana Head"]
    with pytest.raises(NotAllowed):
        FollowUps(desk).close(kind, item, "Done")
    FollowUps(desk_for(store, "hana.head")).close(kind, item, "Supervision reviewed")
    closed = [f for f in FollowUps(desk).list(include_closed=True) if f.id == item]
    assert closed[0].status == "closed" and closed[0].closing_note == "Supervision reviewed"
