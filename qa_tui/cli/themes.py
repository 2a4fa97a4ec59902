"""`qa-tui themes` and `qa-tui plan`: the theme catalogue and the action plan from scripts.

Registered on the main CLI group by cli.py, like cli_programmes.
"""

from __future__ import annotations

from typing import Any

import click

from qa_tui.cli.common import db_options, open_desk, user_errors
from qa_tui.cli.listing import format_option, write_list
from qa_tui.cli.progress import progress_on_stderr
from qa_tui.domain.text import for_terminal


def register(cli: click.Group) -> None:
    @cli.group()
    def themes() -> None:
        """The theme catalogue: one name per theme, synonyms merged."""

    @themes.command("list")
    @format_option
    @db_options
    @click.pass_obj
    def themes_list(ctx: Any, fmt: str) -> None:
        """Every theme with its synonyms and how many audits show it."""
        from qa_tui.desks.opening import theme_desk

        with user_errors():
            rows = theme_desk(open_desk(ctx)).catalogue()
        if write_list(fmt, "themes", rows):
            return
        for r in rows:
            synonyms = f"  (also: {r['synonyms']})" if r["synonyms"] else ""
            click.echo(for_terminal(f"{r['audits'] or 0:>7}  {r['name']}{synonyms}"))

    @themes.command("merge")
    @click.argument("variant")
    @click.option("--into", required=True, help="The theme to keep.")
    @db_options
    @click.pass_obj
    def themes_merge(ctx: Any, variant: str, into: str) -> None:
        """Make VARIANT a synonym of another theme: its tags join that theme's, and
        tags typed as VARIANT later are stored as that theme."""
        from qa_tui.desks.opening import theme_desk

        with user_errors(), progress_on_stderr("recounting the themes") as progress:
            old, new = theme_desk(open_desk(ctx)).merge(variant, into, progress)
        click.echo(f"{old!r} is now a synonym of {new!r}")

    @themes.command("rename")
    @click.argument("theme")
    @click.argument("new_name")
    @db_options
    @click.pass_obj
    def themes_rename(ctx: Any, theme: str, new_name: str) -> None:
        """Give a theme a new name; the old one stays as a synonym."""
        from qa_tui.desks.opening import theme_desk

        with user_errors(), progress_on_stderr("recounting the themes") as progress:
            name = theme_desk(open_desk(ctx)).rename(theme, new_name, progress)
        click.echo(f"renamed to {name!r}")

    @cli.group()
    def plan() -> None:
        """The improvement action plan."""

    @plan.command("recommendations")
    @format_option
    @db_options
    @click.pass_obj
    def plan_recommendations(ctx: Any, fmt: str) -> None:
        """The inspection recommendations an action can serve."""
        from qa_tui.desks.opening import plan_desk

        with user_errors():
            rows = plan_desk(open_desk(ctx)).recommendations()
        if write_list(fmt, "recommendations", rows):
            return
        for r in rows:
            click.echo(for_terminal(f"{r['code']:<8} {r['text']}  [{r['source']}]"))

    @plan.command("add-recommendation")
    @click.argument("code")
    @click.argument("text")
    @click.option(
        "--source",
        default="local",
        show_default=True,
        help="Where it comes from, e.g. 'Ofsted ILACS 2026'.",
    )
    @db_options
    @click.pass_obj
    def plan_add_recommendation(ctx: Any, code: str, text: str, source: str) -> None:
        """Add an inspection (or local) recommendation to the list."""
        from qa_tui.desks.opening import plan_desk

        with user_errors():
            plan_desk(open_desk(ctx)).add_recommendation(code, text, source)
        click.echo(for_terminal(f"added {code}"))

    @plan.command("snapshot")
    @click.option(
        "--quarter",
        required=True,
        metavar="QUARTER",
        help="2026-Q3 (calendar) or Q4-23/24 (financial year from April).",
    )
    @click.option(
        "--note",
        "notes",
        multiple=True,
        metavar="ID=TEXT",
        help="A note on action plan item ID for this review (repeat for more items).",
    )
    @db_options
    @click.pass_obj
    def plan_snapshot(ctx: Any, quarter: str, notes: tuple[str, ...]) -> None:
        """Record every item's status, measure and figures as QUARTER's review (taking a
        quarter again replaces it; its earlier notes stay unless new ones are given)."""
        from qa_tui.desks.plan_snapshots import PlanSnapshotDesk

        given: dict[int, str] = {}
        for note in notes:
            key, sep, text = note.partition("=")
            if not sep or not key.strip().isdigit():
                raise click.BadParameter(f"{note!r}: write ID=TEXT", param_hint="--note")
            given[int(key)] = text
        with user_errors():
            taken = PlanSnapshotDesk(open_desk(ctx)).take(quarter, given)
        click.echo(
            for_terminal(f"{taken.quarter.label}: {len(taken.items)} item(s) recorded"), err=True
        )

    @plan.command("snapshots")
    @format_option
    @db_options
    @click.pass_obj
    def plan_snapshots(ctx: Any, fmt: str) -> None:
        """The quarters whose review was taken, newest first."""
        from qa_tui.desks.plan_snapshots import PlanSnapshotDesk

        with user_errors():
            found = PlanSnapshotDesk(open_desk(ctx)).quarters()
        records = (
            {
                "quarter": q.quarter.label,
                "first_day": q.quarter.start.isoformat(),
                "last_day": q.quarter.end.isoformat(),
                "items": q.items,
                "taken_at": q.taken_at,
                "taken_by": q.taken_by,
            }
            for q in found
        )
        if write_list(fmt, "snapshots", records):
            return
        for q in found:
            click.echo(
                for_terminal(
                    f"{q.quarter.label:<10} {q.quarter.end}  {q.items:>3} item(s)  "
                    f"taken {q.taken_at[:16].replace('T', ' ')} by {q.taken_by}"
                )
            )
