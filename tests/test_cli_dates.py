"""One date vocabulary for every `--from` and `--to`: a day, a month or a quarter
(calendar 2026-Q3 or financial Q2-26/27) gives the same result on every command, and a
bad value is bad usage (exit 2) with the same one-line message everywhere.

Run for real on the demo database through click's CliRunner.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from qa_tui.cli.main import cli
from qa_tui.cli.periods import resolve
from qa_tui.desks.demo import build_demo_database

TODAY = date(2026, 11, 23)
NO_ONE = {"QA_TUI_TOKEN": "", "QA_TUI_USER": "", "QA_TUI_DB": ""}
# Every command with --from and --to.
COMMANDS = [
    ("export", "grades"),
    ("export", "themes"),
    ("export", "actions"),
    ("supervision", "share"),
]
# July to September 2026, written each way a person may write it.
SAME_SPAN = [
    ("2026-07-01", "2026-09-30"),
    ("2026-07", "2026-09"),
    ("2026-Q3", "2026-Q3"),
    ("Q2-26/27", "Q2-26/27"),
    ("2026/27-Q2", "2026-09-17"),  # a day on a monthly command means its month
]


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("dates") / "demo.sqlite3"
    build_demo_database(path, today=TODAY)
    return path


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), "--user", "qa.lead", *args], env=NO_ONE)


def without_clock(document: dict[str, Any]) -> dict[str, Any]:
    """The document without the moment it was made."""
    return {k: v for k, v in document.items() if "generated" not in k and k != "exported_at"}


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_a_day_a_month_and_a_quarter_give_the_same_result(
    demo_db: Path, command: tuple[str, str]
) -> None:
    results = []
    for start, end in SAME_SPAN:
        if command == ("export", "grades") and start == "2026/27-Q2":
            end = "2026-09-30"  # grades count in days: the 17th would be the last
        done = run(demo_db, *command, "--from", start, "--to", end, "--format", "json")
        assert done.exit_code == 0, done.output
        results.append(without_clock(json.loads(done.stdout)))
    assert all(r == results[0] for r in results[1:])
    everything = run(demo_db, *command, "--format", "json")
    assert without_clock(json.loads(everything.stdout)) != results[0]  # the span narrowed it


def test_grades_by_a_quarter_keep_exactly_its_days(demo_db: Path) -> None:
    done = run(demo_db, "export", "grades", "--from", "2026-Q3", "--to", "2026-Q3")
    document = json.loads(done.stdout)
    assert (document["filters"]["from"], document["filters"]["to"]) == ("2026-07-01", "2026-09-30")
    dated = [a["audit_date"] for a in document["audits"]]
    assert dated and all("2026-07-01" <= d <= "2026-09-30" for d in dated)


@pytest.mark.parametrize(
    ("text", "edge", "grain", "means"),
    [
        ("2026-Q3", "from", "day", "2026-07-01"),
        ("2026-Q3", "to", "day", "2026-09-30"),
        ("Q4-23/24", "from", "day", "2024-01-01"),
        ("Q4-23/24", "to", "month", "2024-03"),
        ("2024-02", "to", "day", "2024-02-29"),
        ("2026-12", "to", "day", "2026-12-31"),
        ("2026-07-14", "from", "month", "2026-07"),
    ],
)
def test_each_edge_resolves_to_the_first_or_last_day_or_month(
    text: str, edge: Any, grain: Any, means: str
) -> None:
    assert resolve(text, edge, grain) == means


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
@pytest.mark.parametrize("option", ["--from", "--to"])
@pytest.mark.parametrize("bad", ["May", "2026-13", "2026-02-30", "2026-Q5", "Q1-23/25"])
def test_a_bad_date_is_bad_usage_with_one_message_everywhere(
    demo_db: Path, command: tuple[str, str], option: str, bad: str
) -> None:
    result = run(demo_db, *command, option, bad)
    assert result.exit_code == 2
    assert result.stdout == "" and "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error")]
    assert errors == [
        f"Error: Invalid value for '{option}': {bad!r} is not a date: use YYYY-MM-DD, "
        "YYYY-MM, or a quarter: 2026-Q3 (calendar) or Q4-23/24 (financial)"
    ]
