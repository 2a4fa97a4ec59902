"""The joint judgement screen's parts: a child's criteria side by side, its small forms
(the reason where agencies differ, who took part, the agencies' auditors) and the
by-agency table, kept apart so the screen reads as what the QA lead does. Every value
from people or files is drawn literally (`line`), never as markup."""

from __future__ import annotations

from typing import Any

from textual.content import Content

from qa_tui.desks.multi_agency import JointView
from qa_tui.domain.multi_agency import AgencyCell
from qa_tui.domain.rubric import criterion_name
from qa_tui.tui.base import short_grade
from qa_tui.tui.widgets.dialogs import Form
from qa_tui.tui.widgets.shown import clip, line

CELL = 9  # an agency's column in the by-agency table
AGENCY_WIDTH = 7  # an agency's column beside a child's criteria: its name cut, the grade


def child_state(row: dict[str, Any]) -> str:
    """A child's joint judgement in a word or two, for a narrow list."""
    if row["agreed_at"]:
        return "agreed"
    if row["submitted"] < row["agencies"]:
        return "waiting"
    return "begun" if row["joint_id"] else "to agree"


def criteria_rows(view: JointView) -> list[Content]:
    """A line naming the agencies, then one line per criterion: ≠ where agencies differ,
    the name, each agency's grade, then the joint grade (drawn in one list, so the
    columns line up whatever the list's padding)."""
    order = [a["agency"] for a in view.agencies]
    names = "".join(f"{clip(a, AGENCY_WIDTH - 1):<{AGENCY_WIDTH}}" for a in order)
    out = [line(f"{'':<21}{names}│ Joint", "dim")]
    for c in view.criteria:
        given = {g.agency: short_grade(g.label, g.not_applicable) for g in c.agencies}
        cells = "".join(f"{given.get(a) or '·':<{AGENCY_WIDTH}}" for a in order)
        joint = c.agreed["label"] if c.agreed else ""
        joint_short = short_grade(joint, bool(c.agreed and c.agreed["not_applicable"]))
        out.append(
            Content.assemble(
                line("≠ " if c.differ else "  ", "bold $warning"),
                line(f"{clip(c.name, 18):<19}", "bold" if not c.criterion_id else ""),
                line(cells),
                line(f"│ {joint_short or '·'}", "bold"),
            )
        )
    return out


class ReasonForm(Form):
    note = (
        "The agencies graded this criterion differently: say why the partnership agreed "
        "this grade. Enter saves; escape saves nothing."
    )

    def __init__(self, heading: str):
        super().__init__()
        self.heading = heading

    def fields(self) -> list[tuple[str, str, str]]:
        return [("Why", "e.g. the police record shows the referral waited a week", "")]

    def check(self, values: tuple[str, ...]) -> str | None:
        return None if values[0] else "A reason is needed where the agencies differ."


class ParticipantsForm(Form):
    heading = "Who took part"
    note = "Agency=Name for each, separated by ';' (replaces the list). Escape saves nothing."

    def __init__(self, now: str):
        super().__init__()
        self.now = now

    def fields(self) -> list[tuple[str, str, str]]:
        return [("Took part", "e.g. Police=DS Ash; Health=Nurse Hazel", self.now)]


class AssignAgenciesForm(Form):
    heading = "Audit each child once per agency"
    note = (
        "One auditor per agency, Agency=user, separated by ';' (a user alone: their own "
        "agency, children's social care for the council's auditors). Run again to add an "
        "agency; audits already made are kept. Escape makes nothing."
    )

    def fields(self) -> list[tuple[str, str, str]]:
        return [("Auditors", "e.g. Police=police.ash; Health=nurse.hazel; qa.rowan", "")]


def _cell(cell: AgencyCell) -> str:
    if not cell.counted:
        return "n/a" if cell.not_applicable else "–"
    share = cell.share(cell.good) or 0.0
    return f"{share * 100:.0f}% {cell.counted}"


def by_agency_text(tables: list[tuple[Any, list[AgencyCell]]]) -> Content:
    """Per rubric: criteria down, agencies across (the joint judgement last), each cell
    the share of children graded good or better (Yes, for a yes/no question) and how
    many were graded."""
    lines: list[Content] = []
    if not tables:
        return line("No agency's audit is submitted yet.", "dim")
    for rubric, cells in tables:
        agencies = list(dict.fromkeys(c.agency for c in cells))
        grid: dict[str, dict[str, AgencyCell]] = {}
        for c in cells:
            grid.setdefault(c.criterion_id, {})[c.agency] = c
        lines.append(line(rubric.title, "bold"))
        lines.append(line("Good or better (Yes for a yes/no question), and children graded", "dim"))
        head = "".join(f"{clip(a, CELL - 1):>{CELL}}" for a in agencies)
        lines.append(line(f"{'':<22}{head}", "bold"))
        for cid, row in grid.items():
            name = clip(criterion_name(cid) if cid else "Overall", 21)
            cells_text = "".join(f"{_cell(row[a]):>{CELL}}" for a in agencies)
            lines.append(line(f"{name:<22}{cells_text}", "bold" if not cid else ""))
        lines.append(Content())
    return Content("\n").join(lines)
