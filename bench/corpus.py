"""Key coverage over a corpus of real exams: include-extract run on every pair, checked against
the exam's official answer key.

    .venv/bin/python bench/corpus.py CORPUS_DIR [--manifest manifest.tsv] [--only ID,ID]
                                     [--save bench/results] [-v]

CORPUS_DIR holds one folder per exam, `ID/exam.pdf` and, when the key is a separate file,
`ID/key.pdf` (the development corpus is built so, see its README; any such folder works).
Each exam is extracted as a user would run it (`include-extract exam.pdf [--key key.pdf]
--force`, a subprocess: `--force` keeps the records of a key the questions found do not fit,
which would otherwise be refused), then checked against its key, as the corpus README defines coverage: every key
item (a number; a reserve number `R101`; or one column of a number the key answers per
version, such as ENEM's Inglês/Espanhol) must be found exactly once among the records, with an
option count that fits the exam (4 or 5; 4 when the key never answers E) and the keyed letter
among its options. Annulled items count when the question is found once with a fitting count.
The `answers` column is stricter: covered items whose record carries the key's own answer (so
it also measures how the exam's key was read, and its column chosen).

The key is the reference in bench/corpus_keys.json when it has the exam (hand-verified keys,
see that file's `_about`); otherwise the key as include-extract's own key reader reads it, which
the table marks `self` (a key the reader misreads then hides its own errors). Printed per
exam and per family: key items, items covered, coverage, records not in the key, flagged
records, pages and pages/s (of the whole subprocess); the last line is the overall coverage of
the text and garbled pairs, the figure the project's target is set on.

Exams with a hand-checked gold in bench/gold/ID.json (the format of fixtures/samples) are also
scored as `include-score` does: the share of questions fully right (number, answer, option count
and text start), so question boundaries and texts are measured, not only numbers and keys.
"""
from __future__ import annotations

import argparse
import csv
import datetime
import json
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from schema.common import fold, letter_index  # noqa: E402

KEYS = Path(__file__).with_name("corpus_keys.json")
GOLD = Path(__file__).with_name("gold")


@dataclass
class Item:
    """One thing the key answers: a question (maybe reserve), or one version's column of it."""
    number: int
    reserve: bool
    variant: str | None
    answer: str | None  # a letter; None annulled


@dataclass
class Row:
    id: str
    family: str
    kind: str
    items: int = 0
    covered: int = 0
    answered: int = 0  # covered, and the record's answer is the key's
    not_in_key: int = 0
    records: int = 0
    flagged: int = 0
    pages: int = 0
    seconds: float = 0.0
    reference: str = "hand"
    gold: tuple[int, int] | None = None  # (fully right, gold questions)
    error: str = ""
    misses: list[str] = field(default_factory=list)

    @property
    def coverage(self) -> float:
        return self.covered / self.items if self.items else 0.0


def parse_reference(key: dict) -> list[Item]:
    """{"12": "c", "101": null, "R1": "a", "3": {"ingles": "b", "espanhol": "d"}} -> items."""
    items = []
    for name, value in key.items():
        reserve = name.upper().startswith("R")
        number = int(name[1:] if reserve else name)
        if isinstance(value, dict):
            items += [Item(number, reserve, variant, a and a.lower()) for variant, a in value.items()]
        else:
            items.append(Item(number, reserve, None, value and value.lower()))
    return items


def self_reference(exam: Path, key: Path | None) -> list[Item]:
    """The key as include-extract reads it (its key PDF, else the key pages of the booklet)."""
    from extract.questions import answer_keys
    from extract.reading import read_document
    from extract.triage import open_pdf

    doc = read_document(open_pdf(key or exam))
    pages = doc.layouts if key else [p for p in doc.layouts if answer_keys.looks_like_key(p)]
    items = []
    for e in answer_keys.read_key(pages).entries:
        named = {c: a for c, a in e.answers.items() if c is not None}
        if named:
            items += [Item(e.number, e.reserve, fold(c), a) for c, a in named.items()]
        else:
            items.append(Item(e.number, e.reserve, None, e.answers.get(None)))
    return items


def same_variant(record: str | None, item: str | None) -> bool:
    a, b = fold(record or ""), fold(item or "")
    if not a or not b:
        return not a and not b
    return a.startswith(b[:4]) or b.startswith(a[:4])


def check(items: list[Item], records: list[dict]) -> tuple[int, int, list[str], int]:
    """(items covered, of which with the key's answer, why each other is not, records that no
    key item names)."""
    four = not any(i.answer == "e" for i in items)
    covered, answered, misses = 0, 0, []
    by_number = defaultdict(list)
    for r in records:
        by_number[r["number"]].append(r)
    for it in items:
        found = [r for r in by_number[it.number] if ("reserve" in r["flags"]) == it.reserve
                 and same_variant(r.get("variant"), it.variant)]
        label = f"{'R' if it.reserve else ''}{it.number}{f' ({it.variant})' if it.variant else ''}"
        if len(found) != 1:
            misses.append(f"{label}: {len(found)} records")
            continue
        n = len(found[0]["choices"])
        if n not in (4, 5) or (four and n != 4):
            misses.append(f"{label}: {n} options")
        elif it.answer is not None and letter_index(it.answer) >= n:
            misses.append(f"{label}: key {it.answer.upper()} not among {n} options")
        else:
            covered += 1
            want = None if it.answer is None else letter_index(it.answer)
            if found[0]["answer"] == want:
                answered += 1
            else:
                misses.append(f"{label}: answer {found[0]['answer']} where the key says {it.answer}")
    named = {(i.number, i.reserve) for i in items}
    stray = sum(1 for r in records if (r["number"], "reserve" in r["flags"]) not in named)
    return covered, answered, misses, stray


def run_exam(folder: Path, family: str, kind: str, reference: dict | None) -> Row:
    row = Row(folder.name, family, kind)
    exam, key = folder / "exam.pdf", folder / "key.pdf"
    key = key if key.exists() else None
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "records.jsonl"
        cmd = [sys.executable, "-m", "extract", str(exam), "-o", str(out), "-q", "--force"]
        if key:
            cmd[4:4] = ["--key", str(key)]
        t = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, check=False)
        row.seconds = time.perf_counter() - t
        records = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()] if out.exists() else []
    if proc.returncode != 0:
        row.error = (proc.stderr.strip().splitlines() or [f"exit {proc.returncode}"])[-1]
    import pymupdf

    row.pages = sum(pymupdf.open(p).page_count for p in (exam, key) if p)
    if reference is not None:
        items = parse_reference(reference["key"])
        if "printed" in reference:  # a selection of a longer test: measured on what it prints
            printed = set(reference["printed"])
            items = [i for i in items if i.number in printed]
    else:
        row.reference = "self"
        items = self_reference(exam, key)
    row.items, row.records = len(items), len(records)
    row.flagged = sum(1 for r in records if r["flags"])
    row.covered, row.answered, row.misses, row.not_in_key = check(items, records)
    gold = GOLD / f"{folder.name}.json"
    if gold.exists():
        from extract.score import score

        expected = json.loads(gold.read_text(encoding="utf-8"))
        share, problems = score(records, expected)
        row.gold = (len(expected) - len(problems), len(expected))
        row.misses += [f"gold {p}" for p in problems]
    return row


def manifest_rows(path: Path | None) -> dict[str, dict]:
    if path is None or not path.exists():
        return {}
    with open(path, newline="", encoding="utf-8") as f:
        return {r["id"]: r for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)}


def table(rows: list[Row]) -> list[str]:
    head = ("| exam | family | kind | key | items | covered | coverage | answers | not in key | flagged | gold "
            "| pages | pages/s |")
    out = [head, "|" + "---|" * 13]
    for r in rows:
        gold = f"{r.gold[0]}/{r.gold[1]}" if r.gold else ""
        out.append(f"| {r.id} | {r.family} | {r.kind} | {r.reference} | {r.items} | {r.covered} | "
                   f"{r.coverage:.3f} | {r.answered} | {r.not_in_key} | {r.flagged}/{r.records} | {gold} | {r.pages} | "
                   f"{r.pages / r.seconds:.1f} |" + (f" {r.error}" if r.error else ""))
    out += ["", "| family | exams | items | covered | coverage | answers |", "|---|---|---|---|---|---|"]
    families: dict[str, list[Row]] = defaultdict(list)
    for r in rows:
        families[r.family].append(r)
    for fam, rs in sorted(families.items()):
        items, covered = sum(r.items for r in rs), sum(r.covered for r in rs)
        out.append(f"| {fam} | {len(rs)} | {items} | {covered} | {covered / items if items else 0:.3f} | "
                   f"{sum(r.answered for r in rs)} |")
    out.append("")
    for label, rs in (("all pairs", rows), ("text and garbled pairs", [r for r in rows if r.kind != "scan"])):
        items, covered = sum(r.items for r in rs), sum(r.covered for r in rs)
        answered = sum(r.answered for r in rs)
        out.append(f"overall coverage, {label}: {covered}/{items} = {covered / items if items else 0:.3f} "
                   f"({answered} with the key's answer)")
    golds = [r.gold for r in rows if r.gold]
    if golds:
        right, total = sum(g[0] for g in golds), sum(g[1] for g in golds)
        out.insert(-2, f"hand gold ({len(golds)} exams): {right}/{total} = {right / total:.3f} fully right")
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", type=Path, help="folder of ID/exam.pdf [+ ID/key.pdf]")
    ap.add_argument("--manifest", type=Path, help="the corpus's manifest.tsv (families and kinds); "
                    "default: CORPUS_DIR/manifest.tsv if there")
    ap.add_argument("--only", help="comma-separated exam ids")
    ap.add_argument("--save", type=Path, metavar="DIR", help="also write the table to DIR/corpus-DATE.md")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every key item not covered")
    args = ap.parse_args()
    manifest = manifest_rows(args.manifest or args.corpus / "manifest.tsv")
    references = {k: v for k, v in json.loads(KEYS.read_text(encoding="utf-8")).items()
                  if not k.startswith("_")} if KEYS.exists() else {}
    folders = sorted(p for p in args.corpus.iterdir() if (p / "exam.pdf").is_file())
    if args.only:
        wanted = set(args.only.split(","))
        folders = [p for p in folders if p.name in wanted]
    if not folders:
        print(f"corpus.py: error: no ID/exam.pdf in {args.corpus}", file=sys.stderr)
        return 2
    rows = []
    for i, folder in enumerate(folders, 1):
        m = manifest.get(folder.name, {})
        family = m.get("family") or folder.name.rsplit("_", 2)[0]
        row = run_exam(folder, family, m.get("kind", "text"), references.get(folder.name))
        rows.append(row)
        print(f"[{i}/{len(folders)}] {row.id}: {row.covered}/{row.items} ({row.coverage:.3f}), "
              f"{row.seconds:.1f} s" + (f" {row.error}" if row.error else ""), file=sys.stderr)
        if args.verbose and row.misses:
            print("    " + "; ".join(row.misses), file=sys.stderr)
    lines = table(rows)
    print("\n".join(lines))
    if args.save:
        args.save.mkdir(parents=True, exist_ok=True)
        dest = args.save / f"corpus-{datetime.date.today().isoformat()}.md"
        dest.write_text(f"# Key coverage on the development corpus, {datetime.date.today().isoformat()}\n\n"
                        f"`python bench/corpus.py CORPUS_DIR --save {args.save}`\n\n" + "\n".join(lines) + "\n",
                        encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
