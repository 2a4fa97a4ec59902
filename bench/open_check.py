"""What opening a database costs: the checks qa-tui runs on every open, beside a bare
SQLite open of the same file measured in the same run.

Every open checks that the file is a qa-tui database and that its recorded migration
checksums equal the shipped migrations (target: under 50 ms on the 100,000-audit
database from make_large_db.py). Also shown, for scale: the one-off check of a
database from before checksums (its schema compared with a fresh one built in memory),
and SQLite's quick_check of the whole file, which qa-tui runs only before bulk writes
and in `qa-tui db check`, never on open.

    python bench/open_check.py PATH [--runs 11]
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from qa_tui.store import migrations
from qa_tui.store.database import _AFTER_MIGRATION, Store, available_migrations


def median_ms(call, runs: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def bare_open(path: Path) -> None:
    """The reference: connect, set WAL, read the schema (what any SQLite program does)."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode").fetchone()
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    conn.close()


def qa_tui_open(path: Path) -> None:
    Store.open(path, create=False).close()


def legacy_check(path: Path) -> None:
    """The path a database from before checksums takes once: compare with a fresh shape."""
    shipped = available_migrations()
    expected, _ = migrations.fresh_shape(shipped, shipped[-1].version, _AFTER_MIGRATION)
    conn = sqlite3.connect(path)
    try:
        migrations.differences(migrations.shape(conn), expected)
    finally:
        conn.close()


def quick_check(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA quick_check").fetchall()
    conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()
    Store.open(args.path, create=False).close()  # migrate once, outside the clock
    audits = sqlite3.connect(args.path).execute("SELECT count(*) FROM audits").fetchone()[0]
    size = args.path.stat().st_size / 2**20
    print(f"{args.path}: {audits:,} audits, {size:,.0f} MiB; median of {args.runs} runs")
    reference = median_ms(lambda: bare_open(args.path), args.runs)
    opened = median_ms(lambda: qa_tui_open(args.path), args.runs)
    legacy = median_ms(lambda: legacy_check(args.path), args.runs)
    print(f"  bare SQLite open (reference)         {reference:8.1f} ms")
    print(
        f"  qa-tui open with its checks          {opened:8.1f} ms   "
        f"(+{opened - reference:.1f} ms, target < 50 ms)"
    )
    print(f"  once, for a file from before checksums {legacy:6.1f} ms")
    checked = median_ms(lambda: quick_check(args.path), 1)
    print(
        f"  quick_check of the whole file        {checked:8.1f} ms   "
        "(before bulk writes on files under 256 MB, and in db check; never on open)"
    )


if __name__ == "__main__":
    main()
