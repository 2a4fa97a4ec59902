"""SQL for the QA lead's recommendations on a round (table programme_recommendations),
in the order the report prints them. Each is written at once, with an event. Part of
the store layer."""

from __future__ import annotations

from typing import Any

from qa_tui.store.database import Store, StoreError, now


def recommendations(store: Store, programme_id: int) -> list[dict[str, Any]]:
    return store._rows(
        "SELECT * FROM programme_recommendations WHERE programme_id = ? ORDER BY position, id",
        (programme_id,),
    )


def recommendation(store: Store, recommendation_id: int) -> dict[str, Any] | None:
    return store._one("SELECT * FROM programme_recommendations WHERE id = ?", (recommendation_id,))


def add(store: Store, programme_id: int, text: str, who: str) -> int:
    stamp = now()
    with store.write() as conn:
        if (
            conn.execute("SELECT 1 FROM programmes WHERE id = ?", (programme_id,)).fetchone()
            is None
        ):
            raise StoreError(f"no programme {programme_id}")
        position = conn.execute(
            "SELECT coalesce(max(position), 0) + 1 FROM programme_recommendations "
            "WHERE programme_id = ?",
            (programme_id,),
        ).fetchone()[0]
        cur = conn.execute(
            "INSERT INTO programme_recommendations (programme_id, position, text, written_at, "
            "written_by, updated_at) VALUES (?,?,?,?,?,?)",
            (programme_id, position, text, stamp, who, stamp),
        )
        new_id = int(cur.lastrowid or 0)
        store._event(conn, who, "programme_recommendation", new_id, "text", None, text)
    return new_id


def change(store: Store, recommendation_id: int, text: str, who: str) -> None:
    with store.write() as conn:
        row = conn.execute(
            "SELECT text FROM programme_recommendations WHERE id = ?", (recommendation_id,)
        ).fetchone()
        if row is None:
            raise StoreError(f"no recommendation {recommendation_id}")
        if row[0] == text:
            return
        conn.execute(
            "UPDATE programme_recommendations SET text = ?, updated_at = ? WHERE id = ?",
            (text, now(), recommendation_id),
        )
        store._event(conn, who, "programme_recommendation", recommendation_id, "text", row[0], text)


def remove(store: Store, recommendation_id: int, who: str) -> None:
    with store.write() as conn:
        row = conn.execute(
            "SELECT text FROM programme_recommendations WHERE id = ?", (recommendation_id,)
        ).fetchone()
        if row is None:
            raise StoreError(f"no recommendation {recommendation_id}")
        conn.execute("DELETE FROM programme_recommendations WHERE id = ?", (recommendation_id,))
        store._event(
            conn, who, "programme_recommendation", recommendation_id, "removed", row[0], None
        )
