"""INEP, ENEM "Provas e Gabaritos": one static page per year under the listing, in
`#parent-fieldname-text` (or `#content-core`): headings name the application ("Aplicação
regular", "Reaplicação/PPL"), a `<p>` names the booklet ("1º dia – Caderno 1 – Azul") and the
`<ul>` after it links "Prova" and "Gabarito". The same test is printed in four colours with the
questions shuffled, so one booklet per application and day is kept (the first listed).
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
        days = set()
        for section, title, node in self.blocks(response):
            day = re.search(r"(\d)\s*[º°o]?\s*dia", title, re.IGNORECASE)
            slot = (section, day.group(1) if day else title)
            if slot in days:
                continue  # another colour of the same test
            days.add(slot)
            for text, url in self.anchors(response, node):
                role = self.classify(text)
                if role:
                    self.add(Doc(url, role, (year, section, title), label=title, year=year,
                                 subject=section or None))
