"""Which column headers look like direct identifiers of a child or family, and why.

Split from `case_list` because the judgement is about words, not files: columns that
look like direct identifiers of a child or family (names, dates of birth, addresses and
postcodes, NHS, National Insurance and pupil numbers, phone numbers, email addresses)
are not kept by an import unless the importer names them to keep.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class IdentifyingColumn:
    """A column that looks like a direct identifier, and what it looks like."""

    header: str
    reason: str  # e.g. "a date of birth"


# -- direct identifiers -----------------------------------------------------------------
#
# A header is compared as words: Unicode-normalised, case folded, apostrophes dropped
# ("Child's" -> "childs"), split at anything but letters and digits and at camelCase
# ("DateOfBirth"), runs of single letters joined ("D.O.B." -> "dob"). Staff and teams are
# not children: "Worker Name", "Team name" and "Manager" stay.

NAME = "a person's name"
BIRTH = "a date of birth"
ADDRESS = "an address or postcode"
NHS = "an NHS number"
NATIONAL_INSURANCE = "a National Insurance number"
PUPIL = "a pupil or learner number (UPN, ULN)"
PHONE = "a phone number"
EMAIL = "an email address"

_NUMBER_WORDS = {
    "number",
    "numbers",
    "no",
    "nos",
    "num",
    "nbr",
    "nr",
    "id",
    "ref",
    "reference",
    "identifier",
}
_NAME_WORDS = {
    "name",
    "names",
    "forename",
    "forenames",
    "surname",
    "surnames",
    "firstname",
    "firstnames",
    "lastname",
    "lastnames",
    "fullname",
    "givenname",
    "givennames",
    "familyname",
    "middlename",
    "middlenames",
    "nickname",
    "maidenname",
    "preferredname",
    "childname",
    "childsname",
    "alias",
    "aliases",
    "aka",
}
# Words that make a name column someone's or something's other than a child's or family's.
_NOT_A_CHILD = {
    "worker",
    "workers",
    "socialworker",
    "manager",
    "managers",
    "team",
    "teams",
    "practitioner",
    "practitioners",
    "supervisor",
    "auditor",
    "officer",
    "iro",
    "sw",
    "staff",
    "keyworker",
    "caseworker",
    "lead",
    "school",
    "schools",
    "agency",
    "service",
    "services",
    "provider",
    "organisation",
    "organization",
    "setting",
    "user",
    "username",
    "file",
    "filename",
    "programme",
    "rubric",
    "pseudonym",
    "pseudonymised",
    "pseudonymized",
    "locality",
    "area",
    "office",
    "unit",
    "trust",
    "hospital",
    "gp",
    "surgery",
    "court",
    "authority",
    "la",
}
_PHONE_WORDS = {
    "phone",
    "phones",
    "telephone",
    "telephones",
    "tel",
    "mobile",
    "mobiles",
    "landline",
    "cellphone",
    "phoneno",
    "telno",
    "mobileno",
}
_ADDRESS_WORDS = {
    "address",
    "addresses",
    "addr",
    "postcode",
    "postcodes",
    "zipcode",
    "zip",
    "street",
    "homeaddress",
}


def _split_words(text: str) -> list[str]:
    """Case-folded words without apostrophes; a run of single letters is one word."""
    words: list[str] = []
    letters: list[str] = []
    for word in [*re.split(r"[\W_]+", re.sub(r"['’‘`]", "", text.casefold())), ""]:
        if len(word) == 1:
            letters.append(word)
            continue
        if letters:
            words.append("".join(letters))
            letters = []
        if word:
            words.append(word)
    return words


def _header_words(header: str) -> tuple[set[str], list[str], str]:
    """A header's words as compared: as a set (split at camelCase too, and not), in order
    (split at camelCase), and all run together."""
    text = unicodedata.normalize("NFKC", header)
    camel = re.sub(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", " ", text)
    ordered = _split_words(camel)
    plain = _split_words(text)
    return set(ordered) | set(plain), ordered, "".join(plain)


def _follows(ordered: list[str], first: set[str], second: set[str]) -> bool:
    return any(a in first and b in second for a, b in itertools.pairwise(ordered))


def identifier_reason(header: str) -> str | None:
    """What a column looks like if its header names a direct identifier of a child or
    family member (`"a date of birth"`), else None."""
    words, ordered, joined = _header_words(header)
    numbered = bool(words & _NUMBER_WORDS)
    if (
        words & {"email", "emails", "emailaddress"}
        or "email" in joined
        or _follows(ordered, {"e"}, {"mail"})
    ):
        return EMAIL
    if (
        words & {"dob", "dobs", "birthdate", "birthdates", "birthday", "dateofbirth"}
        or "dateofbirth" in joined
        or "birthdate" in joined
        or ("birth" in words and words & {"date", "dates", "day"})
    ):
        return BIRTH
    if (
        ("nhs" in words and (numbered or ordered == ["nhs"]))
        or "nhsnumber" in joined
        or joined in ("nhsno", "nhsnum")
    ):
        return NHS
    if (
        {"national", "insurance"} <= words
        or "nationalinsurance" in joined
        or words & {"nino", "ninumber"}
        or ("ni" in words and numbered)
    ):
        return NATIONAL_INSURANCE
    if (
        words & {"upn", "upns", "uln", "ulns"}
        or "pupilnumber" in joined
        or (words & {"pupil", "learner"} and numbered)
    ):
        return PUPIL
    if (
        words & _PHONE_WORDS
        or "phone" in joined
        or "contactnumber" in joined
        or ("contact" in words and numbered)
    ):
        return PHONE
    if (
        words & _ADDRESS_WORDS
        or "address" in joined
        or "postcode" in joined
        or _follows(ordered, {"post", "postal", "zip"}, {"code", "codes"})
    ):
        return ADDRESS
    if (words & _NAME_WORDS or _follows(ordered, {"known"}, {"as"})) and not words & _NOT_A_CHILD:
        return NAME
    return None
