"""Running a real `scrapy crawl` (Scrapy's engine, the project's settings and pipelines) in a
subprocess against a fixture site, and reading back its feed and its stats; `crawl_site` crawls a
site once per run, as the spider tests' module fixtures do, and `records_of` picks a booklet's
records out of a crawl's feed."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from sites import serve

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Crawl:
    code: int
    items: list[dict]
    stats: dict[str, int]
    log: str
    stdout: str = ""


def crawl(spider: str, base_url: str | None, tmp: Path, *args: str, store: Path | None = None,
          out_name: str = "out.jsonl", env: dict | None = None) -> Crawl:
    """`scrapy crawl spider -a base_url=... -O tmp/out.jsonl`, files stored in `store` (default
    tmp/downloads). Delays are off (the politeness settings themselves are tested apart)."""
    out = tmp / out_name
    store = store or tmp / "downloads"
    cmd = [sys.executable, "-m", "scrapy", "crawl", spider, "-O", str(out),
           "-s", f"FILES_STORE={store}", "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
           "-s", "LOG_LEVEL=INFO", *args]
    if base_url:
        cmd[4:4] = ["-a", f"base_url={base_url}"]
    env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600, env=env, check=False)
    # a bad file or site is one line, never a trace (shown with the log lines before it)
    trace = proc.stderr.find("Traceback")
    assert trace < 0, proc.stderr[max(0, trace - 2000):trace + 4000]
    items = [json.loads(line) for line in out.read_text().splitlines()] if out.exists() else []
    dump = proc.stderr.split("Dumping Scrapy stats:")[-1] if "Dumping Scrapy stats:" in proc.stderr else ""
    stats = {k: int(v) for k, v in re.findall(r"'([\w/.\-]+)': (\d+),?\n", dump)}
    return Crawl(proc.returncode, items, stats, proc.stderr, proc.stdout)


class Run:
    """One crawl of a site: its arguments, and its store (a folder of the site's tmp), which runs
    naming the same one share: a rerun finds there what the run before it downloaded."""

    def __init__(self, *args: str, store: str = "downloads"):
        self.args, self.store = args, store


@dataclass
class SiteCrawls:
    url: str  # where the site was served
    crawls: list[Crawl]  # one per run, in order
    logs: list[list[tuple[str, str]]]  # the requests (method, path) each run made
    tmp: Path

    @property
    def fetched(self) -> list[tuple[str, str]]:
        return [request for log in self.logs for request in log]


def crawl_site(name: str, tmp_path_factory, *runs: Run) -> SiteCrawls:
    """fixtures/sites/<name> served once and crawled by the spider `name` once per run, each run's
    feed apart; by default twice into the same store (a crawl, then its rerun)."""
    tmp = tmp_path_factory.mktemp(name)
    crawls, logs = [], []
    with serve(name) as site:
        for i, run in enumerate(runs or (Run(), Run())):
            start = len(site.log)
            crawls.append(crawl(name, site.url, tmp, *run.args, store=tmp / run.store, out_name=f"run{i}.jsonl"))
            logs.append(site.log[start:])
    return SiteCrawls(site.url, crawls, logs, tmp)


def records_of(c: Crawl, *names: str) -> list[dict]:
    """The records of the booklet listed under one of `names` (a file name, or the end of its
    URL's path, decoded), in order."""
    ends = tuple("/" + name.lstrip("/") for name in names)
    return sorted((r for r in c.items if unquote(r["source_url"]).endswith(ends)), key=lambda r: r["number"])
