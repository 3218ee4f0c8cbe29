"""How a page sets some words apart: bold type, a box or circle drawn around them, a tint or a
highlight behind them, a dark fill with the text reversed out of it. Read on demand (fonts and
drawings cost more than the words), for the pages where it can tell an answer: an edition
"with solutions" marks the right option in the booklet, a key grid reverses an annulled cell."""
from __future__ import annotations

from dataclasses import dataclass, field

from .geometry import Box

BOLD = 1 << 4  # MuPDF's span flag


@dataclass
class Marks:
    bold: list[Box] = field(default_factory=list)  # spans set in bold
    frames: list[Box] = field(default_factory=list)  # boxes and circles drawn as outlines
    tints: list[Box] = field(default_factory=list)  # fills lighter than text: a highlight, a shade
    dark: list[Box] = field(default_factory=list)  # fills dark enough to reverse text out of
    light: list[Box] = field(default_factory=list)  # spans set in a light colour (white on a fill)

    def is_bold(self, word: Box) -> bool:
        return any(b.contains(_shrunk(word)) for b in self.bold)

    def framed(self, word: Box) -> bool:
        """A frame drawn around the word, hugging it (not a table's cell or the page's border)."""
        return any(f.contains(_shrunk(word)) and f.width < 4 * max(word.width, word.height)
                   and f.height < 3 * word.height for f in self.frames)

    def tinted(self, line: Box) -> bool:
        """Half the line or more lies on a tint."""
        return any(t.overlaps(line) and _overlap(t, line) >= 0.5 * line.area for t in self.tints)

    def reversed(self, word: Box) -> bool:
        """Set light on a dark fill: reversed out of it."""
        inner = _shrunk(word)
        return any(s.contains(inner) for s in self.light) and any(d.contains(inner) for d in self.dark)


def read(page, clip: tuple | None = None) -> Marks:
    """The marks of a PyMuPDF page; the type's only within `clip` (x0, y0, x1, y1), when given
    (the whole page's spans cost twice a text page)."""
    import pymupdf

    marks = Marks()
    no_images = pymupdf.TEXTFLAGS_DICT & ~pymupdf.TEXT_PRESERVE_IMAGES  # pictures' bytes would be copied out
    for block in page.get_text("dict", flags=no_images, clip=clip)["blocks"]:
        for line in block.get("lines", ()):
            for span in line["spans"]:
                font = span["font"].lower()
                if span["flags"] & BOLD or any(w in font for w in ("bold", "black", "heavy", "semibold")):
                    marks.bold.append(Box(*span["bbox"]))
                rgb = span["color"]
                if (rgb >> 16 & 255) + (rgb >> 8 & 255) + (rgb & 255) > 3 * 200:
                    marks.light.append(Box(*span["bbox"]))
    for path in page.get_cdrawings():  # the paths as plain tuples: four times faster
        box = Box(*path["rect"])
        if box.width < 2 or box.height < 2:
            continue  # a rule, an underline
        fill = path.get("fill")
        if fill is not None:
            light = sum(fill) / len(fill) if fill else 0.0
            if light < 0.35:
                marks.dark.append(box)
            elif light < 0.97:
                marks.tints.append(box)
        elif path.get("color") is not None:
            marks.frames.append(box)
    for annot in page.annots() or ():
        if annot.type[1] in ("Highlight", "Underline", "Squiggly"):
            marks.tints.append(Box(*annot.rect))
        elif annot.type[1] in ("Square", "Circle"):
            marks.frames.append(Box(*annot.rect))
    return marks


def _shrunk(word: Box) -> Box:
    """The word's box a little inside itself (span boxes and word boxes differ by a hair)."""
    dx, dy = 0.2 * word.width, 0.2 * word.height
    return Box(word.x0 + dx, word.y0 + dy, word.x1 - dx, word.y1 - dy)


def _overlap(a: Box, b: Box) -> float:
    return max(0.0, min(a.x1, b.x1) - max(a.x0, b.x0)) * max(0.0, min(a.y1, b.y1) - max(a.y0, b.y0))
