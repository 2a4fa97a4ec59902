"""Re-audits: "re-audit in N months" on a submitted audit, the QA lead's list of those
due and starting one, and the earlier audit read beside the re-audit.

A re-audit is a new audit of the same case, against the current version of the same
rubric, whose `previous_audit_id` names the earlier audit: the same link a repeat round
(`programmes repeat --same-cases`) makes, made by the same store code. Whether the case
got better is `domain.reaudits.change_between`, read through `store.reaudits`, so the
audit screen, the programme view and the exports never disagree.

Who may: setting or cancelling a schedule is SCHEDULE_REAUDIT (the audit's auditor, or
a QA lead); the list of those due and starting one is ASSIGN_AUDITS (a QA lead's, as
assigning is); reading the earlier audit is SEE_AUDIT on the re-audit; a round's
changes are RUN_PROGRAMMES, like the rest of the programme view.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from qa_tui.desks.audits import JUDGEMENT_MONTHS, LOOKBACK_MONTHS, AuditDesk, ServiceError
from qa_tui.domain.dates import months_before
from qa_tui.domain.permissions import Op
from qa_tui.domain.reaudits import Change, ReauditPair
from qa_tui.domain.records import NewAudit
from qa_tui.domain.sampling import assign_cases
from qa_tui.domain.text import clean_line, clean_typed
from qa_tui.store.database import StoreError
from qa_tui.store.programmes import ProgrammeStore
from qa_tui.store.reaudit_schedule import ReauditScheduleStore
from qa_tui.store.reaudits import reaudit_pairs

MAX_MONTHS = 36
SOON_DAYS = 14  # the QA lead's list shows what falls due in the next fortnight too
REAUDIT_DUE_DAYS = 14  # a started re-audit is due like an audit started by hand


@dataclass(frozen=True)
class DueReaudit:
    """A scheduled re-audit on the QA lead's list."""

    audit_id: int  # the earlier audit
    case_ref: str
    team: str
    rubric_id: str
    auditor: str  # who did the earlier audit
    earlier_label: str | None
    months: int
    due_on: str
    reason: str
    soon: bool  # not due yet, but within SOON_DAYS


@dataclass(frozen=True)
class EarlierGrade:
    """One criterion of the earlier audit: the grade that counts (moderated where done)."""

    criterion_id: str
    question: str
    grade_label: str | None
    grade_value: int | None
    not_applicable: bool
    moderated: bool

    @property
    def words(self) -> str:
        if self.not_applicable:
            return "Not applicable"
        return self.grade_label or "not graded"


@dataclass(frozen=True)
class EarlierAction:
    """A case action the earlier audit raised, and whether it was closed."""

    id: int
    what: str
    owner: str
    due_on: str
    closed: bool
    closed_on: str | None  # YYYY-MM-DD when closed
    closing_note: str


@dataclass(frozen=True)
class EarlierAudit:
    """What a re-auditor reads of the audit they look again at."""

    audit_id: int  # the re-audit
    previous_audit_id: int
    auditor: str
    submitted_on: str | None
    grades: dict[str, EarlierGrade]  # by criterion id
    actions: list[EarlierAction]
    pair: ReauditPair

    @property
    def earlier_overall(self) -> str | None:
        return self.pair.earlier_label

    @property
    def change(self) -> Change | None:
        """None until both audits are submitted with an overall grade."""
        return self.pair.change


class ReauditDesk:
    """Re-audits, over the same database and rubrics as the auditor's desk."""

    def __init__(self, desk: AuditDesk):
        self.desk = desk
        self.store = ReauditScheduleStore(desk.store)

    def _audit(self, audit_id: int) -> dict:
        try:
            return self.store.audit_row(audit_id)
        except StoreError as exc:
            raise ServiceError(str(exc)) from None

    # -- scheduling ------------------------------------------------------------------

    def schedule(self, audit_id: int, months: int, reason: str = "") -> date:
        """Set "re-audit in N months" on a submitted audit; returns the date it falls due
        (N months from the day it was submitted). A schedule not yet started may be
        replaced: the events keep the old one."""
        self.desk.require_on_audit(Op.SCHEDULE_REAUDIT, audit_id)
        if not 1 <= months <= MAX_MONTHS:
            raise ServiceError(f"a re-audit is set 1 to {MAX_MONTHS} months ahead, not {months}")
        audit = self._audit(audit_id)
        if audit["status"] != "submitted" or not audit["submitted_at"]:
            raise ServiceError(f"audit {audit_id} is not submitted: submit it first")
        submitted = date.fromisoformat(audit["submitted_at"][:10])
        due = months_before(submitted, -months)  # N months after
        try:
            self.store.set(
                audit_id, months, due.isoformat(), clean_typed(reason).strip(), self.desk.user
            )
        except StoreError as exc:
            raise ServiceError(str(exc)) from None
        return due

    def cancel(self, audit_id: int, reason: str) -> None:
        self.desk.require_on_audit(Op.SCHEDULE_REAUDIT, audit_id)
        reason = clean_typed(reason).strip()
        if not reason:
            raise ServiceError("cancelling a re-audit needs a reason")
        try:
            self.store.cancel(audit_id, reason, self.desk.user)
        except StoreError as exc:
            raise ServiceError(str(exc)) from None

    def scheduled(self, audit_id: int) -> dict | None:
        """The schedule on an audit (started or cancelled ones too), for its screen."""
        self.desk.require_on_audit(Op.SEE_AUDIT, audit_id)
        return self.store.schedule(audit_id)

    # -- the QA lead's list ---------------------------------------------------------------

    def due(self, today: date | None = None) -> list[DueReaudit]:
        """Schedules due on or before today, then those due within SOON_DAYS ("soon")."""
        self.desk.require(Op.ASSIGN_AUDITS)
        today = today or date.today()
        rows = self.store.waiting((today + timedelta(days=SOON_DAYS)).isoformat())
        return [
            DueReaudit(
                audit_id=r["audit_id"],
                case_ref=r["case_ref"],
                team=r["team"],
                rubric_id=r["rubric_id"],
                auditor=r["auditor"],
                earlier_label=r["earlier_label"],
                months=r["months"],
                due_on=r["due_on"],
                reason=r["reason"],
                soon=r["due_on"] > today.isoformat(),
            )
            for r in rows
        ]

    def start(self, audit_id: int, auditor: str, today: date | None = None) -> int:
        """Make the scheduled re-audit: a new audit of the same case, against the same
        rubric's current version, linked to the earlier audit, assigned to `auditor`
        if they are independent of the case's team. Returns the new audit's id."""
        self.desk.require(Op.ASSIGN_AUDITS)
        auditor = clean_line(auditor).strip()
        if not auditor:
            raise ServiceError("starting a re-audit needs the auditor who will do it")
        earlier = self._audit(audit_id)
        schedule = self.store.schedule(audit_id)
        if schedule is None or schedule["cancelled_at"]:
            raise ServiceError(f"audit {audit_id} has no re-audit scheduled")
        if schedule["started_audit_id"] is not None:
            raise ServiceError(
                f"the re-audit of audit {audit_id} was already started as audit "
                f"{schedule['started_audit_id']}"
            )
        if self.desk.store.has_people():
            person = self.desk.store.person(auditor)
            if person is None or person.disabled:
                raise ServiceError(f"{auditor} is not a person of this database")
        teams = ProgrammeStore(self.desk.store).auditor_teams([auditor])
        [fit] = assign_cases([(earlier["case_ref"], earlier["team"])], teams)
        if fit.auditor is None:
            raise ServiceError(
                f"{auditor} belongs to or manages {earlier['team']}, so cannot audit this case"
            )
        rubric = self.desk.current_rubric(earlier["rubric_id"])
        digest = self.desk.store.save_rubric_version(rubric)
        today = today or date.today()
        try:
            return self.store.start(
                audit_id,
                NewAudit(earlier["case_ref"], auditor, digest, audit_id),
                due_on=(today + timedelta(days=REAUDIT_DUE_DAYS)).isoformat(),
                lookback_from=months_before(today, LOOKBACK_MONTHS).isoformat(),
                judgement_from=months_before(today, JUDGEMENT_MONTHS).isoformat(),
                window_to=today.isoformat(),
                who=self.desk.user,
            )
        except StoreError as exc:
            raise ServiceError(str(exc)) from None

    # -- reading the earlier audit ----------------------------------------------------------

    def earlier(self, audit_id: int) -> EarlierAudit | None:
        """For a re-audit, the audit it looks again at; None for any other audit."""
        self.desk.require_on_audit(Op.SEE_AUDIT, audit_id)
        audit = self._audit(audit_id)
        previous = audit["previous_audit_id"]
        if previous is None:
            return None
        head = self.store.earlier_head(previous)
        assert head is not None  # a foreign key
        questions = {
            c.id: c.question for c in self.desk.store.rubric_version(head["rubric_hash"]).criteria
        }
        grades = {
            r["criterion_id"]: EarlierGrade(
                criterion_id=r["criterion_id"],
                question=questions.get(r["criterion_id"], r["criterion_id"]),
                grade_label=r["grade_label"],
                grade_value=r["grade_value"],
                not_applicable=bool(r["not_applicable"]),
                moderated=bool(r["moderated"]),
            )
            for r in self.store.earlier_answers(previous)
        }
        actions = [
            EarlierAction(
                id=r["id"],
                what=r["what"],
                owner=r["owner"],
                due_on=r["due_on"],
                closed=r["status"] == "done",
                closed_on=(r["closed_at"] or "")[:10] or None,
                closing_note=r["closing_note"],
            )
            for r in self.store.earlier_actions(previous)
        ]
        [pair] = reaudit_pairs(self.desk.store, audit_ids=[audit_id])
        return EarlierAudit(
            audit_id=audit_id,
            previous_audit_id=previous,
            auditor=head["auditor"],
            submitted_on=(head["submitted_at"] or "")[:10] or None,
            grades=grades,
            actions=actions,
            pair=pair,
        )

    # -- a round's changes ------------------------------------------------------------------

    def changes(self, programme: int | str) -> list[ReauditPair]:
        """Each re-audited case of a round (by id or name) beside its earlier audit."""
        self.desk.require(Op.RUN_PROGRAMMES)
        try:
            found = ProgrammeStore(self.desk.store).find(str(programme))
        except StoreError as exc:
            raise ServiceError(str(exc)) from None
        return reaudit_pairs(self.desk.store, programme_id=found.id)
