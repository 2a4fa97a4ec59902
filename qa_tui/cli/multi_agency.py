"""`qa-tui multi-agency assign | agencies | children | show | agree | participants | close`:
a multi-agency round, each child audited once per agency, and the partnership's joint
judgement for each child.

The same use cases as the app's joint judgement screen (`j` on the programmes screen;
desks/multi_agency.py). The agency x criterion figures are `qa-tui export agencies`.
"""

from __future__ import annotations

import click

from qa_tui.cli.common import Context, db_options, echo_text, open_desk, print_json, user_errors
from qa_tui.cli.listing import format_option, write_list

_RUBRIC = click.option(
    "--rubric",
    "rubric_id",
    metavar="ID",
    help="The rubric, when the round audits the child against more than one.",
)


@click.group("multi-agency")
def multi_agency() -> None:
    """Multi-agency rounds: one audit per child per agency, one joint judgement."""


@multi_agency.command("assign")
@click.argument("programme")
@click.option(
    "--auditor",
    "auditors",
    multiple=True,
    required=True,
    metavar="[AGENCY=]USER",
    help="One agency's auditor; repeat for each agency. Without AGENCY=, the person's own "
    "agency (a partner's agency, else children's social care).",
)
@db_options
@click.pass_obj
def assign(ctx: Context, programme: str, auditors: tuple[str, ...]) -> None:
    """Audit each chosen child of the multi_agency round PROGRAMME once per agency."""
    from qa_tui.desks.multi_agency import MultiAgencyDesk

    with user_errors():
        made = MultiAgencyDesk(open_desk(ctx)).assign(programme, list(auditors))
    agencies = sorted({agency for _case, agency, _id in made})
    children = len({case for case, _agency, _id in made})
    click.echo(
        f"{len(made)} audit(s) made: {children} child(ren) x {', '.join(agencies)}", err=True
    )


@multi_agency.command("agencies")
@click.argument("programme")
@format_option
@db_options
@click.pass_obj
def agencies(ctx: Context, programme: str, fmt: str) -> None:
    """Each agency in the round, its auditor and how many of its audits are submitted."""
    from qa_tui.desks.multi_agency import MultiAgencyDesk

    with user_errors():
        rows = MultiAgencyDesk(open_desk(ctx)).agencies(programme)
    if write_list(fmt, "agencies", rows):
        return
    for r in rows:
        echo_text(f"{r['agency'][:30]:<31}{r['auditors'][:24]:<25}{r['submitted']}/{r['audits']}")


@multi_agency.command("children")
@click.argument("programme")
@format_option
@db_options
@click.pass_obj
def children(ctx: Context, programme: str, fmt: str) -> None:
    """Each child of the round: agencies submitted, and the joint judgement's state."""
    from qa_tui.desks.multi_agency import MultiAgencyDesk

    with user_errors():
        rows = MultiAgencyDesk(open_desk(ctx)).children(programme)
    for r in rows:
        r.pop("rubric_hash", None)
    if write_list(fmt, "children", rows):
        return
    for r in rows:
        state = (
            f"agreed {r['agreed_at'][:10]}"
            if r["agreed_at"]
            else "joint judgement begun"
            if r["joint_id"]
            else "no joint judgement yet"
        )
        echo_text(
            f"{r['case_ref'][:14]:<15}{r['team'][:20]:<21}{r['rubric_id'][:24]:<25}"
            f"{r['submitted']}/{r['agencies']} agencies in  {state}"
        )


@multi_agency.command("show")
@click.argument("programme")
@click.argument("case_ref")
@_RUBRIC
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@db_options
@click.pass_obj
def show(ctx: Context, programme: str, case_ref: str, rubric_id: str | None, fmt: str) -> None:
    """One child: each agency's grade beside the joint grade, criterion by criterion."""
    from qa_tui.desks.multi_agency import MultiAgencyDesk

    with user_errors():
        view = MultiAgencyDesk(open_desk(ctx)).joint(programme, case_ref, rubric_id)
    if fmt == "json":
        print_json({"schema_version": 1, **view.as_dict()})
        return
    state = f"agreed {view.agreed_at[:10]}" if view.agreed_at else "not agreed yet"
    echo_text(f"{view.case_ref}, {view.rubric.title}: joint judgement {state}")
    for a in view.agencies:
        echo_text(f"  {a['agency']}: {a['auditor']}, audit {a['id']} ({a['status']})")
    if view.participants:
        echo_text("  took part: " + "; ".join(_who(p) for p in view.participants))
    for c in view.criteria:
        grades = "; ".join(f"{g.agency}: {g.text}" for g in c.agencies) or "no grades yet"
        joint = c.agreed["label"] if c.agreed else "-"
        mark = "  (agencies differ)" if c.differ else ""
        echo_text(f"{c.criterion_id or 'overall'}: joint {joint}  [{grades}]{mark}")
        if c.agreed and c.agreed["reason"]:
            echo_text(f"    why: {c.agreed['reason']}")


def _who(p: dict[str, str]) -> str:
    return f"{p['name']} ({p['agency']})" if p.get("agency") else p["name"]


@multi_agency.command("agree")
@click.argument("programme")
@click.argument("case_ref")
@click.argument("criterion_id", metavar="CRITERION|overall")
@click.argument("grade", metavar="GRADE|na")
@click.option("--reason", default="", help="Why: needed where the agencies' grades differ.")
@_RUBRIC
@db_options
@click.pass_obj
def agree(
    ctx: Context,
    programme: str,
    case_ref: str,
    criterion_id: str,
    grade: str,
    reason: str,
    rubric_id: str | None,
) -> None:
    """The partnership's agreed grade for one criterion (or overall): 1 = best, or na."""
    from qa_tui.desks.multi_agency import MultiAgencyDesk

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
        MultiAgencyDesk(open_desk(ctx)).grade(
            programme, case_ref, criterion_id, number, reason, rubric_id
        )
    click.echo(f"{case_ref} {criterion_id}: {grade} agreed", err=True)


@multi_agency.command("participants")
@click.argument("programme")
@click.argument("case_ref")
@click.argument("names", nargs=-1, required=True, metavar="AGENCY=NAME...")
@_RUBRIC
@db_options
@click.pass_obj
def participants(
    ctx: Context, programme: str, case_ref: str, names: tuple[str, ...], rubric_id: str | None
) -> None:
    """Who took part in agreeing the child's joint judgement (replaces the list)."""
    from qa_tui.desks.multi_agency import MultiAgencyDesk

    with user_errors():
        view = MultiAgencyDesk(open_desk(ctx)).set_participants(
            programme, case_ref, list(names), rubric_id
        )
    click.echo(f"{case_ref}: {len(view.participants)} took part", err=True)


@multi_agency.command("close")
@click.argument("programme")
@click.argument("case_ref")
@_RUBRIC
@db_options
@click.pass_obj
def close(ctx: Context, programme: str, case_ref: str, rubric_id: str | None) -> None:
    """Settle the child's joint judgement once every grade is agreed and who took part
    is said; it no longer changes."""
    from qa_tui.desks.multi_agency import MultiAgencyDesk

    with user_errors():
        MultiAgencyDesk(open_desk(ctx)).agree(programme, case_ref, rubric_id)
    click.echo(f"{case_ref}: joint judgement agreed", err=True)
