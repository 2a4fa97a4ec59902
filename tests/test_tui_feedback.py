"""Feedback to practice through the real app: from my audits' "awaiting feedback" to a
recorded conversation, and the audit's report saved from the audit screen."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import MINI_RUBRICS, graded_audit, settle
from test_tui_dashboard import choose
from textual.widgets import DataTable, Input, OptionList, Static

from qa_tui.desks.audits import AuditDesk
from qa_tui.desks.feedback import FeedbackDesk
from qa_tui.domain.records import Case
from qa_tui.store.database import Store
from qa_tui.tui.app import make_app


@pytest.fixture
def submitted(tmp_path: Path) -> tuple[Store, AuditDesk, int]:
    store = Store.open(tmp_path / "qa.sqlite3")
    store.upsert_cases([Case("CIN-0001", "MASH", worker="SW Amber")], "lead", "test")
    desk = AuditDesk(store, "alice", MINI_RUBRICS)
    audit_id = graded_audit(desk, "CIN-0001")
    desk.submit(audit_id)
    return store, desk, audit_id


async def test_record_feedback_from_awaiting_feedback_by_keys(
    submitted: tuple[Store, AuditDesk, int],
) -> None:
    store, desk, audit_id = submitted
    app = make_app(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        summary = str(app.screen.query_one("#home-summary", Static).render())
        assert "1 feedback due (w)" in summary
        await pilot.press("w")
        await settle(pilot, app)
        listed = app.screen.query_one("#feedback-due", OptionList)
        assert "CIN-0001" in str(listed.get_option_at_index(0).prompt)
        await pilot.press("enter")
        await settle(pilot, app)
        await pilot.press("a")
        await settle(pilot, app)
        fields = list(app.screen.query(Input))
        assert [f.value for f in fields[:4]] == ["w", "SW Amber", app.today().isoformat(), "p"]
        fields[4].value = "d"
        await pilot.press("ctrl+s")  # disagrees without reasons: the form asks for them
        await settle(pilot, app)
        assert "record their reasons" in str(app.screen.query_one("#form-error").render())
        fields[5].value = "The child was seen alone | at school"
        fields[6].value = "I will record it on the file"
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        rows = app.screen.query_one("#feedback-rows", OptionList)
        shown = str(rows.get_option_at_index(0).prompt)
        assert "Disagrees" in shown and "seen alone | at school" in shown
        await pilot.press("escape")
        await settle(pilot, app)
        assert "Nothing awaits feedback" in str(
            app.screen.query_one("#feedback-due", OptionList).get_option_at_index(0).prompt
        )
    [row] = FeedbackDesk(desk).for_audit(audit_id)
    assert (row.given_to, row.given_to_name, row.how, row.response) == (
        "worker",
        "SW Amber",
        "in_person",
        "disagrees",
    )
    assert row.given_on == date.today().isoformat()
    assert store.events("audit", audit_id)[-1].field == f"feedback.{row.id}"


async def test_audit_screen_reaches_feedback_and_saves_the_report(
    submitted: tuple[Store, AuditDesk, int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _store, desk, audit_id = submitted
    monkeypatch.setenv("QA_TUI_REPORTS_DIR", str(tmp_path / "reports"))
    app = make_app(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_audit(audit_id)
        await settle(pilot, app)
        await pilot.press("P")
        await settle(pilot, app)
        saved = tmp_path / "reports" / f"audit-{audit_id}-CIN-0001.html"
        assert saved.exists() and "SW Amber" in saved.read_text("utf-8")
        assert saved.stat().st_mode & 0o077 == 0  # the owner's only
        await pilot.press("f")
        await settle(pilot, app)
        rows = app.screen.query_one("#feedback-rows", OptionList)
        assert "No feedback recorded yet" in str(rows.get_option_at_index(0).prompt)


async def test_the_dashboards_practice_tab_shows_feedback_in_time_by_team(
    store: Store, seeded: list[int]
) -> None:
    """Seeded audits were submitted in 2025; one of alice's was fed back at once."""
    alice = AuditDesk(store, "alice", MINI_RUBRICS)
    first = next(i for i in seeded if store.audit(i).auditor == "alice")
    submitted_on = (store.audit(first).submitted_at or "")[:10]
    FeedbackDesk(alice).record(first, given_to="worker", given_on=submitted_on, how="online")
    team = store.audit(first).case.team
    app = make_app(AuditDesk(store, "qa.lead", MINI_RUBRICS))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("d")
        await settle(pilot, app)
        await choose(pilot, app, "d", "All time")
        await pilot.press("6")
        await settle(pilot, app)
        table = app.screen.query_one("#dash-feedback", DataTable)
        assert app.screen.focused is table
        rows = {str(table.get_row_at(r)[0]): table.get_row_at(r) for r in range(table.row_count)}
        assert set(rows) == {
            "Assessment North",
            "Child Protection East",
            "Children in Care West",
            "All teams",
        }
        assert rows[team][1:4] == ["10", "1", "10%"]
        assert rows["All teams"][1:4] == ["30", "1", "3%"]
        await choose(pilot, app, "t", team)
        await pilot.press("6")
        await settle(pilot, app)
        assert table.row_count == 1 and str(table.get_row_at(0)[0]) == team
