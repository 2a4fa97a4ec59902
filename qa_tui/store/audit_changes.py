"""Changes to an audit in progress (grades, evidence, themes, judgement, actions) and
its submitting, reopening and backdating, each with its events in one transaction.

Part of `Store` (see database.py). Every change first asks `_editable` (a submitted
audit is locked) and then `_touch`es the audit, both in audits.py.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from qa_tui.domain.errors import StoreError
from qa_tui.domain.theme_names import theme_key, tidy
from qa_tui.store import summaries as summary_store
from qa_tui.store import summary_rebuild
from qa_tui.store.audits import AuditRecords
from qa_tui.store.connection import now


class AuditChanges(AuditRecords):
    """What an auditor changes on an audit, and its submission."""

    def _answer_row(
        self, conn: sqlite3.Connection, audit_id: int, criterion_id: str
    ) -> tuple[Any, ...]:
        row = conn.execute(
            "SELECT grade_key, grade_label, not_applicable, evidence FROM answers "
            "WHERE audit_id = ? AND criterion_id = ?",
            (audit_id, criterion_id),
        ).fetchone()
        return row or (None, None, 0, "")

    def set_grade(
        self,
        audit_id: int,
        criterion_id: str,
        grade_key: str | None,
        grade_value: int | None,
        grade_label: str | None,
        not_applicable: bool,
        who: str,
        na_reason: str = "",
    ) -> None:
        """Record a grade (or not applicable, or nothing when all are None/False);
        `na_reason` marks a not applicable the rubric's rule chose, with its words."""
        with self.write() as conn:
            state = self._editable(conn, audit_id)
            old_key, old_label, old_na, _ = self._answer_row(conn, audit_id, criterion_id)
            old_reason = conn.execute(
                "SELECT na_reason FROM answers WHERE audit_id = ? AND criterion_id = ?",
                (audit_id, criterion_id),
            ).fetchone()
            old_reason = old_reason[0] if old_reason else ""
            if (old_key, bool(old_na), old_reason) == (grade_key, not_applicable, na_reason):
                return  # pressing the same grade again changes nothing, so logs nothing
            conn.execute(
                "INSERT INTO answers (audit_id, criterion_id, grade_key, grade_value, grade_label,"
                " not_applicable, na_reason, updated_at, updated_by) VALUES (?,?,?,?,?,?,?,?,?) "
                "ON CONFLICT (audit_id, criterion_id) DO UPDATE SET grade_key=excluded.grade_key,"
                " grade_value=excluded.grade_value, grade_label=excluded.grade_label,"
                " not_applicable=excluded.not_applicable, na_reason=excluded.na_reason,"
                " updated_at=excluded.updated_at, updated_by=excluded.updated_by",
                (
                    audit_id,
                    criterion_id,
                    grade_key,
                    grade_value,
                    grade_label,
                    int(not_applicable),
                    na_reason,
                    now(),
                    who,
                ),
            )
            old = (old_reason or "not applicable") if old_na else old_label
            new = (na_reason or "not applicable") if not_applicable else grade_label
            self._event(conn, who, "audit", audit_id, f"answer.{criterion_id}.grade", old, new)
            self._touch(conn, audit_id, state, who)

    def set_evidence(self, audit_id: int, criterion_id: str, text: str, who: str) -> None:
        with self.write() as conn:
            state = self._editable(conn, audit_id)
            *_, old = self._answer_row(conn, audit_id, criterion_id)
            if old == text:
                return
            conn.execute(
                "INSERT INTO answers (audit_id, criterion_id, evidence, updated_at, updated_by) "
                "VALUES (?,?,?,?,?) ON CONFLICT (audit_id, criterion_id) DO UPDATE SET "
                "evidence=excluded.evidence, updated_at=excluded.updated_at, "
                "updated_by=excluded.updated_by",
                (audit_id, criterion_id, text, now(), who),
            )
            self._event(conn, who, "audit", audit_id, f"answer.{criterion_id}.evidence", old, text)
            self._touch(conn, audit_id, state, who)

    def add_theme(
        self, audit_id: int, criterion_id: str, theme: str, polarity: str, who: str
    ) -> bool:
        with self.write() as conn:
            state = self._editable(conn, audit_id)
            entered, theme = theme, self._catalogued(conn, theme, who)
            cur = conn.execute(
                "INSERT OR IGNORE INTO audit_themes (audit_id, criterion_id, theme, polarity, "
                "added_at, added_by, entered_as) VALUES (?,?,?,?,?,?,?)",
                (
                    audit_id,
                    criterion_id,
                    theme,
                    polarity,
                    now(),
                    who,
                    entered if entered != theme else None,
                ),
            )
            if cur.rowcount:
                self._event(
                    conn,
                    who,
                    "audit",
                    audit_id,
                    f"theme.{criterion_id or 'audit'}",
                    None,
                    f"{theme} ({polarity})",
                )
                self._touch(conn, audit_id, state, who)
            return bool(cur.rowcount)

    @staticmethod
    def _catalogued(conn: sqlite3.Connection, text: str, who: str) -> str:
        """The catalogue's name for a theme typed as `text`, adding it if it is new."""
        key = theme_key(text)
        row = conn.execute(
            "SELECT theme_key FROM theme_synonyms WHERE variant_key = ?", (key,)
        ).fetchone()
        key = row[0] if row else key
        row = conn.execute("SELECT name FROM theme_catalogue WHERE key = ?", (key,)).fetchone()
        if row:
            return str(row[0])
        name = tidy(text)
        conn.execute(
            "INSERT INTO theme_catalogue (key, name, created_at, created_by) VALUES (?,?,?,?)",
            (key, name, now(), who),
        )
        return name

    def remove_theme(self, audit_id: int, criterion_id: str, theme: str, who: str) -> bool:
        with self.write() as conn:
            state = self._editable(conn, audit_id)
            cur = conn.execute(
                "DELETE FROM audit_themes WHERE audit_id=? AND criterion_id=? AND theme=?",
                (audit_id, criterion_id, theme),
            )
            if cur.rowcount:
                self._event(
                    conn, who, "audit", audit_id, f"theme.{criterion_id or 'audit'}", theme, None
                )
                self._touch(conn, audit_id, state, who)
            return bool(cur.rowcount)

    def known_themes(self) -> list[tuple[str, str | None]]:
        """Every theme in the catalogue, most used first, with the polarity it is most
        often counted with on submitted audits (None if on none yet)."""
        return [
            (r["theme"], r["polarity"])
            for r in self._rows(
                "SELECT c.name AS theme, (SELECT x.polarity FROM theme_cells x WHERE x.level = 0 "
                "AND x.criterion_id = '*' AND x.theme = c.name GROUP BY x.polarity "
                "ORDER BY sum(x.audits) DESC LIMIT 1) AS polarity, (SELECT sum(x.audits) FROM "
                "theme_cells x WHERE x.level = 0 AND x.criterion_id = '*' AND x.theme = c.name) "
                "AS n FROM theme_catalogue c ORDER BY n IS NULL, n DESC, c.name LIMIT 500"
            )
        ]

    _JUDGEMENT_FIELDS = frozenset(
        {
            "overall_rationale",
            "override_reason",
            "strengths",
            "areas_for_development",
            "due_on",
        }
    )

    def set_audit_text(self, audit_id: int, field: str, value: str, who: str) -> None:
        if field not in self._JUDGEMENT_FIELDS:
            raise ValueError(field)
        with self.write() as conn:
            state = self._editable(conn, audit_id)
            old = conn.execute(f"SELECT {field} FROM audits WHERE id=?", (audit_id,)).fetchone()[0]
            if old == value:
                return
            conn.execute(f"UPDATE audits SET {field}=? WHERE id=?", (value, audit_id))
            self._event(conn, who, "audit", audit_id, field, old, value)
            self._touch(conn, audit_id, state, who)

    def set_overall(
        self, audit_id: int, key: str | None, value: int | None, label: str | None, who: str
    ) -> None:
        with self.write() as conn:
            state = self._editable(conn, audit_id)
            old = conn.execute(
                "SELECT overall_grade_label FROM audits WHERE id=?", (audit_id,)
            ).fetchone()[0]
            conn.execute(
                "UPDATE audits SET overall_grade_key=?, overall_grade_value=?, "
                "overall_grade_label=? WHERE id=?",
                (key, value, label, audit_id),
            )
            self._event(conn, who, "audit", audit_id, "overall_grade", old, label)
            self._touch(conn, audit_id, state, who)

    def add_action(self, audit_id: int, what: str, owner: str, due_on: str, who: str) -> int:
        with self.write() as conn:
            state = self._editable(conn, audit_id)
            cur = conn.execute(
                "INSERT INTO case_actions (audit_id, what, owner, due_on, created_at, created_by) "
                "VALUES (?,?,?,?,?,?)",
                (audit_id, what, owner, due_on, now(), who),
            )
            action_id = int(cur.lastrowid or 0)
            self._event(
                conn,
                who,
                "audit",
                audit_id,
                f"action.{action_id}",
                None,
                f"{what} | {owner} | {due_on}",
            )
            self._touch(conn, audit_id, state, who)
        return action_id

    def remove_action(self, audit_id: int, action_id: int, who: str) -> None:
        with self.write() as conn:
            state = self._editable(conn, audit_id)
            row = conn.execute(
                "SELECT what, owner, due_on FROM case_actions WHERE id=? AND audit_id=?",
                (action_id, audit_id),
            ).fetchone()
            if row is None:
                return
            conn.execute("DELETE FROM case_actions WHERE id=?", (action_id,))
            self._event(conn, who, "audit", audit_id, f"action.{action_id}", " | ".join(row), None)
            self._touch(conn, audit_id, state, who)

    def submit(
        self,
        audit_id: int,
        who: str,
        escalation: tuple[str, str, str] | None,
        moderation: str | None = None,
    ) -> None:
        """Mark submitted, with its escalation and its place in the moderation queue (if
        any), in one transaction: a submitted audit never misses either."""
        with self.write() as conn:
            self._editable(conn, audit_id)
            stamp = now()
            if escalation is not None:
                told_who, told_at, action = escalation
                cur = conn.execute(
                    "INSERT INTO escalations (audit_id, told_who, told_at, immediate_action, "
                    "recorded_at, recorded_by) VALUES (?,?,?,?,?,?)",
                    (audit_id, told_who, told_at, action, stamp, who),
                )
                self._event(
                    conn,
                    who,
                    "audit",
                    audit_id,
                    f"escalation.{cur.lastrowid}",
                    None,
                    f"told {told_who} at {told_at}: {action}",
                )
            conn.execute(
                "UPDATE audits SET status='submitted', submitted_at=?, updated_at=?, "
                "team = (SELECT team FROM cases WHERE case_ref = audits.case_ref), "
                "cohort = (SELECT cohort FROM cases WHERE case_ref = audits.case_ref) "
                "WHERE id=?",
                (stamp, stamp, audit_id),
            )
            summary_store.count_audit(conn, audit_id, 1)
            self._event(conn, who, "audit", audit_id, "status", "in_progress", "submitted")
            if moderation is not None:
                cur = conn.execute(  # blind when the programme's moderation is
                    "INSERT OR IGNORE INTO moderations (audit_id, selected_because, "
                    "selected_at, blind) SELECT ?, ?, ?, coalesce(p.moderation_blind, 0) FROM "
                    "audits a LEFT JOIN programmes p ON p.id = a.programme_id WHERE a.id = ?",
                    (audit_id, moderation, stamp, audit_id),
                )
                if cur.rowcount:
                    self._event(
                        conn, who, "audit", audit_id, "moderation", None, f"selected: {moderation}"
                    )

    def reopen(self, audit_id: int, who: str, reason: str) -> None:
        with self.write() as conn:
            row = conn.execute("SELECT status FROM audits WHERE id=?", (audit_id,)).fetchone()
            if row is None or row[0] != "submitted":
                raise StoreError(f"audit {audit_id} is not submitted")
            summary_store.count_audit(conn, audit_id, -1)
            conn.execute(
                "UPDATE audits SET status='in_progress', submitted_at=NULL, updated_at=?"
                " WHERE id=?",
                (now(), audit_id),
            )
            self._event(
                conn,
                who,
                "audit",
                audit_id,
                "status",
                "submitted",
                f"in_progress (reopened: {reason})",
            )

    def backdate_submission(self, audit_id: int, submitted_at: str, who: str) -> None:
        """Move a submitted audit's submission time (the demo's invented history, and
        history loaded from another system); its counted grades move month with it, and
        its start moves back with it if it would otherwise come after the submission."""
        with self.write() as conn:
            row = conn.execute(
                "SELECT status, submitted_at FROM audits WHERE id=?", (audit_id,)
            ).fetchone()
            if row is None or row[0] != "submitted":
                raise StoreError(f"audit {audit_id} is not submitted")
            summary_store.count_audit(conn, audit_id, -1)
            conn.execute(
                "UPDATE audits SET submitted_at = ?1, "
                "started_at = min(coalesce(started_at, ?1), ?1) WHERE id = ?2",
                (submitted_at, audit_id),
            )
            summary_store.count_audit(conn, audit_id, 1)
            self._event(conn, who, "audit", audit_id, "submitted_at", row[1], submitted_at)

    def rebuild_summaries(self) -> None:
        """Recount the summary tables from every submitted audit and moderation."""
        with self.write() as conn:
            summary_rebuild.rebuild(conn)
            summary_store.rebuild_agreement(conn)
