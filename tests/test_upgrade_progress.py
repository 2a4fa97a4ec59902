"""Upgrading a database from before the summary tables (schema 4) recounts them, and says
how far it has got: to a callback for the CLI's bar, and on the app's loading screen."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import MINI_RUBRICS

from qa_tui.desks.audits import AuditDesk
from qa_tui.desks.opening import dashboard_desk, open_desk, upgrade_recounts
from qa_tui.domain.dashboard_records import Filters
from qa_tui.domain.rubric_files import load_rubric_file
from qa_tui.store.database import Store, available_migrations
from qa_tui.tui.upgrading import UpgradingApp


def schema_4_database(path: Path) -> Path:
    """One submitted audit, as qa-tui 0.4 wrote it."""
    old = Store.open(path, [m for m in available_migrations() if m.version <= 4])
    rubric = load_rubric_file(MINI_RUBRICS / "mini.yaml").rubric
    stamp = "2025-01-02T10:00:00+00:00"
    with old.write() as conn:
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
            "INSERT INTO audits (id, case_ref, rubric_hash, auditor, status, created_at, "
            "created_by, submitted_at, overall_grade_key, overall_grade_value, "
            "overall_grade_label, updated_at) VALUES (1, 'C-1', 'h1', 'alice', 'submitted', "
            "?, 'alice', ?, 'good', 2, 'Good', ?)",
            (stamp, stamp, stamp),
        )
    old.close()
    return path


def test_the_upgrade_reports_its_recount_until_done(tmp_path: Path) -> None:
    path = schema_4_database(tmp_path / "old.sqlite3")
    assert upgrade_recounts(path)
    seen: list[tuple[int, int]] = []
    desk = open_desk(path, "alice", progress=lambda d, t: seen.append((d, t)))
    try:
        assert seen and seen[-1][0] == seen[-1][1] > 0
        assert dashboard_desk(desk).overview(Filters()).overall.counted == 1
    finally:
        desk.store.close()
    assert not upgrade_recounts(path)
    assert not upgrade_recounts(tmp_path / "new.sqlite3")


async def test_the_app_opens_an_old_file_behind_a_loading_screen(tmp_path: Path) -> None:
    path = schema_4_database(tmp_path / "old.sqlite3")
    seen: list[tuple[int, int]] = []

    def opening(progress):  # type: ignore[no-untyped-def]
        def both(done: int, total: int) -> None:
            seen.append((done, total))
            progress(done, total)

        return open_desk(path, "alice", progress=both)

    app = UpgradingApp(opening, str(path))
    async with app.run_test() as pilot:
        assert "recounting the summary tables" in str(app.query_one("#upgrade-what").render())
        for _ in range(100):
            if app.return_value is not None or app.failure is not None:
                break
            await pilot.pause(0.05)
    desk = app.return_value
    assert isinstance(desk, AuditDesk) and app.failure is None
    try:
        assert seen and seen[-1][0] == seen[-1][1]
        assert desk.store.schema_version() == available_migrations()[-1].version
    finally:
        desk.store.close()
