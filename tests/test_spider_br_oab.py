"""br_oab crawled for real (Scrapy's engine, the project's pipelines) against its fixture site:
the edition list of `EditaisProvas?NumeroExame=0`, five editions (one page a 404), booklets
"Tipo 1"/"01" paired with the definitive key, else the preliminary one, else none."""
import pytest
from crawling import Run, crawl_site, records_of

from spiders.sources.br_oab import BrOabSpider, https


@pytest.fixture(scope="module")
def oab(tmp_path_factory):
    site = crawl_site("br_oab", tmp_path_factory, Run(), *2 * [Run("-a", "years=2024", store="store2")])
    return *site.crawls, *site.logs


def test_booklet_tipo_1_takes_the_definitive_key_over_the_preliminary(oab):
    c = oab[0]
    assert c.code == 0, c.log[-2000:]
    recs = [r for r in c.items if r["year"] == 2024]
    assert [r["number"] for r in sorted(recs, key=lambda r: r["number"])] == [1, 2, 3, 4]
    recs.sort(key=lambda r: r["number"])
    # definitive key BDCA (the preliminary, listed later, says BACD)
    assert [r["answer"] for r in recs] == [1, 3, 2, 0]
    assert all(r["key_url"].endswith("/arquivos/41/gabarito_definitivo_v1.pdf") for r in recs)
    assert recs[0]["question"].startswith("Qual destes estados brasileiros faz fronteira")
    assert recs[1]["choices"][1] == "Machado de Assis"
    assert all(len(r["choices"]) == 4 and r["language"] == "pt" and r["country"] == "BR"
               and r["spider"] == "br_oab" and r["source_url"].startswith("http://127.0.0.1")
               and "No licence" in r["licence"] and r["publisher"] == BrOabSpider.publisher
               and r["booklet"] == "41º Exame - Caderno de Prova - Tipo 1" for r in recs)


def test_preliminary_key_when_no_definitive_and_roman_edition_numbers(oab):
    recs = records_of(oab[0], "/arquivos/32/caderno_tipo1.pdf")
    assert [(r["number"], r["answer"]) for r in recs] == [(1, 3), (2, 2), (3, 1)]  # key DCB
    assert all(r["key_url"].endswith("/arquivos/32/gabarito_preliminar.pdf") and r["year"] == 2021
               and r["booklet"] == "32º Exame - Caderno de Prova - Tipo 1" for r in recs)  # "XXXII", dated 2021


def test_edition_without_key_is_extracted_with_answers_none(oab):
    recs = records_of(oab[0], "/arquivos/02/caderno_prova_01.pdf")  # "Caderno de Prova 01", 2010.2
    assert [r["number"] for r in recs] == [1, 2, 3, 4, 5]
    assert all(r["answer"] is None and r["key_url"] is None and r["year"] == 2010 for r in recs)
    assert recs[2]["question"].startswith("Em que ano foi proclamada")


def test_only_first_phase_tipo_1_is_fetched(oab):
    c, fetched = oab[0], [p for _, p in oab[3]]
    for skipped in ("caderno_tipo2", "caderno_tipo3", "caderno_prova_02", "2fase_", "edital_abertura", "/Admin/"):
        assert not any(skipped in p for p in fetched), skipped
    assert c.stats["downloader/response_status_count/404"] == 1  # the 42nd's page
    assert "/EditaisProvas?NumeroExame=11800" in fetched


def test_stats_rejected_page_duplicate_and_redirect(oab):
    c = oab[0]
    assert c.stats["include/rejected_not_pdf"] == 1  # the 38th's booklet is a bot-protection page
    assert not any("/arquivos/38/" in r["source_url"] for r in c.items)
    # the 41st's booklet listed twice under two URLs: extracted once
    assert c.stats["include/duplicate_exams"] == 1
    assert len({r["source_url"] for r in c.items if r["year"] == 2024}) == 1
    assert c.stats["downloader/response_status_count/301"] == 1  # the definitive key moved
    assert c.stats["include/pairs"] == 7 and c.stats["include/exams_without_key"] == 1
    assert c.stats["include/exams_extracted"] == 6 and c.stats["item_scraped_count"] == len(c.items) == 22


def test_real_44th_page_newest_first_takes_the_definitive_key(oab):
    """editais_17000.html is the real page (trimmed): newest first, the definitive key listed
    before the booklet and the preliminary key; Tipo 2-4 labelled with an en dash."""
    c, fetched = oab[0], [p for _, p in oab[3]]
    recs = records_of(c, "/arquivos/2025/08/fda2cc49-fbbd-4893-9b75-0f61c177cd5d.pdf")
    assert [r["answer"] for r in recs] == [2, 0, 1, 3]  # CABD, not the preliminary CADD
    assert all(r["key_url"].endswith("/arquivos/2025/09/b6fb7503-e2cf-4e9b-8b0a-9b822df591fe.pdf")
               and r["year"] == 2025 and r["booklet"] == "44º Exame - Caderno de Prova - Tipo 1" for r in recs)
    for other in ("5c87b5a1", "f573455a", "b3b68be6", "30bc168f", "f2d3a3bc", "541528b1", "2e115093"):
        assert not any(other in p for p in fetched), other  # Tipo 2-4, the preliminary key, results, 2nd phase


def test_real_xxv_page_roman_title_preliminary_key_and_re_sitting_left_out(oab):
    c, fetched = oab[0], [p for _, p in oab[3]]
    recs = records_of(c, "/arquivos/2019/10/0a7c96e3-141b-4627-b7f3-dd5b5db062d0.pdf")
    assert [r["answer"] for r in recs] == [1, 1, 0] and {r["year"] for r in recs} == {2018}
    assert recs[0]["booklet"] == "25º Exame - Caderno de Prova - Tipo 1"
    assert not any("2c780442" in p or "7d1fc96e" in p for p in fetched)  # the Porto Alegre/RS re-sitting


def test_keys_rank_by_date_in_label_not_list_position_and_skip_a_re_sitting(oab):
    """The 45th (hand-made in the real markup): the key republished "- atualizado" wins over the
    first definitive one and over a re-sitting's, whatever their order; en dashes accepted."""
    c, fetched = oab[0], [p for _, p in oab[3]]
    recs = records_of(c, "/arquivos/2026/02/45-caderno-tipo1.pdf")
    assert [r["answer"] for r in recs] == [3, 3, 0]  # DDA
    assert {r["key_url"].rsplit("/", 1)[1] for r in recs} == {"45-gabarito-atualizado.pdf"}
    assert not any("salvador" in p or p.endswith("45-gabarito-definitivo.pdf") for p in fetched)


def test_years_filter_skips_editions_by_title_year_and_booklet_date(oab):
    c, fetched = oab[1], [p for _, p in oab[4]]
    assert c.code == 0 and {r["year"] for r in c.items} == {2024} and len(c.items) == 4
    # titles naming 2023.2 and 2010.2 are not opened; titles without a year are, then filtered
    assert "/EditaisProvas?NumeroExame=10880" not in fetched and "/EditaisProvas?NumeroExame=201" not in fetched
    assert not any(p.startswith("/arquivos/32/") for p in fetched)


def test_rerun_into_the_same_store_downloads_nothing(oab):
    first, again = oab[1], oab[2]
    assert again.code == 0
    assert "file_status_count/downloaded" not in again.stats and "include/stored" not in again.stats
    assert again.stats["file_status_count/uptodate"] >= 2
    assert not any(p.endswith(".pdf") or "DownloadArquivo" in p for _, p in oab[5])
    # (the booklet listed under two URLs is extracted from whichever arrives first)
    key = lambda r: (r["number"], r["question"], r["answer"], r["key_url"], r["year"])
    assert sorted(map(key, again.items)) == sorted(map(key, first.items))


def test_s_oab_links_are_rewritten_to_https():
    assert https("http://s.oab.org.br/arquivos/2016/01/x.pdf") == "https://s.oab.org.br/arquivos/2016/01/x.pdf"
    assert https("http://example.org/x.pdf") == "http://example.org/x.pdf"
