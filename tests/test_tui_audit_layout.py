"""The audit screen from 80x24 to 200x60, on the shipped whole-case-file rubric (the
longest questions and guidance): every grade's guidance can be read by keys, the
question is always in view, and text is cut only where the terminal is too narrow."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import open_highlighted_audit, settle
from textual.widget import Widget
from textual.widgets import OptionList, Static, TextArea

from qa_tui.desks.audits import AuditDesk
from qa_tui.domain.records import Case
from qa_tui.store.database import Store
from qa_tui.tui.app import make_app


@pytest.fixture
def whole_case_file(tmp_path: Path) -> AuditDesk:
    store = Store.open(tmp_path / "qa.sqlite3")
    store.upsert_cases([Case("CIN-0001", "Family Support South", cohort="CIN")], "lead", "t")
    desk = AuditDesk(store, "alice")  # the shipped rubrics
    desk.start_audit("CIN-0001", "whole-case-file")
    return desk


def in_view(widget: Widget) -> bool:
    """The widget's first line is painted where it stands (not scrolled away or covered)."""
    region = widget.region
    if not region or not widget.screen.region.contains_region(region):
        return False
    return widget.screen.get_widget_at(region.x, region.y)[0] is widget


def end_in_view(pane: Widget, paragraph: Widget) -> bool:
    """The paragraph's last line is inside the scrolled pane's view."""
    top, height = pane.scroll_y, pane.scrollable_content_region.height
    place = paragraph.parent.virtual_region  # type: ignore[union-attr]
    return top <= place.bottom - 1 < top + height


async def test_at_80x24_the_guidance_of_every_grade_is_read_by_keys(
    whole_case_file: AuditDesk,
) -> None:
    app = make_app(whole_case_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_highlighted_audit(pilot, app)
        pane = app.screen.query_one("#guidance-pane")
        # The first question (visits) is a compliance one: 3 No is its last guidance.
        last = app.screen.query_one("#guidance-2")
        assert not end_in_view(pane, last)  # more than 80x24 can show at once
        await pilot.press("tab")  # the guidance takes the keys
        assert pane.has_focus
        for _ in range(40):
            await pilot.press("down")
        await settle(pilot, app)
        assert end_in_view(pane, last)
        assert in_view(app.screen.query_one("#question"))
        assert in_view(app.screen.query_one("#grade-status"))
        await pilot.press("1")  # a grade from the guidance: saved, and the cursor moves on
        await settle(pilot, app)
        assert app.screen.current == "child-seen-and-seen-alone"
        await pilot.press("escape")  # back to the list, not out of the audit
        assert app.screen.query_one("#criteria", OptionList).has_focus


async def test_at_120x36_the_next_question_stays_in_view_after_a_note(
    whole_case_file: AuditDesk,
) -> None:
    app = make_app(whole_case_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_highlighted_audit(pilot, app)
        await pilot.press("3")  # No (the visits question): the note box opens
        await settle(pilot, app)
        assert app.screen.query_one("#evidence", TextArea).has_focus
        assert in_view(app.screen.query_one("#question"))  # still there while writing
        await pilot.press(*"No views recorded".replace(" ", "_"))
        await pilot.press("escape")
        await settle(pilot, app)
        question = app.screen.query_one("#question", Static)
        assert "2/20" in str(question.render())
        assert in_view(question)
        assert in_view(app.screen.query_one("#grade-status"))


async def test_at_200x60_text_keeps_a_readable_width_and_nothing_is_cut(
    whole_case_file: AuditDesk,
) -> None:
    app = make_app(whole_case_file)
    async with app.run_test(size=(200, 60)) as pilot:
        await open_highlighted_audit(pilot, app)
        guidance = app.screen.query_one("#guidance-0")
        evidence = app.screen.query_one("#evidence")
        assert guidance.size.width <= 100
        assert evidence.region.x > guidance.region.right  # the note beside, not below
        assert in_view(evidence) and in_view(guidance)
        options = app.screen.query_one("#criteria", OptionList)
        lines = [options.render_line(y).text for y in range(options.option_count)]
        assert any("Management oversight and supervision" in line for line in lines)
        assert not any("…" in line for line in lines)


async def test_at_80x24_a_narrow_list_cuts_names_not_grades(whole_case_file: AuditDesk) -> None:
    app = make_app(whole_case_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_highlighted_audit(pilot, app)
        for _ in range(13):  # grade down to management oversight
            await pilot.press("1")
        await settle(pilot, app)
        options = app.screen.query_one("#criteria", OptionList)
        width = options.scrollable_content_region.width
        lines = [options.render_line(y).text.rstrip() for y in range(options.option_count)]
        assert all(len(line) <= width for line in lines)
        oversight = next(line for line in lines if "Management" in line)
        assert oversight.startswith("✓ Outst.") and oversight.endswith("…")
