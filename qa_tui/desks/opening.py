"""The way in for the CLI and the app: open the database as a person's desk, and reach
each desk from it, so that neither ever imports the store.

Every desk shares the one open store of the AuditDesk it is reached from.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from qa_tui.desks.audits import AuditDesk
from qa_tui.desks.dashboard import DashboardDesk
from qa_tui.desks.plan import ActionDesk
from qa_tui.desks.themes import ThemeDesk
from qa_tui.domain.errors import StoreError
from qa_tui.store.dashboard import DashboardStore
from qa_tui.store.database import Store, database_problem
from qa_tui.store.plan import ActionStore
from qa_tui.store.themes import ThemeStore


def open_desk(
    path: Path, user: str, *, create: bool = False, rubrics_dir: Path | None = None
) -> AuditDesk:
    """The person's desk on the database at `path` (made only when `create`)."""
    return AuditDesk(Store.open(path, create=create), user, rubrics_dir=rubrics_dir)


def dashboard_desk(desk: AuditDesk) -> DashboardDesk:
    return DashboardDesk(DashboardStore(desk.store))


def theme_desk(desk: AuditDesk) -> ThemeDesk:
    return ThemeDesk(ThemeStore(desk.store), DashboardStore(desk.store))


def plan_desk(desk: AuditDesk) -> ActionDesk:
    return ActionDesk(ActionStore(desk.store), DashboardStore(desk.store), desk.user)


def problem_for(path: Path | str, error: sqlite3.DatabaseError) -> StoreError:
    """One sentence a person can act on for an error SQLite raised outside the store."""
    return database_problem(path, error)
