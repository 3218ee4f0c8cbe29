"""Is a text the LLM returned printed in the source? Both sides are compared as letters and
digits only (case, accents kept; spacing, punctuation and line-break hyphens ignored), so
that a copy counts as found and an invented or shortened one does not:

- found: rapidfuzz's partial ratio of the text against the source is at least 90;
- whole: where the text's first and last letters sit in the source, the span between them is
  no longer than the text by more than 2 % (a dropped word makes it longer).
"""
from __future__ import annotations

import unicodedata

from rapidfuzz import fuzz

FOUND = 90.0
ANCHOR = 12  # letters at each end that must be found as printed
SLACK = 0.02


def compact(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKC", text).casefold() if c.isalnum())


class Source:
    """A chunk's source text, with where each compact letter came from (for the page)."""

    def __init__(self, lines: list[str]):
        self.text = ""
        self.line_of: list[int] = []
        self.ends: list[int] = []  # where each line ends
        for i, line in enumerate(lines):
            c = compact(line)
            self.text += c
            self.line_of += [i] * len(c)
            self.ends.append(len(self.text))

    def rest_of_line(self, pos: int) -> int:
        """How many letters of its line follow `pos`."""
        if pos <= 0 or pos > len(self.text):
            return 0
        return self.ends[self.line_of[pos - 1]] - pos

    def locate(self, text: str, after: int = 0, before: int | None = None) -> tuple[int, int] | None:
        """(start, end) of `text` in the source between `after` and `before` (the texts of a
        question come in order, within its own area: an option is not found in its stem, nor in
        the next question), or None when it is not there whole."""
        c = compact(text)
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
        if end - start > len(c) * (1 + SLACK) + 1:
            return None  # the source runs longer: words were left out
        return start, end
