"""Scrapy settings: polite by default (robots.txt, a named agent, AutoThrottle, one or two
requests per domain), patient with large PDFs, and content-addressed downloads under
`downloads/` (FILES_STORE) that a re-run does not fetch again."""

BOT_NAME = "include-exams"
SPIDER_MODULES = ["spiders.sources", "spiders.countries", "spiders.listing"]
NEWSPIDER_MODULE = "spiders.sources"
COMMANDS_MODULE = "spiders.commands"

USER_AGENT = "include-exams/0.1 (+https://github.com/include-exams/include-exams; exam archive crawler)"
ROBOTSTXT_OBEY = True
DOWNLOAD_DELAY = 1.0
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 2
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 600  # booklets of 20+ MB on slow government servers
DOWNLOAD_MAXSIZE = 200 * 1024 * 1024  # an exam larger than this is not an exam
DOWNLOAD_WARNSIZE = 50 * 1024 * 1024
RETRY_TIMES = 3
HTTPCACHE_ENABLED = False
COOKIES_ENABLED = True

# what became of each listing request: a crawl that finds nothing says why (spiders/watch.py)
DOWNLOADER_MIDDLEWARES = {"spiders.watch.RequestWatch": 50}
# `-s INCLUDE_PROBE=1`: read the listings only, print what they hold, download nothing
INCLUDE_PROBE = False
ITEM_PIPELINES = {
    "spiders.pipelines.ExamFilesPipeline": 100,
    "spiders.pipelines.ExtractPipeline": 200,
}
FILES_STORE = "downloads"
FILES_EXPIRES = 3650  # days: an exam file does not change; re-runs keep what they have
MEDIA_ALLOW_REDIRECTS = True
LOG_FORMATTER = "spiders.pipelines.QuietDrops"
LOG_LEVEL = "INFO"

# The LLM assist of include-extract (`-s LLM=cohere`, like `include-extract --llm cohere`; key from
# CO_API_KEY): off unless asked for. LLM_ALL sends every question, LLM_TAGS fills INCLUDE's tags.
LLM = ""
LLM_ALL = False
LLM_TAGS = False
LLM_RPM = 20

FEED_EXPORT_ENCODING = "utf-8"
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
