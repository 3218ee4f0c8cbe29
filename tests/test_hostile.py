"""Hostile input (issue 16): a small version of each class of tests/hostile.py, run as a user runs
the tools, each in a subprocess held to a memory and a CPU limit (RLIMIT_AS, RLIMIT_CPU): the
outcome is records, or one line with the documented exit code naming the file to blame, never a
traceback, a kill by a limit or a partial output. (bench/hostile.py runs hundreds of them.)

The stacked-span page and the concatenated booklet rely on the linear layout and heading passes
of extract/pages/layout.py and extract/questions/segment.py (issue 16): without them they run
into the CPU limit.
"""
import json
import os
import random
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import hostile as H
import pytest

MEM = 1536 << 20  # bytes of address space per run
CPU = 30  # seconds of CPU per run
N = H.SEED_QUESTIONS


def _seed(folder: Path) -> tuple[Path, Path]:
    return H.seed_exam(folder)


def _cases(d: Path) -> dict[str, H.Case]:
    exam, key = _seed(d)
    seed = exam.read_bytes()
    r = random.Random
    cases = {}
    for i in range(2):
        cases[f"truncation-{i}"] = H.truncated(seed, d / f"trunc{i}.pdf", r(i))
        cases[f"byte_flips-{i}"] = H.byte_flips(seed, d / f"flip{i}.pdf", r(i))
    for i, how in enumerate(("offsets", "startxref", "remove")):
        cases[f"broken_xref-{how}"] = H.broken_xref(seed, d / f"xref{i}.pdf", _picks(how))
    for how in ("self", "parent", "pair"):
        cases[f"page_loop-{how}"] = H.page_loop(d / f"loop-{how}.pdf", _picks(how))
    for how in ("content", "image", "nested"):
        cases[f"bomb-{how}"] = H.bomb(d / f"bomb-{how}.pdf", _picks(how, 10_000), size=100 << 20)
    for how in ("max_box", "absurd_box", "user_unit"):
        cases[f"huge_page-{how}"] = H.huge_page(d / f"huge-{how}.pdf", _picks(how, 300000))
    cases["huge_image"] = H.huge_image(d / "image.pdf", _picks(40000))
    cases["stacked_spans"] = H.stacked_spans(d / "stacked.pdf", r(0), n=20000)
    cases["concatenated"] = H.concatenated(exam, d / "x10.pdf", 10)
    for how in ("header_late", "trailing", "trailing_html"):
        cases[f"tolerated-{how}"] = H.tolerated(seed, d / f"tol-{how}.pdf", _picks(how, 5000))
    for how in ("content", "not_a_page"):
        cases[f"broken_page-{how}"] = H.broken_page(seed, d / f"page-{how}.pdf", _picks(1, how))
    cases["not_pdf"] = H.not_pdf(d / "page.pdf", _picks("html"))
    odd = d / "odd"
    odd.mkdir()
    for i, name in enumerate(H.ODD_NAMES):
        cases[f"odd_name-{i}"] = H.odd_name(seed, odd, name, broken=i % 2 == 1)
    cases["locked-file"] = H.locked(seed, d / "locked1", "file")
    cases["locked-folder"] = H.locked(seed, d / "locked2", "folder")
    for kind in ("truncation", "page_loop", "not_pdf", "bomb"):
        bad = {"truncation": H.truncated(key.read_bytes(), d / "key-trunc.pdf", _picks(0.5)),
               "page_loop": H.page_loop(d / "key-loop.pdf", _picks("pair")),
               "not_pdf": H.not_pdf(d / "key-html.pdf", _picks("html")),
               "bomb": H.bomb(d / "key-bomb.pdf", _picks("nested", 100_000))}[kind]
        cases[f"hostile_key-{kind}"] = H.hostile_key(exam, bad.args[0], bad)
    return cases


class _picks(random.Random):
    """A Random whose choice() takes the given values in turn (a case of a chosen variant) and
    whose uniform() gives the first number given."""

    def __init__(self, *values):
        super().__init__(0)
        self.values = list(values)

    def choice(self, seq):
        for v in self.values:
            if v in seq:
                return v
        return super().choice(seq)

    def uniform(self, a, b):
        return next((v for v in self.values if isinstance(v, float)), super().uniform(a, b))

    def randrange(self, *args):
        return next((v for v in self.values if isinstance(v, int) and v < args[-1 if len(args) == 1 else 1]),
                    super().randrange(*args))


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory):
    d = tmp_path_factory.mktemp("hostile")
    cases = _cases(d)

    def one(item):
        name, case = item
        out = d / "out" / name / "records.jsonl"
        out.parent.mkdir(parents=True)
        return name, (case, H.run_case(case, out, MEM, CPU), out)

    with ThreadPoolExecutor(2) as pool:
        return dict(pool.map(one, cases.items()))


CLASSES = ["truncation-0", "truncation-1", "byte_flips-0", "byte_flips-1", "broken_xref-offsets",
           "broken_xref-startxref", "broken_xref-remove", "page_loop-self", "page_loop-parent", "page_loop-pair",
           "bomb-content", "bomb-image", "bomb-nested", "huge_page-max_box", "huge_page-absurd_box",
           "huge_page-user_unit", "huge_image", "stacked_spans", "concatenated", "tolerated-header_late",
           "tolerated-trailing", "tolerated-trailing_html", "broken_page-content", "broken_page-not_a_page",
           "not_pdf", *(f"odd_name-{i}" for i in range(len(H.ODD_NAMES))), "locked-file", "locked-folder",
           "hostile_key-truncation", "hostile_key-page_loop", "hostile_key-not_pdf", "hostile_key-bomb"]


@pytest.mark.parametrize("name", CLASSES)
def test_hostile_pdf_ends_in_records_or_one_documented_line(outcomes, name):
    case, outcome, out = outcomes[name]
    assert outcome.verdict != "defect", f"{case.name}: {outcome.why}\n{outcome.stderr}"


def _records(out: Path) -> list[dict]:
    return [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]


def test_what_viewers_open_is_read_whole(outcomes):
    for name in ("tolerated-header_late", "tolerated-trailing", "tolerated-trailing_html", "concatenated"):
        case, outcome, out = outcomes[name]
        assert outcome.code == 0, outcome.stderr
        assert len(_records(out)) >= N


def test_a_page_that_cannot_be_read_is_skipped_and_flagged(outcomes):
    for how in ("content", "not_a_page"):
        case, outcome, out = outcomes[f"broken_page-{how}"]
        assert outcome.code == 0, outcome.stderr
        records = _records(out)
        assert 0 < len(records) < N and any("page_skipped" in r["flags"] for r in records)


def test_odd_names_stay_one_line_and_bytes_exact(outcomes):
    for i, name in enumerate(H.ODD_NAMES):
        case, outcome, out = outcomes[f"odd_name-{i}"]
        if i % 2:
            assert outcome.code == 5
            assert outcome.stderr.splitlines() == [
                f"include-extract: error: {H.printable(os.fspath(case.blame))}: truncated PDF (it ends before its "
                "end-of-file marker; incomplete download?)"]
        else:
            assert outcome.code == 0, outcome.stderr
            assert {r["source_file"] for r in _records(out)} == {
                name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")}


def test_locked_files_and_folders_have_their_own_exit_code(outcomes):
    case, outcome, out = outcomes["locked-file"]
    assert outcome.code == 13 and "cannot read (Permission denied)" in outcome.stderr
    case, outcome, out = outcomes["locked-folder"]
    assert outcome.code == 13 and "cannot list the folder (Permission denied)" in outcome.stderr
    assert {r["source_file"] for r in _records(out)} == {"b.pdf"}  # the readable one beside it


def test_a_broken_key_is_named_not_the_exam(outcomes):
    expected = {"truncation": (5, "truncated PDF"), "page_loop": (None, None), "not_pdf": (3, "not a PDF"),
                "bomb": (5, "corrupt PDF (exception stack overflow!)")}
    for kind, (code, words) in expected.items():
        case, outcome, out = outcomes[f"hostile_key-{kind}"]
        if code is not None:
            assert outcome.code == code, outcome.stderr
            [line] = outcome.stderr.splitlines()
            assert line.startswith(f"include-extract: error: {case.blame}: {words}")


def _extract(*args, tmp: Path, limits=(MEM, CPU)) -> H.Outcome:
    out = tmp / "out.jsonl"
    return H.run_case(H.Case("cli", "cli", list(args)), out, *limits), out


def test_limits_pages_words_and_time(tmp_path):
    exam, key = _seed(tmp_path)
    outcome, out = _extract(exam, "--max-pages", "2", tmp=tmp_path)
    assert outcome.code == 9 and not out.exists()
    assert outcome.stderr.splitlines() == [f"include-extract: error: {exam}: 3 pages, more than --max-pages 2"]
    outcome, out = _extract(exam, "--max-words", "20", tmp=tmp_path)
    assert outcome.code == 7 and not out.exists()
    folder = tmp_path / "two"
    folder.mkdir()
    for name in ("a.pdf", "b.pdf"):
        shutil.copy(exam, folder / name)
    outcome, out = _extract(folder, "-j", "2", "--timeout", "0.001", tmp=tmp_path)
    assert outcome.code == 14 and not out.exists()
    assert outcome.stderr.splitlines() == [f"include-extract: error: {folder / n}: gave up after 0.001 s (--timeout)"
                                           for n in ("a.pdf", "b.pdf")]


def test_max_words_skips_the_page_with_a_warning(tmp_path):
    """A page of 20,000 stacked letters after the exam: over --max-words it is skipped, said and
    its neighbour's records flagged; the exam's records are written."""
    import pymupdf

    exam, key = _seed(tmp_path)
    stacked = H.stacked_spans(tmp_path / "stacked.pdf", random.Random(0), n=20000).args[0]
    both = tmp_path / "both.pdf"
    with pymupdf.open(exam) as doc, pymupdf.open(stacked) as extra:
        doc.insert_pdf(extra)
        doc.save(both)
    out = tmp_path / "with-page.jsonl"
    proc = H.subprocess.run([H.sys.executable, "-m", "extract", both, "--max-words", "10000", "-o", out],
                            capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=str(H.ROOT)))
    assert proc.returncode == 0, proc.stderr
    assert (f"include-extract: warning: {both}: page 4 skipped: 20000 words, more than the limit of 10000 "
            "(--max-words)") in proc.stderr.splitlines()
    records = _records(out)
    assert len(records) == N and [r["number"] for r in records if "page_skipped" in r["flags"]] == [9, 10, 11, 12]
    outcome, out = _extract(exam, "--max-words", "20", tmp=tmp_path)
    assert outcome.code == 7 and not out.exists()
    assert outcome.stderr.splitlines() == [
        f"include-extract: error: {exam}: no multiple-choice questions found (3 of 3 pages skipped; page 1: "
        f"{outcome.stderr.split('page 1: ')[1].split(' words')[0]} words, more than the limit of 20 (--max-words))"]


def test_output_under_a_file_and_a_name_not_utf8(tmp_path):
    exam, key = _seed(tmp_path)
    (tmp_path / "plain").write_text("x")
    outcome = H.run_case(H.Case("cli", "cli", [exam]), tmp_path / "plain" / "out.jsonl", MEM, CPU)
    assert outcome.code == 8
    assert outcome.stderr.splitlines() == [f"include-extract: error: cannot write {tmp_path}/plain/out.jsonl: "
                                           f"{tmp_path}/plain is a file, not a folder"]
    odd = Path(os.fsdecode(os.fsencode(tmp_path) + b"/latin1-\xe9\xff.jsonl"))
    outcome = H.run_case(H.Case("cli", "cli", [exam, "--exam", os.fsdecode(b"ex\xe9am")]), odd, MEM, CPU)
    assert outcome.code == 0 and {r["exam"] for r in _records(odd)} == {"ex\\xe9am"}


# -- CSV --------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def store(tmp_path_factory):
    d = tmp_path_factory.mktemp("csv")
    exam, key = _seed(d)
    outcome, out = _extract(exam, "--key", key, tmp=d)
    assert outcome.code == 0, outcome.stderr
    db, good = H.review_store(out, d)
    return d, db, good


def test_hostile_csvs_change_nothing_and_say_one_line_each(store):
    d, db, good = store
    cases = H.csv_cases(good, d, db, random.Random(7), 14)  # one of each kind

    def one(case):
        case.db = H.copy_store(db, d / f"{case.name}.db")  # imports side by side, each on its own store
        return case, H.run_case(case, d / "unused", MEM, CPU)

    with ThreadPoolExecutor(2) as pool:
        for case, outcome in pool.map(one, cases):
            assert outcome.verdict != "defect", f"{case.cls} {case.name}: {outcome.why}\n{outcome.stderr}"


def _import(csv: Path, db: Path) -> H.Outcome:
    return H.run_case(H.Case("csv", csv.name, [csv], tool="review", codes={0, 1}, db=db), csv, MEM, CPU)


def test_csv_messages_name_row_column_byte_and_offset(store):
    d, db, good = store
    text = good.decode("utf-8-sig")
    header = text.split("\r\n")[0].split(",")
    big = d / "big.csv"
    big.write_bytes(H._with_cell(text.split("\r\n"), random.Random(1), "x" * (1 << 20), col="notes"))
    outcome = _import(big, db)
    assert outcome.code == 1
    [line] = outcome.stderr.splitlines()
    assert "column notes: a cell of 1048576 characters, more than the limit of 131072; nothing imported" in line
    row = int(line.split(": row ")[1].split(",")[0])
    assert 2 <= row <= N + 1 and "x" * 1000 in big.read_bytes().decode("utf-8-sig").split("\r\n")[row - 1]
    latin = d / "latin.csv"
    data = b"\xef\xbb\xbf" + ",".join(header).encode() + b"\r\nbad,\xf3\r\n"
    latin.write_bytes(data)
    outcome = _import(latin, db)
    at = data.index(b"\xf3")
    assert f"line 2: not UTF-8 (byte 0xf3 at offset {at}:" in outcome.stderr and outcome.code == 1


def test_formula_guard_covers_full_width_and_look_alikes():
    from review.rows import guard, unguard

    for cell in ("\uff1d1+1", "\ufe62SUM(A1)", "\uff20x", "\u22121", "=1", "'=1", "\uff0dx"):
        assert guard(cell) == "'" + cell and unguard(guard(cell)) == cell
    for cell in ("1=1", "texto", "'texto", "\u00bfqu\u00e9?"):
        assert guard(cell) == cell and unguard(cell) == cell


def test_a_worker_that_dies_fails_its_file_only(tmp_path):
    """-j 2 over a folder: the worker reading eight pages of 100,000 stacked letters (about 10 s of
    CPU, 2.5 times the limit) runs past the CPU limit and is killed (so is the one it is run again
    in); that file gets one line, the other file's records are written."""
    import pymupdf

    folder = tmp_path / "batch"
    folder.mkdir()
    exam, key = _seed(folder)
    key.unlink()
    heavy = H.stacked_spans(tmp_path / "stacked.pdf", random.Random(0), n=100_000).args[0]
    with pymupdf.open() as doc, pymupdf.open(heavy) as page:
        for _ in range(8):
            doc.insert_pdf(page)
        doc.save(folder / "heavy.pdf")
    out = tmp_path / "out.jsonl"
    case = H.Case("cli", "cli", [folder, "-j", "2", "--max-words", "200000"], codes={5}, blame=folder / "heavy.pdf",
                  with_records=True)
    outcome = H.run_case(case, out, MEM, cpu_s=4)
    assert outcome.verdict == "clean", f"{outcome.why}\n{outcome.stderr}"
    assert outcome.stderr.splitlines() == [f"include-extract: error: {folder / 'heavy.pdf'}: the process reading it "
                                           "died (a crash in the PDF library or Tesseract, or a limit of the "
                                           "system such as memory)"]
    assert len(_records(out)) == N


def test_an_ocr_worker_that_dies_costs_its_page_only(tmp_path):
    """Tesseract runs in the worker that reads the page: a worker that dies (here a huge page of
    dense print runs past the CPU limit) breaks the pool for the pages it held, which are read
    again one process each (one job: page 3 waits for the worker page 2 kills); the page whose
    process dies again is skipped with one line, and the questions of the other pages are
    written."""
    import pdfgen
    import pymupdf
    from scanner import scan_pdf

    qs = pdfgen.EXAM_QUESTIONS
    light = pdfgen.booklet(tmp_path / "light.pdf", [[pdfgen.mcq(f"{i + 1}.", *qs[i]) for i in range(2)],
                                                     [pdfgen.mcq(f"{i + 1}.", *qs[i]) for i in range(2, 4)]])
    with pymupdf.open(light) as doc:
        heavy = doc.new_page(1, width=1400, height=2000)  # read at 272 dpi: 40 Mpx of small print
        line = " ".join(q for q, _ in qs) * 2
        for k in range(330):
            heavy.insert_text((20, 20 + 6 * k), line[k % 50:], fontsize=5)
        doc.save(tmp_path / "three.pdf")
    scanned = scan_pdf(tmp_path / "three.pdf", tmp_path / "scan.pdf", dpi=150, skew=0)
    out = tmp_path / "out.jsonl"
    proc = subprocess.run([sys.executable, "-m", "extract", scanned, "--language", "es", "-j", "1", "-o", out],
                          capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=str(H.ROOT)),
                          preexec_fn=H.limit(MEM, 8), timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert (f"include-extract: warning: {scanned}: page 2 skipped: could not be read by OCR (the process reading "
            "it died: a crash in the PDF library or Tesseract, or a limit of the system such as memory)"
            in proc.stderr.splitlines())
    assert "Traceback" not in proc.stderr
    assert sorted(r["page"] for r in _records(out)) == [1, 1, 3, 3]
