"""The key read a second way: the ruled tables of its pages, as pdfplumber's table finder reads
them (another parser, cell by cell). Where both readings give an item, they must agree; where
they do not, the records of those items are flagged `key_uncertain` and the exam says so.
Only pages where the geometric reading found the key, and only ruled tables: a page or two."""
from __future__ import annotations

import io
from collections import defaultdict

from ..triage import open_bytes
from .answer_keys import ANNUL, LETTER, NUM, AnswerKey


def read(path, pages) -> dict[tuple[int, bool], list[str | None]]:
    """(number, reserve) -> the answers the tables give it (one per table or column that names
    it); empty when the pages hold no ruled table."""
    import pdfplumber
    import pymupdf

    found: dict[tuple[int, bool], list[str | None]] = defaultdict(list)
    if not pages:
        return found
    # only those pages, copied out: pdfplumber walks a file's whole page tree on open and close
    with open_bytes(path) as doc, pymupdf.open() as part:
        for n in sorted(pages):
            part.insert_pdf(doc, from_page=n, to_page=n)
        data = part.tobytes()
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            for table in page.find_tables():
                rows = [[(c or "").strip() for c in row] for row in table.extract()]
                rows = [row for row in rows if _key_row(row)]
                if len(rows) >= 5:  # a table of the key, not a drawing's boxes or a score table
                    for row in rows:
                        _pairs(row, found)
    return found


def _key_row(cells: list[str]) -> bool:
    """Only numbers and answers: a heading, a note or a drawing's text is not a key's row."""
    full = [c for c in cells if c]
    return bool(full) and NUM.match(full[0]) is not None and all(NUM.match(c) or LETTER.match(c) or ANNUL.match(c)
                                                               for c in full)


def _pairs(cells: list[str], found) -> None:
    """A row's `number answer...` pairs; an empty cell after a number is a blank answer."""
    k = 0
    while k < len(cells):
        m = NUM.match(cells[k])
        if not m or m.group(3) == "**" or (m.group(1) or "R") != "R":
            k += 1
            continue
        item, answers, k = (int(m.group(2)), m.group(1) == "R"), [], k + 1
        while k < len(cells) and not NUM.match(cells[k]):
            cell = cells[k]
            if not cell or ANNUL.match(cell):
                answers.append(None)
            elif (letter := LETTER.match(cell)) is not None:
                answers.append((letter.group(1) or letter.group(2)).lower())
            k += 1
        found[item] += answers[:1] if len(answers) == 1 else [a for a in answers if a] or [None]


def disagreements(key: AnswerKey, path, pages) -> set[tuple[int, bool]]:
    """The items both readings give that they answer differently. A table finder splits cells
    where a page's decoration crosses them (`171` read as `1` and `71`, a letter pushed out of
    its row): its numbers the key lacks, its blank cells and its rows with another count of
    answers than the key's are not compared, and a reading that shares less than half its items
    with the key's is of something else, not compared at all. An item annulled for how its cell
    is printed (reversed out of a fill, as the page's legend says) is not compared either: a
    table finder reads a cell's text, never its style."""
    tables = {item: answers for item, answers in read(path, pages).items() if all(answers)}
    geometric = {(e.number, e.reserve): sorted(e.answers.values(), key=str) for e in key.entries
                 if e.block is None and not e.styled}
    shared = tables.keys() & geometric.keys()
    if len(shared) < 10 or len(shared) < 0.5 * len(tables):
        return set()
    return {item for item in shared if len(tables[item]) == len(geometric[item])
            and sorted(tables[item], key=str) != geometric[item]}
