"""Cases and the column mappings of case lists: what an import writes and a search reads.

Part of `Store` (see database.py); it shares the core's connection and write transaction.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any

from qa_tui.domain.records import Case
from qa_tui.store.connection import StoreCore, now


class CaseRecords(StoreCore):
    """The cases audited and the named mappings their lists are imported with."""

    def upsert_cases(
        self,
        cases: Sequence[Case],
        who: str,
        source: str,
        *,
        close_missing: bool = False,
        today: date | None = None,
        kept_columns: Sequence[str] = (),
    ) -> tuple[int, int, int]:
        """Insert new cases and update known ones by case_ref; returns (added, updated, closed).

        Only cases whose details or status change count as updated, so importing the same
        list twice changes nothing. A listed case that was closed is reopened; with
        `close_missing`, every open case not listed is closed as of `today`. Nothing is
        ever deleted: a closed case keeps its audits. `kept_columns` are columns that
        look like direct identifiers which the importer chose to keep; that choice is
        recorded with the import.
        """
        self.check_before_bulk_write(("cases", "events"))
        stamp = now()
        closed_on = (today or date.today()).isoformat()
        added = updated = closed = 0
        columns = (
            "team",
            "worker",
            "manager",
            "cohort",
            "child_pseudonym",
            "opened_on",
            "attributes",
        )
        with self.write() as conn:
            known = {
                r[0]: r[1:]
                for r in conn.execute(f"SELECT case_ref, {', '.join(columns)}, status FROM cases")
            }
            for c in cases:
                values = (
                    c.team,
                    c.worker,
                    c.manager,
                    c.cohort,
                    c.child_pseudonym,
                    c.opened_on,
                    json.dumps(c.attributes, sort_keys=True),
                )
                if c.case_ref in known:
                    *old_values, status = known[c.case_ref]
                    if tuple(old_values) == values and status == "open":
                        continue
                    conn.execute(
                        "UPDATE cases SET team=?, worker=?, manager=?, cohort=?, "
                        "child_pseudonym=?, opened_on=?, attributes=?, updated_at=?, "
                        "status='open', closed_on=NULL WHERE case_ref=?",
                        (*values, stamp, c.case_ref),
                    )
                    for column, old, new in zip(columns, old_values, values, strict=True):
                        if old != new:  # what the import changed, field by field
                            self._event(conn, who, "cases", c.case_ref, column, old, new)
                    if status != "open":
                        self._event(conn, who, "cases", c.case_ref, "status", status, "open")
                    updated += 1
                else:
                    conn.execute(
                        "INSERT INTO cases (team, worker, manager, cohort, child_pseudonym, "
                        "opened_on, attributes, updated_at, case_ref, imported_at) "
                        "VALUES (?,?,?,?,?,?,?,?,?,?)",
                        (*values, stamp, c.case_ref, stamp),
                    )
                    added += 1
            if close_missing:
                listed = {c.case_ref for c in cases}
                for case_ref, row in known.items():
                    if case_ref in listed or row[-1] != "open":
                        continue
                    conn.execute(
                        "UPDATE cases SET status='closed', closed_on=?, updated_at=? "
                        "WHERE case_ref=?",
                        (closed_on, stamp, case_ref),
                    )
                    self._event(conn, who, "cases", case_ref, "status", "open", "closed")
                    closed += 1
            self._event(
                conn,
                who,
                "cases",
                source,
                "import",
                None,
                f"{added} added, {updated} updated, {closed} closed",
            )
            if kept_columns:
                self._event(
                    conn,
                    who,
                    "cases",
                    source,
                    "kept_identifying_columns",
                    None,
                    ", ".join(kept_columns),
                )
        return added, updated, closed

    def save_mapping(self, name: str, mapping: dict[str, str], who: str) -> None:
        """Save (or replace) a named field -> column header mapping for case lists."""
        body = json.dumps(mapping, sort_keys=True)
        with self.write() as conn:
            old = conn.execute(
                "SELECT mapping FROM column_mappings WHERE name = ?", (name,)
            ).fetchone()
            conn.execute(
                "INSERT INTO column_mappings (name, mapping, created_at, created_by) "
                "VALUES (?,?,?,?) ON CONFLICT (name) DO UPDATE SET mapping=excluded.mapping, "
                "created_at=excluded.created_at, created_by=excluded.created_by",
                (name, body, now(), who),
            )
            if old is None or old[0] != body:
                self._event(
                    conn, who, "column_mappings", name, "mapping", old[0] if old else None, body
                )

    def mapping(self, name: str) -> dict[str, str] | None:
        row = self._one("SELECT mapping FROM column_mappings WHERE name = ?", (name,))
        return json.loads(row["mapping"]) if row else None

    def mappings(self) -> list[str]:
        return [r["name"] for r in self._rows("SELECT name FROM column_mappings ORDER BY name")]

    def case(self, case_ref: str) -> Case | None:
        row = self._one("SELECT * FROM cases WHERE case_ref = ?", (case_ref,))
        return _case(row) if row else None

    def find_cases(self, text: str = "", limit: int = 50) -> list[Case]:
        # % and _ typed in a search are letters, not wildcards.
        literal = text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        like = f"%{literal}%"
        rows = self._rows(
            "SELECT * FROM cases WHERE case_ref LIKE :q ESCAPE '\\' OR team LIKE :q ESCAPE '\\' "
            "OR coalesce(cohort,'') LIKE :q ESCAPE '\\' OR coalesce(worker,'') LIKE :q "
            "ESCAPE '\\' ORDER BY case_ref LIMIT :limit",
            {"q": like, "limit": limit},
        )
        return [_case(r) for r in rows]

    def count_cases(self) -> int:
        return int(self._rows("SELECT count(*) AS n FROM cases")[0]["n"])


def _case(row: dict[str, Any]) -> Case:
    return Case(
        case_ref=row["case_ref"],
        team=row["team"],
        worker=row["worker"],
        manager=row["manager"],
        cohort=row["cohort"],
        child_pseudonym=row["child_pseudonym"],
        opened_on=row["opened_on"],
        attributes=json.loads(row["attributes"] or "{}"),
    )
