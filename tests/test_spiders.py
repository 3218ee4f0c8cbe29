"""What every spider shares: politeness, metadata, names, the country spiders and the crawl
command's failure on an empty listing; and br_enem, the model source, crawled for real (Scrapy's
engine, the project's pipelines) against its fixture site on 127.0.0.1."""
import re
import subprocess
import sys

import pytest
from conftest import ROOT
from crawling import Run, crawl, crawl_site
from scrapy.utils.project import get_project_settings
from sites import SITES, serve

from schema.vocab import LEVELS
from spiders.countries import CountrySpider, country_spiders, source_spiders

SOURCES = source_spiders()


def test_settings_are_polite():
    s = get_project_settings()
    assert s.getbool("ROBOTSTXT_OBEY")
    assert re.search(r"include-exams/\S+ \(\+https?://\S+", s.get("USER_AGENT"))
    assert s.getbool("AUTOTHROTTLE_ENABLED")
    assert s.getfloat("DOWNLOAD_DELAY") >= 1
    assert 1 <= s.getint("CONCURRENT_REQUESTS_PER_DOMAIN") <= 2
    assert s.getint("DOWNLOAD_TIMEOUT") >= 300
    assert s.getint("DOWNLOAD_MAXSIZE") > 0 and s.getbool("MEDIA_ALLOW_REDIRECTS")


@pytest.mark.parametrize("spider", SOURCES, ids=[s.name for s in SOURCES])
def test_every_source_declares_itself_and_has_a_fixture_site(spider):
    assert re.fullmatch(r"[a-z]{2}_[a-z0-9_]+", spider.name)
    assert spider.name.startswith(spider.country.lower() + "_")
    assert spider.languages and all(re.fullmatch(r"[a-z]{2,3}", code) for code in spider.languages)  # 639-1, else 639-3
    for attr in ("exam", "publisher", "level", "licence", "base_url"):
        assert getattr(spider, attr), attr
    assert 1990 <= spider.first_year <= 2030
    assert spider.level in LEVELS  # INCLUDE's labels: the review and the Hub export check them
    assert spider.base_url.startswith("https://")
    assert spider.custom_settings is None or "ROBOTSTXT_OBEY" not in spider.custom_settings
    assert (SITES / spider.name / "robots.txt").exists()
    assert list(ROOT.glob(f"tests/test_spider*{spider.name[3:]}*.py")) or spider.name == "br_enem"


def test_sources_cover_the_issue_breadth():
    # at least eighteen sources over eight countries and seven languages (issue 15)
    assert len(SOURCES) >= 18
    assert len({s.country for s in SOURCES}) >= 8
    assert len({lang for s in SOURCES for lang in s.languages}) >= 7


def test_scrapy_list_shows_sources_and_countries():
    out = subprocess.run([sys.executable, "-m", "scrapy", "list"], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout.split()
    assert {s.name for s in SOURCES} <= set(out)
    assert set(country_spiders()) <= set(out)
    assert {s.country.lower() for s in SOURCES} == set(country_spiders())


def test_every_country_of_a_source_has_one_declared_country_spider():
    declared = CountrySpider.__subclasses__()
    assert sorted(c.country for c in declared) == sorted({s.country for s in SOURCES})  # one each, none empty
    for cls in declared:
        assert cls.name == cls.country.lower() and cls.__module__ == "spiders.countries"
        assert cls.sources == [s for s in SOURCES if s.country == cls.country]


# -- br_enem against its fixture site -------------------------------------------------------------
@pytest.fixture(scope="module")
def enem(tmp_path_factory):
    site = crawl_site("br_enem", tmp_path_factory, *2 * [Run("-a", "years=2022-2023")])
    return site.url, *site.crawls, site.fetched


def test_enem_pairs_exams_with_keys_and_yields_question_records(enem):
    _url, c, _, _ = enem
    assert c.code == 0, c.log[-2000:]
    by = {(r["year"], r["source_url"].rsplit("/", 1)[1], r["number"]): r for r in c.items}
    day1 = [by[(2023, "2023_PV_impresso_D1_CD1.pdf", n)] for n in range(1, 6)]
    assert [r["answer"] for r in day1] == [0, 1, 2, 3, 4]  # the key `ABCDE`
    assert day1[0]["question"].startswith("Qual destes estados brasileiros")
    assert all(len(r["choices"]) == 5 and r["language"] == "pt" and r["country"] == "BR" for r in day1)
    assert all(r["key_url"].endswith("2023_GB_impresso_D1_CD1.pdf") and "CC BY-ND" in r["licence"]
               and r["spider"] == "br_enem" and r["method"] == "text" for r in day1)
    assert [by[(2022, "2022_PV_impresso_D1_CD1.pdf", n)]["answer"] for n in (1, 2, 3)] == [4, 3, 2]


def test_enem_keeps_one_colour_per_day_and_follows_redirects(enem):
    _url, c, _, fetched = enem
    paths = [p for _, p in fetched]
    assert not any("CD2" in p for p in paths)  # the yellow booklet prints the same test
    # day 2's booklet moved (301): followed; its key is a 404, so its questions have no answer
    day2 = [r for r in c.items if r["source_url"].endswith("/antigo/2023_PV_impresso_D2_CD7.pdf")]
    assert [r["number"] for r in day2] == [91, 92, 93, 94] and all(r["answer"] is None for r in day2)
    assert c.stats["downloader/response_status_count/301"] == 1


def test_enem_rejects_html_served_as_pdf_obeys_robots_and_extracts_a_duplicate_once(enem):
    _url, c, _, fetched = enem
    assert c.stats["include/rejected_not_pdf"] == 1  # the bot-protection page of the PPL booklet
    assert "an HTML page, not stored" in c.log and "Traceback" not in c.log  # one warning line
    assert not any("reaplicacao" in r["source_url"] for r in c.items)
    assert c.stats["robotstxt/forbidden"] == 1 and ("GET", "/privado/2023_PV_restrito.pdf") not in fetched
    assert c.stats["include/duplicate_exams"] == 1  # the same booklet under a second URL
    assert not any(r["source_url"].endswith("_copia.pdf") for r in c.items)
    assert c.stats["include/exams_extracted"] == 3 and c.stats["item_scraped_count"] == len(c.items) == 12


def test_enem_rerun_downloads_nothing_it_has(enem):
    """A second crawl into the same store takes every stored file from it; it asks again only
    for what failed (the 404 key, the page that was not a PDF: the site may mend them)."""
    _url, first, again, fetched = enem
    assert again.code == 0
    assert again.stats["file_status_count/uptodate"] == 6 and "include/stored" not in again.stats
    second = {p for _, p in fetched[fetched.index(("GET", "/robots.txt"), 1):] if p.endswith(".pdf")}
    assert second == {"/enem/provas_e_gabaritos/2023_GB_impresso_D2_CD7.pdf",
                      "/enem/provas_e_gabaritos/2023_PV_reaplicacao_PPL_D1_CD1.pdf"}
    key = lambda r: (r["source_url"], r["number"], r["question"], r["answer"])
    assert sorted(map(key, again.items)) == sorted(map(key, first.items))


def test_enem_manifest_names_files_by_sha256(enem, tmp_path_factory):
    import hashlib
    import json

    _url, _c, _, _ = enem
    root = next(p for p in tmp_path_factory.getbasetemp().glob("br_enem*/downloads"))
    manifest = json.loads((root / "manifest.json").read_text())["files"]
    for sha, entry in manifest.items():
        data = (root / entry["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == sha and entry["path"].endswith(f"{sha}.pdf")
        assert data.startswith(b"%PDF-")
    # one file, two URLs: the duplicate booklet, and the moved one (listed and final URL)
    names = sorted(sorted(u.split("/", 3)[3] for u in e["urls"]) for e in manifest.values() if len(e["urls"]) > 1)
    assert names == [["antigo/2023_PV_impresso_D2_CD7.pdf", "enem/provas_e_gabaritos/2023_PV_impresso_D2_CD7.pdf"],
                     ["enem/provas_e_gabaritos/2023_PV_impresso_D1_CD1.pdf",
                      "enem/provas_e_gabaritos/2023_PV_impresso_D1_CD1_copia.pdf"]]
    assert not list(root.rglob("*.part")) and not (root / "pending").exists()


def test_a_listing_without_exams_fails_the_crawl(tmp_path):
    with serve("_empty") as site:
        c = crawl("br_enem", site.url, tmp_path, "-a", "years=2023")
    assert c.code != 0 and c.items == []
    assert "br_enem: no exams found on" in c.log


def test_country_spider_runs_its_sources(tmp_path):
    """`scrapy crawl br` runs every Brazilian source; here all point at the ENEM fixture site
    (the others find nothing there, which fails the crawl, as it should)."""
    with serve("br_enem") as site:
        args = [a for s in SOURCES if s.country == "BR" for a in ("-a", f"base_url_{s.name}={site.url}")]
        c = crawl("br", None, tmp_path, *args, "-a", "years=2022")
        fetched = list(site.log)
    assert {r["spider"] for r in c.items} == {"br_enem"} and len(c.items) == 3
    assert all(path.startswith("/") for _, path in fetched)  # nothing left 127.0.0.1
    others = [s.name for s in SOURCES if s.country == "BR" and s.name != "br_enem"]
    assert (c.code != 0) == bool(others)


def test_jobdir_resume_finishes_an_interrupted_crawl(tmp_path):
    """Stopped after its first page, the crawl resumes from JOBDIR and ends with every record."""
    job = f"JOBDIR={tmp_path / 'job'}"
    with serve("br_enem") as site:
        first = crawl("br_enem", site.url, tmp_path, "-a", "years=2022-2023", "-s", job,
                      "-s", "CLOSESPIDER_PAGECOUNT=1")
        rest = crawl("br_enem", site.url, tmp_path, "-a", "years=2022-2023", "-s", job, out_name="rest.jsonl")
    assert "closespider_pagecount" in first.log
    assert len(first.items) < 12
    assert len(first.items) + len(rest.items) == 12
    assert {(r["year"], r["number"]) for r in first.items + rest.items} >= {(2022, 1), (2023, 91)}


def test_enem_nested_rows_keep_per_day_the_first_booklet_with_both_links(tmp_path):
    """The 2003 page nests each booklet in its own row: a booklet is paired with its own key
    (not the last one on the page), and per day the first booklet with both links is kept."""
    with serve("br_enem") as site:
        c = crawl("br_enem", site.url, tmp_path, "-a", "years=2003")
        fetched = [p for _, p in site.log]
    assert c.code == 0, c.log[-2000:]
    recs = sorted((r for r in c.items if r["year"] == 2003), key=lambda r: r["number"])
    assert [r["answer"] for r in recs] == [1, 3, 0]  # BDA
    assert {r["source_url"].rsplit("/", 1)[1] for r in recs} == {"2003_PV_D1_CD2.pdf"}
    assert {r["key_url"].rsplit("/", 1)[1] for r in recs} == {"2003_GB_D1_CD2.pdf"}
    assert {r["booklet"] for r in recs} == {"1º dia – Caderno 2 – Azul"}
    assert not any("CD1" in p or "CD3" in p for p in fetched if "2003" in p)
