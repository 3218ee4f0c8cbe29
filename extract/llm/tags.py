"""`--llm-tags`: subject, domain and regional feature from INCLUDE's vocabularies, for the
records that have none. A value outside the vocabulary is rejected and the field left empty."""
from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

from pydantic import BaseModel

from schema import Question
from schema.vocab import DOMAINS, REGIONAL_FEATURES, SUBJECTS

from .client import Unavailable

BATCH = 20
SYSTEM = (
    "You tag multiple-choice exam questions for a benchmark of regional knowledge. For each item give "
    "its subject, its domain and its regional feature, each exactly one of the values the schema allows: "
    "'region explicit' when the question names the region, 'region implicit' when answering needs "
    "knowledge of the region (its laws, history, institutions), 'culture' for its culture, 'region "
    "agnostic' otherwise. Do not answer the questions."
)
FIELDS = {"subject": SUBJECTS, "domain": DOMAINS, "regional_feature": REGIONAL_FEATURES}


class Tag(BaseModel):
    item: int
    subject: str
    domain: str
    regional_feature: str


class Tags(BaseModel):
    tags: list[Tag]


def _schema() -> dict:
    """Each field an enum of its vocabulary (the reply is still checked against it)."""
    tag = {"type": "object", "required": ["item", *FIELDS],
           "properties": {"item": {"type": "integer"},
                          **{f: {"type": "string", "enum": list(v)} for f, v in FIELDS.items()}}}
    return {"type": "object", "required": ["tags"],
            "properties": {"tags": {"type": "array", "items": tag}}}


SCHEMA = _schema()


def tag_records(chat, records: list[Question], jobs: int, path) -> list[str]:
    todo = [r for r in records if not (r.subject and r.domain and r.regional_feature)]
    batches = [todo[k:k + BATCH] for k in range(0, len(todo), BATCH)]
    if not batches:
        return []

    def ask(batch: list[Question]) -> Tags | str:
        items = "\n\n".join(f"Item {k}. {r.question[:400]}\n" + " | ".join(c[:80] for c in r.choices)
                            for k, r in enumerate(batch, 1))
        try:
            reply = chat.chat(SYSTEM, f"Country: {batch[0].country or 'unknown'}.\n\n{items}", SCHEMA)
            return Tags.model_validate(json.loads(reply.text))
        except Unavailable as exc:
            return f"unavailable ({exc})"
        except ValueError:
            return "reply rejected (not JSON in the expected shape)"

    with ThreadPoolExecutor(max(1, jobs)) as pool:
        answers = list(pool.map(ask, batches))
    notes, outside = [], 0
    for batch, got in zip(batches, answers):
        if isinstance(got, str):
            notes.append(f"{path}: LLM tags for {len(batch)} questions: {got}")
            continue
        for t in got.tags:
            if not 1 <= t.item <= len(batch):
                continue
            r = batch[t.item - 1]
            for name, allowed in FIELDS.items():
                value = getattr(t, name)
                if value not in allowed:
                    outside += 1
                elif not getattr(r, name):
                    setattr(r, name, value)
    if outside:
        notes.append(f"{path}: LLM tags: {outside} values outside INCLUDE's vocabularies rejected")
    return notes
