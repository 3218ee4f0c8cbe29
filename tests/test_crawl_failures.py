"""A crawl that cannot do what it was asked says why in one line, in crawl terms, and exits
non-zero with no item: an argument the spider does not take, a listing robots.txt forbids, a host
that cannot be reached, a listing that is not there and one that names no document. Real crawls
(Scrapy's engine, the project's settings) against fixture sites on 127.0.0.1."""
import socket

from crawling import crawl
from sites import serve


def closed_port() -> int:
    """A port on 127.0.0.1 nothing listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def failed(c, line: str) -> None:
    assert c.code != 0 and c.items == [] and "item_scraped_count" not in c.stats, c.log[-2000:]
    assert line in c.log, c.log[-2000:]
    assert "Traceback" not in c.log


def test_an_unknown_argument_is_a_usage_error_naming_the_right_one(tmp_path):
    c = crawl("br_enem", None, tmp_path, "-a", "year=2023")
    assert c.code == 2 and c.items == []
    assert "br_enem takes no argument 'year' (did you mean -a years=...?); it takes: base_url, years" in c.log
    c = crawl("es_sergas", None, tmp_path, "-a", "language=gl")
    assert c.code == 2 and "it takes: base_url, idioma, years" in c.log
    c = crawl("br", None, tmp_path, "-a", "base_url_br_enm=http://127.0.0.1:1")
    assert c.code == 2 and "did you mean -a base_url_br_enem=...?" in c.log


def test_a_listing_forbidden_by_robots_txt_is_said_and_never_fetched(tmp_path):
    with serve("_robots_blocked") as site:
        c = crawl("br_oab", site.url, tmp_path)
    failed(c, f"br_oab: no exams found on {site.url}: robots.txt forbids the listing "
              f"({site.url}/EditaisProvas?NumeroExame=0); nothing was crawled")
    assert site.log == [("GET", "/robots.txt")]


def test_an_unreachable_host_is_one_line_per_request_and_one_reason(tmp_path):
    url = f"http://127.0.0.1:{closed_port()}"
    c = crawl("br_oab", url, tmp_path, "-s", "RETRY_TIMES=1")
    failed(c, f"br_oab: no exams found on {url}: {url[7:]} is unreachable (connection refused); "
              "nothing was crawled")
    assert c.log.count(f"GET {url}/EditaisProvas?NumeroExame=0: not reached (connection refused)") == 1


def test_a_listing_that_is_not_there_and_one_without_documents(tmp_path):
    with serve("_empty") as site:
        missing = crawl("br_enem", site.url, tmp_path, "-a", "years=2021-2022")
        empty = crawl("br_enem", site.url, tmp_path, "-a", "years=2023", out_name="empty.jsonl")
    failed(missing, f"br_enem: no exams found on {site.url}: the listing answered HTTP 404 x2 "
                    f"({site.url}/provas-e-gabaritos/202")
    failed(empty, f"br_enem: no exams found on {site.url}: the listing was read (1 pages) but names no exam "
                  "or key (has the site changed?)")
