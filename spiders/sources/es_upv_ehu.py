"""UPV/EHU (Universidad del País Vasco / Euskal Herriko Unibertsitatea): the exams of its public
employment offers for administration and services staff (PAS), in Spanish and Basque.

Documented (public copies of the booklets): one booklet per scale and language, "PERSONAL DE
ADMINISTRACIÓN Y SERVICIOS. OPE 2007. CUESTIONARIO DE PREGUNTAS. ESCALA SUBALTERNA" and
"ADMINISTRAZIO ETA ZERBITZUETAKO LANGILEAK. 2007ko LEPa. GALDESORTA: MENPEKOEN ESKALA", the same
items in both; items "1.-", options labelled with the item's number ("1a) … 1d)"), which the
extractor reads by their letters.

The site is Liferay (ehu.eus/es/web/<site>/...; documents /documents/<group>/<folder>/<Name>.pdf/<uuid>
or, newer, /documents/d/<site>/<slug> without an extension, as public code citing it shows).

ASSUMED (the fixture site fixtures/sites/es_upv_ehu/ is built on these): a page of the offers links
one page per offer ("OPE 2022", "2022ko LEP"); an offer's page has a heading per scale and under
it the booklets ("Cuestionario (castellano)", "Galdesorta (euskara)") and the key ("Plantilla de
respuestas", "Erantzun zuzenak", provisional / definitive). Exam and key pair on (offer, scale,
model): both language versions of a scale share its key."""
from spiders.base import Doc
from spiders.sources import basque
from spiders.sources.linked import LinkedPagesSpider, year_in


class EsUpvEhuSpider(LinkedPagesSpider):
    name = "es_upv_ehu"
    country = "ES"
    languages = ("es", "eu")
    exam = "OPE del personal de administración y servicios (UPV/EHU)"
    publisher = "Universidad del País Vasco / Euskal Herriko Unibertsitatea (UPV/EHU)"
    level = "Professional"
    licence = "not checked"
    first_year = 2007
    base_url = "https://www.ehu.eus"
    entry = ("es/web/pas/oferta-publica-de-empleo",)
    follow_words = r"\bope\b.*\b20\d\d\b|\b20\d\d\b.*\bope\b|\blep\b|oferta publica de empleo \d{4}|lan eskaintza"
    content = ("#content", "main", ".portlet-body", "body")
    # Liferay documents: ".../Name.pdf/<uuid>", or (newer) "/documents/d/<site>/<slug>" without extension
    document_url = r"\.pdf(?:$|[?#/])|/documents/d/"
    key_words, exam_words, skip_words = basque.KEY, basque.EXAM, basque.NOT_DOC
    version_words = basque.MODEL

    def document(self, role, own, context, url, response, heading):
        model = self.version(own) or self.version(context)
        lang = basque.language(own, "es")
        return Doc(url, role, (context, model), label=heading, language=lang, definitive=self.definitive(own, context),
                   year=year_in(own, context), subject=heading or None)
