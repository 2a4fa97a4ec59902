"""SQL for the QA lead's dashboard: sums over grade_cells, and the audits behind a figure.

Part of the store layer (shares `Store`'s connection). Figures read the summary table
only; the drill-down reads the audits themselves, one page at a time, with the same
definition of the counted grade (store/summaries.py: COUNTED) so it lists exactly the audits
a figure counted.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from qa_tui.store.summaries import COUNTED, LEVELS

if TYPE_CHECKING:
    from qa_tui.domain.dashboard_records import Bucket, Filters
    from qa_tui.store.database import Store

_SUMS = (
    "sum(counted) AS counted, sum(na) AS na, sum(v1) AS v1, sum(v2) AS v2, "
    "sum(v3) AS v3, sum(v4) AS v4, sum(worst) AS worst"
)
_GROUPABLE = {
    "month",
    "rubric_id",
    "criterion_id",
    "kind",
    "team",
    "cohort",
    "programme_id",
    "auditor",
}

# The counted value that falls in each drill-down bucket.
_BUCKET_SQL: dict[str, str] = {
    "counted": "k.value IS NOT NULL",
    "good": "k.value <= 2",
    "inadequate": "k.value = k.grades",
    "na": "k.na = 1",
    "v1": "k.value = 1",
    "v2": "k.value = 2",
    "v3": "k.value = 3",
    "v4": "k.value = 4",
}


def pinned(
    filters: Filters,
    level: int,
    first: tuple[str, Sequence[Any]],
    criteria: Sequence[str],
    programmes: Sequence[int],
    rubric_ids: Sequence[str],
) -> tuple[str, list[Any]]:
    """The WHERE of a summary-cell query (grade_cells or theme_cells).

    Every key column before the month is pinned (a value, a list, or the blank a level
    leaves there), so SQLite reads only the cells wanted, one month range per group of
    cells, rather than scanning the level. `first` is the column after level (kind or
    polarity) and its values.
    """
    kept = LEVELS[level]
    clauses = ["level = ?"]
    params: list[Any] = [level]

    def pin(column: str, values: Sequence[Any]) -> None:
        if len(values) == 1:
            clauses.append(f"{column} = ?")
        else:
            clauses.append(f"{column} IN ({','.join('?' * len(values))})")
        params.extend(values)

    pin(*first)
    blank = {"auditor": "", "team": "", "cohort": "", "programme_id": 0}
    chosen = {
        "auditor": filters.auditor,
        "team": filters.team,
        "cohort": filters.cohort,
        "programme_id": filters.programme_id,
    }
    pin("auditor", [chosen["auditor"] if "auditor" in kept else ""])
    pin("rubric_id", [filters.rubric_id] if filters.rubric_id else rubric_ids)
    pin("criterion_id", criteria)
    for column in ("cohort", "programme_id", "team"):
        if column not in kept:
            pin(column, [blank[column]])
        elif chosen[column] is not None:
            pin(column, [chosen[column]])
        elif column == "programme_id" and programmes:
            pin(column, programmes)
    if filters.month_from:
        clauses.append("month >= ?")
        params.append(filters.month_from)
    if filters.month_to:
        clauses.append("month <= ?")
        params.append(filters.month_to)
    return " AND ".join(clauses), params


def _where(filters: Filters, prefix: str = "") -> tuple[list[str], list[Any]]:
    """Filter conditions shared by the cells and the audits behind them."""
    clauses: list[str] = []
    params: list[Any] = []
    for column, value in (
        ("rubric_id", filters.rubric_id),
        ("team", filters.team),
        ("cohort", filters.cohort),
        ("programme_id", filters.programme_id),
    ):
        if value is not None:
            clauses.append(f"{prefix}{column} = ?")
            params.append(value)
    if filters.month_from:
        clauses.append(f"{prefix}month >= ?")
        params.append(filters.month_from)
    if filters.month_to:
        clauses.append(f"{prefix}month <= ?")
        params.append(filters.month_to)
    return clauses, params


class DashboardStore:
    def __init__(self, store: Store):
        self.store = store

    def cells(
        self,
        filters: Filters,
        level: int,
        *,
        kinds: Sequence[str],
        group: Sequence[str],
        criteria: Sequence[str] = ("",),
        programmes: Sequence[int] = (),
    ) -> list[dict[str, Any]]:
        """Counted grades summed over one summary level, grouped by `group`."""
        bad = set(group) - _GROUPABLE
        if bad:
            raise ValueError(f"cannot group by {sorted(bad)}")
        where, params = pinned(
            filters, level, ("kind", kinds), criteria, programmes, self.rubric_ids()
        )
        cols = ", ".join(group)
        return self.store._rows(
            f"SELECT {cols}, {_SUMS} FROM grade_cells WHERE {where} "
            f"GROUP BY {cols} HAVING sum(counted) + sum(na) > 0",
            params,
        )

    def rubric_ids(self) -> list[str]:
        return [
            r["rubric_id"]
            for r in self.store._rows(
                "SELECT DISTINCT rubric_id FROM rubric_versions ORDER BY rubric_id"
            )
        ] or [""]

    def criterion_ids(self, rubric_id: str) -> list[str]:
        """Every criterion any version of a rubric has had, and '' for the overall."""
        return [
            r["criterion_id"]
            for r in self.store._rows(
                "SELECT DISTINCT c.criterion_id FROM rubric_criteria c JOIN rubric_versions v "
                "ON v.hash = c.rubric_hash WHERE v.rubric_id = ? ORDER BY 1",
                (rubric_id,),
            )
        ]

    def audits_behind(
        self, filters: Filters, criterion_id: str, bucket: Bucket, *, offset: int, limit: int
    ) -> list[dict[str, Any]]:
        """The audits a figure counted, newest first, one page."""
        clauses, params = _where(filters, "k.")
        clauses.append("k.criterion_id = ?")
        params.append(criterion_id)
        if filters.auditor is not None:
            clauses.append("k.auditor = ?")
            params.append(filters.auditor)
        clauses.append(_BUCKET_SQL[bucket])
        # The audit-level filters go inside COUNTED too, so SQLite can use the
        # submitted-at index and stop after one page instead of counting everything.
        inner = ["AND rc.criterion_id = ?"]
        inner_params: list[Any] = [criterion_id]
        if filters.auditor is not None:
            inner.append("AND a.auditor = ?")
            inner_params.append(filters.auditor)
        if filters.team is not None:  # on the column itself, so its index can serve
            inner.append("AND a.team = ?")
            inner_params.append(filters.team)
        if filters.month_from:
            inner.append("AND a.submitted_at >= ?")
            inner_params.append(filters.month_from)
        if filters.month_to:
            inner.append("AND a.submitted_at < ?")
            inner_params.append(month_after(filters.month_to))
        sql = (
            f"SELECT k.audit_id, k.kind, k.value, k.na, a.case_ref, a.auditor, a.submitted_at, "
            f"k.team, k.cohort, k.rubric_id, p.name AS programme, "
            f"m.audit_id IS NOT NULL AS moderated "
            f"FROM ({COUNTED.format(only=' '.join(inner))}) k "
            f"JOIN audits a ON a.id = k.audit_id "
            f"LEFT JOIN programmes p ON p.id = a.programme_id "
            f"LEFT JOIN moderations m ON m.audit_id = a.id AND m.status = 'done' "
            f"WHERE {' AND '.join(clauses)} "
            f"ORDER BY k.submitted_at DESC, k.audit_id DESC LIMIT ? OFFSET ?"
        )
        return self.store._rows(sql, [*inner_params, *params, limit, offset])

    def rubric_titles(self) -> dict[str, str]:
        """Each rubric's title as its newest stored version has it."""
        return {
            r["rubric_id"]: r["title"]
            for r in self.store._rows(
                "SELECT rubric_id, title FROM rubric_versions ORDER BY first_seen_at"
            )
        }

    def criterion_labels(self) -> dict[str, dict[str, tuple[int, str]]]:
        """rubric id -> criterion id -> (position, question), newest version winning."""
        out: dict[str, dict[str, tuple[int, str]]] = {}
        for r in self.store._rows(
            "SELECT v.rubric_id, c.criterion_id, c.position, c.question "
            "FROM rubric_criteria c JOIN rubric_versions v ON v.hash = c.rubric_hash "
            "WHERE c.criterion_id != '' ORDER BY v.first_seen_at"
        ):
            out.setdefault(r["rubric_id"], {})[r["criterion_id"]] = (r["position"], r["question"])
        return out

    def programme_names(self) -> dict[int, str]:
        return {r["id"]: r["name"] for r in self.store._rows("SELECT id, name FROM programmes")}

    def criterion_kinds(self) -> dict[tuple[str, str], str]:
        """(rubric id, criterion id) -> quality | compliance | overall."""
        return {
            (r["rubric_id"], r["criterion_id"]): r["kind"]
            for r in self.store._rows(
                "SELECT v.rubric_id, c.criterion_id, c.kind FROM rubric_criteria c "
                "JOIN rubric_versions v ON v.hash = c.rubric_hash ORDER BY v.first_seen_at"
            )
        }

    def repeat_pair(self, programme_id: int) -> tuple[tuple[int, str], tuple[int, str]] | None:
        """(first, repeat) for a programme that has a repeat or is one; else None."""
        row = self.store._one(
            "SELECT p.id, p.name, p.repeat_of, f.name AS first_name, "
            "(SELECT r.id FROM programmes r WHERE r.repeat_of = p.id ORDER BY r.id LIMIT 1) "
            "AS repeat_id, (SELECT r.name FROM programmes r WHERE r.repeat_of = p.id "
            "ORDER BY r.id LIMIT 1) AS repeat_name "
            "FROM programmes p LEFT JOIN programmes f ON f.id = p.repeat_of WHERE p.id = ?",
            (programme_id,),
        )
        if row is None:
            return None
        if row["repeat_of"] is not None:
            return (row["repeat_of"], row["first_name"]), (row["id"], row["name"])
        if row["repeat_id"] is not None:
            return (row["id"], row["name"]), (row["repeat_id"], row["repeat_name"])
        return None

    def choices(self) -> dict[str, list[tuple[str, str]]]:
        rows = self.store._rows
        return {
            "programme": [
                (str(r["id"]), r["name"])
                for r in rows(
                    "SELECT id, name FROM programmes ORDER BY coalesce(due_on, '9999'), id"
                )
            ],
            "team": [
                (r["team"], r["team"])
                for r in rows(
                    "SELECT DISTINCT team FROM grade_cells WHERE level = 1 AND kind = 'overall' "
                    "ORDER BY team"
                )
            ],
            "rubric": [
                (r["rubric_id"], r["title"])
                for r in rows(
                    "SELECT rubric_id, title FROM rubric_versions GROUP BY rubric_id "
                    "HAVING first_seen_at = max(first_seen_at) ORDER BY title"
                )
            ],
            "cohort": [
                (r["cohort"], r["cohort"] or "(no cohort)")
                for r in rows(
                    "SELECT DISTINCT cohort FROM grade_cells WHERE level = 2 "
                    "AND kind = 'overall' ORDER BY cohort"
                )
            ],
            "auditor": [
                (r["auditor"], r["auditor"])
                for r in rows(
                    "SELECT DISTINCT auditor FROM audits WHERE status = 'submitted' "
                    "ORDER BY auditor"
                )
            ],
            "month": [
                (r["month"], r["month"])
                for r in rows(
                    "SELECT DISTINCT month FROM grade_cells WHERE level = 0 AND kind = 'overall' "
                    "ORDER BY month"
                )
            ],
        }


def month_after(month: str) -> str:
    year, mm = (int(x) for x in month.split("-"))
    return f"{year + mm // 12:04d}-{mm % 12 + 1:02d}"
