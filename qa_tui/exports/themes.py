"""Themes for scripts and the improvement board: JSON, CSV, XLSX and Markdown.

The ranking is ThemeDesk's (the same figures the themes screen shows); this module
hides small counts and shapes one document. `themes_tables` renders it as CSV, XLSX and
Markdown; `themes_schema` holds the published schema (schemas/themes.schema.json), which
a test keeps in step. Both are importable from here, as before.

Small counts are hidden by the rules in `small_numbers`.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from qa_tui.desks.themes import ThemeDesk
from qa_tui.domain.dashboard_records import Filters
from qa_tui.domain.permissions import Op
from qa_tui.exports.formats import ExportError, generated_at
from qa_tui.exports.small_numbers import check_threshold, publish_ranking
from qa_tui.exports.themes_schema import (
    THEME_HIDEABLE,
    THEMES_SCHEMA_VERSION,
    filters_schema,
    themes_schema,
)
from qa_tui.exports.themes_tables import themes_csv, themes_markdown, themes_sheets
from qa_tui.store.dashboard import DashboardStore

if TYPE_CHECKING:
    from qa_tui.desks.identity import PersonAtDesk

__all__ = [
    "THEMES_SCHEMA_VERSION",
    "THEME_HIDEABLE",
    "WHOLE_AUDIT",
    "filters_schema",
    "resolve_filters",
    "themes_csv",
    "themes_document",
    "themes_markdown",
    "themes_schema",
    "themes_sheets",
]

WHOLE_AUDIT = "the audit as a whole"


def resolve_filters(
    desk: PersonAtDesk,
    *,
    month_from: str | None = None,
    month_to: str | None = None,
    programme: str | None = None,
    team: str | None = None,
    rubric: str | None = None,
    cohort: str | None = None,
    auditor: str | None = None,
) -> tuple[Filters, dict[str, Any]]:
    """The dashboard's filters from the command line's, and as a document records them.
    A programme is found by name or id; an unknown programme or rubric is an error.
    Only for someone who may export: the names it reads are what an export shows."""
    desk.require(Op.EXPORT)
    store = desk.store
    programme_id, programme_name = None, None
    if programme is not None:
        # Only now: the programmes store brings sampling and pydantic (a tenth of a second).
        from qa_tui.store.programmes import ProgrammeStore

        found = ProgrammeStore(store).find(programme)  # StoreError names it if unknown
        programme_id, programme_name = found.id, found.name
    if rubric is not None:
        known = [r for r in DashboardStore(store).rubric_ids() if r]
        if rubric not in known:
            raise ExportError(
                f"no rubric {rubric!r} in this database (known: {', '.join(known) or 'none'})"
            )
    filters = Filters(
        month_from=month_from,
        month_to=month_to,
        programme_id=programme_id,
        team=team,
        rubric_id=rubric,
        cohort=cohort,
        auditor=auditor,
    )
    described = {
        "from": month_from,
        "to": month_to,
        "programme": programme_name,
        "programme_id": programme_id,
        "team": team,
        "rubric": rubric,
        "cohort": cohort,
        "auditor": auditor,
    }
    return filters, described


def themes_document(
    desk: PersonAtDesk,
    filters: Filters,
    described: dict[str, Any],
    *,
    suppress_below: int,
    today: date,
) -> dict[str, Any]:
    """Every theme in scope, most audits first, small counts hidden, for the person at
    `desk` (who may export)."""
    desk.require(Op.EXPORT)
    check_threshold(suppress_below)
    ranking = ThemeDesk(desk).ranking(filters, today.strftime("%Y-%m"))
    return {
        "schema_version": THEMES_SCHEMA_VERSION,
        "kind": "themes",
        "generated_at": generated_at(),
        "filters": described,
        "suppressed_below": suppress_below,
        **publish_ranking(ranking, suppress_below),
    }
