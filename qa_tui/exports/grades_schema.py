"""The published JSON schema of the grades export (schemas/grades.schema.json),
`qa-tui export schema grades`; each NDJSON line is one item of its `audits`."""

from __future__ import annotations

from typing import Any

from qa_tui.exports.grades import GRADES_SCHEMA_VERSION
from qa_tui.exports.grades_followed_tables import followed_schema

# The audit's free text, only with --with-evidence: its key and the sheet's title.
EVIDENCE_FIELDS = (
    ("overall_rationale", "Overall rationale"),
    ("override_reason", "Override reason"),
    ("strengths", "Strengths"),
    ("areas_for_development", "Areas for development"),
)


def grades_schema() -> dict[str, Any]:
    """The JSON schema of `qa-tui export grades --format json` (schema_version 2)."""
    text = {"type": ["string", "null"]}
    grade = {
        "type": ["object", "null"],
        "additionalProperties": False,
        "required": ["key", "value", "label"],
        "properties": {
            "key": {"type": "string"},
            "value": {
                "type": ["integer", "null"],
                "minimum": 1,
                "description": "the scale's position, 1 = best",
            },
            "label": text,
        },
    }
    theme = {
        "type": "object",
        "additionalProperties": False,
        "required": ["theme", "polarity"],
        "properties": {
            "theme": {"type": "string"},
            "polarity": {"enum": ["strength", "area_for_development"]},
        },
    }
    answer = {
        "type": "object",
        "additionalProperties": False,
        "required": ["criterion_id", "not_applicable", "grade", "themes"],
        "properties": {
            "criterion_id": {"type": "string"},
            "not_applicable": {"type": "boolean"},
            "not_applicable_reason": {
                "type": "string",
                "description": "present when the rubric's rule, not the auditor, made the "
                "criterion not applicable (e.g. 'not applicable: the child is under 5')",
            },
            "grade": grade,
            "themes": {"type": "array", "items": theme},
            "moderated": {
                "type": "object",
                "additionalProperties": False,
                "description": "the moderated grade: the one that counts",
                "required": ["not_applicable", "grade", "reason"],
                "properties": {
                    "not_applicable": {"type": "boolean"},
                    "grade": grade,
                    "reason": text,
                },
            },
            "evidence": {"type": "string", "description": "only with --with-evidence"},
        },
    }
    moderation = {
        "type": ["object", "null"],
        "additionalProperties": False,
        "required": ["status", "selected_because", "completed_at", "overall", "overall_reason"],
        "properties": {
            "status": {"enum": ["waiting", "done"]},
            "selected_because": {"type": "string"},
            "moderator": {**text, "description": "only with --with-workers"},
            "completed_at": text,
            "overall": grade,
            "overall_reason": text,
        },
    }
    followed_required, followed = followed_schema(text)
    audit = {
        "type": "object",
        "additionalProperties": False,
        "required": [
            "audit_id",
            "case_ref",
            "team",
            "cohort",
            "rubric",
            "status",
            "audit_date",
            "created_at",
            "started_at",
            "submitted_at",
            "due_on",
            "window",
            "overall",
            "answers",
            "audit_themes",
            "moderation",
            "counted_overall",
            *followed_required,
        ],
        "properties": {
            "audit_id": {"type": "integer"},
            "case_ref": {"type": "string"},
            "team": text,
            "cohort": text,
            "rubric": {
                "type": "object",
                "additionalProperties": False,
                "required": ["id", "version", "hash"],
                "properties": {
                    "id": {"type": "string"},
                    "version": {"type": "string"},
                    "hash": {"type": "string"},
                },
            },
            "auditor": {"type": "string", "description": "only with --with-workers"},
            "status": {"enum": ["to_do", "in_progress", "submitted"]},
            "audit_date": {**text, "description": "submitted, else started, else created"},
            "created_at": {"type": "string"},
            "started_at": text,
            "submitted_at": text,
            "due_on": text,
            "window": {
                "type": "object",
                "additionalProperties": False,
                "required": ["lookback_from", "judgement_from", "to"],
                "properties": {"lookback_from": text, "judgement_from": text, "to": text},
            },
            "overall": {**grade, "description": "the auditor's overall grade"},
            "answers": {"type": "array", "items": answer},
            "audit_themes": {
                "type": "array",
                "items": theme,
                "description": "themes tagged on the audit as a whole, and from the family's view",
            },
            "moderation": moderation,
            "counted_overall": {
                **grade,
                "description": "the moderated overall grade once "
                "moderation is done, else the auditor's",
            },
            **{
                key: {"type": "string", "description": "only with --with-evidence"}
                for key, _title in EVIDENCE_FIELDS
            },
            **followed,
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://qa-tui.invalid/schemas/grades.schema.json",
        "title": "qa-tui grades export",
        "description": "Every audit with its answers, grades as value and label: "
        "`qa-tui export grades --format json`. schema_version 2 adds to each audit, "
        "keeping every field of version 1 as it was: programme, previous_audit_id, "
        "change (better, same or worse against the earlier audit), case_actions, "
        "escalations and feedback (to practice).",
        "type": "object",
        "additionalProperties": False,
        "required": [
            "schema_version",
            "kind",
            "generated_at",
            "filters",
            "with_evidence",
            "with_workers",
            "audits",
        ],
        "properties": {
            "schema_version": {"const": GRADES_SCHEMA_VERSION},
            "kind": {"const": "grades"},
            "generated_at": {"type": "string", "format": "date-time"},
            "filters": {
                "type": "object",
                "additionalProperties": False,
                "required": ["from", "to", "team", "rubric"],
                "properties": {
                    "from": {**text, "format": "date"},
                    "to": {**text, "format": "date"},
                    "team": text,
                    "rubric": text,
                },
            },
            "with_evidence": {"type": "boolean"},
            "with_workers": {"type": "boolean"},
            "audits": {"type": "array", "items": audit},
        },
    }
