"""br_revalida (INEP, Revalida's objective test) crawled for real against its fixture site: year
pages in ENEM's Plone markup, INEP's unstable file names (`2024_1_PV_objetiva_regular.pdf`,
`2025_2_caderno_1_ampliado_preliminar.pdf`, `gab2026.pdf`, the older
`educacao_superior/revalida/provas/2013/prova_objetiva_1.pdf`), preliminary and definitive keys,
regular and "ampliada" booklets, two cadernos of one test, and the perception questionnaire."""
import pytest
from crawling import crawl, crawl_site, records_of
from sites import missing_year_pages, serve

PG = "/revalida/provas_e_gabaritos/"
MISSING_PAGES = missing_year_pages("br_revalida", 2011)


@pytest.fixture(scope="module")
def rev(tmp_path_factory):
    site = crawl_site("br_revalida", tmp_path_factory)
    return site.url, *site.crawls, site.fetched


def test_editions_pair_booklet_and_key_and_carry_the_metadata(rev):
    _url, c, _, _ = rev
    assert c.code == 0, c.log[-2000:]
    # listed at its old address, which answers 301: the records name the listed URL
    b = records_of(c, "/educacao_superior/revalida/provas/2024/2024_1_PV_objetiva_regular.pdf")
    assert [r["number"] for r in b] == [1, 2, 3, 4, 5] and [r["answer"] for r in b] == [1, 3, 2, 1, 0]  # BDCBA
    assert b[0]["question"].startswith("O Tratado de Tordesilhas")
    old = records_of(c, "/educacao_superior/revalida/provas/2013/prova_objetiva_1.pdf")  # the older names
    assert [r["answer"] for r in old] == [3, 0, 1]
    assert all(r["key_url"].endswith("/gabaritos/2013/gabarito_definitivo_prova_objetiva_v1.pdf") for r in old)
    assert {r["year"] for r in c.items} == {2013, 2023, 2024, 2025, 2026}
    assert all(r["language"] == "pt" and r["country"] == "BR" and r["level"] == "Professional"
               and r["spider"] == "br_revalida" and "CC BY-ND 3.0" in r["licence"] and r["publisher"] == "INEP"
               and r["exam"].startswith("Revalida") and r["source_url"].startswith("http")
               and r["method"] == "text" for r in c.items)
    assert all(len(r["choices"]) == 4 for r in b + old)
    assert c.stats["include/pairs"] == 9 and c.stats["include/exams_without_key"] == 1  # 2022/1: no key


def test_a_key_without_edition_or_caderno_goes_with_the_kept_booklet(rev):
    _url, c, _, _ = rev
    rows = records_of(c, PG + "2026_1_caderno_1_ampliada.pdf")
    assert [r["answer"] for r in rows] == [3, 0, 2, 1, 2]  # gab2026.pdf: DACBC
    assert all(r["key_url"].endswith(PG + "gab2026.pdf") and r["year"] == 2026 and r["booklet"] == "2026/1 caderno 1"
               for r in rows)


def test_ampliada_booklet_and_one_caderno_per_edition(rev):
    _url, c, _, fetched = rev
    paths = [p for _, p in fetched]
    rows = records_of(c, PG + "2025_2_caderno_1_ampliado_preliminar.pdf")
    assert [r["answer"] for r in rows] == [1, 2, 3, 0, 0]  # caderno 1's key: BCDAA
    assert all(r["key_url"].endswith(PG + "2025_2_gabarito_caderno_1.pdf") for r in rows)
    # the regular (two-column) copy of caderno 1, caderno 2 (the same test shuffled) and its key
    # are not even fetched
    for name in ("2025_2_caderno_1_preliminar.pdf", "2025_2_caderno_2_preliminar.pdf", "2025_2_gabarito_caderno_2.pdf"):
        assert PG + name not in paths
    # nor what is not the objective test: the clinical stage, the essay paper, its answer standard,
    # INEP's note on ENAMED's annulments
    assert not any(w in p for p in paths for w in ("habilidades", "discursiva", "padrao", "nota_"))


def test_the_definitive_key_is_preferred_and_its_annulment_kept(rev):
    _url, c, _, fetched = rev
    # the test's items (whatever becomes of the questionnaire after them: see below)
    rows = [r for r in records_of(c, PG + "2025_1_PV_objetiva_regular.pdf") if len(r["choices"]) == 4]
    assert [r["answer"] for r in rows] == [0, 1, None, 3, 0]  # definitive AB-DA (preliminary ABCDA)
    assert "annulled" in rows[2]["flags"]
    assert all(r["key_url"].endswith("2025_1_GB_objetiva_definitivo.pdf") for r in rows)
    assert ("GET", PG + "2025_1_GB_objetiva_preliminar.pdf") not in fetched


def test_the_perception_questionnaire_gives_no_records(rev):
    _url, c, _, _ = rev
    rows = records_of(c, PG + "2025_1_PV_objetiva_regular.pdf")
    assert [r["number"] for r in rows] == [1, 2, 3, 4, 5]
    assert all(r["variant"] is None and "variant" not in r["flags"] for r in rows)
    assert not any("grau de dificuldade" in r["question"] or len(r["choices"]) == 5 for r in rows)


def test_html_as_pdf_404_redirect_robots_and_one_file_under_two_urls(rev):
    url, c, _, fetched = rev
    paths = [p for _, p in fetched]
    assert c.stats["include/rejected_not_pdf"] == 1 and not records_of(c, PG + "2023_1_PV_objetiva.pdf")  # a bot page
    assert c.stats["downloader/response_status_count/404"] == MISSING_PAGES + 1  # years without a page + a key
    no_key = records_of(c, PG + "2024_2_PV_objetiva_regular.pdf")  # its definitive key is a 404
    assert len(no_key) == 3 and all(r["answer"] is None and r["key_url"] is None for r in no_key)
    assert c.stats["downloader/response_status_count/301"] == 1
    assert c.stats["robotstxt/forbidden"] == 1 and not any("/privado/" in p for p in paths)
    assert c.stats["include/exams_not_downloaded"] == 2  # the bot page, the forbidden booklet
    # 2023/2's booklet is on download.inep.gov.br and in gov.br's own copy: extracted once, under
    # whichever URL was downloaded first
    assert c.stats["include/duplicate_exams"] == 1
    twice = [r for r in c.items if r["year"] == 2023]
    urls = {url + PG + "2023_2_revalida_prova_objetiva.pdf",
            url + "/provas-e-gabaritos/2023/arquivos/2023_2_revalida_prova_objetiva.pdf"}
    assert len({r["source_url"] for r in twice}) == 1 and twice[0]["source_url"] in urls
    assert [r["answer"] for r in sorted(twice, key=lambda r: r["number"])] == [0, 1, 2, 3]
    assert c.stats["include/exams_extracted"] == 7 and c.stats["item_scraped_count"] == len(c.items)


def test_rerun_downloads_nothing_it_has(rev):
    _url, first, again, fetched = rev
    assert again.code == 0
    assert "include/stored" not in again.stats and again.stats["file_status_count/uptodate"] == 15
    second = {p for _, p in fetched[fetched.index(("GET", "/robots.txt"), 1):] if p.endswith(".pdf")}
    # asked again: only what failed (the 404 key, the page that was not a PDF)
    assert second == {PG + "2024_2_GB_objetiva_definitivo.pdf", PG + "2023_1_PV_objetiva.pdf"}
    key = lambda r: (r["year"], r["number"], r["variant"] or "", r["question"], r["answer"] or -1)
    assert sorted(map(key, again.items)) == sorted(map(key, first.items))


def test_years_filter_year_pages(tmp_path):
    with serve("br_revalida") as site:
        c = crawl("br_revalida", site.url, tmp_path, "-a", "years=2024-2025")
        pages = [p for _, p in site.log if p.startswith("/provas-e-gabaritos/") and not p.endswith(".pdf")]
    assert c.code == 0
    assert {r["year"] for r in c.items} == {2024, 2025}
    assert sorted(pages) == ["/provas-e-gabaritos/2024", "/provas-e-gabaritos/2025"]
