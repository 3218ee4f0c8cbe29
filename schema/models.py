"""Pydantic models for extracted exam questions, with INCLUDE's fields and provenance."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from .vocab import canonical, country_code, country_name, in_vocabulary, language_code, language_name

FLAGS = (
    "image_reference",      # wording or an image in its area points to a figure
    "annulled",             # the key annuls it: answer is null
    "pilot",                # keyed but not scored (`12*`)
    "reserve",              # printed after a reserve heading (`R101`)
    "fewer_than_4_options",  # INCLUDE wants at least 4
    "language_mismatch",    # detected language differs from the exam's
    "low_ocr_confidence",   # read by OCR from a page Tesseract was unsure of: check the text
    "page_skipped",         # a page beside it could not be read and was skipped: its text may be cut
    "variant",              # printed more than once in alternative versions
    "unkeyed",              # no answer key covered it
    "key_mismatch",         # the key's letter is not among its options
    "image_options",        # some options are pictures: their text is empty, see the page
    "key_misfit",           # the exam's questions match fewer than half of its key's numbers
    "key_uncertain",        # the key read two ways (by position, by its table) gives it different answers
    "llm_structured",       # structured by the LLM assist; every text checked against the source
    "llm_rejected",         # the rules failed here and the LLM's answer failed the source check
    "llm_unavailable",      # the rules failed here and the LLM could not be reached: check it
)
Flag = Literal[FLAGS]  # type: ignore[valid-type]


@dataclass
class ExamMeta:
    """What is known of an exam before it is read: given on include-extract's command line, or
    by the spider that found it. The records take their metadata from it."""
    language: str | None = None
    country: str | None = None
    exam: str | None = None
    year: int | None = None
    level: str | None = None
    subject: str | None = None
    domain: str | None = None
    source_url: str | None = None


class Question(BaseModel):
    """One multiple-choice question as printed, with its key and where it came from."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    id: str = ""
    number: int = Field(ge=0, le=9999)
    variant: str | None = None
    question: str = Field(min_length=1)
    context: str | None = None
    choices: list[str] = Field(min_length=2, max_length=10)
    answer: int | None = None
    language: str
    country: str | None = None
    exam: str | None = None
    year: int | None = Field(default=None, ge=1900, le=2100)
    level: str | None = None
    subject: str | None = None
    domain: str | None = None
    regional_feature: str | None = None
    source_file: str | None = None
    source_url: str | None = None
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    page: int = Field(ge=1)
    # the question's area on `page` (PDF points, x0 y0 x1 y1, origin top left): review crops
    bbox: list[float] | None = Field(default=None, min_length=4, max_length=4)
    method: Literal["text", "ocr"] = "text"
    flags: list[Flag] = Field(default_factory=list)

    @field_validator("choices")
    @classmethod
    def _choices_not_blank(cls, v: list[str]) -> list[str]:
        for i, c in enumerate(v):
            if not c.strip():
                raise ValueError(f"choice {i} is empty")
        return v

    @field_validator("language")
    @classmethod
    def _known_language(cls, v: str) -> str:
        return language_code(v)  # spa -> es: one code per language in the store

    @field_validator("country")
    @classmethod
    def _known_country(cls, v: str | None) -> str | None:
        return None if v is None else country_code(v)

    @field_validator("level", "domain", "regional_feature")
    @classmethod
    def _include_vocabulary(cls, v: str | None, info) -> str | None:
        return canonical(info.field_name, v)

    @field_validator("flags")
    @classmethod
    def _unique_flags(cls, v: list[str]) -> list[str]:
        return sorted(set(v), key=FLAGS.index)

    @model_validator(mode="after")
    def _answer_and_id(self) -> "Question":
        if self.answer is not None and not 0 <= self.answer < len(self.choices):
            raise ValueError(f"answer {self.answer} is outside choices 0..{len(self.choices) - 1}")
        if not self.id:
            # Bypass validate_assignment recursion: the id is derived, never user data.
            object.__setattr__(self, "id", question_id(self.sha256, self.number, self.variant))
        return self


def question_id(sha256: str, number: int, variant: str | None = None) -> str:
    """Stable id: same file, number and variant give the same id on every run."""
    key = f"{sha256}:{number}:{variant or ''}"
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def validate_record(data: dict) -> Question:
    """Build a Question, turning pydantic's report into one message naming record and fields."""
    try:
        return Question.model_validate(data)
    except ValidationError as exc:
        where = f"question {data.get('number', '?')}"
        if data.get("variant"):
            where += f" ({data['variant']})"
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'record'}: {e['msg']}" for e in exc.errors()
        )
        raise RecordError(f"{where}: {problems}") from None


class RecordError(ValueError):
    """A record failed validation; the message names the record and the field."""


INCLUDE_OPTIONS = 4  # include-base-44's questions have exactly option_a..option_d


def include_row(q: Question) -> dict:
    """The record as one row of CohereLabs/include-base-44: language and country as English names,
    the four options as option_a..option_d, `answer` 0-3. A subject outside INCLUDE's vocabulary
    (the exam's own name for it, before review) is left empty."""
    if len(q.choices) != INCLUDE_OPTIONS or q.answer is None:
        raise ValueError(f"question {q.number}: INCLUDE's row needs 4 options and an answer")
    question = q.question if not q.context else f"{q.context}\n{q.question}"
    return {
        "language": language_name(q.language),
        "country": country_name(q.country) if q.country else "",
        "domain": q.domain or "",
        "subject": q.subject if in_vocabulary("subject", q.subject) else "",
        "regional_feature": q.regional_feature or "",
        "level": q.level or "",
        "question": question,
        **{f"option_{c}": text for c, text in zip("abcd", q.choices)},
        "answer": q.answer,
    }
