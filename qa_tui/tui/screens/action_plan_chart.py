"""The highlighted action plan item's line: baseline -> trajectory -> target, with each
quarter's figure since the measure was set, as a chart and in words.

It lives apart from the action plan screen because it reads figures of its own (each
quarter's share, from the summary table) and draws them; the screen only says which item
is highlighted. The chart (textual-plotext) is imported when the first item with a
measure is shown, after the plan has been read, never while the app starts. The line of
words under it gives every number the chart draws, for people who cannot read a chart.
"""

from __future__ import annotations

from datetime import date, timedelta

from textual.app import ComposeResult
from textual.containers import Container, Vertical
from textual.content import Content
from textual.widgets import Static

from qa_tui.desks.council_settings import quarter_style
from qa_tui.desks.dashboard import SMALL, quarters_from_to
from qa_tui.desks.opening import plan_desk
from qa_tui.domain.dashboard_records import Figures, percent
from qa_tui.domain.plan_records import ActionItem, Measure
from qa_tui.tui.base import DeskAccess
from qa_tui.tui.widgets.tones import tone

Quarter = tuple[str, date, Figures]  # label, the day it is drawn at, its figures


def _month_after(day: str) -> str:
    year, month = int(day[:4]), int(day[5:7])
    return f"{year + month // 12:04d}-{month % 12 + 1:02d}"


def _drawn_at(first: str, last: str, today: date) -> date:
    """The middle of a span of months, or of the part of it that has passed."""
    start = date(int(first[:4]), int(first[5:7]), 1)
    end = date(int(last[:4]) + int(last[5:7]) // 12, int(last[5:7]) % 12 + 1, 1)
    end = min(end - timedelta(days=1), today)
    return start + (end - start) / 2


def read_quarters(desk: object, item: ActionItem, today: date) -> list[Quarter]:
    """Each quarter's figure since the measure was set, the quarters named the council's
    way (run in the database thread)."""
    if item.measure is None or not item.measure_set_on:
        return []
    since, now = _month_after(item.measure_set_on), today.strftime("%Y-%m")
    if since > now:
        return []
    plan, measure = plan_desk(desk), item.measure  # type: ignore[arg-type]
    style = quarter_style(desk)  # type: ignore[arg-type]
    return [
        (label, _drawn_at(first, last, today), plan.figure(measure, first, last))
        for label, first, last in quarters_from_to(since, now, style)
    ]


class ItemLine(DeskAccess, Vertical):
    """The chart and, under it, the same numbers in words."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.item: ActionItem | None = None
        self.quarters: dict[int, list[Quarter]] = {}  # read once per item and measure

    def compose(self) -> ComposeResult:
        yield Container(id="plan-chart")
        yield Static("", id="plan-line-words")

    def show(self, item: ActionItem | None) -> None:
        """The item's line, once its quarters are read; nothing for an item without a
        measure, baseline or target."""
        self.item = item
        p = item.progress if item is not None else None
        if (
            item is None
            or p is None
            or p.baseline is None
            or p.target is None
            or not item.measure_set_on
            or not item.target_on
        ):
            self.display = False
            return
        self.display = True
        if item.id in self.quarters:
            self._draw(item)
            return
        today = date.today()
        desk = self.desk
        self.runner.fetch(
            "read the measure by quarter",
            lambda: read_quarters(desk, item, today),
            self.screen,
            lambda quarters: self._read(item, quarters),
        )

    def forget(self) -> None:
        """Figures change when the plan is read again: read the quarters afresh."""
        self.quarters.clear()

    def _read(self, item: ActionItem, quarters: list[Quarter]) -> None:
        self.quarters[item.id] = quarters
        if self.item is not None and self.item.id == item.id:
            self._draw(item)

    def _draw(self, item: ActionItem) -> None:
        from qa_tui.tui.widgets.charts import PlanChart, PlanLine  # plotext: only now

        p, quarters = item.progress, self.quarters.get(item.id, [])
        assert p is not None and p.baseline is not None and p.target is not None
        assert item.measure_set_on and item.target_on and item.measure is not None
        bucket = item.measure.bucket
        holder = self.query_one("#plan-chart", Container)
        found = holder.query(PlanChart)
        chart = found.first() if found else PlanChart(id="plan-chart-plot")
        if not found:
            holder.mount(chart)
        chart.show(
            PlanLine(
                baseline=p.baseline,
                set_on=date.fromisoformat(item.measure_set_on[:10]),
                target=p.target,
                target_on=date.fromisoformat(item.target_on),
                today=date.today(),
                expected=p.expected,
                actual=[
                    (at, f.share(bucket) or 0.0)  # type: ignore[arg-type]
                    for _, at, f in quarters
                    if f.counted >= SMALL
                ],
            )
        )
        self.query_one("#plan-line-words", Static).update(self._words(item.measure, quarters))

    def _words(self, measure: Measure, quarters: list[Quarter]) -> Content:
        shown = [
            f"{label} {percent(f.share(measure.bucket)) if f.counted >= SMALL else f'<{SMALL}'}"  # type: ignore[arg-type]
            f" ({f.counted})"
            for label, _, f in quarters
        ]
        return Content.assemble(
            ("By quarter since: ", "bold"),
            " · ".join(shown)
            if shown
            else "nothing yet: progress counts audits from the month after it was set",
            (f"  (fewer than {SMALL} graded: not drawn)", tone(self.app.theme_variables, "muted"))
            if any(f.counted < SMALL for _, _, f in quarters)
            else "",
        )
