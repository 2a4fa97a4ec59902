"""A person's settings file: written whole and private, read back the same, a broken one
said in one message naming file, line and field; `--theme` used and kept; a theme
chosen in the app kept; a remapped key doing its action.

Every test has its own settings file (QA_TUI_CONFIG), never the person's own.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import settle
from textual.color import Color

from qa_tui.desks.audits import AuditDesk
from qa_tui.settings import (
    Settings,
    SettingsProblem,
    load_settings,
    remember_theme,
    save_settings,
    settings_path,
)
from qa_tui.tui.app import make_app
from qa_tui.tui.key_ids import KEY_BINDING_IDS
from qa_tui.tui.theme import HIGH_CONTRAST, theme_names


@pytest.fixture(autouse=True)
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This test's settings file (not yet written), in a folder not yet made."""
    path = tmp_path / "config" / "qa-tui" / "settings.toml"
    monkeypatch.setenv("QA_TUI_CONFIG", str(path))
    return path


def checked(path: Path) -> Settings:
    """Read as the CLI reads it: theme names and key binding ids checked."""
    return load_settings(path, themes=theme_names(), binding_ids=KEY_BINDING_IDS)


def problem(path: Path, text: str) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    with pytest.raises(SettingsProblem) as caught:
        checked(path)
    return str(caught.value)


# -- the file ------------------------------------------------------------------------------


def test_no_file_is_the_defaults(config: Path) -> None:
    assert settings_path() == config
    assert checked(config) == Settings()
    assert not config.exists()


def test_saved_settings_read_back_the_same_from_a_private_file(config: Path) -> None:
    mine = Settings(
        theme=HIGH_CONTRAST,
        keymap={"audit.judgement": "j", "home.new": "w,plus"},
        stay_on_criterion=True,
    )
    assert save_settings(mine) == config
    assert checked(config) == mine
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    assert stat.S_IMODE(config.parent.stat().st_mode) == 0o700  # made by qa-tui
    assert [p.name for p in config.parent.iterdir()] == ["settings.toml"]  # no temp file left


def test_a_theme_kept_leaves_the_rest_of_the_file_as_the_person_wrote_it(config: Path) -> None:
    config.parent.mkdir(parents=True)
    config.write_text('# my settings\n\n[keymap]\n# j for judgement\n"audit.judgement" = "j"\n')
    remember_theme("nord", config)
    assert config.read_text() == (
        '# my settings\n\ntheme = "nord"\n[keymap]\n# j for judgement\n"audit.judgement" = "j"\n'
    )
    remember_theme("dracula", config)
    text = config.read_text()
    assert text.count("theme =") == 1 and "# j for judgement" in text
    assert checked(config) == Settings(theme="dracula", keymap={"audit.judgement": "j"})


def test_a_theme_is_not_written_over_a_file_that_does_not_read(config: Path) -> None:
    config.parent.mkdir(parents=True)
    config.write_text('theme = "nord\n')  # being edited: the quote not closed yet
    with pytest.raises(SettingsProblem):
        remember_theme("dracula", config)
    assert config.read_text() == 'theme = "nord\n'


# -- a broken file: one message, naming file, line and field ---------------------------------


def test_a_key_binding_that_does_not_exist_is_named_with_its_line(config: Path) -> None:
    said = problem(config, 'theme = "nord"\n[keymap]\n"audit.grade_1" = "g"\n')
    assert said == f"{config}:3: keymap.audit.grade_1: no such key binding"


def test_keymap_tables_nested_say_the_same_and_are_checked_the_same(config: Path) -> None:
    config.parent.mkdir(parents=True)
    config.write_text('[keymap.audit]\njudgement = "j"\n[keymap.home]\nnew = "w"\n')
    assert checked(config).keymap == {"audit.judgement": "j", "home.new": "w"}
    said = problem(config, '[keymap.audit]\njudgement = "j"\ngrade_1 = "g"\n')
    assert said == f"{config}:3: keymap.audit.grade_1: no such key binding"


def test_every_problem_is_one_line_in_file_order(config: Path) -> None:
    said = problem(
        config,
        "\n".join(
            [
                'theme = "no-such-theme"',
                "colour = 'blue'",
                "[audit]",
                'stay_on_criterion = "yes"',
                "[keymap]",
                '"audit.judgement" = 7',
            ]
        ),
    )
    lines = said.splitlines()
    assert lines[0].startswith(f"{config}:1: theme: no such theme 'no-such-theme' (choose from ")
    assert HIGH_CONTRAST in lines[0]
    assert lines[1] == f"{config}:2: colour: not a setting (the settings are theme, rubrics, " + (
        "keymap, audit.stay_on_criterion)"
    )
    assert lines[2] == f"{config}:4: audit.stay_on_criterion: true or false"
    assert lines[3].startswith(f"{config}:6: keymap.audit.judgement: a key")
    assert len(lines) == 4


def test_a_file_that_is_not_toml_names_its_line(config: Path) -> None:
    said = problem(config, "# fine\n\ntheme = \n")
    assert said.startswith(f"{config}:3: ") and "Traceback" not in said


def test_a_keymap_that_is_not_a_table_says_how_to_write_one(config: Path) -> None:
    said = problem(config, 'keymap = "j"\n')
    assert said == f"{config}:1: keymap: a table: [keymap] on a line of its own, then its fields"


# -- the command line -----------------------------------------------------------------------

HEADLESS = {
    # Textual's own: the app runs without a terminal and these keys are pressed.
    "TEXTUAL_DRIVER": "textual.drivers.headless_driver:HeadlessDriver",
    "TEXTUAL_PRESS": "ctrl+q",
}


def qa_tui(*args: str, config: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """The real program in a real process, with this test's settings file."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("QA_TUI_", "TEXTUAL_"))}
    full_env.update(QA_TUI_CONFIG=str(config), **env)
    return subprocess.run(
        [sys.executable, "-m", "qa_tui", *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=120,
    )


def test_dash_dash_theme_is_used_and_kept(config: Path, tmp_path: Path) -> None:
    db = tmp_path / "qa.sqlite3"
    done = qa_tui(
        "--theme", HIGH_CONTRAST, "--db", str(db), "--user", "ann", config=config, **HEADLESS
    )
    assert done.returncode == 0, done.stderr
    assert checked(config).theme == HIGH_CONTRAST
    # In the app, ctrl+t goes from this dark theme to the light one, and that is kept too:
    # so the app ran in the theme given.
    pressed = HEADLESS | {"TEXTUAL_PRESS": "ctrl+t,ctrl+q"}
    done = qa_tui("--db", str(db), "--user", "ann", config=config, **pressed)
    assert done.returncode == 0, done.stderr
    assert checked(config).theme == "textual-light"


def test_demo_takes_dash_dash_theme_too(config: Path, tmp_path: Path) -> None:
    db = tmp_path / "demo.sqlite3"
    done = qa_tui("demo", "--db", str(db), "--theme", "nord", config=config, **HEADLESS)
    assert done.returncode == 0, done.stderr
    assert checked(config).theme == "nord"


def test_an_unknown_theme_is_bad_usage_naming_the_choices(config: Path, tmp_path: Path) -> None:
    db = tmp_path / "qa.sqlite3"
    for args in (["--theme", "neon"], ["demo", "--db", str(db), "--theme", "neon"]):
        done = qa_tui(*args, "--db", str(db), config=config, **HEADLESS)
        assert done.returncode == 2
        assert "no such theme 'neon'; choose from:" in done.stderr
        assert HIGH_CONTRAST in done.stderr and "textual-light" in done.stderr
    assert not config.exists() and not db.exists()


def test_a_broken_settings_file_stops_the_app_before_it_starts(
    config: Path, tmp_path: Path
) -> None:
    config.parent.mkdir(parents=True)
    config.write_text('[keymap]\n"audit.grade_1" = "g"\n')
    db = tmp_path / "qa.sqlite3"
    done = qa_tui("--db", str(db), "--user", "ann", config=config, **HEADLESS)
    assert done.returncode == 1
    assert done.stderr == f"Error: {config}:2: keymap.audit.grade_1: no such key binding\n"
    assert not db.exists()  # nothing was opened


# -- in the app -----------------------------------------------------------------------------


async def test_the_theme_chosen_is_used_at_start(desk: AuditDesk) -> None:
    app = make_app(desk, settings=Settings(theme=HIGH_CONTRAST))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert app.theme == HIGH_CONTRAST
        assert app.screen.styles.background == Color.parse("#000000")


async def test_a_theme_chosen_in_the_palette_is_kept(desk: AuditDesk, config: Path) -> None:
    """Textual's own theme picker, reached from the palette: the choice is saved."""
    app = make_app(desk, settings=checked(config))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("ctrl+p")
        await pilot.pause(0.2)
        await pilot.press(*"theme")
        await pilot.pause(0.5)
        await pilot.press("enter")  # Textual's "Theme": the list of themes
        await pilot.pause(0.5)
        await pilot.press(*"high-contrast")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert app.theme == HIGH_CONTRAST
    assert checked(config).theme == HIGH_CONTRAST


async def test_settings_made_in_code_are_never_saved(desk: AuditDesk, config: Path) -> None:
    app = make_app(desk, settings=Settings())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+t")
        await pilot.pause(0.2)
        assert app.theme == "textual-light"
    assert not config.exists()


async def test_a_remapped_key_does_the_action_and_the_old_one_does_not(
    desk: AuditDesk, full_audit: int, config: Path
) -> None:
    """`o` opens the overall judgement; remapped to `j`, `j` does and `o` does nothing."""
    save_settings(Settings(keymap={"audit.judgement": "j"}))
    app = make_app(desk, settings=checked(config))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        app.open_audit(full_audit)
        await settle(pilot, app)
        assert type(app.screen).__name__ == "AuditScreen"
        await pilot.press("o")
        await settle(pilot, app)
        assert type(app.screen).__name__ == "AuditScreen"
        await pilot.press("j")
        await settle(pilot, app)
        assert type(app.screen).__name__ == "JudgementScreen"


def test_the_readme_example_is_a_settings_file_that_works(config: Path) -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
    example = readme.split("```toml\n", 1)[1].split("```", 1)[0]
    config.parent.mkdir(parents=True)
    config.write_text(example)
    assert checked(config) == Settings(
        theme=HIGH_CONTRAST, keymap={"audit.judgement": "j"}, stay_on_criterion=False
    )
