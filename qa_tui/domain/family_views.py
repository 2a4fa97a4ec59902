"""The family's view of the help they had: who gave it, how, what they said, a rating.

Inspectors ask for "views of children, young people and families about the service they
have received" fed into planning, and councils send questionnaires six months after
early help. An auditor reading a case file, or speaking to the family as part of the
audit, records what was said on the audit; the dashboard counts it beside the grades.
Pure: the words people choose from, and the checks on what was typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# Where a theme tagged from the family's view is kept (audit_themes.criterion_id), so no
# rubric's criterion may take the name.
FAMILY_VIEW = "family-view"

GIVEN_BY: dict[str, str] = {
    "child": "The child",
    "young_person": "The young person",
    "parent": "A parent",
    "carer": "A carer",
    "family": "The family together",
}
GATHERED_HOW: dict[str, str] = {
    "conversation": "In conversation (a visit or meeting)",
    "phone": "By phone",
    "questionnaire": "A questionnaire or survey",
    "advocate": "Through an advocate",
    "other": "Another way",
}
RATINGS: dict[int, str] = {
    1: "Not at all helpful",
    2: "Not very helpful",
    3: "Some help",
    4: "Helpful",
    5: "Very helpful",
}


# What people type for the same thing, so the form and the command line take it.
_SAID_AS: dict[str, str] = {
    "yp": "young_person",
    "mum": "parent",
    "dad": "parent",
    "mother": "parent",
    "father": "parent",
    "parents": "parent",
    "foster_carer": "carer",
    "kinship_carer": "carer",
    "visit": "conversation",
    "meeting": "conversation",
    "face_to_face": "conversation",
    "telephone": "phone",
    "call": "phone",
    "survey": "questionnaire",
}


def _word(text: str) -> str:
    key = "_".join(text.strip().lower().replace("-", " ").split())
    return _SAID_AS.get(key, key)


class FamilyViewError(ValueError):
    """What was typed cannot be recorded; the message says which field and why."""


@dataclass(frozen=True)
class FamilyView:
    id: int
    audit_id: int
    given_by: str
    gathered_how: str
    said: str
    rating: int | None
    recorded_at: str
    recorded_by: str

    @property
    def given_by_words(self) -> str:
        return GIVEN_BY.get(self.given_by, self.given_by)

    @property
    def gathered_how_words(self) -> str:
        return GATHERED_HOW.get(self.gathered_how, self.gathered_how)

    @property
    def rating_words(self) -> str:
        return "" if self.rating is None else f"{self.rating}/5 {RATINGS[self.rating]}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "audit_id": self.audit_id,
            "given_by": self.given_by,
            "gathered_how": self.gathered_how,
            "said": self.said,
            "rating": self.rating,
            "recorded_at": self.recorded_at,
            "recorded_by": self.recorded_by,
        }


def checked(
    given_by: str, gathered_how: str, said: str, rating: int | str | None
) -> tuple[str, str, str, int | None]:
    """The view as it will be kept, or FamilyViewError naming the field."""
    who = _word(given_by)
    if who not in GIVEN_BY:
        raise FamilyViewError(
            f"given by: {given_by!r} is not one of {', '.join(GIVEN_BY).replace('_', ' ')}"
        )
    how = _word(gathered_how)
    if how not in GATHERED_HOW:
        raise FamilyViewError(
            f"gathered how: {gathered_how!r} is not one of {', '.join(GATHERED_HOW)}"
        )
    words = said.strip()
    if not words:
        raise FamilyViewError("what they said: write their words (a summary if need be)")
    if rating is None or (isinstance(rating, str) and not rating.strip()):
        return who, how, words, None
    try:
        number = int(rating)
    except (TypeError, ValueError):
        raise FamilyViewError(f"rating: {rating!r} is not a number from 1 to 5") from None
    if number not in RATINGS:
        raise FamilyViewError(f"rating: {number} is not from 1 (not at all helpful) to 5")
    return who, how, words, number
