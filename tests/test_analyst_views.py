"""The analysts' views (migration 11) give the dashboard's figures: an analyst counting
in Datasette, DuckDB or pandas gets what the QA lead's screens show, on a database with
moderated audits, not-applicable answers, reopened audits, themes and a plan."""

from __future__ import annotations

import random
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from conftest import ESCALATION, MINI_RUBRICS, OFSTED, TEAMS

from qa_tui.desks.audits import AuditDesk
from qa_tui.desks.dashboard import DashboardDesk
from qa_tui.desks.moderation import ModerationDesk
from qa_tui.desks.plan import ActionDesk
from qa_tui.desks.themes import ThemeDesk
from qa_tui.domain.dashboard_records import Figures, Filters
from qa_tui.domain.plan_records import Measure
from qa_tui.domain.records import Case
from qa_tui.store import migrations
from qa_tui.store.database import Store
from qa_tui.store.moderation import ModerationStore
from qa_tui.store.summaries import COUNTED

AFD = "area_for_development"
THEMES = [
    ("Child not seen alone", AFD),
    ("Drift in planning", AFD),
    ("Good direct work", "strength"),
    ("Voice of the child", "strength"),
]
COHORTS = ["CIN", "CP", "CLA"]


def _audit(store: Store, case_ref: str, auditor: str, rng: random.Random) -> int:
    desk = AuditDesk(store, auditor, MINI_RUBRICS)
    audit_id = desk.start_audit(case_ref, "mini")
    seen = rng.choice(OFSTED)
    desk.grade(audit_id, "child-seen", seen)
    desk.save_evidence(audit_id, "child-seen", "Seen at home")
    if rng.random() < 0.35:
        desk.mark_not_applicable(audit_id, "plan-smart")
    else:
        desk.grade(audit_id, "plan-smart", rng.choice(OFSTED))
        desk.save_evidence(audit_id, "plan-smart", "Plan read")
    desk.grade(audit_id, "visits-in-time", rng.choice(["yes", "partly", "no"]))
    desk.save_evidence(audit_id, "visits-in-time", "Visits checked")
    for theme, polarity in rng.sample(THEMES, rng.randint(0, 3)):
        sign = "+" if polarity == "strength" else "-"
        for criterion in rng.sample(["", "child-seen", "plan-smart"], rng.randint(1, 2)):
            desk.add_theme(audit_id, criterion, sign + theme)
    desk.set_overall(audit_id, seen)
    desk.set_text(audit_id, "overall_rationale", "As graded")
    desk.submit(audit_id, ESCALATION if seen == "inadequate" else None)
    return audit_id


def build(store: Store, seed: int = 11, audits: int = 40) -> list[int]:
    """Audits over three teams, cohorts and six months; some moderated (and one still
    waiting), one reopened and left open, one reopened and submitted again; a plan."""
    rng = random.Random(seed)
    cases = [
        Case(f"C-{i:03d}", TEAMS[i % 3], worker=f"SW {i % 5}", cohort=COHORTS[(i // 3) % 3])
        for i in range(audits)
    ]
    store.upsert_cases(cases, "lead", "test")
    ids = []
    for i, case in enumerate(cases):
        audit_id = _audit(store, case.case_ref, ["alice", "bob", "cy"][i % 3], rng)
        store.backdate_submission(audit_id, f"2025-{1 + i % 6:02d}-15T10:00:00+00:00", "test")
        ids.append(audit_id)
    lead = ModerationDesk(AuditDesk(store, "qa.lead", MINI_RUBRICS))
    for n, audit_id in enumerate(ids[:6]):
        ModerationStore(store).select(audit_id, "picked for this test", "qa.lead")
        lead.grade(audit_id, "child-seen", 1 + n % 4, "Read again")
        if n % 2:
            lead.grade(audit_id, "plan-smart", None, "No plan due")
        else:
            lead.agree(audit_id, "plan-smart")
        lead.agree(audit_id, "visits-in-time")
        lead.set_overall(audit_id, 1 + (n + 1) % 4, "Moderated")
        if n < 5:
            lead.complete(audit_id)  # the sixth stays waiting, and does not count yet
    for audit_id, again in ((ids[10], False), (ids[11], True)):
        desk = AuditDesk(store, store.audit(audit_id).auditor, MINI_RUBRICS)
        desk.reopen(audit_id, "Wrong case read")
        if again:
            overall = store.audit(audit_id).overall_grade_key
            desk.submit(audit_id, ESCALATION if overall == "inadequate" else None)
            store.backdate_submission(audit_id, "2025-06-20T10:00:00+00:00", "test")
    plan = ActionDesk(AuditDesk(store, "qa.lead"))
    measures = [
        Measure("mini", "child-seen", "good"),
        Measure("mini", "", "inadequate", team=TEAMS[0]),
        Measure("mini", "plan-smart", "good", cohort="CP"),
        Measure("mini", "visits-in-time", "v1", team=TEAMS[1], cohort="CIN"),
    ]
    for n, measure in enumerate(measures):
        action = plan.create(f"Action {n}", owner="Head of service", due_on="2025-12-31")
        plan.set_measure(
            action, measure, target=0.7, target_on="2025-12-31", today=date(2025, 2, 3)
        )
    plan.create("Without a measure", owner="Service manager")
    return ids


@pytest.fixture
def varied(store: Store) -> list[int]:
    return build(store)


def rows(store: Store, sql: str, *params: object) -> list[sqlite3.Row]:
    store.conn.row_factory = sqlite3.Row
    try:
        return store.conn.execute(sql, params).fetchall()
    finally:
        store.conn.row_factory = None


def figures(row: sqlite3.Row) -> Figures:
    return Figures(*(int(row[k] or 0) for k in ("counted", "na", "v1", "v2", "v3", "v4", "worst")))


FIGURES = """count(value) AS counted, sum(na) AS na, sum(value = 1) AS v1, sum(value = 2) AS v2,
       sum(value = 3) AS v3, sum(value = 4) AS v4, sum(value = grades) AS worst"""


def test_counted_grades_are_row_for_row_the_rule_the_dashboard_counts(
    store: Store, varied: list[int]
) -> None:
    columns = "audit_id, submitted_at, kind, criterion_id, rubric_id, month, team, cohort, "
    columns += "programme_id, auditor, value, na, grades"
    view = f"SELECT {columns} FROM v_counted_grades"
    rule = COUNTED.format(only="")
    assert store.conn.execute(f"SELECT count(*) FROM ({view} EXCEPT {rule})").fetchone() == (0,)
    assert store.conn.execute(f"SELECT count(*) FROM ({rule} EXCEPT {view})").fetchone() == (0,)
    n = store.conn.execute(f"SELECT count(*) FROM ({rule})").fetchone()[0]
    assert store.conn.execute("SELECT count(*) FROM v_counted_grades").fetchone()[0] == n
    # The reopened audit is out, the moderated ones say so.
    out = varied[10]
    assert not rows(store, "SELECT 1 FROM v_counted_grades WHERE audit_id = ?", out)
    moderated = {r[0] for r in rows(store, "SELECT audit_id FROM v_counted_grades WHERE moderated")}
    assert moderated == set(varied[:5])


@pytest.mark.parametrize(
    "filters",
    [Filters(), Filters(team=TEAMS[0]), Filters(cohort="CP", month_from="2025-03")],
    ids=["all", "team", "cohort-since-march"],
)
def test_the_overview_equals_a_count_over_the_views(
    store: Store, varied: list[int], filters: Filters
) -> None:
    overview = DashboardDesk(AuditDesk(store, "reader")).overview(filters.with_(rubric_id="mini"))
    where, params = "WHERE true", []
    for column in ("team", "cohort"):
        if getattr(filters, column):
            where += f" AND {column} = ?"
            params.append(getattr(filters, column))
    if filters.month_from:
        where += " AND month >= ?"
        params.append(filters.month_from)
    by_criterion = {
        r["criterion_id"]: figures(r)
        for r in rows(
            store,
            f"SELECT criterion_id, {FIGURES} FROM v_counted_grades {where} GROUP BY 1",
            *params,
        )
    }
    assert {c.criterion_id: c.figures for c in overview.criteria} == by_criterion
    # The overall judgement, per team and per month, from the audits view.
    audits = (
        "SELECT {key}, count(counted_overall_value) AS counted, 0 AS na, "
        "sum(counted_overall_value = 1) AS v1, sum(counted_overall_value = 2) AS v2, "
        "sum(counted_overall_value = 3) AS v3, sum(counted_overall_value = 4) AS v4, "
        "sum(counted_overall_value = overall_grades) AS worst FROM v_audits "
        f"{where} AND status = 'submitted' GROUP BY 1"
    )
    per_team = {r["team"]: figures(r) for r in rows(store, audits.format(key="team"), *params)}
    assert {t: f[("mini", "")] for t, f in overview.teams.items()} == per_team
    per_month = {r["month"]: figures(r) for r in rows(store, audits.format(key="month"), *params)}
    assert overview.by_month == per_month
    assert overview.overall == sum(per_team.values(), Figures())


def test_the_themes_ranking_equals_a_count_over_the_themes_view(
    store: Store, varied: list[int]
) -> None:
    ranking = ThemeDesk(AuditDesk(store, "reader")).ranking(Filters(), "2025-07")
    scope = rows(
        store,
        "SELECT count(counted_overall_value) FROM v_audits WHERE status = 'submitted'",
    )[0][0]
    assert ranking.scope_audits == scope
    counted = rows(
        store,
        "SELECT theme, polarity, count(*) AS audits, sum(v = 1) AS v1, sum(v = 2) AS v2, "
        "sum(v = 3) AS v3, sum(v = 4) AS v4, sum(v = g) AS worst FROM (SELECT DISTINCT "
        "audit_id, theme, polarity, counted_overall_value AS v, overall_grades AS g "
        "FROM v_audit_themes) GROUP BY 1, 2",
    )
    expected = {
        (r["theme"], r["polarity"]): (r["audits"], r["v1"], r["v2"], r["v3"], r["v4"], r["worst"])
        for r in counted
    }
    shown = {
        (t.theme, t.polarity): (
            t.audits,
            t.grades.v1,
            t.grades.v2,
            t.grades.v3,
            t.grades.v4,
            t.grades.worst,
        )
        for t in ranking.rows
    }
    assert shown == expected and len(shown) == len(THEMES)
    # A reopened audit's tags are not counted until it is submitted again.
    assert not rows(store, "SELECT 1 FROM v_audit_themes WHERE audit_id = ?", varied[10])


def test_the_plan_equals_the_action_items_view(store: Store, varied: list[int]) -> None:
    items = ActionDesk(AuditDesk(store, "reader")).items(date(2025, 7, 1))
    view = {r["action_id"]: r for r in rows(store, "SELECT * FROM v_action_items")}
    assert set(view) == {item.id for item in items}
    measured = 0
    for item in items:
        row = view[item.id]
        assert row["title"] == item.title
        if item.progress is None:
            assert row["current_value"] is None and row["current_audits"] is None
            continue
        measured += 1
        assert item.measure is not None
        assert (row["measure_rubric_id"], row["measure_criterion_id"], row["measure_bucket"]) == (
            item.measure.rubric_id,
            item.measure.criterion_id,
            item.measure.bucket,
        )
        assert row["baseline_value"] == item.progress.baseline
        assert row["target_value"] == item.progress.target
        assert row["current_audits"] == item.progress.current_audits
        assert row["current_value"] == pytest.approx(item.progress.current)
    assert measured == 4
    assert any(view[i.id]["current_audits"] for i in items)  # a measure with audits since


def test_a_changed_view_is_made_again_and_an_analysts_own_view_is_left_alone(
    tmp_path: Path, db_path: Path, store: Store, varied: list[int]
) -> None:
    store.close()
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("DROP VIEW v_audits")
    conn.execute("CREATE VIEW v_audits AS SELECT id FROM audits")
    conn.execute("CREATE VIEW my_team AS SELECT * FROM v_counted_grades WHERE team = 'x'")
    conn.execute("UPDATE schema_migrations SET checksum = NULL")
    conn.close()
    reopened = Store.open(db_path)
    try:
        assert reopened.repaired == ["v_audits"]
        fresh = tmp_path / "fresh.sqlite3"
        Store.open(fresh).close()
        conn = sqlite3.connect(fresh)
        expected = migrations.shape(conn)
        conn.close()
        shape = migrations.shape(reopened.conn)
        assert shape.pop(("view", "my_team"))  # still there
        assert shape == expected
        n = reopened.conn.execute("SELECT count(*) FROM v_audits").fetchone()[0]
        assert n == len(varied)
    finally:
        reopened.close()
