"""A safeguarding concern, raised the moment the auditor finds a child may be unsafe.

Reading a case file, an auditor can find immediate risk at the first criterion. They
tell someone (usually the team manager) at once and agree an immediate action; this
records who was told, when and what was agreed, on the audit, without finishing it.
It is an escalation like the one a submit with an Inadequate overall asks for: it
joins the follow-ups until someone closes it with what was done, and a later submit
with an Inadequate overall does not ask for another.

The audit's auditor records it (`GRADE_AUDIT` on that audit), on an audit in progress
or already submitted: a concern found on re-reading a submitted audit is recorded
without reopening it, since it changes nothing that was graded.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from qa_tui.desks.audit_view import AuditReading, ServiceError
from qa_tui.domain.permissions import Op
from qa_tui.domain.records import Escalation
from qa_tui.domain.text import clean_line, clean_typed
from qa_tui.store.concerns import ConcernRecords

TOLD_AT_FORMAT = "%Y-%m-%d %H:%M"
# A clock a few minutes apart from the one on the wall is not a mistake worth refusing.
CLOCK_SLACK = timedelta(minutes=5)


def told_at_text(told_at: str | datetime, now: datetime | None = None) -> str:
    """When someone was told, as kept ("YYYY-MM-DD HH:MM"); refused if it is not a
    date and time or is in the future (a concern is recorded once someone was told)."""
    if isinstance(told_at, str):
        try:
            when = datetime.fromisoformat(told_at.strip())
        except ValueError:
            raise ServiceError(
                f"when someone was told ({clean_line(told_at)[:40]!r}) is not a date and "
                "time: use YYYY-MM-DD HH:MM"
            ) from None
    else:
        when = told_at
    if when.tzinfo is not None:
        when = when.astimezone().replace(tzinfo=None)  # kept in local time, as typed
    if when > (now or datetime.now()) + CLOCK_SLACK:
        raise ServiceError(
            "when someone was told cannot be in the future: record the concern once "
            "you have told them"
        )
    return when.strftime(TOLD_AT_FORMAT)


def raise_concern(
    desk: AuditReading,
    audit_id: int,
    told_who: str,
    told_at: str | datetime,
    action: str,
    *,
    criterion_id: str | None = None,
) -> Escalation:
    """Record a safeguarding concern on the audit now; returns it as recorded.

    `criterion_id` is where the auditor was when they raised it, kept in the audit's
    history. Each of who, when and the action agreed is needed."""
    desk.require_on_audit(Op.GRADE_AUDIT, audit_id)
    who, what = clean_line(told_who).strip(), clean_typed(action).strip()
    if not who or not what:
        raise ServiceError(
            "a safeguarding concern needs who was told, when, and the immediate action agreed"
        )
    when = told_at_text(told_at)
    escalation_id = ConcernRecords(desk.store).record_concern(
        audit_id, who, when, what, desk.user, criterion_id
    )
    return Escalation(
        id=escalation_id,
        told_who=who,
        told_at=when,
        immediate_action=what,
        status="open",
        recorded_by=desk.user,
    )
