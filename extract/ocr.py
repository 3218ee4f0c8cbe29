"""OCR of page images with Tesseract: one single-threaded process per core, pages in parallel.

Each worker renders its page from the PDF itself (rendering is parallel too), levels it,
cuts it into column regions, reads them in one Tesseract call and returns word boxes in PDF
points, so OCR pages go through the same layout stage as text pages.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache

from .errors import ExtractError

DPI = 300
# ISO 639-1 -> Tesseract traineddata; an exam's language picks its pack
TESS_LANGS = {"es": "spa", "pt": "por", "ca": "cat", "gl": "glg", "eu": "eus", "en": "eng",
              "fr": "fra", "it": "ita", "de": "deu", "la": "lat", "oc": "oci"}
PROBE_LANGS = "spa+por"  # the exam language is unknown: the two most common, then detect
MIN_CONF = 10  # below this Tesseract is reading a picture or a smudge, not a word
_RULE = re.compile(r"^[|¦_~]+$")  # a ruling line or a box edge read as a character


class OcrUnavailable(ExtractError):
    exit_code = 10
    problem = "OCR is not available"


@dataclass(frozen=True)
class OcrWord:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    conf: float
    region: int = 0  # index into OcrPage.columns: the piece of the page it was read in


@dataclass
class OcrPage:
    number: int
    words: list[OcrWord]
    angle: float  # the skew that was corrected, degrees
    grid: bool = False  # an answer grid, read with lines and shading removed
    columns: list[int] = field(default_factory=lambda: [0])  # per region: 0 full width, 1 left, 2 right
    pictures: list[tuple[float, float, float, float]] = field(default_factory=list)  # PDF points

    @property
    def confidence(self) -> float:
        """Mean word confidence (0-100), weighted by word length."""
        total = sum(len(w.text) for w in self.words)
        return sum(w.conf * len(w.text) for w in self.words) / total if total else 0.0


def tess_lang(codes: list[str] | str | None) -> str | None:
    """`es` -> `spa`, `es+pt` -> `spa+por`; Tesseract codes pass through."""
    if not codes:
        return None
    parts = codes.split("+") if isinstance(codes, str) else list(codes)
    return "+".join(TESS_LANGS.get(p.lower(), p.lower()) for p in parts)


@lru_cache(maxsize=1)
def _installed() -> tuple[str, frozenset[str]]:
    exe = shutil.which("tesseract")
    if not exe:
        return "", frozenset()
    out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30)
    langs = {ln.strip() for ln in out.stdout.splitlines()[1:] if ln.strip()}
    return exe, frozenset(langs)


def check(lang: str, path) -> None:
    """A one-line error naming the Debian package to install, before any page is read."""
    exe, langs = _installed()
    if not exe:
        raise OcrUnavailable(path, "needs OCR but the tesseract program is not installed "
                                   "(install the Debian package tesseract-ocr)")
    missing = [code for code in lang.split("+") if code not in langs]
    if missing:
        pkgs = " ".join(f"tesseract-ocr-{m}" for m in missing)
        raise OcrUnavailable(path, f"needs OCR in {lang} but the Tesseract language pack is "
                                   f"missing (install the Debian package {pkgs})")


# -- the worker ----------------------------------------------------------------------------------
def _init_worker() -> None:
    # Tesseract's OpenMP threads are much slower than one thread per process on small machines
    os.environ["OMP_THREAD_LIMIT"] = "1"


@lru_cache(maxsize=2)
def _open(path: str):
    import pymupdf

    pymupdf.TOOLS.mupdf_display_errors(False)
    doc = pymupdf.open(path)
    if doc.needs_pass:
        doc.authenticate("")
    return doc


def render(path: str, number: int, dpi: int = DPI):
    """One page as a greyscale numpy array."""
    import numpy as np
    import pymupdf

    pix = _open(str(path))[number].get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY, alpha=False)
    return np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.stride)[:, : pix.width]


def read_page(path: str, number: int, lang: str, dpi: int = DPI) -> OcrPage:
    """Render and level one page, then OCR it: an answer grid without its lines (read_grid),
    any other page as column regions."""
    from . import imageops, ocrfix

    img, angle = imageops.deskew(render(path, number, dpi))
    _, quick = imageops.text_blobs(img, dpi, r=4)
    if imageops.grid_like(quick):
        return OcrPage(number, read_grid(img, dpi, lang), angle, grid=True)
    flat, pictures = imageops.flatten_solids(img, dpi)
    regions, columns = imageops.column_regions(flat, dpi)
    sheet, tops, left = imageops.stack(flat, regions)
    scale = 72.0 / dpi
    words = []
    for x0, y0, x1, y1, text, conf in tesseract_words(sheet, lang, psm=4):
        yc = (y0 + y1) / 2
        i = max((k for k, t in enumerate(tops) if t <= yc), default=0)
        r = regions[i]
        dx, dy = r.x0 - left, r.y0 - tops[i]
        words.append(OcrWord((x0 + dx) * scale, (y0 + dy) * scale, (x1 + dx) * scale,
                             (y1 + dy) * scale, ocrfix.word(text), conf, i))
    return OcrPage(number, words, angle, columns=columns,
                   pictures=[tuple(float(v) * scale for v in box) for box in pictures])


GRID_CHARS = "0123456789ABCDEFGHIJabcdefghij*-"  # numbers, option letters, annulment marks


def read_grid(img, dpi: int, lang: str) -> list[OcrWord]:
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
            if b.short == short:
                mask[b.y0:b.y1, b.x0:b.x1] = True
        if mask.any():
            sheet = np.where(mask, letters, 255).astype(np.uint8)
            split += _grid_words(sheet, dpi, lang, GRID_CHARS if short else "")
    best, other = sorted((split, whole), key=_key_quality, reverse=True)
    best = _fill_cells(best, other)
    best = _fill_cells(best, _grid_words(letters, dpi, lang, GRID_CHARS))  # a bold `C` read `[o)`
    return _c_or_e(best, letters, dpi)


def _longest_run(row) -> int:
    best = run = 0
    for v in row:
        run = run + 1 if v else 0
        best = max(best, run)
    return best


_CELL = re.compile(r"^(?:\d{1,3}|[A-Ja-j*-])$")  # what a key's cell holds


def _fill_cells(best: list[OcrWord], other: list[OcrWord]) -> list[OcrWord]:
    """Cells of one reading that hold no number or letter (`[o)` for a bold `C`) taken from
    the other reading where that one has them. (Cells it lost are not added: the other
    reading's extra tokens are as often a heading's letters.)"""
    from dataclasses import replace

    def overlap(a, b):
        return min(a.x1, b.x1) > max(a.x0, b.x0) and min(a.y1, b.y1) > max(a.y0, b.y0)

    good = [o for o in other if _CELL.match(o.text)]
    out = []
    for w in best:
        if not _CELL.match(w.text):
            alt = next((o for o in good if overlap(w, o)), None)
            w = replace(w, text=alt.text) if alt else w
        out.append(w)
    return out


def _c_or_e(words: list[OcrWord], img, dpi: int) -> list[OcrWord]:
    """`c` and `e`, the letters a worn scan confuses most (and a key cannot afford to), told
    apart by the glyph itself: an `e` has a bar across its middle, a `c` is open there."""
    from dataclasses import replace

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
                bar = max(_longest_run(row) for row in ink[int(0.3 * h):int(0.7 * h) + 1])
                w = replace(w, text="e" if bar >= 0.7 * width else "c")
        out.append(w)
    return out


def _grid_words(sheet, dpi: int, lang: str, whitelist: str = "") -> list[OcrWord]:
    from . import ocrfix

    scale = 72.0 / dpi
    extra = f"-c tessedit_char_whitelist={whitelist}" if whitelist else ""
    return ocrfix.resync_numbers([
        OcrWord(x0 * scale, y0 * scale, x1 * scale, y1 * scale, ocrfix.grid_token(text), conf)
        for x0, y0, x1, y1, text, conf in tesseract_words(sheet, lang, psm=6, extra=extra,
                                                           line_boxes=False)])


def _key_quality(words: list[OcrWord]) -> int:
    """Questions of a 1..N run that the key gives a letter for."""
    from . import keys
    from .layout import Word, layout_from_regions

    layout = layout_from_regions(0, 0, 0, [(0, [Word(w.x0, w.y0, w.x1, w.y1, w.text) for w in words])])
    entries = keys.parse_page(layout).entries
    numbers = {e.number for e in entries if any(v for v in e.answers.values())}
    return keys._longest_run(sorted(numbers))


def tesseract_words(img, lang: str, psm: int = 4, extra: str = "", line_boxes: bool = True):
    """Words of an image as (x0, y0, x1, y1, text, conf) in pixels. With line_boxes, each word
    gets the top and bottom of its Tesseract line, so that words of one line share a row
    whatever their letters (a grid's cells keep their own boxes: a line may be a bad guess)."""
    import pytesseract

    _init_worker()  # also when OCR runs in this process (one job)
    with tempfile.TemporaryDirectory(prefix="include-ocr-") as tmp:
        src = os.path.join(tmp, "page.pgm")  # uncompressed: writing a PNG costs more than it saves
        _write_pgm(src, img)
        tsv = pytesseract.image_to_data(src, lang=lang, config=f"--psm {psm} {extra}".strip())
    lines: dict[tuple, list] = {}
    for row in tsv.splitlines()[1:]:
        f = row.split("\t")
        if len(f) < 12 or f[0] != "5" or not f[11].strip():
            continue
        x, y, w, h = (int(v) for v in f[6:10])
        lines.setdefault((f[1], f[2], f[3], f[4]), []).append([x, y, x + w, y + h, f[11].strip(), float(f[10])])
    words = []
    for ws in lines.values():
        _letter_i(ws)
        _vouch(ws)
        ws = [w for k, w in enumerate(ws) if _keep(w, k, len(ws))]
        if not ws:
            continue
        top = min(w[1] for w in ws)
        bottom = max(w[3] for w in ws)
        for w in ws:
            words.append(tuple(w) if not line_boxes else (w[0], top, w[2], bottom, w[4], w[5]))
    return words


def _letter_i(ws: list) -> None:
    """`TEXTO |`, `Because | am`: a `|` as tall as the capitals of the word before it, a space
    after that word, is the letter I, not a rule (rules run taller)."""
    for prev, w in zip(ws, ws[1:]):
        ph, h = prev[3] - prev[1], w[3] - w[1]
        if w[4] == "|" and 0.75 * ph <= h <= 1.25 * ph and w[0] - prev[2] < ph:
            w[4] = "I"


_SURE = 60
_WORD = re.compile(r"^[^\W\d_]+[.,;:]?$")


def _vouch(ws: list) -> None:
    """Words Tesseract gives no confidence (often 0 on clean bold headings and on a few words
    of a clean line) that their line vouches for: a passage heading (`TEXTO I`), words between
    sure ones, and plain words before sure ones at the start of a line. A line of pictures'
    junk has no sure words to vouch for it."""
    from . import ocrfix

    if ocrfix.is_passage_heading(" ".join(w[4] for w in ws)):
        for w in ws:
            w[5] = max(w[5], float(MIN_CONF))
        return
    sure = [w[5] >= _SURE for w in ws]
    for k, w in enumerate(ws):
        if w[5] >= MIN_CONF:
            continue
        before, after = any(sure[:k]), any(sure[k + 1:])
        if (before and after) or (after and not before and _WORD.match(w[4])):
            w[5] = float(MIN_CONF)


def _keep(w: list, k: int, n: int) -> bool:
    """Whether an OCR word is text: not a rule or a box edge read as `|`, not a lone unsure dot
    (dirt), not a word Tesseract is unsure of (a picture), unless it starts a line and may be
    an option's disc."""
    text, conf = w[4], w[5]
    if _RULE.match(text):
        return False
    from . import ocrfix

    if ocrfix.SPECK.match(text) and conf < 60:
        return False
    if conf < MIN_CONF:
        return k == 0 and ocrfix.is_mark(text)
    return True


def _write_pgm(path: str, img) -> None:
    h, w = img.shape
    with open(path, "wb") as f:
        f.write(b"P5\n%d %d\n255\n" % (w, h))
        f.write(img.tobytes())


# -- the pool ------------------------------------------------------------------------------------
def make_pool(jobs: int) -> Executor:
    import multiprocessing as mp

    # imported once here, so that forked workers start with them instead of each paying ~0.4 s
    import numpy  # noqa: F401
    import PIL.Image  # noqa: F401
    import pytesseract  # noqa: F401
    import scipy.ndimage  # noqa: F401

    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else None
    return ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_init_worker)


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)
