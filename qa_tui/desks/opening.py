"""The way in for the CLI and the app: open the database as a person's desk, and reach
each desk from it, so that neither ever imports the store.

Every desk shares the one open store of the AuditDesk it is reached from.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from qa_tui.desks.audits import AuditDesk
from qa_tui.store.database import Store

if TYPE_CHECKING:  # each desk is imported when first reached: start-up pays for none
    from qa_tui.desks.dashboard import DashboardDesk
    from qa_tui.desks.people import PeopleDesk
    from qa_tui.desks.plan import ActionDesk
    from qa_tui.desks.themes import ThemeDesk
    from qa_tui.domain.errors import StoreError


def open_desk(
    path: Path,
    user: str,
    *,
    create: bool = False,
    rubrics_dir: Path | Sequence[Path] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> AuditDesk:
    """The person's desk on the database at `path` (made only when `create`). Upgrading
    an older file may recount the summaries: `progress(done, total)` as it goes."""
    return AuditDesk(
        Store.open(path, create=create, progress=progress), user, rubrics_dir=rubrics_dir
    )


def upgrade_recounts(path: Path) -> bool:
    """Whether opening `path` upgrades it with a recount of the summaries (minutes on a
    large file), so the app can show a loading screen with progress first."""
    from qa_tui.store.migrations import recount_pending

    return recount_pending(path)


def dashboard_desk(desk: AuditDesk) -> DashboardDesk:
    """The dashboard's figures, for the person at `desk` (who must be allowed them)."""
    from qa_tui.desks.dashboard import DashboardDesk

    return DashboardDesk(desk)


def theme_desk(desk: AuditDesk) -> ThemeDesk:
    from qa_tui.desks.themes import ThemeDesk

    return ThemeDesk(desk)


def plan_desk(desk: AuditDesk) -> ActionDesk:
    from qa_tui.desks.plan import ActionDesk

    return ActionDesk(desk)


def people_desk(desk: AuditDesk) -> PeopleDesk:
    from qa_tui.desks.people import PeopleDesk

    return PeopleDesk(desk)


def problem_for(path: Path | str, error: sqlite3.DatabaseError) -> StoreError:
    """One sentence a person can act on for an error SQLite raised outside the store."""
    from qa_tui.store.database import database_problem

    return database_problem(path, error)
