"""`qa-tui report plan --quarter Q --format md|html`: the action plan's quarterly review
as it was taken (`qa-tui plan snapshot`), for the board to read back."""

from __future__ import annotations

from typing import Any

import click

from qa_tui.cli.common import db_options, emit, open_desk, user_errors


@click.command("plan")
@click.option(
    "--quarter",
    required=True,
    metavar="QUARTER",
    help="2026-Q3 (calendar) or Q4-23/24 (financial year from April).",
)
@click.option("--format", "fmt", type=click.Choice(["md", "html"]), default="md", show_default=True)
@click.option("-o", "--output", metavar="FILE", help="Write to FILE (default: stdout).")
@db_options
@click.pass_obj
def plan(ctx: Any, quarter: str, fmt: str, output: str | None) -> None:
    """Each action plan item's status, measure, figures and note at QUARTER's review."""
    from qa_tui.reports.plan import plan_report
    from qa_tui.reports.render import render

    with user_errors():
        data = plan_report(open_desk(ctx), quarter)
        emit(render("plan", fmt, **data), output)
