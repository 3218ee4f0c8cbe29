"""es_justicia (Ministerio de Justicia, Prueba de acceso a la Abogacía) crawled for real against
its fixture site: convocatoria pages, one booklet per language, provisional and definitive keys,
models A and B."""
from urllib.parse import unquote

import pytest
from crawling import crawl, crawl_site, records_of
from sites import serve

DOCS = "/es/Ciudadano/EmpleoPublico/Documents/"


@pytest.fixture(scope="module")
def bar(tmp_path_factory):
    site = crawl_site("es_justicia", tmp_path_factory)
    return *site.crawls, site.fetched


def test_each_language_version_with_its_definitive_key(bar):
    c, _, _ = bar
    assert c.code == 0, c.log[-2000:]
    es = records_of(c, "Examen_abogacía_2023.1_Castellano.pdf")
    assert [r["number"] for r in es] == [1, 2, 3, 4, 5]
    assert es[0]["question"].startswith("¿Cuál de los siguientes órganos")
    # the definitive key BCDAD, not the provisional BCDAA listed after it
    assert [r["answer"] for r in es] == [1, 2, 3, 0, 3]
    assert all(unquote(r["key_url"]).endswith("PLANTILLA DEFINITIVA - CASTELLANO 2023.1.pdf") for r in es)
    gl = records_of(c, "Examen_abogacía_2023.1_Galego.pdf")
    assert gl[0]["question"].startswith("Cal é a capital de Galicia")
    assert [r["answer"] for r in gl] == [2, 0, 1, 2, 1]  # CABCB (provisional: CABCA)
    assert all(unquote(r["key_url"]).endswith("PLANTILLA DEFINITIVA - GALLEGO 2023.1.pdf") for r in gl)
    for rows, lang in ((es, "es"), (gl, "gl")):
        assert all(r["language"] == lang and r["year"] == 2023 and r["country"] == "ES" and len(r["choices"]) == 4
                   and r["spider"] == "es_justicia" and "Ley 37/2007" in r["licence"] and r["source_url"]
                   and "language_mismatch" not in r["flags"] for r in rows)


def test_a_version_whose_key_is_missing_is_still_extracted(bar):
    c, _, _fetched = bar
    eu = records_of(c, "Examen_abogacía_2023.1_Euskara.pdf")  # its definitive key is a 404
    assert len(eu) == 5 and eu[0]["question"].startswith("Zein da Euskal Autonomia Erkidegoko hiriburua")
    assert all(r["language"] == "eu" and r["answer"] is None for r in eu)
    assert c.stats["downloader/response_status_count/404"] == 1
    # ca: no key listed; 2021.1: the plantilla is the exam (its answers marked inside)
    assert c.stats["include/pairs"] == 7 and c.stats["include/exams_without_key"] == 2


def test_models_pair_with_their_own_key_and_a_moved_booklet_is_followed(bar):
    c, _, _ = bar
    a = [r for r in c.items if r["year"] == 2022 and "Modelo_A" in r["source_url"]]
    b = records_of(c, "Examen_abogacia_2022.2_Modelo_B_Castellano.pdf")
    assert [r["answer"] for r in sorted(a, key=lambda r: r["number"])] == [1, 2, 3, 0, 3]  # BCDAD
    assert [r["answer"] for r in b] == [3, 0, 3, 2, 1]  # DADCB
    assert b[0]["question"].startswith("¿Cuál es el río más largo")
    assert all("Modelo B" in unquote(r["key_url"]) for r in b) and all("Modelo A" in unquote(r["key_url"]) for r in a)
    gl = records_of(c, "Examen_abogacia_2022.2_Galego.pdf")
    assert [r["answer"] for r in gl] == [0, 2, 1, 2, 1] and all(r["language"] == "gl" for r in gl)
    assert c.stats["downloader/response_status_count/301"] == 1  # the old Ciudadano/EmpleoPublico path


def test_html_served_as_pdf_duplicates_robots_and_other_sections(bar):
    c, _, fetched = bar
    paths = [p for _, p in fetched]
    assert c.stats["include/rejected_not_pdf"] == 1  # the Catalan booklet is a bot-protection page
    assert not any(r["language"] == "ca" for r in c.items)
    # model A is listed twice (the "accessible" copy is the same file): extracted once
    assert c.stats["include/duplicate_exams"] == 1
    assert len({r["source_url"] for r in c.items if "Modelo_A" in r["source_url"]}) == 1
    assert c.stats["robotstxt/forbidden"] == 1 and not any(p.endswith("/historico") for p in paths)
    assert not any("procura" in p.lower() for p in paths)  # the Procura exam is not this one
    assert c.stats["include/exams_extracted"] == 7 and c.stats["item_scraped_count"] == len(c.items) == 35
    assert {r["language"] for r in c.items} == {"es", "gl", "eu"}


def test_a_plantilla_holding_the_questions_is_exam_and_key_in_one(bar):
    """2021.1 was taken online: only plantillas are published, the questions inside with the right
    option marked. The definitive one is the exam; its answers are the ones marked in it."""
    c, fetched = bar[0], [p for _, p in bar[2]]
    recs = records_of(c, "PLANTILLA_DEFINITIVA_CASTELLANO_2021.1.pdf")
    assert [r["answer"] for r in recs] == [1, 2, 3, 0, 3] and {r["year"] for r in recs} == {2021}
    assert all(r["key_url"] is None and r["language"] == "es" for r in recs)
    assert {r["booklet"] for r in recs} == {"2021.1 castellano (plantilla: questions and answers)"}
    assert recs[0]["question"].startswith("¿Cuál de los siguientes órganos")
    assert not any("PLANTILLA_PROVISIONAL_CASTELLANO_2021.1" in p for p in fetched)


def test_rerun_downloads_nothing_it_has(bar):
    first, again, fetched = bar
    assert again.code == 0
    # every stored file is taken from the store; the bot page is asked again and refused again
    assert again.stats["file_status_count/uptodate"] == 13 and "include/stored" not in again.stats
    assert "file_status_count/downloaded" not in again.stats and again.stats["include/rejected_not_pdf"] == 1
    key = lambda r: (r["language"], r["year"], r["number"], r["question"], r["answer"])
    assert sorted(map(key, again.items)) == sorted(map(key, first.items))
    second = {p for _, p in fetched[fetched.index(("GET", "/robots.txt"), 1):] if p.endswith(".pdf")}
    # asked again: only what failed (the 404 key, the page that was not a PDF)
    assert second == {DOCS + "PLANTILLA%20DEFINITIVA%20-%20EUSKERA%202023.1.pdf",
                      DOCS + "Examen_abogac%C3%ADa_2023.1_Catal%C3%A0.pdf"}


def test_years_filter_convocatorias(tmp_path):
    with serve("es_justicia") as site:
        c = crawl("es_justicia", site.url, tmp_path, "-a", "years=2023")
        paths = [p for _, p in site.log]
    assert c.code == 0
    assert {r["year"] for r in c.items} == {2023} and len(c.items) == 15
    assert not any("2022" in p for p in paths)
