"""`qa-tui export agencies --programme P`: a multi-agency round's grades by agency and
criterion, the partnership's agreed joint judgements beside them.

One record per rubric, agency and criterion (the overall grade is criterion ''), each
with how many children's audits graded it, the share good or better (for a yes/no
question, the share answered Yes) and the share at the scale's worst grade (the
dashboard's rules), and the count of each grade. The
agency "Joint judgement" holds the agreed joint grades. Counts under the small-number
threshold are kept back, and so are the shares worked out from them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from qa_tui.domain.multi_agency import JOINT
from qa_tui.domain.permissions import Op
from qa_tui.domain.rubric import criterion_name
from qa_tui.exports.formats import (
    Column,
    Sheet,
    about_sheet,
    count_text,
    csv_text,
    generated_at,
    is_small,
    md_table,
    percent_text,
    suppress,
)

if TYPE_CHECKING:
    from qa_tui.desks.audit_view import AuditReading

SCHEMA_VERSION = 1


def agencies_document(desk: AuditReading, programme: str, *, suppress_below: int) -> dict[str, Any]:
    """The round's agency x criterion grades as one document."""
    from qa_tui.desks.multi_agency import MultiAgencyDesk

    desk.require(Op.EXPORT)
    the_round, tables = MultiAgencyDesk(desk).by_agency(programme)
    records = []
    for rubric, cells in tables:
        names = {c.id: criterion_name(c.id) for c in rubric.criteria}
        for cell in cells:
            small = is_small(cell.counted, suppress_below)
            row = cell.as_dict()
            records.append(
                {
                    "rubric_id": rubric.id,
                    "agency": cell.agency,
                    "criterion_id": cell.criterion_id,
                    "criterion": names.get(cell.criterion_id, "Overall"),
                    "counted": suppress(cell.counted, suppress_below),
                    "good_or_better": None if small else row["good_or_better"],
                    "worst_grade": None if small else row["worst_grade"],
                    "not_applicable": suppress(cell.not_applicable, suppress_below),
                    "grades": {} if small else row["grades"],
                }
            )
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": "agencies",
        "generated_at": generated_at(),
        "programme": the_round.name,
        "programme_id": the_round.id,
        "joint_agency": JOINT,
        "suppress_below": suppress_below,
        "agencies": records,
    }


_HEADER = [
    "rubric_id",
    "agency",
    "criterion_id",
    "criterion",
    "counted",
    "good_or_better",
    "worst_grade",
    "not_applicable",
    "grades",
]


def _grades_text(grades: dict[str, int]) -> str:
    return "; ".join(f"{label}: {n}" for label, n in grades.items())


def _flat(r: dict[str, Any]) -> list[Any]:
    return [*(r[k] for k in _HEADER[:-1]), _grades_text(r["grades"])]


def agencies_csv(document: dict[str, Any]) -> str:
    return csv_text(_HEADER, (_flat(r) for r in document["agencies"]))


def agencies_sheets(document: dict[str, Any]) -> list[Sheet]:
    columns = [
        Column("Rubric"),
        Column("Agency"),
        Column("Criterion id"),
        Column("Criterion", width=40),
        Column("Children graded", "int"),
        Column("Good or better", "share"),
        Column("Worst grade", "share"),
        Column("Not applicable", "int"),
        Column("Grades", width=50),
    ]
    rows = [_flat(r) for r in document["agencies"]]
    about = about_sheet(
        [
            ("Programme", document["programme"]),
            ("Generated", document["generated_at"]),
            ("Counts under this are kept back", document["suppress_below"]),
        ]
    )
    return [Sheet("By agency", columns, rows), about]


def agencies_markdown(document: dict[str, Any]) -> str:
    """Per rubric, criteria down and agencies across: the share good or better."""
    below = document["suppress_below"]
    lines = [f"# {document['programme']}: grades by agency", ""]
    lines.append(
        f"Share of children's audits graded good or better (Yes, for a yes/no question), with "
        f"how many; '{JOINT}' is the partnership's agreed grade."
        + (f" Counts under {below} are kept back." if below else "")
    )  # fmt: skip
    by_rubric: dict[str, list[dict[str, Any]]] = {}
    for r in document["agencies"]:
        by_rubric.setdefault(r["rubric_id"], []).append(r)
    for rubric_id, records in by_rubric.items():
        agencies = list(dict.fromkeys(r["agency"] for r in records))
        criteria = list(dict.fromkeys((r["criterion_id"], r["criterion"]) for r in records))
        cell = {(r["agency"], r["criterion_id"]): r for r in records}
        lines += ["", f"## {rubric_id}", ""]
        rows = []
        for cid, name in criteria:
            row: list[Any] = [name]
            for agency in agencies:
                r = cell[(agency, cid)]
                hidden = r["counted"] is None
                row.append(
                    f"{percent_text(r['good_or_better'], hidden)} "
                    f"({count_text(r['counted'], below)})"
                )
            rows.append(row)
        lines += md_table(["Criterion", *agencies], rows, "l" + "r" * len(agencies))
    return "\n".join(lines) + "\n"
