"""The only place with SQL: opening, migrating and reading/writing the one SQLite file.

Every write runs in `BEGIN IMMEDIATE ... COMMIT` and records its events in the same
transaction, so what a screen shows as saved is on disk (WAL, synchronous=FULL) and a
second process waiting for the lock uses the busy timeout instead of failing. One
connection serves the UI's worker threads behind a lock.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qa_tui.domain.errors import AuditLocked, DatabaseDamaged, StoreError
from qa_tui.domain.records import (
    Answer,
    Audit,
    AuditSummary,
    Case,
    CaseAction,
    Escalation,
    Event,
    ThemeTag,
)
from qa_tui.domain.theme_names import theme_key, tidy
from qa_tui.paths import make_private_dir
from qa_tui.store import event_chain, migrations
from qa_tui.store import summaries as summary_store
from qa_tui.store.migrations import Migration, available_migrations, split_sql

if TYPE_CHECKING:
    import sqlite_utils

    from qa_tui.domain.rubric import Rubric

__all__ = ["AuditLocked", "DatabaseDamaged", "Migration", "Store", "StoreError",
           "available_migrations"]

BUSY_TIMEOUT_MS = 15_000

# Work a migration needs done in Python, in the migration's own transaction.
_AFTER_MIGRATION = {5: summary_store.after_migration_5, 6: summary_store.after_migration_6,
                    7: event_chain.seal_existing}




_DAMAGE = ("malformed", "not a database", "corrupt", "disk i/o error", "disk image")


def is_bug(error: sqlite3.DatabaseError) -> bool:
    """An error in qa-tui's own SQL (a traceback for the log), not a problem of the file."""
    text = str(error).lower()
    return isinstance(error, sqlite3.ProgrammingError | sqlite3.InterfaceError) or (
        isinstance(error, sqlite3.OperationalError)
        and any(w in text for w in ("no such", "syntax error", "has no column", "ambiguous")))


def database_problem(path: Path | str, error: sqlite3.DatabaseError) -> StoreError:
    """One sentence a person can act on for any error SQLite raised.

    SQLite's own words are kept in brackets for whoever is asked to help.
    """
    text = str(error)
    low = text.lower()
    if any(w in low for w in _DAMAGE):
        return _damaged(path, text)
    if "submitted" in low and "reopen" in low:
        return AuditLocked(text)
    if "append-only" in low or "submitted" in low:
        return StoreError(text)
    if isinstance(error, sqlite3.IntegrityError):
        return StoreError(f"{path}: refused by the database ({text})")
    if "readonly" in low or "read-only" in low:
        return StoreError(f"{path}: the database is read-only for you ({text}); nothing was "
                          "saved. Check the file's and its folder's permissions.")
    if "full" in low:
        return StoreError(f"{path}: the disk is full ({text}); nothing was saved. Free some "
                          "space and try again.")
    if "locked" in low or "busy" in low:
        return StoreError(f"{path}: the database is busy with another person's work ({text});"
                          " nothing was saved. Try again in a moment.")
    if "unable to open" in low:
        return StoreError(f"{path}: cannot open the database ({text}). Check the path and "
                          "that you may read and write its folder.")
    return StoreError(f"{path}: the database refused this ({text}); nothing was saved.")


def quick_check_file(path: Path) -> str | None:
    """SQLite's quick check of the whole file through a read-only connection of its own:
    None when the file is whole, else the sentence to show (as for any damage)."""
    try:
        conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
        try:
            found = [row[0] for row in conn.execute("PRAGMA quick_check(20)")]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        found = [str(exc)]
    problems = [p for p in found if p != "ok"]
    if not problems:
        return None
    first = problems[0] if "malformed" in problems[0] else (
        f"database disk image is malformed: {problems[0]}")
    return str(_damaged(path, first))


def _damaged(path: Path | str, text: str) -> DatabaseDamaged:
    return DatabaseDamaged(
        f"{path}: the database is damaged ({text}); nothing more will be written to it. "
        f"Run `qa-tui --db {path} db check` to see what is wrong, then restore from a "
        "backup (`qa-tui db backup` makes one of a healthy database).")


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _create_private_file(path: Path) -> None:
    """Create the database file as owner-only (in owner-only folders) before SQLite opens it."""
    make_private_dir(path.parent)
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)


class Store:
    """An open qa-tui database."""

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
    def open(cls, path: Path, migrations: list[Migration] | None = None, *,
             create: bool = True) -> Store:
        """Open (creating owner-only if allowed) and migrate; readers pass create=False.

        What is checked here is cheap on any size of file: that it is a qa-tui database,
        and that its recorded migrations are the shipped ones (see migrations.py). The
        whole-file checks are `integrity()` and `qa-tui db check`.
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
                path, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False,
                isolation_level=None,
            )
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            # Look before changing anything: another program's database is left as it is.
            tables = {r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table'")}
            if tables and "schema_migrations" not in tables:
                raise StoreError(f"{path}: not a qa-tui database (it holds other tables)")
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
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
            store.migrate(migrations if migrations is not None else available_migrations())
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
        return self.conn.execute(
            "SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()[0]

    def migrate(self, migrations: list[Migration]) -> Path | None:
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
                        _AFTER_MIGRATION[m.version](self.conn)
                    self.conn.execute(
                        "INSERT INTO schema_migrations (version, name, applied_at, checksum) "
                        "VALUES (?,?,?,?)", (m.version, m.name, now(), m.checksum),
                    )
                    self.conn.execute("COMMIT")
                except BaseException:
                    self.conn.execute("ROLLBACK")
                    raise
            return backup

    def _recorded_checksums(self) -> dict[int, str | None]:
        columns = {r[1] for r in self.conn.execute("PRAGMA table_info(schema_migrations)")}
        checksum = "checksum" if "checksum" in columns else "NULL"
        return {r[0]: r[1] for r in self.conn.execute(
            f"SELECT version, {checksum} FROM schema_migrations")}

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
                "changed. Restore from a backup made by this version, or ask for help.")
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
                summary_store.rebuild(self.conn, themes=current >= 6)
                if current >= 5:
                    summary_store.rebuild_agreement(self.conn)
                self.repaired = [name for _, name in diff]
            columns = {r[1] for r in self.conn.execute("PRAGMA table_info(schema_migrations)")}
            if "checksum" not in columns:
                self.conn.execute("ALTER TABLE schema_migrations ADD COLUMN checksum TEXT")
            self.conn.executemany("UPDATE schema_migrations SET checksum = ? WHERE version = ?",
                                  [(m.checksum, m.version) for m in applied])
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

    def _rows(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[dict]:
        with self._lock:
            try:
                cur = self.conn.execute(sql, params)
                names = [d[0] for d in cur.description]
                return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
            except sqlite3.DatabaseError as exc:
                if is_bug(exc):
                    raise  # a bug in a query, not a problem with the file
                raise self._problem(exc) from None

    def _one(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> dict | None:
        rows = self._rows(sql, params)
        return rows[0] if rows else None

    @staticmethod
    def _event(conn: sqlite3.Connection, who: str, entity: str, entity_id: Any, field: str,
               old: Any, new: Any) -> None:
        event_chain.append(conn, now(), who, entity, str(entity_id), field,
                           None if old is None else str(old), None if new is None else str(new))

    def integrity(self, *, tables: Sequence[str] = ()) -> list[str]:
        """SQLite's quick check of the whole file (or of `tables`): [] when it is whole.

        Run before bulk writes, so that damage is found before anything is written into
        it. About 4 s per GB on these machines, so callers name the tables they write
        when the file is large.
        """
        with self._lock:
            try:
                if tables:
                    found = [row[0] for t in tables
                             for row in self.conn.execute(f'PRAGMA quick_check("{t}")')]
                else:
                    found = [row[0] for row in self.conn.execute("PRAGMA quick_check")]
            except sqlite3.DatabaseError as exc:
                found = [str(exc)]
        problems = [p for p in found if p != "ok"]
        if problems:
            first = problems[0] if "malformed" in problems[0] else (
                f"database disk image is malformed: {problems[0]}")
            self.damaged = str(database_problem(self.path, sqlite3.DatabaseError(first)))
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

    # -- rubric versions ---------------------------------------------------------

    def save_rubric_version(self, rubric: Rubric) -> str:
        digest = rubric.content_hash()
        body = json.dumps(rubric.model_dump(mode="json"), sort_keys=True)
        with self.write() as conn:
            cur = conn.execute(
                "INSERT OR IGNORE INTO rubric_versions "
                "(hash, rubric_id, version, title, body, first_seen_at) VALUES (?,?,?,?,?,?)",
                (digest, rubric.id, rubric.version, rubric.title, body, now()),
            )
            if cur.rowcount:
                summary_store.save_criteria(conn, digest, body)
        return digest

    def rubric_for_audit(self, audit_id: int) -> Rubric:
        """The rubric version an audit is graded against, without loading the audit."""
        row = self._one("SELECT r.body FROM audits a JOIN rubric_versions r "
                        "ON r.hash = a.rubric_hash WHERE a.id = ?", (audit_id,))
        if row is None:
            raise StoreError(f"audit {audit_id} does not exist")
        return _rubric_from_json(row["body"])

    def rubric_version(self, digest: str) -> Rubric:
        row = self._one("SELECT body FROM rubric_versions WHERE hash = ?", (digest,))
        if row is None:
            raise StoreError(f"rubric version {digest[:12]} is not in this database")
        return _rubric_from_json(row["body"])

    # -- cases ---------------------------------------------------------------------

    def upsert_cases(self, cases: Sequence[Case], who: str, source: str, *,
                     close_missing: bool = False, today: date | None = None,
                     kept_columns: Sequence[str] = ()) -> tuple[int, int, int]:
        """Insert new cases and update known ones by case_ref; returns (added, updated, closed).

        Only cases whose details or status change count as updated, so importing the same
        list twice changes nothing. A listed case that was closed is reopened; with
        `close_missing`, every open case not listed is closed as of `today`. Nothing is
        ever deleted: a closed case keeps its audits. `kept_columns` are columns that
        look like direct identifiers which the importer chose to keep; that choice is
        recorded with the import.
        """
        self.check_before_bulk_write(("cases", "events"))
        stamp = now()
        closed_on = (today or date.today()).isoformat()
        added = updated = closed = 0
        columns = ("team", "worker", "manager", "cohort", "child_pseudonym", "opened_on",
                   "attributes")
        with self.write() as conn:
            known = {r[0]: r[1:] for r in conn.execute(
                f"SELECT case_ref, {', '.join(columns)}, status FROM cases")}
            for c in cases:
                values = (c.team, c.worker, c.manager, c.cohort, c.child_pseudonym, c.opened_on,
                          json.dumps(c.attributes, sort_keys=True))
                if c.case_ref in known:
                    *old_values, status = known[c.case_ref]
                    if tuple(old_values) == values and status == "open":
                        continue
                    conn.execute(
                        "UPDATE cases SET team=?, worker=?, manager=?, cohort=?, "
                        "child_pseudonym=?, opened_on=?, attributes=?, updated_at=?, "
                        "status='open', closed_on=NULL WHERE case_ref=?",
                        (*values, stamp, c.case_ref))
                    for column, old, new in zip(columns, old_values, values, strict=True):
                        if old != new:  # what the import changed, field by field
                            self._event(conn, who, "cases", c.case_ref, column, old, new)
                    if status != "open":
                        self._event(conn, who, "cases", c.case_ref, "status", status, "open")
                    updated += 1
                else:
                    conn.execute(
                        "INSERT INTO cases (team, worker, manager, cohort, child_pseudonym, "
                        "opened_on, attributes, updated_at, case_ref, imported_at) "
                        "VALUES (?,?,?,?,?,?,?,?,?,?)", (*values, stamp, c.case_ref, stamp))
                    added += 1
            if close_missing:
                listed = {c.case_ref for c in cases}
                for case_ref, row in known.items():
                    if case_ref in listed or row[-1] != "open":
                        continue
                    conn.execute(
                        "UPDATE cases SET status='closed', closed_on=?, updated_at=? "
                        "WHERE case_ref=?", (closed_on, stamp, case_ref))
                    self._event(conn, who, "cases", case_ref, "status", "open", "closed")
                    closed += 1
            self._event(conn, who, "cases", source, "import", None,
                        f"{added} added, {updated} updated, {closed} closed")
            if kept_columns:
                self._event(conn, who, "cases", source, "kept_identifying_columns", None,
                            ", ".join(kept_columns))
        return added, updated, closed

    def save_mapping(self, name: str, mapping: dict[str, str], who: str) -> None:
        """Save (or replace) a named field -> column header mapping for case lists."""
        body = json.dumps(mapping, sort_keys=True)
        with self.write() as conn:
            old = conn.execute("SELECT mapping FROM column_mappings WHERE name = ?",
                               (name,)).fetchone()
            conn.execute(
                "INSERT INTO column_mappings (name, mapping, created_at, created_by) "
                "VALUES (?,?,?,?) ON CONFLICT (name) DO UPDATE SET mapping=excluded.mapping, "
                "created_at=excluded.created_at, created_by=excluded.created_by",
                (name, body, now(), who))
            if old is None or old[0] != body:
                self._event(conn, who, "column_mappings", name, "mapping",
                            old[0] if old else None, body)

    def mapping(self, name: str) -> dict[str, str] | None:
        row = self._one("SELECT mapping FROM column_mappings WHERE name = ?", (name,))
        return json.loads(row["mapping"]) if row else None

    def mappings(self) -> list[str]:
        return [r["name"] for r in self._rows("SELECT name FROM column_mappings ORDER BY name")]

    def case(self, case_ref: str) -> Case | None:
        row = self._one("SELECT * FROM cases WHERE case_ref = ?", (case_ref,))
        return _case(row) if row else None

    def find_cases(self, text: str = "", limit: int = 50) -> list[Case]:
        # % and _ typed in a search are letters, not wildcards.
        literal = text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        like = f"%{literal}%"
        rows = self._rows(
            "SELECT * FROM cases WHERE case_ref LIKE :q ESCAPE '\\' OR team LIKE :q ESCAPE '\\' "
            "OR coalesce(cohort,'') LIKE :q ESCAPE '\\' OR coalesce(worker,'') LIKE :q "
            "ESCAPE '\\' ORDER BY case_ref LIMIT :limit",
            {"q": like, "limit": limit},
        )
        return [_case(r) for r in rows]

    def count_cases(self) -> int:
        return self._rows("SELECT count(*) AS n FROM cases")[0]["n"]

    # -- audits ----------------------------------------------------------------------

    def create_audit(self, *, case_ref: str, rubric_hash: str, auditor: str, who: str,
                     due_on: str | None = None, lookback_from: str | None = None,
                     judgement_from: str | None = None, window_to: str | None = None) -> int:
        stamp = now()
        with self.write() as conn:
            cur = conn.execute(
                "INSERT INTO audits (case_ref, rubric_hash, auditor, status, due_on, "
                "lookback_from, judgement_from, window_to, created_at, created_by, updated_at) "
                "VALUES (?,?,?,'to_do',?,?,?,?,?,?,?)",
                (case_ref, rubric_hash, auditor, due_on, lookback_from, judgement_from,
                 window_to, stamp, who, stamp),
            )
            audit_id = int(cur.lastrowid or 0)
            self._event(conn, who, "audit", audit_id, "created", None,
                        f"{case_ref} / {rubric_hash[:12]} / {auditor}")
        return audit_id

    def audit_summaries(self, auditor: str | None = None, *, limit: int = -1,
                        offset: int = 0) -> list[AuditSummary]:
        """Audits in the order the home screen lists them: in progress, to do, then
        submitted (newest first), by programme and due date; one page of them.

        The page is chosen on the audits table alone, so the per-audit details (how
        many answered, the moderated grade) are worked out for that page only.
        """
        where, params = ("WHERE a.auditor = ?", [auditor]) if auditor else ("", [])
        order = ("CASE a.status WHEN 'in_progress' THEN 0 WHEN 'to_do' THEN 1 ELSE 2 END, "
                 "p.due_on IS NULL, p.due_on, p.name, coalesce(a.due_on, '9999'), "
                 "a.updated_at DESC, a.id")
        rows = self._rows(
            "SELECT a.id, a.case_ref, c.team, c.cohort, r.rubric_id, r.title AS rubric_title, "
            "r.version AS rubric_version, a.auditor, a.status, a.due_on, a.overall_grade_label, "
            "a.updated_at, p.name AS programme, (SELECT m.overall_grade_label FROM "
            "moderations m WHERE m.audit_id = a.id AND m.status = 'done') AS moderated_label, "
            "(SELECT count(*) FROM answers x "
            "WHERE x.audit_id = a.id AND (x.grade_key IS NOT NULL OR x.not_applicable = 1)) "
            "AS answered FROM (SELECT a.id FROM audits a "
            f"LEFT JOIN programmes p ON p.id = a.programme_id {where} ORDER BY {order} "
            "LIMIT ? OFFSET ?) page JOIN audits a ON a.id = page.id "
            "JOIN cases c ON c.case_ref = a.case_ref "
            "JOIN rubric_versions r ON r.hash = a.rubric_hash "
            f"LEFT JOIN programmes p ON p.id = a.programme_id ORDER BY {order}",
            [*params, limit, offset],
        )
        return [AuditSummary(**r) for r in rows]

    def audit_counts(self, auditor: str, today: str) -> dict[str, int]:
        """How many of an auditor's audits are in each status, and how many overdue."""
        counts = {"to_do": 0, "in_progress": 0, "submitted": 0, "overdue": 0}
        for r in self._rows("SELECT status, count(*) AS n, sum(status != 'submitted' AND "
                            "due_on < ?) AS late FROM audits WHERE auditor = ? GROUP BY status",
                            (today, auditor)):
            counts[r["status"]] = r["n"]
            counts["overdue"] += r["late"] or 0
        return counts

    def audit(self, audit_id: int) -> Audit:
        row = self._one("SELECT * FROM audits WHERE id = ?", (audit_id,))
        if row is None:
            raise StoreError(f"audit {audit_id} does not exist")
        case_row = self._one("SELECT * FROM cases WHERE case_ref = ?", (row["case_ref"],))
        answers = {
            r["criterion_id"]: Answer(
                criterion_id=r["criterion_id"], grade_key=r["grade_key"],
                grade_value=r["grade_value"], grade_label=r["grade_label"],
                not_applicable=bool(r["not_applicable"]), evidence=r["evidence"])
            for r in self._rows("SELECT * FROM answers WHERE audit_id = ?", (audit_id,))
        }
        themes = [
            ThemeTag(r["criterion_id"], r["theme"], r["polarity"])
            for r in self._rows(
                "SELECT criterion_id, theme, polarity FROM audit_themes WHERE audit_id = ? "
                "ORDER BY added_at, theme", (audit_id,))
        ]
        actions = [
            CaseAction(**r) for r in self._rows(
                "SELECT id, what, owner, due_on, status FROM case_actions WHERE audit_id = ? "
                "ORDER BY id", (audit_id,))
        ]
        escalations = [
            Escalation(**r) for r in self._rows(
                "SELECT id, told_who, told_at, immediate_action, status, recorded_by "
                "FROM escalations WHERE audit_id = ? ORDER BY id", (audit_id,))
        ]
        fields = {k: row[k] for k in (
            "rubric_hash", "auditor", "status", "due_on", "lookback_from", "judgement_from",
            "window_to", "created_at", "started_at", "submitted_at", "overall_grade_key",
            "overall_grade_value", "overall_grade_label", "overall_rationale",
            "override_reason", "strengths", "areas_for_development")}
        assert case_row is not None
        return Audit(id=audit_id, case=_case(case_row), answers=answers, themes=themes,
                     actions=actions, escalations=escalations, **fields)

    def _editable(self, conn: sqlite3.Connection, audit_id: int) -> dict:
        row = conn.execute("SELECT status, started_at FROM audits WHERE id = ?",
                           (audit_id,)).fetchone()
        if row is None:
            raise StoreError(f"audit {audit_id} does not exist")
        if row[0] == "submitted":
            raise AuditLocked(f"audit {audit_id} is submitted; reopen it to change it")
        return {"status": row[0], "started_at": row[1]}

    def _touch(self, conn: sqlite3.Connection, audit_id: int, state: dict, who: str) -> None:
        stamp = now()
        if state["status"] == "to_do":
            conn.execute("UPDATE audits SET status='in_progress', "
                         "started_at=coalesce(started_at, ?), updated_at=? WHERE id=?",
                         (stamp, stamp, audit_id))
            self._event(conn, who, "audit", audit_id, "status", "to_do", "in_progress")
        else:
            conn.execute("UPDATE audits SET updated_at=? WHERE id=?", (stamp, audit_id))

    def _answer_row(self, conn: sqlite3.Connection, audit_id: int, criterion_id: str) -> tuple:
        row = conn.execute(
            "SELECT grade_key, grade_label, not_applicable, evidence FROM answers "
            "WHERE audit_id = ? AND criterion_id = ?", (audit_id, criterion_id)).fetchone()
        return row or (None, None, 0, "")

    def set_grade(self, audit_id: int, criterion_id: str, grade_key: str | None,
                  grade_value: int | None, grade_label: str | None, not_applicable: bool,
                  who: str) -> None:
        """Record a grade (or not applicable, or nothing when all are None/False)."""
        with self.write() as conn:
            state = self._editable(conn, audit_id)
            old_key, old_label, old_na, _ = self._answer_row(conn, audit_id, criterion_id)
            if old_key == grade_key and bool(old_na) == not_applicable:
                return  # pressing the same grade again changes nothing, so logs nothing
            conn.execute(
                "INSERT INTO answers (audit_id, criterion_id, grade_key, grade_value, grade_label,"
                " not_applicable, updated_at, updated_by) VALUES (?,?,?,?,?,?,?,?) "
                "ON CONFLICT (audit_id, criterion_id) DO UPDATE SET grade_key=excluded.grade_key,"
                " grade_value=excluded.grade_value, grade_label=excluded.grade_label,"
                " not_applicable=excluded.not_applicable, updated_at=excluded.updated_at,"
                " updated_by=excluded.updated_by",
                (audit_id, criterion_id, grade_key, grade_value, grade_label,
                 int(not_applicable), now(), who))
            old = "not applicable" if old_na else old_label
            new = "not applicable" if not_applicable else grade_label
            self._event(conn, who, "audit", audit_id, f"answer.{criterion_id}.grade", old, new)
            self._touch(conn, audit_id, state, who)

    def set_evidence(self, audit_id: int, criterion_id: str, text: str, who: str) -> None:
        with self.write() as conn:
            state = self._editable(conn, audit_id)
            *_, old = self._answer_row(conn, audit_id, criterion_id)
            if old == text:
                return
            conn.execute(
                "INSERT INTO answers (audit_id, criterion_id, evidence, updated_at, updated_by) "
                "VALUES (?,?,?,?,?) ON CONFLICT (audit_id, criterion_id) DO UPDATE SET "
                "evidence=excluded.evidence, updated_at=excluded.updated_at, "
                "updated_by=excluded.updated_by",
                (audit_id, criterion_id, text, now(), who))
            self._event(conn, who, "audit", audit_id, f"answer.{criterion_id}.evidence", old, text)
            self._touch(conn, audit_id, state, who)

    def add_theme(self, audit_id: int, criterion_id: str, theme: str, polarity: str,
                  who: str) -> bool:
        with self.write() as conn:
            state = self._editable(conn, audit_id)
            entered, theme = theme, self._catalogued(conn, theme, who)
            cur = conn.execute(
                "INSERT OR IGNORE INTO audit_themes (audit_id, criterion_id, theme, polarity, "
                "added_at, added_by, entered_as) VALUES (?,?,?,?,?,?,?)",
                (audit_id, criterion_id, theme, polarity, now(), who,
                 entered if entered != theme else None))
            if cur.rowcount:
                self._event(conn, who, "audit", audit_id, f"theme.{criterion_id or 'audit'}",
                            None, f"{theme} ({polarity})")
                self._touch(conn, audit_id, state, who)
            return bool(cur.rowcount)

    @staticmethod
    def _catalogued(conn: sqlite3.Connection, text: str, who: str) -> str:
        """The catalogue's name for a theme typed as `text`, adding it if it is new."""
        key = theme_key(text)
        row = conn.execute("SELECT theme_key FROM theme_synonyms WHERE variant_key = ?",
                           (key,)).fetchone()
        key = row[0] if row else key
        row = conn.execute("SELECT name FROM theme_catalogue WHERE key = ?", (key,)).fetchone()
        if row:
            return str(row[0])
        name = tidy(text)
        conn.execute("INSERT INTO theme_catalogue (key, name, created_at, created_by) "
                     "VALUES (?,?,?,?)", (key, name, now(), who))
        return name

    def remove_theme(self, audit_id: int, criterion_id: str, theme: str, who: str) -> bool:
        with self.write() as conn:
            state = self._editable(conn, audit_id)
            cur = conn.execute(
                "DELETE FROM audit_themes WHERE audit_id=? AND criterion_id=? AND theme=?",
                (audit_id, criterion_id, theme))
            if cur.rowcount:
                self._event(conn, who, "audit", audit_id, f"theme.{criterion_id or 'audit'}",
                            theme, None)
                self._touch(conn, audit_id, state, who)
            return bool(cur.rowcount)

    def known_themes(self) -> list[tuple[str, str | None]]:
        """Every theme in the catalogue, most used first, with the polarity it is most
        often counted with on submitted audits (None if on none yet)."""
        return [(r["theme"], r["polarity"]) for r in self._rows(
            "SELECT c.name AS theme, (SELECT x.polarity FROM theme_cells x WHERE x.level = 0 "
            "AND x.criterion_id = '*' AND x.theme = c.name GROUP BY x.polarity "
            "ORDER BY sum(x.audits) DESC LIMIT 1) AS polarity, (SELECT sum(x.audits) FROM "
            "theme_cells x WHERE x.level = 0 AND x.criterion_id = '*' AND x.theme = c.name) "
            "AS n FROM theme_catalogue c ORDER BY n IS NULL, n DESC, c.name LIMIT 500")]

    _JUDGEMENT_FIELDS = frozenset({
        "overall_rationale", "override_reason", "strengths", "areas_for_development", "due_on",
    })

    def set_audit_text(self, audit_id: int, field: str, value: str, who: str) -> None:
        if field not in self._JUDGEMENT_FIELDS:
            raise ValueError(field)
        with self.write() as conn:
            state = self._editable(conn, audit_id)
            old = conn.execute(f"SELECT {field} FROM audits WHERE id=?", (audit_id,)).fetchone()[0]
            if old == value:
                return
            conn.execute(f"UPDATE audits SET {field}=? WHERE id=?", (value, audit_id))
            self._event(conn, who, "audit", audit_id, field, old, value)
            self._touch(conn, audit_id, state, who)

    def set_overall(self, audit_id: int, key: str | None, value: int | None, label: str | None,
                    who: str) -> None:
        with self.write() as conn:
            state = self._editable(conn, audit_id)
            old = conn.execute("SELECT overall_grade_label FROM audits WHERE id=?",
                               (audit_id,)).fetchone()[0]
            conn.execute("UPDATE audits SET overall_grade_key=?, overall_grade_value=?, "
                         "overall_grade_label=? WHERE id=?", (key, value, label, audit_id))
            self._event(conn, who, "audit", audit_id, "overall_grade", old, label)
            self._touch(conn, audit_id, state, who)

    def add_action(self, audit_id: int, what: str, owner: str, due_on: str, who: str) -> int:
        with self.write() as conn:
            state = self._editable(conn, audit_id)
            cur = conn.execute(
                "INSERT INTO case_actions (audit_id, what, owner, due_on, created_at, created_by) "
                "VALUES (?,?,?,?,?,?)", (audit_id, what, owner, due_on, now(), who))
            action_id = int(cur.lastrowid or 0)
            self._event(conn, who, "audit", audit_id, f"action.{action_id}", None,
                        f"{what} | {owner} | {due_on}")
            self._touch(conn, audit_id, state, who)
        return action_id

    def remove_action(self, audit_id: int, action_id: int, who: str) -> None:
        with self.write() as conn:
            state = self._editable(conn, audit_id)
            row = conn.execute("SELECT what, owner, due_on FROM case_actions WHERE id=? AND "
                               "audit_id=?", (action_id, audit_id)).fetchone()
            if row is None:
                return
            conn.execute("DELETE FROM case_actions WHERE id=?", (action_id,))
            self._event(conn, who, "audit", audit_id, f"action.{action_id}", " | ".join(row), None)
            self._touch(conn, audit_id, state, who)

    def submit(self, audit_id: int, who: str, escalation: tuple[str, str, str] | None,
               moderation: str | None = None) -> None:
        """Mark submitted, with its escalation and its place in the moderation queue (if
        any), in one transaction: a submitted audit never misses either."""
        with self.write() as conn:
            self._editable(conn, audit_id)
            stamp = now()
            if escalation is not None:
                told_who, told_at, action = escalation
                cur = conn.execute(
                    "INSERT INTO escalations (audit_id, told_who, told_at, immediate_action, "
                    "recorded_at, recorded_by) VALUES (?,?,?,?,?,?)",
                    (audit_id, told_who, told_at, action, stamp, who))
                self._event(conn, who, "audit", audit_id, f"escalation.{cur.lastrowid}", None,
                            f"told {told_who} at {told_at}: {action}")
            conn.execute("UPDATE audits SET status='submitted', submitted_at=?, updated_at=?, "
                         "team = (SELECT team FROM cases WHERE case_ref = audits.case_ref), "
                         "cohort = (SELECT cohort FROM cases WHERE case_ref = audits.case_ref) "
                         "WHERE id=?", (stamp, stamp, audit_id))
            summary_store.count_audit(conn, audit_id, 1)
            self._event(conn, who, "audit", audit_id, "status", "in_progress", "submitted")
            if moderation is not None:
                cur = conn.execute(
                    "INSERT OR IGNORE INTO moderations (audit_id, selected_because, "
                    "selected_at) VALUES (?,?,?)", (audit_id, moderation, stamp))
                if cur.rowcount:
                    self._event(conn, who, "audit", audit_id, "moderation", None,
                                f"selected: {moderation}")

    def reopen(self, audit_id: int, who: str, reason: str) -> None:
        with self.write() as conn:
            row = conn.execute("SELECT status FROM audits WHERE id=?", (audit_id,)).fetchone()
            if row is None or row[0] != "submitted":
                raise StoreError(f"audit {audit_id} is not submitted")
            summary_store.count_audit(conn, audit_id, -1)
            conn.execute("UPDATE audits SET status='in_progress', submitted_at=NULL, updated_at=?"
                         " WHERE id=?", (now(), audit_id))
            self._event(conn, who, "audit", audit_id, "status", "submitted",
                        f"in_progress (reopened: {reason})")

    def backdate_submission(self, audit_id: int, submitted_at: str, who: str) -> None:
        """Move a submitted audit's submission time (the demo's invented history, and
        history loaded from another system); its counted grades move month with it."""
        with self.write() as conn:
            row = conn.execute("SELECT status, submitted_at FROM audits WHERE id=?",
                               (audit_id,)).fetchone()
            if row is None or row[0] != "submitted":
                raise StoreError(f"audit {audit_id} is not submitted")
            summary_store.count_audit(conn, audit_id, -1)
            conn.execute("UPDATE audits SET submitted_at = ? WHERE id = ?",
                         (submitted_at, audit_id))
            summary_store.count_audit(conn, audit_id, 1)
            self._event(conn, who, "audit", audit_id, "submitted_at", row[1], submitted_at)

    def rebuild_summaries(self) -> None:
        """Recount the summary tables from every submitted audit and moderation."""
        with self.write() as conn:
            summary_store.rebuild(conn)
            summary_store.rebuild_agreement(conn)

    def follow_ups(self, include_closed: bool = False) -> list[dict]:
        """Escalations and case actions with their case, for the follow-up tracker."""
        open_only = "" if include_closed else "WHERE status = 'open'"
        return self._rows(
            "SELECT * FROM ("
            "SELECT 'escalation' AS kind, e.id, e.audit_id, a.case_ref, c.team, "
            "e.immediate_action AS what, e.told_who AS owner, NULL AS due_on, "
            "e.told_at AS raised_on, e.status, e.closing_note "
            "FROM escalations e JOIN audits a ON a.id = e.audit_id "
            "JOIN cases c ON c.case_ref = a.case_ref "
            "UNION ALL "
            "SELECT 'action', x.id, x.audit_id, a.case_ref, c.team, x.what, x.owner, x.due_on, "
            "x.created_at, CASE x.status WHEN 'done' THEN 'closed' ELSE 'open' END, "
            "x.closing_note FROM case_actions x JOIN audits a ON a.id = x.audit_id "
            "JOIN cases c ON c.case_ref = a.case_ref) "
            f"{open_only} ORDER BY status DESC, kind = 'action', "
            "coalesce(due_on, raised_on), id")

    def close_follow_up(self, kind: str, item_id: int, note: str, who: str) -> None:
        table, done = {"escalation": ("escalations", "closed"),
                       "action": ("case_actions", "done")}[kind]
        with self.write() as conn:
            row = conn.execute(f"SELECT status, audit_id FROM {table} WHERE id = ?",
                               (item_id,)).fetchone()
            if row is None:
                raise StoreError(f"no {kind} {item_id}")
            if row[0] == done:
                raise StoreError(f"{kind} {item_id} is already closed")
            conn.execute(f"UPDATE {table} SET status = ?, closed_at = ?, closed_by = ?, "
                         "closing_note = ? WHERE id = ?", (done, now(), who, note, item_id))
            self._event(conn, who, "audit", row[1], f"{kind}.{item_id}.status", row[0],
                        f"{done}: {note}")

    def events(self, entity: str, entity_id: Any) -> list[Event]:
        return [Event(**r) for r in self._rows(
            "SELECT at, who, entity, entity_id, field, old_value, new_value FROM events "
            "WHERE entity=? AND entity_id=? ORDER BY id", (entity, str(entity_id)))]

    # -- export ------------------------------------------------------------------------

    def export_rows(self, *, date_from: str | None, date_to: str | None,
                    team: str | None, rubric_id: str | None) -> Iterator[dict]:
        """Audits with their case and rubric, oldest first, filtered on the audit date.

        The audit date is when it was submitted, or else started, or else created.
        """
        clauses, params = [], {}
        date_expr = "substr(coalesce(a.submitted_at, a.started_at, a.created_at), 1, 10)"
        if date_from:
            clauses.append(f"{date_expr} >= :date_from")
            params["date_from"] = date_from
        if date_to:
            clauses.append(f"{date_expr} <= :date_to")
            params["date_to"] = date_to
        if team:  # the team it counts under: its case's when submitted, else now
            clauses.append("coalesce(a.team, c.team) = :team")
            params["team"] = team
        if rubric_id:
            clauses.append("r.rubric_id = :rubric_id")
            params["rubric_id"] = rubric_id
        where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
        with self._lock:  # sqlite-utils' query() is read-only: an export can never write
            audits = list(self.db.query(
                f"SELECT a.*, c.team AS case_team, c.cohort AS case_cohort, c.worker, "
                f"r.rubric_id, "
                f"r.version AS rubric_version, {date_expr} AS audit_date FROM audits a "
                f"JOIN cases c ON c.case_ref = a.case_ref "
                f"JOIN rubric_versions r ON r.hash = a.rubric_hash {where} ORDER BY a.id",
                params))
        for audit in audits:
            # audits.team/cohort are frozen at submission; until then, the case's.
            audit["team"] = audit["team"] or audit.pop("case_team")
            audit["cohort"] = audit["cohort"] or audit.pop("case_cohort")
            audit.pop("case_team", None)
            audit.pop("case_cohort", None)
            audit["answers"] = self._rows(
                "SELECT criterion_id, grade_key, grade_value, grade_label, not_applicable, "
                "evidence FROM answers WHERE audit_id = ?", (audit["id"],))
            audit["themes"] = self._rows(
                "SELECT criterion_id, theme, polarity FROM audit_themes WHERE audit_id = ? "
                "ORDER BY theme", (audit["id"],))
            audit["moderation"] = self._one(
                "SELECT status, selected_because, moderator, overall_grade_key, "
                "overall_grade_value, overall_grade_label, overall_reason, completed_at "
                "FROM moderations WHERE audit_id = ?", (audit["id"],))
            audit["moderated_answers"] = {r["criterion_id"]: r for r in self._rows(
                "SELECT y.criterion_id, y.grade_key, y.grade_value, y.grade_label, "
                "y.not_applicable, y.reason FROM moderation_answers y JOIN moderations m "
                "ON m.audit_id = y.audit_id WHERE y.audit_id = ? AND m.status = 'done'",
                (audit["id"],))}
            yield audit


@lru_cache(maxsize=64)
def _rubric_from_json(body: str) -> Rubric:
    from qa_tui.domain.rubric import Rubric  # pydantic only once a rubric is needed

    return Rubric.model_validate_json(body)


def _case(row: dict) -> Case:
    return Case(
        case_ref=row["case_ref"], team=row["team"], worker=row["worker"], manager=row["manager"],
        cohort=row["cohort"], child_pseudonym=row["child_pseudonym"], opened_on=row["opened_on"],
        attributes=json.loads(row["attributes"] or "{}"),
    )

