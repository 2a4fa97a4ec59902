"""Choosing how the council names quarters (`Q` on the lead's desk, or the palette):
calendar quarters ("2026-Q3") or financial-year quarters from April ("Q4-23/24"). The
dashboard, the action plan and the reports all follow it.

A dialog flow rather than a screen: one read of the setting, one choice, one write."""

from __future__ import annotations

from typing import TYPE_CHECKING

from qa_tui.desks.council_settings import CouncilSettingsDesk
from qa_tui.domain.quarters import STYLE_LABELS, STYLES, QuarterStyle

if TYPE_CHECKING:
    from textual.screen import Screen

    from qa_tui.tui.base import DeskAccess


def choose_quarters(screen: DeskAccess) -> None:
    """Offer the two ways, the current one highlighted, and save the one chosen."""
    from qa_tui.tui.widgets.dialogs import Choose

    settings = CouncilSettingsDesk(screen.desk)
    shown: Screen = screen  # type: ignore[assignment]

    def ask(current: QuarterStyle) -> None:
        def chosen(style: str | None) -> None:
            if style is None or style == current:
                return
            screen.runner.fetch(
                "save how quarters are named",
                lambda: settings.set_quarters(style),
                shown,
                lambda _: shown.notify(
                    f"Quarters are now {STYLE_LABELS[style]}; screens opened from now on use them.",
                    timeout=8,
                ),
            )

        shown.app.push_screen(
            Choose(
                "How does the council name quarters?",
                [(STYLE_LABELS[s].capitalize(), s) for s in STYLES],
                start=STYLES.index(current),
            ),
            chosen,
        )

    screen.runner.fetch("read how quarters are named", settings.quarters, shown, ask)
