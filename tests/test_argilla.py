"""include-review argilla with the real argilla SDK against a fake Argilla server on 127.0.0.1:
the dataset it creates, two reviewers' submitted responses pulled back, and the store left as the
same decisions sent as two review CSVs leave it, conflicts kept."""
import base64
import csv
import io
import os
import shutil
import sqlite3
import subprocess
import sys

import httpx
import pytest
from conftest import ROOT, SAMPLES
from fake_argilla import FakeArgilla

from review.store import Store

TC = SAMPLES / "es_tc_2003" / "exam.pdf"


def run(module, *args, **env):
    env = dict(os.environ, PYTHONPATH=str(ROOT), **env)
    proc = subprocess.run([sys.executable, "-m", module, *map(str, args)], capture_output=True, text=True,
                          check=False, env=env, timeout=300)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    d = tmp_path_factory.mktemp("extracted")
    proc = run("extract", TC, "--country", "ES", "--exam", "es_tc", "--year", "2003", "-o", d / "q.jsonl",
               "--db", d / "include.db")
    assert proc.returncode == 0, proc.stderr
    return d / "include.db"


@pytest.fixture
def server():
    with FakeArgilla() as fake:
        fake.add_user("owner", "owner-key", "owner")
        fake.add_user("ana", "ana-key")
        fake.add_user("bob", "bob-key")
        fake.add_workspace("include")
        yield fake


def argilla(db, *args, key="owner-key"):
    return run("review.cli", "argilla", *args, "--db", db, ARGILLA_API_KEY=key)


def submit(fake, key, record_id, status="submitted", **values):
    """What Argilla's web UI sends when a reviewer submits a record."""
    r = httpx.post(f"{fake.url}/api/v1/records/{record_id}/responses", headers={"X-Argilla-Api-Key": key},
                   json={"status": status, "values": {k: {"value": v} for k, v in values.items()}})
    assert r.status_code == 201, r.text


def state(db):
    with Store(db) as s:
        rows = {q.id: (q.model_dump(), r["status"], r["reviewer"], r["notes"]) for q, r in s.records(status=None)}
        conflicts = sorted((c["id"], repr(c["proposed"])) for c in s.conflicts())
    return rows, conflicts


def test_round_trip_two_reviewers_changes_the_store_as_two_csvs_do(extracted, server, tmp_path):
    db_argilla, db_csv = tmp_path / "argilla.db", tmp_path / "csv.db"
    shutil.copy(extracted, db_argilla)
    shutil.copy(extracted, db_csv)
    target = ["--api-url", server.url, "--workspace", "include", "--dataset", "es_tc"]

    proc = argilla(db_argilla, "push", *target, "--reviewers", "2")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ("argilla:include/es_tc: 100 records in a new dataset, 100 with their page image, "
                           "2 reviewers per record\n")
    (ds,) = server.datasets.values()
    settings = server.settings[ds["id"]]
    assert [f["name"] for f in settings["fields"]] == ["question", "options", "crop"]
    assert settings["fields"][2]["settings"]["type"] == "image"
    assert [q["name"] for q in settings["questions"]] == ["verdict", "corrected_answer", "corrected_text", "domain",
                                                         "subject", "notes"]
    labels = {q["name"]: [o["value"] for o in q["settings"].get("options") or []] for q in settings["questions"]}
    assert labels["verdict"] == ["approve", "fix", "reject"] and "Health oriented education" in labels["domain"]
    assert "Law" in labels["subject"] and labels["corrected_answer"] == ["A", "B", "C", "D"]
    assert [m["name"] for m in settings["metadata"]] == ["exam", "year", "country", "language", "page", "rev"]
    assert ds["distribution"]["min_submitted"] == 2 and "Allowed values" in ds["guidelines"]
    records = {r["external_id"]: r for r in server.dataset_records("es_tc")}
    with Store(db_argilla) as s:
        by_number = {q.number: (q, r) for q, r in s.records(status=None)}
    first = records[by_number[1][0].id]
    assert first["metadata"] == {"exam": "es_tc", "year": 2003, "country": "ES", "language": "es", "page": 1,
                                 "rev": by_number[1][1]["rev"]}
    assert first["fields"]["options"].startswith("A) ") and "\nD) " in first["fields"]["options"]
    crop = first["fields"]["crop"]
    assert crop.startswith("data:image/png;base64,") and base64.b64decode(crop.split(",")[1])[:4] == b"\x89PNG"

    # a second push updates the records in place (by their id), nothing doubled
    proc = argilla(db_argilla, "push", *target, "--reviewers", "2")
    assert proc.returncode == 0
    assert proc.stderr == "argilla:include/es_tc: 100 records added or updated, 100 with their page image\n"
    assert len(server.dataset_records("es_tc")) == 100

    # the reviewers' work in Argilla
    rid = {n: records[by_number[n][0].id]["id"] for n in range(1, 8)}
    q2 = by_number[2][0]
    fixed = [c if i != 1 else "Plantear cuestión prejudicial ante el TJUE." for i, c in enumerate(q2.choices)]
    fixed_text = q2.question + "\n" + "\n".join(f"{'ABCD'[i]}) {c}" for i, c in enumerate(fixed))
    submit(server, "ana-key", rid[1], verdict="approve")
    submit(server, "ana-key", rid[2], verdict="fix", corrected_answer="B", corrected_text=fixed_text)
    submit(server, "ana-key", rid[3], verdict="reject", notes="needs the figure")
    submit(server, "ana-key", rid[4], verdict="approve", domain="Social Science", subject="Law")
    submit(server, "bob-key", rid[1], verdict="approve")
    submit(server, "bob-key", rid[2], verdict="reject")
    submit(server, "bob-key", rid[5], verdict="fix")  # wrong, but he cannot fix it: needs_fix
    submit(server, "bob-key", rid[6], status="draft", verdict="reject")  # not submitted: ignored

    proc = argilla(db_argilla, "pull", *target)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stderr.splitlines()
    assert lines[0] == ("argilla:include/es_tc (ana): 4 rows: 4 updated (3 approved, 1 rejected), 0 unchanged, "
                        "0 conflicts")
    assert "argilla:include/es_tc (bob): 3 rows: 1 updated (1 needs_fix), 0 unchanged, 2 conflicts" in lines

    # the same decisions as two CSVs, imported one after the other
    out = tmp_path / "review.csv"
    assert run("review.cli", "export", "--db", db_csv, "-o", out, "--no-crops").returncode == 0
    text = out.read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))

    def sheet(name, edits):
        copy = [dict(r) for r in rows]
        by_num = {r["number"]: r for r in copy}
        for n, changes in edits.items():
            by_num[str(n)].update(changes)
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\r\n")
        w.writeheader()
        w.writerows(copy)
        path = tmp_path / f"{name}.csv"
        path.write_bytes(buf.getvalue().encode("utf-8-sig"))
        proc = run("review.cli", "import", "--db", db_csv, path, "--reviewer", name)
        assert proc.returncode == 0, proc.stderr

    sheet("ana", {1: {"status": "approved"},
                  2: {"status": "approved", "answer": "B", "option_b": "Plantear cuestión prejudicial ante el TJUE."},
                  3: {"status": "rejected", "notes": "needs the figure"},
                  4: {"status": "approved", "domain": "Social Science", "subject": "Law"}})
    sheet("bob", {1: {"status": "approved"}, 2: {"status": "rejected"}, 5: {"status": "needs_fix"}})

    argilla_rows, argilla_conflicts = state(db_argilla)
    csv_rows, csv_conflicts = state(db_csv)
    assert argilla_rows == csv_rows
    assert argilla_conflicts == csv_conflicts and len(argilla_conflicts) == 2
    q, status, reviewer, _ = argilla_rows[q2.id]
    assert (q["choices"][1], q["answer"], status, reviewer) == (
        "Plantear cuestión prejudicial ante el TJUE.", 1, "approved", "ana")

    # pulled again: nothing new, the conflicts kept once
    proc = argilla(db_argilla, "pull", *target)
    assert proc.returncode == 0 and state(db_argilla) == (argilla_rows, argilla_conflicts), proc.stderr

    # pushed again: the records answered on the revision they show are left as they are, so that
    # their responses stay about what the reviewers saw; the others take the store's new revision
    before = {r["external_id"]: r["metadata"]["rev"] for r in server.dataset_records("es_tc")}
    proc = argilla(db_argilla, "push", *target)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ("argilla:include/es_tc: 95 records added or updated, 95 with their page image; 5 left "
                           "as they were: answered on the revision they show (include-review argilla pull)\n")
    after = {r["external_id"]: r["metadata"]["rev"] for r in server.dataset_records("es_tc")}
    with Store(db_argilla) as s:
        current = {q.id: r["rev"] for q, r in s.records(status=None)}
    changed = [id for id in after if before[id] != current[id]]
    assert len(changed) == 5  # ana's four decisions and bob's needs_fix
    assert all(after[id] == before[id] for id in changed)


def dump(db):
    with sqlite3.connect(db) as con:
        return list(con.iterdump())


def test_problems_are_one_line_each_and_nothing_is_imported(extracted, server, tmp_path):
    db = tmp_path / "include.db"
    shutil.copy(extracted, db)
    target = ["--api-url", server.url, "--workspace", "include", "--dataset", "es_tc"]
    assert argilla(db, "push", *target, "--exam", "es_tc").returncode == 0
    records = server.dataset_records("es_tc")
    submit(server, "ana-key", records[0]["id"], verdict="approve")
    submit(server, "bob-key", records[1]["id"], verdict="fix", corrected_text="only a stem, no options")
    before = dump(db)
    proc = argilla(db, "pull", *target)
    assert proc.returncode == 1
    assert "argilla:include/es_tc (bob): row 2, column option_a: " in proc.stderr
    assert proc.stderr.splitlines()[-1] == "argilla:include/es_tc: nothing imported"
    assert dump(db) == before  # ana's approval is not applied either: all or nothing

    for args, key, message in [
        (["push", *target], "", "argilla: no API key: set ARGILLA_API_KEY"),
        (["push", *target], "wrong-key", f"argilla: {server.url}: "),
        (["push", "--api-url", server.url, "--workspace", "nope", "--dataset", "x"], "owner-key",
         "no workspace 'nope'"),
        (["pull", "--api-url", server.url, "--workspace", "include", "--dataset", "nope"], "owner-key",
         "no dataset 'nope' in workspace 'include'"),
    ]:
        proc = argilla(db, *args, key=key)
        assert proc.returncode == 1 and proc.stderr.count("\n") == 1 and message in proc.stderr, proc.stderr
        assert proc.stderr.startswith("include-review: error: ")
