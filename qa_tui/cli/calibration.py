"""`qa-tui calibration create | list | grade | agree | close | results`: calibration
exercises, one case file or vignette graded independently by every auditor and read
against the agreed grade.

The same use cases as the app's calibration screen (`k` on the moderation screen and on
an auditor's home; desks/calibration.py). `results --format json` gives scripts each
criterion's spread and each auditor's agreement with the agreed grades.
"""

from __future__ import annotations

from pathlib import Path

import click

from qa_tui.cli.common import Context, db_options, echo_text, open_desk, print_json, user_errors
from qa_tui.cli.listing import format_option, write_list


@click.group()
def calibration() -> None:
    """Calibration exercises: every auditor grades the same file; the agreed grade."""


@calibration.command("create")
@click.option("--title", required=True)
@click.option("--rubric", "rubric_id", required=True, metavar="ID")
@click.option("--case", "case_ref", metavar="CASE_REF", help="A case file from the case list.")
@click.option(
    "--vignette",
    "vignette_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A text file with the written vignette everyone reads instead of a case file.",
)
@db_options
@click.pass_obj
def calibration_create(
    ctx: Context, title: str, rubric_id: str, case_ref: str | None, vignette_file: Path | None
) -> None:
    """Set an exercise on one case file (--case) or one written vignette (--vignette)."""
    from qa_tui.desks.calibration import CalibrationDesk

    vignette = None
    if vignette_file is not None:
        try:
            vignette = vignette_file.read_text("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise click.ClickException(
                f"{vignette_file}: cannot be read as UTF-8 text ({exc})"
            ) from None
    with user_errors():
        made = CalibrationDesk(open_desk(ctx)).create(title, rubric_id, case_ref, vignette)
    click.echo(f"calibration {made} set", err=True)
    click.echo(str(made))


@calibration.command("list")
@format_option
@db_options
@click.pass_obj
def calibration_list(ctx: Context, fmt: str) -> None:
    """Open exercises first, with how many auditors have graded each."""
    from qa_tui.desks.calibration import CalibrationDesk

    with user_errors():
        rows = CalibrationDesk(open_desk(ctx)).listed()
    if write_list(fmt, "calibrations", rows):
        return
    for r in rows:
        state = "open" if r["closed_at"] is None else f"closed {r['closed_at'][:10]}"
        echo_text(
            f"{r['id']:>4}  {r['title'][:40]:<41}{r['rubric_id'][:28]:<29}"
            f"{r['graders']:>2} graded  {state}"
        )


def _grade_command(name: str, agreed: bool, help_text: str) -> None:
    @calibration.command(name, help=help_text)
    @click.argument("calibration_id", type=int)
    @click.argument("criterion_id")
    @click.argument("grade", metavar="GRADE|na")
    @db_options
    @click.pass_obj
    def command(ctx: Context, calibration_id: int, criterion_id: str, grade: str) -> None:
        from qa_tui.desks.calibration import CalibrationDesk

        number: int | None
        if grade.lower() in ("na", "n/a"):
            number = None
        elif grade.isdigit():
            number = int(grade)
        else:
            raise click.BadParameter(
                f"{grade!r}: a grade's number (1 = best) or na", param_hint="GRADE"
            )
        with user_errors():
            CalibrationDesk(open_desk(ctx)).grade(calibration_id, criterion_id, number, agreed)
        click.echo(f"{criterion_id}: {grade} saved", err=True)


_grade_command("grade", False, "Your own grade for one criterion (1 = best, or na).")
_grade_command("agree", True, "The agreed grade for one criterion (QA leads).")


@calibration.command("close")
@click.argument("calibration_id", type=int)
@db_options
@click.pass_obj
def calibration_close(ctx: Context, calibration_id: int) -> None:
    """Close once every criterion has an agreed grade; the results are then shared."""
    from qa_tui.desks.calibration import CalibrationDesk

    with user_errors():
        CalibrationDesk(open_desk(ctx)).close(calibration_id)
    click.echo(f"calibration {calibration_id} closed", err=True)


@calibration.command("results")
@click.argument("calibration_id", type=int)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@db_options
@click.pass_obj
def calibration_results(ctx: Context, calibration_id: int, fmt: str) -> None:
    """Each criterion's grades and spread, and each auditor against the agreed grades."""
    from qa_tui.desks.calibration import CalibrationDesk

    with user_errors():
        results = CalibrationDesk(open_desk(ctx)).results(calibration_id)
    if fmt == "json":
        print_json({"schema_version": 1, **results.as_dict()})
        return
    echo_text(f"{results.title} ({'closed' if results.closed else 'open'})")
    for c in results.criteria:
        agreed = "-" if c.agreed is None and not results.closed else c.label(c.agreed)
        grades = "; ".join(f"{a}: {c.label(v)}" for a, v in c.grades.items())
        echo_text(
            f"{c.criterion_id}: agreed {agreed}, {c.matching} of {len(c.grades)} gave it, "
            f"{c.distinct} different grade(s)  [{grades}]"
        )
    for a in results.auditors:
        exact = "-" if a.agreement.exact is None else f"{a.agreement.exact * 100:.0f}%"
        echo_text(f"{a.auditor}: {exact} exact on {a.agreement.pairs} Ofsted-scale criteria")
