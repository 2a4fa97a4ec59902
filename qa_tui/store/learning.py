"""SQL for learning events (practice workshops and training needs planned from themes):
made, changed and attended, each in one short write with its events.

Part of the store layer; the figures that say whether an event took are read from
theme_cells and grade_cells by the desk, through ThemeStore and DashboardStore.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from qa_tui.domain.errors import StoreError
from qa_tui.domain.learning import EventTeam, EventTheme, LearningEvent
from qa_tui.domain.theme_names import theme_key
from qa_tui.store.database import now

if TYPE_CHECKING:
    from qa_tui.store.database import Store

_ENTITY = "learning_event"


class LearningStore:
    def __init__(self, store: Store):
        self.store = store

    def theme_name(self, text: str) -> str | None:
        """The catalogue's name of a theme typed by a person (or a synonym of it)."""
        key = theme_key(text)
        row = self.store._one(
            "SELECT c.name FROM theme_catalogue c WHERE c.key = coalesce("
            "(SELECT theme_key FROM theme_synonyms WHERE variant_key = ?), ?)",
            (key, key),
        )
        return row["name"] if row else None

    def teams(self) -> list[str]:
        """Every team a case is in, for choosing whom an event is for."""
        return [
            r["team"]
            for r in self.store._rows(
                "SELECT DISTINCT team FROM cases WHERE coalesce(team, '') != '' ORDER BY 1"
            )
        ]

    def create(
        self,
        who: str,
        kind: str,
        title: str,
        held_on: str,
        facilitator: str,
        themes: Sequence[EventTheme],
        teams: Sequence[str],
    ) -> int:
        stamp = now()
        with self.store.write() as conn:
            cur = conn.execute(
                "INSERT INTO learning_events (kind, title, held_on, facilitator, created_at,"
                " created_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (kind, title, held_on, facilitator, stamp, who, stamp),
            )
            event_id = int(cur.lastrowid or 0)
            self._set_links(conn, event_id, themes, teams)
            self.store._event(conn, who, _ENTITY, event_id, "created", None, title)
        return event_id

    def update(
        self,
        who: str,
        event_id: int,
        kind: str,
        title: str,
        held_on: str,
        facilitator: str,
        themes: Sequence[EventTheme],
        teams: Sequence[str],
    ) -> None:
        with self.store.write() as conn:
            old = self._row(conn, event_id)
            for column, value in (
                ("kind", kind),
                ("title", title),
                ("held_on", held_on),
                ("facilitator", facilitator),
            ):
                if old[column] != value:
                    self.store._event(conn, who, _ENTITY, event_id, column, old[column], value)
            conn.execute(
                "UPDATE learning_events SET kind = ?, title = ?, held_on = ?, facilitator = ?,"
                " updated_at = ? WHERE id = ?",
                (kind, title, held_on, facilitator, now(), event_id),
            )
            before = self._links(conn, event_id)
            self._set_links(conn, event_id, themes, teams)
            after = self._links(conn, event_id)
            if before != after:
                self.store._event(conn, who, _ENTITY, event_id, "themes and teams", before, after)

    def record_attendance(self, who: str, event_id: int, counts: dict[str, int | None]) -> None:
        """How many came from each team; a team not yet on the event is added to it."""
        with self.store.write() as conn:
            self._row(conn, event_id)
            for team, attended in counts.items():
                old = conn.execute(
                    "SELECT attended FROM learning_event_teams WHERE event_id = ? AND team = ?",
                    (event_id, team),
                ).fetchone()
                if old is not None and old[0] == attended:
                    continue
                conn.execute(
                    "INSERT INTO learning_event_teams (event_id, team, attended) "
                    "VALUES (?, ?, ?) ON CONFLICT (event_id, team) DO UPDATE "
                    "SET attended = excluded.attended",
                    (event_id, team, attended),
                )
                self.store._event(
                    conn,
                    who,
                    _ENTITY,
                    event_id,
                    f"attended: {team}",
                    None if old is None else old[0],
                    attended,
                )
            conn.execute(
                "UPDATE learning_events SET updated_at = ? WHERE id = ?", (now(), event_id)
            )

    def events(self) -> list[LearningEvent]:
        """Every event, latest date first."""
        rows = self.store._rows("SELECT * FROM learning_events ORDER BY held_on DESC, id DESC")
        themes = self._by_event("SELECT event_id, theme, polarity FROM learning_event_themes")
        teams = self._by_event("SELECT event_id, team, attended FROM learning_event_teams")
        return [self._event_of(r, themes.get(r["id"], []), teams.get(r["id"], [])) for r in rows]

    def event(self, event_id: int) -> LearningEvent | None:
        row = self.store._one("SELECT * FROM learning_events WHERE id = ?", (event_id,))
        if row is None:
            return None
        themes = self.store._rows(
            "SELECT event_id, theme, polarity FROM learning_event_themes WHERE event_id = ?",
            (event_id,),
        )
        teams = self.store._rows(
            "SELECT event_id, team, attended FROM learning_event_teams WHERE event_id = ?",
            (event_id,),
        )
        return self._event_of(row, themes, teams)

    # -- helpers -----------------------------------------------------------------------

    @staticmethod
    def _event_of(
        row: dict[str, Any], themes: list[dict[str, Any]], teams: list[dict[str, Any]]
    ) -> LearningEvent:
        return LearningEvent(
            id=row["id"],
            kind=row["kind"],
            title=row["title"],
            held_on=row["held_on"],
            facilitator=row["facilitator"],
            created_by=row["created_by"],
            themes=tuple(
                EventTheme(t["theme"], t["polarity"])
                for t in sorted(themes, key=lambda t: (t["theme"], t["polarity"]))
            ),
            teams=tuple(
                EventTeam(t["team"], t["attended"]) for t in sorted(teams, key=lambda t: t["team"])
            ),
        )

    def _by_event(self, sql: str) -> dict[int, list[dict[str, Any]]]:
        out: dict[int, list[dict[str, Any]]] = {}
        for r in self.store._rows(sql):
            out.setdefault(r["event_id"], []).append(r)
        return out

    @staticmethod
    def _row(conn: sqlite3.Connection, event_id: int) -> dict[str, Any]:
        cur = conn.execute(
            "SELECT kind, title, held_on, facilitator FROM learning_events WHERE id = ?",
            (event_id,),
        )
        found = cur.fetchone()
        if found is None:
            raise StoreError(f"learning event {event_id} does not exist")
        return dict(zip(("kind", "title", "held_on", "facilitator"), found, strict=True))

    @staticmethod
    def _links(conn: sqlite3.Connection, event_id: int) -> str:
        themes = [
            f"{t} ({p})"
            for t, p in conn.execute(
                "SELECT theme, polarity FROM learning_event_themes WHERE event_id = ? "
                "ORDER BY 1, 2",
                (event_id,),
            )
        ]
        teams = [
            t
            for (t,) in conn.execute(
                "SELECT team FROM learning_event_teams WHERE event_id = ? ORDER BY 1",
                (event_id,),
            )
        ]
        return f"themes: {'; '.join(themes)} | teams: {'; '.join(teams)}"

    @staticmethod
    def _set_links(
        conn: sqlite3.Connection,
        event_id: int,
        themes: Sequence[EventTheme],
        teams: Sequence[str],
    ) -> None:
        conn.execute("DELETE FROM learning_event_themes WHERE event_id = ?", (event_id,))
        conn.executemany(
            "INSERT OR IGNORE INTO learning_event_themes (event_id, theme, polarity) "
            "VALUES (?, ?, ?)",
            [(event_id, t.theme, t.polarity) for t in themes],
        )
        kept = ",".join("?" * len(teams)) or "''"
        conn.execute(
            "DELETE FROM learning_event_teams WHERE event_id = ? AND attended IS NULL "
            f"AND team NOT IN ({kept})",
            (event_id, *teams),
        )
        conn.executemany(
            "INSERT OR IGNORE INTO learning_event_teams (event_id, team) VALUES (?, ?)",
            [(event_id, t) for t in teams],
        )
