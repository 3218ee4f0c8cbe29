"""Downloads and extraction.

`ExamFilesPipeline` (a FilesPipeline) stores every file under the sha256 of its content, after
checking from its first bytes that it is what it claims (an HTML page or a bot-protection page
served as `.pdf` is rejected and counted, never stored), and keeps a manifest of hash -> URLs:
a re-run fetches nothing it already has, and a file listed under two URLs is extracted once.
`ExtractPipeline` runs include-extract's stages on each exam with its key (a key file, or the
answers a source served as data) and hands the validated question records to the feed
(`scrapy crawl br_enem -O questions.jsonl`).
"""
from __future__ import annotations

import asyncio
import hashlib
import json
from pathlib import Path

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.exceptions import DropItem
from scrapy.logformatter import LogFormatter
from scrapy.pipelines.files import FilesPipeline
from scrapy.pipelines.media import FileException, _MediaRequestFiltered

from schema.common import write_atomic

from .base import FAILURES

MAGIC = {".pdf": (b"%PDF-",), ".json": (b"{", b"[")}
MANIFEST = "manifest.json"


class Manifest:
    """sha256 -> URLs and url -> sha256, in one JSON file beside the files, written atomically."""

    def __init__(self, root: Path):
        self.path = root / MANIFEST
        data = json.loads(self.path.read_text()) if self.path.exists() else {}
        self.by_hash: dict[str, dict] = data.get("files", {})
        self.by_url = {u: h for h, f in self.by_hash.items() for u in f["urls"]}

    def add(self, sha: str, url: str, path: str) -> None:
        entry = self.by_hash.setdefault(sha, {"path": path, "urls": []})
        if url not in entry["urls"]:
            entry["urls"].append(url)
        self.by_url[url] = sha

    def path_of(self, url: str) -> str | None:
        sha = self.by_url.get(url)
        return self.by_hash[sha]["path"] if sha else None

    def save(self) -> None:
        write_atomic(self.path, json.dumps({"files": self.by_hash}, indent=1, sort_keys=True))


def _suffix(url: str) -> str:
    ext = Path(url.split("?")[0]).suffix.lower()
    return ext if ext in MAGIC else ".pdf"


class ExamFilesPipeline(FilesPipeline):
    LOG_FAILED_RESULTS = False  # a 404 or a rejected page is one warning line, not a traceback

    def __init__(self, store_uri, *args, **kwargs):
        super().__init__(store_uri, *args, **kwargs)
        self.root = Path(store_uri)
        self.manifest = Manifest(self.root)

    @classmethod
    def from_crawler(cls, crawler):
        pipe = super().from_crawler(crawler)
        pipe.stats = crawler.stats
        crawler.signals.connect(pipe.manifest.save, signal=signals.spider_closed)
        return pipe

    def media_failed(self, failure, request, info):
        # a 404 or a rejected page was said in one warning line: not an error with a traceback
        try:
            super().media_failed(failure, request, info)
        except FileException as e:
            raise _MediaRequestFiltered(str(e)) from None

    def process_item(self, item, spider=None):
        # files that came inside an API answer are stored as they are; the rest are downloaded
        for url, (body, suffix) in (ItemAdapter(item).get("inline") or {}).items():
            try:
                self._check(url, body, suffix)
            except FileException as e:
                self.crawler.spider.logger.warning(f"File (error): {e}")
                continue
            self._store(url, body, suffix)
        return super().process_item(item)

    def file_path(self, request, response=None, info=None, *, item=None):
        if response is not None:
            return self._path(hashlib.sha256(response.body).hexdigest(), _suffix(request.url))
        # before the download: a file we have under this URL is not fetched again (an unknown
        # URL gets a name that is never stored, so it is downloaded)
        return self.manifest.path_of(request.url) or f"pending/{hashlib.sha1(request.url.encode()).hexdigest()}"

    def _check(self, url: str, body: bytes, suffix: str) -> None:
        """What a file is, from its first bytes, not from its name."""
        if not body.lstrip()[:5].startswith(MAGIC[suffix]):
            self.stats.inc_value("include/rejected_not_" + suffix[1:])
            kind = "an HTML page" if b"<html" in body[:2048].lower() else "not a " + suffix[1:].upper()
            raise FileException(f"{url}: {kind}, not stored")

    async def media_downloaded(self, response, request, info, *, item=None):
        # a page that is not what its name says is refused here, in one warning line, before
        # Scrapy counts it as a downloaded file and logs a traceback for it
        if response.status == 200 and response.body:
            try:
                self._check(request.url, response.body, _suffix(request.url))
            except FileException as e:
                self.crawler.spider.logger.warning(f"File (error): {e}")
                raise
        return await super().media_downloaded(response, request, info, item=item)

    def file_downloaded(self, response, request, info, *, item=None):
        body = response.body
        suffix = _suffix(request.url)
        if response.url != request.url:  # redirected: the next run asks for the listed URL again
            self._store(response.url, body, suffix)
        return self._store(request.url, body, suffix)

    def _path(self, sha: str, suffix: str) -> str:
        return f"{sha[:2]}/{sha}{suffix}"  # hex only: no path can leave the store

    def _store(self, url: str, body: bytes, suffix: str) -> str:
        sha = hashlib.sha256(body).hexdigest()
        path = self._path(sha, suffix)
        target = self.root / path
        if not target.exists():
            write_atomic(target, body)  # never a half-written file under a final name
            self.stats.inc_value("include/stored")
        self.manifest.add(sha, url, path)
        self.manifest.save()
        return hashlib.md5(body).hexdigest()


class PairDone(DropItem):
    """A pair whose questions went to the feed one by one: the pair itself is not an output."""


class ExtractPipeline:
    """Runs extraction in a thread (the crawl goes on meanwhile); each exam file (by content)
    once per crawl. The same booklet may be listed twice, once with its key and once without,
    and downloads finish in any order: a pair without a key waits for the end of the crawl and
    is extracted then only if no keyed pair had the same file."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.root = Path(crawler.settings.get("FILES_STORE"))
        self.done: set[str] = set()
        self.held: list = []  # pairs without a key, for the end
        self.closing = False
        self.assist = _assist(crawler.settings)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    async def close_spider(self, spider=None):
        self.closing = True
        for item in self.held:
            try:
                await self.process_item(item)
            except DropItem:  # PairDone, or a failure already logged and counted
                pass
        if self.assist is not None:
            s = self.assist.chat.stats
            for name, value in (("calls", s.calls), ("cache_hits", s.cache_hits), ("input_tokens", s.input_tokens),
                                ("output_tokens", s.output_tokens), ("restructured", self.assist.restructured),
                                ("rejected", self.assist.rejected), ("unavailable", self.assist.unavailable)):
                self.crawler.stats.set_value(f"include/llm_{name}", value)
            self.crawler.spider.logger.info(self.assist.summary())

    async def process_item(self, item, spider=None):
        spider = self.crawler.spider
        a = ItemAdapter(item)
        paths = {f["url"]: f["path"] for f in a.get("files") or []}
        manifest = Manifest(self.root)
        for url in a.get("inline") or {}:
            paths[url] = manifest.path_of(url)
        exam_path = paths.get(a["exam_url"])
        if not exam_path:
            self.crawler.stats.inc_value("include/exams_not_downloaded")
            raise DropItem(f"{a['exam_url']}: exam not downloaded")
        key_path = paths.get(a["key_url"]) if a.get("key_url") else None
        keyed = key_path is not None or bool(a.get("answers"))
        if not keyed and not self.closing:
            self.held.append(item)
            raise PairDone(f"{a['exam_url']}: no key; extracted at the end unless a keyed pair has the same file")
        if exam_path in self.done:
            self.crawler.stats.inc_value("include/duplicate_exams")
            raise PairDone(f"{a['exam_url']}: same file as an exam already extracted")
        self.done.add(exam_path)
        outcome = await asyncio.to_thread(self._extract, self.root / exam_path,
                                          self.root / key_path if key_path else None, a.get("answers"), a["meta"])
        self._emit(outcome, a, spider, keyed=keyed)

    def _extract(self, exam, key_file, answers, meta):
        from extract.errors import ApiKeyRejected, FileError
        from extract.pipeline import extract_exam
        from extract.questions.answer_keys import AnswerKey

        key = AnswerKey.from_pairs(answers) if answers else key_file
        try:
            return extract_exam(exam, key, meta, assist=self.assist), None
        except ApiKeyRejected as e:  # every later exam would fail alike: the crawl stops
            return None, e
        except FileError as e:
            return None, str(e)

    def _emit(self, outcome, a, spider, keyed: bool):
        result, error = outcome
        stats = self.crawler.stats
        if isinstance(error, Exception):
            FAILURES.append(str(error))
            if not self.closing:
                self.crawler.engine.close_spider(spider, "llm_key_rejected")
            raise DropItem(str(error))
        if error:
            stats.inc_value("include/extract_failed")
            spider.logger.warning(f"{a['exam_url']}: {error}")
            raise DropItem(error)
        provenance = a["provenance"]
        for warning in result.warnings:
            spider.logger.info(f"{a['exam_url']}: {warning}")
        for rec in result.records:
            out = rec.model_dump(mode="json")
            out.update(key_url=a["key_url"] if keyed else None, **provenance)
            self.crawler.signals.send_catch_log(signals.item_scraped, item=out, response=None,
                                                spider=spider)
        owner = next((x for x in [spider, *getattr(spider, "subs", [])] if x.name == provenance["spider"]), spider)
        getattr(owner, "mark_done", lambda url: None)(a["exam_url"])
        stats.inc_value("include/exams_extracted")
        stats.inc_value("include/questions", len(result.records))
        raise PairDone(f"{a['exam_url']}: {len(result.records)} questions")


def _assist(settings):
    from extract.llm import LlmOptions, make_assist

    opts = LlmOptions.from_settings(settings)  # checked by the crawl command before the crawl starts
    return make_assist(opts) if opts else None


class QuietDrops(LogFormatter):
    """A dropped pair is one line (why), not the item dumped; a pair whose questions were
    emitted is logged at debug level."""

    def dropped(self, item, exception, response, spider=None, **kwargs):
        import logging

        return {"level": logging.DEBUG if isinstance(exception, PairDone) else logging.WARNING,
                "msg": "Dropped: %(exception)s", "args": {"exception": exception}}
