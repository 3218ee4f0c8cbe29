"""INEP, Revalida (revalidation of foreign medical degrees), 1st stage: the objective test of
100 items with options A-D. One page per year (`…/revalida/provas-e-gabaritos/{year}`), read
as INEP's ENEM pages are (spiders/sources/inep.py).

Documented (by INEP's pages and public lists of download URLs): the files live on
`download.inep.gov.br/revalida/provas_e_gabaritos/` (older: `…/educacao_superior/revalida/
provas/{Y}/prova_objetiva_1.pdf`, `…/gabaritos/{Y}/gabarito_definitivo_prova_objetiva_v1.pdf`;
a gov.br copy under `…/provas-e-gabaritos/2023/arquivos/2023_2_revalida_prova_objetiva.pdf`)
and their names are not stable: `2024_1_PV_objetiva_regular.pdf` / `2024_1_GB_objetiva.pdf`,
`2025_1_GB_objetiva_definitivo.pdf`, `2025_2_caderno_1_preliminar.pdf` /
`2025_2_gabarito_caderno_1.pdf`, `2026_1_caderno_1_ampliada.pdf` / `gab2026.pdf`. Exam and
key pair on the edition (`{Y}_{half}`) and the caderno; the definitive key is preferred over
the preliminary one, the "ampliada" (one-column) booklet over the regular two-column one. The
cadernos of an edition are the same test shuffled (2025/2), so one caderno per edition is kept,
like one colour per ENEM day. After item 100 the booklet prints a "Questionário de Percepção
sobre a Prova" (numbering again from 1, options A-E) that is not part of the test.

So a document is told by its link text and file name together: a key says "gabarito"/`GB`/
`gab2026`, an exam "prova"/`PV`/"caderno"; the 2nd stage (habilidades clínicas), discursive
papers, answer standards, notes and Libras videos are left out. The edition comes from the file
name (`2025_2_…`), else from the link, its booklet title or its heading ("2025/2", "2ª edição"),
else it is the page's year alone; the caderno from "caderno N"/`_vN`/"objetiva N". A key that
names no caderno goes with the kept caderno. Only links whose path says "revalida" are taken
(every recorded URL does), so another exam's page is never read as this one.

Assumed, not verified (no copy of a Revalida year page is public): the year pages' markup (the
fixture site reproduces ENEM's), the link texts, that the "preliminar" in a booklet's name is
not about its content, that a key naming no caderno serves the kept one and a booklet naming
none is caderno 1, that the questionnaire's items are marked "QUESTÃO N" like the test's.

The questionnaire's heading ends the test for include-extract (extract/questions/patterns.py,
END_OF_TEST), so its items give no records."""
import re

from spiders.base import Doc, fold
from spiders.sources.inep import InepSpider, Link

EDITION_IN_NAME = re.compile(r"(?<!\d)(20\d\d) ([12])(?!\d)")
EDITION_IN_TEXT = re.compile(r"(?<!\d)(20\d\d)\s*[/.]\s*([12])(?![\d.])|(?<!\d)([12])\s*a?\s*edicao")


def edition(link: Link, page_year: int) -> tuple[int, int | None]:
    """(year, half) of a document; half None when nothing names it."""
    m = EDITION_IN_NAME.search(link.name)
    if m:
        return int(m.group(1)), int(m.group(2))
    for text in (link.own, fold(link.title), fold(link.section)):
        m = EDITION_IN_TEXT.search(text)
        if m and m.group(1):
            return int(m.group(1)), int(m.group(2))
        if m:
            return page_year, int(m.group(3))
    return page_year, None


class BrRevalidaSpider(InepSpider):
    name = "br_revalida"
    exam = "Revalida (Exame Nacional de Revalidação de Diplomas Médicos), prova objetiva"
    level = "Professional"
    first_year = 2011
    base_url = "https://www.gov.br/inep/pt-br/areas-de-atuacao/avaliacao-e-exames-educacionais/revalida"
    key_words = r"gabarito|\bgb\b|\bgab ?\d{4}\b|\bgab\b"
    exam_words = r"\bprova\b|\bpv\b|caderno|objetiva"
    # not the objective test: the 2nd stage, essays, answer standards, results, appeals, accessibility
    # editions that are not text (Libras video), INEP's notes on annulled items
    skip_words = (r"discursiv|habilidades|\bpep\b|libras|padrao|espelho|resultado|recurso|edital|percep"
                  r"|(?<![a-z])nota(?![a-z])|manual|\bvideo")
    version_words = r"(?:caderno|\bv|objetiva|\bcd)\s*0?(\d)\b"  # the caderno: "caderno 1", `_v1`, `CD1`

    def parse_year(self, response, year):
        found: list[tuple[Link, str, tuple[int, int | None], int | None]] = []
        for link in self.links(response):
            role = self.classify(link.own, link.context)
            cad = self.version(f"{link.own} {link.title}")
            if role and "revalida" in link.path:
                found.append((link, role, edition(link, year), int(cad) if cad else None))
        # a document whose half nothing names goes with the one edition of its year, if only one
        halves = {}
        for _, _, (y, h), _ in found:
            halves.setdefault(y, set()).add(h)
        for i, (lk, role, (y, h), cad) in enumerate(found):
            named = halves[y] - {None}
            if h is None and len(named) == 1:
                found[i] = (lk, role, (y, named.pop()), cad)
        for ed in dict.fromkeys(e for _, _, e, _ in found):
            self.edition(ed, [(lk, role, cad) for lk, role, e, cad in found if e == ed])

    def edition(self, ed: tuple[int, int | None], docs: list[tuple[Link, str, int | None]]) -> None:
        """One caderno of an edition: the lowest-numbered one with a key (else the lowest), in
        its ampliada version if there is one, with the keys of that caderno and those naming
        none. A booklet that names no caderno is caderno 1 (the one INEP publishes first)."""
        exams = [(lk, cad or 1) for lk, role, cad in docs if role == "exam"]
        keys = [(lk, cad) for lk, role, cad in docs if role == "key"]
        cadernos = sorted({cad for _, cad in exams})
        keyed = [c for c in cadernos if any(k in (c, None) for _, k in keys)]
        if not cadernos:
            return  # keys alone: nothing to extract
        chosen = (keyed or cadernos)[0]
        exams = [lk for lk, cad in exams if cad == chosen]
        wide = [lk for lk in exams if "ampliad" in lk.own]
        year, half = ed
        label = f"{year}/{half}" if half else str(year)
        label += f" caderno {chosen}" if len(cadernos) > 1 or any(cad for _, _, cad in docs) else ""
        pair = (year, half, chosen)
        for lk in wide or exams:
            self.add(Doc(lk.url, "exam", pair, label=label, year=year))
        for lk, cad in keys:
            if cad in (chosen, None):
                self.add(Doc(lk.url, "key", pair, label=label, definitive=self.definitive(lk.own), year=year))
