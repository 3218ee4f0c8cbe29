"""MEP (Ministerio de Educación Pública, Costa Rica), Dirección de Gestión y Evaluación de la
Calidad (DGEC): the practice items released for the Prueba Nacional Estandarizada, in Spanish.

Documented (news reports citing the ministry): the official resources are at
dgec.mep.go.cr/prueba-nacional-estandarizada; practices per year at dgec.mep.go.cr/items-de-practica-2025/
(primary: Matemática, Español, Ciencias, Estudios Sociales; secondary: the same and Educación Cívica),
"un conjunto de ítems por componente, con su respectiva respuesta"; specification tables at
dgec.mep.go.cr/documentos-2025/.

ASSUMED (the fixture site fixtures/sites/cr_mep/ is built on these): the entry page links the
year's practice page ("Ítems de práctica 2025"); that page lists one PDF per level and component,
each holding its items and their answers (a table at its end). Practices offered only as online
forms are not documents and are not read. Each practice is one exam with its key inside."""
import re

from spiders.base import Doc, words
from spiders.sources.linked import LinkedPagesSpider, year_in

SUBJECTS = {"matematica": "Matemática", "espanol": "Español", "ciencias": "Ciencias",
            "estudios sociales": "Estudios Sociales", "civica": "Educación Cívica"}
LEVELS = [(r"primaria|sexto|6 grado", "Elementary school"), (r"secundaria|undecimo|duodecimo|colegio", "High school")]


class CrMepSpider(LinkedPagesSpider):
    name = "cr_mep"
    country = "CR"
    languages = ("es",)
    exam = "Prueba Nacional Estandarizada (MEP), ítems de práctica"
    publisher = "Ministerio de Educación Pública de Costa Rica, Dirección de Gestión y Evaluación de la Calidad"
    level = "High school"
    licence = "not checked"
    first_year = 2023
    base_url = "https://dgec.mep.go.cr"
    entry = ("prueba-nacional-estandarizada",)
    follow_words = r"\bitems? de practica\b|\bpracticas?\b.*\b20\d\d\b"
    content = ("main", "#content", ".entry-content", "article", "body")
    exam_words = r"\bpractica|\bitems?\b|\bprueba\b"
    skip_words = r"tabla de especificaciones|especificaciones|resultados|lineamientos|calendario|circular|\bguia\b"

    def document(self, role, own, context, url, response, heading):
        text = f"{own} {words(heading)}"
        subject = next((name for key, name in SUBJECTS.items() if key in text), None)
        level = next((name for rx, name in LEVELS if re.search(rx, text)), None)
        if not subject:
            return None
        year = year_in(own, context)
        stage = {"Elementary school": "primaria", "High school": "secundaria"}.get(level, "")
        return Doc(url, role, (url,), label=" ".join(x for x in ("Práctica", subject, stage, str(year or "")) if x),
                   year=year, subject=subject, level=level)
