"""Build small exam PDFs with PyMuPDF, as typesetters draw them, for the layout tests.

A page is a list of items: `(x, y, text, font, size)` draws one text run with its baseline at y
(a 6th element is an RGB colour), `Pic(x0, y0, x1, y1)` places a raster image. On top of that:
paragraphs justified word by word, one- and two-column booklets with running headers and footers,
and tables drawn column by column (as answer grids are), so that reading order must come from
geometry. Built-in fonts only ("helv", "hebo", "tiro", ...): Latin-1 text. `garble_fonts` breaks
the fonts' text maps (the pages look the same, extraction gives junk) for the OCR routing tests.
"""
from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pymupdf

A4 = (595.0, 842.0)
MARGIN = 50.0
TOP = 80.0
BOTTOM = 770.0
LAST_BASELINE = 752.0  # of a full page: its last line reaches into the bottom 12 %
COLUMN_GAP = 24.0
WHITE = (1, 1, 1)


@dataclass(frozen=True)
class Pic:
    """A raster image at a fixed place."""
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class Para:
    """A paragraph of a booklet with its own font, across both columns (`full`), or with its
    first word hanging as a label (see `paragraph`)."""
    text: str
    font: str | None = None
    full: bool = False
    hang: float = 0
    double: bool = False


@dataclass(frozen=True)
class Figure:
    """A picture of the given height in the text flow."""
    height: float
    full: bool = False


# -- pages --------------------------------------------------------------------------------------
def make_pdf(path, pages, size=A4) -> Path:
    """A PDF with one page per list of items (see the module docstring)."""
    doc = pymupdf.open()
    for items in pages:
        page = doc.new_page(width=size[0], height=size[1])
        for item in items:
            if isinstance(item, Pic):
                page.insert_image(pymupdf.Rect(item.x0, item.y0, item.x1, item.y1), pixmap=_raster())
            else:
                x, y, text, font, fontsize, *colour = item
                page.insert_text((x, y), text, fontname=font, fontsize=fontsize,
                                 color=colour[0] if colour else (0, 0, 0))
    doc.save(str(path))
    doc.close()
    return Path(path)


def _raster(w: int = 40, h: int = 30):
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, w, h), False)
    for y in range(h):
        for x in range(w):
            pix.set_pixel(x, y, ((x * 6) % 256, (y * 8) % 256, 140))
    return pix


@lru_cache(maxsize=None)
def _font(name: str):
    return pymupdf.Font(name)


def text_width(text: str, font: str = "helv", size: float = 10) -> float:
    # Font.text_length, not pymupdf.get_text_length: the latter undercounts accented letters
    return _font(font).text_length(text, fontsize=size)


# -- paragraphs ---------------------------------------------------------------------------------
def wrap(text: str, width: float, font: str = "helv", size: float = 10) -> list[tuple[list[str], bool]]:
    """Greedy word wrap into (words, ends a paragraph part); a newline forces a break
    (end-of-line hyphenation, an option label on its own line)."""
    out = []
    for part in text.split("\n"):
        line: list[str] = []
        for word in part.split():
            if line and text_width(" ".join(line + [word]), font, size) > width:
                out.append((line, False))
                line = []
            line.append(word)
        out.append((line, True))
    return out


def paragraph(text: str, x: float, y: float, width: float, font: str = "helv", size: float = 10,
              leading: float = 1.35, hang: float = 0, double: bool = False) -> tuple[list, float]:
    """Items drawing `text` word by word from baseline y, full lines justified; returns the
    items and the baseline after the paragraph. With `hang`, the first word is a label at x
    and the text runs at a tab stop x + hang (MuPDF then splits the label off into its own
    line); `double` draws the label a second time in white underneath, as decorative
    option glyphs do."""
    items = []
    if hang:
        label, _, text = text.partition(" ")
        if double:  # a trailing space, as ENEM has, keeps MuPDF from merging the two
            label += " "
            items.append((x, y, label, font, size, WHITE))
        items.append((x, y, label, font, size))
        x, width = x + hang, width - hang
    for words, last in wrap(text, width, font, size):
        widths = [text_width(w, font, size) for w in words]
        gap = text_width(" ", font, size)
        if not last and len(words) > 1:
            gap = (width - sum(widths)) / (len(words) - 1)
        cx = x
        for w, ww in zip(words, widths):
            items.append((cx, y, w, font, size))
            cx += ww + gap
        y += size * leading
    return items, y


# -- booklets -----------------------------------------------------------------------------------
def mcq(marker: str, stem: str, options: list[str], labels: list[str] | None = None,
        hang: float = 0, double: bool = False) -> list:
    """One question as paragraphs kept in one column: `marker stem` (a marker ending in a
    newline stands on its own line), then `label option` each, hanging at a tab stop if `hang`."""
    labels = labels or [f"{c})" for c in "abcdefghij"]
    head = marker + stem if marker.endswith("\n") or not marker else f"{marker} {stem}"
    opts = [f"{lab} {opt}" for lab, opt in zip(labels, options)]
    return [head] + [Para(o, hang=hang, double=double) if hang else o for o in opts]


def booklet(path, pages, columns: int = 1, split: float = 0.5, running=(), font: str = "helv",
            size: float = 10, extra=None, full_pages: bool = False) -> Path:
    """A one- or two-column booklet. Each page is a list of blocks: str, Para, Figure, or a
    list of them kept together in one column (a question). With two columns, the blocks between
    full-width ones are balanced over a left and a right column, the gutter at `split` of the
    page width. `running` holds (x, y, text) for every page, `{n}` standing for the page number,
    or is a function of n giving them (running text that changes by section). `extra` maps a
    page index to more items. `full_pages` pushes each page's text down into the bottom margin,
    right above the footer, as on a page filled to the end."""
    drawn = []
    for n, blocks in enumerate(pages, 1):
        marks = running(n) if callable(running) else running
        marks = [(x, y, t.format(n=n), "helv", 8) for x, y, t in marks]
        body = _page_body(blocks, columns, split, font, size)
        body = _to_bottom(body) if full_pages else body
        # drawn top to bottom: headers before the body, footers after it
        items = [m for m in marks if m[1] < TOP] + body + [m for m in marks if m[1] >= TOP]
        items += (extra or {}).get(n - 1, [])
        drawn.append(items)
    return make_pdf(path, drawn)


def _page_body(blocks, columns, split, font, size) -> list:
    items, y = [], TOP
    for full, run in _runs(blocks, columns):
        if full:
            more, y = _place(run, MARGIN, y, A4[0] - 2 * MARGIN, font, size)
            items += more
            continue
        cols = _columns(columns, split)
        ends = []
        for (x, width), part in zip(cols, _balance(run, len(cols), cols[0][1], font, size)):
            more, end = _place(part, x, y, width, font, size)
            items += more
            ends.append(end)
        y = max(ends)
    assert y <= BOTTOM, "page overflows: give it fewer blocks"
    return items


def _to_bottom(items) -> list:
    if not items:
        return items
    dy = LAST_BASELINE - max(it[1] for it in items if not isinstance(it, Pic))
    return [Pic(it.x0, it.y0 + dy, it.x1, it.y1 + dy) if isinstance(it, Pic)
            else (it[0], it[1] + dy, *it[2:]) for it in items]


def _columns(columns, split) -> list[tuple[float, float]]:
    """(x, width) of each column."""
    if columns == 1:
        return [(MARGIN, A4[0] - 2 * MARGIN)]
    mid = A4[0] * split
    return [(MARGIN, mid - COLUMN_GAP / 2 - MARGIN),
            (mid + COLUMN_GAP / 2, A4[0] - MARGIN - mid - COLUMN_GAP / 2)]


def _runs(blocks, columns):
    """Consecutive column blocks, and each full-width block on its own."""
    runs: list[tuple[bool, list]] = []
    for b in blocks:
        if columns > 1 and getattr(b, "full", False):
            runs.append((True, [b]))
        elif runs and not runs[-1][0]:
            runs[-1][1].append(b)
        else:
            runs.append((False, [b]))
    return runs


def _balance(run, ncols, width, font, size):
    if ncols == 1:
        return [run]
    heights = [_place([b], 0, 0, width, font, size)[1] for b in run]
    total, acc = sum(heights), 0.0
    for i, h in enumerate(heights):
        acc += h
        if acc >= total / 2:
            return [run[:i + 1], run[i + 1:]]
    return [run, []]


def _place(blocks, x, y, width, font, size) -> tuple[list, float]:
    """Items of blocks stacked from baseline y in a column of the given width."""
    items = []
    for b in blocks:
        if isinstance(b, list):
            more, y = _place(b, x, y, width, font, size)
            items += more
            y += size * 0.6  # space between questions
        elif isinstance(b, Figure):
            items.append(Pic(x, y - size, x + min(width, 160), y - size + b.height))
            y += b.height + size * 0.5
        else:
            b = b if isinstance(b, Para) else Para(b)
            more, y = paragraph(b.text, x, y, width, b.font or font, size, hang=b.hang, double=b.double)
            items += more
            y += size * 0.3
    return items, y


# -- tables and answer grids --------------------------------------------------------------------
def table(rows: list[list[str]], x: float, y: float, col_x: list[float], font: str = "helv",
          size: float = 10, leading: float = 16) -> list:
    """Cells centred on x + col_x[j], row baselines from y; drawn column by column, as grid
    makers do, so the text stream pairs nothing."""
    items = []
    for j, dx in enumerate(col_x):
        for i, row in enumerate(rows):
            if j < len(row) and row[j]:
                items.append((x + dx - text_width(row[j], font, size) / 2, y + i * leading, row[j], font, size))
    return items


def column_major(pairs: list[tuple[str, str]], nrows: int) -> list[list[str]]:
    """`number answer` pairs laid out down the first column pair, then the next."""
    rows = [[] for _ in range(min(nrows, len(pairs)))]
    for i, (num, ans) in enumerate(pairs):
        rows[i % nrows] += [num, ans]
    return rows


def row_major(pairs: list[tuple[str, str]], per_row: int) -> list[list[str]]:
    """`number answer` pairs laid out across a row, then the next row."""
    return [[c for p in pairs[i:i + per_row] for c in p] for i in range(0, len(pairs), per_row)]


def grid_columns(npairs: int, pair_width: float = 90, answer_dx: float = 28) -> list[float]:
    """x offsets of `npairs` side-by-side (number, answer) column pairs."""
    return [k * pair_width + d for k in range(npairs) for d in (0, answer_dx)]


def answer_grid(pairs: list[tuple[str, str]], nrows: int, x: float = 80, y: float = 130,
                headings: tuple[str, str] | None = None, pair_width: float = 90) -> list:
    """An answer key grid: `number answer` pairs down `nrows` rows, then the next column pair,
    under an optional heading per pair (`Nº RESP.`)."""
    rows = column_major(pairs, nrows)
    npairs = -(-len(pairs) // nrows)
    if headings:
        rows = [list(headings) * npairs] + rows
    return table(rows, x, y, grid_columns(npairs, pair_width))


# -- broken font maps ---------------------------------------------------------------------------
# Junk that a broken /ToUnicode gives instead of a letter. Not U+FFFD: MuPDF takes it as "no
# mapping" and falls back to the encoding, so the letter comes out right. Not private-use code
# points (U+E000..U+F8FF) either: MuPDF inserts no space after them, gluing words together.
JUNK = "¶£Ü†ë¤§þðØ‡¦×÷¬"
_LABELS = set("abcdeABCDE")  # option labels: never garbled, so `a)` .. `e)` still extract


def _winansi() -> dict[int, str]:
    """Code -> Unicode of WinAnsiEncoding (cp1252; its five unused codes left out)."""
    out = {}
    for code in range(32, 256):
        try:
            out[code] = bytes([code]).decode("cp1252")
        except UnicodeDecodeError:
            pass
    return out


def _garblable(ch: str) -> bool:
    """A lowercase letter, plain or accented, that is not an option label (µ, ª, º are not)."""
    return (unicodedata.category(ch) == "Ll" and ch not in _LABELS
            and (ch.isascii() or ord(ch) >= 0xC0 or ch in "šœž"))


def _pick_garbled(counts: dict[str, int], total: int, fraction: float, rng) -> set[str]:
    """Letters whose occurrences add up to about `fraction` of the `total` letters: a greedy
    pass over the letters in random order, then the one remaining letter that gets closest.
    Letters the text does not use are garbled with probability `fraction`, as a font's map
    breaks regardless of what a page happens to say."""
    letters = sorted(ch for ch in _winansi().values() if _garblable(ch))
    rng.shuffle(letters)
    target, got, picked = fraction * total, 0, set()
    for ch in letters:
        w = counts.get(ch, 0)
        if w and got + w <= target:
            picked.add(ch)
            got += w
    rest = [ch for ch in letters if counts.get(ch, 0) and ch not in picked]
    if rest:
        best = min(rest, key=lambda ch: abs(got + counts[ch] - target))
        if abs(got + counts[best] - target) < target - got:
            picked.add(best)
    picked |= {ch for ch in letters if not counts.get(ch) and rng.random() < fraction}
    return picked


def _to_unicode_cmap(mapping: dict[int, str]) -> bytes:
    """A /ToUnicode CMap for one-byte codes (bfchar blocks of at most 100 entries)."""
    entries = [f"<{code:02X}> <{u.encode('utf-16-be').hex().upper()}>" for code, u in sorted(mapping.items())]
    blocks = [entries[i:i + 100] for i in range(0, len(entries), 100)]
    body = "\n".join(f"{len(b)} beginbfchar\n" + "\n".join(b) + "\nendbfchar" for b in blocks)
    return ("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
            "1 begincodespacerange\n<00> <FF>\nendcodespacerange\n"
            f"{body}\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n").encode()


def garble_fonts(src, dst, fraction: float = 0.2, seed: int = 0) -> Path:
    """A copy of `src` with a broken font map, as many born-digital exam PDFs have: the pages
    look exactly the same (same pixels), but text extraction gives junk for about `fraction`
    of the letters. It exists for the tests of per-page OCR routing: a page whose text layer is
    garbled like this must go to OCR, which reads it right since the glyphs are right.

    How: each simple WinAnsi font (pdfgen's built-in "helv", "hebo", "tiro", ...) gets a
    /ToUnicode CMap mapping every code to its true character except those of some lowercase
    letters, which map to junk symbols (`JUNK`). MuPDF draws a simple font's glyphs from the
    /Encoding but extracts text from /ToUnicode, so only extraction changes. The letters are
    picked per font (by `seed` and the font's name) so that their occurrences in the document
    make up about `fraction` of all its letters in that font. Never garbled: a-e and A-E (option
    labels such as `a)`), uppercase letters, digits, punctuation and spaces, so question
    markers (`12.`) and labels still extract. Words stay words: no spaces are lost or added.
    `src` and `dst` may be the same file."""
    doc = pymupdf.open(stream=Path(src).read_bytes(), filetype="pdf")
    counts: dict[str, dict[str, int]] = {}  # font name -> letter -> occurrences
    for page in doc:
        for block in page.get_text("dict")["blocks"]:
            for line in block.get("lines", []):
                for span in line["spans"]:
                    c = counts.setdefault(span["font"], {})
                    for ch in span["text"]:
                        if ch.isalpha():
                            c[ch] = c.get(ch, 0) + 1
    winansi = _winansi()
    done = set()
    for page in doc:
        for xref, _ext, ftype, basefont, _name, encoding in page.get_fonts():
            name = basefont.split("+")[-1]  # a subset prefix ABCDEF+ is not in span names
            if (xref in done or ftype not in ("Type1", "TrueType") or encoding != "WinAnsiEncoding"
                    or name in ("Symbol", "ZapfDingbats")):
                # Type0/CID fonts, custom encodings, and the symbol fonts (which PyMuPDF also
                # labels WinAnsi, but whose codes are not letters) are left alone
                continue
            done.add(xref)
            c = counts.get(name, {})
            rng = random.Random(f"{seed}/{name}")
            bad = _pick_garbled(c, sum(c.values()), fraction, rng)
            mapping = {code: rng.choice(JUNK) if u in bad else u for code, u in winansi.items()}
            cmap = doc.get_new_xref()
            doc.update_object(cmap, "<<>>")
            doc.update_stream(cmap, _to_unicode_cmap(mapping))
            doc.xref_set_key(xref, "ToUnicode", f"{cmap} 0 R")
    doc.save(str(dst), garbage=1, deflate=True, no_new_id=True)  # no random /ID: same bytes each run
    doc.close()
    return Path(dst)


# Spanish multiple-choice questions for `garbled_exam`: (stem, options).
EXAM_QUESTIONS = [
    ("¿Cuál de los siguientes órganos forma parte del sistema nervioso central?",
     ["El hígado", "La médula espinal", "El páncreas", "El bazo"]),
    ("Según la Constitución Española, ¿quién ejerce la potestad legislativa del Estado?",
     ["El Gobierno", "El Tribunal Supremo", "Las Cortes Generales", "El Consejo de Estado"]),
    ("¿Qué tipo de enlace une los átomos de hidrógeno y oxígeno dentro de una molécula de agua?",
     ["Enlace iónico", "Enlace covalente polar", "Enlace metálico", "Puente de hidrógeno"]),
    ("En el procedimiento administrativo común, el plazo máximo para resolver, si la norma "
     "reguladora no fija otro, es de:",
     ["Tres meses", "Seis meses", "Un mes", "Quince días hábiles"]),
    ("¿Cuál es la función principal de los glóbulos rojos?",
     ["Transportar oxígeno a los tejidos", "Producir anticuerpos",
      "Intervenir en la coagulación", "Digerir bacterias"]),
    ("¿En qué año se aprobó la actual Constitución Española?",
     ["En 1975", "En 1978", "En 1981", "En 1986"]),
    ("¿Qué medida de tendencia central corresponde al valor que más se repite en una serie "
     "de datos?",
     ["La media aritmética", "La mediana", "La moda", "El rango intercuartílico"]),
    ("La fotosíntesis tiene lugar principalmente en los orgánulos celulares llamados:",
     ["Mitocondrias", "Ribosomas", "Cloroplastos", "Lisosomas"]),
]


def garbled_exam(path, n: int = 6, fraction: float = 0.2, seed: int = 0):
    """A one-column Spanish exam of `n` questions (`1.` .. `n.`, options `a)` .. `d)`, six
    questions a page, no key), its fonts garbled by `garble_fonts`. Returns (path, questions),
    questions being the clean (stem, [options]) as drawn, for comparing with what extraction
    or OCR gives. Beyond len(EXAM_QUESTIONS) the questions repeat."""
    questions = [EXAM_QUESTIONS[i % len(EXAM_QUESTIONS)] for i in range(n)]
    blocks = [mcq(f"{i}.", stem, opts) for i, (stem, opts) in enumerate(questions, 1)]
    booklet(path, [blocks[i:i + 6] for i in range(0, n, 6)])
    return garble_fonts(path, path, fraction, seed), [(s, list(o)) for s, o in questions]
