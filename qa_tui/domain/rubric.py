"""Rubric, criterion and grade scale: the shape of a rubric file.

A rubric is data a QA lead edits, so the models reject unknown keys (a typo such as
`limitting: true` must not silently turn a safety criterion into an ordinary one) and
check everything that would otherwise surface mid-audit: every criterion's scale
exists, its guidance covers every grade, limiting criteria are comparable with the
overall grade. This module does no I/O; `rubric_files` reads YAML into it.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    SerializerFunctionWrapHandler,
    model_serializer,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from qa_tui.domain.family_views import FAMILY_VIEW
from qa_tui.domain.rubric_sections import Section, When, section_and_rule_problems

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


class RubricProblems(ValueError):
    """Consistency problems of a rubric, each with the field location it belongs to.

    `located` holds (location, message) pairs, locations as pydantic reports them
    (e.g. ("criteria", 2, "guidance")), so a file reader can point at the right line.
    """

    def __init__(self, located: list[tuple[tuple[Any, ...], str]]):
        super().__init__("; ".join(message for _, message in located))
        self.located = located


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Grade(_Strict):
    """One point of a scale. Its value is its position, best first, counting from 1."""

    key: str = Field(pattern=SLUG, description="Stable identifier, e.g. 'good'.")
    label: str = Field(min_length=1, description="What auditors and exports call it.")
    weak: bool = Field(
        default=False,
        description="A weak grade needs an evidence note before submit and suggests "
        "areas for development rather than strengths.",
    )


class Scale(_Strict):
    """A grade scale, listed best first; digit keys 1..N choose grades in this order."""

    id: str = Field(pattern=SLUG)
    label: str = Field(min_length=1)
    grades: list[Grade] = Field(min_length=2, max_length=9)

    @model_validator(mode="after")
    def _unique_keys(self) -> Scale:
        keys = [g.key for g in self.grades]
        dupes = sorted({k for k in keys if keys.count(k) > 1})
        if dupes:
            raise ValueError(f"grade keys repeat: {', '.join(dupes)}")
        return self

    def grade(self, key: str) -> Grade:
        for g in self.grades:
            if g.key == key:
                return g
        raise KeyError(key)

    def value_of(self, key: str) -> int:
        """Ofsted's own convention: 1 is the best grade."""
        return [g.key for g in self.grades].index(key) + 1

    def by_value(self, value: int) -> Grade:
        return self.grades[value - 1]


OFSTED = Scale(
    id="ofsted",
    label="Ofsted four-point scale",
    grades=[
        Grade(key="outstanding", label="Outstanding"),
        Grade(key="good", label="Good"),
        Grade(key="requires-improvement", label="Requires improvement to be good", weak=True),
        Grade(key="inadequate", label="Inadequate", weak=True),
    ],
)

YES_PARTLY_NO = Scale(
    id="yes-partly-no",
    label="Yes / Partly / No",
    grades=[
        Grade(key="yes", label="Yes"),
        Grade(key="partly", label="Partly", weak=True),
        Grade(key="no", label="No", weak=True),
    ],
)

BUILT_IN_SCALES: dict[str, Scale] = {s.id: s for s in (OFSTED, YES_PARTLY_NO)}


class Applies(_Strict):
    """Which children a suggested theme or a criterion applies to; every condition given
    must hold.

    Kept small and declarative: a cohort (as the case list names it, matched loosely:
    `CL` is also "Care leaver"), an age in whole years (from the case's `age` or
    `age_band`), and for a criterion an earlier answer (`when`). A fact the case does not
    record (no cohort, no age) never rules anything out.
    """

    cohorts: list[str] | None = Field(
        default=None,
        min_length=1,
        description="Offer only for cases in these cohorts, e.g. [CLA, CL] "
        "(CIN, CP, CLA, CL and their usual spellings are recognised).",
    )
    min_age: int | None = Field(
        default=None, ge=0, le=25, description="Offer only for a child at least this old (years)."
    )
    max_age: int | None = Field(
        default=None, ge=0, le=25, description="Offer only for a child at most this old (years)."
    )

    when: When | None = Field(
        default=None,
        description="Criteria only: apply only when an earlier criterion was graded one of "
        "`is`, e.g. {criterion: missing-episodes-in-window, is: [yes]}.",
    )
    reason: str | None = Field(
        default=None,
        min_length=1,
        description="Criteria only: the words recorded when this does not apply, e.g. "
        "'no missing episode in the window' (otherwise the app words it).",
    )

    @model_validator(mode="after")
    def _meaningful(self) -> Applies:
        if (
            self.cohorts is None
            and self.min_age is None
            and self.max_age is None
            and self.when is None
        ):
            raise ValueError("give at least one of cohorts, min_age, max_age, when")
        if self.cohorts is not None and any(not c.strip() for c in self.cohorts):
            raise ValueError("cohorts: a cohort cannot be blank")
        if self.min_age is not None and self.max_age is not None and self.min_age > self.max_age:
            raise ValueError(f"min_age {self.min_age} is above max_age {self.max_age}")
        return self

    @model_serializer(mode="wrap")
    def _without_blanks(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        dumped: dict[str, Any] = handler(self)
        return {k: v for k, v in dumped.items() if v is not None}


class SuggestedTheme(_Strict):
    """One theme the rubric suggests: written as its name, or as a mapping with the
    name and an `applies` condition when it cannot apply to every child."""

    theme: str = Field(min_length=1)
    applies: Applies | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_name(cls, data: Any) -> Any:
        if isinstance(data, str):
            return {"theme": data}
        if not isinstance(data, dict) and not isinstance(data, SuggestedTheme):
            raise ValueError("a suggested theme is its name, or a mapping with theme and applies")
        return data

    @model_serializer(mode="wrap")
    def _as_written(self, handler: SerializerFunctionWrapHandler) -> Any:
        """A theme without a condition is kept as its bare name, as before conditions
        existed: the rubric's hash, and so its stored version, stays the same."""
        return self.theme if self.applies is None else handler(self)

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {"anyOf": [{"type": "string", "minLength": 1}, handler(core_schema)]}


class SuggestedThemes(_Strict):
    """Themes the rubric proposes from a grade: weak grades suggest areas for
    development, other grades strengths. The auditor confirms or dismisses each one and
    adds their own. Each entry is a theme's name, or `{theme: ..., applies: {...}}` for a
    theme that cannot apply to every child."""

    # In code `strengths` and `areas_for_development` read as the names alone, as they
    # did before conditions; `offered(weak)` gives the entries with their conditions.
    model_config = ConfigDict(extra="forbid", frozen=True, serialize_by_alias=True)

    strength_entries: list[SuggestedTheme] = Field(default_factory=list, alias="strengths")
    development_entries: list[SuggestedTheme] = Field(
        default_factory=list, alias="areas_for_development"
    )

    @property
    def strengths(self) -> list[str]:
        return [s.theme for s in self.strength_entries]

    @property
    def areas_for_development(self) -> list[str]:
        return [s.theme for s in self.development_entries]

    def offered(self, weak: bool) -> list[SuggestedTheme]:
        """A weak grade suggests areas for development, any other grade strengths."""
        return self.development_entries if weak else self.strength_entries


class Criterion(_Strict):
    id: str = Field(pattern=SLUG)
    question: str = Field(min_length=1)
    section: str | None = Field(
        default=None, pattern=SLUG, description="The id of the section it belongs to."
    )
    applies: Applies | None = Field(
        default=None,
        description="When it applies; otherwise the app records it not applicable with "
        "the reason and the auditor is not asked.",
    )
    kind: Literal["quality", "compliance"] = "quality"
    scale: str | None = Field(
        default=None,
        description="Scale id; defaults to 'ofsted' for quality, 'yes-partly-no' for "
        "compliance criteria.",
    )
    not_applicable: bool = Field(
        default=False, description="May the auditor mark this criterion not applicable?"
    )
    limiting: bool = Field(
        default=False,
        description="An overall grade better than this criterion's grade needs a written reason.",
    )
    guidance: dict[str, str] = Field(description="What each grade looks like, keyed by grade key.")
    themes: SuggestedThemes = Field(default_factory=SuggestedThemes)

    @model_serializer(mode="wrap")
    def _as_before(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """Without a section or rule a criterion dumps as it did before they existed,
        so an unchanged rubric keeps its hash and stored version."""
        dumped: dict[str, Any] = handler(self)
        return {k: v for k, v in dumped.items() if v is not None or k not in _NEW_FIELDS}

    @property
    def name(self) -> str:
        """The criterion's id read as words ("Voice of the child"): its short name in
        lists, tables and reports, where the whole question is too long."""
        return criterion_name(self.id)

    @property
    def scale_id(self) -> str:
        if self.scale is not None:
            return self.scale
        return "ofsted" if self.kind == "quality" else "yes-partly-no"


class Rubric(_Strict):
    id: str = Field(pattern=SLUG)
    title: str = Field(min_length=1)
    version: str = Field(min_length=1, description="Bumped by the QA lead on each edit.")
    description: str = Field(min_length=1)
    overall_scale: str = Field(default="ofsted")
    scales: list[Scale] = Field(default_factory=list, description="Extra scales.")
    sections: list[Section] = Field(
        default_factory=list, description="Headings criteria name in `section`."
    )
    criteria: list[Criterion] = Field(min_length=1)
    family_view: bool = Field(
        default=False,
        description="Ask for the child's, young person's or family's view of the help "
        "they had: the audit screen shows it beside the criteria (it can be recorded on "
        "any audit).",
    )

    @model_serializer(mode="wrap")
    def _as_before(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """Without what is new and unused, so a file written before keeps its hash."""
        dumped: dict[str, Any] = handler(self)
        return {k: v for k, v in dumped.items() if k not in ("sections", "family_view") or v}

    @model_validator(mode="after")
    def _consistent(self) -> Rubric:
        problems: list[tuple[tuple[Any, ...], str]] = []  # (where, as pydantic locates it; what)
        problems.extend(section_and_rule_problems(self))
        seen: set[str] = set()
        repeated: set[str] = set()
        for i, c in enumerate(self.criteria):
            if c.id == FAMILY_VIEW:
                problems.append(
                    (("criteria", i, "id"), f"{FAMILY_VIEW!r} is kept for the family's view")
                )
            if c.id in seen and c.id not in repeated:  # reported once, at its first repeat
                repeated.add(c.id)
                problems.append((("criteria", i, "id"), f"criterion ids repeat: {c.id}"))
            seen.add(c.id)
        scales = self.scale_map()
        if self.overall_scale not in scales:
            problems.append(
                (("overall_scale",), f"overall_scale {self.overall_scale!r} is not a known scale")
            )
        for i, c in enumerate(self.criteria):
            scale = scales.get(c.scale_id)
            if scale is None:
                problems.append(
                    (
                        ("criteria", i, "scale"),
                        f"criterion {c.id!r}: scale {c.scale_id!r} is not known "
                        f"(known: {', '.join(sorted(scales))})",
                    )
                )
                continue
            keys = [g.key for g in scale.grades]
            missing = [k for k in keys if k not in c.guidance]
            extra = [k for k in c.guidance if k not in keys]
            if missing:
                problems.append(
                    (
                        ("criteria", i, "guidance"),
                        f"criterion {c.id!r}: guidance missing for {', '.join(missing)}",
                    )
                )
            if extra:
                problems.append(
                    (
                        ("criteria", i, "guidance", extra[0]),
                        f"criterion {c.id!r}: guidance for unknown grades "
                        f"{', '.join(extra)} (scale {scale.id!r} has {', '.join(keys)})",
                    )
                )
            if c.limiting and c.scale_id != self.overall_scale:
                problems.append(
                    (
                        ("criteria", i, "limiting"),
                        f"criterion {c.id!r} is limiting, so it must use the overall "
                        f"scale {self.overall_scale!r}",
                    )
                )
        if problems:
            raise RubricProblems(problems)
        return self

    def scale_map(self) -> dict[str, Scale]:
        return {**BUILT_IN_SCALES, **{s.id: s for s in self.scales}}

    def scale_for(self, criterion: Criterion) -> Scale:
        return self.scale_map()[criterion.scale_id]

    @property
    def overall(self) -> Scale:
        return self.scale_map()[self.overall_scale]

    def criterion(self, criterion_id: str) -> Criterion:
        for c in self.criteria:
            if c.id == criterion_id:
                return c
        raise KeyError(criterion_id)

    def content_hash(self) -> str:
        """Hash of the meaning, not the bytes: comments and layout do not make a new version."""
        canonical = json.dumps(self.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()


_NEW_FIELDS = frozenset({"section", "applies"})


def rubric_json_schema() -> dict[str, Any]:
    """The published JSON schema of a rubric file (schemas/rubric.schema.json)."""
    schema = Rubric.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://qa-tui.invalid/schemas/rubric.schema.json"
    return schema


def criterion_name(criterion_id: str) -> str:
    """A criterion's id read as words ("voice-of-the-child" -> "Voice of the child"): a
    name short enough for a table's row, where the whole question is too long."""
    return criterion_id.replace("-", " ").capitalize()
