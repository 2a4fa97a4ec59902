"""How the key screens look at 80x24 and 120x36, on frozen data (pytest-textual-snapshot).

The database is built here, by the desks, with fixed dates; the app counts today as
FROZEN (`QaTuiApp.today`), uses the default dark theme whatever the machine's settings
file says, and the mini rubric from tests/data. Ids come from a fresh file, so they are
the same on every run. A change to a screen's look fails here until the snapshots are
looked at and updated: `pytest tests/test_snapshots.py --snapshot-update`; the SVGs
under tests/__snapshots__/ are test data and are committed.

Plain `def` tests: the plugin runs the app in an event loop of its own.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path

import pytest
from conftest import ESCALATION, MINI_RUBRICS, settle

from qa_tui.desks.audits import AuditDesk
from qa_tui.desks.opening import plan_desk
from qa_tui.domain.plan_records import Measure
from qa_tui.domain.records import Case
from qa_tui.settings import Settings
from qa_tui.store.database import Store
from qa_tui.tui.app import QaTuiApp, make_app

pytest.importorskip("pytest_textual_snapshot")

FROZEN = date(2025, 6, 16)
SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 36), id="120x36")]
AFD = "area_for_development"
CASES = [
    Case("CIN-0001", "Assessment North", worker="SW Amber", cohort="CIN", child_pseudonym="K7"),
    Case("CP-0002", "Child Protection East", worker="SW Birch", cohort="CP"),
    Case("CLA-0003", "Children in Care West", worker="SW Cedar", cohort="CLA"),
    Case("CIN-0004", "Family Support South", worker="SW Dale", cohort="CIN"),
    Case("CP-0005", "Disabled Children's Team", worker="SW Elm", cohort="CP"),
    Case("CLA-0006", "Children in Care West", worker="SW Fern", cohort="CLA"),
    Case("CIN-0007", "Assessment North", worker="SW Gorse", cohort="CIN"),
    Case("CP-0008", "Child Protection East", worker="SW Hazel", cohort="CP"),
]
OUT, GOOD, RI, INAD = "outstanding", "good", "requires-improvement", "inadequate"
UNSEEN = ("child-seen", "-Child not seen alone")
NOT_SMART = ("plan-smart", "-Plans not SMART")
# (case, auditor, month submitted, child seen (and overall), plan, themes)
SUBMITTED = [
    ("CIN-0004", "alice", "2025-01", GOOD, GOOD, [("child-seen", "+Child seen alone")]),
    ("CP-0005", "alice", "2025-02", RI, GOOD, [UNSEEN]),
    ("CLA-0006", "bob", "2025-03", OUT, OUT, [("plan-smart", "+Plans are SMART")]),
    ("CIN-0007", "bob", "2025-04", INAD, RI, [UNSEEN, NOT_SMART]),
    ("CP-0008", "alice", "2025-05", GOOD, RI, [NOT_SMART]),
    ("CLA-0003", "bob", "2025-06", RI, INAD, [UNSEEN]),
]


def _submit(
    store: Store,
    case_ref: str,
    auditor: str,
    month: str,
    seen: str,
    plan: str,
    themes: list[tuple[str, str]],
) -> None:
    desk = AuditDesk(store, auditor, MINI_RUBRICS)
    audit_id = desk.start_audit(case_ref, "mini", today=date.fromisoformat(f"{month}-01"))
    desk.grade(audit_id, "child-seen", seen)
    desk.save_evidence(audit_id, "child-seen", f"Seen at home on the {month} visit")
    desk.grade(audit_id, "plan-smart", plan)
    desk.save_evidence(audit_id, "plan-smart", "Plan read with the family")
    desk.grade(audit_id, "visits-in-time", "yes" if seen != INAD else "no")
    desk.save_evidence(audit_id, "visits-in-time", "Visits checked against the record")
    for criterion, theme in themes:
        desk.add_theme(audit_id, criterion, theme)
    desk.set_overall(audit_id, seen)
    desk.set_text(audit_id, "overall_rationale", "As graded: the limiting criterion leads")
    desk.submit(audit_id, ESCALATION if seen == INAD else None)
    store.backdate_submission(audit_id, f"{month}-10T10:00:00+00:00", "test")


def frozen_world(folder: Path) -> AuditDesk:
    """Alice's desk on a small database whose every date is fixed: three audits open
    (one overdue, one under way), six submitted over six months, two plan items."""
    store = Store.open(folder / "frozen.sqlite3")
    store.upsert_cases(CASES, "lead", "test")
    for row in SUBMITTED:
        _submit(store, *row)
    desk = AuditDesk(store, "alice", MINI_RUBRICS)
    under_way = desk.start_audit("CIN-0001", "mini", today=date(2025, 6, 9))
    desk.grade(under_way, "child-seen", "good")
    desk.save_evidence(under_way, "child-seen", "Seen alone at two of three visits")
    desk.start_audit("CP-0002", "mini", today=date(2025, 5, 19))  # due 2 June: overdue
    desk.start_audit("CLA-0003", "mini", today=FROZEN)
    plan = plan_desk(desk)
    seen_alone = plan.create(
        "Children seen alone at every visit",
        owner="Head of service",
        due_on="2025-12-31",
        description="Practice week and supervision prompts",
        themes=(("Child not seen alone", AFD),),
    )
    plan.set_measure(
        seen_alone,
        Measure("mini", "child-seen", "good"),
        target=0.8,
        target_on="2025-12-31",
        today=date(2025, 3, 1),
    )
    plan.create("Plans every family can follow", owner="QA lead")
    return desk


@pytest.fixture
def desk(tmp_path: Path) -> AuditDesk:
    return frozen_world(tmp_path)


def frozen_app(desk: AuditDesk) -> QaTuiApp:
    """The app on `desk`, today FROZEN, in the dark theme (settings made in code: no
    settings file is read or written)."""
    app = make_app(desk, settings=Settings(theme="textual-dark"))
    app.today = lambda: FROZEN
    return app


def keys(*pressed: str) -> Callable[..., Awaitable[None]]:
    """Wait for home's list, press these keys, each time waiting for the database."""

    async def run(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot, pilot.app)
        for key in pressed:
            await pilot.press(key)
            await settle(pilot, pilot.app)

    return run


@pytest.mark.parametrize("size", SIZES)
def test_home(desk: AuditDesk, snap_compare, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(frozen_app(desk), terminal_size=size, run_before=keys())


@pytest.mark.parametrize("size", SIZES)
def test_audit(desk: AuditDesk, snap_compare, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    # The audit under way is the first on home; enter opens it.
    assert snap_compare(frozen_app(desk), terminal_size=size, run_before=keys("enter"))


@pytest.mark.parametrize("size", SIZES)
def test_overall_judgement(desk: AuditDesk, snap_compare, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(frozen_app(desk), terminal_size=size, run_before=keys("enter", "o"))


@pytest.mark.parametrize("size", SIZES)
def test_dashboard_criteria(desk: AuditDesk, snap_compare, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(frozen_app(desk), terminal_size=size, run_before=keys("d"))


@pytest.mark.parametrize("size", SIZES)
def test_dashboard_themes(desk: AuditDesk, snap_compare, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(frozen_app(desk), terminal_size=size, run_before=keys("d", "5"))


@pytest.mark.parametrize("size", SIZES)
def test_action_plan(desk: AuditDesk, snap_compare, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(frozen_app(desk), terminal_size=size, run_before=keys("a"))
