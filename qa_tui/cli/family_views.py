"""`qa-tui family-views add | list | withdraw`: what children, young people and families
said about the help they had, recorded on audits.

The same use cases as the audit screen's family's view form (desks/family_views.py).
`list --format json|ndjson|csv` gives planning and analysts every view with its case,
team and rubric, and the counts the dashboard shows.
"""

from __future__ import annotations

import click

from qa_tui.cli.common import Context, db_options, echo_text, open_desk, user_errors
from qa_tui.cli.listing import format_option, write_list
from qa_tui.cli.periods import FROM_DAY, TO_DAY
from qa_tui.domain.family_views import GATHERED_HOW, GIVEN_BY


@click.group("family-views")
def family_views() -> None:
    """The child's, young person's or family's view of the help they had."""


@family_views.command("add")
@click.argument("audit_id", type=int)
@click.option("--by", "given_by", type=click.Choice(list(GIVEN_BY)), required=True)
@click.option("--how", "gathered_how", type=click.Choice(list(GATHERED_HOW)), required=True)
@click.option("--said", required=True, help="What they said, in their words.")
@click.option(
    "--rating",
    type=click.IntRange(1, 5),
    help="How helpful they found the help: 1 not at all .. 5 very helpful.",
)
@db_options
@click.pass_obj
def family_views_add(
    ctx: Context, audit_id: int, given_by: str, gathered_how: str, said: str, rating: int | None
) -> None:
    """Record on audit AUDIT_ID what was said about the help."""
    from qa_tui.desks.family_views import FamilyViews

    with user_errors():
        view = FamilyViews(open_desk(ctx)).add(audit_id, given_by, gathered_how, said, rating)
    click.echo(f"family's view {view.id} recorded on audit {audit_id}", err=True)


@family_views.command("withdraw")
@click.argument("audit_id", type=int)
@click.argument("view_id", type=int)
@click.option("--reason", required=True)
@db_options
@click.pass_obj
def family_views_withdraw(ctx: Context, audit_id: int, view_id: int, reason: str) -> None:
    """Withdraw a view recorded by mistake (kept in the events with the reason)."""
    from qa_tui.desks.family_views import FamilyViews

    with user_errors():
        FamilyViews(open_desk(ctx)).withdraw(audit_id, view_id, reason)
    click.echo(f"family's view {view_id} withdrawn", err=True)


@family_views.command("list")
@click.option("--from", "from_day", type=FROM_DAY, help="Recorded on or after.")
@click.option("--to", "to_day", type=TO_DAY, help="Recorded on or before.")
@format_option
@db_options
@click.pass_obj
def family_views_list(ctx: Context, from_day: str | None, to_day: str | None, fmt: str) -> None:
    """Every family's view recorded, with its case, team and rubric; then what the
    dashboard counts (views on submitted audits)."""
    from qa_tui.desks.family_views import FamilyViews

    with user_errors():
        views = FamilyViews(open_desk(ctx))
        rows = views.listed(from_day, to_day)
        figures = views.figures()
    if write_list(fmt, "family_views", rows):
        return
    for r in rows:
        rated = f"{r['rating']}/5" if r["rating"] else "-"
        echo_text(
            f"{r['audit_id']:>6}  {r['case_ref']:<15}{GIVEN_BY[r['given_by']]:<21}"
            f"{r['gathered_how']:<14}{rated:>3}  {r['said']}"
        )
    click.echo(f"{figures.words()} (submitted audits)")
