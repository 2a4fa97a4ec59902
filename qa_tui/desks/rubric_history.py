"""A rubric's versions as audits were graded against them, for `qa-tui rubrics diff`:
a QA lead rolling out a changed rubric (or an inspector asking why grades moved) sees
when each version came in, how many audits use it, and what changed in it.

Reading them is SEE_FIGURES: the counts are figures about the council's audits.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from qa_tui.domain.permissions import Op
from qa_tui.store.rubric_history import rubric_versions

if TYPE_CHECKING:
    from qa_tui.desks.identity import PersonAtDesk
    from qa_tui.domain.rubric import Rubric


@dataclass(frozen=True)
class RubricVersion:
    hash: str
    version: str
    title: str
    first_seen_at: str  # when the first audit (or round) used it
    audits: int
    submitted: int
    rubric: Rubric


class RubricHistoryDesk:
    def __init__(self, desk: PersonAtDesk):
        self.desk = desk

    def versions(self, rubric_id: str) -> list[RubricVersion]:
        """Every version of `rubric_id` this database has graded with, oldest first."""
        self.desk.require(Op.SEE_FIGURES)
        from qa_tui.domain.rubric import Rubric  # pydantic once a rubric is needed

        return [
            RubricVersion(
                hash=row["hash"],
                version=row["version"],
                title=row["title"],
                first_seen_at=row["first_seen_at"],
                audits=row["audits"],
                submitted=row["submitted"],
                rubric=Rubric.model_validate_json(row["body"]),
            )
            for row in rubric_versions(self.desk.store, rubric_id)
        ]
