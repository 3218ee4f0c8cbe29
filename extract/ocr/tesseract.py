"""Tesseract as extract runs it: its library, loaded once per process with one engine per
language, the language packs an exam needs, one single-threaded process per core, and its
words as Word boxes with the unsure ones a line vouches for kept."""
from __future__ import annotations

import ctypes
import ctypes.util
import os
import re
import threading
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager
from functools import lru_cache

from ..errors import OcrUnavailable
from ..pages.geometry import Word
from . import fixes

# ISO 639-1 -> Tesseract traineddata; an exam's language picks its pack
TESS_LANGS = {"es": "spa", "pt": "por", "ca": "cat", "gl": "glg", "eu": "eus", "en": "eng",
              "fr": "fra", "it": "ita", "de": "deu", "la": "lat", "oc": "oci"}
PROBE_LANGS = "spa+por"  # the exam language is unknown: the two most common, then detect
MIN_CONF = 10  # below this Tesseract is reading a picture or a smudge, not a word
_RULE = re.compile(r"^[|¦_~]+$")  # a ruling line or a box edge read as a character


def tess_lang(codes: list[str] | str | None) -> str | None:
    """`es` -> `spa`, `es+pt` -> `spa+por`; Tesseract codes pass through."""
    if not codes:
        return None
    parts = codes.split("+") if isinstance(codes, str) else list(codes)
    return "+".join(TESS_LANGS.get(p.lower(), p.lower()) for p in parts)


def check(lang: str, path) -> None:
    """A one-line error naming the Debian package to install, before any page is read. The
    language's engine is loaded here, so that workers forked after it start with it."""
    if _lib() is None:
        raise OcrUnavailable(path, "needs OCR but the Tesseract library is not installed "
                                   "(install the Debian package tesseract-ocr)")
    try:
        _engine(lang)
    except RuntimeError:
        missing = [code for code in lang.split("+") if not _loads(code)] or lang.split("+")
        pkgs = " ".join(f"tesseract-ocr-{m}" for m in missing)
        raise OcrUnavailable(path, f"needs OCR in {lang} but the Tesseract language pack is "
                                   f"missing (install the Debian package {pkgs})") from None


def words(img, lang: str, psm: int = 4, whitelist: str = "", line_boxes: bool = True,
          running: bool = False) -> list[Word]:
    """Words of an image, boxes in pixels. With line_boxes, each word gets the top and bottom
    of its Tesseract line, so that words of one line share a row whatever their letters (a
    grid's cells keep their own boxes: a line may be a bad guess). On a page of running text
    (`running`), a line of scraps is dropped (stray_line)."""
    lines: dict[tuple, list[Word]] = {}
    for row in _tsv(img, lang, psm, whitelist).splitlines():
        f = row.split("\t")
        if len(f) < 12 or f[0] != "5" or not f[11].strip():
            continue
        x, y, w, h = (int(v) for v in f[6:10])
        lines.setdefault((f[1], f[2], f[3], f[4]), []).append(
            Word(x, y, x + w, y + h, f[11].strip(), conf=float(f[10])))
    out = []
    for ws in lines.values():
        _letter_i(ws)
        vouch(ws)
        ws = [w for k, w in enumerate(ws) if _keep(w, k)]
        if not ws or (running and stray_line(ws)):
            continue
        if line_boxes:
            top, bottom = min(w.y0 for w in ws), max(w.y1 for w in ws)
            for w in ws:
                w.y0, w.y1 = top, bottom
        out.extend(ws)
    return out


# -- the library --------------------------------------------------------------------------------
# Called in the process that reads the page, not as the `tesseract` program: the program loads
# its language data on every call (0.15 s, as long as reading a grid's cell or a short line
# takes). The same library reads the same pixels the same way.
@lru_cache(maxsize=1)
def _lib():
    """libtesseract through its C API, or None when it is not installed."""
    # OpenMP reads its thread limit when the library loads: Tesseract's threads are much slower
    # than one single-threaded process per core
    os.environ["OMP_THREAD_LIMIT"] = "1"
    name = ctypes.util.find_library("tesseract")
    if not name:
        return None
    try:
        lib = ctypes.CDLL(name)
    except OSError:
        return None
    h, c, i = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int
    for fn, args, res in (("TessBaseAPICreate", [], h), ("TessBaseAPIInit3", [h, c, c], i),
                          ("TessBaseAPIDelete", [h], None), ("TessBaseAPISetVariable", [h, c, c], i),
                          ("TessBaseAPISetPageSegMode", [h, i], None),
                          ("TessBaseAPISetImage", [h, c, i, i, i, i], None), ("TessBaseAPIRecognize", [h, h], i),
                          ("TessBaseAPIGetTsvText", [h, i], h), ("TessDeleteText", [h], None),
                          ("TessBaseAPIClear", [h], None)):
        getattr(lib, fn).argtypes, getattr(lib, fn).restype = args, res
    return lib


_engines: dict[str, int] = {}  # language -> a loaded engine of this process
# engines are loaded one at a time (a crawl extracts in threads, and _quiet swaps the process's
# standard error); a worker forked while another thread loads one starts with the lock free
_loading = threading.Lock()


def _unlocked() -> None:
    global _loading
    _loading = threading.Lock()


os.register_at_fork(after_in_child=_unlocked)


def _engine(lang: str) -> int:
    """This process's engine for `lang` (`spa+por`), loaded on first use; RuntimeError when
    its language data cannot be loaded."""
    if lang in _engines:
        return _engines[lang]
    with _loading:
        if lang in _engines:
            return _engines[lang]
        lib = _lib()
        handle = lib.TessBaseAPICreate()
        with _quiet():  # it prints what it could not open; check() says it in one line
            failed = lib.TessBaseAPIInit3(handle, None, lang.encode())
        if failed:
            lib.TessBaseAPIDelete(handle)
            raise RuntimeError(f"Tesseract could not load its language data for {lang}")
        lib.TessBaseAPISetVariable(handle, b"debug_file", b"/dev/null")  # its notes on each page
        _engines[lang] = handle
    return _engines[lang]


def _loads(code: str) -> bool:
    try:
        _engine(code)
    except RuntimeError:
        return False
    return True


@contextmanager
def _quiet():
    """Standard error, at the level of the file descriptor, sent to /dev/null for a while."""
    saved, null = os.dup(2), os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(null)


def _tsv(img, lang: str, psm: int, whitelist: str = "") -> str:
    """Tesseract's TSV of a greyscale image (a uint8 array), read with page segmentation
    `psm`, and only the characters of `whitelist` when given."""
    import numpy as np

    img = np.ascontiguousarray(img, dtype=np.uint8)
    h, w = img.shape
    if not h or not w:
        return ""
    lib, handle = _lib(), _engine(lang)
    lib.TessBaseAPISetPageSegMode(handle, psm)
    if whitelist:
        lib.TessBaseAPISetVariable(handle, b"tessedit_char_whitelist", whitelist.encode())
    try:
        lib.TessBaseAPISetImage(handle, img.ctypes.data_as(ctypes.c_char_p), w, h, 1, w)
        if lib.TessBaseAPIRecognize(handle, None):
            raise RuntimeError("tesseract failed to read the page image")
        text = lib.TessBaseAPIGetTsvText(handle, 0)
        if not text:
            return ""
        try:
            return ctypes.string_at(text).decode("utf-8", "replace")
        finally:
            lib.TessDeleteText(text)
    finally:
        lib.TessBaseAPIClear(handle)
        if whitelist:
            lib.TessBaseAPISetVariable(handle, b"tessedit_char_whitelist", b"")


def _letter_i(ws: list[Word]) -> None:
    """`TEXTO |`, `Because | am`: a `|` as tall as the capitals of the word before it, a space
    after that word, is the letter I, not a rule (rules run taller)."""
    for prev, w in zip(ws, ws[1:]):
        ph, h = prev.height, w.height
        if w.text == "|" and 0.75 * ph <= h <= 1.25 * ph and w.x0 - prev.x1 < ph:
            w.text = "I"


_SURE = 60
_WORD = re.compile(r"^[^\W\d_]+[.,;:]?$")


def vouch(ws: list[Word]) -> None:
    """Words Tesseract gives no confidence (often 0 on clean bold headings and on a few words
    of a clean line) that their line vouches for: a passage heading (`TEXTO I`), words between
    sure ones, and plain words before sure ones at the start of a line. A line of pictures'
    junk has no sure words to vouch for it."""
    if fixes.is_passage_heading(" ".join(w.text for w in ws)):
        for w in ws:
            w.conf = max(w.conf, float(MIN_CONF))
        return
    sure = [w.conf >= _SURE for w in ws]
    for k, w in enumerate(ws):
        if w.conf >= MIN_CONF:
            continue
        before, after = any(sure[:k]), any(sure[k + 1:])
        if (before and after) or (after and not before and _WORD.match(w.text)):
            w.conf = float(MIN_CONF)


def stray_line(ws: list[Word]) -> bool:
    """`A E` from the digits under a barcode, `I i` from a picture's edge: a line of two or more
    scraps of one or two characters, none of them a digit or read with confidence. (An option's
    label alone on its line is one word; a row of a table of small numbers is kept.)"""
    return len(ws) >= 2 and all(len(w.text) <= 2 and w.conf < _SURE and not any(c.isdigit() for c in w.text)
                                for w in ws)


def _keep(w: Word, k: int) -> bool:
    """Whether an OCR word is text: not a rule or a box edge read as `|`, not a lone unsure dot
    (dirt), not a word Tesseract is unsure of (a picture), unless it starts a line and may be
    an option's disc."""
    if _RULE.match(w.text):
        return False
    if fixes.SPECK.match(w.text) and w.conf < 60:
        return False
    if w.conf < MIN_CONF:
        return k == 0 and fixes.is_mark(w.text)
    return True


# -- the pool ------------------------------------------------------------------------------------
def make_pool(jobs: int, ocr_ready: bool = True) -> Executor:
    """Worker processes; `ocr_ready`: with the OCR libraries imported once here, so that forked
    workers start with them instead of each paying ~0.4 s (a pool of exams, most of them with no
    scanned page, leaves that to the worker that needs them)."""
    import multiprocessing as mp

    if ocr_ready:
        import numpy  # noqa: F401
        import PIL.Image  # noqa: F401
        import scipy.ndimage  # noqa: F401

    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else None
    return ProcessPoolExecutor(max_workers=jobs, mp_context=ctx)


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def in_worker() -> bool:
    """Whether this process is a worker of a pool (the CLI's pool of files)."""
    import multiprocessing as mp

    return mp.parent_process() is not None


def alone(fn, *args, **kwargs):
    """fn(*args, **kwargs) run in a process of its own: a task a dead worker took down with it
    is run again so, and BrokenProcessPool says that its process died too (the task's fault)."""
    with make_pool(1) as pool:
        return pool.submit(fn, *args, **kwargs).result()
