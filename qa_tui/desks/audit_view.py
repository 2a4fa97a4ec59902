"""An audit as the desks show it, the errors they raise, and the reading every audit
desk starts from: the rubric files, one audit opened, and the permission asked of it.

`AuditDesk` (audits.py) is made of this, of `Grading` (grading.py) and of its own
cases and audit list; importers keep using `qa_tui.desks.audits`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from qa_tui.desks.identity import PersonAtDesk
from qa_tui.domain import rules
from qa_tui.domain.permissions import Op
from qa_tui.domain.records import Audit
from qa_tui.store.database import Store, StoreError

if TYPE_CHECKING:
    from collections.abc import Sequence

    from qa_tui.domain.rubric import Criterion, Rubric
    from qa_tui.domain.rubric_files import RubricFile


class ServiceError(Exception):
    """A request the user can put right; the message says how."""


class SubmitBlocked(ServiceError):
    def __init__(self, problems: list[rules.Problem]):
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


class EscalationRequired(ServiceError):
    """An Inadequate overall grade: who was told, when and the action must come first."""


@dataclass(frozen=True)
class AuditView:
    """An audit with the exact rubric version it is graded against."""

    audit: Audit
    rubric: Rubric
    moderation: dict | None = None  # the completed moderation, once there is one
    moderated: dict[str, dict] = field(default_factory=dict)  # criterion -> agreed grade

    def criterion(self, criterion_id: str) -> Criterion:
        return self.rubric.criterion(criterion_id)


def tidy_theme(text: str) -> str:
    """One spelling per theme: single spaces, no trailing full stop, first letter capital."""
    text = re.sub(r"\s+", " ", text).strip().rstrip(".").strip()
    return text[:1].upper() + text[1:] if text else text


class AuditReading(PersonAtDesk):
    """One person on one database: the rubrics, and an audit read once they may."""

    def __init__(self, store: Store, user: str, rubrics_dir: Path | Sequence[Path] | None = None):
        """`rubrics_dir`: the folder of rubrics, or the folders in order (the shipped
        one, then the council's); None: the shipped folder."""
        self.store = store
        self.user = user
        self._rubrics_dir = rubrics_dir
        self._rubric_files: list[RubricFile] | None = None
        self._unavailable: dict[str, list[str]] = {}
        self._rubric_problems: list[str] = []

    # -- rubrics ---------------------------------------------------------------------

    def rubric_files(self) -> list[RubricFile]:
        """The usable rubrics of the shipped and the council's folders: a broken or
        clashing file takes out only its own rubric (`current_rubric` says why)."""
        if self._rubric_files is None:
            # pydantic and YAML on first use
            from qa_tui.domain.rubric_files import read_rubric_folders, rubric_folders

            found = read_rubric_folders(rubric_folders(self._rubrics_dir))
            if found.problems and not found.files:  # nothing usable: say why, every time
                from qa_tui.domain.errors import RubricFileError

                raise RubricFileError(found.problems)
            self._rubric_files = found.files
            self._unavailable = found.unavailable
            self._rubric_problems = found.problems
        return self._rubric_files

    def check_rubric_files(self) -> list[RubricFile]:
        """The usable rubrics, as `rubric_files`; raises RubricFileError naming every
        broken or clashing file (the others stay usable), for the app to say on screen."""
        files = self.rubric_files()
        if self._rubric_problems:
            from qa_tui.domain.errors import RubricFileError

            raise RubricFileError(self._rubric_problems)
        return files

    def current_rubric(self, rubric_id: str) -> Rubric:
        for f in self.rubric_files():
            if f.rubric.id == rubric_id:
                return f.rubric
        if rubric_id in self._unavailable:
            raise ServiceError(
                f"rubric {rubric_id!r} is unavailable until its files are fixed:\n"
                + "\n".join(self._unavailable[rubric_id])
            )
        known = ", ".join(f.rubric.id for f in self.rubric_files())
        raise ServiceError(f"no rubric with id {rubric_id!r} (known: {known})")

    # -- one audit -------------------------------------------------------------------

    def require_on_audit(self, op: Op, audit_id: int) -> None:
        """`require`, judged on one audit (its auditor, team, moderation): one indexed
        read, none on a database with no people. An unknown id is said as such."""
        if self.person.single_user:
            return
        self.require_signed_in()
        facts = self.audit_facts(audit_id)
        if facts.auditor is None:
            raise ServiceError(f"audit {audit_id} does not exist")
        self.require(op, facts)

    def open_audit(self, audit_id: int) -> AuditView:
        self.require_on_audit(Op.SEE_AUDIT, audit_id)
        return self._view(audit_id)

    def _view(self, audit_id: int) -> AuditView:
        """The audit, once the caller has asked whether this person may see it."""
        try:
            audit = self.store.audit(audit_id)
        except StoreError as exc:
            raise ServiceError(str(exc)) from None
        from qa_tui.store.moderation import ModerationStore

        moderations = ModerationStore(self.store)
        moderation = moderations.moderation(audit_id)
        done = moderation if moderation and moderation["status"] == "done" else None
        return AuditView(
            audit=audit,
            rubric=self.store.rubric_version(audit.rubric_hash),
            moderation=done,
            moderated=moderations.answers(audit_id) if done else {},
        )

    def _rubric(self, audit_id: int) -> Rubric:
        """Only the rubric: grading a criterion needs its scale, not the whole audit."""
        try:
            return self.store.rubric_for_audit(audit_id)
        except StoreError as exc:
            raise ServiceError(str(exc)) from None
