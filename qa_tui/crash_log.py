"""A record for the developer of what went wrong unexpectedly, and where it is kept.

A person using qa-tui gets one calm sentence; whoever is asked to help needs the
traceback. It is appended to a log file in the user's state folder (platformdirs, or
QA_TUI_LOG_DIR), and the sentence names that file.
"""

from __future__ import annotations

import os
import traceback
from datetime import UTC, datetime
from pathlib import Path

from qa_tui.paths import log_dir, make_private_dir

LOG_NAME = "qa-tui.log"


def record_failure(what: str, error: BaseException) -> Path | None:
    """Append `error`'s traceback to the log; the log's path, or None if it cannot be written."""
    folder = log_dir()
    path = folder / LOG_NAME
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    text = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    try:
        make_private_dir(folder)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8", errors="backslashreplace") as handle:
            handle.write(f"--- {stamp} pid {os.getpid()}: {what}\n{text}\n")
    except OSError:
        return None
    return path
