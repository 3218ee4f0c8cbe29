"""pe_minedu (MINEDU-UMC ECE reports for EIB schools, Peru) crawled for real against its fixture
site (DSpace XMLUI markup): a paged discovery search, item pages with their metadata and PDF
bitstreams, each report an exam whose key is printed on its last page; the language from the
title (Quechua qu, Aimara ay, Castellano como segunda lengua es); family reports left out."""
import pytest
from crawling import Run, crawl_site, records_of

H = "/bitstream/handle/20.500.12799/"


def report(c, item, name):
    return records_of(c, f"{H}{item}/{name}?sequence=1&isAllowed=y")


@pytest.fixture(scope="module")
def minedu(tmp_path_factory):
    return crawl_site("pe_minedu", tmp_path_factory, Run())


def test_each_report_is_extracted_with_the_key_printed_inside(minedu):
    c = minedu.crawls[0]
    assert c.code == 0, c.log[-2000:]
    qu = report(c, 3871, "ECE2014_4to_EIB_QuechuaChanka_Informe_Docente.pdf")
    assert [r["number"] for r in qu] == list(range(1, 11))
    assert qu[0]["question"].startswith("Maypitaq Machu Picchu")
    assert "".join("ABCD"[r["answer"]] for r in qu) == "ABCDABCDAB"
    ay = report(c, 5012, "ECE 2016 4to EIB Aimara - Informe para el docente.pdf")  # spaces, %20 in the link
    assert "".join("ABCD"[r["answer"]] for r in ay) == "BBCDACBDAB"
    es = report(c, 3869, "ECE2014_4to_EIB_Castellano_L2_Informe_Docente.pdf")
    assert [(r["language"], r["year"]) for r in qu + ay + es] == [("qu", 2014)] * 10 + [("ay", 2016)] * 10 + [
        ("es", 2014)] * 10
    assert all(r["key_url"] is None and r["country"] == "PE" and r["spider"] == "pe_minedu"
               and r["level"] == "Elementary school" and r["subject"] == "Comprensión lectora"
               and r["booklet"].startswith("¿Cómo mejorar la comprensión lectora") for r in qu + ay + es)
    assert len(c.items) == 30 and c.stats["include/exams_without_key"] == 3


def test_only_eib_reports_for_teachers_are_fetched(minedu):
    paths = [p for _, p in minedu.fetched]
    assert any("page=2" in p for p in paths)  # the search's second page is read
    assert "/handle/20.500.12799/4104" in paths  # an EIB item, opened...
    assert not any("Informe_Familia" in p for p in paths)  # ...but its report for families is left out
    assert "/handle/20.500.12799/3900" not in paths  # not an EIB item
    assert not any("fq=" in p for p in paths)
