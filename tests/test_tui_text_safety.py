"""Text is text: whatever people type or files hold is shown literally on every screen.

A property-based walk through the real app: a world is built through the real desks on
a real SQLite file, every field that any screen shows holding arbitrary text (brackets,
`[/]`, `[bold`, `[@click=app.quit]`, `$var`, escape sequences, RTL marks, emoji,
combining marks, ten thousand characters), and Pilot visits every screen. Each screen
must open without an exception, show each field's text (or the start of it, where a
column or a line cuts it), and send no control character to the terminal.

What the screen must show is worked out from what the desks stored (they tidy themes
and trim names), shown through `shown.visible`; a separate property checks that
`visible` keeps every printable character, so the expectation cannot quietly empty.
"""

from __future__ import annotations

import asyncio
import os
import re
import sqlite3
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from tempfile import mkdtemp

import pytest
import yaml
from conftest import MINI_YAML, settle
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from textual import events
from textual.widget import Widget
from textual.widgets import DataTable, Input, OptionList

from qa_tui.desks.audits import AuditDesk
from qa_tui.desks.follow_ups import FollowUps
from qa_tui.desks.moderation import ModerationDesk
from qa_tui.desks.plan import ActionDesk
from qa_tui.desks.programmes import ProgrammeDesk
from qa_tui.domain.case_list import CaseRow
from qa_tui.domain.text import clean_line
from qa_tui.store.database import Store
from qa_tui.tui.app import QaTuiApp, make_app
from qa_tui.tui.widgets.dialogs import quoted
from qa_tui.tui.widgets.shown import visible

# -- arbitrary text -------------------------------------------------------------------

NASTY = [
    "[",
    "]",
    "[/]",
    "[bold",
    "[/b]",
    "[b]",
    "[@click=app.quit]",
    "[link=x]",
    "[/link]",
    "$var",
    "${x}",
    "$",
    "\\",
    "\\[",
    "[b $error]",
    "[on red]",
    "[/on red]",
    "[dim",
    "\x1b[2J",
    "\x1b]0;owned\x07",
    "\x1b",
    "\x00",
    "\x07",
    "\x9b",
    "\r\n",
    "\t",
    "\u200f",
    "\u202e",
    "\u200b",
    "😀",
    "👩\u200d👧",
    "e\u0301",
    "\u0301",
    "ﷺ",
    "%",
    "_",
    "'",
    '"',
    "<b>",
    "&amp;",
    " ",
]
WORDS = ["Plan", "drift", "Family", "North", "CIN", "Visits", "note", "Ann", "Team", "Ofsted"]
ANY_CHAR = st.characters(exclude_categories=("Cs",))  # every code point a str can hold

hostile = st.lists(
    st.one_of(st.sampled_from(NASTY), st.text(ANY_CHAR, max_size=5)), max_size=4
).map("".join)
field = st.tuples(hostile, st.sampled_from(WORDS), hostile).map("".join)  # never blank

FIELDS = (
    "case_ref",
    "case_ref_b",
    "team",
    "worker",
    "cohort",
    "pseudonym",
    "lead",
    "auditor",
    "evidence",
    "theme",
    "theme2",
    "action_what",
    "action_owner",
    "rationale",
    "told_who",
    "escalation_action",
    "closing_note",
    "programme",
    "programme_owner",
    "reason",
    "moderation_reason",
    "plan_title",
    "plan_owner",
    "plan_description",
    "status_reason",
    "rubric_title",
    "question",
    "guidance",
    "grade_label",
    "due",
)
RUBRIC_FIELDS = ("rubric_title", "question", "guidance", "grade_label")
worlds = st.fixed_dictionaries({name: field for name in FIELDS})

PLAIN = {name: f"{name.replace('_', ' ').capitalize()} one" for name in FIELDS}
CRASHERS = {  # each reported by a new user, each once a crash
    **PLAIN,
    "theme": "-Plan drift [see note",
    "team": "Family Support [North",
    "evidence": "Visits late [2 of 6",
    "case_ref": "CIN-[/b]7",
    "theme2": "Plans [/] SMART",
    "due": "[/]",
    "case_ref_b": "CIN-001 [old]",
    "lead": "[bold]Lead",
    "auditor": "qa.[/]birch",
    "programme": "Dip [@click=app.quit]sample",
    "rubric_title": "Voice [link=x]of the child",
    "grade_label": "Good [$var]",
    "guidance": "Seen [dim",
}
LONG = "\x1b[2J\u202e\u200f😀e\u0301 [bold $var [@click=app.quit]x[/link] ]"
VERY_LONG = {name: (f"{name} {LONG} " * 300)[:10_000] for name in FIELDS}


# -- the world, built through the desks ---------------------------------------------------


@dataclass
class World:
    db: Path
    rubrics: Path
    lead: str
    texts: dict[str, str]  # what each field was given
    stored: dict[str, str]  # what the database holds, and so what the screens must show
    mine: int  # the lead's own audit, in progress
    theirs: int  # the auditor's, submitted, moderated, in the programme


def _printable(text: str) -> str:
    """A rubric file's text: a YAML file may not hold every control character."""
    return re.sub(r"[\x00-\x1f\x7f-\x9f]", "", text) or "x"


def write_rubric(folder: Path, t: dict[str, str]) -> None:
    """The mini rubric with its words replaced, and a criterion on a scale of its own."""
    rubric = yaml.safe_load(MINI_YAML.read_text(encoding="utf-8"))
    words = {name: _printable(t[name]) for name in RUBRIC_FIELDS}
    rubric["title"] = words["rubric_title"]
    seen = rubric["criteria"][0]
    seen["question"] = words["question"]
    seen["guidance"]["good"] = words["guidance"]
    rubric["scales"] = [
        {
            "id": "own",
            "label": "Own scale",
            "grades": [
                {"key": "first", "label": words["grade_label"]},
                {"key": "second", "label": "Second", "weak": True},
            ],
        }
    ]
    rubric["criteria"].append(
        {
            "id": "own-scale",
            "question": "Graded on its own scale?",
            "scale": "own",
            "guidance": {"first": words["guidance"], "second": "Not yet."},
        }
    )
    folder.mkdir()
    (folder / "mini.yaml").write_text(yaml.safe_dump(rubric, allow_unicode=True), encoding="utf-8")


def build_world(folder: Path, t: dict[str, str]) -> World:
    """Two cases; an auditor's submitted Inadequate audit in a programme (moderated, with
    an escalation and a closed case action); the lead's own audit in progress; an
    action plan item. Every text from `t`."""
    rubrics = folder / "rubrics"
    write_rubric(rubrics, t)
    store = Store.open(folder / "qa.sqlite3")
    lead = AuditDesk(store, t["lead"], rubrics)
    lead.import_case_rows(
        [
            CaseRow(
                line=n,
                case_ref=ref,
                team=t["team"],
                worker=t["worker"],
                manager=None,
                cohort=t["cohort"],
                child_pseudonym=t["pseudonym"],
                opened_on=None,
                attributes={},
            )
            for n, ref in ((2, t["case_ref"]), (3, t["case_ref_b"]))
        ],
        "cases.csv",
    )
    programmes = ProgrammeDesk(lead)
    programme = programmes.create(
        name=t["programme"], kind="dip_sample", rubric_ids=["mini"], owner=t["programme_owner"]
    )
    programmes.add_case(programme.id, t["case_ref_b"], t["reason"])
    programmes.assign(programme.id, [t["auditor"]])

    auditor = AuditDesk(store, t["auditor"], rubrics)
    [assigned] = auditor.my_audits()
    b = assigned.id
    auditor.grade(b, "child-seen", "inadequate")
    auditor.save_evidence(b, "child-seen", t["evidence"])
    auditor.mark_not_applicable(b, "plan-smart")
    auditor.grade(b, "visits-in-time", "no")
    auditor.save_evidence(b, "visits-in-time", t["evidence"])
    auditor.grade(b, "own-scale", "first")
    auditor.add_theme(b, "child-seen", t["theme"])
    auditor.add_theme(b, "visits-in-time", t["theme2"])
    action = auditor.add_action(
        b, t["action_what"], t["action_owner"], (date.today() - timedelta(days=3)).isoformat()
    )
    auditor.set_overall(b, "inadequate")
    auditor.set_text(b, "overall_rationale", t["rationale"])
    auditor.submit(b, (t["told_who"], "2026-01-05 10:00", t["escalation_action"]))
    ModerationDesk(lead).grade(b, "visits-in-time", 1, t["moderation_reason"])
    FollowUps(lead).close("action", action, t["closing_note"])

    a = lead.start_audit(t["case_ref"], "mini")
    lead.grade(a, "child-seen", "good")
    lead.save_evidence(a, "child-seen", t["evidence"])
    lead.add_theme(a, "child-seen", t["theme"])
    [tag] = lead.open_audit(a).audit.themes  # as stored: the store may tidy it further
    lead.add_action(a, t["action_what"], t["action_owner"], "2030-01-31")
    lead.set_text(a, "overall_rationale", t["rationale"])

    plan = ActionDesk(AuditDesk(store, t["lead"]))
    item = plan.create(
        t["plan_title"],
        owner=t["plan_owner"],
        due_on="2030-01-31",
        description=t["plan_description"],
        themes=((tag.theme, tag.polarity),),
    )
    plan.override_status(item, "at_risk", t["status_reason"])

    store.close()
    return read_back(World(folder / "qa.sqlite3", rubrics, t["lead"], t, {}, a, b))


def read_back(world: World) -> World:
    """What the database holds now, read through the desks as the screens read it."""
    store = Store.open(world.db)
    try:
        lead = AuditDesk(store, world.lead, world.rubrics)
        view = lead.open_audit(world.mine)
        mine, theirs = view.audit, lead.open_audit(world.theirs).audit
        moderated = ModerationDesk(lead).open(world.theirs).answers["visits-in-time"]
        [escalation] = theirs.escalations
        [closed] = [
            f
            for f in FollowUps(lead).list(include_closed=True)
            if f.kind == "action" and f.audit_id == world.theirs
        ]
        programmes = ProgrammeDesk(lead)
        [programme] = programmes.all()
        [item] = ActionDesk(AuditDesk(store, world.lead)).items()
        counted = store.conn.execute(
            "SELECT team, cohort FROM audits WHERE id = ?", (world.theirs,)
        ).fetchone()
        world.stored = {
            "case_ref": mine.case.case_ref,
            "case_ref_b": theirs.case.case_ref,
            "team": mine.case.team,
            "worker": mine.case.worker or "",
            "cohort": mine.case.cohort or "",
            "pseudonym": mine.case.child_pseudonym or "",
            "team_counted": counted[0],
            "cohort_counted": counted[1] or "",  # as submitted
            "lead": lead.user,
            "auditor": theirs.auditor,
            "evidence": mine.answers["child-seen"].evidence,
            "evidence_theirs": theirs.answers["child-seen"].evidence,
            "theme": mine.themes[0].theme,
            "theme_counted": next(x.theme for x in theirs.themes if x.criterion_id == "child-seen"),
            "theme2": next(x.theme for x in theirs.themes if x.criterion_id == "visits-in-time"),
            "action_what": mine.actions[0].what,
            "action_owner": mine.actions[0].owner,
            "rationale": mine.overall_rationale,
            "told_who": escalation.told_who,
            "escalation_action": escalation.immediate_action,
            "closing_note": closed.closing_note or "",
            "programme": programme.name,
            "programme_owner": programme.owner,
            "moderation_reason": moderated["reason"],
            "plan_title": item.title,
            "plan_owner": item.owner,
            "plan_description": item.description,
            "status_reason": item.status_reason or "",
            "rubric_title": view.rubric.title,
            "question": view.rubric.criteria[0].question,
            "guidance": view.rubric.criteria[0].guidance["good"],
            "grade_label": view.rubric.scale_map()["own"].grades[0].label,
            "reason": programmes.decisions(programme.id)[0].reason,
            "due": world.texts["due"],
        }
    finally:
        store.close()
    return world


# -- what the screen shows ------------------------------------------------------------

# C0 and C1 controls, and the Unicode noncharacters (shown as escapes too: they are not
# text, and a terminal may do anything with them).
CONTROL = re.compile(
    "[\x00-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff"
    + "".join(chr(p * 0x10000 + 0xFFFE) + chr(p * 0x10000 + 0xFFFF) for p in range(1, 17))
    + "]"
)


def squash(text: str) -> str:
    """Text with every space and line break taken out, so wrapping cannot hide a match,
    and composed (a terminal shows e + U+0301 and é alike, and Rich may compose them)."""
    return unicodedata.normalize("NFC", "".join(text.split()))


def typed(text: str) -> str:
    """What a person could type of `text`: its first run without a control character."""
    runs = [run.strip() for run in CONTROL.split(text) if run.strip()]
    return runs[0] if runs else ""


def start(text: str, cells: int) -> str:
    """The first `cells` cells of `text` as a screen shows it, squashed."""
    shown, used = [], 0
    for char in visible(text):
        used += cell_len(char)
        if used > cells:
            break
        shown.append(char)
    return squash("".join(shown))


class Look:
    """One look at the screen as the terminal would get it: each visible widget's
    rows, cut to its content region and squashed, and any control character sent."""

    def __init__(self, app: QaTuiApp):
        compositor = app.screen._compositor
        strips = compositor.render_strips()
        self.controls = sorted(
            {c for strip in strips for segment in strip for c in CONTROL.findall(segment.text)}
        )
        self.widgets: list[tuple[Widget, str]] = []
        for widget, (_region, clip) in compositor.visible_widgets.items():
            area = widget.content_region.intersection(clip)
            if widget is app.screen or not area:
                continue
            rows = [
                strips[y].crop(area.x, area.right).text
                for y in range(area.y, area.bottom)
                if y < len(strips)
            ]
            self.widgets.append((widget, squash("".join(rows))))
        self.screen = type(app.screen).__name__

    def shows(self, needle: str) -> bool:
        return any(needle in text for _, text in self.widgets)


@dataclass
class Walk:
    """Pilot through the app, noting every field a screen fails to show."""

    app: QaTuiApp
    pilot: object
    world: World
    problems: list[str]

    async def press(self, *keys: str) -> None:
        """Keys as a terminal delivers them, then wait until every database job they
        caused has answered. (Pilot.press waits for the CPU to idle after each key,
        which would make this walk several times slower.)"""
        for key in keys:
            event = events.Key(key, key if len(key) == 1 else None)
            event.set_sender(self.app)
            screen = self.app.screen
            self.app._driver.send_message(event)  # type: ignore[union-attr]
            await self.pilot.pause(0)  # type: ignore[attr-defined]
            if self.app.screen is not screen:  # let the new screen mount and settle
                await self.pilot.pause(0.02)  # type: ignore[attr-defined]
        quiet = 0
        for _ in range(400):
            await self.pilot.pause(0.005)  # type: ignore[attr-defined]
            quiet = quiet + 1 if self.app.runner.idle() else 0
            if quiet == 4:
                break
        # A loaded machine may answer a job after the runner fell quiet: let every
        # message already posted (the answers, the repaints they ask for) be handled.
        await self.pilot.pause()  # type: ignore[attr-defined]

    async def see(self, selector: str) -> Look:
        """Scroll a widget's top into view (text above it may fill the screen), then look."""
        self.app.screen.query_one(selector).scroll_visible(animate=False, top=True)
        await self.press()
        return self.look()

    def look(self) -> Look:
        look = Look(self.app)
        if look.controls:
            self.problems.append(
                f"{look.screen}: control characters sent to the terminal: {look.controls!r}"
            )
        return look

    def on_screen(self, look: Look, name: str, cells: int = 20, text: str | None = None) -> None:
        """The field's text, or its first `cells` cells, is on the screen."""
        value = self.world.stored[name] if text is None else text
        needle = start(value, cells)
        if needle and not look.shows(needle):
            self.problems.append(f"{look.screen}: {name} {needle!r} not on screen")

    def held(self, widget: Widget, name: str, cells: int | None = None) -> None:
        """The field (or its first `cells` cells, where a column cuts it) is literally in
        what the widget shows, on screen or beyond its edge."""
        value = self.world.stored[name]
        needle = squash(visible(value)) if cells is None else start(value, cells)
        if needle not in squash(_plain(widget)):
            self.problems.append(
                f"{type(widget).__name__}#{widget.id}: {name} {needle[:40]!r} not held literally"
            )

    def screen_is(self, name: str) -> bool:
        if type(self.app.screen).__name__ != name:
            self.problems.append(f"expected {name}, on {type(self.app.screen).__name__}")
            return False
        return True


def _plain(widget: Widget) -> str:
    """What a widget holds as plain text, whatever kind of widget it is."""
    if isinstance(widget, DataTable):
        return "\n".join(
            str(cell) for row in range(widget.row_count) for cell in widget.get_row_at(row)
        )
    if isinstance(widget, OptionList):
        return "\n".join(
            str(widget.get_option_at_index(i).prompt) for i in range(widget.option_count)
        )
    return str(widget.render())


# -- the walk ---------------------------------------------------------------------------

HEADER = 150  # cells of each datum a one-line header must hold (more cannot show)


async def home_and_new_audit(walk: Walk) -> None:
    look = walk.look()
    walk.on_screen(look, "case_ref", 12)
    walk.on_screen(look, "team", 12)
    walk.on_screen(look, "rubric_title", 14)
    walk.on_screen(look, "lead", 12)  # the summary line, and the header
    await walk.press("n")
    search = walk.app.screen.query_one("#case-search", Input)
    search.value = typed(walk.world.stored["case_ref"])  # shown as typed
    await walk.press("end")
    look = walk.look()
    for name, cells in (
        ("case_ref", 12),
        ("team", 12),
        ("cohort", 8),
        ("worker", 6),
        ("rubric_title", 20),
    ):
        walk.on_screen(look, name, cells)
    await walk.press("escape")


async def audit_and_judgement(walk: Walk) -> None:
    app = walk.app
    await walk.press("enter")  # the lead's own audit
    if not walk.screen_is("AuditScreen"):
        return
    await walk.press("up")  # to child-seen, graded Good: the hostile guidance
    look = walk.look()
    walk.on_screen(look, "case_ref", 20)
    header = app.screen.query_one("#audit-header")
    for name in ("team", "worker", "cohort", "pseudonym", "rubric_title"):
        walk.held(header, name, HEADER)
    walk.on_screen(look, "question", 30)
    walk.held(app.screen.query_one("#guidance-1"), "guidance")  # 2 Good
    walk.on_screen(
        await walk.see("#guidance-1"),
        "guidance",
        30,
        text=visible(f"2 Good  {walk.world.stored['guidance']}"),
    )
    walk.on_screen(await walk.see("#evidence"), "evidence", 30)
    walk.held(app.screen.query_one("#themes"), "theme")
    walk.on_screen(
        await walk.see("#themes"),
        "theme",
        20,
        text="Themes (t add, x remove) ✓ " + walk.world.stored["theme"],
    )
    await walk.press("down", "down")  # own-scale: a grade label from the rubric file
    walk.on_screen(
        await walk.see("#guidance-0"),
        "grade_label",
        20,
        text="1 " + walk.world.stored["grade_label"],
    )

    await walk.press("o")
    if not walk.screen_is("JudgementScreen"):
        return
    look = walk.look()
    walk.on_screen(look, "case_ref", 20)
    walk.held(app.screen.query_one("#judgement-header"), "team", HEADER)
    walk.on_screen(look, "rationale", 20)
    for name in ("action_what", "action_owner"):
        walk.held(app.screen.query_one("#actions"), name)
    walk.held(app.screen.query_one("#audit-themes"), "theme")
    walk.on_screen(await walk.see("#actions"), "action_what", 16)

    await walk.press("a")  # a case action whose due date is not a date
    if walk.screen_is("ActionForm"):
        fields = list(app.screen.query(Input))
        for field, name in zip(fields, ("action_what", "action_owner", "due"), strict=True):
            field.value = walk.world.texts[name]  # as if pasted
        await walk.press("ctrl+s")
        due = clean_line(walk.world.texts["due"]).strip()
        walk.on_screen(walk.look(), "due", 30, text=f"{quoted(due)} is not a date")
        await walk.press("escape")
    await walk.press("ctrl+p")  # the palette opens over data, and closes
    walk.screen_is("CommandPalette")
    await walk.press("escape")
    await walk.press("escape")
    await walk.press("escape")


async def programmes(walk: Walk) -> None:
    app = walk.app
    await walk.press("p")
    if not walk.screen_is("ProgrammesScreen"):
        return
    look = walk.look()
    walk.on_screen(look, "programme", 16)
    info = app.screen.query_one("#programme-info")
    for name in ("programme", "programme_owner"):
        walk.held(info, name)
    for name in ("auditor", "team"):  # progress by auditor and by team: cut to a column
        walk.held(info, name, 12)
    await walk.press("c")
    if walk.screen_is("ProgrammeCasesScreen"):
        look = walk.look()
        walk.on_screen(look, "programme", 16)  # in the title
        for name, cells in (("case_ref_b", 12), ("team", 14), ("auditor", 10), ("reason", 10)):
            walk.on_screen(look, name, cells)
        await walk.press("question_mark")
        walk.on_screen(walk.look(), "programme", 16)  # the help names the screen
        await walk.press("escape")
        await walk.press("plus")  # a case that does not exist: the error quotes it
        if walk.screen_is("CaseReasonForm"):
            fields = list(app.screen.query(Input))
            missing = walk.world.texts["case_ref"] + "?"
            fields[0].value = missing
            fields[1].value = walk.world.texts["reason"]
            await walk.press("ctrl+s")
            await walk.press()
            walk.on_screen(
                walk.look(),
                "case_ref",
                30,
                text="no case with reference " + repr(clean_line(missing).strip()),
            )
            if type(app.screen).__name__ == "ProblemsScreen":  # a long one: the dialog
                await walk.press("escape")
    await walk.press("escape", "escape")


async def moderation(walk: Walk) -> None:
    app = walk.app
    await walk.press("m")
    if not walk.screen_is("ModerationQueueScreen"):
        return
    look = walk.look()
    walk.on_screen(look, "case_ref_b", 12)
    walk.on_screen(look, "auditor", 10)
    await walk.press("enter")
    if walk.screen_is("ModerationScreen"):
        look = walk.look()
        walk.on_screen(look, "case_ref_b", 20)
        header = app.screen.query_one("#moderation-header")
        for name in ("team", "auditor", "rubric_title"):
            walk.held(header, name, HEADER)
        walk.on_screen(look, "question", 20)
        text = app.screen.query_one("#moderation-text")
        for name in ("question", "guidance", "evidence_theirs"):
            walk.held(text, name)
        await walk.press("down", "down")  # own-scale
        walk.held(text, "grade_label")
        await walk.press("down")  # visits-in-time: agreed differently, with a reason
        walk.held(text, "moderation_reason")
        await walk.press("escape")
    await walk.press("escape")


async def follow_ups(walk: Walk) -> None:
    app = walk.app
    await walk.press("f")
    if not walk.screen_is("FollowUpsScreen"):
        return
    look = walk.look()
    walk.on_screen(look, "case_ref_b", 12)
    walk.on_screen(look, "told_who", 12)
    walk.held(app.screen.query_one("#follow-ups"), "escalation_action")
    await walk.press("a")  # closed ones too, with what was done
    listed = app.screen.query_one("#follow-ups")
    for name in ("action_what", "closing_note"):
        walk.held(listed, name)
    await walk.press("enter")  # close the escalation: the prompt names it
    walk.on_screen(walk.look(), "case_ref_b", 12, text="Done: " + walk.world.stored["case_ref_b"])
    await walk.press("escape", "escape")


async def action_plan(walk: Walk) -> None:
    app = walk.app
    await walk.press("a")
    if not walk.screen_is("ActionPlanScreen"):
        return
    walk.on_screen(walk.look(), "plan_title", 20)
    detail = app.screen.query_one("#plan-detail")
    for name in ("plan_title", "plan_description", "status_reason", "theme"):
        walk.held(detail, name)
    walk.held(app.screen.query_one(DataTable), "plan_owner", 20)
    await walk.press("escape")


async def dashboard(walk: Walk) -> None:
    app = walk.app
    await walk.press("d")
    if not walk.screen_is("DashboardScreen"):
        return
    walk.on_screen(walk.look(), "rubric_title", 20)  # each rubric's overall row
    await walk.press("b")  # the rubric filter lists the rubric; chosen, its criteria show
    walk.on_screen(walk.look(), "rubric_title", 20)
    await walk.press("down", "enter")
    look = walk.look()
    walk.on_screen(look, "rubric_title", 20)
    walk.on_screen(look, "question", 20)
    await walk.press("2")  # teams as the audits counted them, when submitted
    walk.on_screen(walk.look(), "team_counted", 12)
    await walk.press("t")  # the team filter lists the team, and then shows it
    walk.on_screen(walk.look(), "team_counted", 20)
    await walk.press("down", "enter")
    walk.on_screen(walk.look(), "team_counted", 20)
    await walk.press("5")
    look = walk.look()
    walk.on_screen(look, "theme_counted", 20)
    walk.on_screen(look, "theme2", 20)
    walk.on_screen(look, "team_counted", 20, text="Teams: " + walk.world.stored["team_counted"])
    themes = app.screen.query_one("#dash-themes", DataTable)
    rows = [row.theme for row in app.screen.ranking.rows]  # type: ignore[attr-defined]
    if walk.world.stored["theme_counted"] in rows:
        themes.move_cursor(row=rows.index(walk.world.stored["theme_counted"]))
    await walk.press("enter")  # the audits behind the theme
    if walk.screen_is("DrillDownScreen"):
        look = walk.look()
        walk.on_screen(
            look, "theme_counted", 20, text="Theme: " + walk.world.stored["theme_counted"]
        )
        walk.on_screen(look, "case_ref_b", 12)
        for name in ("team_counted", "auditor", "cohort_counted"):
            walk.held(app.screen.query_one(DataTable), name, 30)
        await walk.press("v")  # with the evidence
        walk.held(app.screen.query_one(DataTable), "evidence_theirs", 30)
        await walk.press("escape")
    await walk.press("M")  # merge the theme into the other: the message quotes it
    into = typed(walk.world.stored["theme2"])
    app.screen.query_one(Input).value = into
    await walk.press("enter")
    await walk.press()
    walk.on_screen(walk.look(), "theme2", 16, text=repr(into)[1:])
    if type(app.screen).__name__ == "ProblemsScreen":
        await walk.press("escape")
    await walk.press("escape")


async def walk_every_screen(world: World, size: tuple[int, int] = (80, 24)) -> list[str]:
    store = Store.open(world.db)
    app = make_app(AuditDesk(store, world.lead, world.rubrics))
    problems: list[str] = []
    try:
        async with app.run_test(size=size, notifications=True) as pilot:
            walk = Walk(app, pilot, world, problems)
            await settle(pilot, app)
            for part in (
                home_and_new_audit,
                audit_and_judgement,
                programmes,
                moderation,
                follow_ups,
                action_plan,
                dashboard,
            ):
                await part(walk)
                if not walk.screen_is("HomeScreen"):
                    break
    finally:
        store.close()
    return problems


# -- the properties -----------------------------------------------------------------------


@settings(
    max_examples=int(os.environ.get("QA_TUI_TEXT_EXAMPLES", "1")),
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],  # a walk is too dear to shrink
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(texts=worlds)
@example(texts=CRASHERS)
@example(texts=VERY_LONG)
def test_every_screen_shows_any_text_literally(tmp_path: Path, texts: dict[str, str]) -> None:
    if (
        squash(texts["case_ref"]) == squash(texts["case_ref_b"])
        or texts["lead"].strip() == texts["auditor"].strip()
    ):
        texts = {
            **texts,
            "case_ref_b": texts["case_ref_b"] + " B",
            "auditor": texts["auditor"] + " B",
        }
    world = build_world(Path(mkdtemp(dir=tmp_path)), texts)
    problems = asyncio.run(walk_every_screen(world))
    assert not problems, "\n".join(problems)


RAW = "\x1b[2J\x00[/] [bold $var \u202e\x9b\x07"  # as a damaged or hostile file left it


def test_a_database_already_holding_hostile_text_opens_on_every_screen(tmp_path: Path) -> None:
    """Text put straight into the file (an old version, another tool, a hand edit), raw
    escape sequences and NULs included: every screen opens and shows it, and not one
    control character reaches the terminal. Only rows the desks may still change are
    edited: a submitted audit is the database's to guard."""
    world = build_world(tmp_path, PLAIN)
    raw = {name: f"{name} {RAW} end" for name in FIELDS}
    conn = sqlite3.connect(world.db)
    with conn:
        conn.execute(
            "UPDATE cases SET team = ?, worker = ?, cohort = ?, child_pseudonym = ?",
            (raw["team"], raw["worker"], raw["cohort"], raw["pseudonym"]),
        )
        conn.execute(
            "UPDATE programme_cases SET team = ?, reason = ?", (raw["team"], raw["reason"])
        )
        conn.execute(
            "UPDATE programmes SET name = ?, owner = ?", (raw["programme"], raw["programme_owner"])
        )
        conn.execute(
            "UPDATE answers SET evidence = ? WHERE audit_id = ?", (raw["evidence"], world.mine)
        )
        conn.execute(
            "UPDATE audit_themes SET theme = ? WHERE audit_id = ?", (raw["theme"], world.mine)
        )
        conn.execute(
            "UPDATE audits SET overall_rationale = ? WHERE id = ?", (raw["rationale"], world.mine)
        )
        conn.execute(
            "UPDATE case_actions SET what = ?, owner = ? WHERE audit_id = ?",
            (raw["action_what"], raw["action_owner"], world.mine),
        )
        conn.execute(
            "UPDATE action_items SET title = ?, description = ?, owner = ?, status_reason = ?",
            (raw["plan_title"], raw["plan_description"], raw["plan_owner"], raw["status_reason"]),
        )
        conn.execute("UPDATE action_themes SET theme = ?", (raw["theme"],))
    conn.close()
    world = read_back(world)
    assert world.stored["team"] == raw["team"]  # the file really holds them, NUL and all
    assert world.stored["evidence"] == raw["evidence"]

    problems = asyncio.run(walk_every_screen(world))
    assert not problems, "\n".join(problems)


@given(st.text(ANY_CHAR))
@settings(max_examples=300, database=None)
def test_visible_shows_every_printable_character_and_no_control(text: str) -> None:
    """The expectation the walk above checks screens against: never a control character,
    never a printable character lost."""
    shown = visible(text)
    assert not CONTROL.search(shown)
    for run in CONTROL.split(text):
        assert squash(run) in squash(shown)


# -- errors a person can act on -------------------------------------------------------------


def error_toasts(seen: list) -> list[str]:
    return [
        m.notification.message
        for m in seen
        if type(m).__name__ == "Notify" and m.notification.severity == "error"
    ]


async def test_a_long_list_of_problems_opens_a_dialog_with_every_line(tmp_path: Path) -> None:
    """Twelve broken rubric files: not a toast cut at six lines, but a dialog that shows
    every problem literally, scrolls by keys, copies them all and closes on escape."""
    rubrics = tmp_path / "rubrics"
    rubrics.mkdir()
    broken = MINI_YAML.read_text(encoding="utf-8").replace("limiting: true", "limitting: true")
    for n in range(12):
        (rubrics / f"broken [bold] [@click=app.quit] {n:02d}.yaml").write_text(
            broken.replace("id: mini", f"id: mini-{n}"), encoding="utf-8"
        )
    store = Store.open(tmp_path / "qa.sqlite3")
    app = make_app(AuditDesk(store, "alice", rubrics))
    seen: list = []
    async with app.run_test(size=(80, 24), message_hook=seen.append) as pilot:
        await pilot.pause(1.3)  # rubric files are read just after the first screen
        await settle(pilot, app)
        assert type(app.screen).__name__ == "ProblemsScreen"
        lines = app.screen.lines  # type: ignore[attr-defined]
        assert len(lines) == 12
        assert all("[bold] [@click=app.quit]" in line and "limitting" in line for line in lines)
        held = squash(str(app.screen.query_one("#problems-lines").render()))
        assert all(squash(line) in held for line in lines)
        look = Look(app)
        assert look.shows(squash("Could not read the rubric files"))
        assert look.shows(squash(lines[0])) and not look.shows(squash(lines[-1]))
        await pilot.press("end")  # the last line, by keys
        await pilot.pause(0.1)
        assert Look(app).shows(squash(lines[-1]))
        await pilot.press("pageup", "home")
        await pilot.pause(0.1)
        assert Look(app).shows(squash(lines[0]))
        await pilot.press("c")
        assert all(line in app.clipboard for line in lines)
        await pilot.press("escape")
        await settle(pilot, app)
        assert type(app.screen).__name__ == "HomeScreen"
    assert not any("rubric" in message for message in error_toasts(seen))  # said once
    store.close()


async def test_an_unexpected_failure_is_logged_and_the_message_says_where(
    tmp_path: Path, private_log_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A desk's own error is shown as it is and logs nothing; anything else keeps its
    traceback in the log, and the one message the person reads names the file."""
    from qa_tui.desks.audits import ServiceError
    from qa_tui.domain.records import Case

    store = Store.open(tmp_path / "qa.sqlite3")
    store.upsert_cases([Case("CIN-0001", "MASH")], "lead", "test")
    desk = AuditDesk(store, "alice", MINI_YAML.parent)
    desk.start_audit("CIN-0001", "mini")
    failures = iter(
        [
            ServiceError("this criterion's scale has grades 1 to 4"),
            ZeroDivisionError("division by zero"),
        ]
    )

    def grade_by_number(*_args: object) -> None:
        raise next(failures)

    monkeypatch.setattr(desk, "grade_by_number", grade_by_number)
    log = private_log_dir / "qa-tui.log"
    seen: list = []
    app = make_app(desk)
    async with app.run_test(size=(80, 24), message_hook=seen.append) as pilot:
        await settle(pilot, app)
        await pilot.press("enter")
        await settle(pilot, app)
        await pilot.press("2")
        await settle(pilot, app)
        assert error_toasts(seen) == [
            "Could not save the grade: this criterion's scale has "
            "grades 1 to 4. Nothing you typed is lost; try again."
        ]
        assert not log.exists()
        await pilot.press("2")
        await settle(pilot, app)
        assert app.is_running
    [_, unexpected] = error_toasts(seen)
    assert unexpected.startswith(
        "Could not save the grade: unexpected error (ZeroDivisionError). Details were written to "
    )
    assert str(log) in unexpected
    written = log.read_text(encoding="utf-8")
    assert "save the grade" in written and "ZeroDivisionError: division by zero" in written
    assert "Traceback" in written
    store.close()
