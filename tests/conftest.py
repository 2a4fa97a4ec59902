"""Shared fixtures: a real SQLite file in tmp_path, the auditor's desk on it, one case.

No database is ever mocked: every fixture writes a real file, so what the tests see
is what an auditor's disk would hold.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from qa_tui.desks.audits import AuditDesk
from qa_tui.domain.records import Case
from qa_tui.store.database import Store

TESTS_DIR = Path(__file__).parent
MINI_RUBRICS = TESTS_DIR / "data" / "rubrics"
MINI_YAML = MINI_RUBRICS / "mini.yaml"
MINI_CASE = "CIN-0001"


@pytest.fixture(autouse=True)
def private_log_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Tracebacks of unexpected failures go to this test's folder, never the user's; and
    the settings file read is this test's (none), never the developer's own."""
    folder = tmp_path / "logs"
    monkeypatch.setenv("QA_TUI_LOG_DIR", str(folder))
    monkeypatch.setenv("QA_TUI_CONFIG", str(tmp_path / "config" / "settings.toml"))
    return folder


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "qa.sqlite3"


@pytest.fixture
def store(db_path: Path):  # type: ignore[no-untyped-def]
    s = Store.open(db_path)
    yield s
    s.close()


@pytest.fixture
def desk(store: Store) -> AuditDesk:
    """The auditor 'alice' at her desk, grading against the mini test rubric."""
    return AuditDesk(store, "alice", rubrics_dir=MINI_RUBRICS)


@pytest.fixture
def mini_case(store: Store) -> str:
    """One imported case; returns its reference."""
    store.upsert_cases(
        [
            Case(
                MINI_CASE,
                "Assessment North",
                worker="SW Amber",
                cohort="CIN",
                child_pseudonym="Child K7",
            )
        ],
        "lead",
        "test",
    )
    return MINI_CASE


def graded_audit(
    desk: AuditDesk,
    case_ref: str = MINI_CASE,
    *,
    overall: str = "good",
    rationale: str = "Solid practice, child seen alone",
    child_seen: str = "good",
) -> int:
    """An audit of the mini rubric with nothing left to do before submit."""
    audit_id = desk.start_audit(case_ref, "mini")
    desk.grade(audit_id, "child-seen", child_seen)
    if child_seen in ("requires-improvement", "inadequate"):  # weak grades need a note
        desk.save_evidence(audit_id, "child-seen", "Seen only with parents present")
    desk.mark_not_applicable(audit_id, "plan-smart")
    desk.grade(audit_id, "visits-in-time", "yes")
    desk.set_overall(audit_id, overall)
    desk.set_text(audit_id, "overall_rationale", rationale)
    return audit_id


@pytest.fixture
def full_audit(desk: AuditDesk, mini_case: str) -> int:
    """A fully graded (not yet submitted) mini audit on the mini case."""
    return graded_audit(desk, mini_case)


async def settle(pilot, app) -> None:  # type: ignore[no-untyped-def]
    """Wait until every queued database job has committed and its message is handled."""
    for _ in range(100):
        await pilot.pause(0.02)
        if app.runner.idle():
            break
    await pilot.pause(0.05)


async def open_highlighted_audit(pilot, app) -> None:  # type: ignore[no-untyped-def]
    """From home, once it has loaded, open the highlighted audit and wait for it."""
    await settle(pilot, app)
    await pilot.press("enter")
    await settle(pilot, app)


# -- a seeded history for the dashboard -------------------------------------------

TEAMS = ["Assessment North", "Child Protection East", "Children in Care West"]
COHORTS = ["CIN", "CP", "CLA"]
OFSTED = ["outstanding", "good", "requires-improvement", "inadequate"]
ESCALATION = ("Team manager Jo", "2025-06-02 10:00", "Visit arranged today")


def _submit(desk: AuditDesk, case_ref: str, rng: random.Random) -> int:
    audit_id = desk.start_audit(case_ref, "mini")
    seen = rng.choice(OFSTED)
    desk.grade(audit_id, "child-seen", seen)
    desk.save_evidence(audit_id, "child-seen", "Seen at home")
    if rng.random() < 0.3:
        desk.mark_not_applicable(audit_id, "plan-smart")
    else:
        desk.grade(audit_id, "plan-smart", rng.choice(OFSTED))
        desk.save_evidence(audit_id, "plan-smart", "Plan read")
    desk.grade(audit_id, "visits-in-time", rng.choice(["yes", "partly", "no"]))
    desk.save_evidence(audit_id, "visits-in-time", "Visits checked")
    overall = seen  # never better than the limiting criterion
    desk.set_overall(audit_id, overall)
    desk.set_text(audit_id, "overall_rationale", "As graded")
    desk.submit(audit_id, ESCALATION if overall == "inadequate" else None)
    return audit_id


@pytest.fixture
def seeded(store: Store) -> list[int]:
    """30 submitted mini audits by two auditors over three teams, cohorts and 4 months."""
    rng = random.Random(7)
    cases = [Case(f"C-{i:03d}", TEAMS[i % 3], cohort=COHORTS[(i // 3) % 3]) for i in range(30)]
    store.upsert_cases(cases, "lead", "test")
    ids = []
    for i, case in enumerate(cases):
        desk = AuditDesk(store, ["alice", "bob"][i % 2], MINI_RUBRICS)
        audit_id = _submit(desk, case.case_ref, rng)
        store.backdate_submission(audit_id, f"2025-{1 + i % 4:02d}-15T10:00:00+00:00", "test")
        ids.append(audit_id)
    return ids
