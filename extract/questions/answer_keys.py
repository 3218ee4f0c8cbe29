"""Answer keys: grids of `number answer` pairs read by geometry, in a booklet or a key PDF.

A grid read in text order comes out column by column and its pairs break, so every page is
read as rows of word boxes, followed word to word so that a slightly skewed page keeps its rows:
in each row a number is paired with the answer cells to its right, up to the next number (a
code column between them, such as DEMRE's module `MC`/`ME`, is passed over). A number with
several answers (one column per foreign language or per booklet colour), or printed in several
blocks of one table (one block per booklet colour), names each answer by the heading printed
above it; the booklet's own words then pick its column.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace

from schema.common import fold, letter_index

from ..pages.geometry import Box, Word, union
from ..pages.layout import PageLayout
from ..pages.marks import Marks
from .patterns import KEYWORDS

# `12*` pilot, `22**` eliminated, `R101` reserve, `C12` item 12 of a booklet's block of the key
NUM = re.compile(r"^([A-Z])?(\d{1,3})(\*{1,2})?[\.\):\-–]?$")
# a quoted letter: an answer the tribunal changed; `C;` an item of a key set as a list (`001 – C; 002 – A;`);
# `Cc`: a bold capital that OCR read twice, as itself and in lower case
LETTER = re.compile(r"^([A-Ja-j])[;,.]?$|^[\"“”'‘’]+([A-Ja-j])[\"“”'‘’]+$"
                    r"|^(?=[A-J][a-j]$)(?i:(?P<bold>[a-j])(?P=bold))$")
_CELL_TEXT = re.compile(f"{NUM.pattern}|{LETTER.pattern}")  # either, in one pass
DIGIT = re.compile(r"^([1-9])$")
ANNUL = re.compile(r"^(anulad[ao]s?|anulad[ao]|anul\.?|nula|annulled|void|x|-|–|—|\*+|null|sin\s+respuesta)$", re.I)
DASHES = ("-", "–", "—")
COLUMN_SLACK = 2  # points: cells of one column are printed about aligned
# a note that annuls an item whose cell is left blank: `* Questão 135 Anulada`
ANNULLED_NOTE = re.compile(rf"(?:{KEYWORDS})\s*(?:n\.?\s*[º°o]\.?\s*)?(\d{{1,3}})\s*[:\-–]?\s*"
                           r"(?:fue\s+|foi\s+|est[aá]\s+)?(?:anulad[ao]|nula|annulled)\b", re.I)
ANNULLED_LEGEND = re.compile(r"anulad|anulaci|annull", re.I)
PAGE_MARK = re.compile(r"^[-–—]\s*\d{1,4}\s*[-–—]$")  # `– 2 –` (while `3 -` is an annulled item)
CODE = re.compile(r"^[A-Z]{2,3}$")  # a module or area column between number and answer (`MC`, `ME`)
CELL_LABEL = re.compile(r"^(?:preguntas?|quest(?:ão|ao|ões)|questions?|items?|ítems?|cuesti[oó]ns?|n[º°]\.?)$", re.I)
COMBINED = re.compile(r"^([A-Z])?(\d{1,3})(\*)?\s*[\.\):\-–=]?\s*([A-Ja-j])$")


@dataclass
class KeyEntry:
    number: int
    answers: dict[str | None, str | None]  # column heading (None: the only one) -> letter/digit, None = annulled
    pilot: bool = False
    reserve: bool = False
    page: int = 0
    block: str | None = None  # the prefix of a key printed for several booklets (`C` of `C12`)
    styled: bool = False  # annulled for how its cell is printed (reversed out of a fill), not what it says


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


def _cells(row: list[Word], numeric: bool, shared: bool = False) -> list[tuple[Word, list[Word]]]:
    """Pair each number of a row with the answer cells after it. `shared`: a table of
    correspondences, where the numbers before an answer are one item's numbers in each booklet
    type (`1 6 4 1 D` under `TIPO 1 TIPO 2 TIPO 3 TIPO 4 Gabarito`): each gets that answer."""
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
        run = [w]
        while shared and j < len(ws) and NUM.match(ws[j].text) and not COMBINED.match(ws[j].text):
            run.append(ws[j])
            j += 1
        if j + 1 < len(ws) and CODE.match(ws[j].text) and not ANNUL.match(ws[j].text) \
                and (LETTER.match(ws[j + 1].text) or ANNUL.match(ws[j + 1].text)):
            j += 1  # `1 MC B`: the module column, then the answer
        if j + 1 < len(ws) and ws[j].text in DASHES and (
                LETTER.match(ws[j + 1].text) or ANNUL.match(ws[j + 1].text) and ws[j + 1].text not in DASHES):
            j += 1  # `001 – C;`, `42 – Anulada`: a dash between the number and its answer (alone, it annuls)
        while j < len(ws):
            t = ws[j].text
            if LETTER.match(t) or ANNUL.match(t):
                answers.append(ws[j])
            elif numeric and DIGIT.match(t) and not answers:
                answers.append(ws[j])
            else:
                break
            j += 1
        out.extend((n, answers) for n in run)
        i = j
    return out


def _kind(w: Word) -> str:
    """N (an item number), A (an answer cell) or O (anything else)."""
    return "A" if LETTER.match(w.text) or ANNUL.match(w.text) else "N" if NUM.match(w.text) else "O"


def _correspondences(rows: list[list[Word]]) -> bool:
    """Whether the page is a table of correspondences: its rows are groups of two or more
    numbers followed by one answer each, alike from row to row (an ordinary grid pairs one
    number with its answers; a blank cell there leaves one row, not most, looking so)."""
    shapes = []
    for row in rows:
        kinds = "".join(_kind(w) for w in sorted(row, key=lambda w: w.x0))
        if "N" in kinds and "A" in kinds:
            shapes.append(kinds)
    groups = [re.findall(r"N+A+", k) for k in shapes if re.fullmatch(r"(?:N+A+)+", k)]
    alike = [g for g in groups if len({len(x) for x in g}) == 1 and all(x.endswith("NA") and len(x) >= 3 for x in g)]
    return len(alike) >= 5 and len(alike) >= 0.6 * len(shapes)


def _headings_above(ans: Word, words: list[Word], top: float, most: int) -> list[str]:
    """The headings printed above an answer column, nearest line first (on each line, the word
    centred over it), at most `most` of them."""
    levels: list[Word] = []
    for w in sorted((w for w in words if w.y1 <= top and abs(w.xc - ans.xc) <= 15 and not NUM.match(w.text)
                     and not LETTER.match(w.text) and len(w.text) > 1), key=lambda w: -w.y1):
        if not levels or levels[-1].y1 - w.y1 > 2:
            levels.append(w)
            if len(levels) == most:
                break
    names = []
    for best in levels:
        # a word and a number ("Versão 1", "Caderno 2"): the column is named by both
        after = [w for w in words if abs(w.y1 - best.y1) < 2 and 0 <= w.x0 - best.x1 <= 8
                 and re.fullmatch(r"\d{1,2}", w.text)]
        names.append(f"{best.text} {after[0].text}" if after else best.text)
    return names


def _column_names(cells: list[Word], words: list[Word]) -> list[str | None]:
    """The names of the columns these cells stand in: the nearest headings above them, or,
    where those repeat over every column (a section's title over each booklet's column), the
    first line up whose headings tell the columns apart (`GABARITO 1` … `GABARITO 5`)."""
    levels = [_headings_above(c, words, c.y0, 12) for c in cells]
    return _first_distinct(levels) or [x[0] if x else None for x in levels]


def _first_distinct(levels: list[list[str]]) -> list[str] | None:
    """Of each column's (or block's) names, nearest line first, those of the first line up
    where all of them differ; None when no line tells them apart."""
    for depth in range(min(len(x) for x in levels)):
        names = [x[depth] for x in levels]
        if len(set(names)) == len(names):
            return names
    return None


def _rows(words: list[Word]) -> list[list[Word]]:
    """Rows of a grid, each followed from word to word left to right (a word joins the row whose
    last word it is level with), so that the rows of a slightly skewed page stay whole where
    rows of one mean height would split across a wide table. Rows are found through buckets of
    height: linear in the words."""
    if not words:
        return []
    heights = sorted(w.height for w in words)
    tol = 0.45 * max(heights[len(heights) // 2], 1.0)
    rows: list[list[Word]] = []
    ends: dict[int, list[int]] = {}  # bucket of a row's last word's centre -> rows
    for w in sorted(words, key=lambda w: w.x0):
        b = int(w.yc // tol)
        near = [r for k in (b - 1, b, b + 1) for r in ends.get(k, ())]
        best = min(near, key=lambda r: abs(rows[r][-1].yc - w.yc), default=None)
        if best is not None and abs(rows[best][-1].yc - w.yc) <= tol:
            ends[int(rows[best][-1].yc // tol)].remove(best)
            rows[best].append(w)
        else:
            best = len(rows)
            rows.append([w])
        ends.setdefault(b, []).append(best)
    return rows


def parse_page(layout: PageLayout, numeric: bool | None = None, marks: Marks | None = None) -> AnswerKey:
    """Read every `number answer` pair of a page. With the page's marks, a cell reversed out of a
    dark fill is annulled when the page says what that means (`Respuestas anuladas`, printed in
    the same style)."""
    rows = _rows(layout.words)
    # (a row of cells one of which reads `Pregunta 12 NULA` is no note)
    noted = [row for row in rows if ANNULLED_NOTE.search(" ".join(w.text for w in row))
             and len(_grid_cells(row, False)) < 2]
    notes = {int(n) for row in noted for n in ANNULLED_NOTE.findall(" ".join(w.text for w in row))}
    if noted:
        rows = [row for row in rows if not any(row is r for r in noted)]
    sideways, rows = _sideways(rows, layout)
    if numeric is None:
        letters = sum(1 for r in rows for _, a in _cells(r, False) if a)
        digits = sum(1 for r in rows for _, a in _cells(r, True) if a and DIGIT.match(a[0].text))
        numeric = digits > 2 * letters and digits >= 5
    key = AnswerKey(numeric=numeric)
    shared = _correspondences(rows)
    cells = [c for row in rows for c in _grid_cells(row, numeric, shared)]
    keyed = [w for w, answers in cells if answers or COMBINED.match(w.text)]
    grid = len(keyed) >= 10
    # a stray letter beside a row's answer (a scanned grid's speck read as `I`) lines up with
    # no column of answers, and what is left of a ruling line makes a column of `I`s only; in a
    # grid, neither does a lone answer far off (the `-` of a title line taken by a `2` of the
    # year in the heading)
    cast = [a for _, answers in cells for a in answers]
    cells = [(w, answers if len(answers) <= 1 and not grid else [a for a in answers if _real_column(a, cast)])
             for w, answers in cells]
    styled: set[int] = set()  # ids of the numbers whose answer cells are reversed out
    if marks and marks.dark and any(ANNULLED_LEGEND.search(w.text) for w in layout.words):
        styled = {id(w) for w, answers in cells if any(marks.reversed(a) for a in answers)}
        cells = [(w, [a for a in answers if not marks.reversed(a)]) for w, answers in cells]
    entries = []
    for num_word, answers in cells:
        if not answers and not COMBINED.match(num_word.text) and not _aligned(num_word, keyed):
            continue  # a number alone outside any key column (a score table), not a blank cell
        if grid and _column_size(union([num_word, *answers]), keyed) < 3:
            # in a grid, numbers come in columns (`2023` read as `2 20 20 5` is not one); a
            # centred cell (`42 – Anulada`, wider than `42 – C`) stands in its column as a whole
            continue
        entry = _entry(num_word, answers, layout)
        entry.styled = id(num_word) in styled
        entries.append((num_word, entry, union([num_word, *answers])))
    key.entries = _blocks(_sections(entries, layout), layout) + sideways
    for e in key.entries:
        if e.number in notes and not e.reserve:
            e.answers = dict.fromkeys(e.answers)
    key.entries += [KeyEntry(n, {None: None}, page=layout.number)
                    for n in sorted(notes - {e.number for e in key.entries}) if key.entries]
    return key


def _sideways(rows: list[list[Word]], layout: PageLayout) -> tuple[list[KeyEntry], list[list[Word]]]:
    """A grid printed sideways: a row of item numbers and, right under it, the row of their
    answers, cell under cell (`1 2 3 … 20` over `B D B … B`), in tables of such pairs of rows;
    a page may hold one table per booklet type, each named by the line above it (`… TIPO 1 –
    BRANCO`). -> (its entries, the rows it leaves to be read as ordinary rows)"""
    def yc(row):
        return sorted(w.yc for w in row)[len(row) // 2]

    order = sorted(range(len(rows)), key=lambda i: yc(rows[i]))
    used: set[int] = set()
    tables: list[tuple[float, float, list[tuple[Word, Word | None]]]] = []  # (top, bottom, pairs)
    for a, b in zip(order, order[1:]):
        nums, below = sorted(rows[a], key=lambda w: w.x0), rows[b]
        values = [int(m.group(2)) for w in nums if (m := NUM.match(w.text))]
        if len(nums) < 5 or len(values) < len(nums) or any(v >= u for v, u in zip(values, values[1:])):
            continue
        height = sorted(w.height for w in nums)[len(nums) // 2]
        answers = [w for w in below if LETTER.match(w.text) or ANNUL.match(w.text)]
        if yc(below) - yc(nums) > 3 * height or len(answers) < max(0.6 * len(below), 0.6 * len(nums)):
            continue
        pairs = []
        for w in nums:
            under = [x for x in answers if w.x_overlaps(x, COLUMN_SLACK)]
            pairs.append((w, under[0] if len(under) == 1 else None))
        if sum(1 for _, x in pairs if x) < 0.6 * len(pairs):
            continue
        used |= {a, b}
        top, bottom = min(w.y0 for w in nums), max(w.y1 for w in below)
        if tables and top - tables[-1][1] <= 2 * height:
            tables[-1] = (tables[-1][0], bottom, tables[-1][2] + pairs)
        else:
            tables.append((top, bottom, pairs))
    if not tables:
        return [], rows
    names: list[str | None] = [None] * len(tables)
    if len(tables) > 1:
        for k, (top, _, _) in enumerate(tables):
            above = [r for i, r in enumerate(rows) if i not in used and yc(r) < top
                     and any(len(w.text) > 1 for w in r)]
            line = max(above, key=yc, default=None)
            names[k] = " ".join(w.text for w in sorted(line, key=lambda w: w.x0)) if line else None
        if len(set(names)) < len(names):
            names = [f"block {k + 1}" for k in range(len(tables))]
    entries: dict[tuple[int, bool], KeyEntry] = {}
    for name, (_, _, pairs) in zip(names, tables):
        for num, ans in pairs:
            prefix, n, star = NUM.match(num.text).groups()
            e = entries.setdefault((int(n), prefix == "R"), KeyEntry(
                int(n), {}, star == "*", prefix == "R", layout.number, _block(prefix)))
            e.answers[name] = None if ans is None or star == "**" else _answer(ans.text)
    return list(entries.values()), [r for i, r in enumerate(rows) if i not in used]


def _grid_cells(row: list[Word], numeric: bool, shared: bool = False) -> list[tuple[Word, list[Word]]]:
    row = sorted(row, key=lambda w: w.x0)
    first = next((k for k, w in enumerate(row) if NUM.match(w.text) or COMBINED.match(w.text)), None)
    if first and CELL_LABEL.match(row[first - 1].text):  # `Pregunta 17`: the label opens the cell
        first -= 1
    if first:  # words well before the first number are another block's heading on this line
        gap = row[first].x0 - row[first - 1].x1
        if gap > 2 * row[first].height:
            row = row[first:]
    if PAGE_MARK.match(" ".join(w.text for w in row)):
        return []  # `– 2 –`: the page's number, not a key's item
    cells = _cells(row, numeric, shared)
    # the words from each number (its label too) to its last answer (a module column or a dash
    # between them too: `12 MC B` uses three words, so that one misread word does not make a row
    # of them a title)
    at = {id(w): k for k, w in enumerate(row)}
    start = {}
    for n, _ in cells:
        k = at[id(n)]
        start[id(n)] = row[k - 1].x0 if k and CELL_LABEL.match(row[k - 1].text) else n.x0
    used = {id(w) for n, a in cells for w in row if start[id(n)] <= w.x0 <= (a[-1] if a else n).x0}
    if not cells or len(used) < 0.6 * len(row):
        return []  # a sentence or title that happens to hold a number (`CADERNO 1`)
    return cells


def _blocks(entries: list[tuple[Word, KeyEntry, Box]], layout: PageLayout) -> list[KeyEntry]:
    """One entry per number: a number printed in several blocks of the page (one block per
    booklet colour, each with its own order) answers once per block, named by the heading
    above the block's numbers. Blocks are told by most numbers being printed as often; a
    number printed twice where the others are not is a misread, and its first reading stands."""
    by_number: dict[tuple[str | None, int, bool], list[tuple[Word, KeyEntry, Box]]] = {}
    for w, e, cell in entries:  # (a prefixed block, `C12`, names itself)
        by_number.setdefault((e.block, e.number, e.reserve), []).append((w, e, cell))
    for same in by_number.values():  # blocks in reading order: stacked tables, or side by side
        same.sort(key=lambda x: (round(x[0].y0 / (2 * max(x[0].height, 1))), x[0].x0))
    counts = [len(same) for same in by_number.values()]
    blocks = max(set(counts), key=counts.count) if counts else 1
    out = []
    whole = [same for same in by_number.values() if len(same) == blocks]
    titles = _block_titles([union(same[k][2] for same in whole) for k in range(blocks)], layout) \
        if blocks >= 2 and whole else []
    for same in by_number.values():
        first = same[0][1]
        if blocks < 2 or len(same) != blocks or any(len(e.answers) > 1 or None not in e.answers for _, e, _ in same):
            out.append(first)
            continue
        answers: dict[str | None, str | None] = {}
        names = titles if titles and None not in titles else _column_names([w for w, _, _ in same], layout.words)
        for (_, e, _), name in zip(same, names):
            name = name or f"block {len(answers) + 1}"
            answers[name if name not in answers else f"{name}#{len(answers)}"] = e.answers[None]
        out.append(KeyEntry(first.number, answers, first.pilot, first.reserve, first.page, first.block))
    return out


_RESERVE_HEADING = re.compile(r"reserv|suplent", re.I)


def _sections(entries: list[tuple[Word, KeyEntry, Box]], layout: PageLayout) -> list[tuple[Word, KeyEntry, Box]]:
    """A key page of sections each numbered from 1, under a title each (`EXAME COMÚN` 1-5,
    `EXAME GALEGO` 1-5, `EXAME ESPECÍFICO` 1-30 run on into the next column), with their reserve
    items under a heading of their own (`Pregunta de reserva`): each item takes its section's
    title as its block, and is a reserve item under such a heading; for_booklet then gives the
    booklet its own section. Read column by column, top to bottom: a number that does not follow
    the one before starts a section. Left alone unless most numbers are printed once, a few
    several times, and two or more sections start at 1 under a title."""
    counts = Counter(e.number for _, e, _ in entries if not e.block and not e.reserve)
    if not counts or sum(1 for c in counts.values() if c > 1) < 3 \
            or Counter(counts.values()).most_common(1)[0][0] != 1:
        return entries
    columns: list[list[tuple[Word, KeyEntry, Box]]] = []
    for item in sorted(entries, key=lambda x: x[0].x0):
        if columns and item[0].x0 - columns[-1][0][0].x0 <= 1.5 * item[0].height:
            columns[-1].append(item)
        else:
            columns.append([item])
    cells = {id(w) for w, _, box in entries for w in layout.words if box.contains(w)}
    named: list[tuple[KeyEntry, str | None, bool]] = []
    title, reserve, last = None, False, 0
    starts: list[tuple[int, str | None]] = []  # (first number, title) of each section
    for column in columns:
        column.sort(key=lambda x: x[2].y0)
        left = min(x[2].x0 for x in column) - 4 * column[0][2].height  # a label before the number
        right = max(x[2].x1 for x in column)
        for k, (w, e, box) in enumerate(column):
            top = column[k - 1][2].y1 if k else box.y0 - 2.5 * box.height
            between = [x for x in layout.words if top <= x.yc < box.y0 and left <= (x.x0 + x.x1) / 2 <= right
                       and id(x) not in cells and not _CELL_TEXT.match(x.text)
                       and not CELL_LABEL.match(x.text.split(" ")[0])]  # (a cell OCR left unparsed: `Pregunta 3`)
            low = max((x.yc for x in between), default=0.0)  # the line nearest above decides
            heading = " ".join(x.text for x in sorted(between, key=lambda x: x.x0) if low - x.yc < 0.5 * x.height)
            if _RESERVE_HEADING.search(heading):
                reserve = True
            elif e.number != last + 1 and not reserve or heading and e.number == 1:
                title, reserve = heading or None, False
                starts.append((e.number, title))
            elif reserve and e.number == 1:  # a reserve list's end, then a section with no title
                title, reserve = None, False
                starts.append((1, None))
            if not reserve:
                last = e.number
            named.append((e, title, reserve))
    # (a scan's misread numbers break a run too, under whatever was read above them: `Ja` over
    # 36, a table's `GABARITO` over 46)
    if len(starts) < 2 or sum(1 for n, t in starts if t and n == 1) < 2:
        return entries
    at = {id(e): (t, r) for e, t, r in named}
    return [(w, replace(e, block=at[id(e)][0], reserve=at[id(e)][1]), box) for w, e, box in entries]


def _block_titles(boxes: list[Box], layout: PageLayout) -> list[str | None]:
    """The titles of blocks of a key (one per booklet type): the text over each block, from the
    nearest line up, first at the level where the blocks' titles differ (`Prova Tipo A` over
    one table, `Prova Tipo B` over the next; `GABARITO 1`…`5` over columns whose section
    titles repeat). A row of key cells above a block (another block's last row) is no title."""
    rows = sorted(_rows(layout.words), key=lambda r: -max(w.y1 for w in r))
    levels = []
    for box in boxes:
        lines: list[str] = []
        for row in rows:
            ws = [w for w in row if w.y1 <= box.y0 and w.x_overlaps(box, 10)]
            cells = sum(1 for w in ws if _CELL_TEXT.match(w.text) or ANNUL.match(w.text) or w.text in DASHES)
            if ws and cells <= 0.5 * len(ws):
                lines.append(" ".join(w.text for w in sorted(ws, key=lambda w: w.x0)))
                if len(lines) == 12:
                    break
        levels.append(lines)
    return _first_distinct(levels) or [None] * len(boxes)


def _mates(word: Box, others: list[Word]) -> list[str]:
    """Texts of others (itself included) that sit in the same column as a word."""
    return [o.text for o in others if word.x_overlaps(o, COLUMN_SLACK)]


def _column_size(word: Box, others: list[Word]) -> int:
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
        prefix, n, star, letter = m.groups()
        return KeyEntry(int(n), {None: letter.lower()}, bool(star), prefix == "R", layout.number,
                        _block(prefix))
    prefix, n, star = NUM.match(num_word.text).groups()
    if star == "**":  # eliminated from the test: no answer counts
        return KeyEntry(int(n), {None: None}, False, prefix == "R", layout.number, _block(prefix))
    cols: dict[str | None, str | None] = {}
    if len(answers) <= 1:
        cols[None] = _answer(answers[0].text) if answers else None
    else:
        for a, name in zip(answers, _column_names(answers, layout.words)):
            cols[name if name not in cols else f"{name}#{len(cols)}"] = _answer(a.text)
    return KeyEntry(int(n), cols, star == "*", prefix == "R", layout.number, _block(prefix))


def _block(prefix: str | None) -> str | None:
    return prefix if prefix and prefix != "R" else None


def _answer(cell: str) -> str | None:
    """A cell's answer: its letter (or digit), None when it annuls the item."""
    m = LETTER.match(cell)
    return (m.group(1) or m.group(2) or m.group("bold")).lower() if m else None if ANNUL.match(cell) else cell.lower()


def looks_like_key(layout: PageLayout) -> bool:
    """A page that is mostly a grid of number/answer pairs (the key page of a booklet)."""
    if len(layout.words) < 20:
        return False
    short = sum(1 for t in [w.text for w in layout.words if len(w.text) <= 4] if _CELL_TEXT.match(t))
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


def for_booklet(key: AnswerKey, text: str, questions) -> AnswerKey:
    """A key printed for several booklets, its items prefixed by block (`C1`-`C12`, `E1`-`E110`,
    `G1`-`G12`), as this booklet reads it: the block its own text names (`entre los números C1 y
    C12`), else the one with as many items as it has questions; that block's numbers past the
    booklet's questions are its reserve questions, in order. A prefix on one or two items of a
    key otherwise unprefixed is a misread (a scanned heading `Nº` read `N9`), not a block."""
    sizes = Counter(e.block for e in key.entries)
    if sizes[None] >= 10:
        key = replace(key, entries=[e for e in key.entries if not e.block or sizes[e.block] >= 3])
    blocks = sorted({e.block for e in key.entries if e.block})
    if not blocks:
        return key
    named = sorted({m.group(1) for m in re.finditer(r"\b([A-Z]) ?\d{1,3}\b", text)} & set(blocks)) \
        or _named_sections(list(dict.fromkeys(e.block for e in key.entries if e.block)), text)
    main = sum(1 for q in questions if not q.reserve)
    sizes = {b: sum(1 for e in key.entries if e.block == b) for b in blocks}
    pick = (named or [b for b in blocks if sizes[b] == len(questions)] or blocks)[0]
    out = AnswerKey(pages=key.pages, numeric=key.numeric)
    for e in key.entries:
        if e.block == pick and e.reserve:  # printed under a reserve heading (_sections)
            out.entries.append(replace(e, block=None))
        elif e.block == pick:
            reserve = e.number > main and len(questions) > main
            out.entries.append(replace(e, number=e.number - main if reserve else e.number, reserve=reserve,
                                       block=None))
    return out


def _named_sections(blocks: list[str], text: str) -> list[str]:
    """The sections of a key (titles such as `EXAME COMÚN`, `EXAME ESPECÍFICO`) whose own words,
    those not in every title, the booklet's text has (`Primer examen: parte común`)."""
    titles = [b for b in blocks if len(b) > 1]  # (not a prefix's letter)
    words = [set(_words(fold(b))) for b in titles]
    if len(words) < 2:
        return []
    shared = set.intersection(*words)
    have = booklet_words(text)
    own = [{w for w in ws - shared if len(w) >= 3 and not w.isdigit()} for ws in words]
    return [b for b, ws in zip(titles, own) if ws and ws <= have]


def unmatched(key: AnswerKey, found: set[tuple[int, bool]]) -> set[tuple[int, bool]]:
    """The key's items (number, reserve) that name none of the questions found. A key that
    prints a reserve item with its plain number names the reserve question too."""
    return {(n, r) for n, r in ((e.number, e.reserve) for e in key.entries)
            if (n, r) not in found and (r or (n, True) not in found)}


def coverage(key: AnswerKey, found: set[tuple[int, bool]]) -> tuple[int, int]:
    """(key items that name a question found, key items). A key read for another exam, or
    questions the rules missed, match few."""
    total = len({(e.number, e.reserve) for e in key.entries})
    return total - len(unmatched(key, found)), total


def read_key(layouts: list[PageLayout], marks_of=None) -> AnswerKey:
    """The key printed on these pages; `marks_of(page number)` gives a page's marks (Marks)."""
    return merge([parse_page(p, marks=marks_of(p.number) if marks_of else None) for p in layouts])


def merge(keys: list[AnswerKey]) -> AnswerKey:
    """The pages' keys as one: grids first (a stray number on another page never hides a grid's
    item), then page order (a second grid, another booklet type's, never overrides). Columns
    named by their booklet type on one page join those named otherwise on another (`TIPO 1`,
    `TIPO 2` on the first page, `TIPO 3`, `TIPO 4` on the next)."""
    out = AnswerKey()
    seen: dict[tuple[str | None, int, bool], tuple[KeyEntry, bool]] = {}
    for k in sorted(keys, key=lambda k: sum(1 for e in k.entries if any(e.answers.values())) < 10):
        out.numeric = out.numeric or k.numeric
        for e in k.entries:
            first, numeric = seen.get((e.block, e.number, e.reserve), (None, None))
            if first is not None:
                if (numeric == k.numeric and None not in first.answers and None not in e.answers
                        and not first.answers.keys() & e.answers.keys()):
                    first.answers = {**first.answers, **e.answers}
                    out.pages.add(e.page)
                continue  # a second grid on a later page (another booklet type) never overrides
            seen[e.block, e.number, e.reserve] = e, k.numeric
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
    # a heading repeated over several columns (`PORTUGUESA`, `PORTUGUESA#1`: a section's title
    # over every booklet's column) names none of them
    base = [re.sub(r"#\d+$", "", c or "") for c in entry.answers]
    names = {c: "" if base.count(b) > 1 else f for (c, f), b in zip(names.items(), base)}
    if variant:
        for c, f in names.items():
            if f and (f.startswith(variant) or variant.startswith(f)):
                return True, entry.answers[c]
    # a name's own words, without those every column shares (`Gab_Azul`, `Gab_Rosa`: azul, rosa);
    # a lone number tells nothing (`Versão 1`: a booklet prints every number), the whole name does,
    # and so does a pair of its own words (`… TIPO 1 – BRANCO` for a booklet `TIPO 01 – BRANCA`)
    split = {c: set(_words(f)) for c, f in names.items()}
    shared = set.intersection(*split.values()) if split else set()
    # (a lone number or letter tells nothing either: every booklet prints `1`, `a`)
    own = {c: w - shared if any(not t.isdigit() and len(t) > 1 for t in w - shared) else set()
           for c, w in split.items()}
    pairs = {c: _pairs(f) for c, f in names.items()}
    shared_pairs = set.intersection(*pairs.values()) if pairs else set()
    for words in booklet_words:
        hits = [c for c, f in names.items()
                if f and (_plain(f) in words or own[c] and own[c] <= words or pairs[c] - shared_pairs & words)]
        if len(hits) == 1 or hits and all(entry.answers[c] == entry.answers[hits[0]] for c in hits):
            return True, entry.answers[hits[0]]
    return False, None


def _words(text: str) -> list[str]:
    """A folded text's words, numbers without their leading zeros (`TIPO 01` is `tipo 1`)."""
    return [w.lstrip("0") or "0" if w.isdigit() else w for w in re.findall(r"[^\W_]+", text)]


def _plain(text: str) -> str:
    return " ".join(_words(text))


def _pairs(text: str) -> set[str]:
    """The pairs of adjacent words of a name that hold a number or a lone letter, beside a
    word: `tipo 1`, `1 branco`, `tipo b`."""
    ws = _words(text)

    def mark(w: str) -> bool:
        return w.isdigit() or len(w) == 1
    return {f"{a} {b}" for a, b in zip(ws, ws[1:]) if mark(a) != mark(b)}


def answer_index(token: str | None) -> int | None:
    return None if token is None else letter_index(token)


def booklet_words(text: str) -> set[str]:
    """The folded words of a text and its pairs of adjacent words (a heading "Versão 2"), to
    match a key's column names against what the booklet calls itself."""
    words = _words(fold(text))
    return set(words) | {f"{a} {b}" for a, b in zip(words, words[1:])}
