"""Where things live: the database, the shipped rubrics and migrations, who is working.

Shipped files sit at the top of the repository (`rubrics/`, `db/`) for people to read;
a wheel carries them inside the package as `qa_tui/_shipped/`. Both layouts are found.
"""

from __future__ import annotations

import getpass
import os
from pathlib import Path

APP_NAME = "qa-tui"
DEMO_USER = "demo.auditor"  # the auditor `qa-tui demo` opens as
PACKAGE_DIR = Path(__file__).resolve().parent


def _shipped(name: str) -> Path:
    installed = PACKAGE_DIR / "_shipped" / name
    if installed.is_dir():
        return installed
    return PACKAGE_DIR.parent / name


def shipped_rubrics_dir() -> Path:
    return _shipped("rubrics")


def migrations_dir() -> Path:
    return _shipped("db")


def data_dir() -> Path:
    """Per-user data directory; imported lazily so `--db` users never touch it."""
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def default_db_path() -> Path:
    return data_dir() / "qa-tui.sqlite3"


def demo_db_path() -> Path:
    return data_dir() / "demo.sqlite3"


def resolve_db_path(flag: str | os.PathLike[str] | None) -> Path:
    """`--db` wins, then QA_TUI_DB, then the per-user data directory."""
    if flag:
        return Path(flag).expanduser()
    env = os.environ.get("QA_TUI_DB")
    if env:
        return Path(env).expanduser()
    return default_db_path()


def resolve_user(flag: str | None) -> str:
    """`--user` wins, then QA_TUI_USER, then the login name."""
    if flag and flag.strip():
        return flag.strip()
    env = os.environ.get("QA_TUI_USER", "").strip()
    if env:
        return env
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "unknown"


def make_private_dir(path: Path) -> None:
    """Create a folder (and its missing parents) readable by its owner only.

    The database and logs hold case references and notes about children: folders that
    qa-tui makes are 0700 whatever the umask says. Folders that already exist are left
    as their owner set them.
    """
    missing = []
    current = path
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:
            continue
        os.chmod(folder, 0o700)


def log_dir() -> Path:
    """Per-user state folder where tracebacks of unexpected failures are kept."""
    env = os.environ.get("QA_TUI_LOG_DIR")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_state_path

    return user_state_path(APP_NAME, appauthor=False)


def reports_dir() -> Path:
    """Where the app saves reports a person hands on (an audit's, for the worker):
    QA_TUI_REPORTS_DIR, else a `qa-tui reports` folder in the user's documents."""
    env = os.environ.get("QA_TUI_REPORTS_DIR")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_documents_path

    return user_documents_path() / "qa-tui reports"
