"""History that proves itself: a submitted audit cannot change by any path, SQL
included; events are append-only and hash-chained, so `db check` names an event that
was edited or removed; imports and the theme catalogue leave their trace."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from conftest import MINI_CASE, graded_audit

from qa_tui.desks.audits import AuditDesk
from qa_tui.domain.records import Case
from qa_tui.store.database import Store
from qa_tui.store.health import check_database
from qa_tui.store.themes import ThemeStore

LOCKED = "audit is submitted"


@pytest.fixture
def submitted(desk: AuditDesk, mini_case: str) -> int:
    audit_id = graded_audit(desk, mini_case)
    desk.add_theme(audit_id, "child-seen", "+Child seen alone")
    desk.add_action(audit_id, "Visit the child", "SW Amber", "2030-01-01")
    desk.submit(audit_id)
    return audit_id


def raw(db_path: Path) -> sqlite3.Connection:
    """A connection like anyone's sqlite3 shell: no qa-tui code in the way."""
    return sqlite3.connect(db_path, isolation_level=None)


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE answers SET grade_key = 'inadequate', grade_value = 4 WHERE audit_id = {id}",
        "UPDATE answers SET evidence = 'changed later' WHERE audit_id = {id}",
        "DELETE FROM answers WHERE audit_id = {id}",
        "INSERT INTO answers (audit_id, criterion_id, updated_at, updated_by) "
        "VALUES ({id}, 'new', 'now', 'x')",
        "UPDATE audits SET overall_grade_label = 'Outstanding' WHERE id = {id}",
        "UPDATE audits SET overall_rationale = 'rewritten' WHERE id = {id}",
        "UPDATE audits SET strengths = 'rewritten' WHERE id = {id}",
        "DELETE FROM audits WHERE id = {id}",
        "DELETE FROM audit_themes WHERE audit_id = {id}",
        "INSERT INTO audit_themes (audit_id, criterion_id, theme, polarity, added_at, added_by) "
        "VALUES ({id}, '', 'Slipped in', 'strength', 'now', 'x')",
        "UPDATE case_actions SET what = 'something else' WHERE audit_id = {id}",
        "DELETE FROM case_actions WHERE audit_id = {id}",
    ],
)
def test_direct_sql_cannot_change_a_submitted_audit(
    store: Store, submitted: int, db_path: Path, sql: str
) -> None:
    before = store.audit(submitted)
    conn = raw(db_path)
    with pytest.raises(sqlite3.IntegrityError, match=LOCKED):
        conn.execute(sql.format(id=submitted))
    conn.close()
    assert store.audit(submitted) == before


def test_reopening_is_the_way_to_change_a_submitted_audit(
    desk: AuditDesk, submitted: int, db_path: Path
) -> None:
    desk.reopen(submitted, "grade was typed wrongly")
    desk.grade(submitted, "child-seen", "outstanding")  # allowed once reopened
    assert desk.open_audit(submitted).audit.answers["child-seen"].grade_key == "outstanding"
    fields = [e.field for e in desk.store.events("audit", submitted)]
    assert fields.count("status") >= 3  # in progress, submitted, reopened


def test_follow_up_work_on_a_submitted_audit_still_works(
    desk: AuditDesk, submitted: int, db_path: Path
) -> None:
    from qa_tui.desks.follow_ups import FollowUps

    [action] = desk.open_audit(submitted).audit.actions
    FollowUps(desk).close("action", action.id, "Visited on Monday")
    assert desk.open_audit(submitted).audit.actions[0].status == "done"


def test_events_are_append_only(store: Store, submitted: int, db_path: Path) -> None:
    conn = raw(db_path)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("UPDATE events SET who = 'someone else'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("DELETE FROM events WHERE id = 3")
    conn.close()
    assert check_database(db_path).ok


def test_check_names_an_edited_event(store: Store, submitted: int, db_path: Path) -> None:
    store.close()
    conn = raw(db_path)
    conn.execute("DROP TRIGGER events_no_update")  # what a determined editor would do
    conn.execute("UPDATE events SET new_value = 'Outstanding' WHERE id = 5")
    conn.close()
    report = check_database(db_path)
    assert not report.ok
    assert any(p.startswith("history: event 5: edited") for p in report.problems)


def test_check_names_a_removed_event(store: Store, submitted: int, db_path: Path) -> None:
    store.close()
    conn = raw(db_path)
    conn.execute("DROP TRIGGER events_no_delete")
    conn.execute("DELETE FROM events WHERE id = 4")
    conn.close()
    problems = check_database(db_path).problems
    assert "history: event 5: event(s) 4-4 removed" in problems


def test_check_names_an_event_slipped_in_without_qa_tui(
    store: Store, submitted: int, db_path: Path
) -> None:
    store.close()
    conn = raw(db_path)
    conn.execute(
        "INSERT INTO events (at, who, entity, entity_id, field) "
        "VALUES ('now', 'x', 'audit', '1', 'status')"
    )
    conn.close()
    assert any("written without a hash" in p for p in check_database(db_path).problems)


def test_events_before_the_chain_are_sealed_by_the_migration(tmp_path: Path) -> None:
    from qa_tui.store.database import available_migrations

    path = tmp_path / "old.sqlite3"
    Store.open(path, [m for m in available_migrations() if m.version <= 6]).close()
    conn = raw(path)  # events as qa-tui wrote them before the chain
    for n in range(3):
        conn.execute(
            "INSERT INTO events (at, who, entity, entity_id, field, old_value, "
            "new_value) VALUES (?, 'lead', 'cases', 'C-1', 'team', ?, ?)",
            (f"2025-01-0{n + 1}", f"Team {n}", f"Team {n + 1}"),
        )
    conn.close()
    Store.open(path).close()
    report = check_database(path)
    assert report.ok, report.problems
    conn = raw(path)
    assert conn.execute("SELECT count(*) FROM events WHERE hash IS NULL").fetchone() == (0,)
    conn.close()
    assert "history: the hash chain of 3 event(s) holds" in report.passed


def test_an_import_records_old_and_new_values(store: Store) -> None:
    store.upsert_cases([Case("C-1", "Team A", worker="SW One")], "lead", "march.csv")
    store.upsert_cases([Case("C-1", "Team B", worker="SW One", cohort="CP")], "lead", "april.csv")
    changes = {(e.field, e.old_value, e.new_value) for e in store.events("cases", "C-1")}
    assert ("team", "Team A", "Team B") in changes
    assert ("cohort", None, "CP") in changes
    assert not any(field == "worker" for field, _, _ in changes)


def test_theme_rename_and_merge_are_in_each_audits_history(
    store: Store, desk: AuditDesk, submitted: int
) -> None:
    themes = ThemeStore(store)
    themes.rename("Child seen alone", "Seen alone", "lead")
    history = [(e.field, e.old_value, e.new_value) for e in store.events("audit", submitted)]
    assert (
        "theme.child-seen",
        "Child seen alone",
        "Seen alone (renamed by the theme catalogue)",
    ) in history
    # A second audit with a variant that is then merged.
    other = graded_audit(desk, MINI_CASE)
    desk.add_theme(other, "child-seen", "+Seen on own")
    desk.submit(other)
    themes.merge("Seen on own", "Seen alone", "lead")
    assert (
        "theme.child-seen",
        "Seen on own",
        "Seen alone (merged into by the theme catalogue)",
    ) in [(e.field, e.old_value, e.new_value) for e in store.events("audit", other)]
    assert [t.theme for t in store.audit(other).themes] == ["Seen alone"]
    assert check_database(store.path).ok


def test_backdating_a_submission_never_leaves_it_started_after_it_was_submitted(
    store: Store, submitted: int
) -> None:
    """History loaded from elsewhere (and the demo's) reads in order on the audit's report."""
    store.backdate_submission(submitted, "2024-05-02T10:00:00+00:00", "test")
    audit = store.audit(submitted)
    assert audit.submitted_at == "2024-05-02T10:00:00+00:00"
    assert audit.started_at is not None and audit.started_at <= audit.submitted_at
