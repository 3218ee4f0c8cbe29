"""pe_uni (UNI, Peru, admission exam solucionarios) crawled for real against its fixture site: a page
of solucionarios, the sitting from the link text; the key is the "Respuesta: X" printed after each
worked solution."""
import pytest
from crawling import Run, crawl_site, records_of


@pytest.fixture(scope="module")
def uni(tmp_path_factory):
    return crawl_site("pe_uni", tmp_path_factory, Run())


def test_each_solucionario_is_an_exam_keyed_by_the_answers_its_solutions_state(uni):
    c = uni.crawls[0]
    assert c.code == 0, c.log[-2000:]
    first, second = records_of(c, "/solucionario2019.pdf"), records_of(c, "/solucionario20192.pdf")
    assert [r["number"] for r in first] == [1, 2, 3, 4] and [r["number"] for r in second] == [1, 2, 3, 4]
    assert first[0]["question"].startswith("¿Cuál de los siguientes órganos")
    assert len(first[0]["choices"]) == 5 and first[0]["choices"][-1] == "El riñón"  # the solution is not an option
    letters = lambda recs: "".join("ABCDE"[r["answer"]] for r in recs)
    assert letters(first) == "BCDA" and letters(second) == "ADCB"
    assert all(not r["flags"] and r["key_url"] is None and r["context"] is None for r in first + second)
    assert {r["booklet"] for r in first} == {"Solucionario 2019-I"} and {r["booklet"] for r in second} == {
        "Solucionario 2019-II"}
    assert all(r["year"] == 2019 and r["country"] == "PE" and r["language"] == "es" and r["spider"] == "pe_uni"
               and r["level"] == "University entrance" for r in c.items)
    assert len(c.items) == 8 and c.stats["include/exams_without_key"] == 3  # (one blocked by robots.txt)


def test_prospectus_is_left_out_and_robots_obeyed(uni):
    c, paths = uni.crawls[0], [p for _, p in uni.fetched]
    assert not any("prospecto" in p for p in paths)
    assert "/intranet/solucionario20182.pdf" not in paths and c.stats["robotstxt/forbidden"] == 1
    assert c.stats["include/exams_not_downloaded"] == 1
