"""Prova Cangur (Societat Catalana de Matemàtiques): the mathematics contest's booklets, in Catalan,
30 items with five options (A-E) per level, since 1996.

Documented (stored pages of cangur.org): one folder per year, cangur.org/cangur/cang{YYYY}/
(cang2017/dossier2017web.pdf, cang2020/, cang2018/informacions/premis/); the oldest years are HTML
pages of questions (cang1999/nivell3.htm), not documents, and are not read; levels from the 1st
year of ESO to the 2nd of batxillerat (and the last years of primary in later editions); items
often rely on a figure.

ASSUMED (the fixture site fixtures/sites/es_cangur/ is built on these): an index page links the
years ("Cangur 2023"); a year's page lists per level the "Enunciats" and the "Solucions" as PDFs.
Exam and key pair on (year, level)."""
import re

from spiders.base import Doc, words
from spiders.sources.linked import LinkedPagesSpider, year_in

# the level as the page or file names it: "1r d'ESO", "2n batxillerat", "c1eso", "6e primaria"
LEVEL = re.compile(r"\b([1-6])\s*(?:r|n|t|e|er|on|rt|a)?\s*(?:de |d'|d )?(eso|batx\w*|primaria)\b"
                   r"|\b[cs]([1-6])(eso|batx|prim)\b")
LEVELS = {"eso": "Middle school", "batx": "High school", "prim": "Elementary school"}


def level(text: str) -> tuple[str, str] | None:
    found = LEVEL.search(text)
    if not found:
        return None
    n, stage = (found.group(1), found.group(2)) if found.group(1) else (found.group(3), found.group(4))
    return n, stage[:4]


class EsCangurSpider(LinkedPagesSpider):
    name = "es_cangur"
    country = "ES"
    languages = ("ca",)
    exam = "Prova Cangur (concurs de matemàtiques)"
    publisher = "Societat Catalana de Matemàtiques (Institut d'Estudis Catalans)"
    level = "Middle school"
    licence = "not checked"
    first_year = 1996
    base_url = "https://www.cangur.org"
    entry = ("cangur/",)
    follow_words = r"\bcangur (?:19|20)\d\d\b|/cang(?:19|20)\d\d/?$"
    key_words = r"\bsolucions?\b|\brespostes\b|\bclaus?\b"
    exam_words = r"\benunciats?\b|\bprova\b|\bproblemes\b"
    skip_words = r"\bpremis?\b|puntuacions|dossier|inscripci|\bbases\b|classificaci|diplom"

    def document(self, role, own, context, url, response, heading):
        found = level(own) or level(words(heading))
        if not found:
            return None
        n, stage = found
        year = year_in(own, url, context)
        name = {"eso": "ESO", "batx": "batxillerat", "prim": "primària"}[stage]
        return Doc(url, role, (year, n, stage), label=f"Cangur {year} {n} {name}", year=year,
                   level=LEVELS[stage], subject=f"Matemàtiques, {n} {name}")
