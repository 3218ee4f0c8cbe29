"""The stages wired together: triage -> pages (text layer or OCR) -> questions -> answer key ->
validated records, with what the run noticed as warnings."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import NamedTuple

from schema import ExamMeta, Question

from .errors import KeyMisfit, NoQuestions
from .limits import Limits, deadline
from .pages import marks
from .pages.layout import PageLayout
from .questions import answer_keys, key_tables
from .questions.answer_keys import AnswerKey
from .questions.marked import marked_key, stated_key
from .questions.running import remove_running_text
from .questions.segment import RawQuestion, segment
from .questions.stated import Stated, stated
from .reading import Document, OcrOptions, read_document, run_ocr
from .records import LOW_OCR_CONFIDENCE, build_records, with_picture_options
from .triage import blame, open_pdf


@dataclass
class ExamResult:
    path: Path
    records: list[Question]
    pages: int
    warnings: list[str] = field(default_factory=list)
    key_matched: tuple[int, int] = (0, 0)  # (key numbers that name a question, key numbers)
    key_source: str | None = None  # where the answers came from
    unsure_pages: list[int] = field(default_factory=list)  # 1-based pages OCR was unsure of

    @property
    def keyed(self) -> int:
        return sum(1 for r in self.records if r.answer is not None)

    @property
    def flagged(self) -> int:
        return sum(1 for r in self.records if r.flags)

    @property
    def key_misfit(self) -> bool:
        """The questions found match fewer than half of the key's numbers."""
        matched, total = self.key_matched
        return total > 0 and matched < total / 2

    def summary(self) -> str:
        matched, total = self.key_matched
        key = f"{matched}/{total} key numbers matched ({self.key_source})" if total else "no answer key"
        unsure = f"; OCR unsure on page{'s' if len(self.unsure_pages) > 1 else ''} " \
                 f"{_ranges(self.unsure_pages)}" if self.unsure_pages else ""
        return (f"{self.path}: {len(self.records)} questions, {self.keyed} keyed, "
                f"{self.flagged} flagged, {self.pages} pages; {key}{unsure}")


def extract_exam(path, key: str | Path | AnswerKey | None = None, meta: ExamMeta | None = None,
                 on_page=None, ocr: OcrOptions | None = None, assist=None, key_must_fit: bool = False,
                 limits: Limits | None = None) -> ExamResult:
    """One exam within `limits` (pages, words on a page, time): see _extract."""
    limits = limits or Limits()
    with deadline(limits.timeout, path):
        return _extract(path, key, meta, on_page, ocr, assist, key_must_fit, limits)


def _extract(path, key, meta, on_page, ocr, assist, key_must_fit, limits: Limits) -> ExamResult:
    """One exam: `key` is a separate answer-key PDF or a key that came as data (else a key grid
    printed in the booklet is looked for); `assist` an LLM assist (extract.llm.Assist) that
    restructures what the rules got wrong. A key whose numbers the questions found mostly do not
    match flags every record `key_misfit`, with a warning; with `key_must_fit` (a key given by
    hand) it is an error instead."""
    meta = meta or ExamMeta()
    key_path = None if key is None or isinstance(key, AnswerKey) else key
    src = open_pdf(path, max_pages=limits.max_pages)
    with blame(src.path):
        return _from_pages(src, key, key_path, meta, on_page, ocr, assist, key_must_fit, limits)


def _from_pages(src, key, key_path, meta, on_page, ocr, assist, key_must_fit, limits: Limits) -> ExamResult:
    doc = read_document(src, ocr, meta.language, on_page, limits.max_words, ocr_now=False)
    claim = stated(" ".join(ln.text for p in doc.layouts[:2] for ln in p.lines))
    found, unread = None, []
    if doc.reasons and claim:  # the questions of the text layer first: are they all there?
        found = _questions(doc, [replace(p) for p in doc.layouts])  # (copies: running text is cut from them)
        unread = _front_matter(doc, found.raw, claim)
        for n in unread:
            del doc.reasons[n]
    if doc.reasons:
        run_ocr(src, doc, ocr, meta.language)
        found = None
    if found is None:
        found = _questions(doc, doc.layouts)
    doc.layouts, key_pages, running, lines, raw = found
    layouts = doc.layouts
    warnings = _ocr_notes(src.path, doc) + _unread_notes(src.path, unread, claim) + _skip_notes(src.path, doc)
    raw = with_picture_options(raw, doc)
    searchable = assist is not None and assist.structure  # the LLM may find what the rules did not
    if not raw and not searchable:
        raise _none_found(src.path, doc)

    source, uncertain = "the key's data", set()
    if key is None:
        source = "a key grid in the booklet"
        key = answer_keys.read_key(key_pages, _marks(src, doc))
        uncertain = key_tables.disagreements(key, src.path, key.pages - set(doc.ocr))
    elif key_path is not None:
        source, ksrc = "the key PDF", open_pdf(key_path, max_pages=limits.max_pages)
        with blame(ksrc.path):  # the key's own faults name the key, not the exam
            kdoc = read_document(ksrc, ocr, meta.language, max_words=limits.max_words)
            warnings += _skip_notes(ksrc.path, kdoc)
            key = answer_keys.read_key(kdoc.layouts, _marks(ksrc, kdoc))
            uncertain = key_tables.disagreements(key, ksrc.path, key.pages - set(kdoc.ocr))
        if not key.entries:
            warnings.append(f"{key_path}: no answer grid found in the key")
    if uncertain:
        warnings.append(f"{src.path}: the key read two ways (by position, by its table) disagrees on "
                        f"{_ranges(sorted(n for n, _ in uncertain))}: records flagged key_uncertain")
    if not key.entries and key_path is None:  # an edition with solutions states or marks them
        key, source = stated_key(raw), "answers stated after each question"
    if not key.entries and key_path is None:
        key, source = marked_key(raw, _marks(src, doc)), "answers marked in the booklet"
    if not raw and not key.entries:  # nothing for the LLM to look for either
        raise _none_found(src.path, doc)

    # what names the booklet (its colour, the block of a key printed for several booklets):
    # running headers first, as question text on the first page may mention other colours
    first_page = " ".join(ln.text for ln in (layouts[0].lines if layouts else []))
    key = answer_keys.for_booklet(key, " ".join(ln.text for p in layouts[:2] for ln in p.lines), raw)
    booklet_words = [answer_keys.booklet_words(" ".join(running)), answer_keys.booklet_words(first_page)]
    records, skipped, maker = build_records(raw, key, doc, src.sha256, src.path, meta, booklet_words, uncertain)
    if assist is not None:
        records, notes = assist.restructure(raw, lines, records, maker)
        warnings.extend(notes)
    made = {(r.number, r.variant) for r in records if r is not None}  # the assist may restore some
    warnings.extend(why for i, why in skipped.items() if (raw[i].number, raw[i].variant) not in made)
    numbers = {r.number for r in records if r is not None}
    missing = _check_key(src.path, numbers, key)
    if missing:
        warnings.append(missing)
    claim = claim or stated(" ".join(ln.text for p in layouts[:2] for ln in p.lines))  # a scan's, once read
    if not key.entries and (short := _stated_note(src.path, claim, numbers)):
        warnings.append(short)
    src.doc.close()
    kept = [r for r in records if r is not None]
    if not kept:
        raise _none_found(src.path, doc)
    found = {(r.number, "reserve" in r.flags) for r in kept}
    unsure = sorted(n + 1 for n, conf in doc.ocr.items() if conf < LOW_OCR_CONFIDENCE)
    result = ExamResult(Path(src.path), kept, len(layouts), warnings, answer_keys.coverage(key, found),
                        source if key.entries else None, unsure)
    if result.key_misfit:
        matched, total = result.key_matched
        if key_must_fit:
            raise KeyMisfit(key_path, f"the key does not fit this exam: the questions found match "
                                      f"{matched} of its {total} numbers (--force keeps its answers)")
        warnings.append(f"{src.path}: the questions found match only {matched} of the key's {total} "
                        "numbers: the key is another exam's, or questions were missed; records flagged key_misfit")
        for r in kept:
            r.flags = [*r.flags, "key_misfit"]
    if assist is not None and assist.tags:
        warnings.extend(assist.tag(kept, maker))
    return result


def _marks(src, doc: Document):
    """A reader of a document's page marks (bold, frames, fills), page by page as asked for and
    once each (or only their part in `clip`); None for an OCR'd page, whose text layer is not
    what is printed."""
    from functools import lru_cache

    @lru_cache(maxsize=None)
    def marks_of(number: int, clip: tuple | None = None):
        return None if number in doc.ocr else marks.read(src.doc[number], clip)

    return marks_of


def _none_found(path, doc: Document) -> NoQuestions:
    """No questions; when pages were skipped, how many and why (the first reason)."""
    if not doc.skipped:
        return NoQuestions(path)
    first = doc.skipped[min(doc.skipped)]
    return NoQuestions(path, f"{NoQuestions.problem} ({len(doc.skipped)} of {len(doc.layouts)} pages skipped; "
                             f"page {min(doc.skipped) + 1}: {first})")


class _Found(NamedTuple):
    layouts: list[PageLayout]
    key_pages: list[PageLayout]
    running: list[str]  # the running text cut (it names the booklet)
    lines: list
    raw: list[RawQuestion]


def _questions(doc: Document, layouts: list[PageLayout]) -> _Found:
    """A document's pages read for questions: the pages that hold a key set apart, running text
    cut from the others, their lines segmented."""
    key_pages = [p for p in layouts if answer_keys.looks_like_key(p)
                 or p.number in doc.grids and len(answer_keys.parse_page(p).entries) >= 10]
    body = [p for p in layouts if p not in key_pages]
    running = remove_running_text(body)
    lines = [ln for p in body for ln in p.lines]
    raw, _style = segment(lines)
    return _Found(layouts, key_pages, running, lines, raw)


def _front_matter(doc: Document, raw: list[RawQuestion], claim: Stated) -> list[int]:
    """Pages routed to OCR before the booklet's first question (a cover, an essay prompt, the
    instructions set as one picture), when its text layer already holds every question the
    booklet says it has, and the first question's context, if any, is printed on its own page:
    no question can be on them, and OCR costs seconds a page. Not read."""
    if claim.missing({q.number for q in raw if not q.reserve}):
        return []
    first = next(q for q in raw if q.number == claim.first and not q.reserve)
    if not first.lead or first.lead[-1].page != first.page:  # its context may be a page before
        return []
    return [n for n, why in doc.reasons.items() if n < first.page and "forced" not in why]


def _unread_notes(path, unread: list[int], claim: Stated | None) -> list[str]:
    if not unread:
        return []
    return [f"{path}: page{'s' if len(unread) > 1 else ''} {_ranges(sorted(n + 1 for n in unread))}: "
            f"no text layer, not read by OCR: before the first question, and the text layer holds "
            f"all {claim.count} questions the booklet says it has"]


def _stated_note(path, claim: Stated | None, numbers: set[int]) -> str | None:
    """With no key to check against, the booklet's own count of its questions."""
    missing = claim.missing(numbers) if claim else []
    if not missing:
        return None
    return (f"{path}: the booklet says it has {claim.count} questions ({claim.first}-{claim.last}); "
            f"{len(missing)} not found: {_ranges(missing)}")


def _skip_notes(path, doc: Document) -> list[str]:
    """One line per page left out: the records beside it are flagged page_skipped."""
    return [f"{path}: page {n + 1} skipped: {why}" for n, why in sorted(doc.skipped.items())]


def _ocr_notes(path, doc: Document) -> list[str]:
    """One line per reason: `pages 1-14: scanned page ..., read by OCR (spa)`."""
    by_reason: dict[str, list[int]] = {}
    for n, why in sorted(doc.reasons.items()):
        if "forced" not in why:
            by_reason.setdefault(why.split(" (")[0] if "junk" in why or "unmapped" in why else why,
                                 []).append(n + 1)
    return [f"{path}: page{'s' if len(pages) > 1 else ''} {_ranges(pages)}: {why}, read by OCR "
            f"({doc.ocr_lang})" for why, pages in by_reason.items()]


def _check_key(path, numbers: set[int], key: AnswerKey) -> str | None:
    if not key.entries:
        return f"{path}: no answer key found (use --key KEY.pdf for a separate key)"
    keyed = {e.number for e in key.entries}
    lost = sorted(numbers - keyed)
    extra = sorted(keyed - numbers)
    parts = []
    if lost:
        parts.append(f"key lacks questions {_ranges(lost)}")
    if extra:
        parts.append(f"key has numbers with no question {_ranges(extra)}")
    return f"{path}: {'; '.join(parts)}" if parts else None


def _ranges(nums: list[int]) -> str:
    out, start, prev = [], None, None
    for n in nums + [None]:
        if start is None:
            start = prev = n
        elif n is not None and n == prev + 1:
            prev = n
        else:
            out.append(f"{start}" if start == prev else f"{start}-{prev}")
            start = prev = n
    return ",".join(out[:12]) + (" ..." if len(out) > 12 else "")
