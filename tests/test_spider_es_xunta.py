"""es_xunta (Xunta de Galicia, probas libres de graduado en ESO, Galician) crawled for real against
its fixture site: the procedure's page with a heading per year and per sitting, booklets and their
"Solucións" linked side by side, an archive page of older sittings; notices, results and the
call's resolution left out."""
import pytest
from crawling import Run, crawl_site, records_of

F = "/portal/sites/web/files/probas_eso/"


@pytest.fixture(scope="module")
def xunta(tmp_path_factory):
    return crawl_site("es_xunta", tmp_path_factory, Run())


def letters(recs):
    return "".join("ABCD"[r["answer"]] for r in recs)


def test_each_sitting_and_ambito_with_its_solutions(xunta):
    c = xunta.crawls[0]
    assert c.code == 0, c.log[-2000:]
    may = records_of(c, F + "2023/maio/comunicacion.pdf")
    assert [r["number"] for r in may] == [1, 2, 3, 4, 5] and letters(may) == "CABCB"
    assert may[0]["question"].startswith("Cal é a capital de Galicia")
    sep = records_of(c, F + "2023/setembro/comunicacion.pdf")
    assert letters(sep) == "CADCB"  # the same ámbito in September: its own solutions
    assert all(r["key_url"].endswith("2023/setembro/comunicacion_solucions.pdf") for r in sep)
    social = records_of(c, F + "2023/maio/social.pdf")
    assert letters(social) == "BACD" and {r["subject"] for r in social} == {"Ámbito social"}
    old = records_of(c, F + "2019/set19_comunicacion.pdf")  # from the archive page
    assert letters(old) == "CAB" and {r["year"] for r in old} == {2019}
    assert all(r["language"] == "gl" and r["country"] == "ES" and r["spider"] == "es_xunta"
               and r["level"] == "Middle school" and "language_mismatch" not in r["flags"] for r in c.items)
    assert {r["year"] for r in may + sep + social} == {2023}
    assert {r["booklet"] for r in may} == {"2023 maio Ámbito de comunicación"}
    assert c.stats["include/pairs"] == 4 and len(c.items) == 17


def test_notices_results_and_resolutions_are_not_fetched(xunta):
    paths = [p for _, p in xunta.fetched]
    for skipped in ("listaxe_", "resolucion_", "informacion_xeral", "/portal/user/", "sede.xunta"):
        assert not any(skipped in p for p in paths), skipped
    assert "/portal/node/41235" in paths
