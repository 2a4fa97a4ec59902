"""Sampling speed: draw a programme's sample from 50,000 cases (target: under 2 s).

Builds a throw-away database of synthetic cases in 20 teams (a tenth of them closed,
some audited recently), then times the preview (read + draw, nothing written) and the
draw (read + draw + recording every cohort case's outcome) through the same services
the CLI uses.

    python bench/sampling.py [--cases 50000] [--runs 5]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from qa_tui.desks.audits import AuditDesk
from qa_tui.desks.programmes import ProgrammeDesk
from qa_tui.domain.records import Case
from qa_tui.domain.sampling import SamplingRule
from qa_tui.store.database import Store

COHORTS = ("CIN", "CP", "CLA", "Care leaver", "Disabled child")


def build(path: Path, n: int) -> ProgrammeDesk:
    rng = random.Random(1)
    store = Store.open(path)
    today = date.today()
    cases = [
        Case(
            case_ref=f"BENCH-{i:06d}",
            team=f"Team {i % 20:02d}",
            cohort=rng.choice(COHORTS),
            child_pseudonym=f"Child {i}",
            opened_on=(today - timedelta(days=rng.randrange(30, 2000))).isoformat(),
            attributes={
                "age_band": rng.choice(("0-4", "5-10", "11-15", "16+")),
                "re_referral": rng.choice("YN"),
            },
        )
        for i in range(n)
    ]
    store.upsert_cases(cases, "bench", "bench")
    with store.write() as conn:
        conn.execute("UPDATE cases SET status = 'closed' WHERE rowid % 10 = 0")
    desk = AuditDesk(store, "bench")
    return ProgrammeDesk(desk)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        programmes = build(Path(tmp) / "bench.sqlite3", args.cases)
        rule = SamplingRule(cohorts=["CIN", "CP"], per_team_percent=5, per_team_minimum=3)
        previews, draws = [], []
        for run in range(args.runs):
            p = programmes.create(
                name=f"bench {run}",
                kind="dip_sample",
                rubric_ids=["voice-of-the-child"],
                owner="bench",
            )
            start = time.perf_counter()
            sample = programmes.preview(p.id, rule, seed=run)
            previews.append(time.perf_counter() - start)
            start = time.perf_counter()
            programmes.draw(p.id, rule, seed=run)
            draws.append(time.perf_counter() - start)
    counts = sample.by_outcome()
    print(
        f"cases listed:          {sample.cases_listed:,} (cohort {sample.cohort_size:,}: "
        f"{counts['sampled']} sampled, {counts['excluded']:,} excluded, "
        f"{counts['not_drawn']:,} not drawn)"
    )
    print(f"preview, median:       {statistics.median(previews) * 1000:6.0f} ms")
    print(
        f"draw + record, median: {statistics.median(draws) * 1000:6.0f} ms  "
        f"(target < 2000 ms; ratio {statistics.median(draws) / 2:.2f} of the target)"
    )


if __name__ == "__main__":
    main()
