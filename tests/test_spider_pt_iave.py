"""pt_iave (IAVE, Exames Finais Nacionais do ensino secundário) crawled for real against its
fixture site: yearly archive pages (`?ano=`), phase blocks, subjects with Versão 1/2 and their
own CCs, a CC shared by every version, an open item, a 404 key, a moved booklet, a page served
as .pdf, a file under two URLs and a path robots.txt disallows. Last, what the key reader cannot
do yet with a real CC's "Versão 1 | Versão 2" table (an expected failure)."""
import pytest
from crawling import crawl, crawl_site, records_of
from pdfgen import make_pdf, table
from sites import SITES, serve

from extract.pipeline import ExamMeta, extract_exam

UP = "/wp-content/uploads/"
ARCHIVE = "/provas-e-exames/arquivo/arquivo-provas-e-exames-finais-nacionais-es/?ano="


@pytest.fixture(scope="module")
def iave(tmp_path_factory):
    site = crawl_site("pt_iave", tmp_path_factory)
    return *site.crawls, site.fetched


def test_each_version_with_its_own_key_and_open_items_left_out(iave):
    c, _, _ = iave
    assert c.code == 0, c.log[-2000:]
    v1 = records_of(c, UP + "2023/06/EX-Port639-F1-2023-V1_net.pdf")
    v2 = records_of(c, UP + "2023/06/EX-Port639-F1-2023-V2_net.pdf")
    # item 3 is an open item (no options): not a question record, and not glued to item 2
    assert [r["number"] for r in v1] == [r["number"] for r in v2] == [1, 2, 4, 5, 6]
    assert v1[1]["choices"][-1] == "Clarice Lispector"
    assert not any(r["question"].startswith("Explique") for r in c.items)
    assert [r["answer"] for r in v1] == [0, 1, 2, 3, 1]  # A B C D B
    assert [r["answer"] for r in v2] == [3, 2, 1, 0, 2]  # the same items, options reversed
    assert v2[0]["choices"][3] == "Rio Grande do Sul"
    assert all(r["key_url"].endswith(UP + "2023/06/EX-Port639-F1-2023-CC-V1_net.pdf") for r in v1)
    assert all(r["key_url"].endswith(UP + "2023/06/EX-Port639-F1-2023-CC-V2_net.pdf") for r in v2)
    assert all(r["booklet"] == "Português – 639, fase-1 2023, Versão 1" for r in v1)
    for r in c.items:
        assert r["language"] == "pt" and r["country"] == "PT" and r["spider"] == "pt_iave"
        assert r["exam"] == "Exames Finais Nacionais do Ensino Secundário" and r["level"] == "High school"
        assert r["licence"].startswith("not found") and r["publisher"].startswith("IAVE")
        assert r["source_url"].startswith("http://127.0.0.1:") and r["year"] in (2022, 2023, 2024, 2025)
        assert len(r["choices"]) == 4 and "language_mismatch" not in r["flags"]
    assert {r["subject"] for r in v1 + v2} == {"Português"}


def test_a_key_without_version_serves_every_version(iave):
    c, _, _ = iave
    for v in (1, 2):
        rows = records_of(c, UP + f"2023/06/EX-MatA635-F1-2023-V{v}_net.pdf")
        assert [r["answer"] for r in rows] == [3, 2, 1, 0, 1]  # D C B A B
        assert all(r["key_url"].endswith(UP + "2023/06/EX-MatA635-F1-2023-CC-VD_net.pdf") for r in rows)
        assert all(r["subject"] == "Matemática A" and r["year"] == 2023 for r in rows)


def test_a_missing_key_and_a_moved_booklet(iave):
    c, _, _ = iave
    f2 = records_of(c, UP + "2023/07/EX-Port639-F2-2023-V1_net.pdf")  # its CC is a 404
    assert len(f2) == 5 and all(r["answer"] is None and r["key_url"] is None for r in f2)
    assert c.stats["downloader/response_status_count/404"] == 1
    # the listed 2022 booklet is a 301 to another upload: records name the listed URL
    old = records_of(c, UP + "2022/06/EX-Port639-F1-2022_net.pdf")
    assert [r["answer"] for r in old] == [2, 3, 1, 0, 1] and all(r["year"] == 2022 for r in old)
    assert all(r["key_url"].endswith(UP + "2022/06/EX-Port639-F1-2022-CC-VD_net.pdf") for r in old)
    assert c.stats["downloader/response_status_count/301"] == 1


# 2024's real file names (fixtures/sites/pt_iave/build.py): booklet -> its CC, each with its letters
REAL_2024 = {"06/EX-Port639-F1-2024-V1_net": ("06/EX-Port639-F1-2024-CC-VD_net", "ABCDB"),
             "06/EX-MatA635-F1-2024_net": ("07/EX-MatA635-F1-2024-CC-VD_net", "BDCBA"),  # CC a month later
             "06/EX-HistA623-F1-2024-V1_net-3": ("06/EX-HistA623-F1-2024-CC-VD_net", "BCDBA"),
             "06/EX-BG702-F1-2024-V1_net": ("07/EX-BG702-F1-2024-CC-VD_04-07", "CDBAB"),  # a date in the name
             "06/EX-Port138-F1-2024_net": ("06/EX-Port138-F1-2024-CC_VD_net", "DBABC"),
             "06/EX-LatA732-1F-2024_net": ("07/EX-LatA732-1F-2024-CC-VD_net", "ACBBD"),  # 1F, not F1
             "06/PF-PLNM839-F1-2024_net": ("06/PF-PLNM94-839-F1-2024-CC-VD_net", "BABCD"),  # two codes
             "07/EX-FQA715-F2-2024-V1-1": ("07/EX-FQA715-F2-2024-CC-VD_net", "BADCB"),
             "08/EX-MatA635-EE-2024_net": ("08/EX-MatA635-EE-2024-CC_net", "DBBAC"),  # no VD
             "08/EX-Port639-EE-2024": ("08/EX-Port639-EE-2024-CC", "CABBD")}


def test_the_real_file_names_of_2024_pair_by_subject_and_phase(iave):
    c, _, _ = iave
    for exam, (key, letters) in REAL_2024.items():
        rows = records_of(c, f"{UP}2024/{exam}.pdf")
        assert [r["number"] for r in rows] == [1, 2, 3, 4, 5], exam
        assert all(r["key_url"].endswith(f"{UP}2024/{key}.pdf") and r["year"] == 2024 for r in rows), exam
        assert "".join("ABCD"[r["answer"]] for r in rows) == letters, exam


def test_html_served_as_pdf_duplicates_robots_and_empty_years(iave):
    c, _, fetched = iave
    paths = [p for _, p in fetched]
    assert c.stats["include/rejected_not_pdf"] == 1  # Geografia A's booklet is a page
    assert not any("GeoA719" in r["source_url"] for r in c.items)
    # História A's 1.ª fase file is listed again under Época especial: extracted once
    assert c.stats["include/duplicate_exams"] == 1
    hist = {r["source_url"].split(UP)[1] for r in c.items if "HistA623-F1-2022" in r["source_url"]
            or "HistA623-EE-2022" in r["source_url"]}
    assert len(hist) == 1 and hist <= {"2022/06/EX-HistA623-F1-2022_net.pdf", "2022/09/EX-HistA623-EE-2022_net.pdf"}
    assert c.stats["robotstxt/forbidden"] == 1 and not any("/privado/" in p for p in paths)
    assert c.stats["include/exams_not_downloaded"] == 2  # the page and the forbidden one
    assert not any(p.endswith(".mp3") for p in paths)  # audio is not a document
    assert c.stats["include/pairs"] == 22 and "include/exams_without_key" not in c.stats
    assert c.stats["include/exams_extracted"] == 19 and c.stats["item_scraped_count"] == len(c.items) == 95
    # every year is asked for; years with nothing listed give nothing
    assert ARCHIVE + "1997" in paths and {r["year"] for r in c.items} == {2022, 2023, 2024, 2025}


def test_rerun_downloads_nothing_it_has(iave):
    first, again, fetched = iave
    assert again.code == 0
    # every stored file (two URLs for the moved booklet's content, two for História A's) comes
    # from the store; the page served as .pdf is asked again and refused again
    assert again.stats["file_status_count/uptodate"] == 40 and "include/stored" not in again.stats
    assert "file_status_count/downloaded" not in again.stats and again.stats["include/rejected_not_pdf"] == 1
    # (which of História A's two URLs is extracted depends on which download ends first)
    key = lambda r: ("HistA623" if "HistA623-F1-2022" in r["source_url"] or "HistA623-EE-2022" in r["source_url"]
                     else r["source_url"].split(UP)[1],
                     r["number"], r["question"], r["answer"])
    assert sorted(map(key, again.items)) == sorted(map(key, first.items))
    second = {p for _, p in fetched[fetched.index(("GET", "/robots.txt"), 1):] if p.endswith(".pdf")}
    assert second == {UP + "2023/07/EX-Port639-F2-2023-CC-VD_net.pdf", UP + "2023/07/EX-GeoA719-F2-2023_net.pdf"}


def test_years_filter_asks_only_for_those_years(tmp_path):
    with serve("pt_iave") as site:
        c = crawl("pt_iave", site.url, tmp_path, "-a", "years=2022")
        paths = [p for _, p in site.log]
    assert c.code == 0
    assert [p for p in paths if ARCHIVE in p] == [ARCHIVE + "2022"]
    assert {r["year"] for r in c.items} == {2022} and len(c.items) == 10
    assert not any("/2023/" in p or "/2025/" in p for p in paths)  # the current-year page (2025) is read, not used


def test_the_current_year_page_underscore_names_and_adapted_editions(iave):
    """The newest year is only on the current-year page; its files are named `_V1`, `_CC_V1`
    (one CC linked as "Descarregar": the name alone says it is a key); the adapted edition is
    not an exam of its own."""
    c, _, fetched = iave
    v1 = records_of(c, UP + "2025/06/EX-Fil714-F1-2025_V1_net.pdf")
    v2 = records_of(c, UP + "2025/06/EX-Fil714-F1-2025_V2_net.pdf")
    assert [r["answer"] for r in v1] == [2, 1, 0, 3, 1] and {r["year"] for r in v1} == {2025}  # CBADB
    assert [r["answer"] for r in v2] == [1, 2, 3, 0, 2]  # BCDAC: its version told by `_V2` alone
    assert {r["key_url"].rsplit("/", 1)[1] for r in v1} == {"EX-Fil714-F1-2025_CC_V1_net.pdf"}
    assert {r["key_url"].rsplit("/", 1)[1] for r in v2} == {"EX-Fil714-F1-2025_CC_V2_net.pdf"}
    assert not any("_adp" in p for _, p in fetched)


def test_real_file_names_are_told():
    from spiders.sources.pt_iave import PtIaveSpider as S

    assert S.classify("Descarregar EX-Port138-F1-2024-CC_VD_net", default="exam") == "key"
    assert S.classify("Enunciado EX-Fil714-F1-2025_V1_net", default="exam") == "exam"
    assert S.version("EX-Fil714-F1-2025_V1_net") == "1" and S.version("EX-Port138-F1-2024-CC_VD_net") == ""
    assert S.classify("Enunciado EX-Fil714-F1-2025_V1_adp_net", default="exam") is None
    assert S.classify("Guiões de áudio EX-Ing550-F1-2025", default="exam") is None


def test_a_shared_cc_table_gives_each_version_its_column(tmp_path):
    """A real CC shared by both versions prints the selection items' answers as a table with one
    column per version; each booklet ("... Versão 2" on its first page) should get its own."""
    rows = [["Item", "Versão 1", "Versão 2"]] + [
        [f"{n}.", a, b] for n, a, b in [(1, "A", "D"), (2, "B", "C"), (4, "C", "B"), (5, "D", "A"), (6, "B", "C")]]
    cc = make_pdf(tmp_path / "cc.pdf", [[(60, 80, "CRITÉRIOS DE CLASSIFICAÇÃO - PROVA 639", "hebo", 12),
                                         *table(rows, 80, 130, [0, 70, 140])]])
    stem = SITES / "pt_iave" / UP.strip("/") / "2023/06/EX-Port639-F1-2023-"
    got = {v: [r.answer for r in extract_exam(f"{stem}V{v}_net.pdf", cc, ExamMeta(language="pt")).records]
           for v in (1, 2)}
    assert got == {1: [0, 1, 2, 3, 1], 2: [3, 2, 1, 0, 2]}
