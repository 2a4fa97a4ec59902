"""Colours that carry a meaning (good, inadequate, to watch, quiet), from the app's theme.

A screen never names a colour: it asks for a tone, and the tone is the theme's own
variable (`$text-success`, `$text-error`, ...) made readable. Some built-in themes'
variables are too faint for text on their own background (textual-light's
`$text-warning` is 3.3:1, its `$success` 1.8:1), so a tone is moved towards the theme's
foreground, a tenth at a time, until it reaches `MIN_CONTRAST` against both the
background and the surface (tables sit on the surface). Dark, light and high-contrast
themes all read well, and a theme added later does too.

Heat-map cells (`shade`) take a share to a background between the surface and the
theme's primary colour, one hue only (red against green fails one reader in twelve),
with black or white text, whichever reads better on it; the figure is always written in
the cell, so the colour is never the only way to read it.
"""

from __future__ import annotations

from collections.abc import Mapping

from rich.style import Style
from rich.text import Text
from textual.color import Color

MIN_CONTRAST = 4.5  # WCAG AA for text

# tone -> the theme variable it starts from
TONES: dict[str, str] = {
    "good": "text-success",
    "bad": "text-error",
    "watch": "text-warning",
    "key": "text-accent",
    "line": "text-primary",
    "muted": "foreground-muted",
    "plain": "foreground",
}

SHADES = 5  # heat-map steps, a fifth of the scale each


def _luminance(color: Color) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)


def contrast(a: Color, b: Color) -> float:
    """The WCAG contrast ratio of two opaque colours, 1 to 21."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _colour(variables: Mapping[str, str], name: str) -> Color:
    """A theme variable as an opaque colour (a translucent one over the background)."""
    background = Color.parse(variables["background"])
    color = Color.parse(variables[name])
    return background.blend(color.with_alpha(1), color.a) if color.a < 1 else color


def grounds(variables: Mapping[str, str]) -> tuple[Color, Color]:
    """What text is drawn on: the screen's background and the tables' surface."""
    return _colour(variables, "background"), _colour(variables, "surface")


def readable(variables: Mapping[str, str], tone: str) -> Color:
    """The tone's theme colour, moved towards the foreground until it reads as text on
    both grounds (at least MIN_CONTRAST)."""
    color = _colour(variables, TONES[tone])
    foreground = _colour(variables, "foreground")
    background, surface = grounds(variables)
    for _ in range(10):
        if min(contrast(color, background), contrast(color, surface)) >= MIN_CONTRAST:
            break
        color = color.blend(foreground, 0.1)
    return color


def tone(variables: Mapping[str, str], name: str, bold: bool = False) -> str:
    """A style string for Rich or Textual Content: the readable tone, maybe bold."""
    return ("bold " if bold else "") + readable(variables, name).hex


def shade_step(variables: Mapping[str, str], step: int) -> tuple[Color, Color]:
    """(background, text) for a heat-map cell in step 0..SHADES-1: the higher the step,
    the nearer the theme's primary colour; the text black or white, whichever contrasts
    more."""
    step = min(max(step, 0), SHADES - 1)
    _, surface = grounds(variables)
    background = surface.blend(_colour(variables, "primary"), 0.1 + 0.2 * step)
    black, white = Color(0, 0, 0), Color(255, 255, 255)
    text = black if contrast(black, background) >= contrast(white, background) else white
    return background, text


def shade(variables: Mapping[str, str], share: float) -> tuple[Color, Color]:
    """`shade_step` for a share on the whole scale, a fifth of it a step."""
    return shade_step(variables, round(share * 100) // (100 // SHADES))


def heat_cell(variables: Mapping[str, str], step: int, label: str) -> Text:
    """A table cell shaded to `step`, with the figure written in it."""
    background, text = shade_step(variables, step)
    return Text(label, Style(color=text.rich_color, bgcolor=background.rich_color), end="")


def toned(variables: Mapping[str, str], label: str, name: str, bold: bool = False) -> Text:
    """A table cell in a tone (the label is the screen's own words or a figure)."""
    return Text(label, tone(variables, name, bold), end="")
