"""Themes ranked for a dashboard filter, with what changed since the period before.

A theme is a finding with a polarity (a strength or an area for development). The
ranking counts the audits in scope that show it, as a share of all audits in scope,
with the teams and criteria behind it and the overall grades of those audits; the
change compares with the same span of months just before, or with the earlier round
when the filter is a repeat programme. No SQL here.

Reading the themes is for whoever reads the dashboard (SEE_FIGURES); keeping one name
per theme (merge, rename) is a QA lead's (MERGE_THEMES).
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from qa_tui.desks.dashboard import level_for
from qa_tui.domain.dashboard_records import Figures, Filters
from qa_tui.domain.permissions import Op
from qa_tui.domain.plan_records import ThemeCount, ThemeRanking, ThemeRow
from qa_tui.store.dashboard import DashboardStore
from qa_tui.store.themes import ThemeStore

if TYPE_CHECKING:
    from collections.abc import Callable

    from qa_tui.desks.identity import PersonAtDesk


def months_between(first: str, last: str) -> int:
    fy, fm = (int(x) for x in first.split("-"))
    ly, lm = (int(x) for x in last.split("-"))
    return (ly - fy) * 12 + lm - fm + 1


def shift_month(month: str, by: int) -> str:
    year, mm = (int(x) for x in month.split("-"))
    n = year * 12 + mm - 1 + by
    return f"{n // 12:04d}-{n % 12 + 1:02d}"


def previous_period(filters: Filters, this_month: str) -> Filters | None:
    """The same number of months just before the filter's period; None for all time."""
    if not filters.month_from:
        return None
    last = filters.month_to or this_month
    span = months_between(filters.month_from, last)
    return filters.with_(
        month_from=shift_month(filters.month_from, -span),
        month_to=shift_month(filters.month_from, -1),
    )


class ThemeDesk:
    """The themes screen's and `qa-tui themes`' use cases, for the person at `desk`."""

    def __init__(self, desk: PersonAtDesk):
        self.desk = desk
        self.store = ThemeStore(desk.store)
        self.grades = DashboardStore(desk.store)

    def scope(self, filters: Filters) -> int:
        """Submitted audits in scope: the base of every theme's share."""
        self.desk.require(Op.SEE_FIGURES)
        rows = self.grades.cells(
            filters, level_for(filters.dims()), kinds=("overall",), group=("kind",)
        )
        return sum(int(r["counted"] or 0) for r in rows)

    def ranking(
        self, filters: Filters, this_month: str, *, with_teams: bool = True
    ) -> ThemeRanking:
        """Every theme in scope, most audits first. Without `with_teams` the teams are
        left empty (a screen reads them per theme with `teams_for`, as the cursor moves:
        for every theme at once they are the one slow part on a large database)."""
        self.desk.require(Op.SEE_FIGURES)
        dims = filters.dims()
        level, team_level = level_for(dims), level_for(dims | {"team"})
        scope = self.scope(filters)
        totals = self.store.cells(filters, level, group=("theme", "polarity"))
        teams: dict[tuple[str, str], list[ThemeCount]] = defaultdict(list)
        if with_teams:
            for r in self.store.cells(filters, team_level, group=("theme", "polarity", "team")):
                teams[(r["theme"], r["polarity"])].append(ThemeCount(r["team"], r["audits"]))
        criteria: dict[tuple[str, str], list[ThemeCount]] = defaultdict(list)
        labels = self.grades.criterion_labels()
        for r in self.store.cells(
            filters,
            level,
            group=("theme", "polarity", "rubric_id", "criterion_id"),
            criteria=self.store.all_criteria(),
        ):
            label = (
                (
                    labels.get(r["rubric_id"], {}).get(r["criterion_id"], (0, ""))[1]
                    or r["criterion_id"]
                )
                if r["criterion_id"]
                else "the audit as a whole"
            )
            criteria[(r["theme"], r["polarity"])].append(
                ThemeCount(label, r["audits"], r["rubric_id"], r["criterion_id"])
            )

        before, label = self._before(filters, this_month)
        previous: dict[tuple[str, str], int] = {}
        previous_scope: int | None = None
        if before is not None:
            previous_scope = self.scope(before)
            for r in self.store.cells(
                before, level_for(before.dims()), group=("theme", "polarity")
            ):
                previous[(r["theme"], r["polarity"])] = r["audits"]

        rows = []
        for r in totals:
            key = (r["theme"], r["polarity"])
            before_n = previous.get(key, 0) if before is not None else None
            rows.append(
                ThemeRow(
                    theme=r["theme"],
                    polarity=r["polarity"],
                    audits=r["audits"],
                    share=r["audits"] / scope if scope else None,
                    teams=sorted(teams[key], key=lambda c: (-c.audits, c.name)),
                    criteria=sorted(criteria[key], key=lambda c: (-c.audits, c.name)),
                    grades=Figures(
                        counted=r["audits"],
                        v1=r["v1"],
                        v2=r["v2"],
                        v3=r["v3"],
                        v4=r["v4"],
                        worst=r["worst"],
                    ),
                    previous_audits=before_n,
                    previous_share=(
                        before_n / previous_scope
                        if before_n is not None and previous_scope
                        else None
                    ),
                )
            )
        rows.sort(key=lambda t: (-t.audits, t.polarity, t.theme))
        return ThemeRanking(
            scope_audits=scope,
            previous_label=label,
            previous_scope_audits=previous_scope,
            rows=rows,
        )

    def teams_for(self, filters: Filters, theme: str, polarity: str) -> list[ThemeCount]:
        """The teams whose audits in scope show one theme, most first."""
        self.desk.require(Op.SEE_FIGURES)
        rows = self.store.cells(
            filters,
            level_for(filters.dims() | {"team"}),
            group=("polarity", "team"),
            themes=(theme,),
        )
        return sorted(
            (ThemeCount(r["team"], r["audits"]) for r in rows if r["polarity"] == polarity),
            key=lambda c: (-c.audits, c.name),
        )

    def _before(self, filters: Filters, this_month: str) -> tuple[Filters | None, str | None]:
        if filters.programme_id is not None:
            pair = self.grades.repeat_pair(filters.programme_id)
            if pair is not None and pair[1][0] == filters.programme_id:
                return filters.with_(programme_id=pair[0][0]), f"earlier round: {pair[0][1]}"
            return None, None
        before = previous_period(filters, this_month)
        if before is None:
            return None, None
        return before, f"{before.month_from} to {before.month_to}"

    def audits_with(
        self,
        filters: Filters,
        theme: str,
        polarity: str,
        *,
        offset: int = 0,
        limit: int = 100,
        evidence: bool = False,
    ) -> list[dict]:
        self.desk.require(Op.SEE_FIGURES)
        return self.store.audits_with(
            filters, theme, polarity, offset=offset, limit=limit, evidence=evidence
        )

    # -- the catalogue (QA leads keep one name per theme) ----------------------------

    def catalogue(self) -> list[dict]:
        """Each theme's name, its synonyms and how many audits carry it."""
        self.desk.require(Op.SEE_FIGURES)
        return self.store.catalogue()

    def merge(
        self, variant: str, into: str, progress: Callable[[int, int], None] | None = None
    ) -> tuple[str, str]:
        """Make `variant` a synonym of `into`; returns (old name, new name). The history
        records the person at the desk. The tags follow in short batches, with
        `progress(audits done, audits in all)` after each, so others can go on saving."""
        self.desk.require(Op.MERGE_THEMES)
        return self.store.merge(variant, into, self.desk.user, progress)

    def rename(
        self, theme: str, name: str, progress: Callable[[int, int], None] | None = None
    ) -> str:
        self.desk.require(Op.MERGE_THEMES)
        return self.store.rename(theme, name, self.desk.user, progress)
