"""Answer keys: grids of `number answer` pairs read by geometry, in a booklet or a key PDF.

A grid read in text order comes out column by column and its pairs break, so every page is
read as rows of word boxes: in each row a number is paired with the answer cells to its right,
up to the next number. A number with several answers (one column per foreign language or per
booklet colour) names each answer by the heading printed above it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from schema.common import fold, letter_index

from ..pages.geometry import Word
from ..pages.layout import PageLayout, rows_of

NUM = re.compile(r"^(R)?(\d{1,3})(\*)?[\.\):\-–]?$", re.I)
LETTER = re.compile(r"^([A-Ja-j])$")
DIGIT = re.compile(r"^([1-9])$")
ANNUL = re.compile(r"^(anulad[ao]s?|anulad[ao]|anul\.?|nula|annulled|void|x|-|–|—|\*+|null|sin\s+respuesta)$", re.I)
COLUMN_SLACK = 2  # points: cells of one column are printed about aligned
COMBINED = re.compile(r"^(R)?(\d{1,3})(\*)?\s*[\.\):\-–=]?\s*([A-Ja-j])$", re.I)


@dataclass
class KeyEntry:
    number: int
    answers: dict[str | None, str | None]  # column heading (None: the only one) -> letter/digit, None = annulled
    pilot: bool = False
    reserve: bool = False
    page: int = 0


@dataclass
class AnswerKey:
    entries: list[KeyEntry] = field(default_factory=list)
    pages: set[int] = field(default_factory=set)
    numeric: bool = False  # answers printed as 1-4 instead of letters

    def lookup(self, number: int, reserve: bool = False) -> KeyEntry | None:
        for e in self.entries:
            if e.number == number and e.reserve == reserve:
                return e
        if reserve:  # many keys print reserve items with their plain number
            return self.lookup(number, False)
        return None

    @classmethod
    def from_pairs(cls, pairs: list[tuple[int, str | None]]) -> AnswerKey:
        """A key that came as data (number, letter or option digit; None or "" annulled), as a
        source's API serves it, instead of printed."""
        entries = [KeyEntry(n, {None: (a or "").strip().lower() or None}) for n, a in pairs]
        return cls(entries, numeric=any((e.answers[None] or "").isdigit() for e in entries))


def _cells(row: list[Word], numeric: bool) -> list[tuple[Word, list[Word]]]:
    """Pair each number of a row with the answer cells after it."""
    out: list[tuple[Word, list[Word]]] = []
    i, ws = 0, sorted(row, key=lambda w: w.x0)
    while i < len(ws):
        w = ws[i]
        if COMBINED.match(w.text):
            out.append((w, []))
            i += 1
            continue
        if not NUM.match(w.text):
            i += 1
            continue
        answers: list[Word] = []
        j = i + 1
        while j < len(ws):
            t = ws[j].text
            if LETTER.match(t) or ANNUL.match(t):
                answers.append(ws[j])
            elif numeric and DIGIT.match(t) and not answers:
                answers.append(ws[j])
            else:
                break
            j += 1
        out.append((w, answers))
        i = j
    return out


def _heading_above(ans: Word, words: list[Word], top: float) -> str | None:
    """The heading printed above an answer column (nearest word centred over it)."""
    best = None
    for w in words:
        if w.y1 <= top and abs(w.xc - ans.xc) <= 15 and not NUM.match(w.text) \
                and not LETTER.match(w.text) and len(w.text) > 1:
            if best is None or w.y1 > best.y1:
                best = w
    if best is None:
        return None
    # a word and a number ("Versão 1", "Caderno 2"): the column is named by both
    after = [w for w in words if abs(w.y1 - best.y1) < 2 and 0 <= w.x0 - best.x1 <= 8
             and re.fullmatch(r"\d{1,2}", w.text)]
    return f"{best.text} {after[0].text}" if after else best.text


def parse_page(layout: PageLayout, numeric: bool | None = None) -> AnswerKey:
    """Read every `number answer` pair of a page."""
    rows = rows_of(layout.words)
    if numeric is None:
        letters = sum(1 for r in rows for _, a in _cells(r, False) if a)
        digits = sum(1 for r in rows for _, a in _cells(r, True) if a and DIGIT.match(a[0].text))
        numeric = digits > 2 * letters and digits >= 5
    key = AnswerKey(numeric=numeric)
    cells = [c for row in rows for c in _grid_cells(row, numeric)]
    keyed = [w for w, answers in cells if answers or COMBINED.match(w.text)]
    # a stray letter beside a row's answer (a scanned grid's speck read as `I`) lines up with
    # no column of answers, and what is left of a ruling line makes a column of `I`s only
    cast = [a for _, answers in cells for a in answers]
    cells = [(w, answers if len(answers) <= 1 else [a for a in answers if _real_column(a, cast)])
             for w, answers in cells]
    grid = len(keyed) >= 10
    for num_word, answers in cells:
        if not answers and not COMBINED.match(num_word.text) and not _aligned(num_word, keyed):
            continue  # a number alone outside any key column (a score table), not a blank cell
        if grid and _column_size(num_word, keyed) < 3:
            continue  # in a grid, numbers come in columns (`2023` read as `2 20 20 5` is not one)
        key.entries.append(_entry(num_word, answers, layout))
    return key


def _grid_cells(row: list[Word], numeric: bool) -> list[tuple[Word, list[Word]]]:
    cells = _cells(row, numeric)
    used = sum(1 + len(a) for _, a in cells)
    if not cells or used < 0.6 * len(row):
        return []  # a sentence or title that happens to hold a number (`CADERNO 1`)
    return cells


def _mates(word: Word, others: list[Word]) -> list[str]:
    """Texts of others (itself included) that sit in the same column as a word."""
    return [o.text for o in others if word.x_overlaps(o, COLUMN_SLACK)]


def _column_size(word: Word, others: list[Word]) -> int:
    return len(_mates(word, others))


def _real_column(word: Word, others: list[Word]) -> bool:
    """Whether a word sits in a column of answers: others line up with it, and not all of them
    are the strokes a ruling line reads as."""
    mates = _mates(word, others)
    return len(mates) >= 2 and not all(t in ("I", "i", "l", "|") for t in mates)


def _aligned(word: Word, others: list[Word]) -> bool:
    """Whether a word sits in the same column as one of others."""
    return any(word.x_overlaps(o, COLUMN_SLACK) for o in others)


def _entry(num_word: Word, answers: list[Word], layout: PageLayout) -> KeyEntry:
    m = COMBINED.match(num_word.text)
    if m:
        res, n, star, letter = m.groups()
        return KeyEntry(int(n), {None: letter.lower()}, bool(star), bool(res), layout.number)
    res, n, star = NUM.match(num_word.text).groups()
    cols: dict[str | None, str | None] = {}
    if len(answers) <= 1:
        t = answers[0].text if answers else ""
        cols[None] = None if (not t or ANNUL.match(t)) else t.lower()
    else:
        for a in answers:
            name = _heading_above(a, layout.words, a.y0)
            cols[name if name not in cols else f"{name}#{len(cols)}"] = (
                None if ANNUL.match(a.text) else a.text.lower())
    return KeyEntry(int(n), cols, bool(star), bool(res), layout.number)


def looks_like_key(layout: PageLayout) -> bool:
    """A page that is mostly a grid of number/answer pairs (the key page of a booklet)."""
    if len(layout.words) < 20:
        return False
    short = sum(1 for w in layout.words if len(w.text) <= 4 and (NUM.match(w.text) or LETTER.match(w.text)))
    if short < 0.4 * len(layout.words):
        return False  # cheap test first: running text is made of longer words
    key = parse_page(layout)
    paired = [e for e in key.entries if any(v is not None for v in e.answers.values())]
    if len(paired) < 10:
        return False
    used = sum(1 + len(e.answers) for e in paired)
    numbers = sorted({e.number for e in paired})
    run = longest_sequence(numbers)
    return used >= 0.5 * len(layout.words) and run >= 0.6 * len(numbers)


def longest_sequence(nums: list[int]) -> int:
    """Length of the longest run n, n+1, n+2... in sorted numbers."""
    best = cur = 0
    prev = None
    for n in nums:
        cur = cur + 1 if prev is not None and n == prev + 1 else 1
        best = max(best, cur)
        prev = n
    return best


def merge(keys: list[AnswerKey]) -> AnswerKey:
    out = AnswerKey()
    seen: set[tuple[int, bool]] = set()
    for k in keys:
        out.numeric = out.numeric or k.numeric
        for e in k.entries:
            if (e.number, e.reserve) in seen:
                continue  # a second grid on a later page (another booklet type) never overrides
            seen.add((e.number, e.reserve))
            out.entries.append(e)
            out.pages.add(e.page)
    return out


def choose_column(entry: KeyEntry, variant: str | None,
                  booklet_words: list[set[str]]) -> tuple[bool, str | None]:
    """(found, answer) for one question: its variant's column, else the column named by the
    booklet's words (sets from the strongest evidence to the weakest)."""
    if None in entry.answers and len(entry.answers) == 1:
        return True, entry.answers[None]
    names = {c: fold(c or "") for c in entry.answers}
    if variant:
        for c, f in names.items():
            if f and (f.startswith(variant) or variant.startswith(f)):
                return True, entry.answers[c]
    for words in booklet_words:
        for c, f in names.items():
            if f and f in words:
                return True, entry.answers[c]
    return False, None


def answer_index(token: str | None) -> int | None:
    return None if token is None else letter_index(token)


def booklet_words(text: str) -> set[str]:
    """The folded words of a text and its pairs of adjacent words (a heading "Versão 2"), to
    match a key's column names against what the booklet calls itself."""
    words = re.findall(r"\w+", fold(text))
    return set(words) | {f"{a} {b}" for a, b in zip(words, words[1:])}
