"""Throughput of the whole include-extract path against raw PyMuPDF text extraction.

Both run in this process over the same pages, interleaved, best of N rounds each, so the ratio
holds on a shared, noisy machine. The language model and imports are warmed up first: this
measures pages per second, not start-up.

    .venv/bin/python bench/throughput.py [PDF ...] [--rounds N]
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pymupdf  # noqa: E402

from extract.output import render  # noqa: E402
from extract.pipeline import extract_exam  # noqa: E402
from schema import ExamMeta  # noqa: E402

SAMPLES = ROOT / "fixtures" / "samples"
DEFAULT = [
    (SAMPLES / "es_tc_2003" / "exam.pdf", None),
    (SAMPLES / "br_enem_2023_d1" / "exam.pdf", SAMPLES / "br_enem_2023_d1" / "key.pdf"),
]


def raw_pymupdf(pdfs) -> int:
    pages = 0
    for exam, key in pdfs:
        for path in (exam, key) if key else (exam,):
            with pymupdf.open(path) as doc:
                for page in doc:
                    page.get_text()
                    pages += 1
    return pages


def pipeline(pdfs) -> int:
    pages = 0
    for exam, key in pdfs:
        result = extract_exam(exam, key, ExamMeta())
        render([r.model_dump(mode="json") for r in result.records], "jsonl")
        pages += result.pages + (pymupdf.open(key).page_count if key else 0)
    return pages


def best_time(fn, pdfs, rounds: int) -> tuple[float, int]:
    best, pages = float("inf"), 0
    for _ in range(rounds):
        t = time.perf_counter()
        pages = fn(pdfs)
        best = min(best, time.perf_counter() - t)
    return best, pages


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("pdfs", nargs="*", type=Path, help="exam PDFs (default: the bundled samples)")
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    pdfs = [(p, None) for p in args.pdfs] or DEFAULT
    pipeline(pdfs)  # warm-up: imports, language model
    raw_pymupdf(pdfs)
    t_raw = t_pipe = float("inf")
    pages = 0
    for _ in range(args.rounds):  # interleaved so both see the same machine load
        r, pages = best_time(raw_pymupdf, pdfs, 1)
        p, _ = best_time(pipeline, pdfs, 1)
        t_raw, t_pipe = min(t_raw, r), min(t_pipe, p)
    print(f"pages: {pages} (best of {args.rounds} rounds)")
    print(f"raw PyMuPDF get_text(): {pages / t_raw:8.1f} pages/s")
    print(f"include-extract path:   {pages / t_pipe:8.1f} pages/s")
    print(f"ratio pipeline/raw:     {t_raw / t_pipe:8.2f}x  (target >= 0.5x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
