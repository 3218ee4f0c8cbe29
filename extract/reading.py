"""Stage 2a: every page of a document as a layout, from its text layer or, when that is
missing or garbled, from OCR. Pages are routed one by one; OCR pages run in parallel."""
from __future__ import annotations

import sys
from dataclasses import dataclass, field

from . import language, ocr, ocrfix, routing
from .layout import PageLayout, Word, build_page, layout_from_regions

MODES = ("auto", "always", "never")
EXAM_LANGS = ("es", "pt", "ca", "gl", "eu")


@dataclass
class OcrOptions:
    mode: str = "auto"  # auto: pages without a usable text layer; always; never
    dpi: int = ocr.DPI
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


def read_document(src, opts: OcrOptions | None = None, exam_language: str | None = None,
                  on_page=None) -> Document:
    """Page-streamed: each page is loaded, reduced to words and lines, and released; pages
    whose text layer is unusable are queued for OCR, which renders them in the workers."""
    opts = opts or OcrOptions()
    layouts: list[PageLayout] = []
    reasons: dict[int, str] = {}
    for i in range(src.doc.page_count):
        page = src.doc.load_page(i)
        layout = build_page(page, i)
        del page
        layouts.append(layout)
        if opts.mode == "always":
            reasons[i] = "OCR forced"
        elif opts.mode == "auto" and (why := routing.ocr_reason(layout)):
            reasons[i] = why
        if on_page:
            on_page()
    doc = Document(layouts, reasons=reasons)
    if reasons:
        _run_ocr(src, doc, opts, exam_language)
    return doc


def _run_ocr(src, doc: Document, opts: OcrOptions, exam_language: str | None) -> None:
    pages = sorted(doc.reasons)
    lang = ocr.tess_lang(opts.lang) or ocr.tess_lang(exam_language) or _lang_from_text(doc)
    ocr.check(lang or ocr.PROBE_LANGS, src.path)
    jobs = min(opts.jobs or ocr.default_jobs(), len(pages))
    bar = None
    if opts.progress:
        from tqdm import tqdm

        bar = tqdm(total=len(pages), desc=f"OCR {src.path.name}", unit="page", file=sys.stderr,
                   disable=None, leave=False)
    pool = ocr.make_pool(jobs) if jobs > 1 else None
    try:
        if lang is None:  # unknown language: read one page with the usual two, then decide
            first = _read(pool, src.path, pages[0], ocr.PROBE_LANGS, opts.dpi).result()
            _store(doc, first)
            lang = _lang_of(first) or ocr.PROBE_LANGS
            if bar:
                bar.update(1)
            pages = pages[1:]
        doc.ocr_lang = lang
        futures = [_read(pool, src.path, n, lang, opts.dpi) for n in pages]
        for fut in futures:  # in page order, as they finish
            _store(doc, fut.result())
            if bar:
                bar.update(1)
    finally:
        if pool:
            pool.shutdown(cancel_futures=True)
        if bar:
            bar.close()


class _Done:
    """A finished result with the interface of a future (OCR without a pool)."""

    def __init__(self, value):
        self.value = value

    def result(self):
        return self.value


def _read(pool, path, number: int, lang: str, dpi: int):
    if pool is None:
        return _Done(ocr.read_page(str(path), number, lang, dpi))
    return pool.submit(ocr.read_page, str(path), number, lang, dpi)


def _store(doc: Document, page: ocr.OcrPage) -> None:
    old = doc.layouts[page.number]
    regions: list[tuple[int, list[Word]]] = [(c, []) for c in page.columns]
    for w in page.words:
        regions[w.region][1].append(Word(w.x0, w.y0, w.x1, w.y1, w.text))
    layout = layout_from_regions(page.number, old.width, old.height, regions)
    layout.images = list(page.pictures)
    if not page.grid:
        ocrfix.markers(layout.lines)
        ocrfix.option_runs(layout.lines)
    doc.layouts[page.number] = layout
    doc.ocr[page.number] = page.confidence
    if page.grid:
        doc.grids.add(page.number)


def _lang_from_text(doc: Document) -> str | None:
    """The language of the pages whose text layer is fine, if they say enough."""
    text = " ".join(ln.text for p in doc.layouts if p.number not in doc.reasons for ln in p.lines)
    lang, prob = language.detect(text)
    return ocr.tess_lang(lang) if lang in ocr.TESS_LANGS and prob >= 0.9 else None


def _lang_of(page: ocr.OcrPage) -> str | None:
    """The exam language read off the probe page. A foreign language (an English reading
    passage) says nothing about the exam's own, so only Iberian languages are taken."""
    lang, prob = language.detect(" ".join(w.text for w in page.words))
    return ocr.tess_lang(lang) if lang in EXAM_LANGS and prob >= 0.8 else None
