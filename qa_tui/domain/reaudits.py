"""Whether a re-audited case got better: the one rule every screen, export and report uses.

A re-audit is an audit whose `previous_audit_id` names the earlier audit of the same
case. Its change compares the two counted overall grades (the moderated grade where a
moderation is complete, else the auditor's; 1 is the best grade), so the programme
view, the grades export and the board's report can never disagree about a case.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Change(StrEnum):
    BETTER = "better"
    SAME = "same"
    WORSE = "worse"


def change_between(earlier: int | None, later: int | None) -> Change | None:
    """The change from the earlier overall grade to the later one; None until both
    audits are submitted with an overall grade."""
    if earlier is None or later is None:
        return None
    if later < earlier:
        return Change.BETTER
    if later > earlier:
        return Change.WORSE
    return Change.SAME


@dataclass(frozen=True)
class ReauditPair:
    """A re-audit and the audit it looks again at, each with its counted overall grade."""

    audit_id: int
    previous_audit_id: int
    case_ref: str
    team: str
    programme_id: int | None
    earlier_value: int | None
    earlier_label: str | None
    later_value: int | None
    later_label: str | None

    @property
    def change(self) -> Change | None:
        return change_between(self.earlier_value, self.later_value)
