"""What a round's report for the board reads beyond the programme, dashboard and theme
desks: its re-audits beside the audits they look again at, and the case actions its
audits raised with whether each is done.

Re-audit change is the domain's one rule (domain/reaudits.py) over the store's pairs
(store/reaudits.py), never worked out again here. Re-audits are figures (SEE_FIGURES);
case actions are follow-ups (SEE_FOLLOW_UPS).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from qa_tui.domain.permissions import Op
from qa_tui.domain.reaudits import ReauditPair
from qa_tui.store.programme_report import actions_raised
from qa_tui.store.reaudits import reaudit_pairs

if TYPE_CHECKING:
    from qa_tui.desks.identity import PersonAtDesk


@dataclass(frozen=True)
class ActionRaised:
    id: int
    audit_id: int
    case_ref: str
    team: str
    what: str
    owner: str
    due_on: str
    status: str  # open | done
    created_at: str

    def overdue(self, today: date) -> bool:
        return self.status == "open" and self.due_on < today.isoformat()


class ProgrammeReportDesk:
    def __init__(self, desk: PersonAtDesk):
        self.desk = desk

    def reaudits(self, programme_id: int) -> list[ReauditPair]:
        """The round's re-audits, each with the earlier audit's counted overall grade."""
        self.desk.require(Op.SEE_FIGURES)
        return reaudit_pairs(self.desk.store, programme_id=programme_id)

    def actions(self, programme_id: int) -> list[ActionRaised]:
        """The case actions the round's audits raised, open ones first."""
        self.desk.require(Op.SEE_FOLLOW_UPS)
        return [ActionRaised(**r) for r in actions_raised(self.desk.store, programme_id)]
