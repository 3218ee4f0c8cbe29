"""The `listing` spider: any page of exams and keys, without writing a spider. Pointed at the
fixture sites of eight dedicated spiders (es_mir, an API, is not a page of links), it must pair at
least 90% of the exam/key pairs each of those spiders pairs (both crawled for real with the probe,
which lists the pairs and downloads nothing); and a real crawl of one site goes through the
downloads and the extraction. br_oab's fixture holds real pages (its editions are options of a
select box, which the listing spider reads as links) and pt_iave's 2024 page real file names; the
rest is built from descriptions."""
import pytest
from crawling import crawl
from sites import serve

from spiders.listing import pair_found

# site -> (the page the listing spider starts from, depth, the dedicated spider's arguments)
SITES = {"br_enem": ("/provas-e-gabaritos/2023", 1, ["-a", "years=2022-2023"]),
         "es_justicia": ("/es/ciudadania/empleo-publico/acceso-profesion-abogados", 2, []),
         # 2024: the real file names (`_net-3`, `-V1-1`, `1F`, `PLNM94-839`...), fixtures/sites/pt_iave/build.py
         "pt_iave": ("/provas-e-exames/arquivo/arquivo-provas-e-exames-finais-nacionais-es/?ano=2024", 0,
                     ["-a", "years=2024"]),
         "cl_demre": ("/publicaciones/listado-2026", 2, ["-a", "years=2025-2026"]),
         "br_encceja": ("/provas-e-gabaritos/2020", 1, []),
         "es_osakidetza": ("/oferta-de-empleo-publico/webosk00-procon/es/", 3, []),
         "br_oab": ("/EditaisProvas?NumeroExame=0", 1, []),  # editions in a select box
         "es_sergas": ("/Recursos-Humanos/OPE-Oferta-P%C3%BAblica-de-Emprego?idioma=gl", 3, ["-a", "idioma=gl"])}
PROBE = ("-s", "INCLUDE_PROBE=1")


def pairs(c) -> set[tuple[str, str]]:
    return {(i["exam_url"], i["key_url"]) for i in c.items if i["key_url"]}


@pytest.mark.parametrize("name", SITES)
def test_listing_pairs_what_the_dedicated_spider_pairs(name, tmp_path):
    start, depth, args = SITES[name]
    with serve(name) as site:
        dedicated = crawl(name, site.url, tmp_path, *PROBE, *args, out_name="dedicated.jsonl")
        listing = crawl("listing", None, tmp_path, *PROBE, "-a", f"url={site.url}{start}", "-a", f"depth={depth}",
                        "-a", "country=BR" if name.startswith("br") else "country=ES", out_name="listing.jsonl")
        fetched = list(site.log)
    assert dedicated.code == 0 and listing.code == 0, listing.log[-2000:]
    expected = pairs(dedicated)
    assert len(expected) >= 3
    ratio = len(expected & pairs(listing)) / len(expected)
    print(f"{name}: listing pairs {len(expected & pairs(listing))}/{len(expected)} = {ratio:.2f}")
    assert ratio >= 0.9, sorted(expected - pairs(listing))
    assert not any(p.endswith(".pdf") for _, p in fetched)  # the probe downloads nothing
    assert all(p.startswith("/") for _, p in fetched)


def test_listing_crawl_extracts_records_with_the_keys_answers(tmp_path):
    with serve("es_justicia") as site:
        c = crawl("listing", None, tmp_path, "-a", f"url={site.url}/es/ciudadania/empleo-publico/"
                  "acceso-profesion-abogados/convocatoria-2023-1", "-a", "depth=0", "-a", "country=ES",
                  "-a", "exam=Prueba de acceso a la Abogacía")
    assert c.code == 0, c.log[-3000:]
    by_exam = {}
    for r in c.items:
        by_exam.setdefault(r["source_url"].rsplit("/", 1)[1], []).append(r)
    castellano = by_exam["Examen_abogac%C3%ADa_2023.1_Castellano.pdf"]
    assert castellano[0]["key_url"].endswith("PLANTILLA%20DEFINITIVA%20-%20CASTELLANO%202023.1.pdf")
    assert all(r["answer"] is not None for r in castellano)  # the definitive key's answers
    assert {r["spider"] for r in c.items} == {"listing"} and {r["country"] for r in c.items} == {"ES"}
    assert castellano[0]["exam"] == "Prueba de acceso a la Abogacía" and castellano[0]["language"] == "es"
    galego = by_exam["Examen_abogac%C3%ADa_2023.1_Galego.pdf"]
    assert galego[0]["language"] == "gl"  # the booklet's own name says its language
    assert galego[0]["key_url"].endswith("PLANTILLA%20DEFINITIVA%20-%20GALLEGO%202023.1.pdf")


def test_listing_takes_the_language_and_country_from_the_page(tmp_path):
    with serve("br_enem") as site:
        c = crawl("listing", None, tmp_path, "-a", f"url={site.url}/provas-e-gabaritos/2022", "-a", "depth=0")
    assert c.code == 0, c.log[-2000:]
    assert c.items and {(r["language"], r["country"], r["exam"]) for r in c.items} == {("pt", "BR", "2022 — Inep")}
    assert [r["answer"] for r in sorted(c.items, key=lambda r: r["number"])][:3] == [4, 3, 2]


def test_listing_without_a_language_says_so(tmp_path):
    with serve("es_justicia") as site:
        c = crawl("listing", None, tmp_path, "-a", f"url={site.url}/es/ciudadania/empleo-publico/"
                  "acceso-profesion-abogados/convocatoria-2023-1", "-a", "depth=0")
    assert c.code != 0 and c.items == []
    assert "listing: the page does not say its country: name it (-a language=pt -a country=BR)" in c.log


@pytest.mark.parametrize("args, said", [
    ([], "listing: url: say which page to read (-a url=https://...)"),
    (["-a", "url=ftp://x"], "listing: url: 'ftp://x' is not a web address"),
    (["-a", "url=http://127.0.0.1:1/", "-a", "depth=9"], "depth: '9' is not a number of links from 0 to 5"),
    (["-a", "url=http://127.0.0.1:1/", "-a", "language=portuguese"], "language: 'portuguese' is not an ISO 639"),
    (["-a", "url=http://127.0.0.1:1/", "-a", "deep=2"], "listing takes no argument 'deep' (did you mean -a depth"),
])
def test_listing_arguments_are_checked_before_the_crawl(args, said, tmp_path):
    c = crawl("listing", None, tmp_path, *args)
    assert c.code == 2 and said in c.log and c.items == []


def test_pairing_never_joins_names_that_differ():
    from spiders.base import Doc
    from spiders.listing import Found, marks, tokens

    def found(url, role, own, context=""):
        t = tokens(own)
        return Found(Doc(url, role, ()), "p", 0, t, tokens(context), marks(f"{own} {context}", t | tokens(context)))

    docs = [found("e1", "exam", "EX-Port639-F1-2023-V1.pdf"),
            found("e2", "exam", "Examen Modelo B castellano 2023"),
            found("k1", "key", "EX-Port639-F1-2023-CC-V2.pdf"),
            found("k2", "key", "Plantilla Modelo A castellano 2023"),
            found("k3", "key", "EX-MatA635-F1-2023-CC-V1.pdf")]
    assert [(p.exam.url, p.key) for p in pair_found(docs)] == [("e1", None), ("e2", None)]


@pytest.mark.parametrize("html, leads_to", [
    # the real OAB seed page: the choice loads `'/EditaisProvas?NumeroExame=' + this.value`
    ("""<form><select id="cmb-edital" onchange="javascript:location.href = '/EditaisProvas?NumeroExame=' + this.value">
        <option value="0">Selecione o exame</option><option value="17000">44º EXAME</option></select></form>""",
     ["/EditaisProvas?NumeroExame=0", "/EditaisProvas?NumeroExame=17000"]),
    # a GET form's field
    ("""<form action="/arquivo/" method="get"><select name="ano"><option value="">Ano</option>
        <option value="2023">2023</option></select></form>""", ["/arquivo/?ano=2023"]),
    # options whose values are addresses
    ("""<select><option value="/provas/2022">2022</option><option value="https://x.org/p/2023">2023</option>
        </select>""", ["/provas/2022", "https://x.org/p/2023"]),
    # a filter a script runs (a POST form, bare values): no page to follow
    ("""<form method="post"><select name="curso"><option value="7">Direito</option></select></form>
        <select id="filtro"><option value="a">A</option></select>""", []),
])
def test_a_select_is_read_as_the_links_its_options_lead_to(html, leads_to):
    from scrapy.http import HtmlResponse

    from spiders.listing import choices
    page = HtmlResponse("https://exemplo.gov.br/pagina?x=1", body=f"<html><body>{html}</body></html>".encode(),
                        encoding="utf-8")
    found = [url for select in page.css("select") for url, _ in choices(page, select)]
    assert found == [u if u.startswith("http") else f"https://exemplo.gov.br{u}" for u in leads_to]


def test_posting_dates_random_names_and_corrected_keys():
    from spiders.base import Doc
    from spiders.listing import RANDOM_NAME, Found, marks, tokens

    # the day a document was posted is its year only: it does not tie a booklet to the key posted that day
    assert tokens("15/02/2026 – Caderno de Prova – Tipo 1") == {"2026", "tipo", "1"} == tokens("15-02-2026 Tipo 1")
    assert RANDOM_NAME.match("fda2cc49-fbbd-4893-9b75-0f61c177cd5d.pdf") and not RANDOM_NAME.match("2023_GB_D1_CD1.pdf")

    def found(url, role, label, order, definitive=True):
        t = tokens(label)
        return Found(Doc(url, role, (), label=label, definitive=definitive), "p", order, t, set(), marks(label, t))

    docs = [found("upd", "key", "20/03/2026 - Gabaritos Definitivos - Prova Objetiva (1ª fase) - atualizado", 0),
            found("def", "key", "10/03/2026 - Gabaritos Definitivos - Prova Objetiva (1ª fase)", 1),
            found("e", "exam", "15/02/2026 – Caderno de Prova – Tipo 1", 2),
            found("pre", "key", "15/02/2026 - Gabaritos Preliminares da Prova Objetiva (1ª fase)", 3, definitive=False)]
    assert [(p.exam.url, p.key.url) for p in pair_found(docs)] == [("e", "upd")]  # the corrected definitive key
