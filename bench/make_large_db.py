"""A large synthetic qa-tui database for timing the dashboard and the list screens.

Five years of a big authority's audit history, invented and seeded: 100,000 submitted
audits (about 1.5 million answers, 400,000 theme tags), 20 teams, 5 cohorts, 20,000
cases, 60 auditors, a dip sample every quarter with a repeat every second quarter,
moderations, escalations and case actions, plus 4,000 audits still to do or under way.
Grades differ by team and cohort and improve slowly over the years; a limiting
criterion is never graded below the overall judgement, as the rules require.

    python bench/make_large_db.py PATH [--audits 100000] [--seed 1] [--years 5]
                                       [--today YYYY-MM-DD]

The schema comes from `Store.open` (its migrations) and the seven shipped rubrics from
`Store.save_rubric_version`; every other row is written straight into the tables in
transactions of about 5,000 audits, generated batch by batch so memory stays flat.
The summary table (grade_cells) is then rebuilt with `Store.rebuild_summaries()` and
the file is ANALYZEd, as a real bulk load would be. The same seed, size and --today
give the same database.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from qa_tui.domain import rules
from qa_tui.domain.rubric_files import load_rubrics
from qa_tui.store.database import Store

BATCH = 5_000
WHOLE_CASE_FILE = "whole-case-file"
CARE_LEAVERS = "care-leavers-pathway-plans"
# Share of audits graded on the whole-case-file rubric (16 criteria). The other six have
# 6 to 8 criteria, so this share is what puts the mean near 15 answers an audit.
WHOLE_CASE_FILE_SHARE = 0.89
COHORTS = ("CIN", "CP", "CLA", "Care leaver", "Early help")
COHORT_EFFECT = {"CIN": 0.05, "CP": -0.1, "CLA": 0.0, "Care leaver": -0.05, "Early help": 0.1}

# name, short code, relative caseload, grade effect (higher is better), cohort weights
# in COHORTS order.
TEAMS: tuple[tuple[str, str, int, float, tuple[int, ...]], ...] = (
    ("Assessment North", "AN", 5, 0.15, (60, 30, 0, 0, 10)),
    ("Assessment South", "AS", 5, -0.05, (60, 30, 0, 0, 10)),
    ("Assessment East", "AE", 4, 0.05, (60, 30, 0, 0, 10)),
    ("Assessment West", "AW", 4, -0.30, (60, 30, 0, 0, 10)),
    ("MASH", "MA", 3, 0.10, (70, 25, 0, 0, 5)),
    ("Early Help North", "EN", 4, 0.25, (20, 0, 0, 0, 80)),
    ("Early Help South", "ES", 4, 0.05, (20, 0, 0, 0, 80)),
    ("Family Support North", "FN", 5, 0.20, (80, 5, 0, 0, 15)),
    ("Family Support South", "FS", 5, -0.15, (80, 5, 0, 0, 15)),
    ("Child Protection North", "PN", 6, 0.10, (10, 90, 0, 0, 0)),
    ("Child Protection East", "PE", 6, -0.35, (10, 90, 0, 0, 0)),
    ("Child Protection South", "PS", 6, 0.00, (10, 90, 0, 0, 0)),
    ("Child Protection West", "PW", 6, -0.10, (10, 90, 0, 0, 0)),
    ("Adolescent Safeguarding", "AD", 4, -0.20, (40, 50, 10, 0, 0)),
    ("Court and Proceedings", "CT", 4, 0.05, (0, 60, 40, 0, 0)),
    ("Children in Care North", "CN", 6, 0.30, (0, 0, 100, 0, 0)),
    ("Children in Care East", "CE", 6, 0.00, (0, 0, 100, 0, 0)),
    ("Children in Care West", "CW", 6, -0.20, (0, 0, 100, 0, 0)),
    ("Disabled Children's Team", "DC", 4, 0.10, (60, 10, 30, 0, 0)),
    ("Leaving Care", "LC", 6, -0.05, (0, 0, 0, 100, 0)),
)
N_AUDITORS = 60
DEMO_AUDITOR = "demo.auditor"
DEMO_TEAM = "Assessment North"  # as in the demo database
LEAD = "qa.lead"
# Audits still to do or under way, for the auditors' home screens: (auditor, how many).
OPEN_WORK = ((DEMO_AUDITOR, 2_500), ("auditor.01", 500), ("auditor.02", 500), ("auditor.03", 500))
WAITING_MODERATIONS = 300
OPEN_ESCALATIONS = (180, 20)  # the most recent, plus older ones left open
OPEN_ACTIONS = (420, 80)  # the most recent, plus older ones (overdue)

# Thresholds on a criterion's latent score for the Ofsted grades (tuned so that about
# 10% of overall judgements are Outstanding and 5% Inadequate).
QUALITY_CUTS = (0.9, -0.9, -2.0)
COMPLIANCE_CUTS = (-0.4, -1.3)
NOT_APPLICABLE_SHARE = 0.15
REPEAT_BONUS = 0.25  # a repeat audit follows an action plan: grades a little better

PHRASES: dict[str, dict[int, tuple[str, ...]]] = {
    "quality": {
        1: (
            "Consistently strong across the window; impact for the child is clear.",
            "Exemplary, child-centred and well evidenced throughout.",
            "Clear analysis; the child's experience drives every decision.",
        ),
        2: (
            "Good practice evident; minor gaps known to the manager.",
            "Mostly clear and timely; one record thin on detail.",
            "Child-focused, with a small gap in the last two months.",
        ),
        3: (
            "Inconsistent: some good work, but gaps weaken the impact.",
            "Evidence patchy; the plan drifts between reviews.",
            "Partly evident; needs the manager's attention.",
        ),
        4: (
            "Not evident; the child's needs are not met.",
            "Serious gaps; risk not understood or acted on.",
            "No evidence in the window; escalated to the team manager.",
        ),
    },
    "compliance": {
        1: ("Every check due in the window was met on time.", "Met in full; dates recorded."),
        2: (
            "Met in part: one check late, reason not recorded.",
            "Mostly met; a gap of several weeks in the summer.",
        ),
        3: ("Not met: repeated gaps across the window.", "Not recorded at all in the window."),
    },
}
NA_EVIDENCE = "Not applicable in this window."
RATIONALES = {
    1: "Consistently child-centred practice; the plan is making a measurable difference.",
    2: "Child seen and understood, plan progressing; gaps noted are minor.",
    3: "Some good direct work, but weaknesses mean the impact is not yet clear.",
    4: "Little change for the child; risks not analysed and the plan has drifted.",
}
STRENGTHS = (
    "Direct work with the child",
    "Timely visits",
    "Good multi-agency links",
    "Clear manager oversight",
    "Child's views recorded",
)
AREAS = (
    "Plan lacks dates and owners",
    "Chronology out of date",
    "Risk not analysed",
    "Supervision not reflective",
    "Child's voice missing from the plan",
)
ACTIONS = (
    "Update the chronology with significant events before the next review",
    "Rewrite plan actions with named owners and dates",
    "Direct work session to record the child's views in their own words",
    "Discuss audit findings in the next supervision and record the outcome",
    "Review the contingency plan with the family and the IRO",
    "Complete the overdue statutory visit and see the child alone",
)
IMMEDIATE_ACTIONS = (
    "Strategy discussion held the same day; visit to see the child within 24 hours",
    "Team manager reviewed the case the same day; child seen alone next morning",
    "Case escalated to the head of service; legal planning meeting booked",
)
CLOSING_NOTES = (
    "Done; recorded on the case file.",
    "Completed and checked in supervision.",
    "Done at the review; plan updated.",
)
MODERATION_REASONS = (
    "Evidence supports a higher grade than given.",
    "Evidence does not support the grade given.",
    "Gap in the window not weighed by the auditor.",
)


@dataclass(frozen=True)
class Crit:
    """What the generator needs of one criterion."""

    id: str
    kind: str  # quality | compliance
    grades: tuple[tuple[str, str], ...]  # (key, label), best first
    not_applicable: bool
    limiting: bool
    effect: float
    strengths: tuple[str, ...]
    areas: tuple[str, ...]
    evidence: dict[int, tuple[str, ...]]


@dataclass(frozen=True)
class RubricInfo:
    id: str
    hash: str
    overall: tuple[tuple[str, str], ...]
    criteria: tuple[Crit, ...]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--audits", type=int, default=100_000, help="submitted audits")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--years", type=int, default=5, help="years of history")
    parser.add_argument(
        "--today",
        type=date.fromisoformat,
        default=None,
        help="the last day of the history (default: today)",
    )
    return parser.parse_args(argv)


def iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def next_quarter(day: date) -> date:
    return date(day.year + day.month // 10, (day.month + 2) % 12 + 1, 1)


class Generator:
    def __init__(self, store: Store, args: argparse.Namespace):
        self.store = store
        self.rng = random.Random(args.seed)
        self.n = args.audits
        self.today = args.today or date.today()
        self.end = datetime(self.today.year, self.today.month, self.today.day, tzinfo=UTC)
        self.start = self.end - timedelta(days=round(365.25 * args.years))
        self.days = (self.end - self.start).days
        self.rubrics: dict[str, RubricInfo] = {}
        self.counts = {"answers": 0, "themes": 0}

    # -- fixed data -----------------------------------------------------------------

    def save_rubrics(self) -> None:
        rng = self.rng
        for f in load_rubrics():
            rubric = f.rubric
            digest = self.store.save_rubric_version(rubric)
            crits = []
            for c in rubric.criteria:
                grades = tuple((g.key, g.label) for g in rubric.scale_for(c).grades)
                phrases = PHRASES[c.kind]
                crits.append(
                    Crit(
                        id=c.id,
                        kind=c.kind,
                        grades=grades,
                        not_applicable=c.not_applicable,
                        limiting=c.limiting,
                        effect=round(rng.uniform(-0.25, 0.15), 3),
                        strengths=tuple(c.themes.strengths),
                        areas=tuple(c.themes.areas_for_development),
                        evidence={
                            v: tuple(f"{label}. {p}" for p in phrases[v])
                            for v, (_, label) in enumerate(grades, start=1)
                        },
                    )
                )
            self.rubrics[rubric.id] = RubricInfo(
                id=rubric.id,
                hash=digest,
                overall=tuple((g.key, g.label) for g in rubric.overall.grades),
                criteria=tuple(crits),
            )
        others = [r for r in self.rubrics if r not in (WHOLE_CASE_FILE, CARE_LEAVERS)]
        self.other_rubrics = others

    def people_and_cases(self) -> None:
        rng = self.rng
        stamp = iso(self.start - timedelta(days=30))
        self.auditor_team = {
            f"auditor.{i:02d}": TEAMS[(i - 1) % len(TEAMS)][0] for i in range(1, N_AUDITORS + 1)
        }
        self.auditor_effect = {a: rng.gauss(0, 0.12) for a in self.auditor_team}
        self.auditor_effect[DEMO_AUDITOR] = 0.0
        self.eligible = {
            team: [a for a, t in self.auditor_team.items() if t != team] for team, *_ in TEAMS
        }
        auditors = [(a, json.dumps([t]), stamp) for a, t in self.auditor_team.items()]
        auditors.append((DEMO_AUDITOR, json.dumps([DEMO_TEAM]), stamp))

        weights = [w for _, _, w, _, _ in TEAMS]
        n_cases = max(200, self.n // 5)
        self.cases: list[tuple[str, str, str]] = []  # case_ref, team, cohort
        rows: list[tuple] = []
        for i in range(1, n_cases + 1):
            t = rng.choices(range(len(TEAMS)), weights)[0]
            team, code, _, _, cohort_weights = TEAMS[t]
            cohort = rng.choices(COHORTS, cohort_weights)[0]
            case_ref = f"LG-{i:06d}"
            age = (
                "18-21"
                if cohort == "Care leaver"
                else rng.choice(("0-4", "5-10", "11-15", "16-17"))
            )
            opened = self.start.date() - timedelta(days=rng.randint(-self.days // 2, 3 * 365))
            closed = rng.random() < 0.08
            updated = iso(self.end - timedelta(days=rng.randint(1, 400)))
            rows.append(
                (
                    case_ref,
                    team,
                    f"SW {code}-{rng.randint(1, 12):02d}",
                    f"TM {code}-{rng.randint(1, 3)}",
                    cohort,
                    f"Child {rng.choice('ABCDEFGHJKLMNPRSTVWXZ')}{i}",
                    opened.isoformat(),
                    json.dumps({"age_band": age}),
                    stamp,
                    updated,
                    "closed" if closed else "open",
                    (self.today - timedelta(days=rng.randint(1, 300))).isoformat()
                    if closed
                    else None,
                )
            )
            self.cases.append((case_ref, team, cohort))
        self.cohort_effect = COHORT_EFFECT
        self.team_effect = {team: effect for team, _, _, effect, _ in TEAMS}
        with self.store.write() as conn:
            conn.executemany(
                "INSERT INTO auditors (name, teams, updated_at) VALUES (?,?,?)", auditors
            )
            conn.executemany(
                "INSERT INTO cases (case_ref, team, worker, manager, cohort, child_pseudonym, "
                "opened_on, attributes, imported_at, updated_at, status, closed_on) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                rows,
            )

    def programmes(self) -> None:
        """A dip sample each quarter; every second one repeated the quarter after."""
        quarters = []
        q = quarter_start(self.start.date())
        while q <= self.today:
            quarters.append(q)
            q = next_quarter(q)
        self.quarters = quarters
        self.dip: dict[date, int] = {}
        self.repeat_in: dict[date, int] = {}  # quarter -> repeat programme run in it
        self.seed_of: dict[int, int] = {}
        self.current_programme = 0
        rows: list[tuple] = []
        pid = 0
        rubric_ids = json.dumps(sorted(self.rubrics))
        for k, q in enumerate(quarters):
            label = f"{q.year} Q{(q.month - 1) // 3 + 1}"
            due = (next_quarter(q) - timedelta(days=1)).isoformat()
            last = k == len(quarters) - 1
            pid += 1
            dip_id = pid
            self.dip[q] = dip_id
            self.seed_of[dip_id] = 1000 + k
            created = iso(datetime(q.year, q.month, q.day, 9, tzinfo=UTC) - timedelta(days=14))
            rule = json.dumps(
                {"cohorts": list(COHORTS), "per_team_percent": 5, "per_team_minimum": 3}
            )
            rows.append(
                (
                    dip_id,
                    f"Dip sample {label}",
                    "dip_sample",
                    rubric_ids,
                    due,
                    LEAD,
                    "open" if last else "closed",
                    None,
                    rule,
                    1000 + k,
                    18_000,
                    len(self.cases),
                    created,
                    created,
                    LEAD,
                )
            )
            if k % 2 == 0 and k + 1 < len(quarters):
                nq = quarters[k + 1]
                pid += 1
                self.repeat_in[nq] = pid
                self.seed_of[pid] = 2000 + k
                r_due = (next_quarter(nq) - timedelta(days=1)).isoformat()
                r_created = iso(
                    datetime(nq.year, nq.month, nq.day, 9, tzinfo=UTC) - timedelta(days=14)
                )
                rows.append(
                    (
                        pid,
                        f"Repeat of dip sample {label}",
                        "repeat",
                        rubric_ids,
                        r_due,
                        LEAD,
                        "open" if k + 1 == len(quarters) - 1 else "closed",
                        dip_id,
                        None,
                        2000 + k,
                        None,
                        None,
                        r_created,
                        r_created,
                        LEAD,
                    )
                )
        self.current_programme = self.dip[quarters[-1]]
        self.repeat_ids = frozenset(self.repeat_in.values())
        with self.store.write() as conn:
            conn.executemany(
                "INSERT INTO programmes (id, name, kind, rubric_ids, due_on, owner, status, "
                "repeat_of, rule, seed, cohort_size, cases_listed, sampled_at, created_at, "
                "created_by) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                rows,
            )

    # -- grades -----------------------------------------------------------------------

    def pick_rubric(self, cohort: str) -> RubricInfo:
        rng = self.rng
        if rng.random() < WHOLE_CASE_FILE_SHARE:
            return self.rubrics[WHOLE_CASE_FILE]
        if cohort == "Care leaver":
            return self.rubrics[CARE_LEAVERS]
        return self.rubrics[rng.choice(self.other_rubrics)]

    def grade(self, rubric: RubricInfo, latent: float) -> tuple[list[int | None], int]:
        """Each criterion's value (None = not applicable) and the overall value."""
        gauss, random_ = self.rng.gauss, self.rng.random
        q1, q2, q3 = QUALITY_CUTS
        c1, c2 = COMPLIANCE_CUTS
        values: list[int | None] = []
        quality: list[int] = []
        limiting = 1
        for c in rubric.criteria:
            if c.not_applicable and random_() < NOT_APPLICABLE_SHARE:
                values.append(None)
                continue
            if c.kind == "quality":
                s = latent + c.effect + gauss(0, 0.3)
                v = 1 if s > q1 else 2 if s > q2 else 3 if s > q3 else 4
                quality.append(v)
                if c.limiting and v > limiting:
                    limiting = v
            else:
                s = 0.6 * latent + c.effect + gauss(0, 0.8)
                v = 1 if s > c1 else 2 if s > c2 else 3
                v = min(v, len(c.grades))  # a yes/no screening answer has two grades
            values.append(v)
        base = round(sum(quality) / len(quality) + gauss(0, 0.3)) if quality else 2
        overall = max(1, min(4, base), limiting)
        return values, overall

    # -- submitted audits ----------------------------------------------------------------

    def submitted(self) -> None:
        done = 0
        while done < self.n:
            size = min(BATCH, self.n - done)
            self.submitted_batch(done, size)
            done += size
            if done % 25_000 == 0 or done == self.n:
                print(f"  ... {done:,} audits written", flush=True)

    def submitted_batch(self, first: int, size: int) -> None:
        rng = self.rng
        randint, random_, choice = rng.randint, rng.random, rng.choice
        # Submission moments in order, so audit ids rise with time as in real use.
        moments = sorted(
            self.start
            + timedelta(
                days=int((first + i + random_()) / self.n * self.days), hours=8 + 10 * random_()
            )
            for i in range(size)
        )
        audits: list[tuple] = []
        answers: list[tuple] = []
        themes: list[tuple] = []
        mods: list[tuple] = []
        mod_answers: list[tuple] = []
        escalations: list[tuple] = []
        actions: list[tuple] = []
        for i, submitted in enumerate(moments):
            audit_id = first + i + 1
            case_ref, team, cohort = choice(self.cases)
            auditor = choice(self.eligible[team])
            rubric = self.pick_rubric(cohort)
            q = quarter_start(submitted.date())
            programme = None
            if random_() < 0.9:
                programme = self.dip[q]
                if q in self.repeat_in and random_() < 0.3:
                    programme = self.repeat_in[q]
            progress = (submitted - self.start).days / self.days
            latent = (
                self.team_effect[team]
                + self.cohort_effect[cohort]
                + self.auditor_effect[auditor]
                - 0.2
                + 0.4 * progress
                + (REPEAT_BONUS if programme in self.repeat_ids else 0.0)
                + rng.gauss(0, 0.95)
            )
            values, overall = self.grade(rubric, latent)
            created = submitted - timedelta(days=randint(14, 42), hours=randint(0, 6))
            started = created + timedelta(days=randint(1, 10))
            graded = iso(submitted - timedelta(minutes=randint(5, 600)))
            s_at = iso(submitted)
            o_key, o_label = rubric.overall[overall - 1]
            window_to = created.date()
            audits.append(
                (
                    audit_id,
                    case_ref,
                    rubric.hash,
                    auditor,
                    (window_to + timedelta(days=28)).isoformat(),
                    (window_to - timedelta(days=365)).isoformat(),
                    (window_to - timedelta(days=182)).isoformat(),
                    window_to.isoformat(),
                    iso(created),
                    LEAD if programme else auditor,
                    iso(started),
                    s_at,
                    o_key,
                    overall,
                    o_label,
                    RATIONALES[overall],
                    choice(STRENGTHS),
                    choice(AREAS),
                    s_at,
                    programme,
                    team,
                    cohort,
                )
            )
            graded_crits = []
            for c, v in zip(rubric.criteria, values, strict=True):
                if v is None:
                    answers.append(
                        (audit_id, c.id, None, None, None, 1, NA_EVIDENCE, graded, auditor)
                    )
                else:
                    key, label = c.grades[v - 1]
                    answers.append(
                        (audit_id, c.id, key, v, label, 0, choice(c.evidence[v]), graded, auditor)
                    )
                    graded_crits.append((c, v))
            # Theme tags: about four an audit, from the criteria's suggested themes.
            for c, v in rng.sample(
                graded_crits, min(len(graded_crits), choice((2, 3, 4, 4, 5, 6)))
            ):
                good = v <= (1 if c.kind == "compliance" else 2)
                pool = c.strengths if good else c.areas
                if pool:
                    themes.append(
                        (
                            audit_id,
                            c.id,
                            choice(pool),
                            "strength" if good else "area_for_development",
                            graded,
                            auditor,
                        )
                    )
            # Moderation, by the real rule (every Inadequate and Outstanding, 10% drawn).
            because = rules.moderation_reason(
                o_key,
                [k for k, _ in rubric.overall],
                audit_id,
                10.0,
                self.seed_of.get(programme, 0) if programme else 0,
            )
            if because is not None:
                self.moderate(
                    audit_id,
                    auditor,
                    rubric,
                    values,
                    overall,
                    submitted,
                    because,
                    mods,
                    mod_answers,
                )
            if overall == 4:
                told = submitted - timedelta(hours=randint(1, 20))
                closed = submitted + timedelta(days=randint(1, 30))
                escalations.append(
                    (
                        audit_id,
                        f"TM {team} (team manager)",
                        told.strftime("%Y-%m-%d %H:%M"),
                        choice(IMMEDIATE_ACTIONS),
                        "closed",
                        s_at,
                        auditor,
                        iso(min(closed, self.end - timedelta(hours=1))),
                        f"TM {team}",
                        choice(CLOSING_NOTES),
                    )
                )
            n_actions = (
                0
                if overall == 1
                else int(random_() < 0.15)
                if overall == 2
                else int(random_() < 0.6)
                if overall == 3
                else 1 + (random_() < 0.2)
            )
            for _ in range(n_actions):
                due = submitted.date() + timedelta(days=randint(28, 90))
                closed_at = min(
                    datetime(due.year, due.month, due.day, 12, tzinfo=UTC)
                    - timedelta(days=randint(0, 20)),
                    self.end - timedelta(hours=2),
                )
                owner = f"SW {case_ref[-2:]}" if random_() < 0.7 else f"TM {team}"
                actions.append(
                    (
                        audit_id,
                        choice(ACTIONS),
                        owner,
                        due.isoformat(),
                        "done",
                        s_at,
                        auditor,
                        iso(closed_at),
                        owner,
                        choice(CLOSING_NOTES),
                    )
                )
        self.counts["answers"] += len(answers)
        self.counts["themes"] += len(themes)
        with self.store.write() as conn:
            conn.executemany(
                "INSERT INTO audits (id, case_ref, rubric_hash, auditor, status, due_on, "
                "lookback_from, judgement_from, window_to, created_at, created_by, started_at, "
                "submitted_at, overall_grade_key, overall_grade_value, overall_grade_label, "
                "overall_rationale, strengths, areas_for_development, updated_at, "
                "programme_id, team, cohort) "
                "VALUES (?,?,?,?,'in_progress',?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                audits,
            )
            conn.executemany(
                "INSERT INTO answers (audit_id, criterion_id, grade_key, grade_value, "
                "grade_label, not_applicable, evidence, updated_at, updated_by) "
                "VALUES (?,?,?,?,?,?,?,?,?)",
                answers,
            )
            conn.executemany(
                "INSERT INTO audit_themes (audit_id, criterion_id, theme, polarity, added_at, "
                "added_by) VALUES (?,?,?,?,?,?)",
                themes,
            )
            conn.executemany(
                "INSERT INTO moderations (audit_id, selected_because, selected_at, status, "
                "moderator, overall_grade_key, overall_grade_value, overall_grade_label, "
                "overall_reason, completed_at, auditor_overall_value) "
                "VALUES (?,?,?,'done',?,?,?,?,?,?,?)",
                mods,
            )
            conn.executemany(
                "INSERT INTO moderation_answers (audit_id, criterion_id, grade_key, "
                "grade_value, grade_label, not_applicable, reason, auditor_grade_value, "
                "auditor_not_applicable, updated_at, updated_by) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                mod_answers,
            )
            conn.executemany(
                "INSERT INTO escalations (audit_id, told_who, told_at, immediate_action, "
                "status, recorded_at, recorded_by, closed_at, closed_by, closing_note) "
                "VALUES (?,?,?,?,?,?,?,?,?,?)",
                escalations,
            )
            conn.executemany(
                "INSERT INTO case_actions (audit_id, what, owner, due_on, status, created_at, "
                "created_by, closed_at, closed_by, closing_note) "
                "VALUES (?,?,?,?,?,?,?,?,?,?)",
                actions,
            )
            # Submitted last, as the app does: a submitted audit's answers and tags are
            # locked by the schema's triggers (step 7), so they go in while it is open.
            conn.executemany(
                "UPDATE audits SET status = 'submitted' WHERE id = ?",
                [(row[0],) for row in audits],
            )

    def moderate(
        self,
        audit_id: int,
        auditor: str,
        rubric: RubricInfo,
        values: list[int | None],
        overall: int,
        submitted: datetime,
        because: str,
        mods: list,
        mod_answers: list,
    ) -> None:
        """A completed moderation: mostly agreeing, else one grade apart with a reason.

        The moderated overall is chosen first; a limiting criterion is then never
        moderated below it, so the moderated grades keep the limiting rule too."""
        rng = self.rng
        moderator = rng.choice([a for a in self.auditor_team if a != auditor])
        completed = iso(
            min(
                submitted + timedelta(days=rng.randint(3, 20), hours=2),
                self.end - timedelta(minutes=30),
            )
        )
        moderated = overall
        if rng.random() > 0.8:
            step = rng.choice((-1, 1))
            moderated = overall + step if 1 <= overall + step <= 4 else overall - step
        for c, v in zip(rubric.criteria, values, strict=True):
            m = v
            if v is None:
                if rng.random() > 0.85:  # the moderator finds it did apply
                    m = rng.randint(2, 3) if c.kind == "quality" else 2
            elif rng.random() > 0.85:
                step = rng.choice((-1, 1))
                m = v + step if 1 <= v + step <= len(c.grades) else v - step
            if c.limiting and m is not None and m > moderated:
                m = moderated
            reason = (
                ""
                if m == v
                else "Applies in this window."
                if v is None or m is None
                else MODERATION_REASONS[0 if m < v else 1]
            )
            key, label = c.grades[m - 1] if m is not None else (None, None)
            mod_answers.append(
                (
                    audit_id,
                    c.id,
                    key,
                    m,
                    label,
                    int(m is None),
                    reason,
                    v,
                    int(v is None),
                    completed,
                    moderator,
                )
            )
        key, label = rubric.overall[moderated - 1]
        mods.append(
            (
                audit_id,
                because,
                iso(submitted),
                moderator,
                key,
                moderated,
                label,
                "" if moderated == overall else MODERATION_REASONS[moderated > overall],
                completed,
                overall,
            )
        )

    # -- open work and the most recent follow-ups ---------------------------------------

    def open_work(self) -> None:
        rng = self.rng
        audit_id = self.n
        audits: list[tuple] = []
        answers: list[tuple] = []
        for auditor, count in OPEN_WORK:
            own = DEMO_TEAM if auditor == DEMO_AUDITOR else self.auditor_team[auditor]
            for _ in range(count):
                audit_id += 1
                while True:
                    case_ref, team, cohort = rng.choice(self.cases)
                    if team != own:
                        break
                rubric = self.pick_rubric(cohort)
                created = self.end - timedelta(days=rng.randint(1, 60), hours=rng.randint(0, 9))
                in_progress = rng.random() < 0.4
                started = created + timedelta(days=rng.randint(0, 5)) if in_progress else None
                if started and started >= self.end:
                    started = self.end - timedelta(hours=1)
                programme = self.current_programme if rng.random() < 0.85 else None
                audits.append(
                    (
                        audit_id,
                        case_ref,
                        rubric.hash,
                        auditor,
                        "in_progress" if in_progress else "to_do",
                        (created.date() + timedelta(days=28)).isoformat(),
                        (created.date() - timedelta(days=365)).isoformat(),
                        (created.date() - timedelta(days=182)).isoformat(),
                        created.date().isoformat(),
                        iso(created),
                        LEAD if programme else auditor,
                        iso(started) if started else None,
                        iso(started or created),
                        programme,
                    )
                )
                if started is not None:  # in progress: the first few criteria graded
                    values, _ = self.grade(rubric, rng.gauss(0, 1))
                    for c, v in list(zip(rubric.criteria, values, strict=True))[
                        : rng.randint(1, 5)
                    ]:
                        key, label = c.grades[v - 1] if v else (None, None)
                        answers.append(
                            (
                                audit_id,
                                c.id,
                                key,
                                v,
                                label,
                                int(v is None),
                                NA_EVIDENCE if v is None else rng.choice(c.evidence[v]),
                                iso(started),
                                auditor,
                            )
                        )
        with self.store.write() as conn:
            conn.executemany(
                "INSERT INTO audits (id, case_ref, rubric_hash, auditor, status, due_on, "
                "lookback_from, judgement_from, window_to, created_at, created_by, started_at, "
                "updated_at, programme_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                audits,
            )
            conn.executemany(
                "INSERT INTO answers (audit_id, criterion_id, grade_key, grade_value, "
                "grade_label, not_applicable, evidence, updated_at, updated_by) "
                "VALUES (?,?,?,?,?,?,?,?,?)",
                answers,
            )

    def recent_still_open(self) -> None:
        """The newest moderations wait; the newest escalations and actions are open, with
        a few older ones left open too (the overdue ones a tracker exists for)."""
        rng = self.rng
        with self.store.write() as conn:
            waiting = [
                r[0]
                for r in conn.execute(
                    "SELECT audit_id FROM moderations ORDER BY audit_id DESC LIMIT ?",
                    (WAITING_MODERATIONS,),
                )
            ]
            conn.executemany(
                "DELETE FROM moderation_answers WHERE audit_id = ?", [(a,) for a in waiting]
            )
            conn.executemany(
                "UPDATE moderations SET status = 'waiting', moderator = NULL, "
                "overall_grade_key = NULL, overall_grade_value = NULL, "
                "overall_grade_label = NULL, overall_reason = '', completed_at = NULL, "
                "auditor_overall_value = NULL WHERE audit_id = ?",
                [(a,) for a in waiting],
            )
            for table, (recent, older), fields in (
                ("escalations", OPEN_ESCALATIONS, "status = 'open'"),
                ("case_actions", OPEN_ACTIONS, "status = 'open'"),
            ):
                ids = [r[0] for r in conn.execute(f"SELECT id FROM {table} ORDER BY id DESC")]
                chosen = ids[:recent] + rng.sample(ids[recent:], min(older, len(ids[recent:])))
                conn.executemany(
                    f"UPDATE {table} SET {fields}, closed_at = NULL, closed_by = NULL, "
                    "closing_note = '' WHERE id = ?",
                    [(i,) for i in chosen],
                )


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.path.exists():
        print(f"{args.path} already exists; not overwriting it", file=sys.stderr)
        return 1
    clock = time.perf_counter()
    timings: list[tuple[str, float]] = []

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings.append((name, now - clock))
        clock = now

    store = Store.open(args.path)
    # A bulk load of a throw-away file: no fsync per transaction, a bigger page cache.
    store.conn.execute("PRAGMA synchronous = OFF")
    store.conn.execute("PRAGMA cache_size = -65536")
    gen = Generator(store, args)
    gen.save_rubrics()
    lap("schema and rubrics")
    gen.people_and_cases()
    gen.programmes()
    lap("auditors, cases, programmes")
    gen.submitted()
    lap(f"{args.audits:,} submitted audits")
    gen.open_work()
    gen.recent_still_open()
    lap("open work, waiting moderations, open follow-ups")
    store.rebuild_summaries()
    lap("rebuild_summaries (grade_cells)")
    store.conn.execute("ANALYZE")
    lap("ANALYZE")
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    lap("checkpoint")

    tables = [
        r[0]
        for r in store.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    ]
    print(f"{args.path}  (seed {args.seed}, {args.years} years to {gen.today})")
    print("\nrows per table")
    for table in tables:
        n = store.conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
        print(f"  {table:<22} {n:>12,}")
    figures = store.conn.execute(
        "SELECT count(*), sum(overall_grade_value = 1), sum(overall_grade_value = 4) "
        "FROM audits WHERE status = 'submitted'"
    ).fetchone()
    moderation = store.conn.execute(
        "SELECT sum(status = 'done'), sum(status = 'waiting') FROM moderations"
    ).fetchone()
    print(
        f"\nsubmitted audits {figures[0]:,}: {figures[1] / figures[0]:.1%} Outstanding, "
        f"{figures[2] / figures[0]:.1%} Inadequate (auditors' grades); "
        f"{gen.counts['answers'] / args.audits:.2f} answers and "
        f"{gen.counts['themes'] / args.audits:.1f} themes an audit; moderations "
        f"{moderation[0]:,} done, {moderation[1]:,} waiting"
    )
    store.close()
    size = sum(p.stat().st_size for p in (args.path, Path(f"{args.path}-wal")) if p.exists())
    print(f"file size {size / 2**20:,.1f} MiB")
    print("\ntimings")
    for name, seconds in timings:
        print(f"  {name:<48} {seconds:8.1f} s")
    print(f"  {'total':<48} {sum(s for _, s in timings):8.1f} s")
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
