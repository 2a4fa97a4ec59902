"""Start-up time to the home list filled: `qa-tui demo` next to a minimal Textual app.

Each program runs in a pseudo-terminal of 80x24, as a person would start it. The clock
stops when the auditor's list shows its first case (`DEMO-`, which only a row of the
list prints), not when the header appears: what a person waits for is their audits.
For the minimal app it stops when its one line appears. Prints the median of several
runs of each and their ratio (issue 12: goal 1.2x, at most 1.35x).

    python bench/startup.py [--runs 7]
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import signal
import statistics
import struct
import sys
import tempfile
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

LIST_FILLED = b"DEMO-"  # a case reference: printed only once the home list has its rows


def time_to_text(argv: list[str], marker: bytes, env: dict[str, str], timeout: float = 30) -> float:
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.execvpe(argv[0], argv, env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    seen = bytearray()
    try:
        while time.perf_counter() - start < timeout:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            seen.extend(chunk)
            if marker in seen:
                return time.perf_counter() - start
        raise RuntimeError(f"{marker!r} never appeared; output ended with {bytes(seen[-300:])!r}")
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    env = {**os.environ, "TERM": "xterm-256color"}
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "demo.sqlite3"
        from qa_tui.desks.demo import build_demo_database

        build_demo_database(db)  # built once, outside the clock, as after a first run
        qa = [sys.executable, "-m", "qa_tui", "demo", "--db", str(db)]
        minimal = [sys.executable, "-c", MINIMAL_APP]
        time_to_text(qa, LIST_FILLED, env)  # warm the file cache for both
        time_to_text(minimal, b"minimal-app-ready", env)
        qa_times, minimal_times = [], []
        for _ in range(args.runs):
            minimal_times.append(time_to_text(minimal, b"minimal-app-ready", env))
            qa_times.append(time_to_text(qa, LIST_FILLED, env))
    qa_median, minimal_median = statistics.median(qa_times), statistics.median(minimal_times)
    print(f"runs each:                  {args.runs}")
    print(
        f"minimal Textual app, median: {minimal_median * 1000:7.0f} ms  "
        f"(min {min(minimal_times) * 1000:.0f}, max {max(minimal_times) * 1000:.0f})"
    )
    print(
        f"qa-tui demo, median:        {qa_median * 1000:7.0f} ms  "
        f"(min {min(qa_times) * 1000:.0f}, max {max(qa_times) * 1000:.0f})"
    )
    print(
        f"ratio qa-tui / minimal:     {qa_median / minimal_median:7.2f}  (goal 1.2, at most 1.35)"
    )


if __name__ == "__main__":
    main()
