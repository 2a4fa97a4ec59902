"""Reading rubric files: YAML in, a validated `Rubric` or a list of `file:line: field: problem`.

A QA lead edits these files by hand, so every problem is reported at once with the
line it is on, rather than the first one only. The YAML is composed with a loader
that refuses aliases (rubrics never need them, and alias bombs exhaust memory),
duplicate keys (PyYAML would silently keep the last) and any non-standard tag.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
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


def load_rubrics(directory: Path | None = None) -> list[RubricFile]:
    """Load every rubric in a directory; all problems of all files raise together."""
    files: list[RubricFile] = []
    problems: list[str] = []
    for path in rubric_paths(directory):
        try:
            files.append(load_rubric_file(path))
        except RubricFileError as exc:
            problems.extend(exc.problems)
    seen: dict[str, Path] = {}
    for f in files:
        if f.rubric.id in seen:
            problems.append(
                f"{f.path}:1: id: {f.rubric.id!r} is also the id of {seen[f.rubric.id]}"
            )
        seen[f.rubric.id] = f.path
    if problems:
        raise RubricFileError(problems)
    return sorted(files, key=lambda f: f.rubric.title.lower())
