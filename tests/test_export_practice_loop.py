"""The grades export follows the audit back to practice (schema_version 2): each audit's
programme, the audit it re-audits and the change since, its case actions, escalations
and feedback, in JSON, CSV (`--table`), XLSX and Markdown; names only with
--with-workers, text only with --with-evidence, no cell a spreadsheet could run.

One real database for the module (the exports only read it): a programme of three
cases audited, repeated with the same cases and audited again (one better, one the
same, one worse until its moderation completes).
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import jsonschema
import openpyxl
import pytest
from click.testing import CliRunner, Result
from conftest import MINI_RUBRICS

from qa_tui.cli.exports import export_schemas
from qa_tui.cli.main import cli
from qa_tui.desks.audits import AuditDesk
from qa_tui.desks.follow_ups import FollowUps
from qa_tui.desks.moderation import ModerationDesk
from qa_tui.desks.programmes import ProgrammeDesk
from qa_tui.domain.records import Case
from qa_tui.exports.grades import ExportFilters, grades_document
from qa_tui.store.database import Store

TEAM = "Assessment North"
FORMULA = "=cmd|' /C calc'!A0"
OWNER, MANAGER, WORKER = "TM Cedar", "TM Birch", "SW Amber"
TOLD = ("Team manager Jo", "2025-06-02 10:00", "Visit arranged today")
NAMES = (OWNER, MANAGER, WORKER, TOLD[0], "alice")
TEXT = (
    "Plan updated with the family",  # an action's closing note
    TOLD[2],  # an escalation's immediate action
    "-The plan was agreed at conference",  # a worker's reasons (a leading minus)
    "I will record visits sooner",  # a worker's reflection
)


@dataclass
class Loop:
    db: Path
    programme_id: int
    first: dict[str, int]  # case -> the first round's audit
    again: dict[str, int]  # case -> its re-audit
    formula_action: int
    closed_action: int


def add_feedback(db: Path, audit_id: int, **row: str) -> None:
    """A feedback row written straight into audit_feedback (plain sqlite3 on the test's
    file): the feedback desk that records it is being written in parallel by another
    engineer, and nothing else in this branch writes these rows."""
    fields = {
        "given_to": "worker",
        "given_to_name": "",
        "how": "in_person",
        "response": "not_yet",
        "reasons": "",
        "reflection": "",
        **row,
        "audit_id": audit_id,
        "recorded_at": "2025-03-20T10:00:00+00:00",
        "recorded_by": "alice",
        "updated_at": "2025-03-20T10:00:00+00:00",
    }
    with sqlite3.connect(db) as conn:
        conn.execute(
            f"INSERT INTO audit_feedback ({', '.join(fields)}) "
            f"VALUES ({', '.join('?' * len(fields))})",
            list(fields.values()),
        )
    conn.close()


def _grade_case(desk: AuditDesk, audit_id: int, overall: str) -> None:
    """Grade an assigned mini audit as conftest's graded_audit does (the limiting
    criterion is the overall grade)."""
    desk.grade(audit_id, "child-seen", overall)
    if overall in ("requires-improvement", "inadequate"):
        desk.save_evidence(audit_id, "child-seen", "Seen only with parents present")
    desk.mark_not_applicable(audit_id, "plan-smart")
    desk.grade(audit_id, "visits-in-time", "yes")
    desk.set_overall(audit_id, overall)
    desk.set_text(audit_id, "overall_rationale", "As graded")


def _audits_of(store: Store, programme_id: int) -> dict[str, int]:
    rows = store._rows("SELECT id, case_ref FROM audits WHERE programme_id = ?", (programme_id,))
    return {r["case_ref"]: r["id"] for r in rows}


@pytest.fixture(scope="module")
def loop(tmp_path_factory: pytest.TempPathFactory) -> Loop:
    db = tmp_path_factory.mktemp("loop") / "qa.sqlite3"
    store = Store.open(db)
    store.upsert_cases([Case(f"CIN-{i}", TEAM, cohort="CIN") for i in (1, 2, 3)], "lead", "t")
    lead = ProgrammeDesk(AuditDesk(store, "lena", MINI_RUBRICS))
    lead.set_auditor_teams("alice", ["Child Protection East"])
    spring = lead.create(name="Spring dip", kind="dip_sample", rubric_ids=["mini"], owner="lena")
    for case in ("CIN-1", "CIN-2", "CIN-3"):
        lead.add_case(spring.id, case, "chosen for the test")
    lead.assign(spring.id, ["alice"])
    alice = AuditDesk(store, "alice", MINI_RUBRICS)
    first = _audits_of(store, spring.id)
    for case, overall in (
        ("CIN-1", "requires-improvement"),
        ("CIN-2", "good"),
        ("CIN-3", "good"),
    ):
        _grade_case(alice, first[case], overall)
    formula_action = alice.add_action(first["CIN-1"], FORMULA, OWNER, "2025-07-01")
    closed_action = alice.add_action(first["CIN-1"], "Update the plan", WORKER, "2025-05-01")
    for case in first:
        alice.submit(first[case])
    FollowUps(AuditDesk(store, "lena", MINI_RUBRICS)).close("action", closed_action, TEXT[0])

    # The repeat round, as `programmes repeat --same-cases` makes it: each re-audit's
    # previous_audit_id is the first round's audit of the case.
    autumn = lead.repeat(spring.id, name="Autumn repeat", same_cases=True)
    lead.assign(autumn.id, ["alice"])
    again = _audits_of(store, autumn.id)
    for case, overall in (("CIN-1", "good"), ("CIN-2", "inadequate"), ("CIN-3", "good")):
        _grade_case(alice, again[case], overall)
        alice.submit(again[case], TOLD if overall == "inadequate" else None)
    store.close()

    add_feedback(
        db,
        first["CIN-1"],
        given_to="worker",
        given_to_name=WORKER,
        given_on="2025-03-20",
        response="disagrees",
        reasons=TEXT[2],
        reflection=TEXT[3],
    )
    add_feedback(
        db,
        first["CIN-1"],
        given_to="manager",
        given_to_name=MANAGER,
        given_on="2025-03-18",
        how="in_writing",
        response="agrees",
    )
    return Loop(db, spring.id, first, again, formula_action, closed_action)


@pytest.fixture
def moderated(loop: Loop, tmp_path: Path) -> Path:
    """A copy of the database where CIN-2's Inadequate re-audit is moderated to Good."""
    db = tmp_path / "moderated.sqlite3"
    with sqlite3.connect(loop.db) as source, sqlite3.connect(db) as copy:
        source.backup(copy)
    store = Store.open(db)
    moderator = ModerationDesk(AuditDesk(store, "qa.lead", MINI_RUBRICS))
    audit_id = loop.again["CIN-2"]
    moderator.grade(audit_id, "child-seen", 2, "Child seen alone at school")
    moderator.agree(audit_id, "plan-smart")
    moderator.agree(audit_id, "visits-in-time")
    moderator.set_overall(audit_id, 2, "Child seen alone at school")
    moderator.complete(audit_id)
    store.close()
    return db


def run(db: Path, *args: str) -> Result:
    result = CliRunner().invoke(cli, ["export", "grades", "--db", str(db), *args])
    assert result.exit_code == 0, result.stderr
    return result


def export_json(db: Path, *args: str) -> dict:
    return json.loads(run(db, "--format", "json", *args).stdout)


def by_id(document: dict) -> dict[int, dict]:
    return {a["audit_id"]: a for a in document["audits"]}


def read_csv(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline="")))


def exported_text(db: Path, tmp_path: Path, fmt: str, *flags: str) -> str:
    """Everything an export in `fmt` says, as text (every CSV table; every sheet)."""
    if fmt == "csv":
        return "".join(
            run(db, "--format", "csv", "--table", t, *flags).stdout
            for t in ("answers", "actions", "escalations", "feedback")
        )
    out = tmp_path / f"grades.{fmt}"
    run(db, "--format", fmt, "-o", str(out), *flags)
    if fmt != "xlsx":
        return out.read_text("utf-8")
    book = openpyxl.load_workbook(out)
    return json.dumps([list(ws.iter_rows(values_only=True)) for ws in book], default=str)


# -- JSON ---------------------------------------------------------------------------------


def test_json_carries_programme_previous_audit_and_change(loop: Loop) -> None:
    audits = by_id(export_json(loop.db))
    spring = audits[loop.first["CIN-1"]]
    assert spring["programme"] == {"id": loop.programme_id, "name": "Spring dip"}
    assert spring["previous_audit_id"] is None and spring["change"] is None
    changes = {}
    for case, audit_id in loop.again.items():
        audit = audits[audit_id]
        assert audit["programme"]["name"] == "Autumn repeat"
        assert audit["previous_audit_id"] == loop.first[case]
        changes[case] = audit["change"]
    assert changes == {"CIN-1": "better", "CIN-2": "worse", "CIN-3": "same"}


def test_change_honours_a_completed_moderation(moderated: Path, loop: Loop) -> None:
    audit = by_id(export_json(moderated))[loop.again["CIN-2"]]
    assert audit["overall"]["label"] == "Inadequate"  # the auditor's, kept
    assert audit["counted_overall"]["label"] == "Good"
    assert audit["change"] == "same"  # Good then Good, as moderated
    rows = read_csv(run(moderated, "--format", "csv").stdout)
    assert {r["change"] for r in rows if r["audit_id"] == str(loop.again["CIN-2"])} == {"same"}


def test_json_lists_actions_escalations_and_feedback_without_names_or_text(loop: Loop) -> None:
    audits = by_id(export_json(loop.db))
    first = audits[loop.first["CIN-1"]]
    assert first["case_actions"] == [
        {
            "id": loop.formula_action,
            "what": FORMULA,
            "due_on": "2025-07-01",
            "status": "open",
            "closed_at": None,
        },
        {
            "id": loop.closed_action,
            "what": "Update the plan",
            "due_on": "2025-05-01",
            "status": "done",
            "closed_at": first["case_actions"][1]["closed_at"],
        },
    ]
    assert first["case_actions"][1]["closed_at"]  # closed, and when
    assert [(f["given_to"], f["given_on"], f["how"], f["response"]) for f in first["feedback"]] == [
        ("manager", "2025-03-18", "in_writing", "agrees"),
        ("worker", "2025-03-20", "in_person", "disagrees"),
    ]
    assert set(first["feedback"][0]) == {"id", "given_to", "given_on", "how", "response"}
    [escalation] = audits[loop.again["CIN-2"]]["escalations"]
    assert escalation == {
        "id": escalation["id"],
        "told_at": TOLD[1],
        "status": "open",
        "closed_at": None,
    }
    assert audits[loop.again["CIN-1"]]["case_actions"] == []
    assert audits[loop.again["CIN-1"]]["escalations"] == []
    assert audits[loop.again["CIN-1"]]["feedback"] == []


def test_json_names_with_workers_and_text_with_evidence(loop: Loop) -> None:
    audits = by_id(export_json(loop.db, "--with-workers", "--with-evidence"))
    first = audits[loop.first["CIN-1"]]
    assert [a["owner"] for a in first["case_actions"]] == [OWNER, WORKER]
    assert [a["closing_note"] for a in first["case_actions"]] == ["", TEXT[0]]
    worker = first["feedback"][1]
    assert (worker["given_to_name"], worker["reasons"], worker["reflection"]) == (
        WORKER,
        TEXT[2],
        TEXT[3],
    )
    [escalation] = audits[loop.again["CIN-2"]]["escalations"]
    assert (escalation["told_who"], escalation["immediate_action"]) == (TOLD[0], TOLD[2])

    names_only = by_id(export_json(loop.db, "--with-workers"))[loop.first["CIN-1"]]
    assert names_only["feedback"][1]["given_to_name"] == WORKER
    assert "reasons" not in names_only["feedback"][1]
    assert "closing_note" not in names_only["case_actions"][1]


@pytest.mark.parametrize(
    "flags", [(), ("--with-workers",), ("--with-evidence",), ("--with-workers", "--with-evidence")]
)
def test_every_document_validates_against_the_published_schema(
    loop: Loop, moderated: Path, flags: tuple[str, ...]
) -> None:
    schema = export_schemas()["grades"]()
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    for db in (loop.db, moderated):
        document = export_json(db, *flags)
        assert document["schema_version"] == 2
        errors = validator.iter_errors(document)
        assert [f"{list(e.absolute_path)}: {e.message}" for e in errors] == []
    assert schema["properties"]["schema_version"] == {"const": 2}
    assert "schema_version 2 adds" in schema["description"]


def test_what_followed_is_read_once_for_the_whole_export(loop: Loop) -> None:
    """No query per audit: one read of each table (and of the re-audit pairs) however
    many audits are exported, so a large export does not crawl."""
    store = Store.open(loop.db)
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    try:
        document = grades_document(AuditDesk(store, "lena"), ExportFilters())
    finally:
        store.conn.set_trace_callback(None)
        store.close()
    assert len(document["audits"]) == 6
    for table in ("FROM case_actions", "FROM escalations", "FROM audit_feedback"):
        assert sum(table in sql for sql in statements) == 1, table
    assert sum("JOIN audits p ON p.id = a.previous_audit_id" in sql for sql in statements) == 1
    assert document["audits"] == export_json(loop.db)["audits"]


# -- CSV ----------------------------------------------------------------------------------


def test_csv_audit_rows_carry_the_new_columns_last(loop: Loop) -> None:
    text = run(loop.db, "--format", "csv").stdout
    header = next(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert header[-11:] == [
        "programme_id",
        "programme_name",
        "previous_audit_id",
        "change",
        "case_actions_open",
        "case_actions_closed",
        "escalations_open",
        "escalations_closed",
        "feedback_given_on",
        "feedback_response",
        "agency",  # a multi-agency round's, after every column before it
    ]
    assert header[: header.index("counted_overall_label") + 1][:3] == [
        "audit_id",
        "case_ref",
        "team",
    ]
    rows = {r["audit_id"]: r for r in read_csv(text)}
    first = rows[str(loop.first["CIN-1"])]
    assert (first["programme_id"], first["programme_name"]) == (
        str(loop.programme_id),
        "Spring dip",
    )
    assert (first["case_actions_open"], first["case_actions_closed"]) == ("1", "1")
    assert (first["feedback_given_on"], first["feedback_response"]) == ("2025-03-18", "disagrees")
    again = rows[str(loop.again["CIN-2"])]
    assert (again["previous_audit_id"], again["change"]) == (str(loop.first["CIN-2"]), "worse")
    assert (again["escalations_open"], again["escalations_closed"]) == ("1", "0")
    assert rows[str(loop.again["CIN-1"])]["change"] == "better"


def test_csv_tables_of_actions_escalations_and_feedback(loop: Loop) -> None:
    actions = read_csv(run(loop.db, "--format", "csv", "--table", "actions").stdout)
    assert list(actions[0]) == [
        "audit_id",
        "case_ref",
        "id",
        "what",
        "due_on",
        "status",
        "closed_at",
    ]
    assert [(a["case_ref"], a["status"]) for a in actions] == [("CIN-1", "open"), ("CIN-1", "done")]
    escalations = read_csv(
        run(loop.db, "--format", "csv", "--table", "escalations", "--with-workers").stdout
    )
    assert [(e["audit_id"], e["told_who"]) for e in escalations] == [
        (str(loop.again["CIN-2"]), TOLD[0])
    ]
    feedback = read_csv(
        run(loop.db, "--format", "csv", "--table", "feedback", "--with-evidence").stdout
    )
    assert [(f["given_to"], f["how"], f["response"]) for f in feedback] == [
        ("manager", "in_writing", "agrees"),
        ("worker", "in_person", "disagrees"),
    ]
    assert feedback[1]["reasons"] == "'" + TEXT[2]  # a leading minus cannot run either
    assert "given_to_name" not in feedback[0]


def test_a_formula_in_an_action_is_neutralised_in_csv(loop: Loop) -> None:
    result = run(loop.db, "--format", "csv", "--table", "actions", "--with-evidence")
    assert result.stdout.startswith("\ufeff")
    rows = read_csv(result.stdout)
    assert rows[0]["what"] == "'" + FORMULA
    for row in rows:
        for column, value in row.items():
            assert not value.startswith(("=", "+", "-", "@")), (column, value)
    # JSON is for scripts: the text is exactly as written there.
    first = by_id(export_json(loop.db))[loop.first["CIN-1"]]
    assert first["case_actions"][0]["what"] == FORMULA


def test_table_is_for_csv_only(loop: Loop) -> None:
    result = CliRunner().invoke(
        cli, ["export", "grades", "--db", str(loop.db), "--format", "json", "--table", "actions"]
    )
    assert result.exit_code == 1
    assert "--table actions is for --format csv" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


# -- XLSX and Markdown -------------------------------------------------------------------


def test_xlsx_has_a_sheet_for_each_table(loop: Loop, tmp_path: Path) -> None:
    out = tmp_path / "grades.xlsx"
    run(loop.db, "--format", "xlsx", "-o", str(out), "--with-workers")
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
    rows = {
        r[0].value: {h: c.value for h, c in zip(header, r, strict=True)}
        for r in audits.iter_rows(min_row=2)
    }
    first, again = rows[loop.first["CIN-1"]], rows[loop.again["CIN-2"]]
    assert (first["Programme"], first["Case actions open"], first["Case actions closed"]) == (
        "Spring dip",
        1,
        1,
    )
    assert first["Worker's response"] == "Disagrees"
    assert first["Feedback given on"].date().isoformat() == "2025-03-18"
    assert (again["Re-audit of"], again["Change"], again["Escalations open"]) == (
        loop.first["CIN-2"],
        "Worse",
        1,
    )
    actions = list(book["Case actions"].iter_rows(values_only=True))
    assert actions[0] == (
        "Audit id",
        "Case ref",
        "Action id",
        "What",
        "Owner",
        "Due",
        "Status",
        "Closed at",
    )
    formula = book["Case actions"]["D2"]
    assert (formula.value, formula.data_type) == (FORMULA, "s")  # text, never a formula
    assert actions[1][4] == OWNER
    feedback = list(book["Feedback"].iter_rows(values_only=True))
    assert [(f[3], f[4], f[6], f[7]) for f in feedback[1:]] == [
        ("Manager", MANAGER, "In writing", "Agrees"),
        ("Worker", WORKER, "In person", "Disagrees"),
    ]
    [_, escalation] = list(book["Escalations"].iter_rows(values_only=True))
    assert escalation[3:5] == (TOLD[0], TOLD[1])


def test_markdown_shows_what_followed(loop: Loop) -> None:
    text = run(loop.db, "--format", "md", "--with-workers", "--with-evidence").stdout
    assert (
        "| Overall | Moderated | Rationale | Programme | Re-audit of | Change | Open actions "
        "| Feedback |" in text
    )
    assert "| Spring dip |  |  | 1 | 2025-03-18, worker disagrees |" in text
    assert f"| Autumn repeat | {loop.first['CIN-2']} | Worse |" in text
    for section in ("## Case actions", "## Escalations", "## Feedback to practice"):
        assert section in text
    escaped = FORMULA.replace("|", "\\|")  # a pipe cannot end the cell
    assert f"| {loop.first['CIN-1']} | CIN-1 | {escaped} | {OWNER} | 2025-07-01 | open |" in text
    assert f"| Worker | {WORKER} | 2025-03-20 | In person | Disagrees | {TEXT[2]} |" in text
    assert f"| {TOLD[0]} | {TOLD[1]} | open |" in text


# -- names and text left out ----------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "csv", "xlsx", "md"])
def test_names_need_with_workers_and_text_needs_with_evidence(
    loop: Loop, tmp_path: Path, fmt: str
) -> None:
    plain = exported_text(loop.db, tmp_path, fmt)
    for hidden in (*NAMES, *TEXT):
        assert hidden not in plain, hidden
    assert "calc'!A0" in plain  # an action's what is always there
    named = exported_text(loop.db, tmp_path, fmt, "--with-workers")
    assert all(name in named for name in NAMES)
    assert not any(text in named for text in TEXT)
    told = exported_text(loop.db, tmp_path, fmt, "--with-evidence")
    assert not any(name in told for name in NAMES)
    assert all(text in told for text in TEXT)
