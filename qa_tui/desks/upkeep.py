"""Looking after the file, as the CLI and the app ask for it: check, back up, recount.

The work is the store's (store/health.py, store/database.py); this is the way in that
the CLI and the app use, so neither imports the store.

The functions take a path, since a damaged file must still be checked. Who may look
after the file (UPKEEP: a QA lead or an administrator) is asked first by the door with
`require_upkeep`, given the way it opens the person's desk (`qa-tui db ...` does).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from qa_tui.domain.errors import StoreError
from qa_tui.domain.permissions import Op
from qa_tui.store.database import Store, quick_check_file
from qa_tui.store.health import CheckReport, check_database

if TYPE_CHECKING:
    from qa_tui.desks.identity import PersonAtDesk

__all__ = [
    "CheckReport",
    "backup",
    "check",
    "quick_check",
    "rebuild_summaries",
    "require_upkeep",
]

SUMMARY_SOURCES = ("audits", "answers", "moderations", "moderation_answers", "audit_themes")


def require_upkeep(open_desk: Callable[[], PersonAtDesk]) -> None:
    """Refuse (NotAllowed) a person who may not look after the database.

    A file that cannot be opened to say who is who (missing, or damaged) is let through:
    each upkeep function then says what is wrong with it; a check only reads, and a
    backup or a recount refuses a damaged file by itself.
    """
    try:
        desk = open_desk()
    except (StoreError, sqlite3.DatabaseError):
        return
    try:
        desk.require(Op.UPKEEP)
    except (StoreError, sqlite3.DatabaseError):
        return
    finally:
        desk.store.close()


def check(path: Path) -> CheckReport:
    """Every check `qa-tui db check` makes, through a read-only connection."""
    return check_database(path)


def quick_check(path: Path) -> str | None:
    """The app's check of the whole file: None when whole, else what to tell the person."""
    return quick_check_file(path)


def backup(path: Path, target: Path) -> None:
    """A consistent, owner-only copy of a healthy database."""
    store = Store.open(path, create=False)
    try:
        problems = store.integrity()
        if problems:
            raise StoreError(
                f"{path}: the database is damaged ({problems[0]}); a backup of "
                "it would be damaged too. Restore from an earlier backup."
            )
        try:
            store.backup_to(target)
        except OSError as exc:
            raise StoreError(f"{target}: cannot write ({exc.strerror})") from None
    finally:
        store.close()


def rebuild_summaries(path: Path) -> None:
    """Recount the dashboard's summary tables from the audits and moderations."""
    store = Store.open(path, create=False)
    try:
        store.check_before_bulk_write(SUMMARY_SOURCES)
        store.rebuild_summaries()
    finally:
        store.close()
