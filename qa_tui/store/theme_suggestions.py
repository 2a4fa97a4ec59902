"""SQL for the rubric's theme suggestions an auditor dismissed (migration 9).

Part of the store layer (shares `Store`'s connection and write transactions). A
confirmed suggestion is an ordinary tag (`add_theme`); a dismissed one is a row here,
so that it is not offered again on that criterion of that audit.
"""

from __future__ import annotations

from qa_tui.store.database import Store, now


class SuggestionRecords:
    def __init__(self, store: Store):
        self.store = store

    def dismiss(self, audit_id: int, criterion_id: str, theme: str, who: str) -> bool:
        """Record the dismissal and its event; False (and nothing written) if it was
        dismissed already. A submitted audit is refused, as for its tags."""
        with self.store.write() as conn:
            state = self.store._editable(conn, audit_id)
            cur = conn.execute(
                "INSERT OR IGNORE INTO dismissed_suggestions (audit_id, criterion_id, theme, "
                "dismissed_at, dismissed_by) VALUES (?,?,?,?,?)",
                (audit_id, criterion_id, theme, now(), who),
            )
            if cur.rowcount:
                self.store._event(
                    conn,
                    who,
                    "audit",
                    audit_id,
                    f"suggestion.{criterion_id}",
                    theme,
                    "dismissed",
                )
                self.store._touch(conn, audit_id, state, who)
            return bool(cur.rowcount)
