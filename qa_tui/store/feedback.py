"""SQL for feedback to practice: the rows of `audit_feedback`, the audits still waiting
for theirs, and each submitted audit's first feedback date for the dashboard's figure.

Part of the store layer (shares `Store`'s connection and write transactions). Each row
is written in one short transaction with its event on the audit, so the audit's history
shows who recorded what the worker said, and when.
"""

from __future__ import annotations

from typing import Any

from qa_tui.domain.dashboard_records import Filters
from qa_tui.domain.feedback import FeedbackRecord
from qa_tui.store.database import Store, StoreError, now

# Fields a feedback row may change after it is recorded (what the worker said back).
CHANGEABLE = ("response", "reasons", "reflection")


class FeedbackStore:
    def __init__(self, store: Store):
        self.store = store

    def audit_state(self, audit_id: int) -> dict[str, Any] | None:
        """The audit's status and submission time, or None for no such audit."""
        return self.store._one("SELECT status, submitted_at FROM audits WHERE id = ?", (audit_id,))

    def add(self, audit_id: int, values: dict[str, str], who: str) -> int:
        """Keep one feedback row; `values` holds the table's own columns."""
        stamp = now()
        with self.store.write() as conn:
            status = conn.execute("SELECT status FROM audits WHERE id = ?", (audit_id,)).fetchone()
            if status is None or status[0] != "submitted":
                raise StoreError(f"audit {audit_id} is not submitted")
            cur = conn.execute(
                "INSERT INTO audit_feedback (audit_id, given_to, given_to_name, given_on, how, "
                "response, reasons, reflection, recorded_at, recorded_by, updated_at) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (
                    audit_id,
                    values["given_to"],
                    values["given_to_name"],
                    values["given_on"],
                    values["how"],
                    values["response"],
                    values["reasons"],
                    values["reflection"],
                    stamp,
                    who,
                    stamp,
                ),
            )
            feedback_id = int(cur.lastrowid or 0)
            summary = (
                f"{values['given_to']} {values['given_to_name']} on {values['given_on']} "
                f"({values['how']}): {values['response']}"
            )
            self.store._event(
                conn, who, "audit", audit_id, f"feedback.{feedback_id}", None, summary
            )
        return feedback_id

    def change(self, feedback_id: int, changes: dict[str, str], who: str) -> None:
        """Change what the worker said back; one event per field that changed."""
        unknown = set(changes) - set(CHANGEABLE)
        if unknown:
            raise StoreError(f"feedback cannot change {', '.join(sorted(unknown))}")
        with self.store.write() as conn:
            cur = conn.execute(
                f"SELECT audit_id, {', '.join(CHANGEABLE)} FROM audit_feedback WHERE id = ?",
                (feedback_id,),
            )
            row = cur.fetchone()
            if row is None:
                raise StoreError(f"no feedback {feedback_id}")
            old = dict(zip(("audit_id", *CHANGEABLE), row, strict=True))
            changed = {k: v for k, v in changes.items() if old[k] != v}
            if not changed:
                return
            sets = ", ".join(f"{k} = ?" for k in changed)
            conn.execute(
                f"UPDATE audit_feedback SET {sets}, updated_at = ? WHERE id = ?",
                (*changed.values(), now(), feedback_id),
            )
            for key, value in changed.items():
                self.store._event(
                    conn,
                    who,
                    "audit",
                    old["audit_id"],
                    f"feedback.{feedback_id}.{key}",
                    old[key],
                    value,
                )

    def audit_of(self, feedback_id: int) -> int | None:
        row = self.store._one("SELECT audit_id FROM audit_feedback WHERE id = ?", (feedback_id,))
        return None if row is None else int(row["audit_id"])

    def get(self, feedback_id: int) -> FeedbackRecord | None:
        row = self.store._one("SELECT * FROM audit_feedback WHERE id = ?", (feedback_id,))
        return None if row is None else FeedbackRecord(**row)

    def for_audit(self, audit_id: int) -> list[FeedbackRecord]:
        """The audit's feedback, in the order it was given."""
        return [
            FeedbackRecord(**row)
            for row in self.store._rows(
                "SELECT * FROM audit_feedback WHERE audit_id = ? ORDER BY given_on, id",
                (audit_id,),
            )
        ]

    def awaiting(self, auditor: str, limit: int = -1) -> list[dict[str, Any]]:
        """The auditor's submitted audits with no feedback yet, oldest submitted first."""
        return self.store._rows(
            "SELECT a.id AS audit_id, a.case_ref, coalesce(a.team, c.team, '') AS team, "
            "r.title AS rubric_title, substr(a.submitted_at, 1, 10) AS submitted_on, "
            "a.overall_grade_label FROM audits a "
            "JOIN cases c ON c.case_ref = a.case_ref "
            "JOIN rubric_versions r ON r.hash = a.rubric_hash "
            "WHERE a.auditor = ? AND a.status = 'submitted' AND NOT EXISTS "
            "(SELECT 1 FROM audit_feedback f WHERE f.audit_id = a.id) "
            "ORDER BY a.submitted_at, a.id LIMIT ?",
            (auditor, limit),
        )

    def first_feedback(self, filters: Filters) -> list[dict[str, Any]]:
        """Each submitted audit under the filters (month = the month it was submitted):
        its team, submission time and the date of its first feedback (None if none)."""
        clauses = ["a.status = 'submitted'"]
        params: list[Any] = []
        for column, value in (
            ("coalesce(a.team, c.team)", filters.team),
            ("a.cohort", filters.cohort),
            ("a.programme_id", filters.programme_id),
            ("a.auditor", filters.auditor),
            ("r.rubric_id", filters.rubric_id),
        ):
            if value is not None:
                clauses.append(f"{column} = ?")
                params.append(value)
        if filters.month_from:
            clauses.append("substr(a.submitted_at, 1, 7) >= ?")
            params.append(filters.month_from)
        if filters.month_to:
            clauses.append("substr(a.submitted_at, 1, 7) <= ?")
            params.append(filters.month_to)
        return self.store._rows(
            "SELECT coalesce(a.team, c.team, '') AS team, a.submitted_at, "
            "(SELECT min(f.given_on) FROM audit_feedback f WHERE f.audit_id = a.id) "
            "AS first_given FROM audits a JOIN cases c ON c.case_ref = a.case_ref "
            "JOIN rubric_versions r ON r.hash = a.rubric_hash "
            f"WHERE {' AND '.join(clauses)}",
            params,
        )
