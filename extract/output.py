"""Writing records: jsonl, json or csv, atomically (a failed run leaves no partial file)."""
from __future__ import annotations

import csv
import io
import json
import os
import sys
import tempfile
from pathlib import Path

FORMATS = ("jsonl", "json", "csv")
CSV_OPTIONS = "abcdefghij"


def render(records: list[dict], fmt: str) -> str:
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    if fmt == "json":
        return json.dumps(records, ensure_ascii=False, indent=1) + "\n"
    if fmt == "csv":
        return _csv(records)
    raise ValueError(f"unknown format {fmt!r}")


def _csv(records: list[dict]) -> str:
    width = max((len(r["choices"]) for r in records), default=4)
    width = max(width, 4)
    base = [k for k in (records[0].keys() if records else ()) if k not in ("choices", "flags", "answer")]
    cols = base + [f"option_{c}" for c in CSV_OPTIONS[:width]] + ["answer", "flags"]
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=cols, lineterminator="\n")
    w.writeheader()
    for r in records:
        row = {k: r.get(k) for k in base}
        if r.get("bbox"):
            row["bbox"] = " ".join(f"{v:g}" for v in r["bbox"])
        for i, c in enumerate(r["choices"]):
            row[f"option_{CSV_OPTIONS[i]}"] = c
        row["answer"] = "" if r["answer"] is None else CSV_OPTIONS[r["answer"]]
        row["flags"] = ";".join(r.get("flags") or [])
        w.writerow(row)
    return buf.getvalue()


def write_atomic(text: str, out: str | os.PathLike | None) -> None:
    """stdout when out is None or '-'; else a temp file in the same folder renamed into place."""
    if out is None or str(out) == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
