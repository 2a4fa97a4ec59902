"""Peak memory of the app on a large database with every dashboard tab shown.

Runs the real `python -m qa_tui` in a pseudo-terminal of 120x36 on the database given
(a copy is not made: the app only reads it here), opens the dashboard (`d`) and shows
each tab in turn (`1`..`5`), waiting after each key until the screen has been quiet
for a moment (no output for --quiet seconds), then reads the process's peak resident
memory (VmHWM). In the same run, the same is read for a minimal Textual app (Header,
Static, Footer) started the same way, as the reference: the machine's Python and
Textual cost that much before qa-tui holds anything.

    python bench/make_large_db.py /tmp/large.sqlite3      # once: 100,000 audits
    python bench/dashboard_memory.py /tmp/large.sqlite3

Issue 12's target: at most 72 MiB peak (goal 64 MiB) with every tab shown.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import select
import signal
import struct
import sys
import termios
import time
from pathlib import Path

MINIMAL_APP = """
from textual.app import App
from textual.widgets import Footer, Header, Static
class Minimal(App):
    def compose(self):
        yield Header()
        yield Static("minimal-app-ready")
        yield Footer()
Minimal().run()
"""


def peak_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError("no VmHWM in /proc: this benchmark needs Linux")


class Terminal:
    """A program in a pseudo-terminal, fed keys, its output drained."""

    def __init__(self, argv: list[str], env: dict[str, str]):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execvpe(argv[0], argv, env)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", 36, 120, 0, 0))
        self.seen = bytearray()

    def wait_for(self, marker: bytes, timeout: float = 60) -> None:
        end = time.monotonic() + timeout
        while marker not in self.seen:
            if time.monotonic() > end:
                raise RuntimeError(f"{marker!r} never appeared: {bytes(self.seen[-300:])!r}")
            self._read(0.1)

    def settle(self, quiet: float, timeout: float = 120) -> None:
        """Read until nothing has been written for `quiet` seconds."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if not self._read(quiet):
                return
        raise RuntimeError("the screen never went quiet")

    def press(self, key: bytes, quiet: float) -> None:
        os.write(self.fd, key)
        self.settle(quiet)

    def _read(self, wait: float) -> bool:
        ready, _, _ = select.select([self.fd], [], [], wait)
        if not ready:
            return False
        try:
            self.seen.extend(os.read(self.fd, 65536))
        except OSError:
            return False
        return True

    def close(self) -> None:
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        os.close(self.fd)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database", type=Path)
    parser.add_argument("--quiet", type=float, default=1.5, help="seconds of no output")
    args = parser.parse_args()
    env = {**os.environ, "TERM": "xterm-256color", "QA_TUI_USER": "bench.lead"}
    env.pop("QA_TUI_TOKEN", None)

    minimal = Terminal([sys.executable, "-c", MINIMAL_APP], env)
    try:
        minimal.wait_for(b"minimal-app-ready")
        minimal.settle(args.quiet)
        reference = peak_kib(minimal.pid)
    finally:
        minimal.close()

    app = Terminal([sys.executable, "-m", "qa_tui", "--db", str(args.database)], env)
    steps: list[tuple[str, int]] = []
    try:
        app.wait_for(b"My audits")
        app.settle(args.quiet)
        steps.append(("home", peak_kib(app.pid)))
        app.press(b"d", args.quiet)
        steps.append(("dashboard", peak_kib(app.pid)))
        for key, tab in zip(
            b"12345", ("criteria", "teams", "grades", "trend", "themes"), strict=True
        ):
            app.press(bytes([key]), args.quiet)
            steps.append((f"tab {tab}", peak_kib(app.pid)))
    finally:
        app.close()

    print(f"database: {args.database} ({args.database.stat().st_size / 2**20:,.0f} MiB)")
    print(f"minimal Textual app, peak:         {reference / 1024:6.1f} MiB")
    for name, kib in steps:
        print(f"qa-tui after {name:<22}{kib / 1024:6.1f} MiB")
    peak = max(kib for _name, kib in steps)
    print(
        f"qa-tui peak, every tab shown:      {peak / 1024:6.1f} MiB  "
        f"({peak / reference:.2f}x the minimal app; goal 64, at most 72 MiB)"
    )


if __name__ == "__main__":
    main()
