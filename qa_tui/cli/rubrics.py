"""`qa-tui rubrics list | show | validate | schema | new | diff`: the rubric files, for
QA leads and scripts: the shipped ones and the council's own, a starting file for a new
one, and what changed between the versions audits were graded against."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

import click

from qa_tui.cli.common import (
    Context,
    council_rubrics,
    db_options,
    echo_text,
    emit,
    for_terminal_lines,
    open_desk,
    rubric_folders,
    user_errors,
)
from qa_tui.cli.listing import format_option, write_list
from qa_tui.domain.text import for_terminal

if TYPE_CHECKING:
    from qa_tui.desks.rubric_history import RubricVersion
    from qa_tui.domain.rubric_files import RubricSet


@click.group()
def rubrics() -> None:
    """List, show, validate, start and compare rubric files.

    Rubrics are read from the shipped folder and the council's own (`qa-tui --rubrics
    DIR`, QA_TUI_RUBRICS, or `rubrics = "DIR"` in the settings file).
    """


def _context() -> Context:
    found = click.get_current_context().find_object(Context)
    return found if found is not None else Context(None, None)


def read_folders(*, strict: bool = False) -> RubricSet:
    """The shipped and the council's rubrics; what is wrong with any file is said on
    stderr (`strict`: exit 1 instead, for `validate`). Notes are always said."""
    from qa_tui.domain.rubric_files import read_rubric_folders

    found = read_rubric_folders(rubric_folders(_context()))
    for note in found.notes:
        click.echo(for_terminal(f"note: {note}"), err=True)
    if found.problems and strict:
        raise click.ClickException(for_terminal_lines(found.problems))
    for problem in found.problems:
        click.echo(for_terminal(f"unavailable: {problem}"), err=True)
    return found


@rubrics.command("list")
@format_option
def rubrics_list(fmt: str) -> None:
    """The rubrics on offer (shipped and the council's); broken or clashing files are
    named on stderr, and only their rubrics are left out."""
    found = read_folders()
    files = found.files
    council = set(rubric_folders(_context())[1:])
    records = (
        {
            "id": f.rubric.id,
            "title": f.rubric.title,
            "version": f.rubric.version,
            "criteria": len(f.rubric.criteria),
            "hash": f.rubric.content_hash(),
            "source": "council" if f.path.parent in council else "shipped",
            "file": str(f.path),
        }
        for f in files
    )
    if write_list(fmt, "rubrics", records):
        return
    if not files:
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
    found = read_folders()
    files = {f.rubric.id: f.rubric for f in found.files}
    rubric = files.get(rubric_id)
    if rubric is None and rubric_id in found.unavailable:
        raise click.ClickException(f"rubric {rubric_id!r} is unavailable (see above)")
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
    """Check rubric files (default: the shipped and the council's folders); every
    problem as file:line, an id in two files too."""
    from qa_tui.domain.errors import RubricFileError
    from qa_tui.domain.rubric_files import RubricFile, duplicate_ids, load_rubric_file

    if not files:
        found = read_folders(strict=True)
        click.echo(f"{len(found.files)} rubric file(s) valid", err=True)
        return
    problems: list[str] = []
    loaded: list[RubricFile] = []
    for path in dict.fromkeys(p.resolve() for p in files):  # a file named twice is one file
        try:
            loaded.append(load_rubric_file(path))
        except RubricFileError as exc:
            problems.extend(exc.problems)
    problems.extend(duplicate_ids(loaded)[0])
    checked = len(loaded)
    if problems:
        raise click.ClickException("\n".join(problems))
    click.echo(f"{checked} rubric file(s) valid", err=True)


@rubrics.command("schema")
def rubrics_schema() -> None:
    """Print the JSON schema of a rubric file."""
    from qa_tui.domain.rubric import rubric_json_schema

    emit(json.dumps(rubric_json_schema(), indent=2) + "\n", None)


@rubrics.command("new")
@click.argument("rubric_id")
@click.option(
    "--dir",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where to write ID.yaml (default: the council's rubrics folder, else here).",
)
def rubrics_new(rubric_id: str, folder: Path | None) -> None:
    """Write a commented starting file for a new rubric; never over an existing one."""
    from qa_tui.domain.rubric import SLUG
    from qa_tui.domain.rubric_authoring import starting_file

    if not re.fullmatch(SLUG, rubric_id):
        raise click.ClickException(
            for_terminal(
                f"{rubric_id!r} is not a rubric id: lower-case letters and digits "
                "joined by hyphens, e.g. mash-decisions"
            )
        )
    if folder is None:
        folder = council_rubrics(_context()) or Path(".")
    target = folder / f"{rubric_id}.yaml"
    with user_errors():
        folder.mkdir(parents=True, exist_ok=True)
        try:
            with target.open("x", encoding="utf-8") as handle:
                handle.write(starting_file(rubric_id))
        except FileExistsError:
            raise click.ClickException(
                for_terminal(f"{target}: already exists; nothing was written")
            ) from None
    echo_text(f"wrote {target}; edit it, then: qa-tui rubrics validate {target}", err=True)


@rubrics.command("diff")
@click.argument("rubric_id")
@click.option("--from", "from_hash", metavar="HASH", help="The older version (a hash prefix).")
@click.option("--to", "to_hash", metavar="HASH", help="The newer version (a hash prefix).")
@db_options
def rubrics_diff(rubric_id: str, from_hash: str | None, to_hash: str | None) -> None:
    """The versions of a rubric audits were graded against, and what changed between
    each and the next (or between --from and --to) in questions, guidance and themes."""
    from qa_tui.desks.rubric_history import RubricHistoryDesk
    from qa_tui.domain.rubric_authoring import rubric_diff

    with user_errors():
        desk = open_desk(_context())
        try:
            versions = RubricHistoryDesk(desk).versions(rubric_id)
        finally:
            desk.store.close()
    if not versions:
        raise click.ClickException(
            for_terminal(f"no audit or round in this database uses rubric {rubric_id!r}")
        )
    for v in versions:
        echo_text(
            f"{v.hash[:12]}  v{v.version:<4} first used {v.first_seen_at[:10]}  "
            f"{v.audits:>5} audit(s), {v.submitted} submitted  {v.title}"
        )
    if from_hash or to_hash:
        older = _version(versions, from_hash) if from_hash else versions[0]
        newer = _version(versions, to_hash) if to_hash else versions[-1]
        pairs = [(older, newer)]
    else:
        pairs = list(itertools.pairwise(versions))
    if not pairs:
        echo_text("only one version: nothing to compare")
    for older, newer in pairs:
        lines = rubric_diff(
            older.rubric,
            newer.rubric,
            f"{rubric_id} v{older.version} ({older.hash[:12]})",
            f"{rubric_id} v{newer.version} ({newer.hash[:12]})",
        )
        click.echo("")
        click.echo(for_terminal_lines(lines) if lines else "(no change in what is graded)")


def _version(versions: list[RubricVersion], prefix: str) -> RubricVersion:
    found = [v for v in versions if v.hash.startswith(prefix.strip().lower())]
    if len(found) != 1 or not prefix.strip():
        known = ", ".join(v.hash[:12] for v in versions)
        said = "matches no version" if not found else "matches more than one version"
        raise click.ClickException(for_terminal(f"{prefix!r} {said} (versions: {known})"))
    return found[0]


# -- cases ---------------------------------------------------------------------------
