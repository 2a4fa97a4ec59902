"""What each role sees first after signing in, read once for the screen that shows it.

A QA lead's desk answers "what needs me today?": audit rounds still open and how far
along they are, audits waiting for moderation, escalations still open and case actions
past their date, and action plan items falling behind. A team manager's home is their
teams' audits (grades, who audited, when) and the escalations and case actions those
teams still owe. Each read asks the permission table first, as every desk does.

Plain records only: the screens format them, and nothing here knows about a terminal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from qa_tui.desks.audits import AuditDesk
from qa_tui.desks.follow_ups import FollowUp, FollowUps
from qa_tui.desks.moderation import ModerationDesk
from qa_tui.desks.opening import plan_desk
from qa_tui.desks.programmes import ProgrammeDesk
from qa_tui.domain.permissions import Facts, Op
from qa_tui.domain.plan_records import ActionItem
from qa_tui.store.role_homes import RoleHomeStore

PLAN_BEHIND = ("off_track", "at_risk")  # worst first: the statuses a board asks about


@dataclass(frozen=True)
class RoundDue:
    """An audit round not yet closed, with how far its audits have got."""

    id: int
    name: str
    status: str  # draft (not sampled or assigned yet) | open
    due_on: str | None
    audits: int
    submitted: int
    overdue: int  # audits past their own due date and not submitted

    def days_left(self, today: date) -> int | None:
        """Days until the round is due (negative once past), or None without a date."""
        return None if not self.due_on else (date.fromisoformat(self.due_on) - today).days


@dataclass(frozen=True)
class WaitingModeration:
    """A submitted audit in the moderation queue."""

    audit_id: int
    case_ref: str
    team: str
    auditor: str
    grade: str | None  # the auditor's overall grade
    submitted_at: str | None
    selected_because: str


@dataclass(frozen=True)
class LeadDeskFigures:
    """Everything on the QA lead's desk, as of `today`."""

    today: date
    rounds: list[RoundDue]
    moderation_waiting: int
    moderation_oldest: str | None  # when the longest-waiting audit was submitted
    moderation_first: list[WaitingModeration]  # the queue's order: Inadequate, then oldest
    escalations: list[FollowUp]  # open, oldest first: each a child who may be unsafe
    overdue_actions: list[FollowUp]  # open case actions past their date, most overdue first
    plan_items: int  # items on the plan
    plan_behind: list[ActionItem]  # off track, then at risk


@dataclass(frozen=True)
class TeamAudit:
    """One audit of a managed team's case, as the manager's list shows it."""

    id: int
    case_ref: str
    team: str
    rubric_title: str
    auditor: str
    status: str  # to_do | in_progress | submitted
    due_on: str | None
    submitted_at: str | None
    overall_grade_label: str | None
    moderated_label: str | None  # the moderated overall grade, once moderation is done

    @property
    def grade(self) -> str | None:
        """The grade that stands: the moderated one once moderation is done."""
        return self.moderated_label or self.overall_grade_label


class RoleHomes:
    """The role homes' reads, for the person at `desk`."""

    def __init__(self, desk: AuditDesk):
        self.desk = desk
        self.store = RoleHomeStore(desk.store)

    # -- the QA lead's desk ------------------------------------------------------------

    def rounds_due(self, today: date | None = None) -> list[RoundDue]:
        """Rounds not yet closed, soonest due first, with their audits counted in one read."""
        self.desk.require(Op.RUN_PROGRAMMES)
        day = (today or date.today()).isoformat()
        rounds = [p for p in ProgrammeDesk(self.desk).all() if p.status != "closed"]
        counts = self.store.round_counts([p.id for p in rounds], day)
        empty = {"audits": 0, "submitted": 0, "overdue": 0}
        return [
            RoundDue(p.id, p.name, p.status, p.due_on, **counts.get(p.id, empty)) for p in rounds
        ]

    def moderation_waiting(self, first: int = 8) -> tuple[int, str | None, list[WaitingModeration]]:
        """How many audits wait for moderation, since when, and the first `first` of them."""
        self.desk.require(Op.MODERATE)
        moderation = ModerationDesk(self.desk)
        rows = moderation.queue("waiting", first)
        return (
            moderation.queue_size("waiting"),
            self.store.oldest_waiting_moderation(),
            [
                WaitingModeration(
                    audit_id=r["audit_id"],
                    case_ref=r["case_ref"],
                    team=r["team"],
                    auditor=r["auditor"],
                    grade=r["auditor_label"],
                    submitted_at=r["submitted_at"],
                    selected_because=r["selected_because"],
                )
                for r in rows
            ],
        )

    def follow_ups_due(self, today: date | None = None) -> tuple[list[FollowUp], list[FollowUp]]:
        """Open escalations (due at once, so all of them) and case actions past their date."""
        self.desk.require(Op.SEE_FOLLOW_UPS)
        day = today or date.today()
        items = FollowUps(self.desk).list()
        escalations = [i for i in items if i.kind == "escalation" and i.status == "open"]
        overdue = sorted(
            (i for i in items if i.kind == "action" and i.overdue(day)),
            key=lambda i: (i.due_on or "", i.id),
        )
        return escalations, overdue

    def plan_behind(self, today: date | None = None) -> tuple[int, list[ActionItem]]:
        """How many items the plan has, and those off track or at risk (worst first)."""
        self.desk.require(Op.SEE_PLAN)
        items = plan_desk(self.desk).items(today or date.today())
        behind = sorted(
            (i for i in items if i.status in PLAN_BEHIND),
            key=lambda i: (PLAN_BEHIND.index(i.status), i.due_on or "9999", i.id),
        )
        return len(items), behind

    def lead_desk(self, today: date | None = None, first: int = 8) -> LeadDeskFigures:
        day = today or date.today()
        waiting, oldest, queue = self.moderation_waiting(first)
        escalations, overdue = self.follow_ups_due(day)
        plan_items, behind = self.plan_behind(day)
        return LeadDeskFigures(
            today=day,
            rounds=self.rounds_due(day),
            moderation_waiting=waiting,
            moderation_oldest=oldest,
            moderation_first=queue,
            escalations=escalations,
            overdue_actions=overdue,
            plan_items=plan_items,
            plan_behind=behind,
        )

    # -- a manager's teams ---------------------------------------------------------------

    def managed_teams(self) -> tuple[str, ...]:
        """The teams the person at the desk manages."""
        return self.desk.person.manages

    def _teams(self, teams: Sequence[str] | None) -> tuple[str, ...]:
        """The teams asked for (the managed ones by default), each one the person may read."""
        chosen = tuple(teams) if teams is not None else self.managed_teams()
        for team in chosen:
            self.desk.require(Op.SEE_AUDIT, Facts(team=team))
        return chosen

    def team_audits(
        self, teams: Sequence[str] | None = None, *, limit: int = -1, offset: int = 0
    ) -> list[TeamAudit]:
        """The teams' audits, under way first (by due date), then submitted, newest first."""
        return [
            TeamAudit(**r)
            for r in self.store.team_audits(self._teams(teams), limit=limit, offset=offset)
        ]

    def team_audit_counts(
        self, teams: Sequence[str] | None = None, today: date | None = None
    ) -> dict[str, int]:
        """The teams' audits by status (to_do, in_progress, submitted) and overdue."""
        day = (today or date.today()).isoformat()
        return self.store.team_audit_counts(self._teams(teams), day)

    def team_follow_ups(self, teams: Sequence[str] | None = None) -> list[FollowUp]:
        """The teams' open escalations (oldest first), then their open case actions."""
        self.desk.require(Op.SEE_FOLLOW_UPS)
        return [FollowUp(**r) for r in self.store.team_follow_ups(self._teams(teams))]
