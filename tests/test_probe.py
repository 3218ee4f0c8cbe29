"""The live probe, `scrapy crawl <spider> -s INCLUDE_PROBE=1`: listing pages only, one line per
spider (listing reachable, robots.txt's verdict, exams and keys found, pairs made), the pairs as
names in the feed, nothing downloaded. Real crawls against fixture sites on 127.0.0.1: reachable,
blocked by robots.txt, unreachable, empty."""
import socket

from crawling import crawl
from sites import serve
from test_spiders import SOURCES

PROBE = ("-s", "INCLUDE_PROBE=1")


def test_probe_of_a_reachable_site_reads_listings_only(tmp_path):
    with serve("br_enem") as site:
        c = crawl("br_enem", site.url, tmp_path, *PROBE, "-a", "years=2022-2023")
    assert c.code == 0, c.log[-2000:]
    assert c.stdout.splitlines() == ["br_enem: listing reachable (2 pages read); robots.txt allows the listing; "
                                     "6 exams, 3 keys found; 3 pairs made"]
    assert {p for _, p in site.log} == {"/robots.txt", "/provas-e-gabaritos/2022", "/provas-e-gabaritos/2023"}
    assert not (tmp_path / "downloads").exists() and "include/questions" not in c.stats
    assert sorted((i["exam_url"].rsplit("/", 1)[1], (i["key_url"] or "").rsplit("/", 1)[-1]) for i in c.items) == [
        ("2022_PV_impresso_D1_CD1.pdf", "2022_GB_impresso_D1_CD1.pdf"),
        ("2023_PV_impresso_D1_CD1.pdf", "2023_GB_impresso_D1_CD1.pdf"),
        ("2023_PV_impresso_D1_CD1_copia.pdf", ""),
        ("2023_PV_impresso_D2_CD7.pdf", "2023_GB_impresso_D2_CD7.pdf"),
        ("2023_PV_reaplicacao_PPL_D1_CD1.pdf", ""),
        ("2023_PV_restrito.pdf", "")]  # listed: only a download would meet robots.txt


def test_probe_of_a_site_whose_robots_txt_forbids_the_listing(tmp_path):
    with serve("_robots_blocked") as site:
        c = crawl("br_oab", site.url, tmp_path, *PROBE)
    assert c.code == 1 and c.items == []
    assert c.stdout.splitlines() == ["br_oab: listing not requested (robots.txt); robots.txt forbids 1 listing "
                                     "page(s); 0 exams, 0 keys found; 0 pairs made"]


def test_probe_of_an_unreachable_site(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    c = crawl("br_oab", f"http://127.0.0.1:{port}", tmp_path, *PROBE, "-s", "RETRY_TIMES=0")
    assert c.code == 1 and c.items == []
    assert c.stdout.splitlines() == ["br_oab: listing unreachable (connection refused); robots.txt not reached; "
                                     "0 exams, 0 keys found; 0 pairs made"]


def test_probe_of_an_empty_listing_and_of_a_missing_one(tmp_path):
    with serve("_empty") as site:
        empty = crawl("br_enem", site.url, tmp_path, *PROBE, "-a", "years=2023")
        missing = crawl("br_enem", site.url, tmp_path, *PROBE, "-a", "years=2021", out_name="missing.jsonl")
    assert empty.code == 1 and missing.code == 1
    assert empty.stdout.splitlines() == ["br_enem: listing reachable (1 pages read); robots.txt allows the "
                                         "listing; 0 exams, 0 keys found; 0 pairs made"]
    assert missing.stdout.splitlines() == ["br_enem: listing not found (HTTP 404); robots.txt allows the "
                                           "listing; 0 exams, 0 keys found; 0 pairs made"]


def test_probe_of_a_country_runs_each_source(tmp_path):
    with serve("br_enem") as site:
        args = [a for s in SOURCES if s.country == "BR" for a in ("-a", f"base_url_{s.name}={site.url}")]
        c = crawl("br", None, tmp_path, *PROBE, *args, "-a", "years=2022")
    lines = c.stdout.splitlines()
    assert "br_enem: listing reachable (1 pages read); robots.txt allows the listing; 1 exams, 1 keys found; " \
           "1 pairs made" in lines
    assert any(line.startswith("br_oab: listing not found (HTTP 404)") for line in lines)
    assert c.code == 1  # the sources that found nothing fail the crawl, as without the probe
