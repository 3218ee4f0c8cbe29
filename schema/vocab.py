"""Code lists and INCLUDE's vocabularies, each value checked the same way wherever it enters
(include-extract's flags, spiders, the review CSV, Argilla) and again at export.

Language and country codes go through pycountry (ISO 639-3 and ISO 3166-1, maintained with the
standards): any language code or name is stored as its shortest code (`spa` -> `es`), any
ISO 3166-1 country as its alpha-2 code (`DEU` or `de` -> `DE`).
"""
from __future__ import annotations

import re
from functools import cache

# INCLUDE's config names where pycountry's English name differs (include-base-44's configs).
LANGUAGE_NAMES = {"el": "Greek", "mk": "North Macedonian", "nl": "Dutch", "fa": "Persian",
                  "agr": "Awajun", "shp": "Shipibo-Konibo"}  # the last two: as Peru's exams name them

# INCLUDE's `domain` values. The first eleven are those include-base-44's data carries, as the
# evaluation harnesses that filter it by domain enumerate them (EleutherAI/lm-evaluation-harness,
# lm_eval/tasks/include/common.py, CATEGORIES; lighteval's INCLUDE tasks list the same eleven as
# SUBSETS); "Other" is in the data too (its validation split files some rows there, as common.py
# notes); "Humanities" is the paper's (Romanou et al. 2024, arXiv:2411.19799, Table 2 caption).
DOMAINS = (
    "Applied Science", "Arts & Humanities", "Business & Commerce", "Driving License",
    "General knowledge", "Health oriented education", "Marine License", "Medical License",
    "Professional certification", "STEM", "Social Science", "Humanities", "Other",
)

# INCLUDE's `level` values (the paper, section 3 and Table 2: academic and professional exams,
# licences, school levels).
LEVELS = (
    "Academic", "Professional", "Licenses", "High school", "Middle school",
    "Elementary school", "University entrance", "Other",
)

# INCLUDE's `regional_feature` values (the paper, section 3.2: region explicit / implicit,
# culture, region agnostic).
REGIONAL_FEATURES = ("region explicit", "region implicit", "culture", "region agnostic")

# INCLUDE's academic areas (`subject`), as the paper's appendix lists them; the data's domain
# names that appear as subjects (Driving License, Medical License, Marine License, Professional
# certification) are among them. At extraction `subject` may hold the exam's own subject name
# (a spider's "Matemática"); a reviewer sets INCLUDE's, and the export writes only these.
SUBJECTS = (
    "Accounting", "Agriculture", "Anthropology", "Architecture and Design", "Arts & Humanities",
    "Biology", "Business", "Chemistry", "Computer Science", "Culturology", "Driving License",
    "Earth science", "Economics", "Education", "Engineering", "Environmental studies and forestry",
    "Family and consumer science", "Finance", "Geography", "Health", "History",
    "Human physical performance and recreation", "Industrial and labor relations",
    "International trade", "Journalism, media studies, and communication", "Language", "Law",
    "Library and museum studies", "Literature", "Logic", "Management", "Marine License", "Marketing",
    "Math", "Medical License", "Medicine", "Military Sciences", "Multiple exams", "Performing arts",
    "Philosophy", "Physics", "Political sciences", "Professional certification", "Psychology",
    "Public Administration", "Public Policy", "Qualimetry", "Religious studies",
    "Risk management and insurance", "Social Work", "Sociology", "Visual Arts",
)

VOCABULARIES = {"level": LEVELS, "domain": DOMAINS, "regional_feature": REGIONAL_FEATURES, "subject": SUBJECTS}


def canonical(field: str, value: str | None) -> str | None:
    """INCLUDE's spelling of `value` for `field` (level, domain, regional_feature, subject),
    matched without regard to case or spacing; ValueError naming the allowed values if none."""
    if value is None or not value.strip():
        return None if value is None else value
    allowed = VOCABULARIES[field]
    key = " ".join(value.split()).casefold()
    for v in allowed:
        if v.casefold() == key:
            return v
    raise ValueError(f"{value!r} is not an INCLUDE {field.replace('_', ' ')} ({', '.join(allowed)})")


def in_vocabulary(field: str, value: str | None) -> bool:
    """Whether `value` is one of INCLUDE's values for `field`, spelt as INCLUDE spells it."""
    if not value:
        return False
    try:
        return canonical(field, value) == value
    except ValueError:
        return False


@cache
def language_code(value: str) -> str:
    """An ISO 639-1 or 639-3 code (or 639-2/B, `baq`) -> ISO 639-1 where it has one, else 639-3."""
    import pycountry

    v = value.strip().lower()
    lang = (pycountry.languages.get(alpha_2=v) if len(v) == 2 else
            pycountry.languages.get(alpha_3=v) or pycountry.languages.get(bibliographic=v) if len(v) == 3 else None)
    if lang is None:
        raise ValueError(f"unknown language code {value!r} (ISO 639-1 or 639-3 expected, e.g. es, spa)")
    return getattr(lang, "alpha_2", None) or lang.alpha_3


@cache
def language_name(code: str) -> str:
    """The English name INCLUDE's configs use: `es` -> Spanish."""
    import pycountry

    code = language_code(code)
    if code in LANGUAGE_NAMES:
        return LANGUAGE_NAMES[code]
    lang = pycountry.languages.get(alpha_2=code) if len(code) == 2 else pycountry.languages.get(alpha_3=code)
    return re.sub(r"\s*\(.*\)$", "", lang.name).split(";")[0]


@cache
def country_code(value: str) -> str:
    """An ISO 3166-1 alpha-2 or alpha-3 code -> alpha-2 (`de`, `DEU` -> DE)."""
    import pycountry

    v = value.strip().upper()
    c = pycountry.countries.get(alpha_2=v) if len(v) == 2 else pycountry.countries.get(alpha_3=v)
    if c is None:
        raise ValueError(f"unknown country code {value!r} (ISO 3166-1 alpha-2 expected, e.g. ES, BR, DE)")
    return c.alpha_2


@cache
def country_name(code: str) -> str:
    """English short name: BO -> Bolivia (pycountry's common name where it has one)."""
    import pycountry

    c = pycountry.countries.get(alpha_2=country_code(code))
    return getattr(c, "common_name", None) or c.name
