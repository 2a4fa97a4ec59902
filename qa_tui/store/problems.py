"""Any error SQLite raises, in one sentence a person can act on.

A locked file, a read-only folder, a full disk and a damaged file each need a different
thing done; SQLite's own words stay in brackets for whoever is asked to help. An error
in qa-tui's own SQL is a bug and keeps its traceback instead.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from qa_tui.domain.errors import AuditLocked, DatabaseDamaged, StoreError

_DAMAGE = ("malformed", "not a database", "corrupt", "disk i/o error", "disk image")


def is_bug(error: sqlite3.DatabaseError) -> bool:
    """An error in qa-tui's own SQL (a traceback for the log), not a problem of the file."""
    text = str(error).lower()
    return isinstance(error, sqlite3.ProgrammingError | sqlite3.InterfaceError) or (
        isinstance(error, sqlite3.OperationalError)
        and any(w in text for w in ("no such", "syntax error", "has no column", "ambiguous"))
    )


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
        return StoreError(
            f"{path}: the database is read-only for you ({text}); nothing was "
            "saved. Check the file's and its folder's permissions."
        )
    if "full" in low:
        return StoreError(
            f"{path}: the disk is full ({text}); nothing was saved. Free some space and try again."
        )
    if "locked" in low or "busy" in low:
        return StoreError(
            f"{path}: the database is busy with another person's work ({text});"
            " nothing was saved. Try again in a moment."
        )
    if "unable to open" in low:
        return StoreError(
            f"{path}: cannot open the database ({text}). Check the path and "
            "that you may read and write its folder."
        )
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
    return damage_found(path, found)


def damage_found(path: Path | str, found: list[str]) -> str | None:
    """What a quick check's rows say: None when every row is "ok", else the sentence to
    show for damage (shared by the app's check and the checks before bulk writes)."""
    problems = [p for p in found if p != "ok"]
    if not problems:
        return None
    first = problems[0]
    if "malformed" not in first:
        first = f"database disk image is malformed: {first}"
    return str(_damaged(path, first))


def _damaged(path: Path | str, text: str) -> DatabaseDamaged:
    text = " ".join(text.split())  # SQLite's report of damage may span lines: one sentence
    return DatabaseDamaged(
        f"{path}: the database is damaged ({text}); nothing more will be written to it. "
        f"Run `qa-tui --db {path} db check` to see what is wrong, then restore from a "
        "backup (`qa-tui db backup` makes one of a healthy database)."
    )
