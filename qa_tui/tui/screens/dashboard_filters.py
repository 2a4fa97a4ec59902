"""The dashboard's filters: the periods a QA lead asks about, the line that shows every
filter, and the keys that change one (d g t b c a, x to clear).

It lives apart from the dashboard screen because choosing what to count is a concern
of its own, apart from showing the counts. `FilterChoices` is mixed into the screen, so
the keys stay the screen's bindings and their actions stay on the screen.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import Static

from qa_tui.domain.dashboard_records import Filters
from qa_tui.domain.dates import months_before
from qa_tui.domain.quarters import QuarterStyle, quarter_of
from qa_tui.tui.widgets.shown import clip, line
from qa_tui.tui.widgets.tones import tone

if TYPE_CHECKING:
    from textual.screen import Screen

    _Screen = Screen[None]
else:
    _Screen = object

ALL = "(all)"

Period = tuple[str, tuple[str | None, str | None]]  # label, (first month, last month)


def period_choices(
    months: list[str], today: date, style: QuarterStyle = "calendar"
) -> list[Period]:
    """Periods a QA lead asks about: recent months, each year, each quarter. Years and
    quarters are the council's: calendar ("2025", "2025 Q1") or financial from April
    ("2024/25", "Q4-24/25")."""

    def since(n: int) -> str:
        return months_before(today.replace(day=1), n - 1).strftime("%Y-%m")

    out: list[Period] = [
        ("All time", (None, None)),
        ("Last 3 months", (since(3), None)),
        ("Last 6 months", (since(6), None)),
        ("Last 12 months", (since(12), None)),
    ]
    quarters = sorted({quarter_of(m, style) for m in months}, reverse=True)
    years: dict[str, tuple[str, str]] = {}
    for q in quarters:  # newest first: a year's span from its first month to its last
        first = q.start.replace(month=1 if style == "calendar" else 4)
        if first > q.start:
            first = first.replace(year=first.year - 1)
        last = quarter_of(first, style).next.next.next.end
        years.setdefault(q.year_label, (first.strftime("%Y-%m"), last.strftime("%Y-%m")))
    out += list(years.items())
    out += [(q.short, q.months) for q in quarters]
    return out


class FilterChoices(_Screen):
    """Mixed into the dashboard screen: its filters, shown and chosen."""

    filters: Filters
    period_label: str
    choices: dict[str, list[tuple[str, str]]]
    quarter_style: QuarterStyle

    def refresh_figures(self) -> None:
        """Read the figures again for the filters (the screen does it)."""
        raise NotImplementedError

    def _label_of(self, kind: str, value: object) -> str:
        if value is None:
            return ALL
        for key, label in self.choices.get(kind, []):
            if key == str(value):
                return label
        return str(value)

    def _show_filters(self) -> None:
        f = self.filters
        parts = [
            ("d", "Period", self.period_label),
            ("g", "Programme", self._label_of("programme", f.programme_id)),
            ("t", "Team", self._label_of("team", f.team)),
            ("b", "Rubric", self._label_of("rubric", f.rubric_id)),
            ("c", "Cohort", self._label_of("cohort", f.cohort)),
            ("a", "Auditor", self._label_of("auditor", f.auditor)),
        ]
        self.query_one("#dash-filters", Static).update(
            Content.assemble(
                *[
                    piece
                    for key, name, value in parts
                    for piece in (
                        (f"{key}", tone(self.app.theme_variables, "key", bold=True)),
                        f" {name}: ",
                        line(clip(value, 40), "bold" if value != ALL else "dim"),
                        "  ",
                    )
                ]
            )
        )

    def _choose(self, title: str, kind: str, apply: Callable[[str | None], None]) -> None:
        from qa_tui.tui.widgets.dialogs import Choose

        options = [("All", "\0all"), *[(label, key) for key, label in self.choices.get(kind, [])]]

        def chosen(value: str | None) -> None:
            if value is not None:
                apply(None if value == "\0all" else value)
                self.refresh_figures()

        self.app.push_screen(Choose(title, options), chosen)

    def action_period(self) -> None:
        from qa_tui.tui.widgets.dialogs import Choose

        months = [m for m, _ in self.choices.get("month", [])]
        periods = period_choices(months, date.today(), self.quarter_style)

        def chosen(index: str | None) -> None:
            if index is None:
                return
            label, (start, end) = periods[int(index)]
            self.period_label = label
            self.filters = self.filters.with_(month_from=start, month_to=end)
            self.refresh_figures()

        self.app.push_screen(
            Choose("Period", [(label, str(n)) for n, (label, _) in enumerate(periods)]), chosen
        )

    def action_programme(self) -> None:
        self._choose(
            "Programme",
            "programme",
            lambda v: self._set(programme_id=None if v is None else int(v)),
        )

    def action_team(self) -> None:
        self._choose("Team", "team", lambda v: self._set(team=v))

    def action_rubric(self) -> None:
        self._choose("Rubric", "rubric", lambda v: self._set(rubric_id=v))

    def action_cohort(self) -> None:
        self._choose("Cohort", "cohort", lambda v: self._set(cohort=v))

    def action_auditor(self) -> None:
        self._choose("Auditor", "auditor", lambda v: self._set(auditor=v))

    def _set(self, **changes: object) -> None:
        self.filters = self.filters.with_(**changes)

    def action_clear(self) -> None:
        self.filters = Filters()
        self.period_label = "All time"
        self.refresh_figures()
