"""es_cangur (Prova Cangur, Catalan mathematics contest) crawled for real against its fixture site:
an index of years, a year's table of levels (the level in the file name) and another year with a
heading per level (the level in the heading), "Enunciats" paired with "Solucions" by year and level,
five options A-E; the HTML-only years, prizes and dossiers left out."""
import pytest
from crawling import Run, crawl_site, records_of


@pytest.fixture(scope="module")
def cangur(tmp_path_factory):
    return crawl_site("es_cangur", tmp_path_factory, Run())


def letters(recs):
    return "".join("ABCDE"[r["answer"]] for r in recs)


def test_each_level_with_its_solutions(cangur):
    c = cangur.crawls[0]
    assert c.code == 0, c.log[-2000:]
    eso = records_of(c, "/cangur/cang2023/enunciats/c1eso.pdf")
    assert [r["number"] for r in eso] == [1, 2, 3, 4, 5] and letters(eso) == "ABCBE"
    assert len(eso[0]["choices"]) == 5 and eso[0]["question"].startswith("Quina és la capital del País Valencià")
    assert {(r["level"], r["subject"], r["booklet"]) for r in eso} == {
        ("Middle school", "Matemàtiques, 1 ESO", "Cangur 2023 1 ESO")}
    batx = records_of(c, "/cangur/cang2023/enunciats/c2batx.pdf")
    assert letters(batx) == "EDCB" and {r["level"] for r in batx} == {"High school"}
    old = records_of(c, "/cangur/cang2022/2batx/enunciats.pdf")  # the level from the heading
    assert letters(old) == "DBA" and {r["year"] for r in old} == {2022}
    assert all(r["language"] == "ca" and r["country"] == "ES" and r["spider"] == "es_cangur" for r in c.items)
    assert {r["year"] for r in eso + batx} == {2023}
    assert c.stats["include/pairs"] == 3 and len(c.items) == 12


def test_html_years_prizes_and_dossiers_are_not_fetched(cangur):
    paths = [p for _, p in cangur.fetched]
    assert "/cangur/cang1999/" in paths and not any(p.endswith(".htm") for p in paths)
    assert not any("premis" in p or "dossier" in p for p in paths)
