"""Agreement between an auditor and the QA lead who moderated the audit. Pure; no I/O.

Moderation keeps auditors consistent: a lead re-grades the same case file and the two
sets of grades are compared. Cohen's kappa corrects raw agreement for the agreement two
raters would reach by chance; quadratic weights are used because grades are ordered and a
two-grade miss is worse than a one-grade miss. The tendency (generous share and mean
difference) shows over-optimistic grading, which inspectors have criticised.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

MIN_PAIRS = 5
"""Below this many pairs kappa is not reported and `enough` is False."""


@dataclass(frozen=True)
class Agreement:
    """How far an auditor's grades agree with the moderator's, over the counted pairs."""

    pairs: int  # number of (auditor, moderator) grade pairs counted
    exact: float | None  # share of pairs with the same grade (None if pairs == 0)
    within_one: float | None  # share of pairs at most one grade apart
    kappa: float | None  # quadratic weighted kappa; None when too few pairs or undefined
    generous: float | None  # share where the auditor graded better (lower value)
    mean_difference: float | None  # mean of moderator - auditor; positive = auditor generous
    enough: bool  # pairs >= MIN_PAIRS


def _check_categories(categories: int) -> None:
    if isinstance(categories, bool) or not isinstance(categories, int) or categories < 2:
        raise ValueError(f"a grade scale needs at least 2 categories, not {categories!r}")


def _check_value(value: int, categories: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= categories:
        raise ValueError(f"grade value {value!r} is outside the scale 1..{categories}")


Pair = tuple[int | None, int | None]  # (auditor value, moderator value); None = N/A


def quadratic_weighted_kappa(pairs: Sequence[tuple[int, int]], categories: int) -> float | None:
    """Cohen's kappa with quadratic weights w_ij = 1 - (i-j)^2/(k-1)^2.

    From the k x k confusion matrix: kappa = 1 - sum(w'_ij * O_ij) / sum(w'_ij * E_ij),
    with disagreement weights w'_ij = (i-j)^2/(k-1)^2, O the observed proportions and E
    the outer product of the two raters' marginals. Returns None when there are no pairs
    or the expected disagreement is 0 (both raters used one identical category for every
    pair, so kappa is undefined). Values outside 1..categories raise ValueError.
    """
    return kappa_from_counts(Counter(pairs), categories)


def kappa_from_counts(counts: Mapping[tuple[int, int], int], categories: int) -> float | None:
    """quadratic_weighted_kappa from a confusion matrix: {(auditor, moderator): count}.

    Worked in whole-number counts, so the common factor (k-1)^2 and the proportions
    cancel and the result is rounded once: kappa = (D_e - n * D_o) / D_e, where
    D_o = sum (i-j)^2 * count_ij and D_e = sum (i-j)^2 * auditor_i * moderator_j.
    """
    _check_categories(categories)
    auditor_totals = [0] * (categories + 1)
    moderator_totals = [0] * (categories + 1)
    observed = 0
    n = 0
    for (auditor, moderator), count in counts.items():
        _check_value(auditor, categories)
        _check_value(moderator, categories)
        auditor_totals[auditor] += count
        moderator_totals[moderator] += count
        observed += (auditor - moderator) ** 2 * count
        n += count
    if n == 0:
        return None
    expected = sum(
        auditor_totals[i] * moderator_totals[j] * (i - j) ** 2
        for i in range(1, categories + 1)
        for j in range(1, categories + 1)
    )
    if expected == 0:
        return None
    return (expected - n * observed) / expected


def agreement(pairs: Iterable[Pair], categories: int) -> Agreement:
    """Agreement over pairs of (auditor value, moderator value) on a 1..categories scale.

    Pairs with None on either side ("not applicable") are skipped: they never count.
    Exact, within-one and tendency figures are reported for any number of pairs; kappa
    only from MIN_PAIRS pairs upwards.
    """
    return agreement_from_counts(Counter(pairs), categories)


def agreement_from_counts(counts: Mapping[Pair, int], categories: int) -> Agreement:
    """`agreement` from counted pairs {(auditor, moderator): how many}, as the database
    keeps them, so thousands of moderations cost a few dozen rows."""
    _check_categories(categories)
    counted: dict[tuple[int, int], int] = {}
    for (auditor, moderator), count in counts.items():
        if auditor is None or moderator is None or count == 0:
            continue
        _check_value(auditor, categories)
        _check_value(moderator, categories)
        counted[(auditor, moderator)] = counted.get((auditor, moderator), 0) + count
    n = sum(counted.values())
    if n == 0:
        return Agreement(
            pairs=0,
            exact=None,
            within_one=None,
            kappa=None,
            generous=None,
            mean_difference=None,
            enough=False,
        )
    enough = n >= MIN_PAIRS

    def share(test: Callable[[int, int], bool]) -> float:
        return sum(c for (a, m), c in counted.items() if test(a, m)) / n

    return Agreement(
        pairs=n,
        exact=share(lambda a, m: a == m),
        within_one=share(lambda a, m: abs(a - m) <= 1),
        kappa=kappa_from_counts(counted, categories) if enough else None,
        generous=share(lambda a, m: a < m),
        mean_difference=sum((m - a) * c for (a, m), c in counted.items()) / n,
        enough=enough,
    )


def group_agreement(
    rows: Iterable[tuple[str, int | None, int | None]], categories: int
) -> dict[str, Agreement]:
    """Agreement per group key (auditor, criterion, programme...), keys in sorted order.

    A group whose rows are all "not applicable" is still listed, with zero pairs.
    """
    grouped: dict[str, list[tuple[int | None, int | None]]] = defaultdict(list)
    for key, auditor, moderator in rows:
        grouped[key].append((auditor, moderator))
    return {key: agreement(grouped[key], categories) for key in sorted(grouped)}


def agreement_by_key(rows: Iterable[Mapping[str, Any]]) -> dict[str, Agreement]:
    """Agreement per key from counted pair rows (key, size, auditor_value,
    moderator_value, pairs; 0 = not applicable), whichever query counted them: the
    summary table, or a live count over a span. One label per key, with the scale's
    size when a key has pairs on more than one, so scales are never compared."""
    sized: dict[tuple[str, int], dict[Pair, int]] = {}
    for r in rows:
        pair = (r["auditor_value"] or None, r["moderator_value"] or None)
        counts = sized.setdefault((r["key"], r["size"]), {})
        counts[pair] = counts.get(pair, 0) + r["pairs"]
    result: dict[str, Agreement] = {}
    for (key, size), counts in sorted(sized.items()):
        label = key if sum(1 for k, _ in sized if k == key) == 1 else f"{key} ({size}-point)"
        result[label] = agreement_from_counts(counts, size)
    return result
