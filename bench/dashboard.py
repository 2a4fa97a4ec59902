"""Dashboard and list-screen speed on a large database, with every figure checked.

For each of a set of named filters this times `DashboardDesk.overview(filters)` (read
from the grade_cells summary table) and the same figures worked out by raw SQL straight
from audits, answers, moderations and moderation_answers (written here, independently
of summary_store.COUNTED; it never reads grade_cells), and checks the two agree: the
overall headline, the months, the criteria (or each rubric's overall), the team table
and, with a programme, the programme beside its repeat. Then it times the list reads
behind the auditor's home screen, the moderation queue, the follow-up tracker and the
dashboard's drill-down.

    python bench/make_large_db.py /tmp/large.sqlite3      # once: 100,000 audits
    python bench/dashboard.py /tmp/large.sqlite3 [--runs 15]

Targets: an overview in under 100 ms (median) and at most a quarter of the raw SQL's
time; each list read in under 50 ms (median). Each figure is the median (and p90) of
--runs runs after one warm-up run. Prints MISMATCH and exits 1 if any overview figure
differs from the raw SQL's.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from qa_tui.desks.audits import AuditDesk
from qa_tui.desks.dashboard import DashboardDesk
from qa_tui.desks.moderation import ModerationDesk
from qa_tui.desks.themes import ThemeDesk
from qa_tui.domain.dashboard_records import Figures, Filters, Overview
from qa_tui.store.database import Store
from qa_tui.tui.screens.home import HOME_PAGE
from qa_tui.tui.screens.moderation import QUEUE_PAGE

OVERVIEW_TARGET_MS = 100
RATIO_TARGET = 0.25
LIST_TARGET_MS = 50

# -- raw SQL ----------------------------------------------------------------------------
# The counted overall grade: the moderator's once a moderation is done, else the auditor's.
RAW_OVERALL = """
SELECT r.rubric_id, substr(a.submitted_at, 1, 7) AS month, coalesce(a.team, '') AS team,
       coalesce(a.programme_id, 0) AS programme_id, oc.grades AS grades,
       CASE WHEN m.status = 'done' THEN m.overall_grade_value
            ELSE a.overall_grade_value END AS value
  FROM audits a
  CROSS JOIN rubric_versions r ON r.hash = a.rubric_hash   -- audits first: one pass
  JOIN rubric_criteria oc ON oc.rubric_hash = a.rubric_hash AND oc.criterion_id = ''
  LEFT JOIN moderations m ON m.audit_id = a.id
 WHERE {where}
"""
# The counted criterion grade: the moderator's where the moderation is done and has a row
# for the criterion, else the auditor's; a not-applicable answer has no grade.
RAW_CRITERIA = """
SELECT r.rubric_id, x.criterion_id, rc.kind, rc.grades, coalesce(a.team, '') AS team,
       coalesce(a.programme_id, 0) AS programme_id,
       CASE WHEN y.audit_id IS NOT NULL THEN y.not_applicable ELSE x.not_applicable END AS na,
       CASE WHEN y.audit_id IS NOT NULL THEN y.grade_value ELSE x.grade_value END AS grade
  FROM audits a
  JOIN rubric_versions r ON r.hash = a.rubric_hash
  JOIN answers x ON x.audit_id = a.id
  JOIN rubric_criteria rc ON rc.rubric_hash = a.rubric_hash AND rc.criterion_id = x.criterion_id
  LEFT JOIN moderations m ON m.audit_id = a.id AND m.status = 'done'
  LEFT JOIN moderation_answers y ON y.audit_id = m.audit_id AND y.criterion_id = x.criterion_id
 WHERE {where}
"""
SUMS_OVERALL = (
    "count(value) AS counted, 0 AS na, sum(value = 1) AS v1, sum(value = 2) AS v2, "
    "sum(value = 3) AS v3, sum(value = 4) AS v4, sum(value = grades) AS worst"
)
SUMS_CRITERIA = (
    "sum(g IS NOT NULL) AS counted, sum(na) AS na, sum(g = 1) AS v1, "
    "sum(g = 2) AS v2, sum(g = 3) AS v3, sum(g = 4) AS v4, "
    "sum(g = grades) AS worst"
)


def raw_theme_counts(store: Store, f: Filters) -> dict[tuple[str, str], int]:
    """Audits in scope showing each theme, straight from audit_themes and audits."""
    where, params = raw_where(f)
    return {
        (theme, polarity): n
        for theme, polarity, n in store.conn.execute(
            "SELECT t.theme, t.polarity, count(DISTINCT t.audit_id) FROM audit_themes t "
            "JOIN audits a ON a.id = t.audit_id JOIN rubric_versions r ON r.hash = a.rubric_hash "
            f"WHERE {where} GROUP BY t.theme, t.polarity",
            params,
        )
    }


def month_after(month: str) -> str:
    year, mm = (int(x) for x in month.split("-"))
    return f"{year + mm // 12:04d}-{mm % 12 + 1:02d}"


def raw_where(f: Filters, *, programmes: tuple[int, ...] = ()) -> tuple[str, list[Any]]:
    """The filter on submitted audits (a programme pair replaces the programme filter)."""
    clauses: list[str] = ["a.status = 'submitted'"]
    params: list[Any] = []
    if f.month_from:  # month = substr(submitted_at, 1, 7), as a range the index can use
        clauses.append("a.submitted_at >= ?")
        params.append(f.month_from)
    if f.month_to:
        clauses.append("a.submitted_at < ?")
        params.append(month_after(f.month_to))
    for column, value in (
        ("a.team", f.team),
        ("a.cohort", f.cohort),
        ("a.auditor", f.auditor),
        ("r.rubric_id", f.rubric_id),
    ):
        if value is not None:
            clauses.append(f"{column} = ?")
            params.append(value)
    if programmes:
        clauses.append(f"a.programme_id IN ({','.join('?' * len(programmes))})")
        params.extend(programmes)
    elif f.programme_id is not None:
        clauses.append("a.programme_id = ?")
        params.append(f.programme_id)
    return " AND ".join(clauses), params


def figures(sums: list[int]) -> Figures:
    counted, na, v1, v2, v3, v4, worst = sums
    return Figures(counted=counted, na=na, v1=v1, v2=v2, v3=v3, v4=v4, worst=worst)


def add(into: dict, key: Any, row: list) -> None:
    """Add a row's seven sums to a running total (plain lists: cheap to add up)."""
    total = into.get(key)
    if total is None:
        into[key] = [int(v or 0) for v in row]
    else:
        for i, v in enumerate(row):
            total[i] += int(v or 0)


def shown(totals: dict) -> dict:
    """As Figures, leaving out those with nothing graded and nothing N/A (not shown)."""
    return {k: figures(v) for k, v in totals.items() if v[0] or v[1]}


class Raw:
    """The overview's figures, computed from the audits themselves."""

    def __init__(self, store: Store):
        self.conn = store.conn

    def overall_rows(self, f: Filters, group: str, programmes: tuple[int, ...] = ()) -> list:
        where, params = raw_where(f, programmes=programmes)
        return self.conn.execute(
            f"SELECT {group}, {SUMS_OVERALL} FROM ({RAW_OVERALL.format(where=where)}) "
            f"GROUP BY {group}",
            params,
        ).fetchall()

    def criteria_rows(self, f: Filters, group: str, programmes: tuple[int, ...] = ()) -> list:
        where, params = raw_where(f, programmes=programmes)
        return self.conn.execute(
            f"SELECT {group}, {SUMS_CRITERIA} FROM (SELECT *, CASE WHEN na THEN NULL "
            f"ELSE grade END AS g FROM ({RAW_CRITERIA.format(where=where)})) "
            f"GROUP BY {group}",
            params,
        ).fetchall()

    def figures(self, f: Filters) -> dict[str, Any]:
        overall: dict = {}
        by_month: dict = {}
        criteria: dict = {}
        teams: dict[str, dict] = {}
        # One pass over the audits gives the headline, the months, each rubric's overall
        # and the team table's overall columns.
        for rubric_id, month, team, *sums in self.overall_rows(f, "rubric_id, month, team"):
            add(overall, "", sums)
            add(by_month, month, sums)
            add(criteria, (rubric_id, "", "overall"), sums)
            add(teams.setdefault(team, {}), (rubric_id, ""), sums)
        if f.rubric_id is not None:
            for rubric_id, criterion_id, kind, team, *sums in self.criteria_rows(
                f, "rubric_id, criterion_id, kind, team"
            ):
                add(criteria, (rubric_id, criterion_id, kind), sums)
                if kind == "quality":
                    add(teams.setdefault(team, {}), (rubric_id, criterion_id), sums)
        return {
            "overall": figures(overall.get("", [0] * 7)),
            "by_month": shown(by_month),
            "criteria": shown(criteria),
            "teams": {t: shown(cols) for t, cols in teams.items() if shown(cols)},
            "comparison": self.comparison(f),
        }

    def comparison(self, f: Filters) -> Counter | None:
        if f.programme_id is None:
            return None
        me = self.conn.execute(
            "SELECT id, repeat_of FROM programmes WHERE id = ?", (f.programme_id,)
        ).fetchone()
        if me is None:
            return None
        if me[1] is not None:
            first, repeat = me[1], me[0]
        else:
            row = self.conn.execute(
                "SELECT min(id) FROM programmes WHERE repeat_of = ?", (me[0],)
            ).fetchone()
            if row[0] is None:
                return None
            first, repeat = me[0], row[0]
        pair = (first, repeat)
        found: dict[tuple[str, str], dict[int, list]] = {}
        for rubric_id, programme_id, *sums in self.overall_rows(f, "rubric_id, programme_id", pair):
            add(found.setdefault((rubric_id, ""), {}), programme_id, sums)
        if f.rubric_id is not None:  # a rubric's criteria; without one, each rubric's overall
            for rubric_id, criterion_id, programme_id, *sums in self.criteria_rows(
                f, "rubric_id, criterion_id, programme_id", pair
            ):
                add(found.setdefault((rubric_id, criterion_id), {}), programme_id, sums)
        titles = dict(
            self.conn.execute("SELECT rubric_id, title FROM rubric_versions ORDER BY first_seen_at")
        )
        questions = {
            (r, c): q
            for r, c, q in self.conn.execute(
                "SELECT v.rubric_id, c.criterion_id, c.question FROM rubric_criteria c "
                "JOIN rubric_versions v ON v.hash = c.rubric_hash ORDER BY v.first_seen_at"
            )
        }
        rows: Counter = Counter()
        for (rubric_id, criterion_id), totals in found.items():
            by_programme = shown(totals)
            if not by_programme:
                continue
            name = (
                f"{titles.get(rubric_id, rubric_id)}: overall"
                if not criterion_id
                else questions.get((rubric_id, criterion_id), criterion_id)
            )
            rows[
                (name, by_programme.get(first, Figures()), by_programme.get(repeat, Figures()))
            ] += 1
        return rows


def from_overview(o: Overview) -> dict[str, Any]:
    """The overview's figures in the raw side's shape."""
    criteria: dict = {}
    for row in o.criteria:
        key = (row.rubric_id, row.criterion_id, row.kind)
        if key in criteria:
            criteria[key + ("(twice)",)] = row.figures  # would show as a mismatch
        criteria[key] = row.figures
    return {
        "overall": o.overall,
        "by_month": dict(o.by_month),
        "criteria": criteria,
        "teams": {t: dict(cols) for t, cols in o.teams.items()},
        "comparison": None if o.comparison is None else Counter(o.comparison.rows),
    }


def differences(mine: dict[str, Any], raw: dict[str, Any]) -> list[str]:
    found = []
    for part in ("overall", "by_month", "criteria", "teams", "comparison"):
        a, b = mine[part], raw[part]
        if a == b:
            continue
        if isinstance(a, dict) and isinstance(b, dict):
            for key in sorted(set(a) | set(b), key=str)[:500]:
                if a.get(key) != b.get(key):
                    found.append(f"{part}[{key}]: overview {a.get(key)} raw {b.get(key)}")
                    if len(found) >= 5:
                        return found
        else:
            found.append(f"{part}: overview {a} raw {b}")
    return found


# -- timing -------------------------------------------------------------------------------


def timed(call: Callable[[], Any], runs: int) -> tuple[list[float], Any]:
    """Milliseconds of each of `runs` calls after one warm-up, and the warm-up's result."""
    result = call()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return times, result


def p90(times: list[float]) -> float:
    return statistics.quantiles(times, n=10, method="inclusive")[-1] if len(times) > 1 else times[0]


def named_filters(store: Store) -> list[tuple[str, Filters]]:
    """The filters to time, chosen from what the database holds."""
    one = store.conn.execute
    last_month = one(
        "SELECT max(substr(submitted_at, 1, 7)) FROM audits WHERE status = 'submitted'"
    ).fetchone()[0]
    year, mm = (int(x) for x in last_month.split("-"))
    twelve_back = f"{year - (mm <= 11):04d}-{(mm - 12) % 12 + 1:02d}"
    # The last complete quarter before the newest month, and its dip sample.
    q_end = (mm - 1) // 3 * 3  # month before this quarter (0 = last December)
    q_year = year if q_end else year - 1
    q_end = q_end or 12
    quarter = (f"{q_year:04d}-{q_end - 2:02d}", f"{q_year:04d}-{q_end:02d}")
    quarter_programme = one(
        "SELECT id FROM programmes WHERE kind = 'dip_sample' AND due_on LIKE ? || '%' "
        "ORDER BY id LIMIT 1",
        (quarter[1],),
    ).fetchone()
    repeated = one(
        "SELECT repeat_of FROM programmes WHERE repeat_of IS NOT NULL ORDER BY id DESC LIMIT 1"
    ).fetchone()
    busiest_team = one(
        "SELECT team FROM audits WHERE status = 'submitted' GROUP BY team "
        "ORDER BY count(*) DESC, team LIMIT 1"
    ).fetchone()[0]
    team = (
        "Child Protection East"
        if one("SELECT 1 FROM audits WHERE team = 'Child Protection East' LIMIT 1").fetchone()
        else busiest_team
    )
    auditor = (
        "auditor.07"
        if one("SELECT 1 FROM audits WHERE auditor = 'auditor.07' LIMIT 1").fetchone()
        else one("SELECT auditor FROM audits WHERE status = 'submitted' LIMIT 1").fetchone()[0]
    )
    a_team, a_cohort = one(
        "SELECT team, cohort FROM audits WHERE status = 'submitted' AND auditor = ? "
        "GROUP BY team, cohort ORDER BY count(*) DESC LIMIT 1",
        (auditor,),
    ).fetchone()
    rubric = "whole-case-file"
    filters = [
        ("all time", Filters()),
        ("last 12 months", Filters(month_from=twelve_back, month_to=last_month)),
        (f"team {team}", Filters(team=team)),
        ("cohort CP", Filters(cohort="CP")),
    ]
    if repeated:
        filters.append((f"programme {repeated[0]} (+ repeat)", Filters(programme_id=repeated[0])))
    filters += [
        (f"rubric {rubric}", Filters(rubric_id=rubric)),
        ("rubric + team", Filters(rubric_id=rubric, team=team)),
        (f"auditor {auditor}", Filters(auditor=auditor)),
        (
            "auditor + team + cohort + rubric",
            Filters(auditor=auditor, team=a_team, cohort=a_cohort, rubric_id=rubric),
        ),
    ]
    if quarter_programme:
        filters.append(
            (
                f"{quarter[0]}..{quarter[1]} + programme {quarter_programme[0]} + CP",
                Filters(
                    month_from=quarter[0],
                    month_to=quarter[1],
                    programme_id=quarter_programme[0],
                    cohort="CP",
                ),
            )
        )
    filters += [
        ("team + cohort", Filters(team=team, cohort="CP")),
        (
            "programme + rubric",
            Filters(programme_id=repeated[0] if repeated else None, rubric_id=rubric),
        ),
    ]
    return filters


def mark(ok: bool) -> str:
    return "ok" if ok else "MISS"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    store = Store.open(args.path, create=False)
    desk = DashboardDesk(AuditDesk(store, "reader"))
    raw = Raw(store)
    n = store.conn.execute("SELECT count(*) FROM audits WHERE status = 'submitted'").fetchone()
    print(f"{args.path}: {n[0]:,} submitted audits; {args.runs} runs after a warm-up\n")

    mismatches = 0
    print(
        f"{'overview':<44} {'median':>8} {'p90':>8} {'raw med':>8} {'ratio':>6}  "
        f"target (<{OVERVIEW_TARGET_MS} ms, ratio <= {RATIO_TARGET})"
    )
    chosen = named_filters(store)
    for name, filters in chosen:
        o_times, overview = timed(partial(desk.overview, filters), args.runs)
        r_times, figures_raw = timed(partial(raw.figures, filters), args.runs)
        wrong = differences(from_overview(overview), figures_raw)
        if wrong:
            mismatches += 1
            print(f"MISMATCH {name} ({filters})")
            for line in wrong:
                print(f"    {line}")
        o_med, r_med = statistics.median(o_times), statistics.median(r_times)
        ratio = o_med / r_med
        verdict = f"{mark(o_med < OVERVIEW_TARGET_MS)} / {mark(ratio <= RATIO_TARGET)}"
        extra = (
            f"  [{overview.overall.counted:,} audits"
            + (", comparison" if overview.comparison else "")
            + "]"
        )
        print(
            f"{name:<44} {o_med:8.1f} {p90(o_times):8.1f} {r_med:8.1f} {ratio:6.2f}  "
            f"{verdict}{extra}"
        )

    print(
        f"\n{'themes tab (ranking without teams)':<44} {'median':>8} {'p90':>8} "
        f"{'raw med':>8} {'ratio':>6}  target (<{OVERVIEW_TARGET_MS} ms, ratio <= "
        f"{RATIO_TARGET})"
    )
    themes = ThemeDesk(AuditDesk(store, "reader"))
    this_month = time.strftime("%Y-%m")
    for name, filters in chosen:
        t_times, ranking = timed(
            partial(themes.ranking, filters, this_month, with_teams=False), args.runs
        )
        r_times, counted = timed(partial(raw_theme_counts, store, filters), args.runs)
        shown = {(r.theme, r.polarity): r.audits for r in ranking.rows}
        if shown != counted:
            mismatches += 1
            print(f"MISMATCH themes {name}: {len(shown)} themes shown, {len(counted)} raw")
        t_med, r_med = statistics.median(t_times), statistics.median(r_times)
        ratio = t_med / r_med
        print(
            f"{name:<44} {t_med:8.1f} {p90(t_times):8.1f} {r_med:8.1f} {ratio:6.2f}  "
            f"{mark(t_med < OVERVIEW_TARGET_MS)} / {mark(ratio <= RATIO_TARGET)}"
            f"  [{len(ranking.rows)} themes]"
        )

    print(
        f"\n{'list read':<66} {'median':>8} {'p90':>8} {'rows':>6}  target (<{LIST_TARGET_MS} ms)"
    )
    team, last_12_months = chosen[2][1].team, chosen[1][1]
    auditor, lead = AuditDesk(store, "demo.auditor"), ModerationDesk(AuditDesk(store, "qa.lead"))

    def home() -> list:  # what the home screen reads first: counts and one page
        auditor.my_audit_counts()
        return auditor.my_audits(limit=HOME_PAGE)

    def moderation(status: str) -> Callable[[], list]:
        def read() -> list:  # the moderation screen: a page, its size, agreement
            rows = lead.queue(status, QUEUE_PAGE)
            lead.queue_size(status)
            lead.agreement_by("auditor")
            lead.agreement_by("overall")
            return rows

        return read

    reads: list[tuple[str, Callable[[], list]]] = [
        (f"home: counts + my_audits(limit={HOME_PAGE}) of 2,500", home),
        ("moderation screen: waiting page + agreement", moderation("waiting")),
        ("moderation screen: done page + agreement", moderation("done")),
        ("follow-ups: store.follow_ups()", store.follow_ups),
        (
            'drill-down: audits(Filters(), None, "", "counted")',
            lambda: desk.audits(Filters(), None, "", "counted", limit=100),
        ),
        (
            f"drill-down: wcf voice-of-the-child good, team={team!r}",
            lambda: desk.audits(
                Filters(rubric_id="whole-case-file"),
                "whole-case-file",
                "voice-of-the-child",
                "good",
                team=team,
                limit=100,
            ),
        ),
        (
            "drill-down: wcf voice-of-the-child inadequate, team",
            lambda: desk.audits(
                Filters(rubric_id="whole-case-file"),
                "whole-case-file",
                "voice-of-the-child",
                "inadequate",
                team=team,
                limit=100,
            ),
        ),
        (
            "drill-down: last 12 months, overall inadequate",
            lambda: desk.audits(last_12_months, None, "", "inadequate", limit=100),
        ),
        ("(all rows) AuditDesk(demo.auditor).my_audits()", auditor.my_audits),
    ]
    for name, call in reads:
        times, rows = timed(call, args.runs)
        med = statistics.median(times)
        print(
            f"{name:<66} {med:8.1f} {p90(times):8.1f} {len(rows):>6}  {mark(med < LIST_TARGET_MS)}"
        )

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak RSS {peak:,.0f} MiB; {time.perf_counter() - started:.1f} s in all")
    store.close()
    if mismatches:
        print(f"MISMATCH: {mismatches} filter(s) differ between the overview and raw SQL")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
