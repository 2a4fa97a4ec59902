"""The QA lead's programmes on a real SQLite file: draw, adjust, assign, repeat, progress.

Everything the tool decides is read back from the database, as a QA lead (or an
inspector asking "why this case?") would see it later.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from conftest import MINI_RUBRICS, MINI_YAML

from qa_tui.desks.audits import AuditDesk, ServiceError
from qa_tui.desks.programmes import ProgrammeDesk
from qa_tui.domain.records import Case
from qa_tui.domain.sampling import SamplingRule
from qa_tui.store.database import Store

TODAY = date(2025, 6, 15)
TEAMS = ("Assessment North", "Assessment South", "Child Protection East")


@pytest.fixture
def rubrics_dir(tmp_path: Path) -> Path:
    """The mini rubric and a second rubric with its own id, so programmes can use two."""
    folder = tmp_path / "rubrics"
    folder.mkdir()
    shutil.copy(MINI_YAML, folder / "mini.yaml")
    text = MINI_YAML.read_text(encoding="utf-8").replace("id: mini\n", "id: mini-two\n", 1)
    (folder / "mini-two.yaml").write_text(text, encoding="utf-8")
    return folder


def thirty_cases() -> list[Case]:
    """Ten cases in each team, alternately CP and CIN."""
    return [
        Case(f"{t}-{i:03d}", team, cohort="CIN" if i % 2 else "CP", opened_on="2024-02-01")
        for t, team in zip(("AN", "AS", "CP"), TEAMS, strict=True)
        for i in range(10)
    ]


@pytest.fixture
def lead(store: Store, rubrics_dir: Path) -> ProgrammeDesk:
    """The QA lead 'lena' with 10 open cases in each of three teams."""
    store.upsert_cases(thirty_cases(), "lena", "test")
    return ProgrammeDesk(AuditDesk(store, "lena", rubrics_dir=rubrics_dir))


def new_programme(
    lead: ProgrammeDesk,
    name: str = "June dip",
    *,
    rubrics: tuple[str, ...] = ("mini",),
    due: date | None = date(2025, 7, 31),
):
    return lead.create(
        name=name, kind="dip_sample", rubric_ids=list(rubrics), owner="lena", due_on=due
    )


def programme_audits(store: Store, programme_id: int) -> list[dict]:
    return store._rows(
        "SELECT a.id, a.case_ref, a.auditor, a.status, a.due_on, a.programme_id, "
        "a.previous_audit_id, r.rubric_id FROM audits a JOIN rubric_versions r "
        "ON r.hash = a.rubric_hash WHERE a.programme_id = ? ORDER BY a.id",
        (programme_id,),
    )


def set_auditors(lead: ProgrammeDesk) -> list[str]:
    lead.set_auditor_teams("Ann", ["Assessment North"])
    lead.set_auditor_teams("Bob", ["Assessment South"])
    lead.set_auditor_teams("Cy", ["Child Protection East"])
    return ["Ann", "Bob", "Cy"]


def submit_graded(desk: AuditDesk, audit_id: int) -> None:
    desk.grade(audit_id, "child-seen", "good")
    desk.mark_not_applicable(audit_id, "plan-smart")
    desk.grade(audit_id, "visits-in-time", "yes")
    desk.set_overall(audit_id, "good")
    desk.set_text(audit_id, "overall_rationale", "Child seen alone; plan on track")
    desk.submit(audit_id)


# -- create ----------------------------------------------------------------------------


def test_create_records_the_programme_as_a_draft(lead: ProgrammeDesk) -> None:
    p = new_programme(lead, rubrics=("mini", "mini-two"))
    again = lead.get(p.id)
    assert again == lead.get("June dip")
    assert (again.name, again.kind, again.rubric_ids, again.status, again.due_on) == (
        "June dip",
        "dip_sample",
        ["mini", "mini-two"],
        "draft",
        "2025-07-31",
    )
    assert again.rule is None
    assert [p.id for p in lead.all()] == [p.id]


def test_create_refuses_an_unknown_type(lead: ProgrammeDesk) -> None:
    with pytest.raises(ServiceError, match="dip_sample"):
        lead.create(name="X", kind="audit-everything", rubric_ids=["mini"], owner="lena")
    assert lead.all() == []


def test_create_refuses_an_unknown_rubric_listing_the_known_ones(lead: ProgrammeDesk) -> None:
    with pytest.raises(ServiceError) as err:
        lead.create(name="X", kind="dip_sample", rubric_ids=["mini", "nope"], owner="lena")
    assert "nope" in str(err.value)
    assert "mini" in str(err.value) and "mini-two" in str(err.value)
    assert lead.all() == []


def test_create_refuses_no_rubric_and_a_duplicate_name(lead: ProgrammeDesk) -> None:
    with pytest.raises(ServiceError):
        lead.create(name="X", kind="dip_sample", rubric_ids=[], owner="lena")
    new_programme(lead)
    with pytest.raises(ServiceError, match="already exists"):
        new_programme(lead)
    assert len(lead.all()) == 1


@pytest.mark.parametrize("lookback, judgement", [(6, 7), (12, 0)])
def test_judgement_period_must_lie_within_the_lookback(
    lead: ProgrammeDesk, lookback: int, judgement: int
) -> None:
    with pytest.raises(ServiceError, match="look-back"):
        lead.create(
            name="X",
            kind="dip_sample",
            rubric_ids=["mini"],
            owner="lena",
            lookback_months=lookback,
            judgement_months=judgement,
        )
    assert lead.all() == []


def test_unknown_programme_is_a_service_error(lead: ProgrammeDesk) -> None:
    with pytest.raises(ServiceError, match="no programme"):
        lead.get("Nonexistent")


# -- draw --------------------------------------------------------------------------------


def test_draw_records_every_decision_and_the_rule_seed_and_cohort(
    lead: ProgrammeDesk, store: Store
) -> None:
    # A case that dropped out of the latest case list is closed.
    store.upsert_cases([Case("CL-001", "Assessment North", cohort="CIN")], "lena", "test")
    store.upsert_cases(thirty_cases(), "lena", "test", close_missing=True)
    p = new_programme(lead)
    rule = SamplingRule(cohorts=["CIN"], per_team=2)
    sample = lead.draw(p.id, rule, 1234, today=TODAY)

    got = lead.get(p.id)
    assert got.rule is not None and SamplingRule.model_validate(got.rule) == rule
    assert got.seed == 1234
    assert got.cohort_size == sample.cohort_size == 16  # 5 CIN per team + the closed case
    assert got.cases_listed == sample.cases_listed == 31
    assert got.sampled_at is not None
    recorded = lead.decisions(p.id)
    assert recorded == sample.decisions
    assert len(recorded) == 16
    assert {d.case_ref: d.reason for d in recorded}["CL-001"] == "case is closed"
    assert len(lead.decisions(p.id, "sampled")) == 6
    assert store.events("programme", p.id)[-1].field == "sample"


def test_drawing_again_before_audits_replaces_the_draw(lead: ProgrammeDesk) -> None:
    p = new_programme(lead)
    lead.draw(p.id, SamplingRule(per_team=2), 1, today=TODAY)
    second = lead.draw(p.id, SamplingRule(per_team=1), 2, today=TODAY)
    assert lead.decisions(p.id) == second.decisions
    assert len(lead.decisions(p.id, "sampled")) == 3
    assert lead.get(p.id).seed == 2


def test_drawing_again_after_audits_exist_is_refused(lead: ProgrammeDesk) -> None:
    p = new_programme(lead)
    lead.draw(p.id, SamplingRule(per_team=2), 1, today=TODAY)
    lead.assign(p.id, set_auditors(lead), today=TODAY)
    before = lead.decisions(p.id)
    with pytest.raises(ServiceError, match="already has audits"):
        lead.draw(p.id, SamplingRule(per_team=5), 2, today=TODAY)
    assert lead.decisions(p.id) == before
    assert lead.get(p.id).seed == 1


def test_submitted_audits_exclude_cases_from_a_later_draw(lead: ProgrammeDesk) -> None:
    p = new_programme(lead)
    lead.draw(p.id, SamplingRule(teams=["Assessment North"], per_team=1), 1, today=TODAY)
    lead.assign(p.id, set_auditors(lead), today=TODAY)
    [audit] = programme_audits(lead.desk.store, p.id)
    submit_graded(lead.desk, audit["id"])
    later = new_programme(lead, "Later dip")
    sample = lead.preview(later.id, SamplingRule(teams=["Assessment North"], per_team=10), 1)
    by_ref = {d.case_ref: d for d in sample.decisions}
    assert by_ref[audit["case_ref"]].outcome == "excluded"
    assert "within 12 months" in by_ref[audit["case_ref"]].reason
    kept = lead.preview(
        later.id,
        SamplingRule(teams=["Assessment North"], per_team=10, exclude_audited_within_months=0),
        1,
    )
    assert {d.case_ref: d.outcome for d in kept.decisions}[audit["case_ref"]] == "sampled"


def test_preview_records_nothing(lead: ProgrammeDesk) -> None:
    p = new_programme(lead)
    sample = lead.preview(p.id, SamplingRule(per_team=2), 1, today=TODAY)
    assert len(sample.sampled()) == 6
    assert lead.decisions(p.id) == []
    assert lead.get(p.id).rule is None


# -- adding and removing cases by hand ----------------------------------------------------


def test_add_and_remove_case_need_a_reason_and_are_recorded(
    lead: ProgrammeDesk, store: Store
) -> None:
    p = new_programme(lead)
    lead.draw(p.id, SamplingRule(per_team=1), 1, today=TODAY)
    not_drawn = lead.decisions(p.id, "not_drawn")[0].case_ref
    sampled = lead.decisions(p.id, "sampled")[0].case_ref
    with pytest.raises(ServiceError, match="reason"):
        lead.add_case(p.id, not_drawn, "  ")
    with pytest.raises(ServiceError, match="reason"):
        lead.remove_case(p.id, sampled, "")

    lead.add_case(p.id, not_drawn, "Inspector asked for it")
    lead.remove_case(p.id, sampled, "Child moved out of area")
    outcomes = {d.case_ref: (d.outcome, d.reason) for d in lead.decisions(p.id)}
    assert outcomes[not_drawn] == ("added", "Inspector asked for it")
    assert outcomes[sampled] == ("removed", "Child moved out of area")
    chosen = {ref for ref, _ in lead.store.chosen_cases(p.id)}
    assert not_drawn in chosen and sampled not in chosen

    events = {e.field: e for e in store.events("programme", p.id)}
    assert events[f"case.{not_drawn}"].old_value == "not_drawn"
    assert events[f"case.{not_drawn}"].new_value == "added: Inspector asked for it"
    assert events[f"case.{sampled}"].old_value == "sampled"
    assert events[f"case.{sampled}"].new_value == "removed: Child moved out of area"
    assert events[f"case.{sampled}"].who == "lena"


def test_adding_an_unknown_case_is_refused(lead: ProgrammeDesk) -> None:
    p = new_programme(lead)
    with pytest.raises(ServiceError, match="NOPE-1"):
        lead.add_case(p.id, "NOPE-1", "Inspector asked")


def test_removing_an_assigned_case_is_refused(lead: ProgrammeDesk) -> None:
    p = new_programme(lead)
    lead.draw(p.id, SamplingRule(per_team=1), 1, today=TODAY)
    lead.assign(p.id, set_auditors(lead), today=TODAY)
    sampled = lead.decisions(p.id, "sampled")[0].case_ref
    with pytest.raises(ServiceError, match="already has an audit"):
        lead.remove_case(p.id, sampled, "Changed my mind")
    assert {d.case_ref: d.outcome for d in lead.decisions(p.id)}[sampled] == "sampled"


# -- assignment ----------------------------------------------------------------------------


def test_assign_creates_one_audit_per_case_per_rubric(lead: ProgrammeDesk, store: Store) -> None:
    p = new_programme(lead, rubrics=("mini", "mini-two"))
    lead.draw(p.id, SamplingRule(per_team=2), 1, today=TODAY)
    plan = lead.assign(p.id, set_auditors(lead), today=TODAY)
    audits = programme_audits(store, p.id)
    chosen = lead.store.chosen_cases(p.id)
    assert len(chosen) == 6 and len(plan) == 6
    assert sorted((a["case_ref"], a["rubric_id"]) for a in audits) == sorted(
        (ref, rid) for ref, _ in chosen for rid in ("mini", "mini-two")
    )
    assert {a["status"] for a in audits} == {"to_do"}
    assert {a["due_on"] for a in audits} == {"2025-07-31"}
    assert {a["programme_id"] for a in audits} == {p.id}
    assert lead.get(p.id).status == "open"
    # Both rubrics of one case go to the same auditor, who is never of the case's team.
    own_team = {"Ann": "Assessment North", "Bob": "Assessment South", "Cy": "Child Protection East"}
    teams = dict(chosen)
    for ref in teams:
        auditors = {a["auditor"] for a in audits if a["case_ref"] == ref}
        assert len(auditors) == 1
        assert own_team[auditors.pop()] != teams[ref]
    assert sorted(lead.store.load(p.id).values()) == [2, 2, 2]


def test_assign_without_a_due_date_uses_today(lead: ProgrammeDesk, store: Store) -> None:
    p = new_programme(lead, due=None)
    lead.draw(p.id, SamplingRule(per_team=1), 1, today=TODAY)
    lead.assign(p.id, set_auditors(lead), today=TODAY)
    assert {a["due_on"] for a in programme_audits(store, p.id)} == {TODAY.isoformat()}


def test_assigning_again_only_assigns_new_cases(lead: ProgrammeDesk, store: Store) -> None:
    p = new_programme(lead)
    lead.draw(p.id, SamplingRule(per_team=1), 1, today=TODAY)
    names = set_auditors(lead)
    lead.assign(p.id, names, today=TODAY)
    first = programme_audits(store, p.id)
    assert lead.assign(p.id, names, today=TODAY) == []
    assert programme_audits(store, p.id) == first

    extra = lead.decisions(p.id, "not_drawn")[0].case_ref
    lead.add_case(p.id, extra, "Complaint received")
    plan = lead.assign(p.id, names, today=TODAY)
    assert [a.case_ref for a in plan] == [extra]
    audits = programme_audits(store, p.id)
    assert audits[: len(first)] == first
    assert [a["case_ref"] for a in audits[len(first) :]] == [extra]


def test_assignment_respects_the_load_already_held(lead: ProgrammeDesk, store: Store) -> None:
    lead.set_auditor_teams("Ann", [])
    lead.set_auditor_teams("Bob", [])
    p = new_programme(lead)
    lead.draw(p.id, SamplingRule(teams=["Assessment North"], per_team=2), 1, today=TODAY)
    lead.assign(p.id, ["Ann"], today=TODAY)
    for ref in [d.case_ref for d in lead.decisions(p.id, "not_drawn")][:2]:
        lead.add_case(p.id, ref, "Extra assurance")
    plan = lead.assign(p.id, ["Ann", "Bob"], today=TODAY)
    assert {a.auditor for a in plan} == {"Bob"}


def test_assign_refuses_when_no_auditor_is_independent(lead: ProgrammeDesk, store: Store) -> None:
    lead.set_auditor_teams("Ann", ["Assessment North"])
    p = new_programme(lead)
    lead.draw(p.id, SamplingRule(teams=["Assessment North"], per_team=2), 1, today=TODAY)
    with pytest.raises(ServiceError, match="no independent auditor"):
        lead.assign(p.id, ["Ann"], today=TODAY)
    assert programme_audits(store, p.id) == []
    assert lead.get(p.id).status == "draft"

    plan = lead.assign(p.id, ["Ann"], relax_reason="Only auditor available", today=TODAY)
    assert {a.auditor for a in plan} == {"Ann"}
    assert len(programme_audits(store, p.id)) == 2
    assert lead.get(p.id).independence_relaxed == "Only auditor available"
    assert any(e.field == "independence_relaxed" for e in store.events("programme", p.id))


def test_assign_needs_an_auditor_and_an_open_programme(lead: ProgrammeDesk) -> None:
    p = new_programme(lead)
    lead.draw(p.id, SamplingRule(per_team=1), 1, today=TODAY)
    with pytest.raises(ServiceError, match="auditor"):
        lead.assign(p.id, [], today=TODAY)
    lead.close(p.id)
    with pytest.raises(ServiceError, match="closed"):
        lead.assign(p.id, set_auditors(lead), today=TODAY)


def test_reassign_records_old_and_new_auditor_and_reason(lead: ProgrammeDesk, store: Store) -> None:
    p = new_programme(lead)
    lead.draw(p.id, SamplingRule(per_team=1), 1, today=TODAY)
    lead.assign(p.id, set_auditors(lead), today=TODAY)
    audit = programme_audits(store, p.id)[0]
    with pytest.raises(ServiceError, match="reason"):
        lead.reassign(audit["id"], "Dee", " ")
    lead.reassign(audit["id"], "Dee", "Ann on leave")
    assert store.audit(audit["id"]).auditor == "Dee"
    last = store.events("audit", audit["id"])[-1]
    assert (last.field, last.old_value, last.who) == ("auditor", audit["auditor"], "lena")
    assert "Dee" in (last.new_value or "") and "Ann on leave" in (last.new_value or "")


def test_reassign_of_a_submitted_or_unknown_audit_is_refused(
    lead: ProgrammeDesk, store: Store
) -> None:
    p = new_programme(lead)
    lead.draw(p.id, SamplingRule(per_team=1), 1, today=TODAY)
    lead.assign(p.id, set_auditors(lead), today=TODAY)
    audit = programme_audits(store, p.id)[0]
    submit_graded(lead.desk, audit["id"])
    with pytest.raises(ServiceError, match="submitted"):
        lead.reassign(audit["id"], "Dee", "Ann on leave")
    assert store.audit(audit["id"]).auditor == audit["auditor"]
    with pytest.raises(ServiceError, match="does not exist"):
        lead.reassign(99999, "Dee", "Ann on leave")


# -- repeats -------------------------------------------------------------------------------


def test_repeat_with_same_cases_links_each_audit_to_the_earlier_one(
    lead: ProgrammeDesk, store: Store
) -> None:
    first = new_programme(lead, rubrics=("mini", "mini-two"))
    lead.draw(first.id, SamplingRule(per_team=2), 1, today=TODAY)
    names = set_auditors(lead)
    lead.assign(first.id, names, today=TODAY)
    earlier = {(a["case_ref"], a["rubric_id"]): a["id"] for a in programme_audits(store, first.id)}

    again = lead.repeat(
        first.id, name="June dip, again", same_cases=True, due_on=date(2025, 12, 31)
    )
    assert (again.kind, again.repeat_of, again.rubric_ids) == (
        "repeat",
        first.id,
        ["mini", "mini-two"],
    )
    assert lead.store.chosen_cases(again.id) == lead.store.chosen_cases(first.id)
    assert {d.outcome for d in lead.decisions(again.id)} == {"added"}

    lead.assign(again.id, names, today=TODAY)
    later = programme_audits(store, again.id)
    assert len(later) == len(earlier) == 12
    for a in later:
        assert a["previous_audit_id"] == earlier[(a["case_ref"], a["rubric_id"])]
        assert a["due_on"] == "2025-12-31"


def test_repeat_with_a_seed_redraws_with_the_same_rule(lead: ProgrammeDesk) -> None:
    first = new_programme(lead)
    rule = SamplingRule(cohorts=["CP"], per_team=2, exclude_audited_within_months=0)
    lead.draw(first.id, rule, 1, today=TODAY)
    again = lead.repeat(first.id, name="Second round", seed=77, today=TODAY)
    assert again.rule == lead.get(first.id).rule
    assert again.seed == 77
    expected = lead.preview(again.id, rule, 77, today=TODAY)
    assert lead.decisions(again.id) == expected.decisions
    assert len(lead.decisions(again.id, "sampled")) == 6


def test_repeat_without_a_sample_or_a_seed_is_refused_and_creates_nothing(
    lead: ProgrammeDesk,
) -> None:
    undrawn = new_programme(lead)
    with pytest.raises(ServiceError, match="no sample"):
        lead.repeat(undrawn.id, name="Round two", seed=3)
    drawn = new_programme(lead, "Drawn")
    lead.draw(drawn.id, SamplingRule(per_team=1), 1, today=TODAY)
    with pytest.raises(ServiceError, match="seed"):
        lead.repeat(drawn.id, name="Round three")
    assert {p.name for p in lead.all()} == {"June dip", "Drawn"}


# -- progress --------------------------------------------------------------------------------


def test_progress_counts_by_auditor_and_team(lead: ProgrammeDesk, store: Store) -> None:
    p = new_programme(lead, due=date(2025, 6, 1))
    lead.draw(p.id, SamplingRule(per_team=2), 1, today=TODAY)
    lead.assign(p.id, set_auditors(lead), today=TODAY)
    audits = programme_audits(store, p.id)
    submitted, started = audits[0], audits[1]
    submit_graded(lead.desk, submitted["id"])
    lead.desk.grade(started["id"], "child-seen", "good")

    progress = lead.progress(p.id, today=TODAY)
    assert progress.chosen == 6
    assert progress.totals == {"audits": 6, "started": 2, "submitted": 1, "overdue": 5}
    by_auditor = {r["name"]: r for r in progress.by_auditor}
    assert set(by_auditor) == {"Ann", "Bob", "Cy"}
    assert sum(r["audits"] for r in by_auditor.values()) == 6
    assert by_auditor[submitted["auditor"]]["submitted"] == 1
    by_team = {r["name"]: r for r in progress.by_team}
    assert set(by_team) == set(TEAMS)
    assert all(r["audits"] == 2 for r in by_team.values())
    team_of = {c.case_ref: c.team for c in thirty_cases()}
    assert by_team[team_of[submitted["case_ref"]]]["submitted"] == 1

    on_the_due_date = lead.progress(p.id, today=date(2025, 6, 1))
    assert on_the_due_date.totals["overdue"] == 0
    assert lead.progress(p.id, today=date(2025, 6, 2)).totals["overdue"] == 5


def test_reassigning_to_an_auditor_of_the_cases_team_is_refused(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "qa.sqlite3")
    store.upsert_cases([Case("C-1", "MASH"), Case("C-2", "MASH")], "lead", "test")
    desk = ProgrammeDesk(AuditDesk(store, "lead", MINI_RUBRICS))
    desk.set_auditor_teams("qa.birch", ["MASH"])
    desk.set_auditor_teams("qa.rowan", [])
    p = desk.create(name="R", kind="dip_sample", rubric_ids=["mini"], owner="QA")
    desk.draw(p.id, SamplingRule(per_team=1), seed=1)
    desk.assign(p.id, ["qa.rowan"])
    [audit] = store._rows("SELECT id FROM audits WHERE programme_id = ?", (p.id,))
    with pytest.raises(ServiceError, match="belongs to or manages MASH"):
        desk.reassign(audit["id"], "qa.birch", "leave")
    assert store.audit(audit["id"]).auditor == "qa.rowan"
    with pytest.raises(ServiceError, match="programme 999 does not exist"):
        desk.add_case(999, "C-2", "inspector")
