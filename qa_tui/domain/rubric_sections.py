"""Sections and rules of a rubric file: the shapes, and the checks that need the whole file.

Criteria stay one flat list (every reader of `Rubric.criteria` keeps working); a
criterion names its section by id (`section: missing`) and the file lists the sections
once, in `sections:`. A rubric without sections is one unnamed section, as before.

A rule (`applies:` on a criterion) may depend on an earlier answer (`when:`). Pointing at
a later criterion would let a grade re-open criteria above the one being graded, so it
is refused here, with the line it is on, like any other mistake in the file.
"""

from __future__ import annotations

from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    model_serializer,
)

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

Located = tuple[tuple[Any, ...], str]


class When(BaseModel):
    """An earlier answer in the same audit a criterion depends on: it applies only when
    that criterion was graded one of `is` (e.g. the child went missing: `[yes]`)."""

    model_config = ConfigDict(extra="forbid", frozen=True, serialize_by_alias=True)

    criterion: str = Field(pattern=SLUG, description="An earlier criterion's id.")
    grades: list[str] = Field(
        alias="is", min_length=1, description="Grade keys of that criterion that make this apply."
    )


class Section(BaseModel):
    """A heading that groups criteria on the audit screen and in the file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=SLUG)
    title: str = Field(min_length=1)
    guidance: str | None = Field(default=None, min_length=1)

    @model_serializer(mode="wrap")
    def _without_blanks(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        dumped: dict[str, Any] = handler(self)
        return {k: v for k, v in dumped.items() if v is not None}


def section_and_rule_problems(rubric: Any) -> list[Located]:
    """Unknown or repeated sections, a section's criteria apart, and rules that point at
    an unknown or later criterion or at grades its scale does not have.

    `rubric` is a `Rubric`, not named here: rubric.py imports this module."""
    return [*_section_problems(rubric), *_rule_problems(rubric)]


def _section_problems(rubric: Any) -> list[Located]:
    problems: list[Located] = []
    known: set[str] = set()
    for i, s in enumerate(rubric.sections):
        if s.id in known:
            problems.append((("sections", i, "id"), f"section ids repeat: {s.id}"))
        known.add(s.id)
    finished: set[str] = set()
    current: str | None = None
    for i, c in enumerate(rubric.criteria):
        if c.section is not None and c.section not in known:
            listed = ", ".join(s.id for s in rubric.sections) or "none listed in sections:"
            problems.append(
                (
                    ("criteria", i, "section"),
                    f"criterion {c.id!r}: section {c.section!r} is not known (known: {listed})",
                )
            )
        if c.section != current:
            if current is not None:
                finished.add(current)
            if c.section in finished:
                problems.append(
                    (
                        ("criteria", i, "section"),
                        f"criterion {c.id!r}: the criteria of section {c.section!r} "
                        "must come together",
                    )
                )
            current = c.section
    return problems


def _rule_problems(rubric: Any) -> list[Located]:
    problems: list[Located] = []
    position = {c.id: i for i, c in enumerate(rubric.criteria)}
    scales = rubric.scale_map()
    for i, c in enumerate(rubric.criteria):
        for kind, entries in (
            ("strengths", c.themes.strength_entries),
            ("areas_for_development", c.themes.development_entries),
        ):
            for j, entry in enumerate(entries):
                if entry.applies is not None and entry.applies.when is not None:
                    problems.append(
                        (
                            ("criteria", i, "themes", kind, j, "applies", "when"),
                            "when is for criteria: a theme follows its own criterion's grade",
                        )
                    )
        if c.applies is None or c.applies.when is None:
            continue
        when = c.applies.when
        where = ("criteria", i, "applies", "when")
        at = position.get(when.criterion)
        if at is None:
            problems.append(
                (
                    (*where, "criterion"),
                    f"criterion {c.id!r}: rule names unknown criterion {when.criterion!r}",
                )
            )
            continue
        if at >= i:
            problems.append(
                (
                    (*where, "criterion"),
                    f"criterion {c.id!r}: rule must name an earlier criterion, "
                    f"{when.criterion!r} is not above it",
                )
            )
            continue
        earlier = rubric.criteria[at]
        scale = scales.get(earlier.scale_id)
        if scale is None:
            continue  # reported as an unknown scale
        keys = [g.key for g in scale.grades]
        unknown = [k for k in when.grades if k not in keys]
        if unknown:
            problems.append(
                (
                    (*where, "is"),
                    f"criterion {c.id!r}: unknown grades {', '.join(unknown)} "
                    f"({when.criterion!r} has {', '.join(keys)})",
                )
            )
    return problems
