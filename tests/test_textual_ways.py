"""Textual's own ways, kept: colours only from theme variables (and a high-contrast theme
that reads), a unique id on every key binding so a keymap can move it, a command palette
that keeps Textual's commands and offers every action of every screen, and a keys list
that names each key once.

The palette and keys list are read on every screen qa-tui has, each opened for real on a
copy of the demo database as its QA lead.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import settle
from textual._color_constants import COLOR_NAME_TO_RGB
from textual.actions import parse
from textual.binding import Binding
from textual.color import Color
from textual.screen import Screen
from textual.theme import BUILTIN_THEMES

from qa_tui.desks.audits import AuditDesk
from qa_tui.desks.demo import build_demo_database
from qa_tui.desks.demo_data import MODERATOR
from qa_tui.desks.demo_open import demo_desk
from qa_tui.desks.moderation import ModerationDesk
from qa_tui.desks.opening import open_desk, people_desk
from qa_tui.desks.programmes import ProgrammeDesk
from qa_tui.desks.reaudits import ReauditDesk
from qa_tui.tui.app import QaTuiApp, make_app
from qa_tui.tui.key_ids import KEY_BINDING_IDS
from qa_tui.tui.palette import action_of, our_bindings
from qa_tui.tui.screens.help import NOT_FOR_YOU, HelpScreen
from qa_tui.tui.theme import HIGH_CONTRAST, HIGH_CONTRAST_THEME, theme_names

TUI = Path(__file__).resolve().parent.parent / "qa_tui" / "tui"

# -- the high-contrast theme -------------------------------------------------------------


def luminance(color: Color) -> float:
    """WCAG relative luminance."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(color.r) + 0.7152 * linear(color.g) + 0.0722 * linear(color.b)


def contrast(fore: Color, back: Color) -> float:
    light, dark = sorted([luminance(fore), luminance(back)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_high_contrast_theme_reads_at_seven_to_one_everywhere_text_is_drawn() -> None:
    colors = HIGH_CONTRAST_THEME.to_color_system().generate()

    def color(name: str, over: str = "background") -> Color:
        """The colour as painted: a see-through one (boost) laid over `over`."""
        shade = Color.parse(colors[name])
        return Color.parse(colors[over]) + shade if shade.a < 1 else shade

    backgrounds = {name: color(name) for name in ("background", "surface", "panel", "boost")}
    words = ["text", "text-muted", "foreground", "error", "warning", "success", "accent"]
    words += ["text-error", "text-warning", "text-success", "text-accent", "text-primary"]
    low = [
        f"{word} on {where}: {contrast(color(word), back):.2f}"
        for word in words
        for where, back in backgrounds.items()
        if contrast(color(word), back) < 7
    ]
    pairs = [
        ("block-cursor-foreground", "block-cursor-background"),
        ("footer-key-foreground", "footer-background"),
        ("footer-description-foreground", "footer-background"),
        ("block-cursor-blurred-foreground", "block-cursor-blurred-background"),
        ("input-cursor-foreground", "input-cursor-background"),
        ("background", "error"),  # "overdue": the error colour reversed
    ]
    low += [
        f"{fore} on {back}: {contrast(color(fore), color(back)):.2f}"
        for fore, back in pairs
        if contrast(color(fore), color(back)) < 7
    ]
    assert low == []
    assert colors["text"] == "#ffffff" and Color.parse(colors["background"]).brightness < 0.05


def test_high_contrast_theme_is_registered_and_chosen_by_name(desk: AuditDesk) -> None:
    app = make_app(desk)
    assert HIGH_CONTRAST in app.available_themes
    assert HIGH_CONTRAST in theme_names()
    assert set(BUILTIN_THEMES) <= set(theme_names())


# -- no colour written in the code ---------------------------------------------------------

# Files let off the check while their colours were still written out; the charts work
# made the dashboard's and action plan's theme tones (widgets/tones.py). Keep it empty:
# the test below fails for any file listed here that has no hard-coded colour left.
NOT_YET_THEMED: set[str] = set()

THEME_FILE = "theme.py"  # where the high-contrast theme's colours are written: the one place

COLOR_NAMES = set(COLOR_NAME_TO_RGB) - {"transparent"}
STYLE_WORDS = {
    "bold", "b", "dim", "d", "italic", "i", "underline", "u", "reverse", "r", "strike", "s",
    "blink", "blink2", "conceal", "frame", "encircle", "overline", "o", "not", "on", "none",
    "link", "default", "underline2", "uu", "/",
}  # fmt: skip
HEX = re.compile(r"^#(?:[0-9a-fA-F]{3,4}){1,2}$")
RGB = re.compile(r"^(?:rgba?|hsla?|color)\(")
MARKUP_TAG = re.compile(r"\[(/?[^\[\]]*)\]")


def colours_in_style(style: str) -> list[str]:
    """The colours named outright (not `$variables`) if `style` reads as a Rich or Textual
    style ("bold red", "green on black", "#ff0000"); [] for anything else."""
    words = style.replace("/", " / ").split()
    if not words:
        return []
    named = [w for w in words if w.lower() in COLOR_NAMES or HEX.match(w) or RGB.match(w)]
    styleish = all(
        w.lower() in STYLE_WORDS or w.startswith("$") or w in named or w.startswith("@")
        for w in words
    )
    return named if styleish else []


def hard_coded_in_python(source: str) -> list[str]:
    """Every string in the code that is, or marks up, a colour by name."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
            where = f"line {node.lineno}: {text[:60]!r}"
            tags = MARKUP_TAG.findall(text)
            if colours_in_style(text) or any(colours_in_style(t.lstrip("/")) for t in tags):
                found.append(where)
    return found


def hard_coded_in_css(source: str) -> list[str]:
    """Every declaration in a stylesheet whose value names a colour outright."""
    source = re.sub(r"/\*.*?\*/", "", source, flags=re.S)
    found = []
    for block in re.findall(r"\{([^{}]*)\}", source):
        for declaration in block.split(";"):
            if ":" not in declaration:
                continue
            prop, value = (part.strip() for part in declaration.split(":", 1))
            for word in re.split(r"[\s,]+", value):
                if word.lower() in COLOR_NAMES or HEX.match(word) or RGB.match(word):
                    found.append(f"{prop}: {value}")
    return found


def tui_files(suffix: str) -> dict[str, Path]:
    return {str(p.relative_to(TUI)): p for p in sorted(TUI.rglob(f"*{suffix}"))}


def test_the_checks_see_a_colour_written_out() -> None:
    """The checks themselves: each way of writing a colour is caught, variables are not."""
    assert hard_coded_in_python('x = Text("to develop", "yellow")')
    assert hard_coded_in_python('s = "bold red"')
    assert hard_coded_in_python('s = "[b green]ok[/]"')
    assert hard_coded_in_python('w.styles.color = "#ff0000"')
    assert hard_coded_in_python('s = "white on rgb(10,10,10)"')
    assert not hard_coded_in_python('s = "bold $error"; t = "[b $warning]x[/]"; u = "Red team"')
    assert hard_coded_in_css("#a { color: red; }") and hard_coded_in_css("A{background:#000}")
    assert not hard_coded_in_css("#add { color: $text; border: solid $primary; }")


def test_every_colour_in_the_stylesheet_and_screens_is_a_theme_variable() -> None:
    problems = {
        name: found
        for name, path in tui_files(".tcss").items()
        if (found := hard_coded_in_css(path.read_text("utf-8")))
    }
    problems |= {
        name: found
        for name, path in tui_files(".py").items()
        if name not in {*NOT_YET_THEMED, THEME_FILE}
        and (found := hard_coded_in_python(path.read_text("utf-8")))
    }
    assert problems == {}


def test_files_let_off_the_colour_check_still_need_it() -> None:
    """The allow-list only shrinks: a file converted to theme variables leaves it."""
    files = tui_files(".py")
    converted = [
        name for name in NOT_YET_THEMED if not hard_coded_in_python(files[name].read_text("utf-8"))
    ]
    assert converted == [], "remove these from NOT_YET_THEMED"


# -- key bindings ---------------------------------------------------------------------------


def every_binding() -> list[tuple[type, Binding]]:
    """Each binding in qa-tui with the class (a screen, a widget, a screen's mix-in) whose
    BINDINGS hold it: every TUI module imported and walked."""
    import qa_tui.tui

    found: list[tuple[type, Binding]] = []
    modules = pkgutil.walk_packages(qa_tui.tui.__path__, "qa_tui.tui.")
    for info in sorted(modules, key=lambda m: m.name):
        module = importlib.import_module(info.name)
        for cls in vars(module).values():
            if inspect.isclass(cls) and cls.__module__ == info.name and "BINDINGS" in vars(cls):
                found.extend(
                    (cls, b) for b in cls.__dict__.get("BINDINGS", []) if isinstance(b, Binding)
                )
    return found


def test_every_binding_has_an_id_and_no_two_share_one() -> None:
    bindings = every_binding()
    assert len(bindings) > 50  # the walk found the screens
    without = [f"{cls.__name__}: {b.key} -> {b.action}" for cls, b in bindings if not b.id]
    assert without == []
    shared = {i: n for i, n in Counter(b.id for _cls, b in bindings).items() if n > 1}
    assert shared == {}


def test_every_key_says_what_it_does_in_the_users_words() -> None:
    """A tooltip on every described key: the keys list and the palette show it."""
    bare = {b.id for _cls, b in every_binding() if b.description and not b.tooltip}
    assert bare == set()


def test_the_published_ids_are_the_bindings_ids() -> None:
    """The CLI checks a keymap against KEY_BINDING_IDS without importing the screens."""
    ids = {b.id for _cls, b in every_binding()}
    assert ids - KEY_BINDING_IDS == set(), "a new key: add its id to qa_tui/tui/key_ids.py"
    assert KEY_BINDING_IDS - ids == set(), (
        "an id renamed or removed: people's keymaps naming it stop working; if that is "
        "meant, take it out of qa_tui/tui/key_ids.py"
    )


def test_binding_ids_are_stable_names_of_screen_and_action() -> None:
    """An id is what a person writes in their keymap: "screen.action", lower case."""
    odd = [
        b.id for _cls, b in every_binding() if not re.fullmatch(r"[a-z_-]+\.[a-z0-9_]+", b.id or "")
    ]
    assert odd == []
    ids = {b.id for _cls, b in every_binding()}
    assert {"app.help", "app.theme", "audit.grade", "audit.judgement", "home.new"} <= ids


# -- the palette and the keys list on every screen ------------------------------------------


@pytest.fixture(scope="module")
def demo_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ways") / "demo.sqlite3"
    build_demo_database(path)
    return path


@pytest.fixture
def lead(demo_built: Path, tmp_path: Path) -> AuditDesk:
    """The demo's QA lead (who also audits), on this test's own copy of the demo."""
    copy = tmp_path / "demo.sqlite3"
    shutil.copy(demo_built, copy)
    return demo_desk(open_desk(copy, MODERATOR), MODERATOR)


def screen_classes() -> list[type[Screen[Any]]]:
    """Every screen qa-tui has that binds keys of its own or changes which it offers."""
    every_binding()  # imports every TUI module
    found = []
    for cls in _subclasses(Screen):
        declares = {"BINDINGS", "check_action", "palette_commands"} & set(vars(cls))
        if cls.__module__.startswith("qa_tui.") and not inspect.isabstract(cls) and declares:
            found.append(cls)
    return sorted(found, key=lambda c: c.__name__)


def _subclasses(cls: type) -> list[type]:
    return [s for sub in cls.__subclasses__() for s in (sub, *_subclasses(sub))]


def openers(desk: AuditDesk) -> dict[str, Callable[[QaTuiApp], Screen[Any]]]:
    """How to open each screen on the demo, as the QA lead."""
    from qa_tui.tui.failures import ProblemsScreen
    from qa_tui.tui.screens import (
        action_plan,
        action_plan_forms,
        audit,
        audit_earlier,
        calibration,
        calibration_grading,
        dashboard,
        drill_down,
        feedback,
        feedback_due,
        follow_ups,
        home,
        home_keys,
        import_cases,
        joint_judgement,
        judgement,
        lead_desk,
        learning_events,
        learning_needs,
        manager_home,
        moderation,
        new_audit,
        people,
        people_forms,
        people_home,
        plan_home,
        programme_cases,
        programme_forms,
        programme_recommendations,
        programmes,
        reaudits_due,
        send_back,
        sign_in,
        suggested_themes,
        supervision_checks,
    )
    from qa_tui.tui.widgets import dialogs

    own = next(a for a in desk.store.audit_summaries(desk.user) if a.status != "submitted")
    to_moderate = ModerationDesk(desk).queue()[0]["audit_id"]
    programme = ProgrammeDesk(desk).all()[0]
    partnership = next(p for p in ProgrammeDesk(desk).all() if p.kind == "multi_agency")
    person = desk.store.people()[0]
    reaudit = desk.store._one("SELECT started_audit_id AS id FROM reaudits WHERE started_audit_id")
    assert reaudit is not None, "the demo has a re-audit"
    earlier = ReauditDesk(desk).earlier(reaudit["id"])
    [supervision] = [  # the demo's submitted supervision audit (demo_supervision.py)
        row["audit_id"]
        for row in desk.store._rows("SELECT DISTINCT audit_id FROM supervision_checks")
    ]
    none: Callable[[int, int], list[dict]] = lambda _offset, _limit: []  # noqa: E731
    return {
        "ActionPlanScreen": lambda app: action_plan.ActionPlanScreen(),
        "AuditScreen": lambda app: audit.AuditScreen(own.id),
        "CalibrationScreen": lambda app: calibration.CalibrationScreen(),
        "CalibrationGradingScreen": lambda app: calibration_grading.CalibrationGradingScreen(
            1, agreed=False
        ),
        "CaseReasonForm": lambda app: programme_cases.CaseReasonForm("Why", [("Reason", "", "")]),
        "Choose": lambda app: dialogs.Choose("Pick", [("One", "1"), ("Two", "2")]),
        "Confirm": lambda app: programme_forms.Confirm("Sure?", "It will happen", ["one"]),
        "DashboardScreen": lambda app: dashboard.DashboardScreen(),
        "DeskForm": lambda app: people_forms.ResetPassphraseForm(people_desk(desk), person),
        "EarlierAuditScreen": lambda app: audit_earlier.EarlierAuditScreen(
            earlier, desk.open_audit(reaudit["id"])
        ),
        "DrillDownScreen": lambda app: drill_down.DrillDownScreen("Audits", none, none),
        "FeedbackDueScreen": lambda app: feedback_due.FeedbackDueScreen(),
        "FeedbackScreen": lambda app: feedback.FeedbackScreen(own.id),
        "FollowUpsScreen": lambda app: follow_ups.FollowUpsScreen(),
        "Form": lambda app: action_plan_forms.TargetForm(None),
        "HelpScreen": lambda app: HelpScreen(app.screen),
        "HomeScreen": lambda app: home.HomeScreen(),
        "ImportReport": lambda app: import_cases.ImportReport("Imported", ["3 cases"]),
        "JointJudgementScreen": lambda app: joint_judgement.JointJudgementScreen(partnership.id),
        "JudgementScreen": lambda app: judgement.JudgementScreen(own.id),
        "LeadDeskScreen": lambda app: lead_desk.LeadDeskScreen(),
        "LearningEventsScreen": lambda app: learning_events.LearningEventsScreen(),
        "TrainingNeedsScreen": lambda app: learning_needs.TrainingNeedsScreen(),
        "ManagerHomeScreen": lambda app: manager_home.ManagerHomeScreen(),
        "ModerationQueueScreen": lambda app: moderation.ModerationQueueScreen(),
        "ModerationScreen": lambda app: moderation.ModerationScreen(to_moderate),
        "NewAuditScreen": lambda app: new_audit.NewAuditScreen(),
        "OwnAuditsScreen": lambda app: home_keys.OwnAuditsScreen(),
        "PeopleHomeScreen": lambda app: people_home.PeopleHomeScreen(),
        "PeopleScreen": lambda app: people.PeopleScreen(),
        "PlanHomeScreen": lambda app: plan_home.PlanHomeScreen(),
        "ProblemsScreen": lambda app: ProblemsScreen("Problems", ["line 1: bad"]),
        "ProgrammeCasesScreen": lambda app: programme_cases.ProgrammeCasesScreen(programme),
        "ProgrammesScreen": lambda app: programmes.ProgrammesScreen(),
        "ReauditsDueScreen": lambda app: reaudits_due.ReauditsDueScreen(),
        "SentBackScreen": lambda app: send_back.SentBackScreen(),
        "RecommendationsDialog": lambda app: programme_recommendations.RecommendationsDialog(
            programme
        ),
        "SignInScreen": lambda app: sign_in.SignInScreen(),
        "SupervisionChecksScreen": lambda app: supervision_checks.SupervisionChecksScreen(
            supervision
        ),
        "SuggestedThemesDialog": lambda app: suggested_themes.SuggestedThemesDialog(
            "Voice", [("Child seen alone", "strength")], lambda _t, _p, _keep: None
        ),
        "TextPrompt": lambda app: dialogs.TextPrompt("Theme", "a theme"),
    }


# Actions a screen hides on purpose, on the screens named: a home has nothing to go back to.
# The audit screen shows `u` only on a supervision audit.
HIDDEN = {
    "PeopleHomeScreen": {"back"},
    "PlanHomeScreen": {"back"},
    "AuditScreen": {"supervision_checks"},
}


def bound_actions(screen: Screen[Any]) -> set[str]:
    """The screen's own actions with a key (the app's, such as quit, are the app's)."""
    return {parse(b.action)[1] for b in our_bindings(screen) if not parse(b.action)[0] and b.id}


def refused(screen: Screen[Any], action: str) -> bool:
    """The permission table says no (the footer greys the key)."""
    refusal_for = getattr(screen, "refusal_for", None)
    return refusal_for is not None and refusal_for(action) is not None


async def test_the_palette_offers_every_action_of_every_screen(lead: AuditDesk) -> None:
    """Each screen opened for real: the palette runs each of its keyed actions (unless the
    person may not), Textual's own commands stay, and none is listed twice."""
    classes = screen_classes()
    opening = openers(lead)
    assert [c.__name__ for c in classes if c.__name__ not in opening] == []
    app = make_app(lead, demo=True)
    missing: dict[str, set[str]] = {}
    offered_refused: dict[str, set[str]] = {}
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot, app)
        for cls in classes:
            screen = opening[cls.__name__](app)
            await app.push_screen(screen)
            await settle(pilot, app)
            commands = list(app.get_system_commands(screen))
            titles = [c.title for c in commands]
            assert len(titles) == len(set(titles)), cls.__name__
            assert {"Theme", "Screenshot", "Keys", "Quit"} <= set(titles), cls.__name__
            offered = {action_of(c.callback) for c in commands}
            actions = bound_actions(screen) - HIDDEN.get(cls.__name__, set())
            allowed = {a for a in actions if not refused(screen, a)}
            if allowed - offered:
                missing[cls.__name__] = allowed - offered
            if (actions - allowed) & offered:
                offered_refused[cls.__name__] = (actions - allowed) & offered
            app.pop_screen()
            await settle(pilot, app)
    assert missing == {}
    assert offered_refused == {}


async def test_the_screens_the_palette_forgot_now_offer_their_actions(lead: AuditDesk) -> None:
    """Moderation, follow-ups, the overall judgement, programme cases and the drill-down
    offered nothing in the palette; a command chosen there does what its key does."""
    app = make_app(lead, demo=True)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot, app)
        await pilot.press("f")  # the lead's desk: follow-ups
        await settle(pilot, app)
        assert type(app.screen).__name__ == "FollowUpsScreen"
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {"Show closed", "Audit", "Done…"} <= titles
        shown_before = app.screen.include_closed  # type: ignore[attr-defined]
        await pilot.press("ctrl+p")
        await pilot.pause(0.2)
        await pilot.press(*"show closed")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot, app)
        assert app.screen.include_closed is not shown_before  # type: ignore[attr-defined]


async def test_the_keys_list_names_each_key_once_on_every_screen(lead: AuditDesk) -> None:
    classes = screen_classes()
    opening = openers(lead)
    app = make_app(lead, demo=True)
    twice: dict[str, list[str]] = {}
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot, app)
        for cls in classes:
            screen = opening[cls.__name__](app)
            await app.push_screen(screen)
            await settle(pilot, app)
            rows = HelpScreen(screen).keys
            keys = Counter(k for row in rows for k in row.keys)
            shown = Counter(row.shown for row in rows)
            repeated = [k for k, n in [*keys.items(), *shown.items()] if n > 1]
            if repeated:
                twice[cls.__name__] = repeated
            app.pop_screen()
            await settle(pilot, app)
    assert twice == {}


async def test_the_keys_list_uses_the_tooltips_and_marks_keys_not_for_you(
    demo_built: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "demo.sqlite3"
    shutil.copy(demo_built, copy)
    auditor = demo_desk(open_desk(copy, "demo.auditor"), "demo.auditor")
    app = make_app(auditor, demo=True)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot, app)
        await pilot.press("question_mark")
        await pilot.pause(0.2)
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        rows = dict(help_screen.rows)
        assert rows["n"] == "Start an audit on a case with a chosen rubric"  # its tooltip
        assert rows["m"].endswith(NOT_FOR_YOU)  # moderation: the QA lead's
        assert rows["q ^q"] == "Save everything and quit"  # two keys, one row
        await pilot.press("escape")
        await pilot.press("enter")  # the first audit
        await settle(pilot, app)
        rows = dict(HelpScreen(app.screen).rows)
        assert "1..N" not in rows and "backspace" not in rows  # the screen's notes, once
        assert rows["1-N"].startswith("Digits choose a grade")
        assert rows["↑ ↓"] == "Move between criteria"
