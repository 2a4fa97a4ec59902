"""`qa-tui learning plan | edit | list | show | attendance | needs | impact`: practice
workshops and training needs planned from themes, and whether they took.

The same use cases as the app's learning events screen (desks/learning.py and
desks/learning_figures.py); `--format json` gives scripts a document with a
`schema_version`. Shares behind fewer audits than `--too-few` are "too few audits".
"""

from __future__ import annotations

from datetime import date
from typing import Any

import click

from qa_tui.cli.common import (
    DB_ID,
    Context,
    db_options,
    echo_text,
    open_desk,
    print_json,
    user_errors,
)
from qa_tui.cli.periods import FROM_DAY, FROM_MONTH, TO_MONTH

SCHEMA_VERSION = 1
_json = click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
_too_few = click.option(
    "--too-few",
    "below",
    type=click.IntRange(0),
    default=5,
    show_default=True,
    metavar="N",
    help="A share behind fewer than N audits is shown as 'too few audits', without counts.",
)


def _document(**body: Any) -> dict[str, Any]:
    return {"schema_version": SCHEMA_VERSION, **body}


def _attendance(values: tuple[str, ...]) -> dict[str, int | None]:
    counts: dict[str, int | None] = {}
    for value in values:
        team, sep, n = value.rpartition("=")
        if not sep or not team.strip() or not n.strip().isdigit():
            raise click.BadParameter(f"{value!r}: use TEAM=NUMBER", param_hint="--team")
        counts[team.strip()] = int(n)
    return counts


@click.group()
def learning() -> None:
    """Practice workshops and training needs planned from themes, and whether they took."""


def _event_options(func: Any) -> Any:
    for option in reversed(
        (
            click.option(
                "--kind",
                type=click.Choice(["workshop", "training_need"]),
                default="workshop",
                show_default=True,
            ),
            click.option("--title", required=True),
            click.option(
                "--theme",
                "themes",
                multiple=True,
                required=True,
                help="A theme it answers (repeat for more); an area for development "
                "unless --strength.",
            ),
            click.option("--strength", is_flag=True, help="The themes are strengths."),
            click.option("--for", "teams", multiple=True, help="A team it is for (repeat)."),
            click.option("--on", "held_on", type=FROM_DAY, required=True, help="Its date."),
            click.option("--facilitator", default=""),
        )
    ):
        func = option(func)
    return func


def _themes(themes: tuple[str, ...], strength: bool) -> list[Any]:
    from qa_tui.domain.learning import EventTheme

    polarity = "strength" if strength else "area_for_development"
    return [EventTheme(t, polarity) for t in themes]


@learning.command("plan")
@_event_options
@_json
@db_options
@click.pass_obj
def learning_plan(
    ctx: Context,
    kind: str,
    title: str,
    themes: tuple[str, ...],
    strength: bool,
    teams: tuple[str, ...],
    held_on: str,
    facilitator: str,
    fmt: str,
) -> None:
    """Plan a practice workshop or training need from one or more themes."""
    from qa_tui.desks.learning import LearningDesk

    with user_errors():
        desk = LearningDesk(open_desk(ctx))
        made = desk.plan(kind, title, _themes(themes, strength), teams, held_on, facilitator)
        event = desk.event(made)
    if fmt == "json":
        print_json(_document(event=event.as_dict()))
    else:
        echo_text(f"Planned {event.id}: {event.title} on {event.held_on}")


@learning.command("edit")
@click.argument("event_id", type=DB_ID)
@_event_options
@db_options
@click.pass_obj
def learning_edit(
    ctx: Context,
    event_id: int,
    kind: str,
    title: str,
    themes: tuple[str, ...],
    strength: bool,
    teams: tuple[str, ...],
    held_on: str,
    facilitator: str,
) -> None:
    """Change a learning event (attendance already recorded stays)."""
    from qa_tui.desks.learning import LearningDesk

    with user_errors():
        LearningDesk(open_desk(ctx)).edit(
            event_id, kind, title, _themes(themes, strength), teams, held_on, facilitator
        )
    echo_text(f"Changed {event_id}: {title}")


@learning.command("attendance")
@click.argument("event_id", type=DB_ID)
@click.option(
    "--team", "values", multiple=True, required=True, help="TEAM=NUMBER who came (repeat)."
)
@db_options
@click.pass_obj
def learning_attendance(ctx: Context, event_id: int, values: tuple[str, ...]) -> None:
    """Record how many came from each team."""
    from qa_tui.desks.learning import LearningDesk

    counts = _attendance(values)
    with user_errors():
        LearningDesk(open_desk(ctx)).record_attendance(event_id, counts)
    echo_text(
        f"Attendance recorded for {event_id}: " + ", ".join(f"{t} {n}" for t, n in counts.items())
    )


@learning.command("list")
@_json
@db_options
@click.pass_obj
def learning_list(ctx: Context, fmt: str) -> None:
    """Every learning event, latest first."""
    from qa_tui.desks.learning import LearningDesk

    with user_errors():
        events = LearningDesk(open_desk(ctx)).events()
    if fmt == "json":
        print_json(_document(events=[e.as_dict() for e in events]))
        return
    for e in events:
        came = sum(t.attended or 0 for t in e.teams)
        echo_text(
            f"{e.id:>4}  {e.held_on}  {e.as_dict()['kind_words']:<18} {e.title}"
            f"  · {'; '.join(t.theme for t in e.themes)}"
            + (f"  · {came} attended" if e.attendance_recorded else "")
        )


@learning.command("show")
@click.argument("event_id", type=DB_ID)
@_json
@db_options
@click.pass_obj
def learning_show(ctx: Context, event_id: int, fmt: str) -> None:
    """One learning event: its themes, teams and attendance."""
    from qa_tui.desks.learning import LearningDesk

    with user_errors():
        e = LearningDesk(open_desk(ctx)).event(event_id)
    if fmt == "json":
        print_json(_document(event=e.as_dict()))
        return
    echo_text(f"{e.title} ({e.as_dict()['kind_words']}) on {e.held_on}")
    echo_text(f"Facilitator: {e.facilitator or '-'} · planned by {e.created_by}")
    for t in e.themes:
        echo_text(f"Theme: {t.theme} ({t.polarity.replace('_', ' ')})")
    for team in e.teams:
        came = "not recorded" if team.attended is None else f"{team.attended} attended"
        echo_text(f"Team: {team.team}: {came}")


@learning.command("needs")
@click.option("--from", "month_from", type=FROM_MONTH, help="First month (submitted).")
@click.option("--to", "month_to", type=TO_MONTH, help="Last month (submitted).")
@_too_few
@_json
@db_options
@click.pass_obj
def learning_needs(
    ctx: Context, month_from: str | None, month_to: str | None, below: int, fmt: str
) -> None:
    """Training needs: each area for development's share of each team's audits."""
    from qa_tui.desks.learning_figures import LearningFigures

    with user_errors():
        needs = LearningFigures(open_desk(ctx)).needs(month_from, month_to, below)
    if fmt == "json":
        print_json(
            _document(
                period={"from": month_from, "to": month_to},
                too_few_below=below,
                needs=[n.as_dict() for n in needs],
            )
        )
        return
    if not needs:
        click.echo("No areas for development tagged on the audits in this period.")
    for n in needs:
        echo_text(f"{n.theme}: {n.overall.words()}")
        for t in n.teams:
            echo_text(f"    {t.team}: {t.need.words()}")


@learning.command("impact")
@click.argument("event_id", type=DB_ID)
@click.option(
    "--months",
    type=click.IntRange(1, 36),
    default=6,
    show_default=True,
    help="Months before the event and after it to compare.",
)
@_too_few
@_json
@db_options
@click.pass_obj
def learning_impact(ctx: Context, event_id: int, months: int, below: int, fmt: str) -> None:
    """Did the learning take? Each theme's share before and after, in the teams that
    attended and in the teams that did not."""
    from qa_tui.desks.learning_figures import LearningFigures

    with user_errors():
        impact = LearningFigures(open_desk(ctx)).impact(
            event_id, months=months, today=date.today(), below=below
        )
    if fmt == "json":
        print_json(_document(months=months, too_few_below=below, **impact.as_dict()))
        return
    from qa_tui.domain.learning import impact_lines

    for line in impact_lines(impact):
        echo_text(line)
