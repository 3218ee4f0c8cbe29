"""The Hub export: reviewed questions as a dataset laid out like CohereLabs/include-base-44.

One config per language, named by its English name as INCLUDE names them, each with a `test`
split in `<Config>/test-00000-of-00001.parquet`, and a dataset card (README.md) whose YAML
declares the configs and features, so `datasets.load_dataset(OUTDIR, "Spanish")` and the Hub
viewer read it as INCLUDE's own configs.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import sys
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from review.store import STATUSES
from schema import Question, include_row
from schema.common import atomic_dir
from schema.vocab import COUNTRIES, LANGUAGES

SPLIT = "test"
# The card carries this marker: OUTDIR is replaced only when it is empty or a previous export.
MARKER = "<!-- written by include-export (include-exams) -->"
INCLUDE_URL = "https://huggingface.co/datasets/CohereLabs/include-base-44"


class ExportError(Exception):
    """Bad input or a failed write or push; the message is one line naming the problem."""

    def __init__(self, message: str, code: int = 1):
        super().__init__(message)
        self.code = code


def features(with_provenance: bool = False):
    """include-base-44's columns and types; provenance columns appended when asked for."""
    from datasets import Features, Sequence, Value

    cols = {
        "language": Value("string"), "country": Value("string"), "domain": Value("string"),
        "subject": Value("string"), "regional_feature": Value("string"), "level": Value("string"),
        "question": Value("string"), "choices": Sequence(Value("string")), "answer": Value("int64"),
    }
    if with_provenance:
        cols |= {
            "id": Value("string"), "exam": Value("string"), "year": Value("int64"),
            "number": Value("int64"), "variant": Value("string"), "source_url": Value("string"),
            "sha256": Value("string"), "page": Value("int64"), "method": Value("string"),
            "flags": Sequence(Value("string")), "licence": Value("string"),
        }
    return Features(cols)


def reduce_choices(q: Question, n: int, seed: int) -> tuple[list[str], int]:
    """Keep the answer and n-1 wrong options, dropping wrong ones ranked by sha256(seed:id:index)
    (the same on every run and machine); returns the choices and the remapped answer index."""
    assert q.answer is not None
    if len(q.choices) <= n:
        return list(q.choices), q.answer
    wrong = [i for i in range(len(q.choices)) if i != q.answer]
    wrong.sort(key=lambda i: hashlib.sha256(f"{seed}:{q.id}:{i}".encode()).digest())
    drop = set(wrong[: len(q.choices) - n])
    keep = [i for i in range(len(q.choices)) if i not in drop]
    return [q.choices[i] for i in keep], keep.index(q.answer)


@dataclass
class Export:
    """What an export wrote, for the summary line and the card."""

    outdir: Path
    counts: dict[str, int]              # config -> rows, largest first
    no_answer: int                      # left out: annulled or unkeyed
    reduced: int = 0                    # questions whose options were cut to `options`
    options: int | None = None
    seed: int = 0
    by_country: Counter = field(default_factory=Counter)  # (config, country) -> rows

    def summary(self) -> str:
        configs = ", ".join(f"{c} {n}" for c, n in self.counts.items())
        n = len(self.counts)
        line = (f"{self.outdir}: {n} config{'s' if n > 1 else ''} ({configs}), "
                f"{self.no_answer} left out (no answer)")
        if self.options:
            line += f", {self.reduced} reduced to {self.options} options (seed {self.seed})"
        return line


def build(records: Sequence[Question], outdir: str | Path, *, options: int | None = None,
          seed: int = 0, with_provenance: bool = False, licence: str | None = None,
          licences: Mapping[str, str] | None = None, repo_id: str | None = None,
          selection: str = "approved in review") -> Export:
    """Write the records as the dataset folder `outdir`, atomically (built beside it, renamed).

    `licence` is a Hub licence id for the card (default `other`: each source's terms apply);
    `licences` maps question id to its source's licence text, listed in the card and, with
    provenance, in a `licence` column; `selection` says in the card which records were chosen.
    """
    outdir = Path(outdir)
    if options is not None and options < 2:
        raise ExportError(f"--options {options}: a question needs at least 2 options", code=2)
    licences = licences or {}
    answered = [q for q in records if q.answer is not None]
    if not records:
        raise ExportError("nothing to export: no records selected")
    if not answered:
        raise ExportError(f"nothing to export: none of the {len(records)} selected records has an answer")
    _check_outdir(outdir)

    by_config: dict[str, list[Question]] = defaultdict(list)
    for q in answered:
        by_config[LANGUAGES[q.language]].append(q)
    order = sorted(by_config, key=lambda c: (-len(by_config[c]), c))
    export = Export(outdir, {c: len(by_config[c]) for c in order}, len(records) - len(answered),
                    options=options, seed=seed)

    try:
        with atomic_dir(outdir) as tmp:  # OUTDIR is the old export or the new, never a mix
            infos = {}
            for config in order:
                rows = [_row(q, export, with_provenance, licences)
                        for q in sorted(by_config[config], key=_source_order)]
                infos[config] = write_parquet(rows, tmp / config, with_provenance)
            (tmp / "README.md").write_text(
                card(export, answered, infos, with_provenance=with_provenance, licence=licence,
                     licences=licences, repo_id=repo_id, selection=selection), encoding="utf-8")
    except OSError as e:
        raise ExportError(f"{outdir}: cannot write ({e.strerror or e})") from None
    return export


def _source_order(q: Question):
    return (q.country or "", q.exam or "", q.year or 0, q.sha256, q.number, q.variant or "")


def _row(q: Question, export: Export, with_provenance: bool, licences: Mapping[str, str]) -> dict:
    row = include_row(q)
    if export.options:
        row["choices"], row["answer"] = reduce_choices(q, export.options, export.seed)
        export.reduced += len(row["choices"]) < len(q.choices)
    export.by_country[(LANGUAGES[q.language], row["country"])] += 1
    if with_provenance:
        row |= {"id": q.id, "exam": q.exam, "year": q.year, "number": q.number,
                "variant": q.variant, "source_url": q.source_url, "sha256": q.sha256,
                "page": q.page, "method": q.method, "flags": list(q.flags),
                "licence": licences.get(q.id)}
    return row


def write_parquet(rows: list[dict], folder: Path, with_provenance: bool):
    """One parquet file per split (INCLUDE's naming), its schema carrying the features as
    `datasets` writes them; returns the config's DatasetInfo for the card."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    from datasets import DatasetInfo, SplitDict, SplitInfo

    feats = features(with_provenance)
    table = pa.Table.from_pylist(rows, schema=feats.arrow_schema)
    folder.mkdir()
    pq.write_table(table, folder / f"{SPLIT}-00000-of-00001.parquet")
    splits = SplitDict()
    splits.add(SplitInfo(name=SPLIT, num_bytes=table.nbytes, num_examples=len(table)))
    return DatasetInfo(features=feats, splits=splits, dataset_size=table.nbytes)


def _check_outdir(outdir: Path) -> None:
    if not outdir.exists():
        return
    readme = outdir / "README.md"
    if not outdir.is_dir() or (any(outdir.iterdir()) and not (
            readme.is_file() and MARKER in readme.read_text(encoding="utf-8", errors="replace"))):
        raise ExportError(f"{outdir}: exists and is not a previous export; give a new or empty folder")


CARD = """\
---
{yaml}
---
{marker}

# INCLUDE exams

{total} multiple-choice questions from official national exams in {n_languages}, in the layout
of [CohereLabs/include-base-44]({include_url}): one config per language, named as INCLUDE names
it, with a `{split}` split.

```python
from datasets import load_dataset
ds = load_dataset("{where}", "{first}", split="{split}")
```

## Counts

| config | country | questions |
|---|---|---|
{count_rows}
| **total** | | **{total}** |

{no_answer} selected questions without an answer (annulled or unkeyed) are left out.

## Sources

| exam | country | years | questions | licence |
|---|---|---|---|---|
{source_rows}

## Fields

`language` and `country` (English names), `domain`, `subject`, `regional_feature`, `level`
(INCLUDE's vocabularies, empty when not tagged), `question` (a shared passage comes first,
then a newline and the question), `choices` (the option texts without their letters), `answer`
(0-based index into `choices`).{provenance}

## Options

{options}

## How it was made

With include-exams: spiders download the booklets and answer keys from the official publishers
(or the PDFs are given by hand); `include-extract` reads them (text layer, or Tesseract OCR for
scans), segments questions and options and joins the official key; volunteers check each
question against the page image (`include-review`); `include-export` writes the questions
{selection}.

## Known biases and limitations

- Few countries and exams: the sources are the official exams of the few countries the project
  covers (Spain, Portugal, Brazil, Chile...), so regions, languages and subjects follow what
  those publishers release: far more law, medicine and university-entrance questions than other
  fields, and few or no questions in most regional languages.
- Selection: only exams with a published key, and only the questions {selection}; questions
  that need a figure are kept only when a reviewer judged the text enough.
- OCR: scanned booklets are read by Tesseract; reviewers check them, but misread characters can
  remain.
- Keys are the publishers' official keys; later corrections may be missing.
- Contamination: official exams are public on the web and may be in models' training data.

## Licence

{licence}

Cite INCLUDE (Romanou et al., 2024, arXiv:2411.19799) when using this data with it.
"""

PROVENANCE_NOTE = """

Provenance columns: `id` (stable: hash of the source file's sha256, the number and variant),
`exam`, `year`, `number`, `variant`, `source_url`, `sha256` (of the source PDF), `page`,
`method` (`text` layer or `ocr`), `flags` (what extraction noticed, e.g. `image_reference`,
`low_ocr_confidence`), `licence` (the source's terms as recorded by the crawl)."""


def card(export: Export, records: Sequence[Question], infos: Mapping, *, with_provenance: bool,
         licence: str | None, licences: Mapping[str, str], repo_id: str | None,
         selection: str) -> str:
    """The dataset card: YAML front matter as `push_to_hub` writes it, then the prose."""
    from datasets.info import DatasetInfosDict
    from datasets.utils.metadata import MetadataConfigs
    from huggingface_hub import DatasetCardData

    total = sum(export.counts.values())
    configs = list(export.counts)
    codes = sorted({min((k for k, v in LANGUAGES.items() if v == c), key=len) for c in configs})
    data = DatasetCardData(
        language=codes, license=licence or "other", pretty_name="INCLUDE exams (include-exams)",
        task_categories=["multiple-choice"], task_ids=["multiple-choice-qa"],
        size_categories=[_size_category(total)], annotations_creators=["expert-generated"],
        language_creators=["found"], multilinguality="multilingual" if len(codes) > 1 else "monolingual",
        tags=["include", "exams"], **({} if licence else {"license_name": "source-terms"}))
    DatasetInfosDict({c: infos[c] for c in configs}).to_dataset_card_data(data)
    MetadataConfigs({c: {"data_files": [{"split": SPLIT, "path": f"{c}/{SPLIT}-*"}]}
                     for c in configs}).to_dataset_card_data(data)

    by_country = sorted(export.by_country.items(),
                        key=lambda kv: (configs.index(kv[0][0]), -kv[1], kv[0][1]))
    sizes = Counter(min(len(q.choices), export.options or len(q.choices)) for q in records)
    options = "Options are as printed in the exam."
    if export.options:
        options = (
            f"Questions with more than {export.options} options were reduced to {export.options} "
            f"(`--options {export.options} --seed {export.seed}`, {export.reduced} questions): the "
            f"correct option is kept, the wrong options dropped are those with the lowest "
            f"sha256(`seed:id:index`), so a question loses the same options on every run, and the "
            f"answer index is remapped. An option that names others by letter (\"a and b are "
            f"correct\") can be broken by this.")
    options += " Options per question: " + ", ".join(f"{k}: {v}" for k, v in sorted(sizes.items())) + "."
    terms = sorted(set(licences.values()))
    if licence:
        licence_text = f"Released as `{licence}`; each source's own terms, below, still apply."
    else:
        licence_text = "No single licence: each question keeps the terms of its source exam."
    licence_text += ("\n\nTerms recorded for the sources:\n\n" + "\n".join(f"- {t}" for t in terms)
                     if terms else "\n\nNo terms were recorded for these sources: check each "
                     "publisher's before reuse.")
    return CARD.format(
        yaml=data.to_yaml(), marker=MARKER, total=total, include_url=INCLUDE_URL, split=SPLIT,
        n_languages=f"{len(configs)} language" + ("s" if len(configs) > 1 else ""),
        where=repo_id or "path/to/this/folder", first=configs[0],
        count_rows="\n".join(f"| {c} | {country or '(none)'} | {n} |" for (c, country), n in by_country),
        no_answer=export.no_answer, source_rows="\n".join(_source_rows(records, licences)),
        provenance=PROVENANCE_NOTE if with_provenance else "", options=options,
        selection=selection, licence=licence_text)


def _source_rows(records: Sequence[Question], licences: Mapping[str, str]) -> list[str]:
    groups: dict[tuple, list[Question]] = defaultdict(list)
    for q in records:
        groups[(q.exam or "(unnamed)", COUNTRIES.get(q.country or "", q.country or ""))].append(q)
    rows = []
    for (exam, country), qs in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        years = sorted({q.year for q in qs if q.year})
        span = "" if not years else str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}"
        terms = "; ".join(sorted({licences[q.id] for q in qs if q.id in licences})) or "not recorded"
        rows.append("| " + " | ".join(_cell(x) for x in (exam, country, span, len(qs), terms)) + " |")
    return rows


def _cell(value) -> str:
    """Text safe inside a markdown table cell."""
    return " ".join(str(value).split()).replace("|", "\\|")


def _size_category(n: int) -> str:
    for limit, label in ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K")):
        if n < limit:
            return label
    return "100K<n<1M"


def push(outdir: str | Path, repo_id: str, *, private: bool = False, api=None) -> str:
    """Upload the export folder as one commit (every file added, parquet files no longer in
    the export deleted), so the Hub never shows half an export; returns the commit URL.
    `private` applies when the repository is created; `api` replaces HfApi (tests)."""
    from huggingface_hub import CommitOperationAdd, CommitOperationDelete, HfApi

    outdir = Path(outdir)
    if api is None:
        token = os.environ.get("HF_TOKEN")
        if not token:
            raise ExportError("--push needs a Hub write token in HF_TOKEN", code=3)
        api = HfApi(token=token)
    files = sorted(p.relative_to(outdir).as_posix() for p in outdir.rglob("*") if p.is_file())
    try:
        api.create_repo(repo_id, repo_type="dataset", private=private or None, exist_ok=True)
        stale = [f for f in api.list_repo_files(repo_id, repo_type="dataset")
                 if f.endswith(".parquet") and f not in files]
        ops = [CommitOperationAdd(path_in_repo=f, path_or_fileobj=str(outdir / f)) for f in files]
        ops += [CommitOperationDelete(path_in_repo=f) for f in stale]
        info = api.create_commit(repo_id, repo_type="dataset", operations=ops,
                                 commit_message=f"include-export: {len(files) - 1} configs")
    except Exception as e:  # noqa: BLE001 -- the client raises HTTP, network, validation errors
        first = (str(e).strip().splitlines() or [type(e).__name__])[0]
        raise ExportError(f"push to {repo_id} failed: {first}", code=3) from None
    return getattr(info, "commit_url", str(info))


def _selection(db: Path, status: str | None, exclude_dups: bool):
    """Records and their sources' licences from the review store; the duplicates left out."""
    import sqlite3

    from review.store import Store, StoreError

    if not db.is_file():  # Store() would create an empty one
        raise ExportError(f"{db}: no review database (create it with include-review)")
    try:
        with Store(db) as store:
            pairs = store.records(status=status)
    except (StoreError, sqlite3.Error, ValueError) as e:
        raise ExportError(str(e) if isinstance(e, StoreError) else f"{db}: cannot read ({e})") from None
    kept = [(q, r) for q, r in pairs if not (exclude_dups and r.get("dup_of"))]
    licences = {q.id: r["provenance"]["licence"] for q, r in kept
                if (r.get("provenance") or {}).get("licence")}
    return [q for q, _ in kept], licences, len(pairs) - len(kept)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="include-export", description="Export reviewed questions.")
    sub = p.add_subparsers(dest="target", required=True)
    h = sub.add_parser("hub", help="a Hugging Face dataset folder in include-base-44's layout")
    h.add_argument("outdir", type=Path, metavar="OUTDIR")
    h.add_argument("--db", type=Path, default=Path("include.db"), help="review database")
    h.add_argument("--status", default="approved", choices=(*STATUSES, "all"),
                   help="review status to export (approved)")
    h.add_argument("--exclude-dups", action="store_true", help="leave out records marked duplicate")
    h.add_argument("--repo-id", metavar="ORG/NAME", help="Hub dataset repository (for --push and the card)")
    h.add_argument("--push", action="store_true", help="upload OUTDIR to --repo-id in one commit")
    h.add_argument("--private", action="store_true", help="create the Hub repository private")
    h.add_argument("--with-provenance", action="store_true", help="add id, exam, source, page... columns")
    h.add_argument("--options", type=int, metavar="N", help="reduce questions to N options (a seeded "
                   "random choice of wrong ones is dropped)")
    h.add_argument("--seed", type=int, default=0, help="seed for --options (0)")
    h.add_argument("--licence", metavar="ID", help="Hub licence id for the card (default: other, "
                   "each source's terms apply)")
    args = p.parse_args(argv)
    if args.push and not args.repo_id:
        p.error("--push needs --repo-id ORG/NAME")
    try:
        status = None if args.status == "all" else args.status
        records, licences, dups = _selection(args.db, status, args.exclude_dups)
        selection = f"with review status `{args.status}`" + (
            ", duplicates left out" if args.exclude_dups else "")
        export = build(records, args.outdir, options=args.options, seed=args.seed,
                       with_provenance=args.with_provenance, licence=args.licence,
                       licences=licences, repo_id=args.repo_id, selection=selection)
        print(export.summary() + (f", {dups} left out (duplicate)" if dups else ""), file=sys.stderr)
        if args.push:
            print(f"pushed: {push(args.outdir, args.repo_id, private=args.private)}", file=sys.stderr)
    except ExportError as e:
        print(f"include-export: error: {e}", file=sys.stderr)
        return e.code
    return 0


if __name__ == "__main__":
    sys.exit(main())
