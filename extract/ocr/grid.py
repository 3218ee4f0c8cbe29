"""Answer grids on page images: a key page is read without its ruling lines and shading, in
several ways, and the reading whose key checks out best is kept."""
from __future__ import annotations

import re
from dataclasses import replace

from ..pages.geometry import Box, Word, union
from ..pages.layout import layout_from_regions, rows_of
from ..questions import answer_keys
from . import fixes, tesseract

GRID_CHARS = "0123456789ABCDEFGHIJabcdefghij*-"  # numbers, option letters, annulment marks
_CELL = re.compile(r"^(?:\d{1,3}\*{0,2}|[A-Ja-j*-])$")  # what a key's cell holds (`9*`: a pilot item)
_LETTER = re.compile(r"^[A-Ja-j]$")
_AS_LETTER = {"8": "B", "0": "D"}
# a character inks at least this share of its box; the scraps of a drawing a grid page also holds
# (a logo's outline, broken into dotted arcs) ink less, and on the clean sheet, among the cells,
# they throw Tesseract's reading of every row (`939 D B 139` for `93 D B 139`)
MIN_FILL = 0.15  # a bold `B` or `D` in a worn scan reads as a digit


def read_grid(img, dpi: int, lang: str) -> list[Word]:
    """An answer grid: ruling lines and shading removed and dark cells reversed, so that
    Tesseract reads each row of cells as a line of text. Read two ways, the whole grid as text and
    its cells apart from the headings with a whitelist of the characters a key holds (each way
    loses different cells on different scans); the reading whose key checks out better (numbers
    in sequence, each with a letter) is kept, its unreadable cells filled from the others (a
    third reading, the whole grid with the whitelist, only fills cells)."""
    import numpy as np

    from . import imageops

    letters, blobs = imageops.text_blobs(img, dpi, r=1)
    whole = _grid_words(letters, dpi, lang)
    split = []
    for short in (True, False):
        mask = np.zeros(letters.shape, dtype=bool)
        for b in blobs:
            if imageops.is_short(b) == short:
                mask[b.y0:b.y1, b.x0:b.x1] = True
        if mask.any():
            sheet = np.where(mask, letters, 255).astype(np.uint8)
            split += _grid_words(sheet, dpi, lang, GRID_CHARS if short else "")
    clean = _clean_cells(img, letters, blobs, dpi, lang)
    best, *others = sorted((clean, split, whole), key=_key_quality, reverse=True)
    other = others[0]
    best = _fill_cells(best, other)
    listed = _grid_words(letters, dpi, lang, GRID_CHARS)
    for more in others:
        best = _lost_numbers(best, more)
    best = _fill_cells(best, listed)  # a bold `C` read `[o)`
    best = _lost_letters(best, [*others, listed])
    best = _doubtful_letters(best, img, letters, dpi, lang)
    # (the cells filled from other readings, and the letters mended, the run of numbers once more)
    return fixes.resync_runs(_letter_columns(_c_or_e(_trim_tall(best, letters, dpi), letters, dpi)))


def _clean_cells(img, letters, blobs, dpi: int, lang: str) -> list[Word]:
    """A reading of the cells alone: each number or letter cut out tight, in black on white,
    and set again in its row with wide, even spaces, no rules, no shading and no specks, as a
    clean page of text (a striped, ruled table of a grey scan reads as junk otherwise). Pieces
    of ruling lines a scan broke up (thin) and specks (small) are left out. One Tesseract call;
    each word is mapped back to the cells it covers."""
    import numpy as np

    from . import imageops

    lo, hi = imageops.tones(img)
    ink = letters < (lo + hi) / 2
    cells = [t for b in blobs if (t := _tight(letters, b, (lo + hi) / 2)) is not None
             and 0.2 * t.height <= t.width <= 4.5 * t.height  # up to `E104`, `NULA`; no rule, no word
             and ink[t.y0:t.y1, t.x0:t.x1].mean() >= MIN_FILL]
    if len(cells) < 10:
        return []
    size = float(np.median([c.height for c in cells]))
    cells = [c for c in cells if 0.6 * size <= c.height <= 1.4 * size]
    rows = rows_of([Word(c.x0, c.y0, c.x1, c.y1, str(k)) for k, c in enumerate(cells)])
    gap, lead = int(3 * size), int(2.2 * size)
    width = max(sum(int(w.width) + gap for w in row) for row in rows) + gap
    sheet = np.full((lead * (len(rows) + 1) + int(2 * size), width), 255, dtype=np.uint8)
    placed: list[tuple[Box, Box]] = []  # (on the clean sheet, on the page)
    y = lead
    for row in rows:
        x = gap
        for w in row:
            c = cells[int(w.text)]
            ink = np.where(letters[c.y0:c.y1, c.x0:c.x1] < (lo + hi) / 2, 0, 255).astype(np.uint8)
            h, wd = ink.shape
            top = y + max(0, int(size) - h) // 2
            sheet[top:top + h, x:x + wd] = ink
            placed.append((Box(x, top, x + wd, top + h), c))
            x += wd + gap
        y += lead
    scale = 72.0 / dpi
    out = []
    for w in tesseract.words(sheet, lang, psm=6, line_boxes=False):
        under = [c for s, c in placed if s.overlaps(w)]
        if under:
            b = union(under)
            out.append(Word(b.x0 * scale, b.y0 * scale, b.x1 * scale, b.y1 * scale, fixes.grid_token(w.text),
                            conf=w.conf))
    return fixes.resync_numbers(out)


def _tight(img, blob: Box, threshold: float) -> Box | None:
    """The box of the ink inside a patch (a patch is grown to join a cell's characters)."""
    import numpy as np

    ys, xs = np.nonzero(img[blob.y0:blob.y1, blob.x0:blob.x1] < threshold)
    if not len(ys):
        return None
    return Box(blob.x0 + int(xs.min()), blob.y0 + int(ys.min()), blob.x0 + int(xs.max()) + 1,
               blob.y0 + int(ys.max()) + 1)


def _fill_cells(best: list[Word], other: list[Word]) -> list[Word]:
    """Cells of one reading that hold no number or letter (`[o)` for a bold `C`) taken from
    the other reading where that one has them; and a lone digit in a column of answer letters
    (`0` for a `C`), the other reading's letter there (a better witness than the digit's shape,
    _letter_columns). (Cells it lost are not added: the other reading's extra tokens are as
    often a heading's letters.)"""
    good = [o for o in other if _CELL.match(o.text)]
    out = []
    for w in best:
        if not _CELL.match(w.text) and not _printed_down(w, best):
            alt = next((o for o in good if w.overlaps(o)), None)
            w = replace(w, text=alt.text) if alt else w
        elif len(w.text) == 1 and w.text.isdigit() and _letter_column(w, best):
            alt = next((o for o in good if w.overlaps(o) and _LETTER.match(o.text)), None)
            w = replace(w, text=alt.text) if alt else w
        out.append(w)
    return out


MAX_DOUBTFUL = 40  # answer cells read once more, each alone, per grid page
CELL_ZOOM = 2  # a cell alone reads best enlarged (Tesseract reads a bold `C` of 30 pixels `[9`)


def _doubtful_letters(best: list[Word], img, letters, dpi: int, lang: str) -> list[Word]:
    """Cells of a column of answer letters that every reading left junk (`[o`, `[u`, for a bold
    `C`), or read unsure (`a`, or `-` that would annul it): each read once more alone, enlarged,
    as one character; the letter replaces the cell when Tesseract is sure of it."""
    import numpy as np
    from PIL import Image
    from scipy import ndimage

    from . import imageops

    doubtful = [k for k, w in enumerate(best) if (not _CELL.match(w.text) or w.conf < tesseract._SURE
                                                   and (_LETTER.match(w.text) or w.text in "*-"))
                and _letter_column(w, best)]
    if not doubtful:
        return best
    lo, hi = imageops.tones(img)
    s = dpi / 72.0
    out = list(best)
    for k in doubtful[:MAX_DOUBTFUL]:
        w = best[k]
        t = _tight(letters, Box(int(w.x0 * s), int(w.y0 * s), int(w.x1 * s) + 1, int(w.y1 * s) + 1), (lo + hi) / 2)
        if t is None:
            continue
        # as cut, then smoothed over a pixel of the page (a low-resolution scan enlarged shows its
        # pixels as ragged edges: a bold `C` of a 100 dpi scan reads `H`, a `D` `p`)
        for sigma in (0, dpi / 300):
            patch = letters[t.y0:t.y1, t.x0:t.x1]
            if sigma:
                m = max(2, round(2 * sigma))
                patch = ndimage.gaussian_filter(letters[max(0, t.y0 - m):t.y1 + m, max(0, t.x0 - m):t.x1 + m]
                                                .astype(np.float32), sigma)
            cell = Image.fromarray(np.where(patch < (lo + hi) / 2, 0, 255).astype(np.uint8))
            cell = cell.resize((cell.width * CELL_ZOOM, cell.height * CELL_ZOOM), Image.BILINEAR)
            got = tesseract.words(np.pad(np.asarray(cell), t.height * CELL_ZOOM, constant_values=255), lang, psm=10)
            text = fixes.grid_token(got[0].text) if len(got) == 1 else ""
            if _LETTER.match(text) and got[0].conf >= tesseract._SURE:
                out[k] = replace(w, text=text, conf=got[0].conf)
                break
    return out


_NUMBER = re.compile(r"^(\d{1,3})\*{0,2}$")


def _lost_numbers(best: list[Word], other: list[Word]) -> list[Word]:
    """Item numbers one reading lost (`18*` beside its answer, gone) taken from another that has
    them where the first has nothing: a number it lacks, in a column of its numbers, between
    the numbers above and below it there (`10` for a `110` with its first digit lost is not)."""
    def value(w):
        return int(_NUMBER.match(w.text).group(1))

    numbers = [w for w in best if _NUMBER.match(w.text)]
    have = {value(w) for w in numbers}
    lost = []
    for o in other:
        if not _NUMBER.match(o.text) or value(o) in have or any(o.overlaps(w) for w in best):
            continue
        column = [n for n in numbers if n.x_overlaps(o, 0)]
        above = max((n for n in column if n.y1 <= o.y0), key=lambda n: n.y0, default=None)
        below = min((n for n in column if n.y0 >= o.y1), key=lambda n: n.y0, default=None)
        if len(column) >= 3 and (above or below) and (not above or value(above) < value(o)) \
                and (not below or value(o) < value(below)):
            lost.append(o)
    return best + lost


def _lost_letters(best: list[Word], others: list[list[Word]]) -> list[Word]:
    """Answer letters one reading lost (a row whose number it has, its letter gone) taken from
    the other readings: a letter that stands in a column of answer letters of the first, level
    with one of its numbers, where it has nothing (Tesseract's surest reading of it, when
    several have it; _doubtful_letters reads an unsure one again)."""
    numbers = [w for w in best if _NUMBER.match(w.text)]
    found: list[Word] = []
    for o in sorted((o for more in others for o in more if _LETTER.match(o.text)), key=lambda o: -o.conf):
        if any(o.overlaps(w) for w in best + found) or not _letter_column(o, best):
            continue
        if any(min(n.y1, o.y1) - max(n.y0, o.y0) >= 0.5 * min(n.height, o.height) and n.x1 <= o.x0 for n in numbers):
            found.append(o)
    return best + found


def _printed_down(w: Word, words: list[Word]) -> bool:
    """A word printed down its column, the same in three cells or more (a module code, `MC`,
    between each number and its answer): what the grid holds there, not a misread cell."""
    return w.text.isalpha() and sum(1 for o in words if o.text == w.text and o.x_overlaps(w, 0)) >= 3


def _longest_true_run(row) -> int:
    best = run = 0
    for v in row:
        run = run + 1 if v else 0
        best = max(best, run)
    return best


def _c_or_e(words: list[Word], img, dpi: int) -> list[Word]:
    """`c` and `e`, the letters a worn scan confuses most (and a key cannot afford to), told
    apart by the glyph itself: an `e` has a bar across its middle, a `c` is open there."""
    import numpy as np

    s = dpi / 72.0
    out = []
    for w in words:
        if w.text in ("c", "e"):
            box = img[int(w.y0 * s):int(w.y1 * s) + 1, int(w.x0 * s):int(w.x1 * s) + 1]
            ink = box < (int(box.min()) + int(box.max())) / 2 if box.size else box
            ys, xs = np.nonzero(ink)
            if len(ys) >= 20:
                ink = ink[ys.min():ys.max() + 1, xs.min():xs.max() + 1]
                h, width = ink.shape
                bar = max(_longest_true_run(row) for row in ink[int(0.3 * h):int(0.7 * h) + 1])
                w = replace(w, text="e" if bar >= 0.7 * width else "c")
        out.append(w)
    return out


def _trim_tall(words: list[Word], img, dpi: int) -> list[Word]:
    """A cell whose box runs much taller than the grid's characters took in a speck or a piece of
    rule above or below it (`96` 15 pt tall in a grid of 6 pt), and its centre left its row:
    its box is cut to the characters' height where its ink is densest."""
    import numpy as np

    if len(words) < 10:
        return words
    height = float(np.median([w.height for w in words]))
    s = dpi / 72.0
    span = max(1, int(round(height * s)))
    out = []
    for w in words:
        if w.height > 1.5 * height:
            y0, y1 = int(w.y0 * s), int(w.y1 * s) + 1
            box = img[y0:y1, int(w.x0 * s):int(w.x1 * s) + 1]
            if box.size and box.shape[0] > span:
                ink = (box < (int(box.min()) + int(box.max())) / 2).sum(axis=1)
                sums = np.convolve(ink, np.ones(span, dtype=int), mode="valid")
                top = y0 + int(np.argmax(sums))
                w = replace(w, y0=top / s, y1=(top + span) / s)
        out.append(w)
    return out


def _letter_columns(words: list[Word]) -> list[Word]:
    """`96 0`, `65 8`: a lone `0` or `8` in a column of answer letters is the `D` or `B` a worn
    scan made a digit of (a column of numbers, or of numeric answers, keeps its digits)."""
    return [replace(w, text=_AS_LETTER[w.text]) if w.text in _AS_LETTER and _letter_column(w, words) else w
            for w in words]


def _letter_column(w: Word, words: list[Word]) -> bool:
    """Whether a cell stands in a column of answer letters (its mates but the round digits
    a worn letter reads as, mostly letters)."""
    mates = [o.text for o in words if o.x_overlaps(w, 0) and _CELL.match(o.text) and o.text not in _AS_LETTER]
    letters = sum(1 for t in mates if _LETTER.match(t))
    return letters >= 3 and letters >= 0.8 * len(mates)


def _grid_words(sheet, dpi: int, lang: str, whitelist: str = "") -> list[Word]:
    """One reading of a grid image, in PDF points, its tokens mended as grid cells."""
    scale = 72.0 / dpi
    return fixes.resync_numbers([
        Word(w.x0 * scale, w.y0 * scale, w.x1 * scale, w.y1 * scale, fixes.grid_token(w.text), conf=w.conf)
        for w in tesseract.words(sheet, lang, psm=6, whitelist=whitelist, line_boxes=False)])


def _key_quality(words: list[Word]) -> int:
    """Questions of a 1..N run that the key gives a letter for."""
    layout = layout_from_regions(0, 0, 0, [(0, words)])
    entries = answer_keys.parse_page(layout).entries
    numbers = {e.number for e in entries if any(v for v in e.answers.values())}
    return answer_keys.longest_sequence(sorted(numbers))
