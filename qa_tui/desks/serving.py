"""What `qa-tui serve` asks of a database before it lets browsers in."""

from __future__ import annotations

from pathlib import Path

from qa_tui.store.database import Store


def sign_in_required(path: Path) -> bool:
    """True when the database at `path` has people, so every way in asks them to sign in.

    Never creates the file: a server is started on a database that already exists.
    """
    store = Store.open(path, create=False)
    try:
        return store.has_people()
    finally:
        store.close()
