"""Ministerio de Justicia, Prueba de acceso a la Abogacía: the section's page links one page per
convocatoria (2023.1, 2022.2...); each lists the Abogacía booklets per language ("Examen -
Castellano", `…/Documents/Examen_abogacía_2023.1_Galego.pdf`) and the keys ("PLANTILLA
PROVISIONAL 2023.1 - CASTELLANO", "Plantilla Definitiva - CASTELLANO"), sometimes per model
(A, B). A document is told by its link text and file name together; exam and key pair on
(convocatoria, language, model). The Procura section of a page is another exam: skipped. Since
2020 the exam is taken online and only the "PLANTILLA" is published, holding the questions with
their answers: a language version with plantillas and no booklet takes its plantilla (the
definitive one) as exam and key in one; the extractor reads the answers marked in it."""
import re
from urllib.parse import unquote

import scrapy

from spiders.base import Doc, ExamSpider, words

LISTING = "es/ciudadania/empleo-publico/acceso-profesion-abogados"
# language word (accents folded) -> (the version's name, ISO 639-1); Valencian is Catalan
LANGUAGES = [(r"castellano", "castellano", "es"), (r"catala", "catala", "ca"), (r"valencia", "valencia", "ca"),
             (r"gall?ego", "galego", "gl"), (r"eusk[ae]ra", "euskara", "eu")]
CONVOCATORIA = re.compile(r"(20\d\d)\.([12])")


class EsJusticiaSpider(ExamSpider):
    name = "es_justicia"
    country = "ES"
    languages = ("es", "ca", "gl", "eu")
    exam = "Prueba de acceso a la Abogacía"
    publisher = "Ministerio de Justicia"
    level = "Professional"
    licence = "Spanish public-sector information, re-use with attribution (Ley 37/2007); aviso legal not checked"
    first_year = 2014
    base_url = "https://www.mjusticia.gob.es"
    key_words = r"plantilla|respuestas"
    exam_words = r"examen|cuestionario"
    skip_words = r"\bprocura"  # the Procura section of a page is another exam

    def start_requests(self):
        yield scrapy.Request(self.url(LISTING), self.parse_listing)

    def parse_listing(self, response):
        for a in response.css("#main-content a"):
            text = " ".join(a.css("::text").getall()).strip()
            conv = CONVOCATORIA.search(text)
            if conv and self.wanted(int(conv.group(1))):
                yield response.follow(a, self.parse_convocatoria, cb_kwargs={"conv": conv.group(0)})
            elif re.search(r"convocatorias anteriores", text, re.IGNORECASE):  # an archive page of older ones
                yield response.follow(a, self.parse_listing)

    def parse_convocatoria(self, response, conv):
        docs = list(self.read_convocatoria(response, conv))
        exams = {d.pair for d in docs if d.role == "exam"}
        for pair, group in groups(docs).items():
            if pair in exams:
                for d in group:
                    self.add(d)
                continue
            # since 2020 the exam is taken online and only the PLANTILLA is published, with the
            # questions inside and their answers marked: the best one is the exam, and its own key
            best = max(group, key=lambda d: (d.definitive, group.index(d)))
            best.role, best.label = "exam", f"{best.label} (plantilla: questions and answers)".strip()
            self.add(best)

    def read_convocatoria(self, response, conv):
        section = ""
        for node in response.css("#main-content").xpath(".//h2 | .//a[@href]"):
            text = " ".join(node.css("::text").getall()).strip()
            if node.root.tag == "h2":
                section = text
                continue
            href = node.attrib["href"]
            what = words(f"{text} {unquote(href.rsplit('/', 1)[-1])}")
            role = self.classify(what, section)
            if not role or not href.lower().endswith(".pdf"):
                continue
            found = CONVOCATORIA.search(what)
            call = found.group(0) if found else conv
            version, lang = next(((v, code) for rx, v, code in LANGUAGES if re.search(rx, what)), ("castellano", "es"))
            model = self.version(what)
            yield (Doc(response.urljoin(href), role, (call, version, model),
                         label=f"{call} {version} {model}".strip(), definitive=self.definitive(what),
                         language=lang, year=int(call[:4])))


def groups(docs: list[Doc]) -> dict[tuple, list[Doc]]:
    found: dict[tuple, list[Doc]] = {}
    for d in docs:
        found.setdefault(d.pair, []).append(d)
    return found
