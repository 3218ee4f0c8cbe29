"""include-review argilla: the store's questions as an Argilla dataset, and the volunteers'
submitted responses back into the store.

A response is turned into the review CSV's row it stands for (the revision the record was pushed
from, with the reviewer's verdict and corrections), and each reviewer's rows go through the CSV
import's checks and conflict rules, one reviewer after another as if each had sent a CSV: the
first decision on a row is applied, a later different one is kept as a conflict. All reviewers'
rows are imported or none.
"""
from __future__ import annotations

import base64
import contextlib
import logging
import os
import re
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path

from schema.common import LETTERS
from schema.models import Question
from schema.vocab import DOMAINS, SUBJECTS

from . import crops, guidelines
from .csv_import import Outcome, apply_rows, summary
from .rows import columns, to_row, unguard
from .store import ReviewError, Store

VERDICTS = ("approve", "fix", "reject")
OPTION = re.compile(r"^\s*([A-J])\)\s?(.*)$")


@dataclass
class Target:
    api_url: str
    workspace: str
    dataset: str


def _client(target: Target):
    key = os.environ.get("ARGILLA_API_KEY")
    if not key:
        raise ReviewError("argilla: no API key: set ARGILLA_API_KEY (your Argilla user's key, "
                          "in its settings page)")
    try:
        import argilla as rg
    except ImportError:
        raise ReviewError("argilla: the argilla package is not installed "
                          "(pip install 'include-exams[argilla]')") from None
    try:
        return rg, rg.Argilla(api_url=target.api_url, api_key=key)
    except Exception as exc:  # noqa: BLE001 -- the SDK raises its own and httpx's errors
        raise ReviewError(f"argilla: {target.api_url}: {_first_line(exc)}") from None


@contextlib.contextmanager
def _quiet():
    """The SDK's progress bar, warnings and log lines off: the command says what happened in one line."""
    logger = logging.getLogger("argilla.sdk")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings(), open(os.devnull, "w") as null, contextlib.redirect_stderr(null):
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def _first_line(exc: Exception) -> str:
    return " ".join((str(exc).strip().splitlines() or [type(exc).__name__])[0].split())


def settings(rg, width: int, reviewers: int):
    """Fields, questions, metadata and guidelines of the review dataset."""
    letters = [c.upper() for c in LETTERS[:width]]
    return rg.Settings(
        guidelines=guidelines.markdown(),
        fields=[rg.TextField(name="question", title="Question (with its passage)"),
                rg.TextField(name="options", title="Options"),
                rg.ImageField(name="crop", title="The question on its page", required=False)],
        questions=[
            rg.LabelQuestion(name="verdict", title="Verdict", labels=list(VERDICTS),
                             description="approve: all right; fix: you corrected it below (with no correction: "
                                         "someone must fix it); reject: cannot be used"),
            rg.LabelQuestion(name="corrected_answer", title="Corrected answer", labels=letters, required=False),
            rg.TextQuestion(name="corrected_text", title="Corrected text", required=False,
                            description="the question and its options as 'A) ...' lines, corrected"),
            rg.LabelQuestion(name="domain", title="INCLUDE domain", labels=list(DOMAINS), required=False),
            rg.LabelQuestion(name="subject", title="INCLUDE subject", labels=list(SUBJECTS), required=False),
            rg.TextQuestion(name="notes", title="Notes", required=False)],
        metadata=[rg.TermsMetadataProperty(name="exam"), rg.IntegerMetadataProperty(name="year"),
                  rg.TermsMetadataProperty(name="country"), rg.TermsMetadataProperty(name="language"),
                  rg.IntegerMetadataProperty(name="page"),
                  rg.TermsMetadataProperty(name="rev", visible_for_annotators=False)],
        distribution=rg.TaskDistribution(min_submitted=reviewers))


def shown_text(q: Question) -> str:
    """The question and its options as a reviewer corrects them: the stem, then 'A) ...' lines."""
    return q.question + "\n" + "\n".join(f"{LETTERS[i].upper()}) {c}" for i, c in enumerate(q.choices))


def parse_text(text: str) -> tuple[str, list[str]]:
    """`shown_text` back: the stem and the options (a line not starting 'X) ' continues the last)."""
    stem: list[str] = []
    options: list[list[str]] = []
    for line in text.replace("\r\n", "\n").split("\n"):
        m = OPTION.match(line)
        if m:
            options.append([m.group(2)])
        elif options:
            options[-1].append(line)
        else:
            stem.append(line)
    return "\n".join(stem).strip(), ["\n".join(o).strip() for o in options]


def push(store: Store, target: Target, reviewers: int = 1, status: str | None = None, exam: str | None = None,
         country: str | None = None) -> str:
    """Create the dataset (or add to it: a record pushed again is updated, by its id) with the
    selected records; returns the summary line."""
    pairs = store.records(status=status, exam=exam, country=country)
    if not pairs:
        raise ReviewError(f"{store.path}: no records selected")
    if reviewers < 1:
        raise ReviewError(f"--reviewers {reviewers}: at least 1")
    rg, client = _client(target)
    width = max(4, *(len(q.choices) for q, _ in pairs))
    images = _crops(pairs)
    revs = {q.id: review["rev"] for q, review in pairs}
    try:
        with _quiet():
            workspace = client.workspaces(target.workspace)
        if workspace is None:
            raise ReviewError(f"argilla: {target.api_url}: no workspace {target.workspace!r}")
        with _quiet():
            dataset = client.datasets(name=target.dataset, workspace=workspace)
        created = dataset is None
        if created:
            dataset = rg.Dataset(name=target.dataset, workspace=workspace, settings=settings(rg, width, reviewers),
                                 client=client).create()
            held: set[str] = set()
        else:  # a record answered on another revision keeps it until pulled: the answers are about it
            with _quiet():
                held = {str(r.id) for r in dataset.records(with_responses=True, with_suggestions=False)
                        if _submitted(r) and r.metadata.get("rev") != revs.get(str(r.id), r.metadata.get("rev"))}
        records = [rg.Record(
            id=q.id,
            fields={"question": "\n\n".join(filter(None, [q.context, q.question])),
                    "options": "\n".join(f"{LETTERS[i].upper()}) {c}" for i, c in enumerate(q.choices)),
                    "crop": images.get(q.id)},
            metadata={"exam": q.exam or "", "year": q.year or 0, "country": q.country or "",
                      "language": q.language, "page": q.page, "rev": review["rev"]},
            suggestions=[rg.Suggestion("corrected_text", shown_text(q))]) for q, review in pairs if q.id not in held]
        with _quiet():
            dataset.records.log(records)
    except ReviewError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise ReviewError(f"argilla: {target.dataset}: push failed: {_first_line(exc)}") from None
    shown = sum(1 for r in records if r.fields["crop"])
    line = f"argilla:{target.workspace}/{target.dataset}: {len(records)} records "
    if created:
        line += (f"in a new dataset, {shown} with their page image, {reviewers} reviewer{'s' * (reviewers > 1)} "
                 "per record")
    else:
        line += f"added or updated, {shown} with their page image"
    if held:
        line += f"; {len(held)} left as they were: answered on the revision they show (include-review argilla pull)"
    return line


def _crops(pairs) -> dict[str, str]:
    """Each question's crop as a data URI (Argilla shows it; no file server needed)."""
    jobs = {}
    with tempfile.TemporaryDirectory(prefix="include-argilla-") as tmp:
        for q, review in pairs:
            pdf = review["provenance"].get("pdf")
            if q.bbox and pdf and Path(pdf).is_file():
                jobs[q.id] = crops.Job(pdf, q.page, q.bbox, Path(tmp) / f"{q.id}.png")
        crops.render(list(jobs.values()), progress=False)
        return {id: "data:image/png;base64," + base64.b64encode(job.out.read_bytes()).decode()
                for id, job in jobs.items() if job.out.exists()}


def pull(store: Store, target: Target) -> tuple[list[str], bool]:
    """Submitted responses into the store; returns the summary lines and whether it failed."""
    rg, client = _client(target)
    try:
        with _quiet():
            workspace = client.workspaces(target.workspace)
            dataset = workspace and client.datasets(name=target.dataset, workspace=workspace)
        if not dataset:
            raise ReviewError(f"argilla: {target.api_url}: no dataset {target.dataset!r} in workspace "
                              f"{target.workspace!r}")
        by_reviewer: dict[str, list[tuple[int, dict]]] = {}
        names: dict = {}
        for n, record in enumerate(dataset.records(with_responses=True, with_suggestions=False), 1):
            for user_id, answers in _submitted(record).items():
                if user_id not in names:
                    user = client.users(id=user_id)
                    names[user_id] = user.username if user else str(user_id)
                by_reviewer.setdefault(names[user_id], []).append((n, _row(store, record, answers, names[user_id])))
    except ReviewError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise ReviewError(f"argilla: {target.dataset}: pull failed: {_first_line(exc)}") from None
    lines, failed = [], False
    source = f"argilla:{target.workspace}/{target.dataset}"
    try:
        with store.transaction():  # every reviewer's responses, or none
            for name in sorted(by_reviewer):
                out = apply_rows(store, f"{source} ({name})", by_reviewer[name], None,
                                 Outcome(rows=len(by_reviewer[name])))
                lines += summary(f"{source} ({name})", out)
                if out.errors:
                    failed = True
                    raise _Refused  # rolls back the reviewers applied before
    except _Refused:
        lines.append(f"{source}: nothing imported")
    if not by_reviewer:
        lines.append(f"{source}: no submitted responses")
    return lines, failed


class _Refused(Exception):
    """A reviewer's rows had problems: the whole pull is undone."""


def _submitted(record) -> dict:
    """user id -> {question: value} of each reviewer's submitted response."""
    out: dict = {}
    for response in record.responses:
        if str(getattr(response.status, "value", response.status)) == "submitted":
            out.setdefault(response.user_id, {})[response.question_name] = response.value
    return out


def _row(store: Store, record, answers: dict, reviewer: str) -> dict:
    """The review CSV row a response stands for, over the revision the record was pushed from."""
    id, rev = str(record.id), str(record.metadata.get("rev") or "")
    base = store.revision(id, rev)
    if base is None:  # an unknown id or revision: the CSV import's check reports it
        return {"id": id, "rev": rev}
    q = Question.model_validate(base["record"])
    width = max(4, len(q.choices))
    cells = {c: unguard(v) for c, v in zip(columns(width), to_row(q, {**base, "dup_of": None, "rev": rev}, "", width))}
    corrected = False
    if answers.get("corrected_text") and answers["corrected_text"].strip() != shown_text(q).strip():
        stem, options = parse_text(answers["corrected_text"])
        cells["question"] = stem
        for i in range(max(width, len(options))):
            cells[f"option_{LETTERS[i]}"] = options[i] if i < len(options) else ""
        corrected = True
    if answers.get("corrected_answer"):
        corrected |= answers["corrected_answer"] != cells["answer"]
        cells["answer"] = answers["corrected_answer"]
    for tag in ("domain", "subject"):
        if answers.get(tag):
            cells[tag] = answers[tag]
    verdict = answers.get("verdict")
    cells["status"] = {"approve": "approved", "reject": "rejected"}.get(
        verdict, "approved" if corrected else "needs_fix")
    cells["reviewer"] = reviewer
    cells["notes"] = answers.get("notes") or cells["notes"]
    return cells

