"""What a booklet says of itself in its instructions: how many questions it holds and how they
are numbered (`Este CADERNO DE QUESTÕES contém 90 questões numeradas de 91 a 180`, `Esta prueba
contiene 65 preguntas`, `El cuestionario consta de 100 preguntas`). A check that needs no key:
the questions found should be these."""
from __future__ import annotations

import re
from dataclasses import dataclass

_VERB = (r"cont[ée]m|contem|cont[ée]n|conté|contiene|tiene|tem|ten|consta\s+d[e']|se\s+compone\s+de|comp[õo]e-se\s+de|"
         r"(?:est[áa]|[ée])\s+(?:compuest[oa]|compost[oa]|formad[oa])\s+(?:de|por)|comprende|"
         r"contains|consists\s+of")
_NOUN = (r"quest[õo]es|questoes|preguntas|preguntes|cuesti[oó]ns|cuestiones|q[üu]esti(?:ons|óns)|"
         r"[íi]tems|itens|reactivos|questions|items")
# the verb, a few words without a number or a full stop (`a Proposta de Redação e`), another
# count joined by `e`/`y` (`8 textos y`), the count, the noun, and the numbering if given
_STATED = re.compile(
    rf"\b(?:{_VERB})(?!\w)[^.\d]{{0,40}}?(?:\d+\s+\w+\s+(?:e|y|i|and)\s+)?(\d{{1,3}})\s+(?:{_NOUN})\b"
    r"(?:[^.\d]{0,20}?\bde\s+(\d{1,3})\s+(?:a|ao|al|até|hasta)\s+(\d{1,3})\b)?"
    r"|\b(\d{1,3})\s+galdera\s+(?:ditu|dauzka)\b", re.I)  # Basque: the count, the noun, the verb


@dataclass(frozen=True)
class Stated:
    count: int
    first: int = 1  # numbered from 1 unless the booklet says otherwise

    @property
    def numbers(self) -> range:
        return range(self.first, self.first + self.count)

    @property
    def last(self) -> int:
        return self.numbers[-1]

    def missing(self, found: set[int]) -> list[int]:
        return [n for n in self.numbers if n not in found]


def stated(text: str) -> Stated | None:
    """The first statement of the booklet's question count in `text` (its first pages), or None.
    A numbering that does not span the count (`90 questões numeradas de 1 a 45`) is not taken."""
    m = _STATED.search(" ".join(text.split()))
    if not m:
        return None
    count = int(m.group(1) or m.group(4))
    if count < 2:
        return None
    if m.group(2):
        first, last = int(m.group(2)), int(m.group(3))
        if last - first + 1 != count:
            return None
        return Stated(count, first)
    return Stated(count)
