"""`FittedTable`: a DataTable whose columns share the width available, again on resize.

Kept apart from `fitted.py` (the lists) so that a screen with a list only, the home
first of all, does not import DataTable before its first paint.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Self

from rich.text import TextType
from textual.widgets import DataTable
from textual.widgets.data_table import CellType, RowKey

from qa_tui.tui.widgets.columns import Column
from qa_tui.tui.widgets.fitted import Layout, plain


class FittedTable(DataTable):
    """A DataTable whose columns share its width by `fit(columns)`, again on resize.

    The cells it is given are measured as they are added (the column's label too), so a
    column never takes more room than its widest cell. Cells longer than their column
    end in an ellipsis (`shown.cell` makes them so).
    """

    DEFAULT_CSS = "FittedTable { scrollbar-gutter: stable; scrollbar-size-vertical: 1; }"

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.column_layout = Layout(())

    def fit(self, columns: Sequence[Column]) -> None:
        """Lay the table's columns (as added, in order) out by `columns`."""
        self.column_layout = Layout(columns, gap=0)
        self.column_layout.measure([plain(c.label) for c in self.ordered_columns])
        for row in range(self.row_count):
            self.column_layout.measure([plain(v) for v in self.get_row_at(row)])
        self._refit()

    def add_row(
        self,
        *cells: CellType,
        height: int | None = 1,
        key: str | None = None,
        label: TextType | None = None,
    ) -> RowKey:
        row_key = super().add_row(*cells, height=height, key=key, label=label)
        if self.column_layout.columns and self.column_layout.measure([plain(c) for c in cells]):
            self._refit()
        return row_key

    def clear(self, columns: bool = False) -> Self:
        super().clear(columns)
        if columns:
            self.column_layout = Layout(())
        else:
            self.column_layout.forget()
            self.column_layout.measure([plain(c.label) for c in self.ordered_columns])
        return self

    def on_resize(self) -> None:
        self._refit()

    def _refit(self) -> None:
        columns = self.ordered_columns
        if len(columns) != len(self.column_layout.columns) or not self.scrollable_content_region:
            return
        padding = 2 * self.cell_padding * len(columns)
        widths = self.column_layout.widths(self.scrollable_content_region.width - padding)
        if all(c.width == w and not c.auto_width for c, w in zip(columns, widths, strict=True)):
            return
        for column, width in zip(columns, widths, strict=True):
            column.width, column.auto_width = width, False
            column.label.overflow = "ellipsis"
        # DataTable's own bookkeeping for changed widths: its caches and virtual size.
        self._clear_caches()
        self._require_update_dimensions = True
        self._update_count += 1
        self.refresh()
        self.check_idle()
