"""br_encceja (INEP, ENCCEJA) crawled for real against its fixture site: year pages in ENEM's
Plone markup, one booklet per level (EF/EM) and area, the 2020 names (`2020_PV_EF_matematica.pdf`)
and the older ones (`educacao_basica/encceja/provas/brasil/2018/fundamental/...`), the PPL
application, a level per booklet."""
import pytest
from crawling import crawl, crawl_site, records_of
from sites import missing_year_pages, serve

PG = "/encceja/provas_e_gabaritos/"
OLD = "/educacao_basica/encceja/provas/brasil/2018/fundamental/"
MISSING_PAGES = missing_year_pages("br_encceja", 2002)


@pytest.fixture(scope="module")
def enc(tmp_path_factory):
    site = crawl_site("br_encceja", tmp_path_factory)
    return site.url, *site.crawls, site.fetched


def test_each_booklet_with_its_key_level_and_subject(enc):
    _url, c, _, _ = enc
    assert c.code == 0, c.log[-2000:]
    em = records_of(c, PG + "2020_PV_EM_matematica.pdf")
    assert [r["number"] for r in em] == [1, 2, 3, 4, 5] and [r["answer"] for r in em] == [2, 0, 1, 3, 0]  # CABDA
    assert em[0]["question"].startswith("Em que ano foi proclamada")
    assert all(r["level"] == "High school" and r["subject"] == "Matemática" and len(r["choices"]) == 4
               and r["key_url"].endswith(PG + "2020_GB_EM_matematica.pdf") for r in em)
    cn = records_of(c, PG + "2020_PV_EF_ciencias_naturais.pdf")
    assert [r["answer"] for r in cn] == [3, 2, 1]  # DCB
    assert all(r["level"] == "Middle school" and r["subject"] == "Ciências Naturais" for r in cn)
    # the PPL application pairs with its own key, not the regular one
    ppl = records_of(c, PG + "2020_PV_EM_matematica_PPL.pdf")
    assert [r["answer"] for r in ppl] == [1, 2, 3] and all(r["key_url"].endswith("_PPL.pdf") for r in ppl)
    assert ppl[0]["booklet"] == "Ensino Médio Matemática PPL"
    assert all(r["language"] == "pt" and r["country"] == "BR" and r["spider"] == "br_encceja"
               and "CC BY-ND 3.0" in r["licence"] and r["exam"].startswith("ENCCEJA") and r["source_url"]
               for r in c.items)
    assert {r["level"] for r in c.items} == {"Middle school", "High school"}
    assert c.stats["include/pairs"] == 8 and c.stats["include/exams_without_key"] == 2  # EF LP; EM Linguagens 2018


def test_older_names_and_a_booklet_without_key(enc):
    _url, c, _, _ = enc
    hg = records_of(c, OLD + "ensino_fundamental_historia_e_geografia_aplicacao_regular.pdf")  # 301 to the new name
    assert [r["answer"] for r in hg] == [0, 2] and all(r["year"] == 2018 and r["level"] == "Middle school"
                                                      and r["subject"] == "História e Geografia" for r in hg)
    assert c.stats["downloader/response_status_count/301"] == 1
    mat = records_of(c, OLD + "ensino_fundamental_matematica_aplicacao_regular.pdf")  # its key is a 404
    assert len(mat) == 3 and all(r["answer"] is None and r["key_url"] is None for r in mat)
    lp = records_of(c, PG + "2020_PV_EF_lingua_portuguesa.pdf")  # no key listed
    assert len(lp) == 2 and all(r["answer"] is None and r["subject"] == "Língua Portuguesa" for r in lp)
    assert c.stats["downloader/response_status_count/404"] == MISSING_PAGES + 1  # years without a page + a key


def test_html_as_pdf_robots_duplicates_and_what_is_not_a_booklet(enc):
    url, c, _, fetched = enc
    paths = [p for _, p in fetched]
    assert c.stats["include/rejected_not_pdf"] == 1 and not records_of(c, PG + "2020_PV_EM_ciencias_humanas.pdf")
    assert c.stats["robotstxt/forbidden"] == 1 and not any("/restrito/" in p for p in paths)
    assert c.stats["include/exams_not_downloaded"] == 2  # the error page, the forbidden booklet
    # EF Matemática is listed twice (an "accessible" copy is the same file): extracted once, under
    # whichever URL was downloaded first
    assert c.stats["include/duplicate_exams"] == 1
    mat = [r for r in c.items if r["year"] == 2020 and r["level"] == "Middle school" and r["subject"] == "Matemática"]
    assert len(mat) == 4 and len({r["source_url"] for r in mat}) == 1
    assert mat[0]["source_url"] in {url + PG + "2020_PV_EF_matematica.pdf",
                                    url + PG + "2020_PV_EF_matematica_acessivel.pdf"}
    assert sorted(r["answer"] for r in mat) == [0, 1, 2, 3]
    assert not any("redacao" in p or "resultado" in p for p in paths)  # the essay prompt, results
    assert c.stats["include/exams_extracted"] == 7 and c.stats["item_scraped_count"] == len(c.items) == 22


def test_rerun_downloads_nothing_it_has(enc):
    _url, first, again, fetched = enc
    assert again.code == 0 and "include/stored" not in again.stats
    second = {p for _, p in fetched[fetched.index(("GET", "/robots.txt"), 1):] if p.endswith(".pdf")}
    # asked again: only what failed (the 404 key, the error page that was not a PDF)
    assert second == {"/educacao_basica/encceja/gabaritos/brasil/2018/fundamental/"
                      + "gabarito_ensino_fundamental_matematica_aplicacao_regular.pdf",
                      PG + "2020_PV_EM_ciencias_humanas.pdf"}
    # (not by URL: a file listed twice is named by whichever URL came first)
    key = lambda r: (r["year"], r["level"], r["subject"], r["number"], r["question"], r["answer"] or -1)
    assert sorted(map(key, again.items)) == sorted(map(key, first.items))


def test_years_filter_year_pages(tmp_path):
    with serve("br_encceja") as site:
        c = crawl("br_encceja", site.url, tmp_path, "-a", "years=2018")
        pages = [p for _, p in site.log if p.startswith("/provas-e-gabaritos/")]
    assert c.code == 0
    assert {r["year"] for r in c.items} == {2018} and len(c.items) == 5
    assert pages == ["/provas-e-gabaritos/2018"]
