"""`scrapy crawl` that refuses an argument the spider does not take, and exits non-zero when a
spider found no exams on its listing (saying why: robots.txt, an unreachable host, HTTP errors, a
listing without documents): a site that changed its pages must not look like a site with nothing
new. With `-s INCLUDE_PROBE=1` it prints each spider's probe line (spiders.base.PROBES)."""
import difflib
import sys

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError

from spiders.base import FAILURES, PROBES


def check_arguments(spidercls, given) -> None:
    """An `-a name=value` the spider does not take is a usage error, not an attribute set and
    ignored (`-a year=2023` for `years`)."""
    takes = getattr(spidercls, "arguments", None)
    if takes is None:
        return
    takes = takes()
    for name in given:
        if name not in takes:
            close = difflib.get_close_matches(name, takes, n=1)
            hint = f" (did you mean -a {close[0]}=...?)" if close else ""
            raise UsageError(f"{spidercls.name} takes no argument {name!r}{hint}; it takes: {', '.join(takes)}")
    try:
        getattr(spidercls, "validate", lambda args: None)(given)
    except ValueError as exc:
        raise UsageError(f"{spidercls.name}: {exc}") from None


class Command(ScrapyCrawl):
    def run(self, args, opts):
        from extract.errors import UsageError as BadSetting
        from extract.llm import LlmOptions

        try:
            LlmOptions.from_settings(self.settings)
        except BadSetting as exc:
            raise UsageError(str(exc)) from None
        if args:
            try:
                spidercls = self.crawler_process.spider_loader.load(args[0])
            except KeyError:
                spidercls = None  # Scrapy says it: "Spider not found"
            if spidercls is not None:
                check_arguments(spidercls, opts.spargs)
        super().run(args, opts)
        for line in PROBES:
            print(line)
        if FAILURES and not self.exitcode:
            for msg in FAILURES:
                print(f"scrapy crawl: {msg}", file=sys.stderr)
            self.exitcode = 1
