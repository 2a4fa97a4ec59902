"""Text from people and files, made safe to keep, show and write.

Three different places need three different answers. Typed text keeps newlines and
tabs and quietly loses the rest of the control characters (a stray escape from a pasted
terminal line is nobody's note). Imported text is refused with a reason instead, so a
QA lead learns that the case list is damaged. Text written to a terminal or into a
file format shows what is there without letting it act (an escape sequence in a stored
team name must never move the reader's cursor).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

# C0 controls (but tab and newline), DEL, C1 controls, lone surrogates and the
# Unicode noncharacters: none of these belongs in a case record, a note or a theme.
_NONCHARACTERS = "\ufdd0-\ufdef\ufffe\uffff" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17)
)
_UNWANTED = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff{_NONCHARACTERS}]")
_UNWANTED_ON_ONE_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f\ud800-\udfff{_NONCHARACTERS}]")
_IS_NONCHARACTER = re.compile(f"[{_NONCHARACTERS}]")
# XML 1.0 (and so XLSX) allows tab, newline and carriage return of the C0 controls, and
# nothing in the surrogate range or U+FFFE/U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean_typed(text: str) -> str:
    """Text a person typed, as it is kept: newlines and tabs stay, other controls go.

    A carriage return (from a pasted Windows line end) becomes a newline.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _UNWANTED.sub("", text)


def clean_line(text: str) -> str:
    """One line typed by a person (a name, a title, a theme): no control character at all."""
    return _UNWANTED_ON_ONE_LINE.sub("", text.replace("\r\n", " ").replace("\n", " "))


def describe(char: str) -> str:
    """A character named so that a person can find it: `U+001B (a control character)`."""
    code = ord(char)
    if char in "\n\r\u2028\u2029":
        kind = "a line break"
    elif char == "\t":
        kind = "a tab"
    elif 0xD800 <= code <= 0xDFFF:
        kind = "a lone surrogate"
    elif _IS_NONCHARACTER.fullmatch(char):
        kind = "a Unicode noncharacter"
    else:
        kind = "a control character"
    return f"U+{code:04X} ({kind})"


def imported_text_problem(text: str, *, multiline: bool = False) -> str | None:
    """Why an imported field cannot be kept as it is, or None when it can.

    Imports refuse rather than clean: a case list holding escape sequences is damaged
    or hostile, and the person importing it should know which cell.
    """
    pattern = _UNWANTED if multiline else _UNWANTED_ON_ONE_LINE
    found = pattern.search(text)
    if found is None:
        return None
    return f"holds {describe(found.group())} at character {found.start() + 1}"


def for_terminal(text: str) -> str:
    """Stored text as it may be printed to a terminal: controls shown, never obeyed.

    Each unwanted character is written as a visible `\\x1b`-style escape, so a reader
    sees that something odd is stored instead of having their terminal act on it.
    """
    return _UNWANTED_ON_ONE_LINE.sub(lambda m: _visible(m.group()), text)


def for_spreadsheet(text: str) -> str:
    """Text as an XLSX cell may hold it: characters XML forbids are dropped.

    A cell holding U+FFFF makes a workbook that spreadsheet programs refuse or silently
    cut short, so the character is dropped rather than the whole export failing.
    """
    return _NOT_XML.sub("", text)


def for_file(text: str) -> str:
    """Stored text as a CSV or similar text file may hold it: newlines and tabs stay,
    every other unwanted character is written as a visible `\\x1b`-style escape."""
    return _UNWANTED.sub(lambda m: _visible(m.group()), text)


# Characters a JSON writer with ensure_ascii=False leaves raw although a terminal, a
# strict parser or a JavaScript reader can trip on them: DEL and C1 controls, line and
# paragraph separators, noncharacters and lone surrogates (which UTF-8 cannot encode).
_JSON_UNSAFE = re.compile(f"[\x7f-\x9f\u2028\u2029\ud800-\udfff{_NONCHARACTERS}]")


def json_text(
    data: object,
    *,
    indent: int | None = 2,
    sort_keys: bool = False,
    default: Callable[[Any], Any] | None = None,
) -> str:
    """JSON with letters from every script kept readable (`é`, not `\\u00e9`), but every
    control character and anything else unsafe written as a `\\uXXXX` escape.

    json.dumps(ensure_ascii=False) escapes only C0 controls; the rest are escaped here.
    They can only occur inside JSON strings, so the escaped text decodes to the same data.
    """
    import json  # not every caller of this module writes JSON

    text = json.dumps(data, indent=indent, sort_keys=sort_keys, ensure_ascii=False, default=default)
    return _JSON_UNSAFE.sub(lambda m: _json_escape(m.group()), text)


def _json_escape(char: str) -> str:
    code = ord(char)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def _visible(char: str) -> str:
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"
