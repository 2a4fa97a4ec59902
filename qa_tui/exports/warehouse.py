"""`qa-tui export warehouse DIR`: the council's tables as pseudonymised Parquet, one
folder per table and year (DIR/<table>/year=YYYY/part-0.parquet), for a region to load
beside other councils' exports in DuckDB, PostgreSQL or a cloud warehouse.

Written with DuckDB (the optional `warehouse` extra: smaller and quicker to import than
pyarrow, and the engine a region is most likely to read these with). The desk's rows
go to newline-delimited JSON in a scratch folder (a batch at a time: memory stays flat),
which DuckDB reads with each column's declared type and writes partitioned by year. The
whole export is made in a hidden folder beside DIR and renamed into place at the end:
DIR is written whole or not at all.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qa_tui.desks.warehouse import WarehouseDesk
from qa_tui.domain.warehouse import COLUMNS, WAREHOUSE_SCHEMA_VERSION, written_columns

if TYPE_CHECKING:
    from qa_tui.desks.identity import PersonAtDesk

INSTALL_HINT = (
    "export warehouse needs DuckDB: install the extra with "
    "pip install 'qa-tui[warehouse]' (or pip install 'duckdb>=2.0,<3')"
)
MANIFEST = "_warehouse.json"


class WarehouseUnavailable(RuntimeError):
    """DuckDB is not installed."""


def load_duckdb() -> Any:
    try:
        import duckdb
    except ImportError:
        raise WarehouseUnavailable(INSTALL_HINT) from None
    return duckdb


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def write_warehouse(
    desk: PersonAtDesk,
    target: Path,
    council: str,
    key: str | None = None,
    *,
    replace: bool = False,
    progress: Callable[[str, int], None] | None = None,
) -> dict[str, Any]:
    """Write every table into `target` (refused by the caller if it holds anything and
    `replace` is off); returns the manifest written with them."""
    duckdb = load_duckdb()
    warehouse = WarehouseDesk(desk)
    key = key if key is not None else warehouse.key()
    target = target.absolute()
    target.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{target.name}.part-", dir=target.parent))
    try:
        counts: dict[str, int] = {}
        load = scratch / "_load"
        load.mkdir()
        con = duckdb.connect(":memory:")
        # Flat memory on a council laptop: rows need no order within a year's file.
        con.execute("SET preserve_insertion_order = false")
        con.execute("SET memory_limit = '256MB'")
        try:
            for table in COLUMNS:
                counts[table] = _write_table(con, warehouse, table, council, key, load, scratch)
                if progress:
                    progress(table, counts[table])
        finally:
            con.close()
        shutil.rmtree(load)
        manifest = {
            "schema_version": WAREHOUSE_SCHEMA_VERSION,
            "council": council,
            "written_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "layout": "<table>/year=YYYY/part-0.parquet",
            "pseudonyms": "HMAC-SHA256 under the council's key: p- people, c- cases",
            "tables": {t: {"rows": counts[t], "columns": written_columns(t)} for t in COLUMNS},
        }
        (scratch / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", "utf-8")
        _put_in_place(scratch, target, replace)
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    return manifest


def _write_table(
    con: Any,
    warehouse: WarehouseDesk,
    table: str,
    council: str,
    key: str,
    load: Path,
    scratch: Path,
) -> int:
    names = written_columns(table)
    source = load / f"{table}.ndjson"
    n = 0
    with source.open("w", encoding="utf-8") as out:
        for batch in warehouse.rows(table, council, key):
            out.writelines(
                json.dumps(dict(zip(names, row, strict=True)), ensure_ascii=False) + "\n"
                for row in batch
            )
            n += len(batch)
    if not n:
        return 0
    types = {"council": "VARCHAR", **dict(COLUMNS[table]), "year": "INTEGER"}
    struct = "{" + ", ".join(f"{_literal(c)}: {_literal(t)}" for c, t in types.items()) + "}"
    con.execute(
        f"COPY (SELECT * FROM read_json({_literal(str(source))}, "
        f"format = 'newline_delimited', columns = {struct})) "
        f"TO {_literal(str(scratch / table))} "
        "(FORMAT parquet, PARTITION_BY (year), FILENAME_PATTERN 'part-{i}')"
    )
    return n


def is_export(path: Path) -> bool:
    """An earlier warehouse export (the only thing --replace may replace)."""
    return path.is_dir() and (path / MANIFEST).is_file()


def _put_in_place(scratch: Path, target: Path, replace: bool) -> None:
    """Rename the finished export to `target`; an old one goes only once the new is in."""
    if target.is_dir() and not any(target.iterdir()):
        target.rmdir()
    if not target.exists():
        os.replace(scratch, target)
        return
    if not replace or not is_export(target):
        raise FileExistsError(target)
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    os.replace(target, old)
    os.replace(scratch, target)
    shutil.rmtree(old, ignore_errors=True)
