"""Keys a booklet carries in its questions, with no key table anywhere: answers marked on the
options themselves (an edition "with solutions" sets the right option's label in bold or in a
box, or puts a highlight behind the option), or stated after each question's worked solution
(`Respuesta: C`). The marks only make a key when, question by question, exactly one option is
marked, and most questions have one; so do the statements."""
from __future__ import annotations

from schema.common import LETTERS

from ..pages.geometry import Box, union
from ..pages.marks import Marks
from .answer_keys import AnswerKey, KeyEntry
from .segment import RawQuestion

PROBE = 4  # questions looked at before deciding a booklet marks no answers (fonts and drawings cost)


def marked_key(raw: list[RawQuestion], marks_of) -> AnswerKey:
    """The key the booklet's marks give (`marks_of(page number)`, None for a page whose marks
    cannot be read, an OCR'd one); empty when they do not make one."""
    answers: dict[tuple[int, bool], dict[str | None, str | None]] = {}
    # the first questions' options are looked at alone: most booklets mark none
    near: dict[int, Box] = {}
    for ln in (ln for q in raw[:PROBE] for lines in q.option_lines for ln in lines):
        near[ln.page] = union([near[ln.page], ln]) if ln.page in near else ln

    def probed(n: int):
        return marks_of(n, (near[n].x0 - 2, near[n].y0 - 2, near[n].x1 + 2, near[n].y1 + 2))

    for k, q in enumerate(raw):
        if k == PROBE and not answers:
            return AnswerKey()  # the first questions mark nothing: not an edition with solutions
        marked = [j for j, lines in enumerate(q.option_lines) if _marked(lines, probed if k < PROBE else marks_of)]
        if len(marked) == 1:
            answers.setdefault((q.number, q.reserve), {})[q.variant] = LETTERS[marked[0]]
    if len(answers) < max(2, 0.5 * len({(q.number, q.reserve) for q in raw})):
        return AnswerKey()
    return AnswerKey([KeyEntry(n, cols, reserve=r) for (n, r), cols in answers.items()])


def stated_key(raw: list[RawQuestion]) -> AnswerKey:
    """The key the worked solutions state, when most questions state one."""
    answers: dict[tuple[int, bool], dict[str | None, str | None]] = {}
    for q in raw:
        if q.stated is not None and LETTERS.index(q.stated) < len(q.options):
            answers.setdefault((q.number, q.reserve), {})[q.variant] = q.stated
    if len(answers) < max(2, 0.5 * len({(q.number, q.reserve) for q in raw})):
        return AnswerKey()
    return AnswerKey([KeyEntry(n, cols, reserve=r) for (n, r), cols in answers.items()])


def _marked(lines, marks_of) -> bool:
    first = lines[0]
    marks: Marks | None = marks_of(first.page)
    if marks is None:
        return False
    label = first.words[0]
    return (marks.is_bold(label) or marks.framed(label)
            or any((m := marks_of(ln.page)) is not None and m.tinted(ln) for ln in lines))
