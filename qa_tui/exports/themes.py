"""Themes for scripts and the improvement board: JSON, CSV, XLSX and Markdown.

The ranking is ThemeDesk's (the same figures the themes screen shows); this module
hides small counts, shapes one document, and renders it. `themes_schema()` is the
published schema (schemas/themes.schema.json); a test keeps the file in step.

Suppression (with N = suppressed_below) must hold against a reader who does sums: who
knows that a listed team or criterion has at least one audit, that a theme's teams add
up to its audits and so do its grades, and how many rows are listed. So:

- a theme's audits under N are hidden ("<N"), and nothing under it is broken down: no
  team or criterion is listed and every grade count is hidden (a breakdown of a hidden
  total says how many rows there are, and each row has at least one audit);
- a team or criterion is listed only with its count, and only with N or more audits;
  the rest are left out, and what they add up to (the audits less the listed teams) is
  0 or N or more: if it would be 1 to N-1, the smallest listed row is left out too;
- grades come as a set of four, shown whole or not at all: when any is 1 to N-1, all
  four are hidden (hiding some would tell a reader who knows this rule that those are
  the small ones);
- when the audits in scope are fewer than N no theme is listed (each would be 1 to
  the scope), and when the earlier period had fewer than N audits every theme's
  previous count is hidden, 0 included;
- hidden themes are ranked after the others by polarity and name, never by count.

`publish_ranking`, `listed_rows` and `grade_mix` are pure: the tests feed them tables
and check what a reader could work out from the result.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from qa_tui.desks.themes import ThemeDesk
from qa_tui.domain.dashboard_records import Filters
from qa_tui.domain.plan_records import ThemeRanking, ThemeRow
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
    rounded,
    shorten,
    suppress,
)
from qa_tui.store.dashboard import DashboardStore
from qa_tui.store.database import Store
from qa_tui.store.themes import ThemeStore

THEMES_SCHEMA_VERSION = 1
# The overall grades of the audits behind a theme, best first (Ofsted's four points).
GRADE_KEYS = ("outstanding", "good", "requires_improvement", "inadequate")
GRADE_TITLES = ("Outstanding", "Good", "Requires improvement", "Inadequate")
WHOLE_AUDIT = "the audit as a whole"
TOP = 3  # teams and criteria a board report lists for each theme
# What a theme's `suppressed` may name, in the order of the record's fields.
THEME_HIDEABLE = ("audits", "share", "teams", "criteria", "grades", "previous_audits",
                  "previous_share", "change")


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
        from qa_tui.store.programmes import ProgrammeStore

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


# -- suppression: what the document may tell (pure: no store, no clock) ---------------


def check_threshold(below: int) -> None:
    """Refuse a threshold of 1 or 2: a listed row has at least one audit, so a count
    hidden under 2 could only be 1 (and under 1 nothing is hidden)."""
    if below in (1, 2):
        raise ExportError(f"--suppress-below {below} is too low to hide a count: a hidden "
                          f"count could only be 1 (use 3 or more, or 0 to turn suppression "
                          f"off)")


def listed_rows(counts: Sequence[int], total: int, below: int) -> list[int]:
    """Which rows of a breakdown of `total` (a theme's teams or criteria) are listed,
    by index, in their order.

    A row is listed only with its count shown, and only with `below` or more: listing
    a row says it has at least one audit. What the rows left out add up to, `total`
    less the listed ones, must be 0 or `below` or more (a reader can subtract): while it
    is 1 to below-1 the smallest listed row is left out too. Nothing is listed under a
    total that is itself hidden. With `below` 0 every row is listed."""
    if below <= 0:
        return list(range(len(counts)))
    if total < below:
        return []
    listed = [i for i, n in enumerate(counts) if n >= below]
    while listed and is_small(total - sum(counts[i] for i in listed), below):
        listed.remove(min(listed, key=lambda i: (counts[i], -i)))
    return listed


def grade_mix(grades: Sequence[int], total: int, below: int) -> list[int | None]:
    """A theme's overall grades (best first) as published: all of them, or none.

    The grades add up to `total` (any audit without a counted grade makes up the rest,
    which is never shown). When a grade, or that rest, is 1 to below-1, every grade is
    hidden: hiding only some would leave a reader who knows this rule able to tell the
    hidden ones are small, or even which values they hold (three hidden grades under 3
    adding up to 6 are 2 each). Hidden together, each could be 0 or most of the total.
    Under a hidden total every grade is hidden."""
    if below <= 0:
        return list(grades)
    rest = total - sum(grades)
    if total < below or any(is_small(n, below) for n in [*grades, rest]):
        return [None] * len(grades)
    return list(grades)


def publish_ranking(ranking: ThemeRanking, below: int) -> dict[str, Any]:
    """The ranking as the document publishes it: scope, the period compared with, and
    each theme with what the suppression rules (see the module docstring) let show."""
    scope, previous_scope = ranking.scope_audits, ranking.previous_scope_audits
    rows = [] if is_small(scope, below) else ranking.rows
    shown = [r for r in rows if suppress(r.audits, below) is not None]
    hidden = sorted((r for r in rows if suppress(r.audits, below) is None),
                    key=lambda r: (r.polarity, r.theme))
    hide_previous = is_small(previous_scope, below)
    return {
        "scope_audits": scope,
        "compared_with": ranking.previous_label,
        "previous_scope_audits": previous_scope,
        "themes": [_publish_theme(row, rank, below, hide_previous)
                   for rank, row in enumerate([*shown, *hidden], start=1)],
    }


def _publish_theme(row: ThemeRow, rank: int, below: int, hide_previous: bool
                   ) -> dict[str, Any]:
    hidden: list[str] = []
    audits = suppress(row.audits, below)
    if audits is None:
        hidden += ["audits", "share"]
    teams = listed_rows([t.audits for t in row.teams], row.audits, below)
    if len(teams) < len(row.teams):
        hidden.append("teams")
    criteria = listed_rows([c.audits for c in row.criteria], row.audits, below)
    if len(criteria) < len(row.criteria):
        hidden.append("criteria")
    grades = grade_mix(row.grades.by_value(), row.audits, below)
    if None in grades:
        hidden.append("grades")
    previous = row.previous_audits
    if previous is not None and (hide_previous or is_small(previous, below)):
        hidden += ["previous_audits", "previous_share"]
    change = row.change
    if change is not None and ("share" in hidden or "previous_share" in hidden):
        hidden.append("change")
    return {
        "rank": rank,
        "theme": row.theme,
        "polarity": row.polarity,
        "audits": audits,
        "share": None if "share" in hidden else rounded(row.share),
        "teams": [{"team": row.teams[i].name, "audits": row.teams[i].audits} for i in teams],
        "criteria": [{"rubric_id": c.rubric_id, "criterion_id": c.criterion_id,
                      "question": c.name, "audits": c.audits}
                     for c in (row.criteria[i] for i in criteria)],
        "grades": dict(zip(GRADE_KEYS, grades, strict=True)),
        "previous_audits": None if "previous_audits" in hidden else previous,
        "previous_share": None if "previous_share" in hidden else rounded(row.previous_share),
        "change": None if "change" in hidden or change is None else round(change, 2),
        "suppressed": hidden,
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
    return (f"Counts under {below} are shown as <{below}, and the shares worked out from "
            f"them as {SUPPRESSED_TEXT}; a theme with fewer than {below} audits is not "
            f"broken down. A team or criterion is named only with {below} or more audits "
            f"(the rest are counted together as other teams), and a theme's grades are "
            f"all {SUPPRESSED_TEXT} when any is under {below}.")


# -- CSV: one row per theme ------------------------------------------------------------

CSV_COLUMNS = ["rank", "theme", "polarity", "audits", "share", "previous_audits",
               "previous_share", "change_points", *GRADE_KEYS, "teams", "criteria"]


def _figures(t: dict[str, Any], below: int) -> list[Any]:
    """audits, share, previous audits and share, change, grade mix: as cells. A hidden
    audit count is "<N" (it is under N); hidden grades are "suppressed" (each may be
    anything, 0 included), and so is what was worked out from a hidden count."""
    hidden = set(t["suppressed"])

    def n(value: int | None) -> int | str:
        return count_text(value, below) if value is None else value

    return [n(t["audits"]) if "audits" in hidden else t["audits"],
            SUPPRESSED_TEXT if "share" in hidden else t["share"],
            n(t["previous_audits"]) if "previous_audits" in hidden else t["previous_audits"],
            SUPPRESSED_TEXT if "previous_share" in hidden else t["previous_share"],
            SUPPRESSED_TEXT if "change" in hidden else t["change"],
            *(SUPPRESSED_TEXT if t["grades"][k] is None else t["grades"][k]
              for k in GRADE_KEYS)]


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
        rows.append([t["rank"], t["theme"], t["polarity"], *_figures(t, below),
                     "; ".join(teams), "; ".join(criteria)])
    return csv_text(CSV_COLUMNS, rows)


# -- XLSX: Themes, Theme teams, Theme criteria -----------------------------------------


def themes_sheets(document: dict[str, Any]) -> list[Sheet]:
    below = document["suppressed_below"]
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
        hidden = set(t["suppressed"])
        polarity = POLARITY_LABELS.get(t["polarity"], t["polarity"])
        themes.rows.append([t["rank"], t["theme"], polarity, *_figures(t, below)])
        teams.rows += [[t["rank"], t["theme"], polarity, x["team"], x["audits"]]
                       for x in t["teams"]]
        if "teams" in hidden:
            other = _other_teams(t)
            teams.rows.append([t["rank"], t["theme"], polarity, OTHER_TEAMS,
                               count_text(None, below) if other is None else other])
        criteria.rows += [[t["rank"], t["theme"], polarity, c["rubric_id"],
                           c["criterion_id"] or "(whole audit)", c["question"], c["audits"]]
                          for c in t["criteria"]]
        if "criteria" in hidden:
            criteria.rows.append([t["rank"], t["theme"], polarity, "", OTHER_CRITERIA, "",
                                  SUPPRESSED_TEXT])
    return [themes, teams, criteria, about_sheet(_about(document))]


def _about(document: dict[str, Any]) -> list[tuple[str, Any]]:
    below = document["suppressed_below"]
    about = [("Export", "themes"), ("Generated at", document["generated_at"]),
             ("Filters", describe_filters(document["filters"])),
             ("Audits in scope", document["scope_audits"]),
             ("Change compares with", document["compared_with"] or "nothing (no period before)"),
             ("Audits then", document["previous_scope_audits"]),
             ("Counts suppressed below", f"{below} (shown as <{below})" if below else "off")]
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
    criteria = ", ".join(f"{md_text(shorten(c['question'], 60))} ({c['audits']})"
                         for c in t["criteria"][:TOP])
    if "criteria" in hidden:
        criteria = f"{criteria}, others" if criteria else "not named"
    return f"teams {teams or '–'}; criteria {criteria or '–'}"


def themes_markdown(document: dict[str, Any]) -> str:
    below = document["suppressed_below"]
    lines = [f"# Themes: {md_text(describe_filters(document['filters']))}", "",
             f"Generated {document['generated_at'][:10]} from {document['scope_audits']} "
             f"submitted audit(s) in scope."]
    if document["compared_with"]:
        lines[-1] += (f" Change is in percentage points against {document['compared_with']}"
                      f" ({document['previous_scope_audits']} audit(s)).")
    if below:
        lines[-1] += " " + _suppression_note(below)
    lines.append("")
    if not document["themes"]:
        if is_small(document["scope_audits"], below):
            lines += [f"Fewer than {below} audits are in scope, too few to list themes "
                      f"without pointing to a child.", ""]
        else:
            lines += ["No themes were tagged on the audits in scope.", ""]
        return "\n".join(lines)
    rows = []
    for t in document["themes"]:
        hidden = set(t["suppressed"])
        rows.append([t["rank"], t["theme"], POLARITY_LABELS.get(t["polarity"], t["polarity"]),
                     count_text(t["audits"], below), percent_text(t["share"], "share" in hidden),
                     points_text(t["change"], "change" in hidden)])
    lines += md_table(["#", "Theme", "Polarity", "Audits", "Share", "Change"], rows, "rllrrr")
    lines += ["", "## Where each theme shows", ""]
    lines += [f"{t['rank']}. **{md_text(t['theme'])}**: {_where(t, below)}"
              for t in document["themes"]]
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
    count = {"type": ["integer", "null"], "minimum": 0}
    grade = {**count, "description": "null when suppressed: then all four are, and each "
                                     "may be any number, 0 included"}
    listed = {**count, "description": "suppressed_below or more: a row is listed only "
                                      "then (null is kept in the type for documents made "
                                      "before rows were left out)"}
    share = {"type": ["number", "null"], "minimum": 0, "maximum": 1}
    theme = {
        "type": "object", "additionalProperties": False,
        "required": ["rank", "theme", "polarity", "audits", "share", "teams", "criteria",
                     "grades", "previous_audits", "previous_share", "change", "suppressed"],
        "properties": {
            "rank": {"type": "integer", "minimum": 1},
            "theme": {"type": "string"},
            "polarity": {"enum": ["strength", "area_for_development"]},
            "audits": {**count, "description": "submitted audits in scope showing the "
                                               "theme; null when suppressed (1 to "
                                               "suppressed_below - 1)"},
            "share": {**share, "description": "audits / scope_audits"},
            "teams": {"type": "array",
                      "description": "most affected first; only the teams with "
                                     "suppressed_below or more audits, and none under a "
                                     "suppressed total. When some are left out "
                                     "(`suppressed` has teams) they hold audits less the "
                                     "listed ones, which is then suppressed_below or more",
                      "items": {"type": "object", "additionalProperties": False,
                                "required": ["team", "audits"],
                                "properties": {"team": {"type": "string"},
                                               "audits": listed}}},
            "criteria": {"type": "array",
                         "description": "tagged most first; criterion_id '' is the audit as "
                                        "a whole; only those with suppressed_below or more "
                                        "audits, as teams are",
                         "items": {"type": "object", "additionalProperties": False,
                                   "required": ["rubric_id", "criterion_id", "question",
                                                "audits"],
                                   "properties": {"rubric_id": {"type": "string"},
                                                  "criterion_id": {"type": "string"},
                                                  "question": {"type": "string"},
                                                  "audits": listed}}},
            "grades": {"type": "object", "additionalProperties": False,
                       "description": "counted overall grades of the audits behind the "
                                      "theme; all null when any of them (or the audits "
                                      "without a grade) is 1 to suppressed_below - 1",
                       "required": list(GRADE_KEYS),
                       "properties": {k: grade for k in GRADE_KEYS}},
            "previous_audits": {**count, "description": "in the period compared with; null "
                                                        "when nothing is compared, or "
                                                        "suppressed (under suppressed_below;"
                                                        " for every theme, 0 included, when "
                                                        "previous_scope_audits is)"},
            "previous_share": share,
            "change": {"type": ["number", "null"],
                       "description": "change in share, percentage points"},
            "suppressed": {"type": "array",
                           "description": "fields of this theme hidden as small counts or "
                                          "worked out from them; teams and criteria when "
                                          "some are left out, grades when any is null",
                           "items": {"enum": list(THEME_HIDEABLE)}},
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
