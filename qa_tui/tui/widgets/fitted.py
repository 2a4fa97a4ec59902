"""Lists and tables whose columns share the width they are given (`columns.share`),
worked out again whenever that width changes.

- `Row` is one line of cells in a `Layout`: a Textual Visual, so it is laid out at the
  width it is drawn at (an OptionList draws it again on resize, a Static too).
- `Rows` is a few lines, some of them `Row`s, for a Static (a small table of figures).
- `FittedList` is an OptionList of `Row`s that measures its rows as they are added.
- `FittedTable` is a DataTable that does the same for its columns.

Each column asks for `Column.ideal` cells at most until the rows are whole; the rows'
own widths lower that (a column of short team names does not take the room of long
ones), and on a wide terminal a column with a weight grows, up to its `max`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Self, TypeAlias

from rich.text import Text
from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual, VisualType
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from qa_tui.tui.widgets.columns import Column, share, widest
from qa_tui.tui.widgets.shown import ONE_LINE

Cell = Content | str
OptionListContent: TypeAlias = "Option | VisualType | None"  # what add_options takes


class Layout:
    """The columns of one list, shared by its rows, and the widest cell seen in each."""

    def __init__(self, columns: Sequence[Column], gap: int = 2) -> None:
        self.columns = tuple(columns)
        self.gap = gap
        self.seen = [0] * len(self.columns)  # widest cell so far, per column
        self._widths: dict[int, list[int]] = {}

    def measure(self, cells: Sequence[Cell]) -> bool:
        """Count these cells' widths in; True when a column's widest grew."""
        grew = False
        for i, (cell, column) in enumerate(zip(cells, self.columns, strict=False)):
            cap = column.max or ONE_LINE  # wider is never shown whole anyway
            width = widest([cell.plain if isinstance(cell, Content) else cell], cap)
            if width > self.seen[i]:
                self.seen[i] = width
                grew = True
        if grew:
            self._widths.clear()
        return grew

    def forget(self) -> None:
        """The rows are gone: measure again from the next ones."""
        self.seen = [0] * len(self.columns)
        self._widths.clear()

    def fitted(self) -> list[Column]:
        """The columns as the rows seen so far need them."""
        return [fitted(c, seen) for c, seen in zip(self.columns, self.seen, strict=True)]

    def widths(self, width: int) -> list[int]:
        if width not in self._widths:
            self._widths[width] = share(self.fitted(), width, self.gap)
        return self._widths[width]

    def line(self, cells: Sequence[Cell], width: int) -> Content:
        """The cells cut (with an ellipsis) or padded to their columns, on one line no
        wider than `width`."""
        parts = []
        for cell, column, size in zip(cells, self.columns, self.widths(width), strict=False):
            if not size:
                continue
            content = cell if isinstance(cell, Content) else Content(cell)
            content = content.truncate(size, ellipsis=True)
            pad = size - content.cell_length
            parts.append(content.pad_left(pad) if column.right else content.pad_right(pad))
        return Content(" " * self.gap).join(parts).rstrip().truncate(width)


def fitted(column: Column, seen: int) -> Column:
    """`column` as rows at most `seen` cells wide need it: no wider than they are (nor
    than its ideal), its minimum no more than they need; room beyond that only up to
    their width, and never past its `max`."""
    least = min(column.min, seen)
    ideal = max(least, min(column.ideal, seen))
    most = seen if column.max is None else min(column.max, seen)
    return Column(least, ideal, column.weight, max(ideal, most), column.right)


class Row(Visual):
    """One line of a list: cells in the layout's columns, at the width it is drawn at."""

    def __init__(self, layout: Layout, cells: Sequence[Cell]) -> None:
        self.column_layout = layout
        self.cells = tuple(cells)

    def __str__(self) -> str:
        return "  ".join(c.plain if isinstance(c, Content) else c for c in self.cells).rstrip()

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        return self.column_layout.line(self.cells, width).render_strips(
            width, height, style, options
        )

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        columns = self.column_layout.fitted()
        return sum(c.ideal for c in columns) + self.column_layout.gap * (len(columns) - 1)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return 1


class Rows(Visual):
    """Several lines for a Static: `Row`s of one layout and lines of text, which wrap."""

    def __init__(self, lines: Iterable[Row | Content]) -> None:
        self.lines = list(lines)

    def __str__(self) -> str:
        return "\n".join(str(line) if isinstance(line, Row) else line.plain for line in self.lines)

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        strips: list[Strip] = []
        for line in self.lines:
            strips += line.render_strips(width, None, style, options)
        return strips if height is None else strips[:height]

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return max(
            (line.get_optimal_width(rules, container_width) for line in self.lines), default=0
        )

    def get_height(self, rules: RulesMap, width: int) -> int:
        return sum(line.get_height(rules, width) for line in self.lines)


class FittedList(OptionList):
    """An OptionList whose rows (`row`) share its width by their columns.

    A stable scrollbar gutter keeps the width the same whether or not the list scrolls.
    """

    DEFAULT_CSS = "FittedList { scrollbar-gutter: stable; scrollbar-size-vertical: 1; }"

    def __init__(
        self, columns: Sequence[Column], *, gap: int = 2, id: str | None = None, **kwargs: object
    ) -> None:
        super().__init__(id=id, **kwargs)  # type: ignore[arg-type]
        self.column_layout = Layout(columns, gap)

    def row(self, *cells: Cell, id: str | None = None, disabled: bool = False) -> Option:
        """An option showing `cells` in this list's columns."""
        return Option(Row(self.column_layout, cells), id=id, disabled=disabled)

    def replace_row(self, option_id: str, *cells: Cell) -> None:
        """Show other cells in the row with this id (measured like a new row)."""
        grew = self.column_layout.measure(cells)
        self.replace_option_prompt(option_id, Row(self.column_layout, cells))
        if grew:
            self._clear_caches()

    def add_options(self, new_options: Iterable[OptionListContent]) -> Self:
        new_options = list(new_options)
        grew = False
        for option in new_options:
            prompt = option.prompt if isinstance(option, Option) else option
            if isinstance(prompt, Row) and prompt.column_layout is self.column_layout:
                grew = self.column_layout.measure(prompt.cells) or grew
        had_rows = bool(self.options)
        super().add_options(new_options)
        if grew and had_rows:
            self._clear_caches()  # the rows drawn already are laid out again
        return self

    def clear_options(self) -> Self:
        self.column_layout.forget()
        super().clear_options()
        return self

    def set_options(self, options: Iterable[OptionListContent]) -> Self:
        self.column_layout.forget()
        super().set_options(options)
        return self


def plain(value: object) -> str:
    """A cell as the text it shows: what a column is measured by."""
    if isinstance(value, Text):
        return value.plain
    if isinstance(value, Content):
        return value.plain
    return "" if value is None else str(value)
