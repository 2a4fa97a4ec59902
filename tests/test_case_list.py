"""Case list import: real files on disk, asserting what a user importing them would see."""

from __future__ import annotations

import datetime
import zipfile
from pathlib import Path

import openpyxl
import pytest

from qa_tui.domain import case_list
from qa_tui.domain.case_list import CaseListError, CaseRow, read_case_list

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO.parent / "shared" / "samples" / "case_list_export.csv"


def write(tmp_path: Path, text: str, *, name: str = "cases.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def problems_of(path: Path) -> list[str]:
    with pytest.raises(CaseListError) as info:
        read_case_list(path)
    return info.value.problems


def test_good_csv_parses_known_fields_and_keeps_other_columns(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "Case_Ref,team,Worker,manager,cohort,child-pseudonym,opened_on,Legal Status,Age\n"
        "CIN-0001,Assessment,A. Shah,B. Jones,Q1,Child-1,2024-03-05,CIN,7\n"
        " CIN-0002 , MASH ,,,,,05/03/2024,,\n",
    )
    rows = read_case_list(path)
    assert rows[0] == CaseRow(
        line=2,
        case_ref="CIN-0001",
        team="Assessment",
        worker="A. Shah",
        manager="B. Jones",
        cohort="Q1",
        child_pseudonym="Child-1",
        opened_on=datetime.date(2024, 3, 5),
        attributes={"Legal Status": "CIN", "Age": "7"},
    )
    second = rows[1]
    assert (second.line, second.case_ref, second.team) == (3, "CIN-0002", "MASH")
    assert second.worker is None and second.child_pseudonym is None
    assert second.opened_on == datetime.date(2024, 3, 5)  # day first, never US order
    assert second.attributes == {}


def test_bom_and_crlf_line_endings(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "case_ref,team\r\nCIN-1,MASH\r\n\r\nCIN-2,Assessment\r\n",
        encoding="utf-8-sig",
    )
    rows = read_case_list(path)
    assert [(r.line, r.case_ref) for r in rows] == [(2, "CIN-1"), (4, "CIN-2")]


def test_old_mac_cr_line_endings(tmp_path: Path) -> None:
    rows = read_case_list(write(tmp_path, "case_ref,team\rCIN-1,MASH\rCIN-2,MASH\r"))
    assert [(r.line, r.case_ref) for r in rows] == [(2, "CIN-1"), (3, "CIN-2")]


def test_cp1252_file_with_pound_sign_and_accent(tmp_path: Path) -> None:
    # The curly apostrophe is 0x92, which only cp1252 (not latin-1) reads as itself.
    path = write(
        tmp_path,
        "case_ref,team,worker,Budget\nCIN-1,MASH,Zoé O’Neil,£250\n",
        encoding="cp1252",
    )
    (row,) = read_case_list(path)
    assert row.worker == "Zoé O’Neil"
    assert row.attributes == {"Budget": "£250"}


def test_bytes_undefined_in_cp1252_are_refused_as_control_characters(tmp_path: Path) -> None:
    # Neither UTF-8 nor cp1252: read as latin-1, where 0x81 is a C1 control character.
    path = tmp_path / "cases.csv"
    path.write_bytes(b"case_ref,team,worker\nCIN-1,MASH,Ren\x81e\n")
    assert problems_of(path) == [
        f"{path}:2: worker: holds U+0081 (a control character) at character 4"
    ]


def test_quoted_multiline_field_keeps_following_line_numbers(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        'case_ref,team,notes\nCIN-1,MASH,"first line\nsecond line\nthird"\nCIN-2,,x\n',
    )
    assert problems_of(path) == [f"{path}:5: team: required value is empty"]
    path = write(tmp_path, 'case_ref,team,notes\nCIN-1,MASH,"a\nb"\nCIN-2,MASH,x\n', name="ok.csv")
    rows = read_case_list(path)
    assert rows[0].attributes == {"notes": "a\nb"}
    assert rows[1].line == 4


@pytest.mark.parametrize("header", ["case_ref,Allocated Team", "Case Reference,team"])
def test_missing_required_column_names_it_and_lists_columns(tmp_path: Path, header: str) -> None:
    path = write(tmp_path, f"{header}\nCIN-1,MASH\n")
    (problem,) = problems_of(path)
    missing = "team" if "Allocated" in header else "case_ref"
    assert problem.startswith(f"{path}:1: missing required column '{missing}'")
    assert header.split(",")[1] in problem


def test_header_names_match_after_trimming_case_and_hyphens(tmp_path: Path) -> None:
    (row,) = read_case_list(write(tmp_path, " Case-REF ,TEAM,Opened-On\nCIN-1,MASH,1/2/2024\n"))
    assert (row.case_ref, row.team, row.opened_on) == ("CIN-1", "MASH", datetime.date(2024, 2, 1))
    assert row.attributes == {}


def test_duplicate_header_is_reported_on_line_one(tmp_path: Path) -> None:
    path = write(tmp_path, "case_ref,team,Team\nCIN-1,A,B\n")
    (problem,) = problems_of(path)
    assert problem.startswith(f"{path}:1: column 'Team' appears more than once")


def test_values_under_an_empty_header_are_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "case_ref,,team\nCIN-1,,MASH\nCIN-2,oops,MASH\n")
    assert problems_of(path) == [
        f"{path}:1: column 2 has no header but holds values (first on line 3)"
    ]


def test_every_bad_row_is_listed_and_nothing_is_returned(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "case_ref,team,opened_on\n"
        "CIN-1,MASH,2024-01-01\n"
        "CIN-2,,2024-01-01\n"  # line 3
        "CIN-3,MASH,2024-01-01\n"
        ",MASH,\n"  # line 5
        "CIN-6,MASH,31/02/2024\n",  # line 6
    )
    assert problems_of(path) == [
        f"{path}:3: team: required value is empty",
        f"{path}:5: case_ref: required value is empty",
        f"{path}:6: opened_on: '31/02/2024' is not a date (use YYYY-MM-DD or DD/MM/YYYY)",
    ]


def test_one_row_can_have_several_problems(tmp_path: Path) -> None:
    path = write(tmp_path, f"case_ref,team,opened_on\n{'X' * 65},,2024-13-01\n")
    assert problems_of(path) == [
        f"{path}:2: case_ref: is 65 characters long (at most 64)",
        f"{path}:2: team: required value is empty",
        f"{path}:2: opened_on: '2024-13-01' is not a date (use YYYY-MM-DD or DD/MM/YYYY)",
    ]


def test_limits_on_case_ref_and_team(tmp_path: Path) -> None:
    ok = write(tmp_path, f"case_ref,team\n{'C' * 64},{'T' * 200}\n", name="ok.csv")
    assert len(read_case_list(ok)) == 1
    path = write(tmp_path, f'case_ref,team\n"CIN\t1",{"T" * 201}\n')
    assert problems_of(path) == [
        f"{path}:2: case_ref: holds U+0009 (a tab) at character 4",
        f"{path}:2: team: is 201 characters long (at most 200)",
    ]


def test_duplicate_case_ref_points_at_first_line(tmp_path: Path) -> None:
    path = write(tmp_path, "case_ref,team\nCIN-0001,A\nCIN-0004,A\nCIN-0002,A\nCIN-0004,B\n")
    assert problems_of(path) == [f"{path}:5: case_ref: 'CIN-0004' also appears on line 3"]


@pytest.mark.parametrize(
    "value",
    ["02/30/2024", "12/25/2024", "2024-02-30", "29/02/2023", "2024/03/05", "5 March 2024", "45000"],
)
def test_impossible_us_order_and_other_dates_are_rejected(tmp_path: Path, value: str) -> None:
    path = write(tmp_path, f"case_ref,team,opened_on\nCIN-1,MASH,{value}\n")
    assert problems_of(path) == [
        f"{path}:2: opened_on: '{value}' is not a date (use YYYY-MM-DD or DD/MM/YYYY)"
    ]


def test_future_dates_are_rejected_but_today_is_fine(tmp_path: Path) -> None:
    today = datetime.date.today()
    tomorrow = today + datetime.timedelta(days=1)
    path = write(
        tmp_path,
        f"case_ref,team,opened_on\nCIN-1,MASH,{today:%d/%m/%Y}\nCIN-2,MASH,{tomorrow:%d/%m/%Y}\n",
    )
    assert problems_of(path) == [f"{path}:3: opened_on: '{tomorrow.isoformat()}' is in the future"]


def test_more_values_than_header_columns(tmp_path: Path) -> None:
    path = write(tmp_path, "case_ref,team\nCIN-1,MASH,extra\nCIN-2,MASH,,\n")
    assert problems_of(path) == [
        f"{path}:2: row has 3 fields, the header has 2",
        f"{path}:3: row has 4 fields, the header has 2",
    ]


@pytest.mark.parametrize("text", ["", "\n\n", "case_ref,team\n", "case_ref,team\n,\n\n"])
def test_empty_file_or_header_only(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, text)
    assert problems_of(path) == [f"{path}: no cases found"]


def test_row_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(case_list, "MAX_ROWS", 3)
    rows = "".join(f"CIN-{n},MASH\n" for n in range(3))
    assert len(read_case_list(write(tmp_path, "case_ref,team\n" + rows, name="ok.csv"))) == 3
    path = write(tmp_path, "case_ref,team\n" + rows + "CIN-9,MASH\n")
    assert problems_of(path) == [f"{path}: more than 3 cases; split the file"]


def test_unreadable_file_gives_os_reason(tmp_path: Path) -> None:
    path = tmp_path / "missing.csv"
    assert problems_of(path) == [f"{path}: cannot read file: No such file or directory"]
    assert problems_of(tmp_path / "missing.xlsx") == [
        f"{tmp_path / 'missing.xlsx'}: cannot read file: No such file or directory"
    ]


def test_unsupported_extension(tmp_path: Path) -> None:
    path = write(tmp_path, "case_ref,team\nCIN-1,MASH\n", name="cases.xls")
    assert problems_of(path) == [f"{path}: unsupported file type '.xls' (use .csv or .xlsx)"]


def test_txt_and_upper_case_extension_read_as_csv(tmp_path: Path) -> None:
    for name in ("cases.txt", "CASES.CSV"):
        (row,) = read_case_list(write(tmp_path, "case_ref,team\nCIN-1,MASH\n", name=name))
        assert row.case_ref == "CIN-1"


def test_xlsx_with_numbers_dates_and_leading_blank_row(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append([])  # row 1 left empty: the header is the first non-empty row
    sheet.append([" Case_Ref ", "Team", "opened-on", "Age", "Score"])
    sheet.append([1234, "MASH", datetime.datetime(2024, 3, 5, 0, 0), 7.0, 2.5])
    sheet.append([None, None, None, None, None])
    sheet.append([1235.0, "MASH", "05/04/2024", None, None])
    path = tmp_path / "cases.xlsx"
    workbook.save(path)
    # openpyxl writes 1235.0 as "1235"; other tools write "1235.0", which reads as a float.
    with zipfile.ZipFile(path) as zin:
        parts = {info.filename: zin.read(info) for info in zin.infolist()}
    sheet_xml = parts["xl/worksheets/sheet1.xml"]
    assert b"<v>1235</v>" in sheet_xml
    parts["xl/worksheets/sheet1.xml"] = sheet_xml.replace(b"<v>1235</v>", b"<v>1235.0</v>")
    with zipfile.ZipFile(path, "w") as zout:
        for part_name, data in parts.items():
            zout.writestr(part_name, data)

    first, second = read_case_list(path)
    assert (first.line, first.case_ref, first.team) == (3, "1234", "MASH")
    assert first.opened_on == datetime.date(2024, 3, 5)
    assert first.attributes == {"Age": "7", "Score": "2.5"}
    assert (second.line, second.case_ref) == (5, "1235")
    assert second.opened_on == datetime.date(2024, 4, 5)


def test_xlsx_problems_use_sheet_row_numbers(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["case_ref", "team", "opened_on"])
    sheet.append(["CIN-1", "MASH", datetime.date.today() + datetime.timedelta(days=3)])
    sheet.append(["CIN-1", None])
    path = tmp_path / "cases.xlsx"
    workbook.save(path)
    in_three_days = datetime.date.today() + datetime.timedelta(days=3)
    assert problems_of(path) == [
        f"{path}:2: opened_on: '{in_three_days.isoformat()}' is in the future",
        f"{path}:3: case_ref: 'CIN-1' also appears on line 2",
        f"{path}:3: team: required value is empty",
    ]


def test_corrupt_xlsx_is_reported_not_raised(tmp_path: Path) -> None:
    path = write(tmp_path, "case_ref,team\nCIN-1,MASH\n", name="cases.xlsx")
    assert problems_of(path) == [f"{path}: not a readable XLSX workbook"]
    truncated = tmp_path / "truncated.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.append(["case_ref", "team"])
    workbook.save(truncated)
    truncated.write_bytes(truncated.read_bytes()[:300])
    assert problems_of(truncated) == [f"{truncated}: not a readable XLSX workbook"]


@pytest.mark.skipif(not SAMPLE.exists(), reason="shared sample export not present")
def test_shared_sample_export_is_rejected_for_missing_columns() -> None:
    problems = problems_of(SAMPLE)
    assert problems[0].startswith(f"{SAMPLE}:1: missing required column 'case_ref'")
    assert "Case Ref" in problems[0] and "Allocated Team" in problems[0]
    assert problems[1].startswith(f"{SAMPLE}:1: missing required column 'team'")
