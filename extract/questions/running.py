"""Running headers and footers: lines in the page margins that repeat across pages (digits
ignored, so `PÁGINA 3` matches `PÁGINA 4`), page numbers and barcodes; and, anywhere on the
page, the label of a scratch area (`RASCUNHO`). A question's own first lines (its number,
`TEXTO I`) may sit in the margin zone and are kept."""
from __future__ import annotations

import re
from collections import Counter

from ..pages.layout import Line, PageLayout
from . import patterns

_DIGITS = re.compile(r"\d+")
_BARCODE = re.compile(r"^\*[\w-]{4,}\*$")
# the label of a scratch area, anywhere on the page (`RASCUNHO` in a box beside the questions)
_SCRATCH = re.compile(r"^(?:espa[çc]o\s+(?:para|reservado\s+(?:para|ao|à|al))\s+(?:o\s+|el\s+)?)?"
                      r"(?:rascunho|borrador|borrallo|zirriborroa)\s*$", re.I)


def remove_running_text(pages: list[PageLayout]) -> list[str]:
    """Remove headers and footers from the pages; returns the texts removed (they name the
    booklet: its colour, its version)."""
    def margin(p: PageLayout, ln: Line) -> bool:
        return ln.y1 <= p.height * 0.12 or ln.y0 >= p.height * 0.88

    counts: Counter[str] = Counter()
    exact: Counter[str] = Counter()
    for p in pages:
        counts.update({_pattern(ln.text) for ln in p.lines if margin(p, ln)})
        exact.update({ln.text.strip() for ln in p.lines if margin(p, ln)})
    # a few pages suffice: running text changes by section (ENEM names the area in its footer)
    need = max(2, min(3, int(0.4 * len(pages) + 0.5)))
    removed: list[str] = []
    for p in pages:
        kept = []
        for ln in p.lines:
            if _SCRATCH.match(ln.text.strip()):
                removed.append(ln.text.strip())
                continue
            # (a question's first lines may sit in the margin zone: its number, `TEXTO I`)
            if (margin(p, ln) and not patterns.question_marker(ln.text)
                    and not patterns.PASSAGE_TITLE.match(ln.text)):
                t = ln.text.strip()
                # an option with an unpunctuated letter (`C 17.`) repeats only as itself: the
                # same option on other pages, digits aside, is another question's option
                if _label_beside_text(p, ln):
                    kept.append(ln)
                    continue
                seen = exact[t] if _bare_option(ln) else counts[_pattern(t)]
                repeated = (len(pages) >= 2 and seen >= need
                            and not patterns.option_label(t) and not patterns.RANGE.search(t))
                if repeated or patterns.PAGE_NUMBER.match(t) or _BARCODE.match(t):
                    removed.append(t)
                    continue
            kept.append(ln)
        p.lines = kept
    return removed


def _label_beside_text(p: PageLayout, ln: Line) -> bool:
    """A lone option letter near the page's foot with its text set beside it (a line of words
    starting a tab away, at its height), or under the label before it (`E` under `D`, options
    that are pictures): the last option's label, though such labels repeat at that spot on
    many pages. (A footer's pieces stand far apart, and a lone letter in a footer has no
    label before it.)"""
    if len(ln.words) != 1 or not patterns.BARE_LETTER.match(ln.text.strip()):
        return False
    before = chr(ord(ln.text.strip()) - 1)
    return any(len(o.words) >= 3 and 0 < o.x0 - ln.x1 <= 3 * ln.height
               and min(o.y1, ln.y1) - max(o.y0, ln.y0) >= 0.5 * min(o.height, ln.height)
               or o.words[0].text == before and abs(o.x0 - ln.x0) <= 3 and o.y1 <= ln.y0 for o in p.lines)


def _bare_option(ln: Line) -> bool:
    return len(ln.words) > 1 and bool(patterns.BARE_LETTER.match(ln.words[0].text))


def _pattern(text: str) -> str:
    return _DIGITS.sub("#", " ".join(text.lower().split()))
