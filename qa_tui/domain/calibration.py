"""Calibration results: each auditor's grades against the agreed grade, criterion by
criterion, and the spread of grades on each criterion.

A calibration exercise has every auditor grade the same case file (or a written
vignette) on their own; the QA lead then records the agreed grade. What a QA lead reads
from it: on which criteria auditors scatter (the guidance is not doing its job there),
and which auditor grades apart from the agreed grade (more generous or harsher). Pure:
no SQL; grades are scale positions (1 = best) or None for not applicable.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from qa_tui.domain.agreement import Agreement, agreement_from_counts

AGREED = ""  # the grader name the agreed grade is kept under

Grades = dict[str, dict[str, int | None]]  # {grader: {criterion_id: value or None (N/A)}}


@dataclass(frozen=True)
class CriterionSpread:
    criterion_id: str
    labels: list[str]  # the scale's grades, best first
    agreed: int | None  # None: not agreed yet, or agreed not applicable
    grades: dict[str, int | None]  # each auditor who graded it
    matching: int  # auditors who gave the agreed grade
    distinct: int  # how many different grades were given (N/A counts as one)
    widest: int  # the largest distance between two auditors' grades (0 = all alike)

    @property
    def scale_points(self) -> int:
        return len(self.labels)

    def label(self, value: int | None) -> str:
        return "Not applicable" if value is None else self.labels[value - 1]

    def as_dict(self) -> dict[str, Any]:
        return {
            "criterion_id": self.criterion_id,
            "agreed": None if self.agreed is None else self.label(self.agreed),
            "grades": {a: self.label(v) for a, v in self.grades.items()},
            "matching": self.matching,
            "distinct": self.distinct,
            "widest": self.widest,
            "scale": self.labels,
        }


@dataclass(frozen=True)
class AuditorResult:
    auditor: str
    graded: int  # criteria they graded
    agreement: Agreement  # against the agreed grades, on scales of one size

    def as_dict(self) -> dict[str, Any]:
        return {"auditor": self.auditor, "graded": self.graded, **self.agreement.__dict__}


def spreads(grades: Grades, scales: dict[str, list[str]]) -> list[CriterionSpread]:
    """One line per criterion (in `scales`' order, the rubric's; each its grade labels):
    the agreed grade, each auditor's, and how far they scatter."""
    agreed = grades.get(AGREED, {})
    auditors = {g: by for g, by in grades.items() if g != AGREED}
    out = []
    for criterion_id, labels in scales.items():
        given = {a: by[criterion_id] for a, by in sorted(auditors.items()) if criterion_id in by}
        values = [v for v in given.values() if v is not None]
        out.append(
            CriterionSpread(
                criterion_id=criterion_id,
                labels=labels,
                agreed=agreed.get(criterion_id),
                grades=given,
                matching=sum(
                    1
                    for v in given.values()
                    if criterion_id in agreed and v == agreed[criterion_id]
                ),
                distinct=len(set(given.values())),
                widest=max(values) - min(values) if values else 0,
            )
        )
    return out


def auditor_results(grades: Grades, sizes: dict[str, int], points: int = 4) -> list[AuditorResult]:
    """Each auditor against the agreed grades on the criteria of a `points`-point scale
    (the Ofsted scale by default; compliance answers are read in the spreads)."""
    agreed = grades.get(AGREED, {})
    results = []
    for auditor, by in sorted(grades.items()):
        if auditor == AGREED:
            continue
        counts: Counter[tuple[int | None, int | None]] = Counter()
        for criterion_id, value in by.items():
            if sizes.get(criterion_id) == points and criterion_id in agreed:
                counts[(value, agreed[criterion_id])] += 1
        results.append(AuditorResult(auditor, len(by), agreement_from_counts(counts, points)))
    return results
