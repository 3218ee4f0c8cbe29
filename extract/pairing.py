"""`include-extract FOLDER`: each exam with its answer key, told by the files' names as the spiders
tell a listing's links (a key says so: gabarito, clave, plantilla, respuestas, key...) and paired
on what remains of the name (`2023_prova_dia1.pdf` with `2023_gabarito_dia1.pdf`); a folder of
one exam and one key (`exam.pdf`, `key.pdf`) is a pair whatever their names."""
from __future__ import annotations

import re
from pathlib import Path

from schema.common import fold

KEY_WORDS = re.compile(r"\b(?:answer[\s_-]*)?keys?\b|\banswers?\b|gabaritos?|clavijero|claves?\b|plantillas?|"
                       r"respuestas?|respostas?|solucion(?:es|ario)?|solucoes|correccion|criterios|chave|"
                       r"erantzun\w*|zuzen\w*")
EXAM_WORDS = re.compile(r"\b(?:exam|examen|exame|prova|provas|caderno|cuadernillo|cuestionario|questionario|"
                        r"booklet|enunciados?|preguntas|questoes|azterketa|test)\b")


def is_key(path: Path) -> bool:
    return bool(KEY_WORDS.search(_words(path)))


def pair_files(files: list[Path]) -> tuple[list[Path], dict[Path, Path]]:
    """The exams among `files` (in their order) and the key each pairs with; a key that pairs
    with no exam, or with several, is left out of both (the exams are read without it)."""
    keys = [f for f in files if is_key(f)]
    exams = [f for f in files if f not in keys]
    paired: dict[Path, Path] = {}
    for key in keys:
        same = [e for e in exams if e.parent == key.parent and _rest(e) == _rest(key)]
        if not same:
            folder = [e for e in exams if e.parent == key.parent]
            folder_keys = [k for k in keys if k.parent == key.parent]
            same = folder if len(folder) == 1 and len(folder_keys) == 1 else []
        if len(same) == 1 and same[0] not in paired:
            paired[same[0]] = key
    return exams, paired


def _words(path: Path) -> str:
    return " ".join(re.split(r"[\W_]+", fold(path.stem)))


def _rest(path: Path) -> str:
    """The name without its exam or key words: what an exam and its key share."""
    return "".join(EXAM_WORDS.sub(" ", KEY_WORDS.sub(" ", _words(path))).split())
