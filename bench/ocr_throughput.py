"""OCR throughput: the pipeline's OCR path against one plain single-threaded Tesseract.

A scanned copy of a sample exam is made (tests/scanner.py); its pages are rendered at the
OCR resolution and saved as PNG, and the baseline runs `tesseract page.png stdout` on them one
after another, one process with OMP_THREAD_LIMIT=1, as a volunteer would by hand. The pipeline
reads the same scanned PDF with `--jobs` workers (default: one per core), from routing to
records. Both run in this process, alternating, best of N rounds; the figure is the ratio of
pages per second, to compare with the target of 0.8 x cores. Each round's own ratio is printed
too: on a shared machine they spread by a tenth or more.

    .venv/bin/python bench/ocr_throughput.py [--pages N] [--jobs N] [--rounds N]
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import pymupdf  # noqa: E402
from scanner import scan_pdf  # noqa: E402

from extract.ocr import tesseract  # noqa: E402
from extract.ocr.page import DPI  # noqa: E402
from extract.pipeline import extract_exam  # noqa: E402
from extract.reading import OcrOptions  # noqa: E402
from schema import ExamMeta  # noqa: E402

SAMPLE = ROOT / "fixtures" / "samples" / "es_tc_2003" / "exam.pdf"


def plain_tesseract(pngs: list[Path], lang: str) -> int:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    for png in pngs:
        subprocess.run(["tesseract", str(png), "stdout", "-l", lang], env=env, check=True,
                       capture_output=True)
    return len(pngs)


def pipeline(pdf: Path, jobs: int) -> int:
    result = extract_exam(pdf, None, ExamMeta(language="es"), ocr=OcrOptions(jobs=jobs))
    return result.pages


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=int, default=8, help="pages of the sample to scan (default 8)")
    ap.add_argument("--jobs", type=int, default=tesseract.default_jobs())
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        scanned = scan_pdf(SAMPLE, tmp / "scan.pdf", pages=list(range(args.pages)))
        pngs = []
        with pymupdf.open(scanned) as doc:
            for i, page in enumerate(doc):
                png = tmp / f"p{i}.png"
                page.get_pixmap(dpi=DPI, colorspace=pymupdf.csGRAY).save(png)
                pngs.append(png)
        pipeline(scanned, args.jobs)  # warm-up: imports, language model, page cache
        bases, ourses = [], []
        for _ in range(args.rounds):
            t = time.perf_counter()
            n = plain_tesseract(pngs, "spa")
            bases.append(time.perf_counter() - t)
            t = time.perf_counter()
            pipeline(scanned, args.jobs)
            ourses.append(time.perf_counter() - t)
    base_rate, our_rate = n / min(bases), n / min(ourses)
    print(f"pages: {n} scanned (es_tc_2003 at {DPI} dpi), best of {args.rounds}")
    print(f"plain tesseract, 1 process: {base_rate:.2f} pages/s")
    print(f"pipeline, {args.jobs} jobs:          {our_rate:.2f} pages/s")
    print(f"ratio: {our_rate / base_rate:.2f}x one plain Tesseract "
          f"= {our_rate / base_rate / args.jobs:.2f} x jobs (target >= 0.8 x cores)")
    print("each round: " + ", ".join(f"{b / o / args.jobs:.2f}" for b, o in zip(bases, ourses)) + " x jobs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
