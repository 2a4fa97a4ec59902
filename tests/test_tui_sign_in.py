"""Signing in through the app: the sign-in screen, what a refusal says, the home and name
a person lands on, signing out, changing one's passphrase and the demo's switch of person.

Real database files with people added through `PeopleDesk`; the real app at 80x24.
"""

from __future__ import annotations

import html
from pathlib import Path

from conftest import MINI_RUBRICS, settle
from people_setup import (
    PASSPHRASES,
    at_home,
    door,
    people_database,
    run_command,
    said,
    sign_in_as,
    until,
)
from textual.widgets import Input, OptionList

from qa_tui.desks.audits import AuditDesk
from qa_tui.desks.demo import build_demo_database
from qa_tui.desks.demo_open import demo_desk
from qa_tui.desks.people import NOT_ACCEPTED, sign_in
from qa_tui.paths import DEMO_USER
from qa_tui.store.database import Store
from qa_tui.tui.app import make_app
from qa_tui.tui.screens.home import HomeScreen
from qa_tui.tui.screens.sign_in import SignInScreen

REFUSED = NOT_ACCEPTED[:1].upper() + NOT_ACCEPTED[1:]


def status(app) -> str:  # type: ignore[no-untyped-def]
    assert isinstance(app.screen, SignInScreen)
    return app.screen.status_text()


async def test_a_wrong_passphrase_is_refused_and_the_screen_stays(tmp_path: Path) -> None:
    store = people_database(tmp_path / "team.sqlite3")
    app = make_app(door(store), sign_in=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert isinstance(app.screen, SignInScreen)
        await sign_in_as(pilot, app, "ada.admin", "not the passphrase")
        assert isinstance(app.screen, SignInScreen)
        assert status(app) == REFUSED
        assert app.screen.query_one("#sign-in-pass", Input).value == ""  # ready to try again
        assert app.screen.query_one("#sign-in-name", Input).value == "ada.admin"
        assert app.desk.user == "whoever.started.it"  # nobody signed in


async def test_an_unknown_name_and_a_disabled_person_get_the_same_words(tmp_path: Path) -> None:
    store = people_database(tmp_path / "team.sqlite3")
    app = make_app(door(store), sign_in=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await sign_in_as(pilot, app, "nobody.here", "whatever it may be")
        unknown = status(app)
        await sign_in_as(pilot, app, "dee.gone", PASSPHRASES["dee.gone"])  # right, but disabled
        disabled = status(app)
        assert unknown == disabled == REFUSED
        assert isinstance(app.screen, SignInScreen)


async def test_the_right_passphrase_opens_the_persons_home_under_their_name(
    tmp_path: Path,
) -> None:
    store = people_database(tmp_path / "team.sqlite3")
    app = make_app(door(store), sign_in=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await sign_in_as(pilot, app, "lee.lead", PASSPHRASES["lee.lead"])
        await at_home(pilot, app)  # the sign-in screen is closed, not underneath
        assert type(app.screen).__name__ == "LeadDeskScreen"  # a QA lead's own home
        assert app.sub_title == "Lee Lead · QA lead"
        assert app.desk.user == "lee.lead"


async def test_what_is_written_after_sign_in_is_recorded_as_that_person(tmp_path: Path) -> None:
    """Changing one's own passphrase (from the palette) is written as the person signed in,
    never as the name the app was started with."""
    store = people_database(tmp_path / "team.sqlite3")
    app = make_app(door(store), sign_in=True)
    new = "a brand new passphrase"
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await sign_in_as(pilot, app, "avery.auditor", PASSPHRASES["avery.auditor"])
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
        await run_command(pilot, app, "Change my passphrase")
        form = app.screen
        assert type(form).__name__ == "ChangePassphraseForm"
        for box, value in zip(form.query(Input), ["wrong one entirely", new, new], strict=True):
            box.value = value
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert app.screen is form  # refused: the form stays, with the desk's words
        assert "current passphrase is not right" in str(form.query_one("#form-error").render())
        form.query(Input).first().value = PASSPHRASES["avery.auditor"]
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
    assert sign_in(store, "avery.auditor", new, wait=False).user_name == "avery.auditor"
    who = store._rows(
        "SELECT who FROM events WHERE entity = 'person' AND entity_id = 'avery.auditor' "
        "AND field = 'passphrase'"
    )
    assert [row["who"] for row in who] == ["avery.auditor"]


async def test_sign_out_goes_back_to_the_sign_in_screen(tmp_path: Path) -> None:
    store = people_database(tmp_path / "team.sqlite3")
    app = make_app(door(store), sign_in=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await sign_in_as(pilot, app, "lee.lead", PASSPHRASES["lee.lead"])
        await at_home(pilot, app)
        await pilot.press("p")  # the programmes screen open when signing out
        await settle(pilot, app)
        await run_command(pilot, app, "Sign out")
        await until(pilot, lambda: isinstance(app.screen, SignInScreen))
        assert len(app.screen_stack) == 1
        assert app.desk.user == "whoever.started.it"
        await sign_in_as(pilot, app, "avery.auditor", PASSPHRASES["avery.auditor"])
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert app.sub_title == "Avery Auditor · auditor"


async def test_a_single_user_database_opens_on_home_as_before(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "solo.sqlite3")
    app = make_app(AuditDesk(store, "alice", MINI_RUBRICS))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert isinstance(app.screen, HomeScreen)
        assert app.sub_title == "alice"
        await pilot.press("ctrl+p")
        await until(pilot, lambda: bool(commands_offered(app)))
        offered = commands_offered(app)
        await pilot.press("escape")
    assert "Quit" in offered and "People" in offered  # a lone user holds every role
    # ... but has no passphrase to change and nobody to sign out as
    assert not {"Change my passphrase", "Sign out", "Switch person (demo)"} & set(offered)


def commands_offered(app) -> list[str]:  # type: ignore[no-untyped-def]
    """The titles the open command palette lists (every one, before anything is typed)."""
    found = app.screen.query("CommandList")
    if not found:
        return []
    return [str(option.prompt).split("\n")[0] for option in found.first().options]


async def test_names_and_file_names_are_shown_literally(tmp_path: Path) -> None:
    store = people_database(tmp_path / "[bold]x.sqlite3")
    app = make_app(door(store), sign_in=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await sign_in_as(pilot, app, "[bold]x", "[/] whatever [red]")
        shown = html.unescape(app.export_screenshot()).replace("\u00a0", " ")
        assert "[bold]x.sqlite3" in shown
        assert "[bold]x" in app.screen.query_one("#sign-in-name", Input).value
        assert status(app) == REFUSED


async def test_the_demo_switches_between_its_people(tmp_path: Path) -> None:
    path = tmp_path / "demo.sqlite3"
    build_demo_database(path)  # a person in every role, invented
    store = Store.open(path)
    app = make_app(demo_desk(AuditDesk(store, DEMO_USER), DEMO_USER), demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await at_home(pilot, app)
        assert app.sub_title == "Demo Auditor · auditor · demo"
        first_home = app.screen
        await run_command(pilot, app, "Switch person (demo)")
        await until(pilot, lambda: type(app.screen).__name__ == "Choose")
        choices = app.screen.query_one("#choices", OptionList)
        labels = [str(choices.get_option_at_index(n).prompt) for n in range(choices.option_count)]
        assert "QA Lead Holly (qa.lead): auditor and QA lead" in labels
        assert labels[choices.highlighted or 0].startswith("Demo Auditor")  # who I am now
        choices.highlighted = labels.index("QA Lead Holly (qa.lead): auditor and QA lead")
        await pilot.press("enter")
        await until(pilot, lambda: app.desk.user == "qa.lead")
        await at_home(pilot, app)
        assert type(app.screen).__name__ == "LeadDeskScreen"
        assert app.sub_title == "QA Lead Holly · auditor and QA lead · demo"
        # Nothing of the first person's is left open underneath (their home, the dialog).
        await until(pilot, lambda: not first_home.is_attached)
        assert len(app.screen_stack) == 1


async def test_the_switch_of_person_is_refused_on_a_database_that_is_not_the_demo(
    tmp_path: Path,
) -> None:
    store = people_database(tmp_path / "team.sqlite3")
    lead = store.person("lee.lead")
    assert lead is not None
    app = make_app(door(store).signed_in(lead), demo=True)  # as if started with --demo wrongly
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot, app)
        await run_command(pilot, app, "Switch person (demo)")
        await settle(pilot, app)
        assert type(app.screen).__name__ == "LeadDeskScreen"  # still the lead's home
        assert any("only for the demo database" in text for text in said(app))
        assert app.desk.user == "lee.lead"
