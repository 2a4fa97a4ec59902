"""The council's own rubrics (issue 15, part 1): a folder of its rubrics read beside the
shipped ones (`--rubrics`, QA_TUI_RUBRICS, the settings file), an id in two files named
as `file:line: id: also defined in OTHER` with only those rubrics left out, a commented
starting file, and what changed between the versions audits were graded against.

Real files in tmp_path, a real database, the real command line through CliRunner.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import MINI_YAML

from qa_tui.cli.main import cli
from qa_tui.desks.opening import open_desk
from qa_tui.domain.errors import RubricFileError
from qa_tui.domain.records import Case
from qa_tui.domain.rubric_files import load_rubric_file, read_rubric_folders
from qa_tui.paths import shipped_rubrics_dir

MINI_TEXT = MINI_YAML.read_text("utf-8")


def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), env=env)


def rubric(folder: Path, name: str, rubric_id: str, text: str = MINI_TEXT) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text.replace("id: mini\n", f"id: {rubric_id}\n", 1), "utf-8")
    return path


@pytest.fixture
def council(tmp_path: Path) -> Path:
    folder = tmp_path / "council-rubrics"
    rubric(folder, "mash.yaml", "mash-decisions")
    return folder


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "qa.sqlite3"
    desk = open_desk(path, "lena", create=True)
    desk.store.upsert_cases([Case("CIN-0001", "Front Door", cohort="CIN")], "lena", "test")
    desk.store.close()
    return path


# -- the council's folder, three ways --------------------------------------------------


def test_a_council_rubric_can_be_used_for_a_round_with_the_flag(council: Path, db: Path) -> None:
    assert invoke("rubrics", "validate", str(council / "mash.yaml")).exit_code == 0
    without = invoke("--db", str(db), "--user", "lena", "programmes", "create", "R", "--rubric",
                     "mash-decisions")  # fmt: skip
    assert without.exit_code == 1 and "no rubric with id 'mash-decisions'" in without.stderr
    made = invoke("--rubrics", str(council), "--db", str(db), "--user", "lena",
                  "programmes", "create", "R", "--rubric", "mash-decisions")  # fmt: skip
    assert made.exit_code == 0, made.stderr
    assert "programme 1 created" in made.stdout + made.stderr


def test_the_environment_and_the_settings_file_name_the_folder_too(
    council: Path, tmp_path: Path
) -> None:
    listed = invoke("rubrics", "list", env={"QA_TUI_RUBRICS": str(council)})
    assert listed.exit_code == 0 and "mash-decisions" in listed.stdout
    assert "voice-of-the-child" in listed.stdout  # the shipped ones are still there

    settings = tmp_path / "config" / "settings.toml"
    settings.parent.mkdir()
    settings.write_text('rubrics = "../council-rubrics"\n', "utf-8")  # from the file's folder
    shown = invoke("rubrics", "show", "mash-decisions", env={"QA_TUI_CONFIG": str(settings)})
    assert shown.exit_code == 0 and "Was the child seen" in shown.stdout


def test_a_missing_folder_is_one_line_naming_where_it_came_from(tmp_path: Path) -> None:
    flag = invoke("--rubrics", str(tmp_path / "nope"), "rubrics", "list")
    assert flag.exit_code == 1 and "no such folder (--rubrics)" in flag.stderr
    env = invoke("rubrics", "list", env={"QA_TUI_RUBRICS": str(tmp_path / "nope")})
    assert env.exit_code == 1 and "QA_TUI_RUBRICS" in env.stderr
    settings = tmp_path / "settings.toml"
    settings.write_text('theme = "textual-dark"\nrubrics = "gone"\n', "utf-8")
    said = invoke("rubrics", "list", env={"QA_TUI_CONFIG": str(settings)})
    assert said.exit_code == 1 and f"{settings}:2: rubrics: no such folder" in said.stderr
    assert "Traceback" not in said.stderr


# -- an id in two files ----------------------------------------------------------------


def test_validate_refuses_two_explicit_files_with_one_id(tmp_path: Path) -> None:
    a = rubric(tmp_path, "voice.yaml", "voice-of-the-child")
    b = rubric(tmp_path, "impostor.yaml", "voice-of-the-child")
    result = invoke("rubrics", "validate", str(a), str(b))
    assert result.exit_code == 1
    assert f"{b}:3: id: also defined in {a}:3" in result.stderr


def test_a_clash_in_the_folder_takes_out_only_the_two_files(tmp_path: Path, db: Path) -> None:
    folder = tmp_path / "council"
    a = rubric(folder, "a.yaml", "neglect")
    b = rubric(folder, "b.yaml", "neglect")
    rubric(folder, "mash.yaml", "mash-decisions")
    env = {"QA_TUI_RUBRICS": str(folder)}

    validated = invoke("rubrics", "validate", env=env)
    assert validated.exit_code == 1
    assert f"{b}:3: id: also defined in {a}:3" in validated.stderr

    listed = invoke("rubrics", "list", env=env)
    assert listed.exit_code == 0
    assert "mash-decisions" in listed.stdout and "smart-plans" in listed.stdout
    assert "neglect" not in listed.stdout
    assert f"{b}:3: id: also defined in {a}" in listed.stderr

    refused = invoke("--db", str(db), "--user", "lena", "programmes", "create", "R",
                     "--rubric", "neglect", env=env)  # fmt: skip
    assert refused.exit_code == 1
    assert "'neglect' is unavailable" in refused.stderr and "also defined in" in refused.stderr
    ok = invoke("--db", str(db), "--user", "lena", "programmes", "create", "R",
                "--rubric", "mash-decisions", env=env)  # fmt: skip
    assert ok.exit_code == 0, ok.stderr


def test_a_broken_council_file_leaves_the_others_usable(tmp_path: Path) -> None:
    folder = tmp_path / "council"
    bad = rubric(folder, "bad.yaml", "bad", MINI_TEXT.replace("limiting: true", "limitting: 1"))
    rubric(folder, "mash.yaml", "mash-decisions")
    found = read_rubric_folders([shipped_rubrics_dir(), folder])
    assert "mash-decisions" in found.by_id() and "voice-of-the-child" in found.by_id()
    assert [p.split(":")[0] for p in found.problems] == [str(bad)]


def test_a_council_copy_of_a_shipped_rubric_replaces_it_with_a_note(tmp_path: Path) -> None:
    shipped = shipped_rubrics_dir() / "voice-of-the-child.yaml"
    folder = tmp_path / "council"
    folder.mkdir()
    ours = folder / "voice.yaml"
    ours.write_text(
        shipped.read_text("utf-8").replace("version: ", 'version: "9"\n# was: ', 1), "utf-8"
    )
    env = {"QA_TUI_RUBRICS": str(folder)}
    listed = invoke("rubrics", "list", "--format", "json", env=env)
    assert listed.exit_code == 0
    assert f"note: {ours}:" in listed.stderr and f"replaces 'voice-of-the-child' of {shipped}" in (
        listed.stderr
    )
    shown = invoke("rubrics", "show", "voice-of-the-child", env=env)
    assert "version 9" in shown.stdout
    validated = invoke("rubrics", "validate", env=env)
    assert validated.exit_code == 0 and "replaces" in validated.stderr


# -- a starting file -------------------------------------------------------------------


def test_new_writes_a_commented_valid_file_and_never_overwrites(tmp_path: Path) -> None:
    made = invoke("rubrics", "new", "mash-decisions", "--dir", str(tmp_path / "ours"))
    assert made.exit_code == 0, made.stderr
    path = tmp_path / "ours" / "mash-decisions.yaml"
    text = path.read_text("utf-8")
    assert text.count("\n#") + text.count("    #") >= 10  # a comment on every field
    assert "# What each grade looks like" in text
    assert load_rubric_file(path).rubric.id == "mash-decisions"
    assert invoke("rubrics", "validate", str(path)).exit_code == 0

    path.write_text(text + "# my edits\n", "utf-8")
    again = invoke("rubrics", "new", "mash-decisions", "--dir", str(tmp_path / "ours"))
    assert again.exit_code == 1 and "already exists" in again.stderr
    assert path.read_text("utf-8").endswith("# my edits\n")

    bad = invoke("rubrics", "new", "MASH decisions", "--dir", str(tmp_path))
    assert bad.exit_code == 1 and "not a rubric id" in bad.stderr


def test_new_writes_into_the_councils_folder_by_default(council: Path) -> None:
    made = invoke("--rubrics", str(council), "rubrics", "new", "neglect")
    assert made.exit_code == 0 and (council / "neglect.yaml").is_file()
    listed = invoke("--rubrics", str(council), "rubrics", "list")
    assert "neglect" in listed.stdout and "mash-decisions" in listed.stdout


# -- what changed between versions -----------------------------------------------------


def start_audits(db: Path, council: Path, n: int) -> None:
    """`n` audits against the council's mash rubric as its file says today."""
    desk = open_desk(db, "lena", rubrics_dir=[shipped_rubrics_dir(), council])
    try:
        for _ in range(n):
            desk.start_audit("CIN-0001", "mash-decisions")
    finally:
        desk.store.close()


def test_diff_lists_versions_with_audit_counts_and_the_changed_guidance(
    council: Path, db: Path
) -> None:
    base = ["--rubrics", str(council), "--db", str(db), "--user", "lena"]
    start_audits(db, council, 1)
    mash = council / "mash.yaml"
    mash.write_text(
        mash.read_text("utf-8")
        .replace('version: "1"', 'version: "2"')
        .replace("Seen but rarely alone.", "Seen, but alone at fewer than half of visits."),
        "utf-8",
    )
    start_audits(db, council, 2)

    result = invoke(*base, "rubrics", "diff", "mash-decisions")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "v1" in lines[0] and "1 audit(s)" in lines[0]
    assert "v2" in lines[1] and "2 audit(s)" in lines[1]
    assert "-[child-seen] requires-improvement: Seen but rarely alone." in lines
    assert "+[child-seen] requires-improvement: Seen, but alone at fewer than half of visits." in (
        lines
    )
    assert "-version: 1" in lines and "+version: 2" in lines

    older, newer = lines[0].split()[0], lines[1].split()[0]
    back = invoke(*base, "rubrics", "diff", "mash-decisions", "--from", newer, "--to", older)
    assert "+[child-seen] requires-improvement: Seen but rarely alone." in back.stdout
    wrong = invoke(*base, "rubrics", "diff", "mash-decisions", "--from", "zzzz")
    assert wrong.exit_code == 1 and "matches no version" in wrong.stderr
    unknown = invoke(*base, "rubrics", "diff", "neglect")
    assert unknown.exit_code == 1 and "no audit or round" in unknown.stderr


def test_the_app_is_told_of_a_clash_while_the_other_rubrics_stay_usable(
    tmp_path: Path, db: Path
) -> None:
    folder = tmp_path / "council"
    a = rubric(folder, "a.yaml", "neglect")
    b = rubric(folder, "b.yaml", "neglect")
    desk = open_desk(db, "lena", rubrics_dir=[shipped_rubrics_dir(), folder])
    try:
        with pytest.raises(RubricFileError) as said:  # what the app shows on its first screen
            desk.check_rubric_files()
        assert said.value.problems == [f"{b}:3: id: also defined in {a}:3"]
        ids = {f.rubric.id for f in desk.rubric_files()}
        assert "voice-of-the-child" in ids and "neglect" not in ids
        assert desk.start_audit("CIN-0001", "voice-of-the-child") > 0
    finally:
        desk.store.close()
