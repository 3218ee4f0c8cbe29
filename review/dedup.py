"""Duplicates across exams and years: the same question printed again, exactly or nearly.

A question's text for comparison is its stem and its options, normalised (accents, case,
punctuation and spacing dropped; options sorted, since booklets shuffle them). Two questions from
different PDFs are duplicates when these texts have a rapidfuzz `fuzz.ratio` of at least NEAR
(100 = exact). The later one gets `dup_of` = the earliest of its matches, earlier meaning an
earlier year (unknown years last), then added earlier. A rejected question is nobody's original
(its reprint must not be dropped with it). Near matches are hints for the reviewer.
"""
from __future__ import annotations

import sqlite3

from rapidfuzz import fuzz, process

from schema.common import plain
from schema.models import Question

NEAR = 90  # fuzz.ratio: one changed word in a typical 200-character question scores about 96
BATCH = 256  # new questions compared at a time: bounds the score matrix to BATCH x store size


def normalise(q: Question) -> str:
    return " | ".join([plain(q.question), *sorted(plain(c) for c in q.choices)])


def assign(db: sqlite3.Connection, ids: list[str]) -> None:
    """Set dup_of for the given (new or changed) rows, and for rows pointing at them, from scratch;
    point other rows at them when one of these is earlier than what they point at now."""
    if not ids:
        return
    rows = db.execute("SELECT seq, id, sha256, language, year, norm, dup_of, status FROM records").fetchall()
    order = {r["id"]: (r["year"] or 9999, r["seq"]) for r in rows}
    current = {r["id"]: r["dup_of"] for r in rows}
    wanted = set(ids) | {r["id"] for r in rows if r["dup_of"] in set(ids)}
    rejected = {r["id"] for r in rows if r["status"] == "rejected"}
    best: dict[str, str | None] = {i: None for i in wanted}

    def offer(later: str, earlier: str) -> None:
        have = best.get(later, current[later])
        if have is None or order[earlier] < order[have]:
            best[later] = earlier

    by_lang: dict[str, list[sqlite3.Row]] = {}
    for r in rows:
        by_lang.setdefault(r["language"], []).append(r)
    for group in by_lang.values():
        new = [r for r in group if r["id"] in wanted]
        texts = [r["norm"] for r in group]
        for start in range(0, len(new), BATCH):
            chunk = new[start:start + BATCH]
            scores = process.cdist([r["norm"] for r in chunk], texts, scorer=fuzz.ratio,
                                   score_cutoff=NEAR, dtype="uint8", workers=-1)
            for r, line in zip(chunk, scores):
                for j in line.nonzero()[0]:
                    other = group[j]
                    if other["sha256"] == r["sha256"]:
                        continue  # one PDF: variants and look-alike items are not duplicates
                    a, b = r["id"], other["id"]
                    if order[a] < order[b]:
                        a, b = b, a
                    if b not in rejected:
                        offer(a, b)
    for id, dup in best.items():
        if dup != current[id]:
            db.execute("UPDATE records SET dup_of = ? WHERE id = ?", (dup, id))

