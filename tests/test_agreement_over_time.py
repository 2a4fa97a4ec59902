"""Agreement over time: moderations counted by the date each was completed, in the
council's quarters, so a QA lead can read one period and see an auditor drift.

Real SQLite files in tmp_path, the real CLI through click's runner, the real app
through its Pilot.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MINI_RUBRICS, graded_audit, settle

from qa_tui.cli.main import cli
from qa_tui.desks.agreement_over_time import AgreementOverTime
from qa_tui.desks.audits import AuditDesk, ServiceError
from qa_tui.desks.demo import build_demo_database
from qa_tui.desks.moderation import ModerationDesk
from qa_tui.domain.records import Case
from qa_tui.store.database import Store
from qa_tui.store.moderation import ModerationStore
from qa_tui.tui.app import make_app

ESCALATION = ("Team manager Jo", "2026-03-02 10:00", "Visit arranged today")
NO_ONE = {"QA_TUI_TOKEN": "", "QA_TUI_USER": "", "QA_TUI_DB": ""}


def moderated(store: Store, case_ref: str, completed_at: str, *, harsher: bool) -> int:
    """alice's Inadequate audit moderated by the QA lead, completed at `completed_at`.
    child-seen (Ofsted scale) is agreed, or, when `harsher`, the auditor said
    Requires improvement and the moderator Inadequate."""
    store.upsert_cases([Case(case_ref, "Assessment North", cohort="CIN")], "lead", "test")
    alice = AuditDesk(store, "alice", MINI_RUBRICS)
    seen = "requires-improvement" if harsher else "inadequate"
    audit_id = graded_audit(alice, case_ref, overall="inadequate", child_seen=seen)
    alice.submit(audit_id, ESCALATION)
    lead = ModerationDesk(AuditDesk(store, "qa.lead", MINI_RUBRICS))
    if harsher:
        lead.grade(audit_id, "child-seen", 4, "Not seen alone at any visit")
    else:
        lead.agree(audit_id, "child-seen")
    lead.agree(audit_id, "plan-smart")
    lead.agree(audit_id, "visits-in-time")
    lead.set_overall(audit_id, 4)
    lead.complete(audit_id)
    ModerationStore(store).backdate_completion(audit_id, completed_at, "test")
    return audit_id


@pytest.fixture
def two_quarters(store: Store) -> Store:
    """alice agrees with the moderator in the spring and not in the summer."""
    moderated(store, "CIN-0001", "2026-02-10T10:00:00+00:00", harsher=False)
    moderated(store, "CIN-0002", "2026-03-31T16:00:00+00:00", harsher=False)
    moderated(store, "CIN-0003", "2026-08-04T09:30:00+00:00", harsher=True)
    return store


def figures(store: Store) -> AgreementOverTime:
    return AgreementOverTime(AuditDesk(store, "qa.lead", MINI_RUBRICS))


def test_each_quarter_counts_the_moderations_completed_in_it(two_quarters: Store) -> None:
    quarters = figures(two_quarters).by_quarter()
    ofsted = [q for q in quarters if q.scale_points == 4]
    assert [(q.auditor, q.quarter, q.agreement.pairs) for q in ofsted] == [
        ("alice", "2026-Q1", 2),
        ("alice", "2026-Q3", 1),
    ]
    assert ofsted[0].agreement.exact == 1.0
    assert ofsted[1].agreement.exact == 0.0 and ofsted[1].agreement.generous == 1.0
    assert ofsted[1].starts_on == "2026-07-01"


def test_a_span_takes_only_the_moderations_completed_in_it(two_quarters: Store) -> None:
    spring = figures(two_quarters).within("criterion", "2026-01-01", "2026-03-31")
    assert spring["child-seen"].pairs == 2 and spring["child-seen"].exact == 1.0
    summer = figures(two_quarters).within("overall", "2026-07-01", None)
    assert summer["alice"].pairs == 1
    assert figures(two_quarters).within("auditor", None, "2025-12-31") == {}
    everything = ModerationDesk(AuditDesk(two_quarters, "qa.lead", MINI_RUBRICS))
    assert figures(two_quarters).within("auditor") == everything.agreement_by("auditor")


def test_a_span_that_ends_before_it_starts_is_refused(two_quarters: Store) -> None:
    with pytest.raises(ServiceError, match="--from 2026-09-01 is after --to 2026-01-31"):
        figures(two_quarters).within("auditor", "2026-09-01", "2026-01-31")


def test_the_quarters_are_named_the_councils_way(two_quarters: Store, db_path: Path) -> None:
    runner = CliRunner()
    base = ["--db", str(db_path), "--user", "qa.lead"]
    assert (
        runner.invoke(
            cli, [*base, "db", "settings", "--quarters", "financial"], env=NO_ONE
        ).exit_code
        == 0
    )
    result = runner.invoke(
        cli, [*base, "moderation", "agreement", "--by", "quarter", "--format", "json"], env=NO_ONE
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["quarters"]
    assert {(r["quarter"], r["scale_points"], r["pairs"]) for r in rows} >= {
        ("Q4-25/26", 4, 2),
        ("Q2-26/27", 4, 1),
    }


def test_the_command_line_reads_quarters_and_refuses_bad_dates(
    two_quarters: Store, db_path: Path
) -> None:
    runner = CliRunner()
    base = ["--db", str(db_path), "--user", "qa.lead", "moderation", "agreement"]
    shown = runner.invoke(cli, [*base, "--by", "criterion", "--from", "2026-Q3"], env=NO_ONE)
    assert shown.exit_code == 0, shown.output
    assert "child-seen" in shown.output and "     1    0%" in shown.output
    backwards = runner.invoke(cli, [*base, "--from", "2026-09", "--to", "2026-Q1"], env=NO_ONE)
    assert backwards.exit_code == 1
    assert "--from 2026-09-01 is after --to 2026-03-31" in backwards.output
    assert "Traceback" not in backwards.output
    bad = runner.invoke(cli, [*base, "--from", "last spring"], env=NO_ONE)
    assert bad.exit_code == 2 and "'last spring' is not a date" in bad.output


async def test_the_moderation_screen_shows_each_auditors_quarters(two_quarters: Store) -> None:
    app = make_app(AuditDesk(two_quarters, "qa.lead", MINI_RUBRICS))
    app.today = lambda: date(2026, 11, 23)  # type: ignore[method-assign]  # the last four quarters
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("m")
        await settle(pilot, app)
        text = str(app.screen.query_one("#agreement-table").render())
    after = text.split("By quarter", 1)[1]
    assert "alice" in after
    assert "alice\n  2026-Q1  2  100%  100%" in after
    assert "\n  2026-Q3  1  0%  100%  -  100%" in after  # the moderator was harsher


def test_the_demo_shows_an_auditor_drifting(tmp_path: Path) -> None:
    db = tmp_path / "demo.sqlite3"
    build_demo_database(db, today=date(2026, 11, 23))
    store = Store.open(db)
    try:
        desk = AuditDesk(store, "qa.lead")
        quarters = [
            q
            for q in AgreementOverTime(desk).by_quarter()
            if q.auditor == "qa.birch" and q.scale_points == 4 and q.agreement.pairs >= 10
        ]
    finally:
        store.close()
    assert len(quarters) >= 2
    first, last = quarters[0].agreement, quarters[-1].agreement
    assert first.exact is not None and last.exact is not None
    assert last.exact < first.exact - 0.15  # the moderator grades them harsher and harsher
