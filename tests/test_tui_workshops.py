"""From a theme on the dashboard to a practice workshop, its attendance, whether it
took, and the training needs by team: all by keys through the real app, at 80x24."""

from __future__ import annotations

from datetime import date

from conftest import MINI_RUBRICS, settle
from test_themes_actions import AFD, submit
from test_tui_plan import open_themes_tab
from textual.widgets import DataTable, Input, Static

from qa_tui.desks.audits import AuditDesk
from qa_tui.desks.learning import LearningDesk
from qa_tui.store.database import Store
from qa_tui.tui.app import make_app

VOICE = "Child's voice not recorded"


def this_month() -> str:
    return date.today().strftime("%Y-%m")


async def test_plan_a_workshop_from_a_theme_and_record_who_came(store: Store) -> None:
    for i in range(6):
        tags = (("child-seen", VOICE, AFD),) if i < 4 else ()
        submit(store, f"C-{i}", "MASH" if i % 2 else "Care West", this_month(), themes=tags)
    app = make_app(AuditDesk(store, "qa.lead", MINI_RUBRICS))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_themes_tab(pilot, app)
        await pilot.press("w")
        await settle(pilot, app)
        fields = list(app.screen.query(Input))
        assert fields[0].value == "practice workshop"
        assert fields[2].value == VOICE  # the theme under the cursor, preselected
        await pilot.press("enter", *"Hearing the child", "enter", "enter", *"MASH", "enter")
        fields[4].value = "2026-01-15"
        await pilot.press("enter", *"Pat", "enter")
        await settle(pilot, app)

        await pilot.press("L")
        await settle(pilot, app)
        table = app.screen.query_one("#learning-events", DataTable)
        assert table.row_count == 1
        assert str(table.get_row_at(0)[2]) == "Hearing the child"
        assert "Did it take?" in str(app.screen.query_one("#learning-impact", Static).render())

        await pilot.press("A")
        await settle(pilot, app)
        await pilot.press(*"5", "enter")
        await settle(pilot, app)
        assert "MASH (5)" in str(app.screen.query_one("#learning-detail", Static).render())

        await pilot.press("t")
        await settle(pilot, app)
        needs = app.screen.query_one("#needs-table", DataTable)
        rows = [[str(c) for c in needs.get_row_at(i)] for i in range(needs.row_count)]
        assert rows[0] == [VOICE, "all teams", "67% of 6"]
        assert ["", "Care West", "too few audits (3)"] in rows

    (event,) = LearningDesk(AuditDesk(store, "qa.lead")).events()
    assert (event.title, event.held_on, event.facilitator) == (
        "Hearing the child",
        "2026-01-15",
        "Pat",
    )
    assert [t.theme for t in event.themes] == [VOICE]
    assert [(t.team, t.attended) for t in event.teams] == [("MASH", 5)]
