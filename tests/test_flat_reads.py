"""Reads that stay flat as history grows (migration 12): the team + cohort summary level,
the completed-moderation count, open follow-ups and a programme's progress, each
checked against the same figures worked out from the audits themselves."""

from __future__ import annotations

from datetime import date

from conftest import MINI_RUBRICS
from test_programmes import (  # noqa: F401  (fixtures)
    TODAY,
    lead,
    new_programme,
    programme_audits,
    rubrics_dir,
    set_auditors,
    submit_graded,
)
from test_themes_actions import AFD, submit

from qa_tui.desks.audits import AuditDesk
from qa_tui.desks.dashboard import DashboardDesk, level_for
from qa_tui.desks.moderation import ModerationDesk
from qa_tui.desks.programmes import ProgrammeDesk
from qa_tui.desks.themes import ThemeDesk
from qa_tui.domain.dashboard_records import Filters
from qa_tui.domain.records import Case
from qa_tui.domain.sampling import SamplingRule
from qa_tui.store import summaries, summary_rebuild
from qa_tui.store.database import Store
from qa_tui.store.migrations import available_migrations, split_sql
from qa_tui.store.moderation import ModerationStore
from qa_tui.store.themes import ThemeStore

MASH_CIN = Filters(team="MASH", cohort="CIN")


def raw_themes(store: Store, team: str, cohort: str) -> dict[tuple[str, str], int]:
    """Audits of a team and cohort showing each theme, straight from the audits."""
    return {
        (r["theme"], r["polarity"]): r["n"]
        for r in store._rows(
            "SELECT t.theme, t.polarity, count(DISTINCT t.audit_id) AS n FROM audit_themes t "
            "JOIN audits a ON a.id = t.audit_id WHERE a.status = 'submitted' AND a.team = ? "
            "AND a.cohort = ? GROUP BY 1, 2",
            (team, cohort),
        )
    }


def raw_inadequate(store: Store, team: str, cohort: str) -> tuple[int, int]:
    """(audits counted, counted Inadequate overall) of a team and cohort, moderated
    grade where the moderation is complete."""
    row = store._one(
        "SELECT count(*) AS n, sum(coalesce(m.overall_grade_value, a.overall_grade_value) "
        "= 4) AS worst FROM audits a LEFT JOIN moderations m ON m.audit_id = a.id AND "
        "m.status = 'done' WHERE a.status = 'submitted' AND a.team = ? AND a.cohort = ?",
        (team, cohort),
    )
    assert row is not None
    return row["n"], row["worst"] or 0


def shown(store: Store) -> tuple[dict[tuple[str, str], int], tuple[int, int]]:
    ranking = ThemeDesk(AuditDesk(store, "reader")).ranking(MASH_CIN, "2025-06")
    overall = DashboardDesk(AuditDesk(store, "reader")).overview(MASH_CIN).overall
    return {(r.theme, r.polarity): r.audits for r in ranking.rows}, (
        overall.counted,
        overall.worst,
    )


def assert_level_6_holds(store: Store) -> None:
    assert shown(store) == (raw_themes(store, "MASH", "CIN"), raw_inadequate(store, "MASH", "CIN"))
    assert set(summaries.differing_cells(store.conn).values()) == {0}


def test_a_team_and_cohort_filter_reads_level_6_kept_current(store: Store) -> None:
    assert level_for({"team", "cohort"}) == 6
    seen_alone = (("child-seen", "Child not seen alone", AFD),)
    first = submit(store, "C-1", "MASH", "2025-01", themes=seen_alone, seen="inadequate")
    submit(store, "C-2", "MASH", "2025-02", themes=(("", "Vague plans", AFD),))
    submit(store, "C-3", "Leaving Care", "2025-02", themes=seen_alone)
    submit(store, "C-4", "MASH", "2025-03", themes=(("", "Plans not SMART", AFD),))
    assert shown(store)[0] == {
        ("Child not seen alone", AFD): 1,
        ("Vague plans", AFD): 1,
        ("Plans not SMART", AFD): 1,
    }
    assert_level_6_holds(store)

    # reopened: it counts for nothing until submitted again
    AuditDesk(store, "alice", MINI_RUBRICS).reopen(first, "Grade to check")
    assert shown(store)[1] == (2, 0)
    assert_level_6_holds(store)
    again = AuditDesk(store, "alice", MINI_RUBRICS)
    again.submit(first, ("Team manager Jo", "2025-06-02 10:00", "Visit arranged today"))
    assert_level_6_holds(store)

    # a completed moderation: the moderated overall grade counts
    ModerationStore(store).select(first, "picked for this test", "qa.lead")
    moderator = ModerationDesk(AuditDesk(store, "qa.lead", MINI_RUBRICS))
    for criterion in ("child-seen", "plan-smart", "visits-in-time"):
        moderator.agree(first, criterion)
    moderator.set_overall(first, 2, "Child was seen alone after all")
    moderator.complete(first)
    assert shown(store)[1] == (3, 0)
    assert_level_6_holds(store)

    # a merge in the theme catalogue
    ThemeStore(store).merge("vague plans", "Plans not SMART", "lead")
    assert shown(store)[0][("Plans not SMART", AFD)] == 2
    assert_level_6_holds(store)

    # and a rebuild makes the same cells
    with store.write() as conn:
        summary_rebuild.rebuild(conn)
    assert_level_6_holds(store)


def test_migration_12_fills_level_6_from_level_4(store: Store) -> None:
    submit(store, "C-1", "MASH", "2025-01", themes=(("", "Vague plans", AFD),))
    submit(store, "C-2", "MASH", "2025-02", themes=(("child-seen", "Good work", "strength"),))
    before = shown(store)
    [twelve] = [m for m in available_migrations() if m.version == 12]
    with store.write() as conn:
        conn.execute("DELETE FROM grade_cells WHERE level = 6")
        conn.execute("DELETE FROM theme_cells WHERE level = 6")
        conn.execute("DROP TABLE programme_progress")
        for sql in split_sql(twelve.sql):
            if "programme_progress" not in sql:
                conn.execute(sql)
    assert shown(store) == before
    cells = store._one("SELECT count(*) AS n FROM theme_cells WHERE level = 6")
    assert cells is not None and cells["n"] > 0


def test_the_completed_count_and_open_follow_ups_match_the_records(store: Store) -> None:
    seen_alone = (("child-seen", "Child not seen alone", AFD),)
    ids = [
        submit(store, f"C-{i}", "MASH", "2025-01", themes=seen_alone, seen=seen)
        for i, seen in enumerate(("inadequate", "good", "inadequate", "good"))
    ]
    moderator = ModerationDesk(AuditDesk(store, "qa.lead", MINI_RUBRICS))
    for audit_id in ids:
        ModerationStore(store).select(audit_id, "picked for this test", "qa.lead")
    for audit_id, grade in zip(ids[:3], (4, 2, 4), strict=True):
        for criterion in ("child-seen", "plan-smart", "visits-in-time"):
            moderator.agree(audit_id, criterion)
        moderator.set_overall(audit_id, grade)
        moderator.complete(audit_id)
    assert moderator.queue_size("done") == 3 == len(moderator.queue("done"))
    assert moderator.queue_size("waiting") == 1

    # two escalations (the Inadequate ones); close one
    open_before = store.follow_ups()
    assert [r["kind"] for r in open_before] == ["escalation", "escalation"]
    store.close_follow_up("escalation", open_before[0]["id"], "Visited", "lead")
    everything = store.follow_ups(include_closed=True)
    assert [r["id"] for r in store.follow_ups()] == [
        r["id"] for r in everything if r["status"] == "open"
    ]
    assert len(everything) == 2


def raw_progress(store: Store, programme_id: int, today: str, by: str) -> list[dict]:
    """The progress read as it was before programme_progress: from every audit."""
    column = {"auditor": "a.auditor", "team": "c.team"}[by]
    return store._rows(
        f"SELECT {column} AS name, count(*) AS audits, "
        "sum(a.status != 'to_do') AS started, sum(a.status = 'submitted') AS submitted, "
        "sum(a.status != 'submitted' AND a.due_on < :today) AS overdue "
        "FROM audits a JOIN cases c ON c.case_ref = a.case_ref "
        f"WHERE a.programme_id = :programme GROUP BY {column} ORDER BY {column}",
        {"programme": programme_id, "today": today},
    )


def assert_progress_holds(lead: ProgrammeDesk, store: Store, programme_id: int) -> None:  # noqa: F811
    for day in (date(2025, 6, 1), TODAY):
        progress = lead.progress(programme_id, today=day)
        assert progress.by_auditor == raw_progress(store, programme_id, day.isoformat(), "auditor")
        assert progress.by_team == raw_progress(store, programme_id, day.isoformat(), "team")


def test_programme_progress_follows_every_change(lead: ProgrammeDesk, store: Store) -> None:  # noqa: F811
    p = new_programme(lead, due=date(2025, 6, 1))
    lead.draw(p.id, SamplingRule(per_team=2), 1, today=TODAY)
    lead.assign(p.id, set_auditors(lead), today=TODAY)
    assert_progress_holds(lead, store, p.id)
    audits = programme_audits(store, p.id)
    submit_graded(lead.desk, audits[0]["id"])
    lead.desk.grade(audits[1]["id"], "child-seen", "good")
    assert_progress_holds(lead, store, p.id)
    assert lead.progress(p.id, today=TODAY).totals == {
        "audits": 6,
        "started": 2,
        "submitted": 1,
        "overdue": 5,
    }

    lead.desk.reopen(audits[0]["id"], "A grade to look at again")
    assert_progress_holds(lead, store, p.id)
    others = [a for a in ("Ann", "Bob", "Cy") if a != audits[2]["auditor"]]
    lead.reassign(audits[2]["id"], others[0], "Leave")
    assert_progress_holds(lead, store, p.id)

    # a case moves team: its audits count for the new team
    case = store._one("SELECT * FROM cases WHERE case_ref = ?", (audits[3]["case_ref"],))
    assert case is not None
    store.upsert_cases([Case(case["case_ref"], "Leaving Care", cohort=case["cohort"])], "l", "t")
    assert_progress_holds(lead, store, p.id)
    assert "Leaving Care" in {r["name"] for r in lead.progress(p.id, today=TODAY).by_team}
