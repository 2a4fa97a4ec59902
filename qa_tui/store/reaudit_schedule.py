"""SQL for "re-audit in N months": the schedule kept on an audit, the QA lead's list of
those due, starting one as a new linked audit, and what the re-auditor reads of the
earlier audit.

Part of the store layer (it shares `Store`'s connection and write transactions). The
re-audit itself is inserted by `store.sampling.insert_audit`, the code path a round's
assignment uses, so a scheduled re-audit and a repeat round's audit are made alike.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from qa_tui.domain.records import NewAudit
from qa_tui.store.database import Store, StoreError, now
from qa_tui.store.sampling import insert_audit

# The earlier audit's grade that counts (COUNTED's rule, store/summaries.py): the
# moderated one once a moderation is complete, else the auditor's.
_COUNTED_OVERALL = (
    "CASE WHEN a.status = 'submitted' THEN coalesce(m.overall_grade_label, "
    "a.overall_grade_label) END"
)

_SCHEDULES = f"""
SELECT s.audit_id, s.months, s.due_on, s.reason, s.set_at, s.set_by,
       s.started_audit_id, s.started_at, s.started_by,
       s.cancelled_at, s.cancelled_by, s.cancel_reason,
       a.case_ref, coalesce(a.team, c.team, '') AS team, a.auditor, r.rubric_id,
       {_COUNTED_OVERALL} AS earlier_label
  FROM reaudits s
  JOIN audits a ON a.id = s.audit_id
  JOIN cases c ON c.case_ref = a.case_ref
  JOIN rubric_versions r ON r.hash = a.rubric_hash
  LEFT JOIN moderations m ON m.audit_id = a.id AND m.status = 'done'
"""


def _schedule_now(conn: sqlite3.Connection, audit_id: int) -> dict[str, Any] | None:
    """The schedule as it stands, read inside the write that changes it."""
    row = conn.execute(
        "SELECT months, due_on, started_audit_id, cancelled_at FROM reaudits WHERE audit_id = ?",
        (audit_id,),
    ).fetchone()
    if row is None:
        return None
    return dict(zip(("months", "due_on", "started_audit_id", "cancelled_at"), row, strict=True))


def _words(row: dict[str, Any] | None) -> str | None:
    """A schedule as the events log says it."""
    if row is None:
        return None
    return f"in {row['months']} months, due {row['due_on']}"


class ReauditScheduleStore:
    def __init__(self, store: Store):
        self.store = store

    # -- reading ------------------------------------------------------------------------

    def audit_row(self, audit_id: int) -> dict[str, Any]:
        """What scheduling and starting a re-audit need of the earlier audit."""
        row = self.store._one(
            "SELECT a.id, a.status, a.submitted_at, a.case_ref, a.auditor, a.previous_audit_id, "
            "coalesce(a.team, c.team, '') AS team, r.rubric_id FROM audits a "
            "JOIN cases c ON c.case_ref = a.case_ref "
            "JOIN rubric_versions r ON r.hash = a.rubric_hash WHERE a.id = ?",
            (audit_id,),
        )
        if row is None:
            raise StoreError(f"audit {audit_id} does not exist")
        return row

    def schedule(self, audit_id: int) -> dict[str, Any] | None:
        return self.store._one(_SCHEDULES + " WHERE s.audit_id = ?", (audit_id,))

    def waiting(self, until: str) -> list[dict[str, Any]]:
        """Schedules neither started nor cancelled that fall due on or before `until`."""
        return self.store._rows(
            _SCHEDULES + " WHERE s.started_audit_id IS NULL AND s.cancelled_at IS NULL "
            "AND s.due_on <= ? ORDER BY s.due_on, a.case_ref, s.audit_id",
            (until,),
        )

    def earlier_answers(self, audit_id: int) -> list[dict[str, Any]]:
        """Each answered criterion of a submitted audit, with the grade that counts."""
        return self.store._rows(
            "SELECT x.criterion_id, "
            "CASE WHEN y.audit_id IS NOT NULL THEN y.grade_label ELSE x.grade_label END "
            "AS grade_label, "
            "CASE WHEN y.audit_id IS NOT NULL THEN y.grade_value ELSE x.grade_value END "
            "AS grade_value, "
            "CASE WHEN y.audit_id IS NOT NULL THEN y.not_applicable ELSE x.not_applicable END "
            "AS not_applicable, y.audit_id IS NOT NULL AS moderated "
            "FROM answers x "
            "LEFT JOIN moderations m ON m.audit_id = x.audit_id AND m.status = 'done' "
            "LEFT JOIN moderation_answers y ON y.audit_id = m.audit_id "
            "AND y.criterion_id = x.criterion_id WHERE x.audit_id = ?",
            (audit_id,),
        )

    def earlier_actions(self, audit_id: int) -> list[dict[str, Any]]:
        return self.store._rows(
            "SELECT id, what, owner, due_on, status, closed_at, closed_by, closing_note "
            "FROM case_actions WHERE audit_id = ? ORDER BY id",
            (audit_id,),
        )

    def earlier_head(self, audit_id: int) -> dict[str, Any] | None:
        return self.store._one(
            "SELECT a.id, a.auditor, a.submitted_at, a.rubric_hash, a.status FROM audits a "
            "WHERE a.id = ?",
            (audit_id,),
        )

    # -- writing ------------------------------------------------------------------------

    def set(self, audit_id: int, months: int, due_on: str, reason: str, who: str) -> None:
        """Set the schedule, or replace one not yet started (a cancelled one too)."""
        stamp = now()
        with self.store.write() as conn:
            old = _schedule_now(conn, audit_id)
            if old is not None and old["started_audit_id"] is not None:
                raise StoreError(
                    f"the re-audit of audit {audit_id} was already started as audit "
                    f"{old['started_audit_id']}"
                )
            conn.execute(
                "INSERT INTO reaudits (audit_id, months, due_on, reason, set_at, set_by) "
                "VALUES (?,?,?,?,?,?) ON CONFLICT (audit_id) DO UPDATE SET "
                "months = excluded.months, due_on = excluded.due_on, reason = excluded.reason, "
                "set_at = excluded.set_at, set_by = excluded.set_by, cancelled_at = NULL, "
                "cancelled_by = NULL, cancel_reason = ''",
                (audit_id, months, due_on, reason, stamp, who),
            )
            was = None if old is None or old["cancelled_at"] else _words(old)
            new = f"in {months} months, due {due_on}" + (f": {reason}" if reason else "")
            self.store._event(conn, who, "audit", audit_id, "reaudit", was, new)

    def cancel(self, audit_id: int, reason: str, who: str) -> None:
        with self.store.write() as conn:
            old = _schedule_now(conn, audit_id)
            if old is None or old["cancelled_at"] is not None:
                raise StoreError(f"audit {audit_id} has no re-audit scheduled")
            if old["started_audit_id"] is not None:
                raise StoreError(
                    f"the re-audit of audit {audit_id} was already started as audit "
                    f"{old['started_audit_id']}"
                )
            conn.execute(
                "UPDATE reaudits SET cancelled_at = ?, cancelled_by = ?, cancel_reason = ? "
                "WHERE audit_id = ?",
                (now(), who, reason, audit_id),
            )
            self.store._event(
                conn, who, "audit", audit_id, "reaudit", _words(old), f"cancelled: {reason}"
            )

    def start(
        self,
        audit_id: int,
        new: NewAudit,
        *,
        due_on: str,
        lookback_from: str,
        judgement_from: str,
        window_to: str,
        who: str,
    ) -> int:
        """Make the re-audit and record it on the schedule, in one transaction: two QA
        leads pressing start at once make one re-audit, and the second is told."""
        stamp = now()
        with self.store.write() as conn:
            row = conn.execute(
                "SELECT started_audit_id, cancelled_at FROM reaudits WHERE audit_id = ?",
                (audit_id,),
            ).fetchone()
            if row is None or row[1] is not None:
                raise StoreError(f"audit {audit_id} has no re-audit scheduled")
            if row[0] is not None:
                raise StoreError(
                    f"the re-audit of audit {audit_id} was already started as audit {row[0]}"
                )
            started = insert_audit(
                conn,
                new,
                programme_id=None,
                due_on=due_on,
                lookback_from=lookback_from,
                judgement_from=judgement_from,
                window_to=window_to,
                stamp=stamp,
                who=who,
            )
            conn.execute(
                "UPDATE reaudits SET started_audit_id = ?, started_at = ?, started_by = ? "
                "WHERE audit_id = ?",
                (started, stamp, who, audit_id),
            )
            self.store._event(
                conn,
                who,
                "audit",
                started,
                "assigned",
                None,
                f"{new.auditor} (re-audit of audit {audit_id})",
            )
            self.store._event(
                conn, who, "audit", audit_id, "reaudit", None, f"started as audit {started}"
            )
        return started
