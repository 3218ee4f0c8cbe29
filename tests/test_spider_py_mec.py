"""py_mec (MEC Paraguay, teachers' public competition) crawled for real against its fixture site: the
CMS page, a competition page with a heading per operativo, booklets and keys per level; a key whose
booklet is not published pairs with nothing; venues and scores left out; a followed link that is a
spreadsheet, not a page, is one warning."""
import pytest
from crawling import Run, crawl_site, records_of

F = "/talento/cms/wp-content/uploads/2025/07/"


@pytest.fixture(scope="module")
def mec(tmp_path_factory):
    return crawl_site("py_mec", tmp_path_factory, Run())


def letters(recs):
    return "".join("ABCD"[r["answer"]] for r in recs)


def test_each_level_with_its_key(mec):
    c = mec.crawls[0]
    assert c.code == 0, c.log[-2000:]
    ini = records_of(c, F + "op1_cuadernillo_inicial.pdf")
    assert [r["number"] for r in ini] == [1, 2, 3, 4] and letters(ini) == "CBAD"
    assert all(r["key_url"].endswith("op1_clave_inicial.pdf") for r in ini)
    eeb = records_of(c, F + "op1_cuadernillo_eeb12.pdf")
    assert letters(eeb) == "DDA" and {r["subject"] for r in eeb} == {"1.er y 2.º ciclo EEB"}
    assert {r["booklet"] for r in ini} == {"Operativo 1 Inicial"}
    assert all(r["year"] == 2025 and r["country"] == "PY" and r["language"] == "es" and r["spider"] == "py_mec"
               and r["level"] == "Professional" for r in c.items)
    assert c.stats["include/pairs"] == 2 and len(c.items) == 7


def test_keys_without_booklets_venues_and_scores_give_nothing(mec):
    c, paths = mec.crawls[0], [p for _, p in mec.fetched]
    assert c.stats["include/docs/key"] == 3 and c.stats["include/docs/exam"] == 2
    assert not any("op2_" in p or "puntajes" in p or "sedes" in p or "sigmec" in p for p in paths)


def test_a_followed_link_that_is_a_file_is_one_warning(mec):
    c = mec.crawls[0]
    assert "operativo3_distribucion.xlsx: not a page" in c.log  # (and no traceback: crawl() checks)
