"""One page through OCR, in a worker process: rendered from the PDF itself (rendering is
parallel too), levelled, cut into column regions, read in one Tesseract call, and returned as
words in PDF points, so that OCR pages go through the same layout stage as text pages."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache

from ..pages.geometry import Box, Word
from . import fixes, tesseract
from .grid import read_grid

DPI = 300
MIN_DPI = 50
MAX_PIXELS = 40_000_000  # per rendered page (A3 at 300 dpi is 17 M): a huge page is read at less


@dataclass
class OcrPage:
    number: int
    words: list[Word]  # `region`: index into columns
    angle: float  # the skew that was corrected, degrees
    grid: bool = False  # an answer grid, read with lines and shading removed
    columns: list[int] = field(default_factory=lambda: [0])  # per region: 0 full width, 1 left, 2 right
    pictures: list[Box] = field(default_factory=list)  # PDF points

    @property
    def confidence(self) -> float:
        """Mean word confidence (0-100), weighted by word length."""
        total = sum(len(w.text) for w in self.words)
        return sum(w.conf * len(w.text) for w in self.words) / total if total else 0.0


def _open(path: str):
    """The document at `path`, kept open across its pages (a file rewritten at the same path is
    opened again: the cache knows it by its size and time too)."""
    st = os.stat(path)
    return _open_as(path, st.st_size, st.st_mtime_ns)


@lru_cache(maxsize=2)
def _open_as(path: str, size: int, mtime: int):
    import pymupdf

    from ..triage import open_bytes

    pymupdf.TOOLS.mupdf_display_errors(False)
    doc = open_bytes(path)
    if doc.needs_pass:
        doc.authenticate("")
    return doc


def render(path: str, number: int, dpi: int = DPI):
    """One page as a greyscale numpy array."""
    import numpy as np
    import pymupdf

    pix = _open(str(path))[number].get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY, alpha=False)
    return np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.stride)[:, : pix.width]


def capped_dpi(path: str, number: int, dpi: int) -> int:
    """`dpi`, or less for a page so large (a huge media box, /UserUnit) that it would render
    to more than MAX_PIXELS: every buffer of the page stays bounded whatever it declares."""
    rect = _open(str(path))[number].rect
    pixels = rect.width * rect.height * (dpi / 72) ** 2
    if pixels <= MAX_PIXELS:
        return dpi
    capped = int(dpi * (MAX_PIXELS / pixels) ** 0.5)
    if capped < MIN_DPI:  # its print would be too small to read: the page is skipped
        raise ValueError(f"page too large to render ({rect.width:.0f} x {rect.height:.0f} pt)")
    return capped


def read_page(path: str, number: int, lang: str, dpi: int = DPI) -> OcrPage:
    """Render and level one page, then OCR it: an answer grid without its lines (read_grid),
    any other page as column regions."""
    from . import imageops

    dpi = capped_dpi(path, number, dpi)
    img, angle = imageops.deskew(render(path, number, dpi))
    _, quick = imageops.text_blobs(img, dpi, r=4, letters=False)
    if imageops.grid_like(quick):
        return OcrPage(number, read_grid(img, dpi, lang), angle, grid=True)
    flat, pictures = imageops.flatten_solids(img, dpi)
    regions, columns = imageops.column_regions(flat, dpi)
    sheet, tops, left = imageops.stack(flat, regions)
    scale = 72.0 / dpi
    read = tesseract.words(sheet, lang, psm=4, running=True)
    _, blobs = imageops.text_blobs(sheet, dpi, letters=False)
    read = _headings(sheet, dpi, read, blobs, lang)
    read = _unsure_lines(sheet, dpi, read, blobs, lang)
    words = []
    for w in read + _labels(sheet, dpi, read, blobs, lang):
        i = max((k for k, t in enumerate(tops) if t <= w.yc), default=0)
        r = regions[i]
        dx, dy = r.x0 - left, r.y0 - tops[i]
        words.append(Word((w.x0 + dx) * scale, (w.y0 + dy) * scale, (w.x1 + dx) * scale,
                          (w.y1 + dy) * scale, fixes.word(w.text), conf=w.conf, region=i))
    return OcrPage(number, words, angle, columns=columns,
                   pictures=[Box(*(float(v) * scale for v in b)) for b in pictures])


def _ink(patch, lo: float, hi: float, dpi: int):
    """The ink of a piece of the sheet, darker than halfway between ink and paper once smoothed
    over about a third of a stroke: a low-resolution scan enlarged shows its pixels and JPEG
    blocks as ragged edges, which read as other letters (`Aa` for `B) 2`, `Y.` for `7.`)."""
    import numpy as np
    from scipy import ndimage

    return ndimage.gaussian_filter(patch.astype(np.float32), dpi / 200) < (lo + hi) / 2


def _read_alone(ink, x0: int, y0: int, dpi: int, lang: str, scale: float = 1.0) -> list[Word]:
    """One piece of the sheet read on its own as one line: its ink (a boolean array) in black
    on white with a margin around it (`scale`d first when not 1), the words placed back at
    (x0, y0) of the sheet."""
    import numpy as np

    img = np.where(ink, 0, 255).astype(np.uint8)
    if scale != 1.0:
        from PIL import Image

        h, w = img.shape
        img = np.asarray(Image.fromarray(img).resize((max(1, round(w * scale)), max(1, round(h * scale))),
                                                     Image.BILINEAR))
    pad = max(8, dpi // 8)
    crop = np.pad(img, pad, constant_values=255)
    def back(v: int, at: int) -> int:  # pixels of the sheet, whole as Tesseract's are
        return at + round((v - pad) / scale)

    return [Word(back(w.x0, x0), back(w.y0, y0), back(w.x1, x0), back(w.y1, y0), w.text, conf=w.conf)
            for w in tesseract.words(crop, lang, psm=7)]


def _headings(sheet, dpi: int, read: list[Word], blobs, lang: str) -> list[Word]:
    """Question headings Tesseract's page analysis lost (imageops.unread_lines), or read without
    their number (`QUESTÃO` alone), each read again on its own as one line, in black on white
    without the rule beside it; kept when it reads as a heading (`QUESTÃO 100`), or as a line
    Tesseract is sure of but for an option's disc (`A) 18`, `GO 23`, lost as a speck), in place
    of what was read there. (Boxes of lines set close overlap: what one line read again gave is
    not taken away by the next.)"""
    from . import imageops

    # a keyword read without its number (`QUESTÃO`, `QUESTÃO VE ===`): the number went with
    # the rule it touches
    lone = [imageops.line_from(sheet, ws[0], blobs) for ws in _rows(read).values()
            if fixes.is_keyword(ws[0].text) and not (len(ws) > 1 and fixes.is_number(ws[1].text))]
    # or read with the rule beside it as junk after its number (`QUESTÃO 988 III` for `QUESTÃO 96`
    # and a hatched bar, whose first stripes the number took in): in place of its own row's words
    # only (its box may reach into the first line of the text under it)
    numbered = [box for ws in _rows(read).values()
                if len(ws) > 2 and fixes.is_keyword(ws[0].text) and fixes.is_number(ws[1].text)
                and ws[2].conf < tesseract._SURE and (box := imageops.line_from(sheet, ws[0], blobs))]
    lone += numbered
    # an option's disc read alone, the text beside it lost (`O` for `B 36 litros`): its line
    # once more, when ink stands after the disc
    # (a disc Tesseract is unsure of leaves its row among the unread ones: read once)
    unread = imageops.unread_lines(sheet, read, blobs)
    discs: dict[tuple, Word] = {}  # box -> the disc that opens it
    for ws in _rows(read).values():
        if len(ws) == 1 and fixes.is_mark(ws[0].text) and not any(u.y0 <= ws[0].yc <= u.y1 for u in unread) \
                and (box := imageops.line_from(sheet, ws[0], blobs)) and box.x1 > ws[0].x1 + ws[0].height:
            discs[tuple(box)] = ws[0]
            lone.append(box)
    boxes: list = []
    for b in unread + [b for b in lone if b]:  # a line found twice (unread, and a heading) is read once
        if not any(c.overlaps(b) and abs(c.yc - b.yc) < 0.5 * min(c.height, b.height) for c in boxes):
            boxes.append(b)
    if not boxes:
        return read
    lo, hi = imageops.tones(sheet)
    added: list[Word] = []
    for b in boxes:
        ink = _ink(sheet[b.y0:b.y1, b.x0:b.x1], lo, hi, dpi)
        # a rule's edges (a hatched bar's too), with the ragged rows along them
        ink &= ~imageops._dilated(imageops._long_runs(ink, 2 * b.height, 1), (2 * (dpi // 150) + 1, 1))
        disc = discs.get(tuple(b))
        got = _read_line(ink, b.x0, b.y0, dpi, lang, disc)
        got = fixes.heading(got) or (got if _sure(got) and (disc is None or _past_disc(got) is not got) else None)
        if got and (disc is not None or any(b is n for n in numbered)):  # its row only (its box may reach
            # into the rows beside it)
            read = [w for w in read if not (w.overlaps(b) and min(g.y0 for g in got) <= w.yc <= max(g.y1 for g in got))]
            added += got
        elif got:
            read = [w for w in read if not w.overlaps(b)]
            added += got
    return read + added


def _read_line(ink, x0: int, y0: int, dpi: int, lang: str, disc: Word | None = None) -> list[Word]:
    """A line read on its own (_read_alone). When it opens with an option's disc (`disc`, as the
    page's reading had it, or as this reading has it) and Tesseract is unsure of the text after
    it, or lost it (`O 36litros`, `Ô 24ilitros`, `Q` alone), that text is read once more without
    the disc: a disc, large and black, throws Tesseract's sizing of a short line."""
    got = _read_alone(ink, x0, y0, dpi, lang)
    if disc is None and got and fixes.is_mark(got[0].text):
        disc = got[0]
    if disc is None:
        return got
    rest = [w for w in got if w.x0 >= disc.x1]
    cut = min(ink.shape[1], max(0, disc.x1 - x0 + max(2, dpi // 75)))
    if _sure(got) and rest or not ink[:, cut:].any():
        return got
    again = _read_alone(ink[:, cut:], x0 + cut, y0, dpi, lang)
    return [disc] + again if again and _sure([disc] + again) else got


def _sure(words: list[Word]) -> bool:
    """Whether Tesseract is sure of a line read again: of every word; or, past an option's
    disc, of its text by the mean (`42 litros`: a short thin word in a worn scan reads a little
    unsure on its own, beside a sure number)."""
    if not words:
        return False
    text = _past_disc(words)
    if text is words:
        return min(w.conf for w in words) >= tesseract._SURE
    return sum(w.conf * len(w.text) for w in text) >= tesseract._SURE * sum(len(w.text) for w in text)


def _past_disc(words: list[Word]) -> list[Word]:
    """The words of a line after an option's disc (Tesseract is rarely sure of one: `GO 23`)."""
    return words[1:] if len(words) > 1 and fixes.is_mark(words[0].text) else words


def _rows(read: list[Word]) -> dict[tuple, list[Word]]:
    """Words by Tesseract line: the words of one share their top and bottom (tesseract.words)."""
    rows: dict[tuple, list[Word]] = {}
    for w in read:
        rows.setdefault((w.y0, w.y1), []).append(w)
    return rows


def _leading(ws: list[Word], gap: float) -> list[Word]:
    """The words of a row from its left end up to the first gap wider than `gap`."""
    ws = sorted(ws, key=lambda w: w.x0)
    run = ws[:1]
    for w in ws[1:]:
        if w.x0 - run[-1].x1 > gap:
            break
        run.append(w)
    return run


MAX_REREAD = 8  # short unsure lines read again per page


def _unsure_lines(sheet, dpi: int, read: list[Word], blobs, lang: str) -> list[Word]:
    """Short lines (`A) 8`, `D) 17 h`, a table row's label and first cell) Tesseract read mostly
    unsure (`AR`, `D) IEA`): its page analysis sizes a lone short line badly, and the JPEG grain
    around it reads as letters. Each is read again on its own as one line, in black on white with
    a margin, over the row of ink it stands on up to a tab; the new reading replaces the old when
    Tesseract is sure of it."""
    from . import imageops

    # a row's words up to a tab (`A) 2` of a row of a table `A) 2   3   2   4`)
    rows = {y: _leading(ws, 3 * (y[1] - y[0])) for y, ws in _rows(read).items()}
    lo, hi = imageops.tones(sheet)
    # mostly unsure by the mean, its disc aside (a line read sure but for its disc, `G dobramentos`,
    # `GO 23`, stays as read)
    unsure = [(y, ws) for y, ws in rows.items() if len(ws) <= 3 and sum(w.conf * len(w.text) for w in _past_disc(ws))
              < tesseract._SURE * sum(len(w.text) for w in _past_disc(ws))]
    # a Tesseract call each: a page whose pictures make dozens of junk lines re-reads the first few
    for (y0, y1), ws in unsure[:MAX_REREAD]:
        x0, x1, h = min(w.x0 for w in ws), max(w.x1 for w in ws), y1 - y0
        for b in sorted(blobs, key=lambda b: b.x0):  # the ink of the row the words missed
            if min(b.y1, y1) - max(b.y0, y0) >= 0.5 * min(b.height, h) and x0 - 2 * h < b.x0 < x1 + 2 * h:
                x0, x1 = min(x0, b.x0), max(x1, b.x1)
        m = max(2, h // 4)
        top, left = max(0, y0 - m), max(0, x0 - m)
        disc = ws[0] if len(ws) > 1 and fixes.is_mark(ws[0].text) else None
        got = _read_line(_ink(sheet[top:y1 + m, left:x1 + m], lo, hi, dpi), left, top, dpi, lang, disc)
        # sure of all it read, and of all the row held: a reading that stops short of the words it
        # replaces (`Q` alone for `Q 24litros`) lost them
        if _sure(got) and max(w.x1 for w in got) >= max(w.x1 for w in ws) - h:
            # in place of the words it covers (the row's ink may take in a line read apart: the
            # text after a question number Tesseract read as a line of its own)
            gone = {id(w) for w in ws} | {id(w) for w in read if any(
                g.y0 <= (w.y0 + w.y1) / 2 <= g.y1 and w.x1 > g.x0 and w.x0 < g.x1 for g in got)}
            read = [w for w in read if id(w) not in gone] + got
    return read


def _labels(sheet, dpi: int, read: list[Word], blobs, lang: str) -> list[Word]:
    """The labels Tesseract's page analysis left out (imageops.unread_labels), each read on its
    own as one line, in black on white with a margin around it (cut out grey and tight, or
    beside others, `5.` reads `O.` or `9.`); only what reads as a number or an option label
    (fixes.label: `S.` is `5.`)."""
    import numpy as np

    from . import imageops

    boxes = imageops.unread_labels(sheet, dpi, read, blobs)
    if not boxes:
        return []
    lo, hi = imageops.tones(sheet)
    body = float(np.median([w.height for w in read]))  # a line of body text, ascenders to descenders
    out = []
    for b in boxes:
        ink = _ink(sheet[b.y0:b.y1, b.x0:b.x1], lo, hi, dpi)
        # a label printed large (a 14 pt `5.`, `7.`) Tesseract misreads alone at its own size
        # (`O.`, `A`) and reads right at the size of the text beside it: read so first
        scales = [LABEL_SIZE * body / tall, 1.0] if (tall := _ink_height(ink)) > LABEL_SIZE * body else [1.0]
        for scale in scales:
            got = _read_alone(ink, b.x0, b.y0, dpi, lang, scale=scale)
            if any(fixes.label(w.text) for w in got):
                break
        for w in got:
            if text := fixes.label(w.text):
                w.text = text
                out.append(w)
    return out


LABEL_SIZE = 0.8  # a label's digits stand about this share of a text line's height


def _ink_height(ink) -> int:
    import numpy as np

    rows = np.flatnonzero(ink.any(axis=1))
    return int(rows[-1] - rows[0] + 1) if len(rows) else 0
