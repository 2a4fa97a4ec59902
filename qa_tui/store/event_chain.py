"""The events log as a hash chain: an edited or removed event shows.

Each event carries the SHA-256 of its own fields and of the event before it
(`prev_hash`, `hash`). Triggers (migration 7) refuse UPDATE and DELETE on events, so
the log is append-only for every path into the file; the chain is what proves it when
someone drops a trigger or edits the file byte by byte: `qa-tui db check` recomputes it.
What a chain cannot show is the newest events cut off its end together; a backup kept
elsewhere (`qa-tui db backup`) is the answer to that.

Part of the store layer: plain functions over an open connection.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64
_FIELDS = "id, at, who, entity, entity_id, field, old_value, new_value"


def event_hash(prev: str, row: tuple[Any, ...]) -> str:
    """The hash of one event (its id and fields, in _FIELDS order) after `prev`."""
    body = json.dumps([prev, *row], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(body.encode("utf-8", "surrogatepass")).hexdigest()


def append(
    conn: sqlite3.Connection,
    at: str,
    who: str,
    entity: str,
    entity_id: str,
    field: str,
    old: str | None,
    new: str | None,
) -> None:
    """Add one event at the end of the chain (inside the caller's write transaction)."""
    last = conn.execute("SELECT id, hash FROM events ORDER BY id DESC LIMIT 1").fetchone()
    event_id = (last[0] + 1) if last else 1
    prev = (last[1] or GENESIS) if last else GENESIS
    row = (event_id, at, who, entity, entity_id, field, old, new)
    conn.execute(
        "INSERT INTO events (id, at, who, entity, entity_id, field, old_value, new_value, "
        "prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?)",
        (*row, prev, event_hash(prev, row)),
    )


def seal_existing(conn: sqlite3.Connection, batch: int = 5000) -> None:
    """Chain the events written before migration 7, oldest first (run by the migration)."""
    prev = GENESIS
    last_id = 0
    while True:
        rows = conn.execute(
            f"SELECT {_FIELDS} FROM events WHERE id > ? ORDER BY id LIMIT ?", (last_id, batch)
        ).fetchall()
        if not rows:
            return
        sealed = []
        for row in rows:
            digest = event_hash(prev, tuple(row))
            sealed.append((prev, digest, row[0]))
            prev = digest
        conn.executemany("UPDATE events SET prev_hash = ?, hash = ? WHERE id = ?", sealed)
        last_id = rows[-1][0]


@dataclass(frozen=True)
class BrokenLink:
    event_id: int
    what: str

    def __str__(self) -> str:
        return f"event {self.event_id}: {self.what}"


def verify(conn: sqlite3.Connection, batch: int = 20000) -> Iterator[BrokenLink]:
    """Every place where the chain does not hold, oldest first."""
    prev = GENESIS
    expected_id = None
    last_id = 0
    while True:
        rows = conn.execute(
            f"SELECT {_FIELDS}, prev_hash, hash FROM events WHERE id > ? ORDER BY id LIMIT ?",
            (last_id, batch),
        ).fetchall()
        if not rows:
            return
        for *fields, stored_prev, stored in rows:
            event_id = fields[0]
            if expected_id is not None and event_id != expected_id:
                yield BrokenLink(event_id, f"event(s) {expected_id}-{event_id - 1} removed")
            if stored is None:
                yield BrokenLink(event_id, "written without a hash (not by qa-tui)")
            elif stored_prev != prev:
                yield BrokenLink(event_id, "the event before it was edited or removed")
            elif event_hash(prev, tuple(fields)) != stored:
                yield BrokenLink(event_id, f"edited ({fields[3]} {fields[4]}, {fields[5]})")
            prev = stored or event_hash(prev, tuple(fields))
            expected_id = event_id + 1
        last_id = rows[-1][0]
