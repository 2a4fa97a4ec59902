"""The grades export streams: the JSON a script reads is the same, byte for byte, as
the whole document written at once; NDJSON is its records, one a line; a workbook too
big for a sheet is refused before anything is written; a failed export leaves no
half-written file; themes and actions come as NDJSON too.

The database is the practice loop's (programme, re-audits, moderation, case actions,
escalations, feedback), plus an audit in progress whose evidence has accented letters,
a line separator and a formula, and an audit with no answers yet.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner, Result
from conftest import MINI_RUBRICS
from test_export_practice_loop import loop, moderated  # noqa: F401  (fixtures)

import qa_tui.exports.grades as grades_module
from qa_tui.cli.export_stream import stream_grades
from qa_tui.cli.main import cli
from qa_tui.desks.audits import AuditDesk
from qa_tui.domain.records import Case
from qa_tui.domain.text import json_text
from qa_tui.exports.formats import ExportError
from qa_tui.exports.grades import ExportFilters, grades_document
from qa_tui.store.database import Store

ODD_EVIDENCE = "Café visit with Zoë\u2028next line; =SUM(A1) \x1b[31m"


@pytest.fixture
def varied(moderated: Path, tmp_path: Path) -> Path:  # noqa: F811
    """The moderated practice loop, plus an audit in progress with odd evidence and
    an audit not yet started."""
    db = tmp_path / "varied.sqlite3"
    with sqlite3.connect(moderated) as source, sqlite3.connect(db) as copy:
        source.backup(copy)
    store = Store.open(db)
    store.upsert_cases([Case("CIN-9", "Équipe Sud", cohort="CIN")], "lead", "t")
    store.upsert_cases([Case("CIN-10", "Assessment North", cohort="CP")], "lead", "t")
    alice = AuditDesk(store, "alice", MINI_RUBRICS)
    audit_id = alice.start_audit("CIN-9", "mini")
    alice.grade(audit_id, "child-seen", "good")
    alice.save_evidence(audit_id, "child-seen", ODD_EVIDENCE)
    alice.save_evidence(audit_id, "plan-smart", "a note only: not an answer yet")
    alice.start_audit("CIN-10", "mini")
    store.close()
    return db


def run(db: Path, *args: str) -> Result:
    result = CliRunner().invoke(cli, ["export", "grades", "--db", str(db), *args])
    assert result.exit_code == 0, result.stderr
    return result


def in_memory_json(db: Path, *flags: str) -> str:
    """The whole document as the export wrote it before it streamed."""
    store = Store.open(db)
    try:
        document = grades_document(
            AuditDesk(store, "lena"),
            ExportFilters(),
            with_evidence="--with-evidence" in flags,
            with_workers="--with-workers" in flags,
        )
    finally:
        store.close()
    return json_text(document) + "\n"


def _same_moment(text: str, like: str) -> str:
    """`text` with `like`'s generated_at (the two were made a moment apart)."""
    stamp = json.loads(like)["generated_at"]
    return text.replace(json.loads(text)["generated_at"], stamp, 1)


@pytest.mark.parametrize(
    "flags", [(), ("--with-evidence",), ("--with-workers",), ("--with-evidence", "--with-workers")]
)
def test_streamed_json_is_the_whole_document_byte_for_byte(
    varied: Path, tmp_path: Path, flags: tuple[str, ...]
) -> None:
    out = tmp_path / "grades.json"
    run(varied, "--format", "json", "-o", str(out), *flags)
    streamed = out.read_text("utf-8")
    whole = in_memory_json(varied, *flags)
    assert _same_moment(streamed, whole) == whole
    document = json.loads(streamed)
    assert document["schema_version"] == 2
    assert len(document["audits"]) == 8
    if "--with-evidence" in flags:  # the odd evidence round-trips, escaped as before
        evidence = [a.get("evidence") for audit in document["audits"] for a in audit["answers"]]
        assert any(e and e.startswith("Café visit with Zoë") for e in evidence)
        assert "\u2028" not in streamed and "Café" in streamed  # as json_text writes them


def test_stdout_json_is_the_same_as_the_file(varied: Path) -> None:
    streamed = run(varied, "--format", "json").stdout
    whole = in_memory_json(varied)
    assert _same_moment(streamed, whole) == whole


def test_an_empty_export_is_a_valid_document(varied: Path) -> None:
    document = json.loads(run(varied, "--format", "json", "--from", "2099-01-01").stdout)
    assert document["audits"] == [] and document["schema_version"] == 2


def test_ndjson_lines_are_the_json_records(varied: Path) -> None:
    lines = run(varied, "--format", "ndjson", "--with-evidence").stdout.splitlines()
    records = [json.loads(line) for line in lines]  # each line valid JSON on its own
    document = json.loads(run(varied, "--format", "json", "--with-evidence").stdout)
    assert records == document["audits"]
    assert all(line.startswith('{"audit_id": ') for line in lines)  # no header line


def test_themes_and_actions_come_as_ndjson(varied: Path) -> None:
    for kind in ("themes", "actions"):
        args = ["export", kind, "--db", str(varied), "--suppress-below", "0"]
        lines = CliRunner().invoke(cli, [*args, "--format", "ndjson"]).stdout.splitlines()
        document = json.loads(CliRunner().invoke(cli, [*args, "--format", "json"]).stdout)
        assert [json.loads(line) for line in lines] == document[kind]


def test_xlsx_too_big_for_a_sheet_is_refused_before_anything_is_read(
    varied: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sheet limit of 10 rows (Excel's is 1,048,576): the answers do not fit, and the
    refusal comes from the count, before a single audit record is made."""
    made: list[int] = []
    real = grades_module.grade_record
    monkeypatch.setattr(
        grades_module, "grade_record", lambda row, *a: made.append(1) or real(row, *a)
    )
    out = tmp_path / "grades.xlsx"
    store = Store.open(varied)
    try:
        with pytest.raises(ExportError, match="will not fit on the sheet 'Answers'"):
            stream_grades(
                AuditDesk(store, "lena"),
                ExportFilters(),
                "xlsx",
                str(out),
                with_evidence=False,
                with_workers=False,
                xlsx_limit=10,
            )
    finally:
        store.close()
    assert made == [] and not out.exists() and list(tmp_path.glob(".grades.xlsx.*")) == []


def test_xlsx_streamed_holds_every_sheet(varied: Path, tmp_path: Path) -> None:
    out = tmp_path / "grades.xlsx"
    run(varied, "--format", "xlsx", "-o", str(out))
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == [
        "Audits",
        "Answers",
        "Case actions",
        "Escalations",
        "Feedback",
        "About",
    ]
    assert book["Audits"].max_row == 9  # a header and eight audits
    assert book["Audits"].auto_filter.ref.endswith("9")  # the filter spans every row
    assert book["Case actions"]["D2"].data_type == "s"  # the formula action stays text


def test_a_failed_export_leaves_no_half_written_file(
    varied: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The export breaks on its fourth audit: the earlier file is still there, whole,
    and no temporary file is left beside it."""
    out = tmp_path / "grades.json"
    out.write_text("yesterday's export\n", "utf-8")
    real = grades_module.grade_record
    seen: list[int] = []

    def breaks_on_the_fourth(row, *args):  # type: ignore[no-untyped-def]
        seen.append(row["id"])
        if len(seen) == 4:
            raise OSError(28, "No space left on device")
        return real(row, *args)

    monkeypatch.setattr(grades_module, "grade_record", breaks_on_the_fourth)
    for fmt in ("json", "csv", "md", "xlsx", "ndjson"):
        seen.clear()
        result = CliRunner().invoke(
            cli, ["export", "grades", "--db", str(varied), "--format", fmt, "-o", str(out)]
        )
        assert result.exit_code == 1, fmt
        assert "nothing was written" in result.stderr
        assert out.read_text("utf-8") == "yesterday's export\n"
        assert [p.name for p in tmp_path.iterdir() if "grades" in p.name] == ["grades.json"]


def test_markdown_streamed_is_the_whole_report(varied: Path) -> None:
    from qa_tui.exports.grades_tables import grades_markdown

    streamed = run(varied, "--format", "md", "--with-workers").stdout
    store = Store.open(varied)
    try:
        document = grades_document(AuditDesk(store, "lena"), ExportFilters(), with_workers=True)
    finally:
        store.close()
    assert streamed == grades_markdown(document)
    assert "## Case actions" in streamed and "## Feedback to practice" in streamed


def test_no_progress_bar_when_stderr_is_no_terminal(varied: Path) -> None:
    result = run(varied, "--format", "csv")
    assert result.stderr == "8 audit(s) exported\n"
