"""include-review: the local review store and its CSV round trip with volunteer reviewers."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from schema.common import printable

from .store import DEFAULT_DB, STATUSES, ReviewError, Store

EXIT = """exit status: 0 done (conflicts are kept and listed, not errors), 1 bad input or nothing
changed because of errors, 2 usage error"""


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="include-review", epilog=EXIT,
                                 description="Review extracted questions in a spreadsheet: add records to a "
                                             "local store, export a CSV with crops, import the decisions.")
    sub = ap.add_subparsers(dest="command", required=True, metavar="COMMAND")
    db = argparse.ArgumentParser(add_help=False)
    db.add_argument("--db", default=DEFAULT_DB, metavar="PATH", help=f"review store (default {DEFAULT_DB})")

    p = sub.add_parser("add", parents=[db], help="add records from JSONL files (include-extract or a crawl)")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE.jsonl")
    p.add_argument("--pdfs", action="append", type=Path, default=[], metavar="DIR",
                   help="where the source PDFs are (default: beside the JSONL, the current folder, downloads/)")

    p = sub.add_parser("export", parents=[db], help="write a review CSV with a crop of each question")
    p.add_argument("-o", "--output", required=True, type=Path, metavar="review.csv")
    p.add_argument("--status", choices=STATUSES, help="only rows with this status (default: all)")
    p.add_argument("--exam", metavar="NAME", help="only this exam")
    p.add_argument("--country", metavar="CODE", help="only this country (ISO 3166-1 alpha-2)")
    p.add_argument("--no-crops", action="store_true", help="leave the crop column empty")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")

    p = sub.add_parser("import", parents=[db], help="apply a reviewed CSV (all rows or none)")
    p.add_argument("csv", type=Path, metavar="review.csv")
    p.add_argument("--reviewer", metavar="NAME", help="record NAME as the reviewer of every row changed")

    p = sub.add_parser("conflicts", parents=[db], help="list CSV edits kept because the store changed")
    p.add_argument("--take", type=int, action="append", default=[], metavar="N",
                   help="apply conflict N's CSV edit over the store's row")
    p.add_argument("--drop", type=int, action="append", default=[], metavar="N",
                   help="close conflict N keeping the store's row")

    sub.add_parser("stats", parents=[db], help="questions per exam and status")
    return ap


def say(line: str) -> None:
    print(printable(line), file=sys.stderr)  # one line, whatever a file name in it holds


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command != "add" and not Path(args.db).is_file():
        say(f"include-review: error: {args.db}: no such store (include-review add FILE.jsonl --db {args.db})")
        return 1
    try:
        with Store(args.db) as store:
            return COMMANDS[args.command](store, args)
    except ReviewError as exc:
        say(f"include-review: error: {exc}")
        return 1


def _add(store: Store, args) -> int:
    from .ingest import add_jsonl

    lines = [add_jsonl(store, f, args.pdfs) for f in args.files]
    for line in lines:
        say(line)
    return 0


def _export(store: Store, args) -> int:
    from .csv_export import export

    try:
        lines = export(store, args.output, args.status, args.exam, args.country,
                       with_crops=not args.no_crops, progress=not args.quiet)
    except OSError as exc:
        raise ReviewError(f"cannot write {args.output}: {exc.strerror or exc}") from None
    for line in lines:
        say(line)
    return 0


def _import(store: Store, args) -> int:
    from .csv_import import CsvError, run, summary

    try:
        out = run(store, args.csv, args.reviewer)
    except CsvError as exc:
        raise ReviewError(f"{exc}; nothing imported") from None
    for line in summary(args.csv, out):
        say(line)
    return 1 if out.errors else 0


def _conflicts(store: Store, args) -> int:
    for n, take in [(n, True) for n in args.take] + [(n, False) for n in args.drop]:
        say(f"conflict #{n}: {store.resolve(n, take)}")
    open_ = store.conflicts()
    for c in open_:
        current = store.get(c["id"])
        q, review = current
        p = c["proposed"]
        changed = _differences(p, {"record": q.model_dump(mode="json"), "status": review["status"],
                                   "reviewer": review["reviewer"], "notes": review["notes"]})
        print(f"#{c['n']} {q.exam} question {q.number}{f' ({q.variant})' if q.variant else ''} id {c['id']}: "
              f"{c['csv']} row {c['row']} (exported at {c['base_rev']}, store now {c['store_rev']}); "
              f"the CSV would change {', '.join(changed) or 'nothing'}")
    decide = " (decide with --take N or --drop N)" if open_ else ""
    say(f"{store.path}: {len(open_)} open conflict{'s' * (len(open_) != 1)}{decide}")
    return 0


def _differences(a: dict, b: dict) -> list[str]:
    out = [k for k in ("status", "reviewer", "notes") if (a[k] or None) != (b[k] or None)]
    out += [f"{k}={a['record'][k]!r}" if k != "choices" else "options"
            for k in a["record"] if a["record"][k] != b["record"][k]]
    return out


def _stats(store: Store, args) -> int:
    rows = store.counts()
    for r in rows:
        parts = ", ".join(f"{r[s]} {s}" for s in STATUSES if r[s])
        print(f"{r['exam']} ({r['country'] or '?'}, {r['year'] or '?'}): {r['n']} questions: {parts}; "
              f"{r['dups']} duplicates")
    total = sum(r["n"] for r in rows)
    say(f"{store.path}: {total} questions in {len(rows)} exams, {len(store.conflicts())} open conflicts")
    return 0


COMMANDS = {"add": _add, "export": _export, "import": _import, "conflicts": _conflicts, "stats": _stats}

if __name__ == "__main__":
    sys.exit(main())
