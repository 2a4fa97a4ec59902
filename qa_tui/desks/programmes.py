"""The QA lead's use cases: audit rounds, their samples, fair assignment, repeats.

Shared by the command line and the TUI. Every choice the tool makes (which cases,
why others were left out, who audits what) is recorded so it can be explained later.

Each use case asks first whether the person at the desk may: running rounds (and reading
them: these are a QA lead's screens) is RUN_PROGRAMMES, assigning is ASSIGN_AUDITS, the
teams auditors belong to are SET_TEAMS to change and SEE_PEOPLE to read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from qa_tui.desks.audits import AuditDesk, ServiceError
from qa_tui.domain.dates import months_before
from qa_tui.domain.permissions import Op
from qa_tui.domain.records import NewAudit, Programme
from qa_tui.domain.sampling import (
    PROGRAMME_KINDS,
    Assignment,
    Decision,
    Sample,
    SamplingRule,
    assign_cases,
    draw_sample,
)
from qa_tui.domain.text import clean_line, clean_typed
from qa_tui.store.database import StoreError
from qa_tui.store.programmes import ProgrammeStore


@dataclass(frozen=True)
class Progress:
    programme: Programme
    chosen: int
    by_auditor: list[dict]
    by_team: list[dict]

    @property
    def totals(self) -> dict[str, int]:
        keys = ("audits", "started", "submitted", "overdue")
        return {k: sum(row[k] or 0 for row in self.by_auditor) for k in keys}


class ProgrammeDesk:
    """A QA lead's desk, over the same database and rubrics as the auditor's."""

    def __init__(self, desk: AuditDesk):
        self.desk = desk
        self.store = ProgrammeStore(desk.store)

    @property
    def user(self) -> str:
        return self.desk.user

    def _guard(self, call):  # type: ignore[no-untyped-def]
        try:
            return call()
        except StoreError as exc:
            raise ServiceError(str(exc)) from None

    # -- programmes ------------------------------------------------------------------

    def create(
        self,
        *,
        name: str,
        kind: str,
        rubric_ids: list[str],
        owner: str,
        due_on: date | None = None,
        lookback_months: int = 12,
        judgement_months: int = 6,
        repeat_of: int | None = None,
    ) -> Programme:
        self.desk.require(Op.RUN_PROGRAMMES)
        name = clean_line(name).strip()
        if not name:
            raise ServiceError("a programme needs a name")
        if kind not in PROGRAMME_KINDS:
            raise ServiceError(f"type {kind!r} is not one of {', '.join(PROGRAMME_KINDS)}")
        if not rubric_ids:
            raise ServiceError("a programme needs at least one rubric")
        for rubric_id in rubric_ids:
            self.desk.current_rubric(rubric_id)  # raises with the known ids
        if not 1 <= judgement_months <= lookback_months:
            raise ServiceError("the judgement period must be within the look-back period")
        programme_id = self._guard(
            lambda: self.store.create(
                name=name,
                kind=kind,
                rubric_ids=rubric_ids,
                lookback_months=lookback_months,
                judgement_months=judgement_months,
                due_on=due_on.isoformat() if due_on else None,
                owner=clean_line(owner).strip() or self.user,
                repeat_of=repeat_of,
                who=self.user,
            )
        )
        return self.store.get(programme_id)

    def get(self, name_or_id: str | int) -> Programme:
        self.desk.require(Op.RUN_PROGRAMMES)
        return self._guard(lambda: self.store.find(str(name_or_id)))

    def all(self) -> list[Programme]:
        self.desk.require(Op.RUN_PROGRAMMES)
        return self.store.all()

    def close(self, programme_id: int) -> None:
        self.desk.require(Op.RUN_PROGRAMMES)
        self.store.set_status(programme_id, "closed", self.user)

    # -- sampling --------------------------------------------------------------------

    def preview(
        self, programme_id: int, rule: SamplingRule, seed: int, today: date | None = None
    ) -> Sample:
        """The would-be sample: nothing is written."""
        self.desk.require(Op.RUN_PROGRAMMES)
        self.store.get(programme_id)
        return draw_sample(self.store.cases_for_sampling(), rule, seed, today or date.today())

    def draw(
        self, programme_id: int, rule: SamplingRule, seed: int, today: date | None = None
    ) -> Sample:
        self.desk.require(Op.RUN_PROGRAMMES)
        sample = self.preview(programme_id, rule, seed, today)
        self._guard(
            lambda: self.store.save_sample(
                programme_id,
                rule.model_dump(mode="json"),
                seed,
                sample.cases_listed,
                sample.cohort_size,
                sample.decisions,
                self.user,
            )
        )
        return sample

    def add_case(self, programme_id: int, case_ref: str, reason: str) -> None:
        self.desk.require(Op.RUN_PROGRAMMES)
        if not clean_typed(reason).strip():
            raise ServiceError("adding a case by hand needs a reason (e.g. inspector's request)")
        self._guard(lambda: self.store.get(programme_id))
        reason = clean_typed(reason).strip()
        self._guard(lambda: self.store.set_case(programme_id, case_ref, "added", reason, self.user))

    def remove_case(self, programme_id: int, case_ref: str, reason: str) -> None:
        self.desk.require(Op.RUN_PROGRAMMES)
        if not clean_typed(reason).strip():
            raise ServiceError("removing a case from the sample needs a reason")
        self._guard(lambda: self.store.get(programme_id))
        if case_ref in self.store.assigned_cases(programme_id):
            raise ServiceError(f"{case_ref} already has an audit in this programme")
        self._guard(
            lambda: self.store.set_case(
                programme_id, case_ref, "removed", clean_typed(reason).strip(), self.user
            )
        )

    def decisions(self, programme_id: int, outcome: str | None = None) -> list[Decision]:
        self.desk.require(Op.RUN_PROGRAMMES)
        return self.store.decisions(programme_id, outcome)

    # -- auditors and assignment -------------------------------------------------------

    def set_auditor_teams(self, name: str, teams: list[str]) -> None:
        self.desk.require(Op.SET_TEAMS)
        self.store.set_auditor_teams(
            name.strip(), [t.strip() for t in teams if t.strip()], self.user
        )

    def auditor_teams(self) -> dict[str, list[str]]:
        self.desk.require(Op.SEE_PEOPLE)
        return self.store.auditor_teams()

    def plan_assignment(
        self, programme_id: int, auditors: list[str], relax_reason: str = ""
    ) -> list[Assignment]:
        """Who would audit each case not yet assigned: nothing is written."""
        self.desk.require(Op.ASSIGN_AUDITS)
        if self._guard(lambda: self.store.get(programme_id)).kind == "multi_agency":
            raise ServiceError(
                "a multi-agency round is assigned one auditor per agency: `qa-tui "
                "multi-agency assign`, or j then a on the programmes screen"
            )
        if not auditors:
            raise ServiceError("name at least one auditor")
        waiting = [
            c
            for c in self.store.chosen_cases(programme_id)
            if c[0] not in self.store.assigned_cases(programme_id)
        ]
        return assign_cases(
            waiting,
            self.store.auditor_teams(auditors),
            self.store.load(programme_id),
            relax_independence=bool(clean_typed(relax_reason).strip()),
        )

    def assign(
        self,
        programme_id: int,
        auditors: list[str],
        relax_reason: str = "",
        today: date | None = None,
    ) -> list[Assignment]:
        """Create each chosen case's audits (one per rubric) for its auditor."""
        self.desk.require(Op.ASSIGN_AUDITS)
        programme = self.store.get(programme_id)
        if programme.status == "closed":
            raise ServiceError("this programme is closed")
        plan = self.plan_assignment(programme_id, auditors, relax_reason)
        unassigned = [a for a in plan if a.auditor is None]
        if unassigned:
            names = ", ".join(f"{a.case_ref} ({a.reason})" for a in unassigned[:5])
            raise ServiceError(
                f"{len(unassigned)} case(s) have no independent auditor: {names}; add an "
                "auditor from another team, or relax the rule with a reason"
            )
        today = today or date.today()
        hashes = {
            rid: self.desk.store.save_rubric_version(self.desk.current_rubric(rid))
            for rid in programme.rubric_ids
        }
        new = [
            NewAudit(
                a.case_ref,
                a.auditor or "",
                hashes[rid],
                self.store.previous_audit(programme.repeat_of, a.case_ref, rid)
                if programme.repeat_of
                else None,
            )
            for a in plan
            for rid in programme.rubric_ids
        ]
        relaxed = (
            clean_typed(relax_reason).strip()
            if any(a.reason.startswith("independence relaxed") for a in plan)
            else ""
        )
        self._guard(
            lambda: self.store.create_audits(
                programme,
                new,
                due_on=(programme.due_on or today.isoformat()),
                lookback_from=months_before(today, programme.lookback_months).isoformat(),
                judgement_from=months_before(today, programme.judgement_months).isoformat(),
                window_to=today.isoformat(),
                relaxed_reason=relaxed,
                who=self.user,
            )
        )
        return plan

    def reassign_case(self, programme_id: int, case_ref: str, auditor: str, reason: str) -> int:
        """Move every open audit of a case in this programme; returns how many moved."""
        self.desk.require(Op.ASSIGN_AUDITS)
        audits = self.store.open_audits_of_case(programme_id, case_ref)
        if not audits:
            raise ServiceError(f"{case_ref} has no open audit in this programme")
        for audit_id in audits:
            self.reassign(audit_id, auditor, reason)
        return len(audits)

    def reassign(self, audit_id: int, auditor: str, reason: str) -> None:
        """Move an audit; the independence rule holds unless its programme relaxed it."""
        self.desk.require(Op.ASSIGN_AUDITS)
        auditor, reason = clean_line(auditor).strip(), clean_typed(reason).strip()
        if not reason or not auditor:
            raise ServiceError("reassigning an audit needs the new auditor and a reason")
        programme_id, team = self.store.programme_and_team_of(audit_id)
        if programme_id is not None and team is not None:
            programme = self.store.get(programme_id)
            teams = self.store.auditor_teams([auditor])[auditor]
            if (
                team.casefold() in {t.casefold() for t in teams}
                and not programme.independence_relaxed
            ):
                raise ServiceError(
                    f"{auditor} belongs to or manages {team}, so cannot audit this case"
                )
        self._guard(lambda: self.store.reassign(audit_id, auditor, reason, self.user))

    # -- repeats and progress ------------------------------------------------------------

    def repeat(
        self,
        programme_id: int,
        *,
        name: str,
        seed: int | None = None,
        same_cases: bool = False,
        due_on: date | None = None,
        owner: str | None = None,
        today: date | None = None,
    ) -> Programme:
        """A new round of an earlier programme: same rubrics and rule, new seed or same cases."""
        self.desk.require(Op.RUN_PROGRAMMES)
        earlier = self.store.get(programme_id)
        if earlier.rule is None and not same_cases:
            raise ServiceError(f"{earlier.name} has no sample to repeat")
        if seed is None and not same_cases:  # before creating, so nothing is left half-made
            raise ServiceError("a repeat with a new sample needs a seed")
        repeat = self.create(
            name=name,
            kind="repeat",
            rubric_ids=earlier.rubric_ids,
            owner=owner or earlier.owner,
            due_on=due_on,
            lookback_months=earlier.lookback_months,
            judgement_months=earlier.judgement_months,
            repeat_of=earlier.id,
        )
        if same_cases:
            for case_ref, _team in self.store.chosen_cases(earlier.id):
                self.store.set_case(
                    repeat.id, case_ref, "added", f"same case as {earlier.name}", self.user
                )
        else:
            assert earlier.rule is not None and seed is not None
            self.draw(repeat.id, SamplingRule.model_validate(earlier.rule), seed, today)
        return self.store.get(repeat.id)

    def progress(self, programme_id: int, today: date | None = None) -> Progress:
        self.desk.require(Op.RUN_PROGRAMMES)
        programme = self.store.get(programme_id)
        day = (today or date.today()).isoformat()
        return Progress(
            programme=programme,
            chosen=len(self.store.chosen_cases(programme_id)),
            by_auditor=self.store.progress(programme_id, day, "auditor"),
            by_team=self.store.progress(programme_id, day, "team"),
        )
