"""Follow-ups (escalations and case actions, open and closed) and the events of a record.

Part of `Store` (see database.py); it shares the core's connection and write transaction.
"""

from __future__ import annotations

from typing import Any

from qa_tui.domain.errors import StoreError
from qa_tui.domain.records import Event
from qa_tui.store.connection import StoreCore, now


class FollowUps(StoreCore):
    """The follow-up tracker's rows, closing one, and the history of any record."""

    def follow_ups(self, include_closed: bool = False) -> list[dict[str, Any]]:
        """Escalations and case actions with their case, for the follow-up tracker.

        Without closed ones, each branch keeps only its open rows itself (through the
        status indexes): a filter on the union's computed status would read every
        action ever raised first."""
        escalations = "" if include_closed else "WHERE e.status = 'open' "
        actions = "" if include_closed else "WHERE x.status = 'open' "  # open | done
        return self._rows(
            "SELECT * FROM ("
            "SELECT 'escalation' AS kind, e.id, e.audit_id, a.case_ref, c.team, "
            "e.immediate_action AS what, e.told_who AS owner, NULL AS due_on, "
            "e.told_at AS raised_on, e.status, e.closing_note "
            "FROM escalations e JOIN audits a ON a.id = e.audit_id "
            "JOIN cases c ON c.case_ref = a.case_ref "
            f"{escalations}"
            "UNION ALL "
            "SELECT 'action', x.id, x.audit_id, a.case_ref, c.team, x.what, x.owner, x.due_on, "
            "x.created_at, CASE x.status WHEN 'done' THEN 'closed' ELSE 'open' END, "
            "x.closing_note FROM case_actions x JOIN audits a ON a.id = x.audit_id "
            f"JOIN cases c ON c.case_ref = a.case_ref {actions}) "
            "ORDER BY status DESC, kind = 'action', "
            "coalesce(due_on, raised_on), id"
        )

    def close_follow_up(self, kind: str, item_id: int, note: str, who: str) -> None:
        table, done = {"escalation": ("escalations", "closed"), "action": ("case_actions", "done")}[
            kind
        ]
        with self.write() as conn:
            row = conn.execute(
                f"SELECT status, audit_id FROM {table} WHERE id = ?", (item_id,)
            ).fetchone()
            if row is None:
                raise StoreError(f"no {kind} {item_id}")
            if row[0] == done:
                raise StoreError(f"{kind} {item_id} is already closed")
            conn.execute(
                f"UPDATE {table} SET status = ?, closed_at = ?, closed_by = ?, "
                "closing_note = ? WHERE id = ?",
                (done, now(), who, note, item_id),
            )
            self._event(
                conn, who, "audit", row[1], f"{kind}.{item_id}.status", row[0], f"{done}: {note}"
            )

    def events(self, entity: str, entity_id: Any) -> list[Event]:
        return [
            Event(**r)
            for r in self._rows(
                "SELECT at, who, entity, entity_id, field, old_value, new_value FROM events "
                "WHERE entity=? AND entity_id=? ORDER BY id",
                (entity, str(entity_id)),
            )
        ]
