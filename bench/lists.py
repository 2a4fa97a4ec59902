"""Moderation lists, follow-ups and the programmes screen: flat as history grows?

Times, on each database given (e.g. 10,000 and 100,000 audits), what the screens read
when they open: the moderation screen's page and count (waiting and done) and, read
after them, its agreement by quarter over the last four quarters, the
follow-up tracker's open list, and the programmes screen (every programme with its
progress). Beside each figure: a plain indexed reference read in the same run (one
audit by id), and, for every database after the first, the ratio to the first's.

    python bench/make_large_db.py --audits 10000 /tmp/small.sqlite3
    python bench/lists.py /tmp/small.sqlite3 /tmp/large.sqlite3 [--runs 15]

Targets (issue 14): each list 1.2x the small database's time or less (must: 1.5x);
the programmes screen under 20 ms (must: 50 ms). Read-only: the files are not changed,
but opening migrates them, so time copies.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from qa_tui.desks.agreement_over_time import AgreementOverTime
from qa_tui.desks.audits import AuditDesk
from qa_tui.desks.follow_ups import FollowUps
from qa_tui.desks.moderation import ModerationDesk
from qa_tui.desks.programmes import ProgrammeDesk
from qa_tui.store.database import Store
from qa_tui.tui.screens.moderation import QUEUE_PAGE
from qa_tui.tui.screens.moderation_agreement import four_quarters_from


def median_ms(call: Callable[[], Any], runs: int) -> float:
    call()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def reads(store: Store) -> dict[str, Callable[[], Any]]:
    lead = AuditDesk(store, "qa.lead")
    moderation, follow_ups, programmes = ModerationDesk(lead), FollowUps(lead), ProgrammeDesk(lead)
    one = store.conn.execute("SELECT max(id) FROM audits").fetchone()[0]
    return {
        "reference: one audit by id": lambda: store._one(
            "SELECT * FROM audits WHERE id = ?", (one,)
        ),
        "moderation: waiting page + count": lambda: (
            moderation.queue("waiting", QUEUE_PAGE),
            moderation.queue_size("waiting"),
        ),
        "moderation: done page + count": lambda: (
            moderation.queue("done", QUEUE_PAGE),
            moderation.queue_size("done"),
        ),
        "moderation: done count alone": lambda: moderation.queue_size("done"),
        "moderation: by quarter, last four": lambda: AgreementOverTime(lead).by_quarter(
            four_quarters_from(date.today())
        ),
        "follow-ups: open list": follow_ups.list,
        "programmes screen: all + progress of each": lambda: [
            programmes.progress(p.id) for p in programmes.all()
        ],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", type=Path, nargs="+")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args(argv)
    first: dict[str, float] = {}
    for path in args.paths:
        store = Store.open(path, create=False)
        n = store.conn.execute("SELECT count(*) FROM audits WHERE status = 'submitted'")
        print(f"\n{path}: {n.fetchone()[0]:,} submitted audits; median of {args.runs} runs")
        print(f"{'read':<44} {'median ms':>10} {'x reference':>12} {'x first db':>11}")
        ref = 0.0
        for name, call in reads(store).items():
            med = median_ms(call, args.runs)
            ref = ref or med
            against = f"{med / first[name]:.2f}" if name in first else "-"
            first.setdefault(name, med)
            print(f"{name:<44} {med:10.2f} {med / ref:12.1f} {against:>11}")
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
