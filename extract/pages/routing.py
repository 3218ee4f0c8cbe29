"""Per-page routing: does a page's text layer carry the text, or must the page be OCR'd?

Scans have no text layer (or an invisible one from a poor OCR); some born-digital booklets have
a broken font map, so the layer exists but a tenth to a quarter of its letters are junk while
numbers and option letters look fine. "Is there text" misses the second case, so junk is
measured too.
"""
from __future__ import annotations

import re
import unicodedata

from .layout import PageLayout

A4_AREA = 595.0 * 842.0
MIN_CHARS_A4 = 200  # a page of questions holds thousands; fewer means a scan, a figure or a blank
MIN_IMAGE_COVER = 0.3  # of the page: a picture this large with little text is a scanned page
PAGE_IMAGE = 0.6  # of the page: a scan's image covers most of it; a figure, with its question beside it, less
MAX_JUNK = 0.04  # of the letters; math symbols stand alone and do not count
MAX_BROKEN = 3  # U+FFFD or private-use characters: the font had no Unicode for its glyphs

# Letters of the languages the exams are written in (Latin script with their accents).
_LATIN_EXTRA = set("áàâãäéèêëíìîïóòôõöúùûüçñÁÀÂÃÄÉÈÊËÍÌÎÏÓÒÔÕÖÚÙÛÜÇÑ·ŀĿ")
# Signs that exams print within or next to words.
_SIGNS = set("ºª°%€$£§&@#*+=<>±×÷/\\|^~_'\"`´¨«»“”‘’„‚‹›–—-…•·¿¡()[]{}.,;:!?")


_SUSPECT = re.compile("[^\x20-\x7e\t\n" + re.escape("".join(sorted(_LATIN_EXTRA | _SIGNS))) + "]")


def char_class(c: str) -> str:
    """'ok', 'junk' (a letter or sign that no Iberian exam word holds) or 'broken'."""
    if c.isascii():
        return "ok" if c.isprintable() or c.isspace() else "junk"
    if c == "\ufffd" or 0xE000 <= ord(c) <= 0xF8FF or 0xF0000 <= ord(c):
        return "broken"
    if c in _LATIN_EXTRA or c in _SIGNS:
        return "ok"
    if 0x0391 <= ord(c) <= 0x03C9 or unicodedata.category(c) == "Sm":
        return "ok"  # Greek letters and math signs of formulas (`Δx`, `≈`, `→`)
    return "junk"


def junk_ratio(words: list[str]) -> tuple[float, int]:
    """(share of junk characters among the letters of words that hold letters, broken count).

    Only words that mix letters with junk count: a formula's lone `π` or `→` is fine, `S í¶£Ü`
    is not. Likewise a glyph with no Unicode standing alone (a bullet, a piece of a formula's
    bracket, `�`) is a symbol the font left unmapped: OCR would not read the text around it
    any better; broken characters count inside words, or as words of four and more."""
    if not _SUSPECT.search(" ".join(words)):  # the usual page: nothing to weigh
        return 0.0, 0
    letters = junk = broken = 0
    for w in words:
        if not _SUSPECT.search(w):  # every character fine: only its letters count
            letters += len(w) if any(c.isalpha() for c in w) else 0
            continue
        classes = [char_class(c) for c in w]
        if len(w) > 3 or any(k == "ok" for k in classes):
            broken += classes.count("broken")
        n_letters = sum(1 for c in w if c.isalpha())
        if n_letters == 0:
            continue
        bad = sum(1 for k in classes if k != "ok")
        letters += len(w)
        if bad and bad < len(w):  # mixed with real letters: a broken font, not a symbol
            junk += bad
        elif bad and len(w) > 2 and not _one_script(w):
            junk += bad
    return (junk / letters if letters else 0.0), broken


def _one_script(word: str) -> bool:
    """A whole word of Greek or Cyrillic is a quotation or a formula, not junk."""
    scripts = {unicodedata.name(c, "?").split()[0] for c in word if c.isalpha()}
    return len(scripts) == 1


def ocr_reason(layout: PageLayout) -> str | None:
    """Why this page must be OCR'd, or None when its text layer is usable."""
    area = layout.width * layout.height or A4_AREA
    chars = layout.char_count
    if chars < MIN_CHARS_A4 * area / A4_AREA:
        cover = sum(b.area for b in layout.images) / area
        beside = sum(len(w.text) for w in layout.words if not any(img.overlaps(w) for img in layout.images))
        if cover >= MIN_IMAGE_COVER and not (cover < PAGE_IMAGE and beside >= 40):
            return "scanned page (an image with little or no text layer)"
        return None  # a blank page, or a figure with its question: OCR would find nothing to add
    ratio, broken = junk_ratio([w.text for w in layout.words])
    if broken >= MAX_BROKEN and broken >= 0.01 * chars:
        return f"broken font map ({broken} unmapped characters)"
    if ratio > MAX_JUNK:
        return f"broken font map ({ratio:.0%} junk letters)"
    return None
