"""The improvement action plan for scripts and the board: JSON, CSV, XLSX and Markdown.

Items, progress and suggested statuses are ActionDesk's (the same the plan screen
shows, but for what suppression withholds); this module narrows them to the filters,
hides small counts and shapes one document. `actions_tables` renders it as CSV, XLSX and
Markdown; `actions_schema` holds the published schema (schemas/actions.schema.json),
which a test keeps in step. Both are importable from here, as before.

The filters narrow by each item's success measure: `--team MASH` keeps the items
measured on MASH's audits; `--from`/`--to` keep the items due in those months.

Small counts are hidden by the rules in `small_numbers`.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from qa_tui.desks.plan import ActionDesk
from qa_tui.domain.dashboard_records import Filters
from qa_tui.domain.permissions import Op
from qa_tui.domain.plan_records import ActionItem
from qa_tui.exports.actions_schema import ACTIONS_SCHEMA_VERSION, MEASURE_HIDEABLE, actions_schema
from qa_tui.exports.actions_tables import BOARD_ORDER, actions_csv, actions_markdown, actions_sheets
from qa_tui.exports.formats import generated_at
from qa_tui.exports.small_numbers import check_threshold, publish_action

if TYPE_CHECKING:
    from qa_tui.desks.identity import PersonAtDesk

__all__ = [
    "ACTIONS_SCHEMA_VERSION",
    "BOARD_ORDER",
    "MEASURE_HIDEABLE",
    "actions_csv",
    "actions_document",
    "actions_markdown",
    "actions_schema",
    "actions_sheets",
]


def _wanted(item: ActionItem, filters: Filters) -> bool:
    measure = item.measure
    for name in ("team", "cohort", "programme_id", "rubric_id"):
        wanted = getattr(filters, name)
        if wanted is not None and (measure is None or getattr(measure, name) != wanted):
            return False
    if filters.month_from or filters.month_to:
        if not item.due_on:
            return False
        month = item.due_on[:7]
        if filters.month_from and month < filters.month_from:
            return False
        if filters.month_to and month > filters.month_to:
            return False
    return True


def actions_document(
    desk: PersonAtDesk,
    filters: Filters,
    described: dict[str, Any],
    *,
    suppress_below: int,
    today: date,
) -> dict[str, Any]:
    """Every action plan item the filters keep, in due-date order, for the person at
    `desk` (who may export)."""
    desk.require(Op.EXPORT)
    check_threshold(suppress_below)
    plan = ActionDesk(desk)
    items = [i for i in plan.items(today) if _wanted(i, filters)]
    overridden = {r["id"] for r in plan.store.items() if r["status_override"]}
    return {
        "schema_version": ACTIONS_SCHEMA_VERSION,
        "kind": "actions",
        "generated_at": generated_at(),
        "as_of": today.isoformat(),
        "filters": described,
        "suppressed_below": suppress_below,
        "actions": [
            publish_action(i, suppress_below, overridden=i.id in overridden) for i in items
        ],
    }
