"""How the columns of a list share the width it has: pure arithmetic, no widgets.

A screen describes each column by the fewest cells it can be cut to (`min`), the cells
that show its text whole (`ideal`, often measured from the rows with `widest`), and its
share of any room left once every column is whole (`weight`, up to `max`). `share` turns
that and the width available into widths:

- narrower than the minimums: every column at its minimum (the list then crops or
  scrolls sideways: the terminal really is too narrow);
- between the minimums and the ideals: the longest are cut first, all to the same
  width, so short text stays whole for as long as anything can;
- wider than the ideals: every column whole, columns with more to show than their
  ideal grow to show it (up to their `max`), and the room left goes to the columns with
  a weight (long text: a reason, a theme, a note), never past their `max`, so long text
  keeps a readable width and short columns do not drift apart;
- a column with no minimum is optional: shown only where the others are whole.

The widgets that use it (`fitted.py`) ask again on every resize.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from rich.cells import cell_len

LEAST = 8  # the fewest cells an optional column is shown with (or its ideal, if fewer)


@dataclass(frozen=True)
class Column:
    """One column of a list, in cells."""

    min: int
    ideal: int  # the most it asks for while other columns are short of theirs
    weight: float = 0.0
    max: int | None = None  # the widest it grows when there is room (None: no limit)
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


def _level(mins: Sequence[int], ideals: Sequence[int], room: int) -> list[int]:
    """Cut the longest first: every column up to one level (never under its minimum,
    never past its ideal), the highest level that fits; the cells left over go one each
    to the columns still cut, the leftmost first."""

    def at(level: int) -> list[int]:
        return [max(m, min(i, level)) for m, i in zip(mins, ideals, strict=True)]

    low, high = 0, max(ideals)
    while low < high:  # the highest level whose widths fit the room
        middle = (low + high + 1) // 2
        low, high = (middle, high) if sum(at(middle)) <= room else (low, middle - 1)
    widths = at(low)
    spare = room - sum(widths)
    for k, (width, ideal) in enumerate(zip(widths, ideals, strict=True)):
        if spare and width < ideal:
            widths[k] += 1
            spare -= 1
    return widths


def share(columns: Sequence[Column], width: int, gap: int = 1) -> list[int]:
    """The width of each column when `width` cells are available and `gap` cells
    separate neighbours.

    A column with no minimum is optional: it is shown (with at least `LEAST` cells, or
    its ideal if less) only once every other column is whole, and takes no room, not
    even a gap, when it is not. A column with nothing to show (no minimum, no ideal)
    takes none either.
    """
    widths = [0] * len(columns)
    required = [i for i, c in enumerate(columns) if c.min > 0]
    shown, laid = required, [columns[i] for i in required]
    used = sum(max(c.min, c.ideal) for c in laid) + gap * (len(laid) - 1)
    for i, column in enumerate(columns):
        least = min(column.ideal, LEAST)
        if column.min or not least or used + gap * bool(shown) + least > width:
            continue
        if shown is required:  # with an optional column shown, the others stay whole
            shown, laid = list(required), [replace(c, min=max(c.min, c.ideal)) for c in laid]
        shown.append(i)
        laid.append(replace(column, min=least))
        used += gap * (len(shown) > 1) + least
    order = sorted(range(len(shown)), key=lambda k: shown[k])  # the columns' own order
    for k, width_ in zip(order, _share([laid[k] for k in order], width, gap), strict=True):
        widths[shown[k]] = width_
    return widths


def _share(columns: Sequence[Column], width: int, gap: int) -> list[int]:
    if not columns:
        return []
    room = width - gap * (len(columns) - 1)
    mins = [c.min for c in columns]
    ideals = [max(c.min, c.ideal) for c in columns]
    if room <= sum(mins):
        return mins
    if room < sum(ideals):
        return _level(mins, ideals, room)
    # Room beyond the ideals: first to the columns whose text is longer than their
    # ideal (up to their max), then by weight.
    longer = [
        0 if c.max is None else max(0, c.max - i) for c, i in zip(columns, ideals, strict=True)
    ]
    grown = [
        i + g
        for i, g in zip(
            ideals, _spread(min(room - sum(ideals), sum(longer)), longer, longer), strict=True
        )
    ]
    limits = [
        float("inf") if c.max is None else max(0, c.max - g)
        for c, g in zip(columns, grown, strict=True)
    ]
    extra = _spread(room - sum(grown), [c.weight for c in columns], limits)
    return [g + e for g, e in zip(grown, extra, strict=True)]
