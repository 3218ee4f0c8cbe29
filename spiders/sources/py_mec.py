"""MEC (Ministerio de Educación y Ciencias, Paraguay): the written test of the teachers' public
competition (concurso público de oposición for the Banco de Datos de Educadores Elegibles), in
Spanish.

Documented (news reports, 2024-2025): the competition's site is mec.gov.py/talento/cms/ (WordPress:
files under /talento/cms/wp-content/uploads/, as public code cites them); the test is
sat in several "operativos" (by department, on different dates, in morning and afternoon shifts)
and per level (Inicial; 1.er y 2.º ciclo de la Escolar Básica; 3.er ciclo y Educación Media;
Educación Inclusiva; Educación Permanente); "los puntajes y la clave de respuestas se publicarán el
mismo día de la evaluación". Whether the booklets themselves are published is not known: a key
without its booklet pairs with nothing and gives no records.

ASSUMED (the fixture site fixtures/sites/py_mec/ is built on these): the CMS page links one page
per competition ("Concurso Público de Oposición 2025"), which lists per operativo (a heading) the
booklets ("Cuadernillo") and keys ("Clave de respuestas") of each level and shift. Exam and key
pair on (competition page, operativo, level, shift)."""
import re

from spiders.base import Doc, words
from spiders.sources.linked import LinkedPagesSpider, last_in, year_in

LEVELS = [(r"\binicial\b", "Inicial"),
          (r"\b(?:1|primer)[\w.]*\s*(?:y|e)\s*(?:2|segundo)[\w.]*\s*ciclo", "1.er y 2.º ciclo EEB"),
          (r"\b(?:3|tercer)[\w.]*\s*ciclo|educacion media", "3.er ciclo y Educación Media"),
          (r"\binclusiva\b", "Educación Inclusiva"), (r"\bpermanente\b", "Educación Permanente")]
OPERATIVO = r"\boperativo\s*(\d+(?:\.\d+)?)"  # "Operativo 3.1"
SHIFT = r"\bturno\s*(manana|tarde|noche)\b"


class PyMecSpider(LinkedPagesSpider):
    name = "py_mec"
    country = "PY"
    languages = ("es",)
    exam = "Concurso público de oposición docente (MEC), prueba escrita"
    publisher = "Ministerio de Educación y Ciencias del Paraguay"
    level = "Professional"
    licence = "not checked"
    first_year = 2024
    base_url = "https://mec.gov.py"
    entry = ("talento/cms/",)
    follow_words = r"\bconcurso\b.*\b20\d\d\b|\boperativo"
    content = ("#content", "main", ".content", "article", "body")
    key_words = r"\bclaves?\b|\brespuestas correctas|\bplantilla|\bsolucionario"
    exam_words = r"\bcuadernillo|\bprueba\b|\bexamen\b|\bcuestionario"
    skip_words = r"\bsedes?\b|\bsalas?\b|puntajes|resultados|habilitad|\blistado|\bnomina|\bresolucion|\bcomunicado"

    def document(self, role, own, context, url, response, heading):
        level = next((name for rx, name in LEVELS if re.search(rx, own)), None) or next(
            (name for rx, name in LEVELS if re.search(rx, words(heading))), None)
        if not level:
            return None
        operativo = last_in(OPERATIVO, own, context) or ""
        shift = last_in(SHIFT, own, context) or ""
        page = response.url.split("?")[0]
        label = " ".join(x for x in (f"Operativo {operativo}" if operativo else "", level, shift) if x)
        return Doc(url, role, (page, operativo, level, shift), label=label, year=year_in(own, context),
                   subject=level, definitive=self.definitive(own, context))
