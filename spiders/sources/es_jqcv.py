"""Junta Qualificadora de Coneixements de Valencià (JQCV, Generalitat Valenciana): the exams of the
Valencian certificates, levels A1 to C2, in Valencian (ca).

Documented: one page per level, jqcv.gva.es/va/nivell-a1 … /va/nivell-c2 (Liferay); documents
in its library, one folder per level, `jqcv.gva.es/documents/161863165/165492618/A2+octubre+2024.pdf/<uuid>`,
`…/165492629/B1+juny+2026.pdf/<uuid>` (public code takes past exams from there, citing the level
page as their source; the file name names the level, the sitting's month and the year; the
listening part's audio is a separate file); two sittings a year (the DOGV calls:
written test in June and October or November); areas: comprensió oral and escrita, estructures
lingüístiques, expressió escrita and oral, with true/false and a/b/c items.

ASSUMED (the fixture site fixtures/sites/es_jqcv/ is built on these): the level page lists past
exams under a heading ("Exàmens anteriors", "Models d'examen") with the sitting in the link text
or file name, and their answers as a separate document named "Solucions"/"Claus de correcció".
Exam and key pair on (level, year, sitting's month). Until 2017 the certificates had other names
(coneixements orals, grau elemental, mitjà, superior: A2, B1, C1, C2 since), read as their levels."""
import re

from spiders.base import Doc
from spiders.sources.linked import LinkedPagesSpider, last_in, year_in

LEVEL = r"\b([abc][12])\b"
# the certificates' names before the CEFR levels (until 2017): orals A2, elemental B1, mitjà C1, superior C2
OLD_GRADES = [(r"coneixements orals", "a2"), (r"\b(?:grau )?elemental\b", "b1"), (r"\bgrau mitja\b", "c1"),
              (r"\bgrau superior\b", "c2")]
MONTH = r"\b(gener|febrer|marc|abril|maig|juny|juliol|setembre|octubre|novembre|desembre)\b"


class EsJqcvSpider(LinkedPagesSpider):
    name = "es_jqcv"
    country = "ES"
    languages = ("ca",)
    exam = "Certificats de coneixements de valencià (JQCV), A1-C2"
    publisher = "Junta Qualificadora de Coneixements de Valencià, Generalitat Valenciana"
    level = "Other"
    licence = "not checked"
    first_year = 2010
    base_url = "https://jqcv.gva.es"
    entry = tuple(f"va/nivell-{lvl}" for lvl in ("a1", "a2", "b1", "b2", "c1", "c2"))
    depth = 0
    content = ("#content", "main", ".portlet-body", "body")
    key_words = r"\bsolucions?\b|\bclaus?\b|\brespostes correctes|\bplantilla"
    exam_words = r"\bexamen|\bexercici|\bprova\b|\bquadern|\bmodel\b|\b[abc][12]\b|\bgrau\b"
    skip_words = r"\bllist|qualificacions|\bnotes\b|calendari|instruccions|\bseus?\b|\bbases\b|resolucio|criteris|taxes"

    def document(self, role, own, context, url, response, heading):
        level = last_in(LEVEL, own, context) or next(
            (lvl for rx, lvl in OLD_GRADES for text in (own, context) if re.search(rx, text)), None)
        year = year_in(own, context)
        month = last_in(MONTH, own, context) or ""
        if not level:
            return None
        label = f"{level.upper()} {month} {year or ''}".replace("  ", " ").strip()
        return Doc(url, role, (level, year, month), label=label, year=year, subject=f"Valencià {level.upper()}")
