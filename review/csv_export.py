"""include-review export: the store's questions as one CSV for a spreadsheet, with crops beside it."""
from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path

from schema.common import write_atomic

from . import crops
from .rows import columns, to_row
from .store import Store

CROPS = "crops"  # folder beside the CSV; cells hold paths relative to the CSV


def export(store: Store, out: Path, status: str | None = None, exam: str | None = None,
           country: str | None = None, with_crops: bool = True, progress: bool = True) -> list[str]:
    """Write the CSV (UTF-8 with BOM, so spreadsheets read accents right) atomically, after the
    crops; returns the summary lines."""
    pairs = store.records(status=status, exam=exam, country=country)
    width = max([4, *(len(q.choices) for q, _ in pairs)])
    jobs, no_pdf, no_area = {}, [], 0
    if with_crops:
        for q, review in pairs:
            pdf = review["provenance"].get("pdf")
            if not q.bbox:
                no_area += 1
            elif not pdf or not Path(pdf).is_file():
                no_pdf.append(pdf or q.source_file or q.sha256)
            else:
                jobs[q.id] = crops.Job(pdf, q.page, q.bbox, out.parent / CROPS / f"{q.id}.png")
    made, broken = crops.render(list(jobs.values()), progress=progress and len(jobs) > 20)
    broken = set(broken)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(columns(width))
    for q, review in pairs:
        job = jobs.get(q.id)
        crop = f"{CROPS}/{q.id}.png" if job and job.pdf not in broken and job.out.exists() else ""
        w.writerow(to_row(q, review, crop, width))
    write_atomic(out, "\ufeff" + buf.getvalue())

    by_status = Counter(review["status"] for _, review in pairs)
    flagged = sum(1 for q, _ in pairs if q.flags)
    dups = sum(1 for _, review in pairs if review["dup_of"])
    detail = ", ".join(f"{n} {s}" for s, n in by_status.most_common())
    lines = [(f"{out}: {len(pairs)} rows ({detail or 'none'}; {flagged} flagged, {dups} duplicates), "
              f"{made if with_crops else 'no'} crops")]
    missing = no_pdf + [j.pdf for j in jobs.values() if j.pdf in broken]
    if missing:
        lines.append(f"{out}: no crop for {len(missing)} rows: source PDF not found or unreadable "
                     f"(e.g. {missing[0]}); add the records again with the PDF beside the JSONL or --pdfs DIR")
    if no_area:
        lines.append(f"{out}: no crop for {no_area} rows: no question area (bbox) recorded")
    return lines
