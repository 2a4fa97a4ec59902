"""SQL for themes: counts from theme_cells, the audits behind a theme, the catalogue.

Part of the store layer (shares `Store`'s connection and write transactions).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from qa_tui.domain.plan_records import POLARITIES
from qa_tui.domain.theme_names import theme_key, tidy
from qa_tui.store import theme_recount
from qa_tui.store.dashboard import DashboardStore, month_after, pinned
from qa_tui.store.database import StoreError, now
from qa_tui.store.theme_recount import Progress

if TYPE_CHECKING:
    from qa_tui.domain.dashboard_records import Filters
    from qa_tui.store.database import Store

_SUMS = (
    "sum(audits) AS audits, sum(v1) AS v1, sum(v2) AS v2, sum(v3) AS v3, "
    "sum(v4) AS v4, sum(worst) AS worst"
)
_GROUPABLE = {"theme", "polarity", "team", "rubric_id", "criterion_id", "month"}


class ThemeStore:
    def __init__(self, store: Store):
        self.store = store

    def cells(
        self,
        filters: Filters,
        level: int,
        *,
        group: Sequence[str],
        criteria: Sequence[str] = ("*",),
        themes: Sequence[str] = (),
    ) -> list[dict[str, Any]]:
        """Theme counts summed over one level of theme_cells, grouped by `group`."""
        bad = set(group) - _GROUPABLE
        if bad:
            raise ValueError(f"cannot group by {sorted(bad)}")
        where, params = pinned(
            filters,
            level,
            ("polarity", POLARITIES),
            criteria,
            (),
            DashboardStore(self.store).rubric_ids(),
        )
        if themes:
            where += f" AND theme IN ({','.join('?' * len(themes))})"
            params.extend(themes)
        cols = ", ".join(group)
        return self.store._rows(
            f"SELECT {cols}, {_SUMS} FROM theme_cells WHERE {where} "
            f"GROUP BY {cols} HAVING sum(audits) > 0",
            params,
        )

    def all_criteria(self) -> list[str]:
        """Every criterion id of every rubric version, and '' (tags on a whole audit)."""
        return [
            "",
            *(
                r["criterion_id"]
                for r in self.store._rows(
                    "SELECT DISTINCT criterion_id FROM rubric_criteria WHERE criterion_id != '' "
                    "ORDER BY 1"
                )
            ),
        ]

    def audits_with(
        self,
        filters: Filters,
        theme: str,
        polarity: str,
        *,
        offset: int,
        limit: int,
        evidence: bool = False,
    ) -> list[dict[str, Any]]:
        """The submitted audits in scope that show a theme, newest first, one page; with
        the evidence notes of the criteria it was tagged on only when asked for."""
        clauses = [
            "a.status = 'submitted'",
            "EXISTS (SELECT 1 FROM audit_themes t WHERE "
            "t.audit_id = a.id AND t.theme = ? AND t.polarity = ?)",
        ]
        params: list[Any] = [theme, polarity]
        for column, value in (
            ("a.team", filters.team),
            ("a.cohort", filters.cohort),
            ("a.auditor", filters.auditor),
            ("a.programme_id", filters.programme_id),
            ("r.rubric_id", filters.rubric_id),
        ):
            if value is not None:
                clauses.append(f"{column} = ?")
                params.append(value)
        if filters.month_from:
            clauses.append("a.submitted_at >= ?")
            params.append(filters.month_from)
        if filters.month_to:
            clauses.append("a.submitted_at < ?")
            params.append(month_after(filters.month_to))
        notes = (
            "(SELECT group_concat(x.criterion_id || ': ' || x.evidence, ' | ') FROM "
            "audit_themes t JOIN answers x ON x.audit_id = t.audit_id AND "
            "x.criterion_id = t.criterion_id WHERE t.audit_id = a.id AND t.theme = ? "
            "AND x.evidence != '')"
            if evidence
            else "NULL"
        )
        return self.store._rows(
            f"SELECT a.id AS audit_id, a.case_ref, a.team, a.cohort, a.auditor, "
            f"a.submitted_at, r.rubric_id, coalesce(m.overall_grade_label, "
            f"a.overall_grade_label) AS overall, {notes} AS evidence "
            f"FROM audits a JOIN rubric_versions r ON r.hash = a.rubric_hash "
            f"LEFT JOIN moderations m ON m.audit_id = a.id AND m.status = 'done' "
            f"WHERE {' AND '.join(clauses)} ORDER BY a.submitted_at DESC, a.id DESC "
            f"LIMIT ? OFFSET ?",
            [*([theme] if evidence else []), *params, limit, offset],
        )

    # -- the catalogue -----------------------------------------------------------------

    def catalogue(self) -> list[dict[str, Any]]:
        """Each theme's name, its synonyms, and how many tags carry it."""
        return self.store._rows(
            "SELECT c.key, c.name, (SELECT group_concat(v, '; ') FROM (SELECT s.variant_key "
            "AS v FROM theme_synonyms s WHERE s.theme_key = c.key ORDER BY 1)) AS synonyms, "
            "(SELECT sum(audits) FROM theme_cells x WHERE x.level = 0 AND x.criterion_id = "
            "'*' AND x.theme = c.name) AS audits FROM theme_catalogue c ORDER BY c.name"
        )

    def merge(
        self, variant: str, into: str, who: str, progress: Progress | None = None
    ) -> tuple[str, str]:
        """Make `variant` a synonym of the theme `into`: its tags, and any typed later,
        are stored as `into`. The catalogue changes in one short transaction; the tags
        and figures follow a batch of audits at a time (theme_recount), with
        `progress(done, total)` after each. Run again, it finishes an interrupted merge."""
        self.store.check_before_bulk_write(("audit_themes", "theme_catalogue", "events"))
        with self.store.write() as conn:
            old = self._find(conn, variant)
            new = self._find(conn, into)
            if old["key"] == new["key"]:
                if any(n == new["name"] for _, n in theme_recount.pending(conn)):
                    unfinished = True  # an interrupted merge: finish it below
                else:
                    raise StoreError(f"{variant!r} and {into!r} are already the same theme")
            else:
                unfinished = False
        if unfinished:
            theme_recount.restate(self.store, who, {}, progress)
            return variant, new["name"]
        with self.store.write() as conn:
            conn.execute(
                "UPDATE theme_synonyms SET theme_key = ? WHERE theme_key = ?",
                (new["key"], old["key"]),
            )
            conn.execute(
                "INSERT OR REPLACE INTO theme_synonyms (variant_key, theme_key, "
                "created_at, created_by) VALUES (?,?,?,?)",
                (old["key"], new["key"], now(), who),
            )
            conn.execute("DELETE FROM theme_catalogue WHERE key = ?", (old["key"],))
            conn.execute(
                "UPDATE action_themes SET theme = ? WHERE theme = ? AND NOT EXISTS "
                "(SELECT 1 FROM action_themes o WHERE o.action_id = "
                "action_themes.action_id AND o.theme = ? AND o.polarity = "
                "action_themes.polarity)",
                (new["name"], old["name"], new["name"]),
            )
            self.store._event(conn, who, "theme", new["key"], "merged", old["name"], new["name"])
        theme_recount.restate(self.store, who, {old["name"]: "merged into"}, progress)
        return old["name"], new["name"]

    def rename(self, theme: str, name: str, who: str, progress: Progress | None = None) -> str:
        """Give a theme a new name (its key follows the name); tags and figures follow in
        short batches, as for `merge`."""
        name = tidy(name)
        if not name:
            raise StoreError("a theme needs a name")
        self.store.check_before_bulk_write(("audit_themes", "theme_catalogue", "events"))
        with self.store.write() as conn:
            old = self._find(conn, theme)
            key = theme_key(name)
            if (
                key != old["key"]
                and conn.execute("SELECT 1 FROM theme_catalogue WHERE key = ?", (key,)).fetchone()
            ):
                raise StoreError(f"a theme called {name!r} exists: merge into it instead")
            if key == old["key"]:
                conn.execute("UPDATE theme_catalogue SET name = ? WHERE key = ?", (name, key))
            else:  # a new key: the old one stays as a synonym
                conn.execute(
                    "INSERT INTO theme_catalogue (key, name, created_at, created_by) "
                    "VALUES (?,?,?,?)",
                    (key, name, now(), who),
                )
                conn.execute(
                    "UPDATE theme_synonyms SET theme_key = ? WHERE theme_key = ?", (key, old["key"])
                )
                conn.execute(
                    "INSERT OR REPLACE INTO theme_synonyms (variant_key, theme_key, "
                    "created_at, created_by) VALUES (?,?,?,?)",
                    (old["key"], key, now(), who),
                )
                conn.execute("DELETE FROM theme_catalogue WHERE key = ?", (old["key"],))
            conn.execute("UPDATE action_themes SET theme = ? WHERE theme = ?", (name, old["name"]))
            self.store._event(conn, who, "theme", key, "name", old["name"], name)
        theme_recount.restate(self.store, who, {old["name"]: "renamed"}, progress)
        return name

    @staticmethod
    def _find(conn, text: str) -> dict[str, Any]:  # type: ignore[no-untyped-def]
        key = theme_key(text)
        row = conn.execute(
            "SELECT theme_key FROM theme_synonyms WHERE variant_key = ?", (key,)
        ).fetchone()
        key = row[0] if row else key
        found = conn.execute(
            "SELECT key, name FROM theme_catalogue WHERE key = ?", (key,)
        ).fetchone()
        if found is None:
            raise StoreError(f"no theme called {text!r} (qa-tui themes list shows them)")
        return {"key": found[0], "name": found[1]}
