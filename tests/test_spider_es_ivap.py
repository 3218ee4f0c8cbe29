"""es_ivap (IVAP, Basque Government selection processes, eu and es) crawled for real against its
fixture site: a news listing, a process page with booklets per model and language version and
templates of right answers (provisional and definitive); instructions, the blank answer sheet and
results left out."""
import pytest
from crawling import Run, crawl_site, records_of

A = "/contenidos/noticia/ivap_azterketak_2023/eu_def/adjuntos/"


@pytest.fixture(scope="module")
def ivap(tmp_path_factory):
    return crawl_site("es_ivap", tmp_path_factory, Run())


def letters(recs):
    return "".join("ABCD"[r["answer"]] for r in recs)


def test_both_language_versions_of_a_model_take_its_definitive_template(ivap):
    c = ivap.crawls[0]
    assert c.code == 0, c.log[-2000:]
    eu, es = records_of(c, A + "galdera_koadernoa_A_eu.pdf"), records_of(c, A + "galdera_koadernoa_A_es.pdf")
    assert letters(eu) == letters(es) == "CBCA"  # definitive (the provisional said BBCA)
    assert eu[0]["question"].startswith("Zein da Euskal Autonomia Erkidegoko hiriburua")
    assert es[0]["question"].startswith("¿Cuál de los siguientes órganos")
    assert all(r["key_url"].endswith("txantiloia_A_behin_betikoa.pdf") for r in eu + es)
    assert {r["language"] for r in eu} == {"eu"} and {r["language"] for r in es} == {"es"}
    b = records_of(c, A + "galdera_koadernoa_B_eu.pdf")
    assert letters(b) == "DACB" and all(r["key_url"].endswith("txantiloia_B_behin_betikoa.pdf") for r in b)
    assert all(r["year"] == 2023 and r["country"] == "ES" and r["spider"] == "es_ivap" and r["level"] == "Professional"
               and r["subject"] == "Fakultatiboen Goi-mailako Kidegoa" and "language_mismatch" not in r["flags"]
               for r in c.items)
    assert {r["booklet"] for r in es} == {
        "Fakultatiboen Goi-mailako Kidegoa: Eskala Juridikoa. Azterketak eta txantiloiak A eredua es"}
    assert c.stats["include/pairs"] == 3 and len(c.items) == 12


def test_notices_and_other_news_are_not_fetched(ivap):
    paths = [p for _, p in ivap.fetched]
    for skipped in ("argibide", "erantzun_orria", "emaitzak", "lan-poltsa", "/y22-bopv/"):
        assert not any(skipped in p for p in paths), skipped
    assert A + "txantiloia_A_behin_behinekoa.pdf" not in paths  # the provisional template: passed over
