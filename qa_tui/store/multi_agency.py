"""SQL for multi-agency rounds: one audit per child per agency, each agency's grades side
by side, and the partnership's joint judgement for each child.

Part of the store layer (shares `Store`'s connection and write transactions). Every
write is one short transaction with its event; a round's assignment is one transaction
of inserts (a partnership samples tens of children, not thousands).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from qa_tui.domain.records import NewAudit, Programme
from qa_tui.store.database import Store, StoreError, now
from qa_tui.store.sampling import insert_audit

# Each agency audit's grades, its overall grade as criterion '' (as a joint judgement
# keeps it), one row per criterion answered.
_GRADES = (
    "SELECT a.id AS audit_id, a.case_ref, a.agency, a.auditor, a.status, a.rubric_hash, "
    "g.criterion_id, g.grade_value AS value, g.grade_label AS label, g.not_applicable "
    "FROM audits a JOIN answers g ON g.audit_id = a.id "
    "WHERE a.programme_id = :p AND a.agency IS NOT NULL {case} "
    "UNION ALL SELECT a.id, a.case_ref, a.agency, a.auditor, a.status, a.rubric_hash, '', "
    "a.overall_grade_value, a.overall_grade_label, 0 FROM audits a "
    "WHERE a.programme_id = :p AND a.agency IS NOT NULL {case} "
    "ORDER BY 2, 3"
)


class MultiAgencyRecords:
    def __init__(self, store: Store):
        self.store = store

    # -- the agencies' audits ----------------------------------------------------------

    def create_audits(
        self,
        programme: Programme,
        audits: Sequence[tuple[NewAudit, str]],
        *,
        due_on: str,
        lookback_from: str,
        judgement_from: str,
        window_to: str,
        who: str,
    ) -> list[int]:
        """Each (audit, agency) made and marked with its agency, in one transaction."""
        stamp = now()
        ids = []
        with self.store.write() as conn:
            for new, agency in audits:
                audit_id = insert_audit(
                    conn,
                    new,
                    programme_id=programme.id,
                    due_on=due_on,
                    lookback_from=lookback_from,
                    judgement_from=judgement_from,
                    window_to=window_to,
                    stamp=stamp,
                    who=who,
                )
                conn.execute("UPDATE audits SET agency = ? WHERE id = ?", (agency, audit_id))
                ids.append(audit_id)
                self.store._event(
                    conn, who, "audit", audit_id, "assigned", None,
                    f"{new.auditor} for {agency} ({programme.name})",
                )  # fmt: skip
            if programme.status == "draft":
                conn.execute("UPDATE programmes SET status = 'open' WHERE id = ?", (programme.id,))
                self.store._event(conn, who, "programme", programme.id, "status", "draft", "open")
        return ids

    def existing(self, programme_id: int) -> set[tuple[str, str, str]]:
        """(case_ref, agency, rubric_hash) of every agency audit already made."""
        return {
            (r["case_ref"], r["agency"], r["rubric_hash"])
            for r in self.store._rows(
                "SELECT case_ref, agency, rubric_hash FROM audits "
                "WHERE programme_id = ? AND agency IS NOT NULL",
                (programme_id,),
            )
        }

    def agencies(self, programme_id: int) -> list[dict[str, Any]]:
        """Each agency of the round with its auditors and how far its audits are."""
        return self.store._rows(
            "SELECT agency, group_concat(DISTINCT auditor) AS auditors, count(*) AS audits, "
            "sum(status = 'submitted') AS submitted FROM audits "
            "WHERE programme_id = ? AND agency IS NOT NULL GROUP BY agency ORDER BY agency",
            (programme_id,),
        )

    def grades(self, programme_id: int, case_ref: str | None = None) -> list[dict[str, Any]]:
        """Every agency audit's grades (overall as criterion ''), by case and agency."""
        case = "AND a.case_ref = :c" if case_ref is not None else ""
        return self.store._rows(_GRADES.format(case=case), {"p": programme_id, "c": case_ref})

    def audits_of(self, programme_id: int, case_ref: str) -> list[dict[str, Any]]:
        return self.store._rows(
            "SELECT id, agency, auditor, status, rubric_hash FROM audits "
            "WHERE programme_id = ? AND case_ref = ? AND agency IS NOT NULL ORDER BY agency",
            (programme_id, case_ref),
        )

    def children(self, programme_id: int) -> list[dict[str, Any]]:
        """Each child of the round (case and rubric version) with its agencies' progress
        and its joint judgement's state."""
        return self.store._rows(
            "SELECT a.case_ref, coalesce(a.team, c.team, '') AS team, a.rubric_hash, "
            "r.rubric_id, count(*) AS agencies, sum(a.status = 'submitted') AS submitted, "
            "j.id AS joint_id, j.agreed_at FROM audits a "
            "JOIN cases c ON c.case_ref = a.case_ref "
            "JOIN rubric_versions r ON r.hash = a.rubric_hash "
            "LEFT JOIN joint_judgements j ON j.programme_id = a.programme_id "
            "AND j.case_ref = a.case_ref AND j.rubric_hash = a.rubric_hash "
            "WHERE a.programme_id = ? AND a.agency IS NOT NULL "
            "GROUP BY a.case_ref, a.rubric_hash ORDER BY a.case_ref, r.rubric_id",
            (programme_id,),
        )

    # -- the joint judgement -----------------------------------------------------------

    def joint(self, programme_id: int, case_ref: str, rubric_hash: str) -> dict[str, Any] | None:
        return self.store._one(
            "SELECT * FROM joint_judgements WHERE programme_id = ? AND case_ref = ? "
            "AND rubric_hash = ?",
            (programme_id, case_ref, rubric_hash),
        )

    def begin_joint(self, programme_id: int, case_ref: str, rubric_hash: str, who: str) -> int:
        """The child's joint judgement, begun now if it was not (the first grade agreed)."""
        with self.store.write() as conn:
            row = conn.execute(
                "SELECT id FROM joint_judgements WHERE programme_id = ? AND case_ref = ? "
                "AND rubric_hash = ?",
                (programme_id, case_ref, rubric_hash),
            ).fetchone()
            if row is not None:
                return int(row[0])
            cur = conn.execute(
                "INSERT INTO joint_judgements (programme_id, case_ref, rubric_hash, "
                "created_at, created_by) VALUES (?,?,?,?,?)",
                (programme_id, case_ref, rubric_hash, now(), who),
            )
            joint_id = int(cur.lastrowid or 0)
            self.store._event(conn, who, "joint_judgement", joint_id, "begun", None, case_ref)
        return joint_id

    def joint_grades(self, joint_id: int) -> list[dict[str, Any]]:
        return self.store._rows(
            "SELECT criterion_id, grade_key, grade_value AS value, grade_label AS label, "
            "not_applicable, reason, graded_at, graded_by FROM joint_grades "
            "WHERE joint_id = ? ORDER BY criterion_id",
            (joint_id,),
        )

    def set_grade(
        self,
        joint_id: int,
        criterion_id: str,
        grade: tuple[str, int, str] | None,
        reason: str,
        who: str,
    ) -> None:
        """Keep one agreed grade (None: not applicable) and its reason; refused once the
        judgement is agreed."""
        key, value, label = grade if grade is not None else (None, None, None)
        with self.store.write() as conn:
            self._unsettled(conn, joint_id)
            old = conn.execute(
                "SELECT grade_label, not_applicable FROM joint_grades "
                "WHERE joint_id = ? AND criterion_id = ?",
                (joint_id, criterion_id),
            ).fetchone()
            conn.execute(
                "INSERT INTO joint_grades (joint_id, criterion_id, grade_key, grade_value, "
                "grade_label, not_applicable, reason, graded_at, graded_by) "
                "VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT DO UPDATE SET "
                "grade_key = excluded.grade_key, grade_value = excluded.grade_value, "
                "grade_label = excluded.grade_label, not_applicable = excluded.not_applicable, "
                "reason = excluded.reason, graded_at = excluded.graded_at, "
                "graded_by = excluded.graded_by",
                (joint_id, criterion_id, key, value, label, int(grade is None), reason,
                 now(), who),
            )  # fmt: skip
            before = None if old is None else ("n/a" if old[1] else old[0])
            self.store._event(
                conn, who, "joint_judgement", joint_id, f"grade:{criterion_id or 'overall'}",
                before, label or "n/a",
            )  # fmt: skip

    def set_participants(self, joint_id: int, participants: list[dict[str, str]], who: str) -> None:
        text = json.dumps(participants, ensure_ascii=False)
        with self.store.write() as conn:
            before = self._unsettled(conn, joint_id)["participants"]
            conn.execute(
                "UPDATE joint_judgements SET participants = ? WHERE id = ?", (text, joint_id)
            )
            self.store._event(conn, who, "joint_judgement", joint_id, "participants", before, text)

    def agree(self, joint_id: int, who: str) -> None:
        with self.store.write() as conn:
            self._unsettled(conn, joint_id)
            conn.execute(
                "UPDATE joint_judgements SET agreed_at = ?, agreed_by = ? WHERE id = ?",
                (now(), who, joint_id),
            )
            self.store._event(conn, who, "joint_judgement", joint_id, "agreed", None, who)

    def agreed_grades(self, programme_id: int) -> list[dict[str, Any]]:
        """Every agreed joint judgement's grades in the round, for the agency table."""
        return self.store._rows(
            "SELECT j.case_ref, j.rubric_hash, g.criterion_id, g.grade_value AS value, "
            "g.grade_label AS label, g.not_applicable FROM joint_judgements j "
            "JOIN joint_grades g ON g.joint_id = j.id "
            "WHERE j.programme_id = ? AND j.agreed_at IS NOT NULL ORDER BY j.case_ref",
            (programme_id,),
        )

    @staticmethod
    def _unsettled(conn: Any, joint_id: int) -> dict[str, Any]:
        row = conn.execute(
            "SELECT agreed_at, participants FROM joint_judgements WHERE id = ?", (joint_id,)
        ).fetchone()
        if row is None:
            raise StoreError(f"joint judgement {joint_id} does not exist")
        if row[0] is not None:
            raise StoreError("this joint judgement is agreed and no longer changes")
        return {"participants": row[1]}
