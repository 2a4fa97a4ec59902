"""Multi-agency rounds: each sampled child audited once per agency, then one joint
judgement for the child agreed by the partnership.

The QA lead assigns a multi-agency round (`ASSIGN_AUDITS`) to one auditor per agency:
children's social care's own auditor and each partner agency's (a partner sees and
grades only their own audits, as the permission table says for every audit). Once every
agency has submitted its audit of a child, the QA lead reads the agencies' grades side by
side and records the agreed grade of each criterion and overall, the reason wherever the
agencies differed, and who took part (`JOINT_JUDGEMENT`); then marks it agreed, and it
no longer changes. The agency x criterion table is a figure (`SEE_FIGURES`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from qa_tui.desks.audit_view import AuditReading, ServiceError
from qa_tui.domain.dates import months_before
from qa_tui.domain.multi_agency import (
    JOINT,
    OVERALL,
    AgencyCell,
    AgencyGrade,
    agency_of,
    agency_table,
    agreed_grade,
    differ,
    parse_agency_auditor,
)
from qa_tui.domain.permissions import Op
from qa_tui.domain.records import NewAudit, Programme
from qa_tui.domain.rubric import criterion_name
from qa_tui.domain.text import clean_line, clean_typed
from qa_tui.store.database import StoreError
from qa_tui.store.multi_agency import MultiAgencyRecords
from qa_tui.store.programmes import ProgrammeStore

if TYPE_CHECKING:
    from qa_tui.domain.rubric import Rubric


@dataclass(frozen=True)
class JointCriterion:
    criterion_id: str  # '' the overall grade
    name: str
    agencies: list[AgencyGrade]
    agreed: dict[str, Any] | None  # value, label, not_applicable, reason

    @property
    def differ(self) -> bool:
        return differ(self.agencies)


@dataclass(frozen=True)
class JointView:
    """One child's agencies' grades side by side, and the joint judgement so far."""

    programme: Programme
    case_ref: str
    rubric: Rubric
    rubric_hash: str
    agencies: list[dict[str, Any]]  # agency, auditor, id, status
    criteria: list[JointCriterion]  # the overall grade first
    participants: list[dict[str, str]]
    agreed_at: str | None

    @property
    def waiting_for(self) -> list[str]:
        return [a["agency"] for a in self.agencies if a["status"] != "submitted"]

    @property
    def missing(self) -> list[str]:
        return [c.criterion_id or "overall" for c in self.criteria if c.agreed is None]

    def as_dict(self) -> dict[str, Any]:
        return {
            "programme": self.programme.name,
            "case_ref": self.case_ref,
            "rubric_id": self.rubric.id,
            "agreed_at": self.agreed_at,
            "participants": self.participants,
            "agencies": self.agencies,
            "criteria": [
                {
                    "criterion_id": c.criterion_id,
                    "agencies": {g.agency: g.text for g in c.agencies},
                    "agencies_differ": c.differ,
                    "joint": c.agreed,
                }
                for c in self.criteria
            ],
        }


class MultiAgencyDesk:
    def __init__(self, desk: AuditReading):
        self.desk = desk
        self.records = MultiAgencyRecords(desk.store)
        self.programmes = ProgrammeStore(desk.store)

    # -- assigning a round -------------------------------------------------------------

    def assign(
        self, programme: str | int, auditors: list[str], today: date | None = None
    ) -> list[tuple[str, str, int]]:
        """One audit per chosen child per agency (per rubric), for that agency's auditor.
        `auditors`: user names (their agency from their record) or `Agency=user`. Run
        again with another agency to add it; audits made before are kept."""
        self.desk.require(Op.ASSIGN_AUDITS)
        p = self._programme(programme)
        if p.kind != "multi_agency":
            raise ServiceError(f"{p.name} is a {p.kind} round: only a multi_agency round "
                               "audits each child once per agency")  # fmt: skip
        if p.status == "closed":
            raise ServiceError("this programme is closed")
        chosen = self.programmes.chosen_cases(p.id)
        if not chosen:
            raise ServiceError(f"{p.name} has no cases yet: draw its sample first")
        by_agency = self._agency_auditors(auditors)
        for agency, user in by_agency.items():
            teams = {t.casefold() for t in self.programmes.auditor_teams([user])[user]}
            own = [case for case, team in chosen if team.casefold() in teams]
            if own:
                raise ServiceError(
                    f"{user} ({agency}) belongs to or manages the team of {', '.join(own[:5])}: "
                    "choose an auditor from another team"
                )
        today = today or date.today()
        hashes = {
            rid: self.desk.store.save_rubric_version(self.desk.current_rubric(rid))
            for rid in p.rubric_ids
        }
        made = self.records.existing(p.id)
        # An agency added later grades the child against the version the other agencies
        # had, even if the rubric has changed since: one joint judgement, one version.
        ids_of = {d: self.desk.store.rubric_version(d).id for d in {m[2] for m in made}}
        had = {(case, ids_of[digest]): digest for case, _agency, digest in made}
        new = [
            (NewAudit(case, user, had.get((case, rid), hashes[rid]), None), agency)
            for case, _team in chosen
            for agency, user in by_agency.items()
            for rid in p.rubric_ids
            if (case, agency, had.get((case, rid), hashes[rid])) not in made
        ]
        if not new:
            raise ServiceError("every chosen case already has an audit for each agency named")
        ids = self._guard(
            lambda: self.records.create_audits(
                p,
                new,
                due_on=p.due_on or today.isoformat(),
                lookback_from=months_before(today, p.lookback_months).isoformat(),
                judgement_from=months_before(today, p.judgement_months).isoformat(),
                window_to=today.isoformat(),
                who=self.desk.user,
            )
        )
        return [(a.case_ref, agency, i) for (a, agency), i in zip(new, ids, strict=True)]

    def _agency_auditors(self, auditors: list[str]) -> dict[str, str]:
        """{agency: user}: one auditor per agency, each a person of the database (on a
        database with no people, the agency must be named)."""
        out: dict[str, str] = {}
        people = self.desk.store.has_people()
        for text in auditors:
            agency, user = parse_agency_auditor(clean_line(text))
            if not user:
                raise ServiceError(f"{text!r}: name the auditor (AGENCY=USER or USER)")
            if people:
                person = self.desk.store.person(user)
                if person is None or person.disabled:
                    raise ServiceError(f"{user} is not a person of this database")
                agency = agency or agency_of(person)
            elif agency is None:
                raise ServiceError(f"{user}: say which agency they audit for (AGENCY={user})")
            if agency in out:
                raise ServiceError(f"{agency} is named twice: one auditor per agency")
            out[agency] = user
        if not out:
            raise ServiceError("name at least one agency's auditor")
        return out

    # -- reading the round -------------------------------------------------------------

    def agencies(self, programme: str | int) -> list[dict[str, Any]]:
        """Each agency in the round, its auditors and how many of its audits are in."""
        self.desk.require(Op.JOINT_JUDGEMENT)
        return self.records.agencies(self._programme(programme).id)

    def children(self, programme: str | int) -> list[dict[str, Any]]:
        """Each child of the round with its agencies' progress and joint judgement."""
        self.desk.require(Op.JOINT_JUDGEMENT)
        return self.records.children(self._programme(programme).id)

    def joint(self, programme: str | int, case_ref: str, rubric_id: str | None = None) -> JointView:
        """The child's agencies' grades side by side, with the joint grades so far."""
        self.desk.require(Op.JOINT_JUDGEMENT)
        p = self._programme(programme)
        audits = self.records.audits_of(p.id, case_ref)
        hashes = sorted({a["rubric_hash"] for a in audits})
        rubrics = {h: self.desk.store.rubric_version(h) for h in hashes}
        if rubric_id is not None:
            hashes = [h for h in hashes if rubrics[h].id == rubric_id]
        if not hashes:
            raise ServiceError(f"{case_ref} has no agency audits in {p.name}"
                               + (f" against {rubric_id}" if rubric_id else ""))  # fmt: skip
        if len(hashes) > 1:
            ids = ", ".join(sorted(rubrics[h].id for h in hashes))
            raise ServiceError(f"{case_ref} is audited against more than one rubric: "
                               f"choose one ({ids})")  # fmt: skip
        digest = hashes[0]
        rubric = rubrics[digest]
        audits = [a for a in audits if a["rubric_hash"] == digest]
        grades: dict[str, list[AgencyGrade]] = {}
        for g in self.records.grades(p.id, case_ref):
            if g["rubric_hash"] != digest:
                continue
            grades.setdefault(g["criterion_id"], []).append(
                AgencyGrade(
                    g["agency"],
                    g["auditor"],
                    g["audit_id"],
                    g["status"] == "submitted",
                    g["value"],
                    g["label"],
                    bool(g["not_applicable"]),
                )
            )
        row = self.records.joint(p.id, case_ref, digest)
        agreed = {
            g["criterion_id"]: g for g in (self.records.joint_grades(row["id"]) if row else [])
        }
        order = [OVERALL, *(c.id for c in rubric.criteria)]
        names = {OVERALL: "Overall", **{c.id: criterion_name(c.id) for c in rubric.criteria}}
        return JointView(
            programme=p,
            case_ref=case_ref,
            rubric=rubric,
            rubric_hash=digest,
            agencies=audits,
            criteria=[
                JointCriterion(
                    cid,
                    names[cid],
                    grades.get(cid, []),
                    agreed_grade(agreed[cid]) if cid in agreed else None,
                )
                for cid in order
            ],
            participants=json.loads(row["participants"]) if row else [],
            agreed_at=row["agreed_at"] if row else None,
        )

    # -- the joint judgement -----------------------------------------------------------

    def grade(
        self,
        programme: str | int,
        case_ref: str,
        criterion_id: str,
        number: int | None,
        reason: str = "",
        rubric_id: str | None = None,
    ) -> JointView:
        """Record the agreed grade `number` (1 best; None: not applicable) of a criterion
        (`overall` or '' for the overall grade): once every agency has submitted, and with
        a reason where the agencies' grades differ."""
        view = self.joint(programme, case_ref, rubric_id)
        cid = "" if criterion_id in ("", "overall") else criterion_id
        line = next((c for c in view.criteria if c.criterion_id == cid), None)
        if line is None:
            known = ", ".join(c.id for c in view.rubric.criteria)
            raise ServiceError(f"no criterion {criterion_id!r} (known: overall, {known})")
        if view.agreed_at is not None:
            raise ServiceError(f"{case_ref}'s joint judgement is agreed and no longer changes")
        if view.waiting_for:
            raise ServiceError("wait for every agency's audit to be submitted: "
                               + ", ".join(view.waiting_for) + " not yet")  # fmt: skip
        reason = clean_typed(reason).strip()
        if line.differ and not reason:
            raise ServiceError(f"the agencies graded {criterion_id or 'overall'} differently: "
                               "say why the partnership agreed this grade")  # fmt: skip
        if cid:
            criterion = view.rubric.criterion(cid)
            scale = view.rubric.scale_for(criterion)
            may_be_na = criterion.not_applicable or criterion.applies is not None
        else:
            scale, may_be_na = view.rubric.overall, False
        grade: tuple[str, int, str] | None
        if number is None:
            if not may_be_na:
                raise ServiceError(f"{criterion_id or 'overall'} cannot be not applicable")
            grade = None
        elif not 1 <= number <= len(scale.grades):
            raise ServiceError(f"{criterion_id or 'overall'}'s scale has grades 1 to "
                               f"{len(scale.grades)}")  # fmt: skip
        else:
            g = scale.by_value(number)
            grade = (g.key, number, g.label)
        digest = view.rubric_hash
        joint_id = self._guard(
            lambda: self.records.begin_joint(view.programme.id, case_ref, digest, self.desk.user)
        )
        self._guard(lambda: self.records.set_grade(joint_id, cid, grade, reason, self.desk.user))
        return self.joint(view.programme.id, case_ref, view.rubric.id)

    def set_participants(
        self, programme: str | int, case_ref: str, names: list[str], rubric_id: str | None = None
    ) -> JointView:
        """Who took part in agreeing it: `Agency=Name` each (or a name alone)."""
        view = self.joint(programme, case_ref, rubric_id)
        if view.agreed_at is not None:
            raise ServiceError(f"{case_ref}'s joint judgement is agreed and no longer changes")
        people = []
        for text in names:
            agency, name = parse_agency_auditor(clean_line(text))
            if name:
                people.append({"name": name, "agency": agency or ""})
        if not people:
            raise ServiceError("name who took part (AGENCY=NAME for each)")
        digest = view.rubric_hash
        joint_id = self._guard(
            lambda: self.records.begin_joint(view.programme.id, case_ref, digest, self.desk.user)
        )
        self._guard(lambda: self.records.set_participants(joint_id, people, self.desk.user))
        return self.joint(view.programme.id, case_ref, view.rubric.id)

    def agree(self, programme: str | int, case_ref: str, rubric_id: str | None = None) -> JointView:
        """Settle the child's joint judgement: every criterion and overall agreed, and
        who took part said; it no longer changes."""
        view = self.joint(programme, case_ref, rubric_id)
        if view.agreed_at is not None:
            raise ServiceError(f"{case_ref}'s joint judgement is already agreed")
        if view.missing:
            raise ServiceError("agree a grade first for: " + ", ".join(view.missing))
        if not view.participants:
            raise ServiceError("say who took part first")
        row = self.records.joint(view.programme.id, case_ref, view.rubric_hash)
        assert row is not None  # grades were agreed, so it was begun
        self._guard(lambda: self.records.agree(row["id"], self.desk.user))
        return self.joint(view.programme.id, case_ref, view.rubric.id)

    # -- figures -----------------------------------------------------------------------

    def rounds(self) -> list[Programme]:
        """The multi-agency rounds, the latest first (by due date, else made last)."""
        self.desk.require(Op.SEE_FIGURES)
        found = [p for p in self.programmes.all() if p.kind == "multi_agency"]
        return sorted(found, key=lambda p: (p.due_on or "9999-12-31", p.id), reverse=True)

    def by_agency(
        self, programme: str | int
    ) -> tuple[Programme, list[tuple[Rubric, list[AgencyCell]]]]:
        """The round, and each rubric's agency x criterion grades (submitted audits
        only), the agreed joint judgements beside them as the last agency."""
        self.desk.require(Op.SEE_FIGURES)
        p = self._programme(programme)
        submitted = [g for g in self.records.grades(p.id) if g["status"] == "submitted"]
        joint = self.records.agreed_grades(p.id)
        out = []
        digests = {g["rubric_hash"] for g in submitted} | {j["rubric_hash"] for j in joint}
        for digest in sorted(digests):
            rubric = self.desk.store.rubric_version(digest)
            sizes = {c.id: len(rubric.scale_for(c).grades) for c in rubric.criteria}
            sizes[OVERALL] = len(rubric.overall.grades)
            rows = [
                (g["agency"], g["criterion_id"], g["value"], g["label"], bool(g["not_applicable"]))
                for g in submitted
                if g["rubric_hash"] == digest
            ] + [
                (JOINT, j["criterion_id"], j["value"], j["label"], bool(j["not_applicable"]))
                for j in joint
                if j["rubric_hash"] == digest
            ]
            agencies = sorted({r[0] for r in rows if r[0] != JOINT}) + [JOINT]
            criteria = [OVERALL, *(c.id for c in rubric.criteria)]
            yes_no = frozenset(c.id for c in rubric.criteria if c.kind == "compliance")
            out.append((rubric, agency_table(rows, sizes, agencies, criteria, yes_no)))
        return p, out

    # -- helpers -----------------------------------------------------------------------

    def _programme(self, programme: str | int) -> Programme:
        return self._guard(lambda: self.programmes.find(str(programme)))

    @staticmethod
    def _guard(call):  # type: ignore[no-untyped-def]
        try:
            return call()
        except StoreError as exc:
            raise ServiceError(str(exc)) from None
