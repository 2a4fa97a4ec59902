"""What the dashboard's charts cost on a large database: time and memory, beside a tab
without a chart measured in the same run.

Runs the real `python -m qa_tui` in a pseudo-terminal of 120x36 (as dashboard_memory.py
does), opens the dashboard on "All time" (five years, 61 months), then times each key
until its result is painted: the Grades tab (its tables and the moderation grid, no
plotext: the reference), the Trend tab the first time (textual-plotext imported, the
chart drawn), the Trend tab again (drawn only), and `y` (quarters). Memory is the
process's peak (VmHWM) before and after the trend is first shown.

    python bench/make_large_db.py /tmp/large.sqlite3      # once: 100,000 audits
    python bench/charts.py /tmp/large.sqlite3 [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

from dashboard_memory import Terminal, peak_kib


def timed(app: Terminal, key: bytes, marker: bytes) -> float:
    """Milliseconds from the key to `marker` in the output (the result painted)."""
    app.seen.clear()
    start = time.perf_counter()
    os.write(app.fd, key)
    app.wait_for(marker)
    return (time.perf_counter() - start) * 1000


def one_run(database: Path, quiet: float) -> dict[str, float]:
    env = {**os.environ, "TERM": "xterm-256color", "QA_TUI_USER": "bench.lead"}
    env.pop("QA_TUI_TOKEN", None)
    app = Terminal([sys.executable, "-m", "qa_tui", "--db", str(database)], env)
    try:
        app.wait_for(b"My audits")
        app.settle(quiet)
        app.press(b"d", quiet)
        app.press(b"d", quiet)  # the period: "All time" is the first choice
        app.press(b"\x1b[H", quiet)
        app.seen.clear()
        app.press(b"\r", quiet)
        app.wait_for(b"All time")  # the filter line, painted again with the period
        grid = "Auditor ↓ Moderator".encode()
        figures = {"grades tab (reference)": timed(app, b"3", grid)}
        app.settle(quiet)
        before = peak_kib(app.pid)
        figures["trend tab, first (import + draw)"] = timed(app, b"4", b"top, left axis")
        app.settle(quiet)
        figures["peak MiB before the trend"] = before / 1024
        figures["peak MiB after the trend"] = peak_kib(app.pid) / 1024
        app.press(b"3", quiet)
        figures["trend tab, again (draw)"] = timed(app, b"4", b"top, left axis")
        app.settle(quiet)
        figures["y: by quarter (table + draw)"] = timed(app, b"y", b"Quarter")
        app.settle(quiet)
    finally:
        app.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--quiet", type=float, default=1.0, help="seconds of no output")
    args = parser.parse_args()
    runs = [one_run(args.database, args.quiet) for _ in range(args.runs)]
    print(f"database: {args.database}; 120x36; All time; median of {args.runs} runs")
    for name in runs[0]:
        values = [r[name] for r in runs]
        unit = "" if "MiB" in name else " ms"
        print(
            f"  {name:<36} {statistics.median(values):8.1f}{unit}   (each: "
            + ", ".join(f"{v:.1f}" for v in values)
            + ")"
        )


if __name__ == "__main__":
    main()
