"""Running a real `scrapy crawl` (Scrapy's engine, the project's settings and pipelines) in a
subprocess against a fixture site, and reading back its feed and its stats."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Crawl:
    code: int
    items: list[dict]
    stats: dict[str, int]
    log: str


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
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]  # a bad file or site is one line, never a trace
    items = [json.loads(line) for line in out.read_text().splitlines()] if out.exists() else []
    dump = proc.stderr.split("Dumping Scrapy stats:")[-1] if "Dumping Scrapy stats:" in proc.stderr else ""
    stats = {k: int(v) for k, v in re.findall(r"'([\w/.\-]+)': (\d+),?\n", dump)}
    return Crawl(proc.returncode, items, stats, proc.stderr)
