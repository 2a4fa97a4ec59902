"""Escalations and case actions followed up until done: service, command line, screen."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import graded_audit, settle
from textual.widgets import Input, OptionList

from qa_tui.cli.main import cli
from qa_tui.desks.audits import AuditDesk, ServiceError
from qa_tui.desks.follow_ups import FollowUps
from qa_tui.tui.app import make_app


@pytest.fixture
def tracker(desk: AuditDesk, mini_case: str) -> FollowUps:
    """One submitted Inadequate audit (escalated) with an overdue and a future action."""
    audit_id = graded_audit(desk, mini_case, overall="inadequate", child_seen="inadequate")
    today = date.today()
    desk.add_action(
        audit_id, "Update the chronology", "TM Cedar", (today - timedelta(days=3)).isoformat()
    )
    desk.add_action(
        audit_id, "Direct work with the child", "SW Amber", (today + timedelta(days=10)).isoformat()
    )
    desk.submit(audit_id, ("TM Cedar", "2026-11-20 10:00", "Visit today with police"))
    return FollowUps(desk)


def test_escalations_come_first_and_overdue_actions_are_marked(tracker: FollowUps) -> None:
    items = tracker.list()
    assert [i.kind for i in items] == ["escalation", "action", "action"]
    assert items[0].what == "Visit today with police" and items[0].owner == "TM Cedar"
    today = date.today()
    assert [i.what for i in items[1:]] == ["Update the chronology", "Direct work with the child"]
    assert items[1].overdue(today) and not items[2].overdue(today)
    assert not items[0].overdue(today)  # an escalation has no due date to miss


def test_closing_needs_a_note_and_is_recorded(tracker: FollowUps, desk: AuditDesk) -> None:
    action = tracker.list()[1]
    with pytest.raises(ServiceError, match="note of what was done"):
        tracker.close("action", action.id, "  ")
    tracker.close("action", action.id, "Chronology brought up to date")
    assert [i.what for i in tracker.list()] == [
        "Visit today with police",
        "Direct work with the child",
    ]
    closed = [
        i for i in tracker.list(include_closed=True) if i.id == action.id and i.kind == "action"
    ]
    assert closed[0].status == "closed"
    assert closed[0].closing_note == "Chronology brought up to date"
    event = desk.store.events("audit", action.audit_id)[-1]
    assert event.field == f"action.{action.id}.status"
    assert event.new_value == "done: Chronology brought up to date"
    with pytest.raises(ServiceError, match="already closed"):
        tracker.close("action", action.id, "again")


def test_cli_lists_as_json_and_closes(tracker: FollowUps, db_path: Path) -> None:
    runner = CliRunner()
    listed = runner.invoke(cli, ["--db", str(db_path), "follow-ups", "list", "--format", "json"])
    assert listed.exit_code == 0
    items = json.loads(listed.stdout)["follow_ups"]
    assert [i["overdue"] for i in items] == [False, True, False]
    escalation = items[0]
    closed = runner.invoke(
        cli,
        [
            "--db",
            str(db_path),
            "--user",
            "hos.maple",
            "follow-ups",
            "close",
            "escalation",
            str(escalation["id"]),
            "--note",
            "Child seen, safe; strategy meeting held",
        ],
    )
    assert closed.exit_code == 0, closed.stderr
    after = json.loads(
        runner.invoke(cli, ["--db", str(db_path), "follow-ups", "list", "--format", "json"]).stdout
    )["follow_ups"]
    assert [i["kind"] for i in after] == ["action", "action"]
    missing = runner.invoke(
        cli, ["--db", str(db_path), "follow-ups", "close", "action", "9999", "--note", "x"]
    )
    assert missing.exit_code == 1 and "no action 9999" in missing.stderr
    assert "Traceback" not in missing.stderr


async def test_close_a_follow_up_from_the_screen(tracker: FollowUps, desk: AuditDesk) -> None:
    app = make_app(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("f")
        await settle(pilot, app)
        options = app.screen.query_one("#follow-ups", OptionList)
        first = str(options.get_option_at_index(options.highlighted or 0).prompt)
        assert "Visit today with police" in first  # the escalation is highlighted first
        await pilot.press("enter")
        await settle(pilot, app)
        field = app.screen.focused
        assert isinstance(field, Input)
        field.value = "Child seen with police; safe"
        await pilot.press("enter")
        await settle(pilot, app)
        await settle(pilot, app)
        lines = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert not any("Visit today with police" in line for line in lines)
        assert any("overdue" in line for line in lines)
    assert [i.kind for i in tracker.list()] == ["action", "action"]
