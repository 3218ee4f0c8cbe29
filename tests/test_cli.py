"""include-extract as a user runs it: a real subprocess, real files, exit codes, no tracebacks."""
import json
import os
import re
import shutil
import subprocess
import sys

import pymupdf
import pytest
from conftest import ROOT, SAMPLES

TC = SAMPLES / "es_tc_2003" / "exam.pdf"


def run(*args, cwd=None, **env_vars):
    env = {**os.environ, "PYTHONPATH": str(ROOT), **env_vars}
    return subprocess.run([sys.executable, "-m", "extract", *map(str, args)], capture_output=True,
                          text=True, cwd=cwd, env=env, timeout=120)


@pytest.fixture
def bad_files(tmp_path):
    files = {}
    files["empty"] = tmp_path / "empty.pdf"
    files["empty"].write_bytes(b"")
    files["html"] = tmp_path / "blocked.pdf"
    files["html"].write_text("<!DOCTYPE html><html><body>Access denied</body></html>")
    files["truncated"] = tmp_path / "truncated.pdf"
    data = TC.read_bytes()
    files["truncated"].write_bytes(data[: len(data) // 2])
    files["corrupt"] = tmp_path / "corrupt.pdf"
    files["corrupt"].write_bytes(b"%PDF-1.7\n" + os.urandom(4000) + b"\n%%EOF\n")
    files["encrypted"] = tmp_path / "encrypted.pdf"
    doc = pymupdf.open(TC)
    doc.save(files["encrypted"], encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="o", user_pw="secret")
    files["zero_pages"] = tmp_path / "blank.pdf"
    files["zero_pages"].write_bytes(b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
                                    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
    return files


EXPECTED = {"empty": (6, "empty file"), "html": (3, "HTML"), "truncated": (5, "truncated"),
            "corrupt": (5, "corrupt"), "encrypted": (4, "encrypted"), "zero_pages": (None, None)}


@pytest.mark.parametrize("kind", ["empty", "html", "truncated", "corrupt", "encrypted", "zero_pages"])
def test_bad_input_one_line_error_and_no_output(bad_files, tmp_path, kind):
    out = tmp_path / "out.jsonl"
    proc = run(bad_files[kind], "-o", out)
    code, words = EXPECTED[kind]
    assert proc.returncode != 0
    if code is not None:
        assert proc.returncode == code
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert str(bad_files[kind]) in lines[0]
    if words:
        assert words.lower() in lines[0].lower()
    assert "Traceback" not in proc.stderr
    assert not out.exists()
    assert not list(tmp_path.glob(".out.jsonl*"))  # no temp file left behind


def test_several_files_good_ones_still_processed(bad_files, tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    shutil.copy(TC, folder / "a_good.pdf")
    for kind in ("html", "truncated", "encrypted"):
        shutil.copy(bad_files[kind], folder / f"b_{kind}.pdf")
    out = tmp_path / "all.jsonl"
    proc = run(folder, "--language", "es", "--country", "ES", "-o", out)
    assert proc.returncode == 1  # several kinds of failure
    records = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 100
    assert {r["source_file"] for r in records} == {"a_good.pdf"}
    errors = [ln for ln in proc.stderr.splitlines() if "error:" in ln]
    assert len(errors) == 3
    assert "100 questions, 99 keyed" in proc.stderr  # item 22 is annulled by its key


@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv"])
def test_formats_to_stdout(fmt):
    proc = run(TC, "--format", fmt, "--language", "es", "--country", "ES", "--year", "2003", "-q")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    if fmt == "jsonl":
        rec = json.loads(proc.stdout.splitlines()[0])
    elif fmt == "json":
        rec = json.loads(proc.stdout)[0]
    else:
        import csv
        import io
        rows = list(csv.DictReader(io.StringIO(proc.stdout)))
        assert len(rows) == 100
        assert rows[0]["answer"] == "d" and rows[0]["option_d"].startswith("La Constitución refiere")
        return
    assert rec["number"] == 1 and rec["answer"] == 3 and rec["year"] == 2003
    assert rec["choices"][1] == ("La Constitución revela los efectos de la posición de la ley ordinaria "
                                 "sobre las fuentes del Derecho.")
    assert rec["language"] == "es" and rec["country"] == "ES" and len(rec["sha256"]) == 64


def test_usage_errors():
    proc = run(TC, "--language", "klingon")
    assert proc.returncode == 2 and "unknown --language 'klingon': unknown language code" in proc.stderr
    proc = run(TC, TC, "--key", TC)
    assert proc.returncode == 2 and "--key" in proc.stderr


def test_output_not_writable_reports_one_line(tmp_path):
    blocker = tmp_path / "afile"
    blocker.write_text("not a folder")
    proc = run(TC, "-q", "-o", blocker / "x.jsonl")
    assert proc.returncode == 8
    assert proc.stderr.count("\n") == 1 and "cannot write" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_help_starts_fast():
    import time
    t = time.perf_counter()
    proc = run("--help")
    assert proc.returncode == 0 and "--key" in proc.stdout
    # generous: the target is < 0.5 s, a loaded CI box must not fail on noise
    assert time.perf_counter() - t < 5


def test_an_unexpected_exception_is_an_internal_error_in_one_line(monkeypatch, capsys, tmp_path):
    """A bug is said as one, with its own exit code: not blamed on the file, no traceback
    unless asked for, nothing written."""
    from extract import cli, pipeline

    def broken(lines):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(pipeline, "segment", broken)
    out = tmp_path / "out.jsonl"
    code = cli.main([str(TC), "--language", "es", "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 70
    assert err.splitlines() == [f"include-extract: internal error in {TC}: ZeroDivisionError: division by zero "
                                "(run with --debug for the traceback)"]
    assert not out.exists()
    assert cli.main([str(TC), "--language", "es", "-o", str(out), "--debug"]) == 70
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err and 'raise ZeroDivisionError("division by zero")' in err


def test_readme_and_help_list_every_exit_code():
    """The exit codes the README documents are the ones the tool has (extract.errors.ExitCode)."""
    from extract.errors import ExitCode

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## include-extract", 1)[1].split("\n## ", 1)[0]
    rows = {int(m[0]): m[1] for m in re.findall(r"^\| (\d+) \| (.+?) \|$", section, re.M)}
    assert rows == {c.value: c.meaning for c in ExitCode}
    helptext = run("--help").stdout
    assert all(f"{c.value:>2} {c.meaning}" in helptext for c in ExitCode)


def test_a_key_of_another_exam_is_refused_and_never_looks_like_a_success(tmp_path):
    """A day-2 key (91-180) given with a day-1 booklet (1-100): only 91-100 of the key name a
    question found."""
    from pdfgen import answer_grid, make_pdf

    key = make_pdf(tmp_path / "key.pdf", [[(60, 80, "GABARITO 2º DIA", "hebo", 12),
                                           *answer_grid([(str(n), "ABCDE"[n % 5]) for n in range(91, 181)], 30)]])
    out = tmp_path / "out.jsonl"
    proc = run(TC, "--key", key, "--language", "es", "-o", out)
    assert proc.returncode == 12 and not out.exists()
    assert proc.stderr.strip().splitlines() == [
        f"include-extract: error: {key}: the key does not fit this exam: the questions found match 10 of its "
        "90 numbers (--force keeps its answers)"]
    proc = run(TC, "--key", key, "--language", "es", "-o", out, "--force")
    assert proc.returncode == 12, proc.stderr
    records = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 100 and all("key_misfit" in r["flags"] for r in records)
    assert "match only 10 of the key's 90 numbers" in proc.stderr and "10/90 key numbers matched" in proc.stderr


def test_a_folder_is_extracted_in_parallel_in_the_files_order(tmp_path):
    """Several files go to a process each; the records and the lines come out in the files'
    order, the same as one after another."""
    folder = tmp_path / "batch"
    folder.mkdir()
    for name in ("a", "b", "c"):
        shutil.copy(TC, folder / f"{name}.pdf")
    one = run(folder, "--language", "es", "-j", "1", "-o", tmp_path / "one.jsonl")
    many = run(folder, "--language", "es", "-j", "3", "-o", tmp_path / "many.jsonl")
    assert one.returncode == many.returncode == 0, many.stderr
    assert (tmp_path / "one.jsonl").read_bytes() == (tmp_path / "many.jsonl").read_bytes()
    assert [ln.split(":")[0] for ln in many.stderr.splitlines() if not ln.startswith("include-extract:")] == [
        str(folder / f"{n}.pdf") for n in "abc"]
    assert many.stderr == one.stderr


@pytest.mark.parametrize("args,message", [
    (["--year", "03"], "--year 3: give the full year, e.g. 2003"),
    (["--level", "University"], "unknown --level 'University': 'University' is not an INCLUDE level (Academic,"),
    (["--country", "XX"], "unknown --country 'XX': unknown country code"),
    (["-o", "{tmp}/x.csv", "--format", "jsonl"], "-o {tmp}/x.csv is a .csv file but --format is jsonl"),
])
def test_mistakes_are_one_line_and_write_nothing(tmp_path, args, message):
    proc = run(TC, "-q", *(a.format(tmp=tmp_path) for a in args))
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1, proc.stderr
    assert proc.stderr.startswith("include-extract: error: ") and message.format(tmp=tmp_path) in proc.stderr
    assert list(tmp_path.iterdir()) == [] and proc.stdout == ""


def test_codes_normalised_any_country_and_the_format_from_the_extension(tmp_path):
    out = tmp_path / "x.csv"
    proc = run(TC, "-q", "--language", "spa", "--country", "de", "--level", "professional", "-o", out)
    assert proc.returncode == 0, proc.stderr
    rows = list(__import__("csv").DictReader(out.open(encoding="utf-8")))  # CSV: as the extension says
    assert len(rows) == 100 and {(r["language"], r["country"], r["level"]) for r in rows} == {
        ("es", "DE", "Professional")}
    assert sum("language_mismatch" in r["flags"] for r in rows) < 5  # `spa` is Spanish: no mass mismatch


def test_version(capsys):
    proc = run("--version")
    assert proc.returncode == 0 and re.fullmatch(r"include-extract \S+\n", proc.stdout)


def test_a_folder_pairs_each_exam_with_its_key_by_name(tmp_path):
    """`2003_prova.pdf` with `2003_gabarito.pdf` (what the name says, as a spider reads a link); a
    folder of one exam and one key is a pair whatever their names."""
    from pdfgen import answer_grid, make_pdf

    named, lone = tmp_path / "named", tmp_path / "lone"
    named.mkdir()
    lone.mkdir()
    shutil.copy(TC, named / "2003_prova.pdf")
    shutil.copy(TC, named / "2004_prova.pdf")  # no key of its own: read alone
    shutil.copy(TC, lone / "exam.pdf")
    for where in (named / "2003_gabarito.pdf", lone / "respuestas.pdf"):
        make_pdf(where, [[(60, 80, "PLANTILLA DE RESPUESTAS", "hebo", 12),
                          *answer_grid([(str(n), "B") for n in range(1, 101)], 25)]])
    out = tmp_path / "out.jsonl"
    proc = run(named, lone, "--language", "es", "-o", out, "-j", "1")
    assert proc.returncode == 0, proc.stderr
    records = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    by_file = {}
    for r in records:
        by_file.setdefault(r["source_file"], []).append(r["answer"])
    assert sorted(by_file) == ["2003_prova.pdf", "2004_prova.pdf", "exam.pdf"]  # keys are not read as exams
    assert set(by_file["2003_prova.pdf"]) == set(by_file["exam.pdf"]) == {1}  # every answer the key's B
    assert set(by_file["2004_prova.pdf"]) != {1}  # the booklet's own key


def test_every_command_has_version():
    for module, prog in (("extract.score", "include-score"), ("review.cli", "include-review"),
                         ("review.hub", "include-export")):
        proc = subprocess.run([sys.executable, "-m", module, "--version"], capture_output=True, text=True,
                              env=dict(os.environ, PYTHONPATH=str(ROOT)), timeout=60)
        assert proc.returncode == 0 and re.fullmatch(rf"{prog} \S+\n", proc.stdout), proc
