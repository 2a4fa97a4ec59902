"""The demo's learning events: two practice workshops planned from its real areas for
development, with attendance from some teams, so the learning events screen (`L`) and
`qa-tui learning impact` have something to show, one of them a fall in the teams that went.

The demo's audits are random draws (pinned by tests/test_demo.py), so nothing is added
to them: the workshops are fitted to the history as it is. For each of the most tagged
areas for development and a few dates some months back, the teams whose share of audits
with the theme fell most from before to after are the ones that attended, while both
sides keep enough audits to show a share. Planned through the desks, like the rest.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta

from qa_tui.desks.audits import AuditDesk
from qa_tui.desks.demo_data import MODERATOR
from qa_tui.desks.learning import LearningDesk
from qa_tui.desks.learning_figures import LearningFigures
from qa_tui.domain.learning import DEFAULT_MONTHS, TOO_FEW, ThemeNeed, windows
from qa_tui.store.database import Store

FACILITATORS = ("Principal social worker", "Practice educator Sam Reid")
MONTHS_BACK = (3, 4, 5, 6, 7, 8, 9)  # when a workshop might have been, tried in this order


def _by_team(needs: Sequence[ThemeNeed], theme: str) -> dict[str, tuple[int, int]]:
    """{team: (audits tagged with the theme, audits)}; every theme's list of teams has
    every team with audits, so a theme not tagged at all counts 0 of each team's."""
    audits = {t.team: t.need.audits for t in needs[0].teams} if needs else {}
    tagged = {t.team: t.need.tagged for n in needs if n.theme == theme for t in n.teams}
    return {team: (tagged.get(team, 0), n) for team, n in audits.items()}


def _fitted(
    figures: LearningFigures, theme: str, held_on: date, today: date
) -> tuple[float, list[str]] | None:
    """The fall in the theme's share in the teams that would have attended, and those
    teams; None when no choice of teams has enough audits on both sides."""
    before, after = windows(held_on.isoformat(), DEFAULT_MONTHS, today.strftime("%Y-%m"))
    then = _by_team(figures.needs(*before, below=0), theme)
    now = _by_team(figures.needs(*after, below=0), theme)
    teams = sorted(set(then) & set(now))

    def fall(team: str) -> float:
        (tb, nb), (ta, na) = then[team], now[team]
        return tb / nb - ta / na

    went: list[str] = []
    for team in sorted(teams, key=lambda t: (-fall(t), t)):
        if fall(team) < 0:  # a team where it held steady still adds audits
            break
        went.append(team)
        nb = sum(then[t][1] for t in went)
        na = sum(now[t][1] for t in went)
        if nb >= TOO_FEW and na >= TOO_FEW and len(went) >= 2:
            share = sum(then[t][0] for t in went) / nb - sum(now[t][0] for t in went) / na
            if share > 0:
                return share, went
    return None


def add_workshops(store: Store, _rng: random.Random, today: date) -> None:
    """Two practice workshops on the demo's most tagged areas for development. The
    attendance is drawn from a generator of its own: the demo's draws stay as they were."""
    rng = random.Random(16)
    desk = AuditDesk(store, MODERATOR)
    figures, learning = LearningFigures(desk), LearningDesk(desk)
    themes = [n.theme for n in figures.needs(below=0)][:4]
    planned = 0
    for theme in themes:
        best: tuple[float, date, list[str]] | None = None
        for back in MONTHS_BACK:
            held_on = today - timedelta(days=round(back * 30.4))
            found = _fitted(figures, theme, held_on, today)
            if found and (best is None or found[0] > best[0]):
                best = (found[0], held_on, found[1])
        if best is None:
            continue
        _, held_on, went = best
        others = [t for t in learning.teams() if t not in went]
        invited = [*went, *rng.sample(others, min(1, len(others)))]
        made = learning.plan(
            "workshop",
            f"Practice workshop: {theme}",
            [theme],
            invited,
            held_on.isoformat(),
            FACILITATORS[planned % len(FACILITATORS)],
        )
        learning.record_attendance(
            made, {team: (rng.randint(3, 9) if team in went else 0) for team in invited}
        )
        planned += 1
        if planned == 2:
            break
    # A training need still to come: planned, nobody there yet.
    if themes:
        learning.plan(
            "training_need",
            f"Training: {themes[-1]}",
            [themes[-1]],
            learning.teams()[:2],
            (today + timedelta(days=30)).isoformat(),
            "Learning and development team",
        )
