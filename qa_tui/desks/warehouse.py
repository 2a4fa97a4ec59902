"""The warehouse export's use case: a council's audits, counted grades, themes and
action plan as rows a region can load beside other councils', pseudonymised.

The rows come from the analysts' views, so they are counted as the dashboard counts;
names and case references are replaced here by keyed pseudonyms (domain/warehouse.py)
before anything leaves the desk. Exporting is EXPORT, as for every other export; the
first export makes the council's pseudonym key, which is kept in the database.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from qa_tui.domain.permissions import Op
from qa_tui.domain.warehouse import COLUMNS, PSEUDONYMS, pseudonym
from qa_tui.store.warehouse import WarehouseStore

if TYPE_CHECKING:
    from qa_tui.desks.identity import PersonAtDesk


class WarehouseDesk:
    def __init__(self, desk: PersonAtDesk):
        self.desk = desk
        self.store = WarehouseStore(desk.store)

    def key(self) -> str:
        """The council's pseudonym key (made and recorded the first time)."""
        self.desk.require(Op.EXPORT)
        return self.store.key(self.desk.user)

    def rows(self, table: str, council: str, key: str) -> Iterator[list[tuple[Any, ...]]]:
        """The table's rows in batches: council first, the columns of COLUMNS[table] with
        every name and case reference a pseudonym, the year last."""
        self.desk.require(Op.EXPORT)
        read = self.store.columns(table)
        wanted = [name for name, _ in COLUMNS[table]]
        renamed = [PSEUDONYMS[c][0] if c in PSEUDONYMS else c for c in read]
        if renamed[:-1] != wanted or read[-1] != "year":
            raise AssertionError(f"{table}: the query and COLUMNS disagree")  # a bug
        kinds = [PSEUDONYMS[c][1] if c in PSEUDONYMS else None for c in read]
        hidden = [i for i, kind in enumerate(kinds) if kind]
        cache: dict[tuple[str, str], str | None] = {}

        def masked(kind: str, name: str | None) -> str | None:
            if name is None:
                return None
            found = cache.get((kind, name))
            if found is None and (kind, name) not in cache:
                found = cache[(kind, name)] = pseudonym(key, kind, name)
            return found

        for batch in self.store.batches(table):
            out = []
            for row in batch:
                values = list(row)
                for i in hidden:
                    values[i] = masked(kinds[i], values[i])  # type: ignore[arg-type]
                out.append((council, *values))
            yield out
