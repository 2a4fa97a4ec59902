"""A person's settings for the app: theme, remapped keys, and how the audit screen moves.

Read from `settings.toml` in the per-user config folder (platformdirs; `QA_TUI_CONFIG`
names another file). A missing file is the defaults; a broken one is one message naming
the file, line and field, never a traceback. Any layer may read it, like paths.py.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from qa_tui.paths import APP_NAME

SETTINGS_FILE = "settings.toml"


class SettingsProblem(Exception):
    """The settings file cannot be used; the message names the file, line and field."""


@dataclass
class Settings:
    """What a person chose; every field has the default a newcomer gets."""

    theme: str | None = None  # a registered Textual theme name; None: the app's default
    keymap: dict[str, str] = field(default_factory=dict)  # binding id -> key(s)
    stay_on_criterion: bool = False  # True: a grade does not move the cursor on


def settings_path() -> Path:
    """`QA_TUI_CONFIG`, else settings.toml in the per-user config folder."""
    env = os.environ.get("QA_TUI_CONFIG", "").strip()
    if env:
        return Path(env).expanduser()
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False) / SETTINGS_FILE


def load_settings(path: Path | None = None) -> Settings:
    """The settings in `path` (default: `settings_path()`); defaults when it is missing."""
    import tomllib

    where = path or settings_path()
    try:
        data = tomllib.loads(where.read_text("utf-8"))
    except FileNotFoundError:
        return Settings()
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SettingsProblem(f"{where}: {exc}") from None
    audit = data.get("audit", {})
    return Settings(
        theme=data.get("theme"),
        keymap=dict(data.get("keymap", {})),
        stay_on_criterion=bool(audit.get("stay_on_criterion", False)),
    )
