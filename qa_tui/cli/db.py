"""`qa-tui db check | backup | rebuild-summaries`: looking after the database file."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click


def register(cli: click.Group, db_options: Callable[[Any], Any],
             user_errors: Callable[[], Any]) -> None:
    from qa_tui.cli.main import Context, emit

    @cli.group()
    def db() -> None:
        """Check, back up and repair the database file."""

    @db.command("check")
    @click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
                  show_default=True)
    @db_options
    @click.pass_obj
    def db_check(ctx: Context, fmt: str) -> None:
        """Integrity, references, summary tables against a recount, and the history's
        hash chain. Exit 1 when anything is wrong. Reads only."""
        from qa_tui.store.health import check_database

        path = ctx.db_path
        if not path.is_file():
            raise click.ClickException(f"no database at {path}")
        with user_errors():
            report = check_database(path)
        if fmt == "json":
            emit(json.dumps({"schema_version": 1, "database": str(path), "ok": report.ok,
                             "passed": report.passed, "problems": report.problems},
                            indent=2) + "\n", None)
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
                "`qa-tui db rebuild-summaries` mends them.")
        click.echo(f"{path}: no problems found", err=True)

    @db.command("backup")
    @click.argument("target", type=click.Path(path_type=Path))
    @db_options
    @click.pass_obj
    def db_backup(ctx: Context, target: Path) -> None:
        """Copy the database to TARGET, consistent even while others are working."""
        from qa_tui.store.database import Store, StoreError

        if target.exists():
            raise click.ClickException(f"{target}: already exists; name a new file")
        if not target.parent.is_dir():
            raise click.ClickException(f"{target.parent}: no such folder")
        with user_errors():
            store = Store.open(ctx.db_path, create=False)
            try:
                problems = store.integrity()
                if problems:
                    raise StoreError(f"{ctx.db_path}: the database is damaged ({problems[0]});"
                                     " a backup of it would be damaged too. Restore from an "
                                     "earlier backup.")
                try:
                    store.backup_to(target)
                except OSError as exc:
                    raise StoreError(f"{target}: cannot write ({exc.strerror})") from None
            finally:
                store.close()
        click.echo(f"backed up {ctx.db_path} to {target}", err=True)

    @db.command("rebuild-summaries")
    @db_options
    @click.pass_obj
    def db_rebuild(ctx: Context) -> None:
        """Recount the dashboard's summary tables from the audits and moderations."""
        from qa_tui.store.database import Store

        with user_errors():
            store = Store.open(ctx.db_path, create=False)
            try:
                store.check_before_bulk_write(("audits", "answers", "moderations",
                                               "moderation_answers", "audit_themes"))
                store.rebuild_summaries()
            finally:
                store.close()
        click.echo(f"{ctx.db_path}: summary tables recounted", err=True)
