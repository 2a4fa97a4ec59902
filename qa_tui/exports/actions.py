"""The improvement action plan for scripts and the board: JSON, CSV, XLSX and Markdown.

Items, progress and suggested statuses are ActionDesk's (the same the plan screen
shows, but for what suppression withholds); this module narrows them to the filters,
hides small counts, shapes one document and renders it. `actions_schema()` is the
published schema (schemas/actions.schema.json); a test keeps the file in step.

The filters narrow by each item's success measure: `--team MASH` keeps the items
measured on MASH's audits; `--from`/`--to` keep the items due in those months.

Small counts are hidden by the rules in `small_numbers`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from qa_tui.desks.plan import ActionDesk
from qa_tui.domain.dashboard_records import Filters
from qa_tui.domain.plan_records import ACTION_STATUS_LABELS, ACTION_STATUSES, ActionItem
from qa_tui.exports.formats import (
    POLARITY_LABELS,
    SUPPRESSED_TEXT,
    Column,
    Sheet,
    about_sheet,
    count_text,
    csv_text,
    describe_filters,
    generated_at,
    md_table,
    md_text,
    percent_text,
)
from qa_tui.exports.small_numbers import check_threshold, publish_action
from qa_tui.exports.themes import filters_schema
from qa_tui.store.dashboard import DashboardStore
from qa_tui.store.database import Store
from qa_tui.store.plan import ActionStore

ACTIONS_SCHEMA_VERSION = 1
# The board reads the items needing attention first.
BOARD_ORDER = ("off_track", "at_risk", "on_track", "not_started", "complete")
# What a measure's `suppressed` may name: its figures, and the action's suggested status
# when it was worked out without some of them.
MEASURE_HIDEABLE = (
    "baseline",
    "baseline_audits",
    "current",
    "current_audits",
    "expected",
    "suggested_status",
)


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
    store: Store,
    filters: Filters,
    described: dict[str, Any],
    *,
    suppress_below: int,
    today: date,
    user: str,
) -> dict[str, Any]:
    """Every action plan item the filters keep, in due-date order."""
    check_threshold(suppress_below)
    actions = ActionStore(store)
    desk = ActionDesk(actions, DashboardStore(store), user)
    items = [i for i in desk.items(today) if _wanted(i, filters)]
    overridden = {r["id"] for r in actions.items() if r["status_override"]}
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


# -- flat rows for CSV and XLSX --------------------------------------------------------

_FLAT = [  # (CSV column, sheet title, kind, where in the document)
    ("id", "Id", "int", "id"),
    ("title", "Title", "text", "title"),
    ("description", "Description", "text", "description"),
    ("owner", "Owner", "text", "owner"),
    ("due_on", "Due", "date", "due_on"),
    ("status", "Status", "text", "status"),
    ("suggested_status", "Suggested status", "text", "suggested_status"),
    ("status_reason", "Status reason", "text", "status_reason"),
    ("themes", "Themes", "text", None),
    ("recommendation", "Recommendation", "text", "recommendation"),
    ("measure", "Measure", "text", "m.label"),
    ("measure_rubric_id", "Rubric", "text", "m.rubric_id"),
    ("measure_criterion_id", "Criterion", "text", "m.criterion_id"),
    ("measure_bucket", "Bucket", "text", "m.bucket"),
    ("measure_cohort", "Cohort", "text", "m.cohort"),
    ("measure_team", "Team", "text", "m.team"),
    ("measure_programme_id", "Programme id", "int", "m.programme_id"),
    ("measure_set_on", "Measure set on", "date", "m.set_on"),
    ("baseline", "Baseline", "share", "m.baseline"),
    ("baseline_audits", "Baseline audits", "int", "m.baseline_audits"),
    ("current", "Current", "share", "m.current"),
    ("current_audits", "Current audits", "int", "m.current_audits"),
    ("expected", "Expected now", "share", "m.expected"),
    ("target", "Target", "share", "m.target"),
    ("target_on", "Target date", "date", "m.target_on"),
    ("smart_problems", "SMART problems", "text", None),
]


def _flat(action: dict[str, Any], below: int, *, labels: bool) -> list[Any]:
    measure = action["measure"] or {}
    hidden = set(measure.get("suppressed", ()))
    row: list[Any] = []
    for column, _title, _kind, where in _FLAT:
        if column == "themes":
            value: Any = "; ".join(
                f"{t['theme']} ({POLARITY_LABELS.get(t['polarity'], t['polarity']).lower()})"
                for t in action["themes"]
            )
        elif column == "smart_problems":
            value = "; ".join(action["smart_problems"])
        elif where and where.startswith("m."):
            name = where[2:]
            value = measure.get(name)
            if name in hidden:
                value = count_text(None, below) if name.endswith("audits") else SUPPRESSED_TEXT
        else:
            value = action[where or column]
        if labels and column in ("status", "suggested_status"):
            value = ACTION_STATUS_LABELS.get(value, value)
        row.append(value)
    return row


def actions_csv(document: dict[str, Any]) -> str:
    below = document["suppressed_below"]
    return csv_text(
        [c for c, *_ in _FLAT], (_flat(a, below, labels=False) for a in document["actions"])
    )


def actions_sheets(document: dict[str, Any]) -> list[Sheet]:
    below = document["suppressed_below"]
    actions = Sheet(
        "Actions",
        [Column(title, kind) for _c, title, kind, _w in _FLAT],
        [_flat(a, below, labels=True) for a in document["actions"]],
    )
    themes = Sheet(
        "Action themes",
        [Column("Action id", "int"), Column("Action"), Column("Theme"), Column("Polarity")],
        [
            [a["id"], a["title"], t["theme"], POLARITY_LABELS.get(t["polarity"], t["polarity"])]
            for a in document["actions"]
            for t in a["themes"]
        ],
    )
    about = about_sheet(
        [
            ("Export", "actions"),
            ("Generated at", document["generated_at"]),
            ("Progress as of", document["as_of"]),
            ("Filters", describe_filters(document["filters"])),
            ("Counts suppressed below", f"{below} (shown as <{below})" if below else "off"),
        ]
    )
    return [actions, themes, about]


# -- Markdown: a section per status ----------------------------------------------------


def _progress_line(measure: dict[str, Any], below: int) -> str:
    hidden = set(measure["suppressed"])

    def share(name: str) -> str:
        return percent_text(measure[name], name in hidden)

    def audits(name: str) -> str:
        value = measure[name]
        return count_text(value, below) if name in hidden else str(value or 0)

    line = (
        f"baseline {share('baseline')} ({audits('baseline_audits')} graded) → "
        f"now {share('current')} ({audits('current_audits')} graded) → "
        f"target {share('target')}"
    )
    if measure["target_on"]:
        line += f" by {measure['target_on']}"
    if measure["expected"] is not None or "expected" in hidden:
        line += f"; expected by now {share('expected')}"
    return line


def actions_markdown(document: dict[str, Any]) -> str:
    below = document["suppressed_below"]
    actions = document["actions"]
    by_status: dict[str, list[dict[str, Any]]] = {s: [] for s in BOARD_ORDER}
    for a in actions:
        by_status.setdefault(a["status"], []).append(a)
    lines = [
        f"# Action plan: {md_text(describe_filters(document['filters']))}",
        "",
        f"Progress as of {document['as_of']}; generated {document['generated_at'][:10]}."
        f" {len(actions)} item(s).",
    ]
    if below:
        lines[-1] += (
            f" Counts under {below} are shown as <{below}, and the shares "
            f"worked out from them as {SUPPRESSED_TEXT}; so is a share whose "
            f"answers in the bucket, or the rest, are under {below}. A suggested "
            f"status is worked out from the figures shown: with the current "
            f"figure {SUPPRESSED_TEXT} it is Not started."
        )
    lines.append("")
    lines += md_table(
        ["Status", "Items"],
        [[ACTION_STATUS_LABELS[s], len(by_status[s])] for s in BOARD_ORDER],
        "lr",
    )
    for status in BOARD_ORDER:
        lines += ["", f"## {ACTION_STATUS_LABELS[status]} ({len(by_status[status])})", ""]
        if not by_status[status]:
            lines.append("None.")
            continue
        for a in by_status[status]:
            lines += [f"### {a['id']}. {md_text(a['title'])}", ""]
            if a["description"].strip():
                lines += [md_text(a["description"]), ""]
            lines.append(
                f"- Owner: {md_text(a['owner']) or '(none)'}; due {a['due_on'] or '(no date)'}"
            )
            if a["status"] != a["suggested_status"]:
                lines.append(
                    f"- Status set by the owner (suggested: "
                    f"{ACTION_STATUS_LABELS.get(a['suggested_status'])}): "
                    f"{md_text(a['status_reason'])}"
                )
            measure = a["measure"]
            if measure:
                lines += [
                    f"- Measure: {md_text(measure['label'])}",
                    f"- Progress: {_progress_line(measure, below)}",
                ]
            else:
                lines.append("- Measure: none")
            if a["themes"]:
                lines.append(
                    "- Themes: "
                    + ", ".join(
                        f"{md_text(t['theme'])} "
                        f"({POLARITY_LABELS.get(t['polarity'], t['polarity']).lower()})"
                        for t in a["themes"]
                    )
                )
            if a["recommendation"]:
                lines.append(f"- Recommendation: {md_text(a['recommendation'])}")
            if a["smart_problems"]:
                lines.append(f"- SMART problems: {md_text(', '.join(a['smart_problems']))}")
            lines.append("")
        if lines[-1] == "":
            lines.pop()
    lines.append("")
    return "\n".join(lines)


# -- the published schema --------------------------------------------------------------


def actions_schema() -> dict[str, Any]:
    """The JSON schema of `qa-tui export actions --format json` (schema_version 1)."""
    text = {"type": ["string", "null"]}
    day = {"type": ["string", "null"], "format": "date"}
    share = {"type": ["number", "null"], "minimum": 0, "maximum": 1}
    count = {
        "type": ["integer", "null"],
        "minimum": 0,
        "description": "graded answers counted; null when suppressed (1 to suppressed_below - 1)",
    }
    worked_out = (
        "; null when suppressed: its count, or the answers in the bucket or the "
        "rest, are 1 to suppressed_below - 1"
    )
    measure = {
        "type": ["object", "null"],
        "additionalProperties": False,
        "description": "the figure that proves the item: the share of graded answers in "
        "`bucket` for a criterion ('' = the overall judgement); null when "
        "the item has no measure",
        "required": [
            "rubric_id",
            "criterion_id",
            "bucket",
            "cohort",
            "team",
            "programme_id",
            "label",
            "set_on",
            "baseline",
            "baseline_audits",
            "current",
            "current_audits",
            "expected",
            "target",
            "target_on",
            "suppressed",
        ],
        "properties": {
            "rubric_id": {"type": "string"},
            "criterion_id": {"type": "string"},
            "bucket": {"type": "string", "description": "good | inadequate | v1 (Yes)"},
            "cohort": text,
            "team": text,
            "programme_id": {"type": ["integer", "null"]},
            "label": {"type": "string"},
            "set_on": day,
            "baseline": {**share, "description": "over the 12 months to set_on" + worked_out},
            "baseline_audits": count,
            "current": {**share, "description": "over audits submitted since" + worked_out},
            "current_audits": count,
            "expected": {
                **share,
                "description": "where the straight line from baseline "
                "to target says it should be by as_of; "
                "null with the baseline",
            },
            "target": share,
            "target_on": day,
            "suppressed": {
                "type": "array",
                "description": "the figures hidden, and suggested_status when "
                "the action's suggested status was worked out "
                "without some of them",
                "items": {"enum": list(MEASURE_HIDEABLE)},
            },
        },
    }
    action = {
        "type": "object",
        "additionalProperties": False,
        "required": [
            "id",
            "title",
            "description",
            "owner",
            "due_on",
            "status",
            "suggested_status",
            "status_reason",
            "themes",
            "recommendation",
            "measure",
            "smart_problems",
        ],
        "properties": {
            "id": {"type": "integer"},
            "title": {"type": "string"},
            "description": {"type": "string"},
            "owner": {"type": "string"},
            "due_on": day,
            "status": {
                "enum": list(ACTION_STATUSES),
                "description": "the status that stands: the owner's, else suggested",
            },
            "suggested_status": {
                "enum": list(ACTION_STATUSES),
                "description": "the tool's rule on the figures published "
                "here: not_started while the current "
                "figure is suppressed",
            },
            "status_reason": {
                "type": "string",
                "description": "why the owner overrode the suggestion",
            },
            "themes": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["theme", "polarity"],
                    "properties": {
                        "theme": {"type": "string"},
                        "polarity": {"enum": ["strength", "area_for_development"]},
                    },
                },
            },
            "recommendation": text,
            "measure": measure,
            "smart_problems": {
                "type": "array",
                "items": {"type": "string"},
                "description": "what stops the item being SMART; the target "
                "is not judged against a suppressed "
                "baseline",
            },
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://qa-tui.invalid/schemas/actions.schema.json",
        "title": "qa-tui action plan export",
        "description": "Improvement action plan items with their measures and progress: "
        "`qa-tui export actions --format json`. Counts from 1 to "
        "suppressed_below - 1 are null, and so are shares worked out from "
        "them or that would give such a count away, and a suggested status "
        "is worked out from the published figures only.",
        "type": "object",
        "additionalProperties": False,
        "required": [
            "schema_version",
            "kind",
            "generated_at",
            "as_of",
            "filters",
            "suppressed_below",
            "actions",
        ],
        "properties": {
            "schema_version": {"const": ACTIONS_SCHEMA_VERSION},
            "kind": {"const": "actions"},
            "generated_at": {"type": "string", "format": "date-time"},
            "as_of": {
                "type": "string",
                "format": "date",
                "description": "the day progress and status were worked out for",
            },
            "filters": filters_schema(),
            "suppressed_below": {"type": "integer", "minimum": 0},
            "actions": {"type": "array", "items": action},
        },
    }
