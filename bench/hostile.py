"""Hostile inputs by the hundred (issue 16): a seeded corpus of broken, oversized and oddly named
PDFs (from the sample exams and a generated booklet) and of hostile review CSVs, each run through
the tools in a subprocess held to a CPU and a memory limit, and judged by tests/hostile.py:
ok (records), clean (one line with the documented exit code, nothing written), or defect.

    nice -n 10 .venv/bin/python bench/hostile.py [--seed 0] [--pdf 520] [--csv 140] [-j 2]

Prints per class the counts, then each defect with why, and last `defects: N/M`.
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import hostile as H  # noqa: E402

SEEDS = [ROOT / "fixtures" / "samples", Path("/work/shared/samples")]
# share of the PDF cases per class (the rest of the corpus is byte-level damage of the seeds)
SHARES = {"truncation": 90, "byte_flips": 100, "broken_xref": 45, "page_loop": 15, "bomb": 30, "huge_page": 30,
          "huge_image": 15, "stacked_spans": 10, "concatenated": 8, "tolerated": 30, "broken_page": 30,
          "not_pdf": 20, "odd_name": 40, "locked": 10, "hostile_key": 40}


def seeds(folder: Path) -> tuple[list[Path], list[Path]]:
    """Exam PDFs and key PDFs to damage: the samples (each file once, by content) and a small
    generated booklet with its key."""
    exams, keys, seen = [], [], set()
    for top in SEEDS:
        for pdf in sorted(top.glob("*/*.pdf")):
            data = pdf.read_bytes()
            if hash(data) not in seen:
                seen.add(hash(data))
                (keys if pdf.stem == "key" else exams).append(pdf)
    exam, key = H.seed_exam(folder)
    exams.insert(0, exam)
    keys.insert(0, key)
    return exams, keys


def pdf_cases(folder: Path, n: int, rng: random.Random) -> list[H.Case]:
    folder.mkdir(parents=True)
    exams, keys = seeds(folder)
    small = exams[0]
    weights = [3] + [1] * (len(exams) - 1)  # the small booklet most: the samples take seconds each
    total = sum(SHARES.values())
    cases: list[H.Case] = []
    for cls, share in SHARES.items():
        for i in range(max(1, round(n * share / total))):
            d = folder / cls / str(i)
            d.mkdir(parents=True)
            exam = rng.choices(exams, weights)[0]
            cases.append(_one(cls, i, d, exam, small, keys, rng))
    return cases


def _one(cls: str, i: int, d: Path, exam: Path, small: Path, keys: list[Path], rng: random.Random) -> H.Case:
    seed = exam.read_bytes()
    f = d / "exam.pdf"
    if cls == "truncation":
        return H.truncated(seed, f, rng)
    if cls == "byte_flips":
        return H.byte_flips(seed, f, rng)
    if cls == "broken_xref":
        return H.broken_xref(seed, f, rng)
    if cls == "page_loop":
        return H.page_loop(f, rng)
    if cls == "bomb":
        return H.bomb(f, rng, size=rng.choice((256 << 20, 1 << 30)))
    if cls == "huge_page":
        return H.huge_page(f, rng)
    if cls == "huge_image":
        return H.huge_image(f, rng)
    if cls == "stacked_spans":
        return H.stacked_spans(f, rng, n=rng.choice((20000, 50000, 100000)))
    if cls == "concatenated":
        return H.concatenated(rng.choice((small, exam)), f, rng.choice((5, 10, 20, 30)))
    if cls == "tolerated":
        return H.tolerated(seed, f, rng)
    if cls == "broken_page":
        return H.broken_page(seed, f, rng)
    if cls == "not_pdf":
        return H.not_pdf(f, rng)
    if cls == "odd_name":
        return H.odd_name(small.read_bytes(), d, H.ODD_NAMES[i % len(H.ODD_NAMES)], broken=rng.random() < 0.5)
    if cls == "locked":
        return H.locked(small.read_bytes(), d / "in", rng.choice(("file", "folder")))
    if cls == "hostile_key":
        key = rng.choice(keys)
        bad = rng.choice((lambda: H.truncated(key.read_bytes(), d / "key.pdf", rng),
                          lambda: H.byte_flips(key.read_bytes(), d / "key.pdf", rng),
                          lambda: H.page_loop(d / "key.pdf", rng),
                          lambda: H.not_pdf(d / "key.pdf", rng),
                          lambda: H.bomb(d / "key.pdf", rng, size=256 << 20)))()
        return H.hostile_key(small, bad.args[0], bad)
    raise ValueError(cls)


def csv_cases(folder: Path, n: int, rng: random.Random) -> list[H.Case]:
    (folder / "seed").mkdir(parents=True)
    exams, keys = seeds(folder / "seed")
    out = folder / "records.jsonl"
    outcome = H.run_case(H.Case("seed", "seed", [exams[0], "--key", keys[0]]), out)
    if outcome.verdict != "ok":
        raise SystemExit(f"bench/hostile.py: cannot build the review store: {outcome.stderr}")
    db, good = H.review_store(out, folder)
    cases = H.csv_cases(good, folder, db, rng, n)
    for k, case in enumerate(cases):  # each on its own copy: imports run side by side
        case.db = H.copy_store(db, folder / f"store-{k}.db")
    return cases


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--pdf", type=int, default=520, help="PDF cases (default %(default)s)")
    ap.add_argument("--csv", type=int, default=140, help="CSV cases (default %(default)s)")
    ap.add_argument("-j", "--jobs", type=int, default=2, help="cases run side by side (default %(default)s)")
    ap.add_argument("--cpu", type=int, default=60, help="CPU seconds per case (default %(default)s)")
    ap.add_argument("--mem", type=float, default=2, help="GiB of address space per case (default %(default)s)")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="hostile-") as tmp:
        tmp = Path(tmp)
        cases = pdf_cases(tmp / "pdf", args.pdf, rng) + csv_cases(tmp / "csv", args.csv, rng)
        print(f"{len(cases)} cases ({sum(c.tool == 'extract' for c in cases)} PDF, "
              f"{sum(c.tool == 'review' for c in cases)} CSV), seed {args.seed}", file=sys.stderr)

        def one(k_case):
            k, case = k_case
            return case, H.run_case(case, tmp / "out" / f"{k}.jsonl", int(args.mem * 2**30), args.cpu)

        (tmp / "out").mkdir()
        start = time.monotonic()
        results = []
        with ThreadPoolExecutor(args.jobs) as pool:
            for done, (case, outcome) in enumerate(pool.map(one, enumerate(cases)), 1):
                results.append((case, outcome))
                if done % 50 == 0:
                    print(f"  {done}/{len(cases)} ({time.monotonic() - start:.0f} s)", file=sys.stderr)
    report(results)
    return 0


def report(results) -> None:
    by_class: dict[str, Counter] = defaultdict(Counter)
    worst: dict[str, tuple[float, int]] = {}
    for case, o in results:
        by_class[case.cls][o.verdict] += 1
        cpu, mem = worst.get(case.cls, (0.0, 0))
        worst[case.cls] = (max(cpu, o.cpu), max(mem, o.mem))
    print(f"{'class':22} {'cases':>5} {'ok':>5} {'clean':>6} {'defect':>6} {'max cpu s':>9} {'max MiB':>8}")
    for cls in sorted(by_class):
        c = by_class[cls]
        cpu, mem = worst[cls]
        print(f"{cls:22} {sum(c.values()):5} {c['ok']:5} {c['clean']:6} {c['defect']:6} {cpu:9.1f} {mem / 2**20:8.0f}")
    defects = [(case, o) for case, o in results if o.verdict == "defect"]
    for case, o in defects:
        print(f"defect: {case.cls} {case.name}: {o.why}")
    print(f"defects: {len(defects)}/{len(results)}")


if __name__ == "__main__":
    sys.exit(main())
