"""The one geometry of extract: a Box (x0, y0, x1, y1; origin top left) and a Word, a Box with
its text. Pages are in PDF points, page images in pixels; lines (layout.Line) are Boxes too, so
overlap and union are written once, here."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(slots=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    def __iter__(self):  # x0, y0, x1, y1 = box
        return iter((self.x0, self.y0, self.x1, self.y1))

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def yc(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def area(self) -> float:
        return max(0.0, self.x1 - self.x0) * max(0.0, self.y1 - self.y0)

    def overlaps(self, other: Box) -> bool:
        """Whether the two share some area (touching edges do not count)."""
        return (min(self.x1, other.x1) > max(self.x0, other.x0)
                and min(self.y1, other.y1) > max(self.y0, other.y0))

    def x_overlaps(self, other: Box, slack: float = 0.0) -> bool:
        """Whether the two stand in one column: their x ranges meet, give or take `slack`."""
        return self.x0 - slack <= other.x1 and other.x0 <= self.x1 + slack

    def contains(self, other: Box) -> bool:
        return self.x0 <= other.x0 and self.y0 <= other.y0 and other.x1 <= self.x1 and other.y1 <= self.y1


def union(boxes: Iterable[Box]) -> Box:
    """The smallest Box holding all of them (at least one)."""
    it = iter(boxes)
    first = next(it)
    x0, y0, x1, y1 = first.x0, first.y0, first.x1, first.y1
    for b in it:
        x0, y0, x1, y1 = min(x0, b.x0), min(y0, b.y0), max(x1, b.x1), max(y1, b.y1)
    return Box(x0, y0, x1, y1)


@dataclass(slots=True)
class Word(Box):
    """A word and its box: from the text layer (`block`: the order the PDF draws text in) or from
    OCR (`conf`: Tesseract's confidence, 0-100; `region`: the piece of the page image it was
    read in)."""
    text: str = ""
    block: int = 0
    conf: float = 100.0
    region: int = 0
