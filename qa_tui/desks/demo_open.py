"""Opening the demo: is a file the demo's (safe to throw away), and a desk for one of its
invented people. Apart from the demo's builder so that opening the demo, which happens on
every start of `qa-tui demo`, does not import everything that builds it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from qa_tui.domain.errors import NotAllowed

if TYPE_CHECKING:
    from qa_tui.desks.audits import AuditDesk

DEMO_SOURCE = "demo data (invented)"


def is_demo_database(path: Path) -> bool:
    """True when `path` holds only the demo's invented cases (safe to throw away)."""
    import sqlite3

    try:
        conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
        try:
            real = conn.execute(
                "SELECT count(*) FROM cases WHERE case_ref NOT LIKE 'DEMO-%'"
            ).fetchone()[0]
            made = conn.execute(
                "SELECT count(*) FROM events WHERE entity = 'cases' AND entity_id = ?",
                (DEMO_SOURCE,),
            ).fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False
    return real == 0 and made > 0


def demo_desk(desk: AuditDesk, user_name: str) -> AuditDesk:
    """The demo's desk for one of its invented people, with no sign-in (nothing in the
    demo is real); anyone else is refused with the list of who there is."""
    person = desk.store.person(user_name.strip().lower())
    if person is None or person.disabled:
        known = ", ".join(
            f"{p.user_name} ({p.role_words})" for p in desk.store.people() if not p.disabled
        )
        raise NotAllowed(f"{user_name.strip()!r} is not one of the demo's people: {known}")
    return desk.signed_in(person)
