"""The QA lead's commands as a script sees them: data on stdout, one message on stderr,
exit 0 / 1 (bad input) / 2 (bad usage), on a real database file with the shipped rubrics.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from qa_tui.cli.main import cli
from qa_tui.domain.records import Case
from qa_tui.store.database import Store

TEAMS = ("Assessment North", "Assessment South", "Child Protection East")
RUBRIC = "voice-of-the-child"


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test may read or write the real user's data directory or settings."""
    monkeypatch.delenv("QA_TUI_DB", raising=False)
    monkeypatch.delenv("QA_TUI_USER", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A database with 8 open cases in each of three teams, alternately CIN and CP."""
    path = tmp_path / "qa.sqlite3"
    store = Store.open(path)
    store.upsert_cases(
        [
            Case(
                f"{n}-{i:03d}",
                team,
                cohort="CIN" if i % 2 else "CP",
                opened_on="2024-03-01",
                attributes={"Re-referral": "Y" if i < 3 else "N"},
            )
            for n, team in enumerate(TEAMS)
            for i in range(8)
        ],
        "lena",
        "test",
    )
    store.close()
    return path


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), "--user", "lena", *args])


def ok(db: Path, *args: str) -> Result:
    result = run(db, *args)
    assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
    return result


def assert_one_clean_message(result: Result, code: int = 1) -> str:
    assert result.exit_code == code, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert result.stdout == ""
    return lines[0]


def create(db: Path, name: str = "June dip", *extra: str) -> Result:
    return ok(db, "programmes", "create", name, "--rubric", RUBRIC, "--due", "2030-07-31", *extra)


def show(db: Path, programme: str = "June dip", *extra: str) -> dict:
    return json.loads(ok(db, "programmes", "show", programme, "--format", "json", *extra).stdout)


def audits_of(db: Path, programme_id: int) -> list[dict]:
    store = Store.open(db)
    try:
        return store._rows(
            "SELECT id, case_ref, auditor, status, previous_audit_id FROM audits "
            "WHERE programme_id = ? ORDER BY id",
            (programme_id,),
        )
    finally:
        store.close()


def auditors(db: Path) -> None:
    ok(db, "auditors", "set", "Ann", "--team", "Assessment North")
    ok(db, "auditors", "set", "Bob", "--team", "Assessment South")
    ok(db, "auditors", "set", "Cy", "--team", "Child Protection East")


# -- create, list, show -----------------------------------------------------------------


def test_create_then_list_as_text_and_json(db: Path) -> None:
    created = create(db, "June dip", "--format", "json")
    made = json.loads(created.stdout)
    assert (made["name"], made["type"], made["rubrics"], made["status"], made["due_on"]) == (
        "June dip",
        "dip_sample",
        [RUBRIC],
        "draft",
        "2030-07-31",
    )
    assert "created" in created.stderr
    create(db, "Thematic round", "--type", "thematic")

    text = ok(db, "programmes", "list").stdout
    assert "June dip" in text and "Thematic round" in text and "thematic" in text

    listed = json.loads(ok(db, "programmes", "list", "--format", "json").stdout)["programmes"]
    assert [p["name"] for p in listed] == ["June dip", "Thematic round"]
    assert listed[0]["progress"] == {"audits": 0, "started": 0, "submitted": 0, "overdue": 0}


def test_create_without_format_prints_no_data(db: Path) -> None:
    result = create(db)
    assert result.stdout == ""
    assert "programme 1 created" in result.stderr


def test_create_with_an_unknown_rubric_is_one_clean_message(db: Path) -> None:
    result = run(db, "programmes", "create", "X", "--rubric", "no-such-rubric")
    message = assert_one_clean_message(result)
    assert "no-such-rubric" in message and RUBRIC in message
    assert json.loads(ok(db, "programmes", "list", "--format", "json").stdout) == {
        "schema_version": 1,
        "programmes": [],
    }


def test_create_with_judgement_beyond_lookback_exits_1(db: Path) -> None:
    result = run(
        db,
        "programmes",
        "create",
        "X",
        "--rubric",
        RUBRIC,
        "--lookback-months",
        "3",
        "--judgement-months",
        "6",
    )
    assert "look-back" in assert_one_clean_message(result)


@pytest.mark.parametrize(
    "command",
    [
        ["programmes", "show", "Nope"],
        ["sample", "Nope", "--seed", "1", "--per-team", "2"],
        ["assign", "Nope", "--auditor", "Ann"],
        ["programmes", "repeat", "Nope", "--name", "Again", "--same-cases"],
        ["programmes", "add-case", "Nope", "0-001", "--reason", "Asked"],
        ["programmes", "close", "Nope"],
    ],
)
def test_unknown_programme_exits_1_with_one_line(db: Path, command: list[str]) -> None:
    assert "Nope" in assert_one_clean_message(run(db, *command))


# -- sample ---------------------------------------------------------------------------------


def test_dry_run_prints_every_decision_and_records_nothing(db: Path) -> None:
    create(db)
    result = ok(
        db, "sample", "June dip", "--seed", "7", "--per-team", "2", "--dry-run", "--format", "json"
    )
    data = json.loads(result.stdout)
    assert data["dry_run"] is True
    assert (data["cases_listed"], data["cohort_size"]) == (24, 24)
    assert data["outcomes"] == {"sampled": 6, "not_drawn": 18}
    assert len(data["cases"]) == 24
    assert {"case_ref", "team", "outcome", "reason"} <= set(data["cases"][0])
    assert "would sample 6" in result.stderr

    shown = show(db, "June dip", "--cases")
    assert shown["rule"] is None and shown["seed"] is None
    assert shown["cases"] == []

    again = ok(
        db, "sample", "June dip", "--seed", "7", "--per-team", "2", "--dry-run", "--format", "json"
    )
    assert json.loads(again.stdout)["cases"] == data["cases"]


def test_sample_records_the_draw_and_show_lists_every_cohort_case(db: Path) -> None:
    create(db)
    preview = json.loads(
        ok(
            db,
            "sample",
            "June dip",
            "--seed",
            "7",
            "--cohort",
            "CIN",
            "--per-team",
            "2",
            "--dry-run",
            "--format",
            "json",
        ).stdout
    )
    result = ok(db, "sample", "June dip", "--seed", "7", "--cohort", "CIN", "--per-team", "2")
    assert "sampled 6 of a cohort of 12" in result.stderr
    assert result.stdout.count("sampled") == 6  # text lists the chosen cases, not the rest

    shown = show(db, "June dip", "--cases")
    assert shown["seed"] == 7
    assert shown["rule"]["cohorts"] == ["CIN"] and shown["rule"]["per_team"] == 2
    assert (shown["cohort_size"], shown["cases_listed"]) == (12, 24)
    assert shown["outcomes"] == {"sampled": 6, "not_drawn": 6}
    assert shown["cases"] == preview["cases"]
    assert all(c["reason"] for c in shown["cases"])
    assert {c["case_ref"] for c in shown["cases"]} == {
        f"{n}-{i:03d}" for n in range(3) for i in range(1, 8, 2)
    }

    text = ok(db, "programmes", "show", "June dip", "--cases").stdout
    assert "seed 7" in text and "team quota of 2 met" in text


def test_sample_with_percent_minimum_attribute_and_team_filters(db: Path) -> None:
    create(db)
    data = json.loads(
        ok(
            db,
            "sample",
            "June dip",
            "--seed",
            "1",
            "--team",
            "assessment north",
            "--attr",
            "re-referral = y",
            "--per-team-percent",
            "10",
            "--minimum",
            "2",
            "--dry-run",
            "--format",
            "json",
        ).stdout
    )
    assert data["cohort_size"] == 3
    assert data["outcomes"] == {"sampled": 2, "not_drawn": 1}
    assert {c["team"] for c in data["cases"]} == {"Assessment North"}


@pytest.mark.parametrize("quota", [[], ["--per-team", "2", "--per-team-percent", "10"]])
def test_sample_needs_exactly_one_quota(db: Path, quota: list[str]) -> None:
    create(db)
    result = run(db, "sample", "June dip", "--seed", "1", *quota)
    assert result.exit_code == 2, result.stderr
    assert "exactly one quota" in result.stderr
    assert "Traceback" not in result.stderr
    assert show(db)["rule"] is None


def test_attr_without_equals_is_bad_usage(db: Path) -> None:
    create(db)
    result = run(
        db, "sample", "June dip", "--seed", "1", "--per-team", "2", "--attr", "Re-referral"
    )
    assert result.exit_code == 2
    assert "NAME=VALUE" in result.stderr
    assert show(db)["rule"] is None


def test_sampling_again_after_assignment_exits_1(db: Path) -> None:
    create(db)
    ok(db, "sample", "June dip", "--seed", "1", "--per-team", "1")
    auditors(db)
    ok(db, "assign", "June dip", "--auditor", "Ann", "--auditor", "Bob", "--auditor", "Cy")
    result = run(db, "sample", "June dip", "--seed", "2", "--per-team", "3")
    assert "already has audits" in result.stderr
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert show(db)["seed"] == 1


# -- auditors, assign, reassign ------------------------------------------------------------


def test_auditors_set_and_list(db: Path) -> None:
    auditors(db)
    ok(db, "auditors", "set", "Dee")
    listed = json.loads(ok(db, "auditors", "list", "--format", "json").stdout)["auditors"]
    assert {a["name"]: a["teams"] for a in listed} == {
        "Ann": ["Assessment North"],
        "Bob": ["Assessment South"],
        "Cy": ["Child Protection East"],
        "Dee": [],
    }
    assert "Dee" in ok(db, "auditors", "list").stdout


def test_assign_gives_every_sampled_case_to_an_independent_auditor(db: Path) -> None:
    create(db)
    ok(db, "sample", "June dip", "--seed", "3", "--per-team", "2")
    auditors(db)
    dry = ok(
        db,
        "assign",
        "June dip",
        "--auditor",
        "Ann",
        "--auditor",
        "Bob",
        "--auditor",
        "Cy",
        "--dry-run",
        "--format",
        "json",
    )
    assert "would assign" in dry.stderr
    assert audits_of(db, 1) == []

    result = ok(
        db,
        "assign",
        "June dip",
        "--auditor",
        "Ann",
        "--auditor",
        "Bob",
        "--auditor",
        "Cy",
        "--format",
        "json",
    )
    plan = json.loads(result.stdout)
    assert plan == json.loads(dry.stdout)
    own = {"Ann": "Assessment North", "Bob": "Assessment South", "Cy": "Child Protection East"}
    assert len(plan) == 6
    assert all(a["auditor"] in own and own[a["auditor"]] != a["team"] for a in plan)
    assert "assigned 2 to Ann, 2 to Bob, 2 to Cy" in result.stderr
    audits = audits_of(db, 1)
    assert sorted(a["case_ref"] for a in audits) == sorted(a["case_ref"] for a in plan)
    assert {a["status"] for a in audits} == {"to_do"}
    assert show(db)["status"] == "open"

    again = ok(db, "assign", "June dip", "--auditor", "Ann", "--auditor", "Bob", "--auditor", "Cy")
    assert "nothing to assign" in again.stderr
    assert len(audits_of(db, 1)) == 6


def test_assign_refuses_without_an_independent_auditor_unless_relaxed(db: Path) -> None:
    create(db)
    ok(db, "sample", "June dip", "--seed", "3", "--team", "Assessment North", "--per-team", "2")
    ok(db, "auditors", "set", "Ann", "--team", "assessment north")
    refused = run(db, "assign", "June dip", "--auditor", "Ann")
    assert "no independent auditor" in assert_one_clean_message(refused)
    assert audits_of(db, 1) == []

    result = ok(
        db,
        "assign",
        "June dip",
        "--auditor",
        "Ann",
        "--relax-independence",
        "Only trained auditor this month",
    )
    assert "independence relaxed" in result.stdout
    assert {a["auditor"] for a in audits_of(db, 1)} == {"Ann"}
    shown = show(db)
    assert shown["independence_relaxed"] == "Only trained auditor this month"
    text = ok(db, "programmes", "show", "June dip").stdout
    assert "independence relaxed: Only trained auditor this month" in text


def test_reassign_moves_an_audit_and_refuses_an_unknown_one(db: Path) -> None:
    create(db)
    ok(db, "sample", "June dip", "--seed", "3", "--per-team", "1")
    auditors(db)
    ok(db, "assign", "June dip", "--auditor", "Ann", "--auditor", "Bob", "--auditor", "Cy")
    audit = audits_of(db, 1)[0]
    result = ok(db, "reassign", str(audit["id"]), "--to", "Dee", "--reason", "Leave")
    assert "now with Dee" in result.stderr
    assert audits_of(db, 1)[0]["auditor"] == "Dee"

    missing = run(db, "reassign", "9999", "--to", "Dee", "--reason", "Leave")
    assert "9999" in assert_one_clean_message(missing)


def test_add_and_remove_case_by_hand(db: Path) -> None:
    create(db)
    ok(db, "sample", "June dip", "--seed", "3", "--per-team", "1")
    cases = show(db, "June dip", "--cases")["cases"]
    not_drawn = next(c["case_ref"] for c in cases if c["outcome"] == "not_drawn")
    sampled = next(c["case_ref"] for c in cases if c["outcome"] == "sampled")
    ok(db, "programmes", "add-case", "June dip", not_drawn, "--reason", "Inspector asked")
    ok(db, "programmes", "remove-case", "June dip", sampled, "--reason", "Moved out of area")
    after = {c["case_ref"]: c for c in show(db, "June dip", "--cases")["cases"]}
    assert (after[not_drawn]["outcome"], after[not_drawn]["reason"]) == ("added", "Inspector asked")
    assert (after[sampled]["outcome"], after[sampled]["reason"]) == ("removed", "Moved out of area")

    blank = run(db, "programmes", "add-case", "June dip", not_drawn, "--reason", " ")
    assert "reason" in assert_one_clean_message(blank)
    unknown = run(db, "programmes", "add-case", "June dip", "ZZ-404", "--reason", "Asked")
    assert "ZZ-404" in assert_one_clean_message(unknown)


def test_closed_programme_refuses_assignment(db: Path) -> None:
    create(db)
    ok(db, "sample", "June dip", "--seed", "3", "--per-team", "1")
    ok(db, "programmes", "close", "June dip")
    assert show(db)["status"] == "closed"
    auditors(db)
    result = run(db, "assign", "June dip", "--auditor", "Ann", "--auditor", "Bob")
    assert "closed" in assert_one_clean_message(result)


# -- repeat ------------------------------------------------------------------------------------


def assigned_programme(db: Path) -> list[dict]:
    create(db)
    ok(db, "sample", "June dip", "--seed", "3", "--per-team", "2")
    auditors(db)
    ok(db, "assign", "June dip", "--auditor", "Ann", "--auditor", "Bob", "--auditor", "Cy")
    return audits_of(db, 1)


def test_repeat_with_the_same_cases_links_to_the_earlier_audits(db: Path) -> None:
    earlier = assigned_programme(db)
    result = ok(
        db,
        "programmes",
        "repeat",
        "June dip",
        "--name",
        "December dip",
        "--same-cases",
        "--due",
        "2030-12-31",
    )
    assert "6 case(s)" in result.stderr
    shown = show(db, "December dip", "--cases")
    assert (shown["type"], shown["repeat_of"], shown["due_on"]) == ("repeat", 1, "2030-12-31")
    assert {c["case_ref"] for c in shown["cases"]} == {a["case_ref"] for a in earlier}
    ok(db, "assign", "December dip", "--auditor", "Ann", "--auditor", "Bob", "--auditor", "Cy")
    previous = {a["case_ref"]: a["id"] for a in earlier}
    later = audits_of(db, shown["id"])
    assert len(later) == 6
    assert all(a["previous_audit_id"] == previous[a["case_ref"]] for a in later)


def test_repeat_with_a_seed_draws_again_with_the_same_rule(db: Path) -> None:
    create(db)
    ok(
        db,
        "sample",
        "June dip",
        "--seed",
        "3",
        "--cohort",
        "CP",
        "--per-team",
        "2",
        "--exclude-audited-months",
        "0",
    )
    ok(db, "programmes", "repeat", "June dip", "--name", "Second round", "--seed", "11")
    first, second = show(db, "June dip"), show(db, "Second round", "--cases")
    assert second["rule"] == first["rule"] and second["seed"] == 11
    assert second["outcomes"] == {"sampled": 6, "not_drawn": 6}
    assert {c["case_ref"] for c in second["cases"]} == {
        f"{n}-{i:03d}" for n in range(3) for i in range(0, 8, 2)
    }


@pytest.mark.parametrize("choice", [[], ["--seed", "5", "--same-cases"]])
def test_repeat_needs_either_a_seed_or_the_same_cases(db: Path, choice: list[str]) -> None:
    create(db)
    ok(db, "sample", "June dip", "--seed", "3", "--per-team", "2")
    result = run(db, "programmes", "repeat", "June dip", "--name", "Again", *choice)
    assert result.exit_code == 2
    assert "--seed" in result.stderr and "Traceback" not in result.stderr
    listed = json.loads(ok(db, "programmes", "list", "--format", "json").stdout)["programmes"]
    names = [p["name"] for p in listed]
    assert names == ["June dip"]


def test_db_and_user_options_work_after_the_subcommand(db: Path) -> None:
    result = CliRunner().invoke(
        cli,
        [
            "programmes",
            "create",
            "Late options",
            "--rubric",
            RUBRIC,
            "--format",
            "json",
            "--db",
            str(db),
            "--user",
            "max",
        ],
    )
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["owner"] == "max"
