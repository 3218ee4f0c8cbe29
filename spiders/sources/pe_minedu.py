"""MINEDU (Peru), Unidad de Medición de la Calidad (UMC): the ECE reports for EIB schools (4th grade
of primary, reading in an original language and in Spanish as a second language), from the
ministry's DSpace repository (repositorio.minedu.gob.pe).

Documented (stored copies of the item pages, e.g. handle 20.500.12799/3871 "¿Cómo mejorar la
comprensión lectora de nuestros estudiantes? 4o. grado de primaria EIB: informe para el director
y el docente. Quechua Chanka y Castellano como segunda lengua", ECE 2014): items are DSpace
records with Dublin Core metadata (dc.date.issued, dc.subject "Quechua Chanka"...) and a PDF
bitstream; the report releases the test's reading items with an annex "Cuadro resumen de
preguntas" that gives each item's answer. Public code downloads the repository's PDFs as
`/bitstream/handle/20.500.12799/<item>/<File name>.pdf?sequence=1&isAllowed=y` (names with spaces).

ASSUMED (the fixture site fixtures/sites/pe_minedu/ follows DSpace XMLUI/Mirage2's markup, not a
saved page of this repository): the entry is a discovery search on the subject "Educación
bilingüe" (`discover?...`), results `div.ds-artifact-item a[href^=/handle/]` with the title as
link text, paged by a `next-page-link`; an item page links its PDF bitstreams and carries the
Highwire `citation_date` meta tag.

Each report is one exam whose key is printed inside it (no key document). The language is the
original language its title names (a report for "Quechua Chanka y Castellano como segunda lengua"
holds both tests: it is tagged qu, and the Spanish items are flagged by language detection);
"Castellano como segunda lengua" alone is es. Reports for families, results by region and
frameworks are left out."""
import re

from spiders.base import Doc
from spiders.sources.linked import LinkedPagesSpider, year_in

LANGUAGES = [(r"quechua|qichwa|runa simi", "qu"), (r"aimara|aymara", "ay"), (r"awajun", "agr"),
             (r"shipibo", "shp"), (r"castellano", "es")]


def language(text: str) -> str | None:
    return next((code for rx, code in LANGUAGES if re.search(rx, text)), None)


class PeMineduSpider(LinkedPagesSpider):
    name = "pe_minedu"
    country = "PE"
    languages = ("qu", "ay", "agr", "shp", "es")
    exam = "Evaluación Censal de Estudiantes (ECE), EIB, 4.º de primaria"
    publisher = "Ministerio de Educación del Perú, Unidad de Medición de la Calidad (UMC)"
    level = "Elementary school"
    licence = "not checked (some MINEDU publications say 'Todos los derechos reservados')"
    first_year = 2008
    base_url = "https://repositorio.minedu.gob.pe"
    entry = ("discover?filtertype=subject&filter_relational_operator=equals"
             "&filter=Educaci%C3%B3n+biling%C3%BCe&rpp=100",)
    # EIB reports (by their titles), and the search's next page
    follow_words = r"(?:\beib\b|lengua originaria|quechua|aimara|awajun|shipibo).*/handle/|\bsiguiente\b|\bnext\b"
    depth = 2
    document_url = r"/bitstream/.*\.pdf"
    content = ("#aspect_discovery_SimpleSearch_div_search-results",
               "#aspect_artifactbrowser_ItemViewer_div_item-view", "#main-container", "body")
    exam_words = r"\binforme\b|\bguia de analisis\b|\bcuadernillo\b|\bprueba\b"
    skip_words = (r"famili|padres de|resultados (?:regionales|por region)|marco de (?:trabajo|fundamentacion)"
                  r"|ficha tecnica")

    def document(self, role, own, context, url, response, heading):
        lang = language(context) or language(own)
        if lang is None:  # not an EIB report
            return None
        year = year_in(*response.css('meta[name="citation_date"]::attr(content), '
                                     'meta[name="DCTERMS.issued"]::attr(content)').getall(), own, context)
        title = " ".join(response.css('meta[name="citation_title"]::attr(content)').getall()) or context
        return Doc(url, role, (url,), label=" ".join(title.split())[:200], language=lang, year=year,
                   subject="Comprensión lectora")
