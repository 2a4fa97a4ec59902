"""SQL for the improvement action plan: items, the themes they answer, recommendations.

Part of the store layer (shares `Store`'s connection and write transactions).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from qa_tui.store.database import StoreError, now

if TYPE_CHECKING:
    from qa_tui.store.database import Store

EDITABLE = (
    "title",
    "description",
    "owner",
    "due_on",
    "recommendation_id",
    "target_value",
    "target_on",
)


class ActionStore:
    def __init__(self, store: Store):
        self.store = store

    def create(
        self,
        *,
        title: str,
        description: str,
        owner: str,
        due_on: str | None,
        themes: Sequence[tuple[str, str]],
        recommendation_id: int | None,
        who: str,
    ) -> int:
        with self.store.write() as conn:
            stamp = now()
            cur = conn.execute(
                "INSERT INTO action_items (title, description, owner, due_on, "
                "recommendation_id, created_at, created_by, updated_at) VALUES (?,?,?,?,?,?,?,?)",
                (title, description, owner, due_on, recommendation_id, stamp, who, stamp),
            )
            action_id = int(cur.lastrowid or 0)
            conn.executemany(
                "INSERT OR IGNORE INTO action_themes (action_id, theme, polarity) VALUES (?,?,?)",
                [(action_id, t, p) for t, p in themes],
            )
            self.store._event(conn, who, "action", action_id, "created", None, title)
        return action_id

    def update(self, action_id: int, who: str, **fields: Any) -> None:
        bad = set(fields) - set(EDITABLE)
        if bad:
            raise StoreError(f"cannot change {sorted(bad)}")
        with self.store.write() as conn:
            old = self._row(conn, action_id)
            for name, value in fields.items():
                if old[name] != value:
                    conn.execute(
                        f"UPDATE action_items SET {name} = ?, updated_at = ? WHERE id = ?",
                        (value, now(), action_id),
                    )
                    self.store._event(conn, who, "action", action_id, name, old[name], value)

    def set_measure(
        self,
        action_id: int,
        measure: dict[str, Any],
        set_on: str,
        baseline: float | None,
        baseline_audits: int,
        who: str,
    ) -> None:
        with self.store.write() as conn:
            old = self._row(conn, action_id)
            conn.execute(
                "UPDATE action_items SET measure = ?, measure_set_on = ?, "
                "baseline_value = ?, baseline_audits = ?, updated_at = ? WHERE id = ?",
                (
                    json.dumps(measure, sort_keys=True),
                    set_on,
                    baseline,
                    baseline_audits,
                    now(),
                    action_id,
                ),
            )
            self.store._event(
                conn,
                who,
                "action",
                action_id,
                "measure",
                old["measure"],
                json.dumps(measure, sort_keys=True) + f" baseline {baseline}",
            )

    def override_status(self, action_id: int, status: str | None, reason: str, who: str) -> None:
        with self.store.write() as conn:
            old = self._row(conn, action_id)
            conn.execute(
                "UPDATE action_items SET status_override = ?, status_reason = ?, "
                "updated_at = ? WHERE id = ?",
                (status, reason, now(), action_id),
            )
            self.store._event(
                conn,
                who,
                "action",
                action_id,
                "status",
                old["status_override"],
                f"{status or 'suggested'}: {reason}" if reason else status,
            )

    def add_theme(self, action_id: int, theme: str, polarity: str, who: str) -> None:
        with self.store.write() as conn:
            self._row(conn, action_id)
            cur = conn.execute(
                "INSERT OR IGNORE INTO action_themes (action_id, theme, polarity) VALUES (?,?,?)",
                (action_id, theme, polarity),
            )
            if cur.rowcount:
                self.store._event(conn, who, "action", action_id, "theme", None, theme)

    def items(self) -> list[dict[str, Any]]:
        rows = self.store._rows(
            "SELECT i.*, r.code AS recommendation_code, r.text AS recommendation_text "
            "FROM action_items i LEFT JOIN recommendations r ON r.id = i.recommendation_id "
            "ORDER BY coalesce(i.due_on, '9999'), i.id"
        )
        themes: dict[int, list[tuple[str, str]]] = {}
        for t in self.store._rows(
            "SELECT action_id, theme, polarity FROM action_themes ORDER BY theme"
        ):
            themes.setdefault(t["action_id"], []).append((t["theme"], t["polarity"]))
        for r in rows:
            r["themes"] = themes.get(r["id"], [])
            r["measure"] = json.loads(r["measure"]) if r["measure"] else None
        return rows

    def recommendations(self) -> list[dict[str, Any]]:
        return self.store._rows("SELECT id, code, text, source FROM recommendations ORDER BY code")

    def add_recommendation(self, code: str, text: str, source: str, who: str) -> int:
        with self.store.write() as conn:
            if conn.execute("SELECT 1 FROM recommendations WHERE code = ?", (code,)).fetchone():
                raise StoreError(f"a recommendation {code!r} exists")
            cur = conn.execute(
                "INSERT INTO recommendations (code, text, source, created_at) VALUES (?,?,?,?)",
                (code, text, source, now()),
            )
            self.store._event(conn, who, "recommendation", code, "created", None, text)
            return int(cur.lastrowid or 0)

    @staticmethod
    def _row(conn, action_id: int) -> dict[str, Any]:  # type: ignore[no-untyped-def]
        cur = conn.execute("SELECT * FROM action_items WHERE id = ?", (action_id,))
        row = cur.fetchone()
        if row is None:
            raise StoreError(f"there is no action {action_id}")
        return dict(zip([d[0] for d in cur.description], row, strict=True))
