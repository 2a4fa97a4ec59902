"""SQL for the family's view of the help they had, recorded on an audit.

Part of the store layer (shares `Store`'s connection and write transactions). Each
write is one short transaction with its event.
"""

from __future__ import annotations

from typing import Any

from qa_tui.domain.dashboard_records import Filters
from qa_tui.store.database import Store, StoreError, now

_COLUMNS = "id, audit_id, given_by, gathered_how, said, rating, recorded_at, recorded_by"


class FamilyViewRecords:
    def __init__(self, store: Store):
        self.store = store

    def add(
        self,
        audit_id: int,
        given_by: str,
        gathered_how: str,
        said: str,
        rating: int | None,
        who: str,
    ) -> tuple[int, str]:
        """Keep the view and its event; returns its id and when it was recorded. Allowed
        on a submitted audit too: it changes nothing that was graded."""
        at = now()
        with self.store.write() as conn:
            if conn.execute("SELECT 1 FROM audits WHERE id = ?", (audit_id,)).fetchone() is None:
                raise StoreError(f"audit {audit_id} does not exist")
            cur = conn.execute(
                "INSERT INTO family_views (audit_id, given_by, gathered_how, said, rating, "
                "recorded_at, recorded_by) VALUES (?,?,?,?,?,?,?)",
                (audit_id, given_by, gathered_how, said, rating, at, who),
            )
            view_id = int(cur.lastrowid or 0)
            rated = "" if rating is None else f", rated {rating}/5"
            self.store._event(
                conn, who, "audit", audit_id, f"family_view.{view_id}", None,
                f"{given_by} ({gathered_how}{rated}): {said}",
            )  # fmt: skip
        return view_id, at

    def withdraw(self, view_id: int, reason: str, who: str) -> int:
        """Withdraw a view recorded by mistake (kept, with the reason in the events);
        returns its audit's id."""
        with self.store.write() as conn:
            row = conn.execute(
                "SELECT audit_id, said FROM family_views WHERE id = ? AND withdrawn_at IS NULL",
                (view_id,),
            ).fetchone()
            if row is None:
                raise StoreError(f"no family's view {view_id} to withdraw")
            conn.execute("UPDATE family_views SET withdrawn_at = ? WHERE id = ?", (now(), view_id))
            self.store._event(
                conn, who, "audit", row[0], f"family_view.{view_id}", row[1],
                f"withdrawn: {reason}",
            )  # fmt: skip
        return int(row[0])

    def for_audit(self, audit_id: int) -> list[dict[str, Any]]:
        return self.store._rows(
            f"SELECT {_COLUMNS} FROM family_views WHERE audit_id = ? AND withdrawn_at IS NULL "
            "ORDER BY id",
            (audit_id,),
        )

    def listed(self, from_day: str | None, to_day: str | None) -> list[dict[str, Any]]:
        """Every view kept, with its audit's case, team and rubric, oldest first."""
        return self.store._rows(
            "SELECT v.id, v.audit_id, v.given_by, v.gathered_how, v.said, v.rating, "
            "v.recorded_at, v.recorded_by, a.case_ref, c.team, r.rubric_id FROM family_views v "
            "JOIN audits a ON a.id = v.audit_id JOIN cases c ON c.case_ref = a.case_ref "
            "JOIN rubric_versions r ON r.hash = a.rubric_hash "
            "WHERE v.withdrawn_at IS NULL AND (?1 IS NULL OR v.recorded_at >= ?1) "
            "AND (?2 IS NULL OR substr(v.recorded_at, 1, 10) <= ?2) ORDER BY v.id",
            (from_day, to_day),
        )

    def counts(self, filters: Filters) -> dict[str, Any]:
        """On submitted audits within the dashboard's filters: how many audits have a
        family's view, how many views, and how they rated the help (views without a
        rating are counted apart)."""
        month_from = filters.month_from or "0000-00"
        month_to = filters.month_to or "9999-99"
        row = self.store._one(
            "SELECT count(DISTINCT v.audit_id) AS audits, count(*) AS views, "
            "count(v.rating) AS rated, avg(v.rating) AS mean_rating, "
            "coalesce(sum(v.rating >= 4), 0) AS helpful FROM family_views v "
            "JOIN audits a ON a.id = v.audit_id JOIN rubric_versions r ON r.hash = a.rubric_hash "
            "WHERE v.withdrawn_at IS NULL AND a.status = 'submitted' "
            "AND substr(a.submitted_at, 1, 7) BETWEEN ? AND ? "
            "AND (? IS NULL OR a.programme_id = ?) AND (? IS NULL OR a.team = ?) "
            "AND (? IS NULL OR r.rubric_id = ?) AND (? IS NULL OR a.cohort = ?) "
            "AND (? IS NULL OR a.auditor = ?)",
            (
                month_from, month_to,
                *(2 * (filters.programme_id,)), *(2 * (filters.team,)),
                *(2 * (filters.rubric_id,)), *(2 * (filters.cohort,)),
                *(2 * (filters.auditor,)),
            ),
        )  # fmt: skip
        return dict(row or {})
