"""`qa-tui reaudits schedule | cancel | due | start | changes`: "re-audit in N months"
on a submitted audit, the QA lead's list of those due, starting one as a new audit of
the same case linked to the earlier one, and a round's changes (better, same, worse).

Registered on the main `qa-tui` group by `qa_tui.cli.main`; same conventions: data to
stdout (`--format json` for scripts), messages to stderr, exit 1 on bad input.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import TYPE_CHECKING

import click

from qa_tui.cli.common import (
    DB_ID,
    Context,
    db_options,
    echo_text,
    open_desk,
    parse_date,
    user_errors,
)
from qa_tui.cli.listing import format_option, write_list

if TYPE_CHECKING:
    from qa_tui.desks.reaudits import ReauditDesk


def _desk(ctx: Context) -> ReauditDesk:
    from qa_tui.desks.reaudits import ReauditDesk

    return ReauditDesk(open_desk(ctx))


@click.group()
def reaudits() -> None:
    """Re-audits: schedule one N months on, list those due, start one, read the changes."""


@reaudits.command("schedule")
@click.argument("audit_id", type=DB_ID)
@click.option(
    "--months", required=True, type=click.IntRange(1, 36), help="Months after the submit date."
)
@click.option("--reason", default="", help="Why look again (kept with the schedule).")
@db_options
@click.pass_obj
def schedule(ctx: Context, audit_id: int, months: int, reason: str) -> None:
    """Set "re-audit in N months" on a submitted audit (replaces one not yet started)."""
    with user_errors():
        due = _desk(ctx).schedule(audit_id, months, reason)
    echo_text(f"audit {audit_id}: re-audit in {months} months, due {due.isoformat()}", err=True)


@reaudits.command("cancel")
@click.argument("audit_id", type=DB_ID)
@click.option("--reason", required=True, help="Why it is no longer needed (recorded).")
@db_options
@click.pass_obj
def cancel(ctx: Context, audit_id: int, reason: str) -> None:
    """Cancel a scheduled re-audit not yet started."""
    with user_errors():
        _desk(ctx).cancel(audit_id, reason)
    echo_text(f"audit {audit_id}: re-audit cancelled", err=True)


@reaudits.command("due")
@click.option(
    "--today", callback=parse_date, metavar="YYYY-MM-DD", help="As if today were this day."
)
@format_option
@db_options
@click.pass_obj
def due(ctx: Context, today: date | None, fmt: str) -> None:
    """Re-audits due now, then those due within 14 days (marked "soon")."""
    with user_errors():
        rows = _desk(ctx).due(today)
    if write_list(fmt, "reaudits", (asdict(r) for r in rows)):
        return
    for r in rows:
        when = "soon" if r.soon else "due "
        echo_text(
            f"{r.audit_id:>6}  {when} {r.due_on}  {r.case_ref[:15]:<16}{r.team[:24]:<25}"
            f"{(r.earlier_label or '-')[:22]:<23}{r.months:>2} months  {r.reason}"
        )


@reaudits.command("start")
@click.argument("audit_id", type=DB_ID)
@click.option("--auditor", required=True, help="Who will re-audit (independent of the team).")
@db_options
@click.pass_obj
def start(ctx: Context, audit_id: int, auditor: str) -> None:
    """Start a scheduled re-audit: a new audit of the case, linked to AUDIT_ID."""
    with user_errors():
        new_id = _desk(ctx).start(audit_id, auditor)
    click.echo(new_id)
    echo_text(f"re-audit of audit {audit_id} started as audit {new_id} for {auditor}", err=True)


@reaudits.command("changes")
@click.option("--programme", required=True, help="The round, by name or id.")
@format_option
@db_options
@click.pass_obj
def changes(ctx: Context, programme: str, fmt: str) -> None:
    """Each re-audited case of a round: earlier and later grade and the change."""
    with user_errors():
        pairs = _desk(ctx).changes(programme)
    records = ({**asdict(p), "change": p.change.value if p.change else None} for p in pairs)
    if write_list(fmt, "changes", records):
        return
    for p in pairs:
        echo_text(
            f"{p.audit_id:>6}  was {p.previous_audit_id:<6} {p.case_ref[:15]:<16}"
            f"{(p.earlier_label or '-')[:22]:<23}-> {(p.later_label or '-')[:22]:<23}"
            f"{p.change.value if p.change else '-'}"
        )
