"""es_mir (Ministerio de Sanidad, FSE "hera" API) crawled for real against its fixture site: an
anonymous token, the year list asked once without parameters and `tieneRespuesta` per titulación
and year (as the working client gen_mir_pool.js calls them), booklets as base64 in JSON, keys as
JSON rows."""
import json

import pytest
from crawling import crawl, crawl_site
from scrapy.http import TextResponse
from sites import serve

from spiders.sources.es_mir import EsMirSpider

API = "/hera/api/datos/convocatoria/"


@pytest.fixture(scope="module")
def mir(tmp_path_factory):
    site = crawl_site("es_mir", tmp_path_factory)
    return *site.crawls, site.logs[0], site.tmp  # the first run's requests


def records(c, subject, year):
    rows = sorted((r for r in c.items if r["subject"] == subject and r["year"] == year), key=lambda r: r["number"])
    return rows


def test_booklets_from_base64_with_keys_from_json_rows(mir):
    c, _, _, _ = mir
    assert c.code == 0, c.log[-2000:]
    m24 = records(c, "Medicina", 2024)  # pruebas selectivas 2023, sat in 2024
    assert [r["number"] for r in m24] == [1, 2, 3, 4, 5, 6]
    assert m24[0]["question"].startswith("¿Cuál es el agente etiológico más frecuente")
    assert [r["answer"] for r in m24] == [1, 2, 0, 2, 1, 2]  # options 2 3 1 3 2 3 of the JSON key
    assert all(len(r["choices"]) == 4 and r["language"] == "es" and r["country"] == "ES" for r in m24)
    assert m24[0]["choices"][1] == "Streptococcus pneumoniae"
    assert all("anyo=2023" in r["source_url"] and "getDatosCuadernosExamen" in r["source_url"]
               and "getHojaRespuestas" in r["key_url"] and "Ley 37/2007" in r["licence"]
               and r["spider"] == "es_mir" and r["booklet"] == "Cuaderno_2023_M_0_C.pdf" for r in m24)
    e24 = records(c, "Enfermería", 2024)
    assert [r["answer"] for r in e24] == [2, 1, 0, 3, 1]
    assert e24[1]["question"].startswith("¿Qué escala valora el riesgo")


def test_a_blank_answer_is_annulled_and_an_unpublished_key_leaves_answers_empty(mir):
    c, _, _, _ = mir
    m25 = records(c, "Medicina", 2025)
    assert [r["answer"] for r in m25] == [2, 1, None, 0, 2, 1]
    assert "annulled" in m25[2]["flags"]
    e25 = records(c, "Enfermería", 2025)  # tieneRespuesta said true, yet getHojaRespuestas answers 404
    assert len(e25) == 5 and all(r["answer"] is None and r["key_url"] is None for r in e25)
    assert c.stats["include/pairs"] == 3 and c.stats["include/exams_without_key"] == 1


def test_api_oddities_are_counted_not_stored(mir):
    c, _, fetched, _ = mir
    assert c.stats["include/rejected_not_pdf"] == 1  # Psicología: an error page inside `content`
    assert c.stats["include/rejected_not_json"] == 1  # Farmacia 2023: a firewall page instead of `true`
    assert not any(r["subject"] in ("Psicología", "Farmacia") for r in c.items)
    assert c.stats["include/exams_extracted"] == 4 and c.stats["item_scraped_count"] == len(c.items) == 22
    assert c.stats["include/stored"] == 7  # four booklets, three keys
    # Radiofísica's two years; the keys of Enfermería and Psicología 2024
    assert c.stats["downloader/response_status_count/404"] == 4


def test_calls_have_the_working_clients_shapes(mir):
    """The token, then `getAnyos` once and without parameters, then `tieneRespuesta` per titulación
    and year; booklet and key only where it said `true`."""
    c, _, fetched, _ = mir
    paths = [p for _, p in fetched]
    assert fetched[:3] == [("GET", "/robots.txt"), ("POST", "/hera/oauth/api/v1/oidc/token"), ("GET", API + "getAnyos")]
    assert [p for p in paths if "getAnyos" in p] == [API + "getAnyos"]
    asked = {p for p in paths if "tieneRespuesta" in p}
    assert asked == {f"{API}tieneRespuesta?titulacion={t}&anyo={a}" for t in "MFEPQBR" for a in (2023, 2024)}
    said_true = {("M", 2023), ("M", 2024), ("E", 2023), ("E", 2024), ("P", 2024)}
    for kind, tail in (("getDatosCuadernosExamen", "&version=0&opcionSelect=C"), ("getHojaRespuestas", "&version=0")):
        assert {p for p in paths if kind in p} == {f"{API}{kind}?titulacion={t}&anyo={a}{tail}" for t, a in said_true}
    # years whose key is not out (`tieneRespuesta: false`) are skipped: neither booklet nor key asked
    assert c.stats["include/skipped_no_key"] == 6
    assert not any("opcionSelect=I" in p or p.startswith("/fseweb/view/") for p in paths)


def test_rerun_stores_nothing_new_and_yields_the_same_records(mir):
    first, again, _, tmp = mir
    assert again.code == 0
    assert "file_status_count/downloaded" not in again.stats and "include/stored" not in again.stats
    key = lambda r: (r["source_url"], r["number"], r["question"], r["answer"])
    assert sorted(map(key, again.items)) == sorted(map(key, first.items))
    # a key stored as the JSON the API served is the same bytes each run: one file per URL
    manifest = json.loads((tmp / "downloads" / "manifest.json").read_text())["files"]
    assert len(manifest) == 7 and all(len(e["urls"]) == 1 for e in manifest.values())


def test_years_are_the_years_the_exam_is_sat(tmp_path):
    with serve("es_mir") as site:
        c = crawl("es_mir", site.url, tmp_path, "-a", "years=2025")
        fetched = [p for _, p in site.log]
    assert c.code == 0
    assert {r["year"] for r in c.items} == {2025} and len(c.items) == 11
    asked = [p for p in fetched if "getDatosCuadernosExamen" in p or "getHojaRespuestas" in p]
    assert asked and all("anyo=2024" in p for p in asked)


def test_token_is_asked_anonymously_and_sent_as_bearer():
    spider = EsMirSpider(base_url="https://fse.example")
    token_req = next(iter(spider.start_requests()))
    assert token_req.method == "POST" and token_req.url == "https://fse.example/hera/oauth/api/v1/oidc/token"
    assert json.loads(token_req.body)["client_id"] == "herapublico"
    answer = TextResponse(token_req.url, body=b'{"token": "abc.def", "username": "ANONIMO"}', encoding="utf-8")
    requests = list(spider.parse_token(answer))
    assert [r.url for r in requests] == ["https://fse.example/hera/api/datos/convocatoria/getAnyos"]
    headers = requests[0].headers
    assert headers[b"Authorization"] == b"Bearer abc.def" and headers[b"Process-Type"] == b"MENU"
    assert headers[b"Proceso-Id"] == b"ce-01" and requests[0].method == "GET"
    years = TextResponse(requests[0].url, body=b"[2023, 2024]", encoding="utf-8")
    asked = [r.url.split("convocatoria/")[1] for r in requests[0].callback(years)]
    assert asked == [f"tieneRespuesta?titulacion={t}&anyo={a}" for a in (2023, 2024) for t in "MFEPQBR"]
