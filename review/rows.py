"""The review CSV's row: one question, its options as columns, the answer as a letter.

Reviewers may change status, reviewer, notes and the question's text and tags (question, context,
options, answer, language, country, subject, domain, regional_feature, level). The provenance
columns (exam, year, number, variant, flags, source_url, page) are read-only; dup_of and crop are
shown for information and ignored on import; rev says which stored revision the row shows.
"""
from __future__ import annotations

import re
import unicodedata

from pydantic import ValidationError

from schema.common import LETTERS
from schema.models import Question
from schema.vocab import canonical

from .store import STATUSES

EDITABLE = ("question", "context", "language", "country", "subject", "domain", "regional_feature", "level")
READ_ONLY = ("exam", "year", "number", "variant", "flags", "source_url", "page")
# a spreadsheet runs a cell starting with one of these as a formula (CSV injection); a cell's
# first character is compared after NFKC, which folds full-width and small forms (＝, ﹢, ＠) into
# these, and the minus sign U+2212, which NFKC keeps, is listed with them
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\u2212")
PLACEHOLDERS = ("(no text)", "(empty)")  # what extraction writes for a missing stem or option


def columns(width: int) -> list[str]:
    return (["id", "status", "exam", "year", "number", "variant", "question", "context"]
            + [f"option_{c}" for c in LETTERS[:width]]
            + ["answer", "language", "country", "subject", "domain", "regional_feature", "level", "flags",
               "dup_of", "source_url", "page", "crop", "reviewer", "notes", "rev"])


def option_columns(header: list[str]) -> list[str]:
    return [c for c in header if c.startswith("option_")]


def guard(cell: str) -> str:
    """Neutralise a would-be formula with a leading apostrophe (also one that already starts with
    apostrophes, so that unguard restores every text exactly)."""
    return "'" + cell if _formula(cell.lstrip("'")) else cell


def unguard(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and _formula(cell[1:].lstrip("'")) else cell


def _formula(cell: str) -> bool:
    return unicodedata.normalize("NFKC", cell[:1]).startswith(FORMULA_START)


def to_row(q: Question, review: dict, crop: str, width: int) -> list[str]:
    cells = {
        "id": q.id, "status": review["status"], "exam": q.exam, "year": q.year, "number": q.number,
        "variant": q.variant, "question": q.question, "context": q.context,
        "answer": "" if q.answer is None else LETTERS[q.answer].upper(),
        "language": q.language, "country": q.country, "subject": q.subject, "domain": q.domain,
        "regional_feature": q.regional_feature, "level": q.level, "flags": ";".join(q.flags),
        "dup_of": review["dup_of"], "source_url": q.source_url, "page": q.page, "crop": crop,
        "reviewer": review["reviewer"], "notes": review["notes"], "rev": review["rev"],
    }
    for i, c in enumerate(q.choices):
        cells[f"option_{LETTERS[i]}"] = c
    return [guard("" if cells.get(col) is None else str(cells[col])) for col in columns(width)]


def parse(cells: dict[str, str], base: dict) -> tuple[dict | None, list[tuple[str, str]]]:
    """A CSV row (cells unguarded) over the revision it was exported from -> the proposed state
    {record, status, reviewer, notes}, or the problems as (column, message)."""
    record = dict(base["record"])
    errors: list[tuple[str, str]] = []
    for col in READ_ONLY:
        shown = _show(record[col])
        if cells[col].strip() != shown and not _same_number(cells[col], record[col]):
            errors.append((col, f"read-only column changed from {shown!r} to {cells[col]!r}"))
    status = cells["status"].strip().lower()
    if status not in STATUSES:
        errors.append(("status", f"{cells['status']!r} is not a status ({', '.join(STATUSES)})"))
    for col in EDITABLE:
        record[col] = cells[col] if col == "question" else _optional(cells[col], record[col])
    subject = record["subject"]
    if subject is not None and subject != base["record"]["subject"]:
        try:  # a subject a reviewer sets is INCLUDE's (the model checks level, domain, regional feature)
            record["subject"] = canonical("subject", subject)
        except ValueError as exc:
            errors.append(("subject", str(exc)))
    opts = option_columns(list(cells))
    values = [cells[c] for c in opts]
    while values and not values[-1].strip():
        values.pop()
    if len(base["record"]["choices"]) > len(opts):
        count = len(base["record"]["choices"])
        errors.append((f"option_{LETTERS[len(opts)]}", f"column missing: the question has {count} options"))
    record["choices"] = values
    letter = cells["answer"].strip().lower()
    if not letter:
        record["answer"] = None
    elif len(letter) == 1 and letter in LETTERS and LETTERS.index(letter) < len(values):
        record["answer"] = LETTERS.index(letter)
    else:
        last = LETTERS[max(len(values) - 1, 0)].upper()
        errors.append(("answer", f"{cells['answer']!r} is not one of the options A-{last} (empty: no answer)"))
        record["answer"] = None
    try:
        q = Question.model_validate(record)
    except ValidationError as exc:
        errors += [(_column(e["loc"], e["msg"]), _message(e)) for e in exc.errors()]
        q = None
    if errors or q is None:
        return None, _unique(errors)
    return {"record": q.model_dump(mode="json"), "status": status,
            "reviewer": cells["reviewer"].strip() or None, "notes": cells["notes"].strip() or None}, []


def not_ready(record: dict) -> list[str]:
    """Why an approved question cannot go into INCLUDE as it is (it becomes needs_fix)."""
    problems = []
    if record["answer"] is None:
        problems.append("no answer")
    if len(record["choices"]) < 4:
        problems.append("fewer than 4 options")
    if record["question"] in PLACEHOLDERS or any(c in PLACEHOLDERS for c in record["choices"]):
        problems.append("a placeholder for missing text")
    return problems


def same_state(a: dict, b: dict) -> bool:
    return all(_blank(a[k]) == _blank(b[k]) for k in ("record", "status", "reviewer", "notes"))


def _blank(v):
    return None if v == "" else v


def _show(v) -> str:
    if isinstance(v, list):
        return ";".join(v)
    return "" if v is None else str(v)


def _same_number(cell: str, value) -> bool:
    try:
        return isinstance(value, int) and float(cell) == value
    except ValueError:
        return False


def _optional(cell: str, old: str | None) -> str | None:
    """An empty cell is None, unless the stored value was already an empty string."""
    if cell.strip():
        return cell
    return old if old == "" else None


def _column(loc: tuple, msg: str) -> str:
    if loc and loc[0] == "choices":
        m = re.search(r"choice (\d+)", msg)  # the model names the option in its message
        return f"option_{LETTERS[int(m.group(1))]}" if m else "option_a"
    if loc:
        return str(loc[0])
    return "answer" if "answer" in msg else "question"


def _message(error: dict) -> str:
    if error["type"] in ("string_type", "missing") and error.get("input") is None:
        return "empty, but a value is required"
    return error["msg"].removeprefix("Value error, ")


def _unique(errors: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return list(dict.fromkeys(errors))
