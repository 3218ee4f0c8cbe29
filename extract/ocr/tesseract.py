"""Tesseract as extract runs it: the language packs an exam needs, one single-threaded process
per core, and its words as Word boxes with the unsure ones a line vouches for kept."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from concurrent.futures import Executor, ProcessPoolExecutor
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


def _init_worker() -> None:
    # Tesseract's OpenMP threads are much slower than one thread per process on small machines
    os.environ["OMP_THREAD_LIMIT"] = "1"


def words(img, lang: str, psm: int = 4, extra: str = "", line_boxes: bool = True,
          running: bool = False) -> list[Word]:
    """Words of an image, boxes in pixels. With line_boxes, each word gets the top and bottom
    of its Tesseract line, so that words of one line share a row whatever their letters (a
    grid's cells keep their own boxes: a line may be a bad guess). On a page of running text
    (`running`), a line of scraps is dropped (stray_line)."""
    _init_worker()  # also when OCR runs in this process (one job)
    with tempfile.TemporaryDirectory(prefix="include-ocr-") as tmp:
        src = os.path.join(tmp, "page.pgm")  # uncompressed: writing a PNG costs more than it saves
        _write_pgm(src, img)
        tsv = _run(src, lang, ["--psm", str(psm), *extra.split()])
    lines: dict[tuple, list[Word]] = {}
    for row in tsv.splitlines()[1:]:
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


def _run(src: str, lang: str, options: list[str]) -> str:
    """Tesseract's TSV of an image file, the program called directly (a wrapper library costs
    ~0.3 s of imports in every process that OCRs a page, more than its one call)."""
    exe = _installed()[0] or "tesseract"
    proc = subprocess.run([exe, src, "stdout", "-l", lang, *options, "tsv"], capture_output=True, check=False)
    if proc.returncode != 0:
        said = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RuntimeError(f"tesseract failed ({said[-1] if said else f'exit {proc.returncode}'})")
    return proc.stdout.decode("utf-8", "replace")


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


def _write_pgm(path: str, img) -> None:
    h, w = img.shape
    with open(path, "wb") as f:
        f.write(b"P5\n%d %d\n255\n" % (w, h))
        f.write(img.tobytes())


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
    return ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_init_worker)


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)
