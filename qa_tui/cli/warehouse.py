"""`qa-tui export warehouse DIR --council CODE`: pseudonymised Parquet for a region.

Added to the `export` group by `qa_tui.cli.exports`. Same conventions as the other
exports: messages to stderr, exit 1 with one line on bad input (a bad council code, a
folder that is already there, DuckDB not installed: checked before any work). The
tables and their pseudonyms are exports/warehouse.py's and domain/warehouse.py's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from qa_tui.cli.common import db_options, open_desk, user_errors


def add_warehouse(export: click.Group) -> None:
    @export.command("warehouse")
    @click.argument("directory", metavar="DIR", type=click.Path(path_type=Path))
    @click.option(
        "--council",
        required=True,
        metavar="CODE",
        help="The council's code, written into every row (e.g. its ONS code E09000033).",
    )
    @click.option(
        "--key-file",
        type=click.Path(path_type=Path, dir_okay=False),
        help="Pseudonym key to use instead of the one kept in the database.",
    )
    @click.option("--replace", is_flag=True, help="Replace an earlier warehouse export in DIR.")
    @db_options
    @click.pass_obj
    def export_warehouse(
        ctx: Any, directory: Path, council: str, key_file: Path | None, replace: bool
    ) -> None:
        """Audits, counted grades, themes and actions as pseudonymised Parquet tables,
        one folder per table and year (DIR/<table>/year=YYYY/part-0.parquet), written
        whole or not at all. Needs the `warehouse` extra (DuckDB)."""
        from qa_tui.domain.warehouse import check_key, council_code
        from qa_tui.exports.warehouse import (
            WarehouseUnavailable,
            is_export,
            load_duckdb,
            write_warehouse,
        )

        try:
            load_duckdb()
            code = council_code(council)
            key = check_key(key_file.read_text("utf-8")) if key_file else None
        except (WarehouseUnavailable, ValueError) as exc:
            raise click.ClickException(str(exc)) from None
        except OSError as exc:
            raise click.ClickException(f"{key_file}: {exc.strerror or exc}") from None
        if directory.exists() and not (directory.is_dir() and not any(directory.iterdir())):
            if not replace:
                raise click.ClickException(
                    f"{directory} already exists: name a new folder, or pass --replace "
                    "to replace an earlier warehouse export"
                )
            if not is_export(directory):
                raise click.ClickException(
                    f"{directory} is not a warehouse export: --replace will not touch it"
                )

        def told(table: str, rows: int) -> None:
            click.echo(f"{table}: {rows:,} row(s)", err=True)

        with user_errors():
            desk = open_desk(ctx)  # the desk asks whether this person may export
            manifest = write_warehouse(desk, directory, code, key, replace=replace, progress=told)
        click.echo(f"warehouse export for {manifest['council']} written to {directory}", err=True)
