"""Restating theme tags after the catalogue merges or renames a theme, in short batches.

A merge or rename used to recount every audit in the one transaction that changed the
catalogue: 29 s of write lock on 100,000 audits, long enough for another person's grade
to fail with `database is locked`. Now the catalogue change commits first, on its own,
and the tags still stored under a name the catalogue no longer uses ("pending") are
restated a batch of audits at a time. Each batch, in one short transaction, takes the
batch's audits out of theme_cells, stores their tags under the catalogue's name (with an
event in each audit's history), and counts them in again. So after every commit the
figures agree with the tags, and nothing is lost if the work stops between batches: the
audits left still count under the old name until the next merge or rename (or the same
merge run again) finishes them, since what is pending is read from the tags themselves.

Part of the store layer: works through `Store.write()` like every other write.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from qa_tui.domain.theme_names import theme_key
from qa_tui.store import summaries as summary_store

if TYPE_CHECKING:
    from qa_tui.store.database import Store

# How long one batch's transaction should hold the write lock: the batch size follows
# from the last batch's time (about 50 audits on the 100,000-audit database). BATCH
# fixes the size instead (tests).
TARGET = 0.04
BATCH: int | None = None

Progress = Callable[[int, int], None]


def pending(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """(stored name, catalogue name) for every theme whose tags the catalogue now names
    differently: left by a merge or rename not yet (or not wholly) restated."""
    names = {r[0]: r[1] for r in conn.execute("SELECT key, name FROM theme_catalogue")}
    synonyms = dict(conn.execute("SELECT variant_key, theme_key FROM theme_synonyms").fetchall())
    found = []
    for (stored,) in conn.execute("SELECT DISTINCT theme FROM audit_themes").fetchall():
        key = theme_key(stored)
        name = names.get(synonyms.get(key, key))
        if name is not None and name != stored:
            found.append((stored, name))
    return sorted(found)


def restate(store: Store, who: str, how: dict[str, str], progress: Progress | None) -> int:
    """Restate every pending tag, a batch of audits per transaction; the audits done.

    `how` says, per stored name, why it changed ("merged into", "renamed"); names left
    by earlier, interrupted work read "restated".
    """
    with store._lock:
        work = pending(store.conn)
        total = _audits_tagged(store.conn, [old for old, _ in work])
        cache = store.conn.execute("PRAGMA cache_size").fetchone()[0]
        # theme_cells' pages stay in memory from batch to batch (the default 2 MB holds
        # a sliver of them on a large file); put back as it was after.
        store.conn.execute("PRAGMA cache_size = -32768")
    done, size = 0, BATCH or 50
    if progress:
        progress(0, total)
    try:
        for old, new in work:
            while True:
                started = time.perf_counter()
                with store.write() as conn:
                    ids = [
                        r[0]
                        for r in conn.execute(
                            "SELECT DISTINCT audit_id FROM audit_themes WHERE theme = ? LIMIT ?",
                            (old, size),
                        )
                    ]
                    if ids:
                        _restate_batch(store, conn, ids, old, new, who, how.get(old, "restated"))
                if not ids:
                    break
                took = time.perf_counter() - started
                done += len(ids)
                if progress:
                    progress(min(done, total), total)
                if BATCH is None:  # aim each transaction at TARGET seconds
                    size = max(5, min(2000, int(size * (TARGET / max(took, 0.001)) ** 0.5)))
                # Others waiting for the lock poll for it now and then: leave them room.
                time.sleep(min(took, 0.1))
    finally:
        with store._lock:
            store.conn.execute(f"PRAGMA cache_size = {int(cache)}")
    return done


def _audits_tagged(conn: sqlite3.Connection, themes: list[str]) -> int:
    if not themes:
        return 0
    return int(
        conn.execute(
            f"SELECT count(DISTINCT audit_id) FROM audit_themes WHERE theme IN "
            f"({','.join('?' * len(themes))})",
            themes,
        ).fetchone()[0]
    )


def _restate_batch(
    store: Store,
    conn: sqlite3.Connection,
    ids: list[int],
    old: str,
    new: str,
    who: str,
    how: str,
) -> None:
    only = "AND a.id IN (SELECT value FROM json_each(?)) AND rc.criterion_id = ''"
    params = (json.dumps(ids),)
    counted = summary_store.COUNTED.format(only=only)
    summary_store.count_themes(conn, -1, counted, params, themes=(old, new))
    for audit_id, criterion_id in conn.execute(
        "SELECT audit_id, criterion_id FROM audit_themes WHERE theme = ? AND audit_id IN "
        "(SELECT value FROM json_each(?)) ORDER BY audit_id, criterion_id",
        (old, params[0]),
    ).fetchall():
        store._event(
            conn,
            who,
            "audit",
            audit_id,
            f"theme.{criterion_id or 'audit'}",
            old,
            f"{new} ({how} by the theme catalogue)",
        )
    summary_store.rename_tags(conn, old, new, only_audits=params[0])
    summary_store.count_themes(conn, 1, counted, params, themes=(old, new))
