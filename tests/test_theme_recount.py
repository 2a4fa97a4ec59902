"""A theme merge or rename restates tags a few audits at a time: the figures equal a
full recount after it, after an interruption, and another person's grade is saved
while it runs (two connections to one real file)."""

from __future__ import annotations

import pytest
from conftest import MINI_RUBRICS
from test_themes_actions import AFD, submit, themes

from qa_tui.desks.audits import AuditDesk
from qa_tui.domain.dashboard_records import Filters
from qa_tui.store import summaries, theme_recount
from qa_tui.store.database import Store
from qa_tui.store.themes import ThemeStore


@pytest.fixture
def tagged(store: Store, monkeypatch: pytest.MonkeyPatch) -> Store:
    """Nine audits over three teams: 'Vague plans' on six (twice on one), 'Plans not
    SMART' on four (two carry both), a strength on some; batches of two audits."""
    monkeypatch.setattr(theme_recount, "BATCH", 2)
    for i in range(9):
        tags = []
        if i < 6:
            tags.append(("", "Vague plans", AFD))
        if i == 0:
            tags.append(("plan-smart", "Vague plans", AFD))
        if i >= 4:
            tags.append(("", "Plans not SMART", AFD))
        if i % 3 == 0:
            tags.append(("child-seen", "Good direct work", "strength"))
        team = ("MASH", "Leaving Care", "Court")[i % 3]
        seen = ("good", "requires-improvement", "inadequate")[i % 3]
        submit(store, f"C-{i}", team, f"2025-0{1 + i % 4}", themes=tuple(tags), seen=seen)
    return store


def ranked(store: Store) -> list[tuple[str, int]]:
    return [(r.theme, r.audits) for r in themes(store).ranking(Filters(), "2025-06").rows]


def test_merge_and_rename_in_batches_equal_a_full_recount(tagged: Store) -> None:
    steps: list[tuple[int, int]] = []
    ThemeStore(tagged).merge(
        "vague plans", "Plans not SMART", "lead", lambda d, t: steps.append((d, t))
    )
    assert steps[0] == (0, 6) and steps[-1] == (6, 6) and len(steps) == 4
    assert summaries.differing_cells(tagged.conn)["theme_cells"] == 0
    assert ("Plans not SMART", 9) in ranked(tagged)
    ThemeStore(tagged).rename("plans not smart", "Plans are not SMART", "lead")
    assert summaries.differing_cells(tagged.conn)["theme_cells"] == 0
    assert ("Plans are not SMART", 9) in ranked(tagged)
    assert not any(name == "Vague plans" for name, _ in ranked(tagged))
    history = tagged.conn.execute(
        "SELECT count(*) FROM events WHERE entity = 'audit' AND new_value LIKE "
        "'%by the theme catalogue)'"
    ).fetchone()[0]
    assert history == 7 + 10  # every tag restated (7 merged, then 10 renamed)


def test_an_interrupted_merge_keeps_the_figures_whole_and_running_it_again_finishes(
    tagged: Store,
) -> None:
    def stop(done: int, total: int) -> None:
        if done == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ThemeStore(tagged).merge("vague plans", "Plans not SMART", "lead", stop)
    assert summaries.differing_cells(tagged.conn)["theme_cells"] == 0
    assert theme_recount.pending(tagged.conn) == [("Vague plans", "Plans not SMART")]
    ThemeStore(tagged).merge("vague plans", "Plans not SMART", "lead")
    assert theme_recount.pending(tagged.conn) == []
    assert summaries.differing_cells(tagged.conn)["theme_cells"] == 0
    assert ("Plans not SMART", 9) in ranked(tagged)


def test_another_persons_grade_is_saved_while_a_merge_runs(tagged: Store) -> None:
    other = Store.open(tagged.path)
    grader = AuditDesk(other, "bob", MINI_RUBRICS)
    audit_id = grader.start_audit("C-1", "mini")
    saved: list[str] = []

    def grade_meanwhile(done: int, total: int) -> None:
        if 0 < done < total:  # between two batches of the merge
            grade = ("good", "inadequate")[len(saved) % 2]
            grader.grade(audit_id, "child-seen", grade)
            saved.append(grade)

    try:
        ThemeStore(tagged).merge("vague plans", "Plans not SMART", "lead", grade_meanwhile)
        assert saved and other.audit(audit_id).answers["child-seen"].grade_key == saved[-1]
    finally:
        other.close()
    assert summaries.differing_cells(tagged.conn)["theme_cells"] == 0
