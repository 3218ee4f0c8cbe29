"""include-extract's exit codes and the one exception tree that carries them.

Every failure the tool foresees is an `ExtractError` with its `ExitCode`; the CLI maps them in
one place (cli.py) and the README's exit-status table is checked against `ExitCode` by a test.
Anything else is a bug: it is reported as an internal error (exit 70), never as a problem of
the file.
"""
from __future__ import annotations

from enum import IntEnum

from schema.common import name_text, printable  # noqa: F401  (the CLI says file names through them)


class ExitCode(IntEnum):
    """include-extract's exit status; each member's `meaning` is what the user reads."""

    def __new__(cls, value: int, meaning: str):
        member = int.__new__(cls, value)
        member._value_ = value
        member.meaning = meaning
        return member

    OK = 0, "every file extracted"
    SEVERAL = 1, "several files failed, with different problems"
    USAGE = 2, "usage error"
    NOT_PDF = 3, "not a PDF"
    ENCRYPTED = 4, "encrypted PDF"
    CORRUPT = 5, "corrupt or truncated PDF"
    EMPTY = 6, "empty file or no pages"
    NO_QUESTIONS = 7, "no questions found"
    OUTPUT = 8, "output could not be written"
    TOO_LARGE = 9, "file too large"
    OCR_MISSING = 10, "OCR needed but Tesseract or its language pack is missing"
    API_KEY = 11, "the LLM's API key was rejected (nothing written)"
    KEY_MISFIT = 12, "the questions found match fewer than half of the answer key's numbers"
    UNREADABLE = 13, "file or folder could not be read (permissions, I/O error)"
    TIMEOUT = 14, "the exam took longer than --timeout"
    INTERNAL = 70, "internal error (a bug: run with --debug for the traceback)"


def exit_table() -> str:
    """The exit codes as `include-extract --help` lists them."""
    return "exit status:\n" + "\n".join(f"  {c.value:>2} {c.meaning}" for c in ExitCode)


class ExtractError(Exception):
    """A problem include-extract foresees, reported as one line; `exit_code` says which."""

    exit_code = ExitCode.SEVERAL


class UsageError(ExtractError):
    """Arguments that do not fit together or a setting that is missing."""

    exit_code = ExitCode.USAGE


class OutputError(ExtractError):
    exit_code = ExitCode.OUTPUT


class ApiKeyRejected(ExtractError):
    """The LLM's API refused the API key (401/403): every later call would fail the same way."""

    exit_code = ExitCode.API_KEY


class FileError(ExtractError):
    """A problem with one input file: the message names the file."""

    problem = "cannot be processed"

    def __init__(self, path, detail: str | None = None):
        self.path = str(path)
        self.detail = detail or self.problem
        super().__init__(f"{printable(self.path)}: {self.detail}")

    def __reduce__(self):  # raised in an OCR worker process, it must arrive whole
        return type(self), (self.path, self.detail)


class NotPDF(FileError):
    exit_code = ExitCode.NOT_PDF
    problem = "not a PDF"


class Encrypted(FileError):
    exit_code = ExitCode.ENCRYPTED
    problem = "encrypted PDF (a password is needed to read it)"


class Corrupt(FileError):
    exit_code = ExitCode.CORRUPT
    problem = "corrupt PDF"


class EmptyFile(FileError):
    exit_code = ExitCode.EMPTY
    problem = "empty file"


class NoQuestions(FileError):
    exit_code = ExitCode.NO_QUESTIONS
    problem = "no multiple-choice questions found"


class TooLarge(FileError):
    exit_code = ExitCode.TOO_LARGE
    problem = "file too large"


class KeyMisfit(FileError):
    """A `--key` given by hand whose numbering does not fit the exam (another exam's key, or
    questions the rules did not find): its answers would be wrong."""
    exit_code = ExitCode.KEY_MISFIT
    problem = "the key does not fit this exam"


class Unreadable(FileError):
    """The file or folder exists but cannot be read (permissions, an I/O error): not corrupt."""
    exit_code = ExitCode.UNREADABLE
    problem = "cannot be read"


class TimedOut(FileError):
    exit_code = ExitCode.TIMEOUT
    problem = "took longer than --timeout"


class OcrUnavailable(FileError):
    exit_code = ExitCode.OCR_MISSING
    problem = "OCR is not available"
