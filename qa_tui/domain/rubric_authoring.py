"""Writing and comparing rubrics: the commented starting file `qa-tui rubrics new`
writes, and the text `qa-tui rubrics diff` compares between two stored versions.

The starting file is valid as written (a test validates it), so a QA lead can load it
at once and change it a line at a time, running `qa-tui rubrics validate` as they go.
The comparison is of what auditors see and grade by (questions, guidance, scales,
suggested themes), one line each, so a unified diff reads as "what changed".
"""

from __future__ import annotations

import difflib

from qa_tui.domain.rubric import Rubric


def starting_file(rubric_id: str) -> str:
    """A small, valid rubric with a comment on every field, for `rubric_id`."""
    title = rubric_id.replace("-", " ").capitalize()
    return f"""\
# {title}: a rubric of the council's own, started by `qa-tui rubrics new`.
#
# Check it as you edit:   qa-tui rubrics validate {rubric_id}.yaml
# See it as auditors do:  qa-tui --rubrics THIS_FOLDER rubrics show {rubric_id}
# Every problem is reported as file:line: field: what is wrong.

# The rubric's id: lower-case words joined by hyphens. Rounds and reports name the
# rubric by it, and its history of versions follows it: keep it once audits use it.
# A shipped rubric's id here replaces the shipped rubric (with a note saying so).
id: {rubric_id}

# The title auditors see in lists and on the audit screen.
title: {title}

# Bump it on every change ("1", "2", ...). Audits keep the version they were graded
# against; `qa-tui rubrics diff {rubric_id}` shows what changed between versions.
version: "1"

# What the audit looks at and over what window: shown above the criteria.
description: >-
  What this audit is for, which records the auditor reads, and over what period
  (for example the last six months of practice on the child's file).

# The grade for the whole audit: ofsted (Outstanding, Good, Requires improvement,
# Inadequate) unless you define another scale under `scales:`.
overall_scale: ofsted

# The questions auditors grade, in the order they are asked.
criteria:
    # id: short, lower-case, hyphens; it names the criterion in reports and trends.
  - id: child-seen-and-heard
    # The question, as the auditor reads it: one practice to judge, not two.
    question: >-
      Was the child seen, and seen alone where their age allows, and are their wishes
      and feelings recorded in their own words?
    # quality (graded on the ofsted scale) or compliance (Yes / Partly / No).
    kind: quality
    # true: an overall grade better than this criterion's needs a written reason.
    limiting: true
    # true: the auditor may mark it not applicable (and must say why).
    not_applicable: false
    # What each grade looks like, one line each, so two auditors reading the same
    # file give the same grade. Describe what is on the file, with an example.
    guidance:
      outstanding: >-
        Seen alone at every visit the child's age allows; their words are quoted and
        shape the plan (e.g. 'I want to see Nan at weekends' leads to an action).
      good: >-
        Seen alone at most visits; their views are recorded and mostly reflected in
        the plan.
      requires-improvement: >-
        Seen but rarely alone, or views summarised by adults rather than in the
        child's words.
      inadequate: >-
        Not seen within the period judged, or nothing records what the child thinks.
    # Themes the app suggests from the grade: a weak grade (Requires improvement or
    # Inadequate) offers the areas for development, any other grade the strengths.
    # The auditor confirms or dismisses each. Use the names your council already uses.
    themes:
      strengths: ["Child seen alone regularly"]
      areas_for_development: ["Child not seen alone", "Child's voice not recorded"]

    # A compliance check: graded Yes / Partly / No.
  - id: visits-in-time
    question: Were statutory visits made within the timescales that apply?
    kind: compliance
    not_applicable: true
    guidance:
      "yes": Every visit in the period was within timescale.
      partly: One or two visits were late, with the reason recorded.
      "no": Several visits were late or missed, or none is recorded.
"""


def rubric_lines(rubric: Rubric) -> list[str]:
    """One line for each thing an auditor grades by, in the file's order."""
    lines = [
        f"title: {rubric.title}",
        f"version: {rubric.version}",
        f"description: {_flat(rubric.description)}",
        f"overall scale: {rubric.overall_scale}",
    ]
    for scale in rubric.scales:
        grades = ", ".join(f"{g.key}={g.label}{' (weak)' if g.weak else ''}" for g in scale.grades)
        lines.append(f"scale {scale.id}: {grades}")
    for c in rubric.criteria:
        flags = [c.kind, rubric.scale_for(c).id]
        if c.limiting:
            flags.append("limiting")
        if c.not_applicable:
            flags.append("may be not applicable")
        lines.append(f"[{c.id}] question: {_flat(c.question)}")
        lines.append(f"[{c.id}] {', '.join(flags)}")
        for key, text in c.guidance.items():
            lines.append(f"[{c.id}] {key}: {_flat(text)}")
        themes = (
            ("strength", c.themes.strength_entries),
            ("area for development", c.themes.development_entries),
        )
        for kind, entries in themes:
            for entry in entries:
                applies = ""
                if entry.applies is not None:
                    applies = f" (applies: {entry.applies.model_dump(mode='json')})"
                lines.append(f"[{c.id}] {kind}: {entry.theme}{applies}")
    return lines


def _flat(text: str) -> str:
    return " ".join(text.split())


def rubric_diff(older: Rubric, newer: Rubric, older_name: str, newer_name: str) -> list[str]:
    """A unified diff of what auditors grade by, from `older` to `newer`."""
    return list(
        difflib.unified_diff(
            rubric_lines(older),
            rubric_lines(newer),
            fromfile=older_name,
            tofile=newer_name,
            lineterm="",
            n=1,
        )
    )
