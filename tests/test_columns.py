"""Columns that share the width they have: the arithmetic, and the list and table that
use it on resize."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from textual.app import App, ComposeResult
from textual.content import Content

from qa_tui.tui.widgets.columns import Column, share, widest
from qa_tui.tui.widgets.fitted import FittedList, Layout, Row
from qa_tui.tui.widgets.fitted_table import FittedTable
from qa_tui.tui.widgets.shown import cell

HOME = [Column(13, 13), Column(8, 27, 1), Column(8, 36, 1), Column(18, 22)]


def test_wide_enough_every_column_is_whole_and_the_rest_goes_by_weight() -> None:
    widths = share(HOME, 200, gap=1)
    assert widths[0] == 13 and widths[3] == 22  # no weight: never wider than whole
    assert sum(widths) + 3 == 200
    assert abs((widths[1] - 27) - (widths[2] - 36)) <= 1  # equal weights, equal room


def test_between_minimum_and_ideal_the_longest_are_cut_first() -> None:
    assert share(HOME, 80, gap=1) == [13, 22, 21, 21]  # team and rubric cut alike
    widths = share([Column(8, 16), Column(8, 50), Column(8, 50)], 80, gap=2)
    assert widths == [16, 30, 30]  # the short one whole, the long ones cut to one width


def test_with_room_to_spare_a_column_shows_all_its_text_before_weights_share_the_rest() -> None:
    cohort, team = Column(3, 10, max=14), Column(8, 20, 1)  # cohort: 14 cells of text
    assert share([cohort, team], 26, gap=0) == [10, 16]  # short of room: at most its ideal
    assert share([cohort, team], 40, gap=0) == [14, 26]  # room: whole, then by weight


def test_too_narrow_every_column_at_its_minimum() -> None:
    assert share(HOME, 30, gap=1) == [13, 8, 8, 18]


def test_a_maximum_passes_the_room_on_to_the_other_columns() -> None:
    columns = [Column(5, 10, 1, max=12), Column(5, 10, 1)]
    assert share(columns, 60, gap=0) == [12, 48]
    assert share([Column(5, 10, 1, max=12), Column(5, 10, 0)], 60, gap=0) == [12, 10]


@given(
    st.lists(
        st.tuples(st.integers(0, 30), st.integers(0, 60), st.integers(0, 3), st.integers(0, 90)),
        min_size=1,
        max_size=8,
    ),
    st.integers(0, 300),
    st.integers(0, 3),
)
def test_widths_never_exceed_the_room_unless_the_minimums_do(
    specs: list[tuple[int, int, int, int]], width: int, gap: int
) -> None:
    columns = [Column(m, i, w, mx if mx else None) for m, i, w, mx in specs]
    widths = share(columns, width, gap)
    assert all(w >= c.min for w, c in zip(widths, columns, strict=True))
    shown = [(w, c) for w, c in zip(widths, columns, strict=True) if w]
    used = sum(w for w, _ in shown) + gap * max(len(shown) - 1, 0)
    required = [c for c in columns if c.min]
    if sum(c.min for c in required) + gap * max(len(required) - 1, 0) < width:
        assert used <= width
        ideal = sum(max(c.min, c.ideal) for _, c in shown) + gap * max(len(shown) - 1, 0)
        if ideal <= width and any(c.weight and c.max is None for _, c in shown):
            assert used == width  # a column that may grow takes what is left
    else:
        assert widths == [c.min for c in columns]


def test_an_optional_column_shows_only_once_the_others_are_whole() -> None:
    columns = [Column(13, 13), Column(8, 20, 1), Column(0, 30, 1)]
    assert share(columns, 36, gap=2) == [13, 21, 0]  # no room: hidden, and no gap for it
    assert share(columns, 45, gap=2) == [13, 20, 8]  # the others whole, then it
    assert share([Column(5, 5), Column(0, 0, 1)], 40, gap=2) == [5, 0]  # nothing in it


def test_widest_counts_cells_not_characters_and_stops_at_the_cap() -> None:
    assert widest(["ab", "日本"]) == 4
    assert widest(["x" * 10_000], cap=40) == 40
    assert widest([]) == 0


def test_a_row_cuts_with_an_ellipsis_and_lines_up_figures_on_the_right() -> None:
    layout = Layout([Column(6, 20, 1), Column(3, 5, right=True)], gap=1)
    layout.measure(["Family Support South", "12"])
    assert layout.line(["Family Support South", "12"], 40).plain == "Family Support South 12"
    line = layout.line([Content("Family Support South"), "12"], 12)
    assert line.plain == "Family S… 12"  # exactly 12 cells, the figure whole


class Lists(App[None]):
    def compose(self) -> ComposeResult:
        self.listed = FittedList([Column(13, 15), Column(8, 60, 1)], id="listed")
        self.table = FittedTable(id="table")
        yield self.listed
        yield self.table

    def on_mount(self) -> None:
        self.listed.add_options(
            [
                self.listed.row("DEMO-CIN-0054", "Family Support South, a long team name"),
                self.listed.row("DEMO-CP-1", "MASH"),
            ]
        )
        self.table.add_columns("Case", "Team")
        self.table.fit([Column(8, 15), Column(6, 60, 1)])
        self.table.add_row(cell("DEMO-CIN-0054"), cell("Family Support South, a long team name"))


def _shown_line(app: Lists, y: int) -> str:
    return "".join(s.text for s in app.listed.render_line(y))


async def test_a_list_and_a_table_lay_their_columns_out_again_on_resize() -> None:
    app = Lists()
    async with app.run_test(size=(40, 20)) as pilot:
        await pilot.pause()
        narrow = _shown_line(app, 0)
        assert "DEMO-CIN-0054" in narrow and "…" in narrow  # the team is cut, the case not
        assert str(app.listed.get_option_at_index(0).prompt).startswith("DEMO-CIN-0054  Family")
        cut = [c.width for c in app.table.ordered_columns]
        assert sum(cut) + 4 <= app.table.scrollable_content_region.width
        await pilot.resize_terminal(120, 20)
        await pilot.pause()
        wide = _shown_line(app, 0)
        assert "Family Support South, a long team name" in wide and "…" not in wide
        assert app.table.ordered_columns[1].width == len("Family Support South, a long team name")
        assert isinstance(app.listed.get_option_at_index(1).prompt, Row)
