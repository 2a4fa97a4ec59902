"""Agreement between auditor and moderator grades: hand-worked examples and a cross-check.

Values are grade values where 1 is the best grade (Ofsted: 1 Outstanding .. 4 Inadequate).
"""

from __future__ import annotations

import random

import pytest

from qa_tui.domain.agreement import (
    MIN_PAIRS,
    Agreement,
    agreement,
    agreement_from_counts,
    group_agreement,
    quadratic_weighted_kappa,
)

# A small 3-category example (Yes/Partly/No), worked by hand below.
THREE_POINT = [(1, 1), (1, 1), (1, 2), (2, 2), (2, 2), (2, 3), (3, 3), (3, 1)]


def reference_kappa(pairs: list[tuple[int, int]], k: int) -> float | None:
    """Independent, textbook form: kappa = (Po_w - Pe_w) / (1 - Pe_w) with agreement
    weights w_ij = 1 - (i-j)^2/(k-1)^2, from the proportion matrix and its marginals."""
    n = len(pairs)
    if n == 0:
        return None
    matrix = [[0.0] * k for _ in range(k)]
    for a, m in pairs:
        matrix[a - 1][m - 1] += 1 / n
    rows = [sum(matrix[i]) for i in range(k)]
    cols = [sum(matrix[i][j] for i in range(k)) for j in range(k)]
    weight = [[1 - (i - j) ** 2 / (k - 1) ** 2 for j in range(k)] for i in range(k)]
    po = sum(weight[i][j] * matrix[i][j] for i in range(k) for j in range(k))
    pe = sum(weight[i][j] * rows[i] * cols[j] for i in range(k) for j in range(k))
    if abs(1 - pe) < 1e-12:
        return None
    return (po - pe) / (1 - pe)


def test_perfect_agreement_gives_kappa_one_and_exact_one() -> None:
    pairs = [(1, 1), (2, 2), (3, 3), (4, 4), (2, 2), (3, 3)]
    result = agreement(pairs, 4)
    assert result.kappa == pytest.approx(1.0)
    assert result.exact == 1.0
    assert result.within_one == 1.0
    assert result.generous == 0.0
    assert result.mean_difference == 0.0
    assert result.pairs == 6
    assert result.enough is True


def test_complete_reversal_on_four_point_scale_gives_minus_one() -> None:
    # Pairs (1,4),(2,3),(3,2),(4,1), each once; disagreement weights (i-j)^2/9.
    # Observed disagreement: (9 + 1 + 1 + 9)/9 / 4 = 20/36 = 5/9.
    # Both marginals are uniform (1/4 each), so E_ij = 1/16 for all 16 cells.
    # Sum of (i-j)^2 over the 4x4 grid: 6 cells at 1, 4 cells at 4, 2 cells at 9 = 40.
    # Expected disagreement: 40/9 / 16 = 5/18.  kappa = 1 - (5/9)/(5/18) = 1 - 2 = -1.
    design = [(1, 4), (2, 3), (3, 2), (4, 1)]
    assert quadratic_weighted_kappa(design, 4) == -1.0
    repeated = agreement(design * 3, 4)
    assert repeated.kappa == -1.0
    assert repeated.exact == 0.0
    # Only (2,3) and (3,2) are within one grade: half of the pairs.
    assert repeated.within_one == 0.5


def test_chance_level_agreement_gives_kappa_zero() -> None:
    # Every combination of a 4-point scale once: the two raters are independent, so the
    # observed proportions equal the product of the marginals (1/16 each) and kappa = 0.
    pairs = [(a, m) for a in range(1, 5) for m in range(1, 5)]
    result = agreement(pairs, 4)
    assert result.kappa == pytest.approx(0.0, abs=1e-12)
    assert result.exact == 4 / 16
    # Differences of 0 or 1: 4 + 6 = 10 of 16 cells.
    assert result.within_one == 10 / 16


def test_three_category_example_worked_by_hand() -> None:
    # n = 8, k = 3, disagreement weights (i-j)^2/4: one grade apart 1/4, two apart 1.
    # Observed disagreement: (1,2) 1/4 + (2,3) 1/4 + (3,1) 1 = 1.5, / 8 = 0.1875.
    # Auditor marginal counts (1,2,3) = (3,3,2); moderator counts = (3,3,2).
    # Expected, in counts: one apart (1,2) 9 + (2,1) 9 + (2,3) 6 + (3,2) 6 = 30 -> 7.5;
    #                      two apart (1,3) 6 + (3,1) 6 = 12 -> 12;  (7.5 + 12)/64 = 0.3046875.
    # kappa = 1 - 0.1875 / 0.3046875 = 1 - 8/13 = 5/13 = 0.3846.
    kappa = quadratic_weighted_kappa(THREE_POINT, 3)
    assert kappa is not None
    assert round(kappa, 4) == 0.3846
    assert kappa == pytest.approx(5 / 13, abs=1e-12)
    result = agreement(THREE_POINT, 3)
    assert result.kappa == pytest.approx(5 / 13, abs=1e-12)


def test_exact_and_within_one_shares() -> None:
    result = agreement(THREE_POINT, 3)
    # Same grade: (1,1) x2, (2,2) x2, (3,3) -> 5 of 8.
    assert result.exact == 5 / 8
    # All but (3,1) are at most one grade apart -> 7 of 8.
    assert result.within_one == 7 / 8


def test_generous_share_and_mean_difference_sign() -> None:
    # Auditor said Good (2), moderator Requires improvement (3): the auditor was generous.
    result = agreement([(2, 3)], 4)
    assert result.generous == 1.0
    assert result.mean_difference == 1.0
    # The other way round the auditor was harsher than the moderator.
    harsh = agreement([(3, 2)], 4)
    assert harsh.generous == 0.0
    assert harsh.mean_difference == -1.0
    # Three-point example: generous on (1,2) and (2,3) = 2/8; differences +1 +1 -2 sum to 0.
    mixed = agreement(THREE_POINT, 3)
    assert mixed.generous == 0.25
    assert mixed.mean_difference == 0.0


def test_not_applicable_pairs_never_count() -> None:
    with_na = [(1, 1), (None, 2), (2, None), (None, None), (2, 3)]
    result = agreement(with_na, 4)
    assert result.pairs == 2
    assert result.exact == 0.5
    assert result.generous == 0.5
    assert result == agreement([(1, 1), (2, 3)], 4)


def test_fewer_than_min_pairs_reports_exact_but_no_kappa() -> None:
    pairs = [(1, 1), (2, 2), (3, 4), (4, 4)][: MIN_PAIRS - 1]
    assert len(pairs) == MIN_PAIRS - 1
    result = agreement(pairs, 4)
    assert result.pairs == MIN_PAIRS - 1
    assert result.enough is False
    assert result.kappa is None
    assert result.exact == 0.75
    assert result.within_one == 1.0
    assert result.mean_difference == 0.25
    # One more pair is enough, and kappa appears.
    more = agreement([*pairs, (2, 2)], 4)
    assert more.enough is True
    assert more.kappa is not None


def test_zero_pairs_gives_all_none() -> None:
    expected = Agreement(
        pairs=0,
        exact=None,
        within_one=None,
        kappa=None,
        generous=None,
        mean_difference=None,
        enough=False,
    )
    assert agreement([], 4) == expected
    assert agreement([(None, 1), (2, None)], 4) == expected
    assert quadratic_weighted_kappa([], 4) is None


def test_single_identical_category_leaves_kappa_undefined() -> None:
    result = agreement([(2, 2)] * 20, 4)
    assert result.pairs == 20
    assert result.enough is True
    assert result.exact == 1.0
    assert result.kappa is None
    assert quadratic_weighted_kappa([(2, 2)] * 20, 4) is None


def test_one_category_each_but_different_is_defined() -> None:
    # Auditor always 2, moderator always 3: expected disagreement n^2 * 1, observed n * 1,
    # so kappa = 1 - n * n / n^2 = 0, not undefined.
    assert quadratic_weighted_kappa([(2, 3)] * 6, 4) == 0.0


@pytest.mark.parametrize("pair", [(0, 1), (1, 0), (5, 1), (1, 5), (-1, 2)])
def test_out_of_range_value_raises(pair: tuple[int, int]) -> None:
    with pytest.raises(ValueError):
        quadratic_weighted_kappa([(1, 1), pair], 4)
    with pytest.raises(ValueError):
        agreement([(1, 1), pair], 4)


def test_scale_of_fewer_than_two_categories_raises() -> None:
    with pytest.raises(ValueError):
        agreement([(1, 1)], 1)


def test_group_agreement_groups_correctly_and_sorts_keys() -> None:
    rows = [
        ("bea", 2, 3),
        ("ade", 1, 1),
        ("bea", 2, 2),
        ("ade", 2, 2),
        ("cal", None, 2),
        ("ade", 3, None),
        ("bea", 1, 3),
    ]
    result = group_agreement(rows, 4)
    assert list(result) == ["ade", "bea", "cal"]
    assert result["ade"] == agreement([(1, 1), (2, 2)], 4)
    assert result["ade"].pairs == 2
    assert result["ade"].exact == 1.0
    assert result["bea"].pairs == 3
    assert result["bea"].exact == pytest.approx(1 / 3)
    assert result["bea"].generous == pytest.approx(2 / 3)
    assert result["bea"].mean_difference == pytest.approx(1.0)  # (+1 + 0 + 2) / 3
    assert result["cal"].pairs == 0
    assert result["cal"].exact is None
    assert group_agreement([], 4) == {}


def test_kappa_matches_independent_implementation_on_random_pairs() -> None:
    rng = random.Random(7)
    compared = 0
    for _ in range(200):
        k = rng.randint(2, 5)
        n = rng.randint(1, 30)
        pairs = [(rng.randint(1, k), rng.randint(1, k)) for _ in range(n)]
        ours = quadratic_weighted_kappa(pairs, k)
        theirs = reference_kappa(pairs, k)
        if theirs is None:
            assert ours is None
            continue
        assert ours is not None
        assert ours == pytest.approx(theirs, abs=1e-9)
        assert -1.0 - 1e-9 <= ours <= 1.0 + 1e-9
        compared += 1
    assert compared >= 190


def test_counted_pairs_give_the_same_figures_as_the_pairs_themselves() -> None:
    pairs = [(1, 1)] * 3 + [(2, 1)] * 2 + [(4, 2), (None, 3), (3, None)]
    counts = {(1, 1): 3, (2, 1): 2, (4, 2): 1, (None, 3): 1, (3, None): 1, (2, 2): 0}
    assert agreement_from_counts(counts, 4) == agreement(pairs, 4)
    assert agreement_from_counts(counts, 4).pairs == 6  # N/A pairs never count
