"""What became of each spider's requests: the pages it read, the HTTP errors, the hosts it could
not reach and the pages robots.txt forbade, and each host's robots.txt. A crawl that finds nothing
says why in one line from these (`Outcomes.why_empty`), and the probe prints them
(`Outcomes.summary`).

`RequestWatch` is a downloader middleware next to the engine: it sees every final response and
every exception a request ends with (after the retries). A request that cannot reach its host is
one warning line here and is then ignored, as is a robots.txt that cannot be fetched (the site is
then crawled as if it had none, Scrapy's default): neither leaves a traceback in the log."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest

ROBOTS = "include/robots/"  # stats key prefix: host -> HTTP status of its robots.txt, or 0 not reached


REASONS = [("ConnectionRefused", "connection refused"), ("DNSLookup", "no such host"), ("Resolve", "no such host"),
           ("Timeout", "timed out"), ("TimedOut", "timed out"), ("ConnectionLost", "connection lost"),
           ("SSL", "TLS failed")]


def reason(exception: Exception) -> str:
    name = type(exception).__name__
    return next((said for part, said in REASONS if part in name), name)


def host(url: str) -> str:
    return urlsplit(url).netloc


@dataclass
class Outcomes:
    """One spider's requests (file downloads apart: they belong to the pipelines)."""
    pages: int = 0  # answered 2xx
    errors: Counter = field(default_factory=Counter)  # HTTP status -> requests
    unreachable: dict[str, str] = field(default_factory=dict)  # url -> why ("connection refused")
    forbidden: list[str] = field(default_factory=list)  # urls robots.txt forbade
    first_error: str = ""  # the first url that answered an HTTP error
    hosts: set[str] = field(default_factory=set)  # the hosts asked

    def why_empty(self) -> str:
        """Why a crawl that found no document found none, in crawl terms."""
        if self.pages:
            return f"the listing was read ({self.pages} pages) but names no exam or key (has the site changed?)"
        if self.forbidden:
            return f"robots.txt forbids the listing ({self.forbidden[0]}); nothing was crawled"
        if self.unreachable:
            url, why = next(iter(self.unreachable.items()))
            return f"{host(url)} is unreachable ({why}); nothing was crawled"
        if self.errors:
            status = ", ".join(f"HTTP {s} x{n}" if n > 1 else f"HTTP {s}" for s, n in sorted(self.errors.items()))
            return f"the listing answered {status} ({self.first_error}); nothing was read"
        return "no listing page was requested"

    def reachable(self) -> str:
        if self.pages:
            errors = sum(self.errors.values())
            return f"listing reachable ({self.pages} pages read" + (f", {errors} HTTP errors)" if errors else ")")
        if self.unreachable:
            return f"listing unreachable ({next(iter(self.unreachable.values()))})"
        if self.errors:
            return "listing not found (" + ", ".join(f"HTTP {s}" for s in sorted(self.errors)) + ")"
        if self.forbidden:
            return "listing not requested (robots.txt)"
        return "no listing requested"


def robots_verdict(outcomes: Outcomes, stats) -> str:
    """What the robots.txt of the spider's hosts said."""
    if outcomes.forbidden:
        return f"robots.txt forbids {len(outcomes.forbidden)} listing page(s)"
    said = [stats.get_value(ROBOTS + h) for h in sorted(outcomes.hosts) if stats.get_value(ROBOTS + h) is not None]
    if not said:
        return "robots.txt not fetched"
    if all(s == 0 for s in said):
        return "robots.txt not reached"
    if all(200 <= s < 300 for s in said if s):
        return "robots.txt allows the listing"
    return "no robots.txt (HTTP " + ", ".join(str(s) for s in said if s) + "): everything allowed"


class RequestWatch:
    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    @staticmethod
    def owner(request):
        """The spider whose callback the request goes to (a source inside a country spider too)."""
        spider = getattr(request.callback, "__self__", None)
        return spider if hasattr(spider, "outcomes") else None

    @staticmethod
    def is_robots(request) -> bool:
        return request.meta.get("dont_obey_robotstxt") and urlsplit(request.url).path == "/robots.txt"

    def process_response(self, request, response):
        if self.is_robots(request):
            self.crawler.stats.set_value(ROBOTS + host(request.url), response.status)
        elif (spider := self.owner(request)) is not None and not request.url.startswith("data:"):
            spider.outcomes.hosts.add(host(request.url))
            if 200 <= response.status < 300:
                spider.outcomes.pages += 1
            elif response.status >= 400:
                spider.outcomes.errors[response.status] += 1
                spider.outcomes.first_error = spider.outcomes.first_error or request.url
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, IgnoreRequest):
            spider = self.owner(request)
            if spider is not None and "robots.txt" in str(exception):
                spider.outcomes.forbidden.append(request.url)
                spider.outcomes.hosts.add(host(request.url))
            return None
        why = reason(exception)
        if self.is_robots(request):
            self.crawler.stats.set_value(ROBOTS + host(request.url), 0)
        else:
            spider = self.owner(request)
            if spider is not None:
                spider.outcomes.unreachable[request.url] = why
                spider.outcomes.hosts.add(host(request.url))
            self.crawler.spider.logger.warning(f"{request.method} {request.url}: not reached ({why})")
        raise IgnoreRequest(f"{request.url}: {why}")
