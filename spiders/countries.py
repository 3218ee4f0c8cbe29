"""One spider per country (`scrapy crawl br`) that runs every source spider of that country in
one crawl. Each source keeps its own documents and pairing; this spider only starts them.
(`JOBDIR` resume is for source spiders: a country crawl's callbacks belong to its sources.)
A country with sources gets a class below, declared by hand so that `grep` finds it; the tests
check that every country of a source has exactly one."""
from __future__ import annotations

import pkgutil
from importlib import import_module
from typing import ClassVar

import scrapy
from scrapy import signals

from . import sources
from .base import ExamSpider, probe_settings


def source_spiders() -> list[type[ExamSpider]]:
    found = []
    for mod in pkgutil.iter_modules(sources.__path__):
        module = import_module(f"{sources.__name__}.{mod.name}")
        found += [v for v in vars(module).values() if isinstance(v, type) and issubclass(v, ExamSpider)
                  and v is not ExamSpider and getattr(v, "name", None) and v.__module__ == module.__name__]
    return sorted(found, key=lambda c: c.name)


class CountrySpider(scrapy.Spider):
    country: ClassVar[str] = ""  # ISO 3166 alpha-2, as its sources say it
    sources: ClassVar[list[type[ExamSpider]]] = []

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.sources = [src for src in source_spiders() if src.country == cls.country]

    @classmethod
    def arguments(cls) -> list[str]:
        return ["years", *(f"base_url_{src.name}" for src in cls.sources)]

    @classmethod
    def update_settings(cls, settings):
        super().update_settings(settings)
        probe_settings(settings)

    def __init__(self, years: str | None = None, *args, **kwargs):
        # `-a base_url_<source>=URL` points one source elsewhere (a local copy, in tests)
        self.base_urls = {k[len("base_url_"):]: kwargs.pop(k) for k in list(kwargs) if k.startswith("base_url_")}
        super().__init__(*args, **kwargs)
        self.years = years
        self.subs: list[ExamSpider] = []

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        for src in cls.sources:
            sub = src(base_url=spider.base_urls.get(src.name), years=spider.years)
            sub.crawler, sub.settings, sub.parent = crawler, crawler.settings, spider
            crawler.signals.connect(sub.on_idle, signal=signals.spider_idle)
            spider.subs.append(sub)
        return spider

    async def start(self):
        for sub in self.subs:
            async for request in sub.start():
                yield request

    def closed(self, reason):
        for sub in self.subs:
            sub.closed(reason)


def country_spiders() -> dict[str, type[CountrySpider]]:
    """The country spiders declared below, by name."""
    return {cls.name: cls for cls in CountrySpider.__subclasses__()}


class BrSpider(CountrySpider):
    name = "br"
    country = "BR"


class ClSpider(CountrySpider):
    name = "cl"
    country = "CL"


class EsSpider(CountrySpider):
    name = "es"
    country = "ES"


class PtSpider(CountrySpider):
    name = "pt"
    country = "PT"


class PeSpider(CountrySpider):
    name = "pe"
    country = "PE"


class CoSpider(CountrySpider):
    name = "co"
    country = "CO"


class CrSpider(CountrySpider):
    name = "cr"
    country = "CR"


class PySpider(CountrySpider):
    name = "py"
    country = "PY"
