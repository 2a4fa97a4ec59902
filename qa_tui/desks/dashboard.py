"""What the QA lead's dashboard shows, worked out from counted cells.

The figures are sums kept in grade_cells (see store/summaries.py); this module says which
level to read for a filter, turns counts into shares, rolls months into quarters, and
compares a programme with its repeat, and lays the trend out month by month (or quarter by
quarter) with the empty ones kept. No SQL and no Textual here. Every figure is for
whoever may read the dashboard (SEE_FIGURES).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Literal

from qa_tui.domain.dashboard_records import (
    Bucket,
    Comparison,
    CriterionRow,
    Figures,
    Filters,
    Overview,
)
from qa_tui.domain.permissions import Op
from qa_tui.domain.quarters import QuarterStyle
from qa_tui.domain.quarters import quarter_of as quarter_named
from qa_tui.store.summaries import LEVELS, LEVELS_BY_SIZE

if TYPE_CHECKING:
    from qa_tui.desks.identity import PersonAtDesk


def level_for(needed: set[str]) -> int:
    """The smallest summary level that keeps every needed dimension."""
    for level in LEVELS_BY_SIZE:
        if needed <= LEVELS[level]:
            return level
    raise ValueError(f"no summary level keeps {sorted(needed)}")


class DashboardDesk:
    """The dashboard's reads; every figure comes from grade_cells, never from answers."""

    def __init__(self, desk: PersonAtDesk):
        from qa_tui.store.dashboard import DashboardStore

        self.desk = desk
        self.store = DashboardStore(desk.store)

    def overview(self, filters: Filters) -> Overview:
        """Every figure for these filters. Each is summed by SQLite at the smallest level
        that has its dimensions, so Python only ever sees a few hundred rows."""
        self.desk.require(Op.SEE_FIGURES)
        dims = filters.dims()
        level, team_level = level_for(dims), level_for(dims | {"team"})
        titles = self.store.rubric_titles()
        labels = self.store.criterion_labels()
        cells = self.store.cells
        by_rubric = {
            r["rubric_id"]: Figures.from_row(r)
            for r in cells(filters, level, kinds=("overall",), group=("rubric_id",))
        }
        overall = sum(by_rubric.values(), Figures())
        months = {
            r["month"]: Figures.from_row(r)
            for r in cells(filters, level, kinds=("overall",), group=("month",))
        }
        teams: dict[str, dict[tuple[str, str], Figures]] = {}
        if filters.rubric_id is None:
            # Criteria differ between rubrics: without a rubric, each rubric's overall.
            criteria = [
                CriterionRow(rubric_id, "", titles.get(rubric_id, rubric_id), "overall", f)
                for rubric_id, f in sorted(
                    by_rubric.items(), key=lambda kv: titles.get(kv[0], kv[0])
                )
            ]
            for r in cells(filters, team_level, kinds=("overall",), group=("team", "rubric_id")):
                teams.setdefault(r["team"], {})[(r["rubric_id"], "")] = Figures.from_row(r)
        else:
            order = labels.get(filters.rubric_id, {})
            ids = self.store.criterion_ids(filters.rubric_id)
            rows = cells(
                filters,
                level,
                kinds=("overall", "quality", "compliance"),
                group=("kind", "criterion_id"),
                criteria=ids,
            )
            rows.sort(
                key=lambda r: (
                    r["criterion_id"] != "",  # the overall judgement first
                    order.get(r["criterion_id"], (999, ""))[0],
                    r["criterion_id"],
                )
            )
            criteria = [
                CriterionRow(
                    filters.rubric_id,
                    r["criterion_id"],
                    order.get(r["criterion_id"], (0, r["criterion_id"]))[1]
                    if r["criterion_id"]
                    else "Overall judgement",
                    r["kind"],
                    Figures.from_row(r),
                )
                for r in rows
            ]
            for r in cells(
                filters,
                team_level,
                kinds=("overall", "quality"),
                group=("team", "criterion_id"),
                criteria=ids,
            ):
                teams.setdefault(r["team"], {})[(filters.rubric_id, r["criterion_id"])] = (
                    Figures.from_row(r)
                )
        columns = [(c.rubric_id, c.criterion_id) for c in criteria if c.kind != "compliance"]
        column_labels = [c.label for c in criteria if c.kind != "compliance"]
        return Overview(
            filters=filters,
            overall=overall,
            criteria=criteria,
            columns=columns,
            column_labels=column_labels,
            teams=dict(sorted(teams.items())),
            by_month=dict(sorted(months.items())),
            comparison=self.comparison(filters, titles, labels),
            rubric_titles=titles,
        )

    def comparison(
        self,
        filters: Filters,
        titles: dict[str, str],
        labels: dict[str, dict[str, tuple[int, str]]],
    ) -> Comparison | None:
        """The chosen programme beside its repeat (or the one it repeats), same filters."""
        self.desk.require(Op.SEE_FIGURES)
        if filters.programme_id is None:
            return None
        pair = self.store.repeat_pair(filters.programme_id)
        if pair is None:
            return None
        (first_id, first_name), (repeat_id, repeat_name) = pair
        level = level_for(filters.dims() | {"programme_id"})
        criteria = (
            [""] if filters.rubric_id is None else self.store.criterion_ids(filters.rubric_id)
        )
        rows = self.store.cells(
            filters.with_(programme_id=None),
            level,
            kinds=("overall", "quality", "compliance"),
            group=("programme_id", "rubric_id", "criterion_id"),
            criteria=criteria,
            programmes=(first_id, repeat_id),
        )
        found: dict[tuple[str, str], dict[int, Figures]] = {}
        for r in rows:
            found.setdefault((r["rubric_id"], r["criterion_id"]), {})[r["programme_id"]] = (
                Figures.from_row(r)
            )

        def name(key: tuple[str, str]) -> str:
            rubric_id, criterion_id = key
            if not criterion_id:
                return f"{titles.get(rubric_id, rubric_id)}: overall"
            return labels.get(rubric_id, {}).get(criterion_id, (0, criterion_id))[1]

        def order(key: tuple[str, str]) -> tuple:
            return (titles.get(key[0], key[0]), labels.get(key[0], {}).get(key[1], (0, ""))[0])

        return Comparison(
            first_name,
            repeat_name,
            [
                (name(k), v.get(first_id, Figures()), v.get(repeat_id, Figures()))
                for k, v in sorted(found.items(), key=lambda kv: order(kv[0]))
            ],
        )

    def audits(
        self,
        filters: Filters,
        rubric_id: str | None,
        criterion_id: str,
        bucket: Bucket,
        *,
        team: str | None = None,
        month_from: str | None = None,
        month_to: str | None = None,
        offset: int = 0,
        limit: int = 100,
    ) -> list[dict]:
        """One page of the audits behind a figure, newest first."""
        self.desk.require(Op.SEE_FIGURES)
        narrowed = filters
        if team is not None:
            narrowed = narrowed.with_(team=team)
        if rubric_id is not None:
            narrowed = narrowed.with_(rubric_id=rubric_id)
        if month_from is not None:  # a trend row: that period, within the filter's
            narrowed = narrowed.with_(
                month_from=max(month_from, filters.month_from or month_from),
                month_to=min(month_to or month_from, filters.month_to or "9999-12"),
            )
        return self.store.audits_behind(narrowed, criterion_id, bucket, offset=offset, limit=limit)

    def choices(self) -> dict[str, list[tuple[str, str]]]:
        """What each filter can be set to, as (value, label)."""
        self.desk.require(Op.SEE_FIGURES)
        return self.store.choices()

    def criterion_labels(self) -> dict:
        """Each criterion's words by (rubric, criterion), for pickers that name them."""
        self.desk.require(Op.SEE_FIGURES)
        return self.store.criterion_labels()

    def criterion_kinds(self) -> dict:
        self.desk.require(Op.SEE_FIGURES)
        return self.store.criterion_kinds()


# -- the trend ----------------------------------------------------------------------------

SMALL = 5
"""Fewer graded answers than this and a share is too unsteady to draw: the charts leave
it out (a gap in a line, a cell marked "<5"); the tables still give the count."""


@dataclass(frozen=True)
class TrendPoint:
    """One month or quarter of the trend. A period without audits is kept, with empty
    figures, so a gap in the auditing shows as a gap rather than closing up."""

    period: str  # "2025-03", or "2025 Q1"
    month_from: str
    month_to: str
    figures: Figures

    @property
    def counted(self) -> int:
        """The sample size: graded overall judgements in the period."""
        return self.figures.counted

    @property
    def steady(self) -> bool:
        """Enough grades for a share to be drawn (SMALL or more)."""
        return self.figures.counted >= SMALL


def _month_number(month: str) -> int:
    year, mm = (int(x) for x in month.split("-"))
    return year * 12 + mm - 1


def _month_name(n: int) -> str:
    return f"{n // 12:04d}-{n % 12 + 1:02d}"


def months_from_to(first: str, last: str) -> list[str]:
    """Every month from `first` to `last` ('YYYY-MM'), both included."""
    return [_month_name(n) for n in range(_month_number(first), _month_number(last) + 1)]


def trend_span(filters: Filters, months: Iterable[str], today: date) -> tuple[str, str] | None:
    """The months a trend covers: the filter's period where it gives its ends. An open
    start is the first month with audits; an open end is this month when the period has
    a start (so "the last 12 months" shows every one of them, the quiet ones too), else
    the last month with audits. None when there is nothing to show."""
    found = sorted(months)
    this_month = today.strftime("%Y-%m")
    first = filters.month_from or (found[0] if found else None)
    if first is None:
        return None
    if filters.month_to:
        last = max(min(filters.month_to, this_month), found[-1] if found else first)
    elif filters.month_from:
        last = max(this_month, found[-1] if found else first)
    else:
        last = found[-1]
    return (first, last) if first <= last else None


def trend(
    by_month: Mapping[str, Figures],
    by: Literal["month", "quarter"],
    span: tuple[str, str] | None,
    style: QuarterStyle = "calendar",
) -> list[TrendPoint]:
    """The trend over `span`, a point per month or quarter (named the council's way),
    empty ones kept. Months outside the span are left out (the figures were read for the
    filter's)."""
    if span is None:
        return []
    months = months_from_to(*span)
    if by == "month":
        return [TrendPoint(m, m, m, by_month.get(m, Figures())) for m in months]
    return [
        TrendPoint(
            q,
            first,
            last,
            sum((by_month.get(m, Figures()) for m in months_from_to(first, last)), Figures()),
        )
        for q, first, last in quarters_from_to(*span, style)
    ]


def quarters_from_to(
    first: str, last: str, style: QuarterStyle = "calendar"
) -> list[tuple[str, str, str]]:
    """The quarters from month `first` to `last`: (label, first month, last month), the
    two ends cut to the months asked for. Labelled "2025 Q1" (calendar) or "Q4-23/24"."""
    quarters: dict[str, list[str]] = {}
    for m in months_from_to(first, last):
        quarters.setdefault(quarter_named(m, style).short, []).append(m)
    return [(q, ms[0], ms[-1]) for q, ms in quarters.items()]
