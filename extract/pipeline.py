"""The pipeline: triage -> page layouts -> questions -> answer key -> validated records."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from schema import Question, RecordError, validate_record

from . import keys as keymod
from . import language, patterns
from .errors import NoQuestions
from .layout import PageLayout, remove_running_text
from .reading import Document, OcrOptions, read_document
from .segment import RawQuestion, join_text, segment
from .triage import open_pdf

LOW_OCR_CONFIDENCE = 75  # Tesseract's mean word confidence on the question's page


@dataclass
class ExamMeta:
    language: str | None = None
    country: str | None = None
    exam: str | None = None
    year: int | None = None
    level: str | None = None
    subject: str | None = None
    domain: str | None = None
    source_url: str | None = None


@dataclass
class ExamResult:
    path: Path
    records: list[Question]
    pages: int
    warnings: list[str] = field(default_factory=list)

    @property
    def keyed(self) -> int:
        return sum(1 for r in self.records if r.answer is not None)

    @property
    def flagged(self) -> int:
        return sum(1 for r in self.records if r.flags)

    def summary(self) -> str:
        return (f"{self.path}: {len(self.records)} questions, {self.keyed} keyed, "
                f"{self.flagged} flagged, {self.pages} pages")


def _key_from(layouts: list[PageLayout]) -> keymod.AnswerKey:
    return keymod.merge([keymod.parse_page(p) for p in layouts])


def extract_exam(path, key_path=None, meta: ExamMeta | None = None, on_page=None,
                 ocr: OcrOptions | None = None, assist=None) -> ExamResult:
    """`assist`: an LLM assist (extract.llm.Assist) that restructures what the rules got wrong."""
    meta = meta or ExamMeta()
    src = open_pdf(path)
    doc = read_document(src, ocr, meta.language, on_page)
    layouts = doc.layouts
    warnings = _ocr_notes(src.path, doc)

    key_pages = [p for p in layouts if keymod.looks_like_key(p)
                 or p.number in doc.grids and len(keymod.parse_page(p).entries) >= 10]
    body = [p for p in layouts if p not in key_pages]
    running = remove_running_text(body)
    lines = [ln for p in body for ln in p.lines]
    raw, _style = segment(lines)
    if not raw:
        raise NoQuestions(src.path)

    if key_path is not None:
        ksrc = open_pdf(key_path)
        key = _key_from(read_document(ksrc, ocr, meta.language).layouts)
        if not key.entries:
            warnings.append(f"{key_path}: no answer grid found in the key")
    else:
        key = _key_from(key_pages)

    # what names the booklet (its colour): running headers first, as question text on the
    # first page may mention other colours
    first_page = " ".join(ln.text for ln in (layouts[0].lines if layouts else []))
    booklet_words = [_words(" ".join(running)), _words(first_page)]
    records, skipped, maker = build_records(raw, key, doc, src.sha256, src.path, meta, booklet_words)
    if assist is not None:
        records, notes = assist.restructure(raw, lines, records, maker)
        warnings.extend(notes)
    made = {(r.number, r.variant) for r in records if r is not None}  # the assist may restore some
    warnings.extend(why for i, why in skipped.items() if (raw[i].number, raw[i].variant) not in made)
    missing = _check_key(raw, key)
    if missing:
        warnings.append(missing)
    src.doc.close()
    kept = [r for r in records if r is not None]
    if assist is not None and assist.tags:
        warnings.extend(assist.tag(kept, maker))
    return ExamResult(Path(src.path), kept, len(layouts), warnings)


def _ocr_notes(path, doc: Document) -> list[str]:
    """One line per reason: `pages 1-14: scanned page ..., read by OCR (spa)`."""
    by_reason: dict[str, list[int]] = {}
    for n, why in sorted(doc.reasons.items()):
        if "forced" not in why:
            by_reason.setdefault(why.split(" (")[0] if "junk" in why or "unmapped" in why else why,
                                 []).append(n + 1)
    return [f"{path}: page{'s' if len(pages) > 1 else ''} {_ranges(pages)}: {why}, read by OCR "
            f"({doc.ocr_lang})" for why, pages in by_reason.items()]


def _words(text: str) -> set[str]:
    """The folded words of a text and its pairs of adjacent words (a heading "Versão 2")."""
    words = re.findall(r"\w+", patterns.fold(text))
    return set(words) | {f"{a} {b}" for a, b in zip(words, words[1:])}


def _check_key(raw: list[RawQuestion], key: keymod.AnswerKey) -> str | None:
    if not key.entries:
        return "no answer key found (use --key KEY.pdf for a separate key)"
    numbers = {q.number for q in raw}
    keyed = {e.number for e in key.entries}
    lost = sorted(numbers - keyed)
    extra = sorted(keyed - numbers)
    parts = []
    if lost:
        parts.append(f"key lacks questions {_ranges(lost)}")
    if extra:
        parts.append(f"key has numbers with no question {_ranges(extra)}")
    return "; ".join(parts) or None


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


def _area_has_image(q: RawQuestion, layouts: list[PageLayout]) -> bool:
    by_box: dict[tuple[int, int], list[float]] = {}
    for ln in q.lines:
        b = by_box.setdefault((ln.page, ln.column), [ln.x0, ln.y0, ln.x1, ln.y1])
        b[0], b[1], b[2], b[3] = min(b[0], ln.x0), min(b[1], ln.y0), max(b[2], ln.x1), max(b[3], ln.y1)
    for (page, _), (x0, y0, x1, y1) in by_box.items():
        for ix0, iy0, ix1, iy1 in layouts[page].images:
            if ix0 < x1 and ix1 > x0 and iy0 < y1 and iy1 > y0:
                return True
    return False


def _bbox(q: RawQuestion) -> list[float]:
    """The union of the question's lines in the column it starts in (a question carried on into
    the next column would otherwise box both columns, its neighbours too)."""
    on_page = [ln for ln in q.lines if ln.page == q.page and ln.column == q.marker.column]
    return [round(f(getattr(ln, a) for ln in on_page), 1)
            for f, a in ((min, "x0"), (min, "y0"), (max, "x1"), (max, "y1"))]


@dataclass
class RecordMaker:
    """Turns one question's texts into a validated record: flags, the key's answer, provenance.
    The rule-based structurer and the LLM assist both make their records here."""
    key: keymod.AnswerKey
    doc: Document
    sha256: str
    path: Path
    meta: ExamMeta
    booklet_words: list[set[str]]
    language: str
    year: int | None

    def make(self, q: RawQuestion, stem: str, choices: list[str], context: str | None,
             flags: list[str], detected: tuple[str | None, float]) -> Question:
        """Raises RecordError when the record does not validate."""
        meta, flags = self.meta, list(flags)
        if q.reserve:
            flags.append("reserve")
        if q.variant:
            flags.append("variant")
        if len(choices) < 4:
            flags.append("fewer_than_4_options")
        lang, prob = detected
        if lang and prob >= 0.9 and lang != self.language:
            flags.append("language_mismatch")
        if patterns.IMAGE_WORDS.search(stem) or _area_has_image(q, self.doc.layouts):
            flags.append("image_reference")
        if self.doc.ocr.get(q.page, 100) < LOW_OCR_CONFIDENCE:
            flags.append("low_ocr_confidence")
        answer = None
        entry = self.key.lookup(q.number, q.reserve) if self.key.entries else None
        if entry is None:
            flags.append("unkeyed")
        else:
            found, token = keymod.choose_column(entry, q.variant, self.booklet_words)
            if entry.pilot:
                flags.append("pilot")
            if not found:
                flags.append("unkeyed")
            elif token is None:
                flags.append("annulled")
            else:
                answer = keymod.answer_index(token)
                if answer is None or not 0 <= answer < len(choices):
                    flags.append("key_mismatch")
                    answer = None
        return validate_record(dict(
            number=q.number, variant=q.variant, question=stem or "(no text)", context=context,
            choices=[c or "(empty)" for c in choices], answer=answer, language=self.language,
            country=meta.country, exam=meta.exam or self.path.stem, year=self.year, level=meta.level,
            subject=meta.subject, domain=meta.domain, source_file=self.path.name,
            source_url=meta.source_url, sha256=self.sha256, page=q.page + 1, bbox=_bbox(q),
            method="ocr" if q.page in self.doc.ocr else "text", flags=flags,
        ))


def build_records(raw, key, doc: Document, sha256, path, meta: ExamMeta, booklet_words):
    """The rule-based records (None where one failed validation), why each failed one did (by
    index), and the maker (for the LLM assist)."""
    texts = [(join_text(q.stem), [join_text(o) for o in q.options]) for q in raw]
    detected = [language.detect(stem + " " + " ".join(ch)) for stem, ch in texts]
    exam_lang = meta.language
    if not exam_lang:
        votes = Counter(lang for lang, p in detected if lang and p >= 0.8)
        exam_lang = votes.most_common(1)[0][0] if votes else "es"
    maker = RecordMaker(key, doc, sha256, Path(path), meta, booklet_words, exam_lang,
                        meta.year or _year_from(Path(path).name))
    records: list[Question | None] = []
    skipped: dict[int, str] = {}
    for i, (q, (stem, choices), det) in enumerate(zip(raw, texts, detected)):
        try:
            records.append(maker.make(q, stem, choices, q.context, [], det))
        except RecordError as exc:
            records.append(None)
            skipped[i] = f"{path}: skipped {exc}"
    return records, skipped, maker


def _year_from(name: str) -> int | None:
    m = re.search(r"(?<!\d)(19[5-9]\d|20[0-4]\d)(?!\d)", name)
    return int(m.group(1)) if m else None
