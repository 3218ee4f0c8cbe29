"""Stage 0: Scrapy spiders that collect official exams with their answer keys.

One small module per source under `sources/` says how to find exam and key links; `base.py`
does the rest (metadata, pairing, the item), `pipelines.py` downloads (content-addressed,
type-checked) and extracts, `countries.py` makes `scrapy crawl br`-style spiders.
"""
