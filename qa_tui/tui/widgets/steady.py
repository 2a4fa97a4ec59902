"""Widgets that repaint only what changed: a Static that asks for a layout of the screen
only when its height changes, and a list whose lines change one at a time; and a way to
keep Python's garbage collector out of the frame after a key.

`Static.update` lays the whole screen out again by default, since new content may need
more or fewer lines; on a screen that changes a few words per key press, that layout
and the full repaint after it were most of a key's cost (8-17 ms each on a shared
2-core machine, against well under one for repainting a line). `SteadyStatic.show`
does nothing when the content is what is shown already, repaints in place when the
height stays, and lays out only when the height changes (never for a fixed height).
"""

from __future__ import annotations

import gc
from typing import cast

from textual.content import Content
from textual.reactive import reactive
from textual.visual import RulesMap, VisualType
from textual.widget import Widget
from textual.widgets import OptionList, Static

PAINT_TIME = 0.05  # a key's paint, with room to spare (a grade paints in 5-20 ms)


def collect_after_the_paint(node: Widget) -> None:
    """Hold Python's cyclic garbage collector while a key's frame is painted.

    A full collection takes 35 ms in this app (Textual holds a large graph of objects);
    when one falls between a key and its paint, the key takes three frames. Textual
    pauses the collector for smooth scrolling in the same way (`PAUSE_GC_ON_SCROLL`);
    here it waits `PAINT_TIME`, so a collection that is due runs after the paint.
    (`call_after_refresh` can run before the paint: the screen may go idle before the
    widgets tell it what they changed.)
    """
    if gc.isenabled():
        gc.disable()
        node.set_timer(PAINT_TIME, gc.enable)


def same(a: Content | None, b: Content) -> bool:
    """The same text with the same styles (Content's own == compares the text only)."""
    return a is not None and a.plain == b.plain and a.spans == b.spans


class SteadyStatic(Static):
    """A Static for text that changes often and seldom changes size."""

    def __init__(self, content: Content | str = "", **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(content, **kwargs)
        self._shown: Content | None = None

    def show(self, content: Content | str) -> None:
        if isinstance(content, str):
            content = Content.from_markup(content)
        shown, self._shown = self._shown, content
        if same(shown, content):
            return
        self.update(content, layout=False)
        height = self.styles.height
        if height is not None and not height.is_auto:
            return  # its size is set by the stylesheet, whatever it says
        if shown is not None and shown.plain == content.plain:
            return  # the same words in other styles wrap the same
        width = self.content_size.width
        if (
            not width
            or self.visual.get_height(cast(RulesMap, self.styles), width)
            != self.content_size.height
        ):
            self.refresh(layout=True)


class SteadyList(OptionList):
    """An OptionList of one-line options (`text-wrap: nowrap`) that repaints only the
    lines that change: a prompt replaced, or the cursor moved from one to another.

    `OptionList.replace_option_prompt` throws away the rendered lines of every option
    (4 ms for twenty criteria here) and moving the cursor repaints the whole list (5 KB
    to the terminal); with one line an option, the option at index i is line i, and
    only its own lines are stale.
    """

    highlighted: reactive[int | None] = reactive(None, repaint=False)
    _cursor_line: int | None = None  # where the cursor was last painted

    def watch_highlighted(self, highlighted: int | None) -> None:
        for line in {self._cursor_line, highlighted} - {None}:
            self.refresh_line(line)  # type: ignore[arg-type]
        self._cursor_line = highlighted
        super().watch_highlighted(highlighted)

    def _replace_option_prompt(self, index: int, prompt: VisualType) -> None:
        option = self.get_option_at_index(index)
        option._set_prompt(prompt)
        cache = getattr(self, "_option_render_cache", None)
        if cache is None or self.styles.text_wrap != "nowrap":  # not as this was written for
            super()._replace_option_prompt(index, prompt)
            return
        for key in [key for key in cache.keys() if key[0] is option]:  # noqa: SIM118 (no __iter__)
            cache.discard(key)
        self.refresh_line(index)
