"""The dashboard's figures: they must equal a count made straight from the audits.

`expected()` recounts in plain Python from each audit as the auditor's desk loads it,
with the moderated grade where a moderation is complete, so it shares no SQL with the
summary table it checks. Real SQLite files in tmp_path throughout.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from conftest import ESCALATION, MINI_RUBRICS, TEAMS

from qa_tui.desks.audits import AuditDesk
from qa_tui.desks.dashboard import DashboardDesk, level_for
from qa_tui.desks.moderation import ModerationDesk
from qa_tui.domain.dashboard_records import Figures, Filters, quarter_of, roll_up
from qa_tui.domain.records import Case
from qa_tui.store.database import Store
from qa_tui.store.moderation import ModerationStore


def dashboard(store: Store) -> DashboardDesk:
    return DashboardDesk(AuditDesk(store, "reader"))


def expected(store: Store, filters: Filters) -> dict[str, Figures]:
    """criterion id ('' = overall) -> figures, recounted from each audit by hand."""
    moderations = ModerationStore(store)
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for (audit_id,) in store.conn.execute("SELECT id FROM audits WHERE status='submitted'"):
        audit = store.audit(audit_id)
        rubric = store.rubric_version(audit.rubric_hash)
        month = audit.submitted_at[:7]
        if filters.month_from and month < filters.month_from:
            continue
        if filters.month_to and month > filters.month_to:
            continue
        if filters.team and audit.case.team != filters.team:
            continue
        if filters.cohort and audit.case.cohort != filters.cohort:
            continue
        if filters.auditor and audit.auditor != filters.auditor:
            continue
        if filters.rubric_id and rubric.id != filters.rubric_id:
            continue
        moderation = moderations.moderation(audit_id)
        done = moderation is not None and moderation["status"] == "done"
        agreed = moderations.answers(audit_id) if done else {}
        grades: dict[str, tuple[int | None, bool, int]] = {
            "": (
                moderation["overall_grade_value"] if done else audit.overall_grade_value,
                False,
                len(rubric.overall.grades),
            )
        }
        for c in rubric.criteria:
            source = agreed.get(c.id)
            if source is not None:
                value, na = source["grade_value"], bool(source["not_applicable"])
            else:
                answer = audit.answers[c.id]
                value, na = answer.grade_value, answer.not_applicable
            grades[c.id] = (None if na else value, na, len(rubric.scale_for(c).grades))
        for criterion_id, (value, na, size) in grades.items():
            tally = counts[criterion_id]
            if na:
                tally["na"] += 1
                continue
            tally["counted"] += 1
            tally[f"v{value}"] += 1
            tally["worst"] += value == size
    return {k: Figures(**v) for k, v in counts.items()}


def shown(store: Store, filters: Filters) -> dict[str, Figures]:
    """criterion id -> figures as the dashboard shows them for the mini rubric."""
    overview = dashboard(store).overview(filters.with_(rubric_id="mini"))
    return {row.criterion_id: row.figures for row in overview.criteria}


FILTERS = [
    Filters(),
    Filters(team="Child Protection East"),
    Filters(cohort="CLA"),
    Filters(auditor="bob"),
    Filters(month_from="2025-02", month_to="2025-03"),
    Filters(team="Assessment North", cohort="CIN", auditor="alice", month_to="2025-02"),
]


@pytest.mark.parametrize("filters", FILTERS, ids=repr)
def test_figures_equal_a_recount_from_the_audits(
    store: Store, seeded: list[int], filters: Filters
) -> None:
    assert shown(store, filters) == expected(store, filters)
    assert dashboard(store).overview(filters).overall == expected(store, filters)[""]


def test_not_applicable_is_apart_from_the_share(store: Store, seeded: list[int]) -> None:
    plan = shown(store, Filters())["plan-smart"]
    assert plan.na > 0
    assert plan.counted + plan.na == len(seeded)
    assert plan.share("good") == plan.good_or_better / plan.counted


def test_compliance_is_reported_apart_from_quality(store: Store, seeded: list[int]) -> None:
    overview = dashboard(store).overview(Filters(rubric_id="mini"))
    assert [r.criterion_id for r in overview.compliance] == ["visits-in-time"]
    assert "visits-in-time" not in [r.criterion_id for r in overview.quality]
    assert ("mini", "visits-in-time") not in overview.columns  # not in the team table


def test_team_table_matches_a_recount_per_team(store: Store, seeded: list[int]) -> None:
    overview = dashboard(store).overview(Filters(rubric_id="mini"))
    assert sorted(overview.teams) == sorted(TEAMS)
    for team in TEAMS:
        want = expected(store, Filters(team=team))
        for (rubric_id, criterion_id), figures in overview.teams[team].items():
            assert rubric_id == "mini"
            assert figures == want[criterion_id]


def test_trend_by_month_and_quarter(store: Store, seeded: list[int]) -> None:
    overview = dashboard(store).overview(Filters())
    assert sorted(overview.by_month) == ["2025-01", "2025-02", "2025-03", "2025-04"]
    for month, figures in overview.by_month.items():
        assert figures == expected(store, Filters(month_from=month, month_to=month))[""]
    quarters = roll_up(overview.by_month, "quarter")
    assert [q for q, _ in quarters] == ["2025 Q1", "2025 Q2"]
    assert quarters[0][1].counted + quarters[1][1].counted == len(seeded)


def test_a_completed_moderation_changes_the_counted_grade(store: Store, seeded: list[int]) -> None:
    lead = ModerationDesk(AuditDesk(store, "qa.lead", MINI_RUBRICS))
    target = next(
        a
        for a in seeded
        if store.audit(a).overall_grade_key == "good"
        and not store.audit(a).answers["plan-smart"].not_applicable
    )
    before = shown(store, Filters())
    ModerationStore(store).select(target, "picked for this test", "qa.lead")
    lead.grade(target, "child-seen", 3, "Seen only with parents")
    lead.grade(target, "plan-smart", 4, "No plan on file")
    lead.agree(target, "visits-in-time")
    lead.set_overall(target, 3, "Child seen only with parents")
    # Waiting moderations do not count yet.
    assert shown(store, Filters()) == before
    lead.complete(target)
    after = shown(store, Filters())
    assert after == expected(store, Filters())
    assert after[""].good_or_better == before[""].good_or_better - 1
    assert after["plan-smart"].worst == before["plan-smart"].worst + 1
    # The auditor's own grade is kept, and still what the auditor sees.
    assert store.audit(target).overall_grade_key == "good"


def test_reopen_takes_an_audit_out_and_resubmit_puts_it_back(
    store: Store, seeded: list[int]
) -> None:
    audit_id = seeded[0]
    desk = AuditDesk(store, store.audit(audit_id).auditor, MINI_RUBRICS)
    desk.reopen(audit_id, "Wrong case read")
    assert dashboard(store).overview(Filters()).overall.counted == len(seeded) - 1
    assert shown(store, Filters()) == expected(store, Filters())
    desk.submit(
        audit_id, ESCALATION if store.audit(audit_id).overall_grade_key == "inadequate" else None
    )
    assert dashboard(store).overview(Filters()).overall.counted == len(seeded)
    assert shown(store, Filters()) == expected(store, Filters())


def test_a_case_moving_team_leaves_past_audits_where_they_were(
    store: Store, seeded: list[int]
) -> None:
    case = store.audit(seeded[0]).case
    before = dashboard(store).overview(Filters(rubric_id="mini")).teams
    store.upsert_cases([Case(case.case_ref, "MASH", cohort=case.cohort)], "lead", "test")
    assert dashboard(store).overview(Filters(rubric_id="mini")).teams == before


def test_rebuild_gives_the_same_figures(store: Store, seeded: list[int]) -> None:
    kept = {f: shown(store, f) for f in FILTERS}
    store.rebuild_summaries()
    assert {f: shown(store, f) for f in FILTERS} == kept


# -- drill-down ---------------------------------------------------------------------


def _all_pages(
    desk: DashboardDesk, filters: Filters, criterion_id: str, bucket: str, **extra: object
) -> list[int]:
    ids: list[int] = []
    while True:
        page = desk.audits(filters, "mini", criterion_id, bucket, offset=len(ids), limit=7, **extra)  # type: ignore[arg-type]
        ids.extend(r["audit_id"] for r in page)
        if len(page) < 7:
            return ids


@pytest.mark.parametrize("filters", FILTERS, ids=repr)
@pytest.mark.parametrize("bucket", ["counted", "good", "inadequate", "na", "v3"])
def test_drill_down_lists_exactly_the_audits_counted(
    store: Store, seeded: list[int], filters: Filters, bucket: str
) -> None:
    desk = dashboard(store)
    figures = shown(store, filters)
    for criterion_id in ("", "child-seen", "plan-smart"):
        ids = _all_pages(desk, filters, criterion_id, bucket)
        assert len(ids) == len(set(ids))
        assert len(ids) == figures.get(criterion_id, Figures()).count(bucket)  # type: ignore[arg-type]


def test_drill_down_from_a_team_cell_and_a_quarter(store: Store, seeded: list[int]) -> None:
    desk = dashboard(store)
    overview = desk.overview(Filters(rubric_id="mini"))
    cell = overview.teams["Children in Care West"][("mini", "child-seen")]
    ids = _all_pages(desk, Filters(), "child-seen", "good", team="Children in Care West")
    assert len(ids) == cell.good_or_better
    assert {store.audit(a).case.team for a in ids} <= {"Children in Care West"}
    q1 = _all_pages(
        desk, Filters(month_from="2025-02"), "", "counted", month_from="2025-01", month_to="2025-03"
    )
    assert {store.audit(a).submitted_at[:7] for a in q1} == {"2025-02", "2025-03"}


def test_drill_down_after_moderation_shows_the_moderated_grade(
    store: Store, seeded: list[int]
) -> None:
    lead = ModerationDesk(AuditDesk(store, "qa.lead", MINI_RUBRICS))
    target = next(a for a in seeded if store.audit(a).overall_grade_key == "good")
    ModerationStore(store).select(target, "picked for this test", "qa.lead")
    for c in ("child-seen", "plan-smart", "visits-in-time"):
        lead.agree(target, c)
    lead.set_overall(target, 4, "Child not seen in the period")
    lead.complete(target)
    ids = _all_pages(dashboard(store), Filters(), "", "inadequate")
    assert target in ids
    assert target not in _all_pages(dashboard(store), Filters(), "", "good")


# -- pure parts ---------------------------------------------------------------------


def test_level_is_the_smallest_that_keeps_the_filters() -> None:
    assert level_for(set()) == 0
    assert level_for({"team"}) == 1
    assert level_for({"cohort"}) == 2
    assert level_for({"programme_id"}) == 3
    assert level_for({"team", "cohort"}) == 6
    assert level_for({"auditor"}) == 5


def test_shares_leave_out_nothing_graded() -> None:
    assert Figures().share("good") is None
    f = Figures(counted=4, na=6, v1=1, v2=1, v3=1, v4=1, worst=1)
    assert f.share("good") == 0.5
    assert f.share("inadequate") == 0.25
    assert quarter_of("2025-12") == "2025 Q4"


def test_the_migration_counts_audits_submitted_before_it(tmp_path: Path) -> None:
    """A database written before the dashboard existed (schema 4) is counted on upgrade."""
    import json

    from qa_tui.domain.rubric_files import load_rubric_file
    from qa_tui.store.database import available_migrations

    path = tmp_path / "old.sqlite3"
    old = Store.open(path, [m for m in available_migrations() if m.version <= 4])
    rubric = load_rubric_file(MINI_RUBRICS / "mini.yaml").rubric
    stamp = "2025-01-02T10:00:00+00:00"
    with old.write() as conn:  # as qa-tui 0.4 wrote them
        conn.execute(
            "INSERT INTO rubric_versions VALUES (?,?,?,?,?,?)",
            ("h1", "mini", "1", rubric.title, json.dumps(rubric.model_dump(mode="json")), stamp),
        )
        conn.execute(
            "INSERT INTO cases (case_ref, team, cohort, imported_at, updated_at) "
            "VALUES ('C-1', 'MASH', 'CIN', ?, ?)",
            (stamp, stamp),
        )
        conn.execute(
            "INSERT INTO audits (id, case_ref, rubric_hash, auditor, status, "
            "created_at, created_by, submitted_at, overall_grade_key, "
            "overall_grade_value, overall_grade_label, updated_at) VALUES "
            "(1, 'C-1', 'h1', 'alice', 'submitted', ?, 'alice', ?, 'good', 2, "
            "'Good', ?)",
            (stamp, stamp, stamp),
        )
        conn.executemany(
            "INSERT INTO answers (audit_id, criterion_id, grade_key, grade_value,"
            " not_applicable, updated_at, updated_by) VALUES (1,?,?,?,?,?,'a')",
            [
                ("child-seen", "good", 2, 0, stamp),
                ("plan-smart", None, None, 1, stamp),
                ("visits-in-time", "no", 3, 0, stamp),
            ],
        )
    old.close()
    new = Store.open(path)
    try:
        overview = dashboard(new).overview(Filters(rubric_id="mini"))
        assert overview.overall == Figures(counted=1, v2=1)
        by_id = {r.criterion_id: r.figures for r in overview.criteria}
        assert by_id == {
            "": Figures(counted=1, v2=1),
            "child-seen": Figures(counted=1, v2=1),
            "plan-smart": Figures(na=1),
            "visits-in-time": Figures(counted=1, v3=1, worst=1),
        }
        assert overview.teams["MASH"][("mini", "child-seen")] == Figures(counted=1, v2=1)
    finally:
        new.close()
