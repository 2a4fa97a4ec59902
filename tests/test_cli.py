"""The command line for scripts: data on stdout, one message on stderr, honest exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import MINI_RUBRICS, MINI_YAML, graded_audit

from qa_tui.cli.main import cli
from qa_tui.desks.audits import AuditDesk
from qa_tui.domain.records import Case
from qa_tui.domain.rubric import rubric_json_schema
from qa_tui.domain.rubric_files import load_rubrics
from qa_tui.store.database import Store

SHIPPED_IDS = {
    "voice-of-the-child",
    "smart-plans",
    "chronologies",
    "supervision-and-management-oversight",
    "quality-of-assessment",
    "care-leavers-pathway-plans",
    "neglect",
    "missing-and-exploitation",
    "re-referrals-and-case-closure",
    "children-in-care",
    "early-help-assessments",
    "multi-agency-practice",
}
GOOD_CSV = (
    "case_ref,team,worker,cohort,opened_on\n"
    "CIN-0001,Assessment North,SW Amber,CIN,2024-01-15\n"
    "CP-0002,Child Protection East,SW Birch,CP,02/03/2024\n"
)
BAD_CSV = (
    "case_ref,team,opened_on\n"
    "CIN-0001,Assessment North,2024-01-15\n"
    "CIN-0002,,2024-01-15\n"
    "CIN-0003,Assessment North,31/02/2024\n"
    "CIN-0001,Assessment South,2024-01-15\n"
)


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test may read or write the real user's data directory or settings."""
    monkeypatch.delenv("QA_TUI_DB", raising=False)
    monkeypatch.delenv("QA_TUI_USER", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))


def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), env=env)


def qa_tui(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """The real program in a real process, for real exit codes."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("QA_TUI_")}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "qa_tui", *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=120,
    )


def assert_one_clean_message(stderr: str) -> None:
    assert "Traceback" not in stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr


@pytest.fixture
def db_with_audit(tmp_path: Path) -> Path:
    db = tmp_path / "qa.sqlite3"
    store = Store.open(db)
    store.upsert_cases([Case("CIN-0001", "Assessment North")], "lead", "test")
    desk = AuditDesk(store, "alice", MINI_RUBRICS)
    desk.submit(graded_audit(desk, "CIN-0001"))
    store.close()
    return db


# -- rubrics ---------------------------------------------------------------------------


def test_rubrics_list_names_every_shipped_rubric() -> None:
    result = invoke("rubrics", "list")
    assert result.exit_code == 0, result.stderr
    listed = {line.split()[0] for line in result.stdout.splitlines() if line.strip()}
    assert listed >= SHIPPED_IDS

    result = invoke("rubrics", "list", "--format", "json")
    assert {r["id"] for r in json.loads(result.stdout)["rubrics"]} >= SHIPPED_IDS


def test_rubrics_show_prints_the_guidance() -> None:
    result = invoke("rubrics", "show", "voice-of-the-child")
    assert result.exit_code == 0, result.stderr
    rubric = {f.rubric.id: f.rubric for f in load_rubrics()}["voice-of-the-child"]
    for criterion in rubric.criteria:
        assert criterion.question in result.stdout
        for text in criterion.guidance.values():
            assert text in result.stdout
    shown = json.loads(invoke("rubrics", "show", "voice-of-the-child", "--format", "json").stdout)
    assert shown["id"] == "voice-of-the-child"


def test_rubrics_show_unknown_id_is_one_message_and_status_1() -> None:
    result = invoke("rubrics", "show", "nope")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert_one_clean_message(result.stderr)
    assert "no rubric with id 'nope'" in result.stderr and "voice-of-the-child" in result.stderr

    done = qa_tui("rubrics", "show", "nope")
    assert done.returncode == 1 and done.stdout == ""
    assert_one_clean_message(done.stderr)


def test_rubrics_validate_lists_every_problem_as_file_line(tmp_path: Path) -> None:
    text = MINI_YAML.read_text("utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        text.replace("    limiting: true", "    limitting: true").replace(
            "  - id: plan-smart", "  - id: plan smart"
        ),
        "utf-8",
    )
    good = tmp_path / "good.yaml"
    good.write_text(text, "utf-8")
    result = invoke("rubrics", "validate", str(good), str(bad))
    assert result.exit_code == 1 and result.stdout == ""
    assert "Traceback" not in result.stderr
    assert f"{bad}:10: criteria[0].limitting: unknown key" in result.stderr
    assert f"{bad}:19: criteria[1].id:" in result.stderr
    assert str(good) not in result.stderr

    ok = invoke("rubrics", "validate", str(good))
    assert ok.exit_code == 0 and "1 rubric file(s) valid" in ok.stderr
    shipped = invoke("rubrics", "validate")
    assert (
        shipped.exit_code == 0 and f"{len(load_rubrics())} rubric file(s) valid" in shipped.stderr
    )


def test_rubrics_validate_missing_file_is_a_message(tmp_path: Path) -> None:
    result = invoke("rubrics", "validate", str(tmp_path / "absent.yaml"))
    assert result.exit_code == 1
    assert_one_clean_message(result.stderr)
    assert "absent.yaml:1: cannot read" in result.stderr


def test_rubrics_schema_prints_the_schema() -> None:
    result = invoke("rubrics", "schema")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == rubric_json_schema()


# -- cases -----------------------------------------------------------------------------


def test_cases_import_good_csv(tmp_path: Path) -> None:
    csv_path = tmp_path / "cases.csv"
    csv_path.write_text(GOOD_CSV, "utf-8")
    db = tmp_path / "qa.sqlite3"
    result = invoke("cases", "import", str(csv_path), "--db", str(db))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert "2 case(s) added, 0 updated" in result.stderr
    store = Store.open(db, create=False)
    assert store.count_cases() == 2 and store.case("CP-0002").opened_on == "2024-03-02"
    store.close()

    again = invoke("cases", "import", str(csv_path), "--db", str(db))
    assert "0 case(s) added, 0 updated, 0 closed" in again.stderr  # nothing changed


def test_cases_import_bad_csv_lists_every_bad_row_and_imports_nothing(tmp_path: Path) -> None:
    csv_path = tmp_path / "cases.csv"
    csv_path.write_text(BAD_CSV, "utf-8")
    db = tmp_path / "qa.sqlite3"
    result = invoke("cases", "import", str(csv_path), "--db", str(db))
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    assert f"{csv_path}:3: team: required value is empty" in result.stderr
    assert f"{csv_path}:4: opened_on: '31/02/2024' is not a date" in result.stderr
    assert f"{csv_path}:5: case_ref: 'CIN-0001' also appears on line 2" in result.stderr
    assert f"{csv_path}:2:" not in result.stderr
    if db.exists():
        store = Store.open(db, create=False)
        assert store.count_cases() == 0
        store.close()


def test_cases_import_through_a_real_process(tmp_path: Path) -> None:
    csv_path = tmp_path / "cases.csv"
    csv_path.write_text(BAD_CSV, "utf-8")
    db = tmp_path / "qa.sqlite3"
    done = qa_tui("cases", "import", str(csv_path), "--db", str(db))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    csv_path.write_text(GOOD_CSV, "utf-8")
    done = qa_tui("cases", "import", str(csv_path), "--db", str(db))
    assert done.returncode == 0, done.stderr


# -- export ----------------------------------------------------------------------------


def test_export_from_a_missing_database_creates_nothing(tmp_path: Path) -> None:
    db = tmp_path / "missing" / "qa.sqlite3"
    result = invoke("export", "grades", "--db", str(db))
    assert result.exit_code == 1 and result.stdout == ""
    assert_one_clean_message(result.stderr)
    assert "no database at" in result.stderr
    assert not db.exists() and not db.parent.exists()

    done = qa_tui("export", "grades", "--db", str(db))
    assert done.returncode == 1 and done.stdout == ""
    assert_one_clean_message(done.stderr)
    assert not db.exists() and not db.parent.exists()


@pytest.mark.parametrize(
    "bad",
    [
        ("--format", "xml"),
        ("--from", "2024-13-01"),
        ("--to", "yesterday"),
        ("--no-such-flag",),
    ],
)
def test_bad_usage_exits_2(db_with_audit: Path, bad: tuple[str, ...]) -> None:
    result = invoke("export", "grades", "--db", str(db_with_audit), *bad)
    assert result.exit_code == 2
    assert result.stdout == "" and "Traceback" not in result.stderr


def test_bad_usage_exits_2_in_a_real_process(db_with_audit: Path) -> None:
    for bad in (("--format", "xml"), ("--from", "2024-13-01")):
        done = qa_tui("export", "grades", "--db", str(db_with_audit), *bad)
        assert done.returncode == 2, done.stderr
        assert done.stdout == "" and "Traceback" not in done.stderr


def test_stdout_carries_only_data(db_with_audit: Path) -> None:
    result = invoke("export", "grades", "--db", str(db_with_audit))
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert len(doc["audits"]) == 1
    assert "1 audit(s) exported" in result.stderr

    done = qa_tui("export", "grades", "--db", str(db_with_audit))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["audits"][0]["overall"]["label"] == "Good"
    assert "exported" in done.stderr


def test_output_file_gets_the_data_and_stdout_stays_empty(
    db_with_audit: Path, tmp_path: Path
) -> None:
    out = tmp_path / "grades.json"
    result = invoke("export", "grades", "--db", str(db_with_audit), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert json.loads(out.read_text("utf-8"))["audits"][0]["case_ref"] == "CIN-0001"
    assert f"wrote {out}" in result.stderr
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".grades")] == []


def test_output_into_a_missing_directory_is_a_message(db_with_audit: Path, tmp_path: Path) -> None:
    out = tmp_path / "no-such-dir" / "grades.json"
    result = invoke("export", "grades", "--db", str(db_with_audit), "-o", str(out))
    assert result.exit_code == 1 and result.stdout == ""
    assert "cannot write" in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()


def test_db_flag_may_come_before_the_command(db_with_audit: Path) -> None:
    result = invoke("--db", str(db_with_audit), "export", "grades")
    assert result.exit_code == 0, result.stderr
    assert len(json.loads(result.stdout)["audits"]) == 1


def test_environment_picks_database_and_user(tmp_path: Path) -> None:
    db = tmp_path / "from-env.sqlite3"
    csv_path = tmp_path / "cases.csv"
    csv_path.write_text(GOOD_CSV, "utf-8")
    env = {"QA_TUI_DB": str(db), "QA_TUI_USER": "carol"}
    result = invoke("cases", "import", str(csv_path), env=env)
    assert result.exit_code == 0, result.stderr
    assert db.exists()
    store = Store.open(db, create=False)
    [event] = store.events("cases", str(csv_path))
    assert event.who == "carol"

    # An audit carol starts shows her as auditor in the export read through QA_TUI_DB.
    desk = AuditDesk(store, "carol", MINI_RUBRICS)
    desk.start_audit("CIN-0001", "mini")
    store.close()
    exported = invoke("export", "grades", "--with-workers", env=env)
    assert exported.exit_code == 0, exported.stderr
    assert [a["auditor"] for a in json.loads(exported.stdout)["audits"]] == ["carol"]

    # The flags win over the environment.
    other = tmp_path / "flag.sqlite3"
    result = invoke("cases", "import", str(csv_path), "--db", str(other), "--user", "dave", env=env)
    assert result.exit_code == 0, result.stderr
    store = Store.open(other, create=False)
    assert [e.who for e in store.events("cases", str(csv_path))] == ["dave"]
    store.close()


def test_environment_is_honoured_by_a_real_process(tmp_path: Path) -> None:
    db = tmp_path / "env.sqlite3"
    csv_path = tmp_path / "cases.csv"
    csv_path.write_text(GOOD_CSV, "utf-8")
    done = qa_tui(
        "cases", "import", str(csv_path), env={"QA_TUI_DB": str(db), "QA_TUI_USER": "erin"}
    )
    assert done.returncode == 0, done.stderr
    store = Store.open(db, create=False)
    assert [e.who for e in store.events("cases", str(csv_path))] == ["erin"]
    store.close()


def test_a_bad_case_list_creates_no_database(tmp_path: Path) -> None:
    bad = tmp_path / "cases.csv"
    bad.write_text("case_ref,team\nCIN-1,\n", encoding="utf-8")
    db = tmp_path / "new.sqlite3"
    result = CliRunner().invoke(cli, ["--db", str(db), "cases", "import", str(bad)])
    assert result.exit_code == 1
    assert "cases.csv:2: team" in result.stderr
    assert not db.exists()
