"""es_sergas (Servizo Galego de Saúde, OPE exams) crawled for real against its fixture site: the
entry page in Galician and in Spanish (`?idioma=gl|es`, other link texts, the same documents),
one OPE whose categories have pages of their own (one of them listing two selection processes
with the same file names) and one that lists its documents itself, provisional and definitive
keys, quendas, and the Galician-language exercise (gl): exam and key pair within one selection
process and exercise, never across."""
import pytest
from crawling import crawl, crawl_site, records_of
from sites import serve

from spiders.sources import es_sergas as sergas

D22, D21 = "/Docs/RRHH/OPE/2022/", "/Docs/RRHH/OPE/2021/"
ENF = {D22 + "gl/Enfermeiro_cuestionario_1exercicio.pdf", D22 + "es/Enfermero_cuestionario_1ejercicio.pdf"}


@pytest.fixture(scope="module")
def ope(tmp_path_factory):
    site = crawl_site("es_sergas", tmp_path_factory)
    return site.url, *site.crawls, site.fetched


def record(r):
    """What a record says, whatever URL its booklet was taken from."""
    return r["language"], r["year"], r["number"], r["question"], str(r["answer"])


def test_each_exercise_with_its_definitive_key(ope):
    site, c, _, _ = ope
    assert c.code == 0, c.log[-2000:]
    enf = records_of(c, *ENF)
    assert [r["number"] for r in enf] == [1, 2, 3, 4, 5]
    assert enf[0]["question"].startswith("¿Cuál de los siguientes órganos")
    assert [r["answer"] for r in enf] == [1, 2, 3, 0, 3]  # BCDAD, the definitive key (provisional: BCDAA)
    aux = records_of(c, D22 + "AUX_exame_1.pdf")
    assert [r["answer"] for r in aux] == [3, 1, 2, 3, 0]  # DBCDA
    assert all(r["key_url"] == site + D22 + "AUX_respostas_1_def.pdf" for r in aux)
    for rows in (enf, aux):
        assert all(r["language"] == "es" and r["year"] == 2022 and r["country"] == "ES" and len(r["choices"]) == 4
                   and r["spider"] == "es_sergas" and r["licence"] == "not checked" and r["source_url"]
                   and "language_mismatch" not in r["flags"] for r in rows)
    assert all(r["key_url"] == site + D22 + "ENF_modelo_definitivo.pdf" for r in enf)


def test_the_galician_language_exercise_is_gl(ope):
    site, c, _, _ = ope
    gl = records_of(c, D22 + "AUX_lingua_galega.pdf")
    assert gl[0]["question"].startswith("Cal é a capital de Galicia")
    assert [r["answer"] for r in gl] == [2, 0, 1, 2, 1]  # CABCB (provisional: CABCA)
    assert all(r["key_url"] == site + D22 + "AUX_lingua_galega_def.pdf" for r in gl)
    assert all(r["language"] == "gl" and r["year"] == 2022 and r["subject"] == "Lingua galega"
               and "language_mismatch" not in r["flags"] for r in gl)
    assert {r["language"] for r in c.items} == {"es", "gl"}
    assert all(r["language"] == "es" for r in c.items if "galega" not in r["source_url"])


def test_an_ope_page_listing_its_documents_pairs_them_by_category_and_quenda(ope):
    site, c, _, _ = ope
    free = records_of(c, D21 + "CEL_libre_cuestionario.pdf")  # moved (301), listed under its old URL
    assert [r["answer"] for r in free] == [3, 0, 3, 2, 1]  # DADCB (provisional, listed after it: DADCC)
    assert all(r["key_url"] == site + D21 + "CEL_libre_def.pdf" and r["year"] == 2021 for r in free)
    internal = records_of(c, D21 + "CEL_pi_cuestionario.pdf")
    assert [r["answer"] for r in internal] == [2, 0, 1, 3, 3]  # CABDD: its own quenda's key
    assert all(r["key_url"] == site + D21 + "CEL_pi_def.pdf" for r in internal)
    tcae = records_of(c, D21 + "TCAE_cuestionario.pdf")  # its key is a 404: extracted without answers
    assert len(tcae) == 5 and all(r["answer"] is None and r["key_url"] is None for r in tcae)
    assert c.stats["downloader/response_status_count/404"] == 1
    assert c.stats["downloader/response_status_count/301"] == 1


def test_processes_on_one_page_pair_within_their_own_process(ope):
    """PSX and TCAE on one page, an <h2> each, the same file names in each one's folder: each
    exercise takes its own process's key; PSX's Galician exercise, whose key is not out, takes
    none (never TCAE's)."""
    site, c, _, _ = ope
    tcae, psx = D22 + "TCAE/", D22 + "PSX/"
    first, galega = "primeiro_exercicio", "lingua_galega"
    for folder, part, answers in ((tcae, first, "ACBDA"), (tcae, galega, "DCBAB"), (psx, first, "BDACC")):
        exam, key = f"cuestionario_{part}", f"modelo_definitivo_respostas_{part}"
        rows = records_of(c, f"{folder}{exam}.pdf")
        assert "".join("ABCD"[r["answer"]] for r in rows) == answers, (folder, part)
        assert {r["key_url"] for r in rows} == {f"{site}{folder}{key}.pdf"}
    orphan = records_of(c, psx + "cuestionario_lingua_galega.pdf")
    assert len(orphan) == 5 and all(r["answer"] is None and r["key_url"] is None for r in orphan)
    assert {r["language"] for r in orphan} == {"gl"} and {r["subject"] for r in orphan} == {"Lingua galega"}
    # the subject is the process's heading (in the language of whichever page was read first)
    for folder, name in ((tcae, "(TCAE)"), (psx, "(PSX)")):
        rows = records_of(c, folder + "cuestionario_primeiro_exercicio.pdf")
        assert all(r["subject"].endswith(name) and r["year"] == 2022 and r["language"] == "es" for r in rows)


def test_html_served_as_pdf_duplicates_robots_and_other_documents(ope):
    site, c, _, fetched = ope
    paths = [p for _, p in fetched]
    assert c.stats["include/rejected_not_pdf"] == 1  # the TCAE Galician booklet is a WAF page
    assert not records_of(c, D21 + "TCAE_galego.pdf")
    # the Galician and the Spanish category pages link the same booklet under two URLs: one is extracted
    assert c.stats["include/duplicate_exams"] == 1
    assert len({r["source_url"] for r in c.items if r["source_url"] in {site + p for p in ENF}}) == 1
    assert c.stats["include/pairs"] == 10 and c.stats["include/exams_without_key"] == 2
    # the older OPEs' page, linked from both entry pages, is forbidden by robots.txt
    assert c.stats["robotstxt/forbidden"] == 2 and not any("Historico" in p for p in paths)
    # lists, instructions, bases, the DOG resolution are not fetched; nor the menu outside the content
    assert not any(w in p for p in paths for w in ("instrucions", "cualificacions", "Aprobados", "Bases", "Resolucion"))
    assert not any(p.startswith("/Recursos-Humanos?") for p in paths)
    assert c.stats["include/exams_extracted"] == 10 and c.stats["item_scraped_count"] == len(c.items) == 50


def test_rerun_downloads_nothing_it_has(ope):
    _, first, again, fetched = ope
    assert again.code == 0
    # every stored file is taken from the store; the WAF page is asked again and refused again
    assert again.stats["file_status_count/uptodate"] == 19 and "include/stored" not in again.stats
    assert "file_status_count/downloaded" not in again.stats and again.stats["include/rejected_not_pdf"] == 1
    assert sorted(map(record, again.items)) == sorted(map(record, first.items))
    second = {p for _, p in fetched[fetched.index(("GET", "/robots.txt"), 1):] if p.endswith(".pdf")}
    assert second == {D21 + "TCAE_def.pdf", D21 + "TCAE_galego.pdf"}  # only what failed


def test_either_page_language_alone_finds_the_same_pairs(ope, tmp_path):
    """The Spanish pages say "Plantilla definitiva", "Primer ejercicio", "Ejercicio de lengua
    gallega", "Turno libre"; the Galician ones "Modelo definitivo de respostas", "Primeiro
    exercicio", "Exercicio de lingua galega", "Quenda libre"."""
    _, first, _, _ = ope
    for lang in ("es", "gl"):
        with serve("es_sergas") as local:
            c = crawl("es_sergas", local.url, tmp_path / lang, "-a", f"idioma={lang}")
            paths = [p for _, p in local.log]
        assert c.code == 0, c.log[-2000:]
        assert all(p.endswith(f"idioma={lang}") for p in paths if p.startswith("/Recursos-Humanos"))
        assert sorted(map(record, c.items)) == sorted(map(record, first.items))
        assert "include/duplicate_exams" not in c.stats and c.stats["include/pairs"] == 9
        keys = {r["source_url"].replace(local.url, ""): r["key_url"] for r in c.items}
        assert keys[D22 + "AUX_lingua_galega.pdf"] == local.url + D22 + "AUX_lingua_galega_def.pdf"
        assert keys[D21 + "CEL_pi_cuestionario.pdf"] == local.url + D21 + "CEL_pi_def.pdf"


def test_years_filter_opes(tmp_path):
    with serve("es_sergas") as site:
        c = crawl("es_sergas", site.url, tmp_path, "-a", "years=2022")
        paths = [p for _, p in site.log]
    assert c.code == 0
    assert {r["year"] for r in c.items} == {2022} and len(c.items) == 35
    assert not any("2021" in p for p in paths)


@pytest.mark.parametrize("text, role, ex, turn, lang", [
    ("Primeiro exercicio Modelo definitivo de respostas", "key", "1", "", "es"),
    ("Primer ejercicio Plantilla provisional", "key", "1", "", "es"),
    ("Segundo exercicio quenda de promoción interna Exame", "exam", "2", "promocion interna", "es"),
    ("2º ejercicio turno libre Cuestionario", "exam", "2", "libre", "es"),
    ("Exercicio de lingua galega Cuestionario", "exam", "galego", "", "gl"),
    ("Ejercicio de lengua gallega Examen", "exam", "galego", "", "gl"),
    ("Servizo Galego de Saúde - Cuestionario (versión en castelán)", "exam", "", "", "es"),
    ("Cuestionario - versión en galego", "exam", "", "", "gl"),
    ("Respuestas correctas Modelo_A.pdf", "key", "", "", "es"),
])
def test_link_texts_in_either_language(text, role, ex, turn, lang):
    what = sergas.words(text)
    assert ("key" if sergas.KEY.search(what) else "exam" if sergas.EXAM.search(what) else None) == role
    assert (sergas.exercise(what), sergas.quenda(what), sergas.language(what)) == (ex, turn, lang)


@pytest.mark.parametrize("text", ["Listaxe de cualificacións do exame", "Instrucciones para la realización del examen",
                                  "Folla de respostas (modelo)", "Relación de aprobados"])
def test_documents_about_the_exam_are_not_exams(text):
    assert sergas.NOT_DOC.search(sergas.words(text))
