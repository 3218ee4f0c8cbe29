"""Osakidetza (Servicio Vasco de Salud / Euskal Osasun Zerbitzua), OPE exams: every category of
an offer (Enfermero/a, Técnico/a de Cuidados Auxiliares de Enfermería...) sits its exercise in
four parallel versions, Modelo A / B × Basque (EUSKARAZ) / Spanish (castellano), and gets a
provisional, then a definitive answer template per model.

Documented (by public pages, and code that cites them):
  * the entry page `oferta-de-empleo-publico/webosk00-procon/es/` and one page per offer such
    as `ope-2023-2024-2025/webosk00-procon/es/`;
  * the four versions per exercise, headed like "1. ariketa / 1er. ejercicio – A Eredua /
    Modelo A – EUSKARAZ", a–d options, ~100 items with reserve ones;
  * provisional then definitive templates ("plantilla provisional / definitiva", "behin-behineko
    / behin betiko erantzun-txantiloia");
  * offers named with two-digit years, "OPE 20-21-22-E" (the 2023 offer, evidence notes);
  * exams of OPE 2023-2024-2025 were held in June 2026, so an offer's name is not its exam year
    (a third party's data file, citing the offer's page).
Assumed, UNVERIFIED against the live site (no saved copy of a listing is public):
  * that the entry page links each offer by a text "OPE 2018-2019", and that an offer's page
    links its categories' pages at paths starting with the offer's own slug
    (`/ope-2023-2024-2025-enfermero-a/...`, `/ope-2023-2024-2025/...`); other links are not
    followed, and documents are read on category pages only;
  * that a category page (named by its link, else its <h1>) lists the PDFs either as links
    whose text, heading ("Galdesortak / Cuestionarios", "1. ariketa / 1er. ejercicio") or table
    row and column headers ("A eredua / Modelo A" × "EUSKARAZ") say what each is (a link naming
    a model and a language, as the booklets' header does, is a booklet); the year is a date
    written in the exercise's heading, else the last year of the offer's name;
  * euskadi.eus's file suffixes `_e.pdf` (euskera) and `_c.pdf` (castellano), used only when no
    text names the language;
  * that a template is per model and serves both languages (parallel booklets): exam and key pair
    on (offer, category, exercise, model), whatever language the key's label names.
A document naming both languages (a bilingual booklet) or neither is skipped and counted
(`include/skipped_language`); results, calendars and claims about a template are not exams."""
import re
from urllib.parse import unquote, urlparse

import scrapy

from spiders.base import Doc, ExamSpider, cell_headers, fold, text_of

LISTING = "oferta-de-empleo-publico/webosk00-procon/es/"
# "OPE 2018-2019", and the real "OPE 20-21-22-E" (two-digit years, a letter after)
OPE = re.compile(r"\bope\b\W*((?:(?:20)?\d\d\b\W*)+)", re.IGNORECASE)
YEAR = re.compile(r"\b(?:20)?(\d\d)\b")
DATE = re.compile(r"\b(20\d\d)[/.-]\d\d?[/.-]\d\d?\b|\b\d\d?[/.-]\d\d?[/.-](20\d\d)\b")
# on text folded to lower case without accents
EXERCISE = re.compile(r"(\d)\s*\.?\s*(?:er|o|a)?\.?\s*(?:ejercicio|ariketa)|(primer|segundo|lehen|bigarren)\w*\s+"
                      r"(?:ejercicio|ariketa)")
ORDINAL = {"primer": "1", "lehen": "1", "segundo": "2", "bigarren": "2"}
LANGUAGE = {"eu": re.compile(r"euskaraz|euskera|euskara"), "es": re.compile(r"castellano|gaztelania")}
SUFFIX = {"e": "eu", "c": "es"}  # euskadi.eus file names: ..._e.pdf / ..._c.pdf


class EsOsakidetzaSpider(ExamSpider):
    name = "es_osakidetza"
    country = "ES"
    languages = ("eu", "es")
    exam = "Osakidetza OPE (Oferta Pública de Empleo)"
    publisher = "Osakidetza - Servicio Vasco de Salud"
    level = "Professional"
    licence = "not checked (Osakidetza / euskadi.eus aviso legal)"
    first_year = 2018  # the earliest booklets a public copy shows (OPE 2018-2019); older offers unverified
    base_url = "https://www.osakidetza.euskadi.eus"
    key_words = r"plantilla|txantiloi|erantzun[\s-]*zuzen|respuestas\s+correctas"  # not "hoja de respuestas"
    exam_words = r"cuestionario|galde(?:sorta|tegi)|examen|azterketa"
    skip_words = (r"calendario|egutegi|resultado|emaitza|\bnotas?\b|\blistas?\b|listado|zerrenda|\bbases\b|oinarri"
                  r"|reclamaci|erreklamazio|alegaci|impugnaci|criterio|irizpide")
    version_words = r"(?:modelo\s*|eredua\s*|\b(?=[a-d]\s*eredu))([a-d])\b"  # Modelo A, A eredua, eredua A

    def start_requests(self):
        yield scrapy.Request(self.url(LISTING), self.parse_offers)

    # -- offers and their categories ----------------------------------------------------------
    def parse_offers(self, response):
        for a in response.css("body a[href]"):
            found = OPE.search(text_of(a))
            if not found:
                continue
            years = [2000 + int(y) for y in YEAR.findall(found.group(1))]
            # an offer's exams are held in or after its first year: an offer newer than every
            # year asked for is not read
            if self.years is not None and years[0] > max(self.years):
                continue
            yield response.follow(a, self.parse_offer, cb_kwargs={"ope": "-".join(map(str, years))})

    def parse_offer(self, response, ope):
        slug = urlparse(response.url).path.strip("/").split("/")[0]
        for a in response.css("body a[href]"):
            href = response.urljoin(a.attrib["href"])
            path = urlparse(href).path
            first = path.strip("/").split("/")[0]
            if first.startswith(slug) and path != urlparse(response.url).path and not path.lower().endswith(".pdf") \
                    and not re.search(r"/(?:eu|en|fr)/", path):  # the same pages in another language
                yield scrapy.Request(href, self.parse_category,
                                     cb_kwargs={"ope": ope, "category": text_of(a)})

    # -- a category's documents -----------------------------------------------------------------
    def parse_category(self, response, ope, category):
        if not category:  # the name the offer's page links it by, else the page's own title
            h1 = response.css("h1")
            category = text_of(h1[0]) if h1 else urlparse(response.url).path
        section = exercise = ""
        for node in response.xpath("//body//*[self::h2 or self::h3 or self::h4 or self::a[@href]]"):
            if node.root.tag != "a":
                section = text_of(node)
                if EXERCISE.search(fold(section)):
                    exercise = section
                continue
            href = node.attrib["href"]
            if urlparse(href).path.lower().endswith(".pdf"):
                self.document(response, node, href, ope, category, section, exercise)

    def document(self, response, a, href, ope, category, section, exercise):
        name = unquote(urlparse(href).path.rsplit("/", 1)[-1])
        row, column = cell_headers(a)
        own = fold(" ".join((text_of(a), a.attrib.get("title", ""), row, column)))
        spelt = f"{own} {fold(name).replace('_', ' ')}"
        model = self.version(f"{spelt} {section} {exercise}")
        named = [code for code, rx in LANGUAGE.items() if rx.search(own)]
        # a version named as the booklets head it ("A Eredua / Modelo A – EUSKARAZ") is a booklet
        role = self.classify(spelt, section, default="exam" if model and named else None)
        if not role:
            return
        ex = EXERCISE.search(f"{spelt} {fold(exercise)}")
        ex = (ex.group(1) or ORDINAL[ex.group(2)]) if ex else "1"
        date = DATE.search(exercise) or DATE.search(own)
        year = int(date.group(1) or date.group(2)) if date else int(ope[-4:])
        lang = None
        if role == "exam":
            named = named or [code for code, rx in LANGUAGE.items() if rx.search(fold(section))]
            suffix = re.search(r"_([ec])\.pdf$", name.lower())
            lang = named[0] if len(named) == 1 else SUFFIX[suffix.group(1)] if suffix and not named else None
            if lang is None:
                self.crawler.stats.inc_value("include/skipped_language")
                self.logger.info(f"{href}: no single language named (bilingual or unknown): skipped")
                return
        label = f"OPE {ope} - {category} - {ex}. ejercicio" + (f" - Modelo {model}" if model else "") + \
            (f" - {lang}" if lang else "")
        self.add(Doc(response.urljoin(href), role, (ope, fold(category), ex, model), label=label,
                     definitive=self.definitive(spelt, section), language=lang,
                     year=year, subject=category))
