"""Moderation a QA lead steers: which audits are moderated, by whom, blind or not, and
questions sent back to the auditor.

Selection by rule (every Inadequate and Outstanding plus the programme's share) stays;
a QA lead may also pick any submitted audit by hand, with a reason the queue keeps
("picked by hand: ..."). A programme carries its moderation share and whether its
moderations are blind by default.

A moderator is assigned under the rule auditors work under: a QA lead (once the
database has people), never the audit's own auditor, and never someone who belongs to
or manages the case's team. The rule is not relaxed for moderation, even in a programme
whose auditors' independence was: a moderator is the second look.

Blind moderation hides the auditor's grades (labels, overall, and the rationale and
override reason that argue for them) but shows their evidence and themes: the evidence
is what the moderator re-grades from. Once every criterion and the overall have an
agreed grade, the moderator reveals the auditor's grades; reasons for differences are
asked then, and the agreement figures count blind moderations like the rest
(`blind_agreement` reads them alone).

A send-back is a question to the auditor, answered by them (GRADE_AUDIT on their own
audit); the moderation cannot be completed while one is unanswered.
"""

from __future__ import annotations

from typing import Any

from qa_tui.desks.audits import AuditDesk, ServiceError
from qa_tui.desks.moderation import ModerationDesk, ModerationView
from qa_tui.domain.agreement import Agreement
from qa_tui.domain.people import Role
from qa_tui.domain.permissions import Op
from qa_tui.domain.text import clean_line, clean_typed
from qa_tui.store.database import StoreError
from qa_tui.store.moderation_steering import ModerationSteeringStore

# `ProgrammeStore` is imported where it is used: the home screen counts the questions sent
# back through this module at start-up, and programmes bring sampling and its pydantic
# models with them.

HAND = "picked by hand: "


class ModerationSteering:
    def __init__(self, desk: AuditDesk):
        self.desk = desk
        self.store = ModerationSteeringStore(desk.store)

    def _guard(self, call):  # type: ignore[no-untyped-def]
        try:
            return call()
        except StoreError as exc:
            raise ServiceError(str(exc)) from None

    def _programme_id(self, programme: str | int) -> int:
        from qa_tui.store.programmes import ProgrammeStore

        return int(self._guard(lambda: ProgrammeStore(self.desk.store).find(str(programme)).id))

    # -- the programme's terms -----------------------------------------------------------

    def terms(self, programme: str | int) -> dict[str, Any]:
        """The programme's moderation share (percent) and blind default."""
        self.desk.require(Op.STEER_MODERATION)
        row = self.store.programme_terms(self._programme_id(programme))
        return {
            "programme": row["name"],
            "share": float(row["moderation_percent"]),
            "blind": bool(row["moderation_blind"]),
        }

    def set_share(self, programme: str | int, percent: float) -> dict[str, Any]:
        """The share of audits (not Inadequate or Outstanding) drawn for moderation."""
        self.desk.require(Op.STEER_MODERATION)
        if not 0 <= percent <= 100:
            raise ServiceError("the moderation share is a percent from 0 to 100")
        programme_id = self._programme_id(programme)
        self._guard(
            lambda: self.store.set_programme(
                programme_id, "moderation_percent", float(percent), self.desk.user
            )
        )
        return self.terms(programme_id)

    def set_blind_default(self, programme: str | int, blind: bool) -> dict[str, Any]:
        """Whether the programme's audits are moderated blind unless chosen otherwise."""
        self.desk.require(Op.STEER_MODERATION)
        programme_id = self._programme_id(programme)
        self._guard(
            lambda: self.store.set_programme(
                programme_id, "moderation_blind", int(blind), self.desk.user
            )
        )
        return self.terms(programme_id)

    # -- the queue, steered --------------------------------------------------------------

    def _audit(self, audit_id: int) -> dict[str, Any]:
        row = self.store.audit_row(audit_id)
        if row is None:
            raise ServiceError(f"audit {audit_id} does not exist")
        return row

    def pick(self, audit_id: int, reason: str, blind: bool | None = None) -> dict[str, Any]:
        """Queue any submitted audit, with the reason; blind as the programme says unless
        `blind` is given. An audit already queued keeps its place and reason."""
        self.desk.require_on_audit(Op.STEER_MODERATION, audit_id)
        reason = clean_typed(reason).strip()
        if not reason:
            raise ServiceError("picking an audit by hand needs a reason")
        row = self._audit(audit_id)
        chosen = bool(row["programme_blind"]) if blind is None else blind
        queued = self._guard(
            lambda: self.store.pick(audit_id, HAND + reason, chosen, self.desk.user)
        )
        moderation = ModerationDesk(self.desk).store.moderation(audit_id) or {}
        return {**moderation, "newly_queued": queued}

    def set_blind(self, audit_id: int, blind: bool) -> None:
        """Blind or not, before the moderator grades anything."""
        self.desk.require_on_audit(Op.STEER_MODERATION, audit_id)
        self._guard(lambda: self.store.set_blind(audit_id, blind, self.desk.user))

    def moderators(self) -> list[str]:
        """Who may be assigned: the QA leads (none listed on a database with no people)."""
        self.desk.require(Op.STEER_MODERATION)
        return [p.user_name for p in self.desk.store.people() if p.has(Role.QA_LEAD)]

    def assign(self, audit_id: int, moderator: str) -> None:
        """Give the moderation to `moderator`: a QA lead, not the auditor, independent
        of the case's team. An empty name takes the assignment off."""
        self.desk.require_on_audit(Op.STEER_MODERATION, audit_id)
        name = clean_line(moderator).strip()
        row = self._audit(audit_id)
        if name:
            self._check_moderator(name, row)
        self._guard(lambda: self.store.assign(audit_id, name or None, self.desk.user))

    def _check_moderator(self, name: str, row: dict[str, Any]) -> None:
        if name == row["auditor"]:
            raise ServiceError(f"{name} audited this case: someone else must moderate it")
        from qa_tui.store.programmes import ProgrammeStore

        teams = {t.casefold() for t in ProgrammeStore(self.desk.store).auditor_teams([name])[name]}
        if self.desk.store.has_people():
            person = self.desk.store.person(name)
            if person is None or not person.has(Role.QA_LEAD):
                raise ServiceError(f"{name} is not a QA lead: moderators are QA leads")
            teams |= {t.casefold() for t in (*person.teams, *person.manages)}
        team = row["team"] or ""
        if team.casefold() in teams:
            raise ServiceError(f"{name} belongs to or manages {team}, so cannot moderate this case")

    def reveal(self, audit_id: int) -> ModerationView:
        """The moderator, having graded everything blind, sees the auditor's grades."""
        moderation = ModerationDesk(self.desk)
        view = moderation._editable(audit_id)
        if not view.hidden:
            raise ServiceError("this moderation is not blind, or is revealed already")
        missing = [c.id for c in view.audit.rubric.criteria if c.id not in view.answers] + (
            ["the overall"] if view.moderation["overall_grade_key"] is None else []
        )
        if missing:
            raise ServiceError(
                "grade every criterion and the overall before revealing the auditor's "
                f"grades (still to grade: {', '.join(missing)})"
            )
        self._guard(lambda: self.store.reveal(audit_id, self.desk.user))
        return moderation._view(audit_id)

    # -- send-backs ----------------------------------------------------------------------

    def send_back(self, audit_id: int, comment: str) -> int:
        """A question to the auditor; the moderation waits for their answer."""
        self.desk.require_on_audit(Op.STEER_MODERATION, audit_id)
        comment = clean_typed(comment).strip()
        if not comment:
            raise ServiceError("sending an audit back needs a comment for the auditor")
        return int(self._guard(lambda: self.store.send_back(audit_id, comment, self.desk.user)))

    def answer(self, audit_id: int, send_back_id: int, answer: str) -> None:
        """The auditor's answer (GRADE_AUDIT: their own audit)."""
        self.desk.require_on_audit(Op.GRADE_AUDIT, audit_id)
        answer = clean_typed(answer).strip()
        if not answer:
            raise ServiceError("an answer needs some text")
        self._guard(lambda: self.store.answer(audit_id, send_back_id, answer, self.desk.user))

    def send_backs(self, audit_id: int) -> list[dict[str, Any]]:
        """Every question sent back on this audit, with its answer (whoever may read it)."""
        self.desk.require_on_audit(Op.SEE_AUDIT, audit_id)
        return ModerationDesk(self.desk).store.send_backs(audit_id)

    def waiting_answers(self) -> list[dict[str, Any]]:
        """Questions sent back to me and not answered yet, for my home."""
        self.desk.require_signed_in()
        return self.store.waiting_answers(self.desk.user)

    # -- agreement of blind moderations --------------------------------------------------

    def blind_agreement(self, by: str) -> dict[str, Agreement]:
        """`ModerationDesk.agreement_by`, from blind moderations only: agreement the
        moderator could not be led to."""
        from qa_tui.desks.agreement_over_time import AgreementOverTime

        return AgreementOverTime(self.desk).within(by, blind_only=True)
