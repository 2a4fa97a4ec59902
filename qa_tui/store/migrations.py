"""Applying the numbered migrations, and proving a database is in the shape they make.

Each applied migration is recorded with a checksum of its SQL. On open, recorded
checksums that equal the shipped ones are the whole check (a few microseconds). A
database from before checksums, or whose recorded migration differs from the shipped
one, is compared object by object with a fresh database built in memory from the
shipped migrations:

- the same shape: the checksums are recorded and nothing else changes;
- a difference only in objects the store can rebuild from the raw tables (the summary
  tables and the indexes of migrations 5 and 6, whose SQL was edited on main while
  they were new) or in the analysts' views (migration 11: definitions, no data):
  those objects are made again, recounted, and recorded, after a backup copy of the
  file; a view of an analyst's own, which no migration makes, is left alone;
- any other difference: the database is refused with the names of the objects that
  differ, and nothing is written.

Part of the store layer; the `Store` calls it with its connection.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from qa_tui.paths import migrations_dir

_MIGRATION_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")

# Objects made only of what the raw tables already say: dropping and rebuilding them
# loses nothing. These are the ones whose SQL changed on main after publication.
REBUILDABLE_TABLES = frozenset({"grade_cells", "agreement_cells", "theme_cells"})
REBUILDABLE_INDEXES = frozenset(
    {"audits_team_submitted", "moderations_done", "theme_cells_by_theme"}
)


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str

    @property
    def checksum(self) -> str:
        """What is recorded for this migration: the SHA-256 of its SQL text."""
        return hashlib.sha256(self.sql.encode("utf-8")).hexdigest()


def available_migrations(directory: Path | None = None) -> list[Migration]:
    directory = directory or migrations_dir()
    found = []
    for path in sorted(directory.glob("*.sql")):
        match = _MIGRATION_NAME.match(path.name)
        if match:
            found.append(Migration(int(match.group(1)), path.stem, path.read_text("utf-8")))
    return found


def split_sql(script: str) -> list[str]:
    """Split a migration into statements (sqlite3.complete_statement knows the grammar)."""
    statements, buffer = [], ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                statements.append(buffer.strip())
            buffer = ""
    if buffer.strip() and not all(
        ln.strip().startswith("--") or not ln.strip() for ln in buffer.splitlines()
    ):
        statements.append(buffer.strip())
    return statements


class SchemaMismatch(Exception):
    """The database's recorded migrations are not the shipped ones and cannot be repaired."""

    def __init__(self, objects: list[str]):
        super().__init__(", ".join(objects))
        self.objects = objects


def _normalise(sql: str | None) -> str:
    """SQL as SQLite keeps it, without comments and with white space folded."""
    if not sql:
        return ""
    sql = re.sub(r"--[^\n]*", "", sql)
    return " ".join(sql.replace("(", " ( ").replace(")", " ) ").replace(",", " , ").split())


def shape(conn: sqlite3.Connection) -> dict[tuple[str, str], str]:
    """Every table, index, view and trigger a migration made, by (type, name)."""
    return {
        (kind, name): _normalise(sql)
        for kind, name, sql in conn.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' "
            "AND name != 'schema_migrations'"
        )
    }


def fresh_shape(
    migrations: list[Migration],
    up_to: int,
    after: Mapping[int, Callable[[sqlite3.Connection], None]],
) -> tuple[dict[tuple[str, str], str], dict[tuple[str, str], str]]:
    """The shape (normalised and as written) of a new database at version `up_to`."""
    memory = sqlite3.connect(":memory:", isolation_level=None)
    try:
        for m in migrations:
            if m.version > up_to:
                break
            for statement in split_sql(m.sql):
                memory.execute(statement)
            if m.version in after:
                after[m.version](memory)
        written = {
            (kind, name): sql
            for kind, name, sql in memory.execute(
                "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
            )
        }
        return shape(memory), written
    finally:
        memory.close()


def differences(
    actual: dict[tuple[str, str], str], expected: dict[tuple[str, str], str]
) -> list[tuple[str, str]]:
    """(type, name) of every object missing, extra or made differently. A view no
    migration makes is an analyst's own (Datasette and DuckDB users make them): not a
    difference."""
    return sorted(
        key
        for key in actual.keys() | expected.keys()
        if actual.get(key) != expected.get(key) and not (key[0] == "view" and key not in expected)
    )


def repairable(diff: list[tuple[str, str]], expected: dict[tuple[str, str], str]) -> bool:
    """True when every difference is an object the store can make again from raw data."""
    for kind, name in diff:
        if kind == "table" and name in REBUILDABLE_TABLES:
            continue
        if kind == "view":  # a definition only: made again from the shipped SQL
            continue
        if kind == "index" and (
            name in REBUILDABLE_INDEXES
            or any(
                t == "table" and n in REBUILDABLE_TABLES
                for t, n in diff
                if n == _table_of(name, expected)
            )
        ):
            continue
        return False
    return True


def _table_of(index: str, expected: dict[tuple[str, str], str]) -> str:
    sql = expected.get(("index", index), "")
    match = re.search(r" ON (\w+)", sql)
    return match.group(1) if match else ""


def repair(
    conn: sqlite3.Connection, diff: list[tuple[str, str]], written: dict[tuple[str, str], str]
) -> None:
    """Make the rebuildable objects in `diff` again as the shipped migrations make them.

    Runs inside the caller's write transaction; the caller recounts the summaries.
    """
    for kind, name in diff:
        if kind == "view":
            conn.execute(f'DROP VIEW IF EXISTS "{name}"')
        if kind == "index":
            conn.execute(f'DROP INDEX IF EXISTS "{name}"')
    for kind, name in diff:
        if kind == "table":
            conn.execute(f'DROP TABLE IF EXISTS "{name}"')
    for kind, name in diff:
        if kind == "table" and (kind, name) in written:
            conn.execute(written[(kind, name)])
    # Views in the order the migrations made them (one may read another).
    for (kind, name), sql in written.items():
        if kind == "view" and (kind, name) in diff:
            conn.execute(sql)
    # Indexes last, including those of a remade table that did not differ themselves.
    remade = {name for kind, name in diff if kind == "table"}
    present = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    for (kind, name), sql in written.items():
        if kind != "index" or not sql or name in present:
            continue
        if name in {n for _, n in diff} or _table_of(name, {("index", name): sql}) in remade:
            conn.execute(sql)


# The migrations that recount the summary tables: minutes on a large file.
RECOUNTING_MIGRATIONS = frozenset({5, 6})


def recount_pending(path: Path) -> bool:
    """Whether opening the database at `path` will run a migration that recounts the
    summaries (read-only look; False for a new file), so a caller can show progress."""
    if not Path(path).is_file():
        return False
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT max(version) FROM schema_migrations").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False
    current = row[0] or 0
    return 0 < current < max(RECOUNTING_MIGRATIONS)
