"""The base of sources whose documents are plain links on a few HTML pages: entry pages, the pages
they link (one per year, sitting, level, selection process...) down to a fixed depth, and on each
page the document links under their headings. A source declares its entry paths, which links to
open (`follow_words`, over the link's text and URL) and what a document link looks like
(`document_url`), and turns each classified link into a `Doc` in `document()`: there it reads the
year, the sitting, the booklet's model or language from the link's own words and its context (the
texts of the links that led to the page, the page's title and the headings above the link)."""
from __future__ import annotations

import re
from typing import ClassVar
from urllib.parse import unquote, urlsplit

import scrapy
from scrapy.http import TextResponse

from spiders.base import Doc, ExamSpider, text_of, words

HEADINGS = ("h1", "h2", "h3", "h4", "h5", "caption", "dt", "th")
YEAR = re.compile(r"\b(19[89]\d|20[0-4]\d)\b")


def last_in(pattern: str, *texts: str) -> str | None:
    """What `pattern` (one group) last matches in the first of `texts` that it matches: the
    link's own words before its context, and in a context the nearest heading before the page's
    title and the links that led to it."""
    for text in texts:
        found = re.findall(pattern, text or "")
        if found:
            return found[-1]
    return None


def year_in(*texts: str) -> int | None:
    year = last_in(YEAR.pattern, *texts)
    return int(year) if year else None


def file_name(url: str) -> str:
    """The document's file name: its path's last part, or the last one named like a file (a
    Liferay URL ends `/A2+octubre+2024.pdf/<uuid>`); `+` read as a space."""
    parts = [p for p in unquote(urlsplit(url).path).split("/") if p]
    named = [p for p in parts if re.search(r"\.\w{2,4}$", p)]
    return (named or parts or [""])[-1].replace("+", " ")


class LinkedPagesSpider(ExamSpider):
    entry: ClassVar[tuple[str, ...]] = ()  # paths (or URLs) of the entry pages
    follow_words: ClassVar[str] = ""  # a link to open: over its folded text and its URL
    depth: ClassVar[int] = 1  # how many links away from an entry page documents are looked for
    document_url: ClassVar[str] = r"\.pdf(?:$|[?#/])"  # a document link: over its URL, lower case
    content: ClassVar[tuple[str, ...]] = ("main", "#content", "#contido", "article", ".content")

    def start_requests(self):
        for path in self.entry:
            yield scrapy.Request(self.url(path), self.parse_page, cb_kwargs={"depth": 0, "trail": ""})

    def body(self, response):
        for css in (*self.content, "body"):
            found = response.css(css)
            if found:
                return found[0]
        return response

    def is_document(self, url: str) -> bool:
        return bool(re.search(self.document_url, unquote(url).lower()))

    def follow(self, text: str, url: str) -> bool:
        return bool(self.follow_words) and bool(re.search(self.follow_words, f"{words(text)} {unquote(url).lower()}"))

    def parse_page(self, response, depth: int, trail: str):
        """The document links of a page, with the headings above each; and the pages to open."""
        if not isinstance(response, TextResponse):  # a followed link that was a file, not a page
            self.logger.warning(f"{response.url}: not a page ({response.headers.get('Content-Type', b'?').decode()})")
            return
        title = " ".join(response.css("title::text").getall())
        host = urlsplit(response.url).netloc
        heads: dict[int, str] = {}
        for node in self.body(response).xpath(" | ".join(f".//{h}" for h in HEADINGS) + " | .//a[@href]"):
            tag = node.root.tag
            if tag != "a":
                level = HEADINGS.index(tag)
                heads = {k: v for k, v in heads.items() if k < level}
                heads[level] = text_of(node)
                continue
            url = response.urljoin(node.attrib["href"])
            text = text_of(node)
            if self.is_document(url):
                name = file_name(url)
                own = words(f"{text} {node.attrib.get('title', '')} {name}")
                context = words(" ".join([title, trail, *(heads[k] for k in sorted(heads))]))
                role = self.classify(own, context)
                heading = heads[max(heads)] if heads else ""
                doc = self.document(role, own, context, url, response, heading) if role else None
                if doc:
                    self.add(doc)
            elif depth < self.depth and urlsplit(url).netloc == host and self.follow(text, url):
                yield scrapy.Request(url, self.parse_page, cb_kwargs={"depth": depth + 1, "trail": f"{trail} {text}"})

    def document(self, role: str, own: str, context: str, url: str, response, heading: str) -> Doc | None:
        """The Doc of a link classified as `role` (None leaves it out); `own` and `context` are
        folded words, `heading` the nearest heading above the link as printed."""
        raise NotImplementedError
