"""Records into the store: from include-extract's run, or from a JSONL file (its output or a crawl's
feed), with the absolute path of each source PDF when it can be found (for review crops)."""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path

from schema.models import RecordError, question_id, validate_record

from .store import ReviewError, Store, split_extras


class IngestError(ReviewError):
    """Input that cannot be added; the message names the file (and line) and the problem."""


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def find_pdfs(records: Iterable[dict], places: Iterable[Path]) -> dict[str, str]:
    """sha256 -> absolute PDF path, looking in each place for the record's source_file and for the
    spiders' download layout (downloads/ab/abcd....pdf); a file counts only if its hash matches."""
    places = [Path(p) for p in places]
    found: dict[str, str] = {}
    tried: set[Path] = set()
    for r in records:
        sha, name = r.get("sha256"), r.get("source_file")
        if not sha or sha in found:
            continue
        for place in places:
            for cand in (place / name if name else None, place / "downloads" / sha[:2] / f"{sha}.pdf",
                         place / sha[:2] / f"{sha}.pdf"):
                if cand is None or cand in tried or not cand.is_file():
                    continue
                tried.add(cand)
                if sha256_of(cand) == sha:
                    found[sha] = str(cand.resolve())
                    break
            if sha in found:
                break
    return found


def read_jsonl(path: Path) -> list[dict]:
    """Every line a record; all lines are checked and every bad one reported before anything is added."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except FileNotFoundError:
        raise IngestError(f"{path}: no such file") from None
    except UnicodeDecodeError as exc:
        raise IngestError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise IngestError(f"{path}: cannot read ({exc.strerror})") from None
    records, problems = [], []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        if n == 1 and line.strip() == "[":
            raise IngestError(f"{path}: a JSON array, not JSON lines (crawl with -O FILE.jsonl)")
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"{path}: line {n}: not JSON ({exc.msg})")
            continue
        if not isinstance(data, dict):
            problems.append(f"{path}: line {n}: not a JSON object")
            continue
        try:
            validate_record(split_extras(data)[0])
        except RecordError as exc:
            problems.append(f"{path}: line {n}: {exc}")
            continue
        records.append(data)
    if problems:
        more = f" (and {len(problems) - 10} more)" if len(problems) > 10 else ""
        raise IngestError("\n".join(problems[:10]) + more + f"\n{path}: nothing added")
    return records


def add_jsonl(store: Store, path: Path, pdf_dirs: Iterable[Path] = ()) -> str:
    """Add a JSONL file's records; PDFs are looked for beside it, in the current folder and in pdf_dirs."""
    records = read_jsonl(path)
    pdfs = find_pdfs(records, [*pdf_dirs, path.parent, Path.cwd()])
    return _summary(store, records, pdfs)


def add_extracted(db: str | Path, records: list[dict], pdfs: dict[str, str]) -> str:
    """include-extract --db: add what was just extracted; `pdfs` maps sha256 to the PDF read."""
    with Store(db) as store:
        return _summary(store, records, pdfs)


def _summary(store: Store, records: list[dict], pdfs: dict[str, str]) -> str:
    added, unchanged = store.add(records, pdfs)
    shas = {r["sha256"] for r in records}
    missing = len(shas - pdfs.keys())
    dups = store.duplicates({r.get("id") or question_id(r["sha256"], r["number"], r.get("variant"))
                             for r in records})
    line = f"{store.path}: {added} added, {unchanged} unchanged, {dups} duplicates of other exams"
    if missing:
        line += f"; source PDF not found for {missing} of {len(shas)} files (no crops for them)"
    return line
