"""The rows the grades export writes: audits with their case, rubric, programme,
answers, themes and moderation, what followed each (case actions, escalations,
feedback to practice) and the earlier audit a re-audit looks again at.

Streamed: one query per table, each ordered by audit id, merged here one audit at a
time, so an export of 100,000 audits holds one audit in memory and runs eight
queries, not four per audit. The children read the filtered audits as a subquery, so
no list of ids can outgrow SQLite's limits. All cursors are open on one connection at
once, so they read one snapshot of the file. `export_counts` is the cheap count a
workbook needs before any work (a sheet holds 1,048,576 rows).

Part of `Store` (see database.py); it shares the core's connection and lock.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Any

from qa_tui.store.connection import StoreCore

_FETCH = 2000  # rows a cursor hands over at a time (under the lock)
_JOINS = (
    "FROM audits a JOIN cases c ON c.case_ref = a.case_ref "
    "JOIN rubric_versions r ON r.hash = a.rubric_hash"
)
_DATE = "substr(coalesce(a.submitted_at, a.started_at, a.created_at), 1, 10)"

# Each table an audit's row carries, by key: its ordered query (the filtered audits'
# ids are `{ids}`); `audit_id` first in each, dropped from the rows handed on.
_CHILDREN = {
    "answers": "SELECT audit_id, criterion_id, grade_key, grade_value, grade_label, "
    "not_applicable, na_reason, {evidence} AS evidence FROM answers WHERE audit_id IN ({ids}) "
    "ORDER BY audit_id, criterion_id",
    "themes": "SELECT audit_id, criterion_id, theme, polarity FROM audit_themes "
    "WHERE audit_id IN ({ids}) ORDER BY audit_id, theme, criterion_id",
    "moderation": "SELECT audit_id, status, selected_because, moderator, overall_grade_key, "
    "overall_grade_value, overall_grade_label, overall_reason, completed_at "
    "FROM moderations WHERE audit_id IN ({ids}) ORDER BY audit_id",
    "moderated_answers": "SELECT y.audit_id, y.criterion_id, y.grade_key, y.grade_value, "
    "y.grade_label, y.not_applicable, y.reason FROM moderation_answers y "
    "JOIN moderations m ON m.audit_id = y.audit_id "
    "WHERE y.audit_id IN ({ids}) AND m.status = 'done' ORDER BY y.audit_id",
    "case_actions": "SELECT audit_id, id, what, owner, due_on, status, closed_at, "
    "closing_note FROM case_actions WHERE audit_id IN ({ids}) ORDER BY audit_id, id",
    "escalations": "SELECT audit_id, id, told_who, told_at, immediate_action, status, "
    "closed_at, closing_note FROM escalations WHERE audit_id IN ({ids}) "
    "ORDER BY audit_id, id",
    "feedback": "SELECT audit_id, id, given_to, given_to_name, given_on, how, response, "
    "reasons, reflection FROM audit_feedback WHERE audit_id IN ({ids}) "
    "ORDER BY audit_id, given_on, id",
    "family_views": "SELECT audit_id, id, given_by, gathered_how, said, rating, recorded_at "
    "FROM family_views WHERE audit_id IN ({ids}) AND withdrawn_at IS NULL "
    "ORDER BY audit_id, id",
    # The earlier audit's and this one's counted overall grade (the rule is the
    # domain's ReauditPair, as store/reaudits.py reads it for everything else).
    "reaudit": "SELECT a.id AS audit_id, a.previous_audit_id, a.case_ref, "
    "coalesce(a.team, c.team, '') AS team, a.programme_id, "
    "CASE WHEN p.status = 'submitted' "
    "THEN coalesce(pm.overall_grade_value, p.overall_grade_value) END AS earlier_value, "
    "CASE WHEN p.status = 'submitted' "
    "THEN coalesce(pm.overall_grade_label, p.overall_grade_label) END AS earlier_label, "
    "CASE WHEN a.status = 'submitted' "
    "THEN coalesce(am.overall_grade_value, a.overall_grade_value) END AS later_value, "
    "CASE WHEN a.status = 'submitted' "
    "THEN coalesce(am.overall_grade_label, a.overall_grade_label) END AS later_label "
    "FROM audits a JOIN audits p ON p.id = a.previous_audit_id "
    "JOIN cases c ON c.case_ref = a.case_ref "
    "LEFT JOIN moderations pm ON pm.audit_id = p.id AND pm.status = 'done' "
    "LEFT JOIN moderations am ON am.audit_id = a.id AND am.status = 'done' "
    "WHERE a.id IN ({ids}) ORDER BY a.id",
}
_ONE = ("moderation", "reaudit")  # at most one row an audit: the row or None


def _where(
    date_from: str | None, date_to: str | None, team: str | None, rubric_id: str | None
) -> tuple[str, dict[str, Any]]:
    """The filters as a WHERE clause over `_JOINS`. The audit date is when it was
    submitted, or else started, or else created; the team it counts under is its
    case's until it is submitted."""
    clauses, params = [], {}
    if date_from:
        clauses.append(f"{_DATE} >= :date_from")
        params["date_from"] = date_from
    if date_to:
        clauses.append(f"{_DATE} <= :date_to")
        params["date_to"] = date_to
    if team:
        clauses.append("coalesce(a.team, c.team) = :team")
        params["team"] = team
    if rubric_id:
        clauses.append("r.rubric_id = :rubric_id")
        params["rubric_id"] = rubric_id
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params


class _Ordered:
    """One ordered query's rows, handed out an audit at a time."""

    def __init__(self, rows: Iterator[tuple[Any, ...]], names: list[str]):
        self._rows = rows
        self._names = names[1:]
        self._next = next(rows, None)

    def take(self, audit_id: int) -> list[dict[str, Any]]:
        """The rows of `audit_id` (the rows of audits before it are skipped: an audit
        the filters left out cannot have any, as the ids come from the same subquery)."""
        taken = []
        names, row = self._names, self._next
        while row is not None and row[0] <= audit_id:
            if row[0] == audit_id:
                taken.append(dict(zip(names, row[1:], strict=True)))
            row = next(self._rows, None)
        self._next = row
        return taken


class GradesRows(StoreCore):
    """Audits as the grades export lists them."""

    def export_rows(
        self,
        *,
        date_from: str | None,
        date_to: str | None,
        team: str | None,
        rubric_id: str | None,
        evidence: bool = True,
    ) -> Iterator[dict[str, Any]]:
        """Audits with their case and rubric, oldest first, filtered on the audit date,
        each with its answers, themes, moderation, moderated answers (once done), case
        actions, escalations, feedback and re-audit row (or None). Without `evidence`
        the answers' evidence notes are not read (they are an export's bulk)."""
        where, params = _where(date_from, date_to, team, rubric_id)
        ids = f"SELECT a.id {_JOINS} {where}"
        audits, names = self._cursor(
            f"SELECT a.*, c.team AS case_team, c.cohort AS case_cohort, c.worker, "
            f"r.rubric_id, r.version AS rubric_version, p.name AS programme_name, "
            f"{_DATE} AS audit_date {_JOINS} "
            f"LEFT JOIN programmes p ON p.id = a.programme_id {where} ORDER BY a.id",
            params,
        )
        children = {
            key: _Ordered(
                *self._cursor(
                    sql.format(ids=ids, evidence="evidence" if evidence else "''"), params
                )
            )
            for key, sql in _CHILDREN.items()
        }
        for row in audits:
            audit = dict(zip(names, row, strict=True))
            # audits.team/cohort are frozen at submission; until then, the case's.
            audit["team"] = audit["team"] or audit["case_team"]
            audit["cohort"] = audit["cohort"] or audit["case_cohort"]
            del audit["case_team"], audit["case_cohort"]
            audit_id = audit["id"]
            for key, rows in children.items():
                taken = rows.take(audit_id)
                audit[key] = (taken[0] if taken else None) if key in _ONE else taken
            audit["moderated_answers"] = {r["criterion_id"]: r for r in audit["moderated_answers"]}
            yield audit

    def export_counts(
        self, *, date_from: str | None, date_to: str | None, team: str | None, rubric_id: str | None
    ) -> dict[str, Any]:
        """How many audits (and of each status), answers (evidence-only notes are no
        answers yet), case actions, escalations and feedback the export will hold: one
        query, before any work."""
        where, params = _where(date_from, date_to, team, rubric_id)
        ids = f"SELECT a.id {_JOINS} {where}"
        row = self._one(
            f"SELECT (SELECT count(*) FROM answers WHERE audit_id IN ({ids}) "
            f"AND (grade_key IS NOT NULL OR not_applicable)) AS answers, "
            f"(SELECT count(*) FROM case_actions WHERE audit_id IN ({ids})) AS case_actions, "
            f"(SELECT count(*) FROM escalations WHERE audit_id IN ({ids})) AS escalations, "
            f"(SELECT count(*) FROM audit_feedback WHERE audit_id IN ({ids})) AS feedback",
            params,
        )
        statuses = {
            r["status"]: r["n"]
            for r in self._rows(
                f"SELECT a.status, count(*) AS n {_JOINS} {where} GROUP BY a.status", params
            )
        }
        return {**(row or {}), "audits": sum(statuses.values()), "statuses": statuses}

    def _cursor(
        self, sql: str, params: dict[str, Any]
    ) -> tuple[Iterator[tuple[Any, ...]], list[str]]:
        """An open query's rows, fetched a few thousand at a time under the lock, and
        its column names."""
        with self._lock:
            try:
                cur = self.conn.execute(sql, params)
            except sqlite3.DatabaseError as exc:
                raise self._problem(exc) from None
        names = [d[0] for d in cur.description]

        def rows() -> Iterator[tuple[Any, ...]]:
            while True:
                with self._lock:
                    try:
                        chunk = cur.fetchmany(_FETCH)
                    except sqlite3.DatabaseError as exc:
                        raise self._problem(exc) from None
                if not chunk:
                    return
                yield from chunk

        return rows(), names
