"""`qa-tui cases import | mappings`: the case list, by reference and pseudonym only."""

from __future__ import annotations

from pathlib import Path

import click

from qa_tui.cli.common import Context, db_options, emit, open_desk, user_errors
from qa_tui.cli.listing import format_option, write_list
from qa_tui.domain.text import for_terminal


@click.group()
def cases() -> None:
    """Import the case list."""


def _field_maps(
    _ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]
) -> dict[str, str]:
    """`--map case_ref="Case Ref"` entries as {field: header}; a bad one is bad usage."""
    from qa_tui.domain.case_list import KNOWN_COLUMNS

    mapping: dict[str, str] = {}
    for value in values:
        field, sep, header = value.partition("=")
        field, header = field.strip(), header.strip()
        if not sep:
            raise click.BadParameter(f'{value!r} is not FIELD=HEADER (e.g. case_ref="Case Ref")')
        if field not in KNOWN_COLUMNS:
            raise click.BadParameter(
                f"unknown field {field!r} in {value!r} (fields: {', '.join(KNOWN_COLUMNS)})"
            )
        if not header:
            raise click.BadParameter(f"{value!r} names no column header")
        if field in mapping:
            raise click.BadParameter(f"field {field!r} is mapped more than once")
        mapping[field] = header
    return mapping


STDIN_NAME = "<stdin>"  # how messages name standard input: "<stdin>:3: opened_on: ..."


def _stdin_bytes() -> bytes:
    """Standard input, read to one byte past the largest CSV accepted (so a longer one
    is refused, not read whole)."""
    import sys

    from qa_tui.domain.case_list_files import MAX_FILE_BYTES

    return sys.stdin.buffer.read(MAX_FILE_BYTES + 1)


@cases.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--map",
    "maps",
    multiple=True,
    metavar="FIELD=HEADER",
    callback=_field_maps,
    help="Take FIELD (case_ref, team, worker, manager, cohort, child_pseudonym, "
    "opened_on) from the column headed HEADER. Repeatable.",
)
@click.option(
    "--mapping",
    "mapping_name",
    metavar="NAME",
    help="Use a saved mapping; --map entries override its fields.",
)
@click.option(
    "--save-mapping",
    metavar="NAME",
    help="After a successful import, save the mapping used under NAME.",
)
@click.option(
    "--close-missing",
    is_flag=True,
    help="The file is the whole list of open cases: close any open case not in "
    "it (closed cases keep their audits and reopen if listed again).",
)
@click.option(
    "--keep-column",
    "keep_columns",
    multiple=True,
    metavar="HEADER",
    help="Keep this column although it looks like a direct identifier (a name, "
    "date of birth, address, NHS number...); the choice is recorded. "
    "Repeatable.",
)
@db_options
@click.pass_obj
def cases_import(
    ctx: Context,
    file: Path,
    maps: dict[str, str],
    mapping_name: str | None,
    save_mapping: str | None,
    close_missing: bool,
    keep_columns: tuple[str, ...],
) -> None:
    """Import or update cases from a CSV or XLSX case list (by case_ref); FILE `-`
    reads a CSV from standard input.

    Columns that look like direct identifiers of a child or family (names, dates of
    birth, addresses and postcodes, NHS, National Insurance and pupil numbers, phone
    numbers, email addresses) are left out, and said so, unless named by --keep-column.
    A column mapped to a field with --map is always imported.
    """
    import shlex

    from qa_tui.domain.case_list import read_case_list

    if save_mapping is not None and not save_mapping.strip():
        raise click.BadParameter("a mapping needs a name", param_hint="'--save-mapping'")
    if save_mapping and not (maps or mapping_name):
        raise click.UsageError("--save-mapping needs --map or --mapping: there is nothing to save")
    with user_errors():
        desk = None
        mapping: dict[str, str] = {}
        if mapping_name is not None:
            # The saved mapping is read first, from an existing database only.
            if not ctx.db_path.exists():
                raise click.ClickException(
                    f"no saved mapping called {mapping_name!r} (saved: none; "
                    f"{ctx.db_path} does not exist yet)"
                )
            desk = open_desk(ctx)
            mapping = desk.case_mapping(mapping_name)
        mapping.update(maps)
        # A bad file is reported before any write.
        if str(file) == "-":
            file = Path(STDIN_NAME)
            rows = read_case_list(file, mapping, keep_columns, csv_data=_stdin_bytes())
        else:
            rows = read_case_list(file, mapping, keep_columns)
        if desk is None:
            desk = open_desk(ctx, create=True)
        added, updated, closed = desk.import_case_rows(
            rows, str(file), close_missing=close_missing, kept_columns=rows.kept
        )
        if save_mapping:
            desk.save_case_mapping(save_mapping, mapping)
    for column in rows.dropped:
        click.echo(
            for_terminal(
                f"{file}: column {column.header!r} left out: it looks like {column.reason}, a "
                f"direct identifier (to import it: --keep-column {shlex.quote(column.header)})"
            ),
            err=True,
        )
    for header in rows.kept:
        click.echo(
            for_terminal(
                f"{file}: column {header!r} imported as asked, although it "
                f"looks like a direct identifier (recorded)"
            ),
            err=True,
        )
    saved = f"; mapping {save_mapping.strip()!r} saved" if save_mapping else ""
    click.echo(
        for_terminal(f"{file}: {added} case(s) added, {updated} updated, {closed} closed{saved}"),
        err=True,
    )


@cases.command("mappings")
@format_option
@db_options
@click.pass_obj
def cases_mappings(ctx: Context, fmt: str) -> None:
    """List the saved case-list column mappings and their fields."""
    with user_errors():
        desk = open_desk(ctx)
        saved = desk.case_mappings()
    records = ({"name": name, "fields": fields} for name, fields in saved.items())
    if not write_list(fmt, "mappings", records):
        emit(
            "".join(
                for_terminal(
                    f"{name}: " + ", ".join(f"{field}={header}" for field, header in fields.items())
                )
                + "\n"
                for name, fields in saved.items()
            ),
            None,
        )
    click.echo(f"{len(saved)} saved mapping(s)", err=True)
