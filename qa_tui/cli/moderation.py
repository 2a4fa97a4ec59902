"""`qa-tui moderation queue | agreement` and `qa-tui follow-ups list | close`: the QA
lead's checks on audits after they are submitted. The commands that steer moderation
(pick, assign, blind, reveal, share, send-back, answer) are in `cli.moderation_steering`."""

from __future__ import annotations

import click

from qa_tui.cli.common import DB_ID, Context, db_options, open_desk, user_errors
from qa_tui.cli.listing import format_option, write_list
from qa_tui.cli.moderation_steering import register as register_steering
from qa_tui.domain.text import for_terminal


@click.group()
def moderation() -> None:
    """The moderation queue and agreement between auditors and moderators."""


@moderation.command("queue")
@click.option("--done", is_flag=True, help="Completed moderations instead of waiting ones.")
@format_option
@db_options
@click.pass_obj
def moderation_queue(ctx: Context, done: bool, fmt: str) -> None:
    """Audits selected for moderation, with why each was selected."""
    from qa_tui.desks.moderation import ModerationDesk

    with user_errors():
        rows = ModerationDesk(open_desk(ctx)).queue("done" if done else "waiting")
    if write_list(fmt, "audits", rows):
        return
    for r in rows:
        moderated = f" -> {r['moderated_label']}" if r["moderated_label"] else ""
        click.echo(
            for_terminal(
                f"{r['audit_id']:>6}  {r['case_ref']:<15}{r['auditor'][:14]:<15}"
                f"{(r['auditor_label'] or '') + moderated:<34}{r['selected_because']}"
            )
        )


@moderation.command("agreement")
@click.option(
    "--by",
    type=click.Choice(["auditor", "criterion", "programme", "overall"]),
    default="auditor",
    show_default=True,
)
@click.option("--blind-only", is_flag=True, help="Blind moderations only.")
@format_option
@db_options
@click.pass_obj
def moderation_agreement(ctx: Context, by: str, blind_only: bool, fmt: str) -> None:
    """Exact and within-one agreement, weighted kappa and tendency, from moderations done."""
    from qa_tui.desks.moderation import ModerationDesk
    from qa_tui.desks.moderation_steering import ModerationSteering

    with user_errors():
        desk = open_desk(ctx)
        figures = (
            ModerationSteering(desk).blind_agreement(by)
            if blind_only
            else ModerationDesk(desk).agreement_by(by)
        )
    if write_list(fmt, "groups", ({"group": name, **a.__dict__} for name, a in figures.items())):
        return

    def pct(value: float | None) -> str:
        return "    -" if value is None else f"{value * 100:4.0f}%"

    click.echo(f"{by:<30} pairs exact  ±one  kappa generous mean diff")
    for name, a in figures.items():
        kappa = "     -" if a.kappa is None else f"{a.kappa:6.2f}"
        diff = "    -" if a.mean_difference is None else f"{a.mean_difference:+5.2f}"
        click.echo(
            for_terminal(
                f"{name[:30]:<30}{a.pairs:>6} {pct(a.exact)} {pct(a.within_one)} {kappa}"
                f"   {pct(a.generous)}     {diff}"
            )
        )


register_steering(moderation)


@click.group("follow-ups")
def follow_ups() -> None:
    """Escalations and case actions, until each is done."""


@follow_ups.command("list")
@click.option("--all", "include_closed", is_flag=True, help="Closed ones too.")
@format_option
@db_options
@click.pass_obj
def follow_ups_list(ctx: Context, include_closed: bool, fmt: str) -> None:
    """Open escalations first, then case actions by due date; overdue marked."""
    from datetime import date

    from qa_tui.desks.follow_ups import FollowUps

    with user_errors():
        items = FollowUps(open_desk(ctx)).list(include_closed=include_closed)
    today = date.today()
    if write_list(
        fmt, "follow_ups", ({**item.__dict__, "overdue": item.overdue(today)} for item in items)
    ):
        return
    for item in items:
        late = " OVERDUE" if item.overdue(today) else ""
        due = f"due {item.due_on}" if item.due_on else f"raised {item.raised_on[:10]}"
        click.echo(
            for_terminal(
                f"{item.kind:<11}{item.id:>5}  {item.case_ref:<15}{item.owner[:20]:<21}"
                f"{due}{late}  {item.what}"
            )
        )


@follow_ups.command("close")
@click.argument("kind", type=click.Choice(["escalation", "action"]))
@click.argument("item_id", type=DB_ID)
@click.option("--note", required=True, help="What was done (recorded).")
@db_options
@click.pass_obj
def follow_ups_close(ctx: Context, kind: str, item_id: int, note: str) -> None:
    """Record what was done and close an escalation or case action."""
    from qa_tui.desks.follow_ups import FollowUps

    with user_errors():
        FollowUps(open_desk(ctx)).close(kind, item_id, note)
    click.echo(f"{kind} {item_id} closed", err=True)
