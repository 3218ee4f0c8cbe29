"""include-review export: the store's questions as one CSV for a spreadsheet, with crops beside it."""
from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path

from schema.common import write_atomic

from . import crops, guidelines
from .rows import columns, to_row
from .store import ReviewError, Store

CROPS = "crops"  # folder beside the CSV; cells hold paths relative to the CSV
GUIDELINES = "GUIDELINES.md"  # beside the CSV, and as `<stem>.guidelines.csv`, a sheet to import first
HUB_RESOLVE = "https://huggingface.co/datasets/{repo}/resolve/main/{path}"  # a file's direct URL


def export(store: Store, out: Path, status: str | None = None, exam: str | None = None,
           country: str | None = None, with_crops: bool = True, progress: bool = True,
           batch_size: int | None = None, hub_crops: str | None = None, private: bool = False,
           api=None) -> list[str]:
    """Write the CSV (UTF-8 with BOM, so spreadsheets read accents right) atomically, after the
    crops, with the guidelines beside it; returns the summary lines. `batch_size` splits the rows
    into `<stem>-001.csv`, `<stem>-002.csv`... one per volunteer. `hub_crops` publishes the crops
    as the Hub dataset ORG/NAME (an Image column, and each PNG at its own URL) and the CSV's crop
    cells carry those URLs, for `=IMAGE(url)` in a shared spreadsheet; `api` replaces HfApi (tests)."""
    if batch_size is not None and batch_size < 1:
        raise ReviewError(f"--batch-size {batch_size}: at least 1")
    if hub_crops and not with_crops:
        raise ReviewError("--hub-crops publishes the crops: it cannot go with --no-crops")
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
    cropped = {q.id: f"{CROPS}/{q.id}.png" for q, _ in pairs
               if (job := jobs.get(q.id)) and job.pdf not in broken and job.out.exists()}
    lines = []
    if hub_crops and cropped:
        url = _publish_crops(hub_crops, out.parent, [(q, cropped[q.id]) for q, _ in pairs if q.id in cropped],
                             private, api)
        cropped = {id: HUB_RESOLVE.format(repo=hub_crops, path=path) for id, path in cropped.items()}
        lines.append(f"{out}: {len(cropped)} crops published as the Hub dataset {hub_crops} ({url}); the crop "
                     "column holds their URLs (=IMAGE(url) in Google Sheets)")
    files = _batches(out, pairs, batch_size)
    for path, part in files:
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow(columns(width))
        for q, review in part:
            w.writerow(to_row(q, review, cropped.get(q.id, ""), width))
        write_atomic(path, "\ufeff" + buf.getvalue())
    _write_guidelines(out)

    by_status = Counter(review["status"] for _, review in pairs)
    flagged = sum(1 for q, _ in pairs if q.flags)
    dups = sum(1 for _, review in pairs if review["dup_of"])
    detail = ", ".join(f"{n} {s}" for s, n in by_status.most_common())
    lines.insert(0, f"{out}: {len(pairs)} rows ({detail or 'none'}; {flagged} flagged, {dups} duplicates), "
                    f"{made if with_crops else 'no'} crops")
    if batch_size:
        lines.append(f"{out}: split into {len(files)} files of up to {batch_size} rows, one per volunteer: "
                     f"{files[0][0].name} ... {files[-1][0].name}")
    lines.append(f"{out}: guidelines in {GUIDELINES} and {_guidelines_csv(out).name} (import it as the first sheet)")
    missing = no_pdf + [j.pdf for j in jobs.values() if j.pdf in broken]
    if missing:
        lines.append(f"{out}: no crop for {len(missing)} rows: source PDF not found or unreadable "
                     f"(e.g. {missing[0]}); add the records again with the PDF beside the JSONL or --pdfs DIR")
    if no_area:
        lines.append(f"{out}: no crop for {no_area} rows: no question area (bbox) recorded")
    return lines


def _batches(out: Path, pairs: list, size: int | None) -> list[tuple[Path, list]]:
    """The CSV files to write: `out` with every row, or one file of `size` rows per volunteer."""
    if not size:
        return [(out, pairs)]
    parts = [pairs[i:i + size] for i in range(0, len(pairs), size)] or [[]]
    digits = max(3, len(str(len(parts))))
    return [(out.with_name(f"{out.stem}-{i:0{digits}d}{out.suffix}"), part) for i, part in enumerate(parts, 1)]


def _guidelines_csv(out: Path) -> Path:
    return out.with_name(f"{out.stem}.guidelines.csv")


def _write_guidelines(out: Path) -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(guidelines.rows())
    write_atomic(_guidelines_csv(out), "\ufeff" + buf.getvalue())
    write_atomic(out.parent / GUIDELINES, guidelines.markdown())


def _publish_crops(repo_id: str, folder: Path, items: list, private: bool, api) -> str:
    """The crops as a Hub dataset: `data/train-00000-of-00001.parquet` with an Image column (the
    dataset viewer and Argilla show it) and each PNG as `crops/<id>.png` (a URL a spreadsheet's
    =IMAGE() can show), in one commit; returns the commit URL."""
    import tempfile

    import pyarrow as pa
    import pyarrow.parquet as pq
    from datasets import Features, Image, Value

    from .hub import ExportError, hub_api, push

    try:
        api = hub_api(api)  # before any work: no token, nothing done
    except ExportError as exc:
        raise ReviewError(str(exc)) from None

    feats = Features({"id": Value("string"), "exam": Value("string"), "year": Value("int64"),
                      "number": Value("int64"), "page": Value("int64"), "question": Value("string"),
                      "image": Image()})
    rows = [feats.encode_example({"id": q.id, "exam": q.exam, "year": q.year, "number": q.number, "page": q.page,
                                  "question": q.question,
                                  "image": {"path": None, "bytes": (folder / path).read_bytes()}})
            for q, path in items]
    with tempfile.TemporaryDirectory(prefix="include-crops-") as tmp:
        root = Path(tmp)
        (root / "data").mkdir()
        pq.write_table(pa.Table.from_pylist(rows, schema=feats.arrow_schema),
                       root / "data" / "train-00000-of-00001.parquet")
        (root / CROPS).mkdir()
        for q, path in items:
            (root / CROPS / f"{q.id}.png").write_bytes((folder / path).read_bytes())
        (root / "README.md").write_text(CROPS_CARD.format(n=len(items), repo=repo_id), encoding="utf-8")
        try:
            return push(root, repo_id, private=private, api=api, message=f"include-review: {len(items)} crops")
        except ExportError as exc:
            raise ReviewError(str(exc)) from None


CROPS_CARD = """\
---
configs:
- config_name: default
  data_files:
  - split: train
    path: data/train-*
tags:
- include
- exams
---

# Page images of exam questions under review

{n} crops of exam questions as printed, for the volunteers reviewing them (include-exams). Each
row has the question's id, exam, year, number, page and text, and `image`, its area of the page;
each image is also `crops/<id>.png`, at
`https://huggingface.co/datasets/{repo}/resolve/main/crops/<id>.png`, the URL the review CSV's
`crop` column holds (`=IMAGE(url)` shows it in Google Sheets).
"""
