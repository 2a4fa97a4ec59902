"""The dashboard through the real app: filters by key, the tabs, and drill-down to one audit."""

from __future__ import annotations

from conftest import MINI_RUBRICS, settle
from textual.widgets import DataTable, OptionList, Static

from qa_tui.desks.audits import AuditDesk
from qa_tui.desks.dashboard import DashboardDesk
from qa_tui.domain.dashboard_records import Filters
from qa_tui.store.database import Store
from qa_tui.tui.app import make_app
from qa_tui.tui.screens.audit import AuditScreen
from qa_tui.tui.screens.drill_down import DrillDownScreen


def headline(app) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one("#dash-headline", Static).render())


async def choose(pilot, app, key: str, label: str) -> None:  # type: ignore[no-untyped-def]
    """Press a filter key and pick `label` from the list it opens."""
    await pilot.press(key)
    await settle(pilot, app)
    options = app.screen.query_one(OptionList)
    labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
    options.highlighted = labels.index(label)
    await pilot.press("enter")
    await settle(pilot, app)


async def test_filters_change_the_figures(store: Store, seeded: list[int]) -> None:
    figures = DashboardDesk(AuditDesk(store, "reader"))
    everyone = figures.overview(Filters()).overall.counted
    east = figures.overview(Filters(team="Child Protection East")).overall.counted
    bob_cla = figures.overview(Filters(auditor="bob", cohort="CLA")).overall.counted
    assert everyone > east > 0

    app = make_app(AuditDesk(store, "qa.lead", MINI_RUBRICS))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot, app)
        await pilot.press("d")
        await settle(pilot, app)
        await choose(pilot, app, "d", "All time")
        assert headline(app).startswith(f"{everyone} audits")

        await choose(pilot, app, "t", "Child Protection East")
        assert headline(app).startswith(f"{east} audits")
        filters = str(app.screen.query_one("#dash-filters", Static).render())
        assert "Team: Child Protection East" in filters

        await pilot.press("x")  # clear: back to everything
        await settle(pilot, app)
        assert headline(app).startswith(f"{everyone} audits")

        await choose(pilot, app, "a", "bob")
        await choose(pilot, app, "c", "CLA")
        assert headline(app).startswith(f"{bob_cla} audits")


async def test_a_rubric_shows_its_criteria_and_compliance_apart(
    store: Store, seeded: list[int]
) -> None:
    app = make_app(AuditDesk(store, "qa.lead", MINI_RUBRICS))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot, app)
        await pilot.press("d")
        await settle(pilot, app)
        criteria = app.screen.query_one("#dash-criteria", DataTable)
        assert criteria.row_count == 0  # opens on the last 12 months: nothing since 2025-04
        await choose(pilot, app, "d", "All time")
        assert criteria.row_count == 1  # one rubric: its overall judgement only
        await choose(pilot, app, "b", "Mini rubric for tests")
        names = [str(criteria.get_row_at(i)[0]) for i in range(criteria.row_count)]
        assert names == [
            "Overall judgement",
            "Was the child seen, and seen alone where appropriate?",
            "Is the plan SMART?",
        ]
        compliance = app.screen.query_one("#dash-compliance", DataTable)
        assert compliance.display
        assert str(compliance.get_row_at(0)[0]) == "Were statutory visits made in time?"

        await pilot.press("2")  # teams tab: one row per team, a column per quality criterion
        await settle(pilot, app)
        teams = app.screen.query_one("#dash-teams", DataTable)
        assert teams.has_focus
        assert teams.row_count == 3 and len(teams.columns) == 4

        await pilot.press("4", "y")  # trend by quarter
        await settle(pilot, app)
        trend = app.screen.query_one("#dash-trend", DataTable)
        assert next(str(c.label) for c in trend.columns.values()) == "Quarter"
        assert [str(trend.get_row_at(i)[0]) for i in range(trend.row_count)] == [
            "2025 Q1",
            "2025 Q2",
        ]


async def test_enter_on_a_figure_lists_its_audits_and_opens_one(
    store: Store, seeded: list[int]
) -> None:
    good = DashboardDesk(AuditDesk(store, "reader")).overview(Filters(rubric_id="mini"))
    child_seen = next(r for r in good.criteria if r.criterion_id == "child-seen").figures
    app = make_app(AuditDesk(store, "qa.lead", MINI_RUBRICS))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot, app)
        await pilot.press("d")
        await settle(pilot, app)
        await choose(pilot, app, "d", "All time")
        await choose(pilot, app, "b", "Mini rubric for tests")
        criteria = app.screen.query_one("#dash-criteria", DataTable)
        criteria.focus()
        criteria.move_cursor(row=1, column=2)  # child seen: Good or better
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, DrillDownScreen)
        listed = app.screen.query_one("#drill-audits", DataTable)
        assert listed.row_count == child_seen.good_or_better
        assert {str(listed.get_row_at(i)[2]) for i in range(listed.row_count)} <= {"Outst.", "Good"}
        first = int(str(listed.get_row_at(0)[0]))
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, AuditScreen)
        assert app.screen.audit_id == first


async def test_the_audits_behind_a_figure_are_read_a_page_at_a_time(
    store: Store, seeded: list[int], monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from qa_tui.tui.screens import drill_down

    monkeypatch.setattr(drill_down, "PAGE", 8)
    app = make_app(AuditDesk(store, "qa.lead", MINI_RUBRICS))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot, app)
        await pilot.press("d")
        await settle(pilot, app)
        await choose(pilot, app, "d", "All time")
        await pilot.press("left", "enter")  # the mini rubric's row: Graded (every audit)
        await settle(pilot, app)
        listed = app.screen.query_one("#drill-audits", DataTable)
        assert listed.row_count == 8
        for _ in range(3):
            await pilot.press("end")
            await settle(pilot, app)
        ids = [str(listed.get_row_at(i)[0]) for i in range(listed.row_count)]
        assert len(ids) == len(set(ids)) == len(seeded)
        assert "30 audit(s)" in str(app.screen.query_one("#drill-count", Static).render())
