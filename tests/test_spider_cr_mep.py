"""cr_mep (MEP Costa Rica, DGEC practice items) crawled for real against its fixture site: the Prueba
Nacional Estandarizada's entry page and its year's practice page (a heading per level), Educación
Abierta's III ciclo page (a heading per grade, the real 2026 file names), each practice an exam with
its answers at its end; online-form practices, specification tables, calendars and guidelines left
out; the English practice (missing here) would be tagged en."""
import pytest
from crawling import Run, crawl_site, records_of

from spiders.base import words
from spiders.sources.cr_mep import CrMepSpider

U, U6 = "/wp-content/uploads/2025/08/", "/wp-content/uploads/2026/07/"


@pytest.fixture(scope="module")
def mep(tmp_path_factory):
    return crawl_site("cr_mep", tmp_path_factory, Run())


def test_each_practice_with_the_answers_printed_inside(mep):
    c = mep.crawls[0]
    assert c.code == 0, c.log[-2000:]
    esp = records_of(c, U + "Practica-Espanol-Primaria-2025.pdf")
    assert [r["number"] for r in esp] == list(range(1, 11))
    assert "".join("ABCD"[r["answer"]] for r in esp) == "DCBAABCDDC"
    assert {(r["level"], r["subject"], r["booklet"]) for r in esp} == {
        ("Elementary school", "Español", "Práctica Español sexto 2025")}
    soc = records_of(c, U + "Practica-Estudios-Sociales-Secundaria-2025.pdf")
    assert "".join("ABCD"[r["answer"]] for r in soc) == "ABCDABCDAC"
    assert {(r["level"], r["subject"]) for r in soc} == {("High school", "Estudios Sociales")}
    assert all(r["year"] == 2025 for r in esp + soc)
    setimo = records_of(c, U6 + "Practica-Setimo-Espanol-02-2026.pdf")
    assert "".join("ABCD"[r["answer"]] for r in setimo) == "BADCBADCBA"
    assert {(r["level"], r["subject"], r["booklet"], r["year"]) for r in setimo} == {
        ("Middle school", "Español", "Práctica Español setimo 02-2026", 2026)}
    noveno = records_of(c, U6 + "Practica-Noveno-Formacion-Ciudadana-02-2026.pdf")
    assert {(r["subject"], r["booklet"]) for r in noveno} == {
        ("Formación Ciudadana", "Práctica Formación Ciudadana noveno 02-2026")}
    assert all(r["country"] == "CR" and r["language"] == "es" and r["spider"] == "cr_mep" for r in c.items)
    assert len(c.items) == 40


def test_forms_tables_and_guidelines_are_not_fetched(mep):
    paths = [p for _, p in mep.fetched]
    assert not any(w in p for p in paths for w in ("Tabla", "TABLA", "Lineamientos", "Calendario", "forms",
                                                   "documentos-2025"))
    # the English practice was asked for (a 404 here), and the two Educación Abierta pages missing here
    assert U6 + "Practica-Setimo-Ingles-02-2026.pdf" in paths
    assert mep.crawls[0].stats["downloader/response_status_count/404"] == 3


def test_the_english_practice_is_tagged_en():
    url = "https://dgec.mep.go.cr" + U6 + "Practica-Setimo-Ingles-02-2026.pdf"
    own = words("Inglés Practica Setimo Ingles 02 2026.pdf")
    doc = CrMepSpider().document("exam", own, "", url, None, "Sétimo año")
    assert (doc.language, doc.subject, doc.level, doc.year) == ("en", "Inglés", "Middle school", 2026)
