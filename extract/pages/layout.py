"""Words with geometry per page -> reading-order lines (columns, rows, drawn order).

PyMuPDF's own line grouping breaks justified text into one word per line, so lines are rebuilt
from word boxes: rows by vertical overlap, columns by a gutter found per page. The same rules
lay out OCR'd pages, whose words come in the same Word type.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import accumulate
from statistics import median

from .charmap import needs_repair, repair
from .geometry import Box, Word


@dataclass(slots=True)
class Line(Box):
    """Words of one row that read as one line; its box is theirs."""
    page: int  # 0-based
    column: int  # 0 full width / single column, 1 left, 2 right
    words: list[Word]
    x0: float = field(init=False, default=0.0)
    y0: float = field(init=False, default=0.0)
    x1: float = field(init=False, default=0.0)
    y1: float = field(init=False, default=0.0)
    text: str = ""
    row: int = 0  # index of the row on its page: equal rows print side by side

    def __post_init__(self) -> None:  # words come sorted by x
        ws = self.words
        x1, y0, y1 = ws[0].x1, ws[0].y0, ws[0].y1
        for w in ws:  # one pass by hand: a booklet makes a line for every few words
            if w.x1 > x1:
                x1 = w.x1
            if w.y0 < y0:
                y0 = w.y0
            if w.y1 > y1:
                y1 = w.y1
        self.x0, self.y0, self.x1, self.y1 = ws[0].x0, y0, x1, y1
        self.text = " ".join([w.text for w in ws])


@dataclass
class PageLayout:
    number: int  # 0-based
    width: float
    height: float
    lines: list[Line]
    words: list[Word]
    images: list[Box] = field(default_factory=list)  # pictures: their boxes
    char_count: int = 0


def page_words(page) -> tuple[list[Word], list[Box]]:
    """Words of a page and the boxes of its images, from one text extraction.

    Fonts are not read: the dict output costs more than the whole text layer on booklets that
    place every glyph apart, and geometry (gaps, heights) tells labels and headings well enough.
    """
    import pymupdf

    tp = page.get_textpage(flags=pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_PRESERVE_LIGATURES
                           | pymupdf.TEXT_MEDIABOX_CLIP | pymupdf.TEXT_PRESERVE_IMAGES)
    images = [Box(*i["bbox"]) for i in tp.extractIMGINFO()
              if i["bbox"][2] - i["bbox"][0] > 20 and i["bbox"][3] - i["bbox"][1] > 20]  # bullets, rules: no figure
    raw = _unsplit(_upright(tp.extractWORDS()))
    if needs_repair(" ".join([w[4] for w in raw])):
        return _dedupe([Word(x0, y0, x1, y1, repair(text), b) for x0, y0, x1, y1, text, b, _, _ in raw]), images
    return _dedupe([Word(x0, y0, x1, y1, text, b) for x0, y0, x1, y1, text, b, _, _ in raw]), images


def _unsplit(raw: list[tuple]) -> list[tuple]:
    """Join the two halves of a word that a ligature split: a ligature whose code maps to its
    letters and a space that does not advance (Calibri's `ti`, `fi`: `respecti vas`, `ﬁ scal`,
    `infl uencia`) ends one word where the next, in lower case, begins on the same line. A real
    space leaves a gap, and a tight one (text set with negative tracking) follows any letter."""
    out: list[tuple] = []
    for w in raw:
        if out:
            p = out[-1]
            if (w[5] == p[5] and w[6] == p[6] and abs(w[0] - p[2]) <= 0.05 * (p[3] - p[1])
                    and _LIGATURE_END.search(p[4]) and w[4][:1].islower()):
                out[-1] = (p[0], min(p[1], w[1]), w[2], max(p[3], w[3]), p[4] + w[4], p[5], p[6], p[7])
                continue
        out.append(w)
    return out


_LIGATURE_END = re.compile("(?:[\ufb00-\ufb06]|f[fijlt]|t[it]|ffi|ffl)$")


def _upright(raw: list[tuple]) -> list[tuple]:
    """Drop text set vertically on a page of horizontal text (a watermark run up the margin of
    every column, a chart's axis title): it reads into the start of every line beside it. A
    line of words is vertical when its words stack (they move down more than across), a word
    alone when its box is much taller than wide. A page whose text is mostly vertical (a
    rotated page) keeps it. (`raw`: PyMuPDF's word tuples, a line's words one after another.)"""
    vertical = set()
    prev, alone = None, False
    for w in raw:
        if prev is not None and w[5] == prev[5] and w[6] == prev[6]:  # the next word of a line
            alone = False
            if abs(w[0] - prev[0]) < abs(w[1] + w[3] - prev[1] - prev[3]) / 2:  # below it, not along
                vertical.add((w[5], w[6]))
        else:
            if alone and len(prev[4]) >= 3 and prev[2] - prev[0] < 0.6 * (prev[3] - prev[1]):
                vertical.add((prev[5], prev[6]))
            alone = True
        prev = w
    if alone and len(prev[4]) >= 3 and prev[2] - prev[0] < 0.6 * (prev[3] - prev[1]):
        vertical.add((prev[5], prev[6]))
    if not vertical:
        return raw
    kept = [w for w in raw if (w[5], w[6]) not in vertical]
    return raw if len(kept) <= 0.5 * len(raw) else kept


_CELL = 16.0  # points: a double is looked for in its label's cell of the page and the next ones


def _dedupe(words: list[Word]) -> list[Word]:
    """Drop decorative doubles: a short label (`A`, `c)`) drawn twice at nearly the same place,
    a longer word drawn twice on the same spot.
    Kept labels are indexed by text, x and height band, so a page of thousands of stacked
    letters costs what a page of thousands of words does."""
    seen: dict[tuple[str, int], dict[int, list[Word]]] = {}
    placed: set[tuple[str, int, int]] = set()
    tall = _CELL  # the tallest label kept so far: how far away a double can be
    out = []
    for w in words:  # (by hand, no comprehension per word: this runs for every word of a booklet)
        t = w.text
        if len(t) <= 3:
            x = int(w.x0)
            h = w.y1 - w.y0
            band = int((w.y0 + w.y1) / 2 // _CELL)
            before, here, after = seen.get((t, x - 1)), seen.get((t, x)), seen.get((t, x + 1))
            if (before or here or after) and _has_double(w, h, band, 1 + int(0.6 * (h if h > tall else tall) // _CELL),
                                                         [d for d in (before, here, after) if d]):
                continue
            if here is None:
                seen[t, x] = {band: [w]}
            elif band in here:
                here[band].append(w)
            else:
                here[band] = [w]
            if h > tall:
                tall = h
        else:  # a word drawn again on itself (a shadow, a fake bold): read once
            at = (t, round(w.x0), round(w.y0))
            if at in placed:
                continue
            placed.add(at)
        out.append(w)
    return out


def _has_double(w: Word, h: float, band: int, reach: int, at: list[dict[int, list[Word]]]) -> bool:
    for bands in at:
        for b in range(band - reach, band + reach + 1):
            for o in bands.get(b, ()):
                if abs(o.x0 - w.x0) < 1.5 and abs(o.y0 + o.y1 - w.y0 - w.y1) < 1.2 * max(h, o.y1 - o.y0):
                    return True
    return False


def rows_of(words: list[Word]) -> list[list[Word]]:
    """Cluster words into rows by vertical centre (superscripts join their row)."""
    if not words:
        return []
    ws = sorted(words, key=_y_sum)
    tol = 0.45 * median([w.y1 - w.y0 for w in ws])
    rows: list[list[Word]] = []
    row: list[Word] = []
    row_yc = 0.0  # the mean centre so far: a speck above a row does not set its level
    for w in ws:
        yc = (w.y0 + w.y1) / 2
        if row and yc - row_yc <= tol:
            row.append(w)
            row_yc += (yc - row_yc) / len(row)
        else:
            row = [w]
            rows.append(row)
            row_yc = yc
    for row in rows:
        row.sort(key=_x0)
    return rows


_y_sum = lambda w: w.y0 + w.y1
_x0 = lambda w: w.x0


def _spans(row: list[Word]) -> list[tuple[float, float]]:
    """x extents of a row's runs of words. Word spaces, even stretched by justification, are
    bridged and a gutter is not, so a full-width line covers the gutter without holes. (The
    smaller height: a rotated axis label is tall but stands apart from the text.)"""
    spans = [[row[0].x0, row[0].x1]]
    prev_h = row[0].y1 - row[0].y0  # (heights by hand: this runs for every word of a booklet)
    for w in row[1:]:
        h = w.y1 - w.y0
        if w.x0 - spans[-1][1] < 0.45 * (h if h < prev_h else prev_h):
            if w.x1 > spans[-1][1]:
                spans[-1][1] = w.x1
        else:
            spans.append([w.x0, w.x1])
        prev_h = h
    return [(a, b) for a, b in spans]


def _crosses(spans: list[tuple[float, float]], x: float) -> bool:
    return any(a < x < b for a, b in spans)


def _right_starts(rows: list[list[Word]], gutter: float) -> list[float]:
    """Where each row's part right of the gutter starts (a right column's lines share theirs)."""
    return [min(w.x0 for w in row if w.x0 >= gutter) for row in rows if any(w.x0 >= gutter for w in row)]


def _spaced_across(row: list[Word], gutter: float, starts: list[float]) -> bool:
    """A line whose word spaces, wide and even (justified, or set around formulas), let one of
    them fall on the gutter another part of the page makes (options in two columns under a
    one-column stem): it reads across, as its space there is no wider than its others and the
    word after it starts where no other row's right part does (a right column's lines start
    alike: their justified spaces may be as wide as the gutter)."""
    if len(row) < 6:
        return False
    k = next((k for k in range(len(row) - 1) if row[k].x1 <= gutter <= row[k + 1].x0), None)
    if k is None:
        return False
    at = row[k + 1].x0 - row[k].x1
    others = sorted(b.x0 - a.x1 for j, (a, b) in enumerate(zip(row, row[1:])) if j != k)
    if at > 1.25 * others[len(others) // 2]:
        return False
    if sum(1 for w in row if sum(c.isalpha() for c in w.text) >= 3) < 6:
        return False  # a figure's labels spread over the page (`H2N  P  O  OH`): not a line
    return sum(1 for s in starts if abs(s - row[k + 1].x0) <= 1.5) <= 2  # (its own, and a chance one)


_MAX_BINS = 4096  # a page may declare any width (/UserUnit): coverage is counted in at most this many bins


def find_gutter(spans: list[list[tuple[float, float]]], width: float, slack: int = 0,
                narrowest: float = 3) -> float | None:
    """x of the gap between two text columns, or None for a single-column page.

    Coverage of each x by the rows' word runs (a difference array, O(runs + width)); the gutter
    is the widest least-covered run in the middle of the page (full-width rows cover it
    evenly), accepted only when it is no narrower than `narrowest` (in the spans' units), enough
    rows sit wholly on each side of it and few rows cross it.
    """
    scale = max(1.0, width / _MAX_BINS)
    n = int(width / scale) + 2
    diff = [0] * (n + 1)
    for row in spans:
        for x0, x1 in row:
            diff[min(n - 1, max(0, int(x0 / scale)))] += 1
            diff[min(n - 1, max(0, int(x1 / scale) + 1))] -= 1
    cov = list(accumulate(diff[:n]))
    lo, hi = int(width / scale * 0.3), int(width / scale * 0.7)
    if hi <= lo:
        return None
    least = min(cov[lo:hi]) + slack  # (slack: specks of a scanned page in the gutter)
    best, best_len, start = None, 0, None
    for x in range(lo, hi + 1):
        if x < hi and cov[x] <= least:
            start = x if start is None else start
        elif start is not None:
            if x - start > best_len:
                best, best_len = (start + x) / 2 * scale, x - start
            start = None
    if best is None or best_len * scale < narrowest:
        return None
    left = right = both = crossing = 0
    for row in spans:
        has_l = any(b <= best for _, b in row)
        has_r = any(a >= best for a, _ in row)
        if _crosses(row, best):
            crossing += 1
        elif has_l and has_r:
            both += 1
        elif has_l:
            left += 1
        else:
            right += 1
    body = left + right + both
    # single-column text has gaps that line up by chance, but then most rows cross them
    if right + both < max(3, 2 * crossing) or left + both < 3 or crossing > 0.35 * (body + crossing):
        return None
    return best


def layout_from_words(number: int, width: float, height: float, words: list[Word],
                      images=()) -> PageLayout:
    """Reading-order lines from word boxes, whether the text layer or OCR gave them."""
    layout = PageLayout(number, width, height, [], words, list(images),
                        char_count=sum(len(w.text) for w in words))
    if not words:
        return layout
    rows = rows_of(words)
    spans = [_spans(row) for row in rows]
    gutter = find_gutter(spans, width)
    ordered: list[Line] = []
    band_l: list[Line] = []
    band_r: list[Line] = []
    starts = _right_starts(rows, gutter) if gutter is not None else []
    for r, row in enumerate(rows):
        if gutter is None:
            ordered.extend(_segments(number, 0, row, r))
            continue
        if _crosses(spans[r], gutter) or _spaced_across(row, gutter, starts):
            ordered.extend(_drawn_order(band_l) + _drawn_order(band_r))
            band_l, band_r = [], []
            ordered.extend(_drawn_order(_segments(number, 0, row, r)))
            continue
        band_l.extend(_segments(number, 1, [w for w in row if w.x1 <= gutter], r))
        band_r.extend(_segments(number, 2, [w for w in row if w.x0 >= gutter], r))
    if gutter is None:
        ordered = _drawn_order(ordered)
    ordered.extend(_drawn_order(band_l) + _drawn_order(band_r))
    layout.lines = ordered
    return layout


def layout_from_regions(number: int, width: float, height: float,
                        regions: list[tuple[int, list[Word]]]) -> PageLayout:
    """Lines of an OCR'd page whose columns the page image already told apart: each region
    (column 0 full width, 1 left, 2 right), in reading order, is read top to bottom."""
    words = [w for _, ws in regions for w in ws]
    layout = PageLayout(number, width, height, [], words,
                        char_count=sum(len(w.text) for w in words))
    r0 = 0
    for column, ws in regions:
        rows = rows_of(ws)
        for r, row in enumerate(rows):
            layout.lines.extend(_segments(number, column, row, r0 + r))
        r0 += len(rows)
    return layout


def _segments(page: int, column: int, row: list[Word], r: int) -> list[Line]:
    """Split a row where words stand far apart (speech bubbles, options side by side, table
    cells): each part reads as its own line."""
    if not row:
        return []
    parts = [[row[0]]]
    prev_x1, prev_h = row[0].x1, row[0].y1 - row[0].y0
    for w in row[1:]:
        h = w.y1 - w.y0
        tall = h if h > prev_h else prev_h
        if w.x0 - prev_x1 > 2.5 * (tall if tall > 4 else 4):
            parts.append([w])
        else:
            parts[-1].append(w)
        prev_x1, prev_h = w.x1, h
    return [Line(page, column, p, row=r) for p in parts]


def _drawn_order(lines: list[Line]) -> list[Line]:
    """Top to bottom, except that text blocks keep the order the PDF draws them in: labels
    and callouts inside a figure then read as their author laid them out."""
    block = {id(ln): min([w.block for w in ln.words]) for ln in lines}
    geometric = sorted(lines, key=lambda ln: (ln.row, ln.x0))
    tops: dict[int, float] = {}
    for ln in geometric:
        tops.setdefault(block[id(ln)], ln.y0)
    seq = [tops[b] for b in sorted(tops)]
    rising = sum(1 for a, b in zip(seq, seq[1:]) if b >= a - 40)  # small steps back: a figure
    if len(seq) > 2 and rising < 0.8 * (len(seq) - 1):
        return geometric  # this producer draws text in no useful order
    return sorted(lines, key=lambda ln: (block[id(ln)], ln.row, ln.x0))
