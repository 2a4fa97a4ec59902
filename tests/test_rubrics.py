"""Rubric files: the shipped ones load and say what auditors need; broken ones say where.

A QA lead edits these files by hand, so every problem must come back as
`file:line: ...` pointing at the line to fix, and nothing in a file (aliases, deep
nesting, odd bytes) may hang or crash the app.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import MINI_YAML

from qa_tui.domain.rubric import Rubric, rubric_json_schema
from qa_tui.domain.rubric_files import (
    RubricFileError,
    _RubricLoader,
    load_rubric_file,
    load_rubrics,
    rubric_paths,
)

REPO = Path(__file__).resolve().parent.parent
SCHEMA_FILE = REPO / "schemas" / "rubric.schema.json"
REGENERATE = "regenerate it with: qa-tui rubrics schema > schemas/rubric.schema.json"
REQUIRED_IDS = {
    "voice-of-the-child",
    "smart-plans",
    "chronologies",
    "supervision-and-management-oversight",
    "quality-of-assessment",
    "care-leavers-pathway-plans",
    "neglect",
    "missing-and-exploitation",
    "re-referrals-and-case-closure",
    "children-in-care",
    "early-help-assessments",
    "multi-agency-practice",
}
MINI_TEXT = MINI_YAML.read_text("utf-8")


def write(tmp_path: Path, text: str | bytes, name: str = "rubric.yaml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, "utf-8")
    return path


def problems_of(path: Path) -> list[str]:
    with pytest.raises(RubricFileError) as caught:
        load_rubric_file(path)
    assert caught.value.problems, "a refused file must say why"
    return caught.value.problems


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line of the n-th line containing `needle`."""
    hits = [n for n, line in enumerate(text.splitlines(), 1) if needle in line]
    return hits[occurrence - 1]


def edited(old: str, new: str, text: str = MINI_TEXT) -> str:
    assert old in text, f"test setup: {old!r} not in mini.yaml"
    return text.replace(old, new, 1)


# -- the shipped rubrics ---------------------------------------------------------------


@pytest.mark.parametrize("path", rubric_paths(), ids=lambda p: p.stem)
def test_every_shipped_rubric_file_loads(path: Path) -> None:
    rubric = load_rubric_file(path).rubric
    assert rubric.criteria
    for criterion in rubric.criteria:
        scale = rubric.scale_for(criterion)
        assert all(criterion.guidance[g.key].strip() for g in scale.grades), criterion.id


def test_the_six_required_rubrics_are_shipped() -> None:
    ids = {f.rubric.id for f in load_rubrics()}
    missing = REQUIRED_IDS - ids
    assert not missing, f"shipped rubrics missing: {sorted(missing)}"
    assert len(ids) >= 6


@pytest.mark.parametrize("path", rubric_paths(), ids=lambda p: p.stem)
def test_every_shipped_rubric_checks_compliance_too(path: Path) -> None:
    rubric = load_rubric_file(path).rubric
    assert any(c.kind == "compliance" for c in rubric.criteria), (
        f"{rubric.id} has no compliance criterion"
    )


def test_voice_of_the_child_guides_on_children_who_do_not_speak() -> None:
    rubric = {f.rubric.id: f.rubric for f in load_rubrics()}["voice-of-the-child"]
    guidance = " ".join(text for c in rubric.criteria for text in c.guidance.values())
    assert re.search(r"PECS|Makaton|non-verbal|pre-verbal|nonverbal", guidance, re.I), (
        "voice-of-the-child guidance should say how to hear non-verbal and pre-verbal children"
    )


# -- broken files are reported as file:line -------------------------------------------


def test_misspelt_key_is_reported_on_its_line(tmp_path: Path) -> None:
    text = edited("    limiting: true", "    limitting: true")
    path = write(tmp_path, text)
    [problem] = problems_of(path)
    assert problem.startswith(f"{path}:{line_of(text, 'limitting')}:")
    assert "limitting" in problem and "unknown key" in problem


def test_every_problem_of_a_file_is_reported_at_once(tmp_path: Path) -> None:
    text = edited("    limiting: true", "    limitting: true")
    text = edited("    not_applicable: true", "    not_aplicable: true", text)
    path = write(tmp_path, text)
    problems = problems_of(path)
    assert [p.split(": ")[0] for p in problems] == [
        f"{path}:{line_of(text, 'limitting')}",
        f"{path}:{line_of(text, 'not_aplicable')}",
    ]


def test_guidance_missing_for_a_grade_points_at_that_criterion(tmp_path: Path) -> None:
    text = edited("      good: Seen alone at most visits.\n", "")
    path = write(tmp_path, text)
    [problem] = problems_of(path)
    assert problem.startswith(f"{path}:{line_of(text, 'guidance:', 1)}:")
    assert "child-seen" in problem and "guidance missing for good" in problem


def test_unknown_scale_is_reported_on_its_line(tmp_path: Path) -> None:
    text = edited("    kind: compliance\n", "    kind: compliance\n    scale: stars\n")
    path = write(tmp_path, text)
    [problem] = problems_of(path)
    assert problem.startswith(f"{path}:{line_of(text, 'scale: stars')}:")
    assert "'stars'" in problem and "visits-in-time" in problem


def test_guidance_written_for_another_scale_is_refused(tmp_path: Path) -> None:
    # A compliance check moved to the Ofsted scale without rewriting its guidance.
    text = edited("    kind: compliance\n", "    kind: compliance\n    scale: ofsted\n")
    path = write(tmp_path, text)
    problems = problems_of(path)
    joined = "\n".join(problems)
    assert "guidance missing for outstanding, good, requires-improvement, inadequate" in joined
    assert "unknown grades yes, partly, no" in joined
    guidance_line = line_of(text, "guidance:", 3)
    assert all(
        re.match(rf"{re.escape(str(path))}:({guidance_line}|{guidance_line + 1}):", p)
        for p in problems
    ), problems


def test_limiting_criterion_must_share_the_overall_scale(tmp_path: Path) -> None:
    text = edited("    kind: compliance\n", "    kind: compliance\n    limiting: true\n")
    path = write(tmp_path, text)
    [problem] = problems_of(path)
    assert problem.startswith(f"{path}:{line_of(text, 'limiting: true', 2)}:")
    assert "limiting" in problem


def test_repeated_criterion_id_points_at_the_repeat(tmp_path: Path) -> None:
    text = edited("  - id: plan-smart", "  - id: child-seen")
    path = write(tmp_path, text)
    [problem] = problems_of(path)
    assert problem.startswith(f"{path}:{line_of(text, '- id: child-seen', 2)}:")
    assert "repeat" in problem and "child-seen" in problem


def test_duplicate_yaml_key_is_refused_not_silently_overwritten(tmp_path: Path) -> None:
    text = edited(
        "title: Mini rubric for tests\n", "title: Mini rubric for tests\ntitle: Something else\n"
    )
    path = write(tmp_path, text)
    [problem] = problems_of(path)
    assert problem.startswith(f"{path}:{line_of(text, 'title: Something else')}:")
    assert "'title' appears twice" in problem


def test_alias_bomb_is_refused_before_it_expands(tmp_path: Path) -> None:
    """Nine levels of nine aliases would be 9**9 items; the loader must refuse the first."""
    lines = ['lol0: &lol0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 9):
        refs = ", ".join([f"*lol{level - 1}"] * 9)
        lines.append(f"lol{level}: &lol{level} [{refs}]")
    path = write(tmp_path, "\n".join(lines) + "\n", "bomb.yaml")
    # In a child process with a memory ceiling, so a regression fails here, not the machine.
    script = textwrap.dedent("""
        import json, resource, sys, tracemalloc
        from pathlib import Path
        limit = 1024 * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        from qa_tui.domain.rubric_files import RubricFileError, load_rubric_file
        tracemalloc.start()
        try:
            load_rubric_file(Path(sys.argv[1]))
            print(json.dumps({"loaded": True}))
        except RubricFileError as exc:
            peak = tracemalloc.get_traced_memory()[1]
            print(json.dumps({"problems": exc.problems, "peak": peak}))
    """)
    done = subprocess.run(
        [sys.executable, "-c", script, str(path)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result.get("problems") == [f"{path}:2: aliases (*name) are not allowed in rubric files"]
    assert result["peak"] < 5 * 1024 * 1024, f"parsing used {result['peak']} bytes"


def test_bytes_that_are_not_utf8_are_reported_on_their_line(tmp_path: Path) -> None:
    raw = MINI_TEXT.encode().replace(b"Small enough", b"Small \xff\xfe enough")
    path = write(tmp_path, raw)
    assert problems_of(path) == [f"{path}:{line_of(MINI_TEXT, 'Small enough')}: not UTF-8 text"]


@pytest.mark.parametrize(
    "text", ["- id: mini\n- title: Mini\n", "just words\n", ""], ids=["list", "scalar", "empty"]
)
def test_a_file_that_is_not_a_mapping_is_refused(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, text)
    [problem] = problems_of(path)
    assert problem.startswith(f"{path}:1:") and "mapping" in problem


@pytest.mark.parametrize(
    "text",
    [
        "description: " + "[" * 500 + "]" * 500 + "\n",
        "".join(" " * i + "k:\n" for i in range(1000)) + " " * 1000 + "v\n",
    ],
    ids=["flow", "block"],
)
def test_absurdly_deep_nesting_is_refused_with_a_message(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, text)
    assert problems_of(path) == [f"{path}:1: nesting is too deep"]


def test_yes_and_no_grade_keys_stay_strings(tmp_path: Path) -> None:
    text = edited('      "yes": All visits in time.', "      yes: All visits in time.")
    text = edited('      "no": Most visits late or missing.', "      no: Most visits late.", text)
    text = edited('version: "1"', "version: no", text)
    rubric = load_rubric_file(write(tmp_path, text)).rubric
    assert list(rubric.criterion("visits-in-time").guidance) == ["yes", "partly", "no"]
    assert rubric.version == "no"


def test_a_broken_file_among_good_ones_is_named(tmp_path: Path) -> None:
    write(tmp_path, MINI_TEXT, "mini.yaml")
    bad = write(tmp_path, edited("    limiting: true", "    limitting: true"), "bad.yaml")
    with pytest.raises(RubricFileError) as caught:
        load_rubrics(tmp_path)
    assert len(caught.value.problems) == 1
    assert caught.value.problems[0].startswith(f"{bad}:")


def test_two_files_with_one_id_are_refused(tmp_path: Path) -> None:
    write(tmp_path, MINI_TEXT, "a.yaml")
    write(tmp_path, MINI_TEXT, "b.yaml")
    with pytest.raises(RubricFileError) as caught:
        load_rubrics(tmp_path)
    assert "id: also defined in" in "\n".join(caught.value.problems)


# -- versions: the hash follows meaning, not layout ------------------------------------


def test_content_hash_ignores_comments_and_key_order(tmp_path: Path) -> None:
    original = load_rubric_file(MINI_YAML).rubric
    reordered = MINI_TEXT.replace(
        "id: mini\ntitle: Mini rubric for tests\n", "title: Mini rubric for tests\n"
    )
    reordered = reordered.replace(
        "criteria:\n", "# moved the id down\nid: mini  # same id\ncriteria:\n", 1
    )
    reordered = reordered.replace(
        "      outstanding: Seen alone at every visit, views recorded in the child's words.\n"
        "      good: Seen alone at most visits.\n",
        "      good: Seen alone at most visits.   # reordered\n"
        "      outstanding: Seen alone at every visit, views recorded in the child's words.\n",
    )
    assert reordered.count("id: mini") == 1 and "# reordered" in reordered
    relaid = load_rubric_file(write(tmp_path, reordered)).rubric
    assert relaid == original
    assert relaid.content_hash() == original.content_hash()


def test_content_hash_changes_when_guidance_changes(tmp_path: Path) -> None:
    original = load_rubric_file(MINI_YAML).rubric
    text = edited("Seen alone at most visits.", "Seen alone at most visits, views recorded.")
    changed = load_rubric_file(write(tmp_path, text)).rubric
    assert changed.version == original.version  # even when the lead forgets to bump it
    assert changed.content_hash() != original.content_hash()


# -- the published JSON schema -----------------------------------------------------------


def test_published_schema_file_is_up_to_date() -> None:
    assert SCHEMA_FILE.is_file(), f"{SCHEMA_FILE} is missing; {REGENERATE}"
    published = json.loads(SCHEMA_FILE.read_text("utf-8"))
    assert published == rubric_json_schema(), f"{SCHEMA_FILE} is out of date; {REGENERATE}"


def _schema_validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA_FILE.read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _yaml_data(path: Path) -> dict:
    return yaml.load(path.read_text("utf-8"), Loader=_RubricLoader)


@pytest.mark.parametrize("path", [*rubric_paths(), MINI_YAML], ids=lambda p: p.stem)
def test_rubric_files_validate_against_the_published_schema(path: Path) -> None:
    errors = [e.message for e in _schema_validator().iter_errors(_yaml_data(path))]
    assert errors == []


def test_published_schema_catches_a_misspelt_key(tmp_path: Path) -> None:
    path = write(tmp_path, edited("    limiting: true", "    limitting: true"))
    errors = [e.message for e in _schema_validator().iter_errors(_yaml_data(path))]
    assert any("limitting" in message for message in errors)


def test_rubric_model_round_trips_through_its_json(tmp_path: Path) -> None:
    # What rubric_versions stores must load back as the same rubric.
    rubric = load_rubric_file(MINI_YAML).rubric
    assert Rubric.model_validate_json(rubric.model_dump_json()) == rubric


def test_control_characters_in_rubric_text_are_refused_with_their_line(tmp_path: Path) -> None:
    from qa_tui.domain.rubric_files import RubricFileError, load_rubric_file

    text = MINI_YAML.read_text("utf-8")
    lines = text.splitlines()
    target = next(i for i, line in enumerate(lines) if line.strip().startswith("question:"))
    indent = lines[target][: len(lines[target]) - len(lines[target].lstrip())]
    lines[target] = f'{indent}question: "Seen \\e[2J alone?"'
    broken = tmp_path / "escape.yaml"
    broken.write_text("\n".join(lines) + "\n", "utf-8")
    with pytest.raises(RubricFileError) as caught:
        load_rubric_file(broken)
    [problem] = caught.value.problems
    assert problem.startswith(f"{broken}:{target + 1}: criteria[0].question: holds U+001B")
