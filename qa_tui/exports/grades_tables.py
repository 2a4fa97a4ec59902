"""The grades export as a workbook and a readable report, and its published schema.

The document is `export.grades_document`'s (JSON and CSV are in export.py); these are
rendered from it, so they never say more than the document does: no auditors' names
without `with_workers`, no evidence without `with_evidence`. What followed each audit
(schema_version 2) is rendered by grades_followed_tables.py and added here.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from qa_tui.exports.formats import (
    Column,
    Sheet,
    about_sheet,
    describe_filters,
    md_table,
    md_text,
)
from qa_tui.exports.grades import GRADES_SCHEMA_VERSION
from qa_tui.exports.grades_followed_tables import (
    AUDIT_COLUMNS,
    MD_ALIGN,
    MD_HEADER,
    audit_cells,
    followed_schema,
    followed_sheets,
    md_cells,
    md_sections,
)

STATUS_LABELS = {"to_do": "To do", "in_progress": "In progress", "submitted": "Submitted"}
_EVIDENCE = (
    ("overall_rationale", "Overall rationale"),
    ("override_reason", "Override reason"),
    ("strengths", "Strengths"),
    ("areas_for_development", "Areas for development"),
)


def _themes(themes: list[dict[str, Any]]) -> str:
    return "; ".join(t["theme"] for t in themes)


def grades_sheets(document: dict[str, Any]) -> list[Sheet]:
    """ "Audits" (one row an audit), "Answers" (one row an answer), then "Case actions",
    "Escalations" and "Feedback" (one row an item), and "About"."""
    workers, evidence = document["with_workers"], document["with_evidence"]
    audits = Sheet(
        "Audits",
        [
            Column("Audit id", "int"),
            Column("Case ref"),
            Column("Team"),
            Column("Cohort"),
            Column("Rubric"),
            Column("Rubric version"),
            *([Column("Auditor")] if workers else []),
            Column("Status"),
            Column("Audit date", "date"),
            Column("Created at", "datetime"),
            Column("Started at", "datetime"),
            Column("Submitted at", "datetime"),
            Column("Due", "date"),
            Column("Overall value", "int"),
            Column("Overall"),
            Column("Moderation"),
            *([Column("Moderator")] if workers else []),
            Column("Counted overall value", "int"),
            Column("Counted overall"),
            Column("Audit themes"),
            *(Column(title) for _key, title in (_EVIDENCE if evidence else ())),
            *AUDIT_COLUMNS,
        ],
    )
    answers = Sheet(
        "Answers",
        [
            Column("Audit id", "int"),
            Column("Case ref"),
            Column("Criterion"),
            Column("Not applicable"),
            Column("Grade value", "int"),
            Column("Grade"),
            Column("Themes"),
            Column("Moderated value", "int"),
            Column("Moderated grade"),
            Column("Moderation reason"),
            *([Column("Evidence")] if evidence else []),
        ],
    )
    for a in document["audits"]:
        overall = a["overall"] or {}
        counted = a["counted_overall"] or {}
        moderation = a["moderation"] or {}
        audits.rows.append(
            [
                a["audit_id"],
                a["case_ref"],
                a["team"],
                a["cohort"],
                a["rubric"]["id"],
                a["rubric"]["version"],
                *([a["auditor"]] if workers else []),
                STATUS_LABELS.get(a["status"], a["status"]),
                a["audit_date"],
                a["created_at"],
                a["started_at"],
                a["submitted_at"],
                a["due_on"],
                overall.get("value"),
                overall.get("label"),
                moderation.get("status"),
                *([moderation.get("moderator")] if workers else []),
                counted.get("value"),
                counted.get("label"),
                _themes(a["audit_themes"]),
                *(a[key] for key, _title in (_EVIDENCE if evidence else ())),
                *audit_cells(a),
            ]
        )
        for answer in a["answers"]:
            grade = answer["grade"] or {}
            moderated = answer.get("moderated") or {}
            agreed = moderated.get("grade") or {}
            answers.rows.append(
                [
                    a["audit_id"],
                    a["case_ref"],
                    answer["criterion_id"],
                    answer["not_applicable"],
                    grade.get("value"),
                    grade.get("label"),
                    _themes(answer["themes"]),
                    agreed.get("value"),
                    "Not applicable" if moderated.get("not_applicable") else agreed.get("label"),
                    moderated.get("reason"),
                    *([answer.get("evidence")] if evidence else []),
                ]
            )
    about = about_sheet(
        [
            ("Export", "grades"),
            ("Generated at", document["generated_at"]),
            ("Filters", describe_filters(document["filters"])),
            ("Auditors' names", "included" if workers else "left out"),
            ("Evidence", "included" if evidence else "left out"),
            ("Schema version", document["schema_version"]),
        ]
    )
    return [audits, answers, *followed_sheets(document), about]


def grades_markdown(document: dict[str, Any]) -> str:
    """A table of the audits: case, team, rubric, status, date, the grade that counts."""
    workers, evidence = document["with_workers"], document["with_evidence"]
    audits = document["audits"]
    statuses = Counter(a["status"] for a in audits)
    lines = [
        f"# Grades: {md_text(describe_filters(document['filters']))}",
        "",
        f"Generated {document['generated_at'][:10]}. {len(audits)} audit(s): "
        + ", ".join(
            f"{statuses[s]} {label.lower()}" for s, label in STATUS_LABELS.items() if statuses[s]
        )
        + ("." if audits else "none."),
        "",
    ]
    if not audits:
        return "\n".join(lines)
    header = [
        "Audit",
        "Case",
        "Team",
        "Rubric",
        *(["Auditor"] if workers else []),
        "Status",
        "Date",
        "Overall",
        "Moderated",
        *(["Rationale"] if evidence else []),
        *MD_HEADER,
    ]
    rows = []
    for a in audits:
        moderation = a["moderation"] or {}
        counted = (a["counted_overall"] or {}).get("label") or "–"
        rows.append(
            [
                a["audit_id"],
                a["case_ref"],
                a["team"],
                a["rubric"]["id"],
                *([a["auditor"]] if workers else []),
                STATUS_LABELS.get(a["status"], a["status"]),
                a["audit_date"] or "",
                counted,
                "yes" if moderation.get("status") == "done" else "",
                *([a["overall_rationale"]] if evidence else []),
                *md_cells(a),
            ]
        )
    align = "r" + "l" * (len(header) - 1 - len(MD_HEADER)) + MD_ALIGN
    lines += md_table(header, rows, align)
    lines.append("")
    lines += md_sections(document)
    return "\n".join(lines)


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
                "description": "themes tagged on the audit as a whole",
            },
            "moderation": moderation,
            "counted_overall": {
                **grade,
                "description": "the moderated overall grade once "
                "moderation is done, else the auditor's",
            },
            **{
                key: {"type": "string", "description": "only with --with-evidence"}
                for key, _title in _EVIDENCE
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
