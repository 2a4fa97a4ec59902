"""Migrations you can trust: each applied migration's checksum is recorded; a database
whose migrations differ from the shipped ones is repaired where the difference is known
(summary tables and indexes rebuilt from the raw tables) or refused, unchanged."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from conftest import MINI_RUBRICS

from qa_tui.desks.audits import AuditDesk
from qa_tui.desks.moderation import ModerationDesk
from qa_tui.store import migrations
from qa_tui.store.database import Store, StoreError, available_migrations

SCHEMA_STATES = Path(__file__).parent / "data" / "schema_states"


def schema_of(path: Path) -> dict[tuple[str, str], str]:
    conn = sqlite3.connect(path)
    try:
        return migrations.shape(conn)
    finally:
        conn.close()


def fresh_schema(tmp_path: Path) -> dict[tuple[str, str], str]:
    path = tmp_path / "fresh.sqlite3"
    Store.open(path).close()
    return schema_of(path)


def test_checksums_match_the_shipped_files(store: Store) -> None:
    recorded = dict(store.conn.execute("SELECT version, checksum FROM schema_migrations"))
    assert recorded == {m.version: m.checksum for m in available_migrations()}


def forget_checksums(path: Path) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("UPDATE schema_migrations SET checksum = NULL")
    conn.close()


def test_a_database_from_before_checksums_gets_them_without_other_change(
    tmp_path: Path, db_path: Path, seeded: list[int], store: Store
) -> None:
    store.close()
    forget_checksums(db_path)
    before = schema_of(db_path)
    reopened = Store.open(db_path)
    assert reopened.repaired == []
    reopened.close()
    assert schema_of(db_path) == before == fresh_schema(tmp_path)
    assert not list(tmp_path.glob("qa.sqlite3.bak-*"))  # nothing to repair, no backup


def test_summary_tables_left_by_an_edited_migration_are_rebuilt(
    tmp_path: Path, db_path: Path, seeded: list[int], store: Store
) -> None:
    # The state of databases made while 005 was still being edited: schema 6 without
    # agreement_cells and two indexes, and grade_cells with another key order.
    desk = AuditDesk(store, "mo", MINI_RUBRICS)
    moderation = ModerationDesk(desk)
    waiting = moderation.queue("waiting")
    assert waiting
    expected_agreement = None
    store.close()
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("DROP TABLE agreement_cells")
    conn.execute("DROP INDEX moderations_done")
    conn.execute("DROP INDEX audits_team_submitted")
    conn.execute("DELETE FROM grade_cells WHERE level = 1")  # counts gone astray too
    conn.execute("UPDATE schema_migrations SET checksum = NULL")
    conn.close()

    repaired = Store.open(db_path)
    assert {"agreement_cells", "moderations_done", "audits_team_submitted"} <= set(
        repaired.repaired
    )
    assert schema_of(db_path) == fresh_schema(tmp_path)
    [backup] = tmp_path.glob("qa.sqlite3.bak-*")
    assert backup.stat().st_mode & 0o777 == 0o600
    # What failed with a traceback before: agreement, and completing a moderation.
    desk = AuditDesk(repaired, "mo", MINI_RUBRICS)
    assert ModerationDesk(desk).agreement_by("auditor") is not None or expected_agreement
    from qa_tui.store.health import check_database

    repaired.close()
    report = check_database(db_path)
    assert report.ok, report.problems


def test_an_unknown_difference_is_refused_and_nothing_changes(db_path: Path, store: Store) -> None:
    store.close()
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("ALTER TABLE cases ADD COLUMN child_name TEXT")
    conn.execute("UPDATE schema_migrations SET checksum = 'edited'")
    conn.close()
    before = db_path.read_bytes()
    with pytest.raises(StoreError, match="table cases") as caught:
        Store.open(db_path)
    assert "cannot repair" in str(caught.value)
    assert db_path.read_bytes() == before


def test_opening_records_nothing_when_the_file_is_read_only(
    tmp_path: Path, db_path: Path, store: Store
) -> None:
    store.close()
    forget_checksums(db_path)
    db_path.chmod(0o400)
    try:
        reader = Store.open(db_path, create=False)
        assert reader.schema_version() == available_migrations()[-1].version
        reader.close()
    finally:
        db_path.chmod(0o600)


@pytest.mark.parametrize("fixture", sorted(SCHEMA_STATES.glob("*.sql")), ids=lambda p: p.stem)
def test_every_published_schema_state_opens_in_todays_shape(tmp_path: Path, fixture: Path) -> None:
    """Databases built from each published state of the migrations (tests/data/
    schema_states, made by the code of those commits) open, reach today's schema, and
    their moderation, dashboard and exports work."""
    from click.testing import CliRunner

    from qa_tui.cli.main import cli
    from qa_tui.desks.dashboard import DashboardDesk
    from qa_tui.domain.dashboard_records import Filters
    from qa_tui.store.health import check_database

    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path)
    conn.executescript(fixture.read_text("utf-8"))
    conn.close()
    store = Store.open(path)
    try:
        assert migrations.shape(store.conn) == fresh_schema(tmp_path)
        desk = AuditDesk(store, "qa.lead")
        moderation = ModerationDesk(desk)
        pairs_before = sum(a.pairs for a in moderation.agreement_by("auditor").values())
        [waiting] = moderation.queue("waiting")
        view = moderation.open(waiting["audit_id"])
        for criterion in view.audit.rubric.criteria:
            if view.audit.audit.answers.get(criterion.id) is not None:
                moderation.agree(waiting["audit_id"], criterion.id)
        moderation.set_overall(
            waiting["audit_id"], view.audit.audit.overall_grade_value or 1, "agreed"
        )
        moderation.complete(waiting["audit_id"])
        pairs_after = sum(a.pairs for a in moderation.agreement_by("auditor").values())
        assert pairs_after > pairs_before
        overview = DashboardDesk(AuditDesk(store, "reader")).overview(Filters())
        assert overview.overall.counted == 6  # the six submitted audits, counted
    finally:
        store.close()
    report = check_database(path)
    assert report.ok, report.problems
    for kind in ("grades", "themes", "actions"):
        result = CliRunner().invoke(cli, ["--db", str(path), "export", kind])
        assert result.exit_code == 0, result.output
