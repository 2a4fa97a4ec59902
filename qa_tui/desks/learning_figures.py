"""Where each area for development is concentrated, and whether learning took.

Both read the theme and grade summaries (theme_cells, grade_cells) by team and month,
never the audits: a share is the audits tagged with a theme over the submitted audits
behind it, as on the themes tab. A share behind fewer audits than the threshold is
said as "too few audits" and its counts are not given (domain/learning.py, Share), as
the exports hide small counts: these figures go to workshops outside QA.

Reading them is the dashboard's (SEE_FIGURES).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from qa_tui.desks.audit_view import ServiceError
from qa_tui.desks.dashboard import level_for
from qa_tui.domain.dashboard_records import Filters
from qa_tui.domain.learning import (
    DEFAULT_MONTHS,
    TOO_FEW,
    Impact,
    Share,
    TeamNeed,
    ThemeImpact,
    ThemeNeed,
    windows,
)
from qa_tui.domain.permissions import Op
from qa_tui.store.dashboard import DashboardStore
from qa_tui.store.learning import LearningStore
from qa_tui.store.themes import ThemeStore

if TYPE_CHECKING:
    from qa_tui.desks.identity import PersonAtDesk

DEVELOP = "area_for_development"


class LearningFigures:
    """The training-needs view and an event's before and after, for `desk`'s person."""

    def __init__(self, desk: PersonAtDesk):
        self.desk = desk
        self.themes = ThemeStore(desk.store)
        self.grades = DashboardStore(desk.store)
        self.events = LearningStore(desk.store)

    def _audits_by_team(self, filters: Filters) -> dict[str, int]:
        rows = self.grades.cells(filters, level_for({"team"}), kinds=("overall",), group=("team",))
        return {r["team"]: int(r["counted"] or 0) for r in rows}

    def _tagged_by_team(
        self, filters: Filters, themes: Iterable[str] = ()
    ) -> dict[tuple[str, str], dict[str, int]]:
        """{(theme, polarity): {team: audits tagged}}."""
        out: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
        for r in self.themes.cells(
            filters,
            level_for({"team"}),
            group=("theme", "polarity", "team"),
            themes=tuple(themes),
        ):
            out[(r["theme"], r["polarity"])][r["team"]] = int(r["audits"])
        return out

    def needs(
        self, month_from: str | None = None, month_to: str | None = None, below: int = TOO_FEW
    ) -> list[ThemeNeed]:
        """Each area for development in the period, most audits first, with its share of
        each team's audits, the teams where it is most concentrated first."""
        self.desk.require(Op.SEE_FIGURES)
        filters = Filters(month_from=month_from, month_to=month_to)
        audits = self._audits_by_team(filters)
        total = sum(audits.values())
        needs = []
        for (theme, polarity), teams in self._tagged_by_team(filters).items():
            if polarity != DEVELOP:
                continue
            rows = [
                TeamNeed(team, Share(teams.get(team, 0), n, below))
                for team, n in audits.items()
                if n
            ]
            rows.sort(
                key=lambda t: (
                    t.need.share is None,
                    -(t.need.share or 0),
                    t.team,
                )
            )
            needs.append(ThemeNeed(theme, Share(sum(teams.values()), total, below), rows))
        needs.sort(key=lambda n: (-n.overall.tagged, n.theme))
        return needs

    def impact(
        self,
        event_id: int,
        months: int = DEFAULT_MONTHS,
        today: date | None = None,
        below: int = TOO_FEW,
    ) -> Impact:
        """For each theme the event answered, its share in the teams that attended and in
        the teams that did not, over the `months` before the event and after it."""
        self.desk.require(Op.SEE_FIGURES)
        if months < 1:
            raise ServiceError("compare over at least one month")
        event = self.events.event(event_id)
        if event is None:
            raise ServiceError(f"learning event {event_id} does not exist")
        this_month = (today or date.today()).strftime("%Y-%m")
        before, after = windows(event.held_on, months, this_month)
        attending = set(event.attending)
        # A theme merged or renamed since the event was planned is counted by its name now.
        current = {t.theme: self.events.theme_name(t.theme) or t.theme for t in event.themes}
        names = sorted(set(current.values()))

        def shares(span: tuple[str, str]) -> dict[tuple[str, str], tuple[Share, Share]]:
            if span[0] > span[1]:  # nothing after yet
                empty = (Share(0, 0, below), Share(0, 0, below))
                return {(t.theme, t.polarity): empty for t in event.themes}
            filters = Filters(month_from=span[0], month_to=span[1])
            audits = self._audits_by_team(filters)
            tagged = self._tagged_by_team(filters, names)
            went = sum(n for team, n in audits.items() if team in attending)
            rest = sum(n for team, n in audits.items() if team not in attending)
            out = {}
            for t in event.themes:
                by_team = tagged.get((current[t.theme], t.polarity), {})
                yes = sum(n for team, n in by_team.items() if team in attending)
                no = sum(n for team, n in by_team.items() if team not in attending)
                out[(t.theme, t.polarity)] = (Share(yes, went, below), Share(no, rest, below))
            return out

        then, now = shares(before), shares(after)
        return Impact(
            event=event,
            before=before,
            after=after,
            attending=sorted(attending),
            themes=[
                ThemeImpact(
                    theme=t.theme,
                    polarity=t.polarity,
                    attended_before=then[(t.theme, t.polarity)][0],
                    attended_after=now[(t.theme, t.polarity)][0],
                    others_before=then[(t.theme, t.polarity)][1],
                    others_after=now[(t.theme, t.polarity)][1],
                )
                for t in event.themes
            ],
        )
