"""`qa-tui moderation queue | agreement` and `qa-tui follow-ups list | close`: the QA
lead's checks on audits after they are submitted. The commands that steer moderation
(pick, assign, blind, reveal, share, send-back, answer) are in `cli.moderation_steering`."""

from __future__ import annotations

import click

from qa_tui.cli.common import DB_ID, Context, db_options, open_desk, user_errors
from qa_tui.cli.listing import format_option, write_list
from qa_tui.cli.moderation_steering import register as register_steering
from qa_tui.cli.periods import FROM_DAY, TO_DAY
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
    type=click.Choice(["auditor", "criterion", "programme", "overall", "quarter"]),
    default="auditor",
    show_default=True,
    help="quarter: each auditor's criterion grades, quarter by quarter (drift).",
)
@click.option("--from", "from_day", type=FROM_DAY, help="Moderations completed on or after.")
@click.option("--to", "to_day", type=TO_DAY, help="Moderations completed on or before.")
@click.option("--blind-only", is_flag=True, help="Blind moderations only.")
@format_option
@db_options
@click.pass_obj
def moderation_agreement(
    ctx: Context,
    by: str,
    from_day: str | None,
    to_day: str | None,
    blind_only: bool,
    fmt: str,
) -> None:
    """Exact and within-one agreement, weighted kappa and tendency, from moderations done.

    With --from/--to, only moderations completed in that span (a day, a month or a
    quarter each: 2026-Q3, Q4-23/24). --by quarter shows each auditor's agreement per
    quarter, with the number of pairs (those against a calibration exercise's agreed
    grades counted beside), so an auditor drifting from the moderators shows.
    """
    from qa_tui.desks.moderation import ModerationDesk
    from qa_tui.desks.moderation_steering import ModerationSteering

    with user_errors():
        desk = open_desk(ctx)
        if by == "quarter":
            from qa_tui.desks.agreement_over_time import AgreementOverTime

            quarters = AgreementOverTime(desk).by_quarter(from_day, to_day, blind_only)
            if write_list(fmt, "quarters", (q.as_dict() for q in quarters)):
                return
            click.echo(f"{'auditor':<22}{'quarter':<10}scale pairs exact  ±one  kappa  calibration")
            for q in quarters:
                a = q.agreement
                click.echo(
                    for_terminal(
                        f"{q.auditor[:21]:<22}{q.quarter:<10}{q.scale_points:>4}pt"
                        f"{a.pairs:>6} {_pct(a.exact)} {_pct(a.within_one)} {_kappa(a.kappa)}"
                        f"{q.calibration_pairs:>8}"
                    )
                )
            if not quarters:
                click.echo("No moderations completed in this period.")
            return
        if from_day or to_day:
            from qa_tui.desks.agreement_over_time import AgreementOverTime

            figures = AgreementOverTime(desk).within(by, from_day, to_day, blind_only)
        elif blind_only:
            figures = ModerationSteering(desk).blind_agreement(by)
        else:
            figures = ModerationDesk(desk).agreement_by(by)
    if write_list(fmt, "groups", ({"group": name, **a.__dict__} for name, a in figures.items())):
        return
    click.echo(f"{by:<30} pairs exact  ±one  kappa generous mean diff")
    for name, a in figures.items():
        diff = "    -" if a.mean_difference is None else f"{a.mean_difference:+5.2f}"
        click.echo(
            for_terminal(
                f"{name[:30]:<30}{a.pairs:>6} {_pct(a.exact)} {_pct(a.within_one)} "
                f"{_kappa(a.kappa)}   {_pct(a.generous)}     {diff}"
            )
        )


def _pct(value: float | None) -> str:
    return "    -" if value is None else f"{value * 100:4.0f}%"


def _kappa(value: float | None) -> str:
    return "     -" if value is None else f"{value:6.2f}"


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
