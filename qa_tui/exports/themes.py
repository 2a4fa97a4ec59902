"""Themes for scripts and the improvement board: JSON, CSV, XLSX and Markdown.

The ranking is ThemeDesk's (the same figures the themes screen shows); this module
hides small counts, shapes one document, and renders it. `themes_schema()` is the
published schema (schemas/themes.schema.json); a test keeps the file in step.

Small counts are hidden by the rules in `small_numbers`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from qa_tui.desks.themes import ThemeDesk
from qa_tui.domain.dashboard_records import Filters
from qa_tui.exports.formats import (
    POLARITY_LABELS,
    SUPPRESSED_TEXT,
    Column,
    ExportError,
    Sheet,
    about_sheet,
    count_text,
    csv_text,
    describe_filters,
    generated_at,
    is_small,
    md_table,
    md_text,
    percent_text,
    points_text,
    shorten,
)
from qa_tui.exports.small_numbers import GRADE_KEYS, check_threshold, publish_ranking
from qa_tui.store.dashboard import DashboardStore
from qa_tui.store.database import Store
from qa_tui.store.themes import ThemeStore

THEMES_SCHEMA_VERSION = 1
GRADE_TITLES = ("Outstanding", "Good", "Requires improvement", "Inadequate")
WHOLE_AUDIT = "the audit as a whole"
TOP = 3  # teams and criteria a board report lists for each theme
# What a theme's `suppressed` may name, in the order of the record's fields.
THEME_HIDEABLE = (
    "audits",
    "share",
    "teams",
    "criteria",
    "grades",
    "previous_audits",
    "previous_share",
    "change",
)


def resolve_filters(
    store: Store,
    *,
    month_from: str | None = None,
    month_to: str | None = None,
    programme: str | None = None,
    team: str | None = None,
    rubric: str | None = None,
    cohort: str | None = None,
    auditor: str | None = None,
) -> tuple[Filters, dict[str, Any]]:
    """The dashboard's filters from the command line's, and as a document records them.
    A programme is found by name or id; an unknown programme or rubric is an error."""
    programme_id, programme_name = None, None
    if programme is not None:
        # Only now: the programmes store brings sampling and pydantic (a tenth of a second).
        from qa_tui.store.programmes import ProgrammeStore

        found = ProgrammeStore(store).find(programme)  # StoreError names it if unknown
        programme_id, programme_name = found.id, found.name
    if rubric is not None:
        known = [r for r in DashboardStore(store).rubric_ids() if r]
        if rubric not in known:
            raise ExportError(
                f"no rubric {rubric!r} in this database (known: {', '.join(known) or 'none'})"
            )
    filters = Filters(
        month_from=month_from,
        month_to=month_to,
        programme_id=programme_id,
        team=team,
        rubric_id=rubric,
        cohort=cohort,
        auditor=auditor,
    )
    described = {
        "from": month_from,
        "to": month_to,
        "programme": programme_name,
        "programme_id": programme_id,
        "team": team,
        "rubric": rubric,
        "cohort": cohort,
        "auditor": auditor,
    }
    return filters, described


def themes_document(
    store: Store, filters: Filters, described: dict[str, Any], *, suppress_below: int, today: date
) -> dict[str, Any]:
    """Every theme in scope, most audits first, small counts hidden."""
    check_threshold(suppress_below)
    desk = ThemeDesk(ThemeStore(store), DashboardStore(store))
    ranking = desk.ranking(filters, today.strftime("%Y-%m"))
    return {
        "schema_version": THEMES_SCHEMA_VERSION,
        "kind": "themes",
        "generated_at": generated_at(),
        "filters": described,
        "suppressed_below": suppress_below,
        **publish_ranking(ranking, suppress_below),
    }


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


# -- the published schema --------------------------------------------------------------


def filters_schema() -> dict[str, Any]:
    text = {"type": ["string", "null"]}
    month = {"type": ["string", "null"], "pattern": r"^\d{4}-\d{2}$"}
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [
            "from",
            "to",
            "programme",
            "programme_id",
            "team",
            "rubric",
            "cohort",
            "auditor",
        ],
        "properties": {
            "from": month,
            "to": month,
            "programme": text,
            "programme_id": {"type": ["integer", "null"]},
            "team": text,
            "rubric": text,
            "cohort": text,
            "auditor": text,
        },
    }


def themes_schema() -> dict[str, Any]:
    """The JSON schema of `qa-tui export themes --format json` (schema_version 1)."""
    count = {"type": ["integer", "null"], "minimum": 0}
    grade = {
        **count,
        "description": "null when suppressed: then all four are, and each "
        "may be any number, 0 included",
    }
    listed = {
        **count,
        "description": "suppressed_below or more: a row is listed only "
        "then (null is kept in the type for documents made "
        "before rows were left out)",
    }
    share = {"type": ["number", "null"], "minimum": 0, "maximum": 1}
    theme = {
        "type": "object",
        "additionalProperties": False,
        "required": [
            "rank",
            "theme",
            "polarity",
            "audits",
            "share",
            "teams",
            "criteria",
            "grades",
            "previous_audits",
            "previous_share",
            "change",
            "suppressed",
        ],
        "properties": {
            "rank": {"type": "integer", "minimum": 1},
            "theme": {"type": "string"},
            "polarity": {"enum": ["strength", "area_for_development"]},
            "audits": {
                **count,
                "description": "submitted audits in scope showing the "
                "theme; null when suppressed (1 to "
                "suppressed_below - 1)",
            },
            "share": {**share, "description": "audits / scope_audits"},
            "teams": {
                "type": "array",
                "description": "most affected first; only the teams with "
                "suppressed_below or more audits, and none under a "
                "suppressed total. When some are left out "
                "(`suppressed` has teams) they hold audits less the "
                "listed ones, which is then suppressed_below or more",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["team", "audits"],
                    "properties": {"team": {"type": "string"}, "audits": listed},
                },
            },
            "criteria": {
                "type": "array",
                "description": "tagged most first; criterion_id '' is the audit as "
                "a whole; only those with suppressed_below or more "
                "audits, as teams are",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["rubric_id", "criterion_id", "question", "audits"],
                    "properties": {
                        "rubric_id": {"type": "string"},
                        "criterion_id": {"type": "string"},
                        "question": {"type": "string"},
                        "audits": listed,
                    },
                },
            },
            "grades": {
                "type": "object",
                "additionalProperties": False,
                "description": "counted overall grades of the audits behind the "
                "theme; all null when any of them (or the audits "
                "without a grade) is 1 to suppressed_below - 1",
                "required": list(GRADE_KEYS),
                "properties": {k: grade for k in GRADE_KEYS},
            },
            "previous_audits": {
                **count,
                "description": "in the period compared with; null "
                "when nothing is compared, or "
                "suppressed (under suppressed_below;"
                " for every theme, 0 included, when "
                "previous_scope_audits is)",
            },
            "previous_share": share,
            "change": {
                "type": ["number", "null"],
                "description": "change in share, percentage points",
            },
            "suppressed": {
                "type": "array",
                "description": "fields of this theme hidden as small counts or "
                "worked out from them; teams and criteria when "
                "some are left out, grades when any is null",
                "items": {"enum": list(THEME_HIDEABLE)},
            },
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://qa-tui.invalid/schemas/themes.schema.json",
        "title": "qa-tui themes export",
        "description": "Themes ranked for a dashboard filter: `qa-tui export themes "
        "--format json`. Counts from 1 to suppressed_below - 1 are hidden "
        "(null, or a team or criterion left out), and so are the shares "
        "worked out from them and the counts that would give them away by "
        "subtraction. Themes with hidden audits come last, by polarity and "
        "name; none is listed when scope_audits is under suppressed_below.",
        "type": "object",
        "additionalProperties": False,
        "required": [
            "schema_version",
            "kind",
            "generated_at",
            "filters",
            "suppressed_below",
            "scope_audits",
            "compared_with",
            "previous_scope_audits",
            "themes",
        ],
        "properties": {
            "schema_version": {"const": THEMES_SCHEMA_VERSION},
            "kind": {"const": "themes"},
            "generated_at": {"type": "string", "format": "date-time"},
            "filters": filters_schema(),
            "suppressed_below": {
                "type": "integer",
                "minimum": 0,
                "description": "0 when nothing is suppressed",
            },
            "scope_audits": {
                "type": "integer",
                "minimum": 0,
                "description": "submitted audits in scope: every share's base",
            },
            "compared_with": {
                "type": ["string", "null"],
                "description": "the period or earlier round change is against",
            },
            "previous_scope_audits": {"type": ["integer", "null"], "minimum": 0},
            "themes": {"type": "array", "items": theme},
        },
    }
