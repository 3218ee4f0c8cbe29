"""include-export hub: parquet in include-base-44's layout, loaded back by `datasets`, its card,
--options, provenance, one-commit push (fake client), empty selections and atomic writes."""
import hashlib
import json
import os
import subprocess
import sys
from collections import Counter

import datasets
import huggingface_hub.constants
import pytest
import yaml
from conftest import ROOT, SAMPLES

from review import hub
from review.store import Store
from schema import include_row, validate_record

PARQUET = "test-00000-of-00001.parquet"
VALIDATION = "validation-00000-of-00001.parquet"
INCLUDE_COLUMNS = ["language", "country", "domain", "subject", "regional_feature", "level", "question",
                   "option_a", "option_b", "option_c", "option_d", "answer"]
datasets.disable_progress_bars()  # stderr carries only the CLI's lines


@pytest.fixture(autouse=True)
def offline(monkeypatch):
    """Nothing here may reach the network: both libraries read these flags when called."""
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", True)
    monkeypatch.setattr(datasets.config, "HF_HUB_OFFLINE", True)


def record(n, language="es", country="ES", exam="Exam", answer=0, choices=None, **kw):
    data = {"number": n, "question": f"Question {n} ({language})?", "language": language,
            "country": country, "exam": exam, "year": 2020, "page": 1 + n // 10,
            "choices": choices or [f"option {n}.{i}" for i in range(4)], "answer": answer,
            "sha256": hashlib.sha256(f"{exam}{language}".encode()).hexdigest(), **kw}
    return validate_record(data)


def load(outdir, config, tmp_path, split="test"):
    return datasets.load_dataset(str(outdir), config, split=split, cache_dir=str(tmp_path / "cache"))


def options(row):
    return [row[f"option_{c}"] for c in "abcd"]


def front_matter(outdir):
    text = (outdir / "README.md").read_text(encoding="utf-8")
    assert text.startswith("---\n")
    return yaml.safe_load(text.split("---\n")[1]), text


def files(outdir):
    return sorted(p.relative_to(outdir).as_posix() for p in outdir.rglob("*") if p.is_file())


def umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def mixed():
    """Spanish 3 (one with a passage) + 1 annulled, Portuguese 2 (Brazil), Basque 1."""
    return [
        record(1, answer=3), record(2, answer=1, context="Passage shared by 2 and 3."),
        record(3, answer=0, flags=["image_reference"]), record(4, answer=None, flags=["annulled"]),
        record(1, language="pt", country="BR", exam="ENEM", answer=2),
        record(2, language="pt", country="BR", exam="ENEM", answer=1),
        record(1, language="eu", exam="Abogacía", answer=0),
    ]


def test_one_config_per_language_loads_with_datasets(tmp_path):
    out = tmp_path / "out"
    recs = mixed()
    export = hub.build(recs, out, validation=0)
    assert export.summary() == (f"{out}: 3 configs (Spanish 3, Portuguese 2, Basque 1; 6 test, 0 validation), "
                                "1 left out (no answer)")
    assert files(out) == ["Basque/" + PARQUET, "Portuguese/" + PARQUET, "README.md", "Spanish/" + PARQUET]
    assert out.stat().st_mode & 0o777 == 0o777 & ~umask()  # not mkdtemp's 0700
    for config, expected in (("Spanish", recs[:3]), ("Portuguese", recs[4:6]), ("Basque", recs[6:])):
        ds = load(out, config, tmp_path)
        assert ds.features == hub.features()
        assert list(ds.features) == INCLUDE_COLUMNS
        assert ds.to_list() == [include_row(q) for q in expected]
    spanish = load(out, "Spanish", tmp_path)
    assert spanish[1]["question"] == "Passage shared by 2 and 3.\nQuestion 2 (es)?"
    assert spanish["answer"] == [3, 1, 0]


def test_card_declares_configs_features_counts_and_licences(tmp_path):
    out = tmp_path / "out"
    recs = mixed()
    licences = {recs[4].id: "CC BY-ND 3.0", recs[5].id: "CC BY-ND 3.0"}
    hub.build(recs, out, licences=licences, repo_id="org/include-exams", validation=0)
    meta, text = front_matter(out)
    configs = {c["config_name"]: c["data_files"] for c in meta["configs"]}
    assert sorted(configs) == ["Basque", "Portuguese", "Spanish"]
    assert configs["Spanish"] == [{"split": "test", "path": "Spanish/test-*"}]  # --validation 0
    infos = {i["config_name"]: i for i in meta["dataset_info"]}
    portuguese = infos["Portuguese"]["splits"][0]["num_bytes"]
    assert infos["Portuguese"]["splits"] == [{"name": "test", "num_bytes": portuguese, "num_examples": 2}]
    assert infos["Spanish"]["features"][7] == {"name": "option_a", "dtype": "string"}
    assert infos["Spanish"]["features"][11] == {"name": "answer", "dtype": "int64"}
    assert meta["license"] == "other" and sorted(meta["language"]) == ["es", "eu", "pt"]
    assert "| Portuguese | Brazil | 2 |" in text and "| Basque | Spain | 1 |" in text
    assert "| ENEM | Brazil | 2020 | 2 | CC BY-ND 3.0 |" in text and "- CC BY-ND 3.0" in text
    assert "| Exam | Spain | 2020 | 3 | not recorded |" in text
    assert "1 selected questions without an answer" in text
    assert 'load_dataset("org/include-exams", "Spanish", split="test")' in text
    assert "Known biases" in text and "Every question has four options, as printed" in text

    hub.build(recs, out, licence="cc-by-4.0")
    meta, text = front_matter(out)
    assert meta["license"] == "cc-by-4.0" and "license_name" not in meta


def five(n, answer, seed_text=""):
    return record(n, exam="MIR", answer=answer, choices=[f"{seed_text}q{n} option {c}" for c in "ABCDE"])


def test_five_options_drop_a_seeded_wrong_option_and_remap_the_answer(tmp_path):
    recs = [five(n, answer=n % 5) for n in range(1, 41)] + [record(99, answer=2)]
    a, b, c = (tmp_path / x for x in "abc")
    export = hub.build(recs, a, seed=7, validation=0)
    hub.build(recs, b, seed=7, validation=0)
    hub.build(recs, c, seed=8, validation=0)
    assert export.reduced == 40
    assert export.summary().endswith("0 left out (no answer), 40 reduced to 4 options (seed 7)")
    assert (a / "Spanish" / PARQUET).read_bytes() == (b / "Spanish" / PARQUET).read_bytes()
    rows = load(a, "Spanish", tmp_path).to_list()
    by_question = {r["question"]: r for r in rows}
    for q in recs:
        row = by_question[q.question]
        assert options(row)[row["answer"]] == q.choices[q.answer]  # the same correct text
        assert [x for x in q.choices if x in options(row)] == options(row)  # order kept
    assert options(by_question[recs[-1].question]) == recs[-1].choices  # 4 options: untouched
    dropped = [len(set(q.choices) - set(options(by_question[q.question]))) for q in recs[:40]]
    assert dropped == [1] * 40
    # the drop is spread over positions and changes with the seed
    other = {r["question"]: r for r in load(c, "Spanish", tmp_path).to_list()}
    assert any(options(other[q.question]) != options(by_question[q.question]) for q in recs[:40])
    positions = {next(i for i, x in enumerate(q.choices) if x not in options(by_question[q.question]))
                 for q in recs[:40]}
    assert len(positions) >= 3
    _, text = front_matter(a)
    assert "40 questions printed with more than four options were reduced to four" in text
    assert "`--more-options reduce --seed 7`" in text and "as printed: 4: 1, 5: 40." in text


def test_five_options_left_out_and_fewer_than_four_never_exported(tmp_path):
    recs = [five(n, answer=1) for n in range(1, 4)]
    recs += [record(9, answer=0), record(10, answer=0, choices=["x", "y", "z"])]
    export = hub.build(recs, tmp_path / "out", more_options="leave-out", validation=0)
    assert export.summary().endswith("left out (no answer), 1 left out (fewer than 4 options), "
                                     "3 left out (more than 4 options)")
    assert load(tmp_path / "out", "Spanish", tmp_path)["question"] == [recs[3].question]
    _, text = front_matter(tmp_path / "out")
    assert "3 questions with more than 4 options are left out (`--more-options leave-out`)" in text
    with pytest.raises(hub.ExportError, match="none of the 3 answered records has exactly 4 options"):
        hub.build(recs[:3], tmp_path / "none", more_options="leave-out")


def test_reduce_choices_is_a_pure_function_of_id_and_seed():
    q = five(1, answer=4)
    assert hub.reduce_choices(q, 4, 0) == hub.reduce_choices(five(1, answer=4), 4, 0)
    choices, answer = hub.reduce_choices(q, 2, 0)
    assert len(choices) == 2 and choices[answer] == q.choices[4]


def test_validation_split_is_seeded_and_stratified_by_subject(tmp_path):
    subjects = ["Law"] * 30 + ["Medicine"] * 20 + ["Matemática"] * 10  # the last: not INCLUDE's subject
    recs = [record(n, answer=n % 4, subject=s) for n, s in enumerate(subjects, 1)]
    out, again, other = tmp_path / "out", tmp_path / "again", tmp_path / "other"
    export = hub.build(recs, out, validation=0.2, seed=3)
    hub.build(recs, again, validation=0.2, seed=3)
    hub.build(recs, other, validation=12, seed=4)
    assert export.counts == {"Spanish": {"test": 48, "validation": 12}}
    assert export.summary().startswith(f"{out}: 1 config (Spanish 60; 48 test, 12 validation)")
    test, val = load(out, "Spanish", tmp_path), load(out, "Spanish", tmp_path, "validation")
    assert sorted(Counter(val["subject"]).items()) == [("", 2), ("Law", 6), ("Medicine", 4)]
    assert not set(test["question"]) & set(val["question"])
    assert sorted([*test["question"], *val["question"]]) == sorted(q.question for q in recs)
    assert (out / "Spanish" / VALIDATION).read_bytes() == (again / "Spanish" / VALIDATION).read_bytes()
    val_other = load(other, "Spanish", tmp_path, "validation")
    assert len(val_other) == 12 and set(val_other["question"]) != set(val["question"])
    meta, text = front_matter(out)
    assert "`validation` holds 0.2 of each config's rows (`--validation 0.2 --seed 3`)" in text
    assert "10 questions carry their exam's own subject name" in text
    with pytest.raises(hub.ExportError, match="--validation 2.5"):
        hub.build(recs, tmp_path / "bad", validation=2.5)


def test_load_dataset_spanish_has_exactly_includes_columns_and_types(tmp_path):
    """What a harness built for INCLUDE reads: `load_dataset(OUT, "Spanish")`, test and validation."""
    recs = [record(n, answer=n % 4, subject="Law", domain="Social Science", level="Professional",
                   regional_feature="region explicit") for n in range(1, 21)]
    recs += [five(n, answer=2) for n in range(30, 40)]
    hub.build(recs, tmp_path / "out")
    ds = datasets.load_dataset(str(tmp_path / "out"), "Spanish", cache_dir=str(tmp_path / "cache"))
    assert sorted(ds) == ["test", "validation"]
    assert (len(ds["test"]), len(ds["validation"])) == (27, 3)
    for split in ds.values():
        assert list(split.features) == INCLUDE_COLUMNS
        assert {k: v.dtype for k, v in split.features.items()} == {
            **{c: "string" for c in INCLUDE_COLUMNS[:-1]}, "answer": "int64"}
        assert set(split["answer"]) <= {0, 1, 2, 3}
    row = next(r for r in ds["test"] if r["subject"] == "Law")
    assert {k: row[k] for k in INCLUDE_COLUMNS[:6]} == {
        "language": "Spanish", "country": "Spain", "domain": "Social Science", "subject": "Law",
        "regional_feature": "region explicit", "level": "Professional"}


def test_with_provenance_adds_source_columns_and_the_printed_options(tmp_path):
    out = tmp_path / "out"
    recs = mixed() + [five(50, answer=4)]
    hub.build(recs, out, with_provenance=True, licences={recs[4].id: "CC BY-ND 3.0"}, validation=0)
    ds = load(out, "Portuguese", tmp_path)
    assert ds.features == hub.features(with_provenance=True)
    assert list(ds.features)[:12] == INCLUDE_COLUMNS
    row = ds[0]
    assert {k: row[k] for k in ("id", "exam", "year", "number", "variant", "sha256", "page", "method",
                                "licence", "printed_options", "printed_answer")} == {
        "id": recs[4].id, "exam": "ENEM", "year": 2020, "number": 1, "variant": None,
        "sha256": recs[4].sha256, "page": 1, "method": "text", "licence": "CC BY-ND 3.0",
        "printed_options": recs[4].choices, "printed_answer": 2}
    spanish = load(out, "Spanish", tmp_path)
    assert spanish[2]["flags"] == ["image_reference"] and spanish[0]["licence"] is None
    reduced = next(r for r in spanish if r["number"] == 50)
    assert reduced["printed_options"] == recs[-1].choices and reduced["printed_answer"] == 4
    assert options(reduced)[reduced["answer"]] == recs[-1].choices[4]
    meta, text = front_matter(out)
    assert {"name": "flags", "list": "string"} in meta["dataset_info"][0]["features"]
    assert "Provenance columns" in text and "`printed_options`" in text


def test_nothing_selected_is_an_error_and_writes_nothing(tmp_path):
    out = tmp_path / "sub" / "out"
    with pytest.raises(hub.ExportError, match="no records selected"):
        hub.build([], out)
    with pytest.raises(hub.ExportError, match="none of the 1 selected records has an answer"):
        hub.build([record(1, answer=None)], out)
    assert list(tmp_path.iterdir()) == []


def test_failure_midway_leaves_the_previous_export_whole(tmp_path, monkeypatch):
    out = tmp_path / "out"
    hub.build(mixed(), out)
    before = {f: (out / f).read_bytes() for f in files(out)}

    real = hub.write_parquet
    calls = []

    def fail_second(rows, folder, with_provenance):
        calls.append(folder)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real(rows, folder, with_provenance)

    monkeypatch.setattr(hub, "write_parquet", fail_second)
    with pytest.raises(hub.ExportError, match=r"new: cannot write \(No space left on device\)"):
        hub.build(mixed(), tmp_path / "new")
    calls.clear()
    with pytest.raises(hub.ExportError, match="out: cannot write"):
        hub.build(mixed(), out, seed=4)
    assert {f: (out / f).read_bytes() for f in files(out)} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no temp folders, no "new"


def test_replaces_a_previous_export_but_not_another_folder(tmp_path):
    out = tmp_path / "out"
    hub.build(mixed(), out)
    hub.build(mixed()[:3], out)
    assert files(out) == ["README.md", "Spanish/" + PARQUET, "Spanish/" + VALIDATION]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    other = tmp_path / "mine"
    other.mkdir()
    (other / "notes.txt").write_text("keep")
    with pytest.raises(hub.ExportError, match="mine: exists and is not a previous export"):
        hub.build(mixed(), other)
    assert files(other) == ["notes.txt"]


class FakeApi:
    """Records what the Hub client is asked to do."""

    def __init__(self, remote=()):
        self.calls, self.remote = [], list(remote)

    def create_repo(self, repo_id, **kw):
        self.calls.append(("create_repo", repo_id, kw))

    def list_repo_files(self, repo_id, **kw):
        return self.remote

    def create_commit(self, repo_id, **kw):
        self.calls.append(("create_commit", repo_id, kw))
        return type("CommitInfo", (), {"commit_url": f"https://huggingface.co/datasets/{repo_id}/commit/abc"})()


def test_push_is_one_commit_with_every_file(tmp_path):
    out = tmp_path / "out"
    hub.build(mixed(), out)
    api = FakeApi(remote=[".gitattributes", "README.md", "Spanish/" + PARQUET, "Galician/" + PARQUET])
    url = hub.push(out, "org/include-exams", api=api)
    assert url == "https://huggingface.co/datasets/org/include-exams/commit/abc"
    assert [c[0] for c in api.calls] == ["create_repo", "create_commit"]
    assert api.calls[0][2] == {"repo_type": "dataset", "private": None, "exist_ok": True}
    ops = api.calls[1][2]["operations"]
    assert api.calls[1][2]["repo_type"] == "dataset"
    added = {op.path_in_repo: op.path_or_fileobj for op in ops if type(op).__name__ == "CommitOperationAdd"}
    assert added == {f: str(out / f) for f in files(out)}
    # a language no longer exported goes in the same commit
    assert [op.path_in_repo for op in ops if type(op).__name__ == "CommitOperationDelete"] == ["Galician/" + PARQUET]


def test_push_errors_are_one_line(tmp_path, monkeypatch):
    out = tmp_path / "out"
    hub.build(mixed(), out)
    monkeypatch.delenv("HF_TOKEN", raising=False)
    monkeypatch.setattr(huggingface_hub.constants, "HF_TOKEN_PATH", str(tmp_path / "no-token"))
    with pytest.raises(hub.ExportError, match=r"needs a write token: run `hf auth login` or set HF_TOKEN"):
        hub.push(out, "org/x")

    class Refused(FakeApi):
        def create_repo(self, repo_id, **kw):
            raise RuntimeError("403 Forbidden: not your namespace\nmore detail")

    with pytest.raises(hub.ExportError, match=r"^push to org/x failed: 403 Forbidden: not your namespace$"):
        hub.push(out, "org/x", api=Refused())


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """The real pipeline's records for the Spanish sample (100 questions, 4 options, all keyed)."""
    path = tmp_path_factory.mktemp("extract") / "es.jsonl"
    subprocess.run([sys.executable, "-m", "extract.cli", str(SAMPLES / "es_tc_2003" / "exam.pdf"),
                    "--language", "es", "--country", "ES", "--exam", "TC", "--year", "2003",
                    "-o", str(path), "-q"], check=True, cwd=ROOT, capture_output=True)
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def store_with(db, items, approve, dup=None):
    """A review store holding `items`, the ids in `approve` approved; `dup` is added again from
    another file, so the store marks it a duplicate of the first."""
    with Store(db) as s:
        s.add([dict(r, licence="Spanish public-sector information") for r in items])
        if dup:
            s.add([dict(dup, sha256="f" * 64, id="", page=1)])
        with s.transaction():
            for q, _ in s.records(status="pending"):
                if q.id in approve or (dup and q.sha256 == "f" * 64):
                    s.review(q.id, q.model_dump(mode="json"), "approved", "ana", None)


def test_cli_exports_approved_records_from_the_store(tmp_path, extracted, monkeypatch, capsys):
    db, out = tmp_path / "include.db", tmp_path / "hub"
    approve = {r["id"] for r in [r for r in extracted if r["answer"] is not None][:60]}  # (22 is annulled)
    store_with(db, extracted, approve, dup=extracted[0])

    made = []

    def fake_hfapi(token=None):
        made.append(token)
        return api

    api = FakeApi()
    monkeypatch.setattr("huggingface_hub.HfApi", fake_hfapi)
    monkeypatch.setenv("HF_TOKEN", "hf_test")
    code = hub.main(["hub", str(out), "--db", str(db), "--exclude-dups", "--with-provenance",
                     "--repo-id", "org/x", "--push"])
    err = capsys.readouterr().err.splitlines()
    assert code == 0
    assert err == [f"{out}: 1 config (Spanish 60; 54 test, 6 validation), 0 left out (no answer), "
                   "1 left out (duplicate)",
                   "pushed: https://huggingface.co/datasets/org/x/commit/abc"]
    assert made == ["hf_test"] and [c[0] for c in api.calls] == ["create_repo", "create_commit"]
    ds = load(out, "Spanish", tmp_path).to_list() + load(out, "Spanish", tmp_path, "validation").to_list()
    by_id = {r["id"]: r for r in extracted}
    assert sorted(r["id"] for r in ds) == sorted(approve)
    for row in ds:
        assert row["answer"] == by_id[row["id"]]["answer"]
        assert options(row) == by_id[row["id"]]["choices"]
        assert row["licence"] == "Spanish public-sector information"
    _, text = front_matter(out)
    assert "with review status `approved`, duplicates left out" in text

    # without --exclude-dups the duplicate (approved, from another file) is exported too
    assert hub.main(["hub", str(out), "--db", str(db)]) == 0
    assert capsys.readouterr().err.startswith(f"{out}: 1 config (Spanish 61; 55 test, 6 validation)")


def test_cli_errors_are_one_line_and_write_nothing(tmp_path, extracted, capsys):
    db, out = tmp_path / "include.db", tmp_path / "hub"
    store_with(db, extracted[:5], approve=set())
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"%PDF-1.4 not a database" * 100)
    cases = [
        (["--db", str(db)], 1, "nothing to export: no records selected"),
        (["--db", str(tmp_path / "missing.db")], 1, "missing.db: no review database"),
        (["--db", str(junk)], 1, "junk.db: not a review store"),
        (["--db", str(db), "--status", "rejected", "--push", "--repo-id", "o/x"], 1, "no records selected"),
    ]
    for args, code, message in cases:
        assert hub.main(["hub", str(out), *args]) == code
        err = capsys.readouterr().err
        assert err.startswith("include-export: error: ") and message in err and err.count("\n") == 1
    with pytest.raises(SystemExit) as exc:
        hub.main(["hub", str(out), "--db", str(db), "--push"])
    assert exc.value.code == 2 and "--push needs --repo-id" in capsys.readouterr().err
    assert hub.main(["hub", str(out), "--db", str(db), "--status", "pending"]) == 0
    assert capsys.readouterr().err.startswith(f"{out}: 1 config (Spanish 5; 4 test, 1 validation)")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hub", "include.db", "junk.db"]


def test_push_uses_the_token_hf_auth_login_stored(tmp_path, monkeypatch):
    out = tmp_path / "out"
    hub.build(mixed(), out)
    stored = tmp_path / "token"
    stored.write_text("hf_from_login")  # where `hf auth login` writes it
    monkeypatch.delenv("HF_TOKEN", raising=False)
    monkeypatch.setattr(huggingface_hub.constants, "HF_TOKEN_PATH", str(stored))
    made = []
    monkeypatch.setattr("huggingface_hub.HfApi", lambda token=None: made.append(token) or FakeApi())
    assert hub.push(out, "org/x").endswith("/commit/abc") and made == ["hf_from_login"]


def test_push_stops_on_rows_without_country_or_restrictive_terms(tmp_path, monkeypatch, capsys):
    db, out = tmp_path / "include.db", tmp_path / "hub"
    recs = [record(1, answer=0), record(2, answer=1, country=None), record(3, answer=2)]
    with Store(db) as s:
        s.add([dict(r.model_dump(mode="json"), licence="© DEMRE. Prohibida su reproducción total o parcial")
               if r.number == 3 else r.model_dump(mode="json") for r in recs])
        with s.transaction():
            for q, _ in s.records(status="pending"):
                s.review(q.id, q.model_dump(mode="json"), "approved", "ana", None)
    api = FakeApi()
    monkeypatch.setattr("huggingface_hub.HfApi", lambda token=None: api)
    monkeypatch.setenv("HF_TOKEN", "hf_test")
    args = ["hub", str(out), "--db", str(db), "--repo-id", "org/x", "--push"]
    assert hub.main(args) == 3
    err = capsys.readouterr().err.splitlines()
    assert err[-1] == ("include-export: error: not pushed: 1 rows without a country; 1 rows under restrictive "
                       "terms (e.g. '© DEMRE. Prohibida su reproducción total o parcial'); check them, or "
                       "push anyway with --allow-restricted")
    assert api.calls == [] and (out / "README.md").is_file()  # written, not published
    assert hub.main([*args, "--allow-restricted"]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err[1].startswith("include-export: warning: pushing 1 rows without a country; 1 rows under")
    assert [c[0] for c in api.calls] == ["create_repo", "create_commit"]
    assert hub.main([*args, "--licence", "cc-by-nc-4.0", "--allow-restricted"]) == 0
    assert "--licence cc-by-nc-4.0 restricts reuse" in capsys.readouterr().err


def test_licence_must_be_a_hub_licence_id_and_version_is_printed(tmp_path, capsys):
    assert hub.main(["hub", str(tmp_path / "out"), "--licence", "CC BY 4.0"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("include-export: error: --licence CC BY 4.0: not a Hub licence id") and err.count("\n") == 1
    assert not (tmp_path / "out").exists()
    with pytest.raises(SystemExit) as exc:
        hub.main(["--version"])
    assert exc.value.code == 0 and capsys.readouterr().out.startswith("include-export ")


def test_a_stored_value_outside_includes_vocabulary_stops_the_export_until_fixed(tmp_path, capsys):
    """A store written before levels were checked: the export names the record in one line, and
    include-review set-meta fixes the exam."""
    import sqlite3

    from review import cli

    db, out = tmp_path / "include.db", tmp_path / "hub"
    store_with(db, [r.model_dump(mode="json") for r in mixed()[:3]], approve={r.id for r in mixed()[:3]})
    con = sqlite3.connect(db)
    rec = json.loads(con.execute("SELECT record FROM records WHERE seq = 1").fetchone()[0])
    con.execute("UPDATE records SET record = ? WHERE seq = 1", (json.dumps(dict(rec, level="University")),))
    con.commit()
    con.close()
    assert hub.main(["hub", str(out), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert err == (f"include-export: error: {db}: Exam {rec['id']}: level: 'University' is not an INCLUDE level "
                   "(Academic, Professional, Licenses, High school, Middle school, Elementary school, University "
                   "entrance, Other) (fix it: include-review set-meta)\n")
    assert not out.exists()
    assert cli.main(["set-meta", "Exam", "--level", "University entrance", "--db", str(db)]) == 0
    assert hub.main(["hub", str(out), "--db", str(db)]) == 0
    assert set(load(out, "Spanish", tmp_path)["level"]) == {"University entrance"}
