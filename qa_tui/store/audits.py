"""Audits as read: the rubric version each is graded against, creating one, the home
screen's lists and counts, one whole audit; and the guard every change goes through.

Part of `Store` (see database.py); it shares the core's connection and write transaction.
The changes themselves (grades, themes, judgement, submitting) are in audit_changes.py.
"""

from __future__ import annotations

import json
import sqlite3
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from qa_tui.domain.errors import AuditLocked, StoreError
from qa_tui.domain.records import (
    Answer,
    Audit,
    AuditSummary,
    CaseAction,
    Escalation,
    ThemeTag,
)
from qa_tui.store import summaries as summary_store
from qa_tui.store.cases import _case
from qa_tui.store.connection import StoreCore, now

if TYPE_CHECKING:
    from qa_tui.domain.rubric import Rubric


class AuditRecords(StoreCore):
    """Rubric versions and audits: creating and reading them, and whether one may change."""

    # -- rubric versions ---------------------------------------------------------

    def save_rubric_version(self, rubric: Rubric) -> str:
        digest = rubric.content_hash()
        body = json.dumps(rubric.model_dump(mode="json"), sort_keys=True)
        with self.write() as conn:
            cur = conn.execute(
                "INSERT OR IGNORE INTO rubric_versions "
                "(hash, rubric_id, version, title, body, first_seen_at) VALUES (?,?,?,?,?,?)",
                (digest, rubric.id, rubric.version, rubric.title, body, now()),
            )
            if cur.rowcount:
                summary_store.save_criteria(conn, digest, body)
        return digest

    def rubric_for_audit(self, audit_id: int) -> Rubric:
        """The rubric version an audit is graded against, without loading the audit."""
        row = self._one(
            "SELECT r.body FROM audits a JOIN rubric_versions r "
            "ON r.hash = a.rubric_hash WHERE a.id = ?",
            (audit_id,),
        )
        if row is None:
            raise StoreError(f"audit {audit_id} does not exist")
        return _rubric_from_json(row["body"])

    def rubric_version(self, digest: str) -> Rubric:
        row = self._one("SELECT body FROM rubric_versions WHERE hash = ?", (digest,))
        if row is None:
            raise StoreError(f"rubric version {digest[:12]} is not in this database")
        return _rubric_from_json(row["body"])

    def create_audit(
        self,
        *,
        case_ref: str,
        rubric_hash: str,
        auditor: str,
        who: str,
        due_on: str | None = None,
        lookback_from: str | None = None,
        judgement_from: str | None = None,
        window_to: str | None = None,
    ) -> int:
        stamp = now()
        with self.write() as conn:
            cur = conn.execute(
                "INSERT INTO audits (case_ref, rubric_hash, auditor, status, due_on, "
                "lookback_from, judgement_from, window_to, created_at, created_by, updated_at) "
                "VALUES (?,?,?,'to_do',?,?,?,?,?,?,?)",
                (
                    case_ref,
                    rubric_hash,
                    auditor,
                    due_on,
                    lookback_from,
                    judgement_from,
                    window_to,
                    stamp,
                    who,
                    stamp,
                ),
            )
            audit_id = int(cur.lastrowid or 0)
            self._event(
                conn,
                who,
                "audit",
                audit_id,
                "created",
                None,
                f"{case_ref} / {rubric_hash[:12]} / {auditor}",
            )
        return audit_id

    def audit_summaries(
        self, auditor: str | None = None, *, limit: int = -1, offset: int = 0
    ) -> list[AuditSummary]:
        """Audits in the order the home screen lists them: in progress, to do, then
        submitted (newest first), by programme and due date; one page of them.

        The page is chosen on the audits table alone, so the per-audit details (how
        many answered, the moderated grade) are worked out for that page only.
        """
        where, params = ("WHERE a.auditor = ?", [auditor]) if auditor else ("", [])
        order = (
            "CASE a.status WHEN 'in_progress' THEN 0 WHEN 'to_do' THEN 1 ELSE 2 END, "
            "p.due_on IS NULL, p.due_on, p.name, coalesce(a.due_on, '9999'), "
            "a.updated_at DESC, a.id"
        )
        rows = self._rows(
            "SELECT a.id, a.case_ref, c.team, c.cohort, r.rubric_id, r.title AS rubric_title, "
            "r.version AS rubric_version, a.auditor, a.status, a.due_on, a.overall_grade_label, "
            "a.updated_at, p.name AS programme, (SELECT m.overall_grade_label FROM "
            "moderations m WHERE m.audit_id = a.id AND m.status = 'done') AS moderated_label, "
            "(SELECT count(*) FROM answers x "
            "WHERE x.audit_id = a.id AND (x.grade_key IS NOT NULL OR x.not_applicable = 1)) "
            "AS answered FROM (SELECT a.id FROM audits a "
            f"LEFT JOIN programmes p ON p.id = a.programme_id {where} ORDER BY {order} "
            "LIMIT ? OFFSET ?) page JOIN audits a ON a.id = page.id "
            "JOIN cases c ON c.case_ref = a.case_ref "
            "JOIN rubric_versions r ON r.hash = a.rubric_hash "
            f"LEFT JOIN programmes p ON p.id = a.programme_id ORDER BY {order}",
            [*params, limit, offset],
        )
        return [AuditSummary(**r) for r in rows]

    def audit_counts(self, auditor: str, today: str) -> dict[str, int]:
        """How many of an auditor's audits are in each status, how many overdue, how many
        questions a moderator sent back wait for an answer, and how many audits for feedback."""
        counts = {"to_do": 0, "in_progress": 0, "submitted": 0, "overdue": 0}
        for r in self._rows(
            "SELECT status, count(*) AS n, sum(status != 'submitted' AND "
            "due_on < ?) AS late FROM audits WHERE auditor = ? GROUP BY status",
            (today, auditor),
        ):
            counts[r["status"]] = r["n"]
            counts["overdue"] += r["late"] or 0
        # What else waits for the auditor, counted here so the home screen's first frame
        # does not import moderation and feedback (they are a tenth of the start-up).
        # The same rows as `ModerationSteeringStore.waiting_answers` and
        # `FeedbackStore.awaiting` list when they are opened.
        waiting = self._one(
            "SELECT (SELECT count(*) FROM moderation_send_backs s JOIN audits a ON a.id = "
            "s.audit_id JOIN moderations m ON m.audit_id = s.audit_id WHERE s.answer IS NULL "
            "AND m.status = 'waiting' AND a.auditor = ?) AS sent_back, (SELECT count(*) FROM "
            "audits a WHERE a.auditor = ? AND a.status = 'submitted' AND NOT EXISTS (SELECT 1 "
            "FROM audit_feedback f WHERE f.audit_id = a.id)) AS awaiting_feedback",
            (auditor, auditor),
        )
        counts["sent_back"] = waiting["sent_back"] if waiting else 0
        counts["awaiting_feedback"] = waiting["awaiting_feedback"] if waiting else 0
        return counts

    def audit(self, audit_id: int) -> Audit:
        row = self._one("SELECT * FROM audits WHERE id = ?", (audit_id,))
        if row is None:
            raise StoreError(f"audit {audit_id} does not exist")
        case_row = self._one("SELECT * FROM cases WHERE case_ref = ?", (row["case_ref"],))
        answers = {
            r["criterion_id"]: Answer(
                criterion_id=r["criterion_id"],
                grade_key=r["grade_key"],
                grade_value=r["grade_value"],
                grade_label=r["grade_label"],
                not_applicable=bool(r["not_applicable"]),
                evidence=r["evidence"],
                na_reason=r["na_reason"],
            )
            for r in self._rows("SELECT * FROM answers WHERE audit_id = ?", (audit_id,))
        }
        themes = [
            ThemeTag(r["criterion_id"], r["theme"], r["polarity"])
            for r in self._rows(
                "SELECT criterion_id, theme, polarity FROM audit_themes WHERE audit_id = ? "
                "ORDER BY added_at, theme",
                (audit_id,),
            )
        ]
        actions = [
            CaseAction(**r)
            for r in self._rows(
                "SELECT id, what, owner, due_on, status FROM case_actions WHERE audit_id = ? "
                "ORDER BY id",
                (audit_id,),
            )
        ]
        escalations = [
            Escalation(**r)
            for r in self._rows(
                "SELECT id, told_who, told_at, immediate_action, status, recorded_by "
                "FROM escalations WHERE audit_id = ? ORDER BY id",
                (audit_id,),
            )
        ]
        dismissed = frozenset(
            (r["criterion_id"], r["theme"])
            for r in self._rows(
                "SELECT criterion_id, theme FROM dismissed_suggestions WHERE audit_id = ?",
                (audit_id,),
            )
        )
        fields = {
            k: row[k]
            for k in (
                "rubric_hash",
                "auditor",
                "status",
                "due_on",
                "lookback_from",
                "judgement_from",
                "window_to",
                "created_at",
                "started_at",
                "submitted_at",
                "overall_grade_key",
                "overall_grade_value",
                "overall_grade_label",
                "overall_rationale",
                "override_reason",
                "strengths",
                "areas_for_development",
                "agency",
            )
        }
        assert case_row is not None
        return Audit(
            id=audit_id,
            case=_case(case_row),
            answers=answers,
            themes=themes,
            actions=actions,
            escalations=escalations,
            dismissed_suggestions=dismissed,
            **fields,
        )

    def _editable(self, conn: sqlite3.Connection, audit_id: int) -> dict[str, Any]:
        row = conn.execute(
            "SELECT status, started_at FROM audits WHERE id = ?", (audit_id,)
        ).fetchone()
        if row is None:
            raise StoreError(f"audit {audit_id} does not exist")
        if row[0] == "submitted":
            raise AuditLocked(f"audit {audit_id} is submitted; reopen it to change it")
        return {"status": row[0], "started_at": row[1]}

    def _touch(
        self, conn: sqlite3.Connection, audit_id: int, state: dict[str, Any], who: str
    ) -> None:
        stamp = now()
        if state["status"] == "to_do":
            conn.execute(
                "UPDATE audits SET status='in_progress', "
                "started_at=coalesce(started_at, ?), updated_at=? WHERE id=?",
                (stamp, stamp, audit_id),
            )
            self._event(conn, who, "audit", audit_id, "status", "to_do", "in_progress")
        else:
            conn.execute("UPDATE audits SET updated_at=? WHERE id=?", (stamp, audit_id))


@lru_cache(maxsize=64)
def _rubric_from_json(body: str) -> Rubric:
    from qa_tui.domain.rubric import Rubric  # pydantic only once a rubric is needed

    return Rubric.model_validate_json(body)
