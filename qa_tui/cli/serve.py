"""`qa-tui serve`: the app in a web browser, through textual-serve (the `web` extra).

Every browser tab gets its own app process, started as `python -m qa_tui --db PATH` with
this very Python and this very qa-tui, so each tab signs in on its own when the database
has people. A database without people asks nobody to sign in: then only a loopback
address may be bound, and HTTPS for the world comes from a reverse proxy in front.
"""

from __future__ import annotations

import os
import sys
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING

import click

from qa_tui.cli.common import Context, db_options, user_errors
from qa_tui.paths import PACKAGE_DIR

if TYPE_CHECKING:
    from textual_serve.server import Server

TITLE = "qa-tui"
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")
NEEDS_THE_WEB_EXTRA = 'qa-tui serve needs textual-serve: pip install "qa-tui[web]"'


def is_loopback(host: str) -> bool:
    """Only this machine can reach it: localhost, 127.0.0.0/8 or ::1 (names are not looked
    up: any other name might reach further)."""
    import ipaddress

    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip().strip("[]")).is_loopback
    except ValueError:
        return False


def default_public_url(host: str, port: int) -> str:
    """The address a browser on this machine opens (IPv6 addresses in brackets)."""
    import ipaddress

    try:
        is_v6 = ipaddress.ip_address(host.strip("[]")).version == 6
    except ValueError:
        is_v6 = False
    shown = f"[{host.strip('[]')}]" if is_v6 else host
    return f"http://{shown}:{port}"


def origin_of(url: str) -> str:
    """`scheme://host[:port]` as a browser's Origin header says it (no default port)."""
    from urllib.parse import urlsplit

    parts = urlsplit(url.strip())
    scheme, host = parts.scheme.lower(), (parts.hostname or "").lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    shown = f"[{host}]" if ":" in host else host
    default = {"http": 80, "https": 443}.get(scheme)
    return f"{scheme}://{shown}" + (f":{port}" if port and port != default else "")


def allowed_origins(public_url: str, host: str, port: int) -> set[str]:
    """The pages that may open a tab: qa-tui's own, under any of this machine's names when
    it listens on loopback. Any other web page a person has open could otherwise drive
    the app from their browser (a websocket is not held to the same-origin rule)."""
    origins = {origin_of(public_url)}
    if is_loopback(host):
        origins |= {origin_of(f"http://{name}:{port}") for name in LOOPBACK_NAMES}
    return origins


def _public_url(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    url = value.strip().rstrip("/")
    scheme, _, rest = url.partition("://")
    if scheme.lower() not in ("http", "https") or not rest:
        raise click.BadParameter(f"{value!r} is not an http:// or https:// address")
    return url


def tab_command(db_path: Path, user: str | None) -> str:
    """The shell command textual-serve runs for each tab: this Python, this qa-tui.

    `-P` keeps the server's working folder out of the tab's import path; the folder
    this qa-tui was loaded from goes on PYTHONPATH instead (see `tab_environment`).
    """
    args = [sys.executable, "-P", "-m", "qa_tui", "--db", str(db_path)]
    if user:
        args += ["--user", user]
    if os.name == "nt":  # cmd.exe's quoting
        import subprocess

        return subprocess.list2cmdline(args)
    import shlex

    return "exec " + shlex.join(args)  # the shell becomes the app: one process per tab


def tab_environment(environ: dict[str, str]) -> dict[str, str]:
    """The environment every tab inherits (textual-serve copies this process's own).

    A script's QA_TUI_TOKEN is dropped: it would sign every browser in as its owner.
    """
    import site
    import sysconfig

    env = {k: v for k, v in environ.items() if k != "QA_TUI_TOKEN"}
    source = PACKAGE_DIR.parent
    installed = {
        Path(p).resolve()
        for p in (
            sysconfig.get_paths()["purelib"],
            sysconfig.get_paths()["platlib"],
            site.getusersitepackages(),
        )
    }
    if source not in installed:  # a source tree or an editable install: load that one
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(source), env.get("PYTHONPATH", "")) if p
        )
    return env


def register(cli: click.Group) -> None:

    @cli.command()
    @click.option(
        "--host",
        default="127.0.0.1",
        show_default=True,
        help="Address to listen on. Beyond loopback only once the database has people.",
    )
    @click.option(
        "--port", type=click.IntRange(1, 65535), default=8000, show_default=True, metavar="PORT"
    )
    @click.option(
        "--public-url",
        metavar="URL",
        callback=_public_url,
        help="The address browsers use, when a reverse proxy stands in front "
        "(for example https://qa.example.org).",
    )
    @db_options
    @click.pass_obj
    def serve(ctx: Context, host: str, port: int, public_url: str | None) -> None:
        """Serve the app to web browsers: one app process, and one sign-in, per tab.

        Stop it with ctrl+c.
        """
        if find_spec("textual_serve") is None:
            raise click.ClickException(NEEDS_THE_WEB_EXTRA)
        path = ctx.db_path.resolve()
        if not path.is_file():
            raise click.ClickException(
                f"no database at {path}; serve opens an existing one (check --db or QA_TUI_DB)"
            )
        from qa_tui.desks.serving import sign_in_required

        with user_errors():
            protected = sign_in_required(path)
        if not protected and not is_loopback(host):
            raise click.ClickException(
                f"{host} is not a loopback address and {path} has no people, so nobody "
                "would be asked to sign in: serve on 127.0.0.1, or add people first"
            )
        url = public_url or default_public_url(host, port)
        environment = tab_environment(dict(os.environ))
        os.environ.clear()
        os.environ.update(environment)
        command = tab_command(path, ctx.user_flag)
        server = _make_server(command, host, port, url, allowed_origins(url, host, port), path)
        try:
            server.serve()
        except KeyboardInterrupt:  # ctrl+c before the server had its own handler
            pass
        except OSError as exc:  # the port is taken, or the address is not this machine's
            reason = os.strerror(exc.errno) if exc.errno else str(exc)
            raise click.ClickException(f"cannot listen on {host}:{port}: {reason}") from None
        click.echo("qa-tui serve: stopped", err=True)


def _make_server(
    command: str, host: str, port: int, url: str, origins: set[str], path: Path
) -> Server:
    """textual-serve's server, saying where to go on stderr (once it listens) instead of
    its banner, opening tabs only for qa-tui's own page, and closing every open tab when
    it is stopped (else it waits for each browser to leave)."""
    import asyncio
    import contextlib
    import signal

    from aiohttp import WSCloseCode, web
    from rich.console import Console
    from textual_serve.app_service import AppService
    from textual_serve.server import Server

    class QaServer(Server):
        open_tabs: set[web.WebSocketResponse]

        def serve(self, debug: bool = False) -> None:
            """As textual-serve's, but on a loop of its own, telling where to go once the
            address is bound (a port already taken is then an error, not an invitation)."""
            self.debug = debug
            self.open_tabs = set()
            self.initialize_logging()
            loop = asyncio.new_event_loop()
            asyncio.set_event_loop(loop)
            for stop in (signal.SIGINT, signal.SIGTERM):
                # Not on Windows: there ctrl+c is a KeyboardInterrupt.
                with contextlib.suppress(NotImplementedError):
                    loop.add_signal_handler(stop, self.request_exit)
            web.run_app(
                self._make_app(),
                host=self.host,
                port=self.port,
                handle_signals=False,
                loop=loop,
                print=lambda _banner: self.listening(),
            )

        def listening(self) -> None:
            click.echo(f"qa-tui: serving {path}", err=True)
            click.echo(f"open {self.public_url} in a browser; press ctrl+c to stop", err=True)

        async def on_startup(self, app: web.Application) -> None:
            pass  # textual-serve's banner; `listening` says it once the port is bound

        async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
            origin = request.headers.get("Origin")  # browsers always send it; scripts may not
            if origin is not None and origin_of(origin) not in origins:
                raise web.HTTPForbidden(text="qa-tui opens only from its own page")
            return await super().handle_websocket(request)

        async def _process_messages(
            self, websocket: web.WebSocketResponse, app_service: AppService
        ) -> None:
            self.open_tabs.add(websocket)
            try:
                await super()._process_messages(websocket, app_service)
            finally:
                self.open_tabs.discard(websocket)

        async def on_shutdown(self, app: web.Application) -> None:
            for websocket in list(self.open_tabs):  # each tab's app is then told to quit
                await websocket.close(code=WSCloseCode.GOING_AWAY, message=b"qa-tui stopped")

    server = QaServer(command, host=host, port=port, title=TITLE, public_url=url)
    server.console = Console(stderr=True)  # its log lines go with the messages
    return server
