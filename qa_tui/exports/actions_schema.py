"""The published JSON schema of the action plan export (schemas/actions.schema.json).

It exists apart from `actions` so that the schema, which a test keeps in step with the
published file, can be read and changed on its own; the filters' part is shared with
the themes export (`themes_schema.filters_schema`).
"""

from __future__ import annotations

from typing import Any

from qa_tui.domain.plan_records import ACTION_STATUSES
from qa_tui.exports.themes_schema import filters_schema

ACTIONS_SCHEMA_VERSION = 1
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
