"""What every command shares: who is working on which database, turning errors into one
message (exit 1), writing data to stdout or a file whole, and the `--db`/`--user`
options that may follow a subcommand.

Data goes to stdout (or `-o FILE`, written whole or not at all), messages to stderr.
Exit 0 on success, 1 on bad input with one clear message and no traceback, 2 on bad
usage (click's own). Heavy modules are imported inside commands: start-up time is
a feature of the TUI.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from qa_tui.domain.text import for_terminal, json_text
from qa_tui.paths import resolve_db_path, resolve_user

if TYPE_CHECKING:
    from qa_tui.desks.audits import AuditDesk
    from qa_tui.desks.programmes import ProgrammeDesk
    from qa_tui.settings import Settings

# Ids and seeds are stored as SQLite integers: anything outside is bad usage, not a crash.
DB_ID = click.IntRange(1, 2**63 - 1)


NEED_TOKEN = (
    "this database has people: get a token with `qa-tui users token` and set QA_TUI_TOKEN to it"
)


class Context:
    def __init__(self, db: str | None, user: str | None):
        self.db_flag = db
        self.user_flag = user
        self.signed_in: str | None = None  # who a token (or the demo) says is working
        self.theme_flag: str | None = None  # `--theme`: the app's theme, saved as theirs
        self.rubrics_flag: str | None = None  # `--rubrics`: the council's rubrics folder

    @property
    def db_path(self) -> Path:
        return resolve_db_path(self.db_flag)

    @property
    def user(self) -> str:
        return self.signed_in or resolve_user(self.user_flag)

    @property
    def named_user(self) -> str | None:
        """The name `--user` or QA_TUI_USER gives, if either does (never the login name)."""
        named = (self.user_flag or "").strip() or os.environ.get("QA_TUI_USER", "").strip()
        return named or None


def council_rubrics(ctx: Context) -> Path | None:
    """The council's own rubrics folder: `--rubrics`, then QA_TUI_RUBRICS, then
    `rubrics = "DIR"` in the settings file; None when none of them names one."""
    for named, said in (
        (ctx.rubrics_flag, "--rubrics"),
        (os.environ.get("QA_TUI_RUBRICS"), "QA_TUI_RUBRICS"),
    ):
        if named and named.strip():
            folder = Path(named.strip()).expanduser()
            if not folder.is_dir():
                raise click.ClickException(for_terminal(f"{folder}: no such folder ({said})"))
            return folder
    from qa_tui.settings import SettingsProblem, load_settings

    try:
        return load_settings().rubrics
    except SettingsProblem as exc:
        raise click.ClickException(for_terminal_lines(str(exc).split("\n"))) from None


def rubric_folders(ctx: Context) -> list[Path]:
    """The folders rubrics are read from, in order: the shipped one, then the council's
    (whose files replace a shipped rubric of the same id, with a note)."""
    from qa_tui.paths import shipped_rubrics_dir

    council = council_rubrics(ctx)
    return [shipped_rubrics_dir(), *([council] if council else [])]


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn every known bad-input error into one message and exit status 1."""
    import sqlite3

    from qa_tui.domain.errors import InputProblems, NotAllowed, SignInRefused, StoreError

    try:
        yield
    except (NotAllowed, SignInRefused) as exc:
        raise click.ClickException(for_terminal_lines(str(exc).split("\n"))) from None
    except InputProblems as exc:
        raise click.ClickException(for_terminal_lines(exc.problems)) from None
    except StoreError as exc:
        raise click.ClickException(for_terminal_lines(str(exc).split("\n"))) from None
    except sqlite3.DatabaseError as exc:  # anywhere SQLite noticed: one sentence, no traceback
        from qa_tui.desks.opening import problem_for

        current = click.get_current_context(silent=True)
        found = current.find_object(Context) if current else None
        path = found.db_path if found else "database"
        raise click.ClickException(for_terminal(str(problem_for(path, exc)))) from None
    except OSError as exc:  # a file qa-tui reads or writes: full disk, permissions, folders
        where = exc.filename or "writing the output"
        raise click.ClickException(for_terminal(f"{where}: {exc.strerror or exc}")) from None
    except Exception as exc:
        # The desks' own refusals, in their words; imported only when one is raised.
        from qa_tui.desks.audits import ServiceError
        from qa_tui.desks.plan import ActionError

        if isinstance(exc, ServiceError | ActionError):
            raise click.ClickException(for_terminal_lines(str(exc).split("\n"))) from None
        raise


def for_terminal_lines(lines: list[str]) -> str:
    """Messages may quote what a file or the database holds: shown, never obeyed."""
    return "\n".join(for_terminal(line) for line in lines)


def open_desk(ctx: Context, *, create: bool = False, check_who: bool = True) -> AuditDesk:
    """The desk of whoever is working, on the chosen database. Only commands that make
    things (an import, the TUI) may create the file: a typo in a script's --db must fail,
    not export nothing.

    Who is working: on a database with no people, the `--user` name as always; on one
    with people, the owner of QA_TUI_TOKEN; on the demo's invented people, whoever
    `--user` or QA_TUI_USER names (demo.auditor when neither does). `check_who=False`
    is for the commands that let a person sign in with a passphrase instead.
    """
    from qa_tui.cli.progress import progress_on_stderr
    from qa_tui.desks.opening import open_desk as open_at

    with progress_on_stderr("upgrading the database: recounting the summaries") as progress:
        desk = open_at(
            ctx.db_path,
            ctx.user,
            create=create,
            progress=progress,
            rubrics_dir=rubric_folders(ctx),
        )
    if not check_who:
        return desk
    try:
        with user_errors():
            working = _working_desk(ctx, desk)
    except BaseException:
        desk.store.close()
        raise
    if working is not desk:
        ctx.signed_in = working.user
    return working


def _working_desk(ctx: Context, desk: AuditDesk) -> AuditDesk:
    if desk.person.single_user:  # no people: one query, and the answer is kept
        return desk
    token = os.environ.get("QA_TUI_TOKEN", "").strip()
    if token:
        from qa_tui.desks.people import person_for_token

        person = person_for_token(desk.store, token)
        named = (ctx.user_flag or "").strip().lower()
        if named and named != person.user_name:
            raise click.ClickException(
                "--user does not choose who you are on a database with people "
                f"(QA_TUI_TOKEN is {person.user_name}'s)"
            )
        return desk.signed_in(person)
    from qa_tui.desks.demo_open import demo_desk, is_demo_database

    if is_demo_database(ctx.db_path):
        from qa_tui.paths import DEMO_USER

        return demo_desk(desk, ctx.named_user or DEMO_USER)
    raise click.ClickException(NEED_TOKEN)


def emit(text: str, output: str | None, *, encoding: str = "utf-8") -> None:
    """Write data to stdout, or to a file replaced in one step so it is never half-written."""
    if output is None or output == "-":
        if encoding == "utf-8-sig":
            sys.stdout.write("\ufeff")
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    _replace_file(output, text.encode(encoding))


def emit_bytes(data: bytes, output: str | None) -> None:
    """Binary data (a workbook) to stdout, or to a file replaced in one step."""
    if output is None or output == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    _replace_file(output, data)


def _replace_file(output: str, data: bytes) -> None:
    """Write a temporary file beside the target, then rename it over the target."""
    import tempfile  # only for -o: the TUI's start-up does not pay for it

    target = Path(output)
    if target.is_dir():
        raise click.ClickException(f"{output}: is a folder; -o takes a file name")
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent or Path("."), prefix=f".{target.name}.")
    except OSError as exc:
        raise click.ClickException(f"{output}: cannot write ({exc.strerror})") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o600)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise click.ClickException(
            f"{output}: cannot write ({exc.strerror}); nothing was written"
        ) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    click.echo(f"wrote {target}", err=True)


def db_options(func):  # type: ignore[no-untyped-def]
    """`--db` and `--user` after a subcommand too (`qa-tui export grades --db x.sqlite3`)."""

    def remember_db(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
        if value:
            ctx.ensure_object(Context).db_flag = value

    def remember_user(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
        if value:
            ctx.ensure_object(Context).user_flag = value

    func = click.option(
        "--db",
        metavar="PATH",
        expose_value=False,
        callback=remember_db,
        help="Database file (default: QA_TUI_DB or the data directory).",
    )(func)
    return click.option(
        "--user",
        metavar="NAME",
        expose_value=False,
        callback=remember_user,
        help="Who is working (default: QA_TUI_USER or login name); "
        "once a database has people, QA_TUI_TOKEN says who.",
    )(func)


def check_theme(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    """`--theme NAME`: a theme that exists, or bad usage (exit 2) naming the choices."""
    if value is None:
        return None
    from qa_tui.tui.theme import theme_names

    names = theme_names()
    if value not in names:
        raise click.BadParameter(f"no such theme {value!r}; choose from: {', '.join(names)}")
    return value


def theme_option(func):  # type: ignore[no-untyped-def]
    """`--theme` after a subcommand too (`qa-tui demo --theme qa-tui-high-contrast`)."""

    def remember(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
        if check_theme(ctx, param, value):
            ctx.ensure_object(Context).theme_flag = value

    return click.option(
        "--theme",
        metavar="NAME",
        expose_value=False,
        callback=remember,
        help="The app's theme, kept for next time (e.g. qa-tui-high-contrast).",
    )(func)


def tui_settings(ctx: Context) -> Settings:
    """The person's settings file, read once for the app; `--theme` overrides it and is
    saved. A broken file is one message, a line a problem (exit 1), before the app starts."""
    from qa_tui.settings import SettingsProblem, load_settings, remember_theme
    from qa_tui.tui.key_ids import KEY_BINDING_IDS
    from qa_tui.tui.theme import theme_names

    try:
        settings = load_settings(themes=theme_names(), binding_ids=KEY_BINDING_IDS)
        if ctx.theme_flag and ctx.theme_flag != settings.theme:
            settings.theme = ctx.theme_flag
            remember_theme(ctx.theme_flag, settings.path)
    except SettingsProblem as exc:
        raise click.ClickException(for_terminal_lines(str(exc).split("\n"))) from None
    except OSError as exc:  # the theme is used; only keeping it failed
        click.echo(for_terminal(f"the theme is used but not saved: {exc}"), err=True)
    return settings


def programme_desk(ctx: Context) -> ProgrammeDesk:
    """The programmes desk of whoever is working, on the chosen database."""
    from qa_tui.desks.programmes import ProgrammeDesk

    return ProgrammeDesk(open_desk(ctx))


def parse_date(  # a click callback for YYYY-MM-DD options
    _ctx: click.Context, _param: click.Parameter, value: str | None
) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (use YYYY-MM-DD)") from None


# Seeds and ids are stored as SQLite integers; anything outside is bad usage, not a crash.
SEED = click.IntRange(0, 2**63 - 1)


def print_json(data: Any) -> None:
    """Data for a script, every control character escaped."""
    sys.stdout.write(json_text(data, default=str) + "\n")


def echo_text(text: str, *, err: bool = False) -> None:
    """A line of text mode output: what the database holds is shown, never obeyed."""
    click.echo(for_terminal(text), err=err)
