"""DEMRE (Universidad de Chile), PAES / PDT / PSU: `publicaciones/listado-{admYear}` links the
publications of an admission process, each a page `publicaciones/{Y}/{slug}` that links its PDF
`publicaciones/pdf/{slug}.pdf` (not always the same slug: the page of
`…-paes-regular-competencia-matematica1-p2026` serves `…-paes-regular-matematica1-p2026.pdf`).
Names are `{admYear}-{YY}-{MM}-{DD}-{kind}-{subject}[-p{admYear}]`: a `clavijero` is a key;
`paes`, `pdt`, `psu`, `modelo` booklets are exams. Clavijeros come out about a month after their
booklets, under another date, so pairs are (admission year, regular/invierno, subject), never
the date. `year` is the admission year, as DEMRE names the processes (a booklet of "Admisión
2026" was sat in 2025). Admission years up to 2024 are listed on the older hosts
(portaldemre.demre.cl for 2022-2024, www.psu.demre.cl before; PDFs on historico.demre.cl), which
are read for those years. Exam and key may name a subject at different lengths ("historia" /
"historia-ciencias-sociales"): pairs use a normalised subject. `claves-modelo-…` is a model's key;
`significado-claves-…` explains the keys and is not one."""
import datetime
import re
from pathlib import PurePosixPath
from urllib.parse import urlparse

import scrapy

from spiders.base import Doc, ExamSpider, words

# (last admission year, host): the hosts that list each admission process
OLD_HOSTS = [(2021, "https://www.psu.demre.cl"), (2024, "https://portaldemre.demre.cl"), (9999, "https://demre.cl")]
SLUG = re.compile(r"(\d{4})-\d{2}-\d{2}-\d{2}-(.+?)(?:-p\d{4})?")
KIND = {"clavijero", "claves", "paes", "pdt", "psu", "modelo", "prueba", "regular", "invierno", "oficial", "demre"}
NAMES = {"m1": "Competencia Matemática 1 (M1)", "m2": "Competencia Matemática 2 (M2)",
         "matematica": "Matemática", "lectora": "Competencia Lectora", "lenguaje": "Lenguaje y Comunicación",
         "historia": "Historia y Ciencias Sociales", "biologia": "Ciencias Biología", "fisica": "Ciencias Física",
         "quimica": "Ciencias Química", "ciencias-tp": "Ciencias Técnico-Profesional"}


def subject_of(parts: list[str]) -> str:
    s = "-".join(w for w in parts if w not in KIND)
    s = re.sub(r"^(?:competencia-)?matematica-?([12])$", r"m\1", s)  # matematica1, m1 -> m1
    s = re.sub(r"^(?:competencia|comprension)-lectora$", "lectora", s)
    s = re.sub(r"^lenguaje(?:-y-comunicacion)?$", "lenguaje", s)
    # exam and key name a subject at different lengths: "historia" / "historia-ciencias-sociales"
    s = re.sub(r"^historia(?:-(?:y|geografia|ciencias|sociales))*$", "historia", s)
    s = re.sub(r"^(?:ciencias-tp|modulo-tp|ciencias-tecnico-profesional)$", "ciencias-tp", s)
    return re.sub(r"^ciencias-(biologia|fisica|quimica)$", r"\1", s)


def publication(slug: str) -> tuple[str, int, str, str] | None:
    """(role, admission year, modality, subject) of a publication or PDF name; None if neither."""
    m = SLUG.fullmatch(slug.lower())
    role = m and ClDemreSpider.classify(words(m.group(2)))
    if not role:
        return None
    parts = m.group(2).split("-")
    return role, int(m.group(1)), "invierno" if "invierno" in parts else "regular", subject_of(parts)


def stem(url: str) -> str:
    return PurePosixPath(urlparse(url).path).name.removesuffix(".pdf")


class ClDemreSpider(ExamSpider):
    name = "cl_demre"
    country = "CL"
    languages = ("es",)
    exam = "PAES / PDT / PSU (Prueba de Acceso a la Educación Superior)"
    publisher = "DEMRE, Universidad de Chile"
    level = "University entrance"
    licence = ("All rights reserved: booklets state 'Derechos reservados. Prohibida su reproducción "
               "total o parcial' (no open licence)")
    first_year = 2015  # the oldest official booklets + keys documented on the DEMRE publication hosts
    base_url = "https://demre.cl"
    key_words = r"\bclavijero\b|\bclaves\b"  # `claves-modelo-…`: a model's key
    exam_words = r"\b(?:paes|pdt|psu|modelo)\b"
    skip_words = r"\b(?:temario|resolucion|significado)\b"  # syllabi, worked solutions, what the keys mean

    def start_requests(self):
        for year in range(self.first_year, datetime.date.today().year + 2):
            if self.wanted(year):
                yield scrapy.Request(self.listing(year), self.parse_listing)

    def listing(self, year: int) -> str:
        """Admission years up to 2024 are listed on the older hosts; `-a base_url=` (a local copy)
        serves every host at one address."""
        if self.base_url != type(self).base_url:
            return self.url(f"publicaciones/listado-{year}")
        host = next(h for last, h in OLD_HOSTS if year <= last)
        return f"{host}/publicaciones/listado-{year}"

    def parse_listing(self, response):
        for href in response.css("a::attr(href)").getall():
            url = response.urljoin(href)
            if url.lower().endswith(".pdf"):
                self.add_pdf(url, stem(url))
            elif re.search(r"/publicaciones/\d{4}/[^/?#]+/?$", url) and publication(stem(url)):  # may end in /
                yield scrapy.Request(url, self.parse_publication)

    def parse_publication(self, response):
        pdfs = response.css("a::attr(href), iframe::attr(src), embed::attr(src), object::attr(data)").getall()
        for url in dict.fromkeys(response.urljoin(u) for u in pdfs if u.lower().split("?")[0].endswith(".pdf")):
            self.add_pdf(url, stem(response.url))

    def add_pdf(self, url, page_slug):
        found = publication(stem(url)) or publication(page_slug)  # the PDF's name first, else its page's
        if found:
            role, year, modality, subject = found
            self.add(Doc(url, role, (year, modality, subject), label=f"{modality} {stem(url)}",
                         year=year, subject=NAMES.get(subject, subject)))
