"""The store as one object: `Store`, an open qa-tui database, made of one part per
thing stored over one shared connection and transaction helper.

The parts are connection.py (opening, migrating, transactions, errors, integrity),
cases.py, audits.py, audit_changes.py, follow_ups.py, grades_rows.py and people.py. This module
keeps the names the rest of qa-tui imports from it (`from qa_tui.store.database import
Store, StoreError, ...`), so they stay where they always were.
"""

from __future__ import annotations

from qa_tui.domain.errors import AuditLocked, DatabaseDamaged, StoreError
from qa_tui.store.audit_changes import AuditChanges
from qa_tui.store.audits import AuditRecords
from qa_tui.store.cases import CaseRecords
from qa_tui.store.connection import _AFTER_MIGRATION, BUSY_TIMEOUT_MS, StoreCore, now
from qa_tui.store.follow_ups import FollowUps
from qa_tui.store.grades_rows import GradesRows
from qa_tui.store.migrations import Migration, available_migrations
from qa_tui.store.people import PeopleRecords
from qa_tui.store.problems import database_problem, is_bug, quick_check_file

__all__ = [
    "BUSY_TIMEOUT_MS",
    "_AFTER_MIGRATION",
    "AuditLocked",
    "DatabaseDamaged",
    "Migration",
    "Store",
    "StoreError",
    "available_migrations",
    "database_problem",
    "is_bug",
    "now",
    "quick_check_file",
]


class Store(
    CaseRecords, AuditChanges, AuditRecords, FollowUps, GradesRows, PeopleRecords, StoreCore
):
    """An open qa-tui database."""
