"""The Hub export: reviewed questions as a dataset laid out like CohereLabs/include-base-44.

One config per language, named by its English name as INCLUDE names them, each with a `test`
split in `<Config>/test-00000-of-00001.parquet`, and a dataset card (README.md) whose YAML
declares the configs and features, so `datasets.load_dataset(OUTDIR, "Spanish")` and the Hub
viewer read it as INCLUDE's own configs.
"""
from __future__ import annotations

import argparse
import hashlib
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from review.store import STATUSES
from schema.common import add_version, atomic_dir
from schema.models import INCLUDE_OPTIONS, Question, include_row
from schema.vocab import country_name, in_vocabulary, language_name

SPLITS = ("test", "validation")  # include-base-44's: harnesses take few-shot examples from validation
# The card carries this marker: OUTDIR is replaced only when it is empty or a previous export.
MARKER = "<!-- written by include-export (include-exams) -->"
INCLUDE_URL = "https://huggingface.co/datasets/CohereLabs/include-base-44"
MORE_OPTIONS = ("reduce", "leave-out")  # what becomes of a question printed with 5+ options


class ExportError(Exception):
    """Bad input or a failed write or push; the message is one line naming the problem."""

    def __init__(self, message: str, code: int = 1):
        super().__init__(message)
        self.code = code


def features(with_provenance: bool = False):
    """include-base-44's columns and types; provenance columns (and the options as printed)
    appended when asked for."""
    from datasets import Features, Sequence, Value

    cols = {c: Value("string") for c in ("language", "country", "domain", "subject", "regional_feature",
                                         "level", "question", "option_a", "option_b", "option_c", "option_d")}
    cols["answer"] = Value("int64")
    if with_provenance:
        cols |= {
            "id": Value("string"), "exam": Value("string"), "year": Value("int64"),
            "number": Value("int64"), "variant": Value("string"), "source_url": Value("string"),
            "sha256": Value("string"), "page": Value("int64"), "method": Value("string"),
            "flags": Sequence(Value("string")), "licence": Value("string"),
            "printed_options": Sequence(Value("string")), "printed_answer": Value("int64"),
        }
    return Features(cols)


def _rank(seed: int, *parts) -> bytes:
    """A seeded order that is the same on every run and machine."""
    return hashlib.sha256(":".join(map(str, (seed, *parts))).encode()).digest()


def reduce_choices(q: Question, n: int, seed: int) -> tuple[list[str], int]:
    """Keep the answer and n-1 wrong options, dropping wrong ones ranked by sha256(seed:id:index)
    (the same on every run and machine); returns the choices and the remapped answer index."""
    assert q.answer is not None
    if len(q.choices) <= n:
        return list(q.choices), q.answer
    wrong = [i for i in range(len(q.choices)) if i != q.answer]
    wrong.sort(key=lambda i: _rank(seed, q.id, i))
    drop = set(wrong[: len(q.choices) - n])
    keep = [i for i in range(len(q.choices)) if i not in drop]
    return [q.choices[i] for i in keep], keep.index(q.answer)


def validation_ids(records: Sequence[Question], size: float, seed: int) -> set[str]:
    """The ids held out as `validation`: `size` rows (a count, or a fraction of the records when
    below 1), spread over subjects in proportion (largest remainders), each subject's picked by
    sha256(seed:id), so the split is the same on every run. At least one row goes to each split
    when the config has two and `size` is not 0 (an empty parquet file cannot be loaded)."""
    n = len(records)
    want = min(n - 1, max(1, round(size * n) if size < 1 else int(size))) if size and n > 1 else 0
    by_subject: dict[str, list[Question]] = defaultdict(list)
    for q in records:
        by_subject[q.subject if in_vocabulary("subject", q.subject) else ""].append(q)
    quotas = {s: want * len(qs) / n for s, qs in by_subject.items()} if n else {}
    take = {s: int(x) for s, x in quotas.items()}
    for s in sorted(quotas, key=lambda s: (-(quotas[s] - take[s]), s))[: want - sum(take.values())]:
        take[s] += 1
    return {q.id for s, qs in by_subject.items()
            for q in sorted(qs, key=lambda q: _rank(seed, q.id))[: take[s]]}


@dataclass
class Export:
    """What an export wrote, for the summary line and the card."""

    outdir: Path
    counts: dict[str, dict[str, int]]   # config -> split -> rows, configs largest first
    no_answer: int                      # left out: annulled or unkeyed
    more_options: str = "reduce"
    reduced: int = 0                    # 5+ options cut to 4
    too_many: int = 0                   # 5+ options left out (--more-options leave-out)
    too_few: int = 0                    # fewer than 4 options: left out
    no_subject: int = 0                 # subject not INCLUDE's: exported empty
    seed: int = 0
    validation: float = 0.1
    by_country: Counter = field(default_factory=Counter)  # (config, country) -> rows

    def summary(self) -> str:
        configs = ", ".join(f"{c} {sum(n.values())}" for c, n in self.counts.items())
        n = len(self.counts)
        rows = [sum(n[s] for n in self.counts.values()) for s in SPLITS]
        line = (f"{self.outdir}: {n} config{'s' if n > 1 else ''} ({configs}; "
                f"{rows[0]} test, {rows[1]} validation), {self.no_answer} left out (no answer)")
        if self.too_few:
            line += f", {self.too_few} left out (fewer than 4 options)"
        if self.too_many:
            line += f", {self.too_many} left out (more than 4 options)"
        if self.reduced:
            line += f", {self.reduced} reduced to 4 options (seed {self.seed})"
        return line


def build(records: Sequence[Question], outdir: str | Path, *, more_options: str = "reduce",
          seed: int = 0, validation: float = 0.1, with_provenance: bool = False,
          licence: str | None = None, licences: Mapping[str, str] | None = None,
          repo_id: str | None = None, selection: str = "approved in review") -> Export:
    """Write the records as the dataset folder `outdir`, atomically (built beside it, renamed).

    Questions with more than 4 options are reduced to 4 (`more_options="reduce"`, a seeded
    wrong option dropped) or left out; those with fewer are left out. `validation` rows of each
    config (a count, or a fraction below 1) go to the `validation` split, stratified by subject.
    `licence` is a Hub licence id for the card (default `other`: each source's terms apply);
    `licences` maps question id to its source's licence text, listed in the card and, with
    provenance, in a `licence` column; `selection` says in the card which records were chosen.
    """
    outdir = Path(outdir)
    if more_options not in MORE_OPTIONS:
        raise ExportError(f"--more-options {more_options}: one of {', '.join(MORE_OPTIONS)}", code=2)
    if validation < 0 or (validation >= 1 and validation != int(validation)):
        raise ExportError(f"--validation {validation}: a count of rows or a fraction below 1", code=2)
    licences = licences or {}
    if not records:
        raise ExportError("nothing to export: no records selected")
    answered = [q for q in records if q.answer is not None]
    if not answered:
        raise ExportError(f"nothing to export: none of the {len(records)} selected records has an answer")
    _check_outdir(outdir)  # the vocabulary is checked again as the store's records are read

    export = Export(outdir, {}, len(records) - len(answered), more_options=more_options, seed=seed,
                    validation=validation)
    by_config: dict[str, list[Question]] = defaultdict(list)
    for q in answered:
        if len(q.choices) < INCLUDE_OPTIONS:
            export.too_few += 1
        elif len(q.choices) > INCLUDE_OPTIONS and more_options == "leave-out":
            export.too_many += 1
        else:
            by_config[language_name(q.language)].append(q)
    if not by_config:
        raise ExportError(f"nothing to export: none of the {len(answered)} answered records has "
                          f"{'exactly ' if more_options == 'leave-out' else 'at least '}4 options")
    order = sorted(by_config, key=lambda c: (-len(by_config[c]), c))

    try:
        with atomic_dir(outdir) as tmp:  # OUTDIR is the old export or the new, never a mix
            infos = {}
            for config in order:
                qs = sorted(by_config[config], key=_source_order)
                held = validation_ids(qs, validation, seed)
                rows = {"test": [_row(q, export, with_provenance, licences) for q in qs if q.id not in held],
                        "validation": [_row(q, export, with_provenance, licences) for q in qs if q.id in held]}
                export.counts[config] = {s: len(rows[s]) for s in SPLITS}
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
    choices, answer = reduce_choices(q, INCLUDE_OPTIONS, export.seed)
    export.reduced += len(choices) < len(q.choices)
    row = include_row(q.model_copy(update={"choices": choices, "answer": answer}))
    export.no_subject += bool(q.subject) and not row["subject"]
    export.by_country[(row["language"], row["country"])] += 1
    if with_provenance:
        row |= {"id": q.id, "exam": q.exam, "year": q.year, "number": q.number,
                "variant": q.variant, "source_url": q.source_url, "sha256": q.sha256,
                "page": q.page, "method": q.method, "flags": list(q.flags),
                "licence": licences.get(q.id), "printed_options": list(q.choices),
                "printed_answer": q.answer}
    return row


def write_parquet(rows: Mapping[str, list[dict]], folder: Path, with_provenance: bool):
    """One parquet file per split (INCLUDE's naming), its schema carrying the features as
    `datasets` writes them; returns the config's DatasetInfo for the card."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    from datasets import DatasetInfo, SplitDict, SplitInfo

    feats = features(with_provenance)
    folder.mkdir()
    splits, size = SplitDict(), 0
    for split in (s for s in SPLITS if rows[s]):  # `datasets` cannot read an empty parquet file
        table = pa.Table.from_pylist(rows[split], schema=feats.arrow_schema)
        pq.write_table(table, folder / f"{split}-00000-of-00001.parquet")
        splits.add(SplitInfo(name=split, num_bytes=table.nbytes, num_examples=len(table)))
        size += table.nbytes
    return DatasetInfo(features=feats, splits=splits, dataset_size=size)


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
it, with a `test` split and a `validation` split (for few-shot examples), INCLUDE's columns and
types.

```python
from datasets import load_dataset
ds = load_dataset("{where}", "{first}", split="test")
```

## Counts

| config | country | questions |
|---|---|---|
{count_rows}
| **total** | | **{total}** |

{split_rows}

{left_out}

## Sources

| exam | country | years | questions | licence |
|---|---|---|---|---|
{source_rows}

## Fields

`language` and `country` (English names), `domain`, `subject`, `regional_feature`, `level`
(INCLUDE's vocabularies, empty when not tagged), `question` (a shared passage comes first,
then a newline and the question), `option_a` to `option_d` (the option texts without their
letters), `answer` (0-3: which option is right).{provenance}

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
`low_ocr_confidence`), `licence` (the source's terms as recorded by the crawl),
`printed_options` and `printed_answer` (every option as printed, and the answer's index among
them, before any reduction to four)."""


def card(export: Export, records: Sequence[Question], infos: Mapping, *, with_provenance: bool,
         licence: str | None, licences: Mapping[str, str], repo_id: str | None,
         selection: str) -> str:
    """The dataset card: YAML front matter as `push_to_hub` writes it, then the prose."""
    from datasets.info import DatasetInfosDict
    from datasets.utils.metadata import MetadataConfigs
    from huggingface_hub import DatasetCardData

    total = sum(sum(n.values()) for n in export.counts.values())
    configs = list(export.counts)
    codes = sorted({q.language for q in records if language_name(q.language) in export.counts})
    data = DatasetCardData(
        language=codes, license=licence or "other", pretty_name="INCLUDE exams (include-exams)",
        task_categories=["multiple-choice"], task_ids=["multiple-choice-qa"],
        size_categories=[_size_category(total)], annotations_creators=["expert-generated"],
        language_creators=["found"], multilinguality="multilingual" if len(codes) > 1 else "monolingual",
        tags=["include", "exams"], **({} if licence else {"license_name": "source-terms"}))
    DatasetInfosDict({c: infos[c] for c in configs}).to_dataset_card_data(data)
    MetadataConfigs({c: {"data_files": [{"split": s, "path": f"{c}/{s}-*"} for s in SPLITS
                                        if export.counts[c][s]]}
                     for c in configs}).to_dataset_card_data(data)

    by_country = sorted(export.by_country.items(),
                        key=lambda kv: (configs.index(kv[0][0]), -kv[1], kv[0][1]))
    size = (f"{export.validation:g} of each config's rows" if export.validation < 1
            else f"{int(export.validation)} rows of each config")
    split_rows = (f"`validation` holds {size} (`--validation {export.validation:g} --seed {export.seed}`), "
                  f"spread over subjects in proportion and picked by sha256(`seed:id`): "
                  + ", ".join(f"{c} {n['validation']}" for c, n in export.counts.items())
                  + ". A config of one question has no `validation` split.")
    left = [f"{export.no_answer} selected questions without an answer (annulled or unkeyed) are left out."]
    if export.too_few:
        left.append(f"{export.too_few} questions with fewer than 4 options are left out.")
    if export.too_many:
        left.append(f"{export.too_many} questions with more than 4 options are left out "
                    "(`--more-options leave-out`).")
    if export.no_subject:
        left.append(f"{export.no_subject} questions carry their exam's own subject name, not one of "
                    "INCLUDE's: their `subject` is empty.")
    options = "Every question has four options, as printed."
    if export.reduced:
        options = (
            f"{export.reduced} questions printed with more than four options were reduced to four "
            f"(`--more-options reduce --seed {export.seed}`): the correct option is kept, the wrong "
            f"options dropped are those with the lowest sha256(`seed:id:index`), so a question loses "
            f"the same options on every run, and the answer index is remapped. An option that names "
            f"others by letter (\"a and b are correct\") can be broken by this.")
    sizes = Counter(len(q.choices) for q in records)
    options += " Options per selected question as printed: " + ", ".join(
        f"{k}: {v}" for k, v in sorted(sizes.items())) + "."
    terms = sorted(set(licences.values()))
    if licence:
        licence_text = f"Released as `{licence}`; each source's own terms, below, still apply."
    else:
        licence_text = "No single licence: each question keeps the terms of its source exam."
    licence_text += ("\n\nTerms recorded for the sources:\n\n" + "\n".join(f"- {t}" for t in terms)
                     if terms else "\n\nNo terms were recorded for these sources: check each "
                     "publisher's before reuse.")
    return CARD.format(
        yaml=data.to_yaml(), marker=MARKER, total=total, include_url=INCLUDE_URL,
        n_languages=f"{len(configs)} language" + ("s" if len(configs) > 1 else ""),
        where=repo_id or "path/to/this/folder", first=configs[0],
        count_rows="\n".join(f"| {c} | {country or '(none)'} | {n} |" for (c, country), n in by_country),
        split_rows=split_rows, left_out=" ".join(left),
        source_rows="\n".join(_source_rows(records, licences)),
        provenance=PROVENANCE_NOTE if with_provenance else "", options=options,
        selection=selection, licence=licence_text)


def _source_rows(records: Sequence[Question], licences: Mapping[str, str]) -> list[str]:
    groups: dict[tuple, list[Question]] = defaultdict(list)
    for q in records:
        groups[(q.exam or "(unnamed)", country_name(q.country) if q.country else "")].append(q)
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


def hub_api(api=None):
    """The Hub client with the token `huggingface_hub.get_token()` finds (HF_TOKEN, or the one
    `hf auth login` stored); `api` (tests) is returned as it is."""
    if api is not None:
        return api
    from huggingface_hub import HfApi, get_token

    token = get_token()
    if not token:
        raise ExportError("publishing on the Hub needs a write token: run `hf auth login` or set HF_TOKEN", code=3)
    return HfApi(token=token)


def push(outdir: str | Path, repo_id: str, *, private: bool = False, api=None, message: str | None = None) -> str:
    """Upload the export folder as one commit (every file added, parquet files no longer in
    the export deleted), so the Hub never shows half an export; returns the commit URL.
    `private` applies when the repository is created; `api` replaces HfApi (tests)."""
    from huggingface_hub import CommitOperationAdd, CommitOperationDelete

    outdir = Path(outdir)
    api = hub_api(api)
    files = sorted(p.relative_to(outdir).as_posix() for p in outdir.rglob("*") if p.is_file())
    try:
        api.create_repo(repo_id, repo_type="dataset", private=private or None, exist_ok=True)
        stale = [f for f in api.list_repo_files(repo_id, repo_type="dataset")
                 if f.endswith(".parquet") and f not in files]
        ops = [CommitOperationAdd(path_in_repo=f, path_or_fileobj=str(outdir / f)) for f in files]
        ops += [CommitOperationDelete(path_in_repo=f) for f in stale]
        info = api.create_commit(repo_id, repo_type="dataset", operations=ops,
                                 commit_message=message or f"include-export: {len(files) - 1} files")
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


# The licence ids the Hub accepts in a card's `license:` (https://huggingface.co/docs/hub/repositories-licenses).
HUB_LICENCES = frozenset("""
apache-2.0 mit openrail bigscience-openrail-m creativeml-openrail-m bigscience-bloom-rail-1.0
bigcode-openrail-m afl-3.0 artistic-2.0 bsl-1.0 bsd bsd-2-clause bsd-3-clause bsd-3-clause-clear c-uda cc
cc0-1.0 cc-by-2.0 cc-by-2.5 cc-by-3.0 cc-by-4.0 cc-by-sa-3.0 cc-by-sa-4.0 cc-by-nc-2.0 cc-by-nc-3.0
cc-by-nc-4.0 cc-by-nd-4.0 cc-by-nc-nd-3.0 cc-by-nc-nd-4.0 cc-by-nc-sa-2.0 cc-by-nc-sa-3.0 cc-by-nc-sa-4.0
cdla-sharing-1.0 cdla-permissive-1.0 cdla-permissive-2.0 wtfpl ecl-2.0 epl-1.0 epl-2.0 etalab-2.0 eupl-1.1
eupl-1.2 agpl-3.0 gfdl gpl gpl-2.0 gpl-3.0 lgpl lgpl-2.1 lgpl-3.0 isc h-research intel-research lppl-1.3c
ms-pl apple-ascl apple-amlr mpl-2.0 odc-by odbl openrail++ osl-3.0 postgresql ofl-1.1 ncsa unlicense zlib
pddl lgpl-lr deepfloyd-if-license llama2 llama3 llama3.1 llama3.2 llama3.3 gemma unknown other
""".split())
# Terms that forbid reuse or derivatives, as publishers word them (the crawl records their text).
RESTRICTIVE = re.compile(r"all rights reserved|reservados todos|todos los derechos|todos os direitos|"
                         r"prohibid[ao]|proibid[ao]|no derivative|non-?commercial|\bnc\b|\bnd\b|"
                         r"sin autorizaci|sem autoriza", re.I)


def publish_problems(records: Sequence[Question], licences: Mapping[str, str], licence: str | None) -> str:
    """What should stop a push: rows without a country, sources whose terms restrict reuse."""
    problems = []
    no_country = sum(1 for q in records if not q.country)
    if no_country:
        problems.append(f"{no_country} rows without a country")
    restricted = [t for q in records if (t := licences.get(q.id)) and RESTRICTIVE.search(t)]
    if restricted:
        first = " ".join(restricted[0].split())[:60]
        problems.append(f"{len(restricted)} rows under restrictive terms (e.g. {first!r})")
    if licence and RESTRICTIVE.search(licence.replace("-", " ")):
        problems.append(f"--licence {licence} restricts reuse")
    return "; ".join(problems)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="include-export", description="Export reviewed questions.")
    add_version(p)
    sub = p.add_subparsers(dest="target", required=True)
    h = sub.add_parser("hub", help="a Hugging Face dataset folder in include-base-44's layout")
    h.add_argument("outdir", type=Path, metavar="OUTDIR")
    h.add_argument("--db", type=Path, default=Path("include.db"), help="review database")
    h.add_argument("--status", default="approved", choices=(*STATUSES, "all"),
                   help="review status to export (approved)")
    h.add_argument("--exclude-dups", action="store_true", help="leave out records marked duplicate")
    h.add_argument("--repo-id", metavar="ORG/NAME", help="Hub dataset repository (for --push and the card)")
    h.add_argument("--push", action="store_true", help="upload OUTDIR to --repo-id in one commit")
    h.add_argument("--allow-restricted", action="store_true", help="push even rows without a country or "
                   "under terms that restrict reuse")
    h.add_argument("--private", action="store_true", help="create the Hub repository private")
    h.add_argument("--with-provenance", action="store_true", help="add id, exam, source, page... columns "
                   "and the options as printed")
    h.add_argument("--more-options", choices=MORE_OPTIONS, default="reduce", help="questions printed with "
                   "5+ options: reduce to 4 (a seeded wrong option dropped) or leave out (default reduce)")
    h.add_argument("--validation", type=float, default=0.1, metavar="SIZE", help="rows per config in the "
                   "validation split: a count, or a fraction below 1 (default 0.1)")
    h.add_argument("--seed", type=int, default=0, help="seed for --more-options reduce and --validation (0)")
    h.add_argument("--licence", metavar="ID", help="Hub licence id for the card (default: other, "
                   "each source's terms apply)")
    args = p.parse_args(argv)
    if args.push and not args.repo_id:
        p.error("--push needs --repo-id ORG/NAME")
    try:
        if args.licence and args.licence not in HUB_LICENCES:
            raise ExportError(f"--licence {args.licence}: not a Hub licence id (e.g. cc-by-4.0, other; "
                              "https://huggingface.co/docs/hub/repositories-licenses)", code=2)
        status = None if args.status == "all" else args.status
        records, licences, dups = _selection(args.db, status, args.exclude_dups)
        selection = f"with review status `{args.status}`" + (
            ", duplicates left out" if args.exclude_dups else "")
        export = build(records, args.outdir, more_options=args.more_options, seed=args.seed,
                       validation=args.validation, with_provenance=args.with_provenance,
                       licence=args.licence, licences=licences, repo_id=args.repo_id, selection=selection)
        print(export.summary() + (f", {dups} left out (duplicate)" if dups else ""), file=sys.stderr)
        if args.push:
            problems = publish_problems([q for q in records if q.answer is not None], licences, args.licence)
            if problems and not args.allow_restricted:
                raise ExportError(f"not pushed: {problems}; check them, or push anyway with "
                                  "--allow-restricted", code=3)
            if problems:
                print(f"include-export: warning: pushing {problems} (--allow-restricted)", file=sys.stderr)
            print(f"pushed: {push(args.outdir, args.repo_id, private=args.private)}", file=sys.stderr)
    except ExportError as e:
        print(f"include-export: error: {e}", file=sys.stderr)
        return e.code
    return 0


if __name__ == "__main__":
    sys.exit(main())
