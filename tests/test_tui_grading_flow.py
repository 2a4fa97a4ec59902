"""The auditor's flow on the audit screen: two keys a criterion, and nothing shown as saved
that is not on disk. Real app, real SQLite files, checked with a second connection."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest
from conftest import MINI_RUBRICS, open_highlighted_audit, settle
from people_setup import door, people_database
from textual import events
from textual.widgets import OptionList, Static, TextArea

from qa_tui.desks.audits import AuditDesk
from qa_tui.domain.records import Case
from qa_tui.settings import Settings
from qa_tui.store.database import Store
from qa_tui.tui.app import make_app
from qa_tui.tui.messages import Fetched


class SlowNotes(AuditDesk):
    """A desk on a slow disk: every note takes two seconds to save."""

    def save_evidence(self, audit_id: int, criterion_id: str, text: str) -> None:
        time.sleep(2)
        super().save_evidence(audit_id, criterion_id, text)


def desk_on(tmp_path: Path, desk_class: type[AuditDesk] = AuditDesk) -> tuple[AuditDesk, int]:
    store = Store.open(tmp_path / "qa.sqlite3")
    store.upsert_cases([Case("CIN-0001", "Assessment North", cohort="CIN")], "lead", "test")
    desk = desk_class(store, "alice", MINI_RUBRICS)
    return desk, desk.start_audit("CIN-0001", "mini")


@pytest.fixture
def graded(tmp_path: Path) -> tuple[AuditDesk, int]:
    return desk_on(tmp_path)


def on_disk(desk: AuditDesk, audit_id: int, criterion_id: str) -> tuple[str | None, str]:
    """The grade label and note as committed, read with a connection of its own."""
    conn = sqlite3.connect(desk.store.path)
    try:
        row = conn.execute(
            "SELECT grade_label, evidence FROM answers WHERE audit_id = ? AND criterion_id = ?",
            (audit_id, criterion_id),
        ).fetchone()
    finally:
        conn.close()
    return (row[0], row[1]) if row else (None, "")


def shown(app, widget_id: str) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one(f"#{widget_id}", Static).render())


def line_of(app, criterion_id: str) -> str:  # type: ignore[no-untyped-def]
    options = app.screen.query_one("#criteria", OptionList)
    return str(options.get_option(criterion_id).prompt)


async def type_text(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press(*["space" if ch == " " else ch for ch in text])


# -- two keys a criterion ------------------------------------------------------------


async def test_a_grade_moves_the_cursor_to_the_next_criterion_without_a_grade(
    graded: tuple[AuditDesk, int],
) -> None:
    desk, audit_id = graded
    desk.grade_by_number(audit_id, "plan-smart", 2)  # already done: skipped
    app = make_app(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_highlighted_audit(pilot, app)
        assert app.screen.current == "child-seen"
        await pilot.press("1")  # Outstanding needs no note
        await settle(pilot, app)
        assert app.screen.current == "visits-in-time"
        assert "3/3" in shown(app, "question")
        assert line_of(app, "child-seen").startswith("✓ Outst.")
    assert on_disk(desk, audit_id, "child-seen")[0] == "Outstanding"


async def test_a_grade_needing_evidence_opens_the_note_and_escape_moves_on(
    graded: tuple[AuditDesk, int],
) -> None:
    desk, audit_id = graded
    app = make_app(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_highlighted_audit(pilot, app)
        await pilot.press("3")  # Requires improvement: needs an evidence note
        await settle(pilot, app)
        assert app.screen.query_one("#evidence", TextArea).has_focus
        assert app.screen.current == "child-seen"
        await type_text(pilot, "Seen once since March")
        await pilot.press("escape")  # one key: the note is saved and the cursor moves on
        await settle(pilot, app)
        assert app.screen.current == "plan-smart"
        assert app.screen.query_one("#criteria", OptionList).has_focus
        assert "Is the plan SMART?" in shown(app, "question")
    assert on_disk(desk, audit_id, "child-seen") == (
        "Requires improvement to be good",
        "Seen once since March",
    )


async def test_the_last_grade_stays_and_says_everything_is_graded(
    graded: tuple[AuditDesk, int],
) -> None:
    desk, audit_id = graded
    desk.grade_by_number(audit_id, "plan-smart", 2)
    desk.grade_by_number(audit_id, "visits-in-time", 1)
    seen: list = []
    app = make_app(desk)
    async with app.run_test(size=(80, 24), message_hook=seen.append) as pilot:
        await open_highlighted_audit(pilot, app)
        await pilot.press("2")
        await settle(pilot, app)
        assert app.screen.current == "child-seen"
        assert "Good" in shown(app, "grade-status") and "saved ✓" in shown(app, "grade-status")
    notes = [m.notification.message for m in seen if type(m).__name__ == "Notify"]
    assert any("Every criterion is graded" in n for n in notes)


async def test_inadequate_on_a_limiting_criterion_pauses_where_a_concern_is_one_key(
    graded: tuple[AuditDesk, int],
) -> None:
    """The one grade that may mean a child is unsafe now: the cursor stays, the list keeps
    the keys, so `!` records the concern at once (and `e` writes the note)."""
    desk, audit_id = graded
    app = make_app(desk)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_highlighted_audit(pilot, app)
        await pilot.press("4")  # child-seen is limiting: Inadequate
        await settle(pilot, app)
        assert app.screen.current == "child-seen"
        assert app.screen.query_one("#criteria", OptionList).has_focus
        assert any("press !" in n.message for n in app._notifications)
        assert "saved ✓" in shown(app, "grade-status")
        await pilot.press("exclamation_mark")
        await settle(pilot, app)
        assert type(app.screen).__name__ == "ConcernForm"
    assert on_disk(desk, audit_id, "child-seen")[0] == "Inadequate"


async def test_staying_on_the_criterion_is_a_setting(graded: tuple[AuditDesk, int]) -> None:
    desk, audit_id = graded
    app = make_app(desk, settings=Settings(stay_on_criterion=True))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_highlighted_audit(pilot, app)
        await pilot.press("3")  # weak, but the cursor and the focus stay where they are
        await settle(pilot, app)
        assert app.screen.current == "child-seen"
        assert app.screen.query_one("#criteria", OptionList).has_focus
        assert "this grade needs a note" in shown(app, "note-status")
    assert on_disk(desk, audit_id, "child-seen")[0] == "Requires improvement to be good"


async def test_digits_typed_without_waiting_grade_one_criterion_after_another(
    graded: tuple[AuditDesk, int],
) -> None:
    desk, audit_id = graded
    app = make_app(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_highlighted_audit(pilot, app)
        for key in "221":  # as a terminal delivers them: no waiting between
            event = events.Key(key, key)
            event.set_sender(app)
            app._driver.send_message(event)
        await settle(pilot, app)
    assert [on_disk(desk, audit_id, c)[0] for c in ("child-seen", "plan-smart")] == ["Good"] * 2
    assert on_disk(desk, audit_id, "visits-in-time")[0] == "Yes"


# -- nothing shown as saved that is not on disk --------------------------------------


async def test_a_grade_waiting_for_the_disk_shows_saving_until_it_is_committed(
    graded: tuple[AuditDesk, int],
) -> None:
    """Another program holds the database's write lock for a moment: the grade shows
    "saving…" and the cursor still moves on; the ✓ comes only with the commit."""
    desk, audit_id = graded
    held, release = threading.Event(), threading.Event()

    def hold_the_write_lock() -> None:
        other = sqlite3.connect(desk.store.path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        held.set()
        release.wait(10)
        other.execute("COMMIT")
        other.close()

    app = make_app(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_highlighted_audit(pilot, app)
        holder = threading.Thread(target=hold_the_write_lock)
        holder.start()
        held.wait(5)
        await pilot.press("2")
        await pilot.pause(0.3)
        assert app.screen.current == "plan-smart"  # the next key goes where the auditor looks
        assert "saving" in line_of(app, "child-seen")
        assert on_disk(desk, audit_id, "child-seen")[0] is None
        release.set()
        holder.join()
        await settle(pilot, app)
        assert line_of(app, "child-seen").startswith("✓ Good")
    assert on_disk(desk, audit_id, "child-seen")[0] == "Good"


async def test_the_note_status_changes_in_the_same_call_as_the_text(
    graded: tuple[AuditDesk, int],
) -> None:
    """No frame can be painted between the character and "unsaved…": the note box tells
    the screen as it edits, before anything yields to the event loop."""
    desk, audit_id = graded
    desk.save_evidence(audit_id, "child-seen", "Seen")
    app = make_app(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_highlighted_audit(pilot, app)
        assert "note saved ✓" in shown(app, "note-status")
        area = app.screen.query_one("#evidence", TextArea)
        area.focus()
        area.move_cursor(area.document.end)
        area.insert(" alone")  # what a key press in the box does, and no await after it
        assert "unsaved…" in shown(app, "note-status")
        await pilot.pause(1.2)  # saved once typing stops
        await settle(pilot, app)
        assert "note saved ✓" in shown(app, "note-status")
    assert on_disk(desk, audit_id, "child-seen")[1] == "Seen alone"


async def test_with_a_slow_disk_saved_is_shown_only_for_the_text_on_disk(tmp_path: Path) -> None:
    """`ab`, a pause, `c`, a pause, backspace, with each save taking 2 s: `ab` commits
    while `abc` is still queued, then `abc` commits while the box says `ab`. "Saved"
    must wait for the third save, `ab` again."""
    desk, audit_id = desk_on(tmp_path, SlowNotes)
    app = make_app(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_highlighted_audit(pilot, app)
        await pilot.press("e", "a", "b")
        await pilot.pause(1.0)  # the note saves itself after 0.8 s: `ab` is on its way
        await pilot.press("c")
        await pilot.pause(1.0)  # `abc` queued behind it
        await pilot.press("backspace")
        area = app.screen.query_one("#evidence", TextArea)
        for _ in range(100):  # the three saves take six seconds
            await pilot.pause(0.1)
            saved = "note saved ✓" in shown(app, "note-status")
            if saved:
                assert area.text == on_disk(desk, audit_id, "child-seen")[1]
            if saved and app.runner.idle():
                break
        else:
            raise AssertionError("the note never showed as saved")
    assert on_disk(desk, audit_id, "child-seen")[1] == "ab"


async def test_a_save_waited_for_is_answered_even_as_the_runners_first_job(
    tmp_path: Path,
) -> None:
    """The database thread starts with the first job; a job the UI waits for may be it."""
    store = people_database(tmp_path / "team.sqlite3")
    app = make_app(door(store), sign_in=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        answer = app.runner.run_waiting(
            "count the people", lambda: len(store.people()), app, lambda n: Fetched(n, print), 5
        )
        assert isinstance(answer, Fetched) and answer.value == 4
