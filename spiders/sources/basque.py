"""Words of the Basque public-job exams published in Basque and Spanish (IVAP, UPV/EHU): what a
question booklet, a key and a notice are called in either language, a booklet's model ("A
eredua", "Modelo A") and its language version."""
import re

KEY = (r"\btxantiloi|\bplantilla|\berantzun zuzen|\berantzunak\b|\brespuestas correctas|\bsoluzio"
       r"|\bclaves? de respuesta")
EXAM = r"\bgaldera|\bgaldetegi|\bgaldesorta|\bkoaderno|\bcuadernillo|\bcuestionario|\bazterketa\b|\bexamen\b"
# about the exam, not the exam: instructions, the blank answer sheet, venues, lists, results
NOT_DOC = (r"argibide|erantzun orri|hoja de respuestas|instruccion|pabiloi|pabellon|banaketa|distribucion"
           r"|zerrenda|\blista|emaitz|resultad|kalifikazio|calificacion|\bnotas?\b|oinarri|\bbases\b|deialdi"
           r"|convocatoria|alegazio|alegacion|erreklamazio|reclamacion")
# the booklet's model: "A eredua", "eredua: A", "Modelo A"
MODEL = r"\b(?:(?:modelo|eredua|tipo)\s*|(?=[a-d]\s+eredua))([a-d])\b"
VERSIONS = [(r"\beuskar|\beuskeraz|\beuskera\b", "eu"), (r"\bgaztelan|\bcastellano\b|\bespanol\b", "es")]


def language(text: str, default: str) -> str:
    """The version a document's words name (euskaraz / gaztelaniaz...), else `default`."""
    return next((code for rx, code in VERSIONS if re.search(rx, text)), default)
