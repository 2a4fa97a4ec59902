"""The grades export as a workbook and a readable report (the schema is in
grades_schema.py).

The document is `grades.grades_document`'s, or one record at a time from
`grades.grades_records` (exports/grades_stream.py streams these rows); these are
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
from qa_tui.exports.grades_followed_tables import (
    AUDIT_COLUMNS,
    MD_ALIGN,
    MD_HEADER,
    audit_cells,
    followed_sheets,
    md_cells,
    md_sections,
)
from qa_tui.exports.grades_schema import EVIDENCE_FIELDS as _EVIDENCE
from qa_tui.exports.grades_schema import grades_schema as grades_schema  # its old home

STATUS_LABELS = {"to_do": "To do", "in_progress": "In progress", "submitted": "Submitted"}


def _themes(themes: list[dict[str, Any]]) -> str:
    return "; ".join(t["theme"] for t in themes)


def sheet_columns(workers: bool, evidence: bool) -> tuple[list[Column], list[Column]]:
    """The "Audits" and "Answers" sheets' columns."""
    audits = [
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
    ]
    answers = [
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
    ]
    return audits, answers


def audit_sheet_row(a: dict[str, Any], workers: bool, evidence: bool) -> list[Any]:
    """An audit's row on the "Audits" sheet."""
    overall = a["overall"] or {}
    counted = a["counted_overall"] or {}
    moderation = a["moderation"] or {}
    return [
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


def answer_sheet_rows(a: dict[str, Any], evidence: bool) -> list[list[Any]]:
    """An audit's rows on the "Answers" sheet, one an answer."""
    rows = []
    for answer in a["answers"]:
        grade = answer["grade"] or {}
        moderated = answer.get("moderated") or {}
        agreed = moderated.get("grade") or {}
        rows.append(
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
    return rows


def about_pairs(document: dict[str, Any]) -> list[tuple[str, Any]]:
    """The "About" sheet: what the workbook holds."""
    return [
        ("Export", "grades"),
        ("Generated at", document["generated_at"]),
        ("Filters", describe_filters(document["filters"])),
        ("Auditors' names", "included" if document["with_workers"] else "left out"),
        ("Evidence", "included" if document["with_evidence"] else "left out"),
        ("Schema version", document["schema_version"]),
    ]


def grades_sheets(document: dict[str, Any]) -> list[Sheet]:
    """ "Audits" (one row an audit), "Answers" (one row an answer), then "Case actions",
    "Escalations" and "Feedback" (one row an item), and "About"."""
    workers, evidence = document["with_workers"], document["with_evidence"]
    audit_columns, answer_columns = sheet_columns(workers, evidence)
    audits, answers = Sheet("Audits", audit_columns), Sheet("Answers", answer_columns)
    for a in document["audits"]:
        audits.rows.append(audit_sheet_row(a, workers, evidence))
        answers.rows += answer_sheet_rows(a, evidence)
    about = about_sheet(about_pairs(document))
    return [audits, answers, *followed_sheets(document), about]


def markdown_head(head: dict[str, Any], statuses: dict[str, int]) -> list[str]:
    """The report's title and the count of audits by status."""
    total = sum(statuses.values())
    return [
        f"# Grades: {md_text(describe_filters(head['filters']))}",
        "",
        f"Generated {head['generated_at'][:10]}. {total} audit(s): "
        + ", ".join(
            f"{statuses[s]} {label.lower()}"
            for s, label in STATUS_LABELS.items()
            if statuses.get(s)
        )
        + ("." if total else "none."),
        "",
    ]


def markdown_columns(workers: bool, evidence: bool) -> tuple[list[str], str]:
    """The audits table's header and alignment."""
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
    return header, "r" + "l" * (len(header) - 1 - len(MD_HEADER)) + MD_ALIGN


def markdown_row(a: dict[str, Any], workers: bool, evidence: bool) -> list[Any]:
    """An audit's row in the report: case, team, rubric, status, date, the grade that
    counts, whether moderated, and what followed."""
    moderation = a["moderation"] or {}
    return [
        a["audit_id"],
        a["case_ref"],
        a["team"],
        a["rubric"]["id"],
        *([a["auditor"]] if workers else []),
        STATUS_LABELS.get(a["status"], a["status"]),
        a["audit_date"] or "",
        (a["counted_overall"] or {}).get("label") or "–",
        "yes" if moderation.get("status") == "done" else "",
        *([a["overall_rationale"]] if evidence else []),
        *md_cells(a),
    ]


def grades_markdown(document: dict[str, Any]) -> str:
    """A table of the audits: case, team, rubric, status, date, the grade that counts."""
    workers, evidence = document["with_workers"], document["with_evidence"]
    audits = document["audits"]
    lines = markdown_head(document, Counter(a["status"] for a in audits))
    if not audits:
        return "\n".join(lines)
    header, align = markdown_columns(workers, evidence)
    lines += md_table(header, [markdown_row(a, workers, evidence) for a in audits], align)
    lines.append("")
    lines += md_sections(document)
    return "\n".join(lines)
