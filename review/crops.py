"""PNG crops of each question's area of its page, so a reviewer sees what was printed."""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import pymupdf

from schema.common import write_atomic

MARGIN = 6  # points around the question's lines: option labels and accents are not cut
DPI = 144  # twice the PDF's 72 points per inch: readable, about 100 KB a question


@dataclass(frozen=True)
class Job:
    pdf: str  # absolute path of the source PDF
    page: int  # 1-based
    bbox: list[float]  # x0 y0 x1 y1 in PDF points
    out: Path


def render(jobs: list[Job], progress: bool = True) -> tuple[int, list[str]]:
    """Write every job's PNG (existing ones are kept: a question's area never changes).
    Returns (crops available, PDFs that could not be opened)."""
    from tqdm import tqdm

    done, broken = 0, []
    todo = [j for j in jobs if not j.out.exists()]
    done += len(jobs) - len(todo)
    by_pdf: dict[str, list[Job]] = {}
    for j in todo:
        by_pdf.setdefault(j.pdf, []).append(j)
    with tqdm(total=len(todo), unit="crop", file=sys.stderr, disable=None if progress else True,
              leave=False) as bar:
        for pdf, group in by_pdf.items():
            try:
                doc = pymupdf.open(pdf)
            except (OSError, RuntimeError, ValueError):  # moved, deleted, replaced by something that is not a PDF
                broken.append(pdf)
                bar.update(len(group))
                continue
            with doc:
                for j in group:
                    done += _crop(doc, j)
                    bar.update(1)
    return done, broken


def _crop(doc: pymupdf.Document, j: Job) -> int:
    if not 1 <= j.page <= doc.page_count:
        return 0
    page = doc[j.page - 1]
    x0, y0, x1, y1 = j.bbox
    clip = pymupdf.Rect(x0 - MARGIN, y0 - MARGIN, x1 + MARGIN, y1 + MARGIN) & page.rect
    if clip.is_empty:
        return 0
    write_atomic(j.out, page.get_pixmap(clip=clip, dpi=DPI).tobytes("png"))  # never a half-written PNG
    return 1
