"""Feedback to practice: what the auditor told the worker or their manager about an
audit, how, when, and what they said back; and the rules a feedback record keeps.

A good audit ends in a conversation with the worker and their manager whose response is
recorded; a worker who disagrees says why, so their reasons can be read beside the
grades (by the moderator, the board, an inspector). The working-day arithmetic is here
too, so the dashboard's "feedback within N working days" is counted one way only.
No SQL, no Textual.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

GIVEN_TO_LABELS = {"worker": "Worker", "manager": "Manager"}
HOW_LABELS = {
    "in_person": "In person",
    "in_writing": "In writing",
    "by_phone": "By phone",
    "online": "Online",
}
RESPONSE_LABELS = {
    "agrees": "Agrees",
    "partly_agrees": "Partly agrees",
    "disagrees": "Disagrees",
    "not_yet": "Not yet given",
}
# Responses that say the worker does not (wholly) accept the findings: they need reasons.
NEEDS_REASONS = frozenset({"disagrees", "partly_agrees"})
DEFAULT_WORKING_DAYS = 10


@dataclass(frozen=True)
class FeedbackRecord:
    """One conversation: the worker and the manager are often told apart."""

    id: int
    audit_id: int
    given_to: str  # worker | manager
    given_to_name: str
    given_on: str  # YYYY-MM-DD
    how: str  # in_person | in_writing | by_phone | online
    response: str  # agrees | partly_agrees | disagrees | not_yet
    reasons: str
    reflection: str
    recorded_at: str
    recorded_by: str
    updated_at: str

    @property
    def given_to_label(self) -> str:
        return GIVEN_TO_LABELS.get(self.given_to, self.given_to)

    @property
    def how_label(self) -> str:
        return HOW_LABELS.get(self.how, self.how)

    @property
    def response_label(self) -> str:
        return RESPONSE_LABELS.get(self.response, self.response)


@dataclass(frozen=True)
class AwaitingFeedback:
    """A submitted audit of the auditor's with no feedback recorded yet."""

    audit_id: int
    case_ref: str
    team: str
    rubric_title: str
    submitted_on: str  # YYYY-MM-DD
    overall_grade_label: str | None


def _choice(value: str, labels: dict[str, str], what: str) -> list[str]:
    if value in labels:
        return []
    return [f"{what} must be one of {', '.join(labels)}, not {value!r}"]


def feedback_problems(
    *,
    given_to: str,
    given_on: str,
    how: str,
    response: str,
    reasons: str,
    submitted_on: date,
    today: date,
) -> list[str]:
    """Every reason a feedback record cannot be kept as it stands ([] when it can)."""
    problems = _choice(given_to, GIVEN_TO_LABELS, "given to")
    problems += _choice(how, HOW_LABELS, "how")
    problems += response_problems(response, reasons)
    try:
        day = date.fromisoformat(given_on.strip())
    except ValueError:
        problems.append(f"date given {given_on!r} is not a date (use YYYY-MM-DD)")
    else:
        if day > today:
            problems.append(f"feedback given on {day} is in the future")
        elif day < submitted_on:
            problems.append(
                f"feedback given on {day} is before the audit was submitted ({submitted_on})"
            )
    return problems


def response_problems(response: str, reasons: str) -> list[str]:
    problems = _choice(response, RESPONSE_LABELS, "response")
    if response in NEEDS_REASONS and not reasons.strip():
        said = RESPONSE_LABELS[response].lower()
        problems.append(f"a worker who {said} needs their reasons recorded")
    return problems


def add_working_days(start: date, days: int) -> date:
    """The day `days` working days (Monday to Friday) after `start`."""
    day = start
    while days > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


@dataclass(frozen=True)
class Timeliness:
    """Submitted audits and how soon their first feedback came (one team, or all).

    `pending` audits have no feedback yet but are still inside their N working days:
    they are neither late nor on time, so they are left out of the share."""

    team: str
    submitted: int = 0
    in_time: int = 0  # first feedback within N working days of submission
    late: int = 0  # first feedback after that
    missing: int = 0  # none yet, and the N working days have passed
    pending: int = 0  # none yet, still inside the N working days

    @property
    def due(self) -> int:
        """Audits whose feedback is due by now: the share's denominator."""
        return self.submitted - self.pending

    @property
    def share(self) -> float | None:
        return self.in_time / self.due if self.due else None

    def __add__(self, other: Timeliness) -> Timeliness:
        return Timeliness(
            self.team,
            self.submitted + other.submitted,
            self.in_time + other.in_time,
            self.late + other.late,
            self.missing + other.missing,
            self.pending + other.pending,
        )


def timeliness_of(
    team: str, audits: list[tuple[date, date | None]], days: int, today: date
) -> Timeliness:
    """Count (submitted on, first feedback on or None) pairs for one team."""
    in_time = late = missing = pending = 0
    for submitted, given in audits:
        deadline = add_working_days(submitted, days)
        if given is not None:
            if given <= deadline:
                in_time += 1
            else:
                late += 1
        elif today > deadline:
            missing += 1
        else:
            pending += 1
    return Timeliness(team, len(audits), in_time, late, missing, pending)


@dataclass(frozen=True)
class FeedbackTimeliness:
    """The dashboard figure: feedback within `days` working days, by team and in all."""

    days: int
    teams: tuple[Timeliness, ...]

    @property
    def total(self) -> Timeliness:
        return sum(self.teams, Timeliness("All teams"))
