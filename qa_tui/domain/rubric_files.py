"""Reading rubric files: YAML in, a validated `Rubric` or a list of `file:line: field: problem`.

A QA lead edits these files by hand, so every problem is reported at once with the
line it is on, rather than the first one only. The YAML is composed with a loader
that refuses aliases (rubrics never need them, and alias bombs exhaust memory),
duplicate keys (PyYAML would silently keep the last) and any non-standard tag.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from qa_tui.domain.errors import RubricFileError
from qa_tui.domain.rubric import Rubric, RubricProblems
from qa_tui.domain.text import imported_text_problem
from qa_tui.paths import shipped_rubrics_dir

MAX_RUBRIC_BYTES = 512 * 1024


@dataclass(frozen=True)
class RubricFile:
    path: Path
    rubric: Rubric


class _RubricLoader(yaml.SafeLoader):
    """SafeLoader that refuses aliases and duplicate keys, with YAML 1.2 booleans.

    YAML 1.1 reads `yes`, `no`, `on` and `off` as booleans, which would turn the
    Yes / Partly / No scale's grade keys into True and False.
    """

    yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.MarkedYAMLError(
                None, None, "aliases (*name) are not allowed in rubric files", event.start_mark
            )
        return super().compose_node(parent, index)

    def construct_mapping(self, node, deep=False):  # type: ignore[no-untyped-def]
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if key in seen:
                raise yaml.MarkedYAMLError(
                    None, None, f"key {key!r} appears twice", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


_RubricLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def _line_map(
    node: yaml.Node, path: tuple[Any, ...] = (), out: dict[tuple[Any, ...], int] | None = None
) -> dict[tuple[Any, ...], int]:
    """Map each value's path (as pydantic reports it) to its 1-based line."""
    out = {} if out is None else out
    out[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            _line_map(value_node, path + (key,), out)
            out[path + (key,)] = key_node.start_mark.line + 1  # the key's line, not its value's
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _line_map(item, path + (i,), out)
    return out


def _field_name(loc: tuple[Any, ...]) -> str:
    name = ""
    for part in loc:
        if isinstance(part, int):
            name += f"[{part}]"
        else:
            name += ("." if name else "") + str(part)
    return name or "(top level)"


def _line_for(loc: tuple[Any, ...], lines: dict[tuple[Any, ...], int]) -> int:
    for end in range(len(loc), -1, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return 1


def parse_rubric(text: str, source: str) -> Rubric:
    """Validate rubric YAML text; `source` names it in messages."""
    if len(text.encode("utf-8", "replace")) > MAX_RUBRIC_BYTES:
        raise RubricFileError([f"{source}:1: file is larger than {MAX_RUBRIC_BYTES} bytes"])
    try:
        loader = _RubricLoader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        what = exc.problem or exc.context or "not valid YAML"
        raise RubricFileError([f"{source}:{line}: {what}"]) from None
    except yaml.YAMLError as exc:
        raise RubricFileError([f"{source}:1: not valid YAML ({exc})"]) from None
    except RecursionError:
        raise RubricFileError([f"{source}:1: nesting is too deep"]) from None
    if not isinstance(data, dict):
        raise RubricFileError([f"{source}:1: a rubric file must be a mapping (id, title, ...)"])
    lines = _line_map(node)
    hidden = [
        f"{source}:{_line_for(loc, lines)}: {_field_name(loc)}: {problem}"
        for loc, problem in _hidden_characters(data)
    ]
    if hidden:  # escapes such as "\e" put control characters where YAML itself would not
        raise RubricFileError(hidden)
    try:
        return Rubric.model_validate(data)
    except ValidationError as exc:
        problems: list[str] = []
        for err in exc.errors():
            loc = tuple(err["loc"])
            located = (err.get("ctx") or {}).get("error")
            if isinstance(located, RubricProblems):  # point at the criterion, not line 1
                problems.extend(
                    f"{source}:{_line_for(loc + where, lines)}: {_field_name(loc + where)}: "
                    f"{message}"
                    for where, message in located.located
                )
                continue
            message = err["msg"]
            if message.startswith("Value error, "):
                message = message[len("Value error, ") :]
            if err["type"] == "extra_forbidden":
                message = "unknown key (check the spelling)"
            problems.append(f"{source}:{_line_for(loc, lines)}: {_field_name(loc)}: {message}")
        raise RubricFileError(problems) from None


def _hidden_characters(data: Any, loc: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], str]]:
    """Every string holding a control character, noncharacter or lone surrogate.

    Rubric text is shown on every auditor's screen and printed by the CLI: it may hold
    line breaks and tabs, nothing that a terminal would act on.
    """
    found: list[tuple[tuple[Any, ...], str]] = []
    if isinstance(data, str):
        problem = imported_text_problem(data, multiline=True)
        if problem:
            found.append((loc, problem))
    elif isinstance(data, dict):
        for key, value in data.items():
            found.extend(_hidden_characters(key, loc))
            found.extend(_hidden_characters(value, (*loc, key)))
    elif isinstance(data, list):
        for i, item in enumerate(data):
            found.extend(_hidden_characters(item, (*loc, i)))
    return found


def load_rubric_file(path: Path) -> RubricFile:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise RubricFileError([f"{path}:1: cannot read ({exc.strerror})"]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise RubricFileError([f"{path}:{line}: not UTF-8 text"]) from None
    return RubricFile(path=path, rubric=parse_rubric(text, str(path)))


def rubric_paths(directory: Path | None = None) -> list[Path]:
    directory = directory or shipped_rubrics_dir()
    return sorted(p for p in directory.glob("*.yaml") if p.is_file())


def rubric_folders(directory: Path | Sequence[Path] | None = None) -> list[Path]:
    """The folders to read: `directory` (one, or several in order), else the shipped one."""
    if directory is None:
        return [shipped_rubrics_dir()]
    if isinstance(directory, Path):
        return [directory]
    return list(directory)


def load_rubrics(directory: Path | Sequence[Path] | None = None) -> list[RubricFile]:
    """Load every rubric in the folders; all problems of all files raise together.
    (The app reads them with `read_rubric_folders`, which keeps the good ones usable
    when one file is wrong.)"""
    found = read_rubric_folders(rubric_folders(directory))
    if found.problems:
        raise RubricFileError(found.problems)
    return found.files


# -- the folders: shipped, then the council's ------------------------------------------
#
# A broken file or an id written in two files of one folder takes out only the rubrics
# it names; every other rubric stays usable, and each problem is a `file:line:` line for
# the QA lead to fix. A council file that reuses an id from an earlier folder (a shipped
# rubric copied and changed) replaces it, with a note: the shipped rubrics are examples
# a council adapts, and keeping the id keeps the rubric's history of versions in one
# line (`qa-tui rubrics diff ID` shows the change) where a new id would start a new
# rubric. The note makes sure the replacement is never silent.

_ID_LINE = re.compile(r"^id\s*:", re.MULTILINE)


@dataclass
class RubricSet:
    """What the folders hold: the usable rubrics, and what is wrong with the rest."""

    files: list[RubricFile] = field(default_factory=list)  # usable, sorted by title
    problems: list[str] = field(default_factory=list)  # file:line: field: problem
    notes: list[str] = field(default_factory=list)  # a council file replacing an earlier id
    unavailable: dict[str, list[str]] = field(default_factory=dict)  # id -> its problems

    def by_id(self) -> dict[str, RubricFile]:
        return {f.rubric.id: f for f in self.files}


def id_line(path: Path) -> int:
    """The line of the top-level `id:` key (1 when it cannot be found)."""
    try:
        text = path.read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return 1
    found = _ID_LINE.search(text)
    return text.count("\n", 0, found.start()) + 1 if found else 1


def clash_problem(path: Path, other: Path) -> str:
    return f"{path}:{id_line(path)}: id: also defined in {other}:{id_line(other)}"


def duplicate_ids(files: Iterable[RubricFile]) -> tuple[list[str], set[str]]:
    """Every file whose id an earlier file already has, as a problem; and those ids."""
    first: dict[str, Path] = {}
    problems: list[str] = []
    clashing: set[str] = set()
    for f in files:
        rid = f.rubric.id
        if rid in first:
            problems.append(clash_problem(f.path, first[rid]))
            clashing.add(rid)
        else:
            first[rid] = f.path
    return problems, clashing


def read_rubric_folders(folders: Sequence[Path]) -> RubricSet:
    """Every rubric of `folders`, later folders replacing an earlier folder's id.

    Within one folder an id in two files makes that id unavailable (whichever was meant
    is unknown; falling back to an earlier folder's would grade against the wrong one).
    """
    chosen: dict[str, RubricFile] = {}
    result = RubricSet()
    for folder in folders:
        loaded: list[RubricFile] = []
        for path in rubric_paths(folder):
            try:
                loaded.append(load_rubric_file(path))
            except RubricFileError as exc:
                result.problems.extend(exc.problems)
        clashes, clashing = duplicate_ids(loaded)
        result.problems.extend(clashes)
        for rid in clashing:
            chosen.pop(rid, None)
            result.unavailable[rid] = [p for p in clashes if _names_id(p, rid, loaded)]
        for f in loaded:
            rid = f.rubric.id
            if rid in clashing:
                continue
            if rid in chosen:
                earlier = chosen[rid].path
                result.notes.append(
                    f"{f.path}:{id_line(f.path)}: id: replaces {rid!r} of {earlier} "
                    "(this file is used; rename its id to keep both)"
                )
            chosen[rid] = f
            result.unavailable.pop(rid, None)
    result.files = sorted(chosen.values(), key=lambda f: f.rubric.title.lower())
    return result


def _names_id(problem: str, rid: str, files: list[RubricFile]) -> bool:
    return any(f.rubric.id == rid and problem.startswith(f"{f.path}:") for f in files)
