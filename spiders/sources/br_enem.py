"""INEP, ENEM "Provas e Gabaritos": one static page per year under the listing, in
`#parent-fieldname-text` (or `#content-core`): headings name the application ("Aplicação
regular", "Reaplicação/PPL"), a `<p>` names the booklet ("1º dia – Caderno 1 – Azul") and the
`<ul>` after it links "Prova" and "Gabarito". The same test is printed in four colours with the
questions shuffled, so one booklet per application and day is kept: the first listed with both its
links. Booklets may sit in nested containers (the 2003 page's `div.list-download__row`).
The year pages and their walk are INEP's shared ones (spiders/sources/inep.py)."""
import re

from spiders.base import Doc
from spiders.sources.inep import InepSpider


class BrEnemSpider(InepSpider):
    name = "br_enem"
    exam = "ENEM (Exame Nacional do Ensino Médio)"
    level = "University entrance"
    first_year = 1998
    base_url = "https://www.gov.br/inep/pt-br/areas-de-atuacao/avaliacao-e-exames-educacionais/enem"
    key_words = r"^gabarito$"  # a booklet's links say exactly "Prova" and "Gabarito"
    exam_words = r"^prova$"

    def parse_year(self, response, year):
        # per application and day, the first booklet listed with both its links (another colour
        # prints the same test); a day with none complete keeps its first booklet
        days: dict[tuple, list] = {}
        for section, title, node in self.blocks(response):
            day = re.search(r"(\d)\s*[º°o]?\s*dia", title, re.IGNORECASE)
            docs = [(text, url, role) for text, url in self.anchors(response, node) if (role := self.classify(text))]
            if docs:
                days.setdefault((section, day.group(1) if day else title), []).append((title, docs))
        for (section, _), booklets in days.items():
            title, docs = next((b for b in booklets if {r for _, _, r in b[1]} == {"exam", "key"}), booklets[0])
            for _text, url, role in docs:
                self.add(Doc(url, role, (year, section, title), label=title, year=year, subject=section or None))
