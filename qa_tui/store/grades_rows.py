"""The rows the grades export writes: audits with their case, rubric, programme,
answers, themes and moderation, and what followed each (case actions, escalations,
feedback to practice), read through sqlite-utils' read-only query.

What followed is read in one query per table for the whole export, keyed by audit id
(the filtered audits as a subquery, so no list of ids can outgrow SQLite's limits).

Part of `Store` (see database.py); it shares the core's connection and lock.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from qa_tui.store.connection import StoreCore


class GradesRows(StoreCore):
    """Audits as the grades export lists them."""

    def export_rows(
        self, *, date_from: str | None, date_to: str | None, team: str | None, rubric_id: str | None
    ) -> Iterator[dict[str, Any]]:
        """Audits with their case and rubric, oldest first, filtered on the audit date.

        The audit date is when it was submitted, or else started, or else created.
        """
        clauses, params = [], {}
        date_expr = "substr(coalesce(a.submitted_at, a.started_at, a.created_at), 1, 10)"
        if date_from:
            clauses.append(f"{date_expr} >= :date_from")
            params["date_from"] = date_from
        if date_to:
            clauses.append(f"{date_expr} <= :date_to")
            params["date_to"] = date_to
        if team:  # the team it counts under: its case's when submitted, else now
            clauses.append("coalesce(a.team, c.team) = :team")
            params["team"] = team
        if rubric_id:
            clauses.append("r.rubric_id = :rubric_id")
            params["rubric_id"] = rubric_id
        where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
        joins = (
            "FROM audits a JOIN cases c ON c.case_ref = a.case_ref "
            "JOIN rubric_versions r ON r.hash = a.rubric_hash"
        )
        with self._lock:  # sqlite-utils' query() is read-only: an export can never write
            audits = list(
                self.db.query(
                    f"SELECT a.*, c.team AS case_team, c.cohort AS case_cohort, c.worker, "
                    f"r.rubric_id, r.version AS rubric_version, p.name AS programme_name, "
                    f"{date_expr} AS audit_date {joins} "
                    f"LEFT JOIN programmes p ON p.id = a.programme_id {where} ORDER BY a.id",
                    params,
                )
            )
        followed = self._followed(f"SELECT a.id {joins} {where}", params) if audits else {}
        for audit in audits:
            # audits.team/cohort are frozen at submission; until then, the case's.
            audit["team"] = audit["team"] or audit.pop("case_team")
            audit["cohort"] = audit["cohort"] or audit.pop("case_cohort")
            audit.pop("case_team", None)
            audit.pop("case_cohort", None)
            audit["answers"] = self._rows(
                "SELECT criterion_id, grade_key, grade_value, grade_label, not_applicable, "
                "evidence FROM answers WHERE audit_id = ?",
                (audit["id"],),
            )
            audit["themes"] = self._rows(
                "SELECT criterion_id, theme, polarity FROM audit_themes WHERE audit_id = ? "
                "ORDER BY theme",
                (audit["id"],),
            )
            audit["moderation"] = self._one(
                "SELECT status, selected_because, moderator, overall_grade_key, "
                "overall_grade_value, overall_grade_label, overall_reason, completed_at "
                "FROM moderations WHERE audit_id = ?",
                (audit["id"],),
            )
            audit["moderated_answers"] = {
                r["criterion_id"]: r
                for r in self._rows(
                    "SELECT y.criterion_id, y.grade_key, y.grade_value, y.grade_label, "
                    "y.not_applicable, y.reason FROM moderation_answers y JOIN moderations m "
                    "ON m.audit_id = y.audit_id WHERE y.audit_id = ? AND m.status = 'done'",
                    (audit["id"],),
                )
            }
            for table, rows in followed.items():
                audit[table] = rows.get(audit["id"], [])
            yield audit

    def _followed(
        self, audit_ids: str, params: dict[str, Any]
    ) -> dict[str, dict[int, list[dict[str, Any]]]]:
        """Case actions, escalations and feedback of the audits `audit_ids` selects, by
        table and audit id: three queries, however many audits."""
        queries = {
            "case_actions": "SELECT id, audit_id, what, owner, due_on, status, closed_at, "
            "closing_note FROM case_actions",
            "escalations": "SELECT id, audit_id, told_who, told_at, immediate_action, status, "
            "closed_at, closing_note FROM escalations",
            "feedback": "SELECT id, audit_id, given_to, given_to_name, given_on, how, response, "
            "reasons, reflection FROM audit_feedback",
        }
        order = {"feedback": "audit_id, given_on, id"}
        followed: dict[str, dict[int, list[dict[str, Any]]]] = {}
        for table, select in queries.items():
            by_audit: dict[int, list[dict[str, Any]]] = {}
            sql = (
                f"{select} WHERE audit_id IN ({audit_ids}) "
                f"ORDER BY {order.get(table, 'audit_id, id')}"
            )
            for row in self._rows(sql, params):
                by_audit.setdefault(row.pop("audit_id"), []).append(row)
            followed[table] = by_audit
        return followed
