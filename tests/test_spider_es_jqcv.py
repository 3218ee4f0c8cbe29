"""es_jqcv (JQCV, Valencian certificates A2-C2) crawled for real against its fixture site: one page
per level (some without exams, some missing), Liferay document URLs whose file name sits before a
uuid, exams paired with "Solucions"/"Claus de correcció" by level, year and sitting; results and
assessment criteria left out."""
import pytest
from crawling import Run, crawl_site

from spiders.sources.es_jqcv import EsJqcvSpider

D = "/documents/161863165/"


@pytest.fixture(scope="module")
def jqcv(tmp_path_factory):
    return crawl_site("es_jqcv", tmp_path_factory, Run())


def booklet(c, name):
    return sorted((r for r in c.items if f"/{name}/" in r["source_url"].replace("+", " ")), key=lambda r: r["number"])


def letters(recs):
    return "".join("ABC"[r["answer"]] for r in recs)


def test_each_level_and_sitting_with_its_solutions(jqcv):
    c = jqcv.crawls[0]
    assert c.code == 0, c.log[-2000:]
    octubre, juny = booklet(c, "A2 octubre 2024.pdf"), booklet(c, "A2 juny 2024.pdf")
    assert [r["number"] for r in octubre] == [1, 2, 3, 4, 5] and letters(octubre) == "ABCAB"
    assert octubre[0]["question"].startswith("Quina és la capital del País Valencià")
    assert octubre[1]["choices"] == ["Ausiàs March", "Joanot Martorell", "Ramon Llull"]
    assert all("Solucions+A2+octubre+2024.pdf" in r["key_url"] for r in octubre)
    assert letters(juny) == "CBAA" and all("Solucions+A2+juny+2024.pdf" in r["key_url"] for r in juny)
    c1 = booklet(c, "C1 novembre 2023.pdf")
    assert letters(c1) == "BBCAC" and {(r["year"], r["subject"]) for r in c1} == {(2023, "Valencià C1")}
    assert {r["booklet"] for r in octubre} == {"A2 octubre 2024"} and {r["year"] for r in octubre + juny} == {2024}
    assert all(r["language"] == "ca" and r["country"] == "ES" and r["spider"] == "es_jqcv"
               and "language_mismatch" not in r["flags"] for r in c.items)
    old = booklet(c, "Grau mitja juny 2016.pdf")  # the C1's name until 2017
    assert letters(old) == "CAB" and {(r["year"], r["subject"]) for r in old} == {(2016, "Valencià C1")}
    assert c.stats["include/pairs"] == 4 and len(c.items) == 17


@pytest.mark.parametrize("name, level", [("grau superior juny 2015", "C2"), ("certificat de grau elemental", "B1"),
                                         ("coneixements orals maig 2012", "A2"), ("prova b2 novembre 2022", "B2")])
def test_old_certificate_names_are_read_as_their_levels(name, level):
    doc = EsJqcvSpider().document("exam", name + " x.pdf", "", "http://x/x.pdf", None, "")
    assert doc.subject == f"Valencià {level}"


def test_results_and_criteria_are_left_out_and_missing_levels_do_not_fail(jqcv):
    c, paths = jqcv.crawls[0], [p for _, p in jqcv.fetched]
    assert not any("Llista" in p or "Criteris" in p for p in paths)
    assert c.stats["downloader/response_status_count/404"] == 3  # no A1, B2 or C2 page
