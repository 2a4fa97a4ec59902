"""Keeping the dashboard's summary table (grade_cells) current, and rebuilding it.

A dashboard refresh must not scan a million answers, so every change that alters what
an audit counts for (submit, reopen, a completed moderation) takes the audit's old
contribution out of grade_cells and puts its new one in, inside the same transaction as
the change itself. What an audit counts for is defined once, in COUNTED below: the
moderated grade where a moderation is complete, else the auditor's; not-applicable
answers apart. Everything here takes an open connection inside a write transaction.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

# The dimensions each level keeps besides month, rubric and criterion; the others are
# blanked ('' or 0). The levels form a lattice, not a chain: a cohort filter reads
# level 2, not the far larger level 4 that also keeps team and programme; a team and
# cohort filter reads level 6 (migration 12), not level 4 spread over every programme.
LEVELS: dict[int, frozenset[str]] = {
    0: frozenset(),
    1: frozenset({"team"}),
    2: frozenset({"cohort"}),
    3: frozenset({"programme_id"}),
    4: frozenset({"team", "cohort", "programme_id"}),
    5: frozenset({"team", "cohort", "programme_id", "auditor"}),
    6: frozenset({"team", "cohort"}),
}
# Smallest first (by how many cells each holds on a typical database).
LEVELS_BY_SIZE = (0, 3, 2, 1, 6, 4, 5)
_ALWAYS = frozenset({"rubric_id", "criterion_id", "month"})
_KEY = ("auditor", "rubric_id", "criterion_id", "cohort", "programme_id", "team", "month")
_BLANK = {"auditor": "''", "team": "''", "cohort": "''", "programme_id": "0"}

# One row per submitted audit and criterion (criterion '' = the overall judgement): the
# grade value that counts, whether it is not applicable, and the scale's length.
COUNTED = """
SELECT a.id AS audit_id, a.submitted_at AS submitted_at, rc.kind AS kind,
       rc.criterion_id AS criterion_id,
       r.rubric_id AS rubric_id, substr(a.submitted_at, 1, 7) AS month,
       coalesce(a.team, '') AS team, coalesce(a.cohort, '') AS cohort,
       coalesce(a.programme_id, 0) AS programme_id, a.auditor AS auditor,
       CASE WHEN rc.kind = 'overall'
                 THEN coalesce(m.overall_grade_value, a.overall_grade_value)
            WHEN y.audit_id IS NOT NULL
                 THEN CASE WHEN y.not_applicable THEN NULL ELSE y.grade_value END
            ELSE CASE WHEN x.not_applicable THEN NULL ELSE x.grade_value END END AS value,
       CASE WHEN rc.kind = 'overall' THEN 0
            WHEN y.audit_id IS NOT NULL THEN y.not_applicable
            ELSE coalesce(x.not_applicable, 0) END AS na,
       rc.grades AS grades
  FROM audits a
  JOIN rubric_versions r ON r.hash = a.rubric_hash
  JOIN rubric_criteria rc ON rc.rubric_hash = a.rubric_hash
  LEFT JOIN answers x ON x.audit_id = a.id AND x.criterion_id = rc.criterion_id
  LEFT JOIN moderations m ON m.audit_id = a.id AND m.status = 'done'
  LEFT JOIN moderation_answers y ON y.audit_id = m.audit_id
                                AND y.criterion_id = rc.criterion_id
 WHERE a.status = 'submitted' {only}
"""


def _upsert(level: int, sign: int, source: str, table: str = "grade_cells") -> str:
    # GROUP BY by position: by name, SQLite would group by the subquery's columns and
    # not by the blanked ones, and every audit would reach the upsert on its own.
    keys = ", ".join(k if k in LEVELS[level] | _ALWAYS else f"{_BLANK[k]} AS {k}" for k in _KEY)
    return f"""
INSERT INTO {table} (level, kind, {", ".join(_KEY)}, counted, na, v1, v2, v3, v4, worst)
SELECT {level}, kind, {keys},
       {sign} * sum(value IS NOT NULL), {sign} * sum(na),
       {sign} * sum(ifnull(value = 1, 0)), {sign} * sum(ifnull(value = 2, 0)),
       {sign} * sum(ifnull(value = 3, 0)), {sign} * sum(ifnull(value = 4, 0)),
       {sign} * sum(ifnull(value = grades, 0))
  FROM ({source}) WHERE true
 GROUP BY {", ".join(str(n) for n in range(2, len(_KEY) + 3))}
ON CONFLICT DO UPDATE SET counted = counted + excluded.counted, na = na + excluded.na,
       v1 = v1 + excluded.v1, v2 = v2 + excluded.v2, v3 = v3 + excluded.v3,
       v4 = v4 + excluded.v4, worst = worst + excluded.worst
"""


_THEME_KEY = (
    "auditor",
    "rubric_id",
    "criterion_id",
    "cohort",
    "programme_id",
    "team",
    "month",
    "theme",
)


def _theme_upsert(
    level: int,
    sign: int,
    overall: str,
    per_criterion: bool,
    table: str = "theme_cells",
    tags: str = "",
) -> str:
    """Theme counts at one level from `overall` (counted overall grade rows): per
    criterion tagged, or once per audit (criterion '*'); `tags` narrows the tags read
    (a WHERE on audit_themes t)."""
    keys = ", ".join(
        k if k in LEVELS[level] | _ALWAYS | {"theme"} else f"{_BLANK[k]} AS {k}" for k in _THEME_KEY
    )
    criterion = "t.criterion_id" if per_criterion else "'*'"
    return f"""
INSERT INTO {table} (level, polarity, {", ".join(_THEME_KEY)}, audits, v1, v2, v3, v4, worst)
SELECT {level}, polarity, {keys},
       {sign} * count(*), {sign} * sum(ifnull(value = 1, 0)), {sign} * sum(ifnull(value = 2, 0)),
       {sign} * sum(ifnull(value = 3, 0)), {sign} * sum(ifnull(value = 4, 0)),
       {sign} * sum(ifnull(value = grades, 0))
  FROM (SELECT DISTINCT t.audit_id, t.theme, t.polarity, {criterion} AS criterion_id,
               k.rubric_id, k.month, k.team, k.cohort, k.programme_id, k.auditor, k.value,
               k.grades
          FROM audit_themes t JOIN ({overall}) k ON k.audit_id = t.audit_id {tags}) WHERE true
 GROUP BY {", ".join(str(n) for n in range(2, len(_THEME_KEY) + 3))}
ON CONFLICT DO UPDATE SET audits = audits + excluded.audits, v1 = v1 + excluded.v1,
       v2 = v2 + excluded.v2, v3 = v3 + excluded.v3, v4 = v4 + excluded.v4,
       worst = worst + excluded.worst
"""


def count_themes(
    conn: sqlite3.Connection,
    sign: int,
    overall: str,
    params: tuple[Any, ...],
    table: str = "theme_cells",
    themes: tuple[str, ...] = (),
) -> None:
    """Add (sign 1) or take out (-1) the theme counts of `overall`'s audits; with
    `themes`, of those themes' tags only (what a merge changes)."""
    tags = f"WHERE t.theme IN ({','.join('?' * len(themes))})" if themes else ""
    for level in LEVELS:
        for per_criterion in (False, True):
            conn.execute(
                _theme_upsert(level, sign, overall, per_criterion, table, tags), (*params, *themes)
            )


def count_audit(conn: sqlite3.Connection, audit_id: int, sign: int) -> None:
    """Add (sign 1) or take out (sign -1) what one audit counts for, as it stands now.

    Call with -1 before a change and 1 after it; an audit that is not submitted counts
    for nothing, so either call is harmless then.
    """
    source = COUNTED.format(only="AND a.id = ?")
    for level in LEVELS:
        conn.execute(_upsert(level, sign, source), (audit_id,))
    count_themes(
        conn, sign, COUNTED.format(only="AND a.id = ? AND rc.criterion_id = ''"), (audit_id,)
    )


def criteria_rows(digest: str, body: str) -> list[tuple[Any, ...]]:
    """rubric_criteria rows for one rubric version, from its stored JSON body."""
    from qa_tui.domain.rubric import Rubric  # pydantic stays out of start-up

    rubric = Rubric.model_validate(json.loads(body))
    rows = [(digest, "", 0, "overall", "Overall judgement", len(rubric.overall.grades))]
    for position, c in enumerate(rubric.criteria, start=1):
        rows.append(
            (
                digest,
                c.id,
                position,
                c.kind,
                " ".join(c.question.split()),
                len(rubric.scale_for(c).grades),
            )
        )
    return rows


def save_criteria(conn: sqlite3.Connection, digest: str, body: str) -> None:
    conn.executemany(
        "INSERT OR IGNORE INTO rubric_criteria (rubric_hash, criterion_id, "
        "position, kind, question, grades) VALUES (?,?,?,?,?,?)",
        criteria_rows(digest, body),
    )


# Completed moderations' grade pairs, one row per pair, with each grouping's key and
# when the moderation was completed (agreement over time counts by it).
_PAIRS = """
SELECT a.auditor AS auditor, y.criterion_id AS criterion,
       coalesce(p.name, '(no programme)') AS programme, rc.grades AS size,
       CASE WHEN y.auditor_not_applicable THEN 0 ELSE coalesce(y.auditor_grade_value, 0) END
           AS auditor_value,
       CASE WHEN y.not_applicable THEN 0 ELSE coalesce(y.grade_value, 0) END AS moderator_value,
       m.completed_at AS completed_at
  FROM moderations m JOIN audits a ON a.id = m.audit_id
  LEFT JOIN programmes p ON p.id = a.programme_id
  JOIN moderation_answers y ON y.audit_id = m.audit_id
  JOIN rubric_criteria rc ON rc.rubric_hash = a.rubric_hash AND rc.criterion_id = y.criterion_id
 WHERE m.status = 'done' {only}
"""
_OVERALL_PAIRS = """
SELECT a.auditor AS auditor, rc.grades AS size,
       coalesce(m.auditor_overall_value, 0) AS auditor_value,
       coalesce(m.overall_grade_value, 0) AS moderator_value, m.completed_at AS completed_at
  FROM moderations m JOIN audits a ON a.id = m.audit_id
  JOIN rubric_criteria rc ON rc.rubric_hash = a.rubric_hash AND rc.criterion_id = ''
 WHERE m.status = 'done' {only}
"""
_ADD_PAIRS = """
INSERT INTO {table} (grouping, key, size, auditor_value, moderator_value, pairs)
SELECT '{grouping}', {key}, size, auditor_value, moderator_value, count(*)
  FROM ({pairs}) WHERE true GROUP BY 2, 3, 4, 5
ON CONFLICT DO UPDATE SET pairs = pairs + excluded.pairs
"""


def _count_pairs(
    conn: sqlite3.Connection, only: str, params: tuple[Any, ...], table: str = "agreement_cells"
) -> None:
    for grouping in ("auditor", "criterion", "programme"):
        conn.execute(
            _ADD_PAIRS.format(
                grouping=grouping, key=grouping, table=table, pairs=_PAIRS.format(only=only)
            ),
            params,
        )
    conn.execute(
        _ADD_PAIRS.format(
            grouping="overall", key="auditor", table=table, pairs=_OVERALL_PAIRS.format(only=only)
        ),
        params,
    )


def count_moderation(conn: sqlite3.Connection, audit_id: int) -> None:
    """Add a just-completed moderation's grade pairs to agreement_cells."""
    _count_pairs(conn, "AND m.audit_id = ?", (audit_id,))


def rebuild_agreement(conn: sqlite3.Connection) -> None:
    conn.execute("DELETE FROM agreement_cells")
    _count_pairs(conn, "", ())


def rename_tags(
    conn: sqlite3.Connection, old: str, new: str, *, only_audits: str | None = None
) -> None:
    """Store tags of `old` as `new`, keeping what was typed; a tag that would repeat one
    already on the same audit and criterion is dropped (the audit keeps `new`).
    `only_audits`, a JSON list of audit ids, limits it to those audits (one batch)."""
    only = "" if only_audits is None else " AND audit_id IN (SELECT value FROM json_each(?))"
    extra = () if only_audits is None else (only_audits,)
    conn.execute(
        "DELETE FROM audit_themes WHERE theme = ? AND EXISTS (SELECT 1 FROM "
        "audit_themes o WHERE o.audit_id = audit_themes.audit_id AND o.criterion_id"
        f" = audit_themes.criterion_id AND o.theme = ?){only}",
        (old, new, *extra),
    )
    conn.execute(
        "UPDATE audit_themes SET entered_as = coalesce(entered_as, theme), theme = ? "
        f"WHERE theme = ?{only}",
        (new, old, *extra),
    )


# The summary tables and the columns that are counts (the rest are the key).
SUMMARY_TABLES = {
    "grade_cells": ("counted", "na", "v1", "v2", "v3", "v4", "worst"),
    "theme_cells": ("audits", "v1", "v2", "v3", "v4", "worst"),
    "agreement_cells": ("pairs",),
}


def differing_cells(conn: sqlite3.Connection) -> dict[str, int]:
    """How many cells of each summary table differ from a recount of the raw tables.

    The recount goes into TEMP tables of the same shape, so this takes no write lock on
    the database: other people go on working while it runs. Cells whose counts are all
    zero (left by a reopen) count as absent.
    """
    conn.execute("DROP TABLE IF EXISTS temp.counted_now")
    conn.execute(f"CREATE TEMP TABLE counted_now AS {COUNTED.format(only='')}")
    found: dict[str, int] = {}
    try:
        for table in SUMMARY_TABLES:
            sql = conn.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
            ).fetchone()
            if sql is None:
                continue
            conn.execute(f"DROP TABLE IF EXISTS temp.recount_{table}")
            conn.execute(
                sql[0].replace(f"CREATE TABLE {table}", f"CREATE TEMP TABLE recount_{table}", 1)
            )
        target = "temp.recount_grade_cells"
        for level in LEVELS:
            conn.execute(_upsert(level, 1, "SELECT * FROM temp.counted_now", target))
        if "theme_cells" in _tables(conn):
            count_themes(
                conn,
                1,
                "SELECT * FROM temp.counted_now WHERE kind = 'overall'",
                (),
                "temp.recount_theme_cells",
            )
        if "agreement_cells" in _tables(conn):
            _count_pairs(conn, "", (), "temp.recount_agreement_cells")
        for table, counts in SUMMARY_TABLES.items():
            if table not in _tables(conn):
                continue
            nonzero = " OR ".join(f"{c} != 0" for c in counts)
            found[table] = conn.execute(
                f"SELECT count(*) FROM (SELECT * FROM (SELECT * FROM main.{table} WHERE "
                f"{nonzero} EXCEPT SELECT * FROM temp.recount_{table}) UNION ALL "
                f"SELECT * FROM (SELECT * FROM temp.recount_{table} WHERE {nonzero} "
                f"EXCEPT SELECT * FROM main.{table}))"
            ).fetchone()[0]
    finally:
        conn.execute("DROP TABLE IF EXISTS temp.counted_now")
        for table in SUMMARY_TABLES:
            conn.execute(f"DROP TABLE IF EXISTS temp.recount_{table}")
    return found


def _tables(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM main.sqlite_master WHERE type='table'")}
