"""What every qa-tui screen reaches: the auditor's desk and the database runner, typed,
and the guards that grey out what the person signed in may not do (`tui/guards.py`)."""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, cast

from qa_tui.tui.guards import Guarded

if TYPE_CHECKING:
    from qa_tui.desks.audits import AuditDesk
    from qa_tui.tui.runner import DeskRunner


class DeskAccess(Guarded):
    """Mixed into screens: `self.desk` and `self.runner` instead of untyped `self.app.…`,
    and `GUARDS` (action name -> the `Op` it needs) checked against the person."""

    @property
    def desk(self) -> AuditDesk:
        return cast("AuditDesk", self.app.desk)  # type: ignore[attr-defined]

    @property
    def runner(self) -> DeskRunner:
        return cast("DeskRunner", self.app.runner)  # type: ignore[attr-defined]

    def open_audit(self, audit_id: int) -> None:
        self.app.open_audit(audit_id)  # type: ignore[attr-defined]

    def today(self) -> date:
        """Today, as the app counts it (`QaTuiApp.today`: a test may freeze it)."""
        return cast("date", self.app.today())  # type: ignore[attr-defined]


_SHORT = {"Outstanding": "Outst.", "Inadequate": "Inadeq"}


def short_grade(label: str | None, not_applicable: bool = False) -> str:
    """A grade in at most six characters, for lists that must fit 80 columns."""
    if not_applicable:
        return "N/A"
    if not label:
        return ""
    if label.startswith("Requires improvement"):
        return "RI"
    if label in _SHORT:
        return _SHORT[label]
    # A council's own yes/no scale reads "Yes, went missing" or "No missing episode": the
    # answer is the first word, and cutting the label at six letters would lose it.
    first = re.split(r"[\s,;:]", label, maxsplit=1)[0]
    if len(label) > 6 and first.lower() in {"yes", "no", "partly"}:
        return first
    return label[:6]
