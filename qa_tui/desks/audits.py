"""Use cases of the auditor's desk, shared by the TUI and the command line.

Screens and commands call these and nothing below them, so a rule (what blocks a
submit, when an escalation is due, how a theme is tidied, who may do what) is applied
the same way whichever door the user came in by.

`AuditDesk` is made of three parts by job: reading an audit and the rubrics
(audit_view.py), grading and writing one up (grading.py), and here the case list, one's
own audits and starting an audit. Every name importers use stays importable from here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from qa_tui.desks.audit_view import (
    AuditView,
    EscalationRequired,
    ServiceError,
    SubmitBlocked,
    tidy_theme,
)
from qa_tui.desks.grading import Grading
from qa_tui.domain.dates import months_before
from qa_tui.domain.people import Person
from qa_tui.domain.permissions import Op
from qa_tui.domain.records import AuditSummary, Case

if TYPE_CHECKING:
    from qa_tui.domain.case_list import CaseRow

__all__ = [
    "JUDGEMENT_MONTHS",
    "LOOKBACK_MONTHS",
    "AuditDesk",
    "AuditView",
    "EscalationRequired",
    "ServiceError",
    "SubmitBlocked",
    "tidy_theme",
]

LOOKBACK_MONTHS = 12
JUDGEMENT_MONTHS = 6


class AuditDesk(Grading):
    """The auditor's desk: one person working on one database."""

    def signed_in(self, person: Person) -> AuditDesk:
        """The same database's desk for a person the door has signed in."""
        desk = AuditDesk(self.store, person.user_name, self._rubrics_dir)
        desk._person = person
        desk._rubric_files = self._rubric_files
        desk._unavailable = self._unavailable
        desk._rubric_problems = self._rubric_problems
        return desk

    # -- cases -----------------------------------------------------------------------

    def import_cases(
        self,
        path: Path,
        mapping: dict[str, str] | None = None,
        *,
        close_missing: bool = False,
        keep_columns: Sequence[str] = (),
    ) -> tuple[int, int, int]:
        """Read, check and import a case list; identifying columns not named in
        `keep_columns` are left out (`read_case_list` says which)."""
        self.require(Op.IMPORT_CASES)
        from qa_tui.domain.case_list import read_case_list  # openpyxl only when importing

        return self.import_case_rows(
            read_case_list(path, mapping, keep_columns), str(path), close_missing=close_missing
        )

    def import_case_rows(
        self,
        rows: Sequence[CaseRow],
        source: str,
        *,
        close_missing: bool = False,
        today: date | None = None,
        kept_columns: Sequence[str] | None = None,
    ) -> tuple[int, int, int]:
        """Rows already read and checked; all are written in one transaction.

        Returns (added, updated, closed). With `close_missing` the file is taken as the
        whole list of open cases: any open case not in it is closed (never deleted).
        `kept_columns` (by default those of a `CaseList`) are identifying columns the
        importer chose to keep; the store records that choice with the import.
        """
        self.require(Op.IMPORT_CASES)
        if kept_columns is None:
            kept_columns = getattr(rows, "kept", ())
        cases = [
            Case(
                case_ref=r.case_ref,
                team=r.team,
                worker=r.worker,
                manager=r.manager,
                cohort=r.cohort,
                child_pseudonym=r.child_pseudonym,
                opened_on=r.opened_on.isoformat() if r.opened_on else None,
                attributes=r.attributes,
            )
            for r in rows
        ]
        return self.store.upsert_cases(
            cases,
            self.user,
            source,
            close_missing=close_missing,
            today=today,
            kept_columns=kept_columns,
        )

    def save_case_mapping(self, name: str, mapping: dict[str, str]) -> None:
        """Keep a case-list column mapping under a name for the next export of that shape."""
        self.require(Op.IMPORT_CASES)
        from qa_tui.domain.case_list import check_mapping

        name = name.strip()
        if not name:
            raise ServiceError("a saved mapping needs a name")
        if not mapping:
            raise ServiceError(f"mapping {name!r} is empty: give at least one FIELD=HEADER")
        if problems := check_mapping(mapping):
            raise ServiceError("; ".join(problems))
        self.store.save_mapping(name, mapping, self.user)

    def case_mapping(self, name: str) -> dict[str, str]:
        """A saved mapping, or a ServiceError listing the saved ones."""
        self.require(Op.IMPORT_CASES)
        mapping = self.store.mapping(name.strip())
        if mapping is None:
            saved = ", ".join(self.store.mappings()) or "none"
            raise ServiceError(f"no saved mapping called {name!r} (saved: {saved})")
        return mapping

    def case_mappings(self) -> dict[str, dict[str, str]]:
        """Every saved mapping by name."""
        self.require(Op.IMPORT_CASES)
        return {name: self.store.mapping(name) or {} for name in self.store.mappings()}

    def find_cases(self, text: str = "", limit: int = 50) -> list[Case]:
        """Cases to start an audit on: anyone signed in may look one up."""
        self.require_signed_in()
        return self.store.find_cases(text, limit)

    # -- audits ----------------------------------------------------------------------

    def my_audits(self, *, limit: int = -1, offset: int = 0) -> list[AuditSummary]:
        """My audits in the home screen's order; one page of them when limit is given."""
        self.require_signed_in()
        return self.store.audit_summaries(self.user, limit=limit, offset=offset)

    def my_audit_counts(self, today: date | None = None) -> dict[str, int]:
        self.require_signed_in()
        return self.store.audit_counts(self.user, (today or date.today()).isoformat())

    def start_audit(
        self,
        case_ref: str,
        rubric_id: str,
        *,
        auditor: str | None = None,
        due_on: date | None = None,
        today: date | None = None,
    ) -> int:
        """Create an audit on a case, frozen to today's version of the rubric. Starting
        one for someone else is assigning it (a QA lead's)."""
        self.require(Op.START_AUDIT)
        if auditor is not None and auditor != self.user:
            self.require(Op.ASSIGN_AUDITS)
        if self.store.case(case_ref) is None:
            raise ServiceError(f"no case with reference {case_ref!r}; import the case list first")
        rubric = self.current_rubric(rubric_id)
        digest = self.store.save_rubric_version(rubric)
        today = today or date.today()
        return self.store.create_audit(
            case_ref=case_ref,
            rubric_hash=digest,
            auditor=auditor or self.user,
            who=self.user,
            due_on=(due_on or today + timedelta(days=14)).isoformat(),
            lookback_from=months_before(today, LOOKBACK_MONTHS).isoformat(),
            judgement_from=months_before(today, JUDGEMENT_MONTHS).isoformat(),
            window_to=today.isoformat(),
        )
