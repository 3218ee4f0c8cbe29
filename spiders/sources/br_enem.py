"""INEP, ENEM "Provas e Gabaritos": one static page per year under the listing, in
`#parent-fieldname-text` (or `#content-core`): headings name the application ("Aplicação
regular", "Reaplicação/PPL"), a `<p>` names the booklet ("1º dia – Caderno 1 – Azul") and the
`<ul>` after it links "Prova" and "Gabarito". The same test is printed in four colours with the
questions shuffled, so one booklet per application and day is kept (the first listed)."""
import datetime
import re

from spiders.base import Doc, ExamSpider

YEARS = range(1998, datetime.date.today().year + 1)


class BrEnemSpider(ExamSpider):
    name = "br_enem"
    country = "BR"
    languages = ("pt",)
    exam = "ENEM (Exame Nacional do Ensino Médio)"
    publisher = "INEP"
    level = "University entrance"
    licence = "CC BY-ND 3.0 (gov.br content; redistribute unmodified, with attribution)"
    first_year = 1998
    base_url = "https://www.gov.br/inep/pt-br/areas-de-atuacao/avaliacao-e-exames-educacionais/enem"

    def start_requests(self):
        for year in YEARS:
            if self.wanted(year):
                yield self.request(self.url(f"provas-e-gabaritos/{year}"), self.parse_year, year=year)

    def request(self, url, callback, **kw):
        import scrapy

        # listings are read on every run, a resumed one too: they change; files are not refetched
        return scrapy.Request(url, callback, cb_kwargs=kw, dont_filter=True)

    def parse_year(self, response, year):
        box = response.css("#parent-fieldname-text") or response.css("#content-core")
        section, title, days = "", "", set()
        for node in box.xpath("./*"):
            tag = node.root.tag
            text = " ".join(node.css("::text").getall()).strip()
            if re.fullmatch(r"h[2-5]", tag):
                section = text
            elif tag in ("p", "div") and not node.css("a"):
                title = text
            elif tag == "ul" or node.css("a"):
                day = re.search(r"(\d)\s*[º°o]?\s*dia", title, re.IGNORECASE)
                slot = (section, day.group(1) if day else title)
                if slot in days:
                    continue  # another colour of the same test
                days.add(slot)
                for a in node.css("a"):
                    label = " ".join(a.css("::text").getall()).strip().lower()
                    role = {"prova": "exam", "gabarito": "key"}.get(label)
                    if role:
                        href = re.sub(r"^(https?)//", r"\1://", a.attrib.get("href", ""))  # 2017's typo
                        self.add(Doc(response.urljoin(href), role, (year, section, title), label=title,
                                     year=year, subject=section or None))
