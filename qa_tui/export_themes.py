"""Themes for scripts and the improvement board: JSON, CSV, XLSX and Markdown.

The ranking is ThemeDesk's (the same figures the themes screen shows); this module
hides small counts, shapes one document, and renders it. `themes_schema()` is the
published schema (schemas/themes.schema.json); a test keeps the file in step.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from qa_tui.dashboard import Filters
from qa_tui.dashboard_store import DashboardStore
from qa_tui.export_formats import (
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
    md_table,
    md_text,
    percent_text,
    points_text,
    rounded,
    shorten,
    suppress,
    suppress_group,
)
from qa_tui.store import Store
from qa_tui.theme_store import ThemeStore
from qa_tui.themes import ThemeDesk

THEMES_SCHEMA_VERSION = 1
# The overall grades of the audits behind a theme, best first (Ofsted's four points).
GRADE_KEYS = ("outstanding", "good", "requires_improvement", "inadequate")
GRADE_TITLES = ("Outstanding", "Good", "Requires improvement", "Inadequate")
WHOLE_AUDIT = "the audit as a whole"
TOP = 3  # teams and criteria a board report lists for each theme


def resolve_filters(store: Store, *, month_from: str | None = None,
                    month_to: str | None = None, programme: str | None = None,
                    team: str | None = None, rubric: str | None = None,
                    cohort: str | None = None, auditor: str | None = None
                    ) -> tuple[Filters, dict[str, Any]]:
    """The dashboard's filters from the command line's, and as a document records them.
    A programme is found by name or id; an unknown programme or rubric is an error."""
    programme_id, programme_name = None, None
    if programme is not None:
        # Only now: programme_store brings sampling and pydantic (a tenth of a second).
        from qa_tui.programme_store import ProgrammeStore

        found = ProgrammeStore(store).find(programme)  # StoreError names it if unknown
        programme_id, programme_name = found.id, found.name
    if rubric is not None:
        known = [r for r in DashboardStore(store).rubric_ids() if r]
        if rubric not in known:
            raise ExportError(f"no rubric {rubric!r} in this database "
                              f"(known: {', '.join(known) or 'none'})")
    filters = Filters(month_from=month_from, month_to=month_to, programme_id=programme_id,
                      team=team, rubric_id=rubric, cohort=cohort, auditor=auditor)
    described = {"from": month_from, "to": month_to, "programme": programme_name,
                 "programme_id": programme_id, "team": team, "rubric": rubric,
                 "cohort": cohort, "auditor": auditor}
    return filters, described


def themes_document(store: Store, filters: Filters, described: dict[str, Any], *,
                    suppress_below: int, today: date) -> dict[str, Any]:
    """Every theme in scope, most audits first, small counts hidden."""
    desk = ThemeDesk(ThemeStore(store), DashboardStore(store))
    ranking = desk.ranking(filters, today.strftime("%Y-%m"))
    below = suppress_below
    themes = []
    for rank, row in enumerate(ranking.rows, start=1):
        hidden: list[str] = []
        audits = suppress(row.audits, below)
        previous = suppress(row.previous_audits, below)
        if audits is None:
            hidden += ["audits", "share"]
        if row.previous_audits is not None and previous is None:
            hidden += ["previous_audits", "previous_share"]
        change = row.change
        if change is not None and ("share" in hidden or "previous_share" in hidden):
            hidden.append("change")
        team_counts = suppress_group([t.audits for t in row.teams], below)
        grade_counts = suppress_group(row.grades.by_value(), below)
        themes.append({
            "rank": rank,
            "theme": row.theme,
            "polarity": row.polarity,
            "audits": audits,
            "share": None if "share" in hidden else rounded(row.share),
            "teams": [{"team": t.name, "audits": n}
                      for t, n in zip(row.teams, team_counts, strict=True)],
            "criteria": [{"rubric_id": c.rubric_id, "criterion_id": c.criterion_id,
                          "question": c.name, "audits": suppress(c.audits, below)}
                         for c in row.criteria],
            "grades": dict(zip(GRADE_KEYS, grade_counts, strict=True)),
            "previous_audits": previous,
            "previous_share": None if "previous_share" in hidden
            else rounded(row.previous_share),
            "change": None if "change" in hidden or change is None else round(change, 2),
            "suppressed": hidden,
        })
    return {
        "schema_version": THEMES_SCHEMA_VERSION,
        "kind": "themes",
        "generated_at": generated_at(),
        "filters": described,
        "suppressed_below": below,
        "scope_audits": ranking.scope_audits,
        "compared_with": ranking.previous_label,
        "previous_scope_audits": ranking.previous_scope_audits,
        "themes": themes,
    }


# -- CSV: one row per theme ------------------------------------------------------------

CSV_COLUMNS = ["rank", "theme", "polarity", "audits", "share", "previous_audits",
               "previous_share", "change_points", *GRADE_KEYS, "teams", "criteria"]


def _figures(t: dict[str, Any], below: int) -> list[Any]:
    """audits, share, previous audits and share, change, grade mix: as cells, hidden
    counts as "<N" and what was worked out from them as "suppressed"."""
    hidden = set(t["suppressed"])

    def n(value: int | None) -> int | str:
        return count_text(value, below) if value is None else value

    return [n(t["audits"]) if "audits" in hidden else t["audits"],
            SUPPRESSED_TEXT if "share" in hidden else t["share"],
            n(t["previous_audits"]) if "previous_audits" in hidden else t["previous_audits"],
            SUPPRESSED_TEXT if "previous_share" in hidden else t["previous_share"],
            SUPPRESSED_TEXT if "change" in hidden else t["change"],
            *(n(t["grades"][k]) for k in GRADE_KEYS)]


def _criterion_name(c: dict[str, Any]) -> str:
    if not c["criterion_id"]:
        return f"{c['rubric_id']} (whole audit)"
    return f"{c['rubric_id']}/{c['criterion_id']}"


def themes_csv(document: dict[str, Any]) -> str:
    below = document["suppressed_below"]

    def n(value: int | None) -> int | str:
        return count_text(value, below) if value is None else value

    rows = []
    for t in document["themes"]:
        rows.append([
            t["rank"], t["theme"], t["polarity"], *_figures(t, below),
            "; ".join(f"{x['team']} ({n(x['audits'])})" for x in t["teams"]),
            "; ".join(f"{_criterion_name(c)} ({n(c['audits'])})" for c in t["criteria"]),
        ])
    return csv_text(CSV_COLUMNS, rows)


# -- XLSX: Themes, Theme teams, Theme criteria -----------------------------------------


def themes_sheets(document: dict[str, Any]) -> list[Sheet]:
    below = document["suppressed_below"]

    def n(value: int | None) -> int | str:
        return count_text(value, below) if value is None else value

    themes = Sheet("Themes", [
        Column("Rank", "int"), Column("Theme"), Column("Polarity"), Column("Audits", "int"),
        Column("Share", "share"), Column("Previous audits", "int"),
        Column("Previous share", "share"), Column("Change (points)", "points"),
        *(Column(title, "int") for title in GRADE_TITLES)])
    teams = Sheet("Theme teams", [Column("Rank", "int"), Column("Theme"), Column("Polarity"),
                                  Column("Team"), Column("Audits", "int")])
    criteria = Sheet("Theme criteria", [
        Column("Rank", "int"), Column("Theme"), Column("Polarity"), Column("Rubric"),
        Column("Criterion"), Column("Question"), Column("Audits", "int")])
    for t in document["themes"]:
        polarity = POLARITY_LABELS.get(t["polarity"], t["polarity"])
        themes.rows.append([t["rank"], t["theme"], polarity, *_figures(t, below)])
        teams.rows += [[t["rank"], t["theme"], polarity, x["team"], n(x["audits"])]
                       for x in t["teams"]]
        criteria.rows += [[t["rank"], t["theme"], polarity, c["rubric_id"],
                           c["criterion_id"] or "(whole audit)", c["question"], n(c["audits"])]
                          for c in t["criteria"]]
    return [themes, teams, criteria, about_sheet(_about(document))]


def _about(document: dict[str, Any]) -> list[tuple[str, Any]]:
    below = document["suppressed_below"]
    return [("Export", "themes"), ("Generated at", document["generated_at"]),
            ("Filters", describe_filters(document["filters"])),
            ("Audits in scope", document["scope_audits"]),
            ("Change compares with", document["compared_with"] or "nothing (no period before)"),
            ("Audits then", document["previous_scope_audits"]),
            ("Counts suppressed below", f"{below} (shown as <{below})" if below else "off")]


# -- Markdown: the board report --------------------------------------------------------


def themes_markdown(document: dict[str, Any]) -> str:
    below = document["suppressed_below"]

    def n(value: int | None) -> str:
        return count_text(value, below)

    lines = [f"# Themes: {md_text(describe_filters(document['filters']))}", "",
             f"Generated {document['generated_at'][:10]} from {document['scope_audits']} "
             f"submitted audit(s) in scope."]
    if document["compared_with"]:
        lines[-1] += (f" Change is in percentage points against {document['compared_with']}"
                      f" ({document['previous_scope_audits']} audit(s)).")
    if below:
        lines[-1] += (f" Counts under {below} are shown as <{below}, and the shares "
                      f"worked out from them as {percent_text(None, True)}.")
    lines.append("")
    if not document["themes"]:
        lines += ["No themes were tagged on the audits in scope.", ""]
        return "\n".join(lines)
    rows = []
    for t in document["themes"]:
        hidden = set(t["suppressed"])
        rows.append([t["rank"], t["theme"], POLARITY_LABELS.get(t["polarity"], t["polarity"]),
                     n(t["audits"]), percent_text(t["share"], "share" in hidden),
                     points_text(t["change"], "change" in hidden)])
    lines += md_table(["#", "Theme", "Polarity", "Audits", "Share", "Change"], rows, "rllrrr")
    lines += ["", "## Where each theme shows", ""]
    for t in document["themes"]:
        teams = ", ".join(f"{md_text(x['team'])} ({n(x['audits'])})" for x in t["teams"][:TOP])
        criteria = ", ".join(f"{md_text(shorten(c['question'], 60))} ({n(c['audits'])})"
                             for c in t["criteria"][:TOP])
        more_teams = len(t["teams"]) - TOP
        lines.append(f"{t['rank']}. **{md_text(t['theme'])}**: teams {teams or '–'}"
                     + (f" and {more_teams} more" if more_teams > 0 else "")
                     + f"; criteria {criteria or '–'}")
    lines.append("")
    return "\n".join(lines)


# -- the published schema --------------------------------------------------------------


def filters_schema() -> dict[str, Any]:
    text = {"type": ["string", "null"]}
    month = {"type": ["string", "null"], "pattern": r"^\d{4}-\d{2}$"}
    return {"type": "object", "additionalProperties": False,
            "required": ["from", "to", "programme", "programme_id", "team", "rubric",
                         "cohort", "auditor"],
            "properties": {"from": month, "to": month, "programme": text,
                           "programme_id": {"type": ["integer", "null"]}, "team": text,
                           "rubric": text, "cohort": text, "auditor": text}}


def themes_schema() -> dict[str, Any]:
    """The JSON schema of `qa-tui export themes --format json` (schema_version 1)."""
    count = {"type": ["integer", "null"], "minimum": 0,
             "description": "null when suppressed (see suppressed_below)"}
    share = {"type": ["number", "null"], "minimum": 0, "maximum": 1}
    theme = {
        "type": "object", "additionalProperties": False,
        "required": ["rank", "theme", "polarity", "audits", "share", "teams", "criteria",
                     "grades", "previous_audits", "previous_share", "change", "suppressed"],
        "properties": {
            "rank": {"type": "integer", "minimum": 1},
            "theme": {"type": "string"},
            "polarity": {"enum": ["strength", "area_for_development"]},
            "audits": {**count, "description": "submitted audits in scope showing the theme"
                                               "; null when suppressed"},
            "share": {**share, "description": "audits / scope_audits"},
            "teams": {"type": "array", "description": "most affected first",
                      "items": {"type": "object", "additionalProperties": False,
                                "required": ["team", "audits"],
                                "properties": {"team": {"type": "string"},
                                               "audits": count}}},
            "criteria": {"type": "array", "description": "tagged most first; criterion_id "
                                                        "'' is the audit as a whole",
                         "items": {"type": "object", "additionalProperties": False,
                                   "required": ["rubric_id", "criterion_id", "question",
                                                "audits"],
                                   "properties": {"rubric_id": {"type": "string"},
                                                  "criterion_id": {"type": "string"},
                                                  "question": {"type": "string"},
                                                  "audits": count}}},
            "grades": {"type": "object", "additionalProperties": False,
                       "description": "counted overall grades of the audits behind the theme",
                       "required": list(GRADE_KEYS),
                       "properties": {k: count for k in GRADE_KEYS}},
            "previous_audits": {**count, "description": "in the period compared with; null "
                                                        "when nothing is compared or "
                                                        "suppressed"},
            "previous_share": share,
            "change": {"type": ["number", "null"],
                       "description": "change in share, percentage points"},
            "suppressed": {"type": "array", "description": "fields of this theme hidden as "
                                                          "small counts or worked out from them",
                           "items": {"enum": ["audits", "share", "previous_audits",
                                              "previous_share", "change"]}},
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://qa-tui.invalid/schemas/themes.schema.json",
        "title": "qa-tui themes export",
        "description": "Themes ranked for a dashboard filter: `qa-tui export themes "
                       "--format json`. Counts from 1 to suppressed_below - 1 are null, and "
                       "so are shares worked out from them.",
        "type": "object", "additionalProperties": False,
        "required": ["schema_version", "kind", "generated_at", "filters", "suppressed_below",
                     "scope_audits", "compared_with", "previous_scope_audits", "themes"],
        "properties": {
            "schema_version": {"const": THEMES_SCHEMA_VERSION},
            "kind": {"const": "themes"},
            "generated_at": {"type": "string", "format": "date-time"},
            "filters": filters_schema(),
            "suppressed_below": {"type": "integer", "minimum": 0,
                                 "description": "0 when nothing is suppressed"},
            "scope_audits": {"type": "integer", "minimum": 0,
                             "description": "submitted audits in scope: every share's base"},
            "compared_with": {"type": ["string", "null"],
                              "description": "the period or earlier round change is against"},
            "previous_scope_audits": {"type": ["integer", "null"], "minimum": 0},
            "themes": {"type": "array", "items": theme},
        },
    }
