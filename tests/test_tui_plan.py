"""From a theme on the dashboard to an action with a measurable target, and the plan
reviewed and re-statused, all by keys through the real app."""

from __future__ import annotations

from datetime import date

from conftest import MINI_RUBRICS, settle
from test_themes_actions import AFD, plan, submit
from textual.widgets import DataTable, Input, OptionList, Static

from qa_tui.desks.audits import AuditDesk
from qa_tui.store.database import Store
from qa_tui.tui.app import make_app


def this_month() -> str:
    return date.today().strftime("%Y-%m")


async def open_themes_tab(pilot, app) -> None:  # type: ignore[no-untyped-def]
    """From home, once loaded: the dashboard's Themes tab."""
    await settle(pilot, app)
    await pilot.press("d")
    await settle(pilot, app)
    await pilot.press("5")
    await settle(pilot, app)


async def test_promote_a_theme_to_an_action_with_a_target(store: Store) -> None:
    for i in range(4):
        submit(
            store,
            f"C-{i}",
            "MASH",
            this_month(),
            seen="requires-improvement",
            themes=(("child-seen", "Child not seen alone", AFD),),
        )
    app = make_app(AuditDesk(store, "qa.lead", MINI_RUBRICS))
    async with app.run_test(size=(120, 36)) as pilot:
        await open_themes_tab(pilot, app)
        themes = app.screen.query_one("#dash-themes", DataTable)
        assert str(themes.get_row_at(0)[0]) == "Child not seen alone"
        detail = str(app.screen.query_one("#dash-theme-detail", Static).render())
        assert "4 of 4 audits in scope" in detail
        await pilot.press("plus")
        await settle(pilot, app)
        title = app.screen.query_one(Input)
        assert title.value == "Improve: Child not seen alone"
        await pilot.press(
            "enter",
            *"Head of service",
            "enter",
            "enter",
            *"2023-7",
            "enter",
            *"80",
            "enter",
            "enter",
        )
        await settle(pilot, app)

    [item] = plan(store).items()
    assert item.title == "Improve: Child not seen alone"
    assert (item.owner, item.target_value) == ("Head of service", 0.8)
    assert item.themes == [("Child not seen alone", AFD)]
    assert item.measure is not None
    assert (item.measure.rubric_id, item.measure.criterion_id, item.measure.bucket) == (
        "mini",
        "child-seen",
        "good",
    )
    assert item.progress is not None and item.progress.baseline == 0.0  # all four were RI
    assert item.recommendation is not None and item.recommendation.startswith("2023-7")
    assert item.smart_problems == []


async def test_review_the_plan_and_override_a_status_with_a_reason(store: Store) -> None:
    desk = plan(store)
    desk.create("Reflective supervision monthly", owner="Head of service", due_on="2027-03-31")
    desk.create("Chronologies kept up to date")
    app = make_app(AuditDesk(store, "qa.lead", MINI_RUBRICS))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot, app)
        await pilot.press("a")
        await settle(pilot, app)
        table = app.screen.query_one("#plan-items", DataTable)
        assert table.row_count == 2
        summary = str(app.screen.query_one("#plan-summary", Static).render())
        assert "Quarterly review" in summary and "Not started 2" in summary
        assert str(table.get_row_at(1)[3]) == "✗ 5"  # no owner, dates, measure or target
        await pilot.press("s")
        await settle(pilot, app)
        choices = app.screen.query_one(OptionList)
        labels = [str(choices.get_option_at_index(i).prompt) for i in range(choices.option_count)]
        choices.highlighted = labels.index("At risk")
        await pilot.press("enter")
        await settle(pilot, app)
        await pilot.press(*"Team manager posts vacant", "enter")
        await settle(pilot, app)
        assert str(table.get_row_at(0)[0]) == "At risk*"
        detail = str(app.screen.query_one("#plan-detail", Static).render())
        assert "Team manager posts vacant" in detail

    [first] = [i for i in plan(store).items() if i.title.startswith("Reflective")]
    assert (first.status, first.status_reason) == ("at_risk", "Team manager posts vacant")


async def choose(pilot, app, label: str) -> None:  # type: ignore[no-untyped-def]
    options = app.screen.query_one(OptionList)
    labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
    options.highlighted = labels.index(label)
    await pilot.press("enter")
    await settle(pilot, app)


async def test_make_an_item_smart_with_keys(store: Store) -> None:
    for i in range(3):
        submit(store, f"C-{i}", "MASH", this_month(), seen="requires-improvement")
    plan(store).create("Chronologies kept up to date")
    app = make_app(AuditDesk(store, "qa.lead", MINI_RUBRICS))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        await pilot.press("a")
        await settle(pilot, app)
        await pilot.press("e")
        await settle(pilot, app)
        await pilot.press(
            "enter", "enter", *"Service manager", "enter", *"2027-06-30", "enter", "enter"
        )
        await settle(pilot, app)
        await pilot.press("m")
        await settle(pilot, app)
        await choose(pilot, app, "Mini rubric for tests")
        await choose(pilot, app, "Was the child seen, and seen alone where appropriate?")
        await choose(pilot, app, "Share Good or better")
        await pilot.press("enter", "enter", *"95", "enter", "enter")
        await settle(pilot, app)
        table = app.screen.query_one("#plan-items", DataTable)
        assert str(table.get_row_at(0)[3]) == "✓"

    [item] = plan(store).items()
    assert (item.owner, item.due_on, item.target_value, item.target_on) == (
        "Service manager",
        "2027-06-30",
        0.95,
        "2027-06-30",
    )
    assert item.measure is not None and item.measure.criterion_id == "child-seen"
    assert item.progress is not None and item.progress.baseline == 0.0
    assert item.smart_problems == []


async def test_merge_a_theme_into_another_from_the_dashboard(store: Store) -> None:
    submit(store, "C-1", "MASH", this_month(), themes=(("", "Plans not SMART", AFD),))
    submit(store, "C-2", "MASH", this_month(), themes=(("", "Vague plans", AFD),))
    app = make_app(AuditDesk(store, "qa.lead", MINI_RUBRICS))
    async with app.run_test(size=(120, 36)) as pilot:
        await open_themes_tab(pilot, app)
        themes = app.screen.query_one("#dash-themes", DataTable)
        names = [str(themes.get_row_at(i)[0]) for i in range(themes.row_count)]
        themes.move_cursor(row=names.index("Vague plans"))
        await pilot.press("M")
        await settle(pilot, app)
        await pilot.press(*"Plans not", "right", "enter")  # → takes the completion
        await settle(pilot, app)
        await settle(pilot, app)
        assert [str(themes.get_row_at(i)[0]) for i in range(themes.row_count)] == [
            "Plans not SMART"
        ]
        assert str(themes.get_row_at(0)[2]) == "2"


async def test_the_highlighted_themes_teams_are_read_as_the_cursor_moves(store: Store) -> None:
    submit(store, "C-1", "MASH", this_month(), themes=(("", "Plans not SMART", AFD),))
    submit(store, "C-2", "Leaving Care", this_month(), themes=(("", "Plans not SMART", AFD),))
    submit(
        store, "C-3", "Leaving Care", this_month(), themes=(("", "Good direct work", "strength"),)
    )
    app = make_app(AuditDesk(store, "qa.lead", MINI_RUBRICS))
    async with app.run_test(size=(120, 36)) as pilot:
        await open_themes_tab(pilot, app)
        teams = app.screen.query_one("#dash-theme-teams", Static)
        assert str(teams.render()) == "Teams: Leaving Care (1), MASH (1)"
        await pilot.press("down")
        await settle(pilot, app)
        assert str(teams.render()) == "Teams: Leaving Care (1)"


async def test_a_themes_audits_show_evidence_only_when_asked(store: Store) -> None:
    submit(
        store, "C-1", "MASH", this_month(), themes=(("child-seen", "Child not seen alone", AFD),)
    )
    app = make_app(AuditDesk(store, "qa.lead", MINI_RUBRICS))
    async with app.run_test(size=(120, 36)) as pilot:
        await open_themes_tab(pilot, app)
        await pilot.press("enter")
        await settle(pilot, app)
        listed = app.screen.query_one("#drill-audits", DataTable)
        labels = [str(c.label) for c in listed.columns.values()]
        assert "Evidence" not in labels
        assert "Evidence for C-1" not in " ".join(str(v) for v in listed.get_row_at(0))
        await pilot.press("v")
        await settle(pilot, app)
        labels = [str(c.label) for c in listed.columns.values()]
        assert labels[3] == "Evidence"
        assert str(listed.get_row_at(0)[3]) == "child-seen: Evidence for C-1"
        await pilot.press("v")
        await settle(pilot, app)
        assert "Evidence" not in [str(c.label) for c in listed.columns.values()]
