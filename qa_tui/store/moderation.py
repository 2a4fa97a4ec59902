"""SQL for moderation: the queue, the moderator's grades and the pairs behind agreement.

Part of the store layer (shares `Store`'s connection and write transactions).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from qa_tui.store import summaries as summary_store
from qa_tui.store.database import Store, StoreError, now


class ModerationStore:
    def __init__(self, store: Store):
        self.store = store

    def programme_terms(self, audit_id: int) -> tuple[float, int]:
        """(moderation percent, seed) of the audit's programme; 10% and seed 0 if ad hoc."""
        row = self.store._one(
            "SELECT p.moderation_percent, p.seed FROM audits a LEFT JOIN programmes p "
            "ON p.id = a.programme_id WHERE a.id = ?",
            (audit_id,),
        )
        if row is None or row["moderation_percent"] is None:
            return 10.0, 0
        return float(row["moderation_percent"]), int(row["seed"] or 0)

    def select(self, audit_id: int, because: str, who: str) -> bool:
        """Put a submitted audit in the queue once; a resubmitted one keeps its place."""
        with self.store.write() as conn:
            cur = conn.execute(
                "INSERT OR IGNORE INTO moderations (audit_id, selected_because, selected_at) "
                "VALUES (?,?,?)",
                (audit_id, because, now()),
            )
            if cur.rowcount:
                self.store._event(
                    conn, who, "audit", audit_id, "moderation", None, f"selected: {because}"
                )
            return bool(cur.rowcount)

    def queue(self, status: str = "waiting", limit: int = -1) -> list[dict[str, Any]]:
        """Waiting moderations, Inadequate first and oldest first; or completed ones,
        newest first. `limit` keeps a screen to one page on a large database. A blind
        moderation not yet revealed shows neither the auditor's grade nor a reason that
        names it."""
        order = (
            "a.overall_grade_value DESC, a.submitted_at, m.audit_id"
            if status == "waiting"
            else "m.completed_at DESC, m.audit_id DESC"
        )
        hidden = "m.blind = 1 AND m.revealed_at IS NULL AND m.status = 'waiting'"
        return self.store._rows(
            f"SELECT m.audit_id, CASE WHEN {hidden} AND m.selected_because NOT LIKE "
            "'picked by hand%' THEN 'selected by rule (blind)' ELSE m.selected_because END "
            "AS selected_because, m.status, m.moderator, m.assigned_to, m.blind, "
            "m.revealed_at, (SELECT count(*) FROM moderation_send_backs s WHERE s.audit_id = "
            "m.audit_id AND s.answer IS NULL) AS unanswered, "
            "m.overall_grade_label AS moderated_label, a.case_ref, c.team, a.auditor, "
            f"CASE WHEN {hidden} THEN NULL ELSE a.overall_grade_label END AS auditor_label, "
            "r.title AS rubric_title, a.submitted_at "
            "FROM moderations m JOIN audits a ON a.id = m.audit_id "
            "JOIN cases c ON c.case_ref = a.case_ref "
            "JOIN rubric_versions r ON r.hash = a.rubric_hash "
            "WHERE m.status = ? AND (m.status = 'done' OR a.status = 'submitted') "
            f"ORDER BY {order} LIMIT ?",
            (status, limit),
        )

    def queue_size(self, status: str = "waiting") -> int:
        """How many moderations wait, or are complete. Completed ones are read from
        agreement_cells, which holds one overall pair per completed moderation (kept
        current when one completes): counting the moderations themselves grows with
        every year of history, and the done list shows only its latest page."""
        if status == "done":
            row = self.store._one(
                "SELECT coalesce(sum(pairs), 0) AS n FROM agreement_cells "
                "WHERE grouping = 'overall'"
            )
            return row["n"] if row else 0
        row = self.store._one(
            "SELECT count(*) AS n FROM moderations m JOIN audits a ON a.id = m.audit_id "
            "WHERE m.status = ? AND (m.status = 'done' OR a.status = 'submitted')",
            (status,),
        )
        return row["n"] if row else 0

    def moderation(self, audit_id: int) -> dict[str, Any] | None:
        return self.store._one("SELECT * FROM moderations WHERE audit_id = ?", (audit_id,))

    def send_backs(self, audit_id: int) -> list[dict[str, Any]]:
        """Questions sent back to the auditor, with their answers, oldest first."""
        return self.store._rows(
            "SELECT * FROM moderation_send_backs WHERE audit_id = ? ORDER BY id", (audit_id,)
        )

    def answers(self, audit_id: int) -> dict[str, dict[str, Any]]:
        return {
            r["criterion_id"]: r
            for r in self.store._rows(
                "SELECT * FROM moderation_answers WHERE audit_id = ?", (audit_id,)
            )
        }

    def _open(self, conn, audit_id: int) -> None:  # type: ignore[no-untyped-def]
        row = conn.execute(
            "SELECT m.status, a.status FROM moderations m JOIN audits a "
            "ON a.id = m.audit_id WHERE m.audit_id = ?",
            (audit_id,),
        ).fetchone()
        if row is None:
            raise StoreError(f"audit {audit_id} is not in the moderation queue")
        if row[0] == "done":
            raise StoreError(f"the moderation of audit {audit_id} is complete")
        if row[1] != "submitted":
            raise StoreError(
                f"audit {audit_id} has been reopened; moderate it once it is submitted again"
            )

    def set_grade(
        self,
        audit_id: int,
        criterion_id: str,
        key: str | None,
        value: int | None,
        label: str | None,
        not_applicable: bool,
        reason: str,
        who: str,
    ) -> None:
        with self.store.write() as conn:
            self._open(conn, audit_id)
            old = conn.execute(
                "SELECT grade_label, not_applicable FROM moderation_answers "
                "WHERE audit_id = ? AND criterion_id = ?",
                (audit_id, criterion_id),
            ).fetchone()
            conn.execute(
                "INSERT INTO moderation_answers (audit_id, criterion_id, grade_key, grade_value,"
                " grade_label, not_applicable, reason, updated_at, updated_by) "
                "VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT (audit_id, criterion_id) DO UPDATE SET "
                "grade_key = excluded.grade_key, grade_value = excluded.grade_value, "
                "grade_label = excluded.grade_label, not_applicable = excluded.not_applicable, "
                "reason = excluded.reason, updated_at = excluded.updated_at, "
                "updated_by = excluded.updated_by",
                (
                    audit_id,
                    criterion_id,
                    key,
                    value,
                    label,
                    int(not_applicable),
                    reason,
                    now(),
                    who,
                ),
            )
            conn.execute("UPDATE moderations SET moderator = ? WHERE audit_id = ?", (who, audit_id))
            new = "not applicable" if not_applicable else label
            self.store._event(
                conn,
                who,
                "audit",
                audit_id,
                f"moderation.{criterion_id}.grade",
                None if old is None else ("not applicable" if old[1] else old[0]),
                f"{new}" + (f" ({reason})" if reason else ""),
            )

    def set_overall(
        self, audit_id: int, key: str, value: int, label: str, reason: str, who: str
    ) -> None:
        with self.store.write() as conn:
            self._open(conn, audit_id)
            old = conn.execute(
                "SELECT overall_grade_label FROM moderations WHERE audit_id = ?", (audit_id,)
            ).fetchone()
            conn.execute(
                "UPDATE moderations SET overall_grade_key = ?, overall_grade_value = ?, "
                "overall_grade_label = ?, overall_reason = ?, moderator = ? WHERE audit_id = ?",
                (key, value, label, reason, who, audit_id),
            )
            self.store._event(
                conn,
                who,
                "audit",
                audit_id,
                "moderation.overall",
                old[0],
                label + (f" ({reason})" if reason else ""),
            )

    def complete(self, audit_id: int, who: str) -> None:
        with self.store.write() as conn:
            self._open(conn, audit_id)
            if conn.execute(
                "SELECT 1 FROM moderation_send_backs WHERE audit_id = ? AND answer IS NULL",
                (audit_id,),
            ).fetchone():
                raise StoreError("the auditor has not answered what was sent back to them yet")
            summary_store.count_audit(conn, audit_id, -1)  # counted as graded by the auditor
            # Keep the auditor's grades as they were moderated: a later reopening must not
            # change what agreement is computed from.
            conn.execute(
                "UPDATE moderation_answers SET auditor_grade_value = (SELECT x.grade_value FROM "
                "answers x WHERE x.audit_id = moderation_answers.audit_id AND x.criterion_id = "
                "moderation_answers.criterion_id), auditor_not_applicable = (SELECT "
                "x.not_applicable FROM answers x WHERE x.audit_id = moderation_answers.audit_id"
                " AND x.criterion_id = moderation_answers.criterion_id) WHERE audit_id = ?",
                (audit_id,),
            )
            conn.execute(
                "UPDATE moderations SET status = 'done', completed_at = ?, "
                "moderator = ?, auditor_overall_value = (SELECT overall_grade_value "
                "FROM audits WHERE id = ?) WHERE audit_id = ?",
                (now(), who, audit_id, audit_id),
            )
            summary_store.count_audit(conn, audit_id, 1)  # counted as moderated
            summary_store.count_moderation(conn, audit_id)
            self.store._event(conn, who, "audit", audit_id, "moderation.status", "waiting", "done")

    def pair_counts(self, grouping: str) -> list[dict[str, Any]]:
        """Counted (auditor value, moderator value) pairs per key and scale size, from
        completed moderations; 0 stands for not applicable."""
        return self.store._rows(
            "SELECT key, size, auditor_value, moderator_value, pairs FROM agreement_cells "
            "WHERE grouping = ? ORDER BY key, size",
            (grouping,),
        )

    def dated_pair_counts(
        self,
        grouping: str,
        from_day: str | None = None,
        to_day: str | None = None,
        blind_only: bool = False,
    ) -> list[dict[str, Any]]:
        """Like `pair_counts`, with the month ('YYYY-MM') each moderation was completed
        in, from moderations completed from `from_day` to `to_day` (YYYY-MM-DD, both
        included). Counted live: agreement_cells keeps no dates, and a QA lead asks for a
        span or quarters only now and then (24,000 moderations are read in well under a
        second)."""
        assert grouping in ("auditor", "criterion", "programme", "overall")
        only, params = ["AND m.blind = 1"] if blind_only else [], []
        if from_day:
            only.append("AND m.completed_at >= ?")
            params.append(from_day)
        if to_day:
            only.append("AND m.completed_at < ?")  # completed_at carries a time of day
            params.append((date.fromisoformat(to_day) + timedelta(days=1)).isoformat())
        overall = grouping == "overall"
        pairs = (summary_store._OVERALL_PAIRS if overall else summary_store._PAIRS).format(
            only=" ".join(only)
        )
        key = "auditor" if overall else grouping
        return self.store._rows(
            f"SELECT {key} AS key, substr(completed_at, 1, 7) AS month, size, auditor_value, "
            f"moderator_value, count(*) AS pairs FROM ({pairs}) GROUP BY 1, 2, 3, 4, 5 "
            "ORDER BY 1, 2, 3",
            params,
        )

    def backdate_completion(self, audit_id: int, completed_at: str, who: str) -> None:
        """Move a completed moderation's completion time (the demo's invented history, and
        moderations loaded from another system), so agreement over time counts it in the
        quarter it was really done. Written to the events like any change."""
        with self.store.write() as conn:
            row = conn.execute(
                "SELECT status, completed_at FROM moderations WHERE audit_id = ?", (audit_id,)
            ).fetchone()
            if row is None or row[0] != "done":
                raise StoreError(f"audit {audit_id} has no completed moderation")
            conn.execute(
                "UPDATE moderations SET completed_at = ? WHERE audit_id = ?",
                (completed_at, audit_id),
            )
            self.store._event(
                conn, who, "audit", audit_id, "moderation.completed_at", row[1], completed_at
            )

    def moderated_labels(self, audit_ids: list[int]) -> dict[int, str]:
        if not audit_ids:
            return {}
        marks = ",".join("?" * len(audit_ids))
        return {
            r["audit_id"]: r["overall_grade_label"]
            for r in self.store._rows(
                f"SELECT audit_id, overall_grade_label FROM moderations WHERE status = 'done' "
                f"AND audit_id IN ({marks})",
                audit_ids,
            )
        }
