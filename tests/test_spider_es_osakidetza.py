"""es_osakidetza (Osakidetza OPE exams, Basque Country) crawled for real against its fixture site:
two offers, two categories each, models A and B in Basque and Spanish sharing one template per
model, provisional and definitive templates, lists and tables (see the fixture's build.py)."""
import json

import pytest
from crawling import crawl, crawl_site, records_of
from sitegen import BANK
from sites import serve

SPIDER = "es_osakidetza"
DOCS = "/contenidos/informacion/"
# the bank's correct option per question (the fixture puts it where the model's template says)
CORRECT = {lang: {BANK[lang][k][0]: BANK[lang][k][1][i] for k, i in enumerate(idx)}
           for lang, idx in {"es": [1, 2, 3, 0, 3], "eu": [2, 1, 2, 0, 3]}.items()}


@pytest.fixture(scope="module")
def ope(tmp_path_factory):
    site = crawl_site(SPIDER, tmp_path_factory)
    return *site.crawls, site.fetched, site.tmp / "downloads"


def records_or_copy(c, name):
    """The records of the booklet `name` or of its "accesible" copy (the same file: whichever URL
    is downloaded first names the records)."""
    return records_of(c, name, name.replace(".pdf", "_accesible.pdf"))


def letters(rows):
    return "".join("ABCD"[r["answer"]] if r["answer"] is not None else "-" for r in rows)


def test_parallel_versions_share_their_models_definitive_template(ope):
    c, *_ = ope
    assert c.code == 0, c.log[-2000:]
    eu, es = records_or_copy(c, "enfermero_1ej_A_e.pdf"), records_or_copy(c, "enfermero_1ej_A_c.pdf")
    assert [r["number"] for r in eu] == [1, 2, 3, 4, 5] == [r["number"] for r in es]
    assert eu[0]["question"].startswith("Zein da Euskal Autonomia Erkidegoko hiriburua")
    assert es[0]["question"].startswith("¿Cuál de los siguientes órganos")
    # the definitive template BCDAD (the provisional one, listed first, says BCDAA)
    assert letters(eu) == letters(es) == "BCDAD"
    assert all(r["key_url"].endswith("/enfermero_1ej_plantilla_definitiva_A.pdf") for r in eu + es)
    b_eu, b_es = records_or_copy(c, "enfermero_1ej_B_e.pdf"), records_or_copy(c, "enfermero_1ej_B_c.pdf")
    assert letters(b_eu) == letters(b_es) == "DACBC"  # model B: its own order and template
    assert b_es[0]["question"].startswith("¿Cuál es el río más largo")
    assert all(r["key_url"].endswith("/enfermero_1ej_plantilla_definitiva_B.pdf") for r in b_eu + b_es)


def test_every_answer_is_the_right_option_and_the_language_is_told_apart(ope):
    c, *_ = ope
    assert {r["language"] for r in c.items} == {"eu", "es"}
    for r in c.items:
        assert r["question"] in CORRECT[r["language"]], (r["source_url"], r["language"], r["question"])
        assert r["choices"][r["answer"]] == CORRECT[r["language"]][r["question"]], r["source_url"]
        assert "language_mismatch" not in r["flags"] and len(r["choices"]) == 4
        assert r["country"] == "ES" and r["level"] == "Professional" and r["spider"] == SPIDER
        assert r["licence"].startswith("not checked") and r["publisher"].startswith("Osakidetza")
        assert r["source_url"].startswith("http://127.0.0.1:") and DOCS in r["source_url"]
    # Basque booklets are Basque whether the link, the table's column or the _e suffix says so
    for name in ("enfermero_1ej_A_e.pdf", "tcae_1ej_B_e.pdf", "1ej_B_e.pdf", "tcae_2019_e.pdf"):
        assert {r["language"] for r in records_or_copy(c, name)} == {"eu"}, name
    for name in ("enfermero_1ej_B_c.pdf", "tcae_1ej_A_c.pdf", "1ej_A_c.pdf", "tcae_2019_c.pdf"):
        assert {r["language"] for r in records_or_copy(c, name)} == {"es"}, name


def test_years_categories_and_provisional_fallback(ope):
    c, *_ = ope
    years = {r["source_url"].split(DOCS)[1].split("/")[0]: r["year"] for r in c.items}
    # 2023-2024-2025's exams were sat in 2026 (the heading's date); 2018-2019 has none: 2019
    assert years == {"ope2325_enfermero": 2026, "ope2325_tcae": 2026, "ope1819_enfermeria": 2019,
                     "ope2018_enfermeria": 2019, "ope1819_tcae": 2019, "ope202122_celador": 2022}
    assert {r["subject"] for r in c.items} == {"Enfermero/a", "Técnico/a de Cuidados Auxiliares de Enfermería",
                                               "Celador/a"}
    tcae = records_or_copy(c, "tcae_1ej_A_e.pdf") + records_or_copy(c, "tcae_1ej_A_c.pdf")
    assert len(tcae) == 10 and letters(tcae) == "CADBA" * 2  # only a provisional template yet
    assert all(r["key_url"].endswith("/tcae_1ej_plantilla_provisional_A.pdf") for r in tcae)
    # OPE 2018-2019 in tables: models by row, languages or provisional/definitive by column
    a = records_or_copy(c, "enfermero_modeloA_euskera.pdf")  # listed under its old URL (301)
    assert letters(a) == letters(records_or_copy(c, "1ej_A_c.pdf")) == "DBCAB"
    assert letters(records_or_copy(c, "1ej_B_e.pdf")) == "ACADB"
    assert all(r["key_url"].endswith("/ope1819_enfermeria/es_def/adjuntos/plantilla_definitiva_A.pdf") for r in a)
    one = records_or_copy(c, "tcae_2019_e.pdf") + records_or_copy(c, "tcae_2019_c.pdf")  # one model, no letter
    assert letters(one) == "ABCDA" * 2 and all(r["key_url"].endswith("/tcae_2019_plantilla_definitiva.pdf")
                                               for r in one)


def test_stats_redirect_404_html_as_pdf_duplicate_robots(ope):
    c, _, fetched, _ = ope
    paths = [p for _, p in fetched[:fetched.index(("GET", "/robots.txt"), 1)]]
    assert c.stats["include/pairs"] == 17 and "include/exams_without_key" not in c.stats
    assert c.stats["downloader/response_status_count/301"] == 1  # the moved Basque booklet
    assert c.stats["downloader/response_status_count/404"] == 1  # the Spanish model B of 2019
    assert c.stats["include/rejected_not_pdf"] == 1  # TCAE's Spanish model B: a bot page
    assert c.stats["include/exams_not_downloaded"] == 2
    assert not records_or_copy(c, "tcae_1ej_B_c.pdf") and not records_or_copy(c, "1ej_B_c.pdf")
    # the accessible copy is the same file as model A in Spanish: extracted once
    assert c.stats["include/duplicate_exams"] == 1
    assert len([r for r in c.items if "enfermero_1ej_A_c" in r["source_url"]]) == 5
    assert c.stats["robotstxt/forbidden"] == 1 and not any("historico" in p for p in paths)
    assert c.stats["include/skipped_language"] == 1  # the bilingual booklet
    assert not any("bilingue" in p or "/eu/" in p or "bolsas" in p for p in paths)
    # results, claims, calendars and bases are not exams; provisional templates with a
    # definitive one beside them are not fetched
    assert not any(w in p for p in paths for w in ("notas", "erreklamazio", "calendario", "bases"))
    assert not any("enfermero_1ej_plantilla_provisional" in p or "ope1819_enfermeria/es_def/adjuntos/plantilla_prov"
                   in p for p in paths)
    assert c.stats["include/exams_extracted"] == 14 and c.stats["item_scraped_count"] == len(c.items) == 70


def test_an_offer_named_with_two_digit_years(ope):
    """The real 2023 offer is named "OPE 20-21-22-E": its years are 2020-2022, its exams the
    last year's when no date says otherwise."""
    c = ope[0]
    for model, answers in (("A", "DCBAA"), ("B", "ABCDA")):
        recs = records_of(c, f"celador_1ej_{model}_e.pdf")
        assert letters(recs) == answers and {r["language"] for r in recs} == {"eu"}
        assert {r["year"] for r in recs} == {2022}
        assert {r["key_url"].rsplit("/", 1)[1] for r in recs} == {f"celador_plantilla_definitiva_{model}.pdf"}
        assert recs[0]["booklet"] == f"OPE 2020-2021-2022 - Celador/a - 1. ejercicio - Modelo {model} - eu"


def test_rerun_downloads_nothing_it_has(ope):
    first, again, fetched, _ = ope
    assert again.code == 0
    assert "include/stored" not in again.stats and again.stats["include/rejected_not_pdf"] == 1
    assert again.stats["file_status_count/uptodate"] == 24  # 25 files asked for, less the bot page
    second = {p for _, p in fetched[fetched.index(("GET", "/robots.txt"), 1):] if p.endswith(".pdf")}
    # asked again: only what failed (the 404 booklet, the page that was not a PDF)
    assert second == {DOCS + "ope1819_enfermeria/es_def/adjuntos/1ej_B_c.pdf",
                      DOCS + "ope2325_tcae/es_def/adjuntos/tcae_1ej_B_c.pdf"}
    assert "file_status_count/downloaded" not in again.stats  # the bot page is refused, not counted
    key = lambda r: (r["source_url"].replace("_accesible", ""), r["language"], r["year"], r["number"], r["question"],
                     r["answer"], r["key_url"])
    assert sorted(map(key, again.items)) == sorted(map(key, first.items))


def test_years_filter_offers_and_documents(tmp_path):
    with serve(SPIDER) as site:
        (tmp_path / "a").mkdir(), (tmp_path / "b").mkdir()
        c = crawl(SPIDER, site.url, tmp_path / "a", "-a", "years=2026")
        paths = [p for _, p in site.log]
        del site.log[:]
        old = crawl(SPIDER, site.url, tmp_path / "b", "-a", "years=2019")
        old_paths = [p for _, p in site.log]
    assert c.code == 0 and old.code == 0
    assert {r["year"] for r in c.items} == {2026} and len(c.items) == 35
    assert not any("ope1819" in p or "ope2018" in p for p in paths)  # no document of the 2019 exams
    assert {r["year"] for r in old.items} == {2019} and len(old.items) == 25
    # an offer newer than every year asked for is not read at all
    assert not any("2023-2024-2025" in p or "ope2325" in p for p in old_paths)


def test_one_file_under_two_urls_is_stored_once(ope):
    *_, store = ope
    files = json.loads((store / "manifest.json").read_text())["files"]
    assert len(files) == 23  # 14 booklets and 9 templates
    twice = sorted(sorted(u.split(DOCS)[1] for u in e["urls"]) for e in files.values() if len(e["urls"]) > 1)
    assert twice == [["ope1819_enfermeria/es_def/adjuntos/1ej_A_e.pdf",  # the 301's target and old URL
                      "ope2018_enfermeria/es_def/adjuntos/enfermero_modeloA_euskera.pdf"],
                     ["ope2325_enfermero/es_def/adjuntos/enfermero_1ej_A_c.pdf",  # the accessible copy
                      "ope2325_enfermero/es_def/adjuntos/enfermero_1ej_A_c_accesible.pdf"]]
