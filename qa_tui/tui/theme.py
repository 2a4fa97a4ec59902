"""qa-tui's own theme, for people who need strong contrast, and the names of every theme
a person may choose (Textual's built-in ones and ours).

Every colour on screen comes from theme variables ($text, $error, $accent, ...), so this
theme only has to give those variables colours that read well: white text on black,
and every coloured word at 7:1 or more against the backgrounds it is drawn on (WCAG AAA
for normal text). tests/test_textual_ways.py measures it from these colours.
"""

from __future__ import annotations

from textual.theme import BUILTIN_THEMES, Theme

HIGH_CONTRAST = "qa-tui-high-contrast"

HIGH_CONTRAST_THEME = Theme(
    name=HIGH_CONTRAST,
    primary="#00e5ff",  # borders, the focused list's cursor frame: a strong cyan
    secondary="#80c0ff",
    accent="#ffff00",  # the key letters in the footer and on the lead's desk: yellow
    warning="#ffd700",
    error="#ff8080",  # a light red: pure red is 5.3:1 on black, too little
    success="#66ff66",
    foreground="#ffffff",
    background="#000000",
    surface="#0a0a0a",
    panel="#1a1a1a",
    boost="#ffffff1f",  # header bars: a visible step up from black
    dark=True,
    variables={
        "text": "#ffffff",  # Textual's default is 87% of white: full white here
        "text-muted": "#d0d0d0",
        "text-disabled": "#a0a0a0",
        "foreground-muted": "#d0d0d0",
        # The highlighted row: black on yellow, the strongest pair a terminal shows.
        "block-cursor-foreground": "#000000",
        "block-cursor-background": "#ffff00",
        "block-cursor-blurred-foreground": "#ffffff",
        "block-cursor-blurred-background": "#3a3a3a",
        "footer-key-foreground": "#ffff00",
        "footer-description-foreground": "#ffffff",
        "input-cursor-background": "#ffffff",
        "input-cursor-foreground": "#000000",
        "input-selection-background": "#005f87",
        "button-color-foreground": "#000000",
    },
)

OUR_THEMES = (HIGH_CONTRAST_THEME,)


def theme_names() -> list[str]:
    """Every theme name a person may choose, sorted: Textual's and ours."""
    return sorted({*BUILTIN_THEMES, *(t.name for t in OUR_THEMES)})
