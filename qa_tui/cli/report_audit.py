"""`qa-tui report audit ID --format md|html [-o FILE]`: one audit's report, to hand the
worker and their manager.

The report is whatever `qa_tui.reports.audit` makes of the audit for whoever is working:
a person who may not read the audit (a manager of another team) is refused, one line,
exit 1, like an id that names no audit.
"""

from __future__ import annotations

import click

from qa_tui.cli.common import DB_ID, Context, db_options, emit, open_desk, user_errors


@click.command("audit")
@click.argument("audit_id", type=DB_ID, metavar="ID")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "html"]),
    default="md",
    show_default=True,
    help="Markdown, or HTML that prints well and needs nothing else to open.",
)
@click.option("-o", "--output", metavar="FILE", help="Write to FILE instead of stdout.")
@db_options
@click.pass_obj
def audit(obj: Context, audit_id: int, fmt: str, output: str | None) -> None:
    """The report of audit ID: grades, evidence, themes, judgement, actions, moderation
    where it differs, and the feedback given."""
    from qa_tui.reports.audit import render_audit_report

    with user_errors():
        desk = open_desk(obj)
        try:
            text = render_audit_report(desk, audit_id, fmt)
        finally:
            desk.store.close()
        emit(text, output)
