"""IAVE, Exames Finais Nacionais do ensino secundário: one archive page per year
(`arquivo-provas-e-exames-finais-nacionais-es/?ano=YYYY`, 1997 on). In
`.uk-accordion-provas-exames` each phase is a block (`#fase-1-exame-nacional`,
`#fase-2-exame-nacional`, `#epoca-especial-exame-nacional`) of subjects (`.each-acordeao`, title
"Matemática A – 635") whose files are `.each-doc a.title` with a `.doc-version` ("Versão 1"; else
`-V1` in the file name). A file with `-CC` (Critérios de Classificação) or "critérios" in its
link is a key, any other an exam (audio is outside `.each-doc`). They pair on (year, phase,
subject code, version); a subject whose keys name no version has one key for all its versions,
so its exams pair on (year, phase, code).

The newest year is on the current-year page (`provas-e-exames/provas-e-exames/provas-e-exames-
finais-nacionais-es/`), read as well; real names also use `_` (`EX-Port138-F1-2024-CC_VD_net.pdf`,
`EX-Fil714-F1-2025_V1_net.pdf`); adapted editions ("adp", "adaptada") and audio scripts are
skipped. Verified only against the fixture site (fixtures/sites/pt_iave, built to the structure the
project's notes record of iave.pt); the live site has not been crawled, so the year loop (every
year answers the same page) and the markup are as recorded, not as checked. The fixture's 2024 page
carries real file names (a public registry of the links of the live `?ano=2024` page): CCs uploaded
a month after their booklet, `_net-3`, `-V1-1`, `1F`, `PF-PLNM94-839-…-CC` for `PF-PLNM839`; they pair
by subject and phase, as here, whatever their names say.
Known limit: the real CC is prose criteria with the selection items' answers in a small table
(one column per version when one CC serves both); the key reader reads `number letter` grids
(a "Versão 1 | Versão 2" table gives each booklet its column), not the prose, so real CCs may
give unkeyed answers. The fixture's CCs are plain grids. Open items (no options) are not
emitted. Licence: none found on the site."""
import datetime
import re

import scrapy

from spiders.base import Doc, ExamSpider, text_of

ARCHIVE = "provas-e-exames/arquivo/arquivo-provas-e-exames-finais-nacionais-es/?ano={year}"
# the newest year is served here, not by the archive (evidence: a working scraper of iave.pt)
CURRENT = "provas-e-exames/provas-e-exames/provas-e-exames-finais-nacionais-es/"
YEARS = range(1997, datetime.date.today().year + 1)


class PtIaveSpider(ExamSpider):
    name = "pt_iave"
    country = "PT"
    languages = ("pt",)
    exam = "Exames Finais Nacionais do Ensino Secundário"
    publisher = "IAVE (Instituto de Avaliação Educativa)"
    level = "High school"  # INCLUDE's label for secondary-school final exams
    licence = "not found (no licence or terms of re-use found on iave.pt)"
    first_year = 1997
    base_url = "https://iave.pt"
    # Critérios de Classificação: `-CC`/`_CC_` in the file name, or the link says it
    key_words = r"[-_]cc(?![a-z0-9])|criterios"
    # "Versão 1" (`.doc-version`), else `-V1`/`_V1` in the name
    version_words = r"(?:\bversao\s*|[-_]v)(\d+)(?![^_\s-])"
    # adapted editions (`_adp`, "adaptada") and audio scripts ("Guiões") are not separate exams
    skip_words = r"(?<![a-z])adp(?![a-z])|adaptad|\bguio(?:es)?\b"

    def start_requests(self):
        yield scrapy.Request(self.url(CURRENT), self.parse_current, dont_filter=True)
        for year in YEARS:
            if self.wanted(year):
                yield scrapy.Request(self.url(ARCHIVE.format(year=year)), self.parse_year,
                                     cb_kwargs={"year": year}, dont_filter=True)

    def parse_current(self, response):
        """The current year's page: its year is the page's (`.year-container`), else its files'."""
        said = re.search(r"\b(19|20)\d\d\b", text_of(response.css(".year-container")))
        named = [int(y) for y in re.findall(r"-(20\d\d)(?=[-_])", " ".join(response.css("a::attr(href)").getall()))]
        year = int(said.group(0)) if said else max(named, default=0)
        if year and self.wanted(year):
            self.parse_year(response, year)

    def parse_year(self, response, year):
        for phase in response.css('.uk-accordion-provas-exames [id$="-exame-nacional"]'):
            for subject in phase.css(".each-acordeao"):
                self.parse_subject(response, subject, year, phase.attrib["id"].removesuffix("-exame-nacional"))

    def parse_subject(self, response, subject, year, phase):
        title = text_of(subject.css(".uk-accordion-title"))
        code = re.search(r"(\d{3})\s*$", title)
        code = code.group(1) if code else title
        docs = []
        for doc in subject.css(".each-doc"):
            a = doc.css("a.title[href]")
            if not a:
                continue
            href = a.attrib["href"]
            stem = href.rsplit("/", 1)[-1].rsplit(".", 1)[0]
            role = self.classify(f"{text_of(a)} {stem}", default="exam")  # audio is outside `.each-doc`
            docs.append((response.urljoin(href), role, self.version(f"{text_of(doc.css('.doc-version'))} {stem}")))
        # one CC without a version serves every version of the subject
        by_version = any(v for url, role, v in docs if role == "key")
        subject_name = re.sub(r"\s*[–-]\s*\d{3}\s*$", "", title) or None
        for url, role, version in docs:
            label = ", ".join(filter(None, [title, f"{phase} {year}", version and f"Versão {version}"]))
            self.add(Doc(url, role, (year, phase, code, version if by_version else ""), label=label,
                         year=year, subject=subject_name))
