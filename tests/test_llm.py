"""`include-extract --llm cohere` as a user runs it: the real Cohere SDK in a real subprocess,
talking to a fake Cohere v2 server on 127.0.0.1 that each test scripts (fake_cohere.py)."""
import json
import re

import pytest
from crawling import crawl
from fake_cohere import FakeCohere, Step, asked_numbers, chat, error
from pdfgen import booklet, mcq
from sitegen import key_pdf
from sites import serve
from test_cli import run

from extract.llm.assist import LlmAnswer
from extract.llm.schema import json_schema
from extract.llm.verify import Source

QUESTIONS = [
    ("Qual é a capital de Portugal?", ["Lisboa", "Porto", "Braga", "Faro"]),
    ("Que rio atravessa a cidade de Coimbra?", ["Douro", "Tejo", "Mondego", "Minho"]),
    ("Em que ano foi proclamada a República Portuguesa?", ["1890", "1910", "1926", "1974"]),
    ("Quem escreveu Os Lusíadas?", ["Fernando Pessoa", "Luís de Camões", "Eça de Queirós", "Gil Vicente"]),
    ("Qual destas ilhas pertence ao arquipélago dos Açores?", ["Madeira", "Porto Santo", "Terceira", "Ilhéu Chão"]),
    ("Qual é o ponto mais alto de Portugal continental?", ["Serra da Estrela", "Pico", "Gerês", "Marão"]),
]
KEY = "ACBBCA"


@pytest.fixture(scope="module")
def exam(tmp_path_factory):
    """Six questions; the rules lose two: 3 prints its options run together on one line with no
    labels, 5 lost its number."""
    d = tmp_path_factory.mktemp("llm")
    blocks = []
    for n, (stem, opts) in enumerate(QUESTIONS, 1):
        if n == 3:
            blocks.append([f"{n}. {stem}", " / ".join(opts)])
        elif n == 5:
            blocks.append([f"Questão {stem}"] + [f"{c}) {o}" for c, o in zip("abcd", opts)])
        else:
            blocks.append(mcq(f"{n}.", stem, opts))
    pdf = booklet(d / "exame.pdf", [blocks])
    key = key_pdf(d / "chave.pdf", KEY, title="CHAVE DE RESPOSTAS")
    return pdf, key


def model(body, invent: dict | None = None, drop: dict | None = None, extra: dict | None = None):
    """A model that answers right, but for the options it is told to invent and the words it is
    told to drop."""
    out = []
    for n in asked_numbers(body):
        stem, opts = QUESTIONS[n - 1]
        opts = [(invent or {}).get((n, k), o) for k, o in enumerate(opts)]
        if n in (drop or {}):
            stem = stem.replace(drop[n], "").replace("  ", " ")
        out.append({"number": n, "context": "", "question": stem, "options": opts, **(extra or {})})
    return chat({"questions": out})


def extract(exam, tmp_path, fake, *args, url=None, llm=("--llm", "cohere")):
    pdf, key = exam
    out = tmp_path / "out.jsonl"
    proc = run(pdf, "--key", key, "--language", "pt", *llm, "--llm-rpm", "600", "-o", out, *args,
               CO_API_URL=url or fake.url, CO_API_KEY="test-key", XDG_CACHE_HOME=str(tmp_path / "cache"))
    records = [json.loads(line) for line in out.read_text().splitlines()] if out.exists() else []
    return proc, {r["number"]: r for r in records}


def test_the_rules_alone_lose_two_questions(exam):
    pdf, key = exam
    proc = run(pdf, "--key", key, "--language", "pt")
    assert proc.returncode == 0
    assert sorted(json.loads(line)["number"] for line in proc.stdout.splitlines()) == [1, 2, 4, 6]


def test_failed_questions_come_out_complete_and_a_rerun_costs_nothing(exam, tmp_path):
    with FakeCohere() as fake:
        # the model also "answers" (D): the answer must still come from the key
        fake.script = [lambda b: model(b, extra={"answer": "D"})]
        proc, recs = extract(exam, tmp_path, fake)
        assert proc.returncode == 0, proc.stderr
        assert sorted(recs) == [1, 2, 3, 4, 5, 6]
        for n, (stem, opts) in enumerate(QUESTIONS, 1):
            assert recs[n]["question"] == stem and recs[n]["choices"] == opts
            assert recs[n]["answer"] == "ABCD".index(KEY[n - 1])
        assert "llm_structured" in recs[3]["flags"] and "llm_structured" in recs[5]["flags"]
        assert "llm_structured" not in recs[1]["flags"] and "llm_structured" not in recs[6]["flags"]
        assert recs[3]["page"] == 1 and len(recs[3]["bbox"]) == 4
        # one call: the failed questions and their neighbours, on question boundaries
        assert fake.calls == 1
        _, headers, body = fake.requests[0]
        assert asked_numbers(body) == [2, 3, 4, 5]
        user = body["messages"][-1]["content"]
        assert "Qual é a capital" in user and "ponto mais alto" in user  # the neighbours, as overlap
        assert body["temperature"] == 0 and body["model"] == "command-a-03-2025"
        assert body["response_format"]["type"] == "json_object"
        schema = body["response_format"]["json_schema"]
        assert "minItems" not in json.dumps(schema) and "$ref" not in json.dumps(schema)
        assert headers["Authorization"] == "Bearer test-key"
        assert "LLM: 1 calls, 120 tokens in, 80 out, 0 cache hits; 4 questions restructured" in proc.stderr

        again, recs2 = extract(exam, tmp_path, fake)
        assert fake.calls == 1 and again.returncode == 0
        assert recs2 == recs and "LLM: 0 calls, 0 tokens in, 0 out, 1 cache hits" in again.stderr
        nocache, _ = extract(exam, tmp_path, fake, "--no-cache")
        assert fake.calls == 2 and nocache.returncode == 0


def test_an_exam_the_rules_mostly_miss_is_searched_for_the_keys_numbers(tmp_path):
    """The rules find 2 of 14 questions (the others are numbered `(3)`, a style they do not
    know): fewer than half of the key's numbers match, so the whole exam goes to Cohere with
    the 12 missing numbers (a run that long would otherwise pass for a missing page); every
    question comes back checked against the text, its answer from the key."""
    bank = QUESTIONS + [(f"{stem[:-1]} (segunda parte)?", [f"{o} II" for o in opts]) for stem, opts in QUESTIONS]
    bank += [("Qual é o maior rio de Portugal?", ["Tejo", "Douro", "Guadiana", "Mondego"]),
             ("Qual é a cidade do Porto?", ["Invicta", "Capital", "Ilha", "Vila"])]
    answers = "ACBBCAABCDDCBA"
    blocks = [mcq(f"{n}." if n < 3 else f"({n})", stem, opts) for n, (stem, opts) in enumerate(bank, 1)]
    pdf = booklet(tmp_path / "exame.pdf", [blocks[:7], blocks[7:]])
    key = key_pdf(tmp_path / "chave.pdf", answers, title="CHAVE DE RESPOSTAS")

    def reply(body):
        return chat({"questions": [{"number": n, "context": "", "question": bank[n - 1][0], "options": bank[n - 1][1]}
                                   for n in asked_numbers(body)]})

    with FakeCohere() as fake:
        fake.script = [reply]
        proc, recs = extract((pdf, key), tmp_path, fake)
        asked = [sorted(asked_numbers(body)) for _, _, body in fake.requests]
    assert asked and all(a == list(range(3, 15)) for a in asked)
    assert proc.returncode == 0, proc.stderr
    assert sorted(recs) == list(range(1, 15))
    assert [recs[n]["answer"] for n in range(1, 15)] == ["abcd".index(k.lower()) for k in answers]
    assert all("llm_structured" in recs[n]["flags"] for n in range(3, 15))
    assert "14/14 key numbers matched" in proc.stderr


def test_an_invented_option_is_caught_and_flagged(exam, tmp_path):
    with FakeCohere() as fake:
        fake.script = [lambda b: model(b, invent={(1, 2): "Coimbra", (3, 1): "1999"})]
        proc, recs = extract(exam, tmp_path, fake, "--llm-all")
    assert proc.returncode == 0, proc.stderr
    # question 1: the rules' record is kept and flagged; 3 had none and is not recovered
    assert recs[1]["choices"] == QUESTIONS[0][1] and "llm_rejected" in recs[1]["flags"]
    assert 3 not in recs
    assert "question 3: LLM answer rejected (option 2 '1999' not in the source); not recovered" in proc.stderr
    assert "question 1: LLM answer rejected (option 3 'Coimbra' not in the source); kept the rule-based record" \
        in proc.stderr
    assert recs[5]["choices"] == QUESTIONS[4][1] and "llm_structured" in recs[5]["flags"]


def test_a_dropped_word_is_caught(exam, tmp_path):
    with FakeCohere() as fake:
        fake.script = [lambda b: model(b, drop={5: " dos Açores"})]
        proc, recs = extract(exam, tmp_path, fake)
    assert proc.returncode == 0
    assert 5 not in recs and "question 5: LLM answer rejected (question text is cut short)" in proc.stderr
    assert recs[3]["choices"] == QUESTIONS[2][1]


def test_a_reply_cut_short_is_asked_again_in_halves(exam, tmp_path):
    with FakeCohere() as fake:
        fake.script = [chat('{"questions": [{"number": 2, "context": "", "quest', finish="MAX_TOKENS"),
                       lambda b: model(b)]
        proc, recs = extract(exam, tmp_path, fake)
        asked = [asked_numbers(b) for _, _, b in fake.requests]
    assert proc.returncode == 0 and sorted(recs) == [1, 2, 3, 4, 5, 6]
    assert asked == [[2, 3, 4, 5], [2, 3], [4, 5]]


def test_429_waits_as_retry_after_says(exam, tmp_path):
    with FakeCohere() as fake:
        fake.script = [error(429, "trial key limit", retry_after=2), lambda b: model(b)]
        proc, recs = extract(exam, tmp_path, fake)
        times = [t for t, _, _ in fake.requests]
    assert proc.returncode == 0 and sorted(recs) == [1, 2, 3, 4, 5, 6]
    assert len(times) == 2 and times[1] - times[0] >= 1.9


@pytest.mark.parametrize("trouble", ["500", "refused", "slow", "not json"])
def test_no_record_is_lost_when_cohere_fails(exam, tmp_path, trouble):
    with FakeCohere() as fake:
        url = None
        if trouble == "500":
            fake.script = [error(500, "internal")]
        elif trouble == "slow":
            fake.script = [Step(delay=4, body={})]
        elif trouble == "not json":
            fake.script = [Step(200, "<html><body>Bad gateway page</body></html>")]
        else:
            url = "http://127.0.0.1:9"  # nothing listens there: connection refused
        proc, recs = extract(exam, tmp_path, fake, "--llm-retries", "1", "--llm-timeout", "1", url=url)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert sorted(recs) == [1, 2, 4, 6]  # every rule-based record, flagged where the rules failed
    flag = "llm_rejected" if trouble == "not json" else "llm_unavailable"
    assert flag in recs[2]["flags"] and flag in recs[4]["flags"] and flag not in recs[1]["flags"]
    if trouble == "not json":
        assert "LLM reply rejected" in proc.stderr and fake.calls == 1
    else:
        assert "LLM unavailable" in proc.stderr and "kept the rule-based records" in proc.stderr
        assert fake.calls == (0 if trouble == "refused" else 2)  # one retry


def test_a_rejected_key_stops_with_one_line(exam, tmp_path):
    with FakeCohere() as fake:
        fake.script = [error(401, "invalid api token")]
        proc, recs = extract(exam, tmp_path, fake)
    assert proc.returncode == 11 and recs == {}
    assert proc.stderr.strip() == "include-extract: error: Cohere rejected the API key (HTTP 401): check CO_API_KEY"
    assert not list(tmp_path.glob("*.jsonl*"))


def test_a_missing_key_is_a_usage_error(exam, tmp_path):
    pdf, _ = exam
    proc = run(pdf, "--llm", "cohere", CO_API_KEY="", COHERE_API_KEY="")
    assert proc.returncode == 2
    assert proc.stderr.strip() == ("include-extract: error: --llm cohere needs an API key: "
                                   "set CO_API_KEY (or COHERE_API_KEY)")


def tagger(body):
    """Tags every item asked for; item 2's subject is outside INCLUDE's vocabulary."""
    items = [int(n) for n in re.findall(r"Item (\d+)\.", body["messages"][-1]["content"])]
    tags = [{"item": k, "subject": "Geography" if k != 2 else "Rivers", "domain": "Social Science",
             "regional_feature": "region explicit"} for k in items]
    return chat({"tags": tags})


def test_tags_come_from_include_vocabularies(exam, tmp_path):
    with FakeCohere() as fake:
        fake.script = [tagger]
        proc, recs = extract(exam, tmp_path, fake, "--llm-tags", llm=())
    # --llm-tags alone tags what the rules found and restructures nothing
    assert sorted(recs) == [1, 2, 4, 6] and fake.calls == 1
    assert recs[1]["subject"] == "Geography" and recs[1]["domain"] == "Social Science"
    assert recs[1]["regional_feature"] == "region explicit"
    assert recs[2]["subject"] is None and recs[2]["domain"] == "Social Science"  # "Rivers" is not INCLUDE's
    assert "1 values outside INCLUDE's vocabularies rejected" in proc.stderr


def test_schema_is_within_cohere_subset():
    schema = json_schema(LlmAnswer)
    text = json.dumps(schema)
    for word in ("$ref", "$defs", "minItems", "maxItems", "minLength", "title"):
        assert word not in text
    item = schema["properties"]["questions"]["items"]
    assert item["required"] == ["number", "context", "question", "options"]


def test_source_check():
    src = Source(["12. Em que ano foi proclamada a Re-", "pública Portuguesa? (A) 1890 (B) 1910"])
    assert src.locate("Em que ano foi proclamada a República Portuguesa?")  # hyphen, line break
    assert src.locate("em que ano foi proclamada a república portuguesa")
    assert src.locate("Em que ano foi a República Portuguesa?") is None  # a word dropped
    assert src.locate("Em que ano foi proclamada a República Brasileira?") is None
    assert src.locate("1910", after=src.locate("1890")[1])
    assert src.locate("1890", after=src.locate("1910")[1]) is None  # options come in order


def test_a_crawl_takes_the_same_switches(tmp_path):
    env = {"CO_API_KEY": "test-key", "XDG_CACHE_HOME": str(tmp_path / "cache")}
    with serve("br_enem") as site, FakeCohere() as fake:
        fake.script = [tagger]
        env["CO_API_URL"] = fake.url
        tagged = crawl("br_enem", site.url, tmp_path, "-s", "LLM_TAGS=True", "-s", "LLM_RPM=600", env=env)
        fake.script = [error(401, "invalid api token")]
        refused = crawl("br_enem", site.url, tmp_path / "b", "-s", "LLM_ALL=True", "-s", "LLM_RPM=600", env=env)
    assert tagged.code == 0 and tagged.items and tagged.stats["include/llm_calls"] >= 1
    assert all(r["domain"] == "Social Science" and r["regional_feature"] == "region explicit" for r in tagged.items)
    assert refused.code != 0 and not refused.items
    assert "scrapy crawl: Cohere rejected the API key (HTTP 401): check CO_API_KEY" in refused.log


def test_a_crawl_without_a_key_is_refused_in_one_line(tmp_path):
    no_key = {"CO_API_KEY": "", "COHERE_API_KEY": ""}
    c = crawl("br_enem", "http://127.0.0.1:9", tmp_path, "-s", "LLM=cohere", env=no_key)
    assert c.code == 2 and "-s LLM=cohere needs an API key" in c.log and "Traceback" not in c.log


def test_rate_limit_spaces_requests_over_a_minute(monkeypatch):
    from extract.llm import client

    now = [0.0]
    slept = []
    monkeypatch.setattr(client.time, "monotonic", lambda: now[0])
    monkeypatch.setattr(client.time, "sleep", lambda s: (slept.append(s), now.__setitem__(0, now[0] + s)))
    limit = client.RateLimit(3)
    starts = []
    for _ in range(7):
        limit.wait()
        starts.append(now[0])
    # three at once, the next three a minute after the first ones, and so on
    assert starts == [0, 0, 0, 60, 60, 60, 120]
    assert all(b - a >= 60 for a, b in zip(starts, starts[3:]))
