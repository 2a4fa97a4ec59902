"""Pure rules for dip sampling and fair assignment. No I/O.

A sample must be reproducible and explainable: the same case list, rule and seed give
the same sample on any machine, and every case in the cohort leaves with a reason
(sampled, excluded and why, or not drawn because its team's quota was met).
"""

from __future__ import annotations

import hashlib
import math
import random
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from pydantic import BaseModel, ConfigDict, Field, model_validator

from qa_tui.domain.dates import months_before

PROGRAMME_KINDS = (
    "dip_sample",
    "thematic",
    "repeat",
    "collaborative",
    "multi_agency",
    "supervision",
    "closure",
)


class SamplingRule(BaseModel):
    """Which cases form the cohort and how many to draw from each team."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    cohorts: list[str] = Field(default_factory=list, description="Empty: every cohort.")
    teams: list[str] = Field(default_factory=list, description="Empty: every team.")
    attributes: dict[str, list[str]] = Field(
        default_factory=dict, description="Case attribute -> allowed values, e.g. age band."
    )
    opened_since: date | None = None
    per_team: int | None = Field(default=None, ge=1, description="Cases drawn per team.")
    per_team_percent: float | None = Field(default=None, gt=0, le=100)
    per_team_minimum: int = Field(
        default=1, ge=0, description="With a percentage: at least this many."
    )
    exclude_audited_within_months: int = Field(default=12, ge=0)

    @model_validator(mode="after")
    def _one_quota(self) -> SamplingRule:
        if (self.per_team is None) == (self.per_team_percent is None):
            raise ValueError("give exactly one quota: per_team N or per_team_percent P")
        return self

    def quota(self, eligible: int) -> int:
        """How many to draw from a team with this many eligible cases."""
        if self.per_team is not None:
            return min(self.per_team, eligible)
        wanted = math.ceil(eligible * (self.per_team_percent or 0) / 100)
        return min(eligible, max(wanted, self.per_team_minimum))


@dataclass(frozen=True)
class CaseForSampling:
    case_ref: str
    team: str
    cohort: str | None
    opened_on: str | None
    status: str
    attributes: dict[str, str] = field(default_factory=dict)
    last_audited: str | None = None  # date of the latest submitted audit, ISO


@dataclass(frozen=True)
class Decision:
    case_ref: str
    team: str
    outcome: str  # sampled | excluded | not_drawn
    reason: str


@dataclass(frozen=True)
class Sample:
    decisions: list[Decision]
    cases_listed: int
    cohort_size: int

    def sampled(self) -> list[Decision]:
        return [d for d in self.decisions if d.outcome == "sampled"]

    def by_outcome(self) -> Counter[str]:
        return Counter(d.outcome for d in self.decisions)


def _in_cohort(case: CaseForSampling, rule: SamplingRule) -> bool:
    if rule.cohorts and (case.cohort or "").casefold() not in {c.casefold() for c in rule.cohorts}:
        return False
    if rule.teams and case.team.casefold() not in {t.casefold() for t in rule.teams}:
        return False
    attributes = {k.casefold(): v for k, v in case.attributes.items()}
    for name, allowed in rule.attributes.items():
        if attributes.get(name.casefold(), "").casefold() not in {a.casefold() for a in allowed}:
            return False
    return not (
        rule.opened_since
        and (case.opened_on is None or case.opened_on < rule.opened_since.isoformat())
    )


def _team_rng(seed: int, team: str) -> random.Random:
    """One generator per team, so adding a team never changes another team's draw."""
    digest = hashlib.sha256(f"{seed}:{team}".encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def draw_sample(
    cases: Iterable[CaseForSampling], rule: SamplingRule, seed: int, today: date
) -> Sample:
    """Draw the sample; the order cases arrive in never matters."""
    listed = 0
    cohort: list[CaseForSampling] = []
    for case in cases:
        listed += 1
        if _in_cohort(case, rule):
            cohort.append(case)
    cohort.sort(key=lambda c: c.case_ref)
    cutoff = (
        months_before(today, rule.exclude_audited_within_months).isoformat()
        if rule.exclude_audited_within_months
        else None
    )
    decisions: list[Decision] = []
    eligible: dict[str, list[CaseForSampling]] = defaultdict(list)
    for case in cohort:
        if case.status == "closed":
            decisions.append(Decision(case.case_ref, case.team, "excluded", "case is closed"))
        elif cutoff and case.last_audited and case.last_audited >= cutoff:
            decisions.append(
                Decision(
                    case.case_ref,
                    case.team,
                    "excluded",
                    f"audited on {case.last_audited}, within "
                    f"{rule.exclude_audited_within_months} months",
                )
            )
        else:
            eligible[case.team].append(case)
    for team in sorted(eligible):
        pool = eligible[team]
        quota = rule.quota(len(pool))
        chosen = {c.case_ref for c in _team_rng(seed, team).sample(pool, quota)}
        for case in pool:
            if case.case_ref in chosen:
                decisions.append(
                    Decision(
                        case.case_ref,
                        team,
                        "sampled",
                        f"drawn: {quota} of {len(pool)} eligible in team",
                    )
                )
            else:
                decisions.append(
                    Decision(case.case_ref, team, "not_drawn", f"team quota of {quota} met")
                )
    decisions.sort(key=lambda d: (d.team, d.case_ref))
    return Sample(decisions=decisions, cases_listed=listed, cohort_size=len(cohort))


@dataclass(frozen=True)
class Assignment:
    case_ref: str
    team: str
    auditor: str | None
    reason: str


def assign_cases(
    cases: Sequence[tuple[str, str]],
    auditors: dict[str, list[str]],
    load: dict[str, int] | None = None,
    *,
    relax_independence: bool = False,
) -> list[Assignment]:
    """Give each (case_ref, team) to the least-loaded auditor who is not of that team.

    `auditors` maps each auditor to the teams they belong to or manage; `load` is the
    work they already hold in this programme. Ties go to the name first in order, so
    the same inputs always give the same assignment. With `relax_independence`, an
    auditor of the case's team may be used, but only when no one else can be.
    """
    if not auditors:
        return [Assignment(ref, team, None, "no auditors given") for ref, team in cases]
    held = Counter({name: 0 for name in auditors})
    held.update(load or {})

    def independent_of(team: str) -> list[str]:
        return [
            a
            for a, teams in auditors.items()
            if team.casefold() not in {t.casefold() for t in teams}
        ]

    # The most constrained cases go first, so they are not left to a crowded few.
    ordered = sorted(cases, key=lambda c: (len(independent_of(c[1])), c[1], c[0]))
    result = []
    for case_ref, team in ordered:
        independent = independent_of(team)
        pool = independent or (list(auditors) if relax_independence else [])
        if not pool:
            result.append(
                Assignment(case_ref, team, None, f"every auditor belongs to or manages {team}")
            )
            continue
        chosen = min(pool, key=lambda a: (held[a], a))
        held[chosen] += 1
        reason = (
            "least loaded independent auditor"
            if independent
            else "independence relaxed: no independent auditor"
        )
        result.append(Assignment(case_ref, team, chosen, reason))
    result = _rebalance(result, {team: independent_of(team) for _ref, team in cases}, held)
    return sorted(result, key=lambda a: (a.team, a.case_ref))


def _rebalance(
    result: list[Assignment], independent: dict[str, list[str]], held: Counter[str]
) -> list[Assignment]:
    """Move independent cases along chains of auditors until no auditor holds two more
    than one they could pass work to (greedy alone can leave 3/2/1 where 2/2/2 fits)."""
    holder = {a.case_ref: a for a in result if a.auditor and a.reason.startswith("least")}
    while True:
        cases_of: dict[str, list[Assignment]] = defaultdict(list)
        for a in sorted(holder.values(), key=lambda a: a.case_ref):
            cases_of[a.auditor or ""].append(a)
        for source in sorted(cases_of, key=lambda name: (-held[name], name)):
            # Breadth-first over auditors: who could take a case off whom.
            came_from: dict[str, tuple[str, str]] = {}
            queue, seen, target = [source], {source}, None
            while queue and target is None:
                current = queue.pop(0)
                for a in cases_of[current]:
                    for other in sorted(independent[a.team]):
                        if other in seen:
                            continue
                        seen.add(other)
                        came_from[other] = (current, a.case_ref)
                        if held[other] <= held[source] - 2:
                            target = other
                            break
                        queue.append(other)
                    if target:
                        break
            if target is None:
                continue
            held[source] -= 1
            held[target] += 1
            node = target
            while node != source:
                previous, case_ref = came_from[node]
                holder[case_ref] = Assignment(
                    case_ref, holder[case_ref].team, node, holder[case_ref].reason
                )
                node = previous
            break
        else:
            break
    return [holder.get(a.case_ref, a) for a in result]
