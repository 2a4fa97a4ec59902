"""A person's settings for the app: theme, remapped keys, and how the audit screen moves.

Read from `settings.toml` in the per-user config folder (platformdirs; `QA_TUI_CONFIG`
names another file). A missing file is the defaults; a broken one is one message, a
line a problem, naming the file, line and field, never a traceback. Any layer may read
it, like paths.py, so it imports no Textual: which theme names and key binding ids
exist is the caller's to say (the CLI asks the TUI).

    theme = "qa-tui-high-contrast"
    rubrics = "~/council-rubrics"  # the council's own rubrics, beside the shipped ones

    [audit]
    stay_on_criterion = false   # true: a grade does not move the cursor on

    [keymap]                    # key binding id = the key(s), comma-separated
    "audit.judgement" = "j"

The app writes the file when the person changes the theme: only the `theme` line is
replaced, so their comments and keymap stay as they wrote them.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qa_tui.paths import APP_NAME, make_private_dir

SETTINGS_FILE = "settings.toml"
AUDIT_FIELDS = {"stay_on_criterion": bool}
FIELDS = ("theme", "rubrics", "keymap", "audit.stay_on_criterion")


class SettingsProblem(Exception):
    """The settings file cannot be used; the message names the file, line and field."""


@dataclass
class Settings:
    """What a person chose; every field has the default a newcomer gets."""

    theme: str | None = None  # a registered Textual theme name; None: the app's default
    keymap: dict[str, str] = field(default_factory=dict)  # binding id -> key(s)
    stay_on_criterion: bool = False  # True: a grade does not move the cursor on
    # The council's own rubrics folder (a relative one is from the settings file's folder)
    rubrics: Path | None = None
    # The file these were read from, where a change is saved; None (settings made in
    # code, as the tests make them): never saved anywhere.
    path: Path | None = field(default=None, compare=False, repr=False)


def settings_path() -> Path:
    """`QA_TUI_CONFIG`, else settings.toml in the per-user config folder."""
    env = os.environ.get("QA_TUI_CONFIG", "").strip()
    if env:
        return Path(env).expanduser()
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False) / SETTINGS_FILE


def load_settings(
    path: Path | None = None,
    *,
    themes: Collection[str] | None = None,
    binding_ids: Collection[str] | None = None,
) -> Settings:
    """The settings in `path` (default: `settings_path()`); defaults when it is missing.

    `themes`: the theme names that exist; `binding_ids`: the key binding ids that exist.
    Without them those names are not checked.
    Raises SettingsProblem with every problem found, one a line.
    """
    where = path or settings_path()
    try:
        text = where.read_text("utf-8")
    except FileNotFoundError:
        return Settings(path=where)
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsProblem(f"{where}: cannot read it ({exc})") from None
    data = _parse(where, text)
    problems: list[tuple[tuple[str, ...], str]] = []
    settings = Settings(path=where)
    for key, value in data.items():
        if key == "theme":
            if not isinstance(value, str):
                problems.append(((key,), 'a theme name in quotes, like "textual-dark"'))
            elif themes is not None and value not in themes:
                choices = ", ".join(sorted(themes))
                problems.append(((key,), f"no such theme {value!r} (choose from {choices})"))
            else:
                settings.theme = value
        elif key == "rubrics":
            folder = _rubrics_folder(where, value)
            if isinstance(folder, str):
                problems.append(((key,), folder))
            else:
                settings.rubrics = folder
        elif key == "keymap" and isinstance(value, dict):
            settings.keymap = _keymap(value, problems)
        elif key == "audit" and isinstance(value, dict):
            for name, setting in value.items():
                wanted = AUDIT_FIELDS.get(name)
                if wanted is None:
                    problems.append(((key, name), _not_a_setting()))
                elif not isinstance(setting, wanted):
                    problems.append(((key, name), "true or false"))
                else:
                    setattr(settings, name, setting)
        elif key in ("keymap", "audit"):
            problems.append(((key,), f"a table: [{key}] on a line of its own, then its fields"))
        else:
            problems.append(((key,), _not_a_setting()))
    if binding_ids is not None:
        for binding_id in settings.keymap:
            if binding_id not in binding_ids:
                problems.append((("keymap", binding_id), "no such key binding"))
    if problems:
        placed = sorted(
            (
                (_line_of(text, field_path) or 0, ".".join(field_path), says)
                for field_path, says in problems
            ),
            key=lambda p: p[0],
        )
        raise SettingsProblem("\n".join(_at(where, *problem) for problem in placed))
    return settings


def _rubrics_folder(where: Path, value: Any) -> Path | str:
    """The folder a `rubrics = "DIR"` line names, or what is wrong with it."""
    if not isinstance(value, str) or not value.strip():
        return 'a folder in quotes, like "~/council-rubrics"'
    folder = Path(value.strip()).expanduser()
    if not folder.is_absolute():
        folder = where.parent / folder
    if not folder.is_dir():
        return f"no such folder {str(folder)!r}"
    return folder


def _not_a_setting() -> str:
    return "not a setting (the settings are " + ", ".join(FIELDS) + ")"


def _parse(where: Path, text: str) -> dict[str, Any]:
    import tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        said = str(exc)
        found = re.search(r"\s*\(at line (\d+), column (\d+)\)$", said)
        if found:
            said = said[: found.start()] + f" (column {found.group(2)})"
            raise SettingsProblem(f"{where}:{found.group(1)}: {said}") from None
        raise SettingsProblem(f"{where}: {said}") from None


def _keymap(table: dict[str, Any], problems: list[tuple[tuple[str, ...], str]]) -> dict[str, str]:
    """Binding id -> keys. `[keymap]` with `"audit.grade" = "g"` and `[keymap.audit]` with
    `grade = "g"` say the same: nested tables are joined with dots."""
    keymap: dict[str, str] = {}

    def walk(prefix: tuple[str, ...], value: Any) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                walk((*prefix, key), inner)
        elif isinstance(value, str) and value.strip():
            keymap[".".join(prefix)] = value.strip()
        else:
            problems.append(
                (("keymap", *prefix), 'a key (or keys, comma-separated) in quotes, like "j"')
            )

    walk((), table)
    return keymap


def _at(where: Path, line: int | None, field_name: str, says: str) -> str:
    return f"{where}:{line}: {field_name}: {says}" if line else f"{where}: {field_name}: {says}"


# -- where a field is written in the file --------------------------------------------

_KEY = re.compile(r"""\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*""")


def _key_path(text: str) -> tuple[str, ...] | None:
    """The parts of a TOML key (`a."b.c".d` -> a, b.c, d); None if `text` is not one."""
    parts: list[str] = []
    at = 0
    while True:
        found = _KEY.match(text, at)
        if not found or found.end() == at:
            return None
        quoted, literal, bare = found.groups()
        parts.append(json.loads(f'"{quoted}"') if quoted is not None else literal or bare)
        at = found.end()
        if at == len(text):
            return tuple(parts)
        if text[at] != ".":
            return None
        at += 1


def _line_of(text: str, wanted: tuple[str, ...]) -> int | None:
    """The line (from 1) where the field `wanted` is written, or where the nearest table
    holding it is; None when nothing of it is found."""
    table: tuple[str, ...] = ()
    places: dict[tuple[str, ...], int] = {}
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("["):
            header = re.match(r"\[\[?(.*?)\]\]?\s*(#.*)?$", stripped)
            path = _key_path(header.group(1)) if header else None
            if path is not None:
                table = path
                places.setdefault(table, number)
            continue
        if "=" in stripped and not stripped.startswith("#"):
            path = _key_path(_before_equals(stripped))
            if path is not None:
                places.setdefault((*table, *path), number)
    for end in range(len(wanted), 0, -1):
        # A binding id is one quoted key, or nested tables: try both spellings.
        for candidate in (wanted[:end], (*wanted[:1], *".".join(wanted[1:end]).split("."))):
            if candidate in places:
                return places[candidate]
    return None


def _before_equals(line: str) -> str:
    """The key part of `key = value`, the `=` inside a quoted key not counted."""
    quote = ""
    for at, char in enumerate(line):
        if quote:
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == "=":
            return line[:at].strip()
    return line


# -- writing ---------------------------------------------------------------------------


def settings_text(settings: Settings) -> str:
    """The whole file for `settings`, as `load_settings` reads it back."""
    lines = ['# qa-tui settings: README.md, "Settings".']
    if settings.theme:
        lines.append(f"theme = {_quoted(settings.theme)}")
    if settings.rubrics:
        lines.append(f"rubrics = {_quoted(str(settings.rubrics))}")
    lines += ["", "[audit]", f"stay_on_criterion = {str(settings.stay_on_criterion).lower()}"]
    lines += ["", "[keymap]"]
    lines += [f"{_quoted(k)} = {_quoted(v)}" for k, v in sorted(settings.keymap.items())]
    return "\n".join(lines) + "\n"


def _quoted(text: str) -> str:
    """A TOML basic string: JSON's escapes are TOML's."""
    return json.dumps(text)


def save_settings(settings: Settings, path: Path | None = None) -> Path:
    """Write the whole file (at `path`, else where `settings` came from, else the
    default place) in one step: 0600, in a 0700 folder made if missing."""
    where = path or settings.path or settings_path()
    _write(where, settings_text(settings))
    return where


def remember_theme(theme: str, path: Path | None = None) -> Path:
    """Save `theme` as the person's choice, leaving the rest of their file as written:
    the top-level `theme = ...` line is replaced (or added above the first table).
    A file that does not read is left alone: SettingsProblem says why."""
    where = path or settings_path()
    try:
        text = where.read_text("utf-8")
    except FileNotFoundError:
        return save_settings(Settings(theme=theme), where)
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsProblem(f"{where}: cannot read it ({exc})") from None
    _parse(where, text)  # broken: say so, and do not write over what they are editing
    lines = text.splitlines()
    new = f"theme = {_quoted(theme)}"
    first_table = next((i for i, s in enumerate(lines) if s.lstrip().startswith("[")), len(lines))
    for i, line in enumerate(lines[:first_table]):
        if _key_path(_before_equals(line.strip())) == ("theme",):
            lines[i] = new
            break
    else:
        lines.insert(first_table, new)
    edited = "\n".join(lines) + "\n"
    if _parse(where, edited).get("theme") != theme:  # a multi-line oddity: write afresh
        settings = load_settings(where)
        settings.theme = theme
        return save_settings(settings, where)
    _write(where, edited)
    return where


def _write(where: Path, text: str) -> None:
    """Replace `where` whole: a temporary file beside it, flushed, then renamed over it."""
    import tempfile

    make_private_dir(where.parent)
    fd, tmp = tempfile.mkstemp(dir=where.parent, prefix=f".{where.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, where)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
