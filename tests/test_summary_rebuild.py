"""The fast rebuild (summary_rebuild) gives exactly the cells the incremental upkeep
keeps, on a varied database: two auditors, three teams and cohorts, four months, N/A
answers, theme tags on several criteria, a completed moderation and a reopened audit."""

from __future__ import annotations

from conftest import MINI_RUBRICS
from test_themes_actions import AFD, submit

from qa_tui.desks.audits import AuditDesk
from qa_tui.desks.moderation import ModerationDesk
from qa_tui.store import summaries, summary_rebuild
from qa_tui.store.database import Store
from qa_tui.store.moderation import ModerationStore


def cells(store: Store) -> dict[str, set[tuple]]:
    """Each summary table's cells, leaving out cells a reopen left at zero."""
    found = {}
    for table, counts in summaries.SUMMARY_TABLES.items():
        nonzero = " OR ".join(f"{c} != 0" for c in counts)
        found[table] = set(store.conn.execute(f"SELECT * FROM {table} WHERE {nonzero}"))
    return found


def test_a_rebuild_gives_the_cells_the_upkeep_kept(store: Store, seeded: list[int]) -> None:
    for i in range(6):
        tags = [("child-seen", "Child not seen alone", AFD), ("", "Good direct work", "strength")]
        submit(
            store,
            f"T-{i}",
            ("MASH", "Court")[i % 2],
            f"2025-0{1 + i % 3}",
            themes=tuple(tags[: 1 + i % 2]),
            auditor=("alice", "carol")[i % 2],
        )
    lead = ModerationDesk(AuditDesk(store, "qa.lead", MINI_RUBRICS))
    target = seeded[1]
    ModerationStore(store).select(target, "picked", "qa.lead")
    for criterion in ("child-seen", "plan-smart", "visits-in-time"):
        lead.agree(target, criterion)
    lead.set_overall(target, 4, "Worse than graded")
    lead.complete(target)
    AuditDesk(store, store.audit(seeded[2]).auditor, MINI_RUBRICS).reopen(seeded[2], "Wrong case")
    kept = cells(store)
    assert all(kept.values())
    steps: list[tuple[int, int]] = []
    with store.write() as conn:
        summary_rebuild.rebuild(conn, progress=lambda d, t: steps.append((d, t)))
    assert cells(store) == {**kept, "agreement_cells": kept["agreement_cells"]}
    assert steps[0][0] == 0 and steps[-1][0] == steps[-1][1]
    store.rebuild_summaries()
    assert cells(store) == kept
    assert summaries.differing_cells(store.conn) == {t: 0 for t in summaries.SUMMARY_TABLES}
