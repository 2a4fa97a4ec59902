"""The `qa-tui` command: opens the TUI, or does one job for a script.

Data goes to stdout (or `-o FILE`, written whole or not at all), messages to stderr.
Exit 0 on success, 1 on bad input with one clear message and no traceback, 2 on bad
usage (click's own). Heavy modules are imported inside commands: start-up time is
a feature of the TUI.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from qa_tui.domain.text import for_terminal, json_text
from qa_tui.paths import resolve_db_path, resolve_user

# Ids and seeds are stored as SQLite integers: anything outside is bad usage, not a crash.
DB_ID = click.IntRange(1, 2**63 - 1)


class Context:
    def __init__(self, db: str | None, user: str | None):
        self.db_flag = db
        self.user_flag = user

    @property
    def db_path(self) -> Path:
        return resolve_db_path(self.db_flag)

    @property
    def user(self) -> str:
        return resolve_user(self.user_flag)


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn every known bad-input error into one message and exit status 1."""
    import sqlite3

    from qa_tui.desks.audits import ServiceError
    from qa_tui.domain.errors import InputProblems
    from qa_tui.store.database import StoreError, database_problem

    try:
        yield
    except InputProblems as exc:
        raise click.ClickException(_for_terminal_lines(exc.problems)) from None
    except (StoreError, ServiceError) as exc:
        raise click.ClickException(_for_terminal_lines(str(exc).split("\n"))) from None
    except sqlite3.DatabaseError as exc:  # anywhere SQLite noticed: one sentence, no traceback
        current = click.get_current_context(silent=True)
        found = current.find_object(Context) if current else None
        path = found.db_path if found else "database"
        raise click.ClickException(for_terminal(str(database_problem(path, exc)))) from None
    except OSError as exc:  # a file qa-tui reads or writes: full disk, permissions, folders
        where = exc.filename or "writing the output"
        raise click.ClickException(for_terminal(f"{where}: {exc.strerror or exc}")) from None


def _for_terminal_lines(lines: list[str]) -> str:
    """Messages may quote what a file or the database holds: shown, never obeyed."""
    return "\n".join(for_terminal(line) for line in lines)


def open_desk(ctx: Context, *, create: bool = False):  # type: ignore[no-untyped-def]
    """The desk on the chosen database. Only commands that make things (an import, the
    TUI) may create the file: a typo in a script's --db must fail, not export nothing."""
    from qa_tui.desks.audits import AuditDesk
    from qa_tui.store.database import Store

    return AuditDesk(Store.open(ctx.db_path, create=create), ctx.user)


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
        raise click.ClickException(f"{output}: cannot write ({exc.strerror}); nothing was "
                                   "written") from None
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

    func = click.option("--db", metavar="PATH", expose_value=False, callback=remember_db,
                        help="Database file (default: QA_TUI_DB or the data directory).")(func)
    return click.option("--user", metavar="NAME", expose_value=False, callback=remember_user,
                        help="Who is working (default: QA_TUI_USER or login name).")(func)


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", metavar="PATH",
              help="Database file (default: QA_TUI_DB, else the per-user data directory).")
@click.option("--user", metavar="NAME",
              help="Who is working (default: QA_TUI_USER, else the login name).")
@click.version_option(package_name="qa-tui")
@click.pass_context
def cli(ctx: click.Context, db: str | None, user: str | None) -> None:
    """Quality-assurance audits of children's social care case files.

    With no command, opens the auditor's desk in the terminal.
    """
    ctx.obj = Context(db, user)
    if ctx.invoked_subcommand is None:
        run_tui(ctx.obj)


def run_tui(ctx: Context, *, demo: bool = False) -> None:
    with user_errors():
        desk = open_desk(ctx, create=True)
    from qa_tui.tui.app import make_app

    make_app(desk, demo=demo).run()


@cli.command()
@click.option("--reset", is_flag=True, help="Throw away the demo database and build it again.")
@db_options
@click.pass_obj
def demo(ctx: Context, reset: bool) -> None:
    """Open the TUI on a demo database of invented cases and audits."""
    from qa_tui.paths import DEMO_USER, demo_db_path

    path = Path(ctx.db_flag).expanduser() if ctx.db_flag else demo_db_path()
    if reset and path.exists():
        from qa_tui.desks.demo import is_demo_database

        if not is_demo_database(path):
            raise click.ClickException(
                f"{path}: not a demo database; --reset throws away only a demo database "
                "(it holds cases other than the invented DEMO- ones)")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    if not path.exists():
        click.echo(f"building the demo database at {path} ...", err=True)
        from qa_tui.desks.demo import build_demo_database

        with user_errors():
            build_demo_database(path)
    ctx.db_flag = str(path)
    if not ctx.user_flag and not os.environ.get("QA_TUI_USER"):
        ctx.user_flag = DEMO_USER
    run_tui(ctx, demo=True)


# -- rubrics -------------------------------------------------------------------------


@cli.group()
def rubrics() -> None:
    """List, show and validate rubric files."""


@rubrics.command("list")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def rubrics_list(fmt: str) -> None:
    """The shipped rubrics."""
    from qa_tui.domain.rubric_files import load_rubrics

    with user_errors():
        files = load_rubrics()
    if fmt == "json":
        emit(json.dumps([{"id": f.rubric.id, "title": f.rubric.title, "version": f.rubric.version,
                          "criteria": len(f.rubric.criteria), "hash": f.rubric.content_hash()}
                         for f in files], indent=2) + "\n", None)
        return
    width = max(len(f.rubric.id) for f in files)
    for f in files:
        click.echo(for_terminal(f"{f.rubric.id:<{width}}  v{f.rubric.version:<4} "
                                f"{len(f.rubric.criteria):>2} criteria  {f.rubric.title}"))


@rubrics.command("show")
@click.argument("rubric_id")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def rubrics_show(rubric_id: str, fmt: str) -> None:
    """One rubric: its criteria, scales and guidance."""
    from qa_tui.domain.rubric_files import load_rubrics

    with user_errors():
        files = {f.rubric.id: f.rubric for f in load_rubrics()}
    rubric = files.get(rubric_id)
    if rubric is None:
        raise click.ClickException(
            f"no rubric with id {rubric_id!r} (known: {', '.join(sorted(files))})")
    if fmt == "json":
        emit(json.dumps(rubric.model_dump(mode="json"), indent=2) + "\n", None)
        return
    click.echo(for_terminal(f"{rubric.title}  ({rubric.id}, version {rubric.version})"))
    click.echo(_for_terminal_lines(rubric.description.split("\n")))
    for n, c in enumerate(rubric.criteria, 1):
        flags: list[str] = [c.kind]
        if c.limiting:
            flags.append("limiting")
        if c.not_applicable:
            flags.append("may be not applicable")
        click.echo("\n" + for_terminal(f"{n}. {c.question}  [{c.id}; {', '.join(flags)}]"))
        for value, grade in enumerate(rubric.scale_for(c).grades, 1):
            click.echo(for_terminal(f"   {value} {grade.label}: {c.guidance[grade.key]}"))


@rubrics.command("validate")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
def rubrics_validate(files: tuple[Path, ...]) -> None:
    """Check rubric files (default: the shipped ones); every problem as file:line."""
    from qa_tui.domain.rubric_files import RubricFileError, load_rubric_file, load_rubrics

    problems: list[str] = []
    checked = 0
    if not files:
        try:
            checked = len(load_rubrics())
        except RubricFileError as exc:
            problems = exc.problems
    for path in files:
        try:
            load_rubric_file(path)
            checked += 1
        except RubricFileError as exc:
            problems.extend(exc.problems)
    if problems:
        raise click.ClickException("\n".join(problems))
    click.echo(f"{checked} rubric file(s) valid", err=True)


@rubrics.command("schema")
def rubrics_schema() -> None:
    """Print the JSON schema of a rubric file."""
    from qa_tui.domain.rubric import rubric_json_schema

    emit(json.dumps(rubric_json_schema(), indent=2) + "\n", None)


# -- cases ---------------------------------------------------------------------------


@cli.group()
def cases() -> None:
    """Import the case list."""


def _field_maps(_ctx: click.Context, _param: click.Parameter,
                values: tuple[str, ...]) -> dict[str, str]:
    """`--map case_ref="Case Ref"` entries as {field: header}; a bad one is bad usage."""
    from qa_tui.domain.case_list import KNOWN_COLUMNS

    mapping: dict[str, str] = {}
    for value in values:
        field, sep, header = value.partition("=")
        field, header = field.strip(), header.strip()
        if not sep:
            raise click.BadParameter(f"{value!r} is not FIELD=HEADER "
                                     f"(e.g. case_ref=\"Case Ref\")")
        if field not in KNOWN_COLUMNS:
            raise click.BadParameter(f"unknown field {field!r} in {value!r} "
                                     f"(fields: {', '.join(KNOWN_COLUMNS)})")
        if not header:
            raise click.BadParameter(f"{value!r} names no column header")
        if field in mapping:
            raise click.BadParameter(f"field {field!r} is mapped more than once")
        mapping[field] = header
    return mapping


@cases.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--map", "maps", multiple=True, metavar="FIELD=HEADER", callback=_field_maps,
              help="Take FIELD (case_ref, team, worker, manager, cohort, child_pseudonym, "
                   "opened_on) from the column headed HEADER. Repeatable.")
@click.option("--mapping", "mapping_name", metavar="NAME",
              help="Use a saved mapping; --map entries override its fields.")
@click.option("--save-mapping", metavar="NAME",
              help="After a successful import, save the mapping used under NAME.")
@click.option("--close-missing", is_flag=True,
              help="The file is the whole list of open cases: close any open case not in "
                   "it (closed cases keep their audits and reopen if listed again).")
@click.option("--keep-column", "keep_columns", multiple=True, metavar="HEADER",
              help="Keep this column although it looks like a direct identifier (a name, "
                   "date of birth, address, NHS number...); the choice is recorded. "
                   "Repeatable.")
@db_options
@click.pass_obj
def cases_import(ctx: Context, file: Path, maps: dict[str, str], mapping_name: str | None,
                 save_mapping: str | None, close_missing: bool,
                 keep_columns: tuple[str, ...]) -> None:
    """Import or update cases from a CSV or XLSX case list (by case_ref).

    Columns that look like direct identifiers of a child or family (names, dates of
    birth, addresses and postcodes, NHS, National Insurance and pupil numbers, phone
    numbers, email addresses) are left out, and said so, unless named by --keep-column.
    A column mapped to a field with --map is always imported.
    """
    import shlex

    from qa_tui.domain.case_list import read_case_list

    if save_mapping is not None and not save_mapping.strip():
        raise click.BadParameter("a mapping needs a name", param_hint="'--save-mapping'")
    if save_mapping and not (maps or mapping_name):
        raise click.UsageError("--save-mapping needs --map or --mapping: there is nothing "
                               "to save")
    with user_errors():
        desk = None
        mapping: dict[str, str] = {}
        if mapping_name is not None:
            # The saved mapping is read first, from an existing database only.
            if not ctx.db_path.exists():
                raise click.ClickException(
                    f"no saved mapping called {mapping_name!r} (saved: none; "
                    f"{ctx.db_path} does not exist yet)")
            desk = open_desk(ctx)
            mapping = desk.case_mapping(mapping_name)
        mapping.update(maps)
        # A bad file is reported before any write.
        rows = read_case_list(file, mapping, keep_columns)
        if desk is None:
            desk = open_desk(ctx, create=True)
        added, updated, closed = desk.import_case_rows(rows, str(file),
                                                       close_missing=close_missing,
                                                       kept_columns=rows.kept)
        if save_mapping:
            desk.save_case_mapping(save_mapping, mapping)
    for column in rows.dropped:
        click.echo(for_terminal(
            f"{file}: column {column.header!r} left out: it looks like {column.reason}, a "
            f"direct identifier (to import it: --keep-column {shlex.quote(column.header)})"),
            err=True)
    for header in rows.kept:
        click.echo(for_terminal(f"{file}: column {header!r} imported as asked, although it "
                                f"looks like a direct identifier (recorded)"), err=True)
    saved = f"; mapping {save_mapping.strip()!r} saved" if save_mapping else ""
    click.echo(for_terminal(f"{file}: {added} case(s) added, {updated} updated, {closed} "
                            f"closed{saved}"), err=True)


@cases.command("mappings")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@db_options
@click.pass_obj
def cases_mappings(ctx: Context, fmt: str) -> None:
    """List the saved case-list column mappings and their fields."""
    from qa_tui.desks.audits import AuditDesk
    from qa_tui.store.database import Store

    with user_errors():
        desk = AuditDesk(Store.open(ctx.db_path, create=False), ctx.user)
        saved = desk.case_mappings()
    if fmt == "json":
        document = {"schema_version": 1,
                    "mappings": [{"name": name, "fields": fields}
                                 for name, fields in saved.items()]}
        emit(json_text(document) + "\n", None)
    else:
        emit("".join(for_terminal(
            f"{name}: " + ", ".join(f"{field}={header}" for field, header in fields.items()))
            + "\n" for name, fields in saved.items()), None)
    click.echo(f"{len(saved)} saved mapping(s)", err=True)


def _register_programme_commands() -> None:
    from qa_tui.cli import programmes as cli_programmes
    from qa_tui.cli import themes as cli_themes

    cli_programmes.register(cli, db_options, user_errors)
    cli_themes.register(cli, db_options, user_errors)


def _register_export_commands() -> None:
    from qa_tui.cli import db as cli_db
    from qa_tui.cli import exports as cli_export

    cli_export.register(cli, db_options, user_errors)
    cli_db.register(cli, db_options, user_errors)


@cli.group()
def moderation() -> None:
    """The moderation queue and agreement between auditors and moderators."""


@moderation.command("queue")
@click.option("--done", is_flag=True, help="Completed moderations instead of waiting ones.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@db_options
@click.pass_obj
def moderation_queue(ctx: Context, done: bool, fmt: str) -> None:
    """Audits selected for moderation, with why each was selected."""
    from qa_tui.desks.moderation import ModerationDesk

    with user_errors():
        rows = ModerationDesk(open_desk(ctx)).queue("done" if done else "waiting")
    if fmt == "json":
        emit(json.dumps(rows, indent=2) + "\n", None)
        return
    for r in rows:
        moderated = f" -> {r['moderated_label']}" if r["moderated_label"] else ""
        click.echo(for_terminal(
            f"{r['audit_id']:>6}  {r['case_ref']:<15}{r['auditor'][:14]:<15}"
            f"{(r['auditor_label'] or '') + moderated:<34}{r['selected_because']}"))


@moderation.command("agreement")
@click.option("--by", type=click.Choice(["auditor", "criterion", "programme", "overall"]),
              default="auditor", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@db_options
@click.pass_obj
def moderation_agreement(ctx: Context, by: str, fmt: str) -> None:
    """Exact and within-one agreement, weighted kappa and tendency, from moderations done."""
    from qa_tui.desks.moderation import ModerationDesk

    with user_errors():
        figures = ModerationDesk(open_desk(ctx)).agreement_by(by)
    if fmt == "json":
        emit(json.dumps({name: a.__dict__ for name, a in figures.items()}, indent=2) + "\n",
             None)
        return

    def pct(value: float | None) -> str:
        return "    -" if value is None else f"{value * 100:4.0f}%"

    click.echo(f"{by:<30} pairs exact  ±one  kappa generous mean diff")
    for name, a in figures.items():
        kappa = "     -" if a.kappa is None else f"{a.kappa:6.2f}"
        diff = "    -" if a.mean_difference is None else f"{a.mean_difference:+5.2f}"
        click.echo(for_terminal(
            f"{name[:30]:<30}{a.pairs:>6} {pct(a.exact)} {pct(a.within_one)} {kappa}"
            f"   {pct(a.generous)}     {diff}"))


@cli.group("follow-ups")
def follow_ups() -> None:
    """Escalations and case actions, until each is done."""


@follow_ups.command("list")
@click.option("--all", "include_closed", is_flag=True, help="Closed ones too.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@db_options
@click.pass_obj
def follow_ups_list(ctx: Context, include_closed: bool, fmt: str) -> None:
    """Open escalations first, then case actions by due date; overdue marked."""
    from datetime import date

    from qa_tui.desks.follow_ups import FollowUps

    with user_errors():
        items = FollowUps(open_desk(ctx)).list(include_closed=include_closed)
    today = date.today()
    if fmt == "json":
        emit(json.dumps([{**item.__dict__, "overdue": item.overdue(today)} for item in items],
                        indent=2) + "\n", None)
        return
    for item in items:
        late = " OVERDUE" if item.overdue(today) else ""
        due = f"due {item.due_on}" if item.due_on else f"raised {item.raised_on[:10]}"
        click.echo(for_terminal(
            f"{item.kind:<11}{item.id:>5}  {item.case_ref:<15}{item.owner[:20]:<21}"
            f"{due}{late}  {item.what}"))


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


_register_programme_commands()
_register_export_commands()


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
