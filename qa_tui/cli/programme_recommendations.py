"""`qa-tui programmes recommend | recommendations | change-recommendation |
remove-recommendation`: the QA lead's recommendations on a round, printed at the end of
its report (`qa-tui report programme P`). Added to the `programmes` group by
`qa_tui.cli.programmes`; each is saved at once, with an event."""

from __future__ import annotations

from typing import Any

import click

from qa_tui.cli.common import DB_ID, db_options, echo_text, open_desk, user_errors
from qa_tui.cli.listing import format_option, write_list


def add_commands(programmes: click.Group) -> None:
    @programmes.command("recommend")
    @click.argument("programme")
    @click.option("--text", required=True, help="The recommendation, as the board will read it.")
    @db_options
    @click.pass_obj
    def recommend(ctx: Any, programme: str, text: str) -> None:
        """Add a recommendation to PROGRAMME (a name or id); prints its id."""
        from qa_tui.desks.programme_recommendations import RecommendationDesk
        from qa_tui.desks.programmes import ProgrammeDesk

        with user_errors():
            desk = open_desk(ctx)
            p = ProgrammeDesk(desk).get(programme)
            new_id = RecommendationDesk(desk).add(p.id, text)
        click.echo(new_id)
        echo_text(f"recommendation {new_id} added to {p.name}", err=True)

    @programmes.command("recommendations")
    @click.argument("programme")
    @format_option
    @db_options
    @click.pass_obj
    def recommendations(ctx: Any, programme: str, fmt: str) -> None:
        """List PROGRAMME's recommendations in the order the report prints them."""
        from qa_tui.desks.programme_recommendations import RecommendationDesk
        from qa_tui.desks.programmes import ProgrammeDesk

        with user_errors():
            desk = open_desk(ctx)
            found = RecommendationDesk(desk).list(ProgrammeDesk(desk).get(programme).id)
        records = (
            {"id": r.id, "position": r.position, "text": r.text, "by": r.written_by} for r in found
        )
        if write_list(fmt, "recommendations", records):
            return
        for r in found:
            echo_text(f"{r.id:>5}  {' '.join(r.text.split())}")

    @programmes.command("change-recommendation")
    @click.argument("recommendation_id", type=DB_ID)
    @click.option("--text", required=True, help="The new words.")
    @db_options
    @click.pass_obj
    def change(ctx: Any, recommendation_id: int, text: str) -> None:
        """Reword a recommendation."""
        from qa_tui.desks.programme_recommendations import RecommendationDesk

        with user_errors():
            RecommendationDesk(open_desk(ctx)).change(recommendation_id, text)
        echo_text(f"recommendation {recommendation_id} changed", err=True)

    @programmes.command("remove-recommendation")
    @click.argument("recommendation_id", type=DB_ID)
    @db_options
    @click.pass_obj
    def remove(ctx: Any, recommendation_id: int) -> None:
        """Remove a recommendation (the events keep its words)."""
        from qa_tui.desks.programme_recommendations import RecommendationDesk

        with user_errors():
            RecommendationDesk(open_desk(ctx)).remove(recommendation_id)
        echo_text(f"recommendation {recommendation_id} removed", err=True)
