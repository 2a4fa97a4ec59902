"""Calibration exercises: one case file or vignette graded independently by every
auditor, the agreed grade recorded, each auditor read against it, and the result counted
in agreement over time.

Real SQLite files in tmp_path, the real CLI through click's runner, the real app through
its Pilot.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MINI_RUBRICS, settle

from qa_tui.cli.main import cli
from qa_tui.desks.agreement_over_time import AgreementOverTime
from qa_tui.desks.audits import AuditDesk, ServiceError
from qa_tui.desks.calibration import CalibrationDesk
from qa_tui.domain.records import Case
from qa_tui.store.calibration import CalibrationRecords
from qa_tui.store.database import Store
from qa_tui.tui.app import make_app
from qa_tui.tui.screens.calibration import CalibrationGradingScreen, CalibrationScreen

NO_ONE = {"QA_TUI_TOKEN": "", "QA_TUI_USER": "", "QA_TUI_DB": ""}
VIGNETTE = "Sam, 9, [seen] once in [b]three[/b] months; the plan says 'mum to engage'."


def desk(store: Store, user: str) -> CalibrationDesk:
    return CalibrationDesk(AuditDesk(store, user, MINI_RUBRICS))


@pytest.fixture
def exercise(store: Store) -> int:
    """On the mini rubric (child-seen: Ofsted scale; plan-smart: may be N/A;
    visits-in-time: Yes/Partly/No), graded by ann and bob, agreed by the lead."""
    store.upsert_cases([Case("CIN-0001", "MASH")], "lead", "test")
    made = desk(store, "qa.lead").create("Spring calibration", "mini", case_ref="CIN-0001")
    for user, seen, visits in (("ann", 2, 1), ("bob", 1, 2)):
        mine = desk(store, user)
        mine.grade(made, "child-seen", seen)
        mine.grade(made, "plan-smart", None)
        mine.grade(made, "visits-in-time", visits)
    return made


def agree_all(store: Store, made: int) -> None:
    lead = desk(store, "qa.lead")
    lead.grade(made, "child-seen", 2, agreed=True)
    lead.grade(made, "plan-smart", None, agreed=True)
    lead.grade(made, "visits-in-time", 1, agreed=True)


def test_each_auditor_grades_on_their_own(store: Store, exercise: int) -> None:
    assert desk(store, "ann").open(exercise).mine == {
        "child-seen": 2,
        "plan-smart": None,
        "visits-in-time": 1,
    }
    assert desk(store, "cy").open(exercise).mine == {}  # nobody's grades but one's own
    with pytest.raises(ServiceError, match="scale has grades 1 to 4"):
        desk(store, "ann").grade(exercise, "child-seen", 5)
    with pytest.raises(ServiceError, match="no criterion 'seen'"):
        desk(store, "ann").grade(exercise, "seen", 1)
    with pytest.raises(ServiceError, match="child-seen cannot be marked not applicable"):
        desk(store, "ann").grade(exercise, "child-seen", None)


def test_the_results_show_the_spread_and_each_auditor_against_the_agreed_grade(
    store: Store, exercise: int
) -> None:
    agree_all(store, exercise)
    results = desk(store, "qa.lead").results(exercise)
    seen = next(c for c in results.criteria if c.criterion_id == "child-seen")
    assert (seen.agreed, seen.grades, seen.matching, seen.distinct, seen.widest) == (
        2,
        {"ann": 2, "bob": 1},
        1,
        2,
        1,
    )
    assert seen.as_dict()["grades"] == {"ann": "Good", "bob": "Outstanding"}
    visits = next(c for c in results.criteria if c.criterion_id == "visits-in-time")
    assert visits.as_dict()["agreed"] == "Yes" and visits.matching == 1
    by_auditor = {a.auditor: a.agreement for a in results.auditors}
    assert by_auditor["ann"].exact == 1.0 and by_auditor["ann"].pairs == 1
    assert by_auditor["bob"].exact == 0.0 and by_auditor["bob"].generous == 1.0


def test_closing_needs_every_agreed_grade_then_nobody_grades_it(
    store: Store, exercise: int
) -> None:
    lead = desk(store, "qa.lead")
    lead.grade(exercise, "child-seen", 2, agreed=True)
    with pytest.raises(ServiceError, match="agree a grade first for: plan-smart, visits-in-time"):
        lead.close(exercise)
    agree_all(store, exercise)
    lead.close(exercise)
    with pytest.raises(ServiceError, match="is closed"):
        desk(store, "ann").grade(exercise, "child-seen", 1)
    assert desk(store, "ann").results(exercise).closed


def test_a_closed_exercise_counts_in_agreement_over_time_by_when_it_closed(
    store: Store, exercise: int
) -> None:
    agree_all(store, exercise)
    desk(store, "qa.lead").close(exercise)
    CalibrationRecords(store).backdate_close(exercise, "2026-05-20T15:00:00+00:00", "test")
    quarters = AgreementOverTime(AuditDesk(store, "qa.lead", MINI_RUBRICS)).by_quarter()
    bob = [q for q in quarters if q.auditor == "bob"]
    assert [(q.quarter, q.scale_points, q.agreement.pairs, q.calibration_pairs) for q in bob] == [
        ("2026-Q2", 3, 1, 1),
        ("2026-Q2", 4, 1, 1),
    ]
    assert bob[1].agreement.exact == 0.0


def test_a_vignette_is_kept_as_written_and_one_of_the_two_is_needed(store: Store) -> None:
    lead = desk(store, "qa.lead")
    made = lead.create("Vignette", "mini", vignette=VIGNETTE)
    assert lead.open(made).vignette == VIGNETTE
    with pytest.raises(ServiceError, match="one case file or one vignette"):
        lead.create("Neither", "mini")
    with pytest.raises(ServiceError, match="case CIN-9999 is not in the case list"):
        lead.create("Missing", "mini", case_ref="CIN-9999")


def test_the_command_line_runs_an_exercise(store: Store, db_path: Path, tmp_path: Path) -> None:
    story = tmp_path / "vignette.txt"
    story.write_text(VIGNETTE, "utf-8")
    runner = CliRunner()

    def run(user: str, *args: str, code: int = 0) -> str:
        done = runner.invoke(
            cli,
            [
                "--db",
                str(db_path),
                "--rubrics",
                str(MINI_RUBRICS),
                "--user",
                user,
                "calibration",
                *args,
            ],
            env=NO_ONE,
        )
        assert done.exit_code == code, done.output
        return done.output

    made = run(
        "qa.lead", "create", "--title", "Winter", "--rubric", "mini", "--vignette", str(story)
    )
    made = made.strip().splitlines()[-1]
    run("ann", "grade", made, "child-seen", "2")
    run("ann", "grade", made, "plan-smart", "na")
    assert "a grade's number (1 = best) or na" in run(
        "ann", "grade", made, "child-seen", "good", code=2
    )
    for criterion, grade in (("child-seen", "3"), ("plan-smart", "na"), ("visits-in-time", "1")):
        run("qa.lead", "agree", made, criterion, grade)
    run("qa.lead", "close", made)
    document = json.loads(run("qa.lead", "results", made, "--format", "json"))
    seen = next(c for c in document["criteria"] if c["criterion_id"] == "child-seen")
    assert seen["agreed"] == "Requires improvement to be good" and seen["grades"] == {"ann": "Good"}
    listed = json.loads(run("qa.lead", "list", "--format", "json"))["calibrations"]
    assert [(c["title"], c["graders"], c["closed_at"] is not None) for c in listed] == [
        ("Winter", 1, True)
    ]
    assert "is closed" in run("ann", "grade", made, "child-seen", "1", code=1)


async def test_an_auditor_grades_by_keys_and_the_lead_agrees_and_closes(
    store: Store, exercise: int
) -> None:
    app = make_app(AuditDesk(store, "cy", MINI_RUBRICS))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("k")
        await settle(pilot, app)
        assert isinstance(app.screen, CalibrationScreen)
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, CalibrationGradingScreen)
        await pilot.press("3")  # child-seen: Requires improvement; the cursor moves on
        await settle(pilot, app)
        await pilot.press("n")  # plan-smart: not applicable
        await settle(pilot, app)
        await pilot.press("2")  # visits-in-time: Partly
        await settle(pilot, app)
        header = str(app.screen.query_one("#calibration-header").render())
        assert "3/3 graded" in header and "your own grades, seen by nobody else" in header
    assert desk(store, "cy").open(exercise).mine == {
        "child-seen": 3,
        "plan-smart": None,
        "visits-in-time": 2,
    }

    app = make_app(AuditDesk(store, "qa.lead", MINI_RUBRICS))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("m")
        await settle(pilot, app)
        await pilot.press("k")
        await settle(pilot, app)
        await pilot.press("a")
        await settle(pilot, app)
        await pilot.press("2", "n", "1")
        await settle(pilot, app)
        await pilot.press("escape")
        await settle(pilot, app)
        await pilot.press("c")
        await settle(pilot, app)
        shown = str(app.screen.query_one("#calibration-results-text").render())
    assert "Spring calibration (closed)" in shown
    assert "agreed: Good, 1 of 3 gave it · 3 different grades, 2 apart" in shown
    assert "ann Good, bob Outst., cy RI" in shown
