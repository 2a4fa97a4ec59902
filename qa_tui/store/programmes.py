"""SQL for audit programmes: create, find, list, change status.

Their samples, assignments and progress are in `store.sampling` (`SampleStore`, which
`ProgrammeStore` inherits, so callers see one store).

Part of the store layer (it shares `Store`'s connection and write transactions); kept
apart so the auditor's desk and the QA lead's programmes each stay readable.
"""

from __future__ import annotations

import json
from typing import Any

from qa_tui.domain.records import Programme
from qa_tui.store.database import Store, StoreError, now
from qa_tui.store.sampling import SampleStore


class ProgrammeStore(SampleStore):
    def __init__(self, store: Store):
        self.store = store

    # -- programmes ------------------------------------------------------------------

    def create(
        self,
        *,
        name: str,
        kind: str,
        rubric_ids: list[str],
        lookback_months: int,
        judgement_months: int,
        due_on: str | None,
        owner: str,
        repeat_of: int | None,
        who: str,
    ) -> int:
        with self.store.write() as conn:
            if conn.execute("SELECT 1 FROM programmes WHERE name = ?", (name,)).fetchone():
                raise StoreError(f"a programme called {name!r} already exists")
            cur = conn.execute(
                "INSERT INTO programmes (name, kind, rubric_ids, lookback_months, "
                "judgement_months, due_on, owner, repeat_of, created_at, created_by) "
                "VALUES (?,?,?,?,?,?,?,?,?,?)",
                (
                    name,
                    kind,
                    json.dumps(rubric_ids),
                    lookback_months,
                    judgement_months,
                    due_on,
                    owner,
                    repeat_of,
                    now(),
                    who,
                ),
            )
            programme_id = int(cur.lastrowid or 0)
            self.store._event(
                conn,
                who,
                "programme",
                programme_id,
                "created",
                None,
                f"{name} ({kind}; {', '.join(rubric_ids)})",
            )
        return programme_id

    def get(self, programme_id: int) -> Programme:
        row = self.store._one("SELECT * FROM programmes WHERE id = ?", (programme_id,))
        if row is None:
            raise StoreError(f"programme {programme_id} does not exist")
        return _programme(row)

    def find(self, name_or_id: str) -> Programme:
        row = self.store._one(
            "SELECT * FROM programmes WHERE name = ? OR CAST(id AS TEXT) = ?",
            (name_or_id, name_or_id),
        )
        if row is None:
            raise StoreError(f"no programme called {name_or_id!r}")
        return _programme(row)

    def all(self) -> list[Programme]:
        return [
            _programme(r)
            for r in self.store._rows(
                "SELECT * FROM programmes ORDER BY coalesce(due_on, '9999'), id"
            )
        ]

    def set_status(self, programme_id: int, status: str, who: str) -> None:
        with self.store.write() as conn:
            old = conn.execute(
                "SELECT status FROM programmes WHERE id = ?", (programme_id,)
            ).fetchone()
            if old is None:
                raise StoreError(f"programme {programme_id} does not exist")
            conn.execute("UPDATE programmes SET status = ? WHERE id = ?", (status, programme_id))
            self.store._event(conn, who, "programme", programme_id, "status", old[0], status)


def _programme(row: dict[str, Any]) -> Programme:
    return Programme(
        id=row["id"],
        name=row["name"],
        kind=row["kind"],
        rubric_ids=json.loads(row["rubric_ids"]),
        lookback_months=row["lookback_months"],
        judgement_months=row["judgement_months"],
        due_on=row["due_on"],
        owner=row["owner"],
        status=row["status"],
        repeat_of=row["repeat_of"],
        rule=json.loads(row["rule"]) if row["rule"] else None,
        seed=row["seed"],
        cohort_size=row["cohort_size"],
        cases_listed=row["cases_listed"],
        sampled_at=row["sampled_at"],
        independence_relaxed=row["independence_relaxed"],
    )
