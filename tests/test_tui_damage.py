"""The app on a damaged database: it opens, says once that the file is damaged and
what to do, and writes nothing more into it, even where the damage is in pages a save
would not touch."""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

import pytest
from conftest import MINI_RUBRICS, settle

from qa_tui.desks.audits import AuditDesk
from qa_tui.store.database import DatabaseDamaged, Store
from qa_tui.tui.app import make_app


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def damage_an_index_page(path: Path) -> None:
    """Random bytes over one page of an index the home screen and a save never read."""
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        page = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'audit_themes_theme'"
        ).fetchone()[0]
        size = conn.execute("PRAGMA page_size").fetchone()[0]
    finally:
        conn.close()
    with path.open("r+b") as handle:
        handle.seek((page - 1) * size)
        handle.write(random.Random(5).randbytes(size))


async def test_a_damaged_file_is_said_once_and_never_written(
    db_path: Path, store: Store, seeded: list[int]
) -> None:
    desk = AuditDesk(store, "alice", MINI_RUBRICS)
    audit_id = desk.start_audit("C-001", "mini")
    store.close()
    damage_an_index_page(db_path)
    before = digest(db_path)

    store = Store.open(db_path)  # the checks on open are cheap and do not read the index
    desk = AuditDesk(store, "alice", MINI_RUBRICS)
    app = make_app(desk)
    try:
        async with app.run_test(size=(80, 24), notifications=True) as pilot:
            for _ in range(50):
                await settle(pilot, app)
                if store.damaged:
                    break
            assert store.damaged and "damaged" in store.damaged
            said = [n.message for n in app._notifications if "damaged" in n.message]
            assert len(said) == 1 and "db check" in said[0]
            with pytest.raises(DatabaseDamaged):
                desk.grade(audit_id, "child-seen", "good")
    finally:
        store.close()
    assert digest(db_path) == before
