"""`scrapy crawl` that exits non-zero when a spider found no exams on its listing: a site that
changed its pages must not look like a site with nothing new."""
import sys

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError

from spiders.base import FAILURES


class Command(ScrapyCrawl):
    def run(self, args, opts):
        from extract.errors import UsageError as BadSetting
        from extract.llm import LlmOptions

        try:
            LlmOptions.from_settings(self.settings)
        except BadSetting as exc:
            raise UsageError(str(exc)) from None
        super().run(args, opts)
        if FAILURES and not self.exitcode:
            for msg in FAILURES:
                print(f"scrapy crawl: {msg}", file=sys.stderr)
            self.exitcode = 1
