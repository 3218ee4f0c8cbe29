"""OCR under degradation: text-layer exams of the corpus rebuilt as scans, read back, and scored
against what their own text layer gives.

    .venv/bin/python bench/degrade.py CORPUS_DIR [--manifest manifest.tsv] [--exams ID,...]
        [--pages N] [--cells all|ref|targets|DPI,Q,SKEW[;...]|photocopy] [-j N] [-v] [--save DIR] [--keep DIR]

For each exam (by default ten of the corpus's text exams, from seven families) a few pages of
questions are cut out (`--pages`, the window holding the most question starts), with the pages
of its key PDF where the key was found. That excerpt, exam and key, is run through
`include-extract --key` as it is (the reference: the text layer needs no hand gold) and then
rebuilt as image-only PDFs over a matrix of resolution {100, 150, 200, 300} dpi x JPEG quality
{30, 60, 90} x skew {0, 1.5} degrees, grey paper and noise (tests/scanner.py), plus a photocopy
preset (whiter paper, blacker ink, toner blur, more noise). A reference question agrees when the
scan gives it with the same number, answer and option count and a text that starts alike
(extract/score.py's "fully right"). The matrix prints the share that agrees per cell, over all
exams; the last line is the share at the reference cell (150 dpi, quality 60, skew 1.5).

The real scans and the garbled booklet of the corpus are scored by key coverage in
bench/corpus.py (`--only` their ids).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import pymupdf  # noqa: E402
from corpus import manifest_rows  # noqa: E402
from scanner import scan_pdf  # noqa: E402

from extract.score import score  # noqa: E402
from schema.common import LETTERS  # noqa: E402

EXAMS = ["br_enem_2012_d2_azul", "br_enem_2016_d2_azul", "br_enem_2022_d1_azul", "cl_paes_2023_m1",
         "cl_paes_2025w_l", "cl_pdt_2022_fis", "cl_pdt_2022_h", "cl_paes_2025_h_sel", "es_xunta_2024_a2pe_gl",
         "es_tc_2003"]
DPIS, QUALITIES, SKEWS = (100, 150, 200, 300), (30, 60, 90), (0.0, 1.5)
REFERENCE = (150, 60, 1.5)
PHOTOCOPY = dict(dpi=200, quality=60, skew=1.0, noise=14.0, blur=0.9, tone=((240, 250), (5, 20)))


@dataclass(frozen=True)
class Cell:
    name: str
    dpi: int
    quality: int
    skew: float
    noise: float = 8.0
    blur: float = 0.0
    tone: tuple = ((225, 235), (25, 45))


def cells(which: str) -> list[Cell]:
    """The cells named: `all`, `ref`, `targets`, `photocopy` or DPI,QUALITY,SKEW, several
    separated by `;`."""
    out: list[Cell] = []
    for name in which.split(";"):
        if name == "ref":
            out.append(Cell("reference", *REFERENCE))
        elif name == "targets":  # the cells issue 14's targets name: >= 150 dpi at quality >= 60, 100 dpi at 60
            out += [_cell(d, q, s) for d in DPIS for q in QUALITIES for s in SKEWS if q >= 60 and (d > 100 or q == 60)]
        elif name == "all":
            out += [_cell(d, q, s) for d in DPIS for q in QUALITIES for s in SKEWS] + [Cell("photocopy", **PHOTOCOPY)]
        else:
            out.append(_parsed(name))
    return out


def _parsed(text: str) -> Cell:
    if text == "photocopy":
        return Cell("photocopy", **PHOTOCOPY)
    d, q, s = text.split(",")
    return _cell(int(d), int(q), float(s))


def _cell(dpi: int, quality: int, skew: float) -> Cell:
    return Cell(f"{dpi}dpi q{quality} skew {skew:g}", dpi, quality, skew)


def extract(exam: Path, key: Path | None, language: str, out: Path) -> tuple[list[dict], str]:
    """Records of one run as a user runs it (one process, one OCR job: runs go side by side)."""
    cmd = [sys.executable, "-m", "extract", str(exam), "-o", str(out), "-q", "--force", "--jobs", "1",
           "--language", language]
    if key is not None:
        cmd += ["--key", str(key)]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, check=False)
    records = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()] if out.exists() else []
    err = "" if proc.returncode == 0 else (proc.stderr.strip().splitlines() or [f"exit {proc.returncode}"])[-1]
    return records, err


def key_pages(key: Path) -> list[int]:
    from extract.pipeline import _marks
    from extract.questions import answer_keys
    from extract.reading import read_document
    from extract.triage import open_pdf

    src = open_pdf(key)
    doc = read_document(src)
    return sorted(answer_keys.read_key(doc.layouts, _marks(src, doc)).pages)


def excerpt(src: Path, pages: list[int], dst: Path) -> Path:
    with pymupdf.open(src) as doc, pymupdf.open() as out:
        for n in pages:
            out.insert_pdf(doc, from_page=n, to_page=n)
        out.save(dst, garbage=3, deflate=True)
    return dst


def window(records: list[dict], page_count: int, size: int) -> list[int]:
    """The `size` consecutive pages (0-based) where the most questions start."""
    starts = [r["page"] - 1 for r in records]
    best = max(range(max(1, page_count - size + 1)), key=lambda a: (sum(a <= p < a + size for p in starts), -a))
    return list(range(best, min(page_count, best + size)))


def as_gold(records: list[dict]) -> list[dict]:
    return [{"number": r["number"], "variant": r.get("variant"), "reserve": "reserve" in r["flags"],
             "answer": None if r.get("answer") is None else LETTERS[r["answer"]],
             "n_options": len(r["choices"]), "question_start": r["question"][:60]} for r in records]


@dataclass
class Exam:
    id: str
    language: str
    exam: Path  # the text-layer excerpt
    key: Path | None
    gold: list[dict]


def prepare(folder: Path, language: str, size: int, tmp: Path) -> Exam | None:
    exam, key = folder / "exam.pdf", folder / "key.pdf"
    key = key if key.exists() else None
    with pymupdf.open(exam) as doc:
        count = doc.page_count
    full, _ = extract(exam, key, language, tmp / f"{folder.name}-full.jsonl")
    pages = window(full, count, size)
    part = excerpt(exam, pages, tmp / f"{folder.name}-exam.pdf")
    kpart = None
    if key is not None and (kp := key_pages(key)):
        kpart = excerpt(key, kp, tmp / f"{folder.name}-key.pdf")
    records, err = extract(part, kpart, language, tmp / f"{folder.name}-text.jsonl")
    if not records:
        print(f"  {folder.name}: no reference ({err})", file=sys.stderr)
        return None
    return Exam(folder.name, language, part, kpart, as_gold(records))


def run_cell(exam: Exam, cell: Cell, tmp: Path) -> tuple[int, int, list[str]]:
    stem = tmp / f"{exam.id}-{cell.name.replace(' ', '_')}"
    opts = dict(dpi=cell.dpi, quality=cell.quality, skew=cell.skew, noise=cell.noise, blur=cell.blur, tone=cell.tone)
    scan = scan_pdf(exam.exam, f"{stem}-exam.pdf", **opts)
    kscan = scan_pdf(exam.key, f"{stem}-key.pdf", **opts) if exam.key else None
    records, err = extract(scan, kscan, exam.language, Path(f"{stem}.jsonl"))
    _, problems = score(records, exam.gold)
    right = len(exam.gold) - len(problems)
    return right, len(exam.gold), ([err] if err else []) + problems


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", type=Path, help="folder of ID/exam.pdf [+ ID/key.pdf]")
    ap.add_argument("--manifest", type=Path, help="the corpus's manifest.tsv (languages)")
    ap.add_argument("--exams", help=f"comma-separated ids (default: {len(EXAMS)} from seven families)")
    ap.add_argument("--pages", type=int, default=2, help="pages of questions per exam (default 2)")
    ap.add_argument("--cells", default="all", help="all (the whole matrix), ref (the reference cell), targets (the "
                                                   "14 cells the targets name: 150-300 dpi at quality 60 and 90, 100 "
                                                   "dpi at 60) or cells as DPI,QUALITY,SKEW or photocopy, "
                                                   "separated by ';' (100,60,1.5;150,90,0;photocopy)")
    ap.add_argument("-j", "--jobs", type=int, default=2, help="runs side by side (default 2)")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every question that does not agree")
    ap.add_argument("--save", type=Path, metavar="DIR", help="also write the table to DIR/degrade-DATE.md")
    ap.add_argument("--keep", type=Path, metavar="DIR", help="keep the excerpts, scans and records in DIR")
    args = ap.parse_args()
    manifest = manifest_rows(args.manifest)
    ids = args.exams.split(",") if args.exams else EXAMS
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp) if args.keep is None else args.keep
        tmp.mkdir(parents=True, exist_ok=True)
        with ThreadPoolExecutor(args.jobs) as pool:
            exams = [e for e in pool.map(lambda i: prepare(args.corpus / i, manifest.get(i, {}).get("language", "es"),
                                                           args.pages, tmp), ids) if e]
            print(f"{len(exams)} exams, {sum(len(e.gold) for e in exams)} reference questions", file=sys.stderr)
            todo = [(c, e) for c in cells(args.cells) for e in exams]
            results = list(pool.map(lambda ce: run_cell(ce[1], ce[0], tmp), todo))
    by_cell: dict[Cell, list[int]] = {}
    for (cell, exam), (right, total, problems) in zip(todo, results):
        acc = by_cell.setdefault(cell, [0, 0])
        acc[0] += right
        acc[1] += total
        if args.verbose and problems:
            print(f"  {cell.name} {exam.id}: " + "; ".join(problems[:8]), file=sys.stderr)
    lines = table(by_cell, exams)
    lines.append(f"({time.perf_counter() - started:.0f} s)")
    print("\n".join(lines))
    if args.save:
        args.save.mkdir(parents=True, exist_ok=True)
        (args.save / f"degrade-{date.today()}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


def table(by_cell: dict, exams: list[Exam]) -> list[str]:
    share = {c: (r / t if t else 0.0) for c, (r, t) in by_cell.items()}
    lines = [f"exams: {', '.join(e.id for e in exams)}", ""]
    grid = [c for c in share if c.name != "photocopy" and c.name != "reference"]  # (cells of the matrix)
    if grid:
        lines += ["| dpi | quality | " + " | ".join(f"skew {s:g}" for s in SKEWS) + " |",
                  "|---|---|" + "---|" * len(SKEWS)]
        for d in DPIS:
            for q in QUALITIES:
                row = [share.get(Cell(f"{d}dpi q{q} skew {s:g}", d, q, s)) for s in SKEWS]
                lines.append(f"| {d} | {q} | " + " | ".join("" if v is None else f"{v:.3f}" for v in row) + " |")
    for label, goal, pick in (("150 dpi and above, quality >= 60", 0.93, lambda c: c.dpi >= 150 and c.quality >= 60),
                              ("100 dpi, quality 60", 0.85, lambda c: c.dpi == 100 and c.quality == 60)):
        mine = [c for c in grid if pick(c)]
        if mine:
            low = min(mine, key=lambda c: share[c])
            lines.append(f"lowest at {label}: {share[low]:.3f} ({low.name}; target {goal})")
    for c in share:
        if c.name == "photocopy":
            lines.append(f"\nphotocopy (200 dpi, quality 60, skew 1, blur, high contrast): {share[c]:.3f}")
    ref = next((c for c in share if (c.dpi, c.quality, c.skew) == REFERENCE and c.name != "photocopy"), None)
    if ref is not None:
        r, t = by_cell[ref]
        lines.append(f"reference cell (150 dpi, quality 60, skew 1.5): {r}/{t} = {share[ref]:.3f}")
    return lines


if __name__ == "__main__":
    sys.exit(main())
