"""Themes rendered for people: CSV, the XLSX workbook and the board's Markdown report.

It exists so that `themes` can stay the document (reading the ranking, hiding small
counts, shaping it) while this module only renders that finished document; it never
reads the store, so a table can say no more than the document does.
"""

from __future__ import annotations

from typing import Any

from qa_tui.exports.formats import (
    POLARITY_LABELS,
    SUPPRESSED_TEXT,
    Column,
    Sheet,
    about_sheet,
    count_text,
    csv_text,
    describe_filters,
    is_small,
    md_table,
    md_text,
    percent_text,
    points_text,
    shorten,
)
from qa_tui.exports.small_numbers import GRADE_KEYS

GRADE_TITLES = ("Outstanding", "Good", "Requires improvement", "Inadequate")
TOP = 3  # teams and criteria a board report lists for each theme

# -- what the formats show for the rows left out --------------------------------------

OTHER_TEAMS = "(other teams)"
OTHER_CRITERIA = "(other criteria)"


def _other_teams(t: dict[str, Any]) -> int | None:
    """What the teams left out of a theme add up to (its audits less the listed teams);
    None under a hidden total. Only meaningful when "teams" is in t["suppressed"]."""
    if t["audits"] is None:
        return None
    return int(t["audits"]) - sum(int(x["audits"]) for x in t["teams"])


def _suppression_note(below: int) -> str:
    return (
        f"Counts under {below} are shown as <{below}, and the shares worked out from "
        f"them as {SUPPRESSED_TEXT}; a theme with fewer than {below} audits is not "
        f"broken down. A team or criterion is named only with {below} or more audits "
        f"(the rest are counted together as other teams), and a theme's grades are "
        f"all {SUPPRESSED_TEXT} when any is under {below}."
    )


# -- CSV: one row per theme ------------------------------------------------------------

CSV_COLUMNS = [
    "rank",
    "theme",
    "polarity",
    "audits",
    "share",
    "previous_audits",
    "previous_share",
    "change_points",
    *GRADE_KEYS,
    "teams",
    "criteria",
]


def _figures(t: dict[str, Any], below: int) -> list[Any]:
    """audits, share, previous audits and share, change, grade mix: as cells. A hidden
    audit count is "<N" (it is under N); hidden grades are "suppressed" (each may be
    anything, 0 included), and so is what was worked out from a hidden count."""
    hidden = set(t["suppressed"])

    def n(value: int | None) -> int | str:
        return count_text(value, below) if value is None else value

    return [
        n(t["audits"]) if "audits" in hidden else t["audits"],
        SUPPRESSED_TEXT if "share" in hidden else t["share"],
        n(t["previous_audits"]) if "previous_audits" in hidden else t["previous_audits"],
        SUPPRESSED_TEXT if "previous_share" in hidden else t["previous_share"],
        SUPPRESSED_TEXT if "change" in hidden else t["change"],
        *(SUPPRESSED_TEXT if t["grades"][k] is None else t["grades"][k] for k in GRADE_KEYS),
    ]


def _criterion_name(c: dict[str, Any]) -> str:
    if not c["criterion_id"]:
        return f"{c['rubric_id']} (whole audit)"
    return f"{c['rubric_id']}/{c['criterion_id']}"


def themes_csv(document: dict[str, Any]) -> str:
    below = document["suppressed_below"]
    rows = []
    for t in document["themes"]:
        hidden = set(t["suppressed"])
        teams = [f"{x['team']} ({x['audits']})" for x in t["teams"]]
        if "teams" in hidden:
            teams.append(f"other teams ({count_text(_other_teams(t), below)})")
        criteria = [f"{_criterion_name(c)} ({c['audits']})" for c in t["criteria"]]
        if "criteria" in hidden:
            criteria.append(f"other criteria ({SUPPRESSED_TEXT})")
        rows.append(
            [
                t["rank"],
                t["theme"],
                t["polarity"],
                *_figures(t, below),
                "; ".join(teams),
                "; ".join(criteria),
            ]
        )
    return csv_text(CSV_COLUMNS, rows)


# -- XLSX: Themes, Theme teams, Theme criteria -----------------------------------------


def themes_sheets(document: dict[str, Any]) -> list[Sheet]:
    below = document["suppressed_below"]
    themes = Sheet(
        "Themes",
        [
            Column("Rank", "int"),
            Column("Theme"),
            Column("Polarity"),
            Column("Audits", "int"),
            Column("Share", "share"),
            Column("Previous audits", "int"),
            Column("Previous share", "share"),
            Column("Change (points)", "points"),
            *(Column(title, "int") for title in GRADE_TITLES),
        ],
    )
    teams = Sheet(
        "Theme teams",
        [
            Column("Rank", "int"),
            Column("Theme"),
            Column("Polarity"),
            Column("Team"),
            Column("Audits", "int"),
        ],
    )
    criteria = Sheet(
        "Theme criteria",
        [
            Column("Rank", "int"),
            Column("Theme"),
            Column("Polarity"),
            Column("Rubric"),
            Column("Criterion"),
            Column("Question"),
            Column("Audits", "int"),
        ],
    )
    for t in document["themes"]:
        hidden = set(t["suppressed"])
        polarity = POLARITY_LABELS.get(t["polarity"], t["polarity"])
        themes.rows.append([t["rank"], t["theme"], polarity, *_figures(t, below)])
        teams.rows += [
            [t["rank"], t["theme"], polarity, x["team"], x["audits"]] for x in t["teams"]
        ]
        if "teams" in hidden:
            other = _other_teams(t)
            teams.rows.append(
                [
                    t["rank"],
                    t["theme"],
                    polarity,
                    OTHER_TEAMS,
                    count_text(None, below) if other is None else other,
                ]
            )
        criteria.rows += [
            [
                t["rank"],
                t["theme"],
                polarity,
                c["rubric_id"],
                c["criterion_id"] or "(whole audit)",
                c["question"],
                c["audits"],
            ]
            for c in t["criteria"]
        ]
        if "criteria" in hidden:
            criteria.rows.append(
                [t["rank"], t["theme"], polarity, "", OTHER_CRITERIA, "", SUPPRESSED_TEXT]
            )
    return [themes, teams, criteria, about_sheet(_about(document))]


def _about(document: dict[str, Any]) -> list[tuple[str, Any]]:
    below = document["suppressed_below"]
    about = [
        ("Export", "themes"),
        ("Generated at", document["generated_at"]),
        ("Filters", describe_filters(document["filters"])),
        ("Audits in scope", document["scope_audits"]),
        ("Change compares with", document["compared_with"] or "nothing (no period before)"),
        ("Audits then", document["previous_scope_audits"]),
        ("Counts suppressed below", f"{below} (shown as <{below})" if below else "off"),
    ]
    if below:
        about.append(("Suppression", _suppression_note(below)))
    return about


# -- Markdown: the board report --------------------------------------------------------


def _where(t: dict[str, Any], below: int) -> str:
    """Where a theme shows, for the board: its top teams and criteria."""
    if t["audits"] is None:
        return f"fewer than {below} audits, so not broken down by team or criterion"
    hidden = set(t["suppressed"])
    teams = ", ".join(f"{md_text(x['team'])} ({x['audits']})" for x in t["teams"][:TOP])
    more_teams = len(t["teams"]) - TOP
    if more_teams > 0:
        teams += f" and {more_teams} more"
    if "teams" in hidden:
        teams = f"{teams}, other teams ({_other_teams(t)})" if teams else "not named"
    criteria = ", ".join(
        f"{md_text(shorten(c['question'], 60))} ({c['audits']})" for c in t["criteria"][:TOP]
    )
    if "criteria" in hidden:
        criteria = f"{criteria}, others" if criteria else "not named"
    return f"teams {teams or '–'}; criteria {criteria or '–'}"


def themes_markdown(document: dict[str, Any]) -> str:
    below = document["suppressed_below"]
    lines = [
        f"# Themes: {md_text(describe_filters(document['filters']))}",
        "",
        f"Generated {document['generated_at'][:10]} from {document['scope_audits']} "
        f"submitted audit(s) in scope.",
    ]
    if document["compared_with"]:
        lines[-1] += (
            f" Change is in percentage points against {document['compared_with']}"
            f" ({document['previous_scope_audits']} audit(s))."
        )
    if below:
        lines[-1] += " " + _suppression_note(below)
    lines.append("")
    if not document["themes"]:
        if is_small(document["scope_audits"], below):
            lines += [
                f"Fewer than {below} audits are in scope, too few to list themes "
                f"without pointing to a child.",
                "",
            ]
        else:
            lines += ["No themes were tagged on the audits in scope.", ""]
        return "\n".join(lines)
    rows = []
    for t in document["themes"]:
        hidden = set(t["suppressed"])
        rows.append(
            [
                t["rank"],
                t["theme"],
                POLARITY_LABELS.get(t["polarity"], t["polarity"]),
                count_text(t["audits"], below),
                percent_text(t["share"], "share" in hidden),
                points_text(t["change"], "change" in hidden),
            ]
        )
    lines += md_table(["#", "Theme", "Polarity", "Audits", "Share", "Change"], rows, "rllrrr")
    lines += ["", "## Where each theme shows", ""]
    lines += [
        f"{t['rank']}. **{md_text(t['theme'])}**: {_where(t, below)}" for t in document["themes"]
    ]
    lines.append("")
    return "\n".join(lines)
