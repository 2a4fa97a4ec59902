"""SQL for a safeguarding concern raised during an audit: an escalation recorded at once.

Part of the store layer (shares `Store`'s connection and write transactions). The row
is the same `escalations` row a submit with an Inadequate overall writes, so it joins
the follow-ups in the same way and closes in the same way.
"""

from __future__ import annotations

from qa_tui.store.database import Store, StoreError, now


class ConcernRecords:
    def __init__(self, store: Store):
        self.store = store

    def record_concern(
        self,
        audit_id: int,
        told_who: str,
        told_at: str,
        action: str,
        who: str,
        criterion_id: str | None = None,
    ) -> int:
        """Write the escalation and its event in one transaction; returns its id.

        Allowed on a submitted audit too: it adds a record of what was done for the
        child and changes nothing that was graded (migration 7 keeps a recorded
        escalation's words fixed; its status is follow-up work). An audit not started
        yet is started by it, as by any other work on it.
        """
        with self.store.write() as conn:
            row = conn.execute(
                "SELECT status, started_at FROM audits WHERE id = ?", (audit_id,)
            ).fetchone()
            if row is None:
                raise StoreError(f"audit {audit_id} does not exist")
            cur = conn.execute(
                "INSERT INTO escalations (audit_id, told_who, told_at, immediate_action, "
                "recorded_at, recorded_by) VALUES (?,?,?,?,?,?)",
                (audit_id, told_who, told_at, action, now(), who),
            )
            escalation_id = int(cur.lastrowid or 0)
            where = f" (raised at {criterion_id})" if criterion_id else ""
            self.store._event(
                conn,
                who,
                "audit",
                audit_id,
                f"escalation.{escalation_id}",
                None,
                f"told {told_who} at {told_at}: {action}{where}",
            )
            if row[0] != "submitted":
                self.store._touch(conn, audit_id, {"status": row[0], "started_at": row[1]}, who)
        return escalation_id
