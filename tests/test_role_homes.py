"""A home for each role, on the demo database (built once, people added through the
people desk, a copy per test). Each home's figures are checked against the same facts
read another way: the moderation queue, the follow-up tracker, each programme's
progress, every audit's case team.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from conftest import settle
from textual.screen import Screen
from textual.widgets import DataTable, OptionList, Static

import qa_tui.tui.app as app_module
from qa_tui.desks.audits import AuditDesk
from qa_tui.desks.follow_ups import FollowUps
from qa_tui.desks.moderation import ModerationDesk
from qa_tui.desks.opening import people_desk, plan_desk
from qa_tui.desks.programmes import ProgrammeDesk
from qa_tui.desks.role_homes import RoleHomes
from qa_tui.domain.errors import NotAllowed
from qa_tui.domain.people import Person, Role, single_user
from qa_tui.store.database import Store
from qa_tui.tui.app import QaTuiApp
from qa_tui.tui.screens.homes import home_for
from qa_tui.tui.widgets.fitted import FittedList

TODAY = date.today()  # the screens count overdue against today, so the demo is built for it
TEAM = "MASH"  # the demo team the test manager manages
KEYS = ("audits", "submitted", "overdue")


@dataclass(frozen=True)
class People:
    admin: Person
    lead: Person
    manager: Person
    head: Person
    auditor: Person
    partner: Person


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, People]:
    """The demo, with one person in each role (names that no demo person has)."""
    from qa_tui.desks.demo import build_demo_database

    path = tmp_path_factory.mktemp("homes") / "demo.sqlite3"
    build_demo_database(path, today=TODAY)
    store = Store.open(path)
    try:
        if store.has_people():  # the demo may come with people: one of its administrators
            admin = next(p for p in store.people() if p.has(Role.ADMIN))
            desk = people_desk(AuditDesk(store, admin.user_name))
        else:  # a single-user database: the first person is an administrator
            desk = people_desk(AuditDesk(store, "test.admin"))
            admin = desk.add(
                "test.admin", "Test Admin", [Role.ADMIN], passphrase="a long test passphrase"
            )
        people = People(
            admin=admin,
            lead=desk.add("test.lead", "Test Lead", [Role.QA_LEAD]),
            manager=desk.add("test.manager", "TM Test", [Role.MANAGER], manages=[TEAM]),
            head=desk.add("test.head", "Test Head", [Role.HEAD_OF_SERVICE]),
            auditor=desk.add("test.auditor", "Test Auditor", [Role.AUDITOR]),
            partner=desk.add("test.partner", "Health", [Role.PARTNER], agency="NHS trust"),
        )
    finally:
        store.close()
    return path, people


@pytest.fixture
def people(built: tuple[Path, People]) -> People:
    return built[1]


@pytest.fixture
def store(built: tuple[Path, People], tmp_path: Path) -> Iterator[Store]:
    """This test's own copy of the built demo."""
    copy = tmp_path / "demo.sqlite3"
    shutil.copy(built[0], copy)
    s = Store.open(copy)
    yield s
    s.close()


def desk_for(store: Store, person: Person) -> AuditDesk:
    return AuditDesk(store, "door").signed_in(person)


# -- the QA lead's desk ------------------------------------------------------------------


def test_lead_desk_figures_match_the_queue_tracker_programmes_and_plan(
    store: Store, people: People
) -> None:
    desk = desk_for(store, people.lead)
    figures = RoleHomes(desk).lead_desk(TODAY)

    moderation = ModerationDesk(desk)
    queue = moderation.queue("waiting")
    assert figures.moderation_waiting == moderation.queue_size("waiting") == len(queue) > 0
    assert figures.moderation_oldest == min(r["submitted_at"] for r in queue)
    assert [m.audit_id for m in figures.moderation_first] == [r["audit_id"] for r in queue][:8]

    tracker = FollowUps(desk).list()
    escalations = [i for i in tracker if i.kind == "escalation" and i.status == "open"]
    overdue = [
        i
        for i in tracker
        if i.kind == "action" and i.status == "open" and i.due_on and i.due_on < str(TODAY)
    ]
    assert figures.escalations == escalations and escalations
    assert sorted(i.id for i in figures.overdue_actions) == sorted(i.id for i in overdue)
    assert overdue, "the demo has case actions past their date"
    dates = [i.due_on or "" for i in figures.overdue_actions]
    assert dates == sorted(dates)  # the most overdue first

    programmes = ProgrammeDesk(desk)
    open_rounds = [p for p in programmes.all() if p.status != "closed"]
    assert [r.name for r in figures.rounds] == [p.name for p in open_rounds]
    for r in figures.rounds:
        totals = programmes.progress(r.id, TODAY).totals
        assert [r.audits, r.submitted, r.overdue] == [totals[k] for k in KEYS]

    items = plan_desk(desk).items(TODAY)
    assert figures.plan_items == len(items)
    behind = [i for i in items if i.status in ("off_track", "at_risk")]
    assert sorted(i.id for i in figures.plan_behind) == sorted(i.id for i in behind)
    assert [i.status for i in figures.plan_behind] == sorted(
        (i.status for i in behind), key=("off_track", "at_risk").index
    )
    assert {"off_track", "at_risk"} <= {i.status for i in figures.plan_behind}


def test_a_round_counts_its_own_overdue_audits(store: Store, people: People) -> None:
    """An audit of a round past its due date and not submitted counts as overdue."""
    desk = desk_for(store, people.lead)
    first = RoleHomes(desk).rounds_due(TODAY)[0]
    late = store._rows(
        "SELECT id FROM audits WHERE programme_id = ? AND status != 'submitted' LIMIT 2",
        (first.id,),
    )
    for row in late:
        store.conn.execute("UPDATE audits SET due_on = '2000-01-01' WHERE id = ?", (row["id"],))
    store.conn.commit()
    again = RoleHomes(desk).rounds_due(TODAY)[0]
    assert again.overdue == first.overdue + len(late) == len(late) > 0


@pytest.mark.parametrize("who", ["manager", "head", "auditor", "partner", "admin"])
def test_only_a_qa_lead_reads_the_lead_desk(store: Store, people: People, who: str) -> None:
    person = getattr(people, who)
    with pytest.raises(NotAllowed, match="may not"):
        RoleHomes(desk_for(store, person)).lead_desk(TODAY)


# -- a manager's teams ---------------------------------------------------------------------


def test_a_manager_sees_their_teams_audits_and_no_others(store: Store, people: People) -> None:
    homes = RoleHomes(desk_for(store, people.manager))
    mine = homes.team_audits()
    every = store.audit_summaries()  # every auditor's, each with its case's team
    assert sorted(a.id for a in mine) == sorted(a.id for a in every if a.team == TEAM)
    assert mine and {a.team for a in mine} == {TEAM}
    assert len({a.team for a in every}) > 1  # there were others to leave out
    statuses = [a.status for a in mine]
    order = ["in_progress", "to_do", "submitted"]
    assert statuses == sorted(statuses, key=order.index)  # under way first
    submitted = [a.submitted_at for a in mine if a.status == "submitted"]
    assert submitted == sorted(submitted, reverse=True)  # then the newest first
    graded = [a for a in mine if a.status == "submitted"]
    assert graded and all(a.grade and a.auditor for a in graded)

    counts = homes.team_audit_counts(today=TODAY)
    for status in order:
        assert counts[status] == statuses.count(status)


def test_a_manager_reads_their_teams_audits_a_page_at_a_time(store: Store, people: People) -> None:
    homes = RoleHomes(desk_for(store, people.manager))
    whole = homes.team_audits()
    pages = [homes.team_audits(limit=3, offset=n) for n in range(0, len(whole), 3)]
    assert [a for page in pages for a in page] == whole


def test_a_manager_sees_their_teams_follow_ups_only(store: Store, people: People) -> None:
    desk = desk_for(store, people.manager)
    theirs = RoleHomes(desk).team_follow_ups()
    by_hand = [i for i in FollowUps(desk).list() if i.team == TEAM]
    assert sorted((i.kind, i.id) for i in theirs) == sorted((i.kind, i.id) for i in by_hand)
    assert theirs and {i.team for i in theirs} == {TEAM}
    kinds = [i.kind for i in theirs]
    assert kinds == sorted(kinds, key=["escalation", "action"].index)  # escalations first


def test_a_manager_may_not_read_another_teams_audits(store: Store, people: People) -> None:
    homes = RoleHomes(desk_for(store, people.manager))
    with pytest.raises(NotAllowed, match="their teams' cases"):
        homes.team_audits(["Leaving Care"])


def test_a_manager_of_no_team_sees_nothing(store: Store, people: People) -> None:
    nobody_managed = people_desk(AuditDesk(store, people.admin.user_name)).add(
        "test.manager2", "TM None", [Role.MANAGER]
    )
    homes = RoleHomes(desk_for(store, nobody_managed))
    assert homes.team_audits() == [] and homes.team_follow_ups() == []
    assert homes.team_audit_counts(today=TODAY)["submitted"] == 0


# -- which home ------------------------------------------------------------------------------


def test_home_for_each_role(people: People) -> None:
    from qa_tui.tui.screens.home import HomeScreen
    from qa_tui.tui.screens.lead_desk import LeadDeskScreen
    from qa_tui.tui.screens.manager_home import ManagerHomeScreen
    from qa_tui.tui.screens.people_home import PeopleHomeScreen
    from qa_tui.tui.screens.plan_home import PlanHomeScreen

    def home(person: Person) -> type[Screen]:
        return type(home_for(person))

    assert home(people.lead) is LeadDeskScreen
    assert home(people.manager) is ManagerHomeScreen
    assert home(people.head) is PlanHomeScreen
    for person in (people.auditor, people.partner, single_user("alice")):
        assert home(person) is HomeScreen, person
    assert home(people.admin) is PeopleHomeScreen  # an administrator's job is the people
    both = Person("x", "X", frozenset({Role.ADMIN, Role.QA_LEAD}))
    assert home(both) is LeadDeskScreen
    auditing_manager = Person("y", "Y", frozenset({Role.MANAGER, Role.AUDITOR}))
    assert home(auditing_manager) is HomeScreen  # `Person.home`: the auditor's desk first


# -- the homes on screen --------------------------------------------------------------------


class HomeFirst(QaTuiApp):
    """The app as a signed-in person opens it: their home is the first screen."""

    CSS_PATH = Path(app_module.__file__).parent / "qa_tui.tcss"

    def get_default_screen(self) -> Screen:
        return home_for(self.desk.person)


def title(app: QaTuiApp, panel: str) -> str:
    return str(app.screen.query_one(f"#lead-{panel}-title", Static).render())


async def test_the_lead_desk_shows_real_figures_and_reaches_each_screen(
    store: Store, people: People
) -> None:
    desk = desk_for(store, people.lead)
    figures = RoleHomes(desk).lead_desk()
    app = HomeFirst(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert type(app.screen).__name__ == "LeadDeskScreen" and len(app.screen_stack) == 1
        assert f"Audit rounds due · {len(figures.rounds)} open" in title(app, "rounds")
        assert f"Moderation waiting · {figures.moderation_waiting} ·" in title(app, "moderation")
        follow = title(app, "follow-ups")
        assert f"{len(figures.escalations)} escalation(s) open" in follow
        assert f"{len(figures.overdue_actions)} action(s) overdue" in follow
        assert f"{len(figures.plan_behind)} of {figures.plan_items}" in title(app, "plan")
        rounds = app.screen.query_one("#lead-rounds", OptionList)
        assert rounds.option_count == len(figures.rounds)
        assert figures.rounds[0].name in str(rounds.get_option_at_index(0).prompt)
        # every panel's title is on the 80x24 screen, with at least one row under it
        for panel in ("rounds", "moderation", "follow-ups", "plan"):
            box = app.screen.query_one(f"#lead-{panel}", OptionList).region
            assert box.height >= 1 and box.bottom <= 23, panel

        for key, screen in (
            ("p", "ProgrammesScreen"),
            ("m", "ModerationQueueScreen"),
            ("f", "FollowUpsScreen"),
            ("a", "ActionPlanScreen"),
            ("d", "DashboardScreen"),
            ("o", "OwnAuditsScreen"),
        ):
            await pilot.press(key)
            await settle(pilot, app)
            assert type(app.screen).__name__ == screen, key
            await pilot.press("escape")
            await settle(pilot, app)
            assert type(app.screen).__name__ == "LeadDeskScreen", key

        # enter on an audit waiting for moderation opens it for moderating
        app.screen.query_one("#lead-moderation", OptionList).focus()
        await pilot.press("enter")
        await settle(pilot, app)
        assert type(app.screen).__name__ == "ModerationScreen"
        assert app.screen.audit_id == figures.moderation_first[0].audit_id  # type: ignore[attr-defined]


async def test_the_lead_desk_lies_two_by_two_on_a_wide_terminal(
    store: Store, people: People
) -> None:
    app = HomeFirst(desk_for(store, people.lead))
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot, app)
        box = {
            panel: app.screen.query_one(f"#lead-{panel}-panel").region
            for panel in ("rounds", "moderation", "follow-ups", "plan")
        }
        assert box["rounds"].y == box["moderation"].y < box["follow-ups"].y == box["plan"].y
        assert box["rounds"].x < box["moderation"].x and box["rounds"].width >= 75


async def test_the_manager_home_lists_their_teams_audits_and_follow_ups(
    store: Store, people: People
) -> None:
    desk = desk_for(store, people.manager)
    audits = RoleHomes(desk).team_audits()
    follow_ups = RoleHomes(desk).team_follow_ups()
    app = HomeFirst(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert type(app.screen).__name__ == "ManagerHomeScreen"
        summary = str(app.screen.query_one("#manager-summary", Static).render())
        submitted = sum(a.status == "submitted" for a in audits)
        assert summary.startswith(f"{TEAM}:") and f"{submitted} submitted" in summary
        table = app.screen.query_one("#manager-audits", DataTable)
        assert table.row_count == len(audits)
        labels = [str(c.label) for c in table.columns.values()]
        assert labels == ["Case", "Status or grade", "Auditor", "Date"]  # one team: no column
        assert [str(table.get_row_at(i)[0]) for i in range(table.row_count)] == [
            a.case_ref for a in audits
        ]
        listed = app.screen.query_one("#manager-follow-ups", OptionList)
        assert listed.option_count == len(follow_ups)

        # enter reads the highlighted audit; escape comes back
        first = next(i for i, a in enumerate(audits) if a.status == "submitted")
        table.move_cursor(row=first)
        await pilot.press("enter")
        await settle(pilot, app)
        assert type(app.screen).__name__ == "AuditScreen"
        assert app.screen.audit_id == audits[first].id  # type: ignore[attr-defined]
        await pilot.press("escape")
        await settle(pilot, app)
        assert type(app.screen).__name__ == "ManagerHomeScreen"

        await pilot.press("f")
        await settle(pilot, app)
        assert type(app.screen).__name__ == "FollowUpsScreen"


async def test_the_manager_home_names_the_team_and_rubric_when_there_is_room(
    store: Store, people: People
) -> None:
    two = people_desk(AuditDesk(store, people.admin.user_name)).add(
        "test.manager3", "TM Two", [Role.MANAGER], manages=[TEAM, "Leaving Care"]
    )
    app = HomeFirst(desk_for(store, two))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        table = app.screen.query_one("#manager-audits", DataTable)

        def labels() -> list[str]:
            return [str(c.label) for c in table.columns.values()]

        assert labels()[:3] == ["Case", "Team", "Status or grade"]  # no room for the rubric
        rows = table.row_count
        await pilot.resize_terminal(160, 45)
        await settle(pilot, app)
        assert labels()[:4] == ["Case", "Team", "Rubric", "Status or grade"]
        assert table.row_count == rows
        assert {str(table.get_row_at(i)[1]) for i in range(rows)} == {TEAM, "Leaving Care"}
        grades = {str(table.get_row_at(i)[3]) for i in range(rows)}
        assert "Requires improvement to be good" in grades  # full names once there is room


async def test_the_head_of_service_lands_on_the_plan_and_escape_keeps_it(
    store: Store, people: People
) -> None:
    desk = desk_for(store, people.head)
    items = plan_desk(desk).items()
    app = HomeFirst(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert type(app.screen).__name__ == "PlanHomeScreen"
        assert app.screen.query_one("#plan-items", DataTable).row_count == len(items) > 0
        await pilot.press("escape")
        await settle(pilot, app)
        assert type(app.screen).__name__ == "PlanHomeScreen" and len(app.screen_stack) == 1
        assert app.screen.check_action("back", ()) is False  # not offered in the footer
        await pilot.press("f")
        await settle(pilot, app)
        assert type(app.screen).__name__ == "FollowUpsScreen"
        await pilot.press("escape")
        await settle(pilot, app)
        assert type(app.screen).__name__ == "PlanHomeScreen"


async def test_a_partner_with_no_audits_is_not_told_to_start_one(
    store: Store, people: People
) -> None:
    """Starting an audit is for auditors and QA leads: a partner agency's empty home does
    not point at a key it greys out; an auditor's empty home does."""
    for person, offered in ((people.partner, False), (people.auditor, True)):
        app = HomeFirst(desk_for(store, person))
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot, app)
            summary = str(app.screen.query_one("#home-summary", Static).render())
            assert ("to start an audit" in summary) is offered, (person.user_name, summary)


async def test_the_lead_desk_says_which_waiting_audits_are_the_leads_own(store: Store) -> None:
    """Nobody moderates their own audit: the demo's QA lead sees theirs marked as
    another lead's to moderate, and others' by their auditor's name."""
    lead = store.person("qa.lead")
    assert lead is not None  # the demo's QA lead, who audits too
    app = HomeFirst(desk_for(store, lead))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot, app)
        listed = app.screen.query_one("#lead-moderation", FittedList)
        rows = [str(listed.get_option_at_index(i).prompt) for i in range(listed.option_count)]
        assert any("yours: another lead" in row for row in rows), rows
        assert any("qa.rowan" in row or "demo.auditor" in row for row in rows), rows
        assert not any("qa.lead" in row for row in rows), rows
