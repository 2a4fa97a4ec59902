"""Small numbers: what the themes and action plan exports may tell without giving a
count under the threshold away.

Split from `themes` and `actions` so the rules that protect children in small groups
sit in one pure module (no store, no clock) the tests can feed tables and items to,
apart from shaping and rendering the documents.

Themes. Suppression (with N = suppressed_below) must hold against a reader who does
sums: who knows that a listed team or criterion has at least one audit, that a theme's
teams add up to its audits and so do its grades, and how many rows are listed. So:

- a theme's audits under N are hidden ("<N"), and nothing under it is broken down: no
  team or criterion is listed and every grade count is hidden (a breakdown of a hidden
  total says how many rows there are, and each row has at least one audit);
- a team or criterion is listed only with its count, and only with N or more audits;
  the rest are left out, and what they add up to (the audits less the listed teams) is
  0 or N or more: if it would be 1 to N-1, the smallest listed row is left out too;
- grades come as a set of four, shown whole or not at all: when any is 1 to N-1, all
  four are hidden (hiding some would tell a reader who knows this rule that those are
  the small ones);
- when the audits in scope are fewer than N no theme is listed (each would be 1 to
  the scope), and when the earlier period had fewer than N audits every theme's
  previous count is hidden, 0 included;
- hidden themes are ranked after the others by polarity and name, never by count.

Actions. Suppression (N = suppressed_below): a measure's baseline and current figures
are each a share of graded answers with its count of answers beside it, so the share
times the count gives the answers in the bucket, and the count less that gives the
rest. So:

- a count of answers from 1 to N-1 is hidden ("<N"), with its share (and the expected
  figure, which runs from the baseline);
- a share is hidden when the answers in its bucket, or the rest, come to 1 to N-1
  ("1 of 30 judgements inadequate" is one child's);
- what is worked out from the figures is worked out from the published ones only: the
  suggested status is the tool's rule applied to the figures the export shows (with the
  current figure hidden it is not_started: "complete" on 2 answers would say that both
  met the target), and "the target is no better than the baseline" is not judged
  against a hidden baseline. A status the owner set, with a reason, stands.

`publish_ranking`, `listed_rows`, `grade_mix` and `publish_action` are pure: the tests
feed them tables and items and check what a reader could work out from the result.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from qa_tui.desks.plan import smart_problems, suggest_status
from qa_tui.domain.plan_records import ActionItem, ThemeRanking, ThemeRow
from qa_tui.exports.formats import ExportError, is_small, rounded, suppress

# The overall grades of the audits behind a theme, best first (Ofsted's four points).
GRADE_KEYS = ("outstanding", "good", "requires_improvement", "inadequate")
WORKED_OUT = ("baseline", "current", "expected")  # the figures a status is worked out from


def check_threshold(below: int) -> None:
    """Refuse a threshold of 1 or 2: a listed row has at least one audit, so a count
    hidden under 2 could only be 1 (and under 1 nothing is hidden)."""
    if below in (1, 2):
        raise ExportError(
            f"--suppress-below {below} is too low to hide a count: a hidden "
            f"count could only be 1 (use 3 or more, or 0 to turn suppression "
            f"off)"
        )


def listed_rows(counts: Sequence[int], total: int, below: int) -> list[int]:
    """Which rows of a breakdown of `total` (a theme's teams or criteria) are listed,
    by index, in their order.

    A row is listed only with its count shown, and only with `below` or more: listing
    a row says it has at least one audit. What the rows left out add up to, `total`
    less the listed ones, must be 0 or `below` or more (a reader can subtract): while it
    is 1 to below-1 the smallest listed row is left out too. Nothing is listed under a
    total that is itself hidden. With `below` 0 every row is listed."""
    if below <= 0:
        return list(range(len(counts)))
    if total < below:
        return []
    listed = [i for i, n in enumerate(counts) if n >= below]
    while listed and is_small(total - sum(counts[i] for i in listed), below):
        listed.remove(min(listed, key=lambda i: (counts[i], -i)))
    return listed


def grade_mix(grades: Sequence[int], total: int, below: int) -> list[int | None]:
    """A theme's overall grades (best first) as published: all of them, or none.

    The grades add up to `total` (any audit without a counted grade makes up the rest,
    which is never shown). When a grade, or that rest, is 1 to below-1, every grade is
    hidden: hiding only some would leave a reader who knows this rule able to tell the
    hidden ones are small, or even which values they hold (three hidden grades under 3
    adding up to 6 are 2 each). Hidden together, each could be 0 or most of the total.
    Under a hidden total every grade is hidden."""
    if below <= 0:
        return list(grades)
    rest = total - sum(grades)
    if total < below or any(is_small(n, below) for n in [*grades, rest]):
        return [None] * len(grades)
    return list(grades)


def publish_ranking(ranking: ThemeRanking, below: int) -> dict[str, Any]:
    """The ranking as the document publishes it: scope, the period compared with, and
    each theme with what the suppression rules (see the module docstring) let show."""
    scope, previous_scope = ranking.scope_audits, ranking.previous_scope_audits
    rows = [] if is_small(scope, below) else ranking.rows
    shown = [r for r in rows if suppress(r.audits, below) is not None]
    hidden = sorted(
        (r for r in rows if suppress(r.audits, below) is None), key=lambda r: (r.polarity, r.theme)
    )
    hide_previous = is_small(previous_scope, below)
    return {
        "scope_audits": scope,
        "compared_with": ranking.previous_label,
        "previous_scope_audits": previous_scope,
        "themes": [
            _publish_theme(row, rank, below, hide_previous)
            for rank, row in enumerate([*shown, *hidden], start=1)
        ],
    }


def _publish_theme(row: ThemeRow, rank: int, below: int, hide_previous: bool) -> dict[str, Any]:
    hidden: list[str] = []
    audits = suppress(row.audits, below)
    if audits is None:
        hidden += ["audits", "share"]
    teams = listed_rows([t.audits for t in row.teams], row.audits, below)
    if len(teams) < len(row.teams):
        hidden.append("teams")
    criteria = listed_rows([c.audits for c in row.criteria], row.audits, below)
    if len(criteria) < len(row.criteria):
        hidden.append("criteria")
    grades = grade_mix(row.grades.by_value(), row.audits, below)
    if None in grades:
        hidden.append("grades")
    previous = row.previous_audits
    if previous is not None and (hide_previous or is_small(previous, below)):
        hidden += ["previous_audits", "previous_share"]
    change = row.change
    if change is not None and ("share" in hidden or "previous_share" in hidden):
        hidden.append("change")
    return {
        "rank": rank,
        "theme": row.theme,
        "polarity": row.polarity,
        "audits": audits,
        "share": None if "share" in hidden else rounded(row.share),
        "teams": [{"team": row.teams[i].name, "audits": row.teams[i].audits} for i in teams],
        "criteria": [
            {
                "rubric_id": c.rubric_id,
                "criterion_id": c.criterion_id,
                "question": c.name,
                "audits": c.audits,
            }
            for c in (row.criteria[i] for i in criteria)
        ],
        "grades": dict(zip(GRADE_KEYS, grades, strict=True)),
        "previous_audits": None if "previous_audits" in hidden else previous,
        "previous_share": None if "previous_share" in hidden else rounded(row.previous_share),
        "change": None if "change" in hidden or change is None else round(change, 2),
        "suppressed": hidden,
    }


def gives_count_away(share: float | None, answers: int | None, below: int) -> bool:
    """Whether a share published beside its count of answers gives a small count away:
    share times answers is the answers in the bucket, and the rest is answers less that."""
    if share is None or not answers:
        return False
    in_bucket = round(share * answers)
    return is_small(in_bucket, below) or is_small(answers - in_bucket, below)


def _measure(item: ActionItem, below: int) -> dict[str, Any] | None:
    measure = item.measure
    if measure is None:
        return None
    progress = item.progress
    hidden: list[str] = []
    baseline_audits = progress.baseline_audits if progress else None
    current_audits = progress.current_audits if progress else None
    if is_small(baseline_audits, below):
        hidden += ["baseline", "baseline_audits", "expected"]  # expected runs from baseline
    elif progress and gives_count_away(progress.baseline, baseline_audits, below):
        hidden += ["baseline", "expected"]
    if is_small(current_audits, below):
        hidden += ["current", "current_audits"]
    elif progress and gives_count_away(progress.current, current_audits, below):
        hidden.append("current")
    figures = {
        "baseline": rounded(progress.baseline) if progress else None,
        "baseline_audits": baseline_audits,
        "current": rounded(progress.current) if progress else None,
        "current_audits": current_audits,
        "expected": rounded(progress.expected) if progress else None,
    }
    return {
        "rubric_id": measure.rubric_id,
        "criterion_id": measure.criterion_id,
        "bucket": measure.bucket,
        "cohort": measure.cohort,
        "team": measure.team,
        "programme_id": measure.programme_id,
        "label": item.measure_label,
        "set_on": item.measure_set_on,
        **{k: None if k in hidden else v for k, v in figures.items()},
        "target": rounded(item.target_value),
        "target_on": item.target_on,
        "suppressed": hidden,
    }


def publish_action(item: ActionItem, below: int, *, overridden: bool) -> dict[str, Any]:
    """One item as the document publishes it (see the module docstring). `overridden`:
    the owner set the status (the item's status then stands as theirs)."""
    measure = _measure(item, below)
    suggested, problems = item.suggested_status, list(item.smart_problems)
    progress = item.progress
    hidden = set(measure["suppressed"]) if measure else set()
    if measure and item.measure and progress and hidden & set(WORKED_OUT):
        # The tool's own rule, on the figures as published: a reader gets the same.
        suggested = suggest_status(
            measure["current"],
            measure["current_audits"] or 0,
            measure["baseline"],
            measure["target"],
            measure["expected"],
            item.measure.higher_is_better,
        )
        measure["suppressed"].append("suggested_status")
        if "baseline" in hidden:
            problems = smart_problems(
                {
                    "owner": item.owner,
                    "due_on": item.due_on,
                    "measure": asdict(item.measure),
                    "target_value": item.target_value,
                    "target_on": item.target_on,
                    "baseline_value": None,
                }
            )
    return {
        "id": item.id,
        "title": item.title,
        "description": item.description,
        "owner": item.owner,
        "due_on": item.due_on,
        "status": item.status if overridden else suggested,
        "suggested_status": suggested,
        "status_reason": item.status_reason,
        "themes": [{"theme": theme, "polarity": polarity} for theme, polarity in item.themes],
        "recommendation": item.recommendation,
        "measure": measure,
        "smart_problems": problems,
    }
