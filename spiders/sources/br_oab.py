"""OAB, Exame de Ordem Unificado (FGV), 1st phase: `EditaisProvas?NumeroExame=0` lists the
editions in `<select id="cmb-edital">`; each edition's page links its documents as
`a[target=_blank]` with text "DD/MM/YYYY - <label>". The exam is "Caderno de Prova - Tipo 1"
(18th edition on) or "Caderno de Prova 01" (before); a booklet label with parentheses is a
2nd-phase essay booklet ("Caderno de Prova (Direito Civil)"). The key is the definitive
"Gabaritos definitivos da prova objetiva (1ª fase)", else the preliminary one (the only one
published up to the 32nd; the 2nd has none). Pages list newest first and a corrected key is
republished ("- atualizado"), so keys rank by definitive, then the date in their label, never by
their place in the list; a re-sitting's key ("- Examinandos de Salvador/BA") is left out. Labels
mix "-" and "–". fixtures/sites/br_oab holds two real edition pages (44º, XXV)."""
import re

import scrapy

from spiders.base import Doc, ExamSpider

DATED = re.compile(r"^\s*(\d{2})/(\d{2})/(\d{4})\s*[-–—]\s*(.+?)\s*$", re.DOTALL)  # labels mix - and –


def roman(text: str) -> int:
    vals = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    return sum(-vals[a] if vals.get(b, 0) > vals[a] else vals[a] for a, b in zip(text, text[1:] + " "))


def https(url: str) -> str:
    # s.oab.org.br answers 502 over http for editions up to the 31st, 200 over https
    return re.sub(r"^http://s\.oab\.org\.br/", "https://s.oab.org.br/", url)


class BrOabSpider(ExamSpider):
    name = "br_oab"
    country = "BR"
    languages = ("pt",)
    exam = "Exame de Ordem Unificado (OAB), 1ª fase"
    publisher = "Conselho Federal da OAB / FGV"
    level = "Professional"
    licence = "No licence or terms of use found on examedeordem.oab.org.br (not stated)"
    first_year = 2010
    base_url = "https://examedeordem.oab.org.br"
    # a booklet's whole label is "Caderno de Prova - Tipo 1" or "… 01": Tipo 2-4 shuffle the same
    # test, "Caderno de Prova (Direito Civil)" is a 2nd-phase essay booklet; keys of the objective test
    exam_words = r"^caderno de prova\s*(?:[-–—]\s*tipo\s*1|0?1)$"
    key_words = r"^(?=.*gabarito)(?=.*objetiva)"
    # a re-sitting's key ("… - Examinandos de Salvador/BA", "… - Porto Alegre/RS") is not the main booklet's
    skip_words = r"examinandos|reaplica|/[a-z]{2}\b"

    def start_requests(self):
        yield scrapy.Request(self.url("EditaisProvas?NumeroExame=0"), self.parse_editions)

    def parse_editions(self, response):
        for option in response.css("#cmb-edital option"):
            value, title = option.attrib.get("value", "0"), " ".join(option.css("::text").getall()).strip()
            if not value.isdigit() or value == "0":
                continue  # "Selecione o exame"
            year = re.search(r"\b(20\d\d)\.\d\b", title)  # "2010.2"; else the booklet's date
            year = int(year.group(1)) if year else None
            if self.wanted(year):
                yield scrapy.Request(self.url(f"EditaisProvas?NumeroExame={value}"), self.parse_edition,
                                     cb_kwargs={"edition": value, "title": title, "year": year})

    def parse_edition(self, response, edition, title, year):
        # "44º EXAME …", "XXV EXAME DE ORDEM UNIFICADO" (real titles are upper case), "XXXII Exame …"
        number = re.search(r"\b(\d{1,3})\s*[º°ª]|\b([IVXLC]+)\s+EXAME", title, re.IGNORECASE)
        number = (int(number.group(1)) if number.group(1) else roman(number.group(2).upper())) if number else None
        for a in response.css("a[target='_blank']"):
            m = DATED.match(" ".join(a.css("::text").getall()))
            href = a.attrib.get("href")
            if not m or not href:
                continue
            label = m.group(4)
            role = self.classify(label)
            if not role:
                continue
            doc_year = year or (int(m.group(3)) if role == "exam" else None)
            self.add(Doc(https(response.urljoin(href)), role, (edition,), definitive=self.definitive(label),
                         published=f"{m.group(3)}-{m.group(2)}-{m.group(1)}",
                         label=f"{number}º Exame - {label}" if number else f"{title} - {label}", year=doc_year))
