"""Questions -> validated records: the flags, the key's answer, provenance. The rule-based
structurer and the LLM assist both make their records here."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from schema import ExamMeta, Question, RecordError, validate_record

from .errors import name_text
from .pages.geometry import union
from .questions import answer_keys, language, patterns
from .questions.answer_keys import AnswerKey
from .questions.segment import RawQuestion, join_text
from .reading import Document

LOW_OCR_CONFIDENCE = 75  # Tesseract's mean word confidence on the question's page


def _area_has_image(q: RawQuestion, doc: Document) -> bool:
    """Whether a picture of its page meets the question's lines (per page and column). A
    picture under most of the page is its background (letterhead, paper texture, a watermark
    behind the text), not a figure of the question."""
    areas: dict[tuple[int, int], list] = {}
    for ln in q.lines:
        areas.setdefault((ln.page, ln.column), []).append(ln)
    for (page, _), lines in areas.items():
        area, layout = union(lines), doc.layouts[page]
        most = BACKGROUND * layout.width * layout.height
        if any(img.overlaps(area) and img.area < most for img in layout.images):
            return True
    return False


BACKGROUND = 0.7  # share of the page a picture must cover to be its background


def with_picture_options(raw: list[RawQuestion], doc: Document) -> list[RawQuestion]:
    """Questions the segmenter found no option for (segment.Segmenter._optionless): where
    pictures stand below the question's last line, before the next question's number on that
    page, the options are those pictures, their labels inside them; the question is kept with
    the exam's usual number of options, empty (flagged image_options). The others are left out."""
    counts = Counter(len(q.options) for q in raw if len(q.options) >= 2)
    usual = counts.most_common(1)[0][0] if counts else 4
    kept = []
    for k, q in enumerate(raw):
        if not q.options:
            nxt = raw[k + 1].marker if k + 1 < len(raw) else None
            if not _pictures_below(q.lines[-1], nxt, doc):
                continue
            q.options = [[] for _ in range(usual)]
            q.option_lines = [[q.lines[-1]] for _ in range(usual)]
        kept.append(q)
    return kept


def _pictures_below(last, nxt, doc: Document) -> bool:
    layout = doc.layouts[last.page]
    end = nxt.y0 if nxt is not None and nxt.page == last.page and nxt.column == last.column else layout.height
    most = BACKGROUND * layout.width * layout.height
    return any(last.y1 - 2 <= img.y0 and img.y1 <= end + 2 and img.x_overlaps(last) and img.area < most
               for img in layout.images)


def _bbox(q: RawQuestion) -> list[float]:
    """The union of the question's lines in the column it starts in (a question carried on into
    the next column would otherwise box both columns, its neighbours too)."""
    box = union(ln for ln in q.lines if ln.page == q.page and ln.column == q.marker.column)
    return [round(v, 1) for v in (box.x0, box.y0, box.x1, box.y1)]


@dataclass
class RecordMaker:
    """Turns one question's texts into a validated record."""
    key: AnswerKey
    doc: Document
    sha256: str
    path: Path
    meta: ExamMeta
    booklet_words: list[set[str]]
    language: str
    year: int | None
    uncertain: set[tuple[int, bool]]  # items the key's two readings disagree on

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
        if not all(c.strip() for c in choices):
            flags.append("image_options")
        lang, prob = detected
        if lang and prob >= 0.9 and lang != self.language:
            flags.append("language_mismatch")
        if patterns.IMAGE_WORDS.search(stem) or _area_has_image(q, self.doc):
            flags.append("image_reference")
        if self.doc.ocr.get(q.page, 100) < LOW_OCR_CONFIDENCE:
            flags.append("low_ocr_confidence")
        if {q.page - 1, q.page + 1} & self.doc.skipped.keys():
            flags.append("page_skipped")
        answer = None
        entry = self.key.lookup(q.number, q.reserve) if self.key.entries else None
        if entry is None:
            flags.append("unkeyed")
        else:
            found, token = answer_keys.choose_column(entry, q.variant, self.booklet_words)
            if entry.pilot:
                flags.append("pilot")
            if (q.number, q.reserve) in self.uncertain:
                flags.append("key_uncertain")
            if not found:
                flags.append("unkeyed")
            elif token is None:
                flags.append("annulled")
            else:
                answer = answer_keys.answer_index(token)
                if answer is None or not 0 <= answer < len(choices):
                    flags.append("key_mismatch")
                    answer = None
        return validate_record(dict(
            number=q.number, variant=q.variant, question=stem or "(no text)", context=context,
            choices=[c or "(empty)" for c in choices], answer=answer, language=self.language,
            country=meta.country, exam=meta.exam or name_text(self.path.stem), year=self.year, level=meta.level,
            subject=meta.subject, domain=meta.domain, source_file=name_text(self.path.name),
            source_url=meta.source_url, sha256=self.sha256, page=q.page + 1, bbox=_bbox(q),
            method="ocr" if q.page in self.doc.ocr else "text", flags=flags,
        ))


def build_records(raw: list[RawQuestion], key: AnswerKey, doc: Document, sha256: str, path,
                  meta: ExamMeta, booklet_words: list[set[str]], uncertain: set[tuple[int, bool]] = frozenset()):
    """The rule-based records (None where one failed validation), why each failed one did (by
    index), and the maker (for the LLM assist)."""
    texts = [(join_text(q.stem), [join_text(o) for o in q.options]) for q in raw]
    detected = [language.detect(stem + " " + " ".join(ch)) for stem, ch in texts]
    exam_lang = meta.language
    if not exam_lang:
        votes = Counter(lang for lang, p in detected if lang and p >= 0.8)
        exam_lang = votes.most_common(1)[0][0] if votes else "es"
    maker = RecordMaker(key, doc, sha256, Path(path), meta, booklet_words, exam_lang,
                        meta.year or _year_from(Path(path).name), set(uncertain))
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
