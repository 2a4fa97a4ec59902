"""SQL for a programme's sample, its assignment to auditors, and its progress.

Split from `store.programmes` to keep each module readable: `SampleStore` is the base
class of `ProgrammeStore`, which callers use, so every method here is one of its methods.
Same store layer: it shares `Store`'s connection and write transactions.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Sequence
from typing import Any

from qa_tui.domain.records import NewAudit, Programme
from qa_tui.domain.sampling import CaseForSampling, Decision
from qa_tui.store.database import Store, StoreError, now


class SampleStore:
    store: Store

    # -- sampling --------------------------------------------------------------------

    def cases_for_sampling(self) -> list[CaseForSampling]:
        """Every case with the date of its latest audit, in one query.

        An audit still under way counts (from its start, or its creation): a case being
        audited now is not drawn again.
        """
        rows = self.store._rows(
            "SELECT c.case_ref, c.team, c.cohort, c.opened_on, c.status, c.attributes, "
            "(SELECT max(substr(coalesce(a.submitted_at, a.started_at, a.created_at), 1, 10)) "
            " FROM audits a WHERE a.case_ref = c.case_ref) AS last_audited "
            "FROM cases c"
        )
        return [
            CaseForSampling(
                case_ref=r["case_ref"],
                team=r["team"],
                cohort=r["cohort"],
                opened_on=r["opened_on"],
                status=r["status"],
                attributes=json.loads(r["attributes"] or "{}"),
                last_audited=r["last_audited"],
            )
            for r in rows
        ]

    def save_sample(
        self,
        programme_id: int,
        rule: dict[str, Any],
        seed: int,
        cases_listed: int,
        cohort_size: int,
        decisions: Sequence[Decision],
        who: str,
    ) -> None:
        """Record the draw and every decision, replacing an earlier draw with no audits."""
        with self.store.write() as conn:
            if conn.execute(
                "SELECT 1 FROM audits WHERE programme_id = ? LIMIT 1", (programme_id,)
            ).fetchone():
                raise StoreError(
                    "this programme's sample already has audits; add or remove "
                    "cases one by one instead of drawing again"
                )
            conn.execute("DELETE FROM programme_cases WHERE programme_id = ?", (programme_id,))
            conn.executemany(
                "INSERT INTO programme_cases (programme_id, case_ref, team, outcome, reason) "
                "VALUES (?,?,?,?,?)",
                [(programme_id, d.case_ref, d.team, d.outcome, d.reason) for d in decisions],
            )
            conn.execute(
                "UPDATE programmes SET rule = ?, seed = ?, cohort_size = ?, cases_listed = ?, "
                "sampled_at = ? WHERE id = ?",
                (
                    json.dumps(rule, sort_keys=True),
                    seed,
                    cohort_size,
                    cases_listed,
                    now(),
                    programme_id,
                ),
            )
            counts = Counter(d.outcome for d in decisions)
            self.store._event(
                conn,
                who,
                "programme",
                programme_id,
                "sample",
                None,
                f"seed {seed}: {counts['sampled']} sampled, "
                f"{counts['excluded']} excluded, {counts['not_drawn']} not drawn "
                f"of a cohort of {cohort_size}",
            )

    def set_case(
        self, programme_id: int, case_ref: str, outcome: str, reason: str, who: str
    ) -> None:
        """Add a case to the sample by hand, or take one out, with the reason."""
        with self.store.write() as conn:
            case = conn.execute("SELECT team FROM cases WHERE case_ref = ?", (case_ref,)).fetchone()
            if case is None:
                raise StoreError(f"no case with reference {case_ref!r}")
            old = conn.execute(
                "SELECT outcome FROM programme_cases WHERE programme_id = ? AND case_ref = ?",
                (programme_id, case_ref),
            ).fetchone()
            conn.execute(
                "INSERT INTO programme_cases (programme_id, case_ref, team, outcome, reason) "
                "VALUES (?,?,?,?,?) ON CONFLICT (programme_id, case_ref) DO UPDATE SET "
                "outcome = excluded.outcome, reason = excluded.reason",
                (programme_id, case_ref, case[0], outcome, reason),
            )
            self.store._event(
                conn,
                who,
                "programme",
                programme_id,
                f"case.{case_ref}",
                old[0] if old else None,
                f"{outcome}: {reason}",
            )

    def decisions(self, programme_id: int, outcome: str | None = None) -> list[Decision]:
        where = "WHERE programme_id = ?"
        params: list[object] = [programme_id]
        if outcome:
            where += " AND outcome = ?"
            params.append(outcome)
        return [
            Decision(r["case_ref"], r["team"], r["outcome"], r["reason"])
            for r in self.store._rows(
                f"SELECT case_ref, team, outcome, reason FROM programme_cases {where} "
                "ORDER BY team, case_ref",
                params,
            )
        ]

    def outcome_counts(self, programme_id: int) -> Counter[str]:
        return Counter(
            {
                r["outcome"]: r["n"]
                for r in self.store._rows(
                    "SELECT outcome, count(*) AS n FROM programme_cases WHERE programme_id = ? "
                    "GROUP BY outcome",
                    (programme_id,),
                )
            }
        )

    def decision_page(
        self, programme_id: int, outcomes: Sequence[str], limit: int = 500
    ) -> list[dict[str, Any]]:
        """One page of decisions with each chosen case's auditors: lists never load whole."""
        marks = ",".join("?" * len(outcomes))
        return self.store._rows(
            "SELECT pc.case_ref, pc.team, pc.outcome, pc.reason, (SELECT group_concat("
            "DISTINCT a.auditor) FROM audits a WHERE a.programme_id = pc.programme_id AND "
            "a.case_ref = pc.case_ref) AS auditors FROM programme_cases pc "
            f"WHERE pc.programme_id = ? AND pc.outcome IN ({marks}) "
            "ORDER BY pc.team, pc.case_ref LIMIT ?",
            (programme_id, *outcomes, limit),
        )

    def open_audits_of_case(self, programme_id: int, case_ref: str) -> list[int]:
        return [
            r["id"]
            for r in self.store._rows(
                "SELECT id FROM audits WHERE programme_id = ? AND case_ref = ? AND "
                "status != 'submitted' ORDER BY id",
                (programme_id, case_ref),
            )
        ]

    def chosen_cases(self, programme_id: int) -> list[tuple[str, str]]:
        """(case_ref, team) of every case sampled or added by hand."""
        return [
            (r["case_ref"], r["team"])
            for r in self.store._rows(
                "SELECT case_ref, team FROM programme_cases WHERE programme_id = ? AND outcome IN "
                "('sampled', 'added') ORDER BY team, case_ref",
                (programme_id,),
            )
        ]

    # -- auditors and assignment -----------------------------------------------------

    def set_auditor_teams(self, name: str, teams: list[str], who: str) -> None:
        with self.store.write() as conn:
            old = conn.execute("SELECT teams FROM auditors WHERE name = ?", (name,)).fetchone()
            conn.execute(
                "INSERT INTO auditors (name, teams, updated_at) VALUES (?,?,?) "
                "ON CONFLICT (name) DO UPDATE SET teams = excluded.teams, "
                "updated_at = excluded.updated_at",
                (name, json.dumps(teams), now()),
            )
            self.store._event(
                conn, who, "auditor", name, "teams", old[0] if old else None, json.dumps(teams)
            )

    def auditor_teams(self, names: Sequence[str] | None = None) -> dict[str, list[str]]:
        rows = self.store._rows("SELECT name, teams FROM auditors ORDER BY name")
        teams = {r["name"]: json.loads(r["teams"]) for r in rows}
        if names is None:
            return teams
        return {n: teams.get(n, []) for n in names}

    def load(self, programme_id: int) -> Counter[str]:
        """Cases each auditor already holds in this programme."""
        return Counter(
            {
                r["auditor"]: r["n"]
                for r in self.store._rows(
                    "SELECT auditor, count(DISTINCT case_ref) AS n FROM audits "
                    "WHERE programme_id = ? GROUP BY auditor",
                    (programme_id,),
                )
            }
        )

    def assigned_cases(self, programme_id: int) -> set[str]:
        return {
            r["case_ref"]
            for r in self.store._rows(
                "SELECT DISTINCT case_ref FROM audits WHERE programme_id = ?", (programme_id,)
            )
        }

    def previous_audit(self, programme_id: int, case_ref: str, rubric_id: str) -> int | None:
        row = self.store._one(
            "SELECT a.id FROM audits a JOIN rubric_versions r ON r.hash = a.rubric_hash "
            "WHERE a.programme_id = ? AND a.case_ref = ? AND r.rubric_id = ? "
            "ORDER BY a.id DESC LIMIT 1",
            (programme_id, case_ref, rubric_id),
        )
        return row["id"] if row else None

    def create_audits(
        self,
        programme: Programme,
        audits: Sequence[NewAudit],
        *,
        due_on: str,
        lookback_from: str,
        judgement_from: str,
        window_to: str,
        relaxed_reason: str,
        who: str,
    ) -> list[int]:
        stamp = now()
        ids = []
        with self.store.write() as conn:
            for a in audits:
                audit_id = insert_audit(
                    conn,
                    a,
                    programme_id=programme.id,
                    due_on=due_on,
                    lookback_from=lookback_from,
                    judgement_from=judgement_from,
                    window_to=window_to,
                    stamp=stamp,
                    who=who,
                )
                ids.append(audit_id)
                self.store._event(
                    conn,
                    who,
                    "audit",
                    audit_id,
                    "assigned",
                    None,
                    f"{a.auditor} ({programme.name})",
                )
            if relaxed_reason:
                conn.execute(
                    "UPDATE programmes SET independence_relaxed = ? WHERE id = ?",
                    (relaxed_reason, programme.id),
                )
                self.store._event(
                    conn,
                    who,
                    "programme",
                    programme.id,
                    "independence_relaxed",
                    None,
                    relaxed_reason,
                )
            if programme.status == "draft":
                conn.execute("UPDATE programmes SET status = 'open' WHERE id = ?", (programme.id,))
                self.store._event(conn, who, "programme", programme.id, "status", "draft", "open")
        return ids

    def programme_and_team_of(self, audit_id: int) -> tuple[int | None, str | None]:
        row = self.store._one(
            "SELECT a.programme_id, c.team FROM audits a JOIN cases c USING (case_ref) "
            "WHERE a.id = ?",
            (audit_id,),
        )
        return (row["programme_id"], row["team"]) if row else (None, None)

    def reassign(self, audit_id: int, auditor: str, reason: str, who: str) -> None:
        with self.store.write() as conn:
            row = conn.execute(
                "SELECT auditor, status FROM audits WHERE id = ?", (audit_id,)
            ).fetchone()
            if row is None:
                raise StoreError(f"audit {audit_id} does not exist")
            if row[1] == "submitted":
                raise StoreError(f"audit {audit_id} is submitted; it cannot be reassigned")
            conn.execute(
                "UPDATE audits SET auditor = ?, updated_at = ? WHERE id = ?",
                (auditor, now(), audit_id),
            )
            self.store._event(
                conn, who, "audit", audit_id, "auditor", row[0], f"{auditor} (reassigned: {reason})"
            )

    # -- progress --------------------------------------------------------------------

    def progress(self, programme_id: int, today: str, by: str) -> list[dict[str, Any]]:
        """Audits sampled, started, submitted and overdue, by 'auditor' or 'team'.

        Read from programme_progress (migration 12: kept by triggers on audits and
        cases), a few cells a programme, so the programmes screen opens as fast on
        five years of rounds as on one."""
        if by not in ("auditor", "team"):
            raise ValueError(f"progress by {by!r}")
        return self.store._rows(
            "SELECT name, sum(audits) AS audits, "
            "sum(CASE WHEN status != 'to_do' THEN audits ELSE 0 END) AS started, "
            "sum(CASE WHEN status = 'submitted' THEN audits ELSE 0 END) AS submitted, "
            "sum(CASE WHEN status != 'submitted' AND due_on != '' AND due_on < :today "
            "THEN audits ELSE 0 END) AS overdue "
            "FROM programme_progress WHERE programme_id = :programme AND per = :per "
            "GROUP BY name HAVING sum(audits) > 0 ORDER BY name",
            {"programme": programme_id, "today": today, "per": by},
        )


def insert_audit(
    conn: sqlite3.Connection,
    a: NewAudit,
    *,
    programme_id: int | None,
    due_on: str,
    lookback_from: str,
    judgement_from: str,
    window_to: str,
    stamp: str,
    who: str,
) -> int:
    """One assigned audit, inside the caller's write transaction (no event: the caller
    says why it was made). A round's assignment and a scheduled re-audit both come here,
    so a linked audit is always made the same way."""
    cur = conn.execute(
        "INSERT INTO audits (case_ref, rubric_hash, auditor, status, due_on, "
        "lookback_from, judgement_from, window_to, created_at, created_by, "
        "updated_at, programme_id, previous_audit_id) "
        "VALUES (?,?,?,'to_do',?,?,?,?,?,?,?,?,?)",
        (
            a.case_ref,
            a.rubric_hash,
            a.auditor,
            due_on,
            lookback_from,
            judgement_from,
            window_to,
            stamp,
            who,
            stamp,
            programme_id,
            a.previous_audit_id,
        ),
    )
    return int(cur.lastrowid or 0)
