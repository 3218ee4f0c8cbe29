"""Stage 2: every page of a document as a layout, from its text layer or, when that is
missing or garbled, from OCR. Pages are routed one by one; OCR pages run in parallel.
(Above pages/ and ocr/: it decides between them.)"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field

from .errors import printable
from .limits import MAX_WORDS
from .ocr import fixes, tesseract
from .ocr.page import DPI, OcrPage, read_page
from .pages import routing
from .pages.geometry import Word
from .pages.layout import PageLayout, layout_from_regions, layout_from_words, page_words
from .questions import language
from .triage import short_error

EXAM_LANGS = ("es", "pt", "ca", "gl", "eu")


@dataclass
class OcrOptions:
    mode: str = "auto"  # auto: pages without a usable text layer; always; never
    dpi: int = DPI
    jobs: int = 0  # 0: one per core
    lang: str | None = None  # Tesseract languages (`spa`, `spa+por`); default from the exam's
    progress: bool = False  # a progress bar per document on stderr while OCR runs


@dataclass
class Document:
    layouts: list[PageLayout]
    ocr: dict[int, float] = field(default_factory=dict)  # OCR'd page -> mean word confidence
    ocr_lang: str | None = None
    reasons: dict[int, str] = field(default_factory=dict)
    grids: set[int] = field(default_factory=set)  # OCR'd pages the image showed to be answer grids
    skipped: dict[int, str] = field(default_factory=dict)  # page -> why it could not be read (left empty)

    def skip(self, number: int, why: str) -> None:
        """A page that cannot be read is left empty, and said why; the exam goes on."""
        old = self.layouts[number]
        self.layouts[number] = layout_from_words(number, old.width, old.height, [], [])
        self.skipped[number] = why
        self.ocr.pop(number, None)

    def add_ocr(self, page: OcrPage) -> None:
        """An OCR'd page in place of its text layer, laid out by the regions OCR read it in."""
        old = self.layouts[page.number]
        regions: list[tuple[int, list[Word]]] = [(c, []) for c in page.columns]
        for w in page.words:  # copies: the repairs below must not change what OCR read
            regions[w.region][1].append(Word(w.x0, w.y0, w.x1, w.y1, w.text))
        layout = layout_from_regions(page.number, old.width, old.height, regions)
        layout.images = list(page.pictures)
        if not page.grid:
            fixes.markers(layout.lines)
            fixes.option_runs(layout.lines)
            fixes.lost_labels(layout.lines)
        self.layouts[page.number] = layout
        self.ocr[page.number] = page.confidence
        if page.grid:
            self.grids.add(page.number)


def read_document(src, opts: OcrOptions | None = None, exam_language: str | None = None,
                  on_page=None, max_words: int = MAX_WORDS, ocr_now: bool = True) -> Document:
    """Page-streamed: each page is loaded, reduced to words and lines, and released; pages
    whose text layer is unusable are queued for OCR, which renders them in the workers (with
    `ocr_now` False, the caller runs run_ocr when it knows which of them it needs). A page
    mupdf cannot read, or with more than `max_words` words, is skipped (left empty) and said."""
    import pymupdf

    opts = opts or OcrOptions()
    layouts: list[PageLayout] = []
    reasons: dict[int, str] = {}
    skipped: dict[int, str] = {}
    for i in range(src.doc.page_count):
        width = height = 0.0
        pymupdf.TOOLS.reset_mupdf_warnings()
        try:
            page = src.doc.load_page(i)
            width, height = page.rect.width, page.rect.height
            words, images = page_words(page)
        except (pymupdf.mupdf.FzErrorBase, RuntimeError, MemoryError, ValueError) as exc:  # a broken page
            words, images, skipped[i] = [], [], f"could not be read ({short_error(exc)})"
        if not words and not images and (said := _errors(pymupdf.TOOLS.mupdf_warnings())):  # mupdf gave up on it
            skipped.setdefault(i, f"could not be read ({said})")
        if len(words) > max_words:
            skipped[i] = f"{len(words)} words, more than the limit of {max_words} (--max-words)"
            words, images = [], []
        layout = layout_from_words(i, width, height, words, images)
        page = None
        layouts.append(layout)
        if i in skipped:  # nothing to read again by OCR
            pass
        elif opts.mode == "always":
            reasons[i] = "OCR forced"
        elif opts.mode == "auto" and (why := routing.ocr_reason(layout)):
            reasons[i] = why
        if on_page:
            on_page()
    doc = Document(layouts, reasons=reasons, skipped=skipped)
    if reasons and ocr_now:
        run_ocr(src, doc, opts, exam_language)
    return doc


def _errors(log: str) -> str | None:
    """What mupdf complained of while reading a page (it reads on past a broken stream or a
    page object that is not one, as an empty page); a blank page says nothing."""
    return next((ln.strip()[:120] for ln in log.splitlines() if ln.strip() and "repeated" not in ln), None)


def run_ocr(src, doc: Document, opts: OcrOptions | None, exam_language: str | None) -> None:
    """The pages routed to OCR (doc.reasons) read by Tesseract, in place of their text layer."""
    opts = opts or OcrOptions()
    pages = sorted(doc.reasons)
    lang = tesseract.tess_lang(opts.lang) or tesseract.tess_lang(exam_language) or _lang_from_text(doc)
    tesseract.check(lang or tesseract.PROBE_LANGS, src.path)
    jobs = min(opts.jobs or tesseract.default_jobs(), len(pages))
    bar = None
    if opts.progress:
        from tqdm import tqdm

        bar = tqdm(total=len(pages), desc=printable(f"OCR {src.path.name}"), unit="page", file=sys.stderr,
                   disable=None, leave=False)
    # in workers, also for one job: a crash in Tesseract's library (it runs in the process that
    # reads the page) costs a worker, not the run; a worker of the CLI's pool of files reads alone
    pool = tesseract.make_pool(jobs) if jobs > 1 or not tesseract.in_worker() else None
    try:
        if lang is None:  # unknown language: read one page with the usual two, then decide
            first = _ocr_page(doc, _read(pool, src.path, pages[0], tesseract.PROBE_LANGS, opts.dpi), src.path,
                              pages[0], tesseract.PROBE_LANGS, opts.dpi)
            lang = (first and _lang_of(first)) or tesseract.PROBE_LANGS
            if bar:
                bar.update(1)
            pages = pages[1:]
        doc.ocr_lang = lang
        futures = [_read(pool, src.path, n, lang, opts.dpi) for n in pages]
        for n, fut in zip(pages, futures):  # in page order, as they finish
            _ocr_page(doc, fut, src.path, n, lang, opts.dpi)
            if bar:
                bar.update(1)
    finally:
        if pool:
            pool.shutdown(cancel_futures=True)
        if bar:
            bar.close()


def _ocr_page(doc: Document, fut, path, number: int, lang: str, dpi: int) -> OcrPage | None:
    """One OCR'd page into the document; a page that cannot be rendered or read is skipped. A
    worker that dies (a crash in Tesseract or the PDF library, a limit of the system) breaks
    the pool for every page still in it: each is read again in a process of its own, and the
    one whose process dies again is skipped; the others go on."""
    from concurrent.futures.process import BrokenProcessPool

    import pymupdf

    try:
        try:
            page = fut.result()
        except BrokenProcessPool:
            page = tesseract.alone(read_page, str(path), number, lang, dpi)
    except BrokenProcessPool:
        doc.skip(number, "could not be read by OCR (the process reading it died: a crash in the PDF library or "
                         "Tesseract, or a limit of the system such as memory)")
        return None
    except (pymupdf.mupdf.FzErrorBase, RuntimeError, MemoryError, ValueError, OSError) as exc:
        # mupdf, Tesseract
        doc.skip(number, f"could not be read by OCR ({short_error(exc)})")
        return None
    doc.add_ocr(page)
    return page


class _Done:
    """A finished result with the interface of a future (OCR without a pool)."""

    def __init__(self, value=None, error: BaseException | None = None):
        self.value, self.error = value, error

    def result(self):
        if self.error is not None:
            raise self.error
        return self.value


def _read(pool, path, number: int, lang: str, dpi: int):
    if pool is None:
        try:
            return _Done(read_page(str(path), number, lang, dpi))
        except Exception as exc:  # said when the page is taken, as a worker's error is
            return _Done(error=exc)
    return pool.submit(read_page, str(path), number, lang, dpi)


def _lang_from_text(doc: Document) -> str | None:
    """The language of the pages whose text layer is fine, if they say enough."""
    text = " ".join(ln.text for p in doc.layouts if p.number not in doc.reasons for ln in p.lines)
    lang, prob = language.detect(text)
    return tesseract.tess_lang(lang) if lang in tesseract.TESS_LANGS and prob >= 0.9 else None


def _lang_of(page: OcrPage) -> str | None:
    """The exam language read off the probe page. A foreign language (an English reading
    passage) says nothing about the exam's own, so only Iberian languages are taken."""
    lang, prob = language.detect(" ".join(w.text for w in page.words))
    return tesseract.tess_lang(lang) if lang in EXAM_LANGS and prob >= 0.8 else None
