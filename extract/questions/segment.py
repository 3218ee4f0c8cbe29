"""Reading-order lines -> questions with their options, passages and variants.

One pass of a small state machine. The numbering style of the exam (`QUESTÃO 01`, `1)`, `1.`,
...) is chosen first as the style whose markers make the longest run 1, 2, 3...; after that a
marker opens a question only when it carries the next expected number, so option lists numbered
`1.`-`4.` and numbered passage paragraphs are not taken for questions.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field, replace
from statistics import median

from schema.common import LETTERS, fold, one_edit

from ..pages.layout import Line
from . import patterns

STYLE_ORDER = ["keyword", "paren", "dot", "dash", "bare"]


@dataclass
class RawQuestion:
    number: int
    page: int
    marker: Line
    stem: list[str] = field(default_factory=list)
    stem_lines: list[Line] = field(default_factory=list)
    options: list[list[str]] = field(default_factory=list)
    option_lines: list[list[Line]] = field(default_factory=list)
    option_style: str | None = None
    context: str | None = None
    variant: str | None = None
    heading_variant: str | None = None
    reserve: bool = False
    lead: list[Line] = field(default_factory=list)  # the lines before it, taken as its context
    ahead: dict[int, tuple[str, Line]] = field(default_factory=dict)  # options printed before their turn
    stated: str | None = None  # the answer a worked solution after the options states (`Respuesta: C`)

    @property
    def lines(self) -> list[Line]:
        return [self.marker] + self.stem_lines + [ln for o in self.option_lines for ln in o]


def join_text(parts: list[str]) -> str:
    """Join line texts into one paragraph, undoing end-of-line hyphenation (`antece-` `dente`);
    before a capital or a digit the hyphen is the word's own (`SARS-` `CoV-2`) and stays."""
    out = ""
    for t in parts:
        t = " ".join(t.split())
        if not t:
            continue
        broken = out.endswith("-") and len(out) > 1 and out[-2].isalnum()
        if broken and t[:1].islower() and out[-2].isalpha():
            out = out[:-1] + t
        elif broken and (t[:1].isupper() or t[:1].isdigit()):
            out += t
        elif out:
            out += " " + t
        else:
            out = t
    return out


# an option label carrying its item's number: `1a)`, `127 b)`, `3.c)` under question 1, 127, 3
_NUMBERED_LABEL = re.compile(r"^\s*(\d{1,3})\s?[.\-]?\s?([a-jA-J]\s?[\).]\s.*)$")


def _merge_split_markers(lines: list[Line]) -> list[tuple[str, Line]]:
    """`Questão` on one line and `12` on the next become `Questão 12`; an option labelled with
    its question's number (`12a)` under `12.-`) is read by its letter alone."""
    items: list[tuple[str, Line]] = []
    skip = False
    number = None  # of the last line that starts like a question
    for i, ln in enumerate(lines):
        if skip:
            skip = False
            continue
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if (nxt is not None and patterns.KEYWORD_ALONE.match(ln.text)
                and re.fullmatch(r"\s*\d{1,3}\s*[\.\)]?\s*", nxt.text)):
            items.append((f"{ln.text.strip()} {nxt.text.strip()}", ln))
            skip = True
            continue
        text = ln.text
        labelled = _NUMBERED_LABEL.match(text)
        if labelled and number is not None and int(labelled.group(1)) == number:
            text = labelled.group(2)
        elif (marker := patterns.question_marker(text)) is not None:
            number = marker[1]
        items.append((text, ln))
    return items


def choose_style(items: list[tuple[str, Line]]) -> tuple[str | None, int, int]:
    """(style, number the run starts at, index of its first marker) of the longest 1-step run."""
    best: tuple[int, int, str | None, int, int] = (0, 0, None, 1, 0)
    numbered = [k for k, (text, _) in enumerate(items) if text.lstrip()[:1].isdigit()]  # all styles but keyword's
    lines_of = {"keyword": range(len(items)), "bare": _untabled(items, numbered)}
    for rank, style in enumerate(STYLE_ORDER):
        length_at: dict[int, tuple[int, int, int]] = {}  # number -> (run length, start number, start idx)
        top = (0, 0, 1, 0)
        for idx in lines_of.get(style, numbered):
            m = patterns.marker_of_style(items[idx][0], style)
            if not m:
                continue
            n = m[0]
            prev = length_at.get(n - 1) or length_at.get(n - 2)  # a marker lost to OCR or print
            cur = (prev[0] + 1, prev[1], prev[2]) if prev else (1, n, idx)
            if cur[0] >= length_at.get(n, (0,))[0]:
                length_at[n] = cur
            if cur[0] > top[0]:
                top = (cur[0], 0, cur[1], cur[2])
        if top[0] > best[0]:
            best = (top[0], -rank, style, top[2], top[3])
    _, _, style, start, idx = best
    if style is not None:  # the run may be a repeat (a second version); start at the first
        idx = next(i for i, (text, _) in enumerate(items)
                   if (m := patterns.marker_of_style(text, style)) and m[0] == start)
    return style, start, idx


def _untabled(items: list[tuple[str, Line]], numbered: list[int]) -> list[int]:
    """The lines that are a number alone, but for the cells of a table of numbers: three or more
    of them in one row (a two-column page puts at most two question numbers side by side)."""
    bare = [k for k in numbered if patterns.marker_of_style(items[k][0], "bare")]
    per_row = Counter((items[k][1].page, items[k][1].row) for k in bare)
    return [k for k in bare if per_row[items[k][1].page, items[k][1].row] < 3]


def _bare_letter_label(line: Line, expected: int, text_x: float | None = None,
                       next_label: int | None = None) -> str | None:
    """`A   text` with a wide gap after the letter: an option label without punctuation
    (ENEM, which tabs it). A plain `A negar mi voz` keeps its word spacing and is not one.
    `text_x`: where the neighbouring options' text starts; `next_label`: the next bare letter
    printed at this line's x, before the next question."""
    ws = line.words
    if not ws or not patterns.BARE_LETTER.match(ws[0].text):
        return None
    if patterns.option_index(ws[0].text) != expected:
        return None
    if len(ws) == 1:  # a lone letter: a label whose text is set apart, or a picture's letter
        return "" if expected > 0 or next_label == 1 else None
    rest = " ".join(w.text for w in ws[1:])
    if text_x is not None and abs(ws[1].x0 - text_x) <= 0.45 * ws[0].height:
        return rest  # its text lines up with the options before it
    gap = ws[1].x0 - ws[0].x1
    if gap < 0.4 * ws[0].height:
        return None
    if expected > 0 or next_label == 1:
        return rest
    if next_label == 0:
        return None  # another `A` below: this one begins a (justified) stem line
    # nothing to go by but the line itself: its gap is wider than its word spaces (a justified
    # stem line `A propagação  sistemática  de` spaces all its words alike)
    others = sorted(b.x0 - a.x1 for a, b in zip(ws[1:], ws[2:]))
    return rest if len(others) < 2 or gap >= 1.4 * others[len(others) // 2] else None


def _paragraphs(run: list[RawQuestion]) -> bool:
    """Whether what was taken for questions, numbered again from 1 after them, were numbered
    paragraphs: a passage's, or a booklet's instructions and conventions (one of which may show
    what options look like): at most a third of them has options."""
    return bool(run) and sum(1 for x in run if len(x.options) >= 2) <= len(run) / 3


def _usual_gap(lines: list[Line]) -> float:
    """The usual space between consecutive lines of a column: the text's own leading."""
    gaps = [b.y0 - a.y1 for a, b in zip(lines, lines[1:])
            if a.page == b.page and a.column == b.column and a.row != b.row
            and -2 <= b.y0 - a.y1 <= 2 * a.height]
    return median(gaps) if gaps else 0.0


def _numbers_options(items: list[tuple[str, Line]]) -> bool:
    """Whether option lists are numbered (`1.`-`4.`): more lists start at `1` than at `a`. In a
    lettered exam a `1.` line is a question or a numbered passage paragraph, never an option.
    Unpunctuated letters count too (ENEM's `A  text`): an `A` with a `B` below it at its x."""
    firsts = Counter()
    for k, (text, line) in enumerate(items):
        lab = patterns.option_label(text)
        if lab and lab[1] == 0:
            firsts[lab[0][0].isdigit()] += 1
        elif _lettered_list_at(items, k):
            firsts[False] += 1
    return firsts[True] > firsts[False]


def _lettered_list_at(items: list[tuple[str, Line]], k: int) -> bool:
    """An unpunctuated lettered list opens at item k: an `A` with a `B` below it at its x."""
    line = items[k][1]
    return line.words[0].text == "A" and any(
        ln.words[0].text == "B" and abs(ln.x0 - line.x0) <= 3 for _, ln in items[k + 1:k + 12])


_BARE_START = re.compile(r"^\s*(\d{1,3})\s+([A-ZÁÉÍÓÚÑ¿¡\"“«].*)$")
_INLINE_FORMS = {"(a)": r"\s\({L}\)\s*", "a)": r"\s{L}\s?\)\s*", "a.": r"\s{L}\s?[\.\-–:]\s+"}


def _inline_label(style: str, index: int) -> re.Pattern:
    """The label of option `index` in a lettered style, inside a line of text."""
    form = _INLINE_FORMS.get(style[:-1])
    if form is None:
        return re.compile(r"(?!)")  # numbered, circled and bare labels are not split out of a line
    letter = LETTERS[index]
    return re.compile(form.format(L=letter.upper() if style.endswith("U") else letter))


def _variant_in(text: str) -> str | None:
    words = re.findall(r"\w+", fold(text))
    if len(words) > 14:
        return None
    for w in words:
        if w in patterns.VARIANT_WORDS:
            return patterns.VARIANT_WORDS[w]
    return None


def _is_heading(line: Line) -> bool:
    """A title line: capitals, a passage title or a `Questões de 01 a 05` range."""
    t = line.text.strip()
    if patterns.RANGE.search(t) or patterns.PASSAGE_TITLE.match(t) and len(t) < 60:
        return True
    letters = [c for c in t if c.isalpha()]
    return bool(letters) and t.upper() == t and len(t) < 100


def _is_reserve_heading(text: str) -> bool:
    """`PREGUNTAS DE RESERVA`, `Preguntas de reserva`: a heading (capitals, or a few words
    alone on their line), not a sentence that mentions reserve questions."""
    if not patterns.RESERVE_HEADING.search(text):
        return False
    return len(text) <= 80 and text.upper() == text or len(text.split()) <= 5 and not text.rstrip().endswith(".")


def _headings(lines: list[Line]) -> tuple[bool, str | None]:
    """(a reserve heading, the version a heading names) among the lines since the last
    question: either lets the numbering jump or start again."""
    reserve, variant = False, None
    for ln in lines:
        t = ln.text.strip()
        reserve = reserve or _is_reserve_heading(t)
        if _is_heading(ln):
            variant = _variant_in(t) or variant
    return reserve, variant


def _beside_label(label: Line, line: Line) -> bool:
    """A lone option label's text, set on its height just right of it, that the layout put in
    a row of its own (the other column's line, half a line higher, took the label into its
    row): a line of words, not a picture's caption or an axis's numbers."""
    return (len(line.words) >= 3 and 0 < line.x0 - label.x1 <= 3 * label.height
            and min(label.y1, line.y1) - max(label.y0, line.y0) >= 0.5 * min(label.height, line.height))


def _fenced(items: list[tuple[str, Line]], starts: list[bool]) -> list[int]:
    """The items' reading order with question markers as fences: in each run of lines of one
    column of a page, a line printed between two markers' lines is read between them, whatever the
    order the layout gave (it keeps the PDF's drawing order, and a figure's option labels
    drawn after the next question would join that question). Otherwise the order is kept."""
    order: list[int] = []
    i = 0
    while i < len(items):
        j, at = i, (items[i][1].page, items[i][1].column)
        while j < len(items) and (items[j][1].page, items[j][1].column) == at:
            j += 1
        # a line is past a marker when it reaches below the marker line's top third (a
        # fraction's numerator over the marker's line is still that question's)
        tops = sorted(items[k][1].y0 + 0.3 * items[k][1].height for k in range(i, j) if starts[k])
        if tops:  # a stable sort: within a fence the layout's order stands
            order += sorted(range(i, j), key=lambda k: bisect_left(tops, items[k][1].y1))
        else:
            order += range(i, j)
        i = j
    return order


def _labels_printed_before(q: RawQuestion) -> None:
    """Options that are pictures in a grid, each label at its picture's corner: a label set a
    little higher than the first option's (`D` beside `A`, its picture shorter) is read before
    it, in the stem, and the options after it wait for it (q.ahead). Such a lone label in the
    stem takes its place among the options, and those waiting follow."""
    while q.ahead and len(q.options) not in q.ahead and len(q.options) < max(q.ahead):
        k = len(q.options)
        lone = [ln for ln in q.stem_lines if len(ln.words) == 1 and _label_index(ln.text, ln, q.option_style) == k]
        if not lone:
            return
        q.stem_lines.remove(lone[-1])
        q.stem.reverse()
        q.stem.remove(lone[-1].text)  # (the last line of that text: a lone letter earlier is the stem's)
        q.stem.reverse()
        q.options.append([])
        q.option_lines.append([lone[-1]])
        while len(q.options) in q.ahead:
            part, at = q.ahead.pop(len(q.options))
            q.options.append([part] if part else [])
            q.option_lines.append([at])


def _label_index(text: str, line: Line, style: str | None) -> int | None:
    """The index of the option label a line starts with, in the given style."""
    if style == "bare":
        first = line.words[0].text
        return patterns.option_index(first) if patterns.BARE_LETTER.match(first) else None
    lab = patterns.option_label(text)
    return lab[1] if lab and lab[0] == style else None


class Segmenter:
    def __init__(self, lines: list[Line]):
        self.items = _merge_split_markers(lines)
        self.style, self.start, self.start_idx = choose_style(self.items)
        # each line is asked "does a question start here?" from many places: once is enough (in
        # the exam's numbering style: in a `QUESTÃO 12` exam a fraction's lone `4` starts nothing)
        self.starts_question = [self.style is not None and patterns.marker_of_style(text, self.style) is not None
                                for text, _ in self.items]
        order = _fenced(self.items, self.starts_question)
        self.items = [self.items[k] for k in order]
        self.starts_question = [self.starts_question[k] for k in order]
        self.start_idx = order.index(self.start_idx) if self.items else 0
        self.numbered_options = _numbers_options(self.items)
        self.usual_gap = _usual_gap(lines)
        self.questions: list[RawQuestion] = []
        self.pending: list[Line] = []
        self.expected = self.start
        self.reserve = False
        self.variant_heading: str | None = None
        self.variant_range: tuple[int, int] | None = None  # `Questões de 01 a 05 (opção inglês)`
        self.passages: list[tuple[int, int, str]] = []  # (first, last, text) declared ranges
        self.idx = 0  # the item being read
        self._headings_read: tuple[list[Line], int, bool, str | None] = ([], 0, False, None)
        self.in_solution = False  # reading a worked solution after the open question's options

    # -- decisions -------------------------------------------------------------------------
    def _target_options(self) -> int:
        """Usual option count of the questions before the open one (whose list is unfinished)."""
        counts = Counter(len(q.options) for q in self.questions[:-1] if len(q.options) >= 2)
        return counts.most_common(1)[0][0] if counts else 4

    def _as_option(self, text: str, line: Line, q: RawQuestion | None):
        found = self._next_option(text, line, q)
        if found is None and q is not None and q.options and not any("".join(o).strip() for o in q.options):
            # what was taken for options were a figure's letters (the points `A`, `B` of a
            # drawing): an `A` with its text starts the real list again
            first = self._next_option(text, line, replace(q, options=[], option_lines=[], option_style=None))
            if first is not None and first[1]:
                return "restart", first
        if found is None and q is not None and 0 < len(q.options) < self._target_options():
            # what was taken for options was a list inside the stem (`(a) reduziu … e (b)
            # reduziu …`): a list of another style from its first label, its second to come
            first = self._next_option(text, line, replace(q, options=[], option_lines=[], option_style=None))
            if first is not None and first[0] != q.option_style and (
                    self._list_follows(first[0]) if first[0] != "bare" else first[1] and self._bare_list_follows(line)):
                return "restart", first
        if found is None and q is not None and len(q.options) == 1 and q.option_style not in (None, "bare"):
            # a second `A)` before any `B)`: the first began a stem line (`A partir de…`, its
            # label's bracket a misreading) and the list starts here
            first = self._next_option(text, line, replace(q, options=[], option_lines=[], option_style=None))
            if first is not None and first[0] == q.option_style and self._list_follows(first[0]):
                return "restart", first
        return found

    def _bare_list_follows(self, line: Line) -> bool:
        """Whether an unpunctuated `B` follows this `A` (with its text: a figure's points are
        lone letters) at its x, before the next question."""
        nxt = self._next_label(line)
        return nxt is not None and patterns.option_index(nxt.words[0].text) == 1

    def _list_follows(self, style: str) -> bool:
        """Whether a second option of this style follows the current line, before the next
        question."""
        for k in range(self.idx + 1, min(self.idx + 80, len(self.items))):
            if self.starts_question[k]:
                return False
            lab = patterns.option_label(self.items[k][0])
            if lab and lab[0] == style and lab[1] == 1:
                return True
        return False

    def _next_option(self, text: str, line: Line, q: RawQuestion | None):
        """(style, text after the label) when the line is the open question's next option."""
        if q is None:
            return None
        k = len(q.options)
        lab = patterns.option_label(text)
        if lab and (self.numbered_options or not lab[0][0].isdigit()):
            style, idx, rest = lab
            if (k == 0 and idx == 0) or (k > 0 and style == q.option_style and idx == k):
                return style, rest
            if k > 0 and style == q.option_style and idx > k and (self._beside_an_option(q, line, idx)
                                                                   or self._expected_beside(q, line, style, k)):
                return "ahead", (idx, rest)  # options set in columns (`A) … C)` above `B) … D)`)
            if k > 0 and style == q.option_style and idx == k - 1 and not "".join(q.options[-1]).strip():
                return "repeat", rest  # decorative double of an empty label
        # an unpunctuated `A` may begin the stem itself (`A Cordilheira...`): options follow a stem
        if k > 0 and q.option_style == "bare" and not self._near_last_option(q, line):
            return None  # a lone letter far below the list (a footer's, a picture's)
        if q.option_style in (None, "bare") and (k > 0 or any(t.strip() for t in q.stem)):
            nxt = self._next_label(line) if k == 0 else None
            label = nxt and patterns.option_index(nxt.words[0].text)
            # where the options' text starts: after the previous option's label, or the next's
            prev = q.option_lines[-1][0].words if k > 0 else nxt.words if label == 1 else None
            text_x = prev[1].x0 if prev and len(prev) > 1 and q.option_style in (None, "bare") else None
            rest = _bare_letter_label(line, k, text_x, label)
            if rest is not None:
                return "bare", rest
            ws = line.words
            if k > 0 and q.option_style == "bare" and patterns.BARE_LETTER.match(ws[0].text):
                idx = patterns.option_index(ws[0].text)
                if idx > k and (self._beside_an_option(q, line, idx) or self._expected_beside(q, line, "bare", k)):
                    return "ahead", (idx, " ".join(w.text for w in ws[1:]))
        return None

    @staticmethod
    def _beside_an_option(q: RawQuestion, line: Line, idx: int) -> bool:
        """A later option printed on the row of an earlier one, to its right (options set in
        columns): it waits for its turn."""
        return idx not in q.ahead and any(ln.row == line.row and ln.page == line.page and ln.x0 < line.x0
                                           for o in q.option_lines for ln in o[:1])

    def _expected_beside(self, q: RawQuestion, line: Line, style: str, k: int) -> bool:
        """The expected option's label comes later, about level with this one to its left (a
        grid of pictures, each label at its picture's corner: a taller picture's label sits a
        little lower), or level with an option already read, to its right (options in columns,
        `A C E` read before `B D`): this later option waits for it."""
        for j in range(self.idx + 1, min(self.idx + 40, len(self.items))):
            text, ln = self.items[j]
            if self.starts_question[j] or ln.page != line.page:
                return False
            if _label_index(text, ln, style) != k:
                continue
            level = lambda a: abs(a.yc - ln.yc) <= 1.5 * max(a.height, ln.height)  # noqa: E731
            return (ln.x0 < line.x0 and level(line)
                    or any(o[0].x0 < ln.x0 and level(o[0]) for o in q.option_lines))
        return False

    @staticmethod
    def _near_last_option(q: RawQuestion, line: Line) -> bool:
        last = q.option_lines[-1][-1]
        if last.page != line.page or last.column != line.column:
            return True
        label = q.option_lines[-1][0]
        if not any("".join(o).strip() for o in q.options):
            # options that are pictures: the next label stands under the last one or level
            # with it (a grid); a letter inside a picture (a point `B` of a drawing) does not
            return abs(label.x0 - line.x0) <= 3 or abs(label.yc - line.yc) <= max(label.height, line.height)
        if line.y0 - last.y1 <= 4 * max(last.height, line.height):
            return True
        # options that are pictures: labels a picture apart, under each other, alone or with a
        # scrap of their picture beside them (a chart's axis number on the label's row), the
        # option before holding only such scraps
        scrap = lambda words: len(words) <= 3 and len(" ".join(w.text for w in words)) <= 12  # noqa: E731
        return (abs(q.option_lines[-1][0].x0 - line.x0) <= 3 and scrap(line.words)
                and all(scrap(ln.words) for ln in q.option_lines[-1]))

    def _as_question(self, text: str) -> tuple[int, str] | None:
        if self.style is None:
            return None
        q = self.questions[-1] if self.questions else None
        m = patterns.marker_of_style(text, self.style) or self._unpunctuated(text, q)
        if not m or self.style == "bare" and self._set_in():
            return None
        n, rest = m
        if n == self.expected:
            return n, rest
        reserve, variant = self._pending_headings()
        if reserve and (n > self.expected or n == self.start and not self.reserve):
            return n, rest  # reserve items are numbered apart (`101.`), or again from the first
        if q is not None and len(q.options) >= 2 and self.expected < n <= self.expected + 2:
            return n, rest  # a number skipped in print (an item withdrawn before printing)
        if q is not None and len(q.options) >= 2 and one_edit(str(n), str(self.expected)) \
                and self._next_marker() == self.expected + 1:
            return self.expected, rest  # a digit misread (`Questão 4` between 40 and 42)
        if q is not None and len(q.options) >= self._target_options() and n > self.expected \
                and self._options_follow():
            return n, rest  # a selection of a longer test keeps the items' own numbers
        if n < self.expected and self.questions:
            run = [x for x in self.questions if x.number >= n]
            if _paragraphs(run):
                return n, rest  # what we took for questions were numbered paragraphs
            if (variant or self.style == "keyword" and n == self.start) and any(x.number == n for x in self.questions):
                return n, rest  # the same items again in another version (from its first item)
        return None

    def _set_in(self) -> bool:
        """Whether the current line stands to the right of the text right above or below it in
        its column: a lone number there is a fraction's denominator or a figure's label
        (`geométrica, cuja razão é 1/8` with the `8` on a line of its own), not a marker."""
        line = self.items[self.idx][1]
        for k in (self.idx - 1, self.idx + 1):
            if 0 <= k < len(self.items):
                ln = self.items[k][1]
                near = ln.page == line.page and ln.column == line.column and (
                    max(ln.y0, line.y0) - min(ln.y1, line.y1) <= 2 * max(ln.height, line.height))
                if near and ln.x0 < line.x0 - 2 * line.height:
                    return True
        return False

    def _pending_headings(self) -> tuple[bool, str | None]:
        """`_headings` of the pending lines, each line read once: they can run to thousands (a
        booklet printed twice over) and every marker among them asks again."""
        lines = self.pending
        read, done, reserve, variant = self._headings_read
        if read is not lines or done > len(lines):
            done, reserve, variant = 0, False, None
        more_reserve, later_variant = _headings(lines[done:])
        reserve, variant = reserve or more_reserve, later_variant or variant
        self._headings_read = (lines, len(lines), reserve, variant)
        return reserve, variant

    def _unpunctuated(self, text: str, q: RawQuestion | None) -> tuple[int, str] | None:
        """`48 En una empresa...`: the expected number printed without its dot, where the
        markers stand, once the question before has its options."""
        m = _BARE_START.match(text)
        line = self.items[self.idx][1]
        if (not m or q is None or int(m.group(1)) != self.expected or len(q.options) < self._target_options()
                or abs(line.x0 - q.marker.x0) > 3):
            return None
        return int(m.group(1)), m.group(2)

    def _next_marker(self) -> int | None:
        """The number of the next marker of the exam's numbering after the current line."""
        for k in range(self.idx + 1, min(self.idx + 300, len(self.items))):
            if self.starts_question[k]:
                return patterns.marker_of_style(self.items[k][0], self.style)[0]
        return None

    def _options_follow(self) -> bool:
        """Whether an option list opens after the current line before the next marker of the
        exam's numbering: the line opens a question, not a numbered paragraph."""
        for k in range(self.idx + 1, min(self.idx + 80, len(self.items))):
            if self.starts_question[k]:
                return False
            text, line = self.items[k]
            lab = patterns.option_label(text)
            if lab and lab[1] == 0 and (self.numbered_options or not lab[0][0].isdigit()):
                return True
            if _lettered_list_at(self.items, k):
                return True
        return False

    def _next_label(self, line: Line) -> Line | None:
        """The next line with a bare letter at this line's x, in its column."""
        for k in range(self.idx + 1, min(self.idx + 60, len(self.items))):
            ln = self.items[k][1]
            if ln.page != line.page or ln.column != line.column or self.starts_question[k]:
                return None
            if abs(ln.x0 - line.x0) <= 3 and patterns.BARE_LETTER.match(ln.words[0].text):
                return ln
        return None

    # -- the pass --------------------------------------------------------------------------
    def run(self) -> list[RawQuestion]:
        for idx, (text, line) in enumerate(self.items):
            self.idx = idx
            q = self.questions[-1] if self.questions else None
            if idx < self.start_idx:
                self.pending.append(line)
                continue
            if patterns.END_OF_TEST.match(text):
                break  # what follows is a questionnaire about the test
            opt = self._as_option(text, line, q)
            qm = self._as_question(text)
            if qm and opt and len(q.options) < self._target_options() and opt[0] != "repeat":
                qm = None  # `2.` inside question 1's numbered options is option 2
            if not qm and self._solution(text, q):
                continue
            if qm:
                self._open(qm[0], qm[1], line)
            elif opt:
                style, rest = opt
                if style == "repeat":
                    q.options[-1] = [rest] if rest else []
                    continue
                if style == "ahead":
                    q.ahead[rest[0]] = (rest[1], line)
                    continue
                if style == "restart":  # the lone letters (a list in the stem) go back to the stem,
                    # with the lines after them (`Sobre a hipótese, assinale…`)
                    back = [ln for o in q.option_lines for ln in o] + self.pending
                    q.stem += [ln.text for ln in back]
                    q.stem_lines += back
                    q.options, q.option_lines, q.option_style = [], [], None
                    style, rest = rest
                q.option_style = q.option_style or style
                for part in self._inline(rest, style, len(q.options)):
                    q.options.append([part] if part else [])
                    q.option_lines.append([line])
                while len(q.options) in q.ahead:  # an option printed earlier, beside an earlier one
                    part, at = q.ahead.pop(len(q.options))
                    q.options.append([part] if part else [])
                    q.option_lines.append([at])
                self.pending = []
            elif q is not None and not q.options and not self.pending:
                q.stem.append(text)
                q.stem_lines.append(line)
            elif q is not None and q.options and not self.pending and self._continues(q, line):
                q.options[-1].append(text)
                q.option_lines[-1].append(line)
            else:
                self.pending.append(line)
        return self._finish()

    def _solution(self, text: str, q: RawQuestion | None) -> bool:
        """A worked solution printed after the options (`Resolución: ...`, then `Respuesta: C`),
        as solucionarios do: the stated letter is kept, the rest is neither an option nor the
        next question's context."""
        if q is None or len(q.options) < 2:
            return False
        stated = patterns.ANSWER_STATEMENT.match(text)
        if stated:
            q.stated, self.in_solution = stated.group(1).lower(), False
            return True
        if self.in_solution or patterns.SOLUTION_HEADING.match(text):
            self.in_solution = True
            self.pending = []
            return True
        return False

    def _inline(self, rest: str, style: str, index: int) -> list[str]:
        """An option's text, split where the next options' labels follow on its own line
        (`a) 12  b) 15  c) 18  d) 21`); whole when those labels open lines of their own below
        (`a) Las respuestas b) y c) son correctas` is one option)."""
        parts, k = [rest], index + 1
        while k < 10 and (m := _inline_label(style, k).search(parts[-1])):
            parts[-1:] = [parts[-1][:m.start()].strip(), parts[-1][m.end():].strip()]
            k += 1
        if len(parts) == 1:
            return parts
        for j in range(self.idx + 1, min(self.idx + 40, len(self.items))):
            if self.starts_question[j]:
                break
            lab = patterns.option_label(self.items[j][0])
            if lab and lab[0] == style and index < lab[1] < k:
                return [rest]  # the labels below are the options: those in the line were named
        return parts

    def _continues(self, q: RawQuestion, line: Line) -> bool:
        """Whether a line wraps the last option: set about as close below it as the text's
        lines usually are (a heading, a passage or a footer after the options stands apart)."""
        prev = q.option_lines[-1][-1]
        if prev.page == line.page and prev.column == line.column:
            if not "".join(q.options[-1]).strip() and _beside_label(prev, line):
                return True
            gap = line.y0 - prev.y1
            # the leading of the question's own text: a booklet may space some pages wider
            leading = max(self.usual_gap, _usual_gap(q.stem_lines)) if len(q.stem_lines) > 2 else self.usual_gap
            most = max(0.5 * max(prev.height, 4), leading + 0.25 * prev.height)
            first = q.option_lines[-1][0]
            if len(first.words) > 1 and abs(line.x0 - first.words[1].x0) <= 2 and 0 <= gap <= 1.5 * prev.height:
                return True  # under the option's text, past its label (a hanging indent): spaced wide
            # line boxes overlap where a font's ascent and descent exceed its leading (ENEM)
            return -max(2, 0.25 * prev.height) <= gap <= most and line.x0 >= first.x0 - 3
        last = join_text(q.options[-1])
        return bool(last) and last[-1] not in ".?!:" and line.text[:1].islower()

    def _open(self, number: int, rest: str, line: Line) -> None:
        self.in_solution = False
        if number < self.expected:
            run = [x for x in self.questions if x.number >= number]
            if _paragraphs(run):
                for x in run:  # numbered paragraphs of a passage, not questions
                    self.questions.remove(x)
                self.pending = [ln for x in run for ln in x.lead + x.lines] + self.pending
        lead = self.pending
        context, heading_variant = self._take_pending(number)
        q = RawQuestion(number=number, page=line.page, marker=line, reserve=self.reserve,
                        heading_variant=heading_variant, context=context, lead=lead)
        if heading_variant and self.variant_range and self.variant_range[0] <= number <= self.variant_range[1]:
            q.variant = heading_variant  # declared, even when the other version's copy is lost
        if rest:
            q.stem.append(rest)
        self.questions.append(q)
        self.expected = number + 1

    def _take_pending(self, number: int) -> tuple[str | None, str | None]:
        lines, self.pending = self.pending, []
        for ln in lines:
            t = ln.text.strip()
            if _is_reserve_heading(t):
                self.reserve = True
            v = _variant_in(t)
            if v:
                rng = patterns.RANGE.search(t)
                self.variant_heading = v
                self.variant_range = (int(rng.group(1)), int(rng.group(2))) if rng else None
        blocks: list[list[Line]] = []
        for ln in lines:
            if blocks:
                prev = blocks[-1][-1]
                same = prev.page == ln.page and prev.column == ln.column
                if same and ln.y0 - prev.y1 <= 1.8 * max(prev.height, 4):
                    blocks[-1].append(ln)
                    continue
            blocks.append([ln])
        # a passage declared for a range of questions applies to all of them
        for first, last, text in self.passages:
            if first <= number <= last:
                return text, self.variant_heading
        if blocks:
            block = blocks[-1]
            head = " ".join(ln.text for ln in block[:2])
            rng = patterns.RANGE.search(head)
            body = block
            while body and _is_heading(body[0]):
                body = body[1:]
            text = join_text([ln.text for ln in body])
            if len(body) >= 2 and len(text) >= 80:
                if rng:
                    first, last = int(rng.group(1)), int(rng.group(2))
                    if first <= number <= last:
                        self.passages.append((first, last, text))
                return text, self.variant_heading
        return None, self.variant_heading

    def _finish(self) -> list[RawQuestion]:
        for q in self.questions:
            if q.ahead:
                _labels_printed_before(q)
        qs = [q for k, q in enumerate(self.questions) if len(q.options) >= 2 or self._optionless(k)]
        seen = Counter((q.number, q.reserve) for q in qs)  # reserve 1, 2 are not versions of 1, 2
        unnamed = Counter()
        for q in qs:
            if seen[q.number, q.reserve] > 1:
                if q.heading_variant:
                    q.variant = q.heading_variant
                else:
                    unnamed[q.number, q.reserve] += 1
                    q.variant = f"v{unnamed[q.number, q.reserve]}"
        return qs

    def _optionless(self, k: int) -> bool:
        """A question with no option in the text, between the questions numbered before and
        after it (themselves maybe such questions), whose stem ends in a question or a colon:
        its options may be pictures with their labels inside (kept where records find pictures
        below it, see records.py)."""
        q = self.questions[k]
        before = self.questions[k - 1] if k else None
        after = self.questions[k + 1] if k + 1 < len(self.questions) else None
        return (not q.options and bool(q.stem) and q.stem[-1].rstrip().endswith(("?", ":"))
                and before is not None and before.number == q.number - 1
                and after is not None and after.number == q.number + 1)


def segment(lines: list[Line]) -> tuple[list[RawQuestion], str | None]:
    s = Segmenter(lines)
    return s.run(), s.style
