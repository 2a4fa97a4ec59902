"""The store's core: one connection to the one SQLite file, opened, migrated and
guarded, and the one write transaction every other part of the store goes through.

Every write runs in `BEGIN IMMEDIATE ... COMMIT` and records its events in the same
transaction, so what a screen shows as saved is on disk (WAL, synchronous=FULL) and a
second process waiting for the lock uses the busy timeout instead of failing. One
connection serves the UI's worker threads behind a lock. Errors SQLite raises become
sentences a person can act on here, and damage found once stops every later write.
The records kept (cases, audits...) are in modules of their own, parts of `Store`.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from qa_tui.domain.errors import DatabaseDamaged, StoreError
from qa_tui.paths import make_private_dir
from qa_tui.store import event_chain, migrations, summary_rebuild
from qa_tui.store import summaries as summary_store
from qa_tui.store.migrations import Migration, available_migrations, split_sql
from qa_tui.store.problems import damage_found, database_problem, is_bug
from qa_tui.store.summary_rebuild import Progress

if TYPE_CHECKING:
    import sqlite_utils

BUSY_TIMEOUT_MS = 15_000

# Work a migration needs done in Python, in its own transaction: (conn, progress).
_AFTER_MIGRATION: dict[int, Callable[..., None]] = {
    5: summary_rebuild.after_migration_5,
    6: summary_rebuild.after_migration_6,
    7: lambda conn, progress=None: event_chain.seal_existing(conn),
}


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _create_private_file(path: Path) -> None:
    """Create the database file as owner-only (in owner-only folders) before SQLite opens it."""
    make_private_dir(path.parent)
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)


class StoreCore:
    """An open qa-tui database: its connection, lock and transactions (the parts of
    `Store` that keep records build on this)."""

    def __init__(self, conn: sqlite3.Connection, path: Path):
        self.path = path
        self.conn = conn
        self._db: sqlite_utils.Database | None = None
        self._lock = threading.RLock()
        self.damaged: str | None = None  # why, once a write or read found damage
        self.repaired: list[str] = []  # objects the last open made again

    @property
    def db(self) -> sqlite_utils.Database:
        """sqlite-utils over the same connection, made on first use: the TUI's start-up
        does not pay for importing it."""
        if self._db is None:
            import sqlite_utils

            self._db = sqlite_utils.Database(self.conn, execute_plugins=False)
        return self._db

    # -- opening and migrating -------------------------------------------------

    @classmethod
    def open(
        cls,
        path: Path,
        migrations: list[Migration] | None = None,
        *,
        create: bool = True,
        progress: Progress | None = None,
    ) -> Self:
        """Open (creating owner-only if allowed) and migrate; readers pass create=False.

        What is checked here is cheap on any size of file: that it is a qa-tui database,
        and that its recorded migrations are the shipped ones (see migrations.py). The
        whole-file checks are `integrity()` and `qa-tui db check`. A migration that
        recounts the summaries reports `progress(done, total)` as it goes.
        """
        path = Path(path)
        if not path.exists() and not create:
            raise StoreError(f"no database at {path} (check --db or QA_TUI_DB)")
        if path.is_dir():
            raise StoreError(f"{path}: is a folder, not a database file")
        if not path.exists():
            try:
                _create_private_file(path)
            except FileExistsError:
                pass
            except OSError as exc:
                raise StoreError(f"{path}: cannot create the database ({exc.strerror})") from None
        conn: sqlite3.Connection | None = None
        try:
            conn = sqlite3.connect(
                path,
                timeout=BUSY_TIMEOUT_MS / 1000,
                check_same_thread=False,
                isolation_level=None,
            )
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            # Look before changing anything: another program's database is left as it is.
            tables = {
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if tables and "schema_migrations" not in tables:
                raise StoreError(f"{path}: not a qa-tui database (it holds other tables)")
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            # A 32 MiB page cache (the default is 2) keeps a long history's list reads flat.
            for pragma in ("synchronous = FULL", "foreign_keys = ON", "cache_size = -32000"):
                conn.execute(f"PRAGMA {pragma}")
        except sqlite3.DatabaseError as exc:
            if conn is not None:
                conn.close()
            problem = database_problem(path, exc)
            if "file is not a database" in str(exc):
                problem = StoreError(f"{path}: not a qa-tui database ({exc})")
            raise problem from None
        except BaseException:
            if conn is not None:
                conn.close()
            raise
        store = cls(conn, path)
        try:
            store.migrate(available_migrations() if migrations is None else migrations, progress)
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise database_problem(path, exc) from None
        except BaseException:
            conn.close()
            raise
        return store

    def close(self) -> None:
        with self._lock:
            self.conn.close()

    def schema_version(self) -> int:
        row = self.conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name='schema_migrations'"
        ).fetchone()
        if row is None:
            return 0
        return int(
            self.conn.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()[
                0
            ]
        )

    def migrate(self, migrations: list[Migration], progress: Progress | None = None) -> Path | None:
        """Check the applied migrations, then apply pending ones, each with its record and
        checksum, after backing up an older file."""
        with self._lock:
            current = self.schema_version()
            latest = max((m.version for m in migrations), default=0)
            if current > latest:
                raise StoreError(
                    f"{self.path}: made by a newer qa-tui (schema {current}, this one knows "
                    f"{latest}); upgrade qa-tui"
                )
            backup = self._check_applied(migrations, current) if current else None
            pending = [m for m in migrations if m.version > current]
            if not pending:
                return backup
            has_data = self.conn.execute(
                "SELECT count(*) FROM sqlite_master WHERE type='table'"
            ).fetchone()[0]
            backup = backup or (self._backup(current) if has_data else None)
            self.conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                "name TEXT NOT NULL, applied_at TEXT NOT NULL, checksum TEXT)"
            )
            for m in pending:
                self.conn.execute("BEGIN IMMEDIATE")
                try:
                    if self.schema_version() >= m.version:  # another process got there first
                        self.conn.execute("ROLLBACK")
                        continue
                    for statement in split_sql(m.sql):
                        self.conn.execute(statement)
                    if m.version in _AFTER_MIGRATION:
                        _AFTER_MIGRATION[m.version](self.conn, progress)
                    self.conn.execute(
                        "INSERT INTO schema_migrations (version, name, applied_at, checksum) "
                        "VALUES (?,?,?,?)",
                        (m.version, m.name, now(), m.checksum),
                    )
                    self.conn.execute("COMMIT")
                except BaseException:
                    self.conn.execute("ROLLBACK")
                    raise
            return backup

    def _recorded_checksums(self) -> dict[int, str | None]:
        columns = {r[1] for r in self.conn.execute("PRAGMA table_info(schema_migrations)")}
        checksum = "checksum" if "checksum" in columns else "NULL"
        return {
            r[0]: r[1]
            for r in self.conn.execute(f"SELECT version, {checksum} FROM schema_migrations")
        }

    def _check_applied(self, shipped: list[Migration], current: int) -> Path | None:
        """Prove the applied migrations are the shipped ones; repair or refuse if not.

        Returns the backup made before a repair, if one was needed.
        """
        recorded = self._recorded_checksums()
        applied = [m for m in shipped if m.version <= current]
        if all(recorded.get(m.version) == m.checksum for m in applied):
            return None
        expected, written = migrations.fresh_shape(shipped, current, _AFTER_MIGRATION)
        diff = migrations.differences(migrations.shape(self.conn), expected)
        if diff and not migrations.repairable(diff, expected):
            names = ", ".join(f"{kind} {name}" for kind, name in diff)
            raise StoreError(
                f"{self.path}: its schema is not what this qa-tui's migrations 1-{current} "
                f"make ({names}), and qa-tui cannot repair that by itself. Nothing was "
                "changed. Restore from a backup made by this version, or ask for help."
            )
        backup = self._backup(current) if diff else None
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if diff or "readonly" not in str(exc).lower():
                raise
            return None  # a read-only file in the right shape: nothing to record
        try:
            if diff:
                migrations.repair(self.conn, diff, written)
                summary_rebuild.rebuild(self.conn, themes=current >= 6)
                if current >= 5:
                    summary_store.rebuild_agreement(self.conn)
                self.repaired = [name for _, name in diff]
            columns = {r[1] for r in self.conn.execute("PRAGMA table_info(schema_migrations)")}
            if "checksum" not in columns:
                self.conn.execute("ALTER TABLE schema_migrations ADD COLUMN checksum TEXT")
            self.conn.executemany(
                "UPDATE schema_migrations SET checksum = ? WHERE version = ?",
                [(m.checksum, m.version) for m in applied],
            )
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        return backup

    def _backup(self, version: int) -> Path:
        # The process id keeps two processes migrating in the same second apart.
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        target = self.path.with_name(f"{self.path.name}.bak-v{version}-{stamp}-{os.getpid()}")
        self.backup_to(target)
        return target

    def backup_to(self, target: Path) -> None:
        """A consistent copy of the whole database (SQLite's online backup), owner-only.

        Consistent while other people write: the backup API restarts on their changes.
        """
        _create_private_file(target)
        dest = sqlite3.connect(target)
        try:
            with self._lock:
                self.conn.backup(dest, pages=4096)
        except BaseException:
            dest.close()
            target.unlink(missing_ok=True)
            raise
        dest.close()

    # -- transactions ------------------------------------------------------------

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction that takes the write lock at once (no upgrade deadlock).

        An error from SQLite comes out as a StoreError a person can act on; damage found
        here (or earlier) stops every later write of this process.
        """
        with self._lock:
            if self.damaged:
                raise DatabaseDamaged(self.damaged)
            try:
                self.conn.execute("BEGIN IMMEDIATE")
            except sqlite3.DatabaseError as exc:
                raise self._problem(exc) from None
            try:
                yield self.conn
            except sqlite3.DatabaseError as exc:
                self._rollback()
                if is_bug(exc):
                    raise
                raise self._problem(exc) from None
            except BaseException:
                self._rollback()
                raise
            try:
                self.conn.execute("COMMIT")
            except sqlite3.DatabaseError as exc:
                self._rollback()
                raise self._problem(exc) from None

    def _rollback(self) -> None:
        if self.conn.in_transaction:
            with suppress(sqlite3.DatabaseError):
                self.conn.execute("ROLLBACK")

    def _problem(self, error: sqlite3.DatabaseError) -> StoreError:
        problem = database_problem(self.path, error)
        if isinstance(problem, DatabaseDamaged):
            self.damaged = str(problem)
        return problem

    def _rows(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[dict[str, Any]]:
        with self._lock:
            try:
                cur = self.conn.execute(sql, params)
                names = [d[0] for d in cur.description]
                return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
            except sqlite3.DatabaseError as exc:
                if is_bug(exc):
                    raise  # a bug in a query, not a problem with the file
                raise self._problem(exc) from None

    def _one(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> dict[str, Any] | None:
        rows = self._rows(sql, params)
        return rows[0] if rows else None

    @staticmethod
    def _event(
        conn: sqlite3.Connection,
        who: str,
        entity: str,
        entity_id: Any,
        field: str,
        old: Any,
        new: Any,
    ) -> None:
        event_chain.append(
            conn,
            now(),
            who,
            entity,
            str(entity_id),
            field,
            None if old is None else str(old),
            None if new is None else str(new),
        )

    def integrity(self, *, tables: Sequence[str] = ()) -> list[str]:
        """SQLite's quick check of the whole file (or of `tables`): [] when it is whole.

        Run before bulk writes, so that damage is found before anything is written into
        it. About 4 s per GB on these machines, so callers name the tables they write
        when the file is large.
        """
        with self._lock:
            try:
                if tables:
                    found = [
                        row[0]
                        for t in tables
                        for row in self.conn.execute(f'PRAGMA quick_check("{t}")')
                    ]
                else:
                    found = [row[0] for row in self.conn.execute("PRAGMA quick_check")]
            except sqlite3.DatabaseError as exc:
                found = [str(exc)]
        problems = [p for p in found if p != "ok"]
        if problems:
            self.damaged = damage_found(self.path, problems)
        return problems

    def check_before_bulk_write(self, tables: Sequence[str]) -> None:
        """Refuse a bulk write into a damaged file.

        A file under 256 MB is checked whole (under a second); a larger one in the tables
        the write touches, so a nightly import on a large database is not held up.
        """
        try:
            size = self.path.stat().st_size
        except OSError:
            size = 0
        problems = self.integrity(tables=tables if size > 256 * 2**20 else ())
        if problems:
            raise DatabaseDamaged(self.damaged or problems[0])
