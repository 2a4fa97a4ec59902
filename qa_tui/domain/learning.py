"""Learning events planned from the themes, and the figures that say whether they took.

A QA lead turns a theme into a practice workshop or a training need (DOMAIN: "learning
that reaches the workforce"). Whether it took is a comparison of shares: of the audits
of the teams that attended, the share tagged with the theme before the event and after
it, beside the same for the teams that did not. A share behind fewer audits than the
threshold is not shown ("too few audits"): a share of three audits moves by a third
with one child's file, and could point to that child.

Pure: no store, no clock (the desk passes today's month in).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

KINDS = {"workshop": "practice workshop", "training_need": "training need"}
TOO_FEW = 5  # audits behind a share under which the share is not shown
DEFAULT_MONTHS = 6


def kind_words(kind: str) -> str:
    return KINDS.get(kind, kind)


def parse_kind(text: str) -> str:
    """'workshop' or 'training_need' from what a person typed, or ValueError."""
    folded = text.strip().casefold().replace("-", " ").replace("_", " ")
    for kind, words in KINDS.items():
        if folded in (kind.replace("_", " "), words, words.split()[-1]):
            return kind
    raise ValueError(f"{text!r} is not a kind: use workshop or training_need")


@dataclass(frozen=True)
class EventTheme:
    theme: str
    polarity: str = "area_for_development"


@dataclass(frozen=True)
class EventTeam:
    team: str
    attended: int | None = None  # None until recorded


@dataclass(frozen=True)
class LearningEvent:
    id: int
    kind: str
    title: str
    held_on: str
    facilitator: str
    created_by: str
    themes: tuple[EventTheme, ...] = ()
    teams: tuple[EventTeam, ...] = ()

    @property
    def attending(self) -> list[str]:
        """The teams from which at least one person came."""
        return [t.team for t in self.teams if t.attended]

    @property
    def attendance_recorded(self) -> bool:
        return any(t.attended is not None for t in self.teams)

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["kind_words"] = kind_words(self.kind)
        return d


@dataclass(frozen=True)
class Share:
    """Audits tagged with a theme out of the audits behind it; the share only when the
    audits are `below` or more."""

    tagged: int
    audits: int
    below: int = TOO_FEW

    @property
    def too_few(self) -> bool:
        return self.audits < max(self.below, 1)

    @property
    def share(self) -> float | None:
        return None if self.too_few else self.tagged / self.audits

    def words(self) -> str:
        if self.too_few:
            return f"too few audits ({self.audits})" if self.audits else "no audits"
        return f"{self.tagged / self.audits * 100:.0f}% of {self.audits}"

    def as_dict(self) -> dict[str, Any]:
        """Counts under the threshold are not given: only that there were too few."""
        if self.too_few:
            return {"share": None, "audits": None, "tagged": None, "too_few": True}
        return {
            "share": round(self.tagged / self.audits, 4),
            "audits": self.audits,
            "tagged": self.tagged,
            "too_few": False,
        }


@dataclass(frozen=True)
class ThemeImpact:
    """One theme the event answered: before and after, attending and other teams."""

    theme: str
    polarity: str
    attended_before: Share
    attended_after: Share
    others_before: Share
    others_after: Share

    @staticmethod
    def _change(before: Share, after: Share) -> float | None:
        if before.share is None or after.share is None:
            return None
        return (after.share - before.share) * 100

    @property
    def attended_change(self) -> float | None:
        """Percentage points, after less before (negative: the theme is seen less)."""
        return self._change(self.attended_before, self.attended_after)

    @property
    def others_change(self) -> float | None:
        return self._change(self.others_before, self.others_after)

    def as_dict(self) -> dict[str, Any]:
        return {
            "theme": self.theme,
            "polarity": self.polarity,
            "attended": {
                "before": self.attended_before.as_dict(),
                "after": self.attended_after.as_dict(),
                "change_points": _round(self.attended_change),
            },
            "did_not_attend": {
                "before": self.others_before.as_dict(),
                "after": self.others_after.as_dict(),
                "change_points": _round(self.others_change),
            },
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


@dataclass(frozen=True)
class Impact:
    event: LearningEvent
    before: tuple[str, str]  # first and last month
    after: tuple[str, str]
    attending: list[str]
    themes: list[ThemeImpact] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "event": self.event.as_dict(),
            "before": {"from": self.before[0], "to": self.before[1]},
            "after": {"from": self.after[0], "to": self.after[1]},
            "attending_teams": self.attending,
            "themes": [t.as_dict() for t in self.themes],
        }


@dataclass(frozen=True)
class TeamNeed:
    team: str
    need: Share


@dataclass(frozen=True)
class ThemeNeed:
    """An area for development and where it is concentrated: its share per team."""

    theme: str
    overall: Share
    teams: list[TeamNeed]

    def as_dict(self) -> dict[str, Any]:
        return {
            "theme": self.theme,
            "overall": self.overall.as_dict(),
            "teams": [{"team": t.team, **t.need.as_dict()} for t in self.teams],
        }


def month_add(month: str, by: int) -> str:
    year, mm = (int(x) for x in month.split("-"))
    n = year * 12 + mm - 1 + by
    return f"{n // 12:04d}-{n % 12 + 1:02d}"


def windows(held_on: str, months: int, this_month: str) -> tuple[tuple[str, str], tuple[str, str]]:
    """The months before and after an event held on `held_on`. The event's own month is
    in neither (its audits are part before, part after); after ends at `this_month`."""
    month = held_on[:7]
    before = (month_add(month, -months), month_add(month, -1))
    last = min(month_add(month, months), this_month)
    return before, (month_add(month, 1), last)


def impact_lines(impact: Impact) -> list[str]:
    """The comparison in words, for the CLI and the app alike."""
    e = impact.event
    lines = [
        f"{e.title} on {e.held_on}: {impact.before[0]} to {impact.before[1]} against "
        + (
            f"{impact.after[0]} to {impact.after[1]}"
            if impact.after[0] <= impact.after[1]
            else "the months after it (none yet)"
        ),
        f"Teams that attended: {', '.join(impact.attending) or 'none recorded'}",
    ]
    for t in impact.themes:
        lines.append(f"{t.theme}:")
        for who, before, after, change in (
            ("attended", t.attended_before, t.attended_after, t.attended_change),
            ("did not attend", t.others_before, t.others_after, t.others_change),
        ):
            moved = "" if change is None else f" ({change:+.0f} pts)"
            lines.append(f"    {who}: before {before.words()}, after {after.words()}{moved}")
    return lines
