"""The printed conventions of exams: question markers, option labels, key tokens."""
from __future__ import annotations

import re
from functools import lru_cache

from schema.common import LETTERS, letter_index

KEYWORDS = (r"quest[ãa]o|pregunta|cuesti[óo]n|q[üu]esti[óo]|quest[ãa]o|pergunta|question|"
             r"galdera|item|ítem|ejercicio|exercício|ejercicio")
MARKERS: dict[str, re.Pattern] = {
    # `QUESTÃO 01`, `Pregunta 12.`, `Questão nº 3 -`
    "keyword": re.compile(rf"^\s*(?:{KEYWORDS})\s*(?:n\.?\s*[º°o]\.?\s*)?(\d{{1,3}})\s*[\.\):\-–]?\s*(.*)$", re.I),
    "paren": re.compile(r"^\s*(\d{1,3})\s*\)\s*(.*)$"),
    # `1.`, `1.-`, `1 .` but not `1.5`
    "dot": re.compile(r"^\s*(\d{1,3})\s*\.(?!\d)\s*[-–]?\s*(.*)$"),
    # `12 - Texto`, `12- Texto`, `12 -Texto` and `12-Texto` (glued to a capital: `2-metil` is a word)
    "dash": re.compile(r"^\s*(\d{1,3})(?:\s*[-–]\s+|\s+[-–](?=[^\W\d_])|[-–](?=[A-ZÀ-Ý]))(.*)$"),
    # `12` alone, or with the bank code of its item: `01 A00413` (FGV)
    "bare": re.compile(r"^\s*(\d{1,3})(?:\s+[A-Z]{1,3}\d{3,})?\s*$"),
}
KEYWORD_ALONE = re.compile(rf"^\s*(?:{KEYWORDS})\s*$", re.I)


def question_marker(text: str) -> tuple[str, int, str] | None:
    """(style, number, rest of the line) if the line starts like a question."""
    for style, rx in MARKERS.items():
        m = rx.match(text)
        if m:
            return style, int(m.group(1)), (m.group(2) if m.lastindex and m.lastindex >= 2 else "").strip()
    return None


@lru_cache(maxsize=16384)  # the segmenter asks each line about each style, several times over
def marker_of_style(text: str, style: str) -> tuple[int, str] | None:
    m = MARKERS[style].match(text)
    if not m:
        return None
    rest = m.group(2) if m.lastindex and m.lastindex >= 2 else ""
    return int(m.group(1)), rest.strip()


_CIRCLED = {chr(0x24D0 + i): LETTERS[i] for i in range(10)}  # ⓐ..ⓙ
_CIRCLED.update({chr(0x24B6 + i): LETTERS[i].upper() for i in range(10)})  # Ⓐ..Ⓙ
OPTION_STYLES: list[tuple[str, re.Pattern]] = [
    ("(a)", re.compile(r"^\s*\(([a-jA-J])\)\s*(.*)$")),
    ("a)", re.compile(r"^\s*([a-jA-J])\s?\)\s*(.*)$")),
    ("a.", re.compile(r"^\s*([a-jA-J])\s?[\.\-–:]\s+(.*)$")),
    ("1)", re.compile(r"^\s*([1-9])\s?\)\s*(.*)$")),
    ("1.", re.compile(r"^\s*([1-9])\s?\.(?!\d)\s*(.*)$")),
    ("circled", re.compile(r"^\s*([\u24B6-\u24E9])\s*(.*)$")),
]
BARE_LETTER = re.compile(r"^([A-J])$")


def option_index(label: str) -> int:
    return letter_index(_CIRCLED.get(label, label))


@lru_cache(maxsize=16384)  # (as marker_of_style)
def option_label(text: str) -> tuple[str, int, str] | None:
    """(style, 0-based index, rest) if the line starts with an option label."""
    for style, rx in OPTION_STYLES:
        m = rx.match(text)
        if m:
            label = m.group(1)
            # style carries the case so `A)` options never continue an `a)` list
            case = "U" if label.isupper() else "l"
            return f"{style}{case}", option_index(label), m.group(2).strip()
    return None


# A worked solution after a question's options (solucionarios, "com resolução" editions), and
# the answer it states, alone on its line: `Respuesta: C`, `Rpta.: C`, `Resposta correta: (B)`.
SOLUTION_HEADING = re.compile(r"^\s*(?:resoluci[óo]n|soluci[óo]n|resolu[çc][ãa]o|solu[çc][ãa]o|explicaci[óo]n|"
                              r"justificaci[óo]n|comentarios?|coment[áa]rio|ebazpena)\s*(?:[:.\-–]|$)", re.I)
ANSWER_STATEMENT = re.compile(
    r"^\s*(?:la\s+|a\s+)?(?:respuesta|resposta|rpta|clave|alternativa|gabarito|answer|erantzuna)\.?"
    r"(?:\s+(?:correcta|correta|correct|zuzena))?\s*(?:es\s+(?:la\s+)?|é\s+(?:a\s+)?)?[:=\-–]?\s*"
    r"\(?([A-Ea-e])\)?\s*[.;]?\s*$", re.I)

# Heading words naming an alternative version of the same items (foreign-language options).
VARIANT_WORDS = {
    "ingles": "ingles", "english": "ingles", "inglés": "ingles",
    "espanhol": "espanhol", "espanol": "espanhol", "spanish": "espanhol", "castellano": "espanhol",
    "frances": "frances", "french": "frances", "aleman": "alemao", "alemao": "alemao",
    "german": "alemao", "italiano": "italiano", "italian": "italiano",
}
# Section titles that introduce a passage, and `(Preguntas 1 a 7)`-style ranges.
PASSAGE_TITLE = re.compile(
    r"^\s*(lectura|texto|text|leia|lee|read|irakurgaia|testu|lectura|passage|fragmento|"
    r"fragment|documento|document|situaci[óo]n|caso|supuesto)\b", re.I)
RANGE = re.compile(
    r"(?:preguntas?|quest(?:[õo]es|ões|ão|oes)|questions?|items?|ítems?|cuestiones)\s*"
    r"(?:de\s+|del\s+|from\s+|n[º°]s?\s*)?(\d{1,3})\s*(?:a|al|to|-|–|e|y|and|até|ata)\s*(\d{1,3})", re.I)
IMAGE_WORDS = re.compile(
    r"\b(figura|figure|imagen|imagem|image|gr[áa]fico|graph|chart|diagrama|diagram|mapa|map|"
    r"fotograf[íi]a|foto|ilustra[çc][ãa]o|ilustraci[óo]n|charge|cartum|tirinha|quadrinhos?|"
    r"vi[ñn]eta|infogr[áa]fico|esquema|observe|obs[eé]rvese|radiograf[íi]a|electrocardiograma)\b",
    re.I)
# Where the test ends and a questionnaire about it begins (INEP's "Questionário de Percepção sobre
# a Prova" after Revalida's and ENADE's items): its items, numbered again from 1 with options A-E,
# are opinions, not questions.
END_OF_TEST = re.compile(r"^\s*question[áa]rio\s+de\s+percep[çc][ãa]o\b", re.I)
# A page number as printed alone on its line: `12`, `- 12 -`, `Página 3 de 40`, `3/46`.
PAGE_NUMBER = re.compile(
    r"^(?:[-–—]\s*)?(?:p[áa]g(?:ina)?\.?\s*)?\d{1,4}(?:\s*(?:/|de|of|do)\s*\d{1,4})?(?:\s*[-–—])?$",
    re.I)
RESERVE_HEADING = re.compile(r"\b(reserva|suplentes?|reserve|ordezko)\b", re.I)
