"""Start-up time to the home list filled: `qa-tui demo` next to a minimal Textual app.

Each program runs in a pseudo-terminal of 80x24, as a person would start it. The clock
stops when the auditor's list shows its first case (`DEMO-`, which only a row of the
list prints), not when the header appears: what a person waits for is their audits.
For the minimal app it stops when its one line appears. Prints the median of several
runs of each and their ratio (issue 12: goal 1.2x, at most 1.35x).

Both programs run as after a first run: the demo database is built, and Python's
bytecode cache written, by warm-up runs outside the clock (an installed package has its
bytecode compiled at install). The bytecode goes to a private folder of this run
(PYTHONPYCACHEPREFIX), so nothing is written into the source tree. `--no-bytecode`
compiles every qa-tui module from source on every start instead, as happens when
PYTHONDONTWRITEBYTECODE is set and no cache exists (an editable install there).

`--breakdown` also prints, for both programs, when the first text and the footer's
keys appeared, to tell the first paint, the list and the footer apart.

    python bench/startup.py [--runs 7] [--breakdown] [--no-bytecode]
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
MINIMAL_READY = b"minimal-app-ready"
QA_FIRST_TEXT = b"My audits"  # the home screen's title in the header
FOOTER_KEYS = b"palette"  # the footer's last key (^p palette), in both programs


def times_to_text(
    argv: list[str], markers: list[bytes], env: dict[str, str], timeout: float = 30
) -> dict[bytes, float]:
    """Seconds from the start of `argv` to the first appearance of each marker."""
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.execvpe(argv[0], argv, env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    seen = bytearray()
    found: dict[bytes, float] = {}
    try:
        while time.perf_counter() - start < timeout and len(found) < len(markers):
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            seen.extend(chunk)
            now = time.perf_counter() - start
            for marker in markers:
                if marker not in found and marker in seen:
                    found[marker] = now
        missing = [m for m in markers if m not in found]
        if missing:
            raise RuntimeError(
                f"{missing!r} never appeared; output ended with {bytes(seen[-300:])!r}"
            )
        return found
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)


def time_to_text(argv: list[str], marker: bytes, env: dict[str, str], timeout: float = 30) -> float:
    return times_to_text(argv, [marker], env, timeout)[marker]


def run_env(tmp: Path, bytecode: bool) -> dict[str, str]:
    env = {**os.environ, "TERM": "xterm-256color"}
    if bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(tmp / "bytecode")
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        env.pop("PYTHONPYCACHEPREFIX", None)
    return env


def median_ms(runs: list[dict[bytes, float]], marker: bytes) -> float:
    return statistics.median(run[marker] for run in runs) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--breakdown", action="store_true", help="first paint and footer too")
    parser.add_argument(
        "--no-bytecode", action="store_true", help="compile qa-tui from source on every start"
    )
    args = parser.parse_args()
    qa_markers = [QA_FIRST_TEXT, LIST_FILLED, FOOTER_KEYS] if args.breakdown else [LIST_FILLED]
    minimal_markers = [MINIMAL_READY, FOOTER_KEYS] if args.breakdown else [MINIMAL_READY]
    with tempfile.TemporaryDirectory() as tmp:
        env = run_env(Path(tmp), bytecode=not args.no_bytecode)
        db = Path(tmp) / "demo.sqlite3"
        from qa_tui.desks.demo import build_demo_database

        build_demo_database(db)  # built once, outside the clock, as after a first run
        qa = [sys.executable, "-m", "qa_tui", "demo", "--db", str(db)]
        minimal = [sys.executable, "-c", MINIMAL_APP]
        for _ in range(2):  # warm the file cache (and write the bytecode) for both
            times_to_text(qa, qa_markers, env)
            times_to_text(minimal, minimal_markers, env)
        qa_runs, minimal_runs = [], []
        for _ in range(args.runs):
            minimal_runs.append(times_to_text(minimal, minimal_markers, env))
            qa_runs.append(times_to_text(qa, qa_markers, env))
    qa_times = [run[LIST_FILLED] for run in qa_runs]
    minimal_times = [run[MINIMAL_READY] for run in minimal_runs]
    qa_median, minimal_median = statistics.median(qa_times), statistics.median(minimal_times)
    bytecode = (
        "none, compiled on every start" if args.no_bytecode else "cached, as after a first run"
    )
    print(f"runs each:                  {args.runs}")
    print(f"bytecode:                   {bytecode}")
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
    if args.breakdown:
        minimal_footer = median_ms(minimal_runs, FOOTER_KEYS)
        qa_header, qa_footer = median_ms(qa_runs, QA_FIRST_TEXT), median_ms(qa_runs, FOOTER_KEYS)
        print("breakdown, medians:")
        print(
            f"  minimal: its line {minimal_median * 1000:5.0f} ms, "
            f"footer keys {minimal_footer:5.0f} ms"
        )
        print(
            f"  qa-tui:  header {qa_header:5.0f} ms, list {qa_median * 1000:5.0f} ms, "
            f"footer keys {qa_footer:5.0f} ms (ratio to the minimal's footer "
            f"{qa_footer / minimal_footer:.2f})"
        )


if __name__ == "__main__":
    main()
