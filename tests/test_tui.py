"""The auditor's flows through the real app and Pilot, checked against the database."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from conftest import MINI_RUBRICS, open_highlighted_audit, settle
from textual import events
from textual.widgets import OptionList, Static, TextArea

from qa_tui.desks.audits import AuditDesk
from qa_tui.domain.records import Case
from qa_tui.settings import Settings
from qa_tui.store.database import Store
from qa_tui.tui.app import make_app

MINI = Path(__file__).parent / "data" / "rubrics"


@pytest.fixture
def tui_desk(tmp_path: Path) -> AuditDesk:
    store = Store.open(tmp_path / "qa.sqlite3")
    store.upsert_cases(
        [
            Case(
                "CIN-0001",
                "Assessment North",
                worker="SW Amber",
                cohort="CIN",
                child_pseudonym="Child K7",
            ),
            Case("CP-0002", "Child Protection East", cohort="CP"),
        ],
        "lead",
        "test",
    )
    return AuditDesk(store, "alice", MINI)


def db_answers(path: Path, audit_id: int) -> dict[str, tuple]:
    """Read with a separate connection: what is on disk, not what the app holds."""
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute(
            "SELECT criterion_id, grade_label, not_applicable, evidence FROM answers "
            "WHERE audit_id = ?",
            (audit_id,),
        ).fetchall()
    finally:
        conn.close()
    return {r[0]: r[1:] for r in rows}


def criteria_lines(app) -> list[str]:  # type: ignore[no-untyped-def]
    options = app.screen.query_one("#criteria", OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def type_text(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press(*["space" if ch == " " else ch for ch in text])


async def test_grade_a_whole_rubric_with_the_keyboard(tui_desk: AuditDesk) -> None:
    audit_id = tui_desk.start_audit("CIN-0001", "mini")
    db_path = tui_desk.store.path
    app = make_app(tui_desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_highlighted_audit(pilot, app)  # the only audit is highlighted
        assert "CIN-0001" in str(app.screen.query_one("#audit-header", Static).render())

        await pilot.press("3")  # child-seen: Requires improvement, which needs a note
        await settle(pilot, app)
        assert db_answers(db_path, audit_id)["child-seen"][0] == "Requires improvement to be good"
        assert app.screen.query_one("#evidence", TextArea).has_focus  # the note box opened
        await type_text(pilot, "Seen once in six months")
        await pilot.press("escape")  # leaving the note saves it at once, and moves on
        await settle(pilot, app)
        assert db_answers(db_path, audit_id)["child-seen"][2] == "Seen once in six months"
        assert app.screen.current == "plan-smart"
        await pilot.press("up", "c", "enter")  # child-seen's suggested area for development
        await settle(pilot, app)

        await pilot.press("down", "n")  # plan-smart: not applicable; the cursor moves on
        await settle(pilot, app)
        await pilot.press("1")  # visits-in-time (compliance): Yes
        await settle(pilot, app)
        lines = criteria_lines(app)
        assert any("Child seen" in line and "RI" in line for line in lines)
        assert any("Plan smart" in line and "N/A" in line for line in lines)
        assert any("Visits in time" in line and "Yes" in line for line in lines)

        await pilot.press("o")  # judgement
        await settle(pilot, app)
        await pilot.press("3")  # overall: Requires improvement, same as the limiting grade
        await settle(pilot, app)
        await pilot.press("tab")
        await type_text(pilot, "Child rarely seen alone")
        await pilot.press("escape")
        await settle(pilot, app)
        await pilot.press("s")  # back to the audit and submit
        await settle(pilot, app)
        assert "Submitted" in str(app.screen.query_one("#audit-header", Static).render())

    audit = tui_desk.store.audit(audit_id)
    assert audit.status == "submitted"
    assert audit.overall_grade_label == "Requires improvement to be good"
    assert audit.overall_rationale == "Child rarely seen alone"
    assert {t.theme for t in audit.themes} == {"Child not seen alone"}
    assert db_answers(db_path, audit_id)["plan-smart"][1] == 1
    fields = [e.field for e in tui_desk.store.events("audit", audit_id)]
    assert "answer.child-seen.grade" in fields and fields[-1] == "status"


async def test_submit_lists_what_is_missing_and_goes_there(tui_desk: AuditDesk) -> None:
    audit_id = tui_desk.start_audit("CIN-0001", "mini")
    tui_desk.grade_by_number(audit_id, "child-seen", 2)
    app = make_app(tui_desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_highlighted_audit(pilot, app)
        await pilot.press("s")
        await settle(pilot, app)
        choices = app.screen.query_one("#choices", OptionList)
        listed = [str(choices.get_option_at_index(i).prompt) for i in range(choices.option_count)]
        assert listed[0] == "plan-smart: not graded"
        assert "overall grade not chosen" in listed
        await pilot.press("enter")  # go to the first problem
        await settle(pilot, app)
        assert app.screen.current == "plan-smart"
    assert tui_desk.store.audit(audit_id).status == "in_progress"


async def test_inadequate_cannot_be_submitted_without_its_escalation(tui_desk: AuditDesk) -> None:
    audit_id = tui_desk.start_audit("CIN-0001", "mini")
    tui_desk.grade_by_number(audit_id, "child-seen", 4)
    tui_desk.save_evidence(audit_id, "child-seen", "Not seen since March")
    tui_desk.mark_not_applicable(audit_id, "plan-smart")
    tui_desk.grade_by_number(audit_id, "visits-in-time", 3)
    tui_desk.save_evidence(audit_id, "visits-in-time", "No visits recorded")
    tui_desk.set_overall(audit_id, "inadequate")
    tui_desk.set_text(audit_id, "overall_rationale", "Child unseen for months")
    app = make_app(tui_desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_highlighted_audit(pilot, app)
        await pilot.press("s")
        await settle(pilot, app)
        assert type(app.screen).__name__ == "EscalationForm"
        await pilot.press("escape")  # trying to skip it leaves the audit unsubmitted
        await settle(pilot, app)
        assert tui_desk.store.audit(audit_id).status == "in_progress"

        await pilot.press("s")
        await settle(pilot, app)
        await type_text(pilot, "TM Cedar")
        await pilot.press("enter", "enter")  # keep the time offered
        await type_text(pilot, "Visit today with police")
        await pilot.press("enter")
        await settle(pilot, app)
    audit = tui_desk.store.audit(audit_id)
    assert audit.status == "submitted"
    assert audit.escalations[0].told_who == "TM Cedar"
    assert audit.escalations[0].immediate_action == "Visit today with police"


async def test_submitted_audit_is_read_only_until_reopened(tui_desk: AuditDesk) -> None:
    audit_id = tui_desk.start_audit("CIN-0001", "mini")
    tui_desk.grade_by_number(audit_id, "child-seen", 2)
    tui_desk.mark_not_applicable(audit_id, "plan-smart")
    tui_desk.grade_by_number(audit_id, "visits-in-time", 1)
    tui_desk.set_overall(audit_id, "good")
    tui_desk.set_text(audit_id, "overall_rationale", "Solid practice")
    tui_desk.submit(audit_id)
    app = make_app(tui_desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_highlighted_audit(pilot, app)
        await pilot.press("4")  # refused: read-only
        await settle(pilot, app)
        assert tui_desk.store.audit(audit_id).answers["child-seen"].grade_label == "Good"
        await pilot.press("R")
        await type_text(pilot, "Worker sent new evidence")
        await pilot.press("enter")
        await settle(pilot, app)
        await pilot.press("4")
        await settle(pilot, app)
    audit = tui_desk.store.audit(audit_id)
    assert audit.status == "in_progress"
    assert audit.answers["child-seen"].grade_label == "Inadequate"
    reopened = [
        e
        for e in tui_desk.store.events("audit", audit_id)
        if (e.new_value or "").startswith("in_progress (reopened")
    ]
    assert reopened and "Worker sent new evidence" in (reopened[0].new_value or "")


async def test_reopening_an_audit_resumes_at_the_first_ungraded_criterion(
    tui_desk: AuditDesk,
) -> None:
    audit_id = tui_desk.start_audit("CIN-0001", "mini")
    tui_desk.grade_by_number(audit_id, "child-seen", 2)
    app = make_app(tui_desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_highlighted_audit(pilot, app)
        assert app.screen.current == "plan-smart"
        question = str(app.screen.query_one("#question", Static).render())
        assert "Is the plan SMART?" in question


async def test_start_a_new_audit_from_home(tui_desk: AuditDesk) -> None:
    app = make_app(tui_desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("n")
        await settle(pilot, app)
        await type_text(pilot, "CP-00")
        await settle(pilot, app)
        await pilot.press("down", "enter")  # into the case list, choose the case
        await pilot.press("enter")  # the first (only) rubric
        await settle(pilot, app)
        assert type(app.screen).__name__ == "AuditScreen"
    [summary] = tui_desk.my_audits()
    assert summary.case_ref == "CP-0002" and summary.rubric_id == "mini"


async def test_notes_typed_are_saved_without_leaving_the_box(tui_desk: AuditDesk) -> None:
    audit_id = tui_desk.start_audit("CIN-0001", "mini")
    app = make_app(tui_desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_highlighted_audit(pilot, app)
        await pilot.press("e")
        await type_text(pilot, "Chronology last updated 2024")
        await pilot.pause(1.2)  # the note saves itself once typing stops
        await settle(pilot, app)
        assert app.screen.query_one("#evidence", TextArea).has_focus
        note = str(app.screen.query_one("#note-status", Static).render())
        assert "saved" in note
    assert (
        db_answers(tui_desk.store.path, audit_id)["child-seen"][2] == "Chronology last updated 2024"
    )


async def test_help_lists_the_audit_keys(tui_desk: AuditDesk) -> None:
    tui_desk.start_audit("CIN-0001", "mini")
    app = make_app(tui_desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_highlighted_audit(pilot, app)
        await pilot.press("question_mark")
        await settle(pilot, app)
        text = " ".join(f"{key} {does}" for key, does in app.screen.rows)
        for words in ("Evidence", "Not applicable", "Submit", "Reopen", "Command palette"):
            assert words.lower() in text.lower(), words
        await pilot.press("escape")
        assert type(app.screen).__name__ == "AuditScreen"


async def test_light_and_dark_themes_switch(tui_desk: AuditDesk) -> None:
    app = make_app(tui_desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        before = app.theme
        await pilot.press("ctrl+t")
        assert app.theme != before
        assert {before, app.theme} == {"textual-dark", "textual-light"}


async def test_a_database_failure_is_shown_calmly_and_nothing_typed_is_lost(
    tui_desk: AuditDesk,
) -> None:
    tui_desk.start_audit("CIN-0001", "mini")
    seen: list = []
    app = make_app(tui_desk)
    async with app.run_test(size=(80, 24), message_hook=seen.append) as pilot:
        await settle(pilot, app)
        await pilot.press("enter")
        await settle(pilot, app)
        tui_desk.store.conn.close()  # the database goes away under the app
        await pilot.press("2")
        await settle(pilot, app)
        await pilot.press("e")
        await type_text(pilot, "Worker on leave")
        await pilot.press("escape")
        await settle(pilot, app)
        errors = [
            m.notification.message
            for m in seen
            if type(m).__name__ == "Notify" and m.notification.severity == "error"
        ]
        assert any("Could not save the grade" in e for e in errors)
        assert any("Could not save the evidence note" in e for e in errors)
        assert app.is_running
        assert not any("saving" in line for line in criteria_lines(app))
        assert app.screen.query_one("#evidence", TextArea).text == "Worker on leave"
        assert "unsaved" in str(app.screen.query_one("#note-status", Static).render())


async def test_command_palette_reaches_the_audit_actions(tui_desk: AuditDesk) -> None:
    tui_desk.start_audit("CIN-0001", "mini")
    app = make_app(tui_desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_highlighted_audit(pilot, app)
        await pilot.press("ctrl+p")
        await type_text(pilot, "Overall judgement")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot, app)
        assert type(app.screen).__name__ == "JudgementScreen"


async def test_quitting_straight_after_typing_saves_the_note(tui_desk: AuditDesk) -> None:
    audit_id = tui_desk.start_audit("CIN-0001", "mini")
    app = make_app(tui_desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_highlighted_audit(pilot, app)
        await pilot.press("e")
        await type_text(pilot, "Last words")
        await pilot.press("ctrl+q")  # well inside the 0.8 s before a note saves itself
    assert db_answers(tui_desk.store.path, audit_id)["child-seen"][2] == "Last words"


async def test_fast_typing_grades_the_criterion_under_the_cursor(tui_desk: AuditDesk) -> None:
    """2, down, 3 typed without waiting: each grade lands on the criterion it was given to
    (with the cursor staying put after a grade, as the arrows then do all the moving)."""
    audit_id = tui_desk.start_audit("CIN-0001", "mini")
    app = make_app(tui_desk, settings=Settings(stay_on_criterion=True))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_highlighted_audit(pilot, app)
        for key, char in [("2", "2"), ("down", None), ("3", "3"), ("down", None), ("1", "1")]:
            event = events.Key(key, char)  # as a terminal delivers them: no waiting between
            event.set_sender(app)
            app._driver.send_message(event)
        await settle(pilot, app)
        lines = criteria_lines(app)
    answers = db_answers(tui_desk.store.path, audit_id)
    assert answers["child-seen"][0] == "Good"
    assert answers["plan-smart"][0] == "Requires improvement to be good"
    assert answers["visits-in-time"][0] == "Yes"
    assert any("Plan smart" in line and "RI" in line for line in lines)


async def test_a_broken_rubric_file_is_reported_on_screen_and_work_goes_on(tmp_path: Path) -> None:
    rubrics = tmp_path / "rubrics"
    rubrics.mkdir()
    (rubrics / "mini.yaml").write_text(
        (MINI / "mini.yaml")
        .read_text(encoding="utf-8")
        .replace("limiting: true", "limitting: true"),
        encoding="utf-8",
    )
    store = Store.open(tmp_path / "qa.sqlite3")
    desk = AuditDesk(store, "alice", rubrics)
    seen: list = []
    app = make_app(desk)
    async with app.run_test(size=(80, 24), message_hook=seen.append) as pilot:
        await pilot.pause(1.5)  # rubric files are read just after the first screen
        await settle(pilot, app)
        errors = [
            m.notification.message
            for m in seen
            if type(m).__name__ == "Notify" and m.notification.severity == "error"
        ]
        assert any("mini.yaml:" in e and "limitting: unknown key" in e for e in errors)
        assert type(app.screen).__name__ == "HomeScreen"
        await pilot.press("n")  # the new-audit list says why no rubric can be chosen
        await settle(pilot, app)
        rubric_list = app.screen.query_one("#rubrics", OptionList)
        first = str(rubric_list.get_option_at_index(0).prompt)
        assert "No rubric can be used" in first


async def test_criteria_lines_fit_their_column_whatever_the_grade(tui_desk: AuditDesk) -> None:
    audit_id = tui_desk.start_audit("CIN-0001", "mini")
    tui_desk.grade_by_number(audit_id, "child-seen", 1)  # Outstanding: the longest label
    tui_desk.grade_by_number(audit_id, "plan-smart", 4)  # Inadequate
    app = make_app(tui_desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_highlighted_audit(pilot, app)
        options = app.screen.query_one("#criteria", OptionList)
        width = options.scrollable_content_region.width
        shown = [options.render_line(y).text.rstrip() for y in range(options.option_count)]
        assert all(len(line) <= width for line in shown), shown
        assert any(line.startswith("✓ Outst.") and "Child seen" in line for line in shown)
        assert any(line.startswith("✓ Inadeq") and "Plan smart" in line for line in shown)


async def test_home_reads_a_long_list_a_page_at_a_time(store: Store) -> None:
    """With hundreds of audits, home shows the first page at once and reads the next
    as the cursor nears the end; the counts cover them all from the start."""
    from qa_tui.tui.screens.home import HOME_PAGE

    store.upsert_cases([Case(f"CIN-{i:04d}", "MASH") for i in range(HOME_PAGE + 30)], "l", "t")
    desk = AuditDesk(store, "alice", MINI_RUBRICS)
    for i in range(HOME_PAGE + 30):
        desk.start_audit(f"CIN-{i:04d}", "mini")
    app = make_app(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        options = app.screen.query_one("#audits", OptionList)
        summary = str(app.screen.query_one("#home-summary", Static).render())
        assert f"{HOME_PAGE + 30} to do" in summary
        listed = [o.id for o in options._options if o.id]
        assert len(listed) == HOME_PAGE
        await pilot.press("end")
        await settle(pilot, app)
        listed = [o.id for o in options._options if o.id]
        assert len(listed) == len(set(listed)) == HOME_PAGE + 30
        heads = [str(o.prompt) for o in options._options if o.disabled]
        assert heads == [
            "In progress (0)",
            "  nothing here",
            f"To do ({HOME_PAGE + 30})",
            "Submitted (0)",
            "  nothing here",
        ]


async def test_each_database_failure_is_reported_once(tui_desk: AuditDesk) -> None:
    """A screen that says something of its own about a failure stops it; the others
    leave it to the app. Either way the user reads it once."""
    tui_desk.start_audit("CIN-0001", "mini")
    seen: list = []
    app = make_app(tui_desk)
    async with app.run_test(size=(80, 24), message_hook=seen.append) as pilot:
        await settle(pilot, app)
        tui_desk.store.conn.close()  # the database goes away under the app
        await pilot.press("r")  # home: reported by the app
        await settle(pilot, app)
        await pilot.press("enter")  # the audit screen: reported by the screen
        await settle(pilot, app)
        errors = [
            m.notification.message
            for m in seen
            if type(m).__name__ == "Notify" and m.notification.severity == "error"
        ]
    assert sum("Could not list my audits" in e for e in errors) == 1
    assert sum("Could not open the audit" in e for e in errors) == 1
