"""INEP's "Provas e Gabaritos" pages on gov.br (Plone), shared by br_enem, br_revalida and
br_encceja. Not a spider itself (no `name`): the sources subclass `InepSpider`.

Documented for ENEM (by public scrapers that read these pages' DOM): each exam's listing loads
its year tabs by JavaScript, but every year also has a static page
`…/<exam>/provas-e-gabaritos/{YEAR}` whose text is in `#parent-fieldname-text` (else
`#content-core`); inside it, in order, `<h2>`-`<h5>` name a section (an application,
"Reaplicação/PPL"), a `<p>` (`<div><p>` in 2022-2023) names the booklet that follows, and a `<ul>`
links its files; 2017's hrefs have the typo `http//`.

Assumed, not verified against the live site: that Revalida and ENCCEJA year pages use the same
structure (Revalida's `…/revalida/provas-e-gabaritos/{year}` sub-pages are known, not their
markup; for ENCCEJA only the file names are known). The per-exam spiders therefore tell
documents by link text and file name, and use the headings only as context."""
from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

import scrapy

from spiders.base import ExamSpider, fold, text_of, words

INEP_LICENCE = "CC BY-ND 3.0 (gov.br content; redistribute unmodified, with attribution)"


@dataclass
class Link:
    """A file link of a year page with what the page says around it."""
    url: str
    text: str  # the anchor's own text ("Prova", "Gabarito definitivo")
    section: str  # the last heading above it ("Aplicação regular", "Revalida 2025/2")
    title: str  # the last paragraph without links above it ("1º dia – Caderno 1 – Azul")

    @property
    def name(self) -> str:
        """The file name, decoded and folded, `_`/`-` as spaces: "2025 2 caderno 1 preliminar.pdf"."""
        return words(unquote(urlsplit(self.url).path.rsplit("/", 1)[-1]))

    @property
    def path(self) -> str:
        return fold(unquote(urlsplit(self.url).path))

    @property
    def own(self) -> str:
        """The link's own words: its text and its file name."""
        return fold(f"{self.text} {self.name}")

    @property
    def context(self) -> str:
        return fold(f"{self.section} {self.title}")


class InepSpider(ExamSpider):
    """One request per year page (`listing`, from `first_year` to this year, as `-a years=`
    allows) to the source's `parse_year(response, year)`, which reads the page through
    `blocks` (each `<ul>` with its section and title) or `links` (each link with them)."""
    country = "BR"
    languages = ("pt",)
    publisher = "INEP"
    licence = INEP_LICENCE
    listing = "provas-e-gabaritos/{year}"

    def start_requests(self):
        for year in range(self.first_year, datetime.date.today().year + 1):
            if self.wanted(year):
                yield self.request(self.url(self.listing.format(year=year)), self.parse_year, year=year)

    def request(self, url, callback, **kw):
        # listings are read on every run, a resumed one too: they change; files are not refetched
        return scrapy.Request(url, callback, cb_kwargs=kw, dont_filter=True)

    def blocks(self, response) -> Iterator[tuple[str, str, scrapy.Selector]]:
        """(section, title, node) for each innermost element holding links in the page's text, in
        document order however deep the containers nest (the 2003 page wraps each booklet in a
        `div.list-download__row`, the 2022-2023 pages a title in `<div><p>`): a heading names the
        section, a paragraph without links the title, unless the link block holds its own."""
        box = response.css("#parent-fieldname-text") or response.css("#content-core")
        section, title = "", ""
        for node in box.xpath(".//*[self::h2 or self::h3 or self::h4 or self::h5 or self::p or self::div"
                              " or self::ul or self::ol or self::table]"):
            tag = node.root.tag
            if re.fullmatch(r"h[2-5]", tag):
                section, title = text_of(node), ""
            elif not node.css("a"):
                if tag in ("p", "div") and not node.xpath("./p|./div|./ul"):
                    title = text_of(node)
            elif not node.xpath(".//*[self::p or self::div or self::ul or self::ol or self::table][.//a]"):
                # the innermost block with links; a row that holds its own title names it
                own = node.xpath("./*[self::p or self::span or self::strong][not(.//a)]")
                if not own and node.root.getparent() is not None:
                    own = node.xpath("parent::*[contains(@class, 'row')]/*[self::p or self::span or self::strong]"
                                     "[not(.//a)]")
                yield section, text_of(own[0]) if own else title, node

    def anchors(self, response, node) -> Iterator[tuple[str, str]]:
        """(text, absolute URL) of a block's links; 2017's `http//` typo mended."""
        for a in node.css("a[href]"):
            href = re.sub(r"^(https?)//", r"\1://", a.attrib["href"].strip())
            yield text_of(a), response.urljoin(href)

    def links(self, response) -> Iterator[Link]:
        for section, title, node in self.blocks(response):
            for text, url in self.anchors(response, node):
                yield Link(url, text, section, title)

    def parse_year(self, response, year):
        raise NotImplementedError  # each source reads its year page
