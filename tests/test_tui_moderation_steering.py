"""Moderation a QA lead steers, through the real app at 80x24: a blind moderation graded
before the auditor's grades are revealed, and an auditor answering a send-back."""

from __future__ import annotations

from pathlib import Path

from conftest import MINI_RUBRICS, graded_audit, settle
from test_tui_dashboard import choose
from textual.widgets import DataTable, Input, OptionList, Static

from qa_tui.desks.audits import AuditDesk
from qa_tui.desks.moderation import ModerationDesk
from qa_tui.desks.moderation_steering import ModerationSteering
from qa_tui.domain.records import Case
from qa_tui.store.database import Store
from qa_tui.tui.app import make_app
from qa_tui.tui.screens.drill_down import DrillDownScreen

ESCALATION = ("TM Cedar", "2026-11-20 10:00", "Visit today")


def _submitted(tmp_path: Path) -> tuple[Store, AuditDesk, int]:
    store = Store.open(tmp_path / "qa.sqlite3")
    store.upsert_cases([Case("CIN-0001", "MASH")], "lead", "test")
    auditor = AuditDesk(store, "alice", MINI_RUBRICS)
    audit_id = graded_audit(auditor, "CIN-0001", overall="inadequate", child_seen="inadequate")
    auditor.submit(audit_id, ESCALATION)
    return store, auditor, audit_id


def _text(app, selector: str) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one(selector, Static).render())


async def test_blind_moderation_by_keys_reveals_then_asks_why(tmp_path: Path) -> None:
    store, _auditor, audit_id = _submitted(tmp_path)
    lead = AuditDesk(store, "qa.lead", MINI_RUBRICS)
    app = make_app(lead)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("m")
        await settle(pilot, app)
        queue = app.screen.query_one("#moderation-queue", OptionList)
        assert "Inadeq" in str(queue.get_option_at_index(1).prompt)
        await pilot.press("b")  # blind, before anything is graded
        await settle(pilot, app)
        row = str(queue.get_option_at_index(1).prompt)
        assert "blind" in row and "Inadeq" not in row
        await pilot.press("enter")
        await settle(pilot, app)
        header = _text(app, "#moderation-header")
        assert "hidden (blind)" in header and "Inadequate" not in header.split("moderated")[0]
        detail = _text(app, "#moderation-text")
        assert "Seen only with parents present" in detail  # the evidence is shown
        assert "(auditor)" not in detail and "Blind" in detail
        await pilot.press("equals_sign")  # agree is refused while blind
        await settle(pilot, app)
        assert ModerationDesk(lead).open(audit_id).answers == {}
        await pilot.press("3")  # child-seen: RI, no reason asked while blind
        await settle(pilot, app)
        assert not isinstance(app.screen.focused, Input)
        await pilot.press("down", "n", "down", "1")  # plan-smart N/A, visits Yes
        await settle(pilot, app)
        await pilot.press("o", "down", "down", "enter")  # overall: the third, RI
        await settle(pilot, app)
        await pilot.press("r")  # reveal
        await settle(pilot, app)
        header = _text(app, "#moderation-header")
        assert "Auditor's overall: Inadequate" in header
        await pilot.press("up", "up", "3")  # child-seen again: now it asks why
        await settle(pilot, app)
        field = app.screen.focused
        assert isinstance(field, Input)
        field.value = "Seen alone at the May visit"
        await pilot.press("enter")
        await settle(pilot, app)
        await pilot.press("o", "up", "enter")  # offered at the auditor's: up is RI
        await settle(pilot, app)
        field = app.screen.focused
        assert isinstance(field, Input)
        field.value = "Not unsafe on the evidence"
        await pilot.press("enter")
        await settle(pilot, app)
        await pilot.press("c")
        await settle(pilot, app)
        assert "done" in _text(app, "#moderation-header")
    view = ModerationDesk(lead).open(audit_id)
    assert view.done and view.moderation["blind"] == 1 and view.moderation["revealed_at"]
    assert view.answers["child-seen"]["reason"] == "Seen alone at the May visit"
    assert view.moderation["overall_grade_label"] == "Requires improvement to be good"
    assert view.moderation["overall_reason"] == "Not unsafe on the evidence"


async def test_the_auditor_answers_a_send_back_from_home(tmp_path: Path) -> None:
    store, auditor, audit_id = _submitted(tmp_path)
    lead = AuditDesk(store, "qa.lead", MINI_RUBRICS)
    ModerationSteering(lead).send_back(audit_id, "Was the child seen [alone]?")
    app = make_app(auditor)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert "1 sent back (b)" in _text(app, "#home-summary")
        await pilot.press("b")
        await settle(pilot, app)
        listed = app.screen.query_one("#sent-back", OptionList)
        assert "Was the child seen [alone]?" in str(listed.get_option_at_index(0).prompt)
        await pilot.press("enter")
        await settle(pilot, app)
        field = app.screen.focused
        assert isinstance(field, Input)
        field.value = "Yes, in her room"
        await pilot.press("enter")
        await settle(pilot, app)
        assert "Nothing waits" in str(listed.get_option_at_index(0).prompt)
        await pilot.press("escape")
        await settle(pilot, app)
        assert "sent back" not in _text(app, "#home-summary")
    [sent] = ModerationSteering(lead).send_backs(audit_id)
    assert sent["answer"] == "Yes, in her room" and sent["answered_by"] == "alice"


async def test_a_qa_lead_picks_an_audit_behind_a_figure_for_moderation(
    store: Store, seeded: list[int]
) -> None:
    """Reading the audits behind a figure, `p` picks the highlighted one by hand."""
    app = make_app(AuditDesk(store, "qa.lead", MINI_RUBRICS))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot, app)
        await pilot.press("d")
        await settle(pilot, app)
        await choose(pilot, app, "d", "All time")
        await choose(pilot, app, "b", "Mini rubric for tests")
        criteria = app.screen.query_one("#dash-criteria", DataTable)
        criteria.focus()
        criteria.move_cursor(row=1, column=2)
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, DrillDownScreen)
        listed = app.screen.query_one("#drill-audits", DataTable)
        waiting = {r["audit_id"] for r in ModerationDesk(app.desk).queue()}
        row = next(
            i for i in range(listed.row_count) if int(str(listed.get_row_at(i)[0])) not in waiting
        )
        listed.move_cursor(row=row)
        chosen = int(str(listed.get_row_at(row)[0]))
        await pilot.press("p")
        await settle(pilot, app)
        fields = list(app.screen.query(Input))
        assert fields[0].value == str(chosen)  # the highlighted audit, ready to pick
        fields[1].value = "Complaint from the family [about visits]"
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert isinstance(app.screen, DrillDownScreen)
    queued = {r["audit_id"]: r for r in ModerationDesk(AuditDesk(store, "qa.lead")).queue()}
    assert queued[chosen]["selected_because"] == (
        "picked by hand: Complaint from the family [about visits]"
    )
