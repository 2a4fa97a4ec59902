"""`qa-tui report programme P --format md|html|xlsx`: a round's report for the board
(see qa_tui/reports/programme.py for what it holds)."""

from __future__ import annotations

from datetime import date
from typing import Any

import click

from qa_tui.cli.common import db_options, emit, emit_bytes, open_desk, user_errors


def _below(_ctx: click.Context, _param: click.Parameter, value: int) -> int:
    from qa_tui.exports.small_numbers import check_threshold

    with user_errors():
        check_threshold(value)
    return value


@click.command("programme")
@click.argument("programme")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "html", "xlsx"]),
    default="md",
    show_default=True,
)
@click.option("-o", "--output", metavar="FILE", help="Write to FILE (default: stdout).")
@click.option(
    "--suppress-below",
    type=click.IntRange(0, 1000),
    default=5,
    show_default=True,
    callback=_below,
    help="Team counts under this are shown as <N (0: show every count).",
)
@db_options
@click.pass_obj
def programme(ctx: Any, programme: str, fmt: str, output: str | None, suppress_below: int) -> None:
    """The round PROGRAMME (a name or id) for the board: its sample and how it was drawn,
    grades by criterion and team, themes against the earlier round, re-audit changes,
    case actions raised and their state, and the QA lead's recommendations."""
    from qa_tui.reports.programme import programme_report

    with user_errors():
        data = programme_report(open_desk(ctx), programme, today=date.today(), below=suppress_below)
        if fmt == "xlsx":
            from qa_tui.reports.programme_sheets import programme_workbook

            emit_bytes(programme_workbook(data), output)
        else:
            from qa_tui.reports.render import render

            emit(render("programme", fmt, **data), output)
