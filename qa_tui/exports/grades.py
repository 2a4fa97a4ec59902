"""Grades for scripts: one JSON document or one Excel-safe CSV, from the store's rows.

The JSON shape is a contract (`schema_version` says which, `grades_schema()` publishes
it as schemas/grades.schema.json); grades carry value and label so a script never needs
the rubric file. Evidence text can name people, and auditors' and moderators' names
are workers' names, so each is only included when asked for. The XLSX and Markdown
forms (`grades_sheets`, `grades_markdown`) are rendered from the same document.
Version 2 added what followed each audit (exports/grades_followed.py), keeping every
field of version 1 as it was.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TextIO

from qa_tui.domain.family_views import FAMILY_VIEW
from qa_tui.domain.permissions import Op
from qa_tui.domain.text import for_file
from qa_tui.exports.grades_followed import (
    FOLLOWED_CSV_COLUMNS,
    followed_csv_cells,
    followed_fields,
)

if TYPE_CHECKING:
    from qa_tui.desks.identity import PersonAtDesk

GRADES_SCHEMA_VERSION = 2  # 2: programme, re-audit change, actions, escalations, feedback
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class ExportFilters:
    date_from: str | None = None
    date_to: str | None = None
    team: str | None = None
    rubric_id: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        return {
            "from": self.date_from,
            "to": self.date_to,
            "team": self.team,
            "rubric": self.rubric_id,
        }


def _grade(key: str | None, value: int | None, label: str | None) -> dict | None:
    if key is None:
        return None
    return {"key": key, "value": value, "label": label}


def _moderation(row: dict | None, with_workers: bool) -> dict | None:
    """Selected for moderation, why, and (once done) the moderated overall grade."""
    if row is None:
        return None
    return {
        "status": row["status"],
        "selected_because": row["selected_because"],
        **({"moderator": row["moderator"]} if with_workers else {}),
        "completed_at": row["completed_at"],
        "overall": _grade(
            row["overall_grade_key"], row["overall_grade_value"], row["overall_grade_label"]
        )
        if row["status"] == "done"
        else None,
        "overall_reason": row["overall_reason"] if row["status"] == "done" else None,
    }


def grades_head(
    filters: ExportFilters, with_evidence: bool = False, with_workers: bool = False
) -> dict[str, Any]:
    """The document without its audits: what a streamed export writes first."""
    return {
        "schema_version": GRADES_SCHEMA_VERSION,
        "kind": "grades",
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "filters": filters.as_dict(),
        "with_evidence": with_evidence,
        "with_workers": with_workers,
    }


def grades_records(
    desk: PersonAtDesk,
    filters: ExportFilters,
    with_evidence: bool = False,
    with_workers: bool = False,
) -> Iterator[dict[str, Any]]:
    """Every audit the filters keep, oldest first, one record at a time, for the person
    at `desk` (who may export: asked now, before the first record is read)."""
    desk.require(Op.EXPORT)
    rows = desk.store.export_rows(
        date_from=filters.date_from,
        date_to=filters.date_to,
        team=filters.team,
        rubric_id=filters.rubric_id,
        evidence=with_evidence,
    )
    return (grade_record(row, with_evidence, with_workers) for row in rows)


def grades_counts(desk: PersonAtDesk, filters: ExportFilters) -> dict[str, Any]:
    """How many audits (by status), answers, case actions, escalations and feedback
    an export holds: one cheap query, so a workbook too big for a sheet is refused
    before any work and a progress bar knows its end."""
    desk.require(Op.EXPORT)
    return desk.store.export_counts(
        date_from=filters.date_from,
        date_to=filters.date_to,
        team=filters.team,
        rubric_id=filters.rubric_id,
    )


def grades_document(
    desk: PersonAtDesk,
    filters: ExportFilters,
    with_evidence: bool = False,
    with_workers: bool = False,
) -> dict[str, Any]:
    """Every audit the filters keep, as one document in memory (for small exports and
    tests; the CLI streams the same records through exports/grades_stream.py)."""
    audits = list(grades_records(desk, filters, with_evidence, with_workers))
    return {**grades_head(filters, with_evidence, with_workers), "audits": audits}


def grade_record(row: dict[str, Any], with_evidence: bool, with_workers: bool) -> dict[str, Any]:
    """One audit's record, from the store's export row."""
    themes_by_criterion: dict[str, list[dict]] = {}
    for t in row["themes"]:
        themes_by_criterion.setdefault(t["criterion_id"], []).append(
            {"theme": t["theme"], "polarity": t["polarity"]}
        )
    moderated_answers = row["moderated_answers"]
    answers = []
    for a in row["answers"]:  # by criterion id, as the store orders them
        if a["grade_key"] is None and not a["not_applicable"]:
            continue  # only an evidence note so far: not an answer yet
        answer = {
            "criterion_id": a["criterion_id"],
            "not_applicable": bool(a["not_applicable"]),
            "grade": _grade(a["grade_key"], a["grade_value"], a["grade_label"]),
            "themes": themes_by_criterion.get(a["criterion_id"], []),
        }
        if a.get("na_reason"):  # the rubric's rule, not the auditor, ruled it out
            answer["not_applicable_reason"] = a["na_reason"]
        agreed = moderated_answers.get(a["criterion_id"])
        if agreed is not None:  # the moderated grade is the one that counts
            answer["moderated"] = {
                "not_applicable": bool(agreed["not_applicable"]),
                "grade": _grade(agreed["grade_key"], agreed["grade_value"], agreed["grade_label"]),
                "reason": agreed["reason"],
            }
        if with_evidence:
            answer["evidence"] = a["evidence"]
        answers.append(answer)
    record = {
        "audit_id": row["id"],
        "case_ref": row["case_ref"],
        "team": row["team"],
        "cohort": row["cohort"],
        "rubric": {
            "id": row["rubric_id"],
            "version": row["rubric_version"],
            "hash": row["rubric_hash"],
        },
        **({"auditor": row["auditor"]} if with_workers else {}),
        "status": row["status"],
        "audit_date": row["audit_date"],
        "created_at": row["created_at"],
        "started_at": row["started_at"],
        "submitted_at": row["submitted_at"],
        "due_on": row["due_on"],
        "window": {
            "lookback_from": row["lookback_from"],
            "judgement_from": row["judgement_from"],
            "to": row["window_to"],
        },
        "overall": _grade(
            row["overall_grade_key"], row["overall_grade_value"], row["overall_grade_label"]
        ),
        "answers": answers,
        # themes on the audit as a whole, then those from the family's view
        "audit_themes": themes_by_criterion.get("", []) + themes_by_criterion.get(FAMILY_VIEW, []),
        "moderation": _moderation(row["moderation"], with_workers),
        **followed_fields(row, with_evidence, with_workers),
    }
    moderated = record["moderation"]
    record["counted_overall"] = (
        moderated["overall"] if moderated and moderated["status"] == "done" else record["overall"]
    )
    if with_evidence:
        record["overall_rationale"] = row["overall_rationale"]
        record["override_reason"] = row["override_reason"]
        record["strengths"] = row["strengths"]
        record["areas_for_development"] = row["areas_for_development"]
    return record


def excel_safe(value: Any) -> Any:
    """A CSV cell's value: control characters (but newline and tab) written as visible
    escapes, and never run as a formula by a spreadsheet (CSV injection)."""
    if isinstance(value, str):
        return _safe_text(value)
    return value


@lru_cache(maxsize=16_384)  # teams, labels, criteria and dates repeat on every row
def _safe_text(value: str) -> str:
    value = for_file(value)
    return "'" + value if value.startswith(_FORMULA_START) else value


def _cell(v: Any) -> Any:
    return "" if v is None else _safe_text(v) if isinstance(v, str) else v


def _cells(values: list[Any]) -> list[Any]:
    """Cells as CSV writes them: empty for None, text made `excel_safe`."""
    return ["" if v is None else _safe_text(v) if isinstance(v, str) else v for v in values]


CSV_COLUMNS = [
    "audit_id",
    "case_ref",
    "team",
    "cohort",
    "rubric_id",
    "rubric_version",
    "auditor",
    "status",
    "audit_date",
    "submitted_at",
    "overall_value",
    "overall_label",
    "criterion_id",
    "not_applicable",
    "grade_value",
    "grade_label",
    "themes",
    # Moderation (empty until done): the grade that counts is the moderated one.
    "moderated_value",
    "moderated_label",
    "counted_overall_value",
    "counted_overall_label",
]


def csv_columns(with_workers: bool, with_evidence: bool) -> list[str]:
    """The answers table's header: the auditor column only when workers' names were
    asked for, evidence only with evidence. Version 2's columns (what followed the
    audit) come last, so every earlier column keeps its place."""
    columns = [c for c in CSV_COLUMNS if with_workers or c != "auditor"]
    columns += ["evidence"] if with_evidence else []
    return columns + FOLLOWED_CSV_COLUMNS


def csv_rows(audit: dict[str, Any], with_workers: bool, with_evidence: bool) -> list[list[Any]]:
    """One audit's rows, Excel-safe: one an answer (one with empty answer cells when it
    has none); audit columns repeat so a pivot table needs nothing else."""
    overall = audit["overall"] or {}
    base = [
        audit["audit_id"],
        audit["case_ref"],
        audit["team"],
        audit["cohort"],
        audit["rubric"]["id"],
        audit["rubric"]["version"],
        *([audit.get("auditor")] if with_workers else []),
        audit["status"],
        audit["audit_date"],
        audit["submitted_at"],
        overall.get("value"),
        overall.get("label"),
    ]
    counted = audit["counted_overall"] or {}
    head, tail = _cells(base), _cells(followed_csv_cells(audit))
    counted_cells = _cells([counted.get("value"), counted.get("label")])
    if not audit["answers"]:
        return [head + [""] * 7 + counted_cells + ([""] if with_evidence else []) + tail]
    rows = []
    for answer in audit["answers"]:
        grade = answer["grade"] or {}
        moderated = answer.get("moderated") or {}
        agreed = moderated.get("grade") or {}
        themes = answer["themes"]
        label = grade.get("label")
        agreed_label = "Not applicable" if moderated.get("not_applicable") else agreed.get("label")
        cells = [
            _safe_text(answer["criterion_id"]),
            "yes" if answer["not_applicable"] else "no",
            _cell(grade.get("value")),
            "" if label is None else _safe_text(label),
            _safe_text("; ".join(t["theme"] for t in themes)) if themes else "",
            _cell(agreed.get("value")),
            "" if agreed_label is None else _safe_text(agreed_label),
        ]
        evidence = [_cell(answer.get("evidence", ""))] if with_evidence else []
        rows.append(head + cells + counted_cells + evidence + tail)
    return rows


def write_grades_csv(document: dict[str, Any], out: TextIO) -> None:
    """The answers table of a whole document (exports/grades_stream.py streams it)."""
    workers, evidence = document["with_workers"], document["with_evidence"]
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(csv_columns(workers, evidence))
    for audit in document["audits"]:
        writer.writerows(csv_rows(audit, workers, evidence))


def render_csv(document: dict[str, Any]) -> str:
    buffer = io.StringIO()
    write_grades_csv(document, buffer)
    return buffer.getvalue()
