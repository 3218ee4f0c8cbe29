"""The base of every source spider: its metadata, its arguments, how a link is told (exam, key,
neither; provisional or definitive; which version), and the pairing of exams with their keys. A
source spider declares its metadata and words, says where the documents are, and calls
`self.add(...)` for each; when the crawl runs dry the documents are paired and handed on as
`ExamPair` items (downloads and extraction are the pipelines' work)."""
from __future__ import annotations

import inspect
import re
from dataclasses import dataclass, field
from typing import ClassVar

import scrapy
from scrapy import signals
from scrapy.exceptions import DontCloseSpider

from schema import ExamMeta
from schema.common import fold

from .watch import Outcomes, robots_verdict

FAILURES: list[str] = []  # spiders that ended with nothing: the crawl command exits non-zero
PROBES: list[str] = []  # with INCLUDE_PROBE, one line per spider: the crawl command prints them
DEFINITIVE = re.compile(r"definitiv|behin[\s-]*betiko")  # a key that says it is final


def words(text: str) -> str:
    """Folded, with `_ - – — : , ; ( ) [ ]` as spaces: file names read as words."""
    return fold(re.sub(r"[_\-–—:,;()\[\]]+", " ", text))


def text_of(node) -> str:
    """All the text of a selector and its descendants, spaces collapsed."""
    return " ".join(" ".join(node.xpath(".//text()").getall()).split())


def cell_headers(a) -> tuple[str, str]:
    """A link in a table cell: the text of its row's first cell and of its column's header."""
    cell = a.xpath("ancestor::td[1]")
    if not cell:
        return "", ""
    cell = cell[0]
    row = cell.xpath("parent::tr")[0]
    cells = row.xpath("./td|./th")
    index = next(i for i, c in enumerate(cells) if c.root is cell.root)
    first = text_of(cells[0]) if index else ""
    table = row.xpath("ancestor::table[1]")[0]
    head = table.xpath("(.//tr[th])[1]/th|(.//tr[th])[1]/td")
    column = text_of(head[index]) if index < len(head) and head[0].root is not cells[0].root else ""
    return first, column


@dataclass
class Doc:
    """One document a listing names: an exam booklet or an answer key.

    `pair` says which exam it belongs to (year, sitting, day, booklet, subject, language... as
    the source distinguishes them): an exam and a key with the same `pair` go together. `body`
    holds the bytes when the source serves the file inside an API answer (base64 in JSON), and
    `answers` a key the source serves as data: they go to the extractor as they are."""
    url: str
    role: str  # "exam" or "key"
    pair: tuple
    label: str = ""
    definitive: bool = True  # keys: a definitive key is preferred over a preliminary one
    published: str = ""  # keys: ISO date the listing gives; a later one is preferred (a corrected key)
    language: str | None = None
    year: int | None = None
    subject: str | None = None
    level: str | None = None  # when this booklet's level is not the source's
    body: bytes | None = None
    suffix: str = ".pdf"
    answers: list[tuple[int, str | None]] | None = None  # (number, answer); None: annulled


@dataclass
class Pair:
    exam: Doc
    key: Doc | None
    others: list[Doc] = field(default_factory=list)  # keys passed over (preliminary ones)


def pair_docs(docs: list[Doc]) -> list[Pair]:
    """Each exam with the best key of its group: definitive before preliminary, then the latest
    date the listing gives, then the last one listed (a corrected key is published after the
    first). Exams without a key still go on (the key may be printed in the booklet)."""
    groups: dict[tuple, list[Doc]] = {}
    for d in docs:
        groups.setdefault(d.pair, []).append(d)
    pairs = []
    for group in groups.values():
        keys = [d for d in group if d.role == "key"]
        best = max(keys, key=lambda d: (d.definitive, d.published, keys.index(d))) if keys else None
        seen: set[str] = set()
        for exam in (d for d in group if d.role == "exam"):
            if exam.url not in seen:
                seen.add(exam.url)
                pairs.append(Pair(exam, best, [k for k in keys if k is not best]))
    return pairs


class ExamPair(scrapy.Item):
    """An exam booklet with its key, on its way to the pipelines."""
    file_urls = scrapy.Field()
    files = scrapy.Field()
    inline = scrapy.Field()  # url -> bytes of files that came inside an API answer
    exam_url = scrapy.Field()
    key_url = scrapy.Field()
    answers = scrapy.Field()  # the key's answers when the source served them as data
    meta = scrapy.Field()  # schema.ExamMeta: what the records say of the exam
    provenance = scrapy.Field()  # licence, publisher, spider, booklet: added to each record as it is


def parse_years(text: str | None) -> set[int] | None:
    """`2023`, `2020-2023`, `2019,2021-2022` -> the set of years; None for all."""
    if not text:
        return None
    years: set[int] = set()
    for part in str(text).split(","):
        m = re.fullmatch(r"\s*(\d{4})\s*(?:-\s*(\d{4}))?\s*", part)
        if not m:
            raise ValueError(f"years: {text!r} is not like 2023, 2020-2023 or 2019,2021")
        a, b = int(m.group(1)), int(m.group(2) or m.group(1))
        years.update(range(min(a, b), max(a, b) + 1))
    return years


class ExamSpider(scrapy.Spider):
    """Declare the metadata and the words once; implement `start_requests` (from `self.base_url`)
    and parse callbacks that call `self.add(Doc(...))`, telling documents with `classify`,
    `definitive` and `version`."""
    # metadata, as class attributes of each source
    country: ClassVar[str] = ""  # ISO 3166 alpha-2
    languages: ClassVar[tuple[str, ...]] = ()  # ISO 639-1 (639-3 if none), the first the usual one
    exam: ClassVar[str] = ""
    publisher: ClassVar[str] = ""
    level: ClassVar[str] = ""  # INCLUDE's levels: Secondary, University entrance, Professional...
    licence: ClassVar[str] = ""
    first_year: ClassVar[int] = 0
    base_url: ClassVar[str] = ""  # the official site; `-a base_url=` points it elsewhere
    # how a link is told: regexes over folded text (`fold`: lower case, accents off, spaces
    # collapsed), compiled once per class
    key_words: ClassVar[str] = ""  # an answer key
    exam_words: ClassVar[str] = ""  # an exam booklet
    skip_words: ClassVar[str] = ""  # about the exam, not the exam: results, notices, lists...
    provisional_words: ClassVar[str] = r"provision|provisori|prelimin|behin[\s-]*behineko"  # a preliminary key
    version_words: ClassVar[str] = r"\b(?:modelo|tipo|version)\s*([a-d])\b"  # one group: the booklet's model

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls._patterns = {w: re.compile(getattr(cls, f"{w}_words")) if getattr(cls, f"{w}_words") else None
                         for w in ("key", "exam", "skip", "provisional", "version")}

    @classmethod
    def _found(cls, words: str, text: str) -> re.Match | None:
        pattern = cls._patterns[words]  # None: the spider declares no such words
        return pattern.search(text) if pattern else None

    @classmethod
    def classify(cls, text: str, context: str = "", default: str | None = None) -> str | None:
        """"exam", "key" or None. A link's own words (`text`: its text, title, file name) decide
        before what the page says around it (`context`: headings, table headers), and `default`
        when neither does; skip words in either leave it out."""
        texts = [fold(t) for t in (text, context) if t]
        if any(cls._found("skip", t) for t in texts):
            return None
        for t in texts:
            if cls._found("key", t):
                return "key"
            if cls._found("exam", t):
                return "exam"
        return default

    @classmethod
    def definitive(cls, text: str, context: str = "") -> bool:
        """Whether a key is definitive: it is unless it says it is provisional, as its own words
        (`text`) say, or the context when they name neither status."""
        text = fold(text)
        if not (cls._found("provisional", text) or DEFINITIVE.search(text)):
            text = f"{text} {fold(context)}"
        return not cls._found("provisional", text)

    @classmethod
    def version(cls, text: str) -> str:
        """The booklet's model or version ("A", "2") as the text names it; "" if it does not."""
        found = cls._found("version", fold(text))
        return found.group(1).upper() if found else ""

    def __init__(self, base_url: str | None = None, years: str | None = None, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if base_url:
            self.base_url = base_url
        self.base_url = self.base_url.rstrip("/")
        self.years = parse_years(years)
        self._docs: list[Doc] = []
        self._done: set[str] = set()
        self.emitted: set[str] = set()  # this run's: a resumed crawl hands on again what was not done
        self.outcomes = Outcomes()  # what became of the listing's requests (spiders.watch)

    @classmethod
    def arguments(cls) -> list[str]:
        """The `-a` arguments the spider takes: the named parameters of its `__init__`s."""
        names = []
        for klass in cls.__mro__:
            if issubclass(klass, ExamSpider) and "__init__" in vars(klass):
                names += [p.name for p in inspect.signature(klass.__init__).parameters.values()
                          if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY) and p.name != "self"]
        return sorted(set(names))

    @classmethod
    def validate(cls, args: dict) -> None:
        """ValueError if an argument's value is not one the spider can use (checked before the crawl)."""
        parse_years(args.get("years"))

    @classmethod
    def update_settings(cls, settings):
        super().update_settings(settings)
        probe_settings(settings)

    @property
    def probing(self) -> bool:
        return self.settings.getbool("INCLUDE_PROBE")

    # with JOBDIR, Scrapy keeps `self.state` between runs: a resumed crawl remembers what it found
    # and which exams were extracted
    @property
    def docs(self) -> list[Doc]:
        state = getattr(self, "state", None)
        return self._docs if state is None else state.setdefault("docs", self._docs)

    @property
    def done(self) -> set[str]:
        state = getattr(self, "state", None)
        return self._done if state is None else state.setdefault("done", self._done)

    def mark_done(self, exam_url: str) -> None:
        """Called by the extraction pipeline once an exam's records went out."""
        self.done.add(exam_url)

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.on_idle, signal=signals.spider_idle)
        return spider

    async def start(self):
        for request in self.start_requests():
            yield request

    # -- for the sources ---------------------------------------------------------------------
    def url(self, path: str) -> str:
        return path if re.match(r"^[a-z]+:", path) else f"{self.base_url}/{path.lstrip('/')}"

    def wanted(self, year: int | None) -> bool:
        return self.years is None or year is None or year in self.years

    def add(self, doc: Doc) -> None:
        if self.wanted(doc.year) and not any(d.url == doc.url and d.role == doc.role for d in self.docs):
            self.docs.append(doc)
            self.crawler.stats.inc_value(f"include/docs/{doc.role}")

    # -- pairing, once the listings are read -----------------------------------------------
    def _pending(self) -> bool:
        return any(d.url not in self.emitted and d.url not in self.done for d in self.docs if d.role == "exam")

    def on_idle(self, spider):
        """When the crawl runs dry: pair what the listings gave and hand the pairs on."""
        if spider in (self, getattr(self, "parent", None)) and self._pending():
            self.crawler.engine.crawl(scrapy.Request("data:,", callback=self.emit_pairs, dont_filter=True))
            raise DontCloseSpider

    def pairs(self) -> list[Pair]:
        return pair_docs(self.docs)

    def emit_pairs(self, response=None):
        for pair in self.pairs():
            if pair.exam.url in self.emitted or pair.exam.url in self.done:
                continue
            self.emitted.add(pair.exam.url)
            self.crawler.stats.inc_value("include/pairs" if pair.key else "include/exams_without_key")
            yield self.probe_item(pair) if self.probing else self.item(pair)
        self.emitted.update(d.url for d in self.docs)

    def item(self, pair: Pair) -> ExamPair:
        exam, key = pair.exam, pair.key
        docs = [exam] + ([key] if key else [])
        return ExamPair(
            file_urls=[d.url for d in docs if d.body is None],
            inline={d.url: (d.body, d.suffix) for d in docs if d.body is not None},
            exam_url=exam.url, key_url=key.url if key else None, answers=key.answers if key else None,
            meta=ExamMeta(language=exam.language or self.languages[0], country=self.country, exam=self.exam,
                          year=exam.year, level=exam.level or self.level or None, subject=exam.subject,
                          source_url=exam.url),
            provenance={"licence": self.licence, "publisher": self.publisher, "spider": self.name,
                        "booklet": exam.label})

    def probe_item(self, pair: Pair) -> dict:
        """What the probe hands on instead of a pair to download: the pair's names."""
        return {"spider": self.name, "exam_url": pair.exam.url, "key_url": pair.key.url if pair.key else None,
                "year": pair.exam.year, "booklet": pair.exam.label}

    def closed(self, reason):
        if self.probing:
            exams = {d.url for d in self.docs if d.role == "exam"}
            keyed = {p.exam.url for p in self.pairs() if p.key}
            PROBES.append(f"{self.name}: {self.outcomes.reachable()}; "
                          f"{robots_verdict(self.outcomes, self.crawler.stats)}; "
                          f"{len(exams)} exams, {sum(d.role == 'key' for d in self.docs)} keys found; "
                          f"{len(keyed)} pairs made")
        if not self.docs:
            msg = f"{self.name}: no exams found on {self.base_url}: {self.outcomes.why_empty()}"
            self.logger.error(msg)
            FAILURES.append(msg)


def probe_settings(settings) -> None:
    """`-s INCLUDE_PROBE=1`: listings only. The pairs go to the feed as names; no pipeline runs,
    so no file is downloaded."""
    if settings.getbool("INCLUDE_PROBE"):
        settings.set("ITEM_PIPELINES", {}, priority="cmdline")
