"""SQL for moderation a QA lead steers: audits picked by hand, the programme's share and
blind default, the assigned moderator, blind moderation and its reveal, and audits sent
back to their auditor with a question.

Part of the store layer (shares `Store`'s connection and write transactions); apart from
`store.moderation` because steering the queue is a job beside grading in it. Every write
is one short transaction with its event.
"""

from __future__ import annotations

from typing import Any

from qa_tui.store.database import Store, StoreError, now

# An audit's moderation hides the auditor's grades while it is blind and not revealed.
HIDDEN = "m.blind = 1 AND m.revealed_at IS NULL AND m.status = 'waiting'"


class ModerationSteeringStore:
    def __init__(self, store: Store):
        self.store = store

    # -- the programme's terms -----------------------------------------------------------

    def programme_terms(self, programme_id: int) -> dict[str, Any]:
        row = self.store._one(
            "SELECT id, name, moderation_percent, moderation_blind FROM programmes WHERE id = ?",
            (programme_id,),
        )
        if row is None:
            raise StoreError(f"programme {programme_id} does not exist")
        return row

    def set_programme(self, programme_id: int, field: str, value: Any, who: str) -> None:
        """`moderation_percent` or `moderation_blind`, with its event."""
        assert field in ("moderation_percent", "moderation_blind")
        with self.store.write() as conn:
            old = conn.execute(
                f"SELECT {field} FROM programmes WHERE id = ?", (programme_id,)
            ).fetchone()
            if old is None:
                raise StoreError(f"programme {programme_id} does not exist")
            if old[0] == value:
                return
            conn.execute(f"UPDATE programmes SET {field} = ? WHERE id = ?", (value, programme_id))
            self.store._event(conn, who, "programme", programme_id, field, old[0], value)

    # -- the queue, steered ------------------------------------------------------------

    def audit_row(self, audit_id: int) -> dict[str, Any] | None:
        """The audit's auditor, status, team and programme blind default."""
        return self.store._one(
            "SELECT a.id, a.auditor, a.status, coalesce(a.team, c.team) AS team, "
            "coalesce(p.moderation_blind, 0) AS programme_blind FROM audits a "
            "JOIN cases c ON c.case_ref = a.case_ref "
            "LEFT JOIN programmes p ON p.id = a.programme_id WHERE a.id = ?",
            (audit_id,),
        )

    def pick(self, audit_id: int, because: str, blind: bool, who: str) -> bool:
        """Queue a submitted audit by hand; one already queued keeps its place (False)."""
        with self.store.write() as conn:
            row = conn.execute("SELECT status FROM audits WHERE id = ?", (audit_id,)).fetchone()
            if row is None:
                raise StoreError(f"audit {audit_id} does not exist")
            if row[0] != "submitted":
                raise StoreError(f"audit {audit_id} is not submitted: only submitted audits")
            cur = conn.execute(
                "INSERT OR IGNORE INTO moderations (audit_id, selected_because, selected_at, "
                "blind) VALUES (?,?,?,?)",
                (audit_id, because, now(), int(blind)),
            )
            if cur.rowcount:
                self.store._event(
                    conn,
                    who,
                    "audit",
                    audit_id,
                    "moderation",
                    None,
                    f"selected: {because}" + (" (blind)" if blind else ""),
                )
            return bool(cur.rowcount)

    def _waiting(self, conn: Any, audit_id: int) -> dict[str, Any]:
        row = conn.execute(
            "SELECT m.status, m.blind, m.revealed_at, m.assigned_to, m.overall_grade_key, "
            "(SELECT count(*) FROM moderation_answers y WHERE y.audit_id = m.audit_id) AS graded "
            "FROM moderations m WHERE m.audit_id = ?",
            (audit_id,),
        ).fetchone()
        if row is None:
            raise StoreError(f"audit {audit_id} is not in the moderation queue")
        if row[0] == "done":
            raise StoreError(f"the moderation of audit {audit_id} is complete")
        keys = ("status", "blind", "revealed_at", "assigned_to", "overall_grade_key", "graded")
        return dict(zip(keys, row, strict=True))

    def set_blind(self, audit_id: int, blind: bool, who: str) -> None:
        with self.store.write() as conn:
            m = self._waiting(conn, audit_id)
            if bool(m["blind"]) == blind:
                return
            if m["graded"] or m["overall_grade_key"] is not None:
                raise StoreError("blindness is chosen before the moderator grades anything")
            conn.execute(
                "UPDATE moderations SET blind = ? WHERE audit_id = ?", (int(blind), audit_id)
            )
            self.store._event(
                conn, who, "audit", audit_id, "moderation.blind", m["blind"], int(blind)
            )

    def assign(self, audit_id: int, moderator: str | None, who: str) -> None:
        with self.store.write() as conn:
            m = self._waiting(conn, audit_id)
            conn.execute(
                "UPDATE moderations SET assigned_to = ? WHERE audit_id = ?", (moderator, audit_id)
            )
            self.store._event(
                conn, who, "audit", audit_id, "moderation.assigned_to", m["assigned_to"], moderator
            )

    def reveal(self, audit_id: int, who: str) -> None:
        with self.store.write() as conn:
            m = self._waiting(conn, audit_id)
            if not m["blind"] or m["revealed_at"]:
                return
            stamp = now()
            conn.execute(
                "UPDATE moderations SET revealed_at = ? WHERE audit_id = ?", (stamp, audit_id)
            )
            self.store._event(conn, who, "audit", audit_id, "moderation.revealed", None, stamp)

    # -- send-backs ----------------------------------------------------------------------

    def send_back(self, audit_id: int, comment: str, who: str) -> int:
        with self.store.write() as conn:
            self._waiting(conn, audit_id)
            cur = conn.execute(
                "INSERT INTO moderation_send_backs (audit_id, comment, sent_at, sent_by) "
                "VALUES (?,?,?,?)",
                (audit_id, comment, now(), who),
            )
            send_back_id = int(cur.lastrowid or 0)
            self.store._event(
                conn, who, "audit", audit_id, f"moderation.send_back.{send_back_id}", None, comment
            )
            return send_back_id

    def answer(self, audit_id: int, send_back_id: int, answer: str, who: str) -> None:
        with self.store.write() as conn:
            row = conn.execute(
                "SELECT answer FROM moderation_send_backs WHERE id = ? AND audit_id = ?",
                (send_back_id, audit_id),
            ).fetchone()
            if row is None:
                raise StoreError(f"audit {audit_id} has no send-back {send_back_id}")
            conn.execute(
                "UPDATE moderation_send_backs SET answer = ?, answered_at = ?, answered_by = ? "
                "WHERE id = ?",
                (answer, now(), who, send_back_id),
            )
            self.store._event(
                conn,
                who,
                "audit",
                audit_id,
                f"moderation.send_back.{send_back_id}.answer",
                row[0],
                answer,
            )

    def waiting_answers(self, auditor: str | None) -> list[dict[str, Any]]:
        """Send-backs not yet answered, oldest first; one auditor's when named."""
        return self.store._rows(
            "SELECT s.id, s.audit_id, s.comment, s.sent_at, s.sent_by, a.case_ref, a.auditor, "
            "c.team FROM moderation_send_backs s JOIN audits a ON a.id = s.audit_id "
            "JOIN cases c ON c.case_ref = a.case_ref JOIN moderations m ON m.audit_id = "
            "s.audit_id WHERE s.answer IS NULL AND m.status = 'waiting' "
            "AND (? IS NULL OR a.auditor = ?) ORDER BY s.sent_at, s.id",
            (auditor, auditor),
        )
