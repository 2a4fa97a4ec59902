"""SQL for calibration exercises: the exercise, every grader's grades, and closing it.

Part of the store layer (shares `Store`'s connection and write transactions). Each grade
is one short transaction with its event, like an audit's.
"""

from __future__ import annotations

from typing import Any

from qa_tui.store.database import Store, StoreError, now


class CalibrationRecords:
    def __init__(self, store: Store):
        self.store = store

    def create(
        self, title: str, rubric_hash: str, case_ref: str | None, vignette: str | None, who: str
    ) -> int:
        with self.store.write() as conn:
            cur = conn.execute(
                "INSERT INTO calibrations (title, rubric_hash, case_ref, vignette, created_at, "
                "created_by) VALUES (?,?,?,?,?,?)",
                (title, rubric_hash, case_ref, vignette, now(), who),
            )
            calibration_id = int(cur.lastrowid or 0)
            self.store._event(
                conn, who, "calibration", calibration_id, "created", None,
                f"{title} ({case_ref or 'vignette'})",
            )  # fmt: skip
        return calibration_id

    def calibration(self, calibration_id: int) -> dict[str, Any] | None:
        return self.store._one(
            "SELECT k.*, r.rubric_id, r.title AS rubric_title, r.version AS rubric_version, "
            "r.body AS rubric_body FROM calibrations k JOIN rubric_versions r "
            "ON r.hash = k.rubric_hash WHERE k.id = ?",
            (calibration_id,),
        )

    def listed(self) -> list[dict[str, Any]]:
        """Open ones first, newest first; with how many auditors have graded each."""
        return self.store._rows(
            "SELECT k.id, k.title, k.case_ref, k.created_at, k.created_by, k.closed_at, "
            "r.rubric_id, r.title AS rubric_title, (SELECT count(DISTINCT g.grader) FROM "
            "calibration_grades g WHERE g.calibration_id = k.id AND g.grader != '') AS graders "
            "FROM calibrations k JOIN rubric_versions r ON r.hash = k.rubric_hash "
            "ORDER BY k.closed_at IS NOT NULL, k.id DESC"
        )

    def grade(
        self,
        calibration_id: int,
        grader: str,
        criterion_id: str,
        grade: tuple[str, int] | None,
        who: str,
    ) -> None:
        """Keep one grade (None: not applicable); refused once the exercise is closed."""
        with self.store.write() as conn:
            row = conn.execute(
                "SELECT closed_at FROM calibrations WHERE id = ?", (calibration_id,)
            ).fetchone()
            if row is None:
                raise StoreError(f"calibration {calibration_id} does not exist")
            if row[0] is not None:
                raise StoreError(f"calibration {calibration_id} is closed")
            old = conn.execute(
                "SELECT grade_key, not_applicable FROM calibration_grades WHERE calibration_id "
                "= ? AND grader = ? AND criterion_id = ?",
                (calibration_id, grader, criterion_id),
            ).fetchone()
            key, value = grade if grade is not None else (None, None)
            conn.execute(
                "INSERT INTO calibration_grades (calibration_id, grader, criterion_id, "
                "grade_key, grade_value, not_applicable, graded_at) VALUES (?,?,?,?,?,?,?) "
                "ON CONFLICT DO UPDATE SET grade_key = excluded.grade_key, grade_value = "
                "excluded.grade_value, not_applicable = excluded.not_applicable, "
                "graded_at = excluded.graded_at",
                (calibration_id, grader, criterion_id, key, value, int(grade is None), now()),
            )
            field = f"{'agreed' if grader == '' else grader}.{criterion_id}"
            before = None if old is None else ("n/a" if old[1] else old[0])
            self.store._event(conn, who, "calibration", calibration_id, field, before, key or "n/a")

    def grades(self, calibration_id: int, grader: str | None = None) -> list[dict[str, Any]]:
        return self.store._rows(
            "SELECT grader, criterion_id, grade_key, grade_value, not_applicable "
            "FROM calibration_grades WHERE calibration_id = ? AND (? IS NULL OR grader = ?) "
            "ORDER BY grader, criterion_id",
            (calibration_id, grader, grader),
        )

    def close(self, calibration_id: int, who: str) -> None:
        with self.store.write() as conn:
            cur = conn.execute(
                "UPDATE calibrations SET closed_at = ? WHERE id = ? AND closed_at IS NULL",
                (now(), calibration_id),
            )
            if not cur.rowcount:
                raise StoreError(f"calibration {calibration_id} is not open")
            self.store._event(conn, who, "calibration", calibration_id, "closed", None, "closed")

    def backdate_close(self, calibration_id: int, closed_at: str, who: str) -> None:
        """The demo's invented history: when an exercise closed decides the quarter its
        agreement counts in."""
        with self.store.write() as conn:
            conn.execute(
                "UPDATE calibrations SET closed_at = ?, created_at = min(created_at, ?) "
                "WHERE id = ?",
                (closed_at, closed_at, calibration_id),
            )
            self.store._event(
                conn, who, "calibration", calibration_id, "closed_at", None, closed_at
            )

    def dated_pairs(self, from_day: str | None, to_day: str | None) -> list[dict[str, Any]]:
        """Each auditor's grade against the agreed one on each criterion of closed
        exercises, with the month closed and the scale's size: agreement over time."""
        return self.store._rows(
            "SELECT g.grader AS key, substr(k.closed_at, 1, 7) AS month, rc.grades AS size, "
            "CASE WHEN g.not_applicable THEN 0 ELSE coalesce(g.grade_value, 0) END "
            "AS auditor_value, CASE WHEN a.not_applicable THEN 0 ELSE "
            "coalesce(a.grade_value, 0) END AS moderator_value, count(*) AS pairs "
            "FROM calibrations k JOIN calibration_grades g ON g.calibration_id = k.id "
            "AND g.grader != '' JOIN calibration_grades a ON a.calibration_id = k.id "
            "AND a.grader = '' AND a.criterion_id = g.criterion_id "
            "JOIN rubric_criteria rc ON rc.rubric_hash = k.rubric_hash "
            "AND rc.criterion_id = g.criterion_id WHERE k.closed_at IS NOT NULL "
            "AND (?1 IS NULL OR k.closed_at >= ?1) AND (?2 IS NULL OR substr(k.closed_at, 1, 10) "
            "<= ?2) GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3",
            (from_day, to_day),
        )
