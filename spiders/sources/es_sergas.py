"""Servizo Galego de Saúde (SERGAS), OPE (Oferta Pública de Emprego) exams, in Galician and Spanish.

Documented (by public pages that cite them, and the DOG resolutions): the entry pages
`Recursos-Humanos/OPE-Oferta-Pública-de-Emprego` with `?idioma=gl` or `?idioma=es` (the site's
own page language; the same page in the other language has other link texts), and
`Recursos-Humanos?idcatgrupo=…&idioma=…` group pages; the DOG resolutions say that the "modelos
provisionais/definitivos de respostas" of each exercise are published on www.sergas.es, per
selection process ("modelo definitivo de respostas … correspondente ao segundo e terceiro
exercicio … do proceso selectivo para o ingreso na categoría de celador/a, quenda de
discapacidade intelectual", DOG 2019-09-13); the Xunta's press release of 2024-01-25 announces the
definitive keys "dos distintos exercicios" of two processes at once (PSX and TCAE); candidates
without a Celga certificate sit a Galician-language exercise. No stored copy of a sergas.es listing
page was found (searched 2026-12: stored web pages and public code; only the entry URLs above).

ASSUMED, UNVERIFIED against the live site (no saved copy of a listing page is public; the fixture
site fixtures/sites/es_sergas/ is built from these assumptions):
* the entry page links one page per OPE whose text names it with its year ("OPE 2022", "Oferta
  Pública de Emprego 2022" / "…de Empleo 2022"), and maybe an archive page of older ones
  ("OPE anteriores", "Histórico"), read like the entry page;
* an OPE page either links one page per category (a link with an `idcatgrupo`/`idcategoria`
  parameter, or a sub-path of the OPE page) or lists the documents itself, one `<h2>` per
  selection process; a category page too may list several processes, an `<h2>` each;
* documents are `.pdf` links told by link text, the headings above them (h2–h4) and the file
  name, in either language: keys "Modelo (provisional|definitivo) de respostas" (gl) /
  "Plantilla (provisional|definitiva)", "…de respuestas" (es); booklets "Cuestionario",
  "Exame" (gl) / "Examen" (es); lists, instructions, bases... are not documents of ours;
* the exercise is named by an ordinal ("Primeiro exercicio" / "Primer ejercicio") or is the
  Galician-language exercise ("Exercicio de lingua galega" / "Ejercicio de lengua gallega");
  a questionnaire may exist per "quenda"/"turno" (libre, promoción interna, discapacidade,
  mañá/tarde) and per model ("Modelo A"); a language version is marked by a word (galego/gallego,
  castelán/castellano). The Galician-language exercise is `gl`; an unmarked booklet is `es`.

The documents are grouped by selection process (proceso selectivo: a category, sometimes
several on one page, as the DOG publishes PSX's and TCAE's keys together), each with its
exercises (the first, the Galician-language one...) and their "modelo definitivo de respostas".
Exam and key pair on (OPE, page, process, exercise, quenda, model), never across processes: the
page is the `idcatgrupo` of a category page (else its path); the process, on a page listing
several, is the number of its `<h2>` section (an `<h2>` that names no exercise nor quenda), never
its name, so that the Galician and the Spanish page give the same pairs; similar file names in
different processes' folders never pair. Language versions of an exercise share its key. The
year is the OPE's, not the date of the exam (held a year or two later). A definitive key is
preferred over a provisional one. `-a idioma=gl` or `-a idioma=es` reads the site in one language
only (default: both)."""
import re
from urllib.parse import parse_qs, unquote, urlsplit

import scrapy

from spiders.base import Doc, ExamSpider, words

ENTRY = "Recursos-Humanos/OPE-Oferta-Pública-de-Emprego?idioma={lang}"
CONTENT = ("main", "#contido", "#contenido", "#content", ".contido", "article")
OPE = re.compile(r"\b(?:ope|oferta publica de empr(?:ego|eo))\b\D{0,20}(20\d\d)(?:\s*[-/]\s*(20\d\d))?")
ARCHIVE = re.compile(r"\bope\w* anteriores|\bhistoric[oa]\b|\barquivo\b|\barchivo\b")
CATEGORY_PARAMS = ("idcatgrupo", "idcategoria", "idcat")

# the spider's words (module names: the tests read them too)
KEY = re.compile(r"\bplantilla|\bmodelos? (?:\w+ ){0,2}de respost|\bmodelos? (?:\w+ ){0,2}de respuest"
                 r"|\brespost\w* correct|\brespuest\w* correct|\bsolucions\b|\bsoluciones\b")
EXAM = re.compile(r"\bcuestionario|\bexame\b|\bexamen\b|\bpreguntas\b")
# documents with these words in their own text or name are about the exam, not the exam
NOT_DOC = re.compile(r"listax|listad|\blista\b|relacion|cualificaci|calificaci|\bnotas?\b|aprobad|chamamento"
                     r"|llamamiento|instruci|instrucci|\bbases\b|temario|\bsedes?\b|\baulas?\b|impugnaci"
                     r"|reclamaci|alegaci|folla de respost|hoja de respuest")
GALICIAN_EXERCISE = re.compile(r"(?:lingua|idioma) galega|(?:lengua|idioma) gallega|(?:exercicio|ejercicio|proba"
                               r"|prueba|exame|examen) de (?:conecemento d[oe] |conocimiento del? )?(?:galego|gallego)")
# names with "galego" that say nothing of a booklet's language
NOT_VERSION = re.compile(r"servizo galego de saude|servicio gallego de salud|\bsergas\b")
VERSIONS = [(re.compile(r"\bgal(?:l)?ego\b|\bgalega\b"), "gl"),
            (re.compile(r"\bcastel(?:an|lano)\b|\bespanol\b"), "es")]
ORDINALS = [("primeir[oa]|primer[oa]?", "1"), ("segund[oa]", "2"), ("terceir[oa]|tercer[oa]?", "3"),
            ("cuart[oa]", "4")]
WORD = r"(?:exercicio|ejercicio|proba|prueba|parte)"
QUENDAS = [(r"promocion interna", "promocion interna"), (r"discapacidad", "discapacidade"),
           (r"(?:quenda|turno|acceso) libre", "libre"), (r"\bmana(?:na)?\b", "manha"), (r"\btarde\b", "tarde")]


def exercise(what: str) -> str:
    if GALICIAN_EXERCISE.search(what):
        return "galego"
    for names, n in ORDINALS:
        if re.search(rf"\b(?:{names})\s+{WORD}\b|\b{WORD}\s+(?:{names})\b", what):
            return n
    m = re.search(rf"\b(\d)\s*[oa.]?\s+{WORD}\b|\b{WORD}\s+(?:n\s*[o.]\s*)?(\d)\b", what)
    return (m.group(1) or m.group(2)) if m else ""


def quenda(what: str) -> str:
    return next((name for rx, name in QUENDAS if re.search(rx, what)), "")


def language(what: str) -> str:
    """gl for the Galician-language exercise or a version marked galego/gallego; else es."""
    if GALICIAN_EXERCISE.search(what):
        return "gl"
    what = NOT_VERSION.sub(" ", what)
    return next((code for rx, code in VERSIONS if rx.search(what)), "es")


class EsSergasSpider(ExamSpider):
    name = "es_sergas"
    country = "ES"
    languages = ("gl", "es")
    exam = "OPE do Servizo Galego de Saúde (SERGAS)"
    publisher = "Servizo Galego de Saúde (SERGAS), Xunta de Galicia"
    level = "Professional"
    licence = "not checked"
    first_year = 2006  # UNVERIFIED: the oldest OPE the site is assumed to keep documents of
    base_url = "https://www.sergas.es"
    key_words, exam_words, skip_words = KEY.pattern, EXAM.pattern, NOT_DOC.pattern

    def __init__(self, *args, idioma: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.idiomas = [idioma] if idioma else ["gl", "es"]
        if not set(self.idiomas) <= {"gl", "es"}:
            raise ValueError(f"idioma: {idioma!r} is not gl or es")

    def start_requests(self):
        for lang in self.idiomas:
            yield scrapy.Request(self.url(ENTRY.format(lang=lang)), self.parse_listing)

    @staticmethod
    def content(response):
        for css in CONTENT:
            found = response.css(css)
            if found:
                return found[0]
        return response.css("body")[0]

    def parse_listing(self, response):
        """The entry page (or an archive page): one link per OPE."""
        for a in self.content(response).css("a[href]"):
            if self.is_pdf(a, response.urljoin(a.attrib["href"])):
                continue
            text = words(" ".join(a.css("::text").getall()))
            ope = OPE.search(text) or OPE.search(words(unquote(a.attrib["href"])))
            if ope:
                year = int(ope.group(1))
                if self.wanted(year):
                    token = "-".join(g for g in ope.groups() if g)
                    yield response.follow(a, self.parse_ope, cb_kwargs={"ope": token, "year": year})
            elif ARCHIVE.search(text):
                yield response.follow(a, self.parse_listing)

    def parse_ope(self, response, ope, year):
        """An OPE page: its category pages, and any documents it lists itself (a section each)."""
        base = urlsplit(response.url).path.rstrip("/")
        for a in self.content(response).css("a[href]"):
            url = response.urljoin(a.attrib["href"])
            parts = urlsplit(url)
            if parts.netloc != urlsplit(response.url).netloc or self.is_pdf(a, url):
                continue
            if self.category_id(url) or parts.path.startswith(base + "/"):
                name = " ".join(" ".join(a.css("::text").getall()).split())
                yield scrapy.Request(url, self.parse_category, cb_kwargs={"ope": ope, "year": year, "name": name})
        self.read_documents(response, ope, year, category=None)

    def parse_category(self, response, ope, year, name):
        self.read_documents(response, ope, year, category=name)

    @staticmethod
    def category_id(url: str) -> str | None:
        query = parse_qs(urlsplit(url).query)
        return next((query[p][0] for p in CATEGORY_PARAMS if query.get(p)), None)

    @staticmethod
    def is_pdf(a, url: str) -> bool:
        return urlsplit(url).path.lower().endswith(".pdf") or "pdf" in a.attrib.get("type", "").lower()

    def read_documents(self, response, ope, year, category):
        """The PDF links of a page with the headings above them. A page may list several
        selection processes (an `<h2>` each that names no exercise nor quenda): each is one, and
        its documents pair only among themselves, whatever their file names say."""
        where = self.category_id(response.url) or urlsplit(response.url).path
        heads: dict[int, str] = {}
        section, process = 0, ""
        for node in self.content(response).xpath(".//h2 | .//h3 | .//h4 | .//a[@href]"):
            text = " ".join(" ".join(node.css("::text").getall()).split())
            if node.root.tag in ("h2", "h3", "h4"):
                level = int(node.root.tag[1])
                heads = {k: v for k, v in heads.items() if k < level}
                heads[level] = text
                if level == 2 and not (exercise(words(text)) or quenda(words(text))):
                    section, process = section + 1, text
                continue
            url = response.urljoin(node.attrib["href"])
            if not self.is_pdf(node, url):
                continue
            own = words(f"{text} {node.attrib.get('title', '')} {unquote(urlsplit(url).path.rsplit('/', 1)[-1])}")
            heading = words(" ".join(heads[k] for k in sorted(heads)))
            what = f"{heading} {own}"
            role = self.classify(own, heading)
            if not role:
                continue
            cat = process or category or ""
            model = self.version(what)
            ex, turn = exercise(what), quenda(what)
            subject = "Lingua galega" if ex == "galego" else cat or None
            label = " ".join(x for x in (f"OPE {ope}", cat, f"exercicio {ex}" if ex else "", turn,
                                         f"modelo {model}" if model else "") if x)
            self.add(Doc(url, role, (ope, where, section, ex, turn, model), label=label,
                         definitive=self.definitive(own, heading), language=language(what), year=year,
                         subject=subject))
