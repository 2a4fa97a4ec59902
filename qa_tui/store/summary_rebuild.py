"""Recounting the summary tables from scratch, fast: one pass over the answers, then
each level summed from the smallest level already summed that keeps its dimensions.

The incremental upkeep in summaries.py sums each level straight from the counted rows;
done for every audit at once that is six sorts of 1.6 million rows for grade_cells and
twelve joins for theme_cells (84 s of the 105 s make_large_db.py took on 100,000
audits). Here the counted rows are grouped once by every dimension any level keeps
(the finest cells); every level is then a GROUP BY of the smallest table already built
whose dimensions include its own, so only the finest grouping reads every row. Each
level lands in a TEMP table in key order and is copied into the summary table in that
order (appends, not scattered inserts), with the summary table's other indexes made
again after. The figures are those of the incremental upkeep: the same COUNTED rows,
the same blanks, summed; tests/test_summary_rebuild.py holds them equal.

Runs inside the caller's write transaction; `progress(step, steps)` after each step.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from qa_tui.store import summaries
from qa_tui.store.summaries import _BLANK, _KEY, _THEME_KEY, COUNTED, LEVELS

Progress = Callable[[int, int], None]

_GRADE_SUMS = {
    "counted": "sum(value IS NOT NULL)",
    "na": "sum(na)",
    "v1": "sum(ifnull(value = 1, 0))",
    "v2": "sum(ifnull(value = 2, 0))",
    "v3": "sum(ifnull(value = 3, 0))",
    "v4": "sum(ifnull(value = 4, 0))",
    "worst": "sum(ifnull(value = grades, 0))",
}
_THEME_SUMS = {
    "audits": "count(*)",
    "v1": "sum(ifnull(value = 1, 0))",
    "v2": "sum(ifnull(value = 2, 0))",
    "v3": "sum(ifnull(value = 3, 0))",
    "v4": "sum(ifnull(value = 4, 0))",
    "worst": "sum(ifnull(value = grades, 0))",
}
_DIMS = frozenset(_BLANK)  # the dimensions a level keeps or blanks
_FINEST = frozenset().union(*LEVELS.values())


def rebuild(
    conn: sqlite3.Connection, *, themes: bool = True, progress: Progress | None = None
) -> None:
    """Recount grade_cells (and theme_cells, with `themes`) from every submitted audit."""
    steps = 1 + len(LEVELS) + (2 + len(LEVELS) if themes else 0)
    done = 0

    def step() -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done, steps)

    if progress:
        progress(0, steps)
    # The finest cells are summed straight from the counted rows (not kept: 1.6 million
    # of them on 100,000 audits).
    with _bulk(conn):
        counted = f"({COUNTED.format(only='')})"
        _summed(conn, "grade_cells", "kind", _KEY, _GRADE_SUMS, counted, step)
        step()
        if themes:
            _themes(conn, step)


@contextmanager
def _bulk(conn: sqlite3.Connection) -> Iterator[None]:
    """For the length of a rebuild: sorts on two threads and a larger page cache for the
    file and the TEMP tables (about 3 s of 25 on 100,000 audits); then as they were."""
    saved = {
        pragma: conn.execute(f"PRAGMA {pragma}").fetchone()[0]
        for pragma in ("threads", "cache_size", "temp.cache_size")
    }
    conn.execute("PRAGMA threads = 2")
    conn.execute(f"PRAGMA cache_size = {min(int(saved['cache_size']), -65536)}")
    conn.execute("PRAGMA temp.cache_size = -131072")
    try:
        yield
    finally:
        for pragma, value in saved.items():
            conn.execute(f"PRAGMA {pragma} = {int(value)}")


def rebuild_themes(conn: sqlite3.Connection, progress: Progress | None = None) -> None:
    """Recount theme_cells alone from every submitted audit's tags and overall grade."""
    steps, done = 2 + len(LEVELS), 0

    def step() -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done, steps)

    if progress:
        progress(0, steps)
    with _bulk(conn):
        _themes(conn, step)


def _themes(conn: sqlite3.Connection, step: Callable[[], None]) -> None:
    """theme_cells from the tags and each audit's counted overall grade."""
    overall = COUNTED.format(only="AND rc.criterion_id = ''")
    conn.execute("DROP TABLE IF EXISTS temp.overall_now")
    conn.execute("DROP TABLE IF EXISTS temp.themed_now")
    conn.execute(f"CREATE TEMP TABLE overall_now AS {overall}")
    conn.execute("CREATE INDEX temp.overall_now_audit ON overall_now (audit_id)")
    dims = ", ".join(f"k.{k}" for k in _THEME_KEY if k not in ("criterion_id", "theme"))
    # Tags per criterion, and once per audit (criterion '*'): the same rows the upkeep
    # counts, in one table (no criterion is called '*').
    conn.execute(
        f"CREATE TEMP TABLE themed_now AS "
        f"SELECT DISTINCT t.audit_id, t.theme, t.polarity, t.criterion_id, {dims}, "
        f"k.value, k.grades FROM audit_themes t JOIN temp.overall_now k "
        f"ON k.audit_id = t.audit_id "
        f"UNION ALL SELECT DISTINCT t.audit_id, t.theme, t.polarity, '*', {dims}, "
        f"k.value, k.grades FROM audit_themes t JOIN temp.overall_now k "
        f"ON k.audit_id = t.audit_id"
    )
    step()
    try:
        _summed(conn, "theme_cells", "polarity", _THEME_KEY, _THEME_SUMS, "temp.themed_now", step)
        step()
    finally:
        conn.execute("DROP TABLE IF EXISTS temp.overall_now")
        conn.execute("DROP TABLE IF EXISTS temp.themed_now")


def _summed(
    conn: sqlite3.Connection,
    table: str,
    first: str,
    key: tuple[str, ...],
    sums: dict[str, str],
    source: str,
    step: Callable[[], None],
) -> None:
    """Empty `table`, then fill every level: the finest cells from `source` rows, each
    level from the smallest summed table that keeps what the level keeps."""
    indexes = [
        (name, sql)
        for name, sql in conn.execute(
            "SELECT name, sql FROM main.sqlite_master WHERE type = 'index' AND tbl_name = ? "
            "AND sql IS NOT NULL",
            (table,),
        ).fetchall()
    ]
    for name, _ in indexes:
        conn.execute(f'DROP INDEX main."{name}"')
    conn.execute(f"DELETE FROM main.{table}")
    built: list[tuple[frozenset[str], str, int]] = []  # (dimensions kept, table, rows)
    columns = ", ".join(key)
    names = ", ".join(sums)
    group = ", ".join(str(n) for n in range(1, len(key) + 2))

    def summed(name: str, keeps: frozenset[str], select: str, src: str) -> None:
        target = f"temp.summed_{table}_{name}"
        kept = ", ".join(k if k not in _DIMS or k in keeps else f"{_BLANK[k]} AS {k}" for k in key)
        conn.execute(f"DROP TABLE IF EXISTS {target}")
        conn.execute(
            f"CREATE TEMP TABLE summed_{table}_{name} AS SELECT {first}, {kept}, {select} "
            f"FROM {src} GROUP BY {group}"
        )
        rows = conn.execute(f"SELECT count(*) FROM {target}").fetchone()[0]
        built.append((keeps, target, rows))

    try:
        summed("fine", _FINEST, ", ".join(f"{e} AS {n}" for n, e in sums.items()), source)
        for level in sorted(LEVELS, key=lambda n: -len(LEVELS[n])):
            keeps = LEVELS[level]
            # The smallest table summed so far that keeps every dimension this level
            # keeps: itself when it keeps the same ones.
            dims, src, _ = min((b for b in built if keeps <= b[0]), key=lambda b: b[2])
            if dims != keeps:
                summed(str(level), keeps, ", ".join(f"sum({n}) AS {n}" for n in sums), src)
                src = built[-1][1]
            conn.execute(
                f"INSERT INTO main.{table} (level, {first}, {columns}, {names}) "
                f"SELECT {level}, {first}, {columns}, {names} FROM {src} ORDER BY rowid"
            )
            step()
        for _, sql in indexes:
            conn.execute(sql)
    finally:
        for _, name, _ in built:
            conn.execute(f"DROP TABLE IF EXISTS {name}")


def after_migration_5(conn: sqlite3.Connection, progress: Progress | None = None) -> None:
    """Fill rubric_criteria for rubric versions already stored, then count every audit
    and every completed moderation."""
    for digest, body in conn.execute("SELECT hash, body FROM rubric_versions").fetchall():
        summaries.save_criteria(conn, digest, body)
    rebuild(conn, themes=False, progress=progress)  # theme_cells come with migration 6
    summaries.rebuild_agreement(conn)


def after_migration_6(conn: sqlite3.Connection, progress: Progress | None = None) -> None:
    """Put every theme already tagged into the catalogue under one name per key (the
    spelling used most), store tags under it, then count them."""
    from qa_tui.domain.theme_names import theme_key

    spellings: dict[str, dict[str, int]] = {}
    for theme, n in conn.execute("SELECT theme, count(*) FROM audit_themes GROUP BY theme"):
        spellings.setdefault(theme_key(theme), {})[theme] = n
    stamp = "migration 6"
    for key, names in spellings.items():
        name = max(sorted(names), key=lambda t: names[t])
        conn.execute(
            "INSERT INTO theme_catalogue (key, name, created_at, created_by) "
            "VALUES (?, ?, datetime('now'), ?)",
            (key, name, stamp),
        )
        for other in names:
            if other != name:
                summaries.rename_tags(conn, other, name)
    rebuild_themes(conn, progress)
