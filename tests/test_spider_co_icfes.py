"""co_icfes (ICFES, Colombia, released question booklets) crawled for real against its fixture site:
a page of booklets under Liferay document URLs, each booklet an exam with its key on its last page,
the level by the exam (Saber 11, Saber Pro); orientation guides and reference frameworks left out."""
import pytest
from crawling import Run, crawl_site


@pytest.fixture(scope="module")
def icfes(tmp_path_factory):
    return crawl_site("co_icfes", tmp_path_factory, Run())


def booklet(c, name):
    return sorted((r for r in c.items if name in r["source_url"]), key=lambda r: r["number"])


def test_each_booklet_with_the_key_printed_inside(icfes):
    c = icfes.crawls[0]
    assert c.code == 0, c.log[-2000:]
    s11 = booklet(c, "Saber+11-+Matem")
    assert [r["number"] for r in s11] == list(range(1, 11))
    assert "".join("ABCD"[r["answer"]] for r in s11) == "ABCDDCBAAB"
    assert {(r["level"], r["subject"], r["booklet"]) for r in s11} == {
        ("University entrance", "Matemáticas", "Cuadernillo de preguntas Saber 11 - Matemáticas")}
    pro = booklet(c, "Saber+Pro")
    assert "".join("ABCD"[r["answer"]] for r in pro) == "DDCCBBAADC"
    assert {(r["level"], r["subject"], r["year"]) for r in pro} == {("Academic", "Lectura crítica", 2021)}
    assert all(r["language"] == "es" and r["country"] == "CO" and r["key_url"] is None and r["spider"] == "co_icfes"
               and "academic purposes" in r["licence"] for r in c.items)
    assert len(c.items) == 20 and c.stats["include/exams_without_key"] == 2


def test_guides_and_frameworks_are_not_fetched(icfes):
    paths = [p for _, p in icfes.fetched]
    assert not any("Gu%C3%ADa" in p or "/MR+" in p for p in paths)
