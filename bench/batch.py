"""Batch speed: `include-extract FOLDER` over a corpus's text exams, against one process running
raw PyMuPDF `get_text()` over the same files.

    .venv/bin/python bench/batch.py CORPUS_DIR [--manifest manifest.tsv] [--rounds N]

The folder holds the booklets (`ID/exam.pdf`) of the corpus's text exams (the manifest's `kind`;
every exam without a manifest), linked into one temporary folder. include-extract runs as a
user runs it, default settings (a process per core), as a subprocess; the baseline reads every
page's text in this process. Rounds alternate; the best of each is kept. The figure is the ratio
of pages per second (the project's target: >= 0.6).
"""
from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pymupdf  # noqa: E402
from corpus import manifest_rows  # noqa: E402


def raw(pdfs: list[Path]) -> int:
    pages = 0
    for pdf in pdfs:
        with pymupdf.open(pdf) as doc:
            for page in doc:
                page.get_text()
                pages += 1
    return pages


def tool(folder: Path, out: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "extract", str(folder), "-q", "-o", str(out)], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    if proc.returncode not in (0, 12):  # 12: an exam whose key does not fit, written all the same
        raise SystemExit(f"batch.py: include-extract failed ({proc.returncode}): {proc.stderr.strip()[-500:]}")


def _children_cpu() -> float:
    use = resource.getrusage(resource.RUSAGE_CHILDREN)  # include-extract, its workers, Tesseract
    return use.ru_utime + use.ru_stime


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--manifest", type=Path)
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()
    kinds = {k: v.get("kind", "text") for k, v in manifest_rows(args.manifest or args.corpus / "manifest.tsv").items()}
    pdfs = sorted(p / "exam.pdf" for p in args.corpus.iterdir()
                  if (p / "exam.pdf").is_file() and kinds.get(p.name, "text") == "text")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "exams"
        folder.mkdir()
        for pdf in pdfs:
            (folder / f"{pdf.parent.name}.pdf").symlink_to(pdf.resolve())
        pages = raw(pdfs)  # warm the page cache for both
        best_raw = best_tool = cpu_raw = cpu_tool = float("inf")
        for _ in range(args.rounds):
            t, c = time.perf_counter(), time.process_time()
            raw(pdfs)
            best_raw = min(best_raw, time.perf_counter() - t)
            cpu_raw = min(cpu_raw, time.process_time() - c)
            t, c = time.perf_counter(), _children_cpu()
            tool(folder, Path(tmp) / "records.jsonl")
            best_tool = min(best_tool, time.perf_counter() - t)
            cpu_tool = min(cpu_tool, _children_cpu() - c)
    print(f"exams: {len(pdfs)} text booklets, {pages} pages, best of {args.rounds}")
    print(f"raw PyMuPDF get_text():    {pages / best_raw:7.1f} pages/s")
    print(f"include-extract FOLDER:    {pages / best_tool:7.1f} pages/s")
    # CPU seconds do not depend on what else the machine runs, unlike pages/s
    print(f"CPU seconds: include-extract {cpu_tool:.1f} over its processes, raw {cpu_raw:.1f} "
          f"({cpu_tool / cpu_raw:.2f}x)")
    print(f"ratio include-extract/raw: {best_raw / best_tool:7.2f}x  (target >= 0.6x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
