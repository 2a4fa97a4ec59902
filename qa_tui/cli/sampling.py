"""Commands that draw a programme's sample and give it to auditors: sample, auditors,
assign, reassign.

Split from `qa_tui.cli.programmes` (whose helpers it shares) to keep each module
readable; registered on the main `qa-tui` group by `qa_tui.cli.main`, with the same
conventions: data to stdout (`--format json` for scripts), messages to stderr, exit 1
on bad input.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import click

from qa_tui.cli.common import (
    DB_ID,
    SEED,
    db_options,
    echo_text,
    open_desk,
    parse_date,
    print_json,
    programme_desk,
    user_errors,
)
from qa_tui.cli.listing import format_option as list_format
from qa_tui.cli.listing import write_list

if TYPE_CHECKING:
    from qa_tui.domain.sampling import Sample


def register(cli: click.Group) -> None:
    """Add the sampling and assignment commands to the main group."""

    format_option = click.option(
        "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
    )

    @cli.command()
    @click.argument("programme")
    @click.option(
        "--seed",
        type=SEED,
        required=True,
        help="The same seed gives the same sample (0 to 2**63-1).",
    )
    @click.option("--cohort", "cohorts", multiple=True, help="e.g. CIN, CP; repeatable.")
    @click.option("--team", "teams", multiple=True, help="Repeatable.")
    @click.option(
        "--attr",
        "attrs",
        multiple=True,
        metavar="NAME=VALUE",
        help="Case attribute filter, e.g. 'Re-referral in 12m=Y'; repeatable.",
    )
    @click.option("--opened-since", callback=parse_date, metavar="YYYY-MM-DD")
    @click.option("--per-team", type=click.IntRange(1, 1_000_000), help="Cases drawn per team.")
    @click.option("--per-team-percent", type=click.FloatRange(0, 100, min_open=True))
    @click.option(
        "--minimum",
        default=1,
        show_default=True,
        type=click.IntRange(0, 1_000_000),
        help="With --per-team-percent: at least this many per team.",
    )
    @click.option(
        "--exclude-audited-months",
        default=12,
        show_default=True,
        type=click.IntRange(0, 1200),
        help="Leave out cases audited this recently.",
    )
    @click.option("--dry-run", is_flag=True, help="Show the would-be sample; record nothing.")
    @format_option
    @db_options
    @click.pass_obj
    def sample(
        ctx: Any,
        programme: str,
        seed: int,
        cohorts: tuple[str, ...],
        teams: tuple[str, ...],
        attrs: tuple[str, ...],
        opened_since: date | None,
        per_team: int | None,
        per_team_percent: float | None,
        minimum: int,
        exclude_audited_months: int,
        dry_run: bool,
        fmt: str,
    ) -> None:
        """Draw a programme's sample from the case list, reproducibly, with every reason."""
        from pydantic import ValidationError

        from qa_tui.domain.sampling import SamplingRule

        attributes: dict[str, list[str]] = {}
        for item in attrs:
            name, sep, value = item.partition("=")
            if not sep or not name.strip():
                raise click.BadParameter(f"{item!r} is not NAME=VALUE", param_hint="--attr")
            attributes.setdefault(name.strip(), []).append(value.strip())
        try:
            rule = SamplingRule(
                cohorts=list(cohorts),
                teams=list(teams),
                attributes=attributes,
                opened_since=opened_since,
                per_team=per_team,
                per_team_percent=per_team_percent,
                per_team_minimum=minimum,
                exclude_audited_within_months=exclude_audited_months,
            )
        except ValidationError as exc:
            raise click.UsageError(exc.errors()[0]["msg"].removeprefix("Value error, ")) from None
        with user_errors():
            desk = programme_desk(ctx)
            p = desk.get(programme)
            echo_text(f"sampling for {p.name}…", err=True)
            result = (desk.preview if dry_run else desk.draw)(p.id, rule, seed)
        _report_sample(result, fmt, dry_run)

    @cli.group()
    def auditors() -> None:
        """Record the teams each auditor belongs to or manages."""

    @auditors.command("set")
    @click.argument("name")
    @click.option(
        "--team",
        "teams",
        multiple=True,
        help="A team they belong to or manage; repeatable. None: no team.",
    )
    @db_options
    @click.pass_obj
    def auditors_set(ctx: Any, name: str, teams: tuple[str, ...]) -> None:
        """Set an auditor's teams (they never audit those teams' cases). Once a database
        has people this is `qa-tui users set NAME --team ...`, which replaces it."""
        from qa_tui.desks.opening import people_desk
        from qa_tui.desks.programmes import ProgrammeDesk

        with user_errors():
            desk = open_desk(ctx)
            if desk.person.single_user:
                ProgrammeDesk(desk).set_auditor_teams(name, list(teams))
            else:
                people_desk(desk).change(name, teams=list(teams))
        echo_text(f"{name}: {', '.join(teams) or 'no team'}", err=True)
        click.echo("note: `qa-tui users set NAME --team ...` replaces `auditors set`", err=True)

    @auditors.command("list")
    @list_format
    @db_options
    @click.pass_obj
    def auditors_list(ctx: Any, fmt: str) -> None:
        """Each auditor and the teams they belong to or manage."""
        with user_errors():
            teams = programme_desk(ctx).auditor_teams()
        records = ({"name": name, "teams": list(team_list)} for name, team_list in teams.items())
        if write_list(fmt, "auditors", records):
            return
        for name, team_list in teams.items():
            echo_text(f"{name:<24}{', '.join(team_list) or '-'}")

    @cli.command()
    @click.argument("programme")
    @click.option("--auditor", "names", multiple=True, required=True, help="Repeatable.")
    @click.option(
        "--relax-independence",
        metavar="REASON",
        default="",
        help="Allow an auditor of the case's team when no one else can; recorded.",
    )
    @click.option("--dry-run", is_flag=True, help="Show who would audit what; record nothing.")
    @format_option
    @db_options
    @click.pass_obj
    def assign(
        ctx: Any,
        programme: str,
        names: tuple[str, ...],
        relax_independence: str,
        dry_run: bool,
        fmt: str,
    ) -> None:
        """Give each sampled case to an independent auditor, balancing the load."""
        with user_errors():
            desk = programme_desk(ctx)
            p = desk.get(programme)
            plan = (
                desk.plan_assignment(p.id, list(names), relax_independence)
                if dry_run
                else desk.assign(p.id, list(names), relax_independence)
            )
        if fmt == "json":
            print_json([a.__dict__ for a in plan])
        else:
            for a in plan:
                echo_text(f"{a.case_ref:<16}{a.team[:24]:<25}{a.auditor or '-':<16}{a.reason}")
        load: dict[str, int] = {}
        for a in plan:
            if a.auditor:
                load[a.auditor] = load.get(a.auditor, 0) + 1
        echo_text(
            ("would assign " if dry_run else "assigned ")
            + ", ".join(f"{n} to {name}" for name, n in sorted(load.items()))
            if load
            else "nothing to assign",
            err=True,
        )

    @cli.command()
    @click.argument("audit_id", type=DB_ID)
    @click.option("--to", "auditor", required=True)
    @click.option("--reason", required=True)
    @db_options
    @click.pass_obj
    def reassign(ctx: Any, audit_id: int, auditor: str, reason: str) -> None:
        """Move an audit to another auditor (recorded with the reason)."""
        with user_errors():
            programme_desk(ctx).reassign(audit_id, auditor, reason)
        echo_text(f"audit {audit_id} now with {auditor}", err=True)


def _report_sample(result: Sample, fmt: str, dry_run: bool) -> None:
    counts = result.by_outcome()
    if fmt == "json":
        print_json(
            {
                "dry_run": dry_run,
                "cases_listed": result.cases_listed,
                "cohort_size": result.cohort_size,
                "outcomes": dict(counts),
                "cases": [d.__dict__ for d in result.decisions],
            }
        )
    else:
        for d in result.decisions:
            if d.outcome != "not_drawn":
                echo_text(f"{d.case_ref:<16}{d.team[:24]:<25}{d.outcome:<10}{d.reason}")
    echo_text(
        ("would sample " if dry_run else "sampled ")
        + f"{counts['sampled']} of a cohort of {result.cohort_size} "
        f"({result.cases_listed} cases listed): {counts['excluded']} excluded, "
        f"{counts['not_drawn']} not drawn",
        err=True,
    )
