"""`scrapy crawl` that exits non-zero when a spider found no exams on its listing: a site that
changed its pages must not look like a site with nothing new."""
import sys

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError

from spiders.base import FAILURES


class Command(ScrapyCrawl):
    def run(self, args, opts):
        llm = self.settings.get("LLM") or self.settings.getbool("LLM_ALL") or self.settings.getbool("LLM_TAGS")
        if llm:
            from extract.llm import api_key

            if self.settings.get("LLM") not in ("", "cohere"):
                raise UsageError(f"unknown LLM {self.settings.get('LLM')!r}: the one supported is cohere")
            if not api_key():
                raise UsageError("-s LLM=cohere needs an API key: set CO_API_KEY (or COHERE_API_KEY)")
        super().run(args, opts)
        if FAILURES and not self.exitcode:
            for msg in FAILURES:
                print(f"scrapy crawl: {msg}", file=sys.stderr)
            self.exitcode = 1
