"""Multi-agency rounds: each child audited once per agency by that agency's auditor, the
agencies' grades read side by side, the partnership's joint judgement with its reasons
and who took part, and the agency x criterion figures in the export and the report.

Real SQLite files in tmp_path, the real CLI through click's runner.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MINI_RUBRICS

from qa_tui.cli.main import cli
from qa_tui.desks.audits import AuditDesk, ServiceError
from qa_tui.desks.multi_agency import MultiAgencyDesk
from qa_tui.desks.people import PeopleDesk
from qa_tui.desks.programmes import ProgrammeDesk
from qa_tui.domain.errors import NotAllowed
from qa_tui.domain.people import Role
from qa_tui.domain.records import Case
from qa_tui.store.database import Store

NO_ONE = {"QA_TUI_TOKEN": "", "QA_TUI_USER": "", "QA_TUI_DB": ""}
CASES = ("CP-001", "CP-002")


def people(store: Store) -> dict[str, AuditDesk]:
    """A QA lead, the council's auditor (in Fostering, not the children's team), and a
    police and a health partner auditor; each one's desk."""
    solo = AuditDesk(store, "setup", MINI_RUBRICS)
    admin = PeopleDesk(solo).add("ada", "Ada Admin", [Role.ADMIN], passphrase="ada keeps keys")
    desk = PeopleDesk(solo.signed_in(admin))
    desk.add("lee", "Lee Lead", [Role.QA_LEAD], passphrase="lee leads rounds")
    desk.add("cal", "Cal Council", [Role.AUDITOR], teams=["Fostering"], passphrase="cal cal cal!")
    desk.add("ash", "DS Ash", [Role.PARTNER], agency="Police", passphrase="ash of police")
    desk.add("hal", "Nurse Hal", [Role.PARTNER], agency="Health", passphrase="hal of health")
    return {u: AuditDesk(store, u, MINI_RUBRICS) for u in ("lee", "cal", "ash", "hal")}


@pytest.fixture
def round_(store: Store) -> tuple[dict[str, AuditDesk], int]:
    """A multi_agency round of two children of the Child protection team."""
    desks = people(store)
    store.upsert_cases([Case(c, "Child protection") for c in CASES], "lee", "test")
    lead = ProgrammeDesk(desks["lee"])
    p = lead.create(
        name="Partnership spring", kind="multi_agency", rubric_ids=["mini"], owner="lee"
    )
    for case in CASES:
        lead.add_case(p.id, case, "chosen by the partnership board")
    return desks, p.id


def assign(desks: dict[str, AuditDesk], programme_id: int) -> list[tuple[str, str, int]]:
    return MultiAgencyDesk(desks["lee"]).assign(
        programme_id, ["cal", "ash", "hal"], date(2026, 3, 2)
    )


def audit_of(store: Store, case: str, agency: str) -> int:
    row = store._one("SELECT id FROM audits WHERE case_ref = ? AND agency = ?", (case, agency))
    assert row is not None
    return int(row["id"])


def submit(desk: AuditDesk, audit_id: int, seen: str, overall: str) -> None:
    desk.grade(audit_id, "child-seen", seen)
    if seen in ("requires-improvement", "inadequate"):
        desk.save_evidence(audit_id, "child-seen", "Not seen alone")
    desk.mark_not_applicable(audit_id, "plan-smart")
    desk.grade(audit_id, "visits-in-time", "yes")
    # child-seen limits the overall grade: a weak one brings it down with it
    desk.set_overall(audit_id, seen if seen == "requires-improvement" else overall)
    desk.set_text(audit_id, "overall_rationale", "Read from our own records")
    desk.submit(audit_id)


def all_submitted(store: Store, desks: dict[str, AuditDesk]) -> None:
    """Police grade seeing the child lower than the others on CP-001."""
    for case in CASES:
        submit(desks["cal"], audit_of(store, case, "Children's social care"), "good", "good")
        seen = "requires-improvement" if case == "CP-001" else "good"
        submit(desks["ash"], audit_of(store, case, "Police"), seen, "good")
        submit(desks["hal"], audit_of(store, case, "Health"), "good", "good")


def test_each_child_is_audited_once_per_agency_by_that_agencys_auditor(
    store: Store, round_: tuple[dict[str, AuditDesk], int]
) -> None:
    desks, programme_id = round_
    made = assign(desks, programme_id)
    assert sorted((case, agency) for case, agency, _ in made) == sorted(
        (c, a) for c in CASES for a in ("Children's social care", "Health", "Police")
    )
    rows = store._rows(
        "SELECT case_ref, agency, auditor FROM audits WHERE programme_id = ? ORDER BY 1, 2",
        (programme_id,),
    )
    assert {(r["agency"], r["auditor"]) for r in rows} == {
        ("Children's social care", "cal"),
        ("Health", "hal"),
        ("Police", "ash"),
    }
    # assigned again: nothing is made twice
    with pytest.raises(ServiceError, match="already has an audit for each agency"):
        assign(desks, programme_id)
    agencies = MultiAgencyDesk(desks["lee"]).agencies(programme_id)
    assert [(a["agency"], a["submitted"], a["audits"]) for a in agencies] == [
        ("Children's social care", 0, 2),
        ("Health", 0, 2),
        ("Police", 0, 2),
    ]


def test_assigning_refuses_what_would_make_a_wrong_round(
    store: Store, round_: tuple[dict[str, AuditDesk], int]
) -> None:
    desks, programme_id = round_
    multi = MultiAgencyDesk(desks["lee"])
    with pytest.raises(ServiceError, match="Police is named twice"):
        multi.assign(programme_id, ["ash", "Police=hal"])
    with pytest.raises(ServiceError, match="nobody is not a person"):
        multi.assign(programme_id, ["nobody"])
    lead = ProgrammeDesk(desks["lee"])
    with pytest.raises(ServiceError, match="one auditor per agency: `qa-tui multi-agency assign`"):
        lead.assign(programme_id, ["cal"])
    dip = lead.create(name="Dip", kind="dip_sample", rubric_ids=["mini"], owner="lee")
    with pytest.raises(ServiceError, match="only a multi_agency round"):
        multi.assign(dip.id, ["ash"])
    lead.set_auditor_teams("cal", ["Child protection"])
    with pytest.raises(ServiceError, match=r"cal \(Children's social care\) belongs to"):
        multi.assign(programme_id, ["cal"])
    with pytest.raises(NotAllowed):
        MultiAgencyDesk(desks["cal"]).assign(programme_id, ["ash"])
    assert store._one("SELECT count(*) AS n FROM audits")["n"] == 0  # type: ignore[index]


def test_a_partner_sees_and_grades_only_their_own_agencys_audits(
    store: Store, round_: tuple[dict[str, AuditDesk], int]
) -> None:
    desks, programme_id = round_
    assign(desks, programme_id)
    police = audit_of(store, "CP-001", "Police")
    health = audit_of(store, "CP-001", "Health")
    assert desks["ash"].open_audit(police).audit.case.case_ref == "CP-001"
    with pytest.raises(NotAllowed):
        desks["ash"].open_audit(health)
    with pytest.raises(NotAllowed):
        desks["ash"].grade(health, "child-seen", "good")
    with pytest.raises(NotAllowed):
        MultiAgencyDesk(desks["ash"]).joint(programme_id, "CP-001")


def test_the_joint_judgement_waits_for_every_agency_then_needs_reasons_where_they_differ(
    store: Store, round_: tuple[dict[str, AuditDesk], int]
) -> None:
    desks, programme_id = round_
    assign(desks, programme_id)
    multi = MultiAgencyDesk(desks["lee"])
    submit(desks["ash"], audit_of(store, "CP-001", "Police"), "requires-improvement", "good")
    with pytest.raises(ServiceError, match="Children's social care, Health not yet"):
        multi.grade(programme_id, "CP-001", "child-seen", 2, "")
    all_submitted_but_police(store, desks)
    view = multi.joint(programme_id, "CP-001")
    seen = next(c for c in view.criteria if c.criterion_id == "child-seen")
    assert {g.agency: g.text for g in seen.agencies} == {
        "Children's social care": "Good",
        "Health": "Good",
        "Police": "Requires improvement to be good",
    }
    assert seen.differ
    with pytest.raises(ServiceError, match="graded child-seen differently"):
        multi.grade(programme_id, "CP-001", "child-seen", 3)
    multi.grade(programme_id, "CP-001", "child-seen", 3, "Police saw her only with dad present")
    multi.grade(programme_id, "CP-001", "visits-in-time", 1)  # all agreed: no reason needed
    multi.grade(programme_id, "CP-001", "plan-smart", None)
    with pytest.raises(ServiceError, match="agree a grade first for: overall"):
        multi.agree(programme_id, "CP-001")
    multi.grade(programme_id, "CP-001", "overall", 2, "One gap, put right within the month")
    with pytest.raises(ServiceError, match="say who took part"):
        multi.agree(programme_id, "CP-001")
    multi.set_participants(programme_id, "CP-001", ["Police=DS Ash", "Health=Nurse Hal", "Lee"])
    view = multi.agree(programme_id, "CP-001")
    assert view.agreed_at is not None
    assert view.participants[0] == {"name": "DS Ash", "agency": "Police"}
    agreed = {c.criterion_id: c.agreed for c in view.criteria}
    assert agreed["child-seen"]["label"] == "Requires improvement to be good"  # type: ignore[index]
    assert agreed["child-seen"]["reason"] == "Police saw her only with dad present"  # type: ignore[index]
    with pytest.raises(ServiceError, match="agreed and no longer changes"):
        multi.grade(programme_id, "CP-001", "overall", 1)
    events = [
        r["field"] for r in store._rows("SELECT field FROM events WHERE entity = 'joint_judgement'")
    ]
    assert events[0] == "begun" and events[-1] == "agreed"
    assert "grade:child-seen" in events and "participants" in events


def all_submitted_but_police(store: Store, desks: dict[str, AuditDesk]) -> None:
    submit(desks["cal"], audit_of(store, "CP-001", "Children's social care"), "good", "good")
    submit(desks["hal"], audit_of(store, "CP-001", "Health"), "good", "good")


def token(db_path: Path, user: str, passphrase: str) -> dict[str, str]:
    """The environment of a script signed in as `user`, by a token got the usual way."""
    got = CliRunner().invoke(
        cli,
        ["--db", str(db_path), "--user", user, "users", "token", "--passphrase-stdin"],
        input=passphrase,
        env=NO_ONE,
    )
    assert got.exit_code == 0, got.output
    return {**NO_ONE, "QA_TUI_TOKEN": got.stdout.strip()}


def test_the_export_reads_each_agency_beside_the_joint_judgement(
    db_path: Path, store: Store, round_: tuple[dict[str, AuditDesk], int]
) -> None:
    desks, programme_id = round_
    assign(desks, programme_id)
    all_submitted(store, desks)
    multi = MultiAgencyDesk(desks["lee"])
    multi.grade(programme_id, "CP-001", "child-seen", 2, "Police saw less of her")
    for cid, grade in (("plan-smart", None), ("visits-in-time", 1)):
        multi.grade(programme_id, "CP-001", cid, grade)
    multi.grade(programme_id, "CP-001", "overall", 2, "Police's one concern was met")
    multi.set_participants(programme_id, "CP-001", ["Police=DS Ash"])
    multi.agree(programme_id, "CP-001")
    runner = CliRunner()
    base = ["--db", str(db_path), "--rubrics", str(MINI_RUBRICS)]
    env = token(db_path, "lee", "lee leads rounds")
    result = runner.invoke(
        cli,
        [*base, "export", "agencies", "--programme", "Partnership spring", "--suppress-below", "0"],
        env=env,
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    cells = {(r["agency"], r["criterion_id"]): r for r in doc["agencies"]}
    assert cells[("Police", "child-seen")]["good_or_better"] == 0.5
    assert cells[("Police", "child-seen")]["grades"] == {
        "Good": 1,
        "Requires improvement to be good": 1,
    }
    assert cells[("Health", "child-seen")]["good_or_better"] == 1.0
    assert cells[("Joint judgement", "child-seen")]["counted"] == 1  # one child agreed so far
    assert cells[("Joint judgement", "plan-smart")]["not_applicable"] == 1
    result = runner.invoke(
        cli,
        [*base, "export", "agencies", "--programme", str(programme_id), "--format", "csv"],
        env=env,
    )
    rows = list(csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    police = next(r for r in rows if r["agency"] == "Police" and r["criterion_id"] == "child-seen")
    assert police["counted"] == "" and police["good_or_better"] == ""  # 2 children: under 5
    result = runner.invoke(
        cli,
        [*base, "export", "agencies", "--programme", str(programme_id), "--format", "md",
         "--suppress-below", "0"],
        env=env,
    )  # fmt: skip
    assert "| Criterion | Children's social care | Health | Police | Joint judgement |" in (
        result.stdout
    )
    assert "| Child seen | 100% (2) | 100% (2) | 50% (2) | 100% (1) |" in result.stdout


def test_the_command_line_runs_a_round_from_assignment_to_agreement(
    db_path: Path, store: Store, round_: tuple[dict[str, AuditDesk], int]
) -> None:
    desks, _ = round_
    runner = CliRunner()
    lee = ["--db", str(db_path), "--rubrics", str(MINI_RUBRICS)]
    env = token(db_path, "lee", "lee leads rounds")

    def run(*args: str) -> object:
        return runner.invoke(cli, [*lee, "multi-agency", *args], env=env)

    result = run("assign", "Partnership spring", "--auditor", "cal", "--auditor", "ash")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert "4 audit(s) made: 2 child(ren) x Children's social care, Police" in result.output  # type: ignore[attr-defined]
    result = run("assign", "Partnership spring", "--auditor", "Education=hal")
    assert "2 audit(s) made" in result.output  # type: ignore[attr-defined]
    result = run("agree", "Partnership spring", "CP-001", "child-seen", "2")
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert "wait for every agency's audit" in result.output  # type: ignore[attr-defined]
    assert "Traceback" not in result.output  # type: ignore[attr-defined]
    for case in CASES:
        submit(desks["cal"], audit_of(store, case, "Children's social care"), "good", "good")
        submit(desks["ash"], audit_of(store, case, "Police"), "requires-improvement", "good")
        submit(desks["hal"], audit_of(store, case, "Education"), "good", "good")
    result = run("children", "Partnership spring")
    assert "3/3 agencies in  no joint judgement yet" in result.output  # type: ignore[attr-defined]
    result = run("agree", "Partnership spring", "CP-001", "child-seen", "3",
                 "--reason", "[b]Police[/b] records show one visit")  # fmt: skip
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    result = run("agree", "Partnership spring", "CP-001", "child-seen", "seven")
    assert result.exit_code == 2  # type: ignore[attr-defined]
    result = run("show", "Partnership spring", "CP-001")
    out = result.output  # type: ignore[attr-defined]
    assert (
        "child-seen: joint Requires improvement to be good  [Children's social care: Good; " in out
    )
    assert "(agencies differ)" in out and "why: [b]Police[/b] records show one visit" in out
    result = run("show", "Partnership spring", "CP-001", "--format", "json")
    doc = json.loads(result.output)  # type: ignore[attr-defined]
    assert doc["criteria"][1]["agencies"]["Police"] == "Requires improvement to be good"
    result = run("close", "Partnership spring", "CP-001")
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert "agree a grade first for: overall, plan-smart, visits-in-time" in result.output  # type: ignore[attr-defined]


def test_the_rounds_report_shows_each_agency_beside_the_joint_judgement(
    db_path: Path, store: Store, round_: tuple[dict[str, AuditDesk], int], tmp_path: Path
) -> None:
    desks, programme_id = round_
    assign(desks, programme_id)
    all_submitted(store, desks)
    multi = MultiAgencyDesk(desks["lee"])
    reason = "Police | <script>x</script> saw her once"
    multi.grade(programme_id, "CP-001", "child-seen", 2, reason)
    multi.grade(programme_id, "CP-001", "plan-smart", None)
    multi.grade(programme_id, "CP-001", "visits-in-time", 1)
    multi.grade(programme_id, "CP-001", "overall", 2, "Met once the police's gap was put right")
    multi.set_participants(programme_id, "CP-001", ["Police=DS Ash", "Health=Nurse Hal"])
    multi.agree(programme_id, "CP-001")
    runner = CliRunner()
    base = ["--db", str(db_path), "--rubrics", str(MINI_RUBRICS)]
    env = token(db_path, "lee", "lee leads rounds")
    args = [*base, "report", "programme", "Partnership spring", "--suppress-below", "0"]
    md = runner.invoke(cli, args, env=env)
    assert md.exit_code == 0, md.output
    text = md.stdout
    assert "## Each agency beside the joint judgement" in text
    assert "| Criterion | Children's social care | Health | Police | Joint judgement |" in text
    assert "| Child seen | 100% of 2 | 100% of 2 | 50% of 2 | 100% of 1 |" in text
    assert "took part: DS Ash \\(Police\\); Nurse Hal \\(Health\\)" in text
    assert "| Plan smart | n/a | n/a | n/a | n/a |" in text
    assert "Police \\| \\<script\\>x\\</script\\> saw her once" in text  # escaped, one cell
    assert "Joint judgement not agreed yet" in text  # CP-002
    html = runner.invoke(cli, [*args, "--format", "html"], env=env).stdout
    assert "&lt;script&gt;x&lt;/script&gt;" in html and "<script>x" not in html
    book = tmp_path / "round.xlsx"
    result = runner.invoke(cli, [*args, "--format", "xlsx", "-o", str(book)], env=env)
    assert result.exit_code == 0, result.output
    from openpyxl import load_workbook

    sheets = load_workbook(book).sheetnames
    assert sheets[-2:] == ["By agency", "Joint judgements"]


async def test_a_partner_opens_their_agencys_audit_from_their_home(
    store: Store, round_: tuple[dict[str, AuditDesk], int]
) -> None:
    """DS Ash's home lists only the police's audits; the audit says whose records it
    reads."""
    from conftest import open_highlighted_audit
    from textual.widgets import OptionList

    from qa_tui.tui.app import make_app
    from qa_tui.tui.screens.audit import AuditScreen

    desks, programme_id = round_
    assign(desks, programme_id)
    person = store.person("ash")
    assert person is not None
    app = make_app(AuditDesk(store, "door", MINI_RUBRICS).signed_in(person))
    async with app.run_test(size=(100, 30)) as pilot:
        await open_highlighted_audit(pilot, app)
        assert isinstance(app.screen, AuditScreen)
        header = str(app.screen.query_one("#audit-header").render())
        assert "for Police" in header
        app.pop_screen()
        await pilot.pause()
        options = app.screen.query_one("#audits", OptionList)
        rows = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert len([r for r in rows if "CP-00" in r]) == 2  # the police's two, no other's


def test_the_grades_export_names_each_audits_agency(
    db_path: Path, store: Store, round_: tuple[dict[str, AuditDesk], int]
) -> None:
    desks, _ = round_
    assign(desks, round_[1])
    all_submitted(store, desks)
    env = token(db_path, "lee", "lee leads rounds")
    base = ["--db", str(db_path), "--rubrics", str(MINI_RUBRICS), "export", "grades"]
    doc = json.loads(CliRunner().invoke(cli, base, env=env).stdout)
    assert sorted({a["agency"] for a in doc["audits"]}) == [
        "Children's social care",
        "Health",
        "Police",
    ]
    text = CliRunner().invoke(cli, [*base, "--format", "csv"], env=env).stdout
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert len({r["audit_id"] for r in rows if r["agency"] == "Police"}) == 2


def test_an_agency_added_after_the_rubric_changed_grades_the_same_version(
    store: Store, round_: tuple[dict[str, AuditDesk], int], tmp_path: Path
) -> None:
    """Police assigned on the rubric as it was; the rubric then changed; health, added
    later, grades the version the police had, so one joint judgement still holds."""
    desks, programme_id = round_
    MultiAgencyDesk(desks["lee"]).assign(programme_id, ["ash"])
    changed = tmp_path / "rubrics"
    changed.mkdir()
    text = (MINI_RUBRICS / "mini.yaml").read_text("utf-8")
    assert 'version: "1"' in text
    (changed / "mini.yaml").write_text(text.replace('version: "1"', 'version: "2"'), "utf-8")
    lead = AuditDesk(store, "lee", changed)
    MultiAgencyDesk(lead).assign(programme_id, ["hal"])
    hashes = store._rows(
        "SELECT DISTINCT rubric_hash FROM audits WHERE programme_id = ?", (programme_id,)
    )
    assert len(hashes) == 1
    view = MultiAgencyDesk(desks["lee"]).joint(programme_id, "CP-001")
    assert [a["agency"] for a in view.agencies] == ["Health", "Police"]
