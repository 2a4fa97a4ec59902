"""SQL for the role homes: a QA lead's round figures and a manager's teams' audits and
follow-ups, each read in one query however many audits the database holds.

An audit's team is the one its case had when it was submitted (`audits.team`), or, until
then, its case's team now: the same rule the permission checks use
(`PersonAtDesk.audit_facts`), so a manager sees exactly the audits they may read.

Part of the store layer (it shares `Store`'s connection), like `ProgrammeStore`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from qa_tui.store.database import Store


def _marks(values: Sequence[Any]) -> str:
    return ", ".join("?" for _ in values)


def _teams_audit_ids(teams: Sequence[str]) -> tuple[str, list[str]]:
    """A sub-query of the ids of the audits of `teams`, each half on its own index:
    submitted audits by their recorded team, the rest by their case's team."""
    marks = _marks(teams)
    return (
        f"SELECT a.id FROM audits a WHERE a.team IN ({marks}) "
        "UNION ALL "
        "SELECT a.id FROM cases c JOIN audits a ON a.case_ref = c.case_ref "
        f"WHERE c.team IN ({marks}) AND a.team IS NULL",
        [*teams, *teams],
    )


class RoleHomeStore:
    def __init__(self, store: Store):
        self.store = store

    # -- the QA lead's desk ------------------------------------------------------------

    def round_counts(self, programme_ids: Sequence[int], today: str) -> dict[int, dict[str, int]]:
        """Audits, submitted and overdue of each programme, in one grouped read."""
        if not programme_ids:
            return {}
        rows = self.store._rows(
            "SELECT programme_id, count(*) AS audits, "
            "coalesce(sum(status = 'submitted'), 0) AS submitted, "
            "coalesce(sum(status != 'submitted' AND due_on < ?), 0) AS overdue "
            f"FROM audits WHERE programme_id IN ({_marks(programme_ids)}) "
            "GROUP BY programme_id",
            [today, *programme_ids],
        )
        return {
            r["programme_id"]: {k: r[k] for k in ("audits", "submitted", "overdue")} for r in rows
        }

    def oldest_waiting_moderation(self) -> str | None:
        """When the audit that has waited longest for moderation was submitted."""
        row = self.store._one(
            "SELECT min(a.submitted_at) AS oldest FROM moderations m "
            "JOIN audits a ON a.id = m.audit_id "
            "WHERE m.status = 'waiting' AND a.status = 'submitted'"
        )
        return row["oldest"] if row else None

    # -- a manager's teams ---------------------------------------------------------------

    def team_audits(
        self, teams: Sequence[str], *, limit: int = -1, offset: int = 0
    ) -> list[dict[str, Any]]:
        """The teams' audits: in progress, to do (by due date), then submitted, newest
        first; one page of them."""
        if not teams:
            return []
        ids, params = _teams_audit_ids(teams)
        return self.store._rows(
            "SELECT a.id, a.case_ref, coalesce(a.team, c.team) AS team, "
            "r.title AS rubric_title, a.auditor, a.status, a.due_on, a.submitted_at, "
            "a.overall_grade_label, (SELECT m.overall_grade_label FROM moderations m "
            "WHERE m.audit_id = a.id AND m.status = 'done') AS moderated_label "
            f"FROM ({ids}) mine JOIN audits a ON a.id = mine.id "
            "JOIN cases c ON c.case_ref = a.case_ref "
            "JOIN rubric_versions r ON r.hash = a.rubric_hash "
            "ORDER BY CASE a.status WHEN 'in_progress' THEN 0 WHEN 'to_do' THEN 1 ELSE 2 END, "
            "CASE WHEN a.status = 'submitted' THEN '' ELSE coalesce(a.due_on, '9999') END, "
            "a.submitted_at DESC, a.id LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )

    def team_audit_counts(self, teams: Sequence[str], today: str) -> dict[str, int]:
        """How many of the teams' audits are in each status, and how many overdue."""
        counts = {"to_do": 0, "in_progress": 0, "submitted": 0, "overdue": 0}
        if not teams:
            return counts
        ids, params = _teams_audit_ids(teams)
        for r in self.store._rows(
            "SELECT a.status, count(*) AS n, "
            "coalesce(sum(a.status != 'submitted' AND a.due_on < ?), 0) AS late "
            f"FROM ({ids}) mine JOIN audits a ON a.id = mine.id GROUP BY a.status",
            [today, *params],
        ):
            counts[r["status"]] = r["n"]
            counts["overdue"] += r["late"]
        return counts

    def team_follow_ups(self, teams: Sequence[str]) -> list[dict[str, Any]]:
        """The teams' open escalations (oldest first), then their open case actions by
        due date: the follow-up tracker's rows (`store.follow_ups`), for these teams only."""
        if not teams:
            return []
        marks = _marks(teams)
        team = "coalesce(a.team, c.team)"
        return self.store._rows(
            "SELECT * FROM ("
            f"SELECT 'escalation' AS kind, e.id, e.audit_id, a.case_ref, {team} AS team, "
            "e.immediate_action AS what, e.told_who AS owner, NULL AS due_on, "
            "e.told_at AS raised_on, 'open' AS status, e.closing_note "
            "FROM escalations e JOIN audits a ON a.id = e.audit_id "
            "JOIN cases c ON c.case_ref = a.case_ref "
            f"WHERE e.status = 'open' AND {team} IN ({marks}) "
            "UNION ALL "
            f"SELECT 'action', x.id, x.audit_id, a.case_ref, {team}, x.what, x.owner, "
            "x.due_on, x.created_at, 'open', x.closing_note "
            "FROM case_actions x JOIN audits a ON a.id = x.audit_id "
            "JOIN cases c ON c.case_ref = a.case_ref "
            f"WHERE x.status = 'open' AND {team} IN ({marks})) "
            "ORDER BY kind = 'action', coalesce(due_on, raised_on), id",
            [*teams, *teams],
        )
