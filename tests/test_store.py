"""The database file: private, durable, migrated with a backup, shared by two processes."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import MINI_RUBRICS, graded_audit

from qa_tui.desks.audits import AuditDesk
from qa_tui.domain.records import Case
from qa_tui.store.database import AuditLocked, Store, StoreError, available_migrations


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_new_database_file_is_private_to_its_owner(tmp_path: Path) -> None:
    old_umask = os.umask(0o022)  # the usual umask would make a plain file world-readable
    try:
        store = Store.open(tmp_path / "new" / "qa.sqlite3")
        store.upsert_cases([Case("CIN-1", "Team A")], "alice", "test")
    finally:
        os.umask(old_umask)
    db = tmp_path / "new" / "qa.sqlite3"
    assert mode(db) == 0o600
    wal = Path(f"{db}-wal")
    if wal.exists():  # the WAL holds the same data
        assert mode(wal) == 0o600
    store.close()


def test_connection_is_durable_and_checks_references(store: Store) -> None:
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    # An answer to an audit that does not exist is refused.
    with pytest.raises(StoreError, match="refused by the database"), store.write() as conn:
        conn.execute(
            "INSERT INTO answers (audit_id, criterion_id, updated_at, updated_by) "
            "VALUES (999, 'x', 'now', 'alice')"
        )


def test_migrations_are_recorded(store: Store) -> None:
    rows = store.conn.execute("SELECT version, name, checksum FROM schema_migrations").fetchall()
    shipped = available_migrations()
    assert shipped, "no migration files found"
    assert rows == [(m.version, m.name, m.checksum) for m in shipped]
    assert store.schema_version() == shipped[-1].version


def test_older_database_is_backed_up_then_migrated(tmp_path: Path) -> None:
    first = available_migrations()[:1]
    assert first[0].version == 1
    db = tmp_path / "qa.sqlite3"
    old = Store.open(db, first)
    with old.write() as conn:  # a row as release 1 wrote it (today's upsert needs step 2)
        conn.execute(
            "INSERT INTO cases (case_ref, team, imported_at, updated_at) "
            "VALUES ('CIN-1', 'Team A', '2024-01-01', '2024-01-01')"
        )
    old.close()

    newer_dir = tmp_path / "migrations"
    newer_dir.mkdir()
    (newer_dir / "001_initial.sql").write_text(first[0].sql, "utf-8")
    (newer_dir / "002_case_notes.sql").write_text(
        "-- a later release adds a column\nALTER TABLE cases ADD COLUMN notes TEXT;\n", "utf-8"
    )

    store = Store.open(db, available_migrations(newer_dir))
    assert store.schema_version() == 2
    assert "notes" in {r[1] for r in store.conn.execute("PRAGMA table_info(cases)")}
    assert store.case("CIN-1") is not None  # data survived the migration
    store.close()

    [backup] = tmp_path.glob("qa.sqlite3.bak-v1-*")
    assert mode(backup) == 0o600
    conn = sqlite3.connect(backup)
    try:
        assert conn.execute("SELECT max(version) FROM schema_migrations").fetchone()[0] == 1
        assert "notes" not in {r[1] for r in conn.execute("PRAGMA table_info(cases)")}
        assert conn.execute("SELECT case_ref FROM cases").fetchall() == [("CIN-1",)]
    finally:
        conn.close()

    # Opening again finds nothing to do and makes no second backup.
    Store.open(db, available_migrations(newer_dir)).close()
    assert len(list(tmp_path.glob("qa.sqlite3.bak-*"))) == 1


def test_database_from_a_newer_qa_tui_is_refused(db_path: Path) -> None:
    Store.open(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute("INSERT INTO schema_migrations VALUES (999, '999_future', '2030-01-01', '')")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match=r"newer qa-tui.*999.*upgrade"):
        Store.open(db_path)
    assert not list(db_path.parent.glob("*.bak-*"))


def test_file_that_is_not_a_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    content = b"Visit notes, not a database.\n" * 100
    path.write_bytes(content)
    with pytest.raises(StoreError, match="not a qa-tui database"):
        Store.open(path)
    assert path.read_bytes() == content


def test_another_programs_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE cases (id INTEGER)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="not a qa-tui database"):
        Store.open(path)
    assert path.read_bytes() == before  # not switched to WAL, no tables added
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.sqlite3"]


def test_open_without_create_on_a_missing_file_creates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "qa.sqlite3"
    with pytest.raises(StoreError, match="no database at"):
        Store.open(path, create=False)
    assert not path.exists() and not path.parent.exists()


def test_grade_change_is_logged_with_who_old_and_new(desk: AuditDesk, mini_case: str) -> None:
    audit_id = desk.start_audit(mini_case, "mini")
    desk.grade(audit_id, "child-seen", "good")
    AuditDesk(desk.store, "bob", MINI_RUBRICS).grade(audit_id, "child-seen", "inadequate")
    changes = [
        (e.who, e.old_value, e.new_value)
        for e in desk.store.events("audit", audit_id)
        if e.field == "answer.child-seen.grade"
    ]
    assert changes == [("alice", None, "Good"), ("bob", "Good", "Inadequate")]
    assert all(e.at for e in desk.store.events("audit", audit_id))


def test_submitted_audit_is_read_only_until_reopened(desk: AuditDesk, full_audit: int) -> None:
    store = desk.store
    desk.submit(full_audit)
    with pytest.raises(AuditLocked):
        store.set_grade(full_audit, "child-seen", "inadequate", 4, "Inadequate", False, "alice")
    with pytest.raises(AuditLocked):
        store.set_evidence(full_audit, "child-seen", "changed afterwards", "alice")
    with pytest.raises(AuditLocked):
        store.add_theme(full_audit, "child-seen", "Late visits", "area_for_development", "alice")
    with pytest.raises(AuditLocked):
        desk.grade(full_audit, "child-seen", "inadequate")
    audit = store.audit(full_audit)
    assert audit.answers["child-seen"].grade_label == "Good"
    assert audit.answers["child-seen"].evidence == ""
    assert audit.themes == []

    desk.reopen(full_audit, "Worker sent new evidence")
    last = store.events("audit", full_audit)[-1]
    assert (last.who, last.field, last.old_value) == ("alice", "status", "submitted")
    assert "Worker sent new evidence" in (last.new_value or "")
    desk.grade(full_audit, "child-seen", "requires-improvement")
    assert store.audit(full_audit).answers["child-seen"].grade_label.startswith("Requires")


def test_every_saved_answer_is_on_disk_for_another_connection(
    desk: AuditDesk, mini_case: str, db_path: Path
) -> None:
    audit_id = desk.start_audit(mini_case, "mini")
    desk.grade(audit_id, "child-seen", "good")
    desk.save_evidence(audit_id, "child-seen", "Seen alone on 3 March")
    other = sqlite3.connect(db_path)
    try:
        row = other.execute(
            "SELECT grade_label, evidence FROM answers WHERE audit_id=? AND "
            "criterion_id='child-seen'",
            (audit_id,),
        ).fetchone()
    finally:
        other.close()
    assert row == ("Good", "Seen alone on 3 March")


WRITER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from qa_tui.desks.audits import AuditDesk
    from qa_tui.store.database import Store

    db, rubrics, user, audit_id = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    desk = AuditDesk(Store.open(Path(db)), user, Path(rubrics))
    desk.rubric_files()
    # Start line: both processes begin writing together, so their writes overlap.
    barrier = Path(db).parent / "barrier"
    (barrier / user).touch()
    for _ in range(6000):
        if len(list(barrier.iterdir())) == 2:
            break
        time.sleep(0.01)
    grades = ["outstanding", "good", "requires-improvement", "inadequate"]
    for i in range(200):
        desk.grade(audit_id, "child-seen", grades[i % 4])
        desk.save_evidence(audit_id, "child-seen", f"{user} note {i}")
    print("done")
""")


def test_two_processes_write_at_once_without_losing_anything(
    desk: AuditDesk, db_path: Path
) -> None:
    desk.store.upsert_cases([Case("CIN-1", "Team A"), Case("CIN-2", "Team B")], "lead", "t")
    audits = {"alice": desk.start_audit("CIN-1", "mini"), "bob": desk.start_audit("CIN-2", "mini")}
    (db_path.parent / "barrier").mkdir()
    procs = {
        user: subprocess.Popen(
            [sys.executable, "-c", WRITER, str(db_path), str(MINI_RUBRICS), user, str(aid)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for user, aid in audits.items()
    }
    results = {user: (p.communicate(timeout=300), p.returncode) for user, p in procs.items()}
    for user, ((out, err), code) in results.items():
        assert code == 0 and out.strip() == "done", f"{user}: {err}"
        assert "locked" not in err

    for user, aid in audits.items():
        events = desk.store.events("audit", aid)
        notes = [e.new_value for e in events if e.field == "answer.child-seen.evidence"]
        assert notes == [f"{user} note {i}" for i in range(200)]
        grades = [e for e in events if e.field == "answer.child-seen.grade"]
        assert len(grades) == 200 and all(e.who == user for e in grades)
        answer = desk.store.audit(aid).answers["child-seen"]
        assert (answer.grade_label, answer.evidence) == ("Inadequate", f"{user} note 199")


def test_graded_audit_helper_leaves_nothing_to_do(desk: AuditDesk, mini_case: str) -> None:
    audit_id = graded_audit(
        desk, mini_case, overall="requires-improvement", child_seen="requires-improvement"
    )
    assert desk.submit(audit_id).audit.submitted


def test_pressing_the_same_grade_again_logs_nothing_new(desk: AuditDesk, mini_case: str) -> None:
    audit_id = desk.start_audit(mini_case, "mini")
    desk.grade_by_number(audit_id, "child-seen", 2)
    before = len(desk.store.events("audit", audit_id))
    desk.grade_by_number(audit_id, "child-seen", 2)
    assert len(desk.store.events("audit", audit_id)) == before
    desk.grade_by_number(audit_id, "child-seen", 3)
    assert desk.store.events("audit", audit_id)[-1].new_value == "Requires improvement to be good"


def test_case_search_takes_percent_and_underscore_literally(store: Store) -> None:
    store.upsert_cases(
        [Case("CIN-1", "Team A"), Case("CIN_1", "Team B"), Case("CP-100%", "Team C")],
        "lead",
        "test",
    )
    assert [c.case_ref for c in store.find_cases("CIN_1")] == ["CIN_1"]
    assert [c.case_ref for c in store.find_cases("%")] == ["CP-100%"]
    assert [c.case_ref for c in store.find_cases("cin")] == ["CIN-1", "CIN_1"]
