"""`qa-tui users ...`: who is who on a database, their roles and teams, passphrases and
the tokens scripts sign in with.

Everything goes through the people desk (`qa_tui.desks.people`), which decides who may:
an administrator adds, changes and disables people; anyone changes their own
passphrase and makes their own tokens. The first person added must be an
administrator; from then on every command needs QA_TUI_TOKEN, which
`qa-tui users token` gives after a user name and passphrase.

Passphrases are asked at a hidden prompt (twice when new), or read from stdin with
`--passphrase-stdin` for scripts: one passphrase a line.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    from qa_tui.desks.audits import AuditDesk
    from qa_tui.desks.people import PeopleDesk
    from qa_tui.domain.people import Person, Role


def _roles(_ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> list[Role]:
    """Roles as people type them (`qa-lead`, `QA lead`); a bad one names the flag."""
    from qa_tui.domain.people import parse_role

    roles = []
    for value in values:
        try:
            roles.append(parse_role(value))
        except ValueError as exc:
            raise click.BadParameter(str(exc), param=param) from None
    return roles


PASSPHRASE_STDIN = click.option(
    "--passphrase-stdin",
    is_flag=True,
    help="Read the passphrase from stdin (its first line) instead of a hidden prompt.",
)


def _stdin_line(what: str) -> str:
    line = sys.stdin.readline()  # click's runner swaps sys.stdin in tests, as a pipe does
    if not line:
        raise click.ClickException(f"--passphrase-stdin: no {what} on stdin")
    return line.rstrip("\r\n")


def _new_passphrase(from_stdin: bool, prompt: str = "New passphrase") -> str:
    if from_stdin:
        return _stdin_line("passphrase")
    text: str = click.prompt(prompt, hide_input=True, confirmation_prompt=True, err=True)
    return text


def _current_passphrase(from_stdin: bool, prompt: str = "Passphrase") -> str:
    if from_stdin:
        return _stdin_line("passphrase")
    text: str = click.prompt(prompt, hide_input=True, err=True)
    return text


def _people(ctx: Context, *, create: bool = False) -> PeopleDesk:
    from qa_tui.desks.opening import people_desk

    return people_desk(open_desk(ctx, create=create))


def _signed_in(
    ctx: Context, from_stdin: bool, prompt: str = "Passphrase"
) -> tuple[AuditDesk, str | None]:
    """The desk of the owner of QA_TUI_TOKEN or, without one, of whoever signs in now
    with a user name (`--user`, QA_TUI_USER, or asked) and passphrase; and the
    passphrase they gave (None when they gave none)."""
    if os.environ.get("QA_TUI_TOKEN", "").strip():
        return open_desk(ctx), None
    from qa_tui.desks.people import sign_in

    desk = open_desk(ctx, check_who=False)
    if desk.person.single_user:  # no people yet: the desks say what to do first
        return desk, None
    try:
        name = ctx.named_user
        if name is None:
            if from_stdin:
                raise click.UsageError("with --passphrase-stdin, name who signs in with --user")
            name = click.prompt("User name", err=True)
        passphrase = _current_passphrase(from_stdin, prompt)
        person = sign_in(desk.store, name, passphrase)
    except BaseException:
        desk.store.close()
        raise
    ctx.signed_in = person.user_name
    return desk.signed_in(person), passphrase


def _person_data(p: Person) -> dict[str, Any]:
    from qa_tui.domain.people import Role

    return {
        "user_name": p.user_name,
        "display_name": p.display_name,
        "roles": [r.value for r in Role if r in p.roles],
        "teams": list(p.teams),
        "manages": list(p.manages),
        "agency": p.agency,
        "disabled": p.disabled,
        "has_passphrase": p.has_passphrase,
    }


def _person_line(p: Person) -> str:
    from qa_tui.domain.people import Role

    parts = [", ".join(r.label for r in Role if r in p.roles) or "no role"]
    if p.teams:
        parts.append("teams: " + ", ".join(p.teams))
    if p.manages:
        parts.append("manages: " + ", ".join(p.manages))
    if p.agency:
        parts.append("agency: " + p.agency)
    if p.disabled:
        parts.append("DISABLED")
    return f"{p.user_name:<20} {p.display_name:<24} " + "; ".join(parts)


def register(cli: click.Group) -> None:
    """Add `qa-tui users` to the main group."""

    @cli.group()
    def users() -> None:
        """People, roles, teams, passphrases and tokens (an administrator's job)."""

    @users.command("add")
    @click.argument("user_name")
    @click.option("--name", "display_name", default="", help="Display name, e.g. 'Sam Birch'.")
    @click.option(
        "--role",
        "roles",
        multiple=True,
        required=True,
        callback=_roles,
        help="auditor, qa_lead, manager, head_of_service, partner or admin; repeatable.",
    )
    @click.option("--team", "teams", multiple=True, help="A team they belong to; repeatable.")
    @click.option("--manages", multiple=True, help="A team they manage; repeatable.")
    @click.option("--agency", help="A partner agency person's agency, e.g. Police.")
    @PASSPHRASE_STDIN
    @db_options
    @click.pass_obj
    def users_add(
        ctx: Context,
        user_name: str,
        display_name: str,
        roles: list[Role],
        teams: tuple[str, ...],
        manages: tuple[str, ...],
        agency: str | None,
        passphrase_stdin: bool,
    ) -> None:
        """Add a person. The first must be an administrator: from then on everyone signs
        in (scripts with QA_TUI_TOKEN)."""
        from qa_tui.domain.permissions import Op

        with user_errors():
            desk = _people(ctx, create=True)
            desk.desk.require(Op.MANAGE_PEOPLE)  # refused before a passphrase is asked for
            passphrase = _new_passphrase(passphrase_stdin, f"Passphrase for {user_name}")
            person = desk.add(
                user_name,
                display_name,
                roles,
                teams=teams,
                manages=manages,
                agency=agency,
                passphrase=passphrase,
            )
        echo_text(f"added {_person_line(person)}", err=True)

    @users.command("list")
    @format_option
    @db_options
    @click.pass_obj
    def users_list(ctx: Context, fmt: str) -> None:
        """Everyone, with their roles and teams (never a passphrase)."""
        with user_errors():
            people = _people(ctx).everyone()
        if write_list(fmt, "users", (_person_data(p) for p in people)):
            return
        if not people:
            click.echo("no people: this database is single-user", err=True)
        for p in people:
            echo_text(_person_line(p))

    @users.command("set")
    @click.argument("user_name")
    @click.option("--name", "display_name", help="A new display name.")
    @click.option(
        "--role", "roles", multiple=True, callback=_roles, help="Replaces their roles; repeatable."
    )
    @click.option("--team", "teams", multiple=True, help="Replaces their teams; repeatable.")
    @click.option("--no-teams", is_flag=True, help="They belong to no team.")
    @click.option("--manages", multiple=True, help="Replaces the teams they manage; repeatable.")
    @click.option("--no-manages", is_flag=True, help="They manage no team.")
    @click.option("--agency", help="Their agency ('' for none).")
    @db_options
    @click.pass_obj
    def users_set(
        ctx: Context,
        user_name: str,
        display_name: str | None,
        roles: list[Role],
        teams: tuple[str, ...],
        no_teams: bool,
        manages: tuple[str, ...],
        no_manages: bool,
        agency: str | None,
    ) -> None:
        """Change a person's display name, roles, teams or agency. Teams alone is a QA
        lead's job too (it replaces `auditors set`)."""
        if teams and no_teams:
            raise click.UsageError("--team and --no-teams: give one or the other")
        if manages and no_manages:
            raise click.UsageError("--manages and --no-manages: give one or the other")
        changes = {
            "display_name": display_name,
            "roles": roles or None,
            "teams": [] if no_teams else list(teams) or None,
            "manages": [] if no_manages else list(manages) or None,
            "agency": agency,
        }
        if all(v is None for v in changes.values()):
            raise click.UsageError(
                "nothing to change: give --name, --role, --team, --no-teams, --manages, "
                "--no-manages or --agency"
            )
        with user_errors():
            person = _people(ctx).change(user_name, **changes)
        echo_text(_person_line(person), err=True)

    def _switch(user_name: str, ctx: Context, *, disabled: bool) -> None:
        with user_errors():
            person = _people(ctx).disable(user_name, disabled=disabled)
        word = "disabled: they cannot sign in and their tokens stop" if disabled else "enabled"
        echo_text(f"{person.user_name}: {word}", err=True)

    @users.command("disable")
    @click.argument("user_name")
    @db_options
    @click.pass_obj
    def users_disable(ctx: Context, user_name: str) -> None:
        """Stop a person signing in (their tokens too); nothing of theirs is removed."""
        _switch(user_name, ctx, disabled=True)

    @users.command("enable")
    @click.argument("user_name")
    @db_options
    @click.pass_obj
    def users_enable(ctx: Context, user_name: str) -> None:
        """Let a disabled person sign in again."""
        _switch(user_name, ctx, disabled=False)

    @users.command("reset-passphrase")
    @click.argument("user_name")
    @PASSPHRASE_STDIN
    @db_options
    @click.pass_obj
    def users_reset_passphrase(ctx: Context, user_name: str, passphrase_stdin: bool) -> None:
        """Set a new passphrase for someone (and lift a lock after failed sign-ins)."""
        from qa_tui.domain.permissions import Op

        with user_errors():
            desk = _people(ctx)
            desk.desk.require(Op.MANAGE_PEOPLE)  # refused before a passphrase is asked for
            desk.reset_passphrase(
                user_name, _new_passphrase(passphrase_stdin, f"New passphrase for {user_name}")
            )
        echo_text(f"{user_name.strip()}: passphrase reset", err=True)

    @users.command("passphrase")
    @click.option(
        "--passphrase-stdin",
        is_flag=True,
        help="Read the current passphrase (first line) and the new one (second) from stdin.",
    )
    @db_options
    @click.pass_obj
    def users_passphrase(ctx: Context, passphrase_stdin: bool) -> None:
        """Change your own passphrase (the current one first)."""
        from qa_tui.desks.opening import people_desk

        with user_errors():
            desk, old = _signed_in(ctx, passphrase_stdin, "Current passphrase")
            if old is None:
                old = _current_passphrase(passphrase_stdin, "Current passphrase")
            new = _new_passphrase(passphrase_stdin)
            people_desk(desk).change_passphrase(old, new)
        echo_text(f"{ctx.user}: passphrase changed", err=True)

    @users.command("token")
    @click.option("--label", default="", help="What it is for, e.g. 'nightly export'.")
    @PASSPHRASE_STDIN
    @db_options
    @click.pass_obj
    def users_token(ctx: Context, label: str, passphrase_stdin: bool) -> None:
        """Make a token for scripts, shown once. Without QA_TUI_TOKEN you sign in first
        (user name from --user or QA_TUI_USER, else asked)."""
        from qa_tui.desks.opening import people_desk

        with user_errors():
            desk, _typed = _signed_in(ctx, passphrase_stdin)
            token = people_desk(desk).issue_token(label)
        click.echo(token)
        echo_text(
            f"a new token for {desk.user}, shown only now: keep it secret (whoever holds it "
            "acts as you) and give it to scripts as QA_TUI_TOKEN; "
            "`qa-tui users tokens` lists yours, `qa-tui users revoke ID` ends one",
            err=True,
        )

    @users.command("tokens")
    @click.argument("user_name", required=False)
    @click.option("--all", "everyone", is_flag=True, help="Everyone's tokens (administrator).")
    @format_option
    @db_options
    @click.pass_obj
    def users_tokens(ctx: Context, user_name: str | None, everyone: bool, fmt: str) -> None:
        """Your tokens, or USER_NAME's or everyone's (administrator). Never the tokens
        themselves: they are shown once, when made."""
        if user_name and everyone:
            raise click.UsageError("USER_NAME and --all: give one or the other")
        with user_errors():
            people = _people(ctx)
            rows = people.tokens(None if everyone else (user_name or people.desk.user).strip())
        if write_list(fmt, "tokens", rows):
            return
        if not rows:
            click.echo("no tokens", err=True)
        for t in rows:
            state = f"revoked {t['revoked_at']}" if t["revoked_at"] else "live"
            echo_text(
                f"{t['id']:>5}  {t['user_name']:<20} {t['created_at']}  {state:<28} {t['label']}"
            )

    @users.command("revoke")
    @click.argument("token_id", type=DB_ID)
    @db_options
    @click.pass_obj
    def users_revoke(ctx: Context, token_id: int) -> None:
        """End a token (by the id `users tokens` shows): scripts using it stop working."""
        with user_errors():
            done = _people(ctx).revoke_token(token_id)
        echo_text(f"token {token_id} of {done['user_name']} revoked", err=True)

    @users.command("roles")
    @format_option
    def users_roles(fmt: str) -> None:
        """What each role may do: the table every desk checks."""
        from qa_tui.domain.permissions import permission_table

        rows = permission_table()
        if write_list(fmt, "operations", ({"operation": what, "who": who} for what, who in rows)):
            return
        width = max(len(what) for what, _ in rows)
        for what, who in rows:
            click.echo(f"{what:<{width}}  {who}")
