"""A theme merge and rename on the large database while another person grades.

On a copy of the large database (never the original), a second process grades an audit
under way in a loop through AuditDesk (Good, then Requires improvement, ...), timing
each save. First it grades alone for --alone seconds (the reference: the wait with no
merge running, in the same run); then this process merges the second most tagged theme
into the most tagged one and renames the result back and forth, timing every write
transaction it makes, while the grader goes on. Printed: the grader's longest and p99
wait and its failures (`database is locked`) in each phase, and the merge's longest
write transaction.

    PYTHONPATH=. python bench/merge_while_grading.py [/tmp/large.sqlite3]
        [--copy /tmp/writepaths-bench.sqlite3] [--alone 8]

The large database is written straight into its tables, so its theme catalogue is
empty; the copy's catalogue is filled from its tags first (one name per tag, as
migration 6 would), off the clock. The copy is deleted at the end.

Goal (issue 14): the longest write of any user action 100 ms (must: 500 ms), and never
a `database is locked` for the grader.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import shutil
import sqlite3
import statistics
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any

AUDITOR = "demo.auditor"


def grader(path: str, audit_id: int, criterion: str, stop: Any, out: Any) -> None:
    from qa_tui.desks.opening import open_desk

    desk = open_desk(Path(path), AUDITOR)
    waits: list[tuple[float, float, bool]] = []  # (started, seconds, failed)
    grades = ("good", "requires-improvement")
    i = 0
    while not stop.is_set():
        started = time.perf_counter()
        try:
            desk.grade(audit_id, criterion, grades[i % 2])
            failed = False
        except Exception as exc:
            failed = True
            print(f"grader: {exc}")
        waits.append((time.time(), time.perf_counter() - started, failed))
        i += 1
        time.sleep(0.02)  # a person grades a few times a second at most
    desk.store.close()
    out.put(waits)


def fill_catalogue(path: Path) -> tuple[str, str]:
    from qa_tui.domain.theme_names import theme_key

    conn = sqlite3.connect(path)
    with conn:
        conn.execute("DELETE FROM theme_catalogue")
        seen: set[str] = set()
        for (theme,) in conn.execute("SELECT DISTINCT theme FROM audit_themes ORDER BY 1"):
            if theme_key(theme) not in seen:
                seen.add(theme_key(theme))
                conn.execute(
                    "INSERT INTO theme_catalogue (key, name, created_at, created_by) "
                    "VALUES (?, ?, datetime('now'), 'bench')",
                    (theme_key(theme), theme),
                )
    top = [
        r[0]
        for r in conn.execute(
            "SELECT theme FROM audit_themes GROUP BY theme ORDER BY count(*) DESC LIMIT 2"
        )
    ]
    conn.close()
    return top[1], top[0]


def grading_target(path: Path) -> tuple[int, str]:
    conn = sqlite3.connect(path)
    row = conn.execute(
        "SELECT a.id, rc.criterion_id FROM audits a JOIN rubric_criteria rc ON "
        "rc.rubric_hash = a.rubric_hash WHERE a.status = 'in_progress' AND a.auditor = ? "
        "AND rc.kind = 'quality' ORDER BY a.id LIMIT 1",
        (AUDITOR,),
    ).fetchone()
    conn.close()
    return row[0], row[1]


def summary(waits: list[tuple[float, float, bool]], start: float, end: float) -> str:
    inside = [w for w in waits if start <= w[0] <= end]
    times = sorted(w[1] * 1000 for w in inside)
    if not times:
        return "no saves"
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
    failed = sum(w[2] for w in inside)
    return (
        f"{len(times):5} saves  median {statistics.median(times):7.1f} ms  p99 {p99:8.1f} ms  "
        f"longest {times[-1]:8.1f} ms  database is locked: {failed}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, nargs="?", default=Path("/tmp/large.sqlite3"))
    parser.add_argument("--copy", type=Path, default=Path("/tmp/writepaths-bench.sqlite3"))
    parser.add_argument("--alone", type=float, default=8.0)
    args = parser.parse_args()
    copy: Path = args.copy
    for suffix in ("", "-wal"):
        if Path(f"{args.source}{suffix}").exists():
            shutil.copyfile(f"{args.source}{suffix}", f"{copy}{suffix}")
    try:
        return run(args, copy)
    finally:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{copy}{suffix}").unlink(missing_ok=True)
        for backup in copy.parent.glob(f"{copy.name}.bak-*"):
            backup.unlink()


def run(args: argparse.Namespace, copy: Path) -> int:
    from qa_tui.desks.opening import open_desk, theme_desk

    variant, into = fill_catalogue(copy)
    audit_id, criterion = grading_target(copy)
    desk = open_desk(copy, "qa.lead")  # a single-user file: nothing is refused
    store = desk.store
    transactions: list[float] = []
    real_write = store.write

    sizes: list[int] = []
    last = [0]

    def progress(done: int, total: int) -> None:
        if done > last[0]:
            sizes.append(done - last[0])
        last[0] = done

    @contextmanager
    def timed_write():  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        with real_write() as conn:
            yield conn
            # the commit happens as this block ends; time it with the body
        transactions.append(time.perf_counter() - started)

    store.write = timed_write  # type: ignore[method-assign]
    stop, out = mp.Event(), mp.Queue()
    proc = mp.Process(target=grader, args=(str(copy), audit_id, criterion, stop, out))
    proc.start()
    alone_start = time.time()
    time.sleep(args.alone)
    merge_start = time.time()
    steps: list[tuple[str, float]] = []
    clock = time.perf_counter()
    themes = theme_desk(desk)
    last[0] = 0
    themes.merge(variant, into, progress)
    steps.append((f"merge {variant!r} into {into!r}", time.perf_counter() - clock))
    clock = time.perf_counter()
    last[0] = 0
    themes.rename(into, into + " (renamed)", progress)
    steps.append(("rename it", time.perf_counter() - clock))
    clock = time.perf_counter()
    last[0] = 0
    themes.rename(into + " (renamed)", into, progress)
    steps.append(("rename it back", time.perf_counter() - clock))
    merge_end = time.time()
    time.sleep(0.5)
    stop.set()
    waits = out.get()
    proc.join()
    store.close()
    print(f"{args.source} (copy at {copy}); grading audit {audit_id}, {criterion}")
    for name, seconds in steps:
        print(f"  {name:<60} {seconds:7.1f} s")
    print(f"\ngrader alone (reference)   {summary(waits, alone_start, merge_start)}")
    print(f"grader during the merges   {summary(waits, merge_start, merge_end)}")
    longest = max(transactions) * 1000
    ordered = sorted(t * 1000 for t in transactions)
    print(
        f"merge's batches: {len(sizes)}, audits per batch median "
        f"{statistics.median(sizes or [0]):.0f}; transaction median "
        f"{statistics.median(ordered):.1f} ms, p99 {ordered[int(len(ordered) * 0.99)]:.1f} ms"
    )
    print(
        f"merge's write transactions: {len(transactions)}, longest {longest:,.1f} ms "
        f"(goal 100 ms, must 500 ms)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
