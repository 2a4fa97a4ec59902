"""`qa-tui export grades|themes|actions|schema`: data for scripts and the board.

Registered on the main `qa-tui` group by `qa_tui.cli.main`; same conventions: data to stdout
or `-o FILE` (written whole or not at all), messages to stderr, exit 1 with one line on
bad input. The documents and their formats live in the export modules; these commands
only read the flags, open the database read-only and pick the format.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import date
from typing import Any

import click

from qa_tui.cli.common import db_options, open_desk, user_errors
from qa_tui.cli.periods import FROM_DAY, FROM_MONTH, TO_DAY, TO_MONTH

FORMATS = ["json", "ndjson", "csv", "xlsx", "md"]  # ndjson: one record a line
SCHEMA_KINDS = ["themes", "actions", "grades"]
GRADES_TABLES = ["answers", "actions", "escalations", "feedback"]  # CSV holds one table


def _suppress_below(_ctx: click.Context, _param: click.Parameter, value: int) -> int:
    if value < 0:
        raise click.ClickException(
            f"--suppress-below {value} is negative (use 0 to turn suppression off)"
        )
    return value


def _check_output(fmt: str, output: str | None) -> None:
    """Refuse at once, before any work, to pour a workbook into a terminal."""
    if fmt == "xlsx" and output in (None, "-") and sys.stdout.isatty():
        raise click.ClickException(
            "xlsx is binary: write it to a file with -o FILE.xlsx (or pipe it)"
        )


def write_document(
    document: dict[str, Any],
    fmt: str,
    output: str | None,
    *,
    csv: Callable[[dict[str, Any]], str],
    sheets: Callable[[dict[str, Any]], list[Any]],
    markdown: Callable[[dict[str, Any]], str],
) -> None:
    """One document in the format asked for, to stdout or written whole to -o."""
    from qa_tui.cli.common import emit, emit_bytes

    if fmt == "json":
        from qa_tui.domain.text import json_text

        emit(json_text(document) + "\n", output)
    elif fmt == "ndjson":  # the document's records (its `kind` names the list), a line each
        from qa_tui.domain.text import json_text

        emit("".join(json_text(r, indent=None) + "\n" for r in document[document["kind"]]), output)
    elif fmt == "csv":
        emit(csv(document), output, encoding="utf-8-sig")
    elif fmt == "md":
        emit(markdown(document), output)
    else:
        from qa_tui.exports.formats import xlsx_bytes

        emit_bytes(xlsx_bytes(sheets(document)), output)


def _plan_options(*, auditor: bool, months: str) -> Callable[[Any], Any]:
    """The dashboard's filters, the format, -o and --suppress-below; `months` says what
    --from and --to pick (audits submitted, or items due)."""

    def decorate(func: Any) -> Any:
        options = [
            click.option(
                "--format", "fmt", type=click.Choice(FORMATS), default="json", show_default=True
            ),
            click.option(
                "-o",
                "--output",
                metavar="FILE",
                help="Write here instead of stdout (needed for xlsx on a terminal).",
            ),
            click.option(
                "--from",
                "month_from",
                type=FROM_MONTH,
                help=f"{months} from this month (or the month a day or quarter starts).",
            ),
            click.option(
                "--to",
                "month_to",
                type=TO_MONTH,
                help=f"{months} up to this month, included (or a day's, a quarter's last).",
            ),
            click.option(
                "--programme", metavar="NAME_OR_ID", help="Only this programme (audit round)."
            ),
            click.option("--team", help="Only this team."),
            click.option("--rubric", help="Only this rubric id."),
            click.option("--cohort", help="Only this cohort."),
            *([click.option("--auditor", help="Only this auditor's audits.")] if auditor else []),
            click.option(
                "--suppress-below",
                type=int,
                default=5,
                show_default=True,
                callback=_suppress_below,
                metavar="N",
                help="Hide counts from 1 to N-1 (they could identify a child "
                "or worker), and shares worked out from them; 0 = off.",
            ),
        ]
        for option in reversed(options):
            func = option(func)
        return func

    return decorate


def _filters(
    desk: Any, month_from: str | None, month_to: str | None, options: dict[str, Any]
) -> tuple[Any, dict[str, Any]]:
    from qa_tui.exports.formats import ExportError
    from qa_tui.exports.themes import resolve_filters

    if month_from and month_to and month_from > month_to:
        raise ExportError(f"--from {month_from} is after --to {month_to}")
    return resolve_filters(desk, month_from=month_from, month_to=month_to, **options)


def register(cli: click.Group) -> None:
    """Add the export group to the main group."""

    @cli.group()
    def export() -> None:
        """Export data for scripts and the improvement board."""

    @export.command("grades")
    @click.option("--format", "fmt", type=click.Choice(FORMATS), default="json", show_default=True)
    @click.option("-o", "--output", metavar="FILE", help="Write here instead of stdout.")
    @click.option(
        "--from",
        "date_from",
        type=FROM_DAY,
        help="Audits dated on or after this day (a month's or quarter's first).",
    )
    @click.option(
        "--to",
        "date_to",
        type=TO_DAY,
        help="Audits dated on or before this day (a month's or quarter's last).",
    )
    @click.option("--team", help="Only this team's cases.")
    @click.option("--rubric", "rubric_id", help="Only audits against this rubric id.")
    @click.option("--with-evidence", is_flag=True, help="Include evidence notes (may name people).")
    @click.option(
        "--with-workers",
        is_flag=True,
        help="Include workers' names: auditors, moderators, action owners, people told.",
    )
    @click.option(
        "--table",
        type=click.Choice(GRADES_TABLES),
        default="answers",
        show_default=True,
        help="CSV only: which table (JSON, XLSX and Markdown carry them all).",
    )
    @db_options
    @click.pass_obj
    def export_grades(
        ctx: Any,
        fmt: str,
        output: str | None,
        date_from: str | None,
        date_to: str | None,
        team: str | None,
        rubric_id: str | None,
        with_evidence: bool,
        with_workers: bool,
        table: str,
    ) -> None:
        """Every audit with its answers, grades as value and label, and what followed it:
        programme, re-audit change, case actions, escalations, feedback to practice."""
        from qa_tui.cli.export_stream import stream_grades
        from qa_tui.exports.grades import ExportFilters

        if table != "answers" and fmt != "csv":
            raise click.ClickException(
                f"--table {table} is for --format csv: {fmt} carries every table already"
            )
        _check_output(fmt, output)
        with user_errors():
            desk = open_desk(ctx)  # the exports ask whether this person may export
            filters = ExportFilters(date_from, date_to, team, rubric_id)
            count = stream_grades(
                desk,
                filters,
                fmt,
                output,
                with_evidence=with_evidence,
                with_workers=with_workers,
                table=table,
            )
        click.echo(f"{count} audit(s) exported", err=True)

    @export.command("themes")
    @_plan_options(auditor=True, months="Audits submitted")
    @db_options
    @click.pass_obj
    def export_themes(
        ctx: Any,
        fmt: str,
        output: str | None,
        month_from: str | None,
        month_to: str | None,
        suppress_below: int,
        **options: Any,
    ) -> None:
        """Themes ranked, with their teams, criteria and change.

        Each theme: the audits in scope that show it and their share, the teams and
        criteria behind it, the overall grades of those audits, and the change since
        the same span of months before (or the earlier round of a repeat programme)."""
        from qa_tui.exports.themes import (
            themes_csv,
            themes_document,
            themes_markdown,
            themes_sheets,
        )

        _check_output(fmt, output)
        with user_errors():
            desk = open_desk(ctx)  # the exports ask whether this person may export
            filters, described = _filters(desk, month_from, month_to, options)
            document = themes_document(
                desk, filters, described, suppress_below=suppress_below, today=date.today()
            )
            write_document(
                document,
                fmt,
                output,
                csv=themes_csv,
                sheets=themes_sheets,
                markdown=themes_markdown,
            )
        click.echo(
            f"{len(document['themes'])} theme(s) exported from {document['scope_audits']} audit(s)",
            err=True,
        )

    @export.command("actions")
    @_plan_options(auditor=False, months="Items due")
    @db_options
    @click.pass_obj
    def export_actions(
        ctx: Any,
        fmt: str,
        output: str | None,
        month_from: str | None,
        month_to: str | None,
        suppress_below: int,
        **options: Any,
    ) -> None:
        """The action plan: items, their measures and progress.

        Each item: owner, due date, status (suggested, or the owner's with a reason),
        themes, recommendation, its measure from baseline to target, SMART problems.
        --team, --cohort, --programme and --rubric keep the items measured on them;
        --from and --to keep the items due in those months."""
        from qa_tui.exports.actions import (
            actions_csv,
            actions_document,
            actions_markdown,
            actions_sheets,
        )

        _check_output(fmt, output)
        with user_errors():
            desk = open_desk(ctx)  # the exports ask whether this person may export
            filters, described = _filters(desk, month_from, month_to, options)
            document = actions_document(
                desk,
                filters,
                described,
                suppress_below=suppress_below,
                today=date.today(),
            )
            write_document(
                document,
                fmt,
                output,
                csv=actions_csv,
                sheets=actions_sheets,
                markdown=actions_markdown,
            )
        click.echo(f"{len(document['actions'])} action(s) exported", err=True)

    @export.command("agencies")
    @click.option("--programme", required=True, metavar="NAME_OR_ID", help="A multi_agency round.")
    @click.option("--format", "fmt", type=click.Choice(FORMATS), default="json", show_default=True)
    @click.option("-o", "--output", metavar="FILE", help="Write here instead of stdout.")
    @click.option(
        "--suppress-below",
        type=int,
        default=5,
        show_default=True,
        callback=_suppress_below,
        metavar="N",
        help="Hide counts from 1 to N-1, and the shares worked out from them; 0 = off.",
    )
    @db_options
    @click.pass_obj
    def export_agencies(
        ctx: Any, programme: str, fmt: str, output: str | None, suppress_below: int
    ) -> None:
        """A multi-agency round's grades by agency and criterion, the joint judgement's
        agreed grades beside them (agency "Joint judgement")."""
        from qa_tui.exports.agencies import (
            agencies_csv,
            agencies_document,
            agencies_markdown,
            agencies_sheets,
        )

        _check_output(fmt, output)
        with user_errors():
            document = agencies_document(open_desk(ctx), programme, suppress_below=suppress_below)
            write_document(
                document,
                fmt,
                output,
                csv=agencies_csv,
                sheets=agencies_sheets,
                markdown=agencies_markdown,
            )
        click.echo(f"{len(document['agencies'])} agency x criterion row(s) exported", err=True)

    @export.command("schema")
    @click.argument("kind", type=click.Choice(SCHEMA_KINDS))
    @click.option("-o", "--output", metavar="FILE", help="Write here instead of stdout.")
    def export_schema(kind: str, output: str | None) -> None:
        """Print the JSON schema of an export (as published in schemas/)."""
        from qa_tui.cli.common import emit

        emit(json.dumps(export_schemas()[kind](), indent=2, ensure_ascii=False) + "\n", output)

    from qa_tui.cli.warehouse import add_warehouse  # `export warehouse DIR`

    add_warehouse(export)


def export_schemas() -> dict[str, Callable[[], dict[str, Any]]]:
    """Each export's published JSON schema, by kind (schemas/KIND.schema.json)."""
    from qa_tui.exports.actions import actions_schema
    from qa_tui.exports.grades_tables import grades_schema
    from qa_tui.exports.themes import themes_schema

    return {"themes": themes_schema, "actions": actions_schema, "grades": grades_schema}
