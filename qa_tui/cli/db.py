"""`qa-tui db check | backup | rebuild-summaries | settings`: looking after the database
file, and the council's settings kept in it."""

from __future__ import annotations

import json
from pathlib import Path

import click

from qa_tui.cli.common import Context, db_options, emit, open_desk, user_errors


def _may_look_after(ctx: Context) -> None:
    """A QA lead's or an administrator's (anyone's on a database with no people)."""
    from qa_tui.desks.upkeep import require_upkeep

    with user_errors():
        require_upkeep(lambda: open_desk(ctx))


def register(cli: click.Group) -> None:

    @cli.group()
    def db() -> None:
        """Check, back up and repair the database file."""

    @db.command("check")
    @click.option(
        "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
    )
    @db_options
    @click.pass_obj
    def db_check(ctx: Context, fmt: str) -> None:
        """Integrity, references, summary tables against a recount, and the history's
        hash chain. Exit 1 when anything is wrong. Reads only."""
        from qa_tui.desks.upkeep import check

        path = ctx.db_path
        if not path.is_file():
            raise click.ClickException(f"no database at {path}")
        _may_look_after(ctx)
        with user_errors():
            report = check(path)
        if fmt == "json":
            emit(
                json.dumps(
                    {
                        "schema_version": 1,
                        "database": str(path),
                        "ok": report.ok,
                        "passed": report.passed,
                        "problems": report.problems,
                    },
                    indent=2,
                )
                + "\n",
                None,
            )
        else:
            from qa_tui.domain.text import for_terminal

            for line in report.passed:
                click.echo(f"ok       {line}")
            for line in report.problems:
                click.echo(f"PROBLEM  {for_terminal(line)}")
        if not report.ok:
            raise click.ClickException(
                f"{path}: {len(report.problems)} problem(s) found. Nothing was changed. "
                "Restore from a backup; if only the summaries differ, "
                "`qa-tui db rebuild-summaries` mends them."
            )
        click.echo(f"{path}: no problems found", err=True)

    @db.command("backup")
    @click.argument("target", type=click.Path(path_type=Path))
    @db_options
    @click.pass_obj
    def db_backup(ctx: Context, target: Path) -> None:
        """Copy the database to TARGET, consistent even while others are working."""
        from qa_tui.desks.upkeep import backup

        if target.exists():
            raise click.ClickException(f"{target}: already exists; name a new file")
        if not target.parent.is_dir():
            raise click.ClickException(f"{target.parent}: no such folder")
        _may_look_after(ctx)
        with user_errors():
            backup(ctx.db_path, target)
        click.echo(f"backed up {ctx.db_path} to {target}", err=True)

    @db.command("rebuild-summaries")
    @db_options
    @click.pass_obj
    def db_rebuild(ctx: Context) -> None:
        """Recount the dashboard's summary tables from the audits and moderations."""
        from qa_tui.desks.upkeep import rebuild_summaries

        _may_look_after(ctx)
        with user_errors():
            rebuild_summaries(ctx.db_path)
        click.echo(f"{ctx.db_path}: summary tables recounted", err=True)

    @db.command("settings")
    @click.option(
        "--quarters",
        type=click.Choice(["calendar", "financial"]),
        help="Name quarters as calendar quarters (2026-Q3) or financial-year quarters "
        "from April (Q4-23/24), for the dashboard, the action plan and the reports.",
    )
    @db_options
    @click.pass_obj
    def db_settings(ctx: Context, quarters: str | None) -> None:
        """Show the council's settings, or change one (a QA lead's or an administrator's)."""
        from qa_tui.desks.council_settings import CouncilSettingsDesk

        with user_errors():
            settings = CouncilSettingsDesk(open_desk(ctx))
            if quarters is not None:
                changed = settings.set_quarters(quarters)
                click.echo(f"quarters: {quarters}{'' if changed else ' (already)'}", err=True)
            click.echo(f"quarters = {settings.quarters()}")
