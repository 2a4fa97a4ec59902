"""The action plan rendered for people: CSV, the XLSX workbook and the board's Markdown.

It exists so that `actions` can stay the document (narrowing the plan to the filters,
hiding small counts, shaping it) while this module only renders that finished document;
it never reads the store, so a table can say no more than the document does.
"""

from __future__ import annotations

from typing import Any

from qa_tui.domain.plan_records import ACTION_STATUS_LABELS
from qa_tui.exports.formats import (
    POLARITY_LABELS,
    SUPPRESSED_TEXT,
    Column,
    Sheet,
    about_sheet,
    count_text,
    csv_text,
    describe_filters,
    md_table,
    md_text,
    percent_text,
)

# The board reads the items needing attention first.
BOARD_ORDER = ("off_track", "at_risk", "on_track", "not_started", "complete")


# -- flat rows for CSV and XLSX --------------------------------------------------------

_FLAT = [  # (CSV column, sheet title, kind, where in the document)
    ("id", "Id", "int", "id"),
    ("title", "Title", "text", "title"),
    ("description", "Description", "text", "description"),
    ("owner", "Owner", "text", "owner"),
    ("due_on", "Due", "date", "due_on"),
    ("status", "Status", "text", "status"),
    ("suggested_status", "Suggested status", "text", "suggested_status"),
    ("status_reason", "Status reason", "text", "status_reason"),
    ("themes", "Themes", "text", None),
    ("recommendation", "Recommendation", "text", "recommendation"),
    ("measure", "Measure", "text", "m.label"),
    ("measure_rubric_id", "Rubric", "text", "m.rubric_id"),
    ("measure_criterion_id", "Criterion", "text", "m.criterion_id"),
    ("measure_bucket", "Bucket", "text", "m.bucket"),
    ("measure_cohort", "Cohort", "text", "m.cohort"),
    ("measure_team", "Team", "text", "m.team"),
    ("measure_programme_id", "Programme id", "int", "m.programme_id"),
    ("measure_set_on", "Measure set on", "date", "m.set_on"),
    ("baseline", "Baseline", "share", "m.baseline"),
    ("baseline_audits", "Baseline audits", "int", "m.baseline_audits"),
    ("current", "Current", "share", "m.current"),
    ("current_audits", "Current audits", "int", "m.current_audits"),
    ("expected", "Expected now", "share", "m.expected"),
    ("target", "Target", "share", "m.target"),
    ("target_on", "Target date", "date", "m.target_on"),
    ("smart_problems", "SMART problems", "text", None),
]


def _flat(action: dict[str, Any], below: int, *, labels: bool) -> list[Any]:
    measure = action["measure"] or {}
    hidden = set(measure.get("suppressed", ()))
    row: list[Any] = []
    for column, _title, _kind, where in _FLAT:
        if column == "themes":
            value: Any = "; ".join(
                f"{t['theme']} ({POLARITY_LABELS.get(t['polarity'], t['polarity']).lower()})"
                for t in action["themes"]
            )
        elif column == "smart_problems":
            value = "; ".join(action["smart_problems"])
        elif where and where.startswith("m."):
            name = where[2:]
            value = measure.get(name)
            if name in hidden:
                value = count_text(None, below) if name.endswith("audits") else SUPPRESSED_TEXT
        else:
            value = action[where or column]
        if labels and column in ("status", "suggested_status"):
            value = ACTION_STATUS_LABELS.get(value, value)
        row.append(value)
    return row


def actions_csv(document: dict[str, Any]) -> str:
    below = document["suppressed_below"]
    return csv_text(
        [c for c, *_ in _FLAT], (_flat(a, below, labels=False) for a in document["actions"])
    )


def actions_sheets(document: dict[str, Any]) -> list[Sheet]:
    below = document["suppressed_below"]
    actions = Sheet(
        "Actions",
        [Column(title, kind) for _c, title, kind, _w in _FLAT],
        [_flat(a, below, labels=True) for a in document["actions"]],
    )
    themes = Sheet(
        "Action themes",
        [Column("Action id", "int"), Column("Action"), Column("Theme"), Column("Polarity")],
        [
            [a["id"], a["title"], t["theme"], POLARITY_LABELS.get(t["polarity"], t["polarity"])]
            for a in document["actions"]
            for t in a["themes"]
        ],
    )
    about = about_sheet(
        [
            ("Export", "actions"),
            ("Generated at", document["generated_at"]),
            ("Progress as of", document["as_of"]),
            ("Filters", describe_filters(document["filters"])),
            ("Counts suppressed below", f"{below} (shown as <{below})" if below else "off"),
        ]
    )
    return [actions, themes, about]


# -- Markdown: a section per status ----------------------------------------------------


def _progress_line(measure: dict[str, Any], below: int) -> str:
    hidden = set(measure["suppressed"])

    def share(name: str) -> str:
        return percent_text(measure[name], name in hidden)

    def audits(name: str) -> str:
        value = measure[name]
        return count_text(value, below) if name in hidden else str(value or 0)

    line = (
        f"baseline {share('baseline')} ({audits('baseline_audits')} graded) → "
        f"now {share('current')} ({audits('current_audits')} graded) → "
        f"target {share('target')}"
    )
    if measure["target_on"]:
        line += f" by {measure['target_on']}"
    if measure["expected"] is not None or "expected" in hidden:
        line += f"; expected by now {share('expected')}"
    return line


def actions_markdown(document: dict[str, Any]) -> str:
    below = document["suppressed_below"]
    actions = document["actions"]
    by_status: dict[str, list[dict[str, Any]]] = {s: [] for s in BOARD_ORDER}
    for a in actions:
        by_status.setdefault(a["status"], []).append(a)
    lines = [
        f"# Action plan: {md_text(describe_filters(document['filters']))}",
        "",
        f"Progress as of {document['as_of']}; generated {document['generated_at'][:10]}."
        f" {len(actions)} item(s).",
    ]
    if below:
        lines[-1] += (
            f" Counts under {below} are shown as <{below}, and the shares "
            f"worked out from them as {SUPPRESSED_TEXT}; so is a share whose "
            f"answers in the bucket, or the rest, are under {below}. A suggested "
            f"status is worked out from the figures shown: with the current "
            f"figure {SUPPRESSED_TEXT} it is Not started."
        )
    lines.append("")
    lines += md_table(
        ["Status", "Items"],
        [[ACTION_STATUS_LABELS[s], len(by_status[s])] for s in BOARD_ORDER],
        "lr",
    )
    for status in BOARD_ORDER:
        lines += ["", f"## {ACTION_STATUS_LABELS[status]} ({len(by_status[status])})", ""]
        if not by_status[status]:
            lines.append("None.")
            continue
        for a in by_status[status]:
            lines += [f"### {a['id']}. {md_text(a['title'])}", ""]
            if a["description"].strip():
                lines += [md_text(a["description"]), ""]
            lines.append(
                f"- Owner: {md_text(a['owner']) or '(none)'}; due {a['due_on'] or '(no date)'}"
            )
            if a["status"] != a["suggested_status"]:
                lines.append(
                    f"- Status set by the owner (suggested: "
                    f"{ACTION_STATUS_LABELS.get(a['suggested_status'])}): "
                    f"{md_text(a['status_reason'])}"
                )
            measure = a["measure"]
            if measure:
                lines += [
                    f"- Measure: {md_text(measure['label'])}",
                    f"- Progress: {_progress_line(measure, below)}",
                ]
            else:
                lines.append("- Measure: none")
            if a["themes"]:
                lines.append(
                    "- Themes: "
                    + ", ".join(
                        f"{md_text(t['theme'])} "
                        f"({POLARITY_LABELS.get(t['polarity'], t['polarity']).lower()})"
                        for t in a["themes"]
                    )
                )
            if a["recommendation"]:
                lines.append(f"- Recommendation: {md_text(a['recommendation'])}")
            if a["smart_problems"]:
                lines.append(f"- SMART problems: {md_text(', '.join(a['smart_problems']))}")
            lines.append("")
        if lines[-1] == "":
            lines.pop()
    lines.append("")
    return "\n".join(lines)
