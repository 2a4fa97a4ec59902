"""Safeguarding at any moment: a concern recorded the moment it is found, on the audit,
without finishing it; it joins the follow-ups, and a later Inadequate submit does not
ask for it again."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from conftest import MINI_CASE, MINI_RUBRICS, graded_audit, settle
from people_setup import people_database

from qa_tui.desks.audits import AuditDesk, EscalationRequired, ServiceError
from qa_tui.desks.concerns import raise_concern
from qa_tui.desks.follow_ups import FollowUps
from qa_tui.domain.errors import NotAllowed
from qa_tui.domain.records import Case
from qa_tui.settings import Settings
from qa_tui.store.database import Store
from qa_tui.tui.app import make_app

ACTION = "Visit today with police; TM to ring the school"


def an_hour_ago() -> str:
    return (datetime.now() - timedelta(hours=1)).strftime("%Y-%m-%d %H:%M")


def finish_as_inadequate(desk: AuditDesk, audit_id: int) -> None:
    desk.grade(audit_id, "child-seen", "inadequate")
    desk.save_evidence(audit_id, "child-seen", "Not seen since March")
    desk.mark_not_applicable(audit_id, "plan-smart")
    desk.grade(audit_id, "visits-in-time", "no")
    desk.save_evidence(audit_id, "visits-in-time", "No visits recorded")
    desk.set_overall(audit_id, "inadequate")
    desk.set_text(audit_id, "overall_rationale", "Child unseen for months")


# -- the desk ---------------------------------------------------------------------------


def test_a_concern_at_the_first_criterion_is_recorded_at_once_and_followed_up(
    desk: AuditDesk, mini_case: str
) -> None:
    audit_id = desk.start_audit(mini_case, "mini")
    told_at = an_hour_ago()
    concern = raise_concern(
        desk, audit_id, " TM Cedar ", told_at, ACTION, criterion_id="child-seen"
    )
    assert (concern.told_who, concern.told_at, concern.immediate_action) == (
        "TM Cedar",
        told_at,
        ACTION,
    )
    audit = desk.store.audit(audit_id)
    assert audit.status == "in_progress"  # work on the audit has started; nothing graded
    assert audit.answers == {} and audit.escalations == [concern]
    [item] = FollowUps(desk).list()
    assert (item.kind, item.audit_id, item.owner, item.what, item.status) == (
        "escalation",
        audit_id,
        "TM Cedar",
        ACTION,
        "open",
    )
    assert item.raised_on == told_at
    [event] = [e for e in desk.store.events("audit", audit_id) if e.field.startswith("escal")]
    assert event.field == f"escalation.{concern.id}" and event.who == "alice"
    assert event.new_value == f"told TM Cedar at {told_at}: {ACTION} (raised at child-seen)"


def test_an_inadequate_submit_after_a_concern_does_not_ask_again(
    desk: AuditDesk, mini_case: str
) -> None:
    audit_id = desk.start_audit(mini_case, "mini")
    raise_concern(desk, audit_id, "TM Cedar", an_hour_ago(), ACTION)
    finish_as_inadequate(desk, audit_id)
    desk.submit(audit_id)  # no escalation given: the concern already is one
    audit = desk.store.audit(audit_id)
    assert audit.status == "submitted" and len(audit.escalations) == 1
    assert [i.kind for i in FollowUps(desk).list()] == ["escalation"]


def test_without_a_concern_an_inadequate_submit_still_needs_its_escalation(
    desk: AuditDesk, mini_case: str
) -> None:
    audit_id = graded_audit(desk, mini_case, overall="inadequate", child_seen="inadequate")
    with pytest.raises(EscalationRequired):
        desk.submit(audit_id)
    assert desk.store.audit(audit_id).status == "in_progress"


@pytest.mark.parametrize(
    ("who", "when", "action", "problem"),
    [
        ("  ", None, ACTION, "needs who was told"),
        ("TM Cedar", None, " ", "needs who was told"),
        ("TM Cedar", "yesterday", ACTION, "not a date and time"),
        ("TM Cedar", "2999-01-01 09:00", ACTION, "cannot be in the future"),
    ],
)
def test_a_concern_needs_who_when_and_the_action(
    desk: AuditDesk, mini_case: str, who: str, when: str | None, action: str, problem: str
) -> None:
    audit_id = desk.start_audit(mini_case, "mini")
    with pytest.raises(ServiceError, match=problem):
        raise_concern(desk, audit_id, who, when or an_hour_ago(), action)
    audit = desk.store.audit(audit_id)
    assert audit.escalations == [] and audit.status == "to_do"  # nothing written


def test_a_concern_on_a_submitted_audit_is_recorded_without_reopening_it(
    desk: AuditDesk, full_audit: int
) -> None:
    desk.submit(full_audit)
    before = desk.store.audit(full_audit)
    raise_concern(desk, full_audit, "TM Cedar", datetime.now(), ACTION)
    after = desk.store.audit(full_audit)
    assert after.status == "submitted" and after.submitted_at == before.submitted_at
    assert after.answers == before.answers and len(after.escalations) == 1


def test_only_the_audits_auditor_records_a_concern_on_it(tmp_path: Path) -> None:
    store: Store = people_database(tmp_path / "people.sqlite3")
    try:
        store.upsert_cases([Case(MINI_CASE, "MASH", cohort="CIN")], "lead", "test")
        avery = AuditDesk(store, "avery.auditor", MINI_RUBRICS)
        audit_id = avery.start_audit(MINI_CASE, "mini")
        for other in ("lee.lead", "ada.admin", "dee.gone"):
            with pytest.raises(NotAllowed):
                raise_concern(
                    AuditDesk(store, other, MINI_RUBRICS), audit_id, "TM", an_hour_ago(), ACTION
                )
        assert store.audit(audit_id).escalations == []
        raise_concern(avery, audit_id, "TM Cedar", an_hour_ago(), ACTION)
        assert [e.recorded_by for e in store.audit(audit_id).escalations] == ["avery.auditor"]
    finally:
        store.close()


# -- on the audit screen --------------------------------------------------------------------


@pytest.fixture
def screen_desk(store: Store) -> AuditDesk:
    store.upsert_cases(
        [Case(MINI_CASE, "Assessment North", manager="TM Cedar", cohort="CIN")], "lead", "test"
    )
    return AuditDesk(store, "alice", MINI_RUBRICS)


def concern_lines(app) -> str:  # type: ignore[no-untyped-def]
    from qa_tui.tui.screens.audit_concern import ConcernLine

    found = list(app.screen.query(ConcernLine))
    return str(found[0].render()) if found else ""


async def type_text(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press(*["space" if ch == " " else ch for ch in text])


async def test_the_key_records_a_concern_at_the_first_criterion_and_submit_does_not_ask(
    screen_desk: AuditDesk,
) -> None:
    desk = screen_desk
    audit_id = desk.start_audit(MINI_CASE, "mini")
    app = make_app(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        app.open_audit(audit_id)
        await settle(pilot, app)
        assert app.screen.current == "child-seen" and concern_lines(app) == ""
        await pilot.press("exclamation_mark")
        await settle(pilot, app)
        assert type(app.screen).__name__ == "ConcernForm"
        await type_text(pilot, "TM Cedar")
        await pilot.press("enter", "enter")  # keep the time offered: now
        await type_text(pilot, "Visit today")
        await pilot.press("enter")
        await settle(pilot, app)
        assert type(app.screen).__name__ == "AuditScreen"
        shown = concern_lines(app)
        [concern] = desk.store.audit(audit_id).escalations
        assert shown == f"⚠ safeguarding concern raised {concern.told_at[11:]}, told TM Cedar"
        [item] = FollowUps(desk).list()
        assert (item.kind, item.owner, item.what) == ("escalation", "TM Cedar", "Visit today")
        assert desk.store.audit(audit_id).status == "in_progress"  # not finished, not asked to

        finish_as_inadequate(desk, audit_id)  # later: every criterion, Inadequate overall
        await pilot.press("s")
        await settle(pilot, app)
        assert type(app.screen).__name__ == "AuditScreen"  # no escalation form this time
        assert "safeguarding concern raised" in concern_lines(app)
    audit = desk.store.audit(audit_id)
    assert audit.status == "submitted" and len(audit.escalations) == 1


async def test_escape_records_nothing(screen_desk: AuditDesk) -> None:
    audit_id = screen_desk.start_audit(MINI_CASE, "mini")
    app = make_app(screen_desk)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot, app)
        app.open_audit(audit_id)
        await settle(pilot, app)
        await pilot.press("exclamation_mark")
        await settle(pilot, app)
        await type_text(pilot, "TM")
        await pilot.press("escape")
        await settle(pilot, app)
        assert type(app.screen).__name__ == "AuditScreen" and concern_lines(app) == ""
        assert any("No safeguarding concern" in n.message for n in app._notifications)
    assert screen_desk.store.audit(audit_id).escalations == []


async def test_an_inadequate_limiting_grade_offers_the_key(screen_desk: AuditDesk) -> None:
    audit_id = screen_desk.start_audit(MINI_CASE, "mini")
    # The cursor stays put after each grade, so the arrows alone choose the criterion.
    app = make_app(screen_desk, settings=Settings(stay_on_criterion=True))

    def offers() -> list[str]:
        return [n.message for n in app._notifications if "press !" in n.message]

    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot, app)
        app.open_audit(audit_id)
        await settle(pilot, app)
        await pilot.press("down")  # plan-smart: not limiting
        await settle(pilot, app)
        await pilot.press("4")
        await settle(pilot, app)
        assert offers() == []
        await pilot.press("up")  # child-seen: limiting
        await settle(pilot, app)
        await pilot.press("3")  # Requires improvement: poor, not immediate risk
        await settle(pilot, app)
        assert offers() == []
        await pilot.press("4")  # Inadequate
        await settle(pilot, app)
        assert len(offers()) == 1 and "Inadequate on a limiting criterion" in offers()[0]
        assert type(app.screen).__name__ == "AuditScreen"  # offered, never forced
        await pilot.press("3", "4")  # changing it back and forth offers it once
        await settle(pilot, app)
        assert len(offers()) == 1
        await pilot.press("exclamation_mark")  # taking the offer
        await settle(pilot, app)
        assert type(app.screen).__name__ == "ConcernForm"
