"""The published JSON schema of the themes export, and the filters every export records.

It exists apart from `themes` so that the schema (schemas/themes.schema.json, which a
test keeps in step) can be read and changed on its own, and so that `actions` can share
`filters_schema` without importing the themes document.
"""

from __future__ import annotations

from typing import Any

from qa_tui.exports.small_numbers import GRADE_KEYS

THEMES_SCHEMA_VERSION = 1
# What a theme's `suppressed` may name, in the order of the record's fields.
THEME_HIDEABLE = (
    "audits",
    "share",
    "teams",
    "criteria",
    "grades",
    "previous_audits",
    "previous_share",
    "change",
)


def filters_schema() -> dict[str, Any]:
    text = {"type": ["string", "null"]}
    month = {"type": ["string", "null"], "pattern": r"^\d{4}-\d{2}$"}
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [
            "from",
            "to",
            "programme",
            "programme_id",
            "team",
            "rubric",
            "cohort",
            "auditor",
        ],
        "properties": {
            "from": month,
            "to": month,
            "programme": text,
            "programme_id": {"type": ["integer", "null"]},
            "team": text,
            "rubric": text,
            "cohort": text,
            "auditor": text,
        },
    }


def themes_schema() -> dict[str, Any]:
    """The JSON schema of `qa-tui export themes --format json` (schema_version 1)."""
    count = {"type": ["integer", "null"], "minimum": 0}
    grade = {
        **count,
        "description": "null when suppressed: then all four are, and each "
        "may be any number, 0 included",
    }
    listed = {
        **count,
        "description": "suppressed_below or more: a row is listed only "
        "then (null is kept in the type for documents made "
        "before rows were left out)",
    }
    share = {"type": ["number", "null"], "minimum": 0, "maximum": 1}
    theme = {
        "type": "object",
        "additionalProperties": False,
        "required": [
            "rank",
            "theme",
            "polarity",
            "audits",
            "share",
            "teams",
            "criteria",
            "grades",
            "previous_audits",
            "previous_share",
            "change",
            "suppressed",
        ],
        "properties": {
            "rank": {"type": "integer", "minimum": 1},
            "theme": {"type": "string"},
            "polarity": {"enum": ["strength", "area_for_development"]},
            "audits": {
                **count,
                "description": "submitted audits in scope showing the "
                "theme; null when suppressed (1 to "
                "suppressed_below - 1)",
            },
            "share": {**share, "description": "audits / scope_audits"},
            "teams": {
                "type": "array",
                "description": "most affected first; only the teams with "
                "suppressed_below or more audits, and none under a "
                "suppressed total. When some are left out "
                "(`suppressed` has teams) they hold audits less the "
                "listed ones, which is then suppressed_below or more",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["team", "audits"],
                    "properties": {"team": {"type": "string"}, "audits": listed},
                },
            },
            "criteria": {
                "type": "array",
                "description": "tagged most first; criterion_id '' is the audit as "
                "a whole; only those with suppressed_below or more "
                "audits, as teams are",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["rubric_id", "criterion_id", "question", "audits"],
                    "properties": {
                        "rubric_id": {"type": "string"},
                        "criterion_id": {"type": "string"},
                        "question": {"type": "string"},
                        "audits": listed,
                    },
                },
            },
            "grades": {
                "type": "object",
                "additionalProperties": False,
                "description": "counted overall grades of the audits behind the "
                "theme; all null when any of them (or the audits "
                "without a grade) is 1 to suppressed_below - 1",
                "required": list(GRADE_KEYS),
                "properties": {k: grade for k in GRADE_KEYS},
            },
            "previous_audits": {
                **count,
                "description": "in the period compared with; null "
                "when nothing is compared, or "
                "suppressed (under suppressed_below;"
                " for every theme, 0 included, when "
                "previous_scope_audits is)",
            },
            "previous_share": share,
            "change": {
                "type": ["number", "null"],
                "description": "change in share, percentage points",
            },
            "suppressed": {
                "type": "array",
                "description": "fields of this theme hidden as small counts or "
                "worked out from them; teams and criteria when "
                "some are left out, grades when any is null",
                "items": {"enum": list(THEME_HIDEABLE)},
            },
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://qa-tui.invalid/schemas/themes.schema.json",
        "title": "qa-tui themes export",
        "description": "Themes ranked for a dashboard filter: `qa-tui export themes "
        "--format json`. Counts from 1 to suppressed_below - 1 are hidden "
        "(null, or a team or criterion left out), and so are the shares "
        "worked out from them and the counts that would give them away by "
        "subtraction. Themes with hidden audits come last, by polarity and "
        "name; none is listed when scope_audits is under suppressed_below.",
        "type": "object",
        "additionalProperties": False,
        "required": [
            "schema_version",
            "kind",
            "generated_at",
            "filters",
            "suppressed_below",
            "scope_audits",
            "compared_with",
            "previous_scope_audits",
            "themes",
        ],
        "properties": {
            "schema_version": {"const": THEMES_SCHEMA_VERSION},
            "kind": {"const": "themes"},
            "generated_at": {"type": "string", "format": "date-time"},
            "filters": filters_schema(),
            "suppressed_below": {
                "type": "integer",
                "minimum": 0,
                "description": "0 when nothing is suppressed",
            },
            "scope_audits": {
                "type": "integer",
                "minimum": 0,
                "description": "submitted audits in scope: every share's base",
            },
            "compared_with": {
                "type": ["string", "null"],
                "description": "the period or earlier round change is against",
            },
            "previous_scope_audits": {"type": ["integer", "null"], "minimum": 0},
            "themes": {"type": "array", "items": theme},
        },
    }
