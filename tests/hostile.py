"""Hostile inputs, generated from seed PDFs and from a review CSV, and the one judge of how the
tools took them. tests/test_hostile.py runs a few of each class; bench/hostile.py hundreds.

A case is a command (include-extract on an exam, maybe with a --key; include-review import of
a CSV) and what may come of it. The judge runs it as a user would, in a subprocess held to a
memory limit (RLIMIT_AS) and a CPU limit (RLIMIT_CPU), and says:
- ok: records written (exit 0 or 12), every line of stderr a line of the tool;
- clean: the documented exit code, one error line naming the file to blame, nothing written;
- defect: anything else (a traceback, an internal error, a kill by a limit, a partial output,
  a message split over lines, the wrong file named, a CSV import that changed the store).
"""
from __future__ import annotations

import functools
import os
import random
import re
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import zlib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from schema.common import printable  # noqa: E402

OK_CODES = {0, 12}  # records written (12: written and flagged key_misfit, or a --key refused)
DOCUMENTED = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 13, 14}  # extract.errors.ExitCode, but 70 (a bug)
PR_CAPBSET_DROP, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 24, 1, 2  # linux/prctl.h, linux/capability.h


@dataclass
class Case:
    cls: str
    name: str
    args: list  # include-extract's arguments (before -o), or include-review's
    tool: str = "extract"  # or "review"
    codes: set[int] = field(default_factory=lambda: set(DOCUMENTED))  # what may come out
    blame: Path | None = None  # the file an error line must name
    db: Path | None = None  # review: the store that a failed import must leave as it was
    as_nobody: bool = False  # run without root's right to read anything (locked files and folders)
    errors: int = 1  # error lines when it fails (one per file or folder to blame)
    with_records: bool = False  # fails for part of its inputs, and the others' records are written


@dataclass
class Outcome:
    verdict: str  # ok / clean / defect
    code: int
    why: str = ""
    stderr: str = ""
    cpu: float = 0.0  # seconds of CPU it used
    mem: int = 0  # its peak resident memory, bytes


def limit(mem_bytes: int, cpu_s: int):
    """preexec_fn: the child (and what it forks) held to `mem_bytes` of address space and
    `cpu_s` seconds of CPU (SIGXCPU past them, SIGKILL a second later)."""
    def apply():
        resource.setrlimit(resource.RLIMIT_AS, (mem_bytes, mem_bytes))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_s, cpu_s + 1))
    return apply


def run_case(case: Case, out: Path, mem_bytes: int = 2 << 30, cpu_s: int = 60, wall_s: int = 300) -> Outcome:
    """Run one case under the limits and judge it (see the module docstring)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), HF_HUB_OFFLINE="1", PYTHONDONTWRITEBYTECODE="1")
    if case.tool == "extract":
        cmd = [sys.executable, "-m", "extract", "-q", "-o", os.fspath(out), *map(os.fspath, case.args)]
    else:
        cmd = [sys.executable, "-m", "review.cli", "import", *map(os.fspath, case.args), "--db", os.fspath(case.db)]
    before = _dump(case.db) if case.db else None
    pre = limit(mem_bytes, cpu_s)
    if case.as_nobody:
        pre = _as_nobody(pre)
    with tempfile.TemporaryFile() as err_file:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err_file, env=env, preexec_fn=pre,
                                start_new_session=True)
        # asleep, not computing, the CPU limit cannot catch it: killed past wall_s
        timer = threading.Timer(wall_s, os.killpg, (proc.pid, signal.SIGKILL))
        timer.start()
        _, status, usage = os.wait4(proc.pid, 0)  # with what it used (its reaped workers included)
        timer.cancel()
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        err_file.seek(0)
        err = err_file.read().decode("utf-8", "replace")
    cpu, mem = usage.ru_utime + usage.ru_stime, usage.ru_maxrss << 10
    why = _fault(case, code, err, out, before)
    wrote = case.tool == "extract" and out.exists()
    verdict = "defect" if why else ("ok" if code == 0 or code in OK_CODES and wrote else "clean")
    return Outcome(verdict, code, why, err, cpu, mem)


def _fault(case: Case, code: int, err: str, out: Path, before) -> str:
    prefix = "include-extract:" if case.tool == "extract" else "include-review:"
    lines = err.splitlines()
    if code < 0:
        return f"killed by signal {-code} (a limit)"
    if "Traceback" in err or "internal error" in err:
        return "traceback or internal error: " + (lines[-1] if lines else "")
    own = (prefix,) if case.tool == "extract" else (prefix, printable(os.fspath(case.args[0])) + ":")
    stray = next((ln for ln in lines if not ln.startswith(own)), None)  # (include-review's summary starts with the CSV)
    if stray is not None:
        return f"a line of stderr that is not the tool's (a message split or forged?): {stray[:200]!r}"
    if code not in case.codes:
        return f"exit {code}, expected one of {sorted(case.codes)}: " + " | ".join(lines[-2:])
    if case.tool == "review":
        if code != 0 and _dump(case.db) != before:
            return "a failed import changed the store"
        return ""
    wrote = out.exists() and bool(out.read_bytes().strip())
    if code == 0 or case.with_records:
        if not wrote:
            return f"exit {code} but no records written"
        if code == 0:
            return ""
    elif code == 12 and wrote:  # written, flagged key_misfit (a --key that does not fit is refused: below)
        return ""
    elif out.exists():
        return f"exit {code} and a partial output left"
    errors = [ln for ln in lines if ln.startswith("include-extract: error:")]
    if len(errors) != case.errors:
        return f"{len(errors)} error lines, expected {case.errors}"
    if case.blame is not None and printable(os.fspath(case.blame)) not in errors[0]:
        return f"the error does not name {printable(os.fspath(case.blame))}: {errors[0]}"
    return ""


def _as_nobody(then):
    """preexec_fn: `then`, and without root's right to read what its mode refuses (the
    capabilities CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH dropped from the bounding set, so that
    the tool, exec'd next, does not get them): locked files are locked for the tool too."""
    def apply():
        then()
        if os.geteuid() == 0:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            for cap in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
                if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
                    raise OSError(ctypes.get_errno(), "cannot drop a capability")
    return apply


def _dump(db: Path) -> list[str]:
    con = sqlite3.connect(db)
    try:
        return list(con.iterdump())
    finally:
        con.close()


# -- PDF classes ----------------------------------------------------------------------------------
SEED_QUESTIONS = 12


def seed_exam(folder: Path) -> tuple[Path, Path]:
    """A small booklet (3 pages, 12 questions) and its key PDF, generated: the quickest seed."""
    from pdfgen import answer_grid, booklet, make_pdf, mcq

    n = SEED_QUESTIONS
    qs = [mcq(f"{i}.", f"¿Cuál es la respuesta correcta a la pregunta número {i} del examen de prueba?",
              ["la primera opción", "la segunda opción", "la tercera opción", "la cuarta opción"])
          for i in range(1, n + 1)]
    exam = booklet(folder / "exam.pdf", [qs[:4], qs[4:8], qs[8:]])
    grid = answer_grid([(str(k), "ABCD"[k % 4]) for k in range(1, n + 1)], 6)
    key = make_pdf(folder / "key.pdf", [[(60, 80, "PLANTILLA DE RESPUESTAS", "hebo", 12), *grid]])
    return exam, key


def truncated(seed: bytes, dst: Path, rng: random.Random) -> Case:
    cut = int(len(seed) * rng.uniform(0.02, 0.98))
    dst.write_bytes(seed[:cut])
    return Case("truncation", dst.name, [dst], blame=dst)


def byte_flips(seed: bytes, dst: Path, rng: random.Random) -> Case:
    data = bytearray(seed)
    for _ in range(rng.choice((1, 4, 16, 64, 256))):
        data[rng.randrange(len(data))] = rng.randrange(256)
    dst.write_bytes(bytes(data))
    return Case("byte_flips", dst.name, [dst], blame=dst)


def broken_xref(seed: bytes, dst: Path, rng: random.Random) -> Case:
    """The cross-reference table's offsets (or the startxref pointer) scrambled, or the table cut out."""
    data = bytearray(seed)
    how = rng.choice(("offsets", "startxref", "remove"))
    if how == "offsets":
        for m in re.finditer(rb"(?m)^\d{10} \d{5} [nf]", bytes(data)):
            if rng.random() < 0.5:
                data[m.start():m.start() + 10] = b"%010d" % rng.randrange(len(seed) * 2)
    elif how == "startxref":
        for m in re.finditer(rb"startxref\s+(\d+)", bytes(data)):
            new = b"%d" % rng.randrange(len(seed) * 2)
            data[m.start(1):m.end(1)] = new[:m.end(1) - m.start(1)].ljust(m.end(1) - m.start(1), b"0")
    else:
        data = bytearray(re.sub(rb"(?s)\nxref\n.*?trailer", b"\ntrailer", bytes(data)))
    dst.write_bytes(bytes(data))
    return Case("broken_xref", f"{dst.name} ({how})", [dst], blame=dst)


def raw_pdf(objects: list[bytes], root: int = 1) -> bytes:
    """A PDF from numbered object bodies (1-based), with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<</Size %d/Root %d 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref)
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"", compress: bool = False) -> bytes:
    if compress:
        data = zlib.compress(data, 9)
        extra += b"/Filter/FlateDecode"
    return b"<</Length %d%s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


FONT = b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>"


def _text_ops(lines: list[str], x: float = 60, y: float = 780, lead: float = 14) -> bytes:
    ops = [b"BT /F1 10 Tf %g %g Td %g TL" % (x, y, lead)]
    ops += [b"(" + ln.encode("latin-1").replace(b"(", b"\\(").replace(b")", b"\\)") + b") '" for ln in lines]
    return b"\n".join(ops + [b"ET"])


def page_loop(dst: Path, rng: random.Random) -> Case:
    """A page tree that contains itself: Kids naming the node itself, its parent, or a cycle of two."""
    how = rng.choice(("self", "parent", "pair"))
    content = _stream(_text_ops(["1. Pregunta?", "a) uno", "b) dos", "c) tres", "d) cuatro"]))
    page = b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>"
    if how == "self":
        pages = b"<</Type/Pages/Kids[3 0 R 2 0 R]/Count 2>>"
        objs = [b"<</Type/Catalog/Pages 2 0 R>>", pages, page, content, FONT]
    elif how == "parent":
        pages = b"<</Type/Pages/Kids[6 0 R]/Count 3>>"
        inner = b"<</Type/Pages/Parent 2 0 R/Kids[3 0 R 2 0 R]/Count 2>>"
        objs = [b"<</Type/Catalog/Pages 2 0 R>>", pages, page, content, FONT, inner]
    else:
        pages = b"<</Type/Pages/Kids[6 0 R]/Count 4>>"
        a = b"<</Type/Pages/Parent 2 0 R/Kids[3 0 R 7 0 R]/Count 2>>"
        b = b"<</Type/Pages/Parent 6 0 R/Kids[6 0 R]/Count 2>>"
        objs = [b"<</Type/Catalog/Pages 2 0 R>>", pages, page, content, FONT, a, b]
    dst.write_bytes(raw_pdf(objs))
    return Case("page_loop", f"{dst.name} ({how})", [dst], codes=OK_CODES | {5, 6, 7}, blame=dst)


def _one_page(content: bytes, media: bytes = b"[0 0 595 842]", page_extra: bytes = b"",
              resources: bytes = b"/Font<</F1 5 0 R>>", more: list[bytes] = ()) -> bytes:
    page = (b"<</Type/Page/Parent 2 0 R/MediaBox" + media + page_extra + b"/Contents 4 0 R/Resources<<"
            + resources + b">>>>")
    return raw_pdf([b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[3 0 R]/Count 1>>", page, content,
                    FONT, *more])


@functools.lru_cache(maxsize=8)
def _deflated(byte: bytes, size: int) -> bytes:
    """`size` times `byte`, deflated a MiB at a time (a bomb is made once, and never whole)."""
    z = zlib.compressobj(6)
    chunk = byte * (1 << 20)
    return b"".join(z.compress(chunk) for _ in range(size >> 20)) + z.flush()


def bomb(dst: Path, rng: random.Random, size: int = 200 << 20) -> Case:
    """Compression bombs: a content stream, or an image, of `size` bytes in a few hundred KB."""
    how = rng.choice(("content", "image", "nested"))
    if how == "content":
        data = _one_page(_stream(_deflated(b" ", size), b"/Filter/FlateDecode"))
    elif how == "image":
        side = 1 << 14 if size >= 1 << 28 else 1 << 13
        img = _stream(_deflated(b"\0", side * side), b"/Type/XObject/Subtype/Image/Width %d/Height %d"
                      b"/ColorSpace/DeviceGray/BitsPerComponent 8/Filter/FlateDecode" % (side, side))
        data = _one_page(_stream(b"q 595 0 0 842 0 0 cm /Im1 Do Q"), resources=b"/XObject<</Im1 6 0 R>>",
                         more=[img])
    else:  # nesting deeper than any parser's stack
        depth = rng.choice((10_000, 100_000))
        data = _one_page(_stream(b"[" * depth + b"]" * depth + b"\n" + _text_ops(["1. Hola"])))
    dst.write_bytes(data)
    return Case("bomb", f"{dst.name} ({how})", [dst], codes={5, 7, 9}, blame=dst)


def huge_page(dst: Path, rng: random.Random) -> Case:
    """Pages that declare enormous sizes: the largest media box, an absurd one, /UserUnit."""
    how = rng.choice(("max_box", "absurd_box", "user_unit"))
    text = _text_ops([f"{n}. Pregunta numero {n}?" for n in range(1, 4)] + ["a) si", "b) no", "c) tal vez", "d) nunca"])
    if how == "max_box":
        data = _one_page(_stream(text), b"[0 0 14400 14400]")
    elif how == "absurd_box":
        data = _one_page(_stream(text), b"[0 0 1e9 1e9]")
    else:
        data = _one_page(_stream(text), page_extra=b"/UserUnit %d" % rng.choice((75000, 300000)))
    dst.write_bytes(data)
    return Case("huge_page", f"{dst.name} ({how})", [dst], codes={0, 7}, blame=dst)


def huge_image(dst: Path, rng: random.Random) -> Case:
    """A page that is one image of tens of thousands of pixels a side (a scan, to OCR)."""
    side = rng.choice((20000, 40000))
    img = _stream(b"\xff" * (side * 64), b"/Type/XObject/Subtype/Image/Width %d/Height 64/ColorSpace/DeviceGray"
                  b"/BitsPerComponent 8" % side, compress=True)
    data = _one_page(_stream(b"q 595 0 0 842 0 0 cm /Im1 Do Q"), resources=b"/XObject<</Im1 6 0 R>>", more=[img])
    dst.write_bytes(data)
    return Case("huge_image", f"{dst.name} ({side} px)", [dst, "--ocr", "never"], codes={7}, blame=dst)


def stacked_spans(dst: Path, rng: random.Random, n: int = 20000) -> Case:
    """One page of `n` one-letter spans stacked in columns of 2000, each letter a word of its own
    (a tall page, small print), the doubled-label pass's worst case."""
    rows = 2000
    size, step = 0.5, 7.0  # each line 7 times its font size below the one before
    ops = [b"BT /F1 %g Tf" % size]
    for i in range(n):
        ops.append(b"1 0 0 1 %g %g Tm (%s) Tj" % (20 + 20 * (i // rows), 20 + step * size * (i % rows),
                                                   bytes([97 + rng.randrange(26)])))
    ops.append(b"ET")
    width, height = 40 + 20 * ((n - 1) // rows + 1), 40 + step * size * rows
    dst.write_bytes(_one_page(_stream(b"\n".join(ops), compress=True), b"[0 0 %g %g]" % (width, height)))
    return Case("stacked_spans", f"{dst.name} ({n})", [dst], codes={0, 7}, blame=dst)


def concatenated(seed: Path, dst: Path, times: int) -> Case:
    """A booklet repeated `times` times, its numbering starting again at 1 each time (slow until
    heading detection stops re-scanning for each repeated question)."""
    import pymupdf

    src = pymupdf.open(seed)
    out = pymupdf.open()
    for _ in range(times):
        out.insert_pdf(src)
    out.save(dst, garbage=1)
    return Case("concatenated", f"{dst.name} (x{times})", [dst], codes=OK_CODES, blame=dst)


def tolerated(seed: bytes, dst: Path, rng: random.Random) -> Case:
    """What viewers open: junk before the header (within 1024 bytes), bytes after %%EOF."""
    how = rng.choice(("header_late", "trailing", "trailing_html"))
    if how == "header_late":
        data = os.urandom(rng.randrange(1, 1000)).replace(b"%PDF", b"xxxx") + seed
    elif how == "trailing":
        data = seed + os.urandom(rng.choice((5000, 100_000))).replace(b"endobj", b"xxxxxx")
    else:
        data = seed + b"\r\n<html><body>" + b"tracking pixel " * 500 + b"</body></html>"
    dst.write_bytes(data)
    return Case("tolerated", f"{dst.name} ({how})", [dst], codes=OK_CODES)


def broken_page(seed: bytes, dst: Path, rng: random.Random) -> Case:
    """One page object whose content stream cannot be decoded, or that is not a page at all: the
    page is skipped, the exam goes on."""
    import pymupdf

    doc = pymupdf.open(stream=seed, filetype="pdf")
    victim = rng.randrange(1, max(2, doc.page_count))
    xref = doc[victim].xref
    how = rng.choice(("content", "not_a_page"))
    if how == "content":
        for c in doc[victim].get_contents():
            doc.update_stream(c, b"garbage" * 50, compress=False)
            doc.xref_set_key(c, "Filter", "/FlateDecode")
    else:
        doc.update_object(xref, "[1 2 3]")
    doc.save(dst)
    return Case("broken_page", f"{dst.name} (page {victim + 1}: {how})", [dst], codes=OK_CODES | {5, 7}, blame=dst)


ODD_NAMES = ["new\nline.pdf", "carriage\rreturn.pdf", "esc\x1b[31mred.pdf", "rlo\u202efdp.exe.pdf",
             "latin1-\xe9\xff.pdf".encode("latin-1").decode("utf-8", "surrogateescape"), " spaces  .pdf",
             "-dash.pdf", "quote'\"$(x).pdf", "tab\tname.pdf", "\u00e9\u0301 nfd.pdf"]


def odd_name(seed: bytes, folder: Path, name: str, broken: bool) -> Case:
    """A file named to split or forge a message: good (records) or broken (one escaped line)."""
    dst = folder / name
    dst.write_bytes(seed[: len(seed) // 3] if broken else seed)
    return Case("odd_name", repr(name), ["--", dst], codes={5} if broken else OK_CODES, blame=dst)


def locked(seed: bytes, folder: Path, how: str) -> Case:
    """A file that cannot be read, or one inside a folder that cannot be entered; run as nobody.
    The folder case also holds a readable exam: its records are written, the folder said once."""
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o755)
    if how == "file":
        f = folder / "locked.pdf"
        f.write_bytes(seed)
        os.chmod(f, 0)
        return Case("locked", "unreadable file", [f], codes={13}, blame=f, as_nobody=True)
    inner = folder / "inner"
    inner.mkdir(exist_ok=True)
    (inner / "a.pdf").write_bytes(seed)
    (folder / "b.pdf").write_bytes(seed)
    os.chmod(folder / "b.pdf", 0o644)
    os.chmod(inner, 0)
    return Case("locked", "folder that cannot be entered", [folder], codes={13}, blame=inner, as_nobody=True,
                with_records=True)


def hostile_key(exam: Path, key: Path, inner: Case) -> Case:
    """A good exam with a hostile file as its --key: the error must name the key."""
    codes = (inner.codes - OK_CODES) | {0, 7, 12} if inner.codes - OK_CODES else inner.codes | {7, 12}
    return Case("hostile_key", f"key {inner.cls} {inner.name}", [exam, "--key", key], codes=codes, blame=key)


def not_pdf(dst: Path, rng: random.Random) -> Case:
    how = rng.choice(("html", "zip", "png", "text", "zeros"))
    data = {"html": b"<!DOCTYPE html><html><body>403 Forbidden</body></html>", "zip": b"PK\x03\x04" + os.urandom(500),
            "png": b"\x89PNG\r\n\x1a\n" + os.urandom(500), "text": b"just some text\n" * 10,
            "zeros": b"\0" * 4096}[how]
    dst.write_bytes(data)
    return Case("not_pdf", f"{dst.name} ({how})", [dst], codes={3}, blame=dst)


# -- CSV classes ----------------------------------------------------------------------------------
def csv_cases(good: bytes, folder: Path, db: Path, rng: random.Random, n: int) -> list[Case]:
    """`n` hostile versions of a review CSV exported from `db` (UTF-8 with a BOM)."""
    text = good.decode("utf-8-sig")
    lines = text.split("\r\n")
    header = lines[0].split(",")
    makers = {
        "oversize_cell": lambda: _with_cell(lines, rng, "x" * rng.choice((140_000, 1 << 20))),
        "latin1": lambda: ("\ufeff" if rng.random() < 0.5 else "").encode() + _with_cell(
            lines, rng, "Pregunta con acentuaci\u00f3n").decode("utf-8-sig").encode("latin-1", "replace"),
        "utf16": lambda: text.encode("utf-16"),
        "broken_quote": lambda: _with_cell(lines, rng, None, raw='"never closed'),
        "byte_flips": lambda: _flip(good, rng),
        "truncated": lambda: good[: rng.randrange(len(good))],
        "nul_bytes": lambda: good.replace(b",", b",\0", rng.randrange(1, 20)),
        "wrong_columns": lambda: ("\ufeff" + ",".join(rng.sample(header, len(header) - 1)) + "\r\n"
                                  + "\r\n".join(lines[1:])).encode(),
        "ragged_rows": lambda: "\r\n".join(ln + ",extra" * rng.randrange(0, 2) for ln in lines).encode(),
        "formula": lambda: _with_cell(lines, rng, rng.choice(["\uff1d1+1", "=cmd|'/c calc'!A1", "\ufe62SUM(1)",
                                                              "\uff20x", "\u22121"]), col="notes"),
        "many_rows": lambda: ("\r\n".join(lines + [lines[1]] * rng.choice((100, 5000)))).encode(),
        "empty": lambda: rng.choice((b"", b"\xef\xbb\xbf", b"\r\n\r\n")),
        "semicolons": lambda: text.replace(",", ";").encode(),
        "control_chars": lambda: _with_cell(lines, rng, "a\x1b[2Jb\u202ec\x00d", col="notes"),
    }
    kinds = sorted(makers)
    cases = []
    for i in range(n):
        kind = kinds[i % len(kinds)]
        dst = folder / f"{kind}-{i}.csv"
        dst.write_bytes(makers[kind]())
        codes = {0, 1} if kind in ("formula", "many_rows", "semicolons", "control_chars", "ragged_rows",
                                   "byte_flips", "truncated", "nul_bytes") else {1}
        cases.append(Case(f"csv_{kind}", dst.name, [dst], tool="review", codes=codes, db=db))
    return cases


def _with_cell(lines: list[str], rng: random.Random, value: str | None, col: str = "notes", raw: str = "") -> bytes:
    import csv
    import io

    header = next(csv.reader([lines[0].lstrip("\ufeff")]))
    rows = list(csv.reader(io.StringIO("\r\n".join(lines[1:]), newline="")))
    rows = [r for r in rows if r]
    k = rng.randrange(len(rows))
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header)
    for i, r in enumerate(rows):
        if i == k and value is not None:
            r = list(r)
            r[header.index(col)] = value
        w.writerow(r)
    out = buf.getvalue()
    if raw:
        out_lines = out.split("\r\n")
        out_lines[k + 1] = out_lines[k + 1] + "," + raw
        out = "\r\n".join(out_lines)
    return ("\ufeff" + out).encode("utf-8")


def _flip(data: bytes, rng: random.Random) -> bytes:
    b = bytearray(data)
    for _ in range(rng.choice((1, 8, 64))):
        b[rng.randrange(len(b))] = rng.randrange(256)
    return bytes(b)


def review_store(jsonl: Path, folder: Path) -> tuple[Path, bytes]:
    """A review store with the records of `jsonl`, and its exported CSV (no crops)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), HF_HUB_OFFLINE="1")
    db, out = folder / "store.db", folder / "review.csv"
    for cmd in (["add", jsonl, "--db", db], ["export", "--db", db, "-o", out, "--no-crops", "-q"]):
        subprocess.run([sys.executable, "-m", "review.cli", *map(str, cmd)], check=True, capture_output=True, env=env)
    return db, out.read_bytes()


def copy_store(db: Path, dst: Path) -> Path:
    shutil.copy(db, dst)
    return dst
