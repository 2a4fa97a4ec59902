"""`qa-tui moderation pick | assign | blind | share | send-back | answer | sent-back`:
the QA lead steering the moderation queue, and the auditor answering what was sent back.

Registered on the `moderation` group by `qa_tui.cli.moderation`. The programme's share
is changed here (`moderation share P N`) rather than under `programmes`: it is the QA
lead's steering of moderation (STEER_MODERATION), read and set with the programme's
blind default, beside the other steering commands; `programmes create` only takes the
starting values.
"""

from __future__ import annotations

import click

from qa_tui.cli.common import (
    DB_ID,
    Context,
    db_options,
    echo_text,
    open_desk,
    user_errors,
)
from qa_tui.cli.listing import format_option, write_list


def _steering(ctx: Context):  # type: ignore[no-untyped-def]
    from qa_tui.desks.moderation_steering import ModerationSteering

    return ModerationSteering(open_desk(ctx))


def _terms_line(terms: dict) -> str:
    blind = "blind" if terms["blind"] else "not blind"
    return f"{terms['programme']}: moderation share {terms['share']:g}%, {blind} by default"


def register(group: click.Group) -> None:
    """Add the steering commands to the `moderation` group."""

    @group.command("pick")
    @click.argument("audit_id", type=DB_ID)
    @click.option("--reason", required=True, help="Why this audit is moderated (kept).")
    @click.option(
        "--blind/--not-blind",
        default=None,
        help="Moderate it blind (default: as its programme says).",
    )
    @db_options
    @click.pass_obj
    def pick(ctx: Context, audit_id: int, reason: str, blind: bool | None) -> None:
        """Put any submitted audit in the moderation queue by hand."""
        with user_errors():
            row = _steering(ctx).pick(audit_id, reason, blind)
        if row["newly_queued"]:
            how = " (blind)" if row["blind"] else ""
            echo_text(f"audit {audit_id} queued for moderation{how}", err=True)
        else:
            echo_text(f"audit {audit_id} was already queued: {row['selected_because']}", err=True)

    @group.command("assign")
    @click.argument("audit_id", type=DB_ID)
    @click.option("--to", "moderator", required=True, help="The QA lead who moderates it.")
    @db_options
    @click.pass_obj
    def assign(ctx: Context, audit_id: int, moderator: str) -> None:
        """Give a moderation to a QA lead independent of the case's team."""
        with user_errors():
            _steering(ctx).assign(audit_id, moderator)
        echo_text(f"audit {audit_id}: moderation assigned to {moderator}", err=True)

    @group.command("blind")
    @click.argument("audit_id", type=DB_ID)
    @click.option("--off", is_flag=True, help="Not blind.")
    @db_options
    @click.pass_obj
    def blind(ctx: Context, audit_id: int, off: bool) -> None:
        """Make a waiting moderation blind (before anything is graded)."""
        with user_errors():
            _steering(ctx).set_blind(audit_id, not off)
        echo_text(f"audit {audit_id}: moderation {'not ' if off else ''}blind", err=True)

    @group.command("reveal")
    @click.argument("audit_id", type=DB_ID)
    @db_options
    @click.pass_obj
    def reveal(ctx: Context, audit_id: int) -> None:
        """Show the auditor's grades after grading a blind moderation."""
        with user_errors():
            view = _steering(ctx).reveal(audit_id)
        audit = view.audit.audit
        for c in view.audit.rubric.criteria:
            mine, agreed = audit.answers.get(c.id), view.answers.get(c.id) or {}
            auditor = "N/A" if mine and mine.not_applicable else (mine and mine.grade_label)
            moderator = "N/A" if agreed.get("not_applicable") else agreed.get("grade_label")
            echo_text(f"{c.id:<30}{auditor or '-':<34}{moderator or '-'}")
        echo_text(
            f"{'overall':<30}{audit.overall_grade_label or '-':<34}"
            f"{view.moderation['overall_grade_label'] or '-'}"
        )

    @group.command("share")
    @click.argument("programme")
    @click.argument("percent", type=click.FloatRange(0, 100), required=False)
    @click.option("--blind/--not-blind", default=None, help="The programme's blind default.")
    @db_options
    @click.pass_obj
    def share(ctx: Context, programme: str, percent: float | None, blind: bool | None) -> None:
        """Show or set a programme's moderation share (percent) and blind default."""
        with user_errors():
            steering = _steering(ctx)
            if percent is not None:
                steering.set_share(programme, percent)
            if blind is not None:
                steering.set_blind_default(programme, blind)
            terms = steering.terms(programme)
        echo_text(_terms_line(terms))

    @group.command("send-back")
    @click.argument("audit_id", type=DB_ID)
    @click.option("--comment", required=True, help="The question for the auditor.")
    @db_options
    @click.pass_obj
    def send_back(ctx: Context, audit_id: int, comment: str) -> None:
        """Send an audit back to its auditor with a question; moderation waits for it."""
        with user_errors():
            sent = _steering(ctx).send_back(audit_id, comment)
        echo_text(f"audit {audit_id}: sent back ({sent}); waiting for the auditor", err=True)

    @group.command("answer")
    @click.argument("audit_id", type=DB_ID)
    @click.option("--answer", "text", required=True, help="Your answer to the moderator.")
    @click.option("--send-back", "send_back_id", type=DB_ID, help="Which (default: the oldest).")
    @db_options
    @click.pass_obj
    def answer(ctx: Context, audit_id: int, text: str, send_back_id: int | None) -> None:
        """Answer what the moderator sent back on your audit."""
        with user_errors():
            steering = _steering(ctx)
            if send_back_id is None:
                waiting = [s for s in steering.send_backs(audit_id) if s["answer"] is None]
                if not waiting:
                    raise click.ClickException(
                        f"audit {audit_id} has nothing waiting for an answer"
                    )
                send_back_id = int(waiting[0]["id"])
            steering.answer(audit_id, send_back_id, text)
        echo_text(f"audit {audit_id}: answered", err=True)

    @group.command("sent-back")
    @click.option("--audit", "audit_id", type=DB_ID, help="Every send-back of this audit.")
    @format_option
    @db_options
    @click.pass_obj
    def sent_back(ctx: Context, audit_id: int | None, fmt: str) -> None:
        """What waits for your answer; or, with --audit, an audit's questions and answers."""
        with user_errors():
            steering = _steering(ctx)
            rows = steering.send_backs(audit_id) if audit_id else steering.waiting_answers()
        if write_list(fmt, "send_backs", rows):
            return
        for r in rows:
            echo_text(f"{r['audit_id']:>6} #{r['id']:<4} {r['sent_by']}: {r['comment']}")
            if r.get("answer"):
                echo_text(f"{'':>12}{r['answered_by']}: {r['answer']}")
