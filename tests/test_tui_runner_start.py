"""The database thread starts with the first job, not with the app: a screen that reads
nothing before it paints pays for no thread, and quitting before any job still works.
"""

from __future__ import annotations

import threading
from pathlib import Path

from conftest import settle
from people_setup import door, people_database

from qa_tui.tui.app import make_app


def database_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "qa-tui-db" and t.is_alive()]


async def test_quit_from_the_sign_in_screen_before_any_job(tmp_path: Path) -> None:
    store = people_database(tmp_path / "team.sqlite3")
    before = len(database_threads())
    app = make_app(door(store), sign_in=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert type(app.screen).__name__ == "SignInScreen"
        assert len(database_threads()) == before  # nothing asked of the database yet
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0  # quit at once, nothing waited for


async def test_the_first_job_starts_the_thread_and_is_answered(tmp_path: Path) -> None:
    store = people_database(tmp_path / "team.sqlite3")
    app = make_app(door(store), sign_in=True)
    answers: list[int] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        app.runner.fetch("count the people", lambda: len(store.people()), app, answers.append)
        await settle(pilot, app)
        assert answers == [4]
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0
