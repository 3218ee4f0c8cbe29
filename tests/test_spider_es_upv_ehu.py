"""es_upv_ehu (UPV/EHU, PAS public employment offers, es and eu) crawled for real against its
fixture site: a page of offers, one page per offer with a heading per scale, booklets in Spanish
and Basque sharing the scale's definitive key; and a booklet set as the real 2007 ones (`1.-`
questions, `1a)` options carrying the question's number)."""
import pytest
from crawling import Run, crawl_site


def booklet(c, name):
    return sorted((r for r in c.items if name in r["source_url"]), key=lambda r: r["number"])


@pytest.fixture(scope="module")
def ehu(tmp_path_factory):
    return crawl_site("es_upv_ehu", tmp_path_factory, Run())


def letters(recs):
    return "".join("ABCD"[r["answer"]] for r in recs)


def test_both_languages_of_a_scale_share_its_definitive_key(ehu):
    c = ehu.crawls[0]
    assert c.code == 0, c.log[-2000:]
    es = booklet(c, "/documents/d/pas/ope-2022-administrativa-cuestionario-cas")
    eu = booklet(c, "/documents/d/pas/ope-2022-administrativa-galdesorta-eus")
    assert letters(es) == letters(eu) == "BCDA"  # definitive (provisional: BCDD)
    assert eu[0]["question"].startswith("Zein da Euskal Autonomia Erkidegoko hiriburua")
    assert {r["language"] for r in es} == {"es"} and {r["language"] for r in eu} == {"eu"}
    assert {r["subject"] for r in es + eu} == {"Escala Administrativa / Administrari eskala"}
    gestion = booklet(c, "/documents/d/pas/ope-2022-gestion-cuestionario-cas")  # another scale: its own key
    assert letters(gestion) == "DDB"
    assert all(r["key_url"].endswith("ope-2022-gestion-plantilla-definitiva") for r in gestion)
    assert all(r["year"] == (2007 if "Subalterna" in r["source_url"] else 2022) and r["spider"] == "es_upv_ehu"
               and r["country"] == "ES" and "language_mismatch" not in r["flags"] for r in c.items)
    assert c.stats["include/pairs"] == 4 and len(c.items) == 15


def test_a_booklet_whose_options_carry_the_question_number(ehu):
    c = ehu.crawls[0]
    assert "extract_failed" not in str(c.stats), c.log[-2000:]
    old = booklet(c, "Subalterna")
    assert [r["number"] for r in old] == [1, 2, 3, 4]
    assert old[0]["choices"] == ["El hígado", "La médula espinal", "El páncreas", "El bazo"]
    assert all(r["answer"] is not None for r in old)
    paths = [p for _, p in ehu.fetched]
    assert not any("aprobados" in p or "bolsas" in p or "buscar" in p for p in paths)
