"""include-review import: a reviewed CSV back into the store, all of it or nothing.

Each row is compared with the stored revision it was exported from (its `rev`): an unchanged row
is "not reviewed" and does nothing (so does a row missing from the file); an edited row is applied
when the store still holds that revision, and kept in the conflicts table when the store changed
meanwhile. Rows are numbered as a spreadsheet shows them: the header is row 1.
"""
from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from . import dedup
from .rows import columns, not_ready, option_columns, parse, same_state, unguard
from .store import ReviewError, Store

MAX_ERRORS = 30  # a wholly wrong file should not flood the terminal
MAX_CELL = 131072  # characters in one cell; a question with its reading passage is far below
BOM = b"\xef\xbb\xbf"
csv.field_size_limit(2**31 - 1)  # cells are measured after parsing (read), where their row is known


class CsvError(ReviewError):
    """The file cannot be read as a review CSV; the message names it and the problem."""


@dataclass
class Outcome:
    rows: int = 0
    updated: Counter = field(default_factory=Counter)  # by new status
    unchanged: int = 0
    conflicts: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # approved rows turned needs_fix
    errors: list[str] = field(default_factory=list)


def read(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and (spreadsheet row number, cells) of a UTF-8 CSV separated by commas or semicolons."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise CsvError(f"{path}: no such file") from None
    except OSError as exc:
        raise CsvError(f"{path}: cannot read ({exc.strerror})") from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or data[:200].count(b"\x00") > 10:
        raise CsvError(f"{path}: UTF-16 text; save it as 'CSV UTF-8' and import again")
    skip = len(BOM) if data.startswith(BOM) else 0
    try:
        text = data[skip:].decode("utf-8")
    except UnicodeDecodeError as exc:
        at = skip + exc.start  # offsets in the file, BOM included
        line = data[:at].count(b"\n") + 1
        raise CsvError(f"{path}: line {line}: not UTF-8 (byte 0x{data[at]:02x} at offset {at}: saved as "
                       "Windows-1252 or Latin-1?); save it as 'CSV UTF-8' and import again") from None
    first = text.split("\n", 1)[0]
    sep = ";" if first.count(";") > first.count(",") else ","  # some spreadsheets' locales use ';'
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True)
    rows: list[tuple[int, list[str]]] = []  # row 1 is the header
    try:
        for cells in reader:
            rows.append((len(rows) + 1, cells))
    except csv.Error as exc:
        raise CsvError(f"{path}: row {len(rows) + 1}: broken quoting ({exc}, at line {reader.line_num}): "
                       "quotes inside a cell must be doubled and a quoted cell closed") from None
    if not rows or not rows[0][1]:
        raise CsvError(f"{path}: empty file")
    header = rows[0][1]
    for n, cells in rows:
        for i, cell in enumerate(cells):
            if len(cell) > MAX_CELL:
                col = header[i].strip() if i < len(header) and n > 1 else f"#{i + 1}"
                raise CsvError(f"{path}: row {n}, column {col}: a cell of {len(cell)} characters, more than "
                               f"the limit of {MAX_CELL}")
    return [h.strip() for h in header], [(n, c) for n, c in rows[1:] if any(x.strip() for x in c)]


def check_header(path: Path, header: list[str]) -> None:
    opts = option_columns(header)
    expected = columns(len(opts))
    problems = []
    dupes = sorted({h for h in header if header.count(h) > 1})
    if dupes:
        problems.append("repeated " + ", ".join(dupes))
    if opts != expected[8:8 + len(opts)] or len(opts) < 2:
        problems.append(f"options must be option_a, option_b... in order (found {', '.join(opts) or 'none'})")
    missing = [c for c in expected if c not in header and not c.startswith("option_")]
    if missing:
        problems.append("missing " + ", ".join(missing))
    unknown = [c for c in header if c not in expected]
    if unknown:
        problems.append("unknown " + ", ".join(unknown))
    if problems:
        raise CsvError(f"{path}: row 1: wrong columns: {'; '.join(problems)}")


def run(store: Store, path: Path, reviewer: str | None = None) -> Outcome:
    header, rows = read(path)
    check_header(path, header)
    out = Outcome(rows=len(rows))
    # one IMMEDIATE transaction from the first read: a concurrent import cannot slip in between
    with store.transaction():
        return _apply(store, path, header, rows, reviewer, out)


def _apply(store: Store, path: Path, header: list[str], rows: list, reviewer: str | None, out: Outcome) -> Outcome:
    items = []
    for n, cells in rows:
        if len(cells) != len(header):
            out.errors.append(f"{path}: row {n}: {len(cells)} cells, the header has {len(header)} (a stray "
                              "separator or quote?)")
            continue
        items.append((n, {h: unguard(c).replace("\r\n", "\n") for h, c in zip(header, cells)}))  # Windows ends
    return apply_rows(store, str(path), items, reviewer, out)


def apply_rows(store: Store, source: str, items: list[tuple[int, dict]], reviewer: str | None,
               out: Outcome) -> Outcome:
    """Rows as the review CSV's columns ({column: text}), numbered, from `source` (a CSV file, or
    one Argilla reviewer's responses): each checked against the revision it shows and applied,
    kept as a conflict, or reported; nothing is applied when any row has a problem. Call inside
    a transaction."""
    seen: dict[str, int] = {}
    apply, conflicts = [], []
    for n, row in items:
        where = f"{source}: row {n}"
        id, rev = row["id"].strip(), row["rev"].strip()
        if id in seen:
            out.errors.append(f"{where}, column id: {id!r} repeats row {seen[id]}")
            continue
        seen[id] = n
        current = store.get(id)
        if current is None:
            out.errors.append(f"{where}, column id: unknown id {id!r} (changed, or exported from another store?)")
            continue
        base = store.revision(id, rev)
        if base is None:
            out.errors.append(f"{where}, column rev: unknown revision {rev!r} for {id} (changed?)")
            continue
        proposed, problems = parse(row, base)
        if problems:
            out.errors += [f"{where}, column {col}: {msg}" for col, msg in problems]
            continue
        if same_state(proposed, base):
            out.unchanged += 1
            continue
        if reviewer:
            proposed["reviewer"] = reviewer
        if proposed["status"] == "approved" and (why := not_ready(proposed["record"])):
            proposed["status"] = "needs_fix"
            proposed["notes"] = "; ".join(filter(None, [proposed["notes"], "needs_fix: " + ", ".join(why)]))
            out.notes.append(f"{where}: approved but {', '.join(why)}: stored as needs_fix")
        q, review = current
        now_state = {"record": q.model_dump(mode="json"), **{k: review[k] for k in ("status", "reviewer", "notes")}}
        if same_state(proposed, now_state):
            out.unchanged += 1  # imported before
        elif review["rev"] != rev:
            conflicts.append((id, n, rev, review["rev"], proposed))
        else:
            apply.append((id, proposed))
    if out.errors:
        return out
    for id, p in apply:
        store.review(id, p["record"], p["status"], p["reviewer"], p["notes"])
        out.updated[p["status"]] += 1
    for id, n, rev, store_rev, p in conflicts:
        k = store.add_conflict(id, source, n, rev, store_rev, p)
        out.conflicts.append(f"{source}: row {n}: conflict #{k}: {id} changed in the store since export; "
                             "kept for a decision (include-review conflicts)")
    dedup.assign(store.db, [id for id, p in apply])  # edited text or a rejected original
    return out


def summary(path: str | Path, out: Outcome) -> list[str]:
    if out.errors:
        more = len(out.errors) - MAX_ERRORS
        return (out.errors[:MAX_ERRORS] + ([f"{path}: ... and {more} more problems"] if more > 0 else [])
                + [f"{path}: {len(out.errors)} problems; nothing imported"])
    done = sum(out.updated.values())
    detail = ", ".join(f"{n} {s}" for s, n in out.updated.most_common())
    return [*out.notes, *out.conflicts,
            (f"{path}: {out.rows} rows: {done} updated{f' ({detail})' if detail else ''}, "
             f"{out.unchanged} unchanged, {len(out.conflicts)} conflict{'s' * (len(out.conflicts) != 1)}")]
