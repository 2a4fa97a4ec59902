"""The report of one audit, to hand the worker and their manager (and, on request, an
inspector): the case header, each criterion's grade, evidence and themes, the overall
judgement, strengths and areas for development, case actions, the moderated grades where
they differ from the auditor's, the feedback record, and what the child or family said
about the help they had.

Read through the desks only, so whoever may not read the audit (a manager of another
team) gets no report. The report is for the worker and their manager, so it names the
case's worker as recorded; the child is named by the case reference alone (never the
pseudonym). Every value is escaped by `render` (Markdown and HTML alike).
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from qa_tui.desks.audits import AuditDesk, AuditView
from qa_tui.desks.family_views import FamilyViews
from qa_tui.desks.feedback import FeedbackDesk, local_day
from qa_tui.domain.family_views import FAMILY_VIEW, FamilyView
from qa_tui.domain.feedback import FeedbackRecord
from qa_tui.domain.records import STATUS_LABELS, Answer
from qa_tui.paths import make_private_dir
from qa_tui.reports.render import render

ACTION_STATES = {"open": "Open", "done": "Done"}


@dataclass(frozen=True)
class ModeratedGrade:
    """The moderator's agreed grade where it differs from the auditor's, and why."""

    label: str
    reason: str


@dataclass(frozen=True)
class CriterionPart:
    id: str
    name: str  # the short name ("Voice of the child")
    question: str
    kind: str  # quality | compliance
    grade: str  # the grade's label, "Not applicable" or "Not graded"
    evidence: str
    strengths: list[str] = field(default_factory=list)
    development: list[str] = field(default_factory=list)
    moderated: ModeratedGrade | None = None


@dataclass(frozen=True)
class ActionPart:
    what: str
    owner: str
    due_on: str
    state: str


@dataclass(frozen=True)
class AuditReport:
    """Everything the templates print, as plain values."""

    audit_id: int
    case_ref: str
    team: str
    cohort: str
    worker: str
    manager: str
    rubric_title: str
    rubric_version: str
    auditor: str
    status: str
    started_on: str
    submitted_on: str
    window: str  # "2024-06-01 to 2025-06-01 (practice judged from 2024-12-01)"
    criteria: list[CriterionPart]
    overall: str
    overall_rationale: str
    override_reason: str
    moderated_overall: ModeratedGrade | None
    moderator: str
    moderated_on: str
    strengths: str
    areas_for_development: str
    audit_strengths: list[str]  # themes of the whole audit
    audit_development: list[str]
    actions: list[ActionPart]
    feedback: list[FeedbackRecord]
    family_views: list[FamilyView]
    family_strengths: list[str]  # themes tagged from the family's view
    family_development: list[str]
    made_on: str

    @property
    def any_moderated_difference(self) -> bool:
        return self.moderated_overall is not None or any(c.moderated for c in self.criteria)


def _grade(answer: Answer | None) -> str:
    if answer is None or not answer.answered:
        return "Not graded"
    return "Not applicable" if answer.not_applicable else answer.grade_label or ""


def _moderated(view: AuditView, criterion_id: str) -> ModeratedGrade | None:
    agreed = view.moderated.get(criterion_id)
    if agreed is None:
        return None
    mine = view.audit.answers.get(criterion_id)
    if agreed["not_applicable"]:
        if mine is not None and mine.not_applicable:
            return None
        return ModeratedGrade("Not applicable", agreed["reason"] or "")
    if mine is not None and mine.grade_key == agreed["grade_key"]:
        return None
    return ModeratedGrade(agreed["grade_label"] or "", agreed["reason"] or "")


def _themes(view: AuditView, criterion_id: str, polarity: str) -> list[str]:
    return [
        t.theme
        for t in view.audit.themes
        if t.criterion_id == criterion_id and t.polarity == polarity
    ]


def _window(view: AuditView) -> str:
    a = view.audit
    if not (a.lookback_from and a.window_to):
        return ""
    judged = f" (practice judged from {a.judgement_from})" if a.judgement_from else ""
    return f"{a.lookback_from} to {a.window_to}{judged}"


def audit_report(desk: AuditDesk, audit_id: int, *, today: date | None = None) -> AuditReport:
    """The report's data, for whoever may read the audit."""
    view = desk.open_audit(audit_id)
    feedback = FeedbackDesk(desk).for_audit(audit_id)
    a, moderation = view.audit, view.moderation
    criteria = [
        CriterionPart(
            id=c.id,
            name=c.name,
            question=c.question,
            kind=c.kind,
            grade=_grade(a.answers.get(c.id)),
            evidence=(a.answers[c.id].evidence if c.id in a.answers else ""),
            strengths=_themes(view, c.id, "strength"),
            development=_themes(view, c.id, "area_for_development"),
            moderated=_moderated(view, c.id),
        )
        for c in view.rubric.criteria
    ]
    moderated_overall = None
    if moderation is not None and moderation["overall_grade_key"] != a.overall_grade_key:
        moderated_overall = ModeratedGrade(
            moderation["overall_grade_label"] or "", moderation["overall_reason"] or ""
        )
    return AuditReport(
        audit_id=a.id,
        case_ref=a.case.case_ref,
        team=a.case.team,
        cohort=a.case.cohort or "",
        worker=a.case.worker or "",
        manager=a.case.manager or "",
        rubric_title=view.rubric.title,
        rubric_version=view.rubric.version,
        auditor=a.auditor,
        status=STATUS_LABELS.get(a.status, a.status),
        started_on=(a.started_at or a.created_at)[:10],
        submitted_on=local_day(a.submitted_at).isoformat() if a.submitted_at else "",
        window=_window(view),
        criteria=criteria,
        overall=a.overall_grade_label or "Not graded",
        overall_rationale=a.overall_rationale,
        override_reason=a.override_reason,
        moderated_overall=moderated_overall,
        moderator=(moderation or {}).get("moderator") or "",
        moderated_on=((moderation or {}).get("completed_at") or "")[:10],
        strengths=a.strengths,
        areas_for_development=a.areas_for_development,
        audit_strengths=_themes(view, "", "strength"),
        audit_development=_themes(view, "", "area_for_development"),
        actions=[
            ActionPart(x.what, x.owner, x.due_on, ACTION_STATES.get(x.status, x.status))
            for x in a.actions
        ],
        feedback=feedback,
        family_views=FamilyViews(desk).for_audit(audit_id),
        family_strengths=_themes(view, FAMILY_VIEW, "strength"),
        family_development=_themes(view, FAMILY_VIEW, "area_for_development"),
        made_on=(today or date.today()).isoformat(),
    )


def render_audit_report(
    desk: AuditDesk, audit_id: int, fmt: str, *, today: date | None = None
) -> str:
    """The audit's report as Markdown or HTML (every value escaped)."""
    return render("audit", fmt, report=audit_report(desk, audit_id, today=today))


def save_audit_report(
    desk: AuditDesk, audit_id: int, folder: Path, *, today: date | None = None
) -> Path:
    """Write the audit's HTML report into `folder` (made owner-only if missing), whole or
    not at all, readable by its owner only; returns the file's path. The name carries
    the audit id and case reference, so a second report of the audit replaces the first."""
    report = audit_report(desk, audit_id, today=today)
    text = render("audit", "html", report=report)
    make_private_dir(folder)
    safe_ref = re.sub(r"[^A-Za-z0-9_-]+", "-", report.case_ref).strip("-") or "case"
    target = folder / f"audit-{report.audit_id}-{safe_ref}.html"
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(tmp, 0o600)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
