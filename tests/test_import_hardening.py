"""A case list from anyone: damaged, hostile or holding what must not be kept.

Real files in tmp_path, imported through the real command line (or the app), asserting
what the person importing sees: one line per problem naming file, line and field, exit
1, no traceback and nothing written; identifying columns left out and said so; a zip
bomb refused at once. (How fast it is refused is measured by hand, not asserted.)
"""

from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner, Result
from conftest import settle
from rich.console import Console
from textual.widgets import Input, Static

from qa_tui.cli.main import cli
from qa_tui.desks.audits import AuditDesk
from qa_tui.domain import case_list_files
from qa_tui.domain.case_list import CaseListError, identifying_columns, read_case_list
from qa_tui.domain.identifiers import (
    ADDRESS,
    BIRTH,
    EMAIL,
    NAME,
    NATIONAL_INSURANCE,
    NHS,
    PHONE,
    PUPIL,
    identifier_reason,
)
from qa_tui.domain.records import Case
from qa_tui.domain.text import imported_text_problem
from qa_tui.store.database import Store
from qa_tui.tui.app import make_app
from qa_tui.tui.screens.import_cases import ImportReport, MappingForm

SAMPLE = Path(__file__).resolve().parents[2] / "shared" / "samples" / "case_list_export.csv"
MOSAIC = {
    "case_ref": "Case Ref",
    "team": "Allocated Team",
    "child_pseudonym": "Child ID (pseudonym)",
    "worker": "Allocated Worker",
    "manager": "Team Manager",
    "cohort": "Legal Status",
    "opened_on": "Date Opened",
}
MINI = Path(__file__).parent / "data" / "rubrics"
MAIN_NS = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QA_TUI_DB", raising=False)
    monkeypatch.delenv("QA_TUI_USER", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), "--user", "lead", *args])


def write(tmp_path: Path, text: str, name: str = "cases.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def problems_of(path: Path, **kwargs: object) -> list[str]:
    with pytest.raises(CaseListError) as info:
        read_case_list(path, **kwargs)  # type: ignore[arg-type]
    return info.value.problems


def refused(db: Path, path: Path, *args: str) -> list[str]:
    """Import through the CLI; assert it failed cleanly and wrote nothing; the lines."""
    result = run(db, "cases", "import", str(path), *args)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert not db.exists()  # the file is checked before the database is opened
    return [line.removeprefix("Error: ") for line in result.stderr.splitlines()]


def attributes(db: Path) -> dict[str, dict[str, str]]:
    conn = sqlite3.connect(db)
    try:
        return {
            ref: json.loads(attrs)
            for ref, attrs in conn.execute("SELECT case_ref, attributes FROM cases")
        }
    finally:
        conn.close()


# -- rows as wide as the header ------------------------------------------------------------


def test_a_row_with_fewer_fields_than_the_header_is_refused(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "case_ref,team,worker,cohort,Legal Status\nC-2001,Team A,SW One,CIN,S47\nC-2003,Team B\n",
    )
    assert refused(tmp_path / "qa.sqlite3", path) == [
        f"{path}:3: row has 2 fields, the header has 5"
    ]


def test_more_fields_a_lone_field_and_every_bad_row_are_each_reported(tmp_path: Path) -> None:
    path = write(
        tmp_path, 'case_ref,team,cohort\nC-1,A,CIN,extra\nC-2\nC-3,A,CIN\nC-4,A,"CIN,CP",x\n'
    )
    assert problems_of(path) == [
        f"{path}:2: row has 4 fields, the header has 3",
        f"{path}:3: row has 1 field, the header has 3",
        f"{path}:5: row has 4 fields, the header has 3",
    ]


def test_blank_lines_and_rows_of_empty_fields_are_skipped(tmp_path: Path) -> None:
    path = write(tmp_path, "case_ref,team,cohort\r\nC-1,A,CIN\r\n\r\n,,\r\nC-2,B,\r\n\r\n")
    assert [(r.line, r.case_ref, r.cohort) for r in read_case_list(path)] == [
        (2, "C-1", "CIN"),
        (5, "C-2", None),
    ]


def test_a_workbook_row_may_leave_trailing_cells_empty(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.append(["case_ref", "team", "cohort", "Legal Status"])
    workbook.active.append(["C-1", "MASH"])
    path = tmp_path / "cases.xlsx"
    workbook.save(path)
    (row,) = read_case_list(path)
    assert (row.case_ref, row.team, row.cohort, row.attributes) == ("C-1", "MASH", None, {})


# -- what a field may hold ------------------------------------------------------------------

FIELDS = ["case_ref", "team", "worker", "manager", "cohort", "child_pseudonym", "Legal Status"]
BAD_CHARACTERS = {
    "\x00": "U+0000 (a control character)",
    "\x1b": "U+001B (a control character)",
    "\x7f": "U+007F (a control character)",
    "\x85": "U+0085 (a control character)",
    "\x9b": "U+009B (a control character)",
    "\ufffe": "U+FFFE (a Unicode noncharacter)",
    "\uffff": "U+FFFF (a Unicode noncharacter)",
}


@pytest.mark.parametrize("char", list(BAD_CHARACTERS), ids=lambda c: f"U+{ord(c):04X}")
@pytest.mark.parametrize("field", FIELDS)
def test_every_field_refuses_control_characters_and_noncharacters(
    tmp_path: Path, field: str, char: str
) -> None:
    values = {f: "x" for f in FIELDS}
    values[field] = f"A{char}B"
    path = write(tmp_path, ",".join(FIELDS) + "\n" + ",".join(values.values()) + "\n")
    name = "'Legal Status'" if field == "Legal Status" else field
    assert problems_of(path) == [f"{path}:2: {name}: holds {BAD_CHARACTERS[char]} at character 2"]


def test_the_cli_names_file_line_and_field_and_writes_nothing(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "case_ref,team,worker,cohort\n"
        "C-1,Team \x1b[31mA,SW\x00One,CIN\n"
        "C-2,Team B,SW Two,C\u0085P\n",
    )
    assert refused(tmp_path / "qa.sqlite3", path) == [
        f"{path}:2: team: holds U+001B (a control character) at character 6",
        f"{path}:2: worker: holds U+0000 (a control character) at character 3",
        f"{path}:3: cohort: holds U+0085 (a control character) at character 2",
    ]


def test_line_breaks_and_tabs_belong_in_notes_only(tmp_path: Path) -> None:
    path = write(
        tmp_path, 'case_ref,team,Notes\r\nC-1,A,"first\r\nsecond\tthird"\r\nC-2,"Team\nB",x\r\n'
    )
    assert problems_of(path) == [f"{path}:4: team: holds U+000A (a line break) at character 5"]
    path = write(
        tmp_path, 'case_ref,team,Notes\r\nC-1,A,"first\r\nsecond\tthird"\r\n', name="ok.csv"
    )
    (row,) = read_case_list(path)
    assert row.attributes == {"Notes": "first\nsecond\tthird"}


def test_lone_surrogates_are_refused_like_controls() -> None:
    # No file decoding makes one (UTF-8 refuses them, XML too), but the check holds.
    assert imported_text_problem("a\ud800b") == "holds U+D800 (a lone surrogate) at character 2"
    assert imported_text_problem("a\udfff", multiline=True) is not None


def test_header_names_are_checked_too(tmp_path: Path) -> None:
    long_name = "N" * 201
    path = write(tmp_path, f"case_ref,team,Legal\x1bStatus,{long_name}\nC-1,A,x,y\n")
    assert problems_of(path) == [
        f"{path}:1: header of column 3: holds U+001B (a control character) at character 6",
        f"{path}:1: header of column 4: is 201 characters long (at most 200)",
    ]


def test_a_line_break_in_a_header_cell_is_a_space(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.append(["Case\nRef", "team", "Legal\nStatus"])
    workbook.active.append(["C-1", "MASH", "CIN"])
    path = tmp_path / "cases.xlsx"
    workbook.save(path)
    (row,) = read_case_list(path, {"case_ref": "Case Ref"})
    assert (row.case_ref, row.attributes) == ("C-1", {"Legal Status": "CIN"})


@pytest.mark.parametrize(
    ("field", "limit"),
    [
        ("case_ref", 64),
        ("team", 200),
        ("worker", 200),
        ("manager", 200),
        ("cohort", 200),
        ("child_pseudonym", 200),
        ("Legal Status", 1000),
    ],
)
def test_every_field_has_a_length_limit_stated_in_the_message(
    tmp_path: Path, field: str, limit: int
) -> None:
    def file(length: int, name: str) -> Path:
        values = {f: "x" for f in FIELDS}
        values[field] = "v" * length
        return write(
            tmp_path, ",".join(FIELDS) + "\n" + ",".join(values.values()) + "\n", name=name
        )

    assert len(read_case_list(file(limit, "ok.csv"))) == 1
    path = file(limit + 1, "long.csv")
    name = "'Legal Status'" if field == "Legal Status" else field
    assert problems_of(path) == [
        f"{path}:2: {name}: is {limit + 1:,} characters long (at most {limit:,})"
    ]


def test_a_c1_control_in_a_workbook_cell_is_refused_with_its_row(tmp_path: Path) -> None:
    path = tmp_path / "cases.xlsx"
    rewrite_sheet(
        path,
        lambda: iter(
            [
                MAIN_NS,
                b"<sheetData>",
                _row(1, "case_ref", "team"),
                _row(2, "C-1", "MASH"),
                _row(3, "C-2", "Team &#x9b;31m"),
                b"</sheetData></worksheet>",
            ]
        ),
    )
    assert problems_of(path) == [
        f"{path}:3: team: holds U+009B (a control character) at character 6"
    ]


# -- bounded reading ----------------------------------------------------------------------


def rewrite_sheet(
    path: Path, chunks: Callable[[], Iterator[bytes]], extra: dict[str, bytes] | None = None
) -> Path:
    """A real workbook whose first sheet's XML is streamed from `chunks`."""
    workbook = openpyxl.Workbook()
    workbook.active.append(["case_ref", "team"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    source = zipfile.ZipFile(buffer)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            if info.filename == "xl/worksheets/sheet1.xml":
                with out.open(info.filename, "w", force_zip64=True) as sheet:
                    for chunk in chunks():
                        sheet.write(chunk)
            else:
                out.writestr(info, (extra or {}).get(info.filename, source.read(info)))
        for name, data in (extra or {}).items():
            if name not in source.namelist():
                out.writestr(name, data)
    return path


def _row(number: int, *values: str) -> bytes:
    cells = "".join(
        f'<c r="{chr(65 + n)}{number}" t="inlineStr"><is><t>{v}</t></is></c>'
        for n, v in enumerate(values)
    )
    return f'<row r="{number}">{cells}</row>'.encode()


def test_a_huge_dimension_is_not_expanded(tmp_path: Path) -> None:
    dimension = b'<dimension ref="A1:XFD50000000"/>'
    one_row = rewrite_sheet(
        tmp_path / "one.xlsx",
        lambda: iter(
            [
                MAIN_NS,
                dimension,
                b"<sheetData>",
                _row(1, "case_ref", "team"),
                b"</sheetData></worksheet>",
            ]
        ),
    )
    assert refused(tmp_path / "qa.sqlite3", one_row) == [f"{one_row}: no cases found"]
    two_rows = rewrite_sheet(
        tmp_path / "two.xlsx",
        lambda: iter(
            [
                MAIN_NS,
                dimension,
                b"<sheetData>",
                _row(1, "case_ref", "team"),
                _row(2, "C-1", "MASH"),
                b"</sheetData></worksheet>",
            ]
        ),
    )
    (row,) = read_case_list(two_rows)  # the sheet as it is, not as it claims to be
    assert (row.line, row.case_ref) == (2, "C-1")


def test_a_row_fifty_million_rows_down_is_refused(tmp_path: Path) -> None:
    path = rewrite_sheet(
        tmp_path / "far.xlsx",
        lambda: iter(
            [
                MAIN_NS,
                b"<sheetData>",
                _row(1, "case_ref", "team"),
                b'<row r="50000000"><c r="XFD50000000" t="inlineStr"><is><t>x</t></is></c></row>',
                b"</sheetData></worksheet>",
            ]
        ),
    )
    assert refused(tmp_path / "qa.sqlite3", path) == [
        f"{path}: more than 250,000 rows (at most 200,000 cases a file); split the file"
    ]


def _many_rows(megabytes: int) -> Callable[[], Iterator[bytes]]:
    def chunks() -> Iterator[bytes]:
        yield MAIN_NS + b"<sheetData>"
        block = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>' * 20_000
        for _ in range(megabytes * 2**20 // len(block)):
            yield block
        yield b"</sheetData></worksheet>"

    return chunks


def test_a_sheet_of_hundreds_of_megabytes_is_refused_from_the_zip_directory(tmp_path: Path) -> None:
    path = rewrite_sheet(tmp_path / "bomb.xlsx", _many_rows(300))
    assert path.stat().st_size < 2 * 2**20  # a small file...
    (line,) = refused(tmp_path / "qa.sqlite3", path)
    assert line.startswith(
        f"{path}: xl/worksheets/sheet1.xml is 299 MB uncompressed "
        f"(at most 128 MB a part, 256 MB in all)"
    )


def test_a_zip_bomb_within_the_size_limit_is_refused_by_its_ratio(tmp_path: Path) -> None:
    path = rewrite_sheet(tmp_path / "bomb.xlsx", _many_rows(40))
    (line,) = refused(tmp_path / "qa.sqlite3", path)
    assert line.startswith(f"{path}: xl/worksheets/sheet1.xml expands ")
    assert line.endswith("times when unzipped (at most 200: a zip bomb?); not read")


def test_a_row_wider_than_a_spreadsheet_is_refused_before_openpyxl_reads_it(tmp_path: Path) -> None:
    cells = b"".join(b"<c><v>%d</v></c>" % n for n in range(17_000))
    path = rewrite_sheet(
        tmp_path / "wide.xlsx",
        lambda: iter(
            [
                MAIN_NS,
                b"<sheetData>",
                _row(1, "case_ref", "team"),
                b'<row r="2">',
                cells,
                b"</row></sheetData></worksheet>",
            ]
        ),
    )
    assert refused(tmp_path / "qa.sqlite3", path) == [
        f"{path}:2: the row has cells beyond Excel's last column, XFD"
    ]


def test_empty_cells_far_to_the_right_count_against_the_cells_limit(tmp_path: Path) -> None:
    rows = b"".join(
        b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>C-%d</t></is></c>'
        b'<c r="XFD%d" s="0"/></row>' % (n, n, n, n)
        for n in range(2, 1_400)
    )
    path = rewrite_sheet(
        tmp_path / "far-cells.xlsx",
        lambda: iter(
            [
                MAIN_NS,
                b"<sheetData>",
                _row(1, "case_ref", "team"),
                rows,
                b"</sheetData></worksheet>",
            ]
        ),
    )
    (line,) = refused(tmp_path / "qa.sqlite3", path)
    assert line.startswith(f"{path}: more than 20,000,000 cells (counting the empty ones")


def test_a_value_beyond_column_200_is_refused(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.append(["case_ref", "team"])
    workbook.active.append(["C-1", "MASH"])
    workbook.active.cell(row=2, column=201, value="x")
    path = tmp_path / "cases.xlsx"
    workbook.save(path)
    assert problems_of(path) == [f"{path}:2: a value in column 201 (at most 200 columns)"]


def test_limits_on_shared_texts_and_declarations(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def sheet() -> Iterator[bytes]:
        return iter(
            [
                MAIN_NS,
                b"<sheetData>",
                _row(1, "case_ref", "team"),
                _row(2, "C-1", "A"),
                b"</sheetData></worksheet>",
            ]
        )

    texts = (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + b"".join(b"<si><t>text %d</t></si>" % n for n in range(6))
        + b"</sst>"
    )
    shared = rewrite_sheet(tmp_path / "shared.xlsx", sheet, extra={"xl/sharedStrings.xml": texts})
    monkeypatch.setattr(case_list_files, "MAX_SHARED_STRINGS", 5)
    assert problems_of(shared) == [
        f"{shared}: more than 5 different texts in the workbook; split the file"
    ]
    monkeypatch.undo()
    plain = rewrite_sheet(tmp_path / "plain.xlsx", sheet)
    with zipfile.ZipFile(plain) as archive:
        styles = archive.read("xl/styles.xml")
    declared = b'<!DOCTYPE styleSheet [<!ENTITY a "aaaaaaaaaa">]>' + styles
    evil = rewrite_sheet(tmp_path / "dtd.xlsx", sheet, extra={"xl/styles.xml": declared})
    assert problems_of(evil) == [f"{evil}: not a readable XLSX workbook"]


def test_csv_size_rows_and_columns_are_bounded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wide = write(tmp_path, ",".join(f"c{n}" for n in range(201)) + "\n", name="wide.csv")
    problems = problems_of(wide)
    assert problems[0] == f"{wide}:1: the header has 201 columns (at most 200)"
    monkeypatch.setattr(case_list_files, "MAX_LINES", 3)
    many = write(tmp_path, "case_ref,team\n\n\n\nC-1,A\n", name="many.csv")
    assert problems_of(many) == [
        f"{many}: more than 3 rows (at most 200,000 cases a file); split the file"
    ]
    monkeypatch.setattr(case_list_files, "MAX_FILE_BYTES", 2**20)
    big = write(tmp_path, "case_ref,team\n" + "C-1,A\n" * 200_000, name="big.csv")
    assert problems_of(big) == [f"{big}: the file is 1 MB (at most 1 MB); split it"]


# -- direct identifiers -------------------------------------------------------------------

IDENTIFYING = {
    "Child Name": NAME,
    "Child's name": NAME,
    "Name of child": NAME,
    "Name": NAME,
    "First name": NAME,
    "FirstName": NAME,
    "first_name": NAME,
    "Forename(s)": NAME,
    "Surname": NAME,
    "Last Name": NAME,
    "Full name": NAME,
    "Known as": NAME,
    "Preferred name": NAME,
    "Parent name": NAME,
    "Mother's name": NAME,
    "Date of Birth": BIRTH,
    "DOB": BIRTH,
    "D.O.B.": BIRTH,
    "DoB": BIRTH,
    "Birth date": BIRTH,
    "date_of_birth": BIRTH,
    "DateOfBirth": BIRTH,
    "Home Address": ADDRESS,
    "Address line 1": ADDRESS,
    "Postcode": ADDRESS,
    "Post code": ADDRESS,
    "Post Code": ADDRESS,
    "Postal code": ADDRESS,
    "NHS Number": NHS,
    "NHS No.": NHS,
    "NHSNumber": NHS,
    "National Insurance Number": NATIONAL_INSURANCE,
    "NI Number": NATIONAL_INSURANCE,
    "N.I. No": NATIONAL_INSURANCE,
    "NINo": NATIONAL_INSURANCE,
    "UPN": PUPIL,
    "Unique Pupil Number": PUPIL,
    "Former UPN": PUPIL,
    "Phone": PHONE,
    "Telephone": PHONE,
    "Tel. No.": PHONE,
    "Mobile number": PHONE,
    "Contact number": PHONE,
    "Email": EMAIL,
    "E-mail": EMAIL,
    "Email Address": EMAIL,
}
NOT_IDENTIFYING = [
    # the shared sample export's own headers, and the existing tests' attribute columns
    "Case Ref",
    "Child ID (pseudonym)",
    "Allocated Team",
    "Allocated Worker",
    "Team Manager",
    "Legal Status",
    "Date Opened",
    "Age",
    "Re-referral in 12m",
    "Disability",
    "Budget",
    "notes",
    "Score",
    "Area",
    # staff and teams, and what is about a child without pointing to one
    "Team Name",
    "Worker Name",
    "Social Worker Name",
    "Manager name",
    "Name of team",
    "IRO name",
    "School name",
    "Child name (pseudonym)",
    "Year of birth",
    "Birth order",
    "Country of birth",
    "Locality",
    "Ward",
    "Ethnicity",
    "Gender",
    "Category of need",
    "NHS Trust",
    "Case number",
    "Person ID",
    "Contact date",
    "Mobility",
    "Nationality",
    "case_ref",
    "team",
    "worker",
    "manager",
    "cohort",
    "child_pseudonym",
    "opened_on",
]


@pytest.mark.parametrize("header", list(IDENTIFYING))
def test_headers_of_direct_identifiers_are_recognised(header: str) -> None:
    assert identifier_reason(header) == IDENTIFYING[header]


@pytest.mark.parametrize("header", NOT_IDENTIFYING)
def test_other_headers_are_left_alone(header: str) -> None:
    assert identifier_reason(header) is None


@pytest.mark.skipif(not SAMPLE.exists(), reason="shared sample export not present")
def test_the_shared_sample_loses_no_column(tmp_path: Path) -> None:
    header = SAMPLE.read_text("utf-8-sig").splitlines()[0].split(",")
    assert identifying_columns(header) == []
    result = run(
        tmp_path / "qa.sqlite3",
        "cases",
        "import",
        str(SAMPLE),
        *[arg for field, text in MOSAIC.items() for arg in ("--map", f"{field}={text}")],
    )
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [f"{SAMPLE}: 400 case(s) added, 0 updated, 0 closed"]


IDENTIFIED_CSV = (
    "Case Ref,Allocated Team,Child Name,Date of Birth,Home Address,NHS Number,"
    "Legal Status\n"
    "LL-1,MASH,Jo Bloggs,01/02/2015,1 High Street,943 476 5919,CIN\n"
)


def test_identifying_columns_are_left_out_and_said_so(tmp_path: Path) -> None:
    db = tmp_path / "qa.sqlite3"
    path = write(tmp_path, IDENTIFIED_CSV)
    mapping = ["--map", "case_ref=Case Ref", "--map", "team=Allocated Team"]
    result = run(db, "cases", "import", str(path), *mapping)
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        f"{path}: column 'Child Name' left out: it looks like a person's name, a direct "
        f"identifier (to import it: --keep-column 'Child Name')",
        f"{path}: column 'Date of Birth' left out: it looks like a date of birth, a direct "
        f"identifier (to import it: --keep-column 'Date of Birth')",
        f"{path}: column 'Home Address' left out: it looks like an address or postcode, a "
        f"direct identifier (to import it: --keep-column 'Home Address')",
        f"{path}: column 'NHS Number' left out: it looks like an NHS number, a direct "
        f"identifier (to import it: --keep-column 'NHS Number')",
        f"{path}: 1 case(s) added, 0 updated, 0 closed",
    ]
    assert attributes(db) == {"LL-1": {"Legal Status": "CIN"}}
    assert "Jo Bloggs" not in db.read_bytes().decode("latin-1")

    kept = run(db, "cases", "import", str(path), *mapping, "--keep-column", "home address")
    assert kept.exit_code == 0, kept.output
    assert (
        f"{path}: column 'Home Address' imported as asked, although it looks like a "
        f"direct identifier (recorded)"
    ) in kept.stderr.splitlines()
    assert attributes(db) == {"LL-1": {"Legal Status": "CIN", "Home Address": "1 High Street"}}
    store = Store.open(db, create=False)
    try:
        recorded = [
            (e.who, e.new_value)
            for e in store.events("cases", str(path))
            if e.field == "kept_identifying_columns"
        ]
    finally:
        store.close()
    assert recorded == [("lead", "Home Address")]

    again = run(db, "cases", "import", str(path), *mapping)  # not named again: gone again
    assert again.exit_code == 0 and attributes(db) == {"LL-1": {"Legal Status": "CIN"}}


def test_keeping_a_column_the_file_does_not_have_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, IDENTIFIED_CSV)
    lines = refused(
        tmp_path / "qa.sqlite3",
        path,
        "--map",
        "case_ref=Case Ref",
        "--map",
        "team=Allocated Team",
        "--keep-column",
        "Home Adress",
    )
    assert lines == [
        f"{path}:1: column 'Home Adress' is to be kept but is not in the file "
        f"(columns found: Case Ref, Allocated Team, Child Name, Date of Birth, "
        f"Home Address, NHS Number, Legal Status)"
    ]


def test_a_mapped_column_is_never_dropped(tmp_path: Path) -> None:
    db = tmp_path / "qa.sqlite3"
    path = write(tmp_path, "Case Ref,Allocated Team,Child Name,DOB\nLL-1,MASH,K7,2015\n")
    result = run(
        db,
        "cases",
        "import",
        str(path),
        "--map",
        "case_ref=Case Ref",
        "--map",
        "team=Allocated Team",
        "--map",
        "child_pseudonym=Child Name",
    )
    assert result.exit_code == 0, result.output
    assert "'Child Name'" not in result.stderr and "column 'DOB' left out" in result.stderr
    store = Store.open(db, create=False)
    try:
        case = store.case("LL-1")
    finally:
        store.close()
    assert case is not None and case.child_pseudonym == "K7" and case.attributes == {}


def test_the_desk_keeps_only_what_it_is_told(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "qa.sqlite3")
    desk = AuditDesk(store, "lead", MINI)
    path = write(tmp_path, "case_ref,team,Postcode,Phone\nC-1,A,LS1 1AA,0113\n")
    assert desk.import_cases(path, keep_columns=["postcode"]) == (1, 0, 0)
    case = store.case("C-1")
    assert case is not None and case.attributes == {"Postcode": "LS1 1AA"}
    assert [
        e.new_value
        for e in store.events("cases", str(path))
        if e.field == "kept_identifying_columns"
    ] == ["Postcode"]
    store.close()


# -- in the app ------------------------------------------------------------------------------


@pytest.fixture
def lead_desk(tmp_path: Path) -> AuditDesk:
    store = Store.open(tmp_path / "qa.sqlite3")
    store.upsert_cases([Case("C-OLD-1", "MASH")], "lead", "test")
    return AuditDesk(store, "qa.lead", MINI)


async def _open_import_form(pilot, app, path: Path) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot, app)
    await pilot.press("p")
    await settle(pilot, app)
    await pilot.press("i")
    await settle(pilot, app)
    field = app.screen.focused
    assert isinstance(field, Input)
    field.value = str(path)
    await pilot.press("enter")
    await settle(pilot, app)
    await settle(pilot, app)


async def _submit_form(pilot, app, values: dict[int, str]) -> None:  # type: ignore[no-untyped-def]
    for n, value in values.items():
        app.screen.query_one(f"#field-{n}", Input).value = value
    app.screen.action_save()
    await settle(pilot, app)
    await settle(pilot, app)
    await settle(pilot, app)


def _shown(app) -> str:  # type: ignore[no-untyped-def]
    """The text of every Static on screen as a terminal would show it."""
    console = Console(width=200, record=True, file=io.StringIO(), color_system=None)
    for static in app.screen.query(Static):
        console.print(static.content, markup=isinstance(static.content, str))
    return console.export_text()


async def test_the_app_names_identifying_columns_and_leaves_them_out(
    lead_desk: AuditDesk, tmp_path: Path
) -> None:
    path = write(
        tmp_path,
        "Case Ref,Allocated Team,Child Name,Date of Birth,Notes\r\n"
        "LL-1,MASH,Jo Bloggs,01/02/2015,[b]bold[/b]\r\n",
    )
    app = make_app(lead_desk)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_import_form(pilot, app, path)
        assert isinstance(app.screen, MappingForm)
        shown = _shown(app)
        assert "'Child Name' (a person's name)" in shown
        assert "'Date of Birth' (a date of birth)" in shown
        assert "[b]bold" in shown  # the file's text as text, not markup
        await _submit_form(pilot, app, {})
        assert isinstance(app.screen, ImportReport)
        report = _shown(app)
        assert "Left out: 'Child Name', which looks like a person's name" in report
        assert "Left out: 'Date of Birth', which looks like a date of birth" in report
    case = lead_desk.store.case("LL-1")
    assert case is not None and case.attributes == {"Notes": "[b]bold[/b]"}


async def test_the_app_keeps_a_column_only_when_named(lead_desk: AuditDesk, tmp_path: Path) -> None:
    path = write(tmp_path, "case_ref,team,Postcode\r\nLL-1,MASH,LS1 1AA\r\n")
    app = make_app(lead_desk)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_import_form(pilot, app, path)
        await _submit_form(pilot, app, {9: "postcode"})
        assert "Imported as asked" in _shown(app)
    case = lead_desk.store.case("LL-1")
    assert case is not None and case.attributes == {"Postcode": "LS1 1AA"}
    assert [
        e.new_value
        for e in lead_desk.store.events("cases", str(path))
        if e.field == "kept_identifying_columns"
    ] == ["Postcode"]


async def test_the_app_shows_every_problem_escaped_and_writes_nothing(
    lead_desk: AuditDesk, tmp_path: Path
) -> None:
    path = write(tmp_path, "case_ref,team,cohort\r\nLL-1,Team \x1b[2JA,CIN\r\nLL-2,MASH\r\n")
    app = make_app(lead_desk)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_import_form(pilot, app, path)
        await _submit_form(pilot, app, {})
        assert isinstance(app.screen, ImportReport)
        report = _shown(app)
        assert f"{path}:2: team: holds U+001B (a control character) at character 6" in report
        assert f"{path}:3: row has 2 fields, the header has 3" in report
        assert "\x1b" not in report
    assert lead_desk.store.case("LL-1") is None


# -- numbers on the command line -------------------------------------------------------------


@pytest.fixture
def programme_db(tmp_path: Path) -> Path:
    db = tmp_path / "qa.sqlite3"
    path = write(tmp_path, "case_ref,team\nC-1,A\nC-2,B\n")
    assert run(db, "cases", "import", str(path)).exit_code == 0
    assert run(db, "programmes", "create", "P", "--rubric", "voice-of-the-child").exit_code == 0
    return db


@pytest.mark.parametrize("seed", ["99999999999999999999999", str(2**63), "-1", "abc", "1.5"])
def test_a_seed_out_of_range_is_bad_usage_not_a_traceback(programme_db: Path, seed: str) -> None:
    result = run(programme_db, "sample", "P", "--per-team", "1", "--seed", seed)
    assert result.exit_code == 2, result.output
    assert "Invalid value for '--seed'" in result.stderr
    assert "Traceback" not in result.output
    repeat = run(programme_db, "programmes", "repeat", "P", "--name", "Q", "--seed", seed)
    assert repeat.exit_code == 2 and "'--seed'" in repeat.stderr


def test_the_largest_seed_is_accepted(programme_db: Path) -> None:
    result = run(programme_db, "sample", "P", "--per-team", "1", "--seed", str(2**63 - 1))
    assert result.exit_code == 0, result.output
    shown = run(programme_db, "programmes", "show", "P", "--format", "json")
    assert json.loads(shown.stdout)["seed"] == 2**63 - 1


@pytest.mark.parametrize(
    "args",
    [
        (
            "sample",
            "P",
            "--per-team",
            "1",
            "--seed",
            "1",
            "--exclude-audited-months",
            "99999999999999999999",
        ),
        ("reassign", "99999999999999999999", "--to", "x", "--reason", "y"),
        ("follow-ups", "close", "action", "99999999999999999999", "--note", "x"),
    ],
    ids=["months", "audit id", "follow-up id"],
)
def test_other_numbers_out_of_range_are_bad_usage(
    programme_db: Path, args: tuple[str, ...]
) -> None:
    result = run(programme_db, *args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output


def test_the_real_program_gives_one_usage_error_for_a_huge_seed(programme_db: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("QA_TUI_")}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "qa_tui",
            "--db",
            str(programme_db),
            "sample",
            "P",
            "--per-team",
            "1",
            "--seed",
            "99999999999999999999999",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.splitlines()[-1] == (
        "Error: Invalid value for '--seed': 99999999999999999999999 is not in the range "
        "0<=x<=9223372036854775807."
    )
