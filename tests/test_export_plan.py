"""Exports of themes and the action plan (and grades as XLSX and Markdown), for scripts
and the improvement board: every format read back, small counts suppressed, workers'
names left out, filters narrowing, bad flags as one line.

One real database is built for the module (exports only read it): 32 mini audits in
three teams, with themes tagged on them, and three action plan items.
"""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import select
import subprocess
import sys
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import jsonschema
import openpyxl
import pytest
from click.testing import CliRunner, Result
from conftest import MINI_RUBRICS

from qa_tui.cli.exports import export_schemas
from qa_tui.cli.main import cli
from qa_tui.desks.audits import AuditDesk
from qa_tui.desks.plan import ActionDesk
from qa_tui.domain.dashboard_records import Filters
from qa_tui.domain.plan_records import Measure
from qa_tui.domain.records import Case
from qa_tui.store.database import Store
from qa_tui.store.plan import ActionStore
from qa_tui.store.programmes import ProgrammeStore

REPO = Path(__file__).resolve().parent.parent
AN, CPE, CCW = "Assessment North", "Child Protection East", "Children in Care West"
NOT_SMART = "Plans not SMART"
SEEN_ALONE = "Child seen alone regularly"
MULTI = "Multi-agency | joint working"  # a pipe, for the Markdown table
FORMULA = '=HYPERLINK("http://evil.invalid/","Click") recording policy'
PERIOD = ("--from", "2025-01", "--to", "2025-04")
SET_ON = date(2025, 4, 30)  # the day the measures were set
ESCALATION = ("Team manager Jo", "2025-04-02 10:00", "Visit arranged today")


@dataclass
class Plan:
    db: Path
    smart: int  # action measured on Assessment North's SMART plans
    policy: int  # action with no owner, date or measure (a formula for a title)
    inadequate: int  # action on inadequate overall grades, overridden to off track
    programme_id: int


def _audit(
    store: Store,
    n: int,
    team: str,
    month: str,
    overall: str,
    plan: str,
    themes: list[tuple[str, str]],
    auditor: str,
) -> None:
    """One submitted mini audit on its own case, submitted mid-`month`."""
    case_ref = f"C-{n:03d}"
    store.upsert_cases(
        [Case(case_ref, team, cohort="CP" if team == CPE else "CIN")], "lead", "test"
    )
    desk = AuditDesk(store, auditor, MINI_RUBRICS)
    audit_id = desk.start_audit(case_ref, "mini")
    desk.grade(audit_id, "child-seen", overall)  # the limiting criterion
    desk.save_evidence(audit_id, "child-seen", "Seen at home")
    desk.grade(audit_id, "plan-smart", plan)
    desk.save_evidence(audit_id, "plan-smart", "Plan read")
    desk.grade(audit_id, "visits-in-time", "yes")
    desk.set_overall(audit_id, overall)
    desk.set_text(audit_id, "overall_rationale", "As graded")
    for criterion, theme in themes:
        desk.add_theme(audit_id, criterion, theme)
    desk.submit(audit_id, ESCALATION if overall == "inadequate" else None)
    store.backdate_submission(audit_id, f"{month}-15T10:00:00+00:00", "test")


@pytest.fixture(scope="module")
def plan(tmp_path_factory: pytest.TempPathFactory) -> Plan:
    db = tmp_path_factory.mktemp("plan") / "qa.sqlite3"
    store = Store.open(db)
    not_smart = ("plan-smart", f"-{NOT_SMART}")
    seen_alone = ("child-seen", f"+{SEEN_ALONE}")
    multi = ("", f"+{MULTI}")
    n = 0

    def add(team: str, month: str, overall: str, *themes: tuple[str, str]) -> None:
        nonlocal n
        plan_grade = "requires-improvement" if not_smart in themes else "good"
        _audit(
            store,
            n,
            team,
            month,
            overall,
            plan_grade,
            list(themes),
            "bob" if team == CPE else "alice",
        )
        n += 1

    months = ["2025-01", "2025-02", "2025-03", "2025-04"]
    # 2025-01..04: 20 audits. Plans not SMART on 12 (Assessment North 7, Child
    # Protection East 3, Children in Care West 2) graded 6 good, 5 RI, 1 inadequate.
    for i in range(10):
        themes = ([not_smart] if i < 7 else []) + ([seen_alone] if i < 6 else [])
        add(AN, months[i % 4], "requires-improvement" if i == 6 else "good", *themes)
    for i in range(6):
        themes = [not_smart] if i < 3 else [multi] if i < 5 else []
        add(CPE, months[i % 4], "requires-improvement" if i < 3 else "good", *themes)
    for i in range(4):
        overall = ["requires-improvement", "inadequate", "good", "good"][i]
        add(CCW, months[i % 4], overall, *([not_smart] if i < 2 else []))
    # 2024-09..12, the period before: 10 in Assessment North, 4 not SMART, 6 seen alone.
    for i in range(10):
        themes = ([not_smart] if i < 4 else []) + ([seen_alone] if i < 6 else [])
        add(AN, f"2024-{9 + i % 4:02d}", "good", *themes)
    # After the measures were set: 2 more in Assessment North.
    for _ in range(2):
        add(AN, "2025-05", "good")

    actions = ActionStore(store)
    actions.add_recommendation("R1", "Plans must say who does what by when", "Ofsted 2024", "lead")
    desk = ActionDesk(AuditDesk(store, "lead"))
    smart = desk.create(
        "Make plans SMART",
        owner="Head of Assessment",
        due_on="2026-03-31",
        description="Workshops | coaching for every team",
        themes=((NOT_SMART, "area_for_development"),),
        recommendation="R1",
    )
    desk.set_measure(
        smart,
        Measure("mini", "plan-smart", "good", team=AN),
        target=0.8,
        target_on="2027-12-31",
        today=SET_ON,
    )
    policy = desk.create(FORMULA)
    inadequate = desk.create(
        "Fewer inadequate judgements",
        owner="QA lead",
        due_on="2025-03-31",
        themes=((MULTI, "strength"),),
    )
    desk.set_measure(
        inadequate,
        Measure("mini", "", "inadequate"),
        target=0.0,
        target_on="2027-12-31",
        today=SET_ON,
    )
    desk.override_status(inadequate, "off_track", "Inspection feedback")
    programme_id = ProgrammeStore(store).create(
        name="Spring dip",
        kind="dip_sample",
        rubric_ids=["mini"],
        lookback_months=12,
        judgement_months=6,
        due_on=None,
        owner="lead",
        repeat_of=None,
        who="lead",
    )
    store.close()
    return Plan(db, smart, policy, inadequate, programme_id)


def run(db: Path, *args: str) -> Result:
    result = CliRunner().invoke(cli, ["export", *args, "--db", str(db)])
    assert result.exit_code == 0, result.stderr
    return result


def export_json(db: Path, *args: str) -> dict:
    return json.loads(run(db, *args, "--format", "json").stdout)


def validator(kind: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((REPO / "schemas" / f"{kind}.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def assert_valid(kind: str, document: dict) -> None:
    errors = [
        f"{list(e.absolute_path)}: {e.message}" for e in validator(kind).iter_errors(document)
    ]
    assert errors == []


def by_theme(document: dict) -> dict[str, dict]:
    return {t["theme"]: t for t in document["themes"]}


def read_csv(raw: bytes) -> list[dict]:
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


# -- the published schemas ---------------------------------------------------------------


@pytest.mark.parametrize("kind", ["themes", "actions", "grades"])
def test_published_schema_files_are_up_to_date(kind: str) -> None:
    path = REPO / "schemas" / f"{kind}.schema.json"
    regenerate = f"regenerate it with: qa-tui export schema {kind} -o {path.relative_to(REPO)}"
    assert json.loads(path.read_text("utf-8")) == export_schemas()[kind](), (
        f"{path} is out of date; {regenerate}"
    )
    printed = CliRunner().invoke(cli, ["export", "schema", kind])
    assert printed.exit_code == 0 and json.loads(printed.stdout) == export_schemas()[kind]()


def test_every_document_validates_against_its_schema(plan: Plan) -> None:
    for args in ((), PERIOD, ("--suppress-below", "0"), ("--team", CPE)):
        assert_valid("themes", export_json(plan.db, "themes", *args))
    for args in ((), ("--suppress-below", "0"), ("--team", AN)):
        assert_valid("actions", export_json(plan.db, "actions", *args))
    for args in ((), ("--with-workers",), ("--with-evidence", "--with-workers")):
        assert_valid("grades", export_json(plan.db, "grades", *args))


def test_a_misspelt_field_fails_the_schema(plan: Plan) -> None:
    document = export_json(plan.db, "themes", *PERIOD)
    document["themes"][0]["audit"] = document["themes"][0].pop("audits")
    assert list(validator("themes").iter_errors(document))


# -- themes ----------------------------------------------------------------------------


def test_themes_json_ranks_themes_and_hides_small_counts(plan: Plan) -> None:
    doc = export_json(plan.db, "themes", *PERIOD)
    assert (doc["schema_version"], doc["kind"], doc["suppressed_below"]) == (1, "themes", 5)
    assert (doc["scope_audits"], doc["compared_with"], doc["previous_scope_audits"]) == (
        20,
        "2024-09 to 2024-12",
        10,
    )
    assert doc["filters"]["from"] == "2025-01" and doc["filters"]["to"] == "2025-04"
    assert [(t["rank"], t["theme"], t["polarity"]) for t in doc["themes"]] == [
        (1, NOT_SMART, "area_for_development"),
        (2, SEEN_ALONE, "strength"),
        (3, MULTI, "strength"),
    ]
    themes = by_theme(doc)

    smart = themes[NOT_SMART]
    assert (smart["audits"], smart["share"]) == (12, 0.6)
    # 3 and 2 are under 5: not listed (a listed team has at least 1), and together they
    # make 5, so 7 can stay (12 - 7 leaves 5 audits in other teams).
    assert smart["teams"] == [{"team": AN, "audits": 7}]
    assert smart["criteria"] == [
        {
            "rubric_id": "mini",
            "criterion_id": "plan-smart",
            "question": "Is the plan SMART?",
            "audits": 12,
        }
    ]
    # 1 inadequate: every grade is hidden. Hiding some would say which are small (and
    # 12 - 6 - 5 would give the 1 away).
    assert smart["grades"] == {
        "outstanding": None,
        "good": None,
        "requires_improvement": None,
        "inadequate": None,
    }
    # 4 in the period before: hidden, with the share and the change worked out from it.
    assert (smart["previous_audits"], smart["previous_share"], smart["change"]) == (
        None,
        None,
        None,
    )
    assert smart["suppressed"] == ["teams", "grades", "previous_audits", "previous_share", "change"]

    seen = themes[SEEN_ALONE]
    assert (
        seen["audits"],
        seen["share"],
        seen["previous_audits"],
        seen["previous_share"],
        seen["change"],
        seen["suppressed"],
    ) == (6, 0.3, 6, 0.6, -30.0, [])
    assert seen["grades"] == {
        "outstanding": 0,
        "good": 6,
        "requires_improvement": 0,
        "inadequate": 0,
    }

    multi = themes[MULTI]
    assert (multi["audits"], multi["share"], multi["previous_audits"], multi["change"]) == (
        None,
        None,
        0,
        None,
    )
    # Under a hidden total nothing is broken down: one listed team would say it has
    # every one of the 1 to 4 audits.
    assert multi["suppressed"] == ["audits", "share", "teams", "criteria", "grades", "change"]
    assert (multi["teams"], multi["criteria"]) == ([], [])
    assert set(multi["grades"].values()) == {None}


def test_suppress_below_zero_turns_suppression_off(plan: Plan) -> None:
    doc = export_json(plan.db, "themes", *PERIOD, "--suppress-below", "0")
    assert doc["suppressed_below"] == 0
    smart = by_theme(doc)[NOT_SMART]
    assert [t["audits"] for t in smart["teams"]] == [7, 3, 2]
    assert smart["grades"] == {
        "outstanding": 0,
        "good": 6,
        "requires_improvement": 5,
        "inadequate": 1,
    }
    assert (smart["previous_audits"], smart["previous_share"], smart["change"]) == (4, 0.4, 20.0)
    multi = by_theme(doc)[MULTI]
    assert (multi["audits"], multi["share"], multi["suppressed"]) == (2, 0.1, [])


def test_a_higher_threshold_hides_more(plan: Plan) -> None:
    doc = export_json(plan.db, "themes", *PERIOD, "--suppress-below", "10")
    assert doc["suppressed_below"] == 10
    seen = by_theme(doc)[SEEN_ALONE]
    assert (seen["audits"], seen["share"], seen["previous_audits"]) == (None, None, None)
    assert by_theme(doc)[NOT_SMART]["audits"] == 12


@pytest.mark.parametrize(
    ("args", "scope", "themes"),
    [
        ((), 32, [NOT_SMART, SEEN_ALONE, MULTI]),
        (("--team", CPE), 6, [NOT_SMART, MULTI]),
        (("--auditor", "bob"), 6, [NOT_SMART, MULTI]),
        (("--cohort", "CP"), 6, [NOT_SMART, MULTI]),
        (("--from", "2025-05"), 2, []),
        (("--to", "2024-12"), 10, [SEEN_ALONE, NOT_SMART]),
        (("--team", CCW, *PERIOD), 4, [NOT_SMART]),
        (("--rubric", "mini", "--team", "Nobody"), 0, []),
    ],
)
def test_filters_narrow_the_themes(
    plan: Plan, args: tuple[str, ...], scope: int, themes: list[str]
) -> None:
    doc = export_json(plan.db, "themes", *args, "--suppress-below", "0")
    assert doc["scope_audits"] == scope
    assert [t["theme"] for t in doc["themes"]] == themes


def test_a_programme_is_found_by_name_or_id(plan: Plan) -> None:
    for value in ("Spring dip", str(plan.programme_id)):
        doc = export_json(plan.db, "themes", "--programme", value)
        assert doc["filters"]["programme"] == "Spring dip"
        assert doc["filters"]["programme_id"] == plan.programme_id
        assert doc["scope_audits"] == 0 and doc["themes"] == []  # nothing audited in it yet


def test_themes_csv_is_one_excel_safe_row_per_theme(plan: Plan, tmp_path: Path) -> None:
    out = tmp_path / "themes.csv"
    result = run(plan.db, "themes", *PERIOD, "--format", "csv", "-o", str(out))
    assert result.stdout == "" and f"wrote {out}" in result.stderr
    rows = read_csv(out.read_bytes())
    assert [r["theme"] for r in rows] == [NOT_SMART, SEEN_ALONE, MULTI]
    smart, seen, multi = rows
    assert (smart["audits"], smart["share"], smart["previous_audits"], smart["change_points"]) == (
        "12",
        "0.6",
        "<5",
        "suppressed",
    )
    assert smart["teams"] == f"{AN} (7); other teams (5)"
    assert smart["criteria"] == "mini/plan-smart (12)"
    # Hidden grades are not "<5": each may be 0, or 5 and more.
    assert (
        smart["outstanding"],
        smart["good"],
        smart["requires_improvement"],
        smart["inadequate"],
    ) == ("suppressed",) * 4
    assert (seen["change_points"], seen["previous_share"]) == ("-30.0", "0.6")
    assert (multi["audits"], multi["share"], multi["teams"], multi["criteria"]) == (
        "<5",
        "suppressed",
        "other teams (<5)",
        "other criteria (suppressed)",
    )
    # Nothing a spreadsheet could run: "-30.0" is a number, not text starting with "-".
    for row in rows:
        for column, value in row.items():
            assert not value.startswith(("=", "+", "@")), (column, value)


def test_themes_xlsx_has_typed_sheets(plan: Plan, tmp_path: Path) -> None:
    out = tmp_path / "themes.xlsx"
    run(plan.db, "themes", *PERIOD, "--format", "xlsx", "-o", str(out))
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Themes", "Theme teams", "Theme criteria", "About"]
    themes = book["Themes"]
    header = [c.value for c in themes[1]]
    assert header[:8] == [
        "Rank",
        "Theme",
        "Polarity",
        "Audits",
        "Share",
        "Previous audits",
        "Previous share",
        "Change (points)",
    ]
    assert all(c.font.bold for c in themes[1])
    assert themes.freeze_panes == "A2"
    assert themes.column_dimensions["B"].width > 20  # the theme names fit
    smart = {h: c for h, c in zip(header, themes[2], strict=True)}
    assert smart["Theme"].value == NOT_SMART and smart["Polarity"].value == "Area for development"
    assert smart["Audits"].value == 12 and smart["Audits"].data_type == "n"
    assert smart["Share"].value == 0.6 and smart["Share"].number_format == "0%"
    assert (smart["Previous audits"].value, smart["Change (points)"].value) == ("<5", "suppressed")
    assert smart["Requires improvement"].value == smart["Good"].value == "suppressed"
    seen = {h: c.value for h, c in zip(header, themes[3], strict=True)}
    assert (seen["Previous share"], seen["Change (points)"]) == (0.6, -30.0)

    teams = [[c.value for c in row] for row in book["Theme teams"].iter_rows(min_row=2)]
    assert teams[:2] == [
        [1, NOT_SMART, "Area for development", AN, 7],
        [1, NOT_SMART, "Area for development", "(other teams)", 5],
    ]
    criteria = [[c.value for c in row] for row in book["Theme criteria"].iter_rows(min_row=2)]
    assert criteria[0] == [
        1,
        NOT_SMART,
        "Area for development",
        "mini",
        "plan-smart",
        "Is the plan SMART?",
        12,
    ]
    about = dict(book["About"].iter_rows(min_row=2, values_only=True))
    assert about["Counts suppressed below"] == "5 (shown as <5)"
    assert about["Filters"] == "2025-01 to 2025-04"


def test_themes_markdown_is_a_board_report(plan: Plan) -> None:
    text = run(plan.db, "themes", *PERIOD, "--format", "md").stdout
    assert text.startswith("# Themes: 2025-01 to 2025-04\n")
    assert "from 20 submitted audit(s)" in text and "against 2024-09 to 2024-12" in text
    assert "| # | Theme | Polarity | Audits | Share | Change |" in text
    assert f"| 1 | {NOT_SMART} | Area for development | 12 | 60% | suppressed |" in text
    assert f"| 2 | {SEEN_ALONE} | Strength | 6 | 30% | -30.0 pts |" in text
    assert (
        "| 3 | Multi-agency \\| joint working | Strength | <5 | suppressed | suppressed |" in text
    )
    assert "## Where each theme shows" in text
    assert (
        f"1. **{NOT_SMART}**: teams {AN} (7), other teams (5); "
        f"criteria Is the plan SMART? (12)" in text
    )
    assert (
        "3. **Multi-agency \\| joint working**: fewer than 5 audits, so not broken down "
        "by team or criterion" in text
    )
    for line in text.splitlines():  # every table row has as many cells as the header
        if line.startswith("| "):
            assert line.replace("\\|", "").count("|") == 7, line


# -- actions ---------------------------------------------------------------------------


def test_actions_json_carries_measures_and_hides_small_counts(plan: Plan) -> None:
    doc = export_json(plan.db, "actions")
    assert (doc["schema_version"], doc["kind"], doc["suppressed_below"]) == (1, "actions", 5)
    assert doc["as_of"] == date.today().isoformat()
    actions = {a["id"]: a for a in doc["actions"]}
    # In due-date order; the one without a date last.
    assert [a["id"] for a in doc["actions"]] == [plan.inadequate, plan.smart, plan.policy]

    smart = actions[plan.smart]
    assert (smart["title"], smart["owner"], smart["due_on"]) == (
        "Make plans SMART",
        "Head of Assessment",
        "2026-03-31",
    )
    assert smart["themes"] == [{"theme": NOT_SMART, "polarity": "area_for_development"}]
    assert smart["recommendation"] == "R1: Plans must say who does what by when"
    assert smart["smart_problems"] == []
    measure = smart["measure"]
    assert {
        k: measure[k]
        for k in (
            "rubric_id",
            "criterion_id",
            "bucket",
            "team",
            "cohort",
            "programme_id",
            "set_on",
            "target",
            "target_on",
        )
    } == {
        "rubric_id": "mini",
        "criterion_id": "plan-smart",
        "bucket": "good",
        "team": AN,
        "cohort": None,
        "programme_id": None,
        "set_on": "2025-04-30",
        "target": 0.8,
        "target_on": "2027-12-31",
    }
    assert measure["label"].startswith("Good or better: Mini rubric for tests")
    # Baseline: Assessment North's 20 SMART-plan grades in the 12 months to April 2025,
    # 9 good. Since: 2 grades, too few to publish.
    assert (measure["baseline"], measure["baseline_audits"]) == (0.45, 20)
    assert (measure["current"], measure["current_audits"]) == (None, None)
    assert measure["suppressed"] == ["current", "current_audits", "suggested_status"]
    assert measure["expected"] is not None and 0.45 < measure["expected"] < 0.8
    # Both were good, so the tool suggests complete; published, that would say so.
    assert (smart["status"], smart["suggested_status"]) == ("not_started", "not_started")

    policy = actions[plan.policy]
    assert policy["measure"] is None and policy["title"] == FORMULA
    assert policy["smart_problems"] == [
        "no owner",
        "no due date",
        "no measure",
        "no target",
        "no target date",
    ]
    assert policy["status"] == "not_started"

    inadequate = actions[plan.inadequate]
    assert (inadequate["status"], inadequate["status_reason"]) == (
        "off_track",
        "Inspection feedback",
    )
    assert inadequate["suggested_status"] != "off_track"
    # 1 inadequate of 30: the share beside its count would give the 1 away.
    assert (inadequate["measure"]["baseline"], inadequate["measure"]["baseline_audits"]) == (
        None,
        30,
    )
    assert inadequate["measure"]["suppressed"] == [
        "baseline",
        "expected",
        "current",
        "current_audits",
        "suggested_status",
    ]


def test_actions_suppression_off_shows_the_current_figures(plan: Plan) -> None:
    doc = export_json(plan.db, "actions", "--suppress-below", "0")
    measure = next(a for a in doc["actions"] if a["id"] == plan.smart)["measure"]
    assert (measure["current"], measure["current_audits"], measure["suppressed"]) == (1.0, 2, [])
    # Unsuppressed, the export shows the desk's own figures.
    store = Store.open(plan.db, create=False)
    items = {i.id: i for i in ActionDesk(AuditDesk(store, "t")).items()}
    store.close()
    progress = items[plan.smart].progress
    assert progress is not None
    assert (progress.current, progress.current_audits) == (1.0, 2)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((), ["inadequate", "smart", "policy"]),
        (("--team", AN), ["smart"]),
        (("--rubric", "mini"), ["inadequate", "smart"]),
        (("--cohort", "CP"), []),
        (("--from", "2025-01", "--to", "2025-06"), ["inadequate"]),
        (("--from", "2026-01"), ["smart"]),
    ],
)
def test_filters_narrow_the_actions(plan: Plan, args: tuple[str, ...], expected: list[str]) -> None:
    names = {plan.smart: "smart", plan.policy: "policy", plan.inadequate: "inadequate"}
    doc = export_json(plan.db, "actions", *args)
    assert [names[a["id"]] for a in doc["actions"]] == expected


def test_actions_csv_is_one_excel_safe_row_per_action(plan: Plan) -> None:
    result = run(plan.db, "actions", "--format", "csv")
    rows = {int(r["id"]): r for r in read_csv(result.stdout_bytes)}
    assert rows[plan.policy]["title"] == "'" + FORMULA
    smart = rows[plan.smart]
    assert (
        smart["status"],
        smart["measure_team"],
        smart["baseline"],
        smart["baseline_audits"],
        smart["current"],
        smart["current_audits"],
        smart["target"],
        smart["target_on"],
    ) == ("not_started", AN, "0.45", "20", "suppressed", "<5", "0.8", "2027-12-31")
    assert smart["themes"] == f"{NOT_SMART} (area for development)"
    assert rows[plan.policy]["smart_problems"] == (
        "no owner; no due date; no measure; no target; no target date"
    )


def test_actions_xlsx_has_typed_sheets(plan: Plan, tmp_path: Path) -> None:
    out = tmp_path / "actions.xlsx"
    run(plan.db, "actions", "--format", "xlsx", "-o", str(out))
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Actions", "Action themes", "About"]
    sheet = book["Actions"]
    header = [c.value for c in sheet[1]]
    assert all(c.font.bold for c in sheet[1]) and sheet.freeze_panes == "A2"
    rows = {
        row[0].value: {h: c for h, c in zip(header, row, strict=True)}
        for row in sheet.iter_rows(min_row=2)
    }
    smart = rows[plan.smart]
    assert smart["Due"].value == datetime(2026, 3, 31) and smart["Due"].is_date
    assert smart["Baseline"].value == 0.45 and smart["Baseline"].number_format == "0%"
    assert smart["Baseline audits"].value == 20
    assert (smart["Current"].value, smart["Current audits"].value) == ("suppressed", "<5")
    assert smart["Status"].value == "Not started"
    policy = rows[plan.policy]
    # Stored as text: the cell shows the formula's words and never runs it.
    assert policy["Title"].value == FORMULA and policy["Title"].data_type == "s"
    assert policy["Due"].value is None
    themes = [[c.value for c in row] for row in book["Action themes"].iter_rows(min_row=2)]
    assert [plan.smart, "Make plans SMART", NOT_SMART, "Area for development"] in themes


def test_actions_markdown_has_a_section_per_status(plan: Plan) -> None:
    text = run(plan.db, "actions", "--format", "md").stdout
    assert text.startswith("# Action plan: all audits\n")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    # "Make plans SMART" is complete on 2 answers: too few to say so.
    assert headings == [
        "## Off track (1)",
        "## At risk (0)",
        "## On track (0)",
        "## Not started (2)",
        "## Complete (0)",
    ]
    off_track = text.split("## Off track")[1].split("## At risk")[0]
    assert "### " + str(plan.inadequate) + ". Fewer inadequate judgements" in off_track
    assert "- Owner: QA lead; due 2025-03-31" in off_track
    assert "Inspection feedback" in off_track
    not_started = text.split("## Not started")[1].split("## Complete")[0]
    assert "Workshops \\| coaching for every team" in not_started
    assert (
        "- Measure: Good or better: Mini rubric for tests · Is the plan SMART? · team "
        f"{AN}\n" in not_started
    )
    assert (
        "- Progress: baseline 45% (20 graded) → now suppressed (<5 graded) → target 80% "
        "by 2027-12-31; expected by now " in not_started
    )
    assert "- Recommendation: R1: Plans must say who does what by when" in not_started
    assert (
        "- SMART problems: no owner, no due date, no measure, no target, no target date"
        in not_started
    )
    assert "- Measure: none" in not_started


# -- grades as XLSX and Markdown; workers' names ---------------------------------------


def test_grades_xlsx_has_audits_and_answers(plan: Plan, tmp_path: Path) -> None:
    out = tmp_path / "grades.xlsx"
    run(plan.db, "grades", "--format", "xlsx", "-o", str(out), "--to", "2024-12-31")
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == [
        "Audits",
        "Answers",
        "Case actions",
        "Escalations",
        "Feedback",
        "About",
    ]
    audits = book["Audits"]
    header = [c.value for c in audits[1]]
    assert "Auditor" not in header and "Moderator" not in header
    first = {h: c for h, c in zip(header, audits[2], strict=True)}
    assert first["Audit date"].value == datetime(2024, 9, 15) and first["Audit date"].is_date
    assert first["Submitted at"].value == datetime(2024, 9, 15, 10, 0)
    assert first["Overall value"].value == 2 and first["Counted overall"].value == "Good"
    assert audits.max_row == 11  # the 10 audits of 2024, and the header
    answers = book["Answers"]
    assert [c.value for c in answers[1]][:6] == [
        "Audit id",
        "Case ref",
        "Criterion",
        "Not applicable",
        "Grade value",
        "Grade",
    ]
    assert answers.max_row == 31
    assert all(c.font.bold for c in answers[1]) and answers.freeze_panes == "A2"

    run(plan.db, "grades", "--format", "xlsx", "-o", str(out), "--with-workers")
    header = [c.value for c in openpyxl.load_workbook(out)["Audits"][1]]
    assert "Auditor" in header


def test_grades_markdown_lists_the_audits(plan: Plan) -> None:
    text = run(plan.db, "grades", "--format", "md", "--team", CPE).stdout
    assert text.startswith(f"# Grades: team {CPE}\n")
    assert "6 audit(s): 6 submitted." in text
    assert "| Audit | Case | Team | Rubric | Status | Date | Overall | Moderated |" in text
    assert sum(1 for line in text.splitlines() if line.startswith("| ")) == 1 + 6


@pytest.mark.parametrize("fmt", ["json", "csv", "xlsx", "md"])
def test_workers_names_are_left_out_unless_asked_for(plan: Plan, tmp_path: Path, fmt: str) -> None:
    def exported(*args: str) -> str:
        out = tmp_path / f"out.{fmt}"
        run(plan.db, *args, "--format", fmt, "-o", str(out))
        if fmt != "xlsx":
            return out.read_text("utf-8-sig")
        book = openpyxl.load_workbook(out)
        return json.dumps([list(ws.iter_rows(values_only=True)) for ws in book], default=str)

    for kind in ("themes", "actions", "grades"):
        text = exported(kind)
        assert "alice" not in text and "bob" not in text, kind
    text = exported("grades", "--with-workers")
    assert "alice" in text and "bob" in text
    # Evidence: the notes on answers (the report shows the overall rationale instead).
    evidence = "As graded" if fmt == "md" else "Seen at home"
    assert "Seen at home" not in text and "As graded" not in text
    assert evidence in exported("grades", "--with-evidence")


# -- writing, and bad flags ------------------------------------------------------------


def test_xlsx_can_be_piped(plan: Plan) -> None:
    result = run(plan.db, "themes", "--format", "xlsx")
    assert result.stdout_bytes.startswith(b"PK")
    book = openpyxl.load_workbook(io.BytesIO(result.stdout_bytes))
    assert book.sheetnames[0] == "Themes"


def test_xlsx_is_not_poured_into_a_terminal(plan: Plan) -> None:
    controller, terminal = pty.openpty()
    try:
        env = {k: v for k, v in os.environ.items() if not k.startswith("QA_TUI_")}
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "qa_tui",
                "export",
                "themes",
                "--format",
                "xlsx",
                "--db",
                str(plan.db),
            ],
            stdout=terminal,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            timeout=120,
        )
        os.close(terminal)
        shown = b""
        while select.select([controller], [], [], 0.2)[0]:
            try:
                chunk = os.read(controller, 4096)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(controller)
    assert done.returncode == 1
    assert shown == b""
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "-o FILE.xlsx" in lines[0], done.stderr


def test_output_is_written_whole_or_not_at_all(plan: Plan, tmp_path: Path) -> None:
    out = tmp_path / "board.md"
    out.write_text("last month's report", "utf-8")
    run(plan.db, "actions", "--format", "md", "-o", str(out))
    assert out.read_text("utf-8").startswith("# Action plan")
    assert [p.name for p in tmp_path.iterdir()] == ["board.md"]  # no temporary file left
    missing = tmp_path / "no-such-dir" / "themes.xlsx"
    result = CliRunner().invoke(
        cli, ["export", "themes", "--db", str(plan.db), "--format", "xlsx", "-o", str(missing)]
    )
    assert result.exit_code == 1 and "cannot write" in result.stderr
    assert not missing.parent.exists()


@pytest.mark.parametrize("kind", ["themes", "actions"])
@pytest.mark.parametrize(
    ("bad", "says"),
    [
        (("--from", "2025-04", "--to", "2025-01"), "--from 2025-04 is after --to 2025-01"),
        (("--programme", "Autumn dip"), "no programme called 'Autumn dip'"),
        (("--suppress-below", "-1"), "--suppress-below -1 is negative"),
        (("--rubric", "nope"), "no rubric 'nope' in this database (known: mini)"),
    ],
)
def test_bad_flags_are_one_line_and_status_1(
    plan: Plan, kind: str, bad: tuple[str, ...], says: str
) -> None:
    result = CliRunner().invoke(cli, ["export", kind, "--db", str(plan.db), *bad])
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and says in lines[0], result.stderr
    assert "Traceback" not in result.stderr


def test_bad_flags_in_a_real_process(plan: Plan) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("QA_TUI_")}
    done = subprocess.run(
        [sys.executable, "-m", "qa_tui", "export", "themes", "--db", str(plan.db), "--from", "May"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    # A bad date is bad usage, as on every --from and --to (tests/test_cli_dates.py).
    assert done.returncode == 2 and done.stdout == ""
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("Error: Invalid value for '--from': 'May' is not a date")


def test_export_of_a_missing_database_creates_nothing(tmp_path: Path) -> None:
    db = tmp_path / "missing.sqlite3"
    for kind in ("themes", "actions"):
        result = CliRunner().invoke(cli, ["export", kind, "--db", str(db)])
        assert result.exit_code == 1 and "no database at" in result.stderr
    assert not db.exists()


def test_the_desks_figures_reach_the_export_unchanged(plan: Plan) -> None:
    """With suppression off the JSON is the ranking ThemeDesk computes, nothing more."""
    from qa_tui.desks.themes import ThemeDesk

    store = Store.open(plan.db, create=False)
    ranking = ThemeDesk(AuditDesk(store, "reader")).ranking(
        Filters(month_from="2025-01", month_to="2025-04"), date.today().strftime("%Y-%m")
    )
    store.close()
    doc = export_json(plan.db, "themes", *PERIOD, "--suppress-below", "0")
    assert [(t["theme"], t["audits"], t["previous_audits"]) for t in doc["themes"]] == [
        (r.theme, r.audits, r.previous_audits) for r in ranking.rows
    ]
    assert [[c["audits"] for c in t["teams"]] for t in doc["themes"]] == [
        [c.audits for c in r.teams] for r in ranking.rows
    ]
