"""Commands for QA leads' audit rounds: the `programmes` group.

Drawing the sample and assigning it (sample, auditors, assign, reassign) are in
`qa_tui.cli.sampling`, which shares this module's helpers.

Registered on the main `qa-tui` group by `qa_tui.cli.main`; same conventions: data to
stdout (`--format json` for scripts), messages to stderr, exit 1 on bad input.
"""

from __future__ import annotations

import json
from datetime import date
from typing import TYPE_CHECKING, Any

import click

from qa_tui.cli.common import (
    SEED,
    db_options,
    echo_text,
    parse_date,
    print_json,
    programme_desk,
    user_errors,
)
from qa_tui.cli.listing import format_option as list_format
from qa_tui.cli.listing import write_list

if TYPE_CHECKING:
    pass


def _programme_dict(p: Any) -> dict:
    return {
        "id": p.id,
        "name": p.name,
        "type": p.kind,
        "rubrics": p.rubric_ids,
        "lookback_months": p.lookback_months,
        "judgement_months": p.judgement_months,
        "due_on": p.due_on,
        "owner": p.owner,
        "status": p.status,
        "repeat_of": p.repeat_of,
        "rule": p.rule,
        "seed": p.seed,
        "cohort_size": p.cohort_size,
        "cases_listed": p.cases_listed,
        "sampled_at": p.sampled_at,
        "independence_relaxed": p.independence_relaxed or None,
    }


def register(cli: click.Group) -> None:
    """Add the QA lead's commands to the main group."""

    format_option = click.option(
        "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
    )

    @cli.group()
    def programmes() -> None:
        """Audit rounds: create, list, show, repeat, close; add or remove cases."""

    @programmes.command("create")
    @click.argument("name")
    @click.option(
        "--type",
        "kind",
        default="dip_sample",
        show_default=True,
        type=click.Choice(
            [
                "dip_sample",
                "thematic",
                "repeat",
                "collaborative",
                "multi_agency",
                "supervision",
                "closure",
            ]
        ),
    )
    @click.option(
        "--rubric", "rubrics", multiple=True, required=True, help="Rubric id; repeat for several."
    )
    @click.option("--owner", default="", help="Who owns the round (default: you).")
    @click.option("--due", callback=parse_date, metavar="YYYY-MM-DD")
    @click.option("--lookback-months", default=12, show_default=True, type=click.IntRange(1, 120))
    @click.option("--judgement-months", default=6, show_default=True, type=click.IntRange(1, 120))
    @click.option(
        "--moderation-share",
        type=click.FloatRange(0, 100),
        help="Percent of other audits drawn for moderation (default 10); later: "
        "`qa-tui moderation share`.",
    )
    @click.option("--blind-moderation", is_flag=True, help="Moderate its audits blind.")
    @format_option
    @db_options
    @click.pass_obj
    def create(
        ctx: Any,
        name: str,
        kind: str,
        rubrics: tuple[str, ...],
        owner: str,
        due: date | None,
        lookback_months: int,
        judgement_months: int,
        moderation_share: float | None,
        blind_moderation: bool,
        fmt: str,
    ) -> None:
        """Create a programme (draft until its sample is assigned)."""
        with user_errors():
            desk = programme_desk(ctx)
            p = desk.create(
                name=name,
                kind=kind,
                rubric_ids=list(rubrics),
                owner=owner,
                due_on=due,
                lookback_months=lookback_months,
                judgement_months=judgement_months,
            )
            from qa_tui.desks.moderation_steering import ModerationSteering

            steering = ModerationSteering(desk.desk)
            if moderation_share is not None:
                steering.set_share(p.id, moderation_share)
            if blind_moderation:
                steering.set_blind_default(p.id, True)
        if fmt == "json":
            print_json(_programme_dict(p))
        echo_text(f"programme {p.id} created: {p.name}", err=True)

    @programmes.command("list")
    @list_format
    @db_options
    @click.pass_obj
    def list_(ctx: Any, fmt: str) -> None:
        """Every programme with its status and due date."""
        with user_errors():
            desk = programme_desk(ctx)
            items = desk.all()
            totals = {p.id: desk.progress(p.id).totals for p in items}
        records = ({**_programme_dict(p), "progress": totals[p.id]} for p in items)
        if write_list(fmt, "programmes", records):
            return
        for p in items:
            t = totals[p.id]
            echo_text(
                f"{p.id:>3}  {p.name[:34]:<35}{p.kind:<13}{p.status:<7}"
                f"due {p.due_on or '-':<11} {t['submitted']}/{t['audits']} submitted"
                + (f", {t['overdue']} overdue" if t["overdue"] else "")
            )

    @programmes.command("show")
    @click.argument("programme")
    @click.option(
        "--cases",
        "show_cases",
        is_flag=True,
        help="List every cohort case with its outcome and reason.",
    )
    @format_option
    @db_options
    @click.pass_obj
    def show(ctx: Any, programme: str, show_cases: bool, fmt: str) -> None:
        """A programme: its rule and seed, what was drawn and why, progress."""
        with user_errors():
            desk = programme_desk(ctx)
            p = desk.get(programme)
            progress = desk.progress(p.id)
            decisions = desk.decisions(p.id)
        counts: dict[str, int] = {}
        for d in decisions:
            counts[d.outcome] = counts.get(d.outcome, 0) + 1
        if fmt == "json":
            print_json(
                {
                    **_programme_dict(p),
                    "outcomes": counts,
                    "progress": {
                        "totals": progress.totals,
                        "by_auditor": progress.by_auditor,
                        "by_team": progress.by_team,
                    },
                    "cases": [d.__dict__ for d in decisions] if show_cases else None,
                }
            )
            return
        echo_text(f"{p.name}  (programme {p.id}, {p.kind}, {p.status})")
        echo_text(
            f"rubrics: {', '.join(p.rubric_ids)}; owner {p.owner}; due {p.due_on or '-'}; "
            f"window {p.lookback_months} months, judged on {p.judgement_months}"
        )
        if p.repeat_of:
            echo_text(f"repeat of programme {p.repeat_of}")
        if p.rule:
            echo_text(f"sample: seed {p.seed}, rule {json.dumps(p.rule, sort_keys=True)}")
            echo_text(
                f"        {p.cases_listed} cases listed, cohort {p.cohort_size}: "
                + ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in sorted(counts.items()))
            )
        if p.independence_relaxed:
            echo_text(f"independence relaxed: {p.independence_relaxed}")
        t = progress.totals
        echo_text(
            f"progress: {t['audits']} audits, {t['started']} started, "
            f"{t['submitted']} submitted, {t['overdue']} overdue"
        )
        for title, rows in (("by auditor", progress.by_auditor), ("by team", progress.by_team)):
            echo_text(f"  {title}:")
            for r in rows:
                echo_text(
                    f"    {r['name'][:30]:<31}{r['audits']:>4} audits {r['started']:>4} "
                    f"started {r['submitted']:>4} submitted {r['overdue']:>4} overdue"
                )
        if show_cases:
            for d in decisions:
                echo_text(f"  {d.case_ref:<16}{d.team[:24]:<25}{d.outcome:<10}{d.reason}")

    @programmes.command("repeat")
    @click.argument("programme")
    @click.option("--name", required=True, help="Name of the new round.")
    @click.option("--seed", type=SEED, help="Draw a new sample with this seed and the same rule.")
    @click.option("--same-cases", is_flag=True, help="Audit the same cases again.")
    @click.option("--due", callback=parse_date, metavar="YYYY-MM-DD")
    @db_options
    @click.pass_obj
    def repeat(
        ctx: Any, programme: str, name: str, seed: int | None, same_cases: bool, due: date | None
    ) -> None:
        """Create the next round of a programme; its audits link to the earlier ones."""
        if (seed is None) == (not same_cases):
            raise click.UsageError("give either --seed N or --same-cases")
        with user_errors():
            desk = programme_desk(ctx)
            earlier = desk.get(programme)
            p = desk.repeat(earlier.id, name=name, seed=seed, same_cases=same_cases, due_on=due)
            chosen = len(desk.store.chosen_cases(p.id))
        echo_text(
            f"programme {p.id} created as a repeat of {earlier.name}: {chosen} case(s)", err=True
        )

    @programmes.command("add-case")
    @click.argument("programme")
    @click.argument("case_ref")
    @click.option("--reason", required=True, help="Why, e.g. an inspector asked for it.")
    @db_options
    @click.pass_obj
    def add_case(ctx: Any, programme: str, case_ref: str, reason: str) -> None:
        """Add a case to the sample by hand (recorded with the reason)."""
        with user_errors():
            desk = programme_desk(ctx)
            desk.add_case(desk.get(programme).id, case_ref, reason)
        echo_text(f"{case_ref} added", err=True)

    @programmes.command("remove-case")
    @click.argument("programme")
    @click.argument("case_ref")
    @click.option("--reason", required=True)
    @db_options
    @click.pass_obj
    def remove_case(ctx: Any, programme: str, case_ref: str, reason: str) -> None:
        """Take a case out of the sample (recorded with the reason)."""
        with user_errors():
            desk = programme_desk(ctx)
            desk.remove_case(desk.get(programme).id, case_ref, reason)
        echo_text(f"{case_ref} removed", err=True)

    @programmes.command("close")
    @click.argument("programme")
    @db_options
    @click.pass_obj
    def close(ctx: Any, programme: str) -> None:
        """Close a round: no more assignment."""
        with user_errors():
            desk = programme_desk(ctx)
            desk.close(desk.get(programme).id)

    from qa_tui.cli.programme_recommendations import add_commands

    add_commands(programmes)
