"""Pure audit rules: suggestions, limiting judgements, what blocks a submit. No I/O.

The overall grade is the auditor's reasoned judgement, never computed; these rules
only suggest, warn and list what is missing, and the TUI and CLI share them so a rule
lives in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from qa_tui.domain.records import Answer, Audit
    from qa_tui.domain.rubric import Criterion, Grade, Rubric


@dataclass(frozen=True)
class Problem:
    """Something that stops a submit, and where the auditor goes to put it right."""

    message: str
    criterion_id: str | None = None  # None: on the judgement screen


def suggested_themes(
    rubric: Rubric, criterion: Criterion, grade_key: str | None
) -> list[tuple[str, str]]:
    """The rubric's theme suggestions for a grade: weak grades suggest areas for development."""
    if grade_key is None:
        return []
    grade = rubric.scale_for(criterion).grade(grade_key)
    if grade.weak:
        return [(t, "area_for_development") for t in criterion.themes.areas_for_development]
    return [(t, "strength") for t in criterion.themes.strengths]


def worst_limiting(rubric: Rubric, answers: dict[str, Answer]) -> tuple[Criterion, Answer] | None:
    """The limiting criterion with the worst grade given, if any was graded."""
    worst: tuple[Criterion, Answer] | None = None
    for c in rubric.criteria:
        a = answers.get(c.id)
        if not c.limiting or a is None or a.grade_value is None:
            continue
        if worst is None or a.grade_value > (worst[1].grade_value or 0):
            worst = (c, a)
    return worst


def suggested_overall(rubric: Rubric, answers: dict[str, Answer]) -> Grade | None:
    """A starting point for the auditor: the middle quality grade, capped by limiting ones.

    Takes the median of quality grades on the overall scale (rounding towards the
    weaker grade), then makes it no better than the worst limiting criterion.
    """
    values = sorted(
        a.grade_value
        for c in rubric.criteria
        if c.kind == "quality"
        and c.scale_id == rubric.overall_scale
        and (a := answers.get(c.id)) is not None
        and a.grade_value is not None
    )
    if not values:
        return None
    value = values[len(values) // 2]
    worst = worst_limiting(rubric, answers)
    if worst is not None and worst[1].grade_value is not None:
        value = max(value, worst[1].grade_value)
    return rubric.overall.by_value(value)


def limiting_breaches(
    rubric: Rubric, answers: dict[str, Answer], overall_value: int | None
) -> list[tuple[Criterion, Answer]]:
    """Limiting criteria graded worse than the chosen overall grade."""
    if overall_value is None:
        return []
    return [
        (c, a)
        for c in rubric.criteria
        if c.limiting
        and (a := answers.get(c.id)) is not None
        and a.grade_value is not None
        and a.grade_value > overall_value
    ]


def display_order(rubric: Rubric) -> list[Criterion]:
    """Quality criteria first, then compliance: the two are judged and reported apart.
    A rubric with sections is read in its own order, section by section: a rule may
    depend on an earlier answer, which must come first on screen too."""
    if rubric.sections:
        return list(rubric.criteria)
    return [c for c in rubric.criteria if c.kind == "quality"] + [
        c for c in rubric.criteria if c.kind == "compliance"
    ]


def first_unanswered(rubric: Rubric, answers: dict[str, Answer]) -> int:
    """Position (in display order) of the first criterion without a grade; where work resumes."""
    for i, c in enumerate(display_order(rubric)):
        a = answers.get(c.id)
        if a is None or not a.answered:
            return i
    return 0


def needs_escalation(rubric: Rubric, overall_grade_key: str | None) -> bool:
    """The weakest grade of the overall scale (Inadequate) means a child may be unsafe."""
    return overall_grade_key is not None and overall_grade_key == rubric.overall.grades[-1].key


def submit_problems(rubric: Rubric, audit: Audit) -> list[Problem]:
    """Everything that must be put right before this audit can be submitted, in order."""
    problems: list[Problem] = []
    for c in rubric.criteria:
        a = audit.answers.get(c.id)
        if a is None or not a.answered:
            problems.append(Problem(f"{c.id}: not graded", c.id))
            continue
        if (
            a.grade_key is not None
            and rubric.scale_for(c).grade(a.grade_key).weak
            and not a.evidence.strip()
        ):
            problems.append(Problem(f"{c.id}: '{a.grade_label}' needs an evidence note", c.id))
    if audit.overall_grade_key is None:
        problems.append(Problem("overall grade not chosen"))
    if not audit.overall_rationale.strip():
        problems.append(Problem("overall grade has no written rationale"))
    breaches = limiting_breaches(rubric, audit.answers, audit.overall_grade_value)
    if breaches and not audit.override_reason.strip():
        names = ", ".join(f"{c.id} ({a.grade_label})" for c, a in breaches)
        problems.append(Problem(f"overall is better than limiting {names}: record the reason"))
    return problems


def moderation_reason(
    overall_key: str | None, overall_keys: list[str], audit_id: int, percent: float, seed: int
) -> str | None:
    """Why a submitted audit is moderated, or None: every Inadequate and Outstanding,
    plus a seeded draw of `percent` of the rest (the draw is part of the reason, so
    anyone can check it later)."""
    import hashlib

    if overall_key is not None and overall_keys and overall_key == overall_keys[-1]:
        return "every Inadequate audit is moderated"
    if overall_key is not None and overall_keys and overall_key == overall_keys[0]:
        return "every Outstanding audit is moderated"
    digest = hashlib.sha256(f"{seed}:{audit_id}".encode()).digest()
    draw = int.from_bytes(digest[:8], "big") / 2**64
    if draw < percent / 100:
        return f"drawn at random: {draw:.4f} < {percent:g}% (seed {seed})"
    return None
