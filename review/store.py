"""The review store: every record's JSON with its review decision, in one SQLite file.

Each row carries `rev`, a hash of what a reviewer can change (the record, status, reviewer,
notes), and every revision is kept in `history`, so an imported CSV row can be compared with the
exact state it was exported from: a reviewer's edit to a row that changed meanwhile is a conflict.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Self

from pydantic import ValidationError

from schema.models import Question, validate_record

from . import dedup

DEFAULT_DB = "include.db"
STATUSES = ("pending", "approved", "rejected", "needs_fix")
SCHEMA_VERSION = 1
FIELDS = set(Question.model_fields)

SCHEMA = f"""
CREATE TABLE records (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,      -- order added: the tie-break for duplicates
    id TEXT NOT NULL UNIQUE,
    record TEXT NOT NULL,                       -- Question.model_dump(mode="json")
    provenance TEXT NOT NULL DEFAULT '{{}}',    -- pdf path, crawl extras (key_url, licence...)
    exam TEXT, country TEXT, year INTEGER, language TEXT NOT NULL, sha256 TEXT NOT NULL,
    norm TEXT NOT NULL,                         -- normalised stem and options (dedup.py)
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN {STATUSES}),
    reviewer TEXT, notes TEXT, dup_of TEXT,
    rev TEXT NOT NULL, added TEXT NOT NULL, updated TEXT NOT NULL
);
CREATE INDEX records_exam ON records (exam, country);
CREATE TABLE history (
    id TEXT NOT NULL, rev TEXT NOT NULL, record TEXT NOT NULL, status TEXT NOT NULL,
    reviewer TEXT, notes TEXT, at TEXT NOT NULL,
    by TEXT NOT NULL,                           -- 'add' (extraction), 'review' (import, conflicts), 'set-meta'
    PRIMARY KEY (id, rev)
);
CREATE TABLE conflicts (
    n INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL, csv TEXT NOT NULL, row INTEGER NOT NULL,
    base_rev TEXT NOT NULL,                     -- the revision the CSV was exported from
    store_rev TEXT NOT NULL,                    -- the store's revision at import
    proposed TEXT NOT NULL,                     -- JSON: record, status, reviewer, notes
    at TEXT NOT NULL, resolved TEXT             -- NULL while open; 'taken' or 'dropped'
);
PRAGMA user_version = {SCHEMA_VERSION};
"""
# set-meta's log: an exam's metadata changed for all its records (the licence lives in the
# provenance, outside the records' revisions, so the history alone would not show it)
META_LOG = """CREATE TABLE IF NOT EXISTS meta_changes (
    at TEXT NOT NULL, exam TEXT, field TEXT NOT NULL, old TEXT, new TEXT, records INTEGER NOT NULL)"""
META_FIELDS = ("exam", "year", "country", "language", "level", "licence")


class ReviewError(Exception):
    """Input or a store that include-review cannot use; the message is one line naming the file
    and the problem (the CLI reports every one alike, exit 1)."""


class StoreError(ReviewError):
    """The store file cannot be used; the message names the file and the problem."""


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def rev_of(record: dict, status: str, reviewer: str | None, notes: str | None) -> str:
    """Content hash of the reviewable state: equal states give equal revisions."""
    blob = json.dumps([record, status, reviewer or None, notes or None], sort_keys=True, ensure_ascii=False)
    return "r" + hashlib.sha256(blob.encode()).hexdigest()[:12]  # a letter: never read as a number


def split_extras(data: dict) -> tuple[dict, dict]:
    """A feed item's Question fields and its extra keys (a crawl's key_url, licence, publisher...)."""
    return {k: v for k, v in data.items() if k in FIELDS}, {k: v for k, v in data.items() if k not in FIELDS}


class Store:
    """`with Store("include.db") as s: s.add(records); s.records("approved")`."""

    def __init__(self, path: str | Path = DEFAULT_DB):
        self.path = Path(path)
        if not self.path.parent.is_dir():
            raise StoreError(f"{self.path}: folder {self.path.parent} does not exist")
        try:
            self.db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
            self.db.row_factory = sqlite3.Row
            version = self.db.execute("PRAGMA user_version").fetchone()[0]
            tables = self.db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: not a review store ({exc})") from None
        if version == 0 and tables == 0:
            self.db.executescript(SCHEMA)
        elif version != SCHEMA_VERSION:
            self.db.close()
            raise StoreError(f"{self.path}: not a review store (schema version {version}, "
                             f"expected {SCHEMA_VERSION})")
        self.db.execute(META_LOG)  # added beside version 1's tables: older stores get it on open

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All or nothing; IMMEDIATE so two writers wait for each other instead of failing late."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # -- adding -------------------------------------------------------------------------------

    def add(self, records: Iterable[Question | dict], pdfs: dict[str, str] | None = None) -> tuple[int, int]:
        """Add records keyed by id; returns (added, unchanged). A dict's extra keys go to the
        record's provenance; `pdfs` maps a sha256 to the PDF's absolute path (for crops).
        A record already stored is left alone, except one nobody has reviewed yet, which a new
        extraction with different content replaces (counted as added)."""
        pdfs = pdfs or {}
        prepared = []
        for r in records:
            extras: dict = {}
            if isinstance(r, dict):
                fields, extras = split_extras(r)
                r = validate_record(fields)
            prepared.append((r, extras))
        added, unchanged, touched = 0, 0, []
        with self.transaction():
            for q, extras in prepared:
                record = q.model_dump(mode="json")
                prov = dict(extras)
                if pdfs.get(q.sha256):
                    prov["pdf"] = pdfs[q.sha256]
                old = self.db.execute("SELECT record, provenance FROM records WHERE id = ?", (q.id,)).fetchone()
                if old is None:
                    self._insert(q, record, prov)
                    added += 1
                    touched.append(q.id)
                    continue
                old_prov = json.loads(old["provenance"])
                if prov.get("pdf") and old_prov.get("pdf") != prov["pdf"]:
                    # the PDF found again (or moved): remember where, not a review change
                    self.db.execute("UPDATE records SET provenance = ? WHERE id = ?",
                                    (json.dumps({**old_prov, **prov}, ensure_ascii=False), q.id))
                reviewed = self.db.execute("SELECT 1 FROM history WHERE id = ? AND by IN ('review', 'set-meta')",
                                           (q.id,)).fetchone()
                if json.loads(old["record"]) != record and not reviewed:
                    self._write(q.id, record, "pending", None, None, by="add")
                    added += 1
                    touched.append(q.id)
                else:
                    unchanged += 1
            dedup.assign(self.db, touched)
        return added, unchanged

    def _insert(self, q: Question, record: dict, prov: dict) -> None:
        at, rev = now(), rev_of(record, "pending", None, None)
        self.db.execute(
            "INSERT INTO records (id, record, provenance, exam, country, year, language, sha256, norm, "
            "status, rev, added, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?)",
            (q.id, json.dumps(record, ensure_ascii=False), json.dumps(prov, ensure_ascii=False), q.exam,
             q.country, q.year, q.language, q.sha256, dedup.normalise(q), rev, at, at))
        self._remember(q.id, rev, record, "pending", None, None, at, "add")

    def _write(self, id: str, record: dict, status: str, reviewer: str | None, notes: str | None,
               by: str = "review") -> str:
        """Replace a row's reviewable state (inside a transaction); returns the new revision."""
        q = Question.model_validate(record)
        record = q.model_dump(mode="json")  # stored as the model writes it, whoever calls
        at, rev = now(), rev_of(record, status, reviewer, notes)
        self.db.execute(
            "UPDATE records SET record = ?, exam = ?, country = ?, year = ?, language = ?, norm = ?, "
            "status = ?, reviewer = ?, notes = ?, rev = ?, updated = ? WHERE id = ?",
            (json.dumps(record, ensure_ascii=False), q.exam, q.country, q.year, q.language, dedup.normalise(q),
             status, reviewer or None, notes or None, rev, at, id))
        self._remember(id, rev, record, status, reviewer, notes, at, by)
        return rev

    def _remember(self, id, rev, record, status, reviewer, notes, at, by) -> None:
        self.db.execute("INSERT OR IGNORE INTO history VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        (id, rev, json.dumps(record, ensure_ascii=False), status, reviewer or None,
                         notes or None, at, by))

    # -- reading ------------------------------------------------------------------------------

    def records(self, status: str | None = "approved", exam: str | None = None,
                country: str | None = None) -> list[tuple[Question, dict]]:
        """(Question, review) pairs in the order added; review has status, reviewer, notes,
        dup_of, updated, plus rev, added and provenance (pdf path, crawl extras)."""
        if status is not None and status not in STATUSES:
            raise StoreError(f"{self.path}: unknown status {status!r} (one of {', '.join(STATUSES)})")
        where, args = [], []
        for col, val in (("status", status), ("exam", exam), ("country", country and country.upper())):
            if val is not None:
                where.append(f"{col} = ?")
                args.append(val)
        sql = "SELECT * FROM records" + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY seq"
        # rows fetched whole first: a record that fails validation must not leave the statement
        # (and its read lock) open
        return [_pair(row, self.path) for row in self.db.execute(sql, args).fetchall()]

    def get(self, id: str) -> tuple[Question, dict] | None:
        row = self.db.execute("SELECT * FROM records WHERE id = ?", (id,)).fetchone()
        return _pair(row, self.path) if row else None

    def revision(self, id: str, rev: str) -> dict | None:
        """A past state of a row: {record, status, reviewer, notes}, or None if never stored."""
        row = self.db.execute("SELECT record, status, reviewer, notes FROM history WHERE id = ? AND rev = ?",
                              (id, rev)).fetchone()
        if row is None:
            return None
        return {"record": json.loads(row["record"]), "status": row["status"],
                "reviewer": row["reviewer"], "notes": row["notes"]}

    def duplicates(self, ids: Iterable[str]) -> int:
        """How many of these rows are duplicates of an earlier question."""
        ids = list(ids)
        return sum(self.db.execute(f"SELECT count(dup_of) FROM records WHERE id IN ({','.join('?' * len(part))})",
                                   part).fetchone()[0] for part in _chunks(ids, 500))

    def counts(self) -> list[sqlite3.Row]:
        """Per exam: records, each status, duplicates."""
        return self.db.execute(
            "SELECT exam, country, year, count(*) AS n, "
            + ", ".join(f"sum(status = '{s}') AS {s}" for s in STATUSES)
            + ", count(dup_of) AS dups FROM records GROUP BY exam, country, year ORDER BY exam, year"
        ).fetchall()

    # -- metadata of a whole exam ------------------------------------------------------------------

    def set_meta(self, exam: str, changes: dict, year: int | None = None) -> int:
        """Change exam, year, country, language, level or licence on every record of `exam` (of
        `year` only, when given), reviewed ones included: each a new revision (history `by`
        'set-meta') keeping its status, reviewer and notes; each change logged in meta_changes.
        Returns the records changed, `changes` updated to the values as stored (spa -> es);
        StoreError when no record has that exam or a value is invalid."""
        unknown = set(changes) - set(META_FIELDS)
        if unknown:
            raise StoreError(f"set-meta: cannot change {', '.join(sorted(unknown))}")
        with self.transaction():
            rows = self.db.execute("SELECT * FROM records WHERE exam IS ? AND (? IS NULL OR year = ?) ORDER BY seq",
                                   (exam, year, year)).fetchall()
            if not rows:
                raise StoreError(f"{self.path}: no records of exam {exam!r}" + (f" in {year}" if year else ""))
            at, changed = now(), 0
            fields = {k: v for k, v in changes.items() if k != "licence"}
            for row in rows:
                record = json.loads(row["record"])
                try:
                    new = Question.model_validate({**record, **fields}).model_dump(mode="json")
                except ValidationError as exc:
                    e = exc.errors()[0]
                    raise StoreError(f"set-meta: {'.'.join(map(str, e['loc']))}: "
                                     f"{e['msg'].removeprefix('Value error, ')}") from None
                changes.update({k: new[k] for k in fields})  # as stored: spa -> es, pt -> PT
                prov = json.loads(row["provenance"])
                if "licence" in changes and prov.get("licence") != changes["licence"]:
                    prov["licence"] = changes["licence"]
                    self.db.execute("UPDATE records SET provenance = ? WHERE id = ?",
                                    (json.dumps(prov, ensure_ascii=False), row["id"]))
                elif new == record:
                    continue
                if new != record:
                    self._write(row["id"], new, row["status"], row["reviewer"], row["notes"], by="set-meta")
                changed += 1
            for field, value in changes.items():
                olds = sorted({str(v) for r in rows if (v := _meta_value(r, field)) is not None})
                self.db.execute("INSERT INTO meta_changes VALUES (?, ?, ?, ?, ?, ?)",
                                (at, exam, field, "; ".join(olds) or None,
                                 None if value is None else str(value), changed))
        return changed

    def meta_changes(self) -> list[dict]:
        return [dict(r) for r in self.db.execute("SELECT * FROM meta_changes ORDER BY rowid")]

    # -- review decisions and conflicts -----------------------------------------------------------

    def review(self, id: str, record: dict, status: str, reviewer: str | None, notes: str | None) -> str:
        """Store a reviewer's decision (call inside `transaction()`); returns the new revision."""
        if status not in STATUSES:
            raise StoreError(f"{self.path}: unknown status {status!r}")
        return self._write(id, record, status, reviewer, notes)

    def add_conflict(self, id: str, csv: str, row: int, base_rev: str, store_rev: str, proposed: dict) -> int:
        """Keep a CSV edit that met a changed row; the same edit imported again is kept once."""
        blob = json.dumps(proposed, ensure_ascii=False)
        same = self.db.execute("SELECT n FROM conflicts WHERE id = ? AND proposed = ? AND resolved IS NULL",
                               (id, blob)).fetchone()
        if same:
            return same[0]
        cur = self.db.execute(
            "INSERT INTO conflicts (id, csv, row, base_rev, store_rev, proposed, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (id, csv, row, base_rev, store_rev, blob, now()))
        return cur.lastrowid

    def conflicts(self, open_only: bool = True) -> list[dict]:
        sql = "SELECT * FROM conflicts" + (" WHERE resolved IS NULL" if open_only else "") + " ORDER BY n"
        return [dict(r) | {"proposed": json.loads(r["proposed"])} for r in self.db.execute(sql)]

    def resolve(self, n: int, take: bool) -> str:
        """Close conflict n: take the CSV's proposal over the store's row, or drop it."""
        with self.transaction():
            c = self.db.execute("SELECT * FROM conflicts WHERE n = ? AND resolved IS NULL", (n,)).fetchone()
            if c is None:
                raise StoreError(f"{self.path}: no open conflict {n}")
            if take:
                p = json.loads(c["proposed"])
                self._write(c["id"], p["record"], p["status"], p["reviewer"], p["notes"])
                dedup.assign(self.db, [c["id"]])
            self.db.execute("UPDATE conflicts SET resolved = ? WHERE n = ?", ("taken" if take else "dropped", n))
        return "taken" if take else "dropped"


def _meta_value(row: sqlite3.Row, field: str):
    if field == "licence":
        return json.loads(row["provenance"]).get("licence")
    return json.loads(row["record"]).get(field)


def _pair(row: sqlite3.Row, path: Path) -> tuple[Question, dict]:
    try:
        q = Question.model_validate_json(row["record"])
    except ValidationError as exc:  # stored before a check existed (a level outside INCLUDE's...)
        e = exc.errors()[0]
        raise StoreError(f"{path}: {row['exam'] or 'record'} {row['id']}: {'.'.join(map(str, e['loc']))}: "
                         f"{e['msg'].removeprefix('Value error, ')} (fix it: include-review set-meta)") from None
    review = {k: row[k] for k in ("status", "reviewer", "notes", "dup_of", "updated", "rev", "added")}
    review["provenance"] = json.loads(row["provenance"])
    return q, review



def _chunks(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i:i + size]
