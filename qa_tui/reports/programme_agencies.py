"""The multi-agency part of a round's report: each agency's grades beside the
partnership's joint ones.

For a multi_agency round only (None for any other). Two views, read through
MultiAgencyDesk so the permission table holds as on the screens:

- by agency: for each rubric, criteria down and agencies across, the share of children
  each agency graded good or better, the agreed joint judgements as the last column;
  counts under the report's small-number threshold kept back as everywhere else;
- by child: each child's agencies' grades and the joint grade with the reason the
  partnership gave where the agencies differed, and who took part.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from qa_tui.desks.multi_agency import MultiAgencyDesk
from qa_tui.domain.multi_agency import JOINT
from qa_tui.domain.rubric import criterion_name
from qa_tui.exports.formats import is_small

if TYPE_CHECKING:
    from qa_tui.desks.audit_view import AuditReading
    from qa_tui.domain.multi_agency import AgencyCell


def _cell(cell: AgencyCell, below: int) -> str:
    if not cell.counted:
        return "n/a" if cell.not_applicable else "–"
    if is_small(cell.counted, below):
        return f"<{below} graded"
    share = cell.share(cell.good) or 0.0
    return f"{share * 100:.0f}% of {cell.counted}"


def agencies_section(desk: AuditReading, programme_id: int, below: int) -> dict[str, Any]:
    """Both views as plain data for the templates and the workbook."""
    multi = MultiAgencyDesk(desk)
    _round, tables = multi.by_agency(programme_id)
    by_agency = []
    for rubric, cells in tables:
        agencies = list(dict.fromkeys(cell.agency for cell in cells))
        grid: dict[str, dict[str, AgencyCell]] = {}
        for cell in cells:
            grid.setdefault(cell.criterion_id, {})[cell.agency] = cell
        by_agency.append(
            {
                "title": rubric.title,
                "agencies": agencies,
                "rows": [
                    [
                        criterion_name(cid) if cid else "Overall",
                        *(_cell(row[a], below) for a in agencies),
                    ]
                    for cid, row in grid.items()
                ],
            }
        )
    children = []
    for child in multi.children(programme_id):
        view = multi.joint(programme_id, child["case_ref"], child["rubric_id"])
        agencies = [a["agency"] for a in view.agencies]
        rows = []
        for c in view.criteria:
            given = {g.agency: g.text for g in c.agencies}
            rows.append(
                {
                    "criterion": c.name,
                    "grades": [given.get(a, "–") for a in agencies],
                    "joint": c.agreed["label"] if c.agreed else "–",
                    "differ": c.differ,
                    "reason": c.agreed["reason"] if c.agreed else "",
                }
            )
        children.append(
            {
                "case_ref": view.case_ref,
                "rubric": view.rubric.title,
                "agreed_on": (view.agreed_at or "")[:10],
                "participants": "; ".join(
                    f"{p['name']} ({p['agency']})" if p.get("agency") else p["name"]
                    for p in view.participants
                ),
                "agencies": agencies,
                "rows": rows,
            }
        )
    return {"joint": JOINT, "by_agency": by_agency, "children": children}
