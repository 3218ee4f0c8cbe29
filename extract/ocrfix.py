"""Repairs for what Tesseract gets wrong on exams, applied to OCR'd pages only.

Rules are about the printed conventions (option labels, answer-grid tokens, question numbers),
never about one exam's words.
"""
from __future__ import annotations

import re

from .patterns import _KEYWORDS

_RESIDUE = re.compile(r"^[|\[\](){}!lI1.,:;'\"`\-]*([A-Ja-j])[|\[\](){}!.,:;'\"`]*$")
_DIGITISH = str.maketrans({"O": "0", "o": "0", "D": "0", "l": "1", "I": "1", "|": "1", "i": "1",
                           "S": "5", "s": "5", "B": "8", "Z": "2", "z": "2", "g": "9", "q": "9"})


_DOUBLED_LABEL = re.compile(r"^\(?([A-Ja-j])([A-Ja-j])([\).:])$")
_SPECKED_LABEL = re.compile(r"^[.,'`·]+[A-Ja-j][\).]$")
_ORDINAL = re.compile(r"^(\d{1,2})[°˚](?=$|[.,;:)])")

_MARKER_START = re.compile(rf"^(?:{_KEYWORDS})", re.I)
_GLUED_MARKER = re.compile(rf"^((?:{_KEYWORDS}))([0-9OoIl|SZ]{{1,3}})([.):]?)$", re.I)
_DIGITISH_NUMBER = re.compile(r"^[0-9OoIl|SZ]{1,3}[.):]?$")


def markers(lines) -> None:
    """`QUESTÃOO7` or `QUESTÃO O7`: a question number with a letter read for a digit."""
    for ln in lines:
        ws = ln.words
        m = _GLUED_MARKER.match(ws[0].text)
        if m and any(c.isdigit() for c in m.group(2)):
            ws[0].text = f"{m.group(1)} {m.group(2).translate(_DIGITISH)}{m.group(3)}"
        elif (len(ws) > 1 and _MARKER_START.match(ws[0].text) and _DIGITISH_NUMBER.match(ws[1].text)
              and any(c.isdigit() for c in ws[1].text)):
            ws[1].text = ws[1].text.translate(_DIGITISH)
        else:
            continue
        ln.text = " ".join(w.text for w in ws)


def word(text: str) -> str:
    """A word of running text: an option label read twice (`Cc)` for `c)`) and a degree
    sign read for an ordinal indicator (`2°` for `2º`)."""
    if _SPECKED_LABEL.match(text):
        text = text.lstrip(".,'`·")  # a speck of dirt before `d)`
    m = _DOUBLED_LABEL.match(text)
    if m and m.group(1).lower() == m.group(2).lower():
        return ("(" if text.startswith("(") else "") + m.group(2) + m.group(3)
    return _ORDINAL.sub(r"\1º", text)


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
    core = t.strip("|[](){}.,:;'\"`")
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
    return [replace(w, text=fixes[id(w)]) if id(w) in fixes else w for w in words]


# what Tesseract makes of a circled or boxed option letter (ENEM prints A-E in black discs)
_CIRCLE = re.compile(r"^[“\"'‘`.,]?[OQ0oGCDU©®@&ÓÒØ]{1,2}[.)]?$")
_LETTER = re.compile(r"^[A-J][.)]?$")
SPECK = re.compile(r"^[.,'`‘’“”:;°•·]$")  # a lone dot or tick: dirt on the page (`*` is a key mark)


def option_runs(lines) -> None:
    """Relabel runs of options whose circled letters OCR misread (`OQ`, `O`, `Q&`): lines whose
    first token is a circle-like mark or a letter, aligned at one x, three or more in a run (a
    wrapped option's continuation lines may sit between them), are options A, B, C... in order.
    A single `O` starting a Portuguese sentence never forms such a run."""
    i = 0
    while i < len(lines):
        run = _run_from(lines, i)
        if len(run) >= 3:
            letters = all(_LETTER.match(lines[k].words[0].text) for k in run)
            for n, k in enumerate(run):
                ln = lines[k]
                if not letters:  # the order tells what the marks cannot
                    ln.words[0].text = "ABCDEFGHIJ"[n]
                if len(ln.words) > 2 and SPECK.match(ln.words[1].text):
                    del ln.words[1]  # dirt between the disc and the text
                ln.text = " ".join(w.text for w in ln.words)
            i = run[-1] + 1
        else:
            i += 1


def is_mark(text: str) -> bool:
    """What Tesseract may make of a circled option letter."""
    return bool(_CIRCLE.match(text))


def _is_mark(ln) -> bool:
    return bool(_CIRCLE.match(ln.words[0].text) or _LETTER.match(ln.words[0].text))


def _run_from(lines, i: int) -> list[int]:
    if not _is_mark(lines[i]) or len(lines[i].words) < 2:
        return []
    x, text_x = lines[i].x0, lines[i].words[1].x0
    run, k, between = [i], i + 1, 0
    while k < len(lines) and len(run) < 10:
        ln = lines[k]
        if ln.page != lines[i].page or ln.column != lines[i].column:
            break
        # the options' text lines up (a stem's `A análise` starts nearer its `A`), and so do
        # the marks, loosely (a stray quote before one moves it)
        # (a mark alone on its line, its text lost or set apart, lines up by itself)
        if len(ln.words) == 1:
            aligned = abs(ln.x0 - x) <= 3
        else:
            aligned = abs(ln.words[1].x0 - text_x) <= max(3, 0.45 * ln.height) and abs(ln.x0 - x) <= 8
        if aligned and _is_mark(ln):
            run.append(k)
            between = 0
        elif ln.x0 > x + 3 and between < 3:  # a wrapped option's next line, indented
            between += 1
        else:
            break
        k += 1
    return run
