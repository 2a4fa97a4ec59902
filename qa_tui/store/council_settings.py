"""SQL for the council's settings (table council_settings): one value per name, each
change written with an event. Part of the store layer."""

from __future__ import annotations

from qa_tui.store.database import Store, now


def setting(store: Store, name: str) -> str | None:
    row = store._one("SELECT value FROM council_settings WHERE name = ?", (name,))
    return None if row is None else str(row["value"])


def set_setting(store: Store, name: str, value: str, who: str) -> bool:
    """Set `name` to `value`; False (and nothing written) when it already was."""
    with store.write() as conn:
        row = conn.execute("SELECT value FROM council_settings WHERE name = ?", (name,)).fetchone()
        old = None if row is None else row[0]
        if old == value:
            return False
        conn.execute(
            "INSERT INTO council_settings (name, value, updated_at, updated_by) VALUES (?,?,?,?) "
            "ON CONFLICT (name) DO UPDATE SET value = excluded.value, "
            "updated_at = excluded.updated_at, updated_by = excluded.updated_by",
            (name, value, now(), who),
        )
        store._event(conn, who, "council_setting", name, "value", old, value)
    return True
