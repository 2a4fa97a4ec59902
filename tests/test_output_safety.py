"""What the database holds never acts on a terminal, breaks a file format or a parser.

One database is built for the module through the desks, then every stored text carrying
a marker is rewritten with sqlite3 to hold an escape sequence, NUL, a C1 control, a
line break, Unicode noncharacters, a pipe and an HTML tag: what an import now refuses,
but an older database, another tool or a hand edit can still hold. Every command that
prints stored text, and every export format, is then run through the real CLI and read
back as a user (or their spreadsheet program, or a Markdown renderer) would.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
import xml.parsers.expat
import zipfile
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner, Result
from conftest import ESCALATION, MINI_RUBRICS
from hypothesis import given
from hypothesis import strategies as st

from qa_tui.cli.main import cli
from qa_tui.desks.audits import AuditDesk
from qa_tui.desks.plan import ActionDesk
from qa_tui.desks.programmes import ProgrammeDesk
from qa_tui.domain.records import Case
from qa_tui.domain.sampling import SamplingRule
from qa_tui.domain.text import for_file, for_terminal, json_text
from qa_tui.exports.formats import md_table, md_text, xlsx_text
from qa_tui.store.database import Store
from qa_tui.store.plan import ActionStore

MARK = "ZQX"
HOSTILE = "\x1b[2J\x1b]0;owned\x07\x00\x9b31m\ufffe\uffff|<b>x</b>\nline2"
# What must never reach a terminal or a file raw: C0 controls but tab and newline, DEL,
# C1 controls, lone surrogates, the noncharacters U+FFFE and U+FFFF.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# ...and, in JSON text, the characters json.dumps(ensure_ascii=False) leaves raw.
RAW_IN_JSON = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
SHOWN = "\\x1b[2J"  # how the escape sequence reads once escaped


@dataclass
class Hostile:
    db: Path
    programme_id: int


def _rewrite_marked_text(db: Path) -> None:
    """Put HOSTILE wherever MARK is, in every table but the hash-chained event log; in a
    JSON column (a mapping, the attributes) as JSON would escape it."""
    conn = sqlite3.connect(db)
    try:
        # As a database from before migration 7 would hold it: the triggers that lock
        # submitted audits are lifted while the text is put in, then put back.
        triggers = [
            r[0] for r in conn.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger'")
        ]
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'"
        ).fetchall():
            conn.execute(f"DROP TRIGGER {name}")
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        for table in tables:
            if table in ("events", "schema_migrations"):
                continue
            columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
            for column in columns:
                values = [
                    r[0]
                    for r in conn.execute(
                        f"SELECT DISTINCT {column} FROM {table} "
                        f"WHERE typeof({column}) = 'text' AND lower({column}) LIKE ?",
                        (f"%{MARK.lower()}%",),
                    )
                ]
                for value in values:
                    try:
                        json.loads(value)
                        payload = json.dumps(HOSTILE)[1:-1]
                    except ValueError:
                        payload = HOSTILE
                    new = value.replace(MARK, payload).replace(MARK.lower(), payload)
                    conn.execute(
                        f"UPDATE {table} SET {column} = ? WHERE {column} = ?", (new, value)
                    )
        for sql in triggers:
            conn.execute(sql)
        conn.commit()
        assert (
            conn.execute(
                "SELECT count(*) FROM cases WHERE team LIKE ?", (f"%{HOSTILE[:4]}%",)
            ).fetchone()[0]
            > 0
        )
    finally:
        conn.close()


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Hostile:
    db = tmp_path_factory.mktemp("hostile") / "qa.sqlite3"
    store = Store.open(db)
    store.upsert_cases(
        [
            Case(
                f"C-{MARK}-{n}",
                f"Team {MARK}" if n % 2 else "Plain team",
                worker=f"SW {MARK}",
                cohort=f"CIN {MARK}",
                child_pseudonym=f"Child {MARK}",
            )
            for n in range(6)
        ],
        "lead",
        "test",
    )
    store.save_mapping(f"map {MARK}", {"case_ref": f"Case {MARK}"}, "lead")
    desk = AuditDesk(store, f"alice {MARK}", MINI_RUBRICS)
    for n, overall in enumerate(["good", "inadequate", "requires-improvement"]):
        audit_id = desk.start_audit(f"C-{MARK}-{n}", "mini")
        desk.grade(audit_id, "child-seen", overall)
        desk.save_evidence(audit_id, "child-seen", f"Seen {MARK} alone")
        desk.mark_not_applicable(audit_id, "plan-smart")
        desk.grade(audit_id, "visits-in-time", "yes")
        desk.set_overall(audit_id, overall)
        desk.set_text(audit_id, "overall_rationale", f"Rationale {MARK}")
        desk.add_theme(audit_id, "child-seen", f"-Plans {MARK} not SMART")
        desk.add_action(audit_id, f"Visit {MARK}", f"Owner {MARK}", "2025-06-01")
        desk.submit(
            audit_id,
            (f"Jo {MARK}", ESCALATION[1], f"Act {MARK}") if overall == "inadequate" else None,
        )
        store.backdate_submission(audit_id, "2025-02-15T10:00:00+00:00", "test")
    actions = ActionStore(store)
    actions.add_recommendation(f"R-{MARK}", f"Text {MARK}", f"Source {MARK}", "lead")
    ActionDesk(AuditDesk(store, "lead")).create(
        f"Title {MARK}",
        owner=f"Owner {MARK}",
        due_on="2026-03-31",
        description=f"Description {MARK}",
        themes=((f"Plans {MARK} not SMART", "area_for_development"),),
    )
    programmes = ProgrammeDesk(desk)
    programme = programmes.create(
        name=f"Round {MARK}", kind="dip_sample", rubric_ids=["mini"], owner=f"Owner {MARK}"
    )
    programmes.set_auditor_teams(f"bob {MARK}", [f"Team {MARK}"])
    programmes.draw(programme.id, SamplingRule(per_team=1, exclude_audited_within_months=0), 7)
    store.close()
    _rewrite_marked_text(db)
    return Hostile(db, programme.id)


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), "--user", "lead", *args])


def raw_in(text: str) -> list[str]:
    return sorted({f"U+{ord(m.group()):04X}" for m in RAW.finditer(text)})


# -- text mode: what reaches the terminal ------------------------------------------------

TEXT_COMMANDS = [
    ("themes", "list"),
    ("plan", "recommendations"),
    ("programmes", "list"),
    ("programmes", "show", "{programme}", "--cases"),
    ("follow-ups", "list", "--all"),
    ("moderation", "queue"),
    ("moderation", "agreement", "--by", "auditor"),
    ("cases", "mappings"),
    ("auditors", "list"),
    ("sample", "{programme}", "--seed", "3", "--per-team", "1", "--dry-run"),
    ("assign", "{programme}", "--auditor", "carol", "--dry-run"),
]


@pytest.mark.parametrize("args", TEXT_COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_text_output_shows_stored_controls_and_never_writes_them(
    hostile: Hostile, args: tuple[str, ...]
) -> None:
    result = run(hostile.db, *[a.format(programme=hostile.programme_id) for a in args])
    assert result.exit_code == 0, result.output
    assert raw_in(result.output) == []
    assert "Traceback" not in result.output
    if args[0] != "moderation" or args[1] == "queue":
        assert SHOWN in result.output  # the stored text is shown, escaped


def test_an_error_quoting_stored_text_is_escaped_too(hostile: Hostile) -> None:
    result = run(hostile.db, "themes", "rename", f"Plans {HOSTILE} not SMART", "x\x1b[2Jy")
    assert raw_in(result.output) == []
    result = run(hostile.db, "programmes", "show", f"Round {HOSTILE}")
    assert raw_in(result.output) == []


# -- JSON: escaped, and the same data once parsed -------------------------------------------

JSON_COMMANDS = [
    ("themes", "list", "--format", "json"),
    ("cases", "mappings", "--format", "json"),
    ("programmes", "list", "--format", "json"),
    ("programmes", "show", "{programme}", "--cases", "--format", "json"),
    ("follow-ups", "list", "--all", "--format", "json"),
    ("moderation", "queue", "--format", "json"),
    ("auditors", "list", "--format", "json"),
    ("export", "grades", "--with-evidence", "--with-workers"),
    ("export", "themes", "--suppress-below", "0"),  # 3 audits: all hidden otherwise
    ("export", "actions"),
]


def _strings(data: object) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for k, v in data.items() for s in (*_strings(k), *_strings(v))]
    if isinstance(data, list):
        return [s for item in data for s in _strings(item)]
    return []


@pytest.mark.parametrize("args", JSON_COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_json_output_escapes_every_control_and_parses_to_the_stored_text(
    hostile: Hostile, args: tuple[str, ...]
) -> None:
    result = run(hostile.db, *[a.format(programme=hostile.programme_id) for a in args])
    assert result.exit_code == 0, result.output
    assert RAW_IN_JSON.findall(result.stdout) == []
    data = json.loads(result.stdout)
    assert any(HOSTILE in text for text in _strings(data))  # nothing lost or changed


# -- exports -------------------------------------------------------------------------------

EXPORTS = [("grades", "--with-evidence", "--with-workers"), ("themes",), ("actions",)]


def _export(hostile: Hostile, tmp_path: Path, kind: tuple[str, ...], fmt: str) -> Path:
    path = tmp_path / f"{kind[0]}.{fmt}"
    result = run(
        hostile.db,
        "export",
        *kind,
        "--format",
        fmt,
        "-o",
        str(path),
        *(("--suppress-below", "0") if kind[0] != "grades" else ()),
    )
    assert result.exit_code == 0, result.output
    return path


@pytest.mark.parametrize("kind", EXPORTS, ids=lambda k: k[0])
def test_every_workbook_opens_and_shows_the_controls(
    hostile: Hostile, tmp_path: Path, kind: tuple[str, ...]
) -> None:
    path = _export(hostile, tmp_path, kind, "xlsx")
    with zipfile.ZipFile(path) as archive:  # every part is well-formed XML 1.0
        for name in archive.namelist():
            if name.endswith((".xml", ".rels")):
                xml.parsers.expat.ParserCreate().Parse(archive.read(name), True)
    workbook = openpyxl.load_workbook(path)  # what failed with U+FFFF in a cell
    texts = [
        cell
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if isinstance(cell, str)
    ]
    assert [t for t in texts if RAW.search(t)] == []
    assert any(SHOWN in t for t in texts)
    rows = {sheet.title: sheet.max_row for sheet in workbook.worksheets}
    reread = openpyxl.load_workbook(path, read_only=True)
    for sheet in reread.worksheets:  # no row is lost after a hostile cell
        assert sum(1 for _ in sheet.iter_rows()) == rows[sheet.title]


@pytest.mark.parametrize("kind", EXPORTS, ids=lambda k: k[0])
def test_every_csv_has_no_control_characters_and_whole_rows(
    hostile: Hostile, tmp_path: Path, kind: tuple[str, ...]
) -> None:
    text = _export(hostile, tmp_path, kind, "csv").read_bytes().decode("utf-8-sig")
    assert raw_in(text.replace("\r\n", "\n")) == []
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len({len(row) for row in rows}) == 1
    assert SHOWN in text


def _cells(line: str) -> int:
    """Cells of a Markdown table row: pipes not escaped by a backslash, minus one."""
    return len(re.findall(r"(?<!\\)(?:\\\\)*\|", line)) - 1


@pytest.mark.parametrize("kind", EXPORTS, ids=lambda k: k[0])
def test_every_markdown_table_keeps_its_shape(
    hostile: Hostile, tmp_path: Path, kind: tuple[str, ...]
) -> None:
    text = _export(hostile, tmp_path, kind, "md").read_text("utf-8")
    assert raw_in(text) == []
    assert not re.search(r"(?<!\\)<b>", text)  # no raw HTML from stored text
    widths: list[int] = []
    for line in text.splitlines() + [""]:
        if line.startswith("|"):
            widths.append(_cells(line))
        elif widths:
            assert len(set(widths)) == 1, widths  # every row of a table as wide as its header
            widths = []
    assert SHOWN.replace("\\", "\\\\") in text


# -- the helpers, for any text -------------------------------------------------------------


@given(st.text())
def test_json_text_is_safe_and_parses_back_to_the_same_data(value: str) -> None:
    text = json_text({"k": value, value: [value]})
    assert RAW_IN_JSON.findall(text) == []
    text.encode("utf-8")  # a lone surrogate would fail here
    assert json.loads(text) == {"k": value, value: [value]}


@given(st.text())
def test_terminal_and_file_text_hold_no_control_characters(value: str) -> None:
    assert raw_in(for_terminal(value)) == [] and "\n" not in for_terminal(value)
    assert raw_in(for_file(value)) == []
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]", xlsx_text(value))


@given(st.lists(st.text(), min_size=1, max_size=4))
def test_a_markdown_row_has_one_cell_per_value_whatever_the_text(values: list[str]) -> None:
    header, _separator, row = md_table(
        [f"h{n}" for n in range(len(values))], [values], "l" * len(values)
    )
    assert "\n" not in row and raw_in(row) == []
    assert _cells(row) == _cells(header) == len(values)


def test_markdown_escapes_what_would_break_a_cell_or_open_html() -> None:
    assert md_text("a|b") == "a\\|b"
    assert md_text("a\\|b") == "a\\\\\\|b"  # the backslash cannot escape the escape
    assert md_text("<script>x</script> <5") == "\\<script>x\\</script> <5"
    assert md_text("one\ntwo\u2028three\x1b") == "one two three\\\\x1b"
