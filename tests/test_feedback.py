"""Feedback to practice: recorded after submit, checked, saved at once with an event,
waiting on the auditor's list until given, and counted for the dashboard."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import MINI_RUBRICS, graded_audit

from qa_tui.desks.audits import AuditDesk, ServiceError
from qa_tui.desks.feedback import FeedbackDesk
from qa_tui.domain.dashboard_records import Filters
from qa_tui.domain.feedback import add_working_days
from qa_tui.domain.records import Case
from qa_tui.store.database import Store

TODAY = date.today().isoformat()


@pytest.fixture
def submitted(desk: AuditDesk, full_audit: int) -> int:
    desk.submit(full_audit)
    return full_audit


def test_feedback_waits_for_submit_and_is_then_saved_with_an_event(
    desk: AuditDesk, full_audit: int, store: Store
) -> None:
    feedback = FeedbackDesk(desk)
    with pytest.raises(ServiceError, match="once the audit is submitted"):
        feedback.record(full_audit, given_to="worker", given_on=TODAY, how="in_person")
    desk.submit(full_audit)
    row = feedback.record(
        full_audit,
        given_to="worker",
        given_to_name="SW Amber",
        given_on=TODAY,
        how="in_person",
        response="agrees",
        reflection="I will see the child alone next visit",
    )
    assert [f.id for f in feedback.for_audit(full_audit)] == [row.id]
    assert row.response_label == "Agrees" and row.how_label == "In person"
    last = store.events("audit", full_audit)[-1]
    assert last.field == f"feedback.{row.id}" and "SW Amber" in (last.new_value or "")


def test_a_worker_who_disagrees_needs_reasons(desk: AuditDesk, submitted: int) -> None:
    feedback = FeedbackDesk(desk)
    for response in ("disagrees", "partly_agrees"):
        with pytest.raises(ServiceError, match="needs their reasons"):
            feedback.record(
                submitted, given_to="worker", given_on=TODAY, how="online", response=response
            )
    assert feedback.for_audit(submitted) == []
    row = feedback.record(
        submitted,
        given_to="worker",
        given_on=TODAY,
        how="online",
        response="disagrees",
        reasons="The child was seen alone at school; it is on the school's log",
    )
    assert row.reasons.startswith("The child was seen alone")


def test_the_date_given_is_a_real_day_not_in_the_future_nor_before_submit(
    desk: AuditDesk, submitted: int, store: Store
) -> None:
    feedback = FeedbackDesk(desk)
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    for day, message in (
        ("31/12/2025", "not a date"),
        ("2025-02-30", "not a date"),
        (tomorrow, "in the future"),
    ):
        with pytest.raises(ServiceError, match=message):
            feedback.record(submitted, given_to="manager", given_on=day, how="in_writing")
    store.backdate_submission(submitted, "2025-03-03T10:00:00+00:00", "test")
    with pytest.raises(ServiceError, match="before the audit was submitted"):
        feedback.record(submitted, given_to="manager", given_on="2025-03-01", how="in_writing")
    with pytest.raises(ServiceError, match="given to must be one of"):
        feedback.record(submitted, given_to="child", given_on=TODAY, how="in_writing")
    with pytest.raises(ServiceError, match="how must be one of"):
        feedback.record(submitted, given_to="worker", given_on=TODAY, how="pigeon")
    assert feedback.for_audit(submitted) == []


def test_changing_the_response_later_is_saved_field_by_field(
    desk: AuditDesk, submitted: int, store: Store
) -> None:
    feedback = FeedbackDesk(desk)
    row = feedback.record(submitted, given_to="worker", given_on=TODAY, how="by_phone")
    assert row.response == "not_yet"
    with pytest.raises(ServiceError, match="needs their reasons"):
        feedback.change(row.id, response="disagrees")
    changed = feedback.change(row.id, response="partly_agrees", reasons="Visits were in time")
    assert (changed.response, changed.reasons) == ("partly_agrees", "Visits were in time")
    fields = [e.field for e in store.events("audit", submitted)[-2:]]
    assert fields == [f"feedback.{row.id}.response", f"feedback.{row.id}.reasons"]
    with pytest.raises(ServiceError, match="no feedback 999"):
        feedback.change(999, response="agrees")


def test_awaiting_lists_my_submitted_audits_without_feedback_oldest_first(
    desk: AuditDesk, store: Store
) -> None:
    store.upsert_cases([Case(f"C-{i}", "Team A") for i in range(3)], "lead", "test")
    ids = [graded_audit(desk, f"C-{i}") for i in range(3)]
    for i in ids[:2]:
        desk.submit(i)
    store.backdate_submission(ids[1], "2025-01-10T10:00:00+00:00", "test")
    feedback = FeedbackDesk(desk)
    assert [a.audit_id for a in feedback.awaiting()] == [ids[1], ids[0]]  # ids[2] not submitted
    feedback.record(ids[1], given_to="worker", given_on=TODAY, how="in_person")
    assert [a.audit_id for a in feedback.awaiting()] == [ids[0]]
    assert FeedbackDesk(AuditDesk(store, "bob", MINI_RUBRICS)).awaiting() == []


def test_working_days_skip_weekends() -> None:
    friday = date(2025, 6, 6)
    assert add_working_days(friday, 1) == date(2025, 6, 9)  # Monday
    assert add_working_days(friday, 10) == date(2025, 6, 20)
    assert add_working_days(friday, 0) == friday


def test_timeliness_counts_feedback_within_n_working_days_by_team(
    desk: AuditDesk, store: Store
) -> None:
    store.upsert_cases(
        [Case(f"A-{i}", "Team A") for i in range(3)] + [Case("B-0", "Team B")], "lead", "test"
    )
    ids = {ref: graded_audit(desk, ref) for ref in ("A-0", "A-1", "A-2", "B-0")}
    for audit_id in ids.values():
        desk.submit(audit_id)
        store.backdate_submission(audit_id, "2025-06-06T09:00:00+00:00", "test")  # a Friday
    feedback = FeedbackDesk(desk)
    today = date(2025, 7, 31)
    feedback.record(
        ids["A-0"], given_to="worker", given_on="2025-06-20", how="in_person", today=today
    )  # 10 working days: in time
    feedback.record(
        ids["A-1"], given_to="worker", given_on="2025-06-23", how="in_person", today=today
    )  # 11: late
    figure = feedback.timeliness(today=today)
    by_team = {t.team: t for t in figure.teams}
    a = by_team["Team A"]
    assert (a.submitted, a.in_time, a.late, a.missing, a.pending) == (3, 1, 1, 1, 0)
    assert a.share == pytest.approx(1 / 3)
    assert by_team["Team B"].share == 0
    assert figure.total.submitted == 4 and figure.total.in_time == 1
    # With a longer allowance the late one is in time; a month filter leaves June out.
    assert feedback.timeliness(days=11, today=today).total.in_time == 2
    assert feedback.timeliness(Filters(month_from="2025-07"), today=today).teams == ()
    assert [t.team for t in feedback.timeliness(Filters(team="Team B"), today=today).teams] == [
        "Team B"
    ]
    # Still inside the window and without feedback: pending, not counted against anyone.
    pending = feedback.timeliness(today=date(2025, 6, 10)).total
    assert (pending.pending, pending.due) == (2, 2)


def test_the_demo_shows_feedback_disagreed_agreed_and_awaited(tmp_path: Path) -> None:
    from qa_tui.desks.demo import DEMO_USER, build_demo_database

    today = date(2026, 11, 23)
    path = tmp_path / "demo.sqlite3"
    build_demo_database(path, today=today)
    store = Store.open(path, create=False)
    try:
        lead = FeedbackDesk(AuditDesk(store, "qa.lead"))
        mine = store.audit_summaries(DEMO_USER)
        given = [f for a in mine for f in lead.for_audit(a.id)]
        disagreed = [f for f in given if f.response == "disagrees"]
        assert disagreed and disagreed[0].reasons and disagreed[0].given_to_name
        assert any(f.response == "agrees" and f.reflection for f in given)
        assert {f.given_to for f in given} == {"worker", "manager"}
        waiting = FeedbackDesk(AuditDesk(store, DEMO_USER)).awaiting()
        assert len(waiting) == 3
        figure = lead.timeliness(today=today)
        assert len(figure.teams) >= 6 and 0 < (figure.total.share or 0) < 1
    finally:
        store.close()
