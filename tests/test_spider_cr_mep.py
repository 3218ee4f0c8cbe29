"""cr_mep (MEP Costa Rica, practice items for the Prueba Nacional Estandarizada) crawled for real
against its fixture site: the entry page, the year's practice page with a heading per level, each
practice an exam with its answers at its end; online-form practices, specification tables and
guidelines left out."""
import pytest
from crawling import Run, crawl_site, records_of

U = "/wp-content/uploads/2025/08/"


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
        ("Elementary school", "Español", "Práctica Español primaria 2025")}
    soc = records_of(c, U + "Practica-Estudios-Sociales-Secundaria-2025.pdf")
    assert "".join("ABCD"[r["answer"]] for r in soc) == "ABCDABCDAC"
    assert {(r["level"], r["subject"]) for r in soc} == {("High school", "Estudios Sociales")}
    assert all(r["year"] == 2025 and r["country"] == "CR" and r["language"] == "es" and r["spider"] == "cr_mep"
               for r in c.items)
    assert len(c.items) == 20


def test_forms_tables_and_guidelines_are_not_fetched(mep):
    paths = [p for _, p in mep.fetched]
    assert not any("Tabla" in p or "Lineamientos" in p or "forms" in p or "documentos-2025" in p for p in paths)
