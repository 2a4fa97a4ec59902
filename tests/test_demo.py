"""The demo database: what a newcomer sees when they run `qa-tui demo`.

Built for real into tmp_path and read back through the store, never mocked.
"""

from __future__ import annotations

import re
import stat
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from qa_tui.desks import demo
from qa_tui.desks.audits import AuditDesk
from qa_tui.desks.demo import DEMO_USER, build_demo_database
from qa_tui.store.database import Store

TODAY = date(2026, 11, 23)
# A pseudonym is "Child" or "Young person" and a letter-digit tag: nothing like a name.
PSEUDONYM = re.compile(r"^(Child|Young person) [A-Z][0-9]$")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    build_demo_database(path, today=TODAY)
    return path


@pytest.fixture
def store(built: Path) -> Iterator[Store]:
    s = Store.open(built, create=False)
    yield s
    s.close()


def test_many_invented_cases_across_teams(store: Store) -> None:
    cases = store.find_cases("", limit=1000)
    assert len(cases) >= 60
    assert len({c.team for c in cases}) >= 6
    for c in cases:
        assert c.case_ref.startswith("DEMO-"), c.case_ref
        assert PSEUDONYM.match(c.child_pseudonym or ""), c.child_pseudonym
        assert c.opened_on is not None and c.opened_on <= TODAY.isoformat()


def test_demo_user_has_audits_in_every_state(store: Store) -> None:
    mine = store.audit_summaries(DEMO_USER)
    statuses = {a.status for a in mine}
    assert statuses == {"to_do", "in_progress", "submitted"}
    overdue = [
        a for a in mine if a.status != "submitted" and a.due_on and a.due_on < TODAY.isoformat()
    ]
    assert overdue, "one audit should be overdue so the home screen shows it"


def test_every_shipped_rubric_and_several_auditors_used(store: Store) -> None:
    summaries = store.audit_summaries()
    desk = AuditDesk(store, DEMO_USER)
    assert {a.rubric_id for a in summaries} == {f.rubric.id for f in desk.rubric_files()}
    assert len({a.auditor for a in summaries}) >= 4
    assert sum(a.status == "submitted" for a in summaries) >= 30


def test_good_is_the_most_common_overall_grade(store: Store) -> None:
    labels = [a.overall_grade_label for a in store.audit_summaries() if a.status == "submitted"]
    most_common = max(set(labels), key=labels.count)
    assert most_common == "Good"
    assert "Inadequate" in labels and "Outstanding" in labels


def test_an_inadequate_audit_was_escalated(store: Store) -> None:
    inadequate = [
        a
        for a in store.audit_summaries(DEMO_USER)
        if a.status == "submitted" and a.overall_grade_label == "Inadequate"
    ]
    assert inadequate
    audit = store.audit(inadequate[0].id)
    assert audit.escalations and audit.escalations[0].told_who.strip()


def test_one_audit_was_reopened_with_a_reason(store: Store) -> None:
    reopened = [
        a
        for a in store.audit_summaries(DEMO_USER)
        if any(
            (e.new_value or "").startswith("in_progress (reopened")
            for e in store.events("audit", a.id)
        )
    ]
    assert len(reopened) == 1
    assert reopened[0].status == "in_progress"


def test_file_is_owner_only_and_nothing_else_left_behind(built: Path) -> None:
    assert stat.S_IMODE(built.stat().st_mode) == 0o600
    assert sorted(p.name for p in built.parent.iterdir()) == [built.name]


def _snapshot(path: Path) -> list[tuple]:
    s = Store.open(path, create=False)
    try:
        rows = []
        for a in s.audit_summaries():
            audit = s.audit(a.id)
            grades = sorted((k, v.grade_key, v.not_applicable) for k, v in audit.answers.items())
            rows.append(
                (a.case_ref, a.auditor, a.rubric_id, a.status, a.overall_grade_label, grades)
            )
        return [tuple(c.case_ref for c in s.find_cases("", limit=1000)), *sorted(rows)]
    finally:
        s.close()


def test_building_twice_gives_the_same_cases_and_grades(built: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.sqlite3"
    build_demo_database(again, today=TODAY)
    assert _snapshot(again) == _snapshot(built)


def test_rebuilding_replaces_an_existing_demo(tmp_path: Path) -> None:
    path = tmp_path / "demo.sqlite3"
    path.write_bytes(b"")
    build_demo_database(path, today=TODAY)
    assert _snapshot(path)[0]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_failure_mid_build_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = 0
    real_submit = AuditDesk.submit

    def failing_submit(self: AuditDesk, *args: object, **kwargs: object) -> object:
        nonlocal calls
        calls += 1
        if calls == 5:
            raise RuntimeError("disk full")
        return real_submit(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(demo.AuditDesk, "submit", failing_submit)
    path = tmp_path / "demo.sqlite3"
    with pytest.raises(RuntimeError, match="disk full"):
        build_demo_database(path, today=TODAY)
    assert not path.exists()
    assert list(tmp_path.iterdir()) == []


def test_the_action_plan_has_items_on_and_off_track_and_themes_a_trend(store: Store) -> None:
    from qa_tui.desks.plan import ActionDesk
    from qa_tui.desks.themes import ThemeDesk
    from qa_tui.domain.dashboard_records import Filters

    items = ActionDesk(AuditDesk(store, "hos.maple")).items()
    statuses = {i.status for i in items}
    assert {"on_track", "off_track", "at_risk", "not_started"} <= statuses
    assert any(i.smart_problems for i in items) and any(not i.smart_problems for i in items)
    ranking = ThemeDesk(AuditDesk(store, "qa.lead")).ranking(
        Filters(month_from=date.today().replace(year=date.today().year - 1).strftime("%Y-%m")),
        date.today().strftime("%Y-%m"),
    )
    assert ranking.rows and any(r.change not in (None, 0) for r in ranking.rows)


# -- the demo's people -------------------------------------------------------------------

NO_ONE = {"QA_TUI_TOKEN": None, "QA_TUI_USER": None}


def test_the_demo_has_a_person_in_every_role(store: Store) -> None:
    from qa_tui.desks.demo import DEMO_PASSPHRASE
    from qa_tui.desks.demo_data import TEAMS
    from qa_tui.desks.people import sign_in
    from qa_tui.domain.people import Role

    people = {p.user_name: p for p in store.people()}
    assert set().union(*(p.roles for p in people.values())) == set(Role)
    assert all(p.display_name != p.user_name and p.has_passphrase for p in people.values())
    assert people["qa.lead"].roles == {Role.QA_LEAD, Role.AUDITOR}
    # Team memberships stay as the programmes were drawn with; a manager has teams of the demo.
    assert people[DEMO_USER].teams == ("Assessment North",)
    managers = [p for p in people.values() if p.has(Role.MANAGER)]
    assert managers and set(managers[0].manages) <= {team for team, *_ in TEAMS}
    assert any(p.agency for p in people.values() if p.has(Role.PARTNER))
    for name in ("qa.lead", "police.ash"):
        assert sign_in(store, name, DEMO_PASSPHRASE, wait=False).user_name == name


def test_the_demo_opens_only_as_one_of_its_people(built: Path) -> None:
    from click.testing import CliRunner

    from qa_tui.cli.main import cli

    result = CliRunner().invoke(cli, ["demo", "--db", str(built), "--as", "nobody"], env=NO_ONE)
    assert result.exit_code == 1 and result.stdout == ""
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "'nobody' is not one of the demo's people" in lines[0]
    assert "qa.lead (auditor and QA lead)" in lines[0]


def test_on_the_demo_user_picks_a_person_without_a_token(built: Path) -> None:
    import json

    from click.testing import CliRunner

    from qa_tui.cli.main import cli

    as_lead = CliRunner().invoke(
        cli,
        ["--db", str(built), "--user", "qa.lead", "users", "list", "--format", "json"],
        env=NO_ONE,
    )
    assert as_lead.exit_code == 0, as_lead.stderr
    assert "tm.cedar" in {p["user_name"] for p in json.loads(as_lead.stdout)["users"]}
    # With no name given it is the demo auditor, who may not list people.
    as_auditor = CliRunner().invoke(cli, ["--db", str(built), "users", "list"], env=NO_ONE)
    assert as_auditor.exit_code == 1
    assert "demo.auditor (auditor) may not see the list of people" in as_auditor.stderr


def test_the_finished_summer_round_has_submitted_audits_its_report_names(built: Path) -> None:
    """A board reads a finished round: graded, closed, with actions and recommendations."""
    from click.testing import CliRunner

    from qa_tui.cli.main import cli

    s = Store.open(built, create=False)
    try:
        [summer] = s._rows("SELECT id, status FROM programmes WHERE name = 'Summer dip sample'")
        audits = s._rows(
            "SELECT a.id, a.case_ref, a.status, a.overall_grade_label, a.submitted_at "
            "FROM audits a WHERE a.programme_id = ?",
            (summer["id"],),
        )
    finally:
        s.close()
    assert summer["status"] == "closed" and len(audits) >= 10
    assert {a["status"] for a in audits} == {"submitted"}
    labels = [a["overall_grade_label"] for a in audits]
    assert max(set(labels), key=labels.count) == "Good"
    assert {"Outstanding", "Inadequate"} <= set(labels)
    # Submitted last summer, before the autumn round that is still to do.
    assert all("2026-06" <= a["submitted_at"][:7] <= "2026-08" for a in audits)

    result = CliRunner().invoke(
        cli,
        ["--db", str(built), "--user", "qa.lead", "report", "programme", "Summer dip sample"]
        + ["--format", "md"],
        env=NO_ONE,
    )
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert f"{len(audits)} of {len(audits)} audits submitted" in text
    # The actions table names the round's own audits and cases, and only those.
    named = set(re.findall(r"^\| (\d+) \| (DEMO-[A-Z]+-\d{4}) \|", text, re.M))
    assert named and named <= {(str(a["id"]), a["case_ref"]) for a in audits}
    assert "| Overall judgement | " in text and "No graded audits yet" not in text
    assert "Area for development" in text and "Strength" in text
    assert "done: " in text and "No case actions were raised" not in text
    assert "Managers check at each supervision" in text


def test_the_home_counts_what_the_lists_behind_it_show(store: Store) -> None:
    from qa_tui.desks.feedback import FeedbackDesk
    from qa_tui.desks.moderation_steering import ModerationSteering

    desk = AuditDesk(store, DEMO_USER)
    counts = desk.my_audit_counts(TODAY)
    # "1 sent back (b) · 3 feedback due (w)": each opens a list of exactly that many.
    assert counts["sent_back"] == len(ModerationSteering(desk).waiting_answers()) >= 1
    assert counts["awaiting_feedback"] == len(FeedbackDesk(desk).awaiting()) >= 1


def test_the_partnership_round_has_every_agency_and_joint_judgements(store: Store) -> None:
    """Seven children on plans, each audited by four agencies; five joint judgements
    agreed, one begun, and one child still waiting for education's audit."""
    from qa_tui.desks.demo_multi_agency import NAME
    from qa_tui.desks.multi_agency import MultiAgencyDesk
    from qa_tui.domain.errors import NotAllowed

    lead = MultiAgencyDesk(AuditDesk(store, "qa.lead"))
    agencies = {a["agency"]: a for a in lead.agencies(NAME)}
    assert set(agencies) == {"Children's social care", "Police", "Health", "Education"}
    assert agencies["Education"]["submitted"] == agencies["Education"]["audits"] - 1
    children = lead.children(NAME)
    assert len(children) == 7
    assert sum(1 for c in children if c["agreed_at"]) == 5
    agreed = lead.joint(NAME, children[0]["case_ref"])
    assert agreed.participants and all(c.agreed for c in agreed.criteria)
    assert all(c.agreed["reason"] for c in agreed.criteria if c.differ and c.agreed)
    last = lead.joint(NAME, children[-1]["case_ref"])
    assert last.waiting_for == ["Education"]
    police = AuditDesk(store, "police.ash")
    health_audit = next(a["id"] for a in last.agencies if a["agency"] == "Health")
    with pytest.raises(NotAllowed):
        police.open_audit(health_audit)
