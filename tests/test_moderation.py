"""Moderation: who is selected, re-grading with reasons, completion and agreement.

Every test writes a real SQLite file in tmp_path; nothing is mocked.
"""

from __future__ import annotations

import hashlib

import pytest
from conftest import MINI_RUBRICS, graded_audit

from qa_tui.desks.audits import AuditDesk, ServiceError
from qa_tui.desks.moderation import ModerationDesk
from qa_tui.desks.programmes import ProgrammeDesk
from qa_tui.domain import rules
from qa_tui.domain.records import Case
from qa_tui.store.database import Store

OFSTED = ["outstanding", "good", "requires-improvement", "inadequate"]
ESCALATION = ("Team manager Jo", "2025-06-02 10:00", "Visit arranged today")
INADEQUATE_REASON = "every Inadequate audit is moderated"
OUTSTANDING_REASON = "every Outstanding audit is moderated"


def _draw(audit_id: int, seed: int) -> float:
    digest = hashlib.sha256(f"{seed}:{audit_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def add_cases(store: Store, n: int) -> list[str]:
    refs = [f"CIN-{i:04d}" for i in range(1, n + 1)]
    store.upsert_cases([Case(r, "Assessment North", cohort="CIN") for r in refs], "lead", "test")
    return refs


def submit_inadequate(desk: AuditDesk, case_ref: str) -> int:
    audit_id = graded_audit(desk, case_ref, overall="inadequate", child_seen="inadequate")
    desk.submit(audit_id, ESCALATION)
    return audit_id


def submit_outstanding(desk: AuditDesk, case_ref: str) -> int:
    audit_id = graded_audit(desk, case_ref, overall="outstanding", child_seen="outstanding")
    desk.submit(audit_id)
    return audit_id


@pytest.fixture
def lead(store: Store) -> ModerationDesk:
    return ModerationDesk(AuditDesk(store, "qa.lead", MINI_RUBRICS))


# -- rules.moderation_reason ---------------------------------------------------------


@pytest.mark.parametrize("percent", [0, 10, 100])
def test_inadequate_and_outstanding_are_always_selected(percent: float) -> None:
    for audit_id in range(1, 30):
        assert (
            rules.moderation_reason("inadequate", OFSTED, audit_id, percent, 5) == INADEQUATE_REASON
        )
        assert (
            rules.moderation_reason("outstanding", OFSTED, audit_id, percent, 5)
            == OUTSTANDING_REASON
        )


def test_the_draw_is_deterministic_and_recorded_in_the_reason() -> None:
    selected = 0
    for audit_id in range(1, 200):
        first = rules.moderation_reason("good", OFSTED, audit_id, 30, 7)
        assert first == rules.moderation_reason("good", OFSTED, audit_id, 30, 7)
        draw = _draw(audit_id, 7)
        if draw < 0.30:
            selected += 1
            assert first is not None
            assert f"{draw:.4f}" in first and "30%" in first and "seed 7" in first
        else:
            assert first is None
    assert 30 < selected < 90  # about 30% of 199
    # the seed matters: another seed gives a different selection
    assert [rules.moderation_reason("good", OFSTED, i, 30, 7) is None for i in range(1, 200)] != [
        rules.moderation_reason("good", OFSTED, i, 30, 8) is None for i in range(1, 200)
    ]


def test_percent_zero_never_selects_and_hundred_always_does() -> None:
    for audit_id in range(1, 500):
        for key in ("good", "requires-improvement"):
            assert rules.moderation_reason(key, OFSTED, audit_id, 0, 3) is None
            reason = rules.moderation_reason(key, OFSTED, audit_id, 100, 3)
            assert reason is not None and "100%" in reason


# -- selection on submit -------------------------------------------------------------


def test_submitting_an_inadequate_audit_queues_it(
    desk: AuditDesk, mini_case: str, lead: ModerationDesk
) -> None:
    audit_id = submit_inadequate(desk, mini_case)
    queue = lead.queue()
    assert [q["audit_id"] for q in queue] == [audit_id]
    assert queue[0]["selected_because"] == INADEQUATE_REASON
    assert queue[0]["auditor"] == "alice" and queue[0]["status"] == "waiting"
    assert lead.queue("done") == []
    events = [e for e in desk.store.events("audit", audit_id) if e.field == "moderation"]
    assert [e.new_value for e in events] == [f"selected: {INADEQUATE_REASON}"]


def test_good_audits_at_the_default_ten_percent_follow_the_draw(
    desk: AuditDesk, store: Store, lead: ModerationDesk
) -> None:
    refs = add_cases(store, 12)
    expected_queued, not_queued = [], []
    for ref in refs:
        audit_id = graded_audit(desk, ref)
        desk.submit(audit_id)
        reason = rules.moderation_reason("good", OFSTED, audit_id, 10, 0)
        (expected_queued if reason else not_queued).append(audit_id)
    assert not_queued, "the ids drawn should include some that are not selected"
    queue = lead.queue()
    assert sorted(q["audit_id"] for q in queue) == sorted(expected_queued)
    for q in queue:
        assert q["selected_because"] == rules.moderation_reason(
            "good", OFSTED, q["audit_id"], 10, 0
        )


def _programme_audit(desk: AuditDesk, store: Store, case_ref: str, percent: float) -> int:
    programme = ProgrammeDesk(AuditDesk(store, "lena", MINI_RUBRICS)).create(
        name=f"Dip {percent}", kind="dip_sample", rubric_ids=["mini"], owner="lena"
    )
    with store.write() as conn:
        conn.execute(
            "UPDATE programmes SET moderation_percent = ?, seed = 4 WHERE id = ?",
            (percent, programme.id),
        )
    audit_id = graded_audit(desk, case_ref)
    with store.write() as conn:
        conn.execute("UPDATE audits SET programme_id = ? WHERE id = ?", (programme.id, audit_id))
    return audit_id


def test_a_good_audit_at_zero_percent_is_not_queued(
    desk: AuditDesk, store: Store, lead: ModerationDesk
) -> None:
    zero, hundred = add_cases(store, 2)
    never = _programme_audit(desk, store, zero, 0)
    always = _programme_audit(desk, store, hundred, 100)
    desk.submit(never)
    desk.submit(always)
    queue = lead.queue()
    assert [q["audit_id"] for q in queue] == [always]
    assert "100%" in queue[0]["selected_because"] and "seed 4" in queue[0]["selected_because"]
    assert lead.store.moderation(never) is None
    with pytest.raises(ServiceError, match="not in the moderation queue"):
        lead.open(never)


def test_reopen_and_resubmit_keeps_one_queue_entry(
    desk: AuditDesk, mini_case: str, lead: ModerationDesk
) -> None:
    audit_id = submit_inadequate(desk, mini_case)
    desk.reopen(audit_id, "Wrong date of visit")
    desk.submit(audit_id, ESCALATION)
    desk.reopen(audit_id, "Once more")
    desk.submit(audit_id, ESCALATION)
    assert [q["audit_id"] for q in lead.queue()] == [audit_id]
    rows = desk.store._rows("SELECT * FROM moderations WHERE audit_id = ?", (audit_id,))
    assert len(rows) == 1 and rows[0]["selected_because"] == INADEQUATE_REASON
    assert len([e for e in desk.store.events("audit", audit_id) if e.field == "moderation"]) == 1


# -- grading -------------------------------------------------------------------------


def test_the_auditor_cannot_moderate_their_own_audit(desk: AuditDesk, mini_case: str) -> None:
    audit_id = submit_inadequate(desk, mini_case)
    own = ModerationDesk(desk)
    for call in (
        lambda: own.grade(audit_id, "child-seen", 4),
        lambda: own.agree(audit_id, "child-seen"),
        lambda: own.set_overall(audit_id, 4),
        lambda: own.complete(audit_id),
    ):
        with pytest.raises(ServiceError, match="someone else must moderate it"):
            call()
    assert own.open(audit_id).answers == {}


def test_same_grade_needs_no_reason(desk: AuditDesk, mini_case: str, lead: ModerationDesk) -> None:
    audit_id = submit_inadequate(desk, mini_case)
    view = lead.grade(audit_id, "child-seen", 4)
    row = view.answers["child-seen"]
    assert row["grade_key"] == "inadequate" and row["grade_value"] == 4
    assert row["reason"] == "" and row["updated_by"] == "qa.lead"
    assert view.moderation["moderator"] == "qa.lead"


def test_a_different_grade_needs_a_reason_and_never_overwrites_the_auditor(
    desk: AuditDesk, mini_case: str, lead: ModerationDesk
) -> None:
    audit_id = submit_inadequate(desk, mini_case)
    with pytest.raises(ServiceError, match="needs a reason"):
        lead.grade(audit_id, "visits-in-time", 2)
    with pytest.raises(ServiceError, match="needs a reason"):
        lead.grade(audit_id, "visits-in-time", 2, "   ")
    assert lead.open(audit_id).answers == {}
    view = lead.grade(audit_id, "visits-in-time", 2, "  Two visits were late  ")
    row = view.answers["visits-in-time"]
    assert (row["grade_key"], row["grade_label"], row["reason"]) == (
        "partly",
        "Partly",
        "Two visits were late",
    )
    mine = desk.store.audit(audit_id).answers["visits-in-time"]
    assert (mine.grade_key, mine.grade_value) == ("yes", 1)
    assert desk.open_audit(audit_id).audit.answers["visits-in-time"].grade_key == "yes"


def test_grade_outside_the_scale_is_refused(
    desk: AuditDesk, mini_case: str, lead: ModerationDesk
) -> None:
    audit_id = submit_inadequate(desk, mini_case)
    with pytest.raises(ServiceError, match="1 to 3"):
        lead.grade(audit_id, "visits-in-time", 4, "too far")
    with pytest.raises(ServiceError, match="1 to 4"):
        lead.grade(audit_id, "child-seen", 0, "too far")


def test_not_applicable_only_where_the_criterion_allows_it(
    desk: AuditDesk, mini_case: str, lead: ModerationDesk
) -> None:
    audit_id = submit_inadequate(desk, mini_case)
    with pytest.raises(ServiceError, match="cannot be marked not applicable"):
        lead.grade(audit_id, "child-seen", None, "not relevant")
    # plan-smart was N/A for the auditor too: agreeing needs no reason
    view = lead.grade(audit_id, "plan-smart", None)
    row = view.answers["plan-smart"]
    assert row["not_applicable"] == 1 and row["grade_key"] is None and row["reason"] == ""
    with pytest.raises(ServiceError, match="cannot be marked not applicable"):
        lead.grade(audit_id, "visits-in-time", None, "no visits due")
    assert set(lead.open(audit_id).answers) == {"plan-smart"}
    # a grade where the auditor said N/A is a difference too
    with pytest.raises(ServiceError, match="needs a reason"):
        lead.grade(audit_id, "plan-smart", 2)


def test_agree_copies_the_auditors_grade_including_not_applicable(
    desk: AuditDesk, mini_case: str, lead: ModerationDesk
) -> None:
    audit_id = submit_inadequate(desk, mini_case)
    lead.agree(audit_id, "child-seen")
    lead.agree(audit_id, "visits-in-time")
    view = lead.agree(audit_id, "plan-smart")
    got = {c: (r["grade_key"], r["not_applicable"], r["reason"]) for c, r in view.answers.items()}
    assert got == {
        "child-seen": ("inadequate", 0, ""),
        "plan-smart": (None, 1, ""),
        "visits-in-time": ("yes", 0, ""),
    }


def test_a_different_overall_needs_a_reason(
    desk: AuditDesk, mini_case: str, lead: ModerationDesk
) -> None:
    audit_id = submit_inadequate(desk, mini_case)
    with pytest.raises(ServiceError, match="needs a reason"):
        lead.set_overall(audit_id, 3)
    assert lead.open(audit_id).moderation["overall_grade_key"] is None
    view = lead.set_overall(audit_id, 4)
    assert view.moderation["overall_grade_key"] == "inadequate"
    assert view.moderation["overall_reason"] == ""
    view = lead.set_overall(audit_id, 3, "Child was seen, plan weak")
    assert view.moderation["overall_grade_key"] == "requires-improvement"
    assert view.moderation["overall_reason"] == "Child was seen, plan weak"
    assert desk.store.audit(audit_id).overall_grade_key == "inadequate"
    with pytest.raises(ServiceError, match="1 to 4"):
        lead.set_overall(audit_id, 5, "x")


# -- completing ----------------------------------------------------------------------


def test_complete_lists_what_is_missing(
    desk: AuditDesk, mini_case: str, lead: ModerationDesk
) -> None:
    audit_id = submit_inadequate(desk, mini_case)
    with pytest.raises(ServiceError) as err:
        lead.complete(audit_id)
    message = str(err.value)
    for part in (
        "child-seen: no agreed grade",
        "plan-smart: no agreed grade",
        "visits-in-time: no agreed grade",
        "no moderated overall grade",
    ):
        assert part in message
    lead.agree(audit_id, "child-seen")
    lead.agree(audit_id, "plan-smart")
    lead.agree(audit_id, "visits-in-time")
    with pytest.raises(ServiceError, match="no moderated overall grade") as err:
        lead.complete(audit_id)
    assert "no agreed grade" not in str(err.value)
    assert not lead.open(audit_id).done


def test_complete_then_the_auditor_sees_the_moderation(
    desk: AuditDesk, store: Store, mini_case: str, lead: ModerationDesk
) -> None:
    audit_id = submit_inadequate(desk, mini_case)
    assert desk.open_audit(audit_id).moderation is None
    assert desk.open_audit(audit_id).moderated == {}
    lead.agree(audit_id, "child-seen")
    lead.agree(audit_id, "plan-smart")
    lead.grade(audit_id, "visits-in-time", 3, "No visit for eight weeks")
    lead.set_overall(audit_id, 4)
    # still waiting: the auditor sees nothing yet
    assert desk.open_audit(audit_id).moderation is None
    assert store.audit_summaries("alice")[0].moderated_label is None

    view = lead.complete(audit_id)
    assert view.done
    assert view.moderation["completed_at"] and view.moderation["moderator"] == "qa.lead"
    assert lead.queue() == [] and [q["audit_id"] for q in lead.queue("done")] == [audit_id]
    for call in (
        lambda: lead.grade(audit_id, "child-seen", 4),
        lambda: lead.set_overall(audit_id, 4),
        lambda: lead.complete(audit_id),
    ):
        with pytest.raises(ServiceError, match="complete"):
            call()

    status = [
        (e.old_value, e.new_value, e.who)
        for e in store.events("audit", audit_id)
        if e.field == "moderation.status"
    ]
    assert status == [("waiting", "done", "qa.lead")]

    seen = AuditDesk(store, "alice").open_audit(audit_id)
    assert seen.moderation is not None and seen.moderation["status"] == "done"
    assert seen.moderation["overall_grade_label"] == "Inadequate"
    assert set(seen.moderated) == {"child-seen", "plan-smart", "visits-in-time"}
    assert seen.moderated["visits-in-time"]["grade_key"] == "no"
    assert seen.moderated["visits-in-time"]["reason"] == "No visit for eight weeks"
    assert seen.moderated["plan-smart"]["not_applicable"] == 1
    assert seen.audit.answers["visits-in-time"].grade_key == "yes"
    (summary,) = store.audit_summaries("alice")
    assert summary.id == audit_id and summary.moderated_label == "Inadequate"


def test_moderated_label_is_the_moderators_overall(
    desk: AuditDesk, store: Store, mini_case: str, lead: ModerationDesk
) -> None:
    audit_id = submit_inadequate(desk, mini_case)
    for c in ("child-seen", "plan-smart", "visits-in-time"):
        lead.agree(audit_id, c)
    lead.set_overall(audit_id, 3, "Child seen since")
    lead.complete(audit_id)
    (summary,) = store.audit_summaries("alice")
    assert summary.overall_grade_label == "Inadequate"
    assert summary.moderated_label == "Requires improvement to be good"


# -- agreement -----------------------------------------------------------------------


def _finish(lead: ModerationDesk, audit_id: int, overall: int) -> None:
    lead.set_overall(audit_id, overall, "agreed at moderation")
    lead.complete(audit_id)


def test_agreement_counts_completed_moderations_only_and_never_na(
    desk: AuditDesk, store: Store, lead: ModerationDesk
) -> None:
    first, second, third = add_cases(store, 3)
    # 1. Inadequate: child-seen agreed (4,4); plan-smart N/A vs 2 (not counted);
    #    visits-in-time yes -> partly (1,2): the auditor was generous.
    a = submit_inadequate(desk, first)
    lead.agree(a, "child-seen")
    lead.grade(a, "plan-smart", 2, "There is a plan")
    lead.grade(a, "visits-in-time", 2, "One visit late")
    _finish(lead, a, 4)
    # 2. Outstanding: child-seen outstanding -> good (1,2); plan-smart N/A agreed;
    #    visits-in-time agreed (1,1).
    b = submit_outstanding(desk, second)
    lead.grade(b, "child-seen", 2, "Not always alone")
    lead.agree(b, "plan-smart")
    lead.agree(b, "visits-in-time")
    _finish(lead, b, 2)
    # 3. Waiting: graded very differently but never completed, so never counted.
    c = submit_inadequate(desk, third)
    lead.grade(c, "child-seen", 1, "x")
    lead.grade(c, "visits-in-time", 3, "x")
    lead.set_overall(c, 1, "x")

    by_criterion = lead.agreement_by("criterion")
    assert set(by_criterion) == {"child-seen", "plan-smart", "visits-in-time"}
    assert by_criterion["plan-smart"].pairs == 0
    cs = by_criterion["child-seen"]
    assert cs.pairs == 2 and cs.exact == 0.5 and cs.generous == 0.5
    assert cs.mean_difference == pytest.approx(0.5)
    vt = by_criterion["visits-in-time"]
    assert vt.pairs == 2 and vt.exact == 0.5 and vt.generous == 0.5
    assert vt.mean_difference is not None and vt.mean_difference > 0

    by_auditor = lead.agreement_by("auditor")
    assert set(by_auditor) == {"alice (3-point)", "alice (4-point)"}
    assert by_auditor["alice (3-point)"].pairs == 2
    assert by_auditor["alice (4-point)"].pairs == 2  # plan-smart pairs never count
    assert by_auditor["alice (4-point)"].generous == 0.5

    by_overall = lead.agreement_by("overall")
    assert set(by_overall) == {"alice"}
    overall = by_overall["alice"]
    assert overall.pairs == 2 and overall.exact == 0.5
    assert overall.mean_difference == pytest.approx(0.5)  # (4-4 + 2-1) / 2


def test_harsher_moderator_shows_as_generous_auditor(
    desk: AuditDesk, store: Store, lead: ModerationDesk
) -> None:
    (ref,) = add_cases(store, 1)
    a = submit_inadequate(desk, ref)  # visits-in-time: yes
    lead.agree(a, "child-seen")
    lead.agree(a, "plan-smart")
    lead.grade(a, "visits-in-time", 2, "Late visits")
    lead.set_overall(a, 4)
    assert lead.agreement_by("criterion") == {}  # not yet complete
    lead.complete(a)
    vt = lead.agreement_by("criterion")["visits-in-time"]
    assert vt.pairs == 1 and vt.generous is not None and vt.generous > 0
    assert vt.mean_difference is not None and vt.mean_difference > 0
    assert vt.exact == 0 and vt.within_one == 1
    cs = lead.agreement_by("criterion")["child-seen"]
    assert cs.pairs == 1 and cs.generous == 0 and cs.mean_difference == 0


def test_one_scale_per_auditor_keeps_the_plain_label(
    desk: AuditDesk, store: Store, lead: ModerationDesk
) -> None:
    (ref,) = add_cases(store, 1)
    a = submit_inadequate(desk, ref)
    lead.agree(a, "child-seen")
    lead.agree(a, "plan-smart")
    lead.agree(a, "visits-in-time")
    lead.set_overall(a, 4)
    lead.complete(a)
    # plan-smart pairs are N/A, but the (alice, 4-point) group exists via child-seen:
    # two sizes, two labels; and nothing is compared across them.
    by_auditor = lead.agreement_by("auditor")
    assert by_auditor["alice (3-point)"].pairs == 1
    assert by_auditor["alice (4-point)"].pairs == 1
    assert lead.agreement_by("overall")["alice"].exact == 1.0


def test_agreement_by_unknown_grouping_is_refused(lead: ModerationDesk) -> None:
    with pytest.raises(ServiceError, match="by must be"):
        lead.agreement_by("team")


def test_a_reopened_audit_leaves_the_queue_and_cannot_be_moderated(
    desk: AuditDesk, mini_case: str
) -> None:
    audit_id = graded_audit(desk, mini_case, overall="inadequate", child_seen="inadequate")
    desk.submit(audit_id, ("TM Cedar", "2026-11-20 10:00", "Visit today"))
    lead = ModerationDesk(AuditDesk(desk.store, "qa.lead", MINI_RUBRICS))
    desk.reopen(audit_id, "More evidence arrived")
    assert [r["audit_id"] for r in lead.queue()] == []
    with pytest.raises(ServiceError, match="has been reopened"):
        lead.agree(audit_id, "child-seen")
    desk.submit(audit_id, ("TM Cedar", "2026-11-20 10:00", "Visit today"))
    assert [r["audit_id"] for r in lead.queue()] == [audit_id]


def test_agreement_keeps_the_grades_as_moderated_after_a_reopening(
    desk: AuditDesk, mini_case: str
) -> None:
    audit_id = graded_audit(desk, mini_case, overall="inadequate", child_seen="inadequate")
    desk.submit(audit_id, ("TM Cedar", "2026-11-20 10:00", "Visit today"))
    lead = ModerationDesk(AuditDesk(desk.store, "qa.lead", MINI_RUBRICS))
    for criterion in ("child-seen", "plan-smart", "visits-in-time"):
        lead.agree(audit_id, criterion)
    lead.set_overall(audit_id, 4)
    lead.complete(audit_id)
    desk.reopen(audit_id, "Typo")
    desk.grade(audit_id, "visits-in-time", "no")  # changed after the moderation
    figures = lead.agreement_by("criterion")
    assert figures["visits-in-time"].exact == 1.0  # as moderated: Yes and Yes
    assert lead.agreement_by("overall")["alice"].exact == 1.0


def test_exports_carry_the_moderated_grade_that_counts(desk: AuditDesk, mini_case: str) -> None:
    import csv
    import io

    from qa_tui.exports.grades import ExportFilters, grades_document, render_csv

    audit_id = graded_audit(desk, mini_case, overall="inadequate", child_seen="inadequate")
    desk.submit(audit_id, ("TM Cedar", "2026-11-20 10:00", "Visit today"))
    lead = ModerationDesk(AuditDesk(desk.store, "qa.lead", MINI_RUBRICS))
    lead.agree(audit_id, "child-seen")
    lead.agree(audit_id, "plan-smart")
    lead.grade(audit_id, "visits-in-time", 2, "Two visits late")
    lead.set_overall(audit_id, 3, "Child now seen weekly")
    lead.complete(audit_id)

    document = grades_document(desk, ExportFilters())
    [record] = document["audits"]
    assert record["overall"]["label"] == "Inadequate"  # the auditor's, kept
    assert record["counted_overall"]["label"] == "Requires improvement to be good"
    assert record["moderation"]["overall_reason"] == "Child now seen weekly"
    visits = next(a for a in record["answers"] if a["criterion_id"] == "visits-in-time")
    assert visits["grade"]["label"] == "Yes"
    assert visits["moderated"] == {
        "not_applicable": False,
        "reason": "Two visits late",
        "grade": {"key": "partly", "value": 2, "label": "Partly"},
    }
    rows = list(csv.DictReader(io.StringIO(render_csv(document).lstrip("\ufeff"))))
    row = next(r for r in rows if r["criterion_id"] == "visits-in-time")
    assert (row["grade_label"], row["moderated_label"]) == ("Yes", "Partly")
    assert {r["counted_overall_label"] for r in rows} == {"Requires improvement to be good"}


def test_agreement_is_the_same_after_a_rebuild_of_the_counts(
    desk: AuditDesk, store: Store, lead: ModerationDesk
) -> None:
    refs = add_cases(store, 3)
    for ref in refs:
        audit_id = submit_inadequate(desk, ref)
        lead.grade(audit_id, "child-seen", 3, "Seen, though not alone")
        lead.agree(audit_id, "plan-smart")
        lead.agree(audit_id, "visits-in-time")
        lead.set_overall(audit_id, 3, "Not unsafe on the evidence")
        lead.complete(audit_id)
    before = {by: lead.agreement_by(by) for by in ("auditor", "criterion", "overall")}
    assert before["overall"]["alice"].pairs == 3
    assert before["overall"]["alice"].generous == 0.0 and before["overall"]["alice"].exact == 0
    store.rebuild_summaries()
    assert {by: lead.agreement_by(by) for by in ("auditor", "criterion", "overall")} == before
