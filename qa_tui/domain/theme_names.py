"""How theme names are matched: a key that ignores case, spacing and a trailing stop.

Auditors type themes freely; "Plans not SMART", "plans not  SMART." and "PLANS NOT
SMART" are one theme. Pure, so the store and the tests share one definition.
"""

from __future__ import annotations

import unicodedata


def theme_key(text: str) -> str:
    """The catalogue key of a theme name."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(folded.replace("’", "'").split()).rstrip(" .;:,")


def tidy(text: str) -> str:
    """A theme name as stored when first seen: single spaces, no trailing stop."""
    return " ".join(unicodedata.normalize("NFKC", text).split()).rstrip(" .;:,")
