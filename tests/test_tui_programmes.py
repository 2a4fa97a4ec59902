"""A QA lead's round through the real app: create a programme, sample, assign, repeat."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import settle
from textual.widgets import Input, OptionList, Static

from qa_tui.desks.audits import AuditDesk
from qa_tui.desks.moderation_steering import ModerationSteering
from qa_tui.desks.programmes import ProgrammeDesk
from qa_tui.domain.records import Case
from qa_tui.store.database import Store
from qa_tui.tui.app import make_app

MINI = Path(__file__).parent / "data" / "rubrics"
TEAMS = ("Assessment North", "Child Protection East", "MASH")


@pytest.fixture
def lead_desk(tmp_path: Path) -> AuditDesk:
    store = Store.open(tmp_path / "qa.sqlite3")
    store.upsert_cases(
        [
            Case(f"C-{t[:3].upper()}-{n:02d}", t, cohort="CIN" if n % 2 else "CP")
            for t in TEAMS
            for n in range(1, 11)
        ],
        "lead",
        "test",
    )
    desk = AuditDesk(store, "qa.lead", MINI)
    programmes = ProgrammeDesk(desk)
    programmes.set_auditor_teams("qa.birch", ["MASH"])
    programmes.set_auditor_teams("qa.rowan", ["Assessment North"])
    return desk


async def fill(pilot, app, values: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Replace each field of the open form in turn, pressing enter after each."""
    for value in values:
        field = app.screen.focused
        assert isinstance(field, Input)
        field.value = value
        await pilot.press("enter")
        await pilot.pause(0.02)


async def test_create_sample_and_assign_a_programme_with_keys(lead_desk: AuditDesk) -> None:
    app = make_app(lead_desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("p")
        await settle(pilot, app)
        await pilot.press("n")
        await settle(pilot, app)
        await fill(
            pilot,
            app,
            ["CIN dip sample", "dip_sample", "mini", "2026-12-31", "Head of QA", "12", "6"]
            + ["25", "yes"],  # moderation share and blind default
        )
        await settle(pilot, app)
        await settle(pilot, app)
        listed = app.screen.query_one("#programme-list", OptionList)
        assert "CIN dip sample" in str(listed.get_option_at_index(0).prompt)
        terms = ModerationSteering(lead_desk).terms("CIN dip sample")
        assert terms["share"] == 25.0 and terms["blind"] is True

        await pilot.press("s")  # sample: seed 42, CIN only, 2 a team
        await settle(pilot, app)
        await fill(pilot, app, ["42", "CIN", "", "", "", "2", "", "1", "12"])
        await settle(pilot, app)
        preview = " ".join(str(w.render()) for w in app.screen.query(Static))
        assert "6 sampled of a cohort of 15" in preview
        programme = ProgrammeDesk(lead_desk).get("CIN dip sample")
        assert programme.rule is None  # a preview records nothing
        await pilot.press("enter")  # draw it
        await settle(pilot, app)
        await settle(pilot, app)

        await pilot.press("a")
        await settle(pilot, app)
        await fill(pilot, app, ["qa.birch, qa.rowan", ""])
        await settle(pilot, app)
        await pilot.press("enter")  # confirm the plan
        await settle(pilot, app)
        await settle(pilot, app)
        info = str(app.screen.query_one("#programme-info", Static).render())
        assert "6 audits" in info

    programmes = ProgrammeDesk(lead_desk)
    programme = programmes.get("CIN dip sample")
    assert programme.seed == 42 and programme.cohort_size == 15
    assert programme.status == "open"
    assert programme.owner == "Head of QA"
    audits = lead_desk.store._rows(
        "SELECT a.auditor, c.team FROM audits a JOIN cases c USING (case_ref) "
        "WHERE a.programme_id = ?",
        (programme.id,),
    )
    assert len(audits) == 6
    for row in audits:  # nobody audits their own team
        assert not (row["auditor"] == "qa.birch" and row["team"] == "MASH")
        assert not (row["auditor"] == "qa.rowan" and row["team"] == "Assessment North")


async def test_repeat_a_programme_with_the_same_cases(lead_desk: AuditDesk) -> None:
    from qa_tui.domain.sampling import SamplingRule

    programmes = ProgrammeDesk(lead_desk)
    first = programmes.create(
        name="Autumn round", kind="dip_sample", rubric_ids=["mini"], owner="Head of QA"
    )
    programmes.draw(first.id, SamplingRule(per_team=1), seed=5)
    app = make_app(lead_desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("p")
        await settle(pilot, app)
        await pilot.press("r")
        await settle(pilot, app)
        field = app.screen.focused
        assert isinstance(field, Input)
        field.value = "Spring repeat | same"
        await pilot.press("enter")
        await settle(pilot, app)
        await settle(pilot, app)
        listed = app.screen.query_one("#programme-list", OptionList)
        names = [str(listed.get_option_at_index(i).prompt) for i in range(listed.option_count)]
        assert any("Spring repeat" in n for n in names)
    repeat = programmes.get("Spring repeat")
    assert repeat.repeat_of == first.id and repeat.kind == "repeat"
    assert programmes.store.chosen_cases(repeat.id) == programmes.store.chosen_cases(first.id)


async def test_cases_view_explains_and_records_changes(lead_desk: AuditDesk) -> None:
    from qa_tui.domain.sampling import SamplingRule

    programmes = ProgrammeDesk(lead_desk)
    p = programmes.create(name="Round", kind="dip_sample", rubric_ids=["mini"], owner="QA")
    programmes.draw(p.id, SamplingRule(per_team=1), seed=9)
    programmes.assign(p.id, ["qa.birch", "qa.rowan"])
    app = make_app(lead_desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("p")
        await settle(pilot, app)
        await pilot.press("c")
        await settle(pilot, app)
        summary = str(app.screen.query_one("#cases-summary", Static).render())
        assert "chosen 3" in summary and "not drawn 27" in summary
        await pilot.press("plus")  # an inspector asks for a particular case
        await settle(pilot, app)
        await fill(pilot, app, ["C-MAS-04", "Requested by the inspector"])
        await settle(pilot, app)
        await settle(pilot, app)
        options = app.screen.query_one("#case-decisions", OptionList)
        lines = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any("C-MAS-04" in line and "Requested by the inspector" in line for line in lines)
        options.highlighted = 0  # the first chosen case, assigned already
        first = options.get_option_at_index(0).id
        await pilot.press("R")
        await settle(pilot, app)
        await fill(pilot, app, ["hos.maple", "Auditor on leave"])
        await settle(pilot, app)
        await settle(pilot, app)
    audit = lead_desk.store._one(
        "SELECT id, auditor FROM audits WHERE programme_id = ? AND case_ref = ?", (p.id, first)
    )
    assert audit is not None and audit["auditor"] == "hos.maple"
    events = lead_desk.store.events("audit", audit["id"])
    assert "reassigned: Auditor on leave" in (events[-1].new_value or "")
    added = [e for e in lead_desk.store.events("programme", p.id) if e.field == "case.C-MAS-04"]
    assert added and "Requested by the inspector" in (added[0].new_value or "")


async def test_import_a_case_list_with_its_own_column_names(
    lead_desk: AuditDesk, tmp_path: Path
) -> None:
    export = tmp_path / "export.csv"
    export.write_text(
        "\ufeffCase Ref,Allocated Team,Legal Status,Date Opened,Age\r\n"
        "LL-1,MASH,CIN,11/09/2025,10\r\nLL-2,MASH,CP,01/02/2024,4\r\n",
        encoding="utf-8",
    )
    app = make_app(lead_desk)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        await pilot.press("p")
        await settle(pilot, app)
        await pilot.press("i")
        await settle(pilot, app)
        field = app.screen.focused
        assert isinstance(field, Input)
        field.value = str(export)
        await pilot.press("enter")
        await settle(pilot, app)
        await settle(pilot, app)
        guessed = [app.screen.query_one(f"#field-{n}", Input).value for n in range(7)]
        assert guessed[:2] == ["Case Ref", "Allocated Team"]  # guessed from common names
        assert guessed[4] == "Legal Status" and guessed[6] == "Date Opened"
        for _ in range(7):
            await pilot.press("enter")
        await fill(pilot, app, ["my-export", "no"])
        await settle(pilot, app)
        await settle(pilot, app)
    case = lead_desk.store.case("LL-1")
    assert case is not None and case.team == "MASH" and case.cohort == "CIN"
    assert case.opened_on == "2025-09-11" and case.attributes == {"Age": "10"}
    assert lead_desk.case_mapping("my-export")["case_ref"] == "Case Ref"


async def test_close_a_programme_from_the_screen(lead_desk: AuditDesk) -> None:
    programmes = ProgrammeDesk(lead_desk)
    programmes.create(name="Old round", kind="dip_sample", rubric_ids=["mini"], owner="QA")
    app = make_app(lead_desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("p")
        await settle(pilot, app)
        await pilot.press("x")
        await settle(pilot, app)
        await pilot.press("enter")
        await settle(pilot, app)
        await settle(pilot, app)
    assert programmes.get("Old round").status == "closed"
