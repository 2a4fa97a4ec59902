"""Text from people and files as a screen shows it: literally, never as markup or control.

Markup is for the screens' own fixed words. Anything that came from a person, a case
list or a rubric file (a theme, a team, a note, a grade label) goes through here:

- `line` and `block` make `Content` of it, optionally in one style;
- `fill` puts it into a fixed markup template by `$name`: Textual substitutes template
  variables after the markup is parsed, so a bracket in the data stays a bracket;
- `cell` makes a Rich `Text` for a DataTable, which parses a plain str cell as Rich
  markup (`default_cell_formatter` in Textual 8), so `[/]` in a team name would crash it.

Control characters are shown as `\\x1b`-style escapes (`qa_tui.domain.text.for_terminal`):
Textual strips only a few of them, so an escape sequence stored in a team name would
otherwise reach the terminal and act there.
"""

from __future__ import annotations

import re

from rich.cells import set_cell_size
from rich.text import Text
from textual.content import Content

from qa_tui.domain.text import for_terminal

_LINE_BREAKS = re.compile(r"\r\n|\r|\n")
TAB = "    "
ONE_LINE = 200  # characters of one datum a one-line header can show: more never fits


def visible(text: str) -> str:
    """One line as it may be shown: line breaks and tabs as spaces, other controls as
    visible escapes."""
    return for_terminal(_LINE_BREAKS.sub(" ", text).replace("\t", " "))


def visible_lines(text: str) -> str:
    """Several lines as they may be shown: line breaks kept, tabs as spaces, other
    controls as visible escapes."""
    return "\n".join(for_terminal(part.replace("\t", TAB)) for part in _LINE_BREAKS.split(text))


def line(text: str, style: str = "") -> Content:
    """One line of data, literally, in one style."""
    return Content.styled(visible(text), style)


def block(text: str, style: str = "") -> Content:
    """Several lines of data (a note, a list of problems), literally, in one style."""
    return Content.styled(visible_lines(text), style)


def fill(template: str, **values: object) -> Content:
    """A fixed markup template with data put in by `$name`, each value shown literally
    on one line: `fill("[b]$ref[/b] · $team", ref=case.case_ref, team=case.team)`."""
    return Content.from_markup(
        template, **{name: visible(str(value)) for name, value in values.items()}
    )


def cell(text: str, style: str = "") -> Text:
    """A DataTable cell of data, literally (a str cell would be read as Rich markup),
    ending in an ellipsis when its column is too narrow for it."""
    return Text(visible(text), style=style, end="", overflow="ellipsis")


def fit(text: str, width: int) -> str:
    """A column of a fixed-width line: exactly `width` cells, the text cut to leave at
    least one space after it. Counts cells, so wide and combining characters line up."""
    head = text[: width * 4 + 16]  # more than fills the column; measuring all is slow
    return set_cell_size(visible(head), max(width - 1, 0)) + " "


def clip(text: str, width: int) -> str:
    """At most `width` characters, the last one an ellipsis when something was cut."""
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def brief(text: str) -> str:
    """A datum for a one-line header: cut where no screen could show more anyway, so a
    ten-thousand-character team name costs no more to draw than a short one."""
    return clip(text, ONE_LINE)
