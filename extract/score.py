"""Score extracted records against a gold.json (as in fixtures/samples): share "fully right".

A question is fully right when a record with its number (and variant; a gold entry marked
`"reserve": true` takes a record flagged reserve) exists, its answer index matches the gold
letter (null for null), its option count matches and its text starts like the gold
`question_start` (compared loosely: case, accents, punctuation, spacing, hyphen joins).

    include-score records.jsonl gold.json [--verbose]
"""
from __future__ import annotations

import argparse
import difflib
import json
import sys

from schema.common import add_version, compact, fold, letter_index


def starts_like(text: str, start: str) -> bool:
    g, t = compact(start or ""), compact(text or "")
    if not g:
        return True
    if t.startswith(g):
        return True
    return difflib.SequenceMatcher(None, t[: len(g) + 4], g).ratio() >= 0.85


def _variant_match(a: str | None, b: str | None) -> bool:
    a, b = fold(a or ""), fold(b or "")
    if not a or not b:
        return not a and not b
    return a.startswith(b[:4]) or b.startswith(a[:4])


def score(records: list[dict], gold: list[dict]) -> tuple[float, list[str]]:
    by_number: dict[int, list[dict]] = {}
    for r in records:
        by_number.setdefault(int(r["number"]), []).append(r)
    right, problems = 0, []
    for g in gold:
        reserve = bool(g.get("reserve"))
        cands = [r for r in by_number.get(int(g["number"]), []) if _variant_match(r.get("variant"), g.get("variant"))
                 and ("reserve" in (r.get("flags") or [])) == reserve]
        label = ("R" if reserve else "") + f"{g['number']}" + (f" ({g['variant']})" if g.get("variant") else "")
        if not cands:
            problems.append(f"{label}: missing")
            continue
        r = cands[0]
        want = None if g.get("answer") is None else letter_index(g["answer"])
        errs = []
        if r.get("answer") != want:
            errs.append(f"answer {r.get('answer')} != {want}")
        if len(r["choices"]) != g["n_options"]:
            errs.append(f"{len(r['choices'])} options != {g['n_options']}")
        text = r["question"]
        if not starts_like(text, g["question_start"]) and not starts_like(
                (r.get("context") or "") + " " + text, g["question_start"]):
            errs.append(f"text {text[:50]!r} != {g['question_start'][:50]!r}")
        if errs:
            problems.append(f"{label}: " + "; ".join(errs))
        else:
            right += 1
    return (right / len(gold) if gold else 0.0), problems


def load_records(path: str) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if text.lstrip().startswith("["):
        return json.loads(text)
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="include-score", description=__doc__.split("\n\n")[0])
    add_version(ap)
    ap.add_argument("records", help="records from include-extract (jsonl or json)")
    ap.add_argument("gold", help="gold.json")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every question not fully right")
    args = ap.parse_args(argv)
    try:
        records = load_records(args.records)
        with open(args.gold, encoding="utf-8") as f:
            gold = json.load(f)
    except (OSError, ValueError) as exc:
        print(f"include-score: error: {exc}", file=sys.stderr)
        return 2
    frac, problems = score(records, gold)
    print(f"fully right: {len(gold) - len(problems)}/{len(gold)} = {frac:.3f}")
    if args.verbose:
        for p in problems:
            print("  " + p)
    return 0


if __name__ == "__main__":
    sys.exit(main())
