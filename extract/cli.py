"""include-extract: exam PDFs in, validated INCLUDE question records out."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import ExtractError
from .llm.client import DEFAULT_MODEL, KeyRejected

EXIT_CODES = """exit status:
  0 all files extracted      3 not a PDF              4 encrypted PDF
  5 corrupt or truncated     6 empty file or no pages 7 no questions found
  8 output could not be written  9 file too large     10 OCR needed but Tesseract missing
 11 the LLM's API key was rejected (nothing written)
  1 several files failed with different problems      2 usage error"""


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="include-extract",
        description="Extract multiple-choice questions, options and answer keys from exam PDFs "
                    "into INCLUDE records (rule-based; no network, no API key).",
        epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("inputs", nargs="+", metavar="EXAM", help="exam PDF(s) or folder(s) of PDFs")
    ap.add_argument("--key", metavar="KEY.pdf", help="separate answer-key PDF (one exam only)")
    ap.add_argument("--language", metavar="CODE", help="exam language, ISO 639-1/3 (es, pt, gl, eu, ca...); "
                    "default: detected")
    ap.add_argument("--country", metavar="CODE", help="ISO 3166-1 alpha-2 country (ES, BR, PT...)")
    ap.add_argument("--exam", metavar="NAME", help="exam name (default: the file name)")
    ap.add_argument("--year", type=int, metavar="N", help="exam year (default: from the file name)")
    ap.add_argument("--level", help="INCLUDE level, e.g. 'University entrance', 'Professional'")
    ap.add_argument("--subject", help="subject of the exam")
    ap.add_argument("--domain", help="INCLUDE domain, e.g. 'Social Science'")
    ap.add_argument("--source-url", metavar="URL", help="where the PDF was published")
    ocr = ap.add_argument_group("OCR (scanned pages and garbled text layers)")
    ocr.add_argument("--ocr", choices=("auto", "always", "never"), default="auto",
                     help="auto: OCR the pages whose text layer is missing or garbled (default)")
    ocr.add_argument("--ocr-lang", metavar="LANGS", help="Tesseract languages, e.g. spa, por, "
                     "spa+por (default: from --language, else detected)")
    ocr.add_argument("--dpi", type=int, default=300, metavar="N", help="OCR render resolution (default 300)")
    ocr.add_argument("-j", "--jobs", type=int, default=0, metavar="N",
                     help="OCR processes, one Tesseract each (default: one per core)")
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
    ap.add_argument("--format", choices=("jsonl", "csv", "json"), default="jsonl", help="output format (default jsonl)")
    ap.add_argument("-o", "--output", metavar="OUT", help="output file (default: stdout)")
    ap.add_argument("--db", metavar="PATH", help="also add the records to this review store (include-review)")
    ap.add_argument("-q", "--quiet", action="store_true", help="no summary lines or warnings")
    return ap


def _expand(inputs: list[str]) -> list[Path]:
    files: list[Path] = []
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            files.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() == ".pdf"))
        else:
            files.append(p)
    return files


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    files = _expand(args.inputs)
    err = sys.stderr
    if not files:
        print("include-extract: error: no PDF files found in " + ", ".join(args.inputs), file=err)
        return 2
    if args.key and len(files) > 1:
        print("include-extract: error: --key pairs one key with one exam; give a single exam", file=err)
        return 2
    from schema import COUNTRIES, LANGUAGES

    if args.language and args.language.lower() not in LANGUAGES:
        print(f"include-extract: error: unknown --language {args.language!r}; use an ISO 639 code such as "
              "es, pt, ca, gl, eu", file=err)
        return 2
    if args.country and args.country.upper() not in COUNTRIES:
        print(f"include-extract: error: unknown --country {args.country!r}; use ISO 3166-1 alpha-2 "
              "such as ES, BR, PT", file=err)
        return 2

    if not 50 <= args.dpi <= 1200:
        print(f"include-extract: error: --dpi {args.dpi} is out of range (50-1200)", file=err)
        return 2
    if args.jobs < 0:
        print("include-extract: error: --jobs must be 0 (one per core) or more", file=err)
        return 2

    assist = None
    if args.llm or args.llm_all or args.llm_tags:
        from .llm import LlmOptions, api_key, default_cache_dir, make_assist

        if not api_key():
            print("include-extract: error: --llm cohere needs an API key: set CO_API_KEY (or COHERE_API_KEY)",
                  file=err)
            return 2
        if args.llm_rpm < 1 or args.llm_jobs < 1 or args.llm_retries < 0 or args.llm_timeout <= 0:
            print("include-extract: error: --llm-rpm and --llm-jobs must be 1 or more, --llm-retries 0 or more, "
                  "--llm-timeout above 0", file=err)
            return 2
        assist = make_assist(LlmOptions(
            structure=bool(args.llm or args.llm_all), everything=args.llm_all, tags=args.llm_tags, model=args.llm_model,
            cache_dir=None if args.no_cache else default_cache_dir(), per_minute=args.llm_rpm,
            jobs=args.llm_jobs, retries=args.llm_retries, timeout=args.llm_timeout))

    from . import output
    from .pipeline import ExamMeta, extract_exam
    from .reading import OcrOptions

    meta = ExamMeta(language=args.language and args.language.lower(),
                    country=args.country and args.country.upper(), exam=args.exam, year=args.year,
                    level=args.level, subject=args.subject, domain=args.domain, source_url=args.source_url)
    ocr = OcrOptions(mode=args.ocr, dpi=args.dpi, jobs=args.jobs, lang=args.ocr_lang,
                     progress=not args.quiet)
    records: list[dict] = []
    pdfs: dict[str, str] = {}  # sha256 -> the PDF it was read from (review crops)
    codes: set[int] = set()
    bar = None
    if len(files) > 1:
        from tqdm import tqdm

        bar = tqdm(total=len(files), unit="file", file=err, disable=None, leave=False)
    for f in files:
        try:
            result = extract_exam(f, args.key, meta, ocr=ocr, assist=assist)
        except ExtractError as exc:
            codes.add(exc.exit_code)
            _say(bar, f"include-extract: error: {exc}")
        except KeyRejected as exc:  # every later call would fail alike: stop, write nothing
            if bar:
                bar.close()
            print(f"include-extract: error: {exc}", file=err)
            return exc.exit_code
        except Exception as exc:  # an unforeseen failure on one file must not stop the others
            codes.add(5)
            _say(bar, f"include-extract: error: {f}: could not be read ({type(exc).__name__}: {exc})")
        else:
            records.extend(r.model_dump(mode="json") for r in result.records)
            pdfs.update((r.sha256, str(result.path.resolve())) for r in result.records[:1])
            if not args.quiet:
                for w in result.warnings:
                    _say(bar, f"include-extract: warning: {w}")
                _say(bar, result.summary())
        if bar:
            bar.update(1)
    if bar:
        bar.close()
    if assist is not None and not args.quiet:
        print(f"include-extract: {assist.summary()}", file=err)
    if records or not codes:
        try:
            output.write_atomic(output.render(records, args.format), args.output)
        except OSError as exc:
            print(f"include-extract: error: cannot write {args.output}: {exc.strerror}", file=err)
            return 8
    if args.db and records:
        from review.ingest import add_extracted
        from review.store import StoreError

        try:
            msg = add_extracted(args.db, records, pdfs)
        except StoreError as exc:
            print(f"include-extract: error: {exc}", file=err)
            return 8
        if not args.quiet:
            print(msg, file=err)
    if not codes:
        return 0
    return codes.pop() if len(codes) == 1 else 1


def _say(bar, msg: str) -> None:
    if bar is not None:
        bar.write(msg, file=sys.stderr)
    else:
        print(msg, file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
