"""A database with people, and the steps the sign-in and people tests share.

People are added as a real administrator would: the first through a single-user desk
(an administrator with a passphrase), the rest by a desk signed in as that administrator.
"""

from __future__ import annotations

from pathlib import Path

from conftest import MINI_RUBRICS, settle
from textual.widgets import Input

from qa_tui.desks.audits import AuditDesk
from qa_tui.desks.people import PeopleDesk
from qa_tui.domain.people import Role
from qa_tui.store.database import Store
from qa_tui.tui.screens.homes import home_for

PASSPHRASES = {
    "ada.admin": "ada keeps the keys",
    "lee.lead": "lee leads the rounds",
    "avery.auditor": "avery reads case files",
    "dee.gone": "dee has left the team",
}


def people_database(path: Path) -> Store:
    """An administrator, a QA lead, an auditor and a disabled auditor."""
    store = Store.open(path)
    solo = AuditDesk(store, "setup", MINI_RUBRICS)
    admin = PeopleDesk(solo).add(
        "ada.admin", "Ada Admin", [Role.ADMIN], passphrase=PASSPHRASES["ada.admin"]
    )
    people = PeopleDesk(solo.signed_in(admin))
    people.add(
        "lee.lead", "Lee Lead", [Role.QA_LEAD], teams=["MASH"], passphrase=PASSPHRASES["lee.lead"]
    )
    people.add(
        "avery.auditor", "Avery Auditor", [Role.AUDITOR], passphrase=PASSPHRASES["avery.auditor"]
    )
    people.add("dee.gone", "Dee Gone", [Role.AUDITOR], passphrase=PASSPHRASES["dee.gone"])
    people.disable("dee.gone")
    return store


def door(store: Store) -> AuditDesk:
    """The desk an app with sign-in is opened with: whoever started it, not yet anyone."""
    return AuditDesk(store, "whoever.started.it", MINI_RUBRICS)


async def until(pilot, check) -> None:  # type: ignore[no-untyped-def]
    """Wait until `check()` holds (a screen switched, a list filled), then go on."""
    for _ in range(200):
        if check():
            return
        await pilot.pause(0.02)
    assert check()


async def sign_in_as(pilot, app, name: str, passphrase: str) -> None:  # type: ignore[no-untyped-def]
    """Type a name and passphrase on the sign-in screen and press enter on the second."""
    app.screen.query_one("#sign-in-name", Input).value = name
    await pilot.press("enter")  # on to the passphrase
    app.screen.query_one("#sign-in-pass", Input).value = passphrase
    await pilot.press("enter")
    await settle(pilot, app)


async def at_home(pilot, app) -> None:  # type: ignore[no-untyped-def]
    """Wait until the signed-in person's own home (`home_for`) is the one screen open."""
    await until(
        pilot,
        lambda: (
            len(app.screen_stack) == 1
            and type(app.screen) is type(home_for(app.desk.person))
            and app.screen.is_mounted
        ),
    )
    await settle(pilot, app)


def said(app) -> list[str]:  # type: ignore[no-untyped-def]
    """Every notice shown so far (run_test(notifications=True))."""
    return [n.message for n in app._notifications]


async def run_command(pilot, app, title: str) -> None:  # type: ignore[no-untyped-def]
    """Run a command palette command by typing its title, as a person would."""
    await pilot.press("ctrl+p")
    await pilot.pause(0.05)
    app.screen.query_one(Input).value = title
    await pilot.pause(0.3)
    await pilot.press("enter")
    await settle(pilot, app)
