"""Moderating an audit through the real app, and the auditor seeing the result."""

from __future__ import annotations

from pathlib import Path

from conftest import MINI_RUBRICS, graded_audit, settle
from textual.widgets import Input, OptionList, Static

from qa_tui.desks.audits import AuditDesk
from qa_tui.domain.records import Case
from qa_tui.store.database import Store
from qa_tui.tui.app import make_app


async def test_moderate_an_audit_by_keys_and_the_auditor_sees_it(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "qa.sqlite3")
    store.upsert_cases([Case("CIN-0001", "MASH")], "lead", "test")
    auditor = AuditDesk(store, "alice", MINI_RUBRICS)
    audit_id = graded_audit(auditor, "CIN-0001", overall="inadequate", child_seen="inadequate")
    auditor.submit(audit_id, ("TM Cedar", "2026-11-20 10:00", "Visit today"))
    lead = AuditDesk(store, "qa.lead", MINI_RUBRICS)

    app = make_app(lead)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("m")
        await settle(pilot, app)
        queue = app.screen.query_one("#moderation-queue", OptionList)
        assert "CIN-0001" in str(queue.get_option_at_index(1).prompt)
        await pilot.press("enter")
        await settle(pilot, app)
        await pilot.press("equals_sign")  # child-seen: agree (Inadequate)
        await settle(pilot, app)
        await pilot.press("down", "n")  # plan-smart: the auditor said N/A too: no reason asked
        await settle(pilot, app)
        await pilot.press("down", "2")  # visits-in-time: Partly, not Yes: asks why
        await settle(pilot, app)
        field = app.screen.focused
        assert isinstance(field, Input)
        field.value = "Two visits were late"
        await pilot.press("enter")
        await settle(pilot, app)
        await pilot.press("o", "enter")  # overall: the auditor's grade is offered first
        await settle(pilot, app)
        await pilot.press("c")
        await settle(pilot, app)
        header = str(app.screen.query_one("#moderation-header", Static).render())
        assert "done" in header and "moderated: Inadequate" in header

    view = auditor.open_audit(audit_id)  # what the auditor now sees
    assert view.moderation is not None and view.moderation["overall_grade_label"] == "Inadequate"
    assert view.moderated["visits-in-time"]["grade_label"] == "Partly"
    assert view.moderated["visits-in-time"]["reason"] == "Two visits were late"
    assert view.audit.answers["visits-in-time"].grade_label == "Yes"  # both grades kept

    app = make_app(auditor)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("enter")
        await settle(pilot, app)
        header = str(app.screen.query_one("#audit-header", Static).render())
        assert "moderated: Inadequate" in header
        await pilot.press("down", "down")  # visits-in-time
        await settle(pilot, app)
        agreed = str(app.screen.query_one("#moderated", Static).render())  # under the grade
        assert "Moderated: Partly" in agreed and "Two visits were late" in agreed
