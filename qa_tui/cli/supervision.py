"""`qa-tui supervision share | items | check`: whether audit findings reached supervision.

`share` is the figure (findings checked in submitted supervision audits, the share
discussed, by team or period, with the counts behind it); `items` lists what a
supervision audit asks about; `check` records one answer, as the audit screen's `u`
panel does.
"""

from __future__ import annotations

import click

from qa_tui.cli.common import (
    DB_ID,
    Context,
    db_options,
    echo_text,
    open_desk,
    print_json,
    user_errors,
)
from qa_tui.cli.listing import format_option, write_list
from qa_tui.cli.periods import FROM_MONTH, TO_MONTH


@click.group()
def supervision() -> None:
    """Supervision audits: were earlier audit findings discussed in supervision?"""


def _pct(value: float | None) -> str:
    return "    -" if value is None else f"{value * 100:4.0f}%"


@supervision.command("share")
@click.option("--from", "from_month", type=FROM_MONTH, help="First month (submitted).")
@click.option("--to", "to_month", type=TO_MONTH, help="Last month (submitted).")
@click.option(
    "--by",
    type=click.Choice(["team", "month", "quarter"]),
    default="team",
    show_default=True,
    help="Group by the supervision audit's team, or month or quarter of submission.",
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@db_options
@click.pass_obj
def supervision_share(
    ctx: Context, from_month: str | None, to_month: str | None, by: str, fmt: str
) -> None:
    """Of the findings checked in submitted supervision audits, the share discussed in
    supervision; partly discussed is counted apart, never as discussed."""
    from qa_tui.desks.supervision import SupervisionDesk

    with user_errors():
        figures = SupervisionDesk(open_desk(ctx)).discussed_share(
            by=by,  # type: ignore[arg-type]
            from_month=from_month,
            to_month=to_month,
        )
    if fmt == "json":
        print_json(figures.as_dict())
        return
    click.echo(f"{by:<28} checked discussed partly  not  share  partly  audits")
    for row in [*figures.rows, figures.total]:
        echo_text(
            f"{row.group[:28]:<28}{row.checked:>8}{row.yes:>10}{row.partly:>7}{row.no:>5}"
            f"  {_pct(row.share)}  {_pct(row.partly_share)}{row.audits:>8}"
        )


@supervision.command("items")
@click.argument("audit_id", type=DB_ID)
@click.option(
    "--worker-cases",
    is_flag=True,
    help="Also the findings and actions of the other cases of the case's worker.",
)
@format_option
@db_options
@click.pass_obj
def supervision_items(ctx: Context, audit_id: int, worker_cases: bool, fmt: str) -> None:
    """The earlier findings and open case actions a supervision audit asks about, with
    what was recorded of each (ITEM_KEY first: give it to `check`)."""
    from qa_tui.desks.supervision import SupervisionDesk

    with user_errors():
        items = SupervisionDesk(open_desk(ctx)).items(audit_id, include_worker_cases=worker_cases)
    if write_list(fmt, "items", (item.__dict__ for item in items)):
        return
    for item in items:
        state = item.discussed or "-"
        case = "" if item.own_case else f" [{item.case_ref}]"
        gone = "" if item.current else " (no longer open)"
        echo_text(f"{item.item_key:<34}{state:<8}{item.summary}{case}{gone}")
        if item.agreed:
            echo_text(f"{'':<34}agreed: {item.agreed}")


@supervision.command("check")
@click.argument("audit_id", type=DB_ID)
@click.argument("item_key")
@click.option(
    "--discussed",
    type=click.Choice(["yes", "partly", "no"]),
    help="Was it discussed in supervision?",
)
@click.option("--agreed", metavar="TEXT", help="What was agreed in supervision.")
@db_options
@click.pass_obj
def supervision_check(
    ctx: Context, audit_id: int, item_key: str, discussed: str | None, agreed: str | None
) -> None:
    """Record of one item whether it was discussed in supervision and what was agreed
    (saved at once; refused once the audit is submitted)."""
    from qa_tui.desks.supervision import SupervisionDesk

    with user_errors():
        item = SupervisionDesk(open_desk(ctx)).check(
            audit_id, item_key, discussed=discussed, agreed=agreed
        )
    echo_text(f"{item.item_key}: {item.discussed or 'not answered'}", err=True)
