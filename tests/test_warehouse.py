"""`qa-tui export warehouse`: two councils' exports load together in DuckDB and add up
to each council's own dashboard; no names, case references or free text leave; the
folder is written whole or not at all; without DuckDB, one line says how to get it."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_analyst_views import build

from qa_tui.cli.main import cli
from qa_tui.desks.audits import AuditDesk
from qa_tui.desks.dashboard import DashboardDesk
from qa_tui.desks.themes import ThemeDesk
from qa_tui.domain.dashboard_records import Figures, Filters
from qa_tui.domain.warehouse import COLUMNS, pseudonym
from qa_tui.store.database import Store
from qa_tui.store.warehouse import KEY_SETTING

duckdb = pytest.importorskip("duckdb")


def council_db(path: Path, seed: int, audits: int) -> tuple[Figures, int]:
    """A council's database; its dashboard's overall figures and themed audits."""
    store = Store.open(path)
    try:
        build(store, seed=seed, audits=audits)
        reader = AuditDesk(store, "reader")
        overall = DashboardDesk(reader).overview(Filters()).overall
        ranking = ThemeDesk(reader).ranking(Filters(), "2025-07")
        return overall, sum(r.audits for r in ranking.rows)
    finally:
        store.close()


def export(db: Path, target: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--db", str(db), "export", "warehouse", str(target), *args])
    return result.exit_code, result.output


def test_two_councils_load_together_and_add_up(tmp_path: Path) -> None:
    north, south = tmp_path / "north.sqlite3", tmp_path / "south.sqlite3"
    north_figures, north_tags = council_db(north, seed=3, audits=24)
    south_figures, south_tags = council_db(south, seed=5, audits=30)
    region = tmp_path / "region"
    assert export(north, region / "north", "--council", "E08000001")[0] == 0
    assert export(south, region / "south", "--council", "e08000002")[0] == 0

    files = sorted(p.relative_to(region) for p in region.rglob("*.parquet"))
    assert Path("north/audits/year=2025/part-0.parquet") in files
    assert {p.parts[1] for p in files} == set(COLUMNS)

    con = duckdb.connect()
    grades = f"read_parquet('{region}/*/counted_grades/*/*.parquet', hive_partitioning = true)"
    by_council = dict(
        con.execute(
            f"SELECT council, count(value) FILTER (WHERE kind = 'overall') FROM {grades} GROUP BY 1"
        ).fetchall()
    )
    assert by_council == {"E08000001": north_figures.counted, "E08000002": south_figures.counted}
    audits = f"read_parquet('{region}/*/audits/*/*.parquet', hive_partitioning = true)"
    good, years = con.execute(
        f"SELECT count(*) FILTER (WHERE counted_overall_value <= 2), list(DISTINCT year) "
        f"FROM {audits}"
    ).fetchone()
    assert good == north_figures.good_or_better + south_figures.good_or_better
    assert years == [2025]
    themes = f"read_parquet('{region}/*/themes/*/*.parquet', hive_partitioning = true)"
    tagged = con.execute(
        f"SELECT count(*) FROM (SELECT DISTINCT council, audit_id, theme, polarity FROM {themes})"
    ).fetchone()[0]
    assert tagged == north_tags + south_tags
    actions = f"read_parquet('{region}/*/actions/*/*.parquet', hive_partitioning = true)"
    assert con.execute(f"SELECT count(*) FROM {actions}").fetchone()[0] == 10


def test_names_case_references_and_free_text_stay_home(tmp_path: Path) -> None:
    db = tmp_path / "qa.sqlite3"
    council_db(db, seed=3, audits=12)
    target = tmp_path / "out"
    assert export(db, target, "--council", "LEEDS")[0] == 0
    con = duckdb.connect()
    texts: set[str] = set()
    for table in COLUMNS:
        rel = con.execute(f"SELECT * FROM read_parquet('{target}/{table}/*/*.parquet')")
        names = [d[0] for d in rel.description]
        for row in rel.fetchall():
            texts.update(str(v) for n, v in zip(names, row, strict=True) if isinstance(v, str))
    for secret in ("alice", "bob", "SW 1", "C-001", "Seen at home", "As graded", "Action 1"):
        assert not any(secret in t for t in texts), secret
    # A person's pseudonym is keyed by the council's key, kept in the database.
    store = Store.open(db)
    key = store._one("SELECT value FROM council_settings WHERE name = ?", (KEY_SETTING,))
    store.close()
    assert key is not None
    assert pseudonym(key["value"], "person", "alice") in texts
    # Exported again, the same people get the same pseudonyms.
    again = tmp_path / "again"
    assert export(db, again, "--council", "LEEDS")[0] == 0
    q = "SELECT list(DISTINCT auditor_key ORDER BY auditor_key) FROM read_parquet('{}/audits/*/*')"
    assert con.execute(q.format(target)).fetchone() == con.execute(q.format(again)).fetchone()
    manifest = json.loads((target / "_warehouse.json").read_text("utf-8"))
    assert manifest["council"] == "LEEDS" and manifest["tables"]["audits"]["rows"] == 11


def test_a_key_file_gives_other_pseudonyms(tmp_path: Path) -> None:
    db = tmp_path / "qa.sqlite3"
    council_db(db, seed=3, audits=12)
    key_file = tmp_path / "key"
    key_file.write_text("a regional key of our own\n", "utf-8")
    assert export(db, tmp_path / "out", "--council", "LEEDS", "--key-file", str(key_file))[0] == 0
    keys = duckdb.sql(
        f"SELECT DISTINCT auditor_key FROM read_parquet('{tmp_path}/out/audits/*/*')"
    ).fetchall()
    assert (pseudonym("a regional key of our own", "person", "alice"),) in keys
    key_file.write_text("short", "utf-8")
    code, output = export(db, tmp_path / "other", "--council", "LEEDS", "--key-file", str(key_file))
    assert code == 1 and "too short" in output and not (tmp_path / "other").exists()


def test_written_whole_or_not_at_all(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "qa.sqlite3"
    council_db(db, seed=3, audits=12)
    target = tmp_path / "out"
    target.mkdir()
    (target / "notes.txt").write_text("mine", "utf-8")
    code, output = export(db, target, "--council", "LEEDS")
    assert code == 1 and "already exists" in output
    code, output = export(db, target, "--council", "LEEDS", "--replace")
    assert code == 1 and "not a warehouse export" in output
    assert [p.name for p in target.iterdir()] == ["notes.txt"]

    fresh = tmp_path / "fresh"
    assert export(db, fresh, "--council", "LEEDS")[0] == 0
    before = sorted(p.relative_to(fresh) for p in fresh.rglob("*"))

    from qa_tui.desks.warehouse import WarehouseDesk

    real = WarehouseDesk.rows

    def failing(self, table, council, key):  # type: ignore[no-untyped-def]
        if table == "themes":
            raise OSError(28, "No space left on device")
        return real(self, table, council, key)

    monkeypatch.setattr(WarehouseDesk, "rows", failing)
    code, output = export(db, fresh, "--council", "LEEDS", "--replace")
    assert code == 1 and "No space left" in output
    assert sorted(p.relative_to(fresh) for p in fresh.rglob("*")) == before  # untouched
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    monkeypatch.setattr(WarehouseDesk, "rows", real)
    assert export(db, fresh, "--council", "YORK", "--replace")[0] == 0
    assert json.loads((fresh / "_warehouse.json").read_text("utf-8"))["council"] == "YORK"


@pytest.mark.parametrize("code", ["", "x", "no spaces", "E08'--", "A" * 40])
def test_a_bad_council_code_is_one_line(tmp_path: Path, code: str) -> None:
    db = tmp_path / "qa.sqlite3"
    Store.open(db).close()
    status, output = export(db, tmp_path / "out", "--council", code)
    assert status == 1 and len(output.strip().splitlines()) == 1
    assert "not a council code" in output and not (tmp_path / "out").exists()


def test_without_duckdb_one_line_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "qa.sqlite3"
    Store.open(db).close()
    monkeypatch.setitem(sys.modules, "duckdb", None)  # import duckdb now fails
    status, output = export(db, tmp_path / "out", "--council", "LEEDS")
    assert status == 1 and len(output.strip().splitlines()) == 1
    assert "pip install 'qa-tui[warehouse]'" in output
