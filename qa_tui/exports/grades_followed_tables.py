"""What followed each audit, in the grades export's other forms: its own CSV tables
(`--table actions|escalations|feedback`), the workbook's sheets, the Markdown report's
sections and columns, and the JSON schema's parts (schema_version 2).

Rendered from the document only, so they never say more than it does: names only
`with_workers`, free text only `with_evidence` (the document leaves the rest out).
"""

from __future__ import annotations

from typing import Any

from qa_tui.domain.family_views import GATHERED_HOW, GIVEN_BY
from qa_tui.exports.formats import Column, Sheet, csv_text, md_table
from qa_tui.exports.grades_followed import followed_summary

GIVEN_TO = {"worker": "Worker", "manager": "Manager"}
HOW = {
    "in_person": "In person",
    "in_writing": "In writing",
    "by_phone": "By phone",
    "online": "Online",
}
RESPONSES = {
    "agrees": "Agrees",
    "partly_agrees": "Partly agrees",
    "disagrees": "Disagrees",
    "not_yet": "Not yet",
}
CHANGES = {"better": "Better", "same": "Same", "worse": "Worse"}


def followed_tables(
    workers: bool, evidence: bool
) -> dict[str, tuple[list[tuple[str, str, str]], str]]:
    """Each table: its columns (CSV name, sheet title, kind) and the audits' list it
    reads. Columns a flag left out of the document are left out here too."""
    audit = [("audit_id", "Audit id", "int"), ("case_ref", "Case ref", "text")]
    return {
        "actions": (
            [
                *audit,
                ("id", "Action id", "int"),
                ("what", "What", "text"),
                *([("owner", "Owner", "text")] if workers else []),
                ("due_on", "Due", "date"),
                ("status", "Status", "text"),
                ("closed_at", "Closed at", "datetime"),
                *([("closing_note", "Closing note", "text")] if evidence else []),
            ],
            "case_actions",
        ),
        "escalations": (
            [
                *audit,
                ("id", "Escalation id", "int"),
                *([("told_who", "Told", "text")] if workers else []),
                ("told_at", "Told at", "text"),
                ("status", "Status", "text"),
                ("closed_at", "Closed at", "datetime"),
                *(
                    [
                        ("immediate_action", "Immediate action", "text"),
                        ("closing_note", "Closing note", "text"),
                    ]
                    if evidence
                    else []
                ),
            ],
            "escalations",
        ),
        "feedback": (
            [
                *audit,
                ("id", "Feedback id", "int"),
                ("given_to", "Given to", "text"),
                *([("given_to_name", "Name", "text")] if workers else []),
                ("given_on", "Given on", "date"),
                ("how", "How", "text"),
                ("response", "Response", "text"),
                *(
                    [("reasons", "Reasons", "text"), ("reflection", "Reflection", "text")]
                    if evidence
                    else []
                ),
            ],
            "feedback",
        ),
    }


_LABELS = {"given_to": GIVEN_TO, "how": HOW, "response": RESPONSES}


def followed_rows(
    audit: dict[str, Any], columns: list[tuple[str, str, str]], key: str, *, labels: bool
) -> list[list[Any]]:
    """One audit's rows of a table `followed_tables` describes."""
    rows = []
    for item in audit[key]:
        record = {**item, "audit_id": audit["audit_id"], "case_ref": audit["case_ref"]}
        if labels:
            for name, words in _LABELS.items():
                if name in record:
                    record[name] = words.get(record[name], record[name])
        rows.append([record[name] for name, _title, _kind in columns])
    return rows


def _rows(
    document: dict[str, Any], table: str, *, labels: bool
) -> tuple[list[tuple[str, str, str]], list[list[Any]]]:
    columns, key = followed_tables(document["with_workers"], document["with_evidence"])[table]
    rows = []
    for audit in document["audits"]:
        rows += followed_rows(audit, columns, key, labels=labels)
    return columns, rows


def followed_csv(document: dict[str, Any], table: str) -> str:
    """One of `FOLLOWED_TABLES` as Excel-safe CSV: one row an item, with its audit id
    and case; codes as the JSON has them (`in_person`, `partly_agrees`)."""
    columns, rows = _rows(document, table, labels=False)
    return csv_text([name for name, _title, _kind in columns], rows)


def followed_sheets(document: dict[str, Any]) -> list[Sheet]:
    """ "Case actions", "Escalations" and "Feedback": one row an item (headers only
    when there are none, so the workbook always has the same sheets)."""
    sheets = []
    for table, title in (
        ("actions", "Case actions"),
        ("escalations", "Escalations"),
        ("feedback", "Feedback"),
    ):
        columns, rows = _rows(document, table, labels=True)
        sheets.append(Sheet(title, [Column(t, kind) for _n, t, kind in columns], rows))
    return sheets


# The Audits sheet's columns of schema_version 2, after those of version 1.
AUDIT_COLUMNS = [
    Column("Programme id", "int"),
    Column("Programme"),
    Column("Re-audit of", "int"),
    Column("Change"),
    Column("Case actions open", "int"),
    Column("Case actions closed", "int"),
    Column("Escalations open", "int"),
    Column("Escalations closed", "int"),
    Column("Feedback given on", "date"),
    Column("Worker's response"),
]


def audit_cells(audit: dict[str, Any]) -> list[Any]:
    s = followed_summary(audit)
    return [
        s["programme_id"],
        s["programme_name"],
        s["previous_audit_id"],
        CHANGES.get(s["change"] or "", s["change"]),
        s["case_actions_open"],
        s["case_actions_closed"],
        s["escalations_open"],
        s["escalations_closed"],
        s["feedback_given_on"],
        RESPONSES.get(s["feedback_response"] or "", s["feedback_response"]),
    ]


# The Markdown table's columns of schema_version 2, after those of version 1.
MD_HEADER = ["Programme", "Re-audit of", "Change", "Open actions", "Feedback"]
MD_ALIGN = "lrlrl"


def md_cells(audit: dict[str, Any]) -> list[Any]:
    s = followed_summary(audit)
    feedback = s["feedback_given_on"] or ""
    if feedback and s["feedback_response"]:
        feedback += f", worker {RESPONSES[s['feedback_response']].lower()}"
    return [
        s["programme_name"] or "",
        s["previous_audit_id"] or "",
        CHANGES.get(s["change"] or "", ""),
        s["case_actions_open"] or "",
        feedback,
    ]


def md_cell(value: Any, kind: str) -> Any:
    if value is None:
        return ""
    return value[:10] if kind == "datetime" else value  # a day is enough to read


def md_sections(document: dict[str, Any]) -> list[str]:
    """A section for each table with any items: case actions, escalations, feedback."""
    lines: list[str] = []
    for table, title in (
        ("actions", "Case actions"),
        ("escalations", "Escalations"),
        ("feedback", "Feedback to practice"),
    ):
        columns, rows = _rows(document, table, labels=True)
        if not rows:
            continue
        header = ["Audit" if n == "audit_id" else t for n, t, _kind in columns]
        keep = [i for i, (name, _t, _k) in enumerate(columns) if name != "id"]
        align = "".join("r" if columns[i][2] == "int" else "l" for i in keep)
        lines += [f"## {title}", ""]
        lines += md_table(
            [header[i] for i in keep],
            [[md_cell(row[i], columns[i][2]) for i in keep] for row in rows],
            align,
        )
        lines.append("")
    return lines


def followed_schema(text: dict[str, Any]) -> tuple[list[str], dict[str, Any]]:
    """The audit record's required fields and properties added in schema_version 2."""
    workers = "only with --with-workers"
    evidence = "only with --with-evidence"

    def items(required: list[str], properties: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["id", *required],
                "properties": {"id": {"type": "integer"}, **properties},
            },
        }

    properties = {
        "programme": {
            "type": ["object", "null"],
            "additionalProperties": False,
            "required": ["id", "name"],
            "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
            "description": "the audit round it belongs to (since schema_version 2)",
        },
        "previous_audit_id": {
            "type": ["integer", "null"],
            "description": "the earlier audit of the case this one re-audits",
        },
        "change": {
            "enum": ["better", "same", "worse", None],
            "description": "a re-audit's counted overall grade against the earlier "
            "audit's; null until both are submitted, and for an audit that is no re-audit",
        },
        "case_actions": items(
            ["what", "due_on", "status", "closed_at"],
            {
                "what": {"type": "string"},
                "owner": {"type": "string", "description": workers},
                "due_on": {"type": "string", "format": "date"},
                "status": {"enum": ["open", "done"]},
                "closed_at": text,
                "closing_note": {"type": "string", "description": evidence},
            },
        ),
        "escalations": items(
            ["told_at", "status", "closed_at"],
            {
                "told_who": {"type": "string", "description": workers},
                "told_at": {"type": "string", "description": "as the auditor wrote it"},
                "status": {"enum": ["open", "closed"]},
                "closed_at": text,
                "immediate_action": {"type": "string", "description": evidence},
                "closing_note": {"type": "string", "description": evidence},
            },
        ),
        "feedback": items(
            ["given_to", "given_on", "how", "response"],
            {
                "given_to": {"enum": list(GIVEN_TO)},
                "given_to_name": {"type": "string", "description": workers},
                "given_on": {"type": "string", "format": "date"},
                "how": {"enum": list(HOW)},
                "response": {"enum": list(RESPONSES)},
                "reasons": {"type": "string", "description": evidence},
                "reflection": {"type": "string", "description": evidence},
            },
        ),
    }
    required = list(properties)
    family_views = items(
        ["given_by", "gathered_how", "rating", "recorded_at"],
        {
            "given_by": {"enum": list(GIVEN_BY)},
            "gathered_how": {"enum": list(GATHERED_HOW)},
            "rating": {
                "type": ["integer", "null"],
                "minimum": 1,
                "maximum": 5,
                "description": "how helpful: 1 not at all .. 5 very; null if not asked",
            },
            "recorded_at": {"type": "string", "format": "date-time"},
            "said": {"type": "string", "description": evidence},
        },
    )
    properties["family_views"] = {
        **family_views,
        "description": "what the child, young person or family said about the help they "
        "had (themes from it are in audit_themes)",
    }
    properties["agency"] = {
        "type": ["string", "null"],
        "description": "the agency whose records it reads, in a multi-agency round "
        "(null: a single-agency audit)",
    }
    return required, properties
