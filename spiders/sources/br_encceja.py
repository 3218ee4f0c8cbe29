"""INEP, ENCCEJA (Exame Nacional para Certificação de Competências de Jovens e Adultos): one
booklet per level and subject area, items "QUESTÃO N" with options A-D. One page per year
(`…/encceja/provas-e-gabaritos/{year}`), read as INEP's ENEM pages are
(spiders/sources/inep.py).

Documented (by the URLs a public ENCCEJA downloader fetches, on the pattern of ENEM's):
booklets at `download.inep.gov.br/encceja/provas_e_gabaritos/2020_PV_EF_matematica.pdf` (also
`…_EF_ciencias_naturais`, `…_EF_lingua_portuguesa`, `…_EF_historia_geografia`); older ones at
`…/educacao_basica/encceja/provas/brasil/2018/fundamental/
ensino_fundamental_matematica_aplicacao_regular.pdf`; EF = Ensino Fundamental, EM = Ensino
Médio; four options A-D; some years answer an HTML error page with status 200 (the files
pipeline rejects it).

Assumed, not verified: the year pages' markup and link texts (the fixture reproduces ENEM's),
the keys' names (`2020_GB_EF_matematica.pdf`, by ENEM's PV/GB rule; a "gabarito" link or file
name), the applications' headings ("Encceja Nacional PPL", "Exterior"), EM subject names.

So a document is told by link text and file name: a key says "gabarito"/`GB`, an exam
"prova"/`PV`/"caderno" (or lies in a `/gabaritos/`, `/provas/` folder); essays ("redação"),
results and notices are left out, and only links whose path says "encceja" are taken. The level
is the file name's `EF`/`EM` (else "fundamental"/"médio" in the link, its title or heading):
records of EF booklets get the level "Middle school", EM ones "High school". The subject is the
booklet's area (file name, else the title above the link), the application "regular" unless
"PPL" or "exterior" is said. Exam and key pair on (year, application, level, subject). The
Linguagens booklets hold English/Spanish items too; they are emitted as Portuguese
(include-extract flags a language mismatch)."""
import re

from spiders.base import Doc, fold
from spiders.sources.inep import InepSpider, Link

LEVELS = {"EF": "Middle school", "EM": "High school"}
SUBJECTS = [(r"matematica", "Matemática"),
            (r"ciencias (?:da )?natureza", "Ciências da Natureza"),
            (r"ciencias naturais", "Ciências Naturais"),
            (r"ciencias humanas", "Ciências Humanas"),
            (r"historia (?:e )?geografia", "História e Geografia"),
            (r"linguagens", "Linguagens e Códigos"),
            (r"lingua portuguesa|portugues", "Língua Portuguesa")]


def level(link: Link) -> str | None:
    m = re.search(r"\b(ef|em)\b", link.name)
    if m:
        return m.group(1).upper()
    for text in (link.own, fold(link.title), fold(link.section)):
        if "fundamental" in text:
            return "EF"
        if "medio" in text:
            return "EM"
    return None


def subject(link: Link) -> str | None:
    for text in (link.name, fold(link.title), fold(link.text)):
        for rx, name in SUBJECTS:
            if re.search(rx, text):
                return name
    return None


def application(link: Link) -> str:
    words = f"{link.own} {link.context}"
    return "PPL" if re.search(r"\bppl\b|privad[ao]s? de liberdade", words) else \
        "Exterior" if "exterior" in words else "regular"


class BrEnccejaSpider(InepSpider):
    name = "br_encceja"
    exam = "ENCCEJA (Exame Nacional para Certificação de Competências de Jovens e Adultos)"
    level = "High school"  # per booklet: "Middle school" (EF) or "High school" (EM)
    first_year = 2002
    base_url = "https://www.gov.br/inep/pt-br/areas-de-atuacao/avaliacao-e-exames-educacionais/encceja"
    key_words = r"gabarito|\bgb\b"
    exam_words = r"\bprovas?\b|\bpv\b|caderno"
    skip_words = (r"redacao|resultado|recurso|edital|libras|percep|manual|(?<![a-z])nota(?![a-z])|\bvideo|padrao"
                  r"|espelho|\bleitor|\bbraile")

    def parse_year(self, response, year):
        for link in self.links(response):
            # the older addresses say it by folder: `…/encceja/provas/brasil/2018/…`, `…/gabaritos/…`
            folder = " ".join(name for name in ("gabaritos", "provas") if f"/{name}/" in link.path)
            role = self.classify(f"{link.own} {folder}", link.context)
            lvl, subj = level(link), subject(link)
            if "encceja" not in link.path or not role or not lvl:
                continue
            y = re.search(r"(?<!\d)(20\d\d)(?!\d)", link.name)
            y = int(y.group(1)) if y else year
            app = application(link)
            label = " ".join(x for x in (f"Ensino {'Fundamental' if lvl == 'EF' else 'Médio'}", subj,
                                         app if app != "regular" else "") if x)
            self.add(Doc(link.url, role, (y, app, lvl, subj or link.title), label=label, year=y, subject=subj,
                         level=LEVELS[lvl], definitive=self.definitive(link.own)))
