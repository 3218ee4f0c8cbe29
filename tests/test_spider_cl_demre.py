"""cl_demre crawled for real against its fixture site: `publicaciones/listado-{2025,2026}` ->
publication pages -> PDFs; booklets paired with clavijeros published under another date, by
(admission year, regular/invierno, subject)."""
import pytest
from crawling import Run, crawl_site, records_of

from spiders.sources.cl_demre import publication


@pytest.fixture(scope="module")
def demre(tmp_path_factory):
    site = crawl_site("cl_demre", tmp_path_factory, Run("-a", "years=2025-2026"),
                      *2 * [Run("-a", "years=2026", store="store2")])
    return *site.crawls, *site.logs


def test_booklet_pairs_with_a_clavijero_of_another_date(demre):
    c = demre[0]
    assert c.code == 0, c.log[-2000:]
    recs = records_of(c, "2026-25-12-03-paes-regular-matematica1-p2026.pdf")
    assert [(r["number"], r["answer"]) for r in recs] == [(1, 2), (2, 0), (3, 3), (4, 1)]  # key CADB
    assert all(r["key_url"].endswith("/publicaciones/pdf/2026-26-01-05-clavijero-paes-regular-m1.pdf") for r in recs)
    assert recs[0]["question"].startswith("¿Cuál de los siguientes órganos forma parte")
    assert recs[3]["choices"] == ["Pablo Neruda", "Gabriela Mistral", "Vicente Huidobro", "Nicanor Parra"]
    assert all(len(r["choices"]) == 4 and r["language"] == "es" and r["country"] == "CL" and r["year"] == 2026
               and r["spider"] == "cl_demre" and r["source_url"].startswith("http://127.0.0.1")
               and "Prohibida su reproducción" in r["licence"] and r["subject"] == "Competencia Matemática 1 (M1)"
               for r in recs)


def test_second_subject_through_a_redirect_and_the_invierno_booklet_without_key(demre):
    c = demre[0]
    lectora = records_of(c, "antiguo/2026-25-12-02-paes-regular-competencia-lectora-p2026.pdf")
    assert [(r["number"], r["answer"]) for r in lectora] == [(1, 1), (2, 3), (3, 0)]  # key BDA
    assert all(r["key_url"].endswith("2026-26-01-05-clavijero-paes-regular-competencia-lectora.pdf") for r in lectora)
    assert c.stats["downloader/response_status_count/301"] == 1
    winter = records_of(c, "2026-25-06-18-paes-invierno-oficial-matematica1-p2026.pdf")
    assert [r["number"] for r in winter] == [1, 2, 3, 4, 5]
    assert all(r["answer"] is None and r["key_url"] is None for r in winter)  # not the regular M1 key


def test_m2_republished_as_a_model_is_extracted_once(demre):
    c = demre[0]
    m2 = [r for r in c.items if "matematica2" in r["source_url"]]
    assert len({r["source_url"] for r in m2}) == 1 and c.stats["include/duplicate_exams"] == 1
    assert sorted((r["number"], r["answer"]) for r in m2) == [(1, 3), (2, 3), (3, 2)]  # key DDC
    assert all(r["year"] == 2025 and r["key_url"].endswith("2025-25-01-06-clavijero-paes-regular-m2.pdf") for r in m2)


def test_rejected_page_robots_404_and_skipped_publications(demre):
    c, fetched = demre[0], [p for _, p in demre[3]]
    assert c.stats["include/rejected_not_pdf"] == 1  # 2025's M1 booklet is a bot-protection page
    assert not any("matematica1-p2025" in r["source_url"] for r in c.items)
    assert c.stats["robotstxt/forbidden"] == 1 and not any(p.startswith("/privado/") for p in fetched)
    assert c.stats["downloader/response_status_count/404"] == 1  # the removed historia page
    assert not any("temario" in p or "pruebas-oficiales" in p or "listado-2027" in p for p in fetched)
    assert c.stats["include/exams_extracted"] == 4 and c.stats["item_scraped_count"] == len(c.items) == 15


def test_years_filter_reads_only_that_admission_listing(demre):
    c, fetched = demre[1], [p for _, p in demre[4]]
    assert c.code == 0 and {r["year"] for r in c.items} == {2026} and len(c.items) == 12
    assert "/publicaciones/listado-2026" in fetched
    assert not any("2025" in p.split("/")[-1][:4] or "listado-2025" in p for p in fetched)


def test_rerun_into_the_same_store_downloads_nothing(demre):
    first, again = demre[1], demre[2]
    assert again.code == 0
    assert "file_status_count/downloaded" not in again.stats and "include/stored" not in again.stats
    assert not any(p.endswith(".pdf") for _, p in demre[5])
    key = lambda r: (r["source_url"], r["number"], r["question"], r["answer"])
    assert sorted(map(key, again.items)) == sorted(map(key, first.items))


def test_publication_names():
    assert publication("2026-26-01-05-clavijero-paes-regular-m1") == ("key", 2026, "regular", "m1")
    assert publication("2026-25-12-03-paes-regular-competencia-matematica1-p2026") == ("exam", 2026, "regular", "m1")
    assert publication("2026-25-06-18-paes-invierno-oficial-matematica1-p2026") == ("exam", 2026, "invierno", "m1")
    assert publication("2023-22-07-04-pdt-oficial-ciencias-biologia-p2023")[3] == "biologia"
    assert publication("2027-26-03-19-temario-paes-regular-m1") is None
    assert publication("pruebas-oficiales-paes-regular-p2026") is None


def test_older_admission_years_normalised_subjects_and_model_keys(tmp_path):
    """Admission 2024 (the older portal's listing, served here with the rest of the site): the
    key names the subject longer than the booklet; a model pairs with its `claves-modelo` key;
    `significado-claves` is not a key; links ending in "/" are followed."""
    from crawling import crawl
    from sites import serve

    with serve("cl_demre") as site:
        c = crawl("cl_demre", site.url, tmp_path, "-a", "years=2024")
        fetched = [p for _, p in site.log]
    assert c.code == 0, c.log[-2000:]
    historia = records_of(c, "2024-23-11-28-paes-regular-historia-p2024.pdf")
    assert [r["answer"] for r in historia] == [2, 1, 3] and {r["year"] for r in historia} == {2024}  # CBD
    assert {r["key_url"].rsplit("/", 1)[1] for r in historia} == {
        "2024-23-12-28-clavijero-paes-regular-historia-ciencias-sociales.pdf"}
    assert {r["subject"] for r in historia} == {"Historia y Ciencias Sociales"}
    model = records_of(c, "2024-23-05-10-modelo-ciencias-biologia-p2024.pdf")
    assert [r["answer"] for r in model] == [3, 0, 2, 1]  # DACB, from claves-modelo
    assert not any("significado" in p for p in fetched)


def test_listings_up_to_2024_are_on_the_older_hosts():
    from spiders.sources.cl_demre import ClDemreSpider

    spider = ClDemreSpider()
    assert spider.listing(2026) == "https://demre.cl/publicaciones/listado-2026"
    assert spider.listing(2023) == "https://portaldemre.demre.cl/publicaciones/listado-2023"
    assert spider.listing(2020) == "https://www.psu.demre.cl/publicaciones/listado-2020"
    assert ClDemreSpider(base_url="http://127.0.0.1:8000").listing(2020) == \
        "http://127.0.0.1:8000/publicaciones/listado-2020"
    assert publication("2024-23-05-10-claves-modelo-ciencias-biologia") == ("key", 2024, "regular", "biologia")
    assert publication("2024-23-05-10-significado-claves-modelo-ciencias-biologia") is None
    assert publication("2024-23-12-28-clavijero-paes-regular-historia-ciencias-sociales")[3] == "historia"
    assert publication("2021-20-07-29-clavijero-pdt-historia-geografia-y-ciencias-sociales")[3] == "historia"
