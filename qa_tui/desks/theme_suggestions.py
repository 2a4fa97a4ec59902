"""The rubric's suggested themes, decided one at a time: confirmed or dismissed.

Confirming a suggestion tags it (`AuditDesk.add_theme`, with the polarity the rubric
gives it); dismissing one is recorded, so it is not offered again on that criterion of
that audit. What is offered (`offered`) leaves out what cannot apply to this child
(see `qa_tui.domain.theme_suggestions`).
"""

from __future__ import annotations

from qa_tui.desks.audit_view import AuditReading, AuditView, ServiceError
from qa_tui.domain.permissions import Op
from qa_tui.domain.theme_suggestions import is_suggested, offered_themes
from qa_tui.store.theme_suggestions import SuggestionRecords


def offered(view: AuditView, criterion_id: str) -> list[tuple[str, str]]:
    """(theme, polarity) still to confirm or dismiss on this criterion of this audit."""
    return offered_themes(view.rubric, view.audit, view.criterion(criterion_id))


def dismiss_suggestion(desk: AuditReading, audit_id: int, criterion_id: str, theme: str) -> bool:
    """Dismiss one of the rubric's suggestions on this criterion (the auditor's own
    audit); False if it was dismissed already. A submitted audit raises `AuditLocked`."""
    desk.require_on_audit(Op.GRADE_AUDIT, audit_id)
    try:
        criterion = desk.store.rubric_for_audit(audit_id).criterion(criterion_id)
    except KeyError:
        raise ServiceError(f"this audit's rubric has no criterion {criterion_id!r}") from None
    if not is_suggested(criterion, theme):
        raise ServiceError(f"{theme!r} is not a theme the rubric suggests for {criterion_id}")
    return SuggestionRecords(desk.store).dismiss(audit_id, criterion_id, theme, desk.user)
