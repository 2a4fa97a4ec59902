"""The people screen and the guards on every screen's keys, through the real app at 80x24.

An administrator lists, adds, changes, disables and resets; a QA lead sets teams; an
auditor is refused, and every refused key is greyed in the footer and says why when
pressed. People are real rows of a real database file.
"""

from __future__ import annotations

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
from textual.widgets import DataTable, Input, SelectionList

from qa_tui.desks.audits import AuditDesk
from qa_tui.desks.people import sign_in
from qa_tui.domain.errors import SignInRefused
from qa_tui.domain.people import Role
from qa_tui.store.database import Store
from qa_tui.tui.app import make_app
from qa_tui.tui.screens.home import HomeScreen
from qa_tui.tui.screens.people import PeopleScreen
from qa_tui.tui.screens.sign_in import SignInScreen


async def signed_in(pilot, app, name: str) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot, app)
    await sign_in_as(pilot, app, name, PASSPHRASES[name])
    await at_home(pilot, app)


async def open_people(pilot, app) -> DataTable:  # type: ignore[no-untyped-def]
    """From any home, through the command palette (the auditors' home also has `u`); an
    administrator's home is the people list itself."""
    if not isinstance(app.screen, PeopleScreen):
        await run_command(pilot, app, "People")
    await until(pilot, lambda: isinstance(app.screen, PeopleScreen))
    await settle(pilot, app)
    return app.screen.query_one("#people-table", DataTable)


def rows(table: DataTable) -> list[list[str]]:
    return [[str(c) for c in table.get_row_at(n)] for n in range(table.row_count)]


def footer_key(app, key: str) -> bool | None:  # type: ignore[no-untyped-def]
    """Whether the footer shows `key` enabled (True), greyed (False) or not at all (None)."""
    active = app.screen.active_bindings.get(key)
    return None if active is None else active.enabled


async def test_an_administrator_sees_everyone_with_roles_and_teams(tmp_path: Path) -> None:
    store = people_database(tmp_path / "team.sqlite3")
    app = make_app(door(store), sign_in=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in(pilot, app, "ada.admin")
        table = await open_people(pilot, app)
        listed = rows(table)
        assert [r[0] for r in listed] == ["ada.admin", "avery.auditor", "dee.gone", "lee.lead"]
        assert listed[3][1:4] == ["Lee Lead", "QA lead", "MASH"]
        assert listed[2][2] == "disabled"
        # every column fits 80 columns: nothing important scrolls sideways
        assert table.virtual_size.width <= 80
        for key in "aedr":
            assert footer_key(app, key) is True


async def test_an_administrator_adds_a_person_who_can_then_sign_in(tmp_path: Path) -> None:
    store = people_database(tmp_path / "team.sqlite3")
    app = make_app(door(store), sign_in=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in(pilot, app, "ada.admin")
        table = await open_people(pilot, app)
        await pilot.press("a")
        await settle(pilot, app)
        form = app.screen
        boxes = {box.id: box for box in form.query(Input)}
        boxes["field-user_name"].value = "sam.new"
        boxes["field-display_name"].value = "Sam New"
        boxes["field-teams"].value = "MASH, Assessment North"
        boxes["field-passphrase"].value = "sam's first passphrase"
        boxes["field-again"].value = "sam's other passphrase"
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert app.screen is form  # the two passphrases differ: said in the form
        assert "not the same" in str(form.query_one("#form-error").render())
        boxes["field-again"].value = "sam's first passphrase"
        roles = form.query_one(SelectionList)
        roles.select(Role.QA_LEAD.value)  # as well as auditor, ticked to begin with
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        await until(pilot, lambda: isinstance(app.screen, PeopleScreen))
        await settle(pilot, app)
        assert "sam.new" in [r[0] for r in rows(table)]
    sam = sign_in(store, "sam.new", "sam's first passphrase", wait=False)
    assert sam.roles == {Role.AUDITOR, Role.QA_LEAD}
    assert sam.teams == ("MASH", "Assessment North")
    who = store._rows(
        "SELECT who FROM events WHERE entity = 'person' AND entity_id = 'sam.new' "
        "AND field = 'added'"
    )
    assert [row["who"] for row in who] == ["ada.admin"]


async def test_an_administrator_disables_and_resets(tmp_path: Path) -> None:
    store = people_database(tmp_path / "team.sqlite3")
    app = make_app(door(store), sign_in=True)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await signed_in(pilot, app, "ada.admin")
        table = await open_people(pilot, app)
        table.move_cursor(row=1)  # avery.auditor
        await pilot.press("d")
        await settle(pilot, app)
        await pilot.press("enter")  # confirm
        await settle(pilot, app)
        await until(pilot, lambda: rows(table)[1][2] == "disabled")
        assert "Disabled avery.auditor." in said(app)
        table.move_cursor(row=3)  # lee.lead: a new passphrase
        await pilot.press("r")
        await settle(pilot, app)
        for box in app.screen.query(Input):
            box.value = "lee's reset passphrase"
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        await until(pilot, lambda: isinstance(app.screen, PeopleScreen))
    try:
        sign_in(store, "avery.auditor", PASSPHRASES["avery.auditor"], wait=False)
        raise AssertionError("a disabled person signed in")
    except SignInRefused:
        pass
    assert sign_in(store, "lee.lead", "lee's reset passphrase", wait=False).user_name == "lee.lead"


async def test_a_qa_lead_sets_teams_but_may_not_add_people(tmp_path: Path) -> None:
    store = people_database(tmp_path / "team.sqlite3")
    app = make_app(door(store), sign_in=True)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await signed_in(pilot, app, "lee.lead")
        table = await open_people(pilot, app)
        assert footer_key(app, "a") is False  # greyed
        await pilot.press("a")
        await settle(pilot, app)
        assert isinstance(app.screen, PeopleScreen)  # no form opened
        assert any(
            "lee.lead (QA lead) may not add, change or disable people" in text for text in said(app)
        )
        table.move_cursor(row=1)  # avery.auditor
        await pilot.press("e")  # a lead's edit: the teams only
        await settle(pilot, app)
        assert type(app.screen).__name__ == "TeamsForm"
        app.screen.query_one(Input).value = "Children in Care West"
        await pilot.press("enter")
        await settle(pilot, app)
        await until(pilot, lambda: isinstance(app.screen, PeopleScreen))
        await settle(pilot, app)
        assert rows(table)[1][3] == "Children in Care West"
    avery = store.person("avery.auditor")
    assert avery is not None and avery.teams == ("Children in Care West",)


async def test_an_auditor_is_refused_the_people_and_the_leads_screens(tmp_path: Path) -> None:
    store = people_database(tmp_path / "team.sqlite3")
    app = make_app(door(store), sign_in=True)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await signed_in(pilot, app, "avery.auditor")
        assert footer_key(app, "p") is False  # programmes: greyed in the footer
        assert footer_key(app, "m") is False  # moderation
        assert footer_key(app, "n") is True  # a new audit: an auditor's own work
        for key in ("u", "p", "m"):
            await pilot.press(key)
            await settle(pilot, app)
            assert isinstance(app.screen, HomeScreen)  # nothing opened
        words = said(app)
        assert any("may not see the list of people" in text for text in words)
        assert any(
            "avery.auditor (auditor) may not run audit rounds (create, list, sample and "
            "close them): that is for a QA lead" in text
            for text in words
        )
        assert any("may not moderate an audit" in text for text in words)

        await pilot.press("question_mark")  # the keys list says which are not theirs
        await settle(pilot, app)
        rows = dict(app.screen.rows)  # type: ignore[attr-defined]
        assert rows["p"].endswith("(not for your role)")
        assert not rows["n"].endswith("(not for your role)")


async def test_the_palette_leaves_out_what_the_person_may_not_do(tmp_path: Path) -> None:
    store = people_database(tmp_path / "team.sqlite3")
    app = make_app(door(store), sign_in=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in(pilot, app, "avery.auditor")
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "New audit" in titles and "Sign out" in titles
        assert not {"Programmes", "Moderation", "People"} & set(titles)


async def test_a_lead_on_the_programmes_screen_may_use_its_keys(tmp_path: Path) -> None:
    store = people_database(tmp_path / "team.sqlite3")
    app = make_app(door(store), sign_in=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in(pilot, app, "lee.lead")
        await pilot.press("p")
        await settle(pilot, app)
        assert type(app.screen).__name__ == "ProgrammesScreen"
        for key in "nsai":
            assert footer_key(app, key) is True


async def test_the_first_person_added_on_a_single_user_database_starts_sign_in(
    tmp_path: Path,
) -> None:
    store = Store.open(tmp_path / "solo.sqlite3")
    app = make_app(AuditDesk(store, "alice", MINI_RUBRICS))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        table = await open_people(pilot, app)
        assert table.row_count == 0
        await pilot.press("a")
        await settle(pilot, app)
        boxes = {box.id: box for box in app.screen.query(Input)}
        boxes["field-user_name"].value = "alice"
        boxes["field-display_name"].value = "Alice Admin"
        boxes["field-passphrase"].value = boxes["field-again"].value = "alice's passphrase"
        assert app.screen.query_one(SelectionList).selected == [Role.ADMIN.value]
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        await until(pilot, lambda: isinstance(app.screen, SignInScreen))
        await sign_in_as(pilot, app, "alice", "alice's passphrase")
        await until(pilot, lambda: isinstance(app.screen, PeopleScreen))  # an admin's home
        assert app.sub_title == "Alice Admin · administrator"
