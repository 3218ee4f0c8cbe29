"""Is a text the LLM returned printed in the source? Both sides are compared as letters and
digits only (case, accents kept; spacing, punctuation and line-break hyphens ignored), so
that a copy counts as found and an invented or shortened one does not:

- found: rapidfuzz's partial ratio of the text against the source is at least 90;
- whole: where the text's first and last letters sit in the source, the span between them is
  no more than 2 letters longer than the text (a dropped word makes it longer).
"""
from __future__ import annotations

from rapidfuzz import fuzz

from schema.common import compact

FOUND = 90.0
ANCHOR = 12  # letters at each end that must be found as printed
SLACK = 2  # letters


class Source:
    """A chunk's source text, with where each compact letter came from (for the page)."""

    def __init__(self, lines: list[str]):
        self.lines = lines
        self.text = ""
        self.line_of: list[int] = []
        self.ends: list[int] = []  # where each line ends
        self.furniture: list[bool] = []  # a line that is only a number: a page number left in
        for i, line in enumerate(lines):
            c = compact(line, accents=True)
            self.text += c
            self.line_of += [i] * len(c)
            self.ends.append(len(self.text))
            self.furniture.append(c.isdigit() and len(c) <= 4 and len(line.split()) == 1)

    def gap(self, a: int, b: int) -> int:
        """Letters between two positions, page numbers left in by the layout not counted."""
        return sum(1 for k in range(a, b) if not self.furniture[self.line_of[k]])

    def ends_line(self, pos: int) -> bool:
        """Whether a text ending at `pos` ends its line (nothing after it but punctuation, or the
        next question's number) and the next line does not carry it on (a lower-case start)."""
        if pos <= 0 or pos > len(self.text):
            return True
        line = self.line_of[pos - 1]
        rest = self.text[pos:self.ends[line]]
        if rest and not rest[0].isdigit():
            return False
        following = next((t.strip() for t in self.lines[line + 1:] if t.strip()), "")
        return not (following[:1].islower() and not rest)

    def locate(self, text: str, after: int = 0, before: int | None = None) -> tuple[int, int] | None:
        """(start, end) of `text` in the source between `after` and `before` (the texts of a
        question come in order, within its own area: an option is not found in its stem, nor in
        the next question), or None when it is not there whole."""
        c = compact(text, accents=True)  # an accent the LLM changed is a changed text
        if not c:
            return None
        before = len(self.text) if before is None else before
        exact = self.text.find(c, after, before)
        if exact >= 0:
            return exact, exact + len(c)
        found = fuzz.partial_ratio_alignment(c, self.text[after:before], score_cutoff=FOUND)
        if found is None:
            return None
        found.dest_start += after
        found.dest_end += after
        k = min(ANCHOR, len(c) // 3)
        if k < 4:
            return found.dest_start, found.dest_end
        lo = max(after, found.dest_start - len(c))
        start = self.text.find(c[:k], lo, found.dest_end)
        end = self.text.find(c[-k:], max(start, found.dest_start), min(before, found.dest_end + len(c)))
        if start < 0 or end < 0:
            # the ends were changed: keep it only when it is nearly a copy
            return (found.dest_start, found.dest_end) if found.score >= 97 else None
        end += k
        if end - start > len(c) + SLACK:
            return None  # the source runs longer: words were left out
        return start, end
