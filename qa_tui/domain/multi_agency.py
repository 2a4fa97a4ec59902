"""Multi-agency audits: which agency a person audits for, when agencies' grades differ,
and the agency x criterion table the partnership reads.

A multi-agency round audits each sampled child once per agency; each agency's auditor
grades the agency's own part from the agency's own records. The partnership then agrees
one judgement for the child. Where the agencies graded a criterion differently, the
joint grade needs the reason they settled on, so the disagreement is never lost.

Pure rules (no database): the desk (desks/multi_agency.py) reads the rows and asks here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from qa_tui.domain.people import Person

# The council's own auditors audit for children's social care; a partner agency's
# auditor for the agency on their record.
CHILDRENS_SOCIAL_CARE = "Children's social care"
JOINT = "Joint judgement"  # how the agreed grades are named beside the agencies'
OVERALL = ""  # the criterion id of the overall grade in a joint judgement


def agency_of(person: Person) -> str:
    """The agency `person` audits for: their partner agency, else the council's own."""
    return person.agency or CHILDRENS_SOCIAL_CARE


def parse_agency_auditor(text: str) -> tuple[str | None, str]:
    """`Police=ds.ash` -> ("Police", "ds.ash"); `ds.ash` -> (None, "ds.ash"): the
    agency then comes from the person's record."""
    agency, sep, user = text.partition("=")
    if not sep:
        return None, text.strip()
    return (agency.strip() or None), user.strip()


@dataclass(frozen=True)
class AgencyGrade:
    """One agency's grade for one criterion of one child (value None: not graded yet,
    or not applicable when `not_applicable`)."""

    agency: str
    auditor: str
    audit_id: int
    submitted: bool
    value: int | None
    label: str | None
    not_applicable: bool = False

    @property
    def given(self) -> bool:
        return self.value is not None or self.not_applicable

    @property
    def text(self) -> str:
        if self.not_applicable:
            return "n/a"
        return self.label or "-"


def differ(grades: Iterable[AgencyGrade]) -> bool:
    """Whether the agencies' given grades disagree (not applicable is a grade of its
    own here: one agency finding no part to play is worth a reason too)."""
    given = {"na" if g.not_applicable else g.value for g in grades if g.given}
    return len(given) > 1


@dataclass
class AgencyCell:
    """One agency's grades of one criterion across the round's children."""

    agency: str
    criterion_id: str
    grades: int  # the scale's size: its last grade is the worst
    compliance: bool = False  # a yes/no question: only its first grade counts as good
    counts: Counter[str] = field(default_factory=Counter)  # label -> children
    counted: int = 0
    good: int = 0  # good or better (value <= 2), or Yes: the dashboard's rules
    worst: int = 0
    not_applicable: int = 0

    def add(self, value: int | None, label: str | None, not_applicable: bool) -> None:
        if not_applicable:
            self.not_applicable += 1
            return
        if value is None:
            return
        self.counted += 1
        self.counts[label or str(value)] += 1
        self.good += value <= (1 if self.compliance else 2)
        self.worst += value == self.grades

    def share(self, n: int) -> float | None:
        return round(n / self.counted, 4) if self.counted else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "agency": self.agency,
            "criterion_id": self.criterion_id,
            "counted": self.counted,
            "good_or_better": self.share(self.good),
            "worst_grade": self.share(self.worst),
            "not_applicable": self.not_applicable,
            "grades": dict(sorted(self.counts.items())),
        }


def agency_table(
    rows: Iterable[tuple[str, str, int | None, str | None, bool]],
    sizes: dict[str, int],
    agencies: list[str],
    criteria: list[str],
    compliance: frozenset[str] = frozenset(),
) -> list[AgencyCell]:
    """Rows of (agency, criterion id, value, label, not applicable) as one cell per agency
    and criterion, agencies in the order given (the joint judgement last), criteria in
    the rubric's order ('' the overall grade, first); for the `compliance` criteria (yes/
    no questions) only the first grade counts as good. A cell nobody graded is still
    there, with nothing counted: a gap the partnership should see."""
    cells = {(a, c): AgencyCell(a, c, sizes.get(c, 4)) for a in agencies for c in criteria}
    for agency, criterion_id, value, label, na in rows:
        cell = cells.get((agency, criterion_id))
        if cell is not None:
            cell.add(value, label, na)
    return [cells[(a, c)] for a in agencies for c in criteria]


def agreed_grade(row: dict[str, Any]) -> dict[str, Any]:
    """A joint grade as the desk hands it on: n/a for not applicable, with its reason."""
    return {
        "value": row["value"],
        "label": "n/a" if row["not_applicable"] else row["label"],
        "not_applicable": bool(row["not_applicable"]),
        "reason": row["reason"],
        "graded_by": row["graded_by"],
    }
