"""The action plan's quarterly review: each item as the plan screen shows it, kept per
quarter for the board to read back (`qa-tui plan snapshot`, `qa-tui report plan`)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MINI_RUBRICS

from qa_tui.cli.main import cli
from qa_tui.desks.audits import AuditDesk, ServiceError
from qa_tui.desks.council_settings import CouncilSettingsDesk
from qa_tui.desks.plan import ActionDesk
from qa_tui.desks.plan_snapshots import PlanSnapshotDesk
from qa_tui.domain.plan_records import Measure
from qa_tui.domain.quarters import parse_quarter
from qa_tui.store.database import Store

REVIEWED_ON = date(2025, 6, 30)


@pytest.fixture
def plan(store: Store, seeded: list[int]) -> tuple[int, int]:
    """Two items: one measured from January 2025 (audits run to April), one not."""
    desk = ActionDesk(AuditDesk(store, "qa.lead", MINI_RUBRICS))
    measured = desk.create("Children seen alone", owner="Head of CIN", due_on="2026-03-31")
    desk.set_measure(
        measured,
        Measure(rubric_id="mini", criterion_id="child-seen", bucket="good"),
        target=0.8,
        target_on="2026-01-31",
        today=date(2025, 1, 31),
    )
    plain = desk.create("Chronologies kept up to date", owner="Principal social worker")
    return measured, plain


def events(store: Store) -> list[tuple[str, str]]:
    return [
        (r["field"], r["entity_id"])
        for r in store._rows("SELECT * FROM events WHERE entity = 'plan_snapshot' ORDER BY id")
    ]


def test_a_snapshot_keeps_the_figures_the_plan_shows(store: Store, plan: tuple[int, int]) -> None:
    desk = AuditDesk(store, "qa.lead", MINI_RUBRICS)
    measured, plain = plan
    shown = {i.id: i for i in ActionDesk(desk).items(REVIEWED_ON)}
    taken = PlanSnapshotDesk(desk).take(
        "2025-Q2", {measured: "Audit week in May helped"}, today=REVIEWED_ON
    )
    assert taken.quarter.end == date(2025, 6, 30)
    read = PlanSnapshotDesk(desk).snapshot("2025-Q2")
    assert read == taken
    by_id = {i.action_id: i for i in read.items}
    item, p = shown[measured], shown[measured].progress
    assert p is not None and p.current_audits > 0
    got = by_id[measured]
    assert (got.status, got.measure_text, got.baseline, got.current, got.target, got.audits) == (
        item.status,
        item.measure_label,
        p.baseline,
        p.current,
        item.target_value,
        p.current_audits,
    )
    assert got.note == "Audit week in May helped"
    assert (by_id[plain].status, by_id[plain].current, by_id[plain].note) == (
        "not_started",
        None,
        "",
    )
    assert [q.quarter.label for q in PlanSnapshotDesk(desk).quarters()] == ["2025-Q2"]
    assert events(store) == [("taken", "2025-06-30")]


def test_taking_a_quarter_again_replaces_it_and_keeps_its_notes(
    store: Store, plan: tuple[int, int]
) -> None:
    desk = PlanSnapshotDesk(AuditDesk(store, "qa.lead", MINI_RUBRICS))
    measured, plain = plan
    desk.take("2025-Q2", {measured: "First look"}, today=REVIEWED_ON)
    again = desk.take("2025-Q2", {plain: "Owner found"}, today=REVIEWED_ON)
    notes = {i.action_id: i.note for i in again.items}
    assert notes == {measured: "First look", plain: "Owner found"}
    assert len(desk.quarters()) == 1
    assert events(store) == [("taken", "2025-06-30"), ("retaken", "2025-06-30")]


def test_a_quarter_in_the_future_is_refused(store: Store, plan: tuple[int, int]) -> None:
    desk = PlanSnapshotDesk(AuditDesk(store, "qa.lead", MINI_RUBRICS))
    with pytest.raises(ServiceError, match="2025-Q3 has not begun"):
        desk.take("2025-Q3", today=REVIEWED_ON)
    with pytest.raises(ServiceError, match="not a quarter"):
        desk.take("summer", today=REVIEWED_ON)
    with pytest.raises(ServiceError, match="no action plan item 999"):
        desk.take("2025-Q2", {999: "?"}, today=REVIEWED_ON)
    assert desk.quarters() == [] and events(store) == []


def test_a_financial_council_names_the_same_snapshot_its_way(
    store: Store, plan: tuple[int, int]
) -> None:
    desk = AuditDesk(store, "qa.lead", MINI_RUBRICS)
    PlanSnapshotDesk(desk).take(parse_quarter("2025-Q1"), today=REVIEWED_ON)
    CouncilSettingsDesk(desk).set_quarters("financial")
    [taken] = PlanSnapshotDesk(desk).quarters()
    assert taken.quarter.label == "Q4-24/25"
    assert PlanSnapshotDesk(desk).snapshot("Q4-24/25") == PlanSnapshotDesk(desk).snapshot("2025-Q1")


def cli_run(db: Path, *args: str) -> tuple[int, str, str]:
    done = CliRunner().invoke(cli, ["--db", str(db), "--user", "qa.lead", *args])
    return done.exit_code, done.stdout, done.stderr


def test_the_command_line_takes_a_quarter_and_reports_it(
    db_path: Path, store: Store, plan: tuple[int, int]
) -> None:
    measured, _ = plan
    code, _, err = cli_run(
        db_path,
        "plan",
        "snapshot",
        "--quarter",
        "2025-Q1",
        "--note",
        f"{measured}=Better | still <b>short</b>",
    )
    assert code == 0 and "2025-Q1: 2 item(s) recorded" in err
    code, out, _ = cli_run(db_path, "report", "plan", "--quarter", "2025-Q1")
    assert code == 0
    assert out.startswith("# Action plan: quarterly review 2025-Q1")
    assert "Children seen alone" in out and "Chronologies kept up to date" in out
    assert r"Better \| still \<b\>short\</b\>" in out  # a note is text, never markup

    code, out, _ = cli_run(db_path, "report", "plan", "--quarter", "2025-Q1", "--format", "html")
    assert code == 0 and "<h1>Action plan: quarterly review 2025-Q1</h1>" in out
    assert "Better | still &lt;b&gt;short&lt;/b&gt;" in out

    code, _, _ = cli_run(db_path, "db", "settings", "--quarters", "financial")
    code, out, _ = cli_run(db_path, "report", "plan", "--quarter", "Q4-24/25")
    assert code == 0 and "quarterly review Q4-24/25" in out
    assert "2025-01-01 to 2025-03-31" in out

    code, out, err = cli_run(db_path, "report", "plan", "--quarter", "2025-Q2")
    assert code == 1 and out == ""
    assert err.strip().splitlines() == [
        "Error: no quarterly review of the action plan for 2025-Q2 (taken: Q4-24/25); "
        "take one with `qa-tui plan snapshot --quarter ...`"
    ]


def test_the_command_line_refuses_a_future_quarter_in_one_line(
    db_path: Path, store: Store, plan: tuple[int, int]
) -> None:
    code, _, err = cli_run(db_path, "plan", "snapshot", "--quarter", "2099-Q1")
    assert code == 1
    assert len(err.strip().splitlines()) == 1 and "2099-Q1 has not begun" in err
    code, _, err = cli_run(db_path, "plan", "snapshot", "--quarter", "2025-Q1", "--note", "x")
    assert code == 2 and "ID=TEXT" in err


async def test_q_on_the_action_plan_keeps_the_quarter_with_a_note(
    store: Store, plan: tuple[int, int]
) -> None:
    from conftest import settle
    from textual.widgets import Input

    from qa_tui.tui.app import make_app
    from qa_tui.tui.screens.action_plan import ActionPlanScreen

    desk = AuditDesk(store, "qa.lead", MINI_RUBRICS)
    CouncilSettingsDesk(desk).set_quarters("financial")
    app = make_app(desk)
    app.today = lambda: REVIEWED_ON  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        app.push_screen(ActionPlanScreen())
        await settle(pilot, app)
        first = app.screen.items[0]  # type: ignore[attr-defined]
        await pilot.press("Q")
        await settle(pilot, app)
        quarter = app.screen.query_one("#field-0", Input)
        assert quarter.value == "Q4-24/25"  # the last quarter ended, named the council's way
        await pilot.press("enter", *"Owner chasing", "ctrl+s")
        await settle(pilot, app)
        assert type(app.screen).__name__ == "ActionPlanScreen"
    taken = PlanSnapshotDesk(desk).snapshot("Q4-24/25")
    assert taken is not None and len(taken.items) == 2
    assert {i.action_id: i.note for i in taken.items}[first.id] == "Owner chasing"
