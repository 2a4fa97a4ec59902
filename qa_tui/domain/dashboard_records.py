"""The dashboard's plain records: filters, counted figures, rows and the overview.

Shared by the dashboard desk, its queries in the store, the themes and the action plan
(which measure the same figures), the exports and the screens. No SQL, no Textual.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Literal

Bucket = Literal["counted", "good", "inadequate", "na", "v1", "v2", "v3", "v4"]


@dataclass(frozen=True)
class Filters:
    """A dashboard's filters; None means all. Months are 'YYYY-MM', both ends included."""

    month_from: str | None = None
    month_to: str | None = None
    programme_id: int | None = None
    team: str | None = None
    rubric_id: str | None = None
    cohort: str | None = None
    auditor: str | None = None

    def dims(self) -> set[str]:
        """The dimensions these filters need a summary level to keep."""
        wanted = {
            "team": self.team,
            "cohort": self.cohort,
            "programme_id": self.programme_id,
            "auditor": self.auditor,
        }
        return {k for k, v in wanted.items() if v is not None}

    def with_(self, **changes: object) -> Filters:
        return replace(self, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Figures:
    """Counted grades for one figure. Shares are of graded answers: N/A never counts."""

    counted: int = 0
    na: int = 0
    v1: int = 0
    v2: int = 0
    v3: int = 0
    v4: int = 0
    worst: int = 0

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Figures:
        return cls(
            int(row["counted"] or 0),
            int(row["na"] or 0),
            int(row["v1"] or 0),
            int(row["v2"] or 0),
            int(row["v3"] or 0),
            int(row["v4"] or 0),
            int(row["worst"] or 0),
        )

    def __add__(self, other: Figures) -> Figures:
        return Figures(
            self.counted + other.counted,
            self.na + other.na,
            self.v1 + other.v1,
            self.v2 + other.v2,
            self.v3 + other.v3,
            self.v4 + other.v4,
            self.worst + other.worst,
        )

    @property
    def good_or_better(self) -> int:
        return self.v1 + self.v2

    def share(self, bucket: Bucket) -> float | None:
        """Share of the graded answers in a bucket; None when nothing was graded."""
        if not self.counted:
            return None
        return self.count(bucket) / self.counted

    def count(self, bucket: Bucket) -> int:
        if bucket == "good":
            return self.good_or_better
        if bucket == "inadequate":
            return self.worst
        return int(getattr(self, bucket))

    def by_value(self) -> list[int]:
        return [self.v1, self.v2, self.v3, self.v4]


def percent(share: float | None) -> str:
    return "–" if share is None else f"{round(share * 100)}%"


def quarter_of(month: str) -> str:
    year, mm = month.split("-")
    return f"{year} Q{(int(mm) - 1) // 3 + 1}"


def roll_up(
    by_month: dict[str, Figures], period: Literal["month", "quarter"]
) -> list[tuple[str, Figures]]:
    """Months in order, or summed into calendar quarters."""
    if period == "month":
        return sorted(by_month.items())
    out: dict[str, Figures] = {}
    for month, figures in sorted(by_month.items()):
        q = quarter_of(month)
        out[q] = out.get(q, Figures()) + figures
    return list(out.items())


@dataclass(frozen=True)
class CriterionRow:
    rubric_id: str
    criterion_id: str  # '' for a rubric's overall judgement
    label: str
    kind: str  # overall | quality | compliance
    figures: Figures


@dataclass(frozen=True)
class Comparison:
    """A programme beside its repeat: did the action plan move the grades?"""

    first: str
    repeat: str
    rows: list[tuple[str, Figures, Figures]]  # label, first, repeat


@dataclass
class Overview:
    filters: Filters
    overall: Figures
    criteria: list[CriterionRow]  # a rubric's criteria, or each rubric's overall
    columns: list[tuple[str, str]]  # team table columns: (rubric_id, criterion_id)
    column_labels: list[str]
    teams: dict[str, dict[tuple[str, str], Figures]]
    by_month: dict[str, Figures]
    comparison: Comparison | None = None
    rubric_titles: dict[str, str] = field(default_factory=dict)

    @property
    def quality(self) -> list[CriterionRow]:
        return [r for r in self.criteria if r.kind != "compliance"]

    @property
    def compliance(self) -> list[CriterionRow]:
        return [r for r in self.criteria if r.kind == "compliance"]
