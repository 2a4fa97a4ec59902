"""A round's report for the board (`qa-tui report programme P`): the sample, grades by
criterion and team, themes against the earlier round, re-audit changes, case actions and
the QA lead's recommendations, as Markdown, printable HTML and an XLSX workbook."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MINI_RUBRICS
from openpyxl import load_workbook

from qa_tui.cli.main import cli
from qa_tui.desks.audits import AuditDesk, ServiceError
from qa_tui.desks.programme_recommendations import RecommendationDesk
from qa_tui.desks.programmes import ProgrammeDesk
from qa_tui.domain.records import Case
from qa_tui.domain.sampling import SamplingRule
from qa_tui.store.database import Store

TODAY = date(2025, 6, 15)
TEAMS = ("Assessment North", "Assessment South")
NASTY = "Fund <script>alert('x')</script> supervision | weekly"


def submit(desk: AuditDesk, audit_id: int, grade: str, *, theme: str | None = None) -> None:
    desk.grade(audit_id, "child-seen", grade)
    desk.save_evidence(audit_id, "child-seen", "Seen at home")
    desk.mark_not_applicable(audit_id, "plan-smart")
    desk.grade(audit_id, "visits-in-time", "yes")
    desk.set_overall(audit_id, grade)
    desk.set_text(audit_id, "overall_rationale", "As graded")
    if theme:
        desk.add_theme(audit_id, "child-seen", theme)
    desk.submit(audit_id)


def audits_of(store: Store, programme_id: int) -> list[dict]:
    return store._rows(
        "SELECT id, case_ref FROM audits WHERE programme_id = ? ORDER BY case_ref",
        (programme_id,),
    )


@pytest.fixture
def rounds(store: Store) -> tuple[int, int]:
    """A first round of four cases, then the same cases again: two got better, one
    worse, one the same; a case action raised on a re-audit; a recommendation."""
    store.upsert_cases(
        [Case(f"C-{t[11]}{i}", t, cohort="CIN") for t in TEAMS for i in range(2)], "lena", "test"
    )
    desk = AuditDesk(store, "lena", rubrics_dir=MINI_RUBRICS)
    lead = ProgrammeDesk(desk)
    lead.set_auditor_teams("Ann", [TEAMS[0]])
    lead.set_auditor_teams("Bob", [TEAMS[1]])
    first = lead.create(name="Spring dip", kind="dip_sample", rubric_ids=["mini"], owner="lena")
    lead.draw(first.id, SamplingRule(per_team=2, exclude_audited_within_months=0), 1, TODAY)
    lead.assign(first.id, ["Ann", "Bob"], today=TODAY)
    earlier = ["requires-improvement", "requires-improvement", "good", "good"]
    for a, grade in zip(audits_of(store, first.id), earlier, strict=True):
        submit(desk, a["id"], grade, theme="-Plans are vague")
    again = lead.repeat(first.id, name="Summer repeat", same_cases=True)
    lead.assign(again.id, ["Ann", "Bob"], today=TODAY)
    later = ["good", "outstanding", "requires-improvement", "good"]
    for n, (a, grade) in enumerate(zip(audits_of(store, again.id), later, strict=True)):
        if n == 0:
            desk.add_action(a["id"], "Chase the health assessment", "Team manager Jo", "2025-07-01")
        submit(desk, a["id"], grade, theme="+Child seen alone" if n < 2 else None)
    RecommendationDesk(desk).add(again.id, NASTY)
    RecommendationDesk(desk).add(again.id, "Repeat in six months")
    return first.id, again.id


def run(db: Path, *args: str) -> tuple[int, bytes, str]:
    done = CliRunner().invoke(cli, ["--db", str(db), "--user", "lena", *args])
    return done.exit_code, done.stdout_bytes, done.stderr


def test_markdown_shows_the_round_and_escapes_what_people_wrote(
    db_path: Path, rounds: tuple[int, int]
) -> None:
    code, out, err = run(db_path, "report", "programme", "Summer repeat")
    assert code == 0, err
    text = out.decode()
    assert text.startswith("# Audit round report: Summer repeat")
    assert "same case as Spring dip" in text  # how the cases were chosen
    assert "Change is against Spring dip (the round it repeats)" in text
    assert "better: 2 · same: 1 · worse: 1" in text
    assert (
        "| C-N0 | Assessment North |" in text
        and "| Requires improvement to be good | 5 | Good | better |" in text
    )
    assert "Chase the health assessment" in text
    # Escaped: the pipe cannot split the table row, the tag cannot be a tag.
    assert "1. Fund \\<script\\>alert\\('x'\\)\\</script\\> supervision \\| weekly" in text
    assert "<script>" not in text
    assert "2. Repeat in six months" in text


def test_html_is_printable_and_escaped(db_path: Path, rounds: tuple[int, int]) -> None:
    code, out, _ = run(db_path, "report", "programme", "Summer repeat", "--format", "html")
    html = out.decode()
    assert code == 0 and html.startswith("<!DOCTYPE html>") and "@media print" in html
    assert "<script>" not in html
    assert "Fund &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; supervision | weekly" in html
    assert '<td class="grade">worse</td>' in html


def test_the_workbook_has_a_sheet_per_section_and_opens(
    db_path: Path, tmp_path: Path, rounds: tuple[int, int]
) -> None:
    target = tmp_path / "round.xlsx"
    code, _, err = run(
        db_path, "report", "programme", "Summer repeat", "--format", "xlsx", "-o", str(target)
    )
    assert code == 0, err
    book = load_workbook(io.BytesIO(target.read_bytes()))
    assert book.sheetnames == [
        "About",
        "Sample",
        "Criteria",
        "Teams",
        "Themes",
        "Re-audits",
        "Actions",
        "Recommendations",
    ]
    changes = [row[-1] for row in book["Re-audits"].iter_rows(min_row=2, values_only=True)]
    assert sorted(changes) == ["better", "better", "same", "worse"]
    assert book["Recommendations"]["B2"].value == NASTY  # stored as text, as typed
    themes = {row[0]: row for row in book["Themes"].iter_rows(min_row=2, values_only=True)}
    assert set(themes) == {"Child seen alone", "Plans are vague"}  # the latter gone now
    assert themes["Plans are vague"][2:] == ("0", 0.0, None, None)  # earlier: 4, kept back
    # Two graded audits a team: under the threshold, so the count is kept back.
    teams = list(book["Teams"].iter_rows(min_row=2, values_only=True))
    assert [(t[1], t[2], t[3]) for t in teams] == [
        ("Assessment North", "<5", None),
        ("Assessment South", "<5", None),
    ]


def test_team_counts_show_when_suppression_is_off(db_path: Path, rounds: tuple[int, int]) -> None:
    code, out, _ = run(db_path, "report", "programme", "Summer repeat", "--suppress-below", "0")
    text = out.decode()
    assert code == 0 and "| Assessment North | 2 | 100% | 0% |" in text
    assert "| Plans are vague | Area for development | 0 | 0% | 100% | -100 pts |" in text
    assert "| Child seen alone | Strength | 2 | 50% | 0% | \\+50 pts |" in text
    code, _, err = run(db_path, "report", "programme", "Summer repeat", "--suppress-below", "2")
    assert code == 1 and "too low" in err


def test_an_unknown_programme_is_one_line(db_path: Path, rounds: tuple[int, int]) -> None:
    code, out, err = run(db_path, "report", "programme", "Winter")
    assert code == 1 and out == b"" and len(err.strip().splitlines()) == 1


def test_recommendations_are_kept_in_order_and_changed_with_events(
    store: Store, rounds: tuple[int, int]
) -> None:
    desk = RecommendationDesk(AuditDesk(store, "lena", rubrics_dir=MINI_RUBRICS))
    first, second = desk.list(rounds[1])
    desk.change(second.id, "Repeat in three months")
    desk.remove(first.id)
    assert [r.text for r in desk.list(rounds[1])] == ["Repeat in three months"]
    with pytest.raises(ServiceError, match="some words"):
        desk.add(rounds[1], "   ")
    with pytest.raises(ServiceError, match="no recommendation"):
        desk.change(9999, "x")
    fields = [
        r["field"]
        for r in store._rows(
            "SELECT field FROM events WHERE entity = 'programme_recommendation' ORDER BY id"
        )
    ]
    assert fields == ["text", "text", "text", "removed"]


def test_recommend_from_the_command_line(db_path: Path, rounds: tuple[int, int]) -> None:
    code, out, _ = run(db_path, "programmes", "recommend", "Spring dip", "--text", "Train on plans")
    assert code == 0 and out.strip().isdigit()
    code, out, _ = run(db_path, "programmes", "recommendations", "Spring dip")
    assert code == 0 and out.decode().split() == [out.decode().split()[0], "Train", "on", "plans"]


async def test_w_on_a_programme_writes_and_rewords_recommendations(
    store: Store, rounds: tuple[int, int]
) -> None:
    from conftest import settle
    from textual.widgets import OptionList

    from qa_tui.tui.app import make_app
    from qa_tui.tui.screens.programmes import ProgrammesScreen

    desk = AuditDesk(store, "lena", rubrics_dir=MINI_RUBRICS)
    app = make_app(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        app.push_screen(ProgrammesScreen())
        await settle(pilot, app)
        await pilot.press("w")  # the first round is highlighted: it has none yet
        await settle(pilot, app)
        listed = app.screen.query_one("#recommendations", OptionList)
        assert "none yet" in str(listed.get_option_at_index(0).prompt)
        await pilot.press("a")
        await settle(pilot, app)
        await pilot.press(*"Audit [b]plans[/b] monthly", "enter")
        await settle(pilot, app)
        assert str(listed.get_option_at_index(0).prompt) == "1. Audit [b]plans[/b] monthly"
        await pilot.press("e")
        await settle(pilot, app)
        await pilot.press("end", *" | again", "enter")
        await settle(pilot, app)
        await pilot.press("escape")
        await settle(pilot, app)
        assert type(app.screen).__name__ == "ProgrammesScreen"
    [saved] = RecommendationDesk(desk).list(rounds[0])
    assert saved.text == "Audit [b]plans[/b] monthly | again"


def test_the_earlier_round_is_the_one_that_ran_earlier_not_the_one_made_first(
    store: Store,
) -> None:
    """History entered after the fact: a round made today for last summer is still the
    earlier round of the autumn one made before it."""
    from qa_tui.reports.programme import earlier_round

    lead = ProgrammeDesk(AuditDesk(store, "lena", rubrics_dir=MINI_RUBRICS))
    made = {"rubric_ids": ["mini"], "owner": "lena", "kind": "dip_sample"}
    autumn = lead.create(name="Autumn", due_on=date(2026, 11, 30), **made)  # type: ignore[arg-type]
    summer = lead.create(name="Summer", due_on=date(2026, 7, 31), **made)  # type: ignore[arg-type]
    themed = lead.create(name="Thematic", kind="thematic", rubric_ids=["mini"], owner="lena")
    everything = lead.all()
    assert earlier_round(autumn, everything) == summer
    assert earlier_round(summer, everything) is None
    assert earlier_round(themed, everything) is None
