"""include-extract: exam PDFs in, validated INCLUDE question records out."""
from __future__ import annotations

import argparse
import gc
import json
import logging
import os
import subprocess
import sys
import tempfile
import traceback
from dataclasses import replace
from pathlib import Path

from schema.common import add_version

from .errors import (
    Corrupt,
    ExitCode,
    ExtractError,
    FileError,
    OutputError,
    Unreadable,
    UsageError,
    exit_table,
    name_text,
    printable,
)
from .limits import MAX_PAGES, MAX_WORDS, TIMEOUT, Limits
from .llm.client import DEFAULT_MODEL
from .output import FORMATS, write


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="include-extract",
        description="Extract multiple-choice questions, options and answer keys from exam PDFs "
                    "into INCLUDE records (rule-based; no network, no API key).",
        epilog=exit_table(), formatter_class=argparse.RawDescriptionHelpFormatter)
    add_version(ap)
    ap.add_argument("inputs", nargs="+", metavar="EXAM", help="exam PDF(s) or folder(s) of PDFs")
    ap.add_argument("--key", metavar="KEY.pdf", help="separate answer-key PDF (one exam only)")
    ap.add_argument("--force", action="store_true", help="keep a --key whose numbers the exam's questions "
                    "mostly do not match (records flagged key_misfit) instead of refusing it")
    ap.add_argument("--language", metavar="CODE", help="exam language, ISO 639-1/3 (es, pt, gl, eu, ca...); "
                    "default: detected")
    ap.add_argument("--country", metavar="CODE", help="ISO 3166-1 alpha-2 country (ES, BR, PT...)")
    ap.add_argument("--exam", metavar="NAME", help="exam name (default: the file name)")
    ap.add_argument("--year", type=int, metavar="N", help="exam year (default: from the file name)")
    ap.add_argument("--level", help="INCLUDE level, e.g. 'University entrance', 'Professional'")
    ap.add_argument("--subject", help="subject of the exam")
    ap.add_argument("--domain", help="INCLUDE domain, e.g. 'Social Science'")
    ap.add_argument("--source-url", metavar="URL", help="where the PDF was published")
    lim = ap.add_argument_group("limits (hostile or broken files)")
    lim.add_argument("--max-pages", type=int, default=MAX_PAGES, metavar="N",
                     help="refuse a file with more pages (exit 9; default %(default)s)")
    lim.add_argument("--max-words", type=int, default=MAX_WORDS, metavar="N",
                     help="skip a page with more words, with a warning (default %(default)s)")
    lim.add_argument("--timeout", type=float, default=TIMEOUT, metavar="S",
                     help="seconds per exam (with its key); past them the exam fails with one line "
                          "and the other files go on (exit 14; 0: no limit; default %(default)g)")
    ocr = ap.add_argument_group("OCR (scanned pages and garbled text layers)")
    ocr.add_argument("--ocr", choices=("auto", "always", "never"), default="auto",
                     help="auto: OCR the pages whose text layer is missing or garbled (default)")
    ocr.add_argument("--ocr-lang", metavar="LANGS", help="Tesseract languages, e.g. spa, por, "
                     "spa+por (default: from --language, else detected)")
    ocr.add_argument("--dpi", type=int, default=300, metavar="N", help="OCR render resolution (default 300)")
    ocr.add_argument("-j", "--jobs", type=int, default=0, metavar="N",
                     help="processes: files extracted side by side, or one document's OCR pages, one "
                          "Tesseract each (default: one per core)")
    llm = ap.add_argument_group("LLM assist (only where the rules fail; every text checked against the PDF)")
    llm.add_argument("--llm", choices=("cohere",), help="send the questions the rules could not structure to "
                     "Cohere (key from CO_API_KEY or COHERE_API_KEY, endpoint from CO_API_URL)")
    llm.add_argument("--llm-all", action="store_true", help="send every question, not only the failed ones")
    llm.add_argument("--llm-tags", action="store_true", help="fill subject, domain and regional_feature from "
                     "INCLUDE's vocabularies")
    llm.add_argument("--llm-model", metavar="NAME", default=DEFAULT_MODEL, help="Cohere model (default %(default)s)")
    llm.add_argument("--llm-rpm", type=int, default=20, metavar="N", help="requests per minute (default 20, "
                     "as trial keys allow)")
    llm.add_argument("--llm-jobs", type=int, default=2, metavar="N", help="requests at a time (default 2)")
    llm.add_argument("--llm-retries", type=int, default=4, metavar="N", help="retries on 429, 5xx, "
                     "timeouts and connection errors (default 4)")
    llm.add_argument("--llm-timeout", type=float, default=120, metavar="S", help="seconds per request (default 120)")
    llm.add_argument("--no-cache", action="store_true", help="ask again instead of reusing cached replies "
                     "(cache: $XDG_CACHE_HOME/include-exams/cohere)")
    ap.add_argument("--format", choices=FORMATS, help="output format (default: -o's extension, else jsonl)")
    ap.add_argument("-o", "--output", metavar="OUT", help="output file (default: stdout)")
    ap.add_argument("--db", metavar="PATH", help="then add the records to this review store, as "
                    "`include-review add` does")
    ap.add_argument("-q", "--quiet", action="store_true", help="no summary lines or warnings")
    ap.add_argument("--debug", action="store_true", help="print the traceback of an internal error")
    return ap


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    # A booklet's pages make hundreds of thousands of small objects that all live until the exam
    # is done and hold no cycles: the default collector threshold re-scans them ~1000 times a
    # page (10% of the run); collecting rarely costs a little memory, no time.
    gc.set_threshold(100_000, 50, 100)
    if not args.debug:  # the libraries' log lines (pdfminer's "Data-loss while decompressing
        # corrupted data") are not the tool's: what matters is said in its one-line messages
        logging.getLogger().addHandler(logging.NullHandler())
    try:
        return _run(args)
    except ExtractError as exc:  # what stops the whole run: usage, output, a rejected API key
        _say(None, f"include-extract: error: {exc}")
        return exc.exit_code
    except Exception as exc:  # a bug outside any one file
        _internal(None, "", exc, args.debug)
        return ExitCode.INTERNAL


def _internal(bar, where: str, exc: Exception, debug: bool) -> None:
    """A bug, said as one: one line (the traceback with --debug)."""
    what = " ".join(f"{type(exc).__name__}: {exc}".split())
    _say(bar, f"include-extract: internal error{where}: {what} (run with --debug for the traceback)")
    if debug:
        for line in traceback.format_exc().rstrip().splitlines():
            _say(bar, line)


def _expand(inputs: list[str]) -> tuple[list[Path], dict[Path, Path], list[FileError]]:
    """The exam PDFs of the inputs, folders walked in name order; the key each exam found in a
    folder pairs with by name; a folder that cannot be entered or listed is a problem of its own
    (the rest of the walk goes on)."""
    from .pairing import pair_files

    files: list[Path] = []
    keys: dict[Path, Path] = {}
    problems: list[FileError] = []

    def unreadable(exc: OSError) -> None:
        problems.append(Unreadable(exc.filename, f"cannot list the folder ({exc.strerror})"))

    for item in inputs:
        if not os.path.isdir(item):
            files.append(Path(item))
            continue
        found = []
        for top, dirs, names in os.walk(item, onerror=unreadable):
            dirs.sort()
            found += [Path(top, n) for n in names
                      if n.lower().endswith(".pdf") and os.path.isfile(os.path.join(top, n))]
        exams, paired = pair_files(sorted(found))
        files.extend(exams)
        keys.update(paired)
    return files, keys, problems


def _check(args, files: list[Path]) -> None:
    """UsageError for arguments that cannot work, before any file is read."""
    from schema.vocab import canonical, country_code, language_code

    if not files:
        raise UsageError("no PDF files found in " + ", ".join(args.inputs))
    if min(args.max_pages, args.max_words) < 1 or args.timeout < 0:
        raise UsageError("--max-pages and --max-words must be 1 or more, --timeout 0 (none) or more")
    if args.output and args.output != "-":
        _check_output(Path(args.output))
    if args.key and len(files) > 1:
        raise UsageError("--key pairs one key with one exam; give a single exam")
    for flag, check in (("language", language_code), ("country", country_code),
                        ("level", lambda v: canonical("level", v)), ("domain", lambda v: canonical("domain", v))):
        try:  # normalised here, so the records carry the stored spelling (spa -> es)
            setattr(args, flag, getattr(args, flag) and check(getattr(args, flag)))
        except ValueError as exc:
            raise UsageError(f"unknown --{flag} {getattr(args, flag)!r}: {exc}") from None
    ext = Path(args.output).suffix.lower().lstrip(".") if args.output and args.output != "-" else ""
    if args.format and ext in FORMATS and ext != args.format:
        raise UsageError(f"-o {args.output} is a .{ext} file but --format is {args.format}; make them agree")
    args.format = args.format or (ext if ext in FORMATS else "jsonl")
    if args.year is not None and not 1900 <= args.year <= 2100:
        raise UsageError(f"--year {args.year}: give the full year, e.g. 2003")
    if not 50 <= args.dpi <= 1200:
        raise UsageError(f"--dpi {args.dpi} is out of range (50-1200)")
    if args.jobs < 0:
        raise UsageError("--jobs must be 0 (one per core) or more")


def _check_output(out: Path) -> None:
    """The output's folder must be (or can become) a folder: said before hours of extraction."""
    for parent in out.parents:
        if parent.exists():
            if not parent.is_dir():
                raise OutputError(f"cannot write {out}: {parent} is a file, not a folder")
            break
    if out.is_dir():
        raise OutputError(f"cannot write {out}: it is a folder")


def _assist(args):
    if not (args.llm or args.llm_all or args.llm_tags):
        return None
    from .llm import LlmOptions, default_cache_dir, make_assist

    opts = LlmOptions(structure=bool(args.llm or args.llm_all), everything=args.llm_all, tags=args.llm_tags,
                      model=args.llm_model, cache_dir=None if args.no_cache else default_cache_dir(),
                      per_minute=args.llm_rpm, jobs=args.llm_jobs, retries=args.llm_retries,
                      timeout=args.llm_timeout)
    opts.check("--llm cohere")
    return make_assist(opts)


def _run(args) -> int:
    files, args.keys, problems = _expand(args.inputs)
    if problems and not files:  # nothing else to do: the folders' problems are the outcome
        for p in problems:
            _say(None, f"include-extract: error: {p}")
        return problems[0].exit_code if len({p.exit_code for p in problems}) == 1 else ExitCode.SEVERAL
    _check(args, files)
    assist = _assist(args)

    from schema import ExamMeta

    from .reading import OcrOptions

    text = lambda v: v and name_text(v)  # noqa: E731  (argv bytes that are not UTF-8 arrive as surrogates)
    meta = ExamMeta(language=args.language, country=args.country, exam=text(args.exam), year=args.year,
                    level=args.level, subject=text(args.subject), domain=args.domain,
                    source_url=text(args.source_url))
    ocr = OcrOptions(mode=args.ocr, dpi=args.dpi, jobs=args.jobs, lang=args.ocr_lang,
                     progress=not args.quiet)
    records: list[dict] = []
    read: list[Path] = []  # the PDFs records came from (the review store looks for them)
    codes: set[int] = {p.exit_code for p in problems}
    for p in problems:
        _say(None, f"include-extract: error: {p}")
    bar = None
    if len(files) > 1:
        from tqdm import tqdm

        bar = tqdm(total=len(files), unit="file", file=sys.stderr, disable=None, leave=False)
    try:
        for f, result_of in _results(files, args, meta, ocr, assist):
            try:
                result = result_of()
            except FileError as exc:  # this file's problem: the others go on
                codes.add(exc.exit_code)
                _say(bar, f"include-extract: error: {exc}")
            except ExtractError:
                raise
            except Exception as exc:  # a bug: said as one, and the other files go on
                codes.add(ExitCode.INTERNAL)
                _internal(bar, f" in {f}", exc, args.debug)
            else:
                records.extend(r.model_dump(mode="json") for r in result.records)
                read.append(f)
                if result.key_misfit:  # written and flagged, but not a success
                    codes.add(ExitCode.KEY_MISFIT)
                if not args.quiet:
                    for w in result.warnings:
                        _say(bar, f"include-extract: warning: {w}")
                    _say(bar, result.summary())
            if bar:
                bar.update(1)
    finally:
        if bar:
            bar.close()
    if assist is not None and not args.quiet:
        print(f"include-extract: {assist.summary()}", file=sys.stderr)
    if records or not codes:
        try:
            write(records, args.format, args.output)
        except OSError as exc:
            raise OutputError(f"cannot write {args.output}: {exc.strerror or exc}") from None
    if args.db and records:
        _add_to_store(args.db, records, read, args.quiet)
    if not codes:
        return ExitCode.OK
    return codes.pop() if len(codes) == 1 else ExitCode.SEVERAL


def _results(files: list[Path], args, meta, ocr, assist):
    """(file, a call that returns its ExamResult or raises), in the files' order. Several files
    are extracted side by side, one process each (each reads its OCR pages itself); with the LLM
    assist, whose client and rate limit are shared, one after another."""
    from functools import partial

    from .ocr.tesseract import default_jobs, make_pool
    from .pipeline import extract_exam

    key = lambda f: args.keys.get(f, args.key)
    fit = lambda f: key(f) is not None and not args.force  # a key given, or paired by name, must fit its exam
    limits = Limits(args.max_pages, args.max_words, args.timeout)
    jobs = min(args.jobs or default_jobs(), len(files))
    if jobs < 2 or assist is not None:
        for f in files:
            yield f, partial(extract_exam, f, key(f), meta, ocr=ocr, assist=assist, key_must_fit=fit(f),
                             limits=limits)
        return
    one_each = replace(ocr, jobs=1, progress=False)
    _warm()
    job = partial(extract_exam, meta=meta, ocr=one_each, limits=limits)
    pool = make_pool(jobs, ocr_ready=False)  # a worker that meets a scanned page loads OCR itself
    try:
        # the largest first, so that no worker is left alone with a long file at the end
        futures = {f: pool.submit(job, f, key(f), key_must_fit=fit(f)) for f in sorted(files, key=_size, reverse=True)}
        for f in files:
            yield f, partial(_or_alone, futures[f], f, job, key(f), fit(f))
    finally:
        pool.shutdown(cancel_futures=True)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # said when its turn comes


def _or_alone(future, f: Path, job, key, fit):
    """A file's result from the pool. A worker that dies (killed by a limit, a crash in the PDF
    library) breaks the pool for every file still in it: each is run again in a process of its
    own, and the one whose process dies again is that file's fault; the others go on."""
    from concurrent.futures.process import BrokenProcessPool

    from .ocr.tesseract import alone

    try:
        try:
            return future.result()
        except BrokenProcessPool:
            return alone(job, f, key, key_must_fit=fit)
    except BrokenProcessPool:
        raise Corrupt(f, "the process reading it died (a crash in the PDF library or Tesseract, "
                         "or a limit of the system such as memory)") from None


def _warm() -> None:
    """Load once, before the workers fork, what every extraction needs (the language model, the
    PDF library, the record models): each worker would pay for it again."""
    import pymupdf  # noqa: F401

    from schema import Question  # noqa: F401

    from .questions import language

    language.detect("a text long enough to load the language identification model")


def _add_to_store(db: str, records: list[dict], pdfs: list[Path], quiet: bool) -> None:
    """`--db`: the records go to the review store the one way records go there, `include-review
    add` (run as its own process: extraction does not depend on the review tools), told where
    the PDFs are so that it can crop their questions."""
    with tempfile.TemporaryDirectory(prefix="include-extract-") as tmp:
        feed = Path(tmp) / "records.jsonl"
        feed.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
        folders = dict.fromkeys(str(p.resolve().parent) for p in pdfs)
        cmd = [sys.executable, "-m", "review.cli", "add", str(feed), "--db", db,
               *(arg for d in folders for arg in ("--pdfs", d))]
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    said = [ln.removeprefix("include-review: error: ") for ln in proc.stderr.splitlines() if ln.strip()]
    if proc.returncode != 0:
        raise OutputError("; ".join(said) or f"include-review add failed (exit {proc.returncode})")
    if not quiet:
        for line in said:
            print(line, file=sys.stderr)


def _say(bar, msg: str) -> None:
    """One line on stderr, whatever a file name in it holds (extract.errors.printable)."""
    msg = printable(msg)
    if bar is not None:
        bar.write(msg, file=sys.stderr)
    else:
        print(msg, file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
