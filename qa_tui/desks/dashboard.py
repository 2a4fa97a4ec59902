"""What the QA lead's dashboard shows, worked out from counted cells.

The figures are sums kept in grade_cells (see summary_store); this module says which
level to read for a filter, turns counts into shares, rolls months into quarters, and
compares a programme with its repeat. No SQL and no Textual here.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Literal

from qa_tui.store.summaries import LEVELS, LEVELS_BY_SIZE

if TYPE_CHECKING:
    from qa_tui.store.dashboard import DashboardStore

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
        wanted = {"team": self.team, "cohort": self.cohort,
                  "programme_id": self.programme_id, "auditor": self.auditor}
        return {k for k, v in wanted.items() if v is not None}

    def with_(self, **changes: object) -> Filters:
        return replace(self, **changes)  # type: ignore[arg-type]


def level_for(needed: set[str]) -> int:
    """The smallest summary level that keeps every needed dimension."""
    for level in LEVELS_BY_SIZE:
        if needed <= LEVELS[level]:
            return level
    raise ValueError(f"no summary level keeps {sorted(needed)}")


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
    def from_row(cls, row: dict) -> Figures:
        return cls(int(row["counted"] or 0), int(row["na"] or 0), int(row["v1"] or 0),
                   int(row["v2"] or 0), int(row["v3"] or 0), int(row["v4"] or 0),
                   int(row["worst"] or 0))

    def __add__(self, other: Figures) -> Figures:
        return Figures(self.counted + other.counted, self.na + other.na, self.v1 + other.v1,
                       self.v2 + other.v2, self.v3 + other.v3, self.v4 + other.v4,
                       self.worst + other.worst)

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


def roll_up(by_month: dict[str, Figures], period: Literal["month", "quarter"]
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
    criterion_id: str          # '' for a rubric's overall judgement
    label: str
    kind: str                  # overall | quality | compliance
    figures: Figures


@dataclass(frozen=True)
class Comparison:
    """A programme beside its repeat: did the action plan move the grades?"""

    first: str
    repeat: str
    rows: list[tuple[str, Figures, Figures]]   # label, first, repeat


@dataclass
class Overview:
    filters: Filters
    overall: Figures
    criteria: list[CriterionRow]          # a rubric's criteria, or each rubric's overall
    columns: list[tuple[str, str]]        # team table columns: (rubric_id, criterion_id)
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


class DashboardDesk:
    """The dashboard's reads; every figure comes from grade_cells, never from answers."""

    def __init__(self, store: DashboardStore):
        self.store = store

    def overview(self, filters: Filters) -> Overview:
        """Every figure for these filters. Each is summed by SQLite at the smallest level
        that has its dimensions, so Python only ever sees a few hundred rows."""
        dims = filters.dims()
        level, team_level = level_for(dims), level_for(dims | {"team"})
        titles = self.store.rubric_titles()
        labels = self.store.criterion_labels()
        cells = self.store.cells
        by_rubric = {r["rubric_id"]: Figures.from_row(r) for r in cells(
            filters, level, kinds=("overall",), group=("rubric_id",))}
        overall = sum(by_rubric.values(), Figures())
        months = {r["month"]: Figures.from_row(r) for r in cells(
            filters, level, kinds=("overall",), group=("month",))}
        teams: dict[str, dict[tuple[str, str], Figures]] = {}
        if filters.rubric_id is None:
            # Criteria differ between rubrics: without a rubric, each rubric's overall.
            criteria = [CriterionRow(rubric_id, "", titles.get(rubric_id, rubric_id),
                                     "overall", f)
                        for rubric_id, f in sorted(by_rubric.items(), key=lambda kv: titles.get(
                            kv[0], kv[0]))]
            for r in cells(filters, team_level, kinds=("overall",),
                           group=("team", "rubric_id")):
                teams.setdefault(r["team"], {})[(r["rubric_id"], "")] = Figures.from_row(r)
        else:
            order = labels.get(filters.rubric_id, {})
            ids = self.store.criterion_ids(filters.rubric_id)
            rows = cells(filters, level, kinds=("overall", "quality", "compliance"),
                         group=("kind", "criterion_id"), criteria=ids)
            rows.sort(key=lambda r: (r["criterion_id"] != "",  # the overall judgement first
                                     order.get(r["criterion_id"], (999, ""))[0],
                                     r["criterion_id"]))
            criteria = [CriterionRow(filters.rubric_id, r["criterion_id"],
                                     order.get(r["criterion_id"], (0, r["criterion_id"]))[1]
                                     if r["criterion_id"] else "Overall judgement",
                                     r["kind"], Figures.from_row(r)) for r in rows]
            for r in cells(filters, team_level, kinds=("overall", "quality"),
                           group=("team", "criterion_id"), criteria=ids):
                teams.setdefault(r["team"], {})[(filters.rubric_id, r["criterion_id"])] = \
                    Figures.from_row(r)
        columns = [(c.rubric_id, c.criterion_id) for c in criteria if c.kind != "compliance"]
        column_labels = [c.label for c in criteria if c.kind != "compliance"]
        return Overview(filters=filters, overall=overall, criteria=criteria, columns=columns,
                        column_labels=column_labels, teams=dict(sorted(teams.items())),
                        by_month=dict(sorted(months.items())),
                        comparison=self.comparison(filters, titles, labels),
                        rubric_titles=titles)

    def comparison(self, filters: Filters, titles: dict[str, str],
                   labels: dict[str, dict[str, tuple[int, str]]]) -> Comparison | None:
        """The chosen programme beside its repeat (or the one it repeats), same filters."""
        if filters.programme_id is None:
            return None
        pair = self.store.repeat_pair(filters.programme_id)
        if pair is None:
            return None
        (first_id, first_name), (repeat_id, repeat_name) = pair
        level = level_for(filters.dims() | {"programme_id"})
        criteria = [""] if filters.rubric_id is None else \
            self.store.criterion_ids(filters.rubric_id)
        rows = self.store.cells(filters.with_(programme_id=None), level,
                                kinds=("overall", "quality", "compliance"),
                                group=("programme_id", "rubric_id", "criterion_id"),
                                criteria=criteria, programmes=(first_id, repeat_id))
        found: dict[tuple[str, str], dict[int, Figures]] = {}
        for r in rows:
            found.setdefault((r["rubric_id"], r["criterion_id"]), {})[r["programme_id"]] = \
                Figures.from_row(r)

        def name(key: tuple[str, str]) -> str:
            rubric_id, criterion_id = key
            if not criterion_id:
                return f"{titles.get(rubric_id, rubric_id)}: overall"
            return labels.get(rubric_id, {}).get(criterion_id, (0, criterion_id))[1]

        def order(key: tuple[str, str]) -> tuple:
            return (titles.get(key[0], key[0]),
                    labels.get(key[0], {}).get(key[1], (0, ""))[0])

        return Comparison(first_name, repeat_name, [
            (name(k), v.get(first_id, Figures()), v.get(repeat_id, Figures()))
            for k, v in sorted(found.items(), key=lambda kv: order(kv[0]))])

    def audits(self, filters: Filters, rubric_id: str | None, criterion_id: str,
               bucket: Bucket, *, team: str | None = None, month_from: str | None = None,
               month_to: str | None = None, offset: int = 0, limit: int = 100) -> list[dict]:
        """One page of the audits behind a figure, newest first."""
        narrowed = filters
        if team is not None:
            narrowed = narrowed.with_(team=team)
        if rubric_id is not None:
            narrowed = narrowed.with_(rubric_id=rubric_id)
        if month_from is not None:  # a trend row: that period, within the filter's
            narrowed = narrowed.with_(
                month_from=max(month_from, filters.month_from or month_from),
                month_to=min(month_to or month_from, filters.month_to or "9999-12"))
        return self.store.audits_behind(narrowed, criterion_id, bucket, offset=offset,
                                        limit=limit)

    def choices(self) -> dict[str, list[tuple[str, str]]]:
        """What each filter can be set to, as (value, label)."""
        return self.store.choices()
