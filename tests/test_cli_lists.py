"""Every list command speaks the same four formats, so a script learns them once: text
for people; JSON as `{"schema_version": 1, "<plural noun>": [...]}`; NDJSON a record a
line; CSV with a header and cells no spreadsheet runs as a formula. And `cases import -`
reads the case list from standard input.

Run for real on the demo database (built once into tmp_path) through click's CliRunner.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from qa_tui.cli.main import cli
from qa_tui.desks.demo import build_demo_database
from qa_tui.store.database import Store

TODAY = date(2026, 11, 23)
NO_ONE = {"QA_TUI_TOKEN": "", "QA_TUI_USER": "", "QA_TUI_DB": ""}

# (command, who runs it, the key its JSON list is under, whether the demo has records)
LISTS = [
    (("programmes", "list"), "qa.lead", "programmes", True),
    (("programmes", "recommendations", "Summer dip sample"), "qa.lead", "recommendations", True),
    (("moderation", "queue"), "qa.lead", "audits", True),
    (("moderation", "queue", "--done"), "qa.lead", "audits", True),
    (("moderation", "agreement"), "qa.lead", "groups", True),
    (("moderation", "agreement", "--by", "quarter"), "qa.lead", "quarters", True),
    (("moderation", "sent-back"), "demo.auditor", "send_backs", True),
    (("follow-ups", "list"), "qa.lead", "follow_ups", True),
    (("themes", "list"), "qa.lead", "themes", True),
    (("plan", "recommendations"), "qa.lead", "recommendations", True),
    (("plan", "snapshots"), "qa.lead", "snapshots", True),
    (("users", "list"), "qa.lead", "users", True),
    (("users", "tokens", "--all"), "demo.admin", "tokens", False),
    (("users", "roles"), "qa.lead", "operations", True),
    (("auditors", "list"), "qa.lead", "auditors", True),
    (("cases", "mappings"), "qa.lead", "mappings", False),
    (("reaudits", "due"), "qa.lead", "reaudits", True),
    (("reaudits", "changes", "--programme", "Summer dip sample"), "qa.lead", "changes", False),
    (("supervision", "items", "32"), "qa.lead", "items", False),
    (("rubrics", "list"), "qa.lead", "rubrics", True),
]


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("lists") / "demo.sqlite3"
    build_demo_database(path, today=TODAY)
    return path


def run(db: Path, user: str, *args: str, stdin: str | None = None) -> Result:
    result = CliRunner().invoke(
        cli, ["--db", str(db), "--user", user, *args], input=stdin, env=NO_ONE
    )
    assert result.exit_code == 0, result.output
    return result


def csv_rows(text: str) -> list[dict[str, str]]:
    assert text == "" or text.startswith("\ufeff")  # Excel reads it as UTF-8
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


@pytest.mark.parametrize(("args", "user", "noun", "has_records"), LISTS, ids=lambda v: str(v))
def test_every_list_has_one_json_shape_and_the_same_records_in_ndjson_and_csv(
    demo_db: Path, args: tuple[str, ...], user: str, noun: str, has_records: bool
) -> None:
    document = json.loads(run(demo_db, user, *args, "--format", "json").stdout)
    assert list(document) == ["schema_version", noun]
    assert document["schema_version"] == 1
    records = document[noun]
    assert isinstance(records, list) and bool(records) == has_records

    lines = run(demo_db, user, *args, "--format", "ndjson").stdout.splitlines()
    assert [json.loads(line) for line in lines] == records

    rows = csv_rows(run(demo_db, user, *args, "--format", "csv").stdout)
    assert len(rows) == len(records)
    for row, record in zip(rows, records, strict=True):
        for key, value in record.items():
            if isinstance(value, str | int) and not isinstance(value, bool):
                assert row[key].lstrip("'") == str(value)


def test_csv_flattens_what_is_nested(demo_db: Path) -> None:
    programmes = csv_rows(run(demo_db, "qa.lead", "programmes", "list", "--format", "csv").stdout)
    summer = next(p for p in programmes if p["name"] == "Summer dip sample")
    assert summer["rubrics"] == "whole-case-file"  # a list of plain values, joined
    assert int(summer["progress.submitted"]) > 0  # a nested object, as key.sub columns
    users = csv_rows(run(demo_db, "qa.lead", "users", "list", "--format", "csv").stdout)
    admin = next(u for u in users if u["user_name"] == "demo.admin")
    assert (admin["roles"], admin["disabled"]) == ("admin", "false")


def test_text_stays_for_people(demo_db: Path) -> None:
    text = run(demo_db, "qa.lead", "programmes", "list").stdout
    assert "Summer dip sample" in text and not text.lstrip().startswith("{")


def test_a_bad_format_is_bad_usage(demo_db: Path) -> None:
    result = CliRunner().invoke(
        cli, ["--db", str(demo_db), "--user", "qa.lead", "themes", "list", "--format", "xml"]
    )
    assert result.exit_code == 2 and result.stdout == ""


@pytest.fixture
def empty_db(tmp_path: Path) -> Path:
    path = tmp_path / "single.sqlite3"
    Store.open(path).close()
    return path


def test_csv_cells_never_run_as_formulas(empty_db: Path) -> None:
    run(empty_db, "lena", "plan", "add-recommendation", "=1+1", '=HYPERLINK("http://x","y")')
    run(empty_db, "lena", "plan", "add-recommendation", "R2", "+call()", "--source", "@SUM(A1)")
    rows = csv_rows(run(empty_db, "lena", "plan", "recommendations", "--format", "csv").stdout)
    ours = [r for r in rows if not r["source"].startswith("Ofsted")]  # a new file has examples
    assert [(r["code"], r["text"], r["source"]) for r in ours] == [
        ("'=1+1", '\'=HYPERLINK("http://x","y")', "local"),
        ("R2", "'+call()", "'@SUM(A1)"),
    ]
    # JSON and NDJSON carry the words as written: only a spreadsheet needs the guard.
    records = json.loads(
        run(empty_db, "lena", "plan", "recommendations", "--format", "json").stdout
    )["recommendations"]
    assert "=1+1" in {r["code"] for r in records}


CASE_LIST = "Case Ref,team,cohort,opened_on\nCIN-1,MASH,CIN,2024-01-01\nCIN-2,MASH,CIN,02/03/2024\n"


def test_cases_import_reads_standard_input(empty_db: Path) -> None:
    done = run(
        empty_db,
        "lena",
        *("cases", "import", "-", "--map", "case_ref=Case Ref", "--save-mapping", "=ours"),
        stdin=CASE_LIST,
    )
    assert "<stdin>: 2 case(s) added, 0 updated, 0 closed" in done.stderr
    mappings = csv_rows(run(empty_db, "lena", "cases", "mappings", "--format", "csv").stdout)
    assert [(m["name"], m["fields.case_ref"]) for m in mappings] == [("'=ours", "Case Ref")]


def test_a_malformed_case_list_on_standard_input_names_line_and_field(empty_db: Path) -> None:
    bad = CASE_LIST.replace("02/03/2024", "31/02/2024")
    result = CliRunner().invoke(
        cli,
        [
            "--db",
            str(empty_db),
            "--user",
            "lena",
            "cases",
            "import",
            "-",
            "--map",
            "case_ref=Case Ref",
        ],
        input=bad,
        env=NO_ONE,
    )
    assert result.exit_code == 1
    assert "<stdin>:3: opened_on: '31/02/2024' is not a date" in result.stderr
    assert "Traceback" not in result.stderr
    listed = run(empty_db, "lena", "cases", "mappings", "--format", "ndjson")
    assert listed.stdout == ""  # nothing was imported or saved
