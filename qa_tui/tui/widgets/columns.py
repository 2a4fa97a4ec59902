"""How the columns of a list share the width it has: pure arithmetic, no widgets.

A screen describes each column by the fewest cells it can be cut to (`min`), the cells
that show its text whole (`ideal`, often measured from the rows with `widest`), and its
share of any room left once every column is whole (`weight`, up to `max`). `share` turns
that and the width available into widths:

- narrower than the minimums: every column at its minimum (the list then crops or
  scrolls sideways: the terminal really is too narrow);
- between the minimums and the ideals: each column gets its minimum and a part of the
  rest in proportion to what it still lacks, so every column is cut by the same share;
- wider than the ideals: every column whole, and the room left goes to the columns with
  a weight (long text: a reason, a theme, a note), never past their `max`, so long text
  keeps a readable width and short columns do not drift apart.

The widgets that use it (`fitted.py`) ask again on every resize.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from rich.cells import cell_len


@dataclass(frozen=True)
class Column:
    """One column of a list, in cells."""

    min: int
    ideal: int
    weight: float = 0.0
    max: int | None = None
    right: bool = False  # figures line up on the right

    def measured(self, texts: Iterable[str], *, cap: int | None = None) -> Column:
        """This column with its ideal width the widest of `texts` (never under `min`,
        never over `cap`, nor over `max`)."""
        limits = [x for x in (cap, self.max) if x is not None]
        return replace(self, ideal=max(self.min, widest(texts, min(limits) if limits else None)))


def widest(texts: Iterable[str], cap: int | None = None) -> int:
    """The widest text in cells, counting no further than `cap` (a long one costs no
    more to measure than `cap` characters)."""
    width = 0
    for text in texts:
        if cap is not None:
            text = text[: cap * 2 + 8]  # wide characters take two cells; more is never seen
        width = max(width, cell_len(text))
        if cap is not None and width >= cap:
            return cap
    return width


def _spread(room: int, shares: Sequence[float], limits: Sequence[float]) -> list[int]:
    """Whole cells of `room` in proportion to `shares`, none past its limit; the cells
    left by rounding go to the largest remainders, the leftmost first."""
    given = [0.0] * len(shares)
    open_ = [i for i, s in enumerate(shares) if s > 0 and limits[i] > 0]
    left = float(room)
    while open_ and left > 1e-9:  # water-filling: a column at its limit passes on the rest
        total = sum(shares[i] for i in open_)
        capped = [i for i in open_ if left * shares[i] / total >= limits[i] - given[i]]
        if not capped:
            for i in open_:
                given[i] += left * shares[i] / total
            break
        for i in capped:
            left -= limits[i] - given[i]
            given[i] = limits[i]
        open_ = [i for i in open_ if i not in capped]
    whole = [int(g) for g in given]
    spare = min(room, round(sum(given))) - sum(whole)
    order = sorted(range(len(given)), key=lambda i: (-(given[i] - whole[i]), i))
    for i in order[:spare]:
        if whole[i] < limits[i]:
            whole[i] += 1
    return whole


def share(columns: Sequence[Column], width: int, gap: int = 1) -> list[int]:
    """The width of each column when `width` cells are available and `gap` cells
    separate neighbours."""
    if not columns:
        return []
    room = width - gap * (len(columns) - 1)
    mins = [c.min for c in columns]
    ideals = [max(c.min, c.ideal) for c in columns]
    if room <= sum(mins):
        return mins
    if room < sum(ideals):
        lacking = [i - m for i, m in zip(ideals, mins, strict=True)]
        extra = _spread(room - sum(mins), lacking, lacking)
        return [m + e for m, e in zip(mins, extra, strict=True)]
    limits = [
        float("inf") if c.max is None else max(0, c.max - ideal)
        for c, ideal in zip(columns, ideals, strict=True)
    ]
    extra = _spread(room - sum(ideals), [c.weight for c in columns], limits)
    return [i + e for i, e in zip(ideals, extra, strict=True)]
