"""Universidad Nacional de Ingeniería (UNI, Peru): the admission exam's "solucionarios", in
Spanish, five options (A-E).

Documented: the files at the site's root, admision.uni.edu.pe/solucionario2019.pdf,
solucionario20192.pdf, solucionario2020.pdf, solucionario2021.pdf (one per sitting, "2019" the
first and "20192" the second); each question is followed by its worked solution and its key
("Respuesta: C"), which the extractor does not read today: the questions come out without
answers, flagged `unkeyed` (public code that reuses these items cites them as "Examen de Admisión
2019-1, Álgebra, pregunta 2 (clave C)"). The 2013-2018 solucionarios say "Derechos reservados. Prohibida la
reproducción"; the later ones carry no notice. The site's TLS certificate has expired (Scrapy does
not verify certificates by default, so the crawl still reads it).

ASSUMED (the fixture site fixtures/sites/pe_uni/ is built on these): a page of the admission site
lists the solucionarios ("Solucionario 2019-I"); the sitting comes from the link text or from
the file name's trailing 2. Each solucionario is one exam (no key document)."""
import re

from spiders.base import Doc
from spiders.sources.linked import LinkedPagesSpider

# "2019-I" / "2019-II" / "2019-1" in the link's words (dash made a space), else the file name "solucionario20192.pdf"
SITTING = re.compile(r"\b(20\d\d)\s+(i{1,2}|[12])\b|solucionario\s*(20\d\d)(2?)\.pdf")


class PeUniSpider(LinkedPagesSpider):
    name = "pe_uni"
    country = "PE"
    languages = ("es",)
    exam = "Examen de admisión de la Universidad Nacional de Ingeniería (UNI)"
    publisher = "Universidad Nacional de Ingeniería, Oficina Central de Admisión"
    level = "University entrance"
    licence = "2013-2018: 'Derechos reservados. Prohibida la reproducción' (printed); later: none found"
    first_year = 2013
    base_url = "https://admision.uni.edu.pe"
    entry = ("solucionarios",)
    depth = 0
    exam_words = r"\bsolucionario|\bexamen\b|\bprueba\b"
    skip_words = r"\bprospecto|reglamento|resultados|ingresantes|vacantes|cronograma"

    def document(self, role, own, context, url, response, heading):
        found = SITTING.search(own)
        if not found:
            return None
        if found.group(1):
            year, second = int(found.group(1)), found.group(2) in ("ii", "2")
        else:
            year, second = int(found.group(3)), bool(found.group(4))
        sitting = f"{year}-{'II' if second else 'I'}"
        return Doc(url, role, (url,), label=f"Solucionario {sitting}", year=year)
