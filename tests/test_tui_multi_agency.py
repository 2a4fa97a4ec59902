"""The joint judgement screen, used with the keyboard through the real app and Pilot on a
real SQLite file: each agency's grades side by side, a reason asked where they differ,
who took part, settling it, and the round by agency."""

from __future__ import annotations

from conftest import MINI_RUBRICS, settle
from test_multi_agency import all_submitted, assign, round_  # noqa: F401 (a fixture)
from textual.widgets import Input, OptionList, Static

from qa_tui.desks.audits import AuditDesk
from qa_tui.desks.multi_agency import MultiAgencyDesk
from qa_tui.store.database import Store
from qa_tui.tui.app import make_app
from qa_tui.tui.screens.joint_judgement import JointJudgementScreen
from qa_tui.tui.screens.joint_judgement_forms import ReasonForm


def lead_app(store: Store):  # type: ignore[no-untyped-def]
    person = store.person("lee")
    assert person is not None
    return make_app(AuditDesk(store, "door", MINI_RUBRICS).signed_in(person))


def shown(app, selector: str) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one(selector, Static).render())


def options(app, selector: str) -> list[str]:  # type: ignore[no-untyped-def]
    found = app.screen.query_one(selector, OptionList)
    return [str(found.get_option_at_index(i).prompt) for i in range(found.option_count)]


async def open_round(app, pilot, programme_id: int) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot, app)
    await app.push_screen(JointJudgementScreen(programme_id))
    await settle(pilot, app)


async def test_agencies_side_by_side_and_a_reason_where_they_differ(
    store: Store,
    round_: tuple[dict[str, AuditDesk], int],  # noqa: F811
) -> None:
    desks, programme_id = round_
    assign(desks, programme_id)
    all_submitted(store, desks)
    app = lead_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_round(app, pilot, programme_id)
        children = options(app, "#joint-children")
        assert "CP-001" in children[0] and "3/3 · to agree" in children[0]
        rows = options(app, "#joint-criteria")
        assert "Child… Health Police │ Joint" in rows[0]
        seen = next(r for r in rows if "Child seen" in r)
        assert seen.startswith("≠") and "Good   Good   RI" in seen  # police graded lower
        await pilot.press("tab")  # to the child's criteria, the first still to agree
        assert "Overall" in shown(app, "#joint-detail")
        await pilot.press("down")
        assert "Child seen" in shown(app, "#joint-detail")
        await pilot.press("2")
        await settle(pilot, app)
        assert isinstance(app.screen, ReasonForm)
        await pilot.press("enter")  # no reason: refused, nothing saved
        assert isinstance(app.screen, ReasonForm)
        app.screen.query_one(Input).value = "Police saw her [b]once[/b] alone"
        await pilot.press("enter")
        await settle(pilot, app)
        view = MultiAgencyDesk(desks["lee"]).joint(programme_id, "CP-001")
        agreed = next(c for c in view.criteria if c.criterion_id == "child-seen").agreed
        assert agreed is not None and agreed["value"] == 2
        assert agreed["reason"] == "Police saw her [b]once[/b] alone"
        await pilot.press("up")
        assert "Police saw her [b]once[/b] alone" in shown(app, "#joint-detail")  # literal


async def test_the_lead_settles_a_childs_judgement_and_reads_the_round_by_agency(
    store: Store,
    round_: tuple[dict[str, AuditDesk], int],  # noqa: F811
) -> None:
    desks, programme_id = round_
    assign(desks, programme_id)
    all_submitted(store, desks)
    multi = MultiAgencyDesk(desks["lee"])
    multi.grade(programme_id, "CP-002", "overall", 2)  # begun before the meeting
    app = lead_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_round(app, pilot, programme_id)
        await pilot.press("down")  # CP-002: nobody differs, no reason asked
        await settle(pilot, app)
        assert "CP-002" in shown(app, "#joint-head")
        await pilot.press("tab")
        await pilot.press("1")  # child seen: Outstanding (the cursor moves on)
        await settle(pilot, app)
        await pilot.press("n")  # plan smart: not applicable
        await settle(pilot, app)
        await pilot.press("1")  # visits in time: Yes
        await settle(pilot, app)
        await pilot.press("c")  # nobody said who took part yet: refused, said why
        await settle(pilot, app)
        assert multi.joint(programme_id, "CP-002").agreed_at is None
        await pilot.press("p")
        await settle(pilot, app)
        app.screen.query_one(Input).value = "Police=DS Ash; Health=Nurse Hal"
        await pilot.press("enter")
        await settle(pilot, app)
        assert "DS Ash (Police); Nurse Hal (Health)" in shown(app, "#joint-head")
        await pilot.press("c")
        await settle(pilot, app)
        view = multi.joint(programme_id, "CP-002")
        assert view.agreed_at is not None and not view.missing
        assert "agreed" in options(app, "#joint-children")[1]
        await pilot.press("g")
        await settle(pilot, app)
        table = shown(app, "#joint-agencies-text")
        assert "Joint j…" in table and "Police" in table
        overall = next(r for r in table.splitlines() if r.startswith("Overall"))
        assert overall.split()[-2:] == ["100%", "1"]  # the one agreed judgement, Good
        await pilot.press("escape")
        await settle(pilot, app)
        assert isinstance(app.screen, JointJudgementScreen)
        assert not app.screen.has_class("by-agency")


async def test_j_on_the_programmes_screen_opens_only_a_multi_agency_round(
    store: Store,
    round_: tuple[dict[str, AuditDesk], int],  # noqa: F811
) -> None:
    from qa_tui.desks.programmes import ProgrammeDesk
    from qa_tui.tui.screens.programmes import ProgrammesScreen

    desks, programme_id = round_
    ProgrammeDesk(desks["lee"]).create(
        name="A dip", kind="dip_sample", rubric_ids=["mini"], owner="lee"
    )
    app = lead_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await app.push_screen(ProgrammesScreen())
        await settle(pilot, app)
        listed = options(app, "#programme-list")
        dip = next(n for n, r in enumerate(listed) if "A dip" in r)
        app.screen.query_one("#programme-list", OptionList).highlighted = dip
        await pilot.press("j")
        await settle(pilot, app)
        assert isinstance(app.screen, ProgrammesScreen)
        assert any("not a multi-agency round" in str(n.message) for n in app._notifications)
        partnership = next(n for n, r in enumerate(listed) if "Partnership" in r)
        app.screen.query_one("#programme-list", OptionList).highlighted = partnership
        await pilot.press("j")
        await settle(pilot, app)
        assert isinstance(app.screen, JointJudgementScreen)
        assert app.screen.programme_id == programme_id


async def test_the_dashboards_agencies_tab_shows_the_round_by_agency(
    store: Store,
    round_: tuple[dict[str, AuditDesk], int],  # noqa: F811
) -> None:
    from qa_tui.tui.screens.dashboard import DashboardScreen

    desks, programme_id = round_
    assign(desks, programme_id)
    all_submitted(store, desks)
    app = lead_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await app.push_screen(DashboardScreen())
        await settle(pilot, app)
        await pilot.press("7")
        await settle(pilot, app)
        text = shown(app, "#dash-agencies-text")
        assert "Partnership spring" in text
        child_seen = next(r for r in text.splitlines() if r.startswith("Child seen"))
        # Children's social care, Health, Police (one of two Good), no joint judgement yet
        assert child_seen.split()[2:] == ["100%", "2", "100%", "2", "50%", "2", "–"]
