"""A round's report as an XLSX workbook for the board's papers: one sheet per section of
the report, and an About sheet saying what the round is and how small numbers are kept
back. The same data as the Markdown and HTML (reports/programme.py), written with the
exports' workbook writer, which stores every text as text (never as a formula)."""

from __future__ import annotations

from typing import Any

from qa_tui.exports.formats import Column, Sheet, xlsx_bytes


def _share(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def programme_workbook(data: dict[str, Any]) -> bytes:
    p, sample = data["programme"], data["sample"]
    about = Sheet(
        "About",
        [Column("Item"), Column("Value")],
        [
            ["Report", f"Audit round report: {p['name']}"],
            ["Kind", p["kind"]],
            ["Status", p["status"]],
            ["Owner", p["owner"]],
            ["Due", p["due_on"]],
            ["Rubrics", p["rubrics"]],
            ["Sampled in", p["quarter"]],
            ["Compared with", f"{p['earlier']} ({p['earlier_how']})" if p["earlier"] else ""],
            ["Made on", data["generated_on"]],
            [
                "Small numbers",
                f"Team counts under {data['suppress_below']} are shown as "
                f"<{data['suppress_below']}; a share that would give one away is blank.",
            ],
        ],
    )
    drawn = Sheet(
        "Sample",
        [Column("Item"), Column("Value")],
        [["Rule", line] for line in sample["rule"]]
        + [
            ["Seed", sample["seed"]],
            ["Cases listed", sample["cases_listed"]],
            ["Cohort", sample["cohort_size"]],
            ["Drawn on", sample["sampled_at"]],
            ["Cases chosen", sample["chosen"]],
            ["Audits", sample["audits"]],
            ["Submitted", sample["submitted"]],
            ["Overdue", sample["overdue"]],
        ]
        + [[label, n] for label, n in sample["outcomes"]]
        + [[f"Left out: {reason}", n] for reason, n in sample["exclusions"]],
    )
    criteria = Sheet(
        "Criteria",
        [
            Column("Rubric"),
            Column("Criterion"),
            Column("Kind"),
            Column("Graded", "int"),
            Column("Good or better (Yes)", "share"),
            Column("Inadequate", "share"),
        ],
        [
            [
                r["title"],
                row["label"],
                row["kind"],
                row["counted"],
                _share(row["yes"] if row["kind"] == "compliance" else row["good"]),
                None if row["kind"] == "compliance" else _share(row["inadequate"]),
            ]
            for r in data["rubrics"]
            for row in r["criteria"]
        ],
    )
    teams = Sheet(
        "Teams",
        [
            Column("Rubric"),
            Column("Team"),
            Column("Graded"),
            Column("Good or better", "share"),
            Column("Inadequate", "share"),
        ],
        [
            [r["title"], t["team"], t["counted_text"], _share(t["good"]), _share(t["inadequate"])]
            for r in data["rubrics"]
            for t in r["teams"]
        ],
    )
    themes = Sheet(
        "Themes",
        [
            Column("Theme"),
            Column("Kind"),
            Column("Audits"),
            Column("Share", "share"),
            Column("Earlier share", "share"),
            Column("Change (points)", "int"),
        ],
        [
            [
                t["theme"],
                t["polarity"],
                t["audits"],
                _share(t["share"]),
                _share(t["earlier_share"]),
                t["change"],
            ]
            for t in data["themes"]
        ],
    )
    reaudits = Sheet(
        "Re-audits",
        [
            Column("Case"),
            Column("Team"),
            Column("Earlier audit", "int"),
            Column("Earlier grade"),
            Column("Re-audit", "int"),
            Column("Grade now"),
            Column("Change"),
        ],
        [
            [
                r["case_ref"],
                r["team"],
                r["previous_audit_id"],
                r["earlier"],
                r["audit_id"],
                r["later"],
                r["change"],
            ]
            for r in data["reaudits"]
        ],
    )
    actions = Sheet(
        "Actions",
        [
            Column("Audit", "int"),
            Column("Case"),
            Column("Team"),
            Column("Action"),
            Column("Owner"),
            Column("Due", "date"),
            Column("State"),
        ],
        [
            [
                a["audit_id"],
                a["case_ref"],
                a["team"],
                a["what"],
                a["owner"],
                a["due_on"],
                a["state"],
            ]
            for a in data["actions"]
        ],
    )
    recommendations = Sheet(
        "Recommendations",
        [Column("No.", "int"), Column("Recommendation")],
        [[n, text] for n, text in enumerate(data["recommendations"], start=1)],
    )
    sheets = [about, drawn, criteria, teams, themes, reaudits, actions, recommendations]
    return xlsx_bytes(sheets + _agency_sheets(data["agencies"]))


def _agency_sheets(agencies: dict[str, Any] | None) -> list[Sheet]:
    """A multi-agency round's two extra sheets: agencies x criteria, and each child's
    agencies beside the joint judgement."""
    if not agencies:
        return []
    by_agency = Sheet(
        "By agency",
        [Column("Rubric"), Column("Criterion"), Column("Agency"), Column("Good or better")],
        [
            [t["title"], row[0], agency, cell]
            for t in agencies["by_agency"]
            for row in t["rows"]
            for agency, cell in zip(t["agencies"], row[1:], strict=True)
        ],
    )
    joint = Sheet(
        "Joint judgements",
        [
            Column("Case"),
            Column("Rubric"),
            Column("Agreed on", "date"),
            Column("Took part"),
            Column("Criterion"),
            Column("Agency grades", width=60),
            Column("Joint"),
            Column("Why, where the agencies differed", width=60),
        ],
        [
            [
                child["case_ref"],
                child["rubric"],
                child["agreed_on"],
                child["participants"],
                row["criterion"],
                "; ".join(
                    f"{a}: {g}" for a, g in zip(child["agencies"], row["grades"], strict=True)
                ),
                row["joint"],
                row["reason"] if row["differ"] else "",
            ]
            for child in agencies["children"]
            for row in child["rows"]
        ],
    )
    return [by_agency, joint]
