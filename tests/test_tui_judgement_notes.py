"""The judgement screen's notes (rationale, reason, strengths, areas for development):
nothing shown as saved that is not on disk. Real app, real SQLite files, checked with a
second connection, as the audit screen's evidence notes are in test_tui_grading_flow."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from conftest import MINI_RUBRICS, open_highlighted_audit, settle
from textual.widgets import Static, TextArea

from qa_tui.desks.audits import AuditDesk
from qa_tui.domain.records import Case
from qa_tui.store.database import Store
from qa_tui.tui.app import make_app

NOTES = ("overall_rationale", "override_reason", "strengths", "areas_for_development")


class SlowText(AuditDesk):
    """A desk on a slow disk: every judgement note takes two seconds to save."""

    def set_text(self, audit_id: int, field: str, text: str) -> None:
        time.sleep(2)
        super().set_text(audit_id, field, text)


def desk_on(tmp_path: Path, desk_class: type[AuditDesk] = AuditDesk) -> tuple[AuditDesk, int]:
    store = Store.open(tmp_path / "qa.sqlite3")
    store.upsert_cases([Case("CIN-0001", "Assessment North", cohort="CIN")], "lead", "test")
    desk = desk_class(store, "alice", MINI_RUBRICS)
    return desk, desk.start_audit("CIN-0001", "mini")


def on_disk(desk: AuditDesk, audit_id: int) -> dict[str, str]:
    """The four notes as committed, read with a connection of its own."""
    conn = sqlite3.connect(desk.store.path)
    try:
        row = conn.execute(
            f"SELECT {', '.join(NOTES)} FROM audits WHERE id = ?", (audit_id,)
        ).fetchone()
    finally:
        conn.close()
    return {field: value or "" for field, value in zip(NOTES, row, strict=True)}


def status(app) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one("#judgement-note-status", Static).render())


def box(app, field: str) -> TextArea:  # type: ignore[no-untyped-def]
    return app.screen.query_one(f"#{field}", TextArea)


async def open_judgement(pilot, app) -> None:  # type: ignore[no-untyped-def]
    await open_highlighted_audit(pilot, app)
    await pilot.press("o")
    await settle(pilot, app)
    assert type(app.screen).__name__ == "JudgementScreen"


async def test_the_status_changes_in_the_same_call_as_the_text(tmp_path: Path) -> None:
    """No frame can be painted between the character and "unsaved…": the note box tells
    the screen as it edits, before anything yields to the event loop."""
    desk, audit_id = desk_on(tmp_path)
    desk.set_text(audit_id, "strengths", "Warm")
    app = make_app(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_judgement(pilot, app)
        assert "notes saved ✓" in status(app)
        area = box(app, "strengths")
        area.focus()
        area.move_cursor(area.document.end)
        area.insert(" and steady")  # what a key press in the box does, and no await after it
        assert "unsaved…" in status(app)
        await pilot.pause(1.2)  # saved once typing stops
        await settle(pilot, app)
        assert "notes saved ✓" in status(app)
    assert on_disk(desk, audit_id)["strengths"] == "Warm and steady"


async def test_with_a_slow_disk_saved_is_shown_only_for_the_text_on_disk(tmp_path: Path) -> None:
    """`ab`, a pause, `c`, a pause, backspace, with each save taking 2 s: `ab` commits
    while `abc` is still queued, then `abc` commits while the box says `ab`. "Saved"
    must wait for the third save, `ab` again."""
    desk, audit_id = desk_on(tmp_path, SlowText)
    app = make_app(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_judgement(pilot, app)
        await pilot.press("tab")
        area = box(app, "overall_rationale")
        assert app.screen.focused is area
        await pilot.press("a", "b")
        assert "unsaved…" in status(app)
        await pilot.pause(1.0)  # the note saves itself after 0.8 s: `ab` is on its way
        await pilot.press("c")
        await pilot.pause(1.0)  # `abc` queued behind it
        await pilot.press("backspace")
        for _ in range(100):  # the three saves take six seconds
            await pilot.pause(0.1)
            saved = "notes saved ✓" in status(app)
            if saved:
                assert area.text == on_disk(desk, audit_id)["overall_rationale"]
            if saved and app.runner.idle():
                break
        else:
            raise AssertionError("the notes never showed as saved")
    assert on_disk(desk, audit_id)["overall_rationale"] == "ab"


async def test_saved_waits_for_every_note_not_only_the_last_one_typed(tmp_path: Path) -> None:
    """A rationale still saving slowly keeps "unsaved…" while the strengths typed after it
    commit too: the status speaks for all four notes."""
    desk, audit_id = desk_on(tmp_path, SlowText)
    app = make_app(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_judgement(pilot, app)
        await pilot.press("tab", "x")  # the rationale
        await pilot.press("tab", "tab", "y")  # leaving it saves it; then the strengths
        assert app.screen.focused is box(app, "strengths")
        for _ in range(100):  # two saves, two seconds each
            await pilot.pause(0.1)
            saved = "notes saved ✓" in status(app)
            if saved:
                committed = on_disk(desk, audit_id)
                assert all(box(app, field).text == committed[field] for field in NOTES)
            if saved and app.runner.idle():
                break
        else:
            raise AssertionError("the notes never showed as saved")
    assert on_disk(desk, audit_id)["overall_rationale"] == "x"
    assert on_disk(desk, audit_id)["strengths"] == "y"


async def test_a_loaded_note_is_not_an_edit(tmp_path: Path) -> None:
    """Opening the screen on notes already written shows them saved and sends nothing."""
    desk, audit_id = desk_on(tmp_path)
    desk.set_text(audit_id, "overall_rationale", "As graded")
    desk.set_text(audit_id, "areas_for_development", "Plan dates")
    app = make_app(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_judgement(pilot, app)
        assert box(app, "overall_rationale").text == "As graded"
        assert "notes saved ✓" in status(app)
        await pilot.pause(1.2)
        assert app.runner.idle()
        assert "notes saved ✓" in status(app)
