"""SQL for the warehouse export: the analysts' views (migration 11) read a batch at a
time, and the council's pseudonym key.

The rows are the views' own, so a region's figures are counted by the same rule as the
council's dashboard. Only what a warehouse may hold is selected: no evidence, notes,
titles or names (the names and case references are read so the export can replace
them with keyed pseudonyms, and are never written as they are).

The key is a secret of the council's, made once and kept in council_settings; its event
says that a key was made, never the key. Part of the store layer.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from typing import Any

from qa_tui.store.connection import StoreCore, now

KEY_SETTING = "warehouse_key"
BATCH = 5000

# Each table's query: columns in the order the export writes them; `year` partitions.
TABLES: dict[str, str] = {
    "audits": """
SELECT audit_id, case_ref, auditor, worker, manager, status, rubric_id, rubric_version,
       team, cohort, programme_id, programme_name, programme_kind, previous_audit_id,
       substr(submitted_at, 1, 10) AS submitted_on, month,
       auditor_overall_value, moderation_status, moderated_overall_value,
       counted_overall_value, counted_overall_label, overall_grades,
       CAST(substr(submitted_at, 1, 4) AS INTEGER) AS year
  FROM v_audits WHERE status = 'submitted' ORDER BY audit_id""",
    "counted_grades": """
SELECT audit_id, auditor, rubric_id, criterion_id, kind, month, team, cohort,
       programme_id, value, na, grades, moderated,
       CAST(substr(submitted_at, 1, 4) AS INTEGER) AS year
  FROM v_counted_grades ORDER BY audit_id, criterion_id""",
    "themes": """
SELECT audit_id, theme, polarity, criterion_id, rubric_id, month, team, cohort,
       programme_id, counted_overall_value, overall_grades,
       CAST(substr(submitted_at, 1, 4) AS INTEGER) AS year
  FROM v_audit_themes ORDER BY audit_id, theme, criterion_id""",
    "actions": """
SELECT action_id, owner, due_on, recommendation_code, themes, measure_rubric_id,
       measure_criterion_id, measure_bucket, measure_team, measure_cohort,
       measure_programme_id, measure_set_on, baseline_value, baseline_audits, target_value,
       target_on, current_audits, current_value, status_override,
       substr(created_at, 1, 10) AS created_on,
       CAST(substr(created_at, 1, 4) AS INTEGER) AS year
  FROM v_action_items ORDER BY action_id""",
}


class WarehouseStore:
    """Reads for the warehouse export, on the store's one connection."""

    def __init__(self, store: StoreCore):
        self.store = store

    def batches(self, table: str) -> Iterator[list[tuple[Any, ...]]]:
        """The table's rows, BATCH at a time, in a stable order (one read transaction)."""
        with self.store._lock:
            cursor = self.store.conn.execute(TABLES[table])
            try:
                while batch := cursor.fetchmany(BATCH):
                    yield batch
            finally:
                cursor.close()

    def columns(self, table: str) -> list[str]:
        with self.store._lock:
            cursor = self.store.conn.execute(f"SELECT * FROM ({TABLES[table]}) LIMIT 0")
            return [d[0] for d in cursor.description]

    def key(self, who: str) -> str:
        """The council's pseudonym key, made (and its making recorded) on first use."""
        row = self.store._one("SELECT value FROM council_settings WHERE name = ?", (KEY_SETTING,))
        if row is not None:
            return str(row["value"])
        with self.store.write() as conn:
            found = conn.execute(
                "SELECT value FROM council_settings WHERE name = ?", (KEY_SETTING,)
            ).fetchone()
            if found is not None:  # another process made it a moment ago
                return str(found[0])
            key = secrets.token_hex(32)
            conn.execute(
                "INSERT INTO council_settings (name, value, updated_at, updated_by) "
                "VALUES (?, ?, ?, ?)",
                (KEY_SETTING, key, now(), who),
            )
            self.store._event(
                conn, who, "council_setting", KEY_SETTING, "value", None, "(a new key)"
            )
        return key
