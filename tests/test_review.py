"""include-review as a reviewer runs it: a real store from a real exam, CSVs edited as a spreadsheet
would save them, real subprocesses, exit codes and one-line reports, no tracebacks."""
import csv
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys

import pymupdf
import pytest
from conftest import ROOT, SAMPLES
from PIL import Image

from review import crops
from review.store import Store

TC = SAMPLES / "es_tc_2003" / "exam.pdf"


def run(module, *args, cwd=None):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-m", module, *map(str, args)], capture_output=True, text=True,
                          check=False, cwd=cwd, env=env, timeout=180)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def review(*args, cwd=None):
    return run("review.cli", *args, cwd=cwd)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """es_tc_2003 extracted with include-extract straight into a store (and a JSONL of it)."""
    d = tmp_path_factory.mktemp("extracted")
    proc = run("extract", TC, "--country", "ES", "--exam", "es_tc", "--year", "2003", "-o", d / "q.jsonl",
               "--db", d / "include.db")
    assert proc.returncode == 0, proc.stderr
    assert "include.db: 100 added, 0 unchanged" in proc.stderr
    return d


@pytest.fixture
def db(extracted, tmp_path):
    path = tmp_path / "include.db"
    shutil.copy(extracted / "include.db", path)
    return path


def dump(db):
    with sqlite3.connect(db) as con:
        return list(con.iterdump())


def read_csv(path):
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: spreadsheets read the accents right
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    return rows, {r["number"]: r for r in rows}


def write_csv(path, rows, encoding="utf-8-sig"):
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\r\n")
    w.writeheader()
    w.writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))


def export(db, out, *more):
    proc = review("export", "--db", db, "-o", out, *more)
    assert proc.returncode == 0, proc.stderr
    return proc


def stored(db):
    with Store(db) as s:
        return {q.number: (q, r) for q, r in s.records(status=None)}


def test_round_trip_with_edits(db, tmp_path):
    out = tmp_path / "review.csv"
    proc = export(db, out)
    assert f"{out}: 100 rows (100 pending; 1 flagged, 0 duplicates), 100 crops" in proc.stderr
    rows, by_num = read_csv(out)
    assert len(rows) == 100 and [r["number"] for r in rows] == [str(n) for n in range(1, 101)]
    assert by_num["1"]["answer"] == "D" and by_num["1"]["crop"] == f"crops/{by_num['1']['id']}.png"
    before = stored(db)

    by_num["1"]["status"] = "approved"
    by_num["2"]["status"] = "approved"
    by_num["2"]["option_b"] = "Plantear cuestión prejudicial ante el TJUE."
    by_num["2"]["answer"] = "b"
    by_num["3"]["status"] = "rejected"
    by_num["3"]["notes"] = "duplicated in the 2004 exam"
    by_num["4"]["option_c"] = "'-5 grados"  # a spreadsheet keeps the guard it was given
    by_num["4"]["question"] = "'=2+2 es una fórmula que no debe ejecutarse"
    by_num["5"]["status"] = "approved"
    by_num["5"]["answer"] = ""  # approved without an answer: not ready for INCLUDE
    write_csv(out, rows)

    proc = review("import", "--db", db, out, "--reviewer", "ana")
    assert proc.returncode == 0, proc.stderr
    assert f"{out}: 100 rows: 5 updated" in proc.stderr and "95 unchanged, 0 conflicts" in proc.stderr
    assert f"{out}: row 6: approved but no answer: stored as needs_fix" in proc.stderr

    after = stored(db)
    assert after[1][1]["status"] == "approved" and after[1][1]["reviewer"] == "ana"
    assert after[1][0] == before[1][0]
    assert after[2][0].choices[1] == "Plantear cuestión prejudicial ante el TJUE." and after[2][0].answer == 1
    assert after[3][1]["status"] == "rejected" and after[3][1]["notes"] == "duplicated in the 2004 exam"
    assert after[4][0].choices[2] == "-5 grados"
    assert after[4][0].question == "=2+2 es una fórmula que no debe ejecutarse"
    assert after[4][1]["status"] == "pending" and after[4][1]["reviewer"] == "ana"
    assert after[5][1]["status"] == "needs_fix" and after[5][0].answer is None
    assert "no answer" in after[5][1]["notes"]
    for n in range(6, 101):
        assert after[n][0] == before[n][0] and after[n][1]["rev"] == before[n][1]["rev"]
        assert after[n][1]["status"] == "pending" and after[n][1]["reviewer"] is None
    with Store(db) as s:  # what the Hub export reads
        assert [q.number for q, _ in s.records()] == [1, 2]
        assert [q.number for q, _ in s.records("rejected", exam="es_tc", country="es")] == [3]
        assert s.records("rejected", exam="other") == []

    # exported again: formula-looking cells are guarded, the reviewed state is shown
    export(db, out)
    _, again = read_csv(out)
    assert again["4"]["option_c"] == "'-5 grados"
    assert again["4"]["question"].startswith("'=2+2")
    assert again["2"]["answer"] == "B" and again["1"]["status"] == "approved" and again["1"]["reviewer"] == "ana"
    # the same file imported twice changes nothing
    state = dump(db)
    write_csv(out, rows)
    proc = review("import", "--db", db, out, "--reviewer", "ana")
    assert proc.returncode == 0 and "0 updated, 100 unchanged, 0 conflicts" in proc.stderr, proc.stderr
    assert dump(db) == state

    # and on to the Hub folder: the approved questions, with the reviewer's fix, load in datasets
    hub = tmp_path / "hub"
    proc = run("review.hub", "hub", hub, "--db", db, "--validation", "0")
    assert proc.returncode == 0, proc.stderr
    assert f"{hub}: 1 config (Spanish 2; 2 test, 0 validation), 0 left out (no answer)" in proc.stderr
    import datasets

    ds = datasets.load_dataset(str(hub), "Spanish", split="test", cache_dir=str(tmp_path / "cache"))
    assert ds.num_rows == 2 and ds[1]["option_b"] == "Plantear cuestión prejudicial ante el TJUE."
    assert [r["answer"] for r in ds] == [3, 1] and set(ds["language"]) == {"Spanish"}
    assert set(ds["country"]) == {"Spain"}


def test_export_then_import_without_edits_changes_nothing(db, tmp_path):
    out = tmp_path / "review.csv"
    export(db, out, "--no-crops")
    state = dump(db)
    proc = review("import", "--db", db, out)
    assert proc.returncode == 0
    assert f"{out}: 100 rows: 0 updated, 100 unchanged, 0 conflicts" in proc.stderr
    assert dump(db) == state
    # rows left out of the file are "not reviewed", never deleted
    rows, _ = read_csv(out)
    rows[0]["status"] = "approved"
    write_csv(out, rows[:10])
    proc = review("import", "--db", db, out)
    assert "10 rows: 1 updated (1 approved), 9 unchanged" in proc.stderr
    assert len(stored(db)) == 100
    # a spreadsheet whose locale separates cells with ';'
    rows[1]["status"] = "rejected"
    text = io.StringIO()
    w = csv.DictWriter(text, fieldnames=list(rows[0]), delimiter=";", lineterminator="\r\n")
    w.writeheader()
    w.writerows(rows[:10])
    out.write_text(text.getvalue(), encoding="utf-8")
    proc = review("import", "--db", db, out)
    assert "10 rows: 1 updated (1 rejected), 9 unchanged" in proc.stderr, proc.stderr


def test_filters_and_status(db, tmp_path):
    out = tmp_path / "pending.csv"
    proc = export(db, out, "--status", "approved", "--no-crops")
    assert "0 rows (none; 0 flagged, 0 duplicates), no crops" in proc.stderr
    proc = export(db, out, "--exam", "es_tc", "--country", "ES", "--status", "pending", "--no-crops")
    assert "100 rows (100 pending" in proc.stderr


def test_edit_to_a_row_changed_since_export_is_a_conflict(db, tmp_path):
    first, second = tmp_path / "ana.csv", tmp_path / "luis.csv"
    export(db, first, "--no-crops")
    export(db, second, "--no-crops")
    rows_a, a = read_csv(first)
    rows_b, b = read_csv(second)
    b["7"]["status"] = "rejected"
    b["7"]["notes"] = "ambiguous"
    write_csv(second, rows_b)
    assert review("import", "--db", db, second, "--reviewer", "luis").returncode == 0

    a["7"]["status"] = "approved"  # on the old revision: a conflict
    a["8"]["status"] = "approved"  # untouched by luis: applied
    write_csv(first, rows_a)
    proc = review("import", "--db", db, first, "--reviewer", "ana")
    assert proc.returncode == 0, proc.stderr
    assert f"{first}: row 8: conflict #1: {a['7']['id']} changed in the store since export" in proc.stderr
    assert "1 updated (1 approved), 98 unchanged, 1 conflict" in proc.stderr
    now = stored(db)
    assert now[7][1]["status"] == "rejected" and now[7][1]["reviewer"] == "luis"
    assert now[8][1]["status"] == "approved"

    proc = review("import", "--db", db, first, "--reviewer", "ana")  # again: the conflict is kept once
    assert "conflict #1:" in proc.stderr and "0 updated, 99 unchanged, 1 conflict" in proc.stderr
    proc = review("conflicts", "--db", db)
    assert f"#1 es_tc question 7 id {a['7']['id']}: {first} row 8" in proc.stdout
    assert "status" in proc.stdout and "1 open conflict " in proc.stderr
    proc = review("conflicts", "--db", db, "--take", "1")
    assert "conflict #1: taken" in proc.stderr and "0 open conflicts" in proc.stderr
    now = stored(db)
    assert now[7][1]["status"] == "approved" and now[7][1]["reviewer"] == "ana"
    assert now[7][1]["notes"] is None


def _bad(kind, rows, path):
    """Write a CSV with one kind of mistake (and a valid edit that must not be applied either)."""
    rows[0]["status"] = "approved"
    if kind == "missing column":
        for r in rows:
            del r["rev"]
    elif kind == "unknown column":
        for r in rows:
            r["comments"] = ""
    elif kind == "answer outside options":
        rows[4]["answer"] = "E"
    elif kind == "changed id":
        rows[5]["id"] = "0123456789abcdef"
    elif kind == "duplicate id":
        rows[6]["id"] = rows[2]["id"]
    elif kind == "bad status":
        rows[4]["status"] = "maybe"
    elif kind == "read-only changed":
        rows[4]["page"] = "9"
    elif kind == "empty option":
        rows[4]["option_b"] = " "
    elif kind == "level not INCLUDE's":
        rows[4]["level"] = "University"
    elif kind == "subject not INCLUDE's":
        rows[4]["subject"] = "Derecho"
    elif kind == "country not ISO":
        rows[4]["country"] = "SPA"
    if kind == "cp1252":
        write_csv(path, rows, encoding="cp1252")
    elif kind == "utf-16":
        write_csv(path, rows, encoding="utf-16")
    else:
        write_csv(path, rows)
    if kind == "broken quote":
        text = path.read_text(encoding="utf-8-sig").splitlines(keepends=True)
        text[5] = text[5].replace(",", ',"', 3)
        path.write_text("".join(text), encoding="utf-8-sig")


BAD = {
    "missing column": "row 1: wrong columns: missing rev",
    "unknown column": "row 1: wrong columns: unknown comments",
    "answer outside options": "row 6, column answer: 'E' is not one of the options A-D",
    "changed id": "row 7, column id: unknown id '0123456789abcdef'",
    "duplicate id": "row 8, column id:",
    "bad status": "row 6, column status: 'maybe' is not a status",
    "read-only changed": "row 6, column page: read-only column changed",
    "empty option": "row 6, column option_b: choice 1 is empty",
    "level not INCLUDE's": "row 6, column level: 'University' is not an INCLUDE level (Academic, Professional",
    "subject not INCLUDE's": "row 6, column subject: 'Derecho' is not an INCLUDE subject (Accounting,",
    "country not ISO": "row 6, column country: unknown country code 'SPA'",
    "broken quote": "row 6: broken quoting",
    "cp1252": "not UTF-8 (byte 0x",
    "utf-16": "UTF-16 text; save it as 'CSV UTF-8'",
}


@pytest.mark.parametrize("kind", list(BAD))
def test_bad_csv_reports_and_changes_nothing(db, tmp_path, kind):
    out = tmp_path / "review.csv"
    export(db, out, "--no-crops")
    rows, _ = read_csv(out)
    _bad(kind, rows, out)
    state = dump(db)
    proc = review("import", "--db", db, out)
    assert proc.returncode == 1
    assert BAD[kind] in proc.stderr, proc.stderr
    assert "nothing imported" in proc.stderr
    assert dump(db) == state


def _copy(record, sha, year, exam, **change):
    r = dict(record, sha256=sha, year=year, exam=exam, id="", source_file=f"{exam}.pdf", **change)
    r.update(key_url=f"https://example.org/{exam}-key.pdf", licence="CC BY 4.0", publisher="Tribunal",
             spider="es_test", booklet=None)  # what a crawl's feed adds
    return r


def test_duplicates_exact_and_near_across_exams_and_years(extracted, tmp_path):
    db = tmp_path / "include.db"
    proc = review("add", "--db", db, extracted / "q.jsonl", "--pdfs", TC.parent)
    assert proc.returncode == 0 and "100 added" in proc.stderr and "not found" not in proc.stderr
    recs = [json.loads(x) for x in (extracted / "q.jsonl").read_text(encoding="utf-8").splitlines()]
    later = [
        _copy(recs[0], "b" * 64, 2010, "es_tc_2010", number=1, choices=recs[0]["choices"][::-1], answer=0),
        _copy(recs[1], "b" * 64, 2010, "es_tc_2010", number=2,
              question=recs[1]["question"].replace("el Juez nacional", "el juez")),
        _copy(recs[2], "b" * 64, 2010, "es_tc_2010", number=3,
              question="¿Qué órgano resuelve los recursos de amparo?", choices=["A", "B", "C", "D"]),
    ]
    earlier = [_copy(recs[0], "c" * 64, 1999, "es_tc_1999", number=40)]
    feed = tmp_path / "crawl.jsonl"
    feed.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in later), encoding="utf-8")
    proc = review("add", "--db", db, feed)
    assert proc.returncode == 0, proc.stderr
    assert "3 added, 0 unchanged, 2 duplicates of other exams" in proc.stderr
    assert "source PDF not found for 1 of 1 files" in proc.stderr

    with Store(db) as s:
        by = {(q.exam, q.number): (q, r) for q, r in s.records(None)}
        a1, a2 = (by[("es_tc", n)][0].id for n in (1, 2))
        assert by[("es_tc_2010", 1)][1]["dup_of"] == a1  # exact: same text, options shuffled
        assert by[("es_tc_2010", 2)][1]["dup_of"] == a2  # near: two words fewer
        assert by[("es_tc_2010", 3)][1]["dup_of"] is None
        assert by[("es_tc", 1)][1]["dup_of"] is None
        assert by[("es_tc_2010", 1)][1]["provenance"]["licence"] == "CC BY 4.0"
        assert by[("es_tc_2010", 1)][1]["provenance"]["key_url"] == "https://example.org/es_tc_2010-key.pdf"
        assert by[("es_tc", 1)][1]["provenance"]["pdf"] == str(TC.resolve())

    # an earlier year added later: the older printing becomes the original of both
    old = tmp_path / "old.jsonl"
    old.write_text(json.dumps(earlier[0], ensure_ascii=False) + "\n", encoding="utf-8")
    assert review("add", "--db", db, old).returncode == 0
    with Store(db) as s:
        by = {(q.exam, q.number): (q, r) for q, r in s.records(None)}
        first = by[("es_tc_1999", 40)][0].id
        assert by[("es_tc", 1)][1]["dup_of"] == first
        assert by[("es_tc_2010", 1)][1]["dup_of"] == first
        assert by[("es_tc_1999", 40)][1]["dup_of"] is None

    out = tmp_path / "review.csv"
    proc = export(db, out)
    assert "104 rows (104 pending; 1 flagged, 3 duplicates), 100 crops" in proc.stderr
    assert proc.stderr.count("no crop for 4 rows: source PDF not found") == 1
    _, rows = read_csv(out)
    assert [r["dup_of"] for r in rows.values() if r["exam"] == "es_tc_2010"] == [first, a2, ""]
    assert all(r["crop"] == "" for r in rows.values() if r["exam"] != "es_tc")

    # the 1999 printing rejected: it is nobody's original any more
    old_csv = tmp_path / "old.csv"
    export(db, old_csv, "--exam", "es_tc_1999", "--no-crops")
    rows, by = read_csv(old_csv)
    by["40"]["status"] = "rejected"
    write_csv(old_csv, rows)
    assert review("import", "--db", db, old_csv).returncode == 0
    with Store(db) as s:
        by = {(q.exam, q.number): (q, r) for q, r in s.records(None)}
        assert by[("es_tc", 1)][1]["dup_of"] is None
        assert by[("es_tc_2010", 1)][1]["dup_of"] == a1


def test_adding_the_same_exam_twice_changes_nothing(extracted, db, tmp_path):
    state = dump(db)
    proc = run("extract", TC, "--country", "ES", "--exam", "es_tc", "--year", "2003", "-o", tmp_path / "q.jsonl",
               "--db", db)
    assert "include.db: 0 added, 100 unchanged" in proc.stderr
    proc = review("add", "--db", db, extracted / "q.jsonl")
    assert "0 added, 100 unchanged" in proc.stderr
    assert dump(db) == state


def test_bad_jsonl_adds_nothing(extracted, tmp_path):
    db = tmp_path / "include.db"
    lines = (extracted / "q.jsonl").read_text(encoding="utf-8").splitlines()
    bad = json.loads(lines[3])
    bad["answer"] = 7
    feed = tmp_path / "q.jsonl"
    feed.write_text("\n".join([*lines[:3], json.dumps(bad), lines[4][:50]]) + "\n", encoding="utf-8")
    proc = review("add", "--db", db, feed)
    assert proc.returncode == 1
    assert f"{feed}: line 4: question 4: record: Value error, answer 7 is outside" in proc.stderr
    assert f"{feed}: line 5: not JSON" in proc.stderr
    with Store(db) as s:
        assert s.records(None) == []
    proc = review("export", "--db", tmp_path / "none.db", "-o", tmp_path / "x.csv")
    assert proc.returncode == 1 and "none.db: no such store" in proc.stderr
    (tmp_path / "junk.db").write_text("not sqlite " * 200)
    proc = review("stats", "--db", tmp_path / "junk.db")
    assert proc.returncode == 1 and "junk.db: not a review store" in proc.stderr


def test_crops_show_the_question(db, tmp_path):
    out = tmp_path / "sheet" / "review.csv"
    export(db, out)
    _, rows = read_csv(out)
    by_id = {q.id: q for q, _ in stored(db).values()}
    doc = pymupdf.open(TC)
    for number in ("1", "17", "58", "100"):
        row = rows[number]
        q = by_id[row["id"]]
        png = out.parent / row["crop"]
        with Image.open(png) as im:
            assert im.format == "PNG"
            x0, y0, x1, y1 = q.bbox
            scale = crops.DPI / 72
            assert abs(im.width - (x1 - x0 + 2 * crops.MARGIN) * scale) < 3
            assert abs(im.height - (y1 - y0 + 2 * crops.MARGIN) * scale) < 3
            assert im.convert("L").getextrema()[0] < 80  # there is ink, not a blank area
        page = doc[int(row["page"]) - 1]
        text = " ".join(page.get_text(clip=pymupdf.Rect(q.bbox)).split())
        assert " ".join(q.question.split()[:4]) in text
        assert q.choices[-1].split()[0] in text


def test_store_api(extracted, tmp_path):
    """What the Hub export relies on: add Questions or dicts by id, read (Question, review) pairs."""
    from schema import validate_record

    recs = [json.loads(x) for x in (extracted / "q.jsonl").read_text(encoding="utf-8").splitlines()]
    with Store(tmp_path / "s.db") as s:
        assert s.add([validate_record(r) for r in recs[:3]]) == (3, 0)
        assert s.add([dict(recs[0], licence="CC0"), recs[3]]) == (1, 1)
        assert s.records() == []  # default: approved only
        pairs = s.records(status=None, country="ES")
        assert [q.number for q, _ in pairs] == [1, 2, 3, 4]
        q, review = pairs[0]
        assert q.model_dump(mode="json") == recs[0]
        assert {"status", "reviewer", "notes", "dup_of", "updated"} <= set(review)
        assert review["status"] == "pending" and review["dup_of"] is None
        with pytest.raises(Exception, match="unknown status"):
            s.records(status="done")
        # extracted again with different text: replaces what nobody reviewed, keeps what someone did
        with s.transaction():
            s.review(recs[1]["id"], dict(recs[1], answer=0), "approved", "ana", None)
        again = [dict(r, question=r["question"] + " (bis)") for r in recs[:2]]
        assert s.add(again) == (1, 1)
        now = {q.number: (q, r) for q, r in s.records(None)}
        assert now[1][0].question.endswith("(bis)") and now[1][1]["status"] == "pending"
        assert not now[2][0].question.endswith("(bis)") and now[2][0].answer == 0
        assert now[2][1]["status"] == "approved"


def test_set_meta_fixes_an_exams_metadata_reviewed_rows_included(db, tmp_path):
    """Metadata given wrong at extraction: changed on every record of the exam, reviewed ones
    keeping their decision, each change a revision in the history and a line in the log."""
    out = tmp_path / "review.csv"
    export(db, out)
    rows, by_num = read_csv(out)
    by_num["1"]["status"] = "approved"
    by_num["2"]["status"] = "rejected"
    write_csv(out, rows)
    assert review("import", "--db", db, out, "--reviewer", "ana").returncode == 0
    before = stored(db)

    proc = review("set-meta", "es_tc", "--db", db, "--exam", "Tribunal Constitucional", "--year", "2004",
                  "--country", "pt", "--language", "spa", "--level", "professional", "--licence", "CC BY 4.0")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == (f"{db}: es_tc: 100 records changed (exam Tribunal Constitucional, year 2004, country PT, "
                           "language es, level Professional, licence CC BY 4.0)\n")
    after = stored(db)
    for n in range(1, 101):
        q, r = after[n]
        assert (q.exam, q.year, q.country, q.language, q.level) == (
            "Tribunal Constitucional", 2004, "PT", "es", "Professional")
        assert r["provenance"]["licence"] == "CC BY 4.0"
        assert (q.question, q.choices, q.answer) == (before[n][0].question, before[n][0].choices, before[n][0].answer)
        assert (r["status"], r["reviewer"]) == (before[n][1]["status"], before[n][1]["reviewer"])
        assert r["rev"] != before[n][1]["rev"]
    assert after[1][1]["status"] == "approved" and after[2][1]["status"] == "rejected"
    with Store(db) as s:
        history = s.db.execute("SELECT by, status FROM history WHERE id = ? ORDER BY rowid",
                               (after[1][0].id,)).fetchall()
        assert [tuple(h) for h in history] == [("add", "pending"), ("review", "approved"), ("set-meta", "approved")]
        log = s.meta_changes()
    assert [(c["field"], c["old"], c["new"], c["records"]) for c in log] == [
        ("exam", "es_tc", "Tribunal Constitucional", 100), ("year", "2003", "2004", 100), ("country", "ES", "PT", 100),
        ("language", "es", "es", 100), ("level", None, "Professional", 100), ("licence", None, "CC BY 4.0", 100)]

    # a CSV exported before the change: its edits meet changed rows, kept as conflicts
    by_num["3"]["status"] = "approved"
    write_csv(out, rows)
    proc = review("import", "--db", db, out)
    assert proc.returncode == 0 and "0 updated, 97 unchanged, 3 conflicts" in proc.stderr, proc.stderr

    tc = "Tribunal Constitucional"
    for args, message in [(["es_tc", "--year", "2005"], "no records of exam 'es_tc'"),
                          ([tc, "--level", "University"], "'University' is not an INCLUDE level"),
                          ([tc, "--country", "XX"], "unknown country code 'XX'"),
                          ([tc], "nothing to change")]:
        state = dump(db)
        proc = review("set-meta", "--db", db, *args)
        assert proc.returncode == 1 and proc.stderr.count("\n") == 1 and message in proc.stderr, proc.stderr
        assert dump(db) == state


def test_version():
    proc = review("--version")
    assert proc.returncode == 0 and proc.stdout.startswith("include-review ")


def test_export_ships_guidelines_and_splits_into_one_file_per_volunteer(db, tmp_path):
    out = tmp_path / "review.csv"
    proc = export(db, out, "--no-crops", "--batch-size", "30")
    assert f"{out}: split into 4 files of up to 30 rows, one per volunteer: review-001.csv ... review-004.csv" \
        in proc.stderr
    assert f"{out}: guidelines in GUIDELINES.md and review.guidelines.csv (import it as the first sheet)" in proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix in (".csv", ".md")) == [
        "GUIDELINES.md", "review-001.csv", "review-002.csv", "review-003.csv", "review-004.csv",
        "review.guidelines.csv"]
    batches = [read_csv(tmp_path / f"review-00{i}.csv")[0] for i in range(1, 5)]
    assert [len(b) for b in batches] == [30, 30, 30, 10]
    assert [r["number"] for b in batches for r in b] == [str(n) for n in range(1, 101)]
    sheet = list(csv.reader(io.StringIO((tmp_path / "review.guidelines.csv").read_bytes().decode("utf-8-sig"))))
    assert sheet[0] == ["topic", "what to do"] and ["allowed domain", "Health oriented education"] in sheet
    assert ["allowed level", "University entrance"] in sheet and ["allowed status", "needs_fix"] in sheet
    guide = (tmp_path / "GUIDELINES.md").read_text(encoding="utf-8")
    assert guide.startswith("# Reviewing exam questions for INCLUDE") and "`subject`: Accounting" in guide

    # a volunteer's file imports on its own: the other rows are "not reviewed"
    rows, by_num = read_csv(tmp_path / "review-002.csv")
    by_num["31"]["status"] = "approved"
    write_csv(tmp_path / "review-002.csv", rows)
    proc = review("import", "--db", db, tmp_path / "review-002.csv", "--reviewer", "ana")
    assert proc.returncode == 0 and "30 rows: 1 updated (1 approved), 29 unchanged" in proc.stderr, proc.stderr
    proc = review("export", "--db", db, "-o", out, "--batch-size", "0")
    assert proc.returncode == 1 and proc.stderr == "include-review: error: --batch-size 0: at least 1\n"


def test_crops_published_on_the_hub_and_their_urls_in_the_csv(db, tmp_path, monkeypatch):
    """`--hub-crops ORG/NAME`: one commit with the PNGs and a parquet whose Image column loads."""
    import datasets

    from review.csv_export import export as export_csv

    class FakeApi:
        def __init__(self):
            self.calls = []

        def create_repo(self, repo_id, **kw):
            self.calls.append(("create_repo", repo_id, kw))

        def list_repo_files(self, repo_id, **kw):
            return []

        def create_commit(self, repo_id, operations, **kw):
            # the commit's files are read now: the folder they come from is temporary
            self.files = {op.path_in_repo: open(op.path_or_fileobj, "rb").read() for op in operations}
            return type("CommitInfo", (), {"commit_url": f"https://huggingface.co/datasets/{repo_id}/commit/c1"})()

    api = FakeApi()
    out = tmp_path / "review.csv"
    with Store(db) as s:
        lines = export_csv(s, out, exam="es_tc", progress=False, hub_crops="org/crops", api=api)
    assert lines[1] == (f"{out}: 100 crops published as the Hub dataset org/crops "
                        "(https://huggingface.co/datasets/org/crops/commit/c1); the crop column holds their URLs "
                        "(=IMAGE(url) in Google Sheets)")
    rows, by_num = read_csv(out)
    first = by_num["1"]
    assert first["crop"] == f"https://huggingface.co/datasets/org/crops/resolve/main/crops/{first['id']}.png"
    assert api.files[f"crops/{first['id']}.png"] == (tmp_path / "crops" / f"{first['id']}.png").read_bytes()
    assert "README.md" in api.files and len([f for f in api.files if f.startswith("crops/")]) == 100
    parquet = tmp_path / "published" / "data" / "train-00000-of-00001.parquet"
    parquet.parent.mkdir(parents=True)
    parquet.write_bytes(api.files["data/train-00000-of-00001.parquet"])
    ds = datasets.load_dataset("parquet", data_files=str(parquet), split="train", cache_dir=str(tmp_path / "cache"))
    assert isinstance(ds.features["image"], datasets.Image) and len(ds) == 100
    row = ds[0]
    local = Image.open(tmp_path / "crops" / f"{row['id']}.png")
    assert row["image"].size == local.size and row["exam"] == "es_tc"
    # the CSV still imports: the crop column is for information
    proc = review("import", "--db", db, out)
    assert proc.returncode == 0 and "0 updated, 100 unchanged" in proc.stderr


def test_includes_own_labels_and_codes_are_accepted_at_import(db, tmp_path):
    """The domain labels include-base-44's data carries, any case; ISO codes of any country;
    `spa` stored as `es`."""
    out = tmp_path / "review.csv"
    export(db, out, "--no-crops")
    rows, by_num = read_csv(out)
    by_num["1"].update(domain="Driving License", level="university ENTRANCE", subject="law")
    by_num["2"].update(domain="health oriented education", regional_feature="Region Implicit", country="DE")
    by_num["3"].update(domain="Professional certification", language="spa")
    write_csv(out, rows)
    proc = review("import", "--db", db, out)
    assert proc.returncode == 0 and "3 updated" in proc.stderr, proc.stderr
    now = stored(db)
    assert (now[1][0].domain, now[1][0].level, now[1][0].subject) == ("Driving License", "University entrance", "Law")
    assert (now[2][0].domain, now[2][0].regional_feature, now[2][0].country) == (
        "Health oriented education", "region implicit", "DE")
    assert (now[3][0].domain, now[3][0].language) == ("Professional certification", "es")


def test_hub_crops_without_a_token_is_one_line_and_writes_no_csv(db, tmp_path):
    out = tmp_path / "review.csv"
    env = {k: v for k, v in os.environ.items() if k not in ("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN")}
    proc = subprocess.run([sys.executable, "-m", "review.cli", "export", "--db", str(db), "-o", str(out),
                           "--hub-crops", "org/crops", "-q"], capture_output=True, text=True, timeout=300,
                          env=dict(env, PYTHONPATH=str(ROOT), HF_HOME=str(tmp_path / "hf"), HF_HUB_OFFLINE="1"))
    assert proc.returncode == 1 and proc.stderr == (
        "include-review: error: publishing on the Hub needs a write token: run `hf auth login` or set HF_TOKEN\n")
    assert not out.exists()
    proc = review("export", "--db", db, "-o", out, "--hub-crops", "org/crops", "--no-crops")
    assert proc.returncode == 1 and "cannot go with --no-crops" in proc.stderr and proc.stderr.count("\n") == 1
