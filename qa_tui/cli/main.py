"""The `qa-tui` command: opens the TUI, or does one job for a script.

This entry module makes the top-level group; every other command lives in a module of
its own, imported only when that command is run or listed (`qa-tui --help`), so that
opening the TUI pays for none of them. No command module imports this one back.
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from qa_tui.cli.common import (
    Context,
    check_theme,
    db_options,
    open_desk,
    rubric_folders,
    theme_option,
    tui_settings,
    user_errors,
)
from qa_tui.cli.lazy import LazyGroup
from qa_tui.paths import DEMO_USER

if TYPE_CHECKING:
    from qa_tui.desks.audits import AuditDesk

# Each command and the module of qa_tui.cli that makes it: "module:name" for a command
# the module defines at its top, "module" for one its `register(cli)` adds (with the
# others it adds).
COMMANDS = {
    "rubrics": "rubrics:rubrics",
    "cases": "cases:cases",
    "moderation": "moderation:moderation",
    "follow-ups": "moderation:follow_ups",
    "programmes": "programmes",
    "sample": "sampling",
    "auditors": "sampling",
    "assign": "sampling",
    "reassign": "sampling",
    "themes": "themes",
    "plan": "themes",
    "export": "exports",
    "db": "db",
    "users": "users",
    "serve": "serve",
    "report": "reports:report",
    "reaudits": "reaudits:reaudits",
    "supervision": "supervision:supervision",
    "learning": "learning:learning",
    "family-views": "family_views:family_views",
    "calibration": "calibration:calibration",
    "multi-agency": "multi_agency:multi_agency",
}


@click.group(
    cls=LazyGroup,
    lazy_commands=COMMANDS,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option(
    "--db",
    metavar="PATH",
    help="Database file (default: QA_TUI_DB, else the per-user data directory).",
)
@click.option(
    "--user",
    metavar="NAME",
    help="Who is working (default: QA_TUI_USER, else the login name); once a database "
    "has people, QA_TUI_TOKEN says who (the app asks them to sign in).",
)
@click.option(
    "--theme",
    metavar="NAME",
    callback=check_theme,
    help="The app's theme, kept for next time (e.g. qa-tui-high-contrast, textual-light).",
)
@click.option(
    "--rubrics",
    metavar="DIR",
    help="The council's own rubrics folder, read beside the shipped rubrics "
    "(default: QA_TUI_RUBRICS, else `rubrics` in the settings file).",
)
@click.version_option(package_name="qa-tui")
@click.pass_context
def cli(
    ctx: click.Context, db: str | None, user: str | None, theme: str | None, rubrics: str | None
) -> None:
    """Quality-assurance audits of children's social care case files.

    With no command, opens the auditor's desk in the terminal.
    """
    ctx.obj = Context(db, user)
    ctx.obj.theme_flag = theme
    ctx.obj.rubrics_flag = rubrics
    if ctx.invoked_subcommand is None:
        run_tui(ctx.obj)


def run_tui(ctx: Context, *, demo: bool = False) -> None:
    """The app on the chosen database. With people it asks who is there first, except on
    the demo, whose invented people need no passphrase (`--user` or `demo --as`)."""
    sign_in = False
    settings = tui_settings(ctx)
    with user_errors():
        desk = _opened_for_the_app(ctx)
        if desk.person.single_user:
            if demo and ctx.user_flag != DEMO_USER:
                _hint_old_demo(ctx)
        else:
            from qa_tui.desks.demo_open import demo_desk, is_demo_database

            if is_demo_database(ctx.db_path):
                desk, demo = demo_desk(desk, ctx.named_user or DEMO_USER), True
            elif demo:
                raise click.ClickException(
                    f"{ctx.db_path}: not a demo database; its people sign in: "
                    f"open it with `qa-tui --db {ctx.db_path}`"
                )
            else:
                sign_in = True
    from qa_tui.tui.app import make_app

    app = make_app(desk, demo=demo, sign_in=sign_in, settings=settings)
    # Everything made so far (modules, classes, the desk) lives as long as the app:
    # frozen out of the garbage collector's sight, no full collection has to walk it
    # again (the first one fell in the first screen's paints, about 13 ms here).
    gc.freeze()
    app.run()


def _opened_for_the_app(ctx: Context) -> AuditDesk:
    """The desk, opened under a loading screen with progress when opening upgrades the
    file with a recount of its summaries (a minute or more on a large one)."""
    from qa_tui.desks.opening import open_desk as open_at
    from qa_tui.desks.opening import upgrade_recounts

    if not (sys.stdout.isatty() and upgrade_recounts(ctx.db_path)):
        return open_desk(ctx, create=True, check_who=False)
    from qa_tui.tui.upgrading import open_with_progress

    path, folders = ctx.db_path, rubric_folders(ctx)
    return open_with_progress(
        lambda progress: open_at(
            path, ctx.user, create=True, progress=progress, rubrics_dir=folders
        ),
        str(path),
    )


def _hint_old_demo(ctx: Context) -> None:
    """A demo built before it had people: `--as` names a user, but every role is theirs."""
    from qa_tui.desks.demo_open import is_demo_database

    if is_demo_database(ctx.db_path):
        click.echo(
            "this demo was built before it had people, so every role is yours; "
            "`qa-tui demo --reset` builds it afresh with a person in every role",
            err=True,
        )


@cli.command()
@click.option("--reset", is_flag=True, help="Throw away the demo database and build it again.")
@click.option(
    "--as",
    "as_user",
    metavar="USER_NAME",
    help=f"Open as this demo person (default {DEMO_USER}); e.g. qa.lead, tm.cedar, hos.maple.",
)
@db_options
@theme_option
@click.pass_obj
def demo(ctx: Context, reset: bool, as_user: str | None) -> None:
    """Open the TUI on a demo database of invented cases, audits and people.

    Every demo person's passphrase is "demo passphrase"; `--as` needs none.
    """
    from qa_tui.paths import demo_db_path

    path = Path(ctx.db_flag).expanduser() if ctx.db_flag else demo_db_path()
    if reset and path.exists():
        from qa_tui.desks.demo_open import is_demo_database

        if not is_demo_database(path):
            raise click.ClickException(
                f"{path}: not a demo database; --reset throws away only a demo database "
                "(it holds cases other than the invented DEMO- ones)"
            )
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    if not path.exists():
        click.echo(f"building the demo database at {path} ...", err=True)
        from qa_tui.desks.demo import build_demo_database

        with user_errors():
            build_demo_database(path)
    ctx.db_flag = str(path)
    # The demo's people are invented: QA_TUI_USER (your own name) does not pick one.
    ctx.user_flag = (as_user or "").strip() or (ctx.user_flag or "").strip() or DEMO_USER
    run_tui(ctx, demo=True)


def main() -> None:
    """The `qa-tui` program. A failure nobody foresaw is one line naming the log file
    that keeps its traceback, never a traceback on a script's stderr."""
    try:
        cli(prog_name="qa-tui")
    except Exception as exc:  # click has already handled every expected failure
        from qa_tui.crash_log import record_failure

        log = record_failure("qa-tui " + " ".join(sys.argv[1:]), exc)
        where = f"; details were written to {log}" if log else ""
        click.echo(f"Error: unexpected {type(exc).__name__}{where}", err=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
