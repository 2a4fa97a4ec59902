"""`qa-tui serve`, for real: the server in its own process on a free loopback port, a
browser's requests over HTTP and the websocket (aiohttp, as textual-serve's page does),
the app's first screen arriving through it, and a clean stop.

textual-serve's protocol (its server.py and app_service.py): the page holds the
websocket's address; the browser connects to `/ws?width=W&height=H` and sends
`["resize", {"width": W, "height": H}]`; the server then starts one app process for
that tab and forwards what the app writes to its terminal as binary messages.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import aiohttp
import pytest

from qa_tui.cli.serve import allowed_origins, is_loopback
from qa_tui.desks.opening import open_desk, people_desk
from qa_tui.store.database import Store

WAIT = 20.0  # seconds: a deadline for what should take well under one
# Terminal control sequences (CSI, OSC, other escapes) between the words on screen.
CONTROLS = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|.)")


@pytest.fixture
def single_user_db(db_path: Path) -> Path:
    Store.open(db_path).close()
    return db_path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("QA_TUI_")}
    env["QA_TUI_LOG_DIR"] = str(tmp_path / "logs")
    env.update(extra)
    return env


def qa_tui(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "qa_tui", *args],
        capture_output=True,
        text=True,
        env=environment(tmp_path, **env),
        timeout=60,
    )


def one_line_exit_1(done: subprocess.CompletedProcess) -> str:
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, done.stderr
    return lines[0]


class Serving:
    """A running `qa-tui serve`, its output kept in files (a pipe nobody reads fills)."""

    def __init__(self, process: subprocess.Popen, port: int, stderr: Path):
        self.process = process
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self._stderr = stderr

    @property
    def stderr(self) -> str:
        return self._stderr.read_text("utf-8", "replace")

    def app_processes(self) -> list[int]:
        """The server's child processes: one app per open browser tab."""
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text()
        return [int(child) for child in children.split()]

    def stop(self) -> int:
        self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=WAIT)


def listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return False
    return True


@contextmanager
def serving(tmp_path: Path, db: Path, *args: str, **env: str) -> Iterator[Serving]:
    port = free_port()
    stderr = tmp_path / "serve.stderr"
    with stderr.open("w") as err, (tmp_path / "serve.stdout").open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "qa_tui", "serve", "--db", str(db), "--port", str(port), *args],
            stdout=out,
            stderr=err,
            env=environment(tmp_path, **env),
        )
    server = Serving(process, port, stderr)
    try:
        deadline = time.monotonic() + WAIT
        while not listening(port) or "ctrl+c" not in server.stderr:  # said once it listens
            assert process.poll() is None, f"serve stopped: {server.stderr}"
            assert time.monotonic() < deadline, f"serve never listened: {server.stderr}"
            time.sleep(0.05)
        yield server
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


async def first_screen(ws: aiohttp.ClientWebSocketResponse, words: str) -> str:
    """What the tab's terminal shows, read until `words` appear on it."""
    await ws.send_json(["resize", {"width": 100, "height": 30}])
    shown = ""
    deadline = time.monotonic() + WAIT
    while words.lower() not in shown.lower():
        try:
            message = await ws.receive(timeout=max(0.0, deadline - time.monotonic()))
        except TimeoutError:
            pytest.fail(f"{words!r} never arrived; the tab showed: {shown[-2000:]!r}")
        assert message.type in (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT), message
        if message.type == aiohttp.WSMsgType.BINARY:
            shown += CONTROLS.sub("", message.data.decode("utf-8", "replace"))
    return shown


async def closed(ws: aiohttp.ClientWebSocketResponse) -> bool:
    """True once the server closes the tab (what the app had still sent is passed over)."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        message = await ws.receive(timeout=deadline - time.monotonic())
        if message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
            return True
    return False


def gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return True
    return state == "Z"  # ended, waiting only to be counted


async def test_a_browser_gets_the_page_then_the_app_and_ctrl_c_stops_it_all(
    tmp_path: Path, single_user_db: Path
) -> None:
    with serving(tmp_path, single_user_db) as server:
        assert "open http://127.0.0.1:" in server.stderr
        assert "ctrl+c" in server.stderr
        async with aiohttp.ClientSession() as browser:
            async with browser.get(server.url + "/") as page:
                assert page.status == 200
                assert page.content_type == "text/html"
                html = await page.text()
            assert ">qa-tui<" in html
            assert f'data-session-websocket-url="ws://127.0.0.1:{server.port}/ws"' in html

            ws_url = server.url + "/ws?width=100&height=30"
            page_origin = server.url  # what a browser sends from the page just read
            async with (
                browser.ws_connect(ws_url, origin=page_origin) as tab,
                browser.ws_connect(ws_url, origin=page_origin) as other,
            ):
                assert "My audits" in await first_screen(tab, "My audits")
                assert "My audits" in await first_screen(other, "My audits")
                apps = server.app_processes()
                assert len(apps) == 2  # one app process per tab

                assert server.stop() == 0  # the tabs are still open
                assert await closed(tab)
    assert "Traceback" not in server.stderr
    assert "qa-tui serve: stopped" in server.stderr
    deadline = time.monotonic() + WAIT
    while not all(gone(pid) for pid in apps):
        assert time.monotonic() < deadline, "a tab's app outlived the server"
        time.sleep(0.05)


async def test_another_web_page_cannot_open_a_tab(tmp_path: Path, single_user_db: Path) -> None:
    """Any page a person has open may try ws://127.0.0.1:PORT/ws from their browser."""
    with serving(tmp_path, single_user_db) as server:
        async with aiohttp.ClientSession() as browser:
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await browser.ws_connect(server.url + "/ws", origin="https://elsewhere.example")
            assert refused.value.status == 403
            assert server.app_processes() == []  # no app was started for it
            localhost = f"http://localhost:{server.port}"  # the same page by another name
            async with browser.ws_connect(server.url + "/ws", origin=localhost) as tab:
                assert "My audits" in await first_screen(tab, "My audits")
        assert server.stop() == 0


def test_behind_a_proxy_only_its_public_address_opens_tabs() -> None:
    origins = allowed_origins("https://QA.example.org:443/", "127.0.0.1", 8000)
    assert "https://qa.example.org" in origins
    assert "http://qa.example.org" not in origins
    assert allowed_origins("https://qa.example.org", "10.1.2.3", 8000) == {"https://qa.example.org"}


async def test_on_a_database_with_people_each_tab_opens_on_the_sign_in_screen(
    tmp_path: Path, db_path: Path
) -> None:
    pytest.importorskip("qa_tui.tui.screens.sign_in")
    first = open_desk(db_path, "first", create=True)
    people_desk(first).add("ada.admin", "Ada Admin", ["admin"], passphrase="a long passphrase 1")
    first.store.close()
    admin = open_desk(db_path, "ada.admin")
    token = people_desk(admin).issue_token("a script's")
    admin.store.close()
    # A script's token in the server's environment must not sign the browsers in.
    with serving(tmp_path, db_path, QA_TUI_TOKEN=token) as server:
        async with (
            aiohttp.ClientSession() as browser,
            browser.ws_connect(server.url + "/ws?width=100&height=30") as tab,
        ):
            shown = await first_screen(tab, "passphrase")
        assert "My audits" not in shown
        assert server.stop() == 0
    assert "Traceback" not in server.stderr


def test_beyond_loopback_a_database_without_people_is_refused(
    tmp_path: Path, single_user_db: Path
) -> None:
    for host in ("0.0.0.0", "::"):
        done = qa_tui(tmp_path, "serve", "--db", str(single_user_db), "--host", host)
        line = one_line_exit_1(done)
        assert "no people" in line
        assert "127.0.0.1" in line


def test_loopback_is_this_machine_only() -> None:
    for host in ("127.0.0.1", "127.0.0.2", "localhost", "LOCALHOST", "::1", "[::1]"):
        assert is_loopback(host), host
    for host in ("0.0.0.0", "::", "", "10.0.0.1", "qa.example.org", "::ffff:10.0.0.1"):
        assert not is_loopback(host), host


def test_a_missing_database_is_not_made_for_a_server(tmp_path: Path) -> None:
    missing = tmp_path / "typo.sqlite3"
    line = one_line_exit_1(qa_tui(tmp_path, "serve", "--db", str(missing)))
    assert "no database" in line
    assert not missing.exists()


def test_a_port_in_use_is_one_line(tmp_path: Path, single_user_db: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        done = qa_tui(tmp_path, "serve", "--db", str(single_user_db), "--port", port)
    line = one_line_exit_1(done)
    assert f"cannot listen on 127.0.0.1:{port}" in line
    assert "in use" in line


def test_a_port_out_of_range_is_bad_usage(tmp_path: Path, single_user_db: Path) -> None:
    for port in ("0", "70000", "http"):
        done = qa_tui(tmp_path, "serve", "--db", str(single_user_db), "--port", port)
        assert done.returncode == 2, done.stderr
        assert "--port" in done.stderr


def test_without_the_web_extra_serve_says_how_to_install_it(
    tmp_path: Path, single_user_db: Path
) -> None:
    # Python's own way to make a module not importable, in the server's process only.
    hide = tmp_path / "hide"
    hide.mkdir()
    (hide / "sitecustomize.py").write_text("import sys\nsys.modules['textual_serve'] = None\n")
    done = qa_tui(tmp_path, "serve", "--db", str(single_user_db), PYTHONPATH=str(hide))
    assert one_line_exit_1(done).endswith('pip install "qa-tui[web]"')
