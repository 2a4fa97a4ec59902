"""`qa-tui rubrics list | show | validate | schema`: the rubric files, for QA leads and scripts."""

from __future__ import annotations

import json
from pathlib import Path

import click

from qa_tui.cli.common import emit, for_terminal_lines, user_errors
from qa_tui.cli.listing import format_option, write_list
from qa_tui.domain.text import for_terminal


@click.group()
def rubrics() -> None:
    """List, show and validate rubric files."""


@rubrics.command("list")
@format_option
def rubrics_list(fmt: str) -> None:
    """The shipped rubrics."""
    from qa_tui.domain.rubric_files import load_rubrics

    with user_errors():
        files = load_rubrics()
    records = (
        {
            "id": f.rubric.id,
            "title": f.rubric.title,
            "version": f.rubric.version,
            "criteria": len(f.rubric.criteria),
            "hash": f.rubric.content_hash(),
        }
        for f in files
    )
    if write_list(fmt, "rubrics", records):
        return
    width = max(len(f.rubric.id) for f in files)
    for f in files:
        click.echo(
            for_terminal(
                f"{f.rubric.id:<{width}}  v{f.rubric.version:<4} "
                f"{len(f.rubric.criteria):>2} criteria  {f.rubric.title}"
            )
        )


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
            f"no rubric with id {rubric_id!r} (known: {', '.join(sorted(files))})"
        )
    if fmt == "json":
        emit(json.dumps(rubric.model_dump(mode="json"), indent=2) + "\n", None)
        return
    click.echo(for_terminal(f"{rubric.title}  ({rubric.id}, version {rubric.version})"))
    click.echo(for_terminal_lines(rubric.description.split("\n")))
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
    from qa_tui.domain.errors import RubricFileError
    from qa_tui.domain.rubric_files import load_rubric_file, load_rubrics

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
