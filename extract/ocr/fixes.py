"""Repairs for what Tesseract gets wrong on exams, applied to OCR'd pages only.

Rules are about the printed conventions (option labels, answer-grid tokens, question numbers),
never about one exam's words.
"""
from __future__ import annotations

import re
from collections import Counter

from schema.common import LETTERS, one_edit

from ..pages.geometry import Word
from ..questions.patterns import KEYWORDS

_RESIDUE = re.compile(r"^[|\[\](){}!lI1.,:;'\"`\-]*([A-Ja-j])[|\[\](){}!.,:;'\"`]*$")
_DIGITISH = str.maketrans({"O": "0", "o": "0", "D": "0", "l": "1", "I": "1", "|": "1", "i": "1",
                           "S": "5", "s": "5", "B": "8", "Z": "2", "z": "2", "g": "9", "q": "9", "Y": "7"})


_DOUBLED_LABEL = re.compile(r"^\(?([A-Ja-j])([A-Ja-j])([\).:])$")
_SPECKED_LABEL = re.compile(r"^[.,'`·\-–—]+[A-Ja-j][\).]$")
_ORDINAL = re.compile(r"^(\d{1,2})[°˚](?=$|[.,;:)])")

_MARKER_START = re.compile(rf"^(?:{KEYWORDS})", re.I)
_GLUED_MARKER = re.compile(rf"^((?:{KEYWORDS}))([0-9OoIl|SZ]{{1,3}})([.):]?)$", re.I)
_DIGITISH_NUMBER = re.compile(r"^[0-9OoIl|SZ]{1,3}[.):]?$")


# `TEXTO I` read `TEXTO!`, `TEXTO |`, `TEXTOIl`: a passage heading's roman numeral
_PASSAGE_NUMERAL = re.compile(
    r"^(TEXTO|TEXT|TEXTE|TESTU|DOCUMENTO|DOCUMENT|FRAGMENTO|FRAGMENT)\s*([!|lI]{1,3}|[!|lI]?V|V[!|lI]{0,3})$")
_JUNK = re.compile(r"^[^\w]+$")
# what a label printed apart from its line reads as: a question number, an option letter
LABEL = re.compile(r"^\(?(\d{1,3}|[A-Ja-j])[.):\-]?$")


_READ_LABEL = re.compile(r"^(\(?)([0-9OoIl|SsZzY]{1,3})([.):\-]?)$")


def label(text: str) -> str | None:
    """What a label read on its own says: a question number or an option letter as LABEL has
    them, with letters read for digits mended (`S.` for `5.`, `l2` for `12`) and a dot read as a
    comma (`9,`); None when it is neither."""
    if text.endswith(",") and len(text) > 1:
        text = text[:-1] + "."
    if LABEL.match(text):
        return text
    m = _READ_LABEL.match(text)
    if not m or not (len(m.group(2)) == 1 or any(c.isdigit() for c in m.group(2))):
        return None  # (a word, `Sol`, is not a number)
    fixed = m.group(2).translate(_DIGITISH)
    return f"{m.group(1)}{fixed}{m.group(3)}" if int(fixed) > 0 else None


def is_passage_heading(text: str) -> bool:
    return bool(_PASSAGE_NUMERAL.match(text.strip()))


# the question keywords as printed, for one-letter slips (`QUIESTÃO 02`)
_KEYWORD_FORMS = ("QUESTÃO", "QUESTAO", "PREGUNTA", "CUESTIÓN", "CUESTION", "QÜESTIÓ", "QUESTIÓ",
                  "PERGUNTA", "QUESTION", "GALDERA", "EJERCICIO", "EXERCÍCIO")


def markers(lines) -> None:
    """`QUESTÃOO7` or `QUESTÃO O7`: a question number with a letter read for a digit; `“|| QUESTÃO
    05`: marks of a box edge before it; `QUIESTÃO 02`: a keyword with one letter slipped;
    `TEXTO!`: a passage heading's numeral; `QUESTÃO ars.` between `QUESTÃO 57` and `QUESTÃO 59`:
    a number read as no number, the one between them."""
    heading = None  # the last question heading: decoration beside it is dropped
    for ln in list(lines):
        ws = ln.words
        if (heading is not None and (ln.page, ln.row) == (heading.page, heading.row)
                and sum(len(w.text) for w in ws) <= 8 and all(len(w.text) <= 3 for w in ws)):
            lines.remove(ln)  # `QUESTÃO 177   e eee I`: a bar beside the heading read as letters
            continue
        heading = None
        if len(ws) > 1 and _DIGITISH_NUMBER.match(ws[1].text) and any(c.isdigit() for c in ws[1].text):
            upper = ws[0].text.upper()
            form = next((f for f in _KEYWORD_FORMS if upper == f or one_edit(upper, f)), None)
            if form and ws[0].text.isupper():
                ws[0].text = form
        m = _PASSAGE_NUMERAL.match(ln.text.strip())
        if m:
            numeral = m.group(2).translate(str.maketrans("!|l", "III"))
            ws[0].text, ws[0].x1 = f"{m.group(1)} {numeral}", ws[-1].x1
            del ws[1:]
            ln.text = ws[0].text
            continue
        k = next((i for i, w in enumerate(ws) if not _JUNK.match(w.text)), 0)
        if 0 < k < len(ws) and _MARKER_START.match(ws[k].text):
            del ws[:k]
            ln.x0 = ws[0].x0
        m = _GLUED_MARKER.match(ws[0].text)
        if m and any(c.isdigit() for c in m.group(2)):
            ws[0].text = f"{m.group(1)} {m.group(2).translate(_DIGITISH)}{m.group(3)}"
        elif (len(ws) > 1 and _MARKER_START.match(ws[0].text) and _DIGITISH_NUMBER.match(ws[1].text)
              and any(c.isdigit() for c in ws[1].text)):
            ws[1].text = ws[1].text.translate(_DIGITISH)
        if (len(ws) > 2 and _MARKER_START.match(ws[0].text) and ws[1].text[:1].isdigit()
                and sum(len(w.text) for w in ws[2:]) <= 6 and all(len(w.text) <= 3 for w in ws[2:])):
            del ws[2:]  # `QUESTÃO 173 e es`: a heading's decoration (a bar, a tint) read as letters
            ln.x1 = ws[1].x1
        if len(ws) == 2 and _MARKER_START.match(ws[0].text) and ws[1].text[:1].isdigit():
            heading = ln
        ln.text = " ".join(w.text for w in ws)
    _between_headings(lines)
    _misread_numbers(lines)


# a number that opens a line misread: a letter for a digit (`A5.` for `45.`), a colon or a comma for
# its dot (`39:`)
_MISREAD_NUMBER = re.compile(r"^([0-9A-Za-z|]{1,3})([.):;,])([-–]?)$")
_OPENING_NUMBER = re.compile(r"^(\d{1,3})([.)])")
_DIGITISH_A = {**_DIGITISH, ord("A"): "4"}


def _misread_numbers(lines) -> None:
    """A line opened by a number misread (`A5. Los restaurantes`, `39: Según`) takes that number,
    punctuated as its neighbour is, when a line of the page set at the same margin opens with
    the number before or after it (`46.- Cuando`, `40. ¿De qué`): a question number."""
    opening = {}
    for ln in lines:
        if ln.words and (m := _OPENING_NUMBER.match(ln.words[0].text)):
            opening.setdefault(int(m.group(1)), []).append((ln.x0, m.group(2)))
    if not opening:
        return
    for ln in lines:
        if len(ln.words) < 2 or not (m := _MISREAD_NUMBER.match(ln.words[0].text)):
            continue
        head, mark = m.group(1), m.group(2)
        fixed = head.translate(_DIGITISH_A)
        if not any(c.isdigit() for c in head) or not fixed.isdigit() or fixed == head and mark in ".)":
            continue
        n, tol = int(fixed), 0.5 * ln.words[0].height
        near = [p for k in (n - 1, n + 1) for x, p in opening.get(k, ()) if abs(x - ln.x0) <= tol]
        if near:
            ln.words[0].text = fixed + near[0] + m.group(3)
            ln.text = " ".join(w.text for w in ln.words)


_HEADING_NUMBER = re.compile(r"^(\d{1,3})[.:)]?$")


def _between_headings(lines) -> None:
    """A question heading whose number reads as no number at all (`QUESTÃO ars.`), between two
    headings of the page whose numbers skip one, takes that one."""
    heads = [ln for ln in lines if len(ln.words) >= 2 and ln.words[0].text.upper() in _KEYWORD_FORMS]

    def number(ln):
        m = _HEADING_NUMBER.match(ln.words[1].text)
        return int(m.group(1)) if m else None

    for a, b, c in zip(heads, heads[1:], heads[2:]):
        w = b.words[1]
        if (number(a) is not None and number(c) == number(a) + 2 and len(w.text) <= 4
                and not any(ch.isdigit() for ch in w.text)):
            w.text = str(number(a) + 1)
            b.text = " ".join(x.text for x in b.words)


def is_keyword(text: str) -> bool:
    """A question keyword as printed (`QUESTÃO`, `Pregunta`), or with one letter slipped."""
    upper = text.upper()
    return upper in _KEYWORD_FORMS or any(one_edit(upper, f) for f in _KEYWORD_FORMS)


def is_number(text: str) -> bool:
    """A question number as OCR reads it, letters for some digits (`1O0`, `l2.`)."""
    return bool(_DIGITISH_NUMBER.match(text)) and any(c.isdigit() for c in text)


_RULE_ENDS = "-–—_=*~'\"“”‘’`"  # what the ends of a rule beside a heading read as


def heading(words):
    """The words of a question heading (`QUESTÃO 100`, `Pregunta 7.`) at the start of a line read
    on its own, its number mended (`1O0`) and the bits of a rule beside it dropped (`“QUESTÃO`,
    `172-`); None when the line is not one."""
    if len(words) < 2:
        return None
    key, num = words[0].text.lstrip(_RULE_ENDS), words[1].text.rstrip(_RULE_ENDS)
    if not is_keyword(key):
        return None  # (a keyword with a letter slipped, `QUIESTÃO`, is mended by markers)
    if not is_number(num):
        return None
    words[0].text, words[1].text = key, num.translate(_DIGITISH)
    return words[:2]


def word(text: str) -> str:
    """A word of running text: an option label read twice (`Cc)` for `c)`) and a degree
    sign read for an ordinal indicator (`2°` for `2º`)."""
    if _SPECKED_LABEL.match(text):
        text = text.lstrip(".,'`·-–—")  # a speck of dirt (or a dash) before `d)`
    m = _DOUBLED_LABEL.match(text)
    if m and m.group(1).lower() == m.group(2).lower():
        return ("(" if text.startswith("(") else "") + m.group(2) + m.group(3)
    return _ORDINAL.sub(r"\1º", text)


_STARRED = re.compile(r"^(\d{1,3})[x+×]$")


def grid_token(text: str) -> str:
    """A cell of an answer grid: a number or an option letter, with the residue of ruling lines
    (`|a`, `[b]`) and doubled reads (`Cc`) removed, and letter-for-digit slips in numbers
    (`2l` -> `21`) mended."""
    t = text.strip()
    if len(t) == 2 and t[0].lower() == t[1].lower() and t[0].isalpha():
        return t[0].lower()
    m = _RESIDUE.match(t)
    if m and len(t) <= 4 and not t.isalpha():
        return m.group(1)
    if m and len(t) == 2 and t[0] in "lI|":
        return m.group(1)
    if len(t) == 2 and t[0] in "ABCDEabcde" and t[1] in "lI|":
        return t[0].lower()  # a ruling line after the letter, read as `l`
    if m := _STARRED.match(t):
        return f"{m.group(1)}*"  # a pilot item's star read as a letter or a sign (`18x`, `41+`)
    if (bare := t.strip(".,'`‘’·")) != t and bare.isalpha() and len(bare) <= 4:
        return bare  # a speck beside a letter or a code printed down its column (`MC.`, `'C`)
    core = t.strip("|[](){}.,:;'\"`“”‘’").lstrip("-–—·")  # (`-32`: a speck before the number)
    if core and any(c.isdigit() for c in core) and len(core) <= 4:
        fixed = core.translate(_DIGITISH)
        if fixed.isdigit():
            return fixed
    return t


def resync_numbers(words):
    """Question numbers of a grid run 1, 2, 3 down each column: a number that breaks the run
    between two that keep it (`10, 1, 12`: a lost digit) is the one the run expects."""
    from dataclasses import replace

    nums = [w for w in words if w.text.isdigit()]
    columns: list[list] = []
    for w in sorted(nums, key=lambda w: w.x1):
        for col in columns:
            if abs(col[-1].x1 - w.x1) < 0.6 * (w.y1 - w.y0):  # right-aligned, or nearly
                col.append(w)
                break
        else:
            columns.append([w])
    fixes = {}
    for col in columns:
        col.sort(key=lambda w: w.y0)
        vals = [int(w.text) for w in col]
        for i in range(len(col)):
            prev = vals[i - 1] if i > 0 else None
            nxt = vals[i + 1] if i + 1 < len(col) else None
            nxt2 = vals[i + 2] if i + 2 < len(col) else None
            prev2 = vals[i - 2] if i > 1 else None
            if prev is not None and nxt is not None and nxt == prev + 2 and vals[i] != prev + 1:
                want = prev + 1
            elif prev is None and nxt is not None and nxt2 == nxt + 1 and vals[i] != nxt - 1 > 0:
                want = nxt - 1
            elif nxt is None and prev is not None and prev2 == prev - 1 and vals[i] != prev + 1:
                want = prev + 1
            else:
                continue
            vals[i] = want
            fixes[id(col[i])] = str(want)
    # (and the runs: each reading's mended numbers count when the best one is chosen)
    return resync_runs([replace(w, text=fixes[id(w)]) if id(w) in fixes else w for w in words])


_PREFIXED = re.compile(r"^([A-Z])(\d{1,3})$")
_PLAIN = re.compile(r"^()(\d{1,3})$")
ON_ROW = 0.3  # of a row's pitch: a cell this far off the run's rows is no cell of it


def resync_runs(words):
    """Numbers of a key run one per row down each column (`91`, `92`... and, printed for
    several booklets, `C1`...`C12`, then `E1`...); a cell a scan garbled (`c`, `Cc7`, `011`,
    `Es`, `mn` for a grey `99`) is the number its column's run gives its row: from the two nearest
    cells below that agree (a block starts at 1), else from the two above, rows counted by the
    column's pitch. A plain column is taken for such a run only where most of its numbers follow
    each other (not the 1, 11, 21 of a grid printed across), and it mends only its inner cells,
    or a number both sides of which say otherwise (`53` between `57` and `60`)."""
    from dataclasses import replace

    texts: dict[int, str] = {}
    done: set[int] = set()
    for pattern in (_PREFIXED, _PLAIN):
        for head in words:
            if id(head) in done or not pattern.match(head.text):
                continue
            tol = 0.6 * (head.y1 - head.y0)
            col = sorted((w for w in words if id(w) not in done and len(w.text) <= 4 and (
                abs(w.x0 - head.x0) < tol or abs(w.x1 - head.x1) < tol)), key=lambda w: w.y0)
            done |= {id(w) for w in col}
            for _ in range(3):  # a cell mended gives its neighbours a run to follow
                more = _run_cells([(w, texts.get(id(w), w.text)) for w in col], pattern)
                if not more:
                    break
                texts.update(more)
    return [replace(w, text=texts[id(w)]) if id(w) in texts else w for w in words]


def _run_cells(col, pattern) -> dict[int, str]:
    """The cells of one column (word, text) that its run mends (see resync_runs): id of
    the word -> its number."""
    from statistics import median

    known = [(w.y0, m.group(1), int(m.group(2))) for w, t in col if (m := pattern.match(t))]
    pairs = list(zip(known, known[1:]))
    steps = [(b[0] - a[0]) / (b[2] - a[2]) for a, b in pairs if a[1] == b[1] and b[2] > a[2]]
    if len(known) < 4 or not steps:
        return {}
    plain = pattern is _PLAIN
    if plain:  # a run: some numbers that follow each other, few repeated (not a column of numeric answers)
        steps = [(b[0] - a[0]) for a, b in pairs if b[2] == a[2] + 1]
        if len(steps) < 3 or len({k[2] for k in known}) < 0.7 * len(known):
            return {}
    pitch = median(steps)
    out = {}
    for w, t in col:
        m = pattern.match(t)
        below = [k for k in known if k[0] > w.y0 + 0.5 * pitch][:2]
        above = [k for k in known if k[0] < w.y0 - 0.5 * pitch][-2:][::-1]
        beside = sum(1 for k in known if abs(k[0] - w.y0) <= 0.5 * pitch) > (1 if m else 0)
        if beside:  # another number on its row: this is no cell of the column (an answer, a second reading)
            want = None
        elif not plain:
            want = None if m else _from_run(below, w.y0, pitch) or _from_run(above, w.y0, pitch)
        elif not _on_row(w.y0, below, above, pitch):
            want = None
        elif not m:
            want = _from_run(below, w.y0, pitch) or _from_run(above, w.y0, pitch)
        else:  # a number: one side's run says otherwise, and the other side's nearest cell does not back it
            said = {_from_run(below, w.y0, pitch), _from_run(above, w.y0, pitch)} - {None, t}
            backs = t in (_from_run(below[:1] * 2, w.y0, pitch), _from_run(above[:1] * 2, w.y0, pitch))
            # (at a column's end, a number out of order: `94` above `93`)
            misplaced = bool(below and above) or (below and int(t) >= below[0][2]) or (above and int(t) <= above[0][2])
            want = said.pop() if len(said) == 1 and not backs and misplaced else None
        if want and want != t:
            out[id(w)] = want
    return out


def _on_row(y: float, below, above, pitch: float) -> bool:
    """Whether height `y` falls on a row of a run, between its cells or, past an end, on the
    row next to it (a heading above the first number is no cell of the run)."""
    near = below or above
    if not near:
        return False
    rows = (near[0][0] - y) / pitch
    return abs(rows - round(rows)) <= ON_ROW and (bool(below and above) or abs(rows) <= 1.5)


def _from_run(run, y: float, pitch: float) -> str | None:
    """The number at height `y` that two known cells of one run agree on, or None."""
    if len(run) < 2:
        return None
    got = {(p, v - round((ky - y) / pitch)) for ky, p, v in run}
    if len(got) != 1:
        return None
    ((p, n),) = got
    return f"{p}{n}" if n >= 1 else None


# what Tesseract makes of a circled or boxed option letter (ENEM prints A-E in black discs)
# (or a sign: `€&`), or a speck or a rule's edge glued to it (`dE`, `|O`), or the circle read as brackets
# around a round digit (`(5)` for a `C`; `(a)` and `(1)` are labels of their own)
_CIRCLE = re.compile(r"^(?:[“\"'‘`.,(\-|]?[OQ0oGCDU©®@&ÓÒØ€£¢§$%#]{1,2}[.)]?|[a-z][A-J]|\([a-z]{1,2}|\([05689]\))$")
_LETTER = re.compile(r"^[A-J][.)]?$")
_ROUND_DIGIT = re.compile(r"^[(\[]?[0689]$")  # a disc's letter read as a digit at low resolution (`6`, `(6` for E)
_LOWER = re.compile(r"^[a-j][.)]?$")
SPECK = re.compile(r"^[.,'`‘’“”\":;°•·]$")  # a lone dot or tick: dirt on the page (`*` is a key mark)


_ENDS = re.compile(r"[.;:?!…”\"»)]$")  # an option's last line ends like a sentence


def option_runs(lines) -> None:
    """Relabel runs of options whose circled letters OCR misread (`OQ`, `O`, `Q&`): lines whose
    first token is a circle-like mark or a letter, aligned at one x, three or more in a run (a
    wrapped option's continuation lines may sit between them), are options A, B, C... in order.
    A single `O` starting a Portuguese sentence never forms such a run. A disc Tesseract lost
    altogether is put back when its option's text lines up with the others, one option step
    below a finished one."""
    label_cases(lines)
    label_styles(lines)
    pitch = _line_pitch(lines)
    i = 0
    while i < len(lines):
        run, lost = _run_from(lines, i, pitch)
        if len(run) >= 3 and _tabbed(lines, run, lost):
            if _lone_disc_above(lines, run):
                run.insert(0, run[0] - 1)  # its text lost: an empty option, not the next one's letter
            marks = [lines[k].words[0].text for k in run]
            # letters as printed stay (`a)`...`e)` too); a run that mixes cases (`D`, `e`) is relabelled
            letters = not lost and (all(_LETTER.match(t) for t in marks) or all(_LOWER.match(t) for t in marks))
            first, mark = _continues(lines, run)
            for n, k in enumerate(run, first):
                ln = lines[k]
                if k in lost:
                    w = ln.words[0]
                    ln.words.insert(0, Word(lines[run[0]].x0, w.y0, lines[run[0]].words[0].x1, w.y1, ""))
                    ln.x0 = ln.words[0].x0
                if not letters:  # the order tells what the marks cannot
                    ln.words[0].text = LETTERS[n].upper() + mark
                t = _text_word(ln)
                if t:
                    del ln.words[1:t]  # dirt between the disc and the text
                ln.text = " ".join(w.text for w in ln.words)
            i = run[-1] + 1
        else:
            i += 1


_OPTION_LABEL = re.compile(r"^\(?([A-Ja-j])([).])$")


def lost_labels(lines) -> None:
    """Option labels a scan blurred: a speck before a label (`. d)`) is dirt; and lines that
    line up with the labelled options above and below them, whose labels skip as many letters
    as there are lines (`B)`, then `D)`), are the options whose labels were lost (`C) 25` read
    `0.23`, `D) 1` read `Da 1`): each gets its label, in place of a short word where it stands."""
    for ln in lines:
        ws = ln.words
        if len(ws) > 1 and SPECK.match(ws[0].text) and _OPTION_LABEL.match(ws[1].text):
            del ws[0]
            ln.x0, ln.text = ws[0].x0, " ".join(w.text for w in ws)
    for i, a in enumerate(lines):
        if not _OPTION_LABEL.match(a.words[0].text):
            continue
        # the next lines that start where a does (a table row's other cells are lines too)
        col = [ln for ln in lines[i + 1:i + 60] if (ln.page, ln.column) == (a.page, a.column)
               and abs(ln.x0 - a.x0) <= 0.5 * a.height][:4]
        j = next((j for j, ln in enumerate(col) if _OPTION_LABEL.match(ln.words[0].text)), None)
        labels = _between(a, col[:j], col[j]) if j else None
        for b, label in zip(col[:j or 0], labels or []):
            w = b.words[0]
            if len(b.words) > 1 and len(w.text) <= 3 and abs(w.x0 - a.words[0].x0) <= 0.5 * b.height:
                b.words[0] = Word(w.x0, w.y0, w.x1, w.y1, label)  # the label misread (`0)`, `©.`, `Da`)
            else:
                b.words.insert(0, Word(w.x0, w.y0, w.x0, w.y1, label))
            b.text = " ".join(x.text for x in b.words)
    _first_labels(lines)


def _first_labels(lines) -> None:
    """`2) 18` above `B) 75`, `C) 165` at one x and one step: the first label misread (a digit
    or another letter for `A`, its bracket kept) is that run's `A)`."""
    for i, b in enumerate(lines):
        mb = _OPTION_LABEL.match(b.words[0].text)
        if not mb or mb.group(1) not in "Bb" or i == 0:
            continue
        tol = 0.5 * b.height
        col = [ln for ln in lines[max(0, i - 20):i + 20] if (ln.page, ln.column) == (b.page, b.column)
               and abs(ln.x0 - b.x0) <= tol]
        k = col.index(b)
        if k == 0 or k + 1 >= len(col):
            continue
        a, c = col[k - 1], col[k + 1]
        mc = _OPTION_LABEL.match(c.words[0].text)
        w = a.words[0]
        if (not mc or mc.group(1).lower() != "c" or len(a.words) < 2 or len(w.text) != 2
                or w.text[1] != mb.group(2) or not w.text[0].isalnum() or w.text[0] in "Aa"
                or abs((b.yc - a.yc) - (c.yc - b.yc)) > tol):
            continue
        a.words[0] = Word(w.x0, w.y0, w.x1, w.y1, ("A" if mb.group(1).isupper() else "a") + mb.group(2))
        a.text = " ".join(x.text for x in a.words)


def _between(a, bs, c) -> list[str] | None:
    """The labels lines `bs` should have when they line up between options a and c whose labels
    skip one letter for each (`B)`, `D)`: `C)`); None when they do not."""
    if not bs or not all(a.page == b.page == c.page and a.column == b.column == c.column for b in bs):
        return None
    ma, mc = _OPTION_LABEL.match(a.words[0].text), _OPTION_LABEL.match(c.words[0].text)
    if not ma or not mc or ma.group(2) != mc.group(2):
        return None
    tol = 0.5 * max(b.height for b in bs)
    if (ord(mc.group(1)) - ord(ma.group(1)) != len(bs) + 1 or abs(c.x0 - a.x0) > tol
            or any(abs(b.x0 - a.x0) > tol for b in bs)):
        return None
    return [a.words[0].text.replace(ma.group(1), chr(ord(ma.group(1)) + n)) for n in range(1, len(bs) + 1)]


def label_cases(lines) -> None:
    """`c)` between `B)` and `D)`: a label's letter read in the wrong case takes its neighbours'
    (before option_runs, which relabels a run of mixed cases by order, bare)."""
    for a, b, c in zip(lines, lines[1:], lines[2:]):
        label, w = (_between(a, [b], c) or [None])[0], b.words[0]
        m = _OPTION_LABEL.match(w.text)
        if label and m and m.group(1).lower() == label[-2].lower() and w.text != label:
            b.words[0] = Word(w.x0, w.y0, w.x1, w.y1, label)
            b.text = " ".join(x.text for x in b.words)


_ANY_LABEL = re.compile(r"^([A-Ja-j])([).]?)$")


def label_styles(lines) -> None:
    """`A 17h`, `B) 15h`, `c) 15h`, `D 1h`: the labels of a run of options (letters in order,
    lined up) are printed alike, so a `)` a scan lost, or a letter read in the other case,
    takes the style at least half of the run's labels have."""
    i = 0
    while i < len(lines):
        run = _letter_run(lines, i)
        if len(run) < 3:
            i += 1
            continue
        labels = [_ANY_LABEL.match(lines[k].words[0].text) for k in run]
        marks = Counter(m.group(2) for m in labels if m.group(2)).most_common(1)
        if marks and marks[0][1] >= 2 and 2 * marks[0][1] >= len(run):
            upper = 2 * sum(m.group(1).isupper() for m in labels) > len(run)
            for k, m in zip(run, labels):
                ln = lines[k]
                ln.words[0].text = (m.group(1).upper() if upper else m.group(1).lower()) + marks[0][0]
                ln.text = " ".join(x.text for x in ln.words)
        i = run[-1] + 1


def _letter_run(lines, i: int) -> list[int]:
    """Lines from i on whose first word is a bare or labelled letter, the letters in order
    (`A`, `B)`, `c)`), lined up, with the text after each; other lines between them (a wrapped
    option) at most three in a row."""
    def letter(ln):
        m = _ANY_LABEL.match(ln.words[0].text) if len(ln.words) > 1 else None
        return m.group(1).lower() if m else None

    first = letter(lines[i])
    if first is None:
        return []
    run, between, k = [i], 0, i + 1
    while k < len(lines) and between <= 3:
        ln, last = lines[k], lines[run[-1]]
        if ln.page != last.page or ln.column != last.column:
            break
        got = letter(ln)
        if got == chr(ord(letter(last)) + 1) and abs(ln.x0 - last.x0) <= max(3, 0.45 * ln.height):
            run.append(k)
            between = 0
        else:
            between += 1
        k += 1
    return run


def is_mark(text: str) -> bool:
    """What Tesseract may make of a circled option letter."""
    return bool(_CIRCLE.match(text))


def _blot(text: str) -> bool:
    """What a disc's letter may read as at low resolution once a run of discs has begun (`QB`,
    `É`, `LO`): a token of one or two capitals or signs standing where the discs stand, its
    option's text where theirs is."""
    return len(text) <= 2 and not any(c.islower() or c.isdigit() for c in text)


def _is_mark(ln) -> bool:
    return bool(_CIRCLE.match(ln.words[0].text) or _LETTER.match(ln.words[0].text) or _LOWER.match(ln.words[0].text))


def _text_word(ln) -> int | None:
    """Index of the first word of an option's text, after its mark and any dirt."""
    return next((k for k in range(1, len(ln.words))
                 if not (SPECK.match(ln.words[k].text) or ln.words[k].text in ("-", "–", "—"))), None)


def _tabbed(lines, run: list[int], lost: set[int]) -> bool:
    """Discs stand apart from their options' text (a poem's `O primeiro... / O segundo...`
    lines up too, but at a word space)."""
    gaps = sorted((ln.words[t].x0 - ln.words[0].x1) / ln.height for ln in (lines[k] for k in run if k not in lost)
                  if (t := _text_word(ln)))
    return not gaps or gaps[len(gaps) // 2] >= 0.35


def _line_pitch(lines) -> float:
    """The usual distance between the tops of consecutive lines of running text."""
    steps = sorted(b.y0 - a.y0 for a, b in zip(lines, lines[1:])
                   if a.page == b.page and a.column == b.column and 0 < b.y0 - a.y0 < 2 * a.height)
    return steps[len(steps) // 2] if steps else 0.0


def _run_from(lines, i: int, pitch: float) -> tuple[list[int], set[int]]:
    t = _text_word(lines[i]) if _is_mark(lines[i]) else None
    if t is None:
        return [], set()
    x, text_x = lines[i].x0, lines[i].words[t].x0
    run, lost, k, between = [i], set(), i + 1, 0
    blots: set[int] = set()
    while k < len(lines) and len(run) < 10:
        ln = lines[k]
        if ln.page != lines[i].page or ln.column != lines[i].column:
            break
        tol = max(3, 0.45 * ln.height)
        t = _text_word(ln)
        # the options' text lines up (a stem's `A análise` starts nearer its `A`), and so do
        # the marks, loosely (a stray quote before one moves it)
        # (a mark alone on its line, its text lost or set apart, lines up by itself)
        if t is None:
            aligned = abs(ln.x0 - x) <= 3
        else:
            aligned = abs(ln.words[t].x0 - text_x) <= tol and abs(ln.x0 - x) <= 8
            if (not aligned and len(run) == 1 and abs(ln.x0 - x) <= 3
                    and x + tol < ln.words[t].x0 < text_x - tol):
                text_x, aligned = ln.words[t].x0, True  # the first option lost its first words
        if ln.x1 < x and len(ln.text) <= 2:  # a speck in the margin beside an option
            k += 1
            continue
        prev = lines[k - 1]
        # (a round digit or a blot only after a mark: a question number could start a run)
        if aligned and (_is_mark(ln) or _blot(ln.words[0].text)
                        or _ROUND_DIGIT.match(ln.words[0].text)):
            run.append(k)
            between = 0
            if not _is_mark(ln) and _blot(ln.words[0].text):
                blots.add(k)
        elif (abs(ln.x0 - text_x) <= tol and _ENDS.search(prev.text)
              and (pitch and ln.y0 - prev.y0 >= 1.1 * pitch or _one_step(lines, run, k))):
            run.append(k)  # a disc OCR lost: an option's text one option step below the last
            lost.add(k)
            between = 0
        elif ln.x0 > x + 3 and between < 3:  # a wrapped option's next line, indented
            between += 1
        elif len(ln.words) == 1 and len(ln.words[0].text) <= 2 and ln.words[0].x1 < x:
            pass  # a speck in the margin, left of the marks (`q`), read as a line of its own
        else:
            break
        k += 1
    while run[-1] in blots and not _ends_run(lines, run):
        run.pop()
    return run, lost


def _continues(lines, run: list[int]) -> tuple[int, str]:
    """(index of the run's first letter, the labels' mark): `B)` under an `A) 18` at its x (whose
    text, a number set to the right, did not line up with the run's) goes on from B, marked
    `)`; any other run starts at A, bare, as discs are."""
    k, m = run[0] - 1, _OPTION_LABEL.match(lines[run[0]].words[0].text)
    if k < 0 or not m or len(lines[k].words) < 2:
        return 0, ""
    above, first = lines[k], lines[run[0]]
    prev = _OPTION_LABEL.match(above.words[0].text)
    if (prev and prev.group(2) == m.group(2) and ord(m.group(1).upper()) == ord(prev.group(1).upper()) + 1
            and (above.page, above.column) == (first.page, first.column) and abs(above.x0 - first.x0) <= 3):
        return ord(m.group(1).upper()) - ord("A"), m.group(2)
    return 0, ""


def _lone_disc_above(lines, run: list[int]) -> bool:
    """Whether the line right above a run of three or four options is a disc alone (`O`, its
    option's text lost), at the run's x, one of the run's own steps above its first option."""
    k = run[0] - 1
    if k < 0:
        return False
    ln, first = lines[k], lines[run[0]]
    if len(ln.words) != 1 or not _CIRCLE.match(ln.words[0].text) or (ln.page, ln.column) != (first.page, first.column):
        return False
    return abs(ln.x0 - first.x0) <= 3 and _one_more_step(lines, run, first.y0 - ln.y0)


def _one_step(lines, run: list[int], k: int) -> bool:
    """Whether line k stands one option step below the run's last option (their spacing may be
    the text's: the step then tells an option from a line of text no better than the run's own
    steps do)."""
    return run[-1] == k - 1 and _one_more_step(lines, run, lines[k].y0 - lines[k - 1].y0)


def _one_more_step(lines, run: list[int], gap: float) -> bool:
    """Whether the run is three or four options of one line each, evenly spaced, and `gap` is one
    more of its steps."""
    if not 3 <= len(run) < 5 or any(b != a + 1 for a, b in zip(run, run[1:])):
        return False
    steps = [lines[b].y0 - lines[a].y0 for a, b in zip(run, run[1:])]
    step = sum(steps) / len(steps)
    return all(abs(d - step) <= 0.15 * step for d in steps + [gap])


def _ends_run(lines, run: list[int]) -> bool:
    """A blot after the last disc is the last option when its text lines up,
    it stands one disc step below, and a line of its column follows it (a footer's logo, `LO 2º
    dia`, `MT - 2º dia`, ends the column or stands further off or nearer; a speck has no text)."""
    k = run[-1]
    # each disc's step from the line above it (the last line of the option before)
    steps = sorted(lines[j].y0 - lines[j - 1].y0 for j in run[1:-1])
    followed = k + 1 < len(lines) and (lines[k + 1].page, lines[k + 1].column) == (lines[k].page, lines[k].column)
    return (_text_word(lines[k]) is not None and bool(steps) and followed
            and 0.75 <= (lines[k].y0 - lines[k - 1].y0) / steps[len(steps) // 2] <= 1.25)
