"""Lists on real screens: a refresh keeps the list on screen (no spinner over it) until
the new rows are here, and the columns use the width the terminal has."""

from __future__ import annotations

import threading

from conftest import MINI_RUBRICS, settle
from textual.widgets import LoadingIndicator, OptionList

from qa_tui.desks.audits import AuditDesk
from qa_tui.domain.records import Case
from qa_tui.store.database import Store
from qa_tui.tui.app import make_app

LONG_TEAM = "Disabled Children's Team and Short Breaks Service"


def _shown(app, widget_id: str) -> list[str]:  # type: ignore[no-untyped-def]
    """The lines of a widget as they are drawn (not as they are held)."""
    widget = app.screen.query_one(f"#{widget_id}")
    return ["".join(s.text for s in widget.render_line(y)) for y in range(widget.size.height)]


def _hold(app) -> threading.Event:  # type: ignore[no-untyped-def]
    """Keep the database thread busy until the event is set: what is read waits."""
    release = threading.Event()
    app.runner.run("hold the database", lambda: release.wait(10), app)
    return release


async def test_a_refresh_keeps_the_list_on_screen_until_the_new_rows_arrive(
    store: Store,
) -> None:
    store.upsert_cases([Case("CIN-0001", "MASH"), Case("CIN-0002", "MASH")], "lead", "t")
    desk = AuditDesk(store, "alice", MINI_RUBRICS)
    desk.start_audit("CIN-0001", "mini")
    app = make_app(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        audits = app.screen.query_one("#audits", OptionList)
        before = audits.option_count
        release = _hold(app)
        await pilot.press("r")
        desk.start_audit("CIN-0002", "mini")  # on disk while the refresh waits
        await pilot.pause(0.1)
        assert not app.screen.loading  # Textual's spinner never covers the screen
        assert not app.screen.query(LoadingIndicator)
        assert audits.option_count == before  # the list as it was, still there
        assert any("CIN-0001" in line for line in _shown(app, "audits"))
        release.set()
        await settle(pilot, app)
        assert any("CIN-0002" in line for line in _shown(app, "audits"))


async def test_home_columns_use_the_width_the_terminal_has(store: Store) -> None:
    store.upsert_cases([Case("CIN-0001", LONG_TEAM)], "lead", "t")
    desk = AuditDesk(store, "alice", MINI_RUBRICS)
    desk.start_audit("CIN-0001", "mini")
    app = make_app(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        [narrow] = [line for line in _shown(app, "audits") if "CIN-0001" in line]
        assert "due" in narrow and "…" in narrow  # the team is cut; case and date are not
        assert LONG_TEAM not in narrow
        await pilot.resize_terminal(200, 40)
        await settle(pilot, app)
        [wide] = [line for line in _shown(app, "audits") if "CIN-0001" in line]
        assert LONG_TEAM in wide and "Mini rubric for tests" in wide and "…" not in wide
        await pilot.resize_terminal(80, 24)
        await settle(pilot, app)
        assert [line for line in _shown(app, "audits") if "CIN-0001" in line] == [narrow]


async def test_the_drill_down_reads_its_pages_without_a_spinner(store: Store) -> None:
    from qa_tui.tui.screens.drill_down import DrillDownScreen

    release = threading.Event()
    row = {
        "audit_id": 1,
        "case_ref": "CIN-0001",
        "grade": "Good",
        "submitted_at": "2025-06-10T10:00:00+00:00",
        "team": LONG_TEAM,
        "auditor": "alice",
        "cohort": "CIN",
        "moderated": False,
        "programme": "",
    }

    def page(offset: int, limit: int) -> list[dict]:
        release.wait(10)
        return [row] if offset == 0 else []

    app = make_app(AuditDesk(store, "alice", MINI_RUBRICS))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        app.push_screen(DrillDownScreen("Audits behind a figure", page))
        await pilot.pause(0.1)
        assert not app.screen.loading and not app.screen.query(LoadingIndicator)
        release.set()
        await settle(pilot, app)
        table = app.screen.query_one("#drill-audits")
        shown = "".join(_shown(app, "drill-audits"))
        assert "CIN-0001" in shown and "…" in shown  # the long team cut to fit 80 columns
        assert sum(c.width + 2 for c in table.ordered_columns) <= 80
