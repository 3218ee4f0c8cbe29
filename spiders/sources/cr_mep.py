"""MEP (Ministerio de Educación Pública, Costa Rica), Dirección de Gestión y Evaluación de la
Calidad (DGEC): the practice items it releases for its national tests, in Spanish (English for the
English practices).

Documented: (1) Educación Abierta (adults' I and II ciclo, III ciclo, diversificada a distancia):
the pages dgec.mep.go.cr/iii-ciclo/, /i-y-ii-ciclo/ and /educacion-diversificada-a-distancia/ list
specification tables, calendars and "prácticas" per grade and subject, as
wp-content/uploads/2026/07/Practica-{Setimo|Octavo|Noveno}-{Espanol|Matematicas|Ciencias|Estudios-
Sociales|Ingles|Formacion-Ciudadana}-02-2026.pdf (public code fetched all 18 of 2026, respecting
robots.txt: text PDFs, except the English ones, mostly pictures); "a partir del año 2026, los ítems
de selección única… enunciado seguido de cuatro opciones de respuesta". (2) The Prueba Nacional
Estandarizada (news reports citing the ministry): dgec.mep.go.cr/prueba-nacional-estandarizada and a
page of practice items per year (/items-de-practica-2025/), "un conjunto de ítems por componente,
con su respectiva respuesta".

ASSUMED (the fixture site fixtures/sites/cr_mep/ is built on these): the pages' markup; that a
practice PDF ends with its answers (a table). Practices offered only as online forms are not
documents and are not read. Each practice is one exam with its key inside (no key document)."""
import re

from spiders.base import Doc, words
from spiders.sources.linked import LinkedPagesSpider, last_in, year_in

SUBJECTS = {"matematica": "Matemática", "espanol": "Español", "ciencias": "Ciencias",
            "estudios sociales": "Estudios Sociales", "civica": "Educación Cívica",
            "formacion ciudadana": "Formación Ciudadana", "ingles": "Inglés"}
LEVELS = [(r"primaria|sexto|6 grado|i y ii ciclo", "Elementary school"),
          (r"setimo|octavo|noveno|iii ciclo", "Middle school"),
          (r"secundaria|undecimo|duodecimo|colegio|diversificada", "High school")]
STAGES = {"Elementary school": "primaria", "High school": "secundaria"}
GRADE = r"\b(setimo|octavo|noveno|sexto)\b"
SITTING = r"\b(0[1-3]) (20\d\d)\b"  # Educación Abierta's convocatoria "02-2026"


class CrMepSpider(LinkedPagesSpider):
    name = "cr_mep"
    country = "CR"
    languages = ("es", "en")
    exam = "Prueba Nacional Estandarizada (MEP), ítems de práctica"
    publisher = "Ministerio de Educación Pública de Costa Rica, Dirección de Gestión y Evaluación de la Calidad"
    level = "High school"
    licence = "not checked"
    first_year = 2023
    base_url = "https://dgec.mep.go.cr"
    entry = ("prueba-nacional-estandarizada", "i-y-ii-ciclo/", "iii-ciclo/", "educacion-diversificada-a-distancia/")
    follow_words = r"\bitems? de practica\b|\bpracticas?\b.*\b20\d\d\b"
    content = ("main", "#content", ".entry-content", "article", "body")
    exam_words = r"\bpractica|\bitems?\b|\bprueba\b"
    skip_words = (r"tabla de especificaciones|especificaciones|resultados|lineamientos|calendario|circular|\bguia\b"
                  r"|instructivo|requisitos|\bsedes\b|reconocimiento")

    def document(self, role, own, context, url, response, heading):
        text = f"{own} {words(heading)}"
        subject = next((name for key, name in SUBJECTS.items() if key in text), None)
        if not subject:
            return None
        level = next((name for t in (text, context) for rx, name in LEVELS if re.search(rx, t)), None)
        grade = last_in(GRADE, text) or STAGES.get(level, "")
        sitting = re.search(SITTING, own)
        year = int(sitting.group(2)) if sitting else year_in(own, context)
        when = f"{sitting.group(1)}-{year}" if sitting else str(year or "")
        label = " ".join(x for x in ("Práctica", subject, grade, when) if x)
        return Doc(url, role, (url,), label=label, year=year, subject=subject, level=level,
                   language="en" if subject == "Inglés" else "es")
