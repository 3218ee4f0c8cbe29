"""include-review: the local review store and its CSV round trip with volunteer reviewers."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from schema.common import add_version, printable

from .store import DEFAULT_DB, STATUSES, ReviewError, Store

EXIT = """exit status: 0 done (conflicts are kept and listed, not errors), 1 bad input or nothing
changed because of errors, 2 usage error"""


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="include-review", epilog=EXIT,
                                 description="Review extracted questions in a spreadsheet: add records to a "
                                             "local store, export a CSV with crops, import the decisions.")
    add_version(ap)
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
    p.add_argument("--batch-size", type=int, metavar="N", help="one file of N rows per volunteer "
                   "(review-001.csv, review-002.csv...)")
    p.add_argument("--hub-crops", metavar="ORG/NAME", help="publish the crops as this Hub dataset (an Image "
                   "column) and put their URLs in the crop column, for =IMAGE(url) in Google Sheets")
    p.add_argument("--private", action="store_true", help="create the --hub-crops repository private")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")

    p = sub.add_parser("import", parents=[db], help="apply a reviewed CSV (all rows or none)")
    p.add_argument("csv", type=Path, metavar="review.csv")
    p.add_argument("--reviewer", metavar="NAME", help="record NAME as the reviewer of every row changed")

    p = sub.add_parser("conflicts", parents=[db], help="list CSV edits kept because the store changed")
    p.add_argument("--take", type=int, action="append", default=[], metavar="N",
                   help="apply conflict N's CSV edit over the store's row")
    p.add_argument("--drop", type=int, action="append", default=[], metavar="N",
                   help="close conflict N keeping the store's row")

    p = sub.add_parser("set-meta", parents=[db], help="change an exam's metadata on all its records, "
                       "reviewed ones included")
    p.add_argument("exam", metavar="EXAM", help="the exam's name as stored (include-review stats lists them)")
    p.add_argument("--of-year", type=int, metavar="N", help="only its records of this year")
    p.add_argument("--exam", dest="new_exam", metavar="NAME", help="new exam name")
    p.add_argument("--year", type=int, metavar="N", help="new year (full, e.g. 2003)")
    p.add_argument("--country", metavar="CODE", help="new country (ISO 3166-1)")
    p.add_argument("--language", metavar="CODE", help="new language (ISO 639-1/3)")
    p.add_argument("--level", help="new INCLUDE level, e.g. 'University entrance'")
    p.add_argument("--licence", metavar="TEXT", help="new terms of the source")

    sub.add_parser("stats", parents=[db], help="questions per exam and status")

    p = sub.add_parser("argilla", help="review in Argilla: push questions to a dataset, pull the responses")
    action = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    target = argparse.ArgumentParser(add_help=False, parents=[db])
    target.add_argument("--api-url", default=os.environ.get("ARGILLA_API_URL"), required="ARGILLA_API_URL" not in
                        os.environ, metavar="URL", help="the Argilla server (default $ARGILLA_API_URL); the key "
                        "comes from $ARGILLA_API_KEY")
    target.add_argument("--workspace", required=True, metavar="W")
    target.add_argument("--dataset", required=True, metavar="NAME")
    a = action.add_parser("push", parents=[target], help="create or update the dataset with the store's questions")
    a.add_argument("--reviewers", type=int, default=1, metavar="N", help="submitted responses wanted per record (1)")
    a.add_argument("--status", choices=STATUSES, help="only rows with this status (default: all)")
    a.add_argument("--exam", metavar="NAME", help="only this exam")
    a.add_argument("--country", metavar="CODE", help="only this country")
    action.add_parser("pull", parents=[target], help="bring submitted responses into the store (as a CSV import)")
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
                       with_crops=not args.no_crops, progress=not args.quiet, batch_size=args.batch_size,
                       hub_crops=args.hub_crops, private=args.private)
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


def _set_meta(store: Store, args) -> int:
    changes = {k: v for k, v in (("exam", args.new_exam), ("year", args.year), ("country", args.country),
                                 ("language", args.language), ("level", args.level),
                                 ("licence", args.licence)) if v is not None}
    if not changes:
        raise ReviewError("set-meta: nothing to change (give --exam, --year, --country, --language, --level "
                          "or --licence)")
    n = store.set_meta(args.exam, changes, year=args.of_year)
    what = ", ".join(f"{k} {v}" for k, v in changes.items())
    say(f"{store.path}: {args.exam}: {n} records changed ({what})")
    return 0


def _argilla(store: Store, args) -> int:
    from .argilla import Target, pull, push

    target = Target(args.api_url.rstrip("/"), args.workspace, args.dataset)
    if args.action == "push":
        say(push(store, target, args.reviewers, args.status, args.exam, args.country))
        return 0
    lines, failed = pull(store, target)
    for line in lines:
        say(line)
    return 1 if failed else 0


def _stats(store: Store, args) -> int:
    rows = store.counts()
    for r in rows:
        parts = ", ".join(f"{r[s]} {s}" for s in STATUSES if r[s])
        print(f"{r['exam']} ({r['country'] or '?'}, {r['year'] or '?'}): {r['n']} questions: {parts}; "
              f"{r['dups']} duplicates")
    total = sum(r["n"] for r in rows)
    say(f"{store.path}: {total} questions in {len(rows)} exams, {len(store.conflicts())} open conflicts")
    return 0


COMMANDS = {"add": _add, "export": _export, "import": _import, "conflicts": _conflicts, "set-meta": _set_meta,
            "stats": _stats, "argilla": _argilla}

if __name__ == "__main__":
    sys.exit(main())
