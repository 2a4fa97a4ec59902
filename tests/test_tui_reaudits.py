"""Re-audits through the real app at 80x24: the earlier grade beside the current one on
the re-audit's screen, the earlier audit's actions, `A` to set "re-audit in N months",
and the QA lead's list of re-audits due with a key to start one."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from conftest import MINI_RUBRICS, graded_audit, open_highlighted_audit, settle
from textual.widgets import Input, OptionList, Static

from qa_tui.desks.audits import AuditDesk
from qa_tui.desks.follow_ups import FollowUps
from qa_tui.desks.reaudits import ReauditDesk
from qa_tui.domain.records import Case
from qa_tui.store.database import Store
from qa_tui.tui.app import make_app
from qa_tui.tui.widgets.earlier_audit import EarlierLine


def _earlier_and_reaudit(store: Store) -> tuple[int, int]:
    store.upsert_cases([Case("CIN-0001", "Assessment North")], "lena", "test")
    alice = AuditDesk(store, "alice", MINI_RUBRICS)
    earlier = graded_audit(
        alice, "CIN-0001", overall="requires-improvement", child_seen="requires-improvement"
    )
    closed = alice.add_action(earlier, "Visit the child alone", "SW Amber", "2025-04-01")
    alice.add_action(earlier, "Update the plan", "TM Jo", "2025-05-01")
    alice.submit(earlier)
    lena = AuditDesk(store, "lena", MINI_RUBRICS)
    FollowUps(lena).close("action", closed, "Seen alone")
    ReauditDesk(lena).schedule(earlier, 3, "plan was vague")
    return earlier, ReauditDesk(lena).start(earlier, "bob")


async def test_the_re_audit_shows_the_earlier_grade_actions_and_change(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "qa.sqlite3")
    earlier, later = _earlier_and_reaudit(store)
    app = make_app(AuditDesk(store, "bob", MINI_RUBRICS))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_highlighted_audit(pilot, app)
        screen = app.screen
        assert screen.audit_id == later  # type: ignore[attr-defined]
        summary = str(screen.query_one(EarlierLine).render())
        assert f"Re-audit of audit {earlier}" in summary
        assert "was RI" in summary and "actions 1/2 closed" in summary
        was = str(screen.query_one("#earlier-grade", Static).render())
        assert "Earlier audit: Requires improvement to be good" in was
        assert screen.query_one("#earlier-grade").region.width > 0  # on screen at 80x24

        await pilot.press("1")  # child-seen: Outstanding; the cursor moves on
        await settle(pilot, app)
        was = str(screen.query_one("#earlier-grade", Static).render())
        assert "Earlier audit: Not applicable" in was  # plan-smart, now under the cursor

        await pilot.press("w")
        await settle(pilot, app)
        detail = str(app.screen.query_one("#earlier-detail", Static).render())
        assert "Child seen: RI → Outst." in detail
        assert "closed" in detail and "Visit the child alone" in detail
        assert "open · Update the plan" in detail
        await pilot.press("escape")
        await settle(pilot, app)
        assert app.screen is screen


async def test_a_key_sets_re_audit_in_n_months_on_a_submitted_audit(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "qa.sqlite3")
    store.upsert_cases([Case("CIN-0001", "Assessment North")], "lena", "test")
    alice = AuditDesk(store, "alice", MINI_RUBRICS)
    audit_id = graded_audit(alice, "CIN-0001")
    alice.submit(audit_id)
    app = make_app(alice)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_highlighted_audit(pilot, app)
        await pilot.press("A")
        await settle(pilot, app)
        months = app.screen.query_one("#field-0", Input)
        months.value = "4"
        await pilot.press("enter")
        reason = app.screen.query_one("#field-1", Input)
        reason.value = "see whether the plan took"
        await pilot.press("enter")
        await settle(pilot, app)
    row = store._one(
        "SELECT months, due_on, reason, set_by FROM reaudits WHERE audit_id = ?", (audit_id,)
    )
    assert row is not None
    assert (row["months"], row["reason"], row["set_by"]) == (
        4,
        "see whether the plan took",
        "alice",
    )
    submitted = date.fromisoformat(store.audit(audit_id).submitted_at[:10])  # type: ignore[index]
    assert row["due_on"] > submitted.isoformat()


async def test_the_lead_starts_a_due_re_audit_from_the_list(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "qa.sqlite3")
    store.upsert_cases([Case("CIN-0001", "Assessment North")], "lena", "test")
    alice = AuditDesk(store, "alice", MINI_RUBRICS)
    earlier = graded_audit(alice, "CIN-0001")
    alice.submit(earlier)
    lena = AuditDesk(store, "lena", MINI_RUBRICS)
    ReauditDesk(lena).schedule(earlier, 1, "vague plan")
    with store.write() as conn:  # due today
        conn.execute("UPDATE reaudits SET due_on = ?", (date.today().isoformat(),))
    from qa_tui.tui.screens.reaudits_due import ReauditsDueScreen

    app = make_app(lena)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        app.push_screen(ReauditsDueScreen())
        await settle(pilot, app)
        listed = app.screen.query_one("#reaudits-due", OptionList)
        assert "CIN-0001" in str(listed.get_option_at_index(0).prompt)
        await pilot.press("enter")
        await settle(pilot, app)
        app.screen.query_one(Input).value = "bob"
        await pilot.press("enter")
        await settle(pilot, app)
        assert "nothing is due" in str(
            app.screen.query_one("#reaudits-due", OptionList).get_option_at_index(0).prompt
        )
    [row] = store._rows("SELECT auditor, previous_audit_id FROM audits WHERE id != ?", (earlier,))
    assert row == {"auditor": "bob", "previous_audit_id": earlier}


async def test_the_programme_cases_show_each_re_audited_cases_change(tmp_path: Path) -> None:
    from test_reaudits import _grade

    from qa_tui.desks.programmes import ProgrammeDesk
    from qa_tui.domain.sampling import SamplingRule
    from qa_tui.tui.screens.programme_cases import ProgrammeCasesScreen

    store = Store.open(tmp_path / "qa.sqlite3")
    store.upsert_cases([Case("AN-0", "Assessment North")], "lena", "test")
    lena = AuditDesk(store, "lena", MINI_RUBRICS)
    rounds = ProgrammeDesk(lena)
    first = rounds.create(name="Spring", kind="dip_sample", rubric_ids=["mini"], owner="")
    rounds.draw(first.id, SamplingRule(per_team=1), seed=1)
    rounds.assign(first.id, ["bob"])
    bob = AuditDesk(store, "bob", MINI_RUBRICS)
    [earlier] = [a.id for a in bob.my_audits()]
    _grade(bob, earlier, "requires-improvement")
    again = rounds.repeat(first.id, name="Autumn", same_cases=True)
    rounds.assign(again.id, ["bob"])
    [later] = [a.id for a in bob.my_audits() if a.id != earlier]
    _grade(bob, later, "good")

    app = make_app(lena)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        app.push_screen(ProgrammeCasesScreen(rounds.get(again.id)))
        await settle(pilot, app)
        listed = app.screen.query_one("#case-decisions", OptionList)
        row = str(listed.get_option_at_index(0).prompt)
        assert "AN-0" in row and f"was #{earlier}: better" in row
