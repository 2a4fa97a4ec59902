"""The QA lead's moderation: re-grade a queued audit criterion by criterion.

Submitted audits join the queue by rule (every Inadequate and Outstanding, plus a
seeded share of the rest, recorded with the draw). The moderator's grade never
overwrites the auditor's: both are kept, and a difference needs a reason, which the
auditor then reads on their home screen.

Moderation is a QA lead's, and never of their own audit (judged on the audit's auditor
as it stands, so assigning an audit to oneself does not get round it); the agreement
figures are for whoever reads the dashboard.

A QA lead steers the queue (`desks.moderation_steering`); three of its choices change
what happens here: a moderation assigned to someone is graded by them alone; a blind
one hides the auditor's grades (not their evidence) until the moderator has graded
everything and revealed them, and only then asks for reasons; and a moderation with a
question sent back to the auditor is not completed until they answer it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace

from qa_tui.desks.audits import AuditDesk, AuditView, ServiceError
from qa_tui.domain.agreement import Agreement, Pair, agreement_by_key, agreement_from_counts
from qa_tui.domain.permissions import Facts, Op
from qa_tui.domain.records import Answer
from qa_tui.domain.text import clean_typed
from qa_tui.store.database import StoreError
from qa_tui.store.moderation import ModerationStore


@dataclass(frozen=True)
class ModerationView:
    audit: AuditView  # with the auditor's grades blanked while `hidden`
    moderation: dict
    answers: dict[str, dict]
    send_backs: list[dict] = field(default_factory=list)

    @property
    def done(self) -> bool:
        return self.moderation["status"] == "done"

    @property
    def hidden(self) -> bool:
        """Blind and not yet revealed: the auditor's grades are not shown."""
        return hides(self.moderation)

    @property
    def unanswered(self) -> int:
        return sum(1 for s in self.send_backs if s["answer"] is None)


def hides(moderation: dict) -> bool:
    return bool(
        moderation.get("blind")
        and not moderation.get("revealed_at")
        and moderation["status"] != "done"
    )


def without_grades(view: AuditView) -> AuditView:
    """The audit as a blind moderator reads it: the evidence, themes, strengths and areas
    for development they re-grade from, without the auditor's grade on any criterion,
    their overall grade, or the rationale and override reason that argue for it."""
    audit = view.audit
    answers = {
        cid: Answer(cid, None, None, None, False, a.evidence) for cid, a in audit.answers.items()
    }
    hidden = replace(
        audit,
        answers=answers,
        overall_grade_key=None,
        overall_grade_value=None,
        overall_grade_label=None,
        overall_rationale="",
        override_reason="",
    )
    return replace(view, audit=hidden)


def differences_without_reasons(view: ModerationView) -> list[str]:
    """Agreed grades that differ from the auditor's and have no reason yet (only a blind
    moderation, graded before it was revealed, can have these)."""
    audit = view.audit.audit
    problems = []
    for cid, agreed in view.answers.items():
        mine = audit.answers.get(cid)
        differs = (
            bool(agreed["not_applicable"]) != bool(mine and mine.not_applicable)
            if agreed["not_applicable"] or (mine and mine.not_applicable)
            else agreed["grade_key"] != (mine.grade_key if mine else None)
        )
        if differs and not agreed["reason"]:
            problems.append(f"{cid}: differs from the auditor's grade, give a reason")
    m = view.moderation
    if (
        m["overall_grade_key"] is not None
        and m["overall_grade_key"] != audit.overall_grade_key
        and not m["overall_reason"]
    ):
        problems.append("the overall grade differs from the auditor's, give a reason")
    return problems


@dataclass(frozen=True)
class AgreementGrid:
    """Completed moderations counted by the auditor's overall grade (rows, best first)
    against the moderator's (columns): agreement is the diagonal; above it the auditor
    graded better than the moderator did, below it worse."""

    grades: tuple[str, ...]  # the scale's labels, best first
    counts: tuple[tuple[int, ...], ...]  # counts[auditor - 1][moderator - 1]
    agreement: Agreement

    @property
    def total(self) -> int:
        return sum(map(sum, self.counts))

    def row_total(self, auditor: int) -> int:
        """Audits the auditor graded `auditor` (1 best)."""
        return sum(self.counts[auditor - 1])

    def column_total(self, moderator: int) -> int:
        """Audits the moderator graded `moderator` (1 best)."""
        return sum(row[moderator - 1] for row in self.counts)


class ModerationDesk:
    def __init__(self, desk: AuditDesk):
        self.desk = desk
        self.store = ModerationStore(desk.store)

    def _guard(self, call):  # type: ignore[no-untyped-def]
        try:
            return call()
        except StoreError as exc:
            raise ServiceError(str(exc)) from None

    def queue(self, status: str = "waiting", limit: int = -1) -> list[dict]:
        self.desk.require(Op.MODERATE)
        return self.store.queue(status, limit)

    def queue_size(self, status: str = "waiting") -> int:
        self.desk.require(Op.MODERATE)
        return self.store.queue_size(status)

    def open(self, audit_id: int) -> ModerationView:
        self.desk.require_on_audit(Op.MODERATE, audit_id)
        return self._view(audit_id)

    def _read(self, audit_id: int) -> ModerationView:
        """The moderation with the auditor's grades, for the desk's own checks."""
        moderation = self.store.moderation(audit_id)
        if moderation is None:
            raise ServiceError(f"audit {audit_id} is not in the moderation queue")
        return ModerationView(
            self.desk._view(audit_id),
            moderation,
            self.store.answers(audit_id),
            self.store.send_backs(audit_id),
        )

    def _view(self, audit_id: int) -> ModerationView:
        """The moderation as the moderator may see it (blind: without the auditor's grades)."""
        view = self._read(audit_id)
        return replace(view, audit=without_grades(view.audit)) if view.hidden else view

    def _editable(self, audit_id: int) -> ModerationView:
        self.desk.require_on_audit(Op.MODERATE, audit_id)
        view = self._read(audit_id)
        if view.audit.audit.auditor == self.desk.user:  # a database with no people
            raise ServiceError("you audited this case: someone else must moderate it")
        assigned = view.moderation.get("assigned_to")
        if assigned and assigned != self.desk.user and not view.done:
            raise ServiceError(f"this moderation is assigned to {assigned}: only they grade it")
        return view

    def grade(
        self, audit_id: int, criterion_id: str, number: int | None, reason: str = ""
    ) -> ModerationView:
        """Agreed grade `number` (1 best) or None for not applicable; a change needs a reason."""
        view = self._editable(audit_id)
        return self._grade(view, criterion_id, number, reason)

    def _grade(
        self, view: ModerationView, criterion_id: str, number: int | None, reason: str
    ) -> ModerationView:
        audit_id = view.audit.audit.id
        criterion = view.audit.criterion(criterion_id)
        scale = view.audit.rubric.scale_for(criterion)
        mine = view.audit.audit.answers.get(criterion_id)
        if number is None:
            if not criterion.not_applicable and not (mine and mine.na_reason):  # the rule's
                raise ServiceError("this criterion cannot be marked not applicable")
            differs = not (mine and mine.not_applicable)
            key = value = label = None
        else:
            if not 1 <= number <= len(scale.grades):
                raise ServiceError(f"this criterion's scale has grades 1 to {len(scale.grades)}")
            grade = scale.by_value(number)
            key, value, label = grade.key, number, grade.label
            differs = mine is None or mine.grade_key != key
        if differs and not view.hidden and not clean_typed(reason).strip():
            raise ServiceError("an agreed grade that differs from the auditor's needs a reason")
        self._guard(
            lambda: self.store.set_grade(
                audit_id,
                criterion_id,
                key,
                value,
                label,
                number is None,
                clean_typed(reason).strip(),
                self.desk.user,
            )
        )
        return self._view(audit_id)

    def agree(self, audit_id: int, criterion_id: str) -> ModerationView:
        """Agree with the auditor's grade for this criterion."""
        view = self._editable(audit_id)
        if view.hidden:
            raise ServiceError(
                "this moderation is blind: grade it yourself, then reveal the auditor's grades"
            )
        mine = view.audit.audit.answers.get(criterion_id)
        if mine is None or not mine.answered:
            raise ServiceError("the auditor gave no grade here")
        number = None if mine.not_applicable else mine.grade_value
        return self._grade(view, criterion_id, number, "")

    def set_overall(self, audit_id: int, number: int, reason: str = "") -> ModerationView:
        view = self._editable(audit_id)
        scale = view.audit.rubric.overall
        if not 1 <= number <= len(scale.grades):
            raise ServiceError(f"the overall grades are 1 to {len(scale.grades)}")
        grade = scale.by_value(number)
        differs = grade.key != view.audit.audit.overall_grade_key
        if differs and not view.hidden and not clean_typed(reason).strip():
            raise ServiceError("a moderated overall grade that differs needs a reason")
        self._guard(
            lambda: self.store.set_overall(
                audit_id,
                grade.key,
                number,
                grade.label,
                clean_typed(reason).strip(),
                self.desk.user,
            )
        )
        return self._view(audit_id)

    def missing(self, view: ModerationView) -> list[str]:
        """What stops this moderation being completed."""
        self.desk.require(Op.MODERATE, Facts(auditor=view.audit.audit.auditor))
        return self._missing(view)

    @staticmethod
    def _missing(view: ModerationView) -> list[str]:
        problems = [
            f"{c.id}: no agreed grade"
            for c in view.audit.rubric.criteria
            if c.id not in view.answers
        ]
        if view.moderation["overall_grade_key"] is None:
            problems.append("no moderated overall grade")
        if view.hidden:
            problems.append("the auditor's grades are not revealed yet")
        else:  # a blind moderation, revealed: the reasons asked for now
            problems += differences_without_reasons(view)
        return problems

    def complete(self, audit_id: int) -> ModerationView:
        view = self._editable(audit_id)
        if view.unanswered:
            raise ServiceError(
                "the auditor has not answered what was sent back to them yet: "
                "the moderation completes once they have"
            )
        if problems := self._missing(view):
            raise ServiceError("; ".join(problems))
        self._guard(lambda: self.store.complete(audit_id, self.desk.user))
        return self._view(audit_id)

    def agreement_by(self, by: str) -> dict[str, Agreement]:
        """Auditor against moderator, per 'auditor', 'criterion' or 'programme'.

        Criterion-level grades on each criterion's own scale; scales of different sizes
        are kept apart, so a Yes/Partly/No answer is never compared as if it were Ofsted's.
        """
        self.desk.require(Op.SEE_FIGURES)
        if by not in ("auditor", "criterion", "programme", "overall"):
            raise ServiceError("by must be auditor, criterion, programme or overall")
        return agreement_by_key(self.store.pair_counts(by))

    def agreement_grid(self, auditor: str | None = None) -> AgreementGrid:
        """The overall grades of completed moderations, auditor's against moderator's, on
        the Ofsted scale (a rubric with another overall scale is left out); one
        auditor's when `auditor` is given."""
        self.desk.require(Op.SEE_FIGURES)
        # Imported here: the home screen counts questions sent back through this module at
        # start-up, and the rubric models (pydantic) would add a fifth to the start.
        from qa_tui.domain.rubric import OFSTED

        size = len(OFSTED.grades)
        counts = [[0] * size for _ in range(size)]
        for r in self.store.pair_counts("overall"):
            if r["size"] != size or (auditor is not None and r["key"] != auditor):
                continue
            a, m = r["auditor_value"], r["moderator_value"]
            if 1 <= a <= size and 1 <= m <= size:
                counts[a - 1][m - 1] += r["pairs"]
        pairs: Counter[Pair] = Counter(
            {(a + 1, m + 1): n for a, row in enumerate(counts) for m, n in enumerate(row) if n}
        )
        return AgreementGrid(
            tuple(g.label for g in OFSTED.grades),
            tuple(tuple(row) for row in counts),
            agreement_from_counts(pairs, size),
        )
