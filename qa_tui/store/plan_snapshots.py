"""SQL for the action plan's quarterly review snapshots (table plan_snapshots): each
item as it stood when a quarter was reviewed. Part of the store layer.

A quarter is taken in one short transaction: its rows are replaced whole, and a
retaken quarter says so in the events (who took it before, and when)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from qa_tui.store.database import Store, now

COLUMNS = (
    "action_id",
    "title",
    "owner",
    "status",
    "measure_text",
    "baseline_value",
    "current_value",
    "target_value",
    "audits",
    "note",
)


def earlier_notes(store: Store, quarter_end: str) -> dict[int, str]:
    """The notes an earlier taking of the quarter wrote, by action."""
    rows = store._rows(
        "SELECT action_id, note FROM plan_snapshots WHERE quarter_end = ? AND note != ''",
        (quarter_end,),
    )
    return {int(r["action_id"]): str(r["note"]) for r in rows}


def take(store: Store, quarter_end: str, rows: Sequence[dict[str, Any]], who: str) -> int:
    """Record `rows` (dicts of COLUMNS) as the quarter's snapshot, replacing an earlier
    one. Returns how many rows the earlier one had (0 when there was none)."""
    stamp = now()
    with store.write() as conn:
        earlier = conn.execute(
            "SELECT count(*), max(taken_at), max(taken_by) FROM plan_snapshots "
            "WHERE quarter_end = ?",
            (quarter_end,),
        ).fetchone()
        replaced = int(earlier[0] or 0)
        if replaced:
            conn.execute("DELETE FROM plan_snapshots WHERE quarter_end = ?", (quarter_end,))
            store._event(
                conn,
                who,
                "plan_snapshot",
                quarter_end,
                "retaken",
                f"{replaced} item(s) taken {earlier[1]} by {earlier[2]}",
                f"{len(rows)} item(s)",
            )
        else:
            store._event(
                conn, who, "plan_snapshot", quarter_end, "taken", None, f"{len(rows)} item(s)"
            )
        conn.executemany(
            f"INSERT INTO plan_snapshots (quarter_end, {', '.join(COLUMNS)}, taken_at, taken_by) "
            f"VALUES (?, {', '.join('?' * len(COLUMNS))}, ?, ?)",
            [(quarter_end, *(r[c] for c in COLUMNS), stamp, who) for r in rows],
        )
    return replaced


def snapshot(store: Store, quarter_end: str) -> list[dict[str, Any]]:
    return store._rows(
        "SELECT * FROM plan_snapshots WHERE quarter_end = ? ORDER BY action_id", (quarter_end,)
    )


def quarters(store: Store) -> list[dict[str, Any]]:
    """Each quarter taken, newest first, with how many items and when it was taken."""
    return store._rows(
        "SELECT quarter_end, count(*) AS items, max(taken_at) AS taken_at, "
        "max(taken_by) AS taken_by FROM plan_snapshots GROUP BY quarter_end "
        "ORDER BY quarter_end DESC"
    )
