"""Moderation a QA lead steers: picking by hand, the programme's share and blind default,
assigning moderators, blind moderation and its reveal, and send-backs the auditor answers.

Every test writes a real SQLite file in tmp_path; nothing is mocked.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MINI_RUBRICS, graded_audit

from qa_tui.cli.main import cli
from qa_tui.desks.audits import AuditDesk, ServiceError
from qa_tui.desks.moderation import ModerationDesk
from qa_tui.desks.moderation_steering import ModerationSteering
from qa_tui.desks.people import PeopleDesk
from qa_tui.desks.programmes import ProgrammeDesk
from qa_tui.domain.people import Role
from qa_tui.domain.records import Case
from qa_tui.store.database import Store

ESCALATION = ("Team manager Jo", "2025-06-02 10:00", "Visit arranged today")


def lead(store: Store, user: str = "qa.lead") -> AuditDesk:
    return AuditDesk(store, user, MINI_RUBRICS)


def good_submitted(desk: AuditDesk, case_ref: str) -> int:
    """A Good audit at 0%: submitted and not queued by rule."""
    programme = ProgrammeDesk(lead(desk.store, "lena")).create(
        name=f"Round {case_ref}", kind="dip_sample", rubric_ids=["mini"], owner="lena"
    )
    ModerationSteering(lead(desk.store, "lena")).set_share(programme.id, 0)
    audit_id = graded_audit(desk, case_ref)
    with desk.store.write() as conn:  # the audit belongs to the round (as assign would do)
        conn.execute("UPDATE audits SET programme_id = ? WHERE id = ?", (programme.id, audit_id))
    desk.submit(audit_id)
    return audit_id


def inadequate(desk: AuditDesk, case_ref: str) -> int:
    audit_id = graded_audit(desk, case_ref, overall="inadequate", child_seen="inadequate")
    desk.submit(audit_id, ESCALATION)
    return audit_id


def grade_all(moderation: ModerationDesk, audit_id: int) -> None:
    moderation.grade(audit_id, "child-seen", 3)  # auditor: Inadequate
    moderation.grade(audit_id, "plan-smart", None)  # auditor: N/A
    moderation.grade(audit_id, "visits-in-time", 1)  # auditor: Yes
    moderation.set_overall(audit_id, 3)  # auditor: Inadequate


# -- pick by hand, the share and blind default ------------------------------------


def test_pick_by_hand_queues_any_submitted_audit_with_the_reason(
    desk: AuditDesk, mini_case: str
) -> None:
    audit_id = good_submitted(desk, mini_case)
    moderation = ModerationDesk(lead(desk.store))
    assert moderation.queue() == []
    steering = ModerationSteering(lead(desk.store))
    with pytest.raises(ServiceError, match="needs a reason"):
        steering.pick(audit_id, "  ")
    row = steering.pick(audit_id, "Inspector asked")
    assert row["newly_queued"] and not row["blind"]
    [queued] = moderation.queue()
    assert queued["audit_id"] == audit_id
    assert queued["selected_because"] == "picked by hand: Inspector asked"
    again = steering.pick(audit_id, "Twice")  # keeps its place and first reason
    assert not again["newly_queued"]
    assert moderation.queue()[0]["selected_because"] == "picked by hand: Inspector asked"


def test_pick_refuses_an_audit_not_submitted(desk: AuditDesk, mini_case: str) -> None:
    audit_id = graded_audit(desk, mini_case)
    with pytest.raises(ServiceError, match="not submitted"):
        ModerationSteering(lead(desk.store)).pick(audit_id, "Worried")
    with pytest.raises(ServiceError, match="does not exist"):
        ModerationSteering(lead(desk.store)).pick(999, "Worried")


def test_share_and_blind_default_of_a_programme(
    desk: AuditDesk, store: Store, mini_case: str
) -> None:
    steering = ModerationSteering(lead(store))
    p = ProgrammeDesk(lead(store)).create(
        name="Dip", kind="dip_sample", rubric_ids=["mini"], owner=""
    )
    assert steering.terms("Dip") == {"programme": "Dip", "share": 10.0, "blind": False}
    with pytest.raises(ServiceError, match="0 to 100"):
        steering.set_share(p.id, 120)
    assert steering.set_share("Dip", 100)["share"] == 100.0
    assert steering.set_blind_default(p.id, True)["blind"] is True
    events = [(e.field, e.new_value) for e in store.events("programme", p.id)]
    assert ("moderation_percent", "100.0") in events and ("moderation_blind", "1") in events
    # an audit of the round is drawn at 100% and moderated blind by default
    audit_id = graded_audit(desk, mini_case)
    with store.write() as conn:
        conn.execute("UPDATE audits SET programme_id = ? WHERE id = ?", (p.id, audit_id))
    desk.submit(audit_id)
    [queued] = ModerationDesk(lead(store)).queue()
    assert queued["blind"] == 1 and queued["auditor_label"] is None  # hidden in the queue
    assert queued["selected_because"] == "selected by rule (blind)"  # no grade named


def test_cli_share_on_create_and_later(db_path: Path, store: Store) -> None:
    runner = CliRunner()
    base = ["--db", str(db_path), "--user", "qa.lead"]
    result = runner.invoke(
        cli,
        [
            *base,
            "programmes",
            "create",
            "Dip",
            "--rubric",
            "voice-of-the-child",
            "--moderation-share",
            "25",
            "--blind-moderation",
        ],
    )
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli, [*base, "moderation", "share", "Dip"])
    assert result.exit_code == 0 and "25%" in result.output and "blind" in result.output
    result = runner.invoke(cli, [*base, "moderation", "share", "Dip", "40", "--not-blind"])
    assert result.exit_code == 0, result.output
    assert "40%" in result.output and "not blind" in result.output
    result = runner.invoke(cli, [*base, "moderation", "share", "Dip", "140"])
    assert result.exit_code != 0


# -- assigning a moderator --------------------------------------------------------


def test_assign_refuses_the_auditor_and_a_member_of_the_cases_team(
    desk: AuditDesk, store: Store, mini_case: str
) -> None:
    audit_id = inadequate(desk, mini_case)  # team Assessment North
    solo = lead(store)
    ProgrammeDesk(solo).set_auditor_teams("north.lead", ["Assessment North"])
    steering = ModerationSteering(solo)
    with pytest.raises(ServiceError, match="audited this case"):
        steering.assign(audit_id, "alice")
    with pytest.raises(ServiceError, match="belongs to or manages Assessment North"):
        steering.assign(audit_id, "north.lead")
    steering.assign(audit_id, "sam.lead")
    assert ModerationDesk(solo).queue()[0]["assigned_to"] == "sam.lead"
    # only the assigned moderator grades it
    with pytest.raises(ServiceError, match=r"assigned to sam\.lead"):
        ModerationDesk(lead(store, "qa.lead")).grade(audit_id, "child-seen", 4)
    view = ModerationDesk(lead(store, "sam.lead")).grade(audit_id, "child-seen", 4)
    assert view.answers["child-seen"]["updated_by"] == "sam.lead"


def test_assign_needs_a_qa_lead_once_there_are_people(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "people.sqlite3")
    store.upsert_cases([Case("CIN-0001", "MASH")], "x", "test")
    solo = AuditDesk(store, "setup", MINI_RUBRICS)
    admin = PeopleDesk(solo).add("ada.admin", "Ada", [Role.ADMIN], passphrase="ada keeps keys")
    people = PeopleDesk(solo.signed_in(admin))
    people.add("avery.auditor", "Avery", [Role.AUDITOR])
    people.add("lee.lead", "Lee", [Role.QA_LEAD])
    people.add("mo.lead", "Mo", [Role.QA_LEAD], manages=["MASH"])
    people.add("kit.lead", "Kit", [Role.QA_LEAD])
    avery = AuditDesk(store, "avery.auditor", MINI_RUBRICS)
    audit_id = inadequate(avery, "CIN-0001")
    steering = ModerationSteering(lead(store, "lee.lead"))
    assert steering.moderators() == ["kit.lead", "lee.lead", "mo.lead"]
    with pytest.raises(ServiceError, match="not a QA lead"):
        steering.assign(audit_id, "ada.admin")
    with pytest.raises(ServiceError, match="manages MASH"):
        steering.assign(audit_id, "mo.lead")
    steering.assign(audit_id, "kit.lead")
    with pytest.raises(ServiceError, match=r"assigned to kit\.lead"):
        ModerationDesk(lead(store, "lee.lead")).agree(audit_id, "child-seen")
    assert store.events("audit", audit_id)[-1].new_value == "kit.lead"


# -- blind moderation -------------------------------------------------------------


def test_blind_hides_the_auditors_grades_until_reveal_and_refuses_agree(
    desk: AuditDesk, store: Store, mini_case: str
) -> None:
    audit_id = inadequate(desk, mini_case)
    steering = ModerationSteering(lead(store))
    steering.set_blind(audit_id, True)
    moderation = ModerationDesk(lead(store))
    view = moderation.open(audit_id)
    assert view.hidden
    audit = view.audit.audit
    assert audit.overall_grade_label is None and audit.overall_rationale == ""
    assert all(a.grade_label is None for a in audit.answers.values())
    assert audit.answers["child-seen"].evidence == "Seen only with parents present"
    assert moderation.queue()[0]["auditor_label"] is None
    with pytest.raises(ServiceError, match="blind"):
        moderation.agree(audit_id, "child-seen")
    with pytest.raises(ServiceError, match="still to grade"):
        steering.reveal(audit_id)
    grade_all(moderation, audit_id)  # differences, and no reasons asked while blind
    with pytest.raises(ServiceError, match="before the moderator grades"):
        steering.set_blind(audit_id, False)
    with pytest.raises(ServiceError, match="not revealed"):
        moderation.complete(audit_id)
    view = steering.reveal(audit_id)
    assert not view.hidden and view.moderation["revealed_at"]
    assert view.audit.audit.overall_grade_label == "Inadequate"
    assert view.answers["child-seen"]["grade_label"] == "Requires improvement to be good"
    with pytest.raises(ServiceError) as err:  # now the reasons are asked, as always
        moderation.complete(audit_id)
    assert "child-seen: differs" in str(err.value) and "overall grade differs" in str(err.value)
    assert "plan-smart" not in str(err.value) and "visits-in-time" not in str(err.value)
    moderation.grade(audit_id, "child-seen", 3, "Seen alone once")
    moderation.set_overall(audit_id, 3, "Not unsafe on the evidence")
    assert moderation.complete(audit_id).done
    # blind ones count like others, and can be read alone
    assert moderation.agreement_by("overall")["alice"].pairs == 1
    assert steering.blind_agreement("overall")["alice"].pairs == 1
    assert steering.blind_agreement("criterion")["child-seen"].exact == 0


def test_blind_agreement_leaves_out_moderations_that_were_not_blind(
    desk: AuditDesk, store: Store, mini_case: str
) -> None:
    audit_id = inadequate(desk, mini_case)
    moderation = ModerationDesk(lead(store))
    for c in ("child-seen", "plan-smart", "visits-in-time"):
        moderation.agree(audit_id, c)
    moderation.set_overall(audit_id, 4)
    moderation.complete(audit_id)
    assert moderation.agreement_by("overall")["alice"].pairs == 1
    assert ModerationSteering(lead(store)).blind_agreement("overall") == {}


# -- send back to the auditor ------------------------------------------------------


def test_send_back_blocks_completion_until_the_auditor_answers(
    desk: AuditDesk, store: Store, mini_case: str
) -> None:
    audit_id = inadequate(desk, mini_case)
    steering = ModerationSteering(lead(store))
    with pytest.raises(ServiceError, match="needs a comment"):
        steering.send_back(audit_id, " ")
    send_back_id = steering.send_back(audit_id, "Was the child seen alone at the May visit?")
    moderation = ModerationDesk(lead(store))
    for c in ("child-seen", "plan-smart", "visits-in-time"):
        moderation.agree(audit_id, c)
    moderation.set_overall(audit_id, 4)
    with pytest.raises(ServiceError, match="has not answered what was sent back"):
        moderation.complete(audit_id)
    mine = ModerationSteering(desk)
    [waiting] = mine.waiting_answers()
    assert waiting["comment"] == "Was the child seen alone at the May visit?"
    assert waiting["case_ref"] == mini_case
    assert ModerationSteering(lead(store, "bob")).waiting_answers() == []
    with pytest.raises(ServiceError, match="needs some text"):
        mine.answer(audit_id, send_back_id, "  ")
    mine.answer(audit_id, send_back_id, "Yes, alone in her room; added to the evidence")
    assert mine.waiting_answers() == []
    [sent] = steering.send_backs(audit_id)
    assert sent["answer"].startswith("Yes, alone") and sent["answered_by"] == "alice"
    assert moderation.complete(audit_id).done
    fields = [e.field for e in store.events("audit", audit_id)]
    assert f"moderation.send_back.{send_back_id}" in fields
    assert f"moderation.send_back.{send_back_id}.answer" in fields


def test_only_the_auditor_answers_once_there_are_people(tmp_path: Path) -> None:
    from qa_tui.domain.errors import NotAllowed

    store = Store.open(tmp_path / "people.sqlite3")
    store.upsert_cases([Case("CIN-0001", "MASH")], "x", "test")
    solo = AuditDesk(store, "setup", MINI_RUBRICS)
    admin = PeopleDesk(solo).add("ada.admin", "Ada", [Role.ADMIN], passphrase="ada keeps keys")
    people = PeopleDesk(solo.signed_in(admin))
    people.add("avery.auditor", "Avery", [Role.AUDITOR])
    people.add("bo.auditor", "Bo", [Role.AUDITOR])
    people.add("lee.lead", "Lee", [Role.QA_LEAD])
    audit_id = inadequate(AuditDesk(store, "avery.auditor", MINI_RUBRICS), "CIN-0001")
    sent = ModerationSteering(lead(store, "lee.lead")).send_back(audit_id, "Which visit?")
    with pytest.raises(NotAllowed):
        ModerationSteering(lead(store, "bo.auditor")).answer(audit_id, sent, "Mine")
    with pytest.raises(NotAllowed):
        ModerationSteering(lead(store, "avery.auditor")).send_back(audit_id, "Self")
    ModerationSteering(lead(store, "avery.auditor")).answer(audit_id, sent, "The May one")


def test_cli_pick_assign_send_back_answer(db_path: Path, store: Store, mini_case: str) -> None:
    desk = AuditDesk(store, "alice", MINI_RUBRICS)
    audit_id = good_submitted(desk, mini_case)
    runner = CliRunner()
    lead_args = ["--db", str(db_path), "--user", "qa.lead", "moderation"]
    result = runner.invoke(
        cli, [*lead_args, "pick", str(audit_id), "--reason", "Complaint", "--blind"]
    )
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli, [*lead_args, "assign", str(audit_id), "--to", "alice"])
    assert result.exit_code == 1 and "audited this case" in result.output
    assert "Traceback" not in result.output
    result = runner.invoke(cli, [*lead_args, "assign", str(audit_id), "--to", "sam.lead"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli, [*lead_args, "send-back", str(audit_id), "--comment", "Why?"])
    assert result.exit_code == 0, result.output
    alice = ["--db", str(db_path), "--user", "alice", "moderation"]
    result = runner.invoke(cli, [*alice, "answer", str(audit_id), "--answer", "Because"])
    assert result.exit_code == 0, result.output
    [row] = ModerationDesk(lead(store)).queue()
    assert row["blind"] == 1 and row["assigned_to"] == "sam.lead" and row["unanswered"] == 0
    assert row["selected_because"] == "picked by hand: Complaint"
    assert ModerationSteering(lead(store)).send_backs(audit_id)[0]["answer"] == "Because"
