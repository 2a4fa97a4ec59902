"""Case lists as they come: exports with their own headers, saved mappings, closed cases.

Every test writes real files, runs the real command line and reads the real SQLite file.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from qa_tui.cli.main import cli
from qa_tui.store.database import Store

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "samples"
SAMPLE_CSV = SAMPLES / "case_list_export.csv"
MOSAIC = {
    "case_ref": "Case Ref",
    "team": "Allocated Team",
    "child_pseudonym": "Child ID (pseudonym)",
    "worker": "Allocated Worker",
    "manager": "Team Manager",
    "cohort": "Legal Status",
    "opened_on": "Date Opened",
}
HEADER = "\ufeffCase Ref,Allocated Team,Allocated Worker,Date Opened,Age\r\n"


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QA_TUI_DB", raising=False)
    monkeypatch.delenv("QA_TUI_USER", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))


def maps(mapping: dict[str, str]) -> list[str]:
    return [arg for field, header in mapping.items() for arg in ("--map", f"{field}={header}")]


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), "--user", "lead", "cases", *args])


def export(path: Path, *rows: str) -> Path:
    """A case-management export: BOM, CRLF, its own header text."""
    path.write_bytes((HEADER + "".join(f"{row}\r\n" for row in rows)).encode("utf-8"))
    return path


def cases_table(db: Path) -> dict[str, tuple]:
    conn = sqlite3.connect(db)
    try:
        return {
            r[0]: r[1:]
            for r in conn.execute(
                "SELECT case_ref, team, worker, opened_on, attributes, status, closed_on FROM cases"
            )
        }
    finally:
        conn.close()


SHORT_MAP = {
    "case_ref": "case ref",
    "team": " ALLOCATED TEAM ",
    "worker": "Allocated Worker",
    "opened_on": "Date Opened",
}


@pytest.mark.skipif(not SAMPLE_CSV.exists(), reason="shared samples not present")
def test_the_shared_sample_imports_with_its_mapping(tmp_path: Path) -> None:
    db = tmp_path / "qa.sqlite3"
    result = run(db, "import", str(SAMPLE_CSV), *maps(MOSAIC), "--save-mapping", "mosaic")
    assert result.exit_code == 0, result.stderr
    assert "400 case(s) added, 0 updated, 0 closed" in result.stderr
    table = cases_table(db)
    assert len(table) == 400
    assert len({team for team, *_ in table.values()}) == 8
    assert all(
        set(json.loads(row[3])) == {"Age", "Re-referral in 12m", "Disability"}
        for row in table.values()
    )
    assert table["LL0700007"][:3] == ("MASH", "M. Ahmed", "2025-09-11")  # 11/09/2025, UK
    assert all(row[4] == "open" for row in table.values())

    listed = CliRunner().invoke(cli, ["--db", str(db), "cases", "mappings", "--format", "json"])
    assert listed.exit_code == 0, listed.stderr
    assert json.loads(listed.stdout)["mappings"] == [{"name": "mosaic", "fields": MOSAIC}]


def test_a_saved_mapping_is_reused_by_name(tmp_path: Path) -> None:
    db = tmp_path / "qa.sqlite3"
    first = export(tmp_path / "march.csv", "LL1,MASH,A. Worker,01/03/2024,7")
    assert (
        run(
            db,
            "import",
            str(first),
            *maps(SHORT_MAP),
            "--save-mapping",
            "mosaic",
        ).exit_code
        == 0
    )
    second = export(
        tmp_path / "april.csv",
        "LL1,MASH,A. Worker,01/03/2024,7",
        "LL2,Assessment,B. Worker,02/04/2024,12",
    )
    result = run(db, "import", str(second), "--mapping", "mosaic")
    assert result.exit_code == 0, result.stderr
    assert "1 case(s) added, 0 updated, 0 closed" in result.stderr
    assert cases_table(db)["LL2"][:4] == ("Assessment", "B. Worker", "2024-04-02", '{"Age": "12"}')

    listed = CliRunner().invoke(cli, ["--db", str(db), "cases", "mappings"])
    assert listed.stdout.startswith("mosaic: case_ref=case ref, ")


def test_map_overrides_one_field_of_a_saved_mapping(tmp_path: Path) -> None:
    db = tmp_path / "qa.sqlite3"
    store = Store.open(db)
    store.save_mapping("mosaic", SHORT_MAP, "lead")
    store.close()
    path = tmp_path / "other.csv"
    path.write_text(
        "Case Ref,Area,Allocated Team,Allocated Worker,Date Opened\n"
        "LL1,North,MASH,A. Worker,01/03/2024\n",
        "utf-8",
    )
    assert run(db, "import", str(path), "--mapping", "mosaic").exit_code == 0
    assert cases_table(db)["LL1"][0] == "MASH"

    result = run(
        db,
        "import",
        str(path),
        "--mapping",
        "mosaic",
        "--map",
        "team=Area",
        "--save-mapping",
        "by-area",
    )
    assert result.exit_code == 0, result.stderr
    assert "0 case(s) added, 1 updated, 0 closed" in result.stderr
    team, worker, opened_on, attributes, *_ = cases_table(db)["LL1"]
    assert (team, worker, opened_on) == ("North", "A. Worker", "2024-03-01")
    assert json.loads(attributes) == {"Allocated Team": "MASH"}  # the unmapped column is kept

    store = Store.open(db, create=False)
    try:
        assert store.mapping("mosaic") == SHORT_MAP  # the saved one is not changed by --map
        assert store.mapping("by-area") == {**SHORT_MAP, "team": "Area"}
        assert store.mappings() == ["by-area", "mosaic"]
    finally:
        store.close()


def test_missing_mapped_header_names_line_1_the_field_and_the_headers(tmp_path: Path) -> None:
    db = tmp_path / "qa.sqlite3"
    path = export(tmp_path / "cases.csv", "LL1,MASH,A. Worker,01/03/2024,7")
    result = run(db, "import", str(path), *maps({**SHORT_MAP, "cohort": "Legal Status"}))
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    assert (
        f"{path}:1: field 'cohort' is mapped to column 'Legal Status', which is not in "
        f"the file (columns found: Case Ref, Allocated Team, Allocated Worker, "
        f"Date Opened, Age)"
    ) in result.stderr
    assert not db.exists()  # the file is checked before the database is touched


def test_close_missing_closes_the_departed_and_reopens_returners(tmp_path: Path) -> None:
    db = tmp_path / "qa.sqlite3"
    march = export(
        tmp_path / "march.csv",
        "LL1,MASH,A,01/03/2024,7",
        "LL2,MASH,B,01/03/2024,8",
        "LL3,MASH,C,01/03/2024,9",
    )
    assert run(db, "import", str(march), *maps(SHORT_MAP)).exit_code == 0

    april = export(tmp_path / "april.csv", "LL1,MASH,A,01/03/2024,7")
    plain = run(db, "import", str(april), *maps(SHORT_MAP))
    assert "0 updated, 0 closed" in plain.stderr  # without the flag nothing closes
    result = run(db, "import", str(april), *maps(SHORT_MAP), "--close-missing")
    assert result.exit_code == 0, result.stderr
    assert "0 case(s) added, 0 updated, 2 closed" in result.stderr
    table = cases_table(db)
    today = date.today().isoformat()
    assert [(ref, table[ref][4:]) for ref in sorted(table)] == [
        ("LL1", ("open", None)),
        ("LL2", ("closed", today)),
        ("LL3", ("closed", today)),
    ]

    may = export(tmp_path / "may.csv", "LL1,MASH,A,01/03/2024,7", "LL2,MASH,B2,01/03/2024,8")
    result = run(db, "import", str(may), *maps(SHORT_MAP), "--close-missing")
    assert "0 case(s) added, 1 updated, 0 closed" in result.stderr  # LL3 stays closed
    table = cases_table(db)
    assert table["LL2"][1:] == ("B2", "2024-03-01", '{"Age": "8"}', "open", None)
    assert table["LL3"][4:] == ("closed", today)
    assert len(table) == 3  # nothing is ever deleted

    store = Store.open(db, create=False)
    try:
        assert [
            (e.who, e.field, e.old_value, e.new_value) for e in store.events("cases", "LL2")
        ] == [
            ("lead", "status", "open", "closed"),
            ("lead", "worker", "B", "B2"),
            ("lead", "status", "closed", "open"),
        ]
        assert [e.new_value for e in store.events("cases", "LL3")] == ["closed"]
    finally:
        store.close()


def test_re_importing_the_same_file_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "qa.sqlite3"
    path = export(tmp_path / "cases.csv", "LL1,MASH,A,01/03/2024,7", "LL2,MASH,B,01/03/2024,8")
    assert run(db, "import", str(path), *maps(SHORT_MAP), "--close-missing").exit_code == 0
    before = cases_table(db)
    conn = sqlite3.connect(db)
    stamps = conn.execute("SELECT case_ref, updated_at FROM cases ORDER BY 1").fetchall()
    conn.close()
    again = run(db, "import", str(path), *maps(SHORT_MAP), "--close-missing")
    assert again.exit_code == 0, again.stderr
    assert "0 case(s) added, 0 updated, 0 closed" in again.stderr
    assert cases_table(db) == before
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT case_ref, updated_at FROM cases ORDER BY 1").fetchall() == stamps
    conn.close()


@pytest.mark.parametrize("bad", ["case_ref", "colour=Case Ref", "team="])
def test_a_bad_map_is_bad_usage(tmp_path: Path, bad: str) -> None:
    db = tmp_path / "qa.sqlite3"
    path = export(tmp_path / "cases.csv", "LL1,MASH,A,01/03/2024,7")
    result = run(db, "import", str(path), "--map", bad)
    assert result.exit_code == 2
    assert "--map" in result.stderr and "Traceback" not in result.stderr
    assert not db.exists()


def test_an_unknown_mapping_name_is_one_message_and_no_database(tmp_path: Path) -> None:
    db = tmp_path / "qa.sqlite3"
    path = export(tmp_path / "cases.csv", "LL1,MASH,A,01/03/2024,7")
    result = run(db, "import", str(path), "--mapping", "mosiac")
    assert result.exit_code == 1
    assert "no saved mapping called 'mosiac' (saved: none" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not db.exists()

    store = Store.open(db)
    store.save_mapping("mosaic", SHORT_MAP, "lead")
    store.close()
    result = run(db, "import", str(path), "--mapping", "mosiac")
    assert result.exit_code == 1
    assert "no saved mapping called 'mosiac' (saved: mosaic)" in result.stderr
    assert cases_table(db) == {}
