"""Writing records: jsonl, json or csv, atomically (a failed run leaves no partial file)."""
from __future__ import annotations

import csv
import io
import json
import os

from schema.common import LETTERS, write_atomic

FORMATS = ("jsonl", "json", "csv")


def render(records: list[dict], fmt: str) -> str:
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    if fmt == "json":
        return json.dumps(records, ensure_ascii=False, indent=1) + "\n"
    if fmt == "csv":
        return _csv(records)
    raise ValueError(f"unknown format {fmt!r}")


def write(records: list[dict], fmt: str, out: str | os.PathLike | None) -> None:
    """To `out` (whole or not at all), or to stdout when out is None or '-'."""
    write_atomic(out, render(records, fmt))


def _csv(records: list[dict]) -> str:
    width = max((len(r["choices"]) for r in records), default=4)
    width = max(width, 4)
    base = [k for k in (records[0].keys() if records else ()) if k not in ("choices", "flags", "answer")]
    cols = base + [f"option_{c}" for c in LETTERS[:width]] + ["answer", "flags"]
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=cols, lineterminator="\n")
    w.writeheader()
    for r in records:
        row = {k: r.get(k) for k in base}
        if r.get("bbox"):
            row["bbox"] = " ".join(f"{v:g}" for v in r["bbox"])
        for i, c in enumerate(r["choices"]):
            row[f"option_{LETTERS[i]}"] = c
        row["answer"] = "" if r["answer"] is None else LETTERS[r["answer"]]
        row["flags"] = ";".join(r.get("flags") or [])
        w.writerow(row)
    return buf.getvalue()
