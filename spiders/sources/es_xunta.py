"""Xunta de Galicia, Consellería de Educación: the "probas libres" for the ESO diploma (probas para
a obtención do título de graduado en educación secundaria obrigatoria para maiores de dezaoito
anos), in Galician.

Documented: the procedure's page on the education portal, edu.xunta.gal/portal/node/38876
("Probas para a obtención de título de graduado en educación secundaria obrigatoria para maiores
de dezaoito anos", stored copy of 2023), with its sections (Información xeral, Convocatoria,
Probas...); two sittings a year (maio and setembro; abril and xuño from 2024), three parts (ámbito
científico-tecnolóxico, social, de comunicación); the Galician part of the ámbito de comunicación is
20 multiple-choice items with four options (ogalego.eu mirrors every sitting since 2011 with its
solutions, /probaslibres/12set.html...).

ASSUMED (the fixture site fixtures/sites/es_xunta/ is built on these): the page lists past
sittings' booklets and solutions as PDF links under a heading per year and a sub-heading per
sitting, and links an archive page of older years; a key's link says "Solucións" (or "Respostas
correctas"), a booklet's "Exame"/"Proba" or names its ámbito. Exam and key pair on (year, sitting,
ámbito)."""
from spiders.base import Doc
from spiders.sources.linked import LinkedPagesSpider, last_in, year_in

SITTING = r"\b(maio|xuno|setembro|abril|febreiro|outubro|xullo)\b"
AMBITO = r"\b(comunicacion|social|cientifico tecnoloxico|cientifico|matematic\w*)\b"
AMBITOS = {"comunicacion": "Ámbito de comunicación", "social": "Ámbito social"}


class EsXuntaSpider(LinkedPagesSpider):
    name = "es_xunta"
    country = "ES"
    languages = ("gl",)
    exam = "Probas libres de graduado en ESO (maiores de 18 anos)"
    publisher = "Xunta de Galicia, Consellería de Educación"
    level = "Middle school"
    licence = "not checked"
    first_year = 2011
    base_url = "https://www.edu.xunta.gal"
    entry = ("portal/node/38876",)
    follow_words = r"convocatorias anteriores|probas (?:doutros|de) anos|arquivo|historico"
    content = ("#content", "main", ".region-content", "body")
    key_words = r"\bsolucion|\brespostas correctas|\bsolucionario|\bclaves?\b"
    exam_words = r"\bexame\b|\bproba\b|\bambito\b|\bcuestionario"
    skip_words = (r"listax|cualificaci|resolucion|instrucion|solicitude|anexo|\bbases\b|\bcentros\b"
                  r"|criterios de avaliacion|informacion xeral")

    def document(self, role, own, context, url, response, heading):
        year = year_in(own, context)
        sitting = last_in(SITTING, own, context) or ""
        ambito = last_in(AMBITO, own, context) or ""
        ambito = "cientifico" if ambito.startswith(("cientifico", "matematic")) else ambito
        subject = AMBITOS.get(ambito, "Ámbito científico-tecnolóxico" if ambito else None)
        label = " ".join(x for x in (str(year or ""), sitting, subject or "") if x)
        return Doc(url, role, (year, sitting, ambito), label=label, year=year, subject=subject)
