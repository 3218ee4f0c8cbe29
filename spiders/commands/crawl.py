"""`scrapy crawl` that exits non-zero when a spider found no exams on its listing: a site that
changed its pages must not look like a site with nothing new."""
import sys

from scrapy.commands.crawl import Command as ScrapyCrawl

from spiders.base import FAILURES


class Command(ScrapyCrawl):
    def run(self, args, opts):
        super().run(args, opts)
        if FAILURES and not self.exitcode:
            for msg in FAILURES:
                print(f"scrapy crawl: {msg}", file=sys.stderr)
            self.exitcode = 1
