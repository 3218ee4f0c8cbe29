"""ICFES (Instituto Colombiano para la Evaluación de la Educación): the released question booklets
("cuadernillos de preguntas") of Saber 11, Saber Pro and Saber 3°, 5° and 9°, in Spanish.

Documented: Liferay document-library URLs, e.g.
icfes.gov.co/documents/39286/21576717/Cuadernillo+de+preguntas+Saber+11-+Matem%C3%A1ticas.pdf and
www2.icfes.gov.co/documents/39286/1253831/MR+Lectura+Cri%CC%81tica+Saber+11.%C2%B0+2021.pdf/<uuid>
?version=1.0&t=…; a booklet holds sample items with four options (A-D) and their key at the end;
ICFES's publications say "No se autoriza su reproducción… Solo se autoriza su uso para fines
exclusivamente académicos".

ASSUMED (the fixture site fixtures/sites/co_icfes/ is built on these): one page lists the booklets
as links "Cuadernillo de preguntas Saber 11 - Matemáticas"; orientation guides and reference
frameworks ("Guía de orientación", "Marco de referencia", "MR …") are left out. Each booklet is
one exam with its key inside (no key document)."""
import re

from spiders.base import Doc
from spiders.sources.linked import LinkedPagesSpider, year_in

# the exam a booklet belongs to, and its INCLUDE level
EXAMS = [(r"saber 11", "Saber 11", "University entrance"), (r"saber pro", "Saber Pro", "Academic"),
         (r"saber t ?y ?t|saber tyt", "Saber TyT", "Academic"), (r"saber 9", "Saber 9", "Middle school"),
         (r"saber [35]\b", "Saber 3 y 5", "Elementary school")]

SUBJECTS = {"matematicas": "Matemáticas", "lectura critica": "Lectura crítica", "sociales": "Sociales y ciudadanas",
            "ciencias naturales": "Ciencias naturales", "ingles": "Inglés", "razonamiento": "Razonamiento cuantitativo",
            "competencias ciudadanas": "Competencias ciudadanas", "comunicacion escrita": "Comunicación escrita",
            "lenguaje": "Lenguaje", "ciencias": "Ciencias"}


class CoIcfesSpider(LinkedPagesSpider):
    name = "co_icfes"
    country = "CO"
    languages = ("es",)
    exam = "Saber 11, Saber Pro, Saber 3-5-9 (ICFES), cuadernillos de preguntas"
    publisher = "Instituto Colombiano para la Evaluación de la Educación (ICFES)"
    level = "University entrance"
    licence = "ICFES: all rights reserved; use allowed for exclusively academic purposes (printed)"
    first_year = 2014
    base_url = "https://www.icfes.gov.co"
    entry = ("web/guest/cuadernillos-de-preguntas",)
    depth = 0
    content = ("#content", "main", ".portlet-body", "body")
    exam_words = r"\bcuadernillo|\bpreguntas\b|\bprueba\b"
    skip_words = r"\bguia\b|marco de referencia|\bmr\b|resultados|instructivo|resolucion|\bcitacion"

    def document(self, role, own, context, url, response, heading):
        found = next(((name, level) for rx, name, level in EXAMS if re.search(rx, own)), None)
        if not found:
            return None
        name, level = found
        subject = next((printed for key, printed in SUBJECTS.items() if key in own), None)
        label = f"Cuadernillo de preguntas {name}" + (f" - {subject}" if subject else "")
        return Doc(url, role, (url,), label=label, year=year_in(own), level=level, subject=subject)
