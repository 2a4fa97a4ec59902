"""The council's settings: today one, whether quarters are calendar quarters or
financial-year quarters from April. Read by the dashboard, the action plan and the
reports, so everyone in the council names a quarter the same way.

Anyone signed in may read a setting (every screen that names a quarter needs it);
choosing one is COUNCIL_SETTINGS, a QA lead's or an administrator's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from qa_tui.desks.audit_view import ServiceError
from qa_tui.domain.permissions import Op
from qa_tui.domain.quarters import QuarterStyle, check_style
from qa_tui.store.council_settings import set_setting, setting

if TYPE_CHECKING:
    from qa_tui.desks.identity import PersonAtDesk

QUARTERS = "quarters"
DEFAULT_QUARTERS: QuarterStyle = "calendar"


class CouncilSettingsDesk:
    def __init__(self, desk: PersonAtDesk):
        self.desk = desk

    def quarters(self) -> QuarterStyle:
        """How the council names quarters (calendar unless chosen otherwise)."""
        self.desk.require_signed_in()
        value = setting(self.desk.store, QUARTERS)
        try:
            return check_style(value) if value else DEFAULT_QUARTERS
        except ValueError:
            return DEFAULT_QUARTERS  # a value written by hand: the default stands

    def set_quarters(self, style: str) -> bool:
        """Choose calendar or financial quarters; False when it was already so."""
        self.desk.require(Op.COUNCIL_SETTINGS)
        try:
            chosen = check_style(style.strip().lower())
        except ValueError as exc:
            raise ServiceError(str(exc)) from None
        return set_setting(self.desk.store, QUARTERS, chosen, self.desk.user)


def quarter_style(desk: PersonAtDesk) -> QuarterStyle:
    """The council's quarter style, for the screens and reports that name quarters."""
    return CouncilSettingsDesk(desk).quarters()
