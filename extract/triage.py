"""Triage: open a file only if it is a readable PDF; otherwise raise a one-line error."""
from __future__ import annotations

import contextlib
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import Corrupt, EmptyFile, Encrypted, NotPDF, TooLarge, Unreadable
from .limits import MAX_PAGES

MAX_BYTES = 512 * 1024 * 1024  # no real exam booklet comes near this


@dataclass
class Source:
    path: Path
    sha256: str
    size: int
    doc: object  # pymupdf.Document, opened and checked


def _describe_start(head: bytes) -> str:
    sniff = head.lstrip()[:200].lower()
    if sniff.startswith((b"<!doctype html", b"<html", b"<head", b"<?xml", b"<")) and b"<" in sniff[:2]:
        return "not a PDF: an HTML/XML page saved under a PDF name"
    if sniff.startswith(b"pk\x03\x04"):
        return "not a PDF: a ZIP/Office file"
    if sniff.startswith((b"\xff\xd8", b"\x89png", b"gif8", b"ii*\x00", b"mm\x00*")):
        return "not a PDF: an image file"
    return "not a PDF: no %PDF header"


def open_pdf(path: str | os.PathLike, max_bytes: int = MAX_BYTES, max_pages: int = MAX_PAGES) -> Source:
    """Check bytes, encryption, structure and page count; return the opened document."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise NotPDF(path, "is a folder")
        if size == 0:
            raise EmptyFile(path, "empty file (0 bytes)")
        if size > max_bytes:
            raise TooLarge(path, f"file too large ({size / 2**20:.0f} MiB > {max_bytes / 2**20:.0f} MiB)")
        data = path.read_bytes()
    except FileNotFoundError:
        raise NotPDF(path, "no such file") from None
    except OSError as exc:  # permissions, an I/O error: the file may be fine
        raise Unreadable(path, f"cannot read ({exc.strerror or type(exc).__name__})") from None
    if b"%PDF" not in data[:1024]:  # where the standard allows the header (viewers are as tolerant)
        raise NotPDF(path, _describe_start(data[:1024]))
    if _truncated(data):
        raise Corrupt(path, "truncated PDF (it ends before its end-of-file marker; incomplete download?)")
    sha = hashlib.sha256(data).hexdigest()

    import pymupdf  # deferred: keeps `include-extract --help` fast

    # mupdf prints repair chatter on stderr; our one-line errors say what matters
    pymupdf.TOOLS.mupdf_display_errors(False)
    pymupdf.TOOLS.mupdf_display_warnings(False)

    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception as exc:  # mupdf raises its own types for broken files
        raise Corrupt(path, f"corrupt PDF ({short_error(exc)})") from None
    if doc.needs_pass and not doc.authenticate(""):
        raise Encrypted(path)
    try:
        pages = doc.page_count
    except Exception as exc:  # a broken page tree can fail only when counted
        raise Corrupt(path, f"corrupt PDF ({short_error(exc)})") from None
    if pages > max_pages:
        raise TooLarge(path, f"{pages} pages, more than --max-pages {max_pages}")
    if pages == 0:
        if doc.is_repaired:
            raise Corrupt(path, "corrupt PDF (no readable page; the structure is broken)")
        raise EmptyFile(path, "PDF has no pages")
    return Source(path=path, sha256=sha, size=size, doc=doc)


def open_bytes(path):
    """A PDF opened from its bytes: mupdf opens by name only names that are valid UTF-8, and a
    name may hold any bytes (kept by surrogateescape)."""
    import pymupdf

    with open(path, "rb") as f:
        return pymupdf.open(stream=f.read(), filetype="pdf")


@contextlib.contextmanager
def blame(path):
    """What mupdf raises while a file is being read, said as that file's fault: its structure
    (page-tree cycles, nesting deeper than mupdf's stack) or its size (memory)."""
    import pymupdf

    try:
        yield
    except (pymupdf.mupdf.FzErrorBase, RuntimeError) as exc:
        # pymupdf passes some of mupdf's errors on as RuntimeError("code=N: ..."); any other
        # RuntimeError is ours (a bug), except running out of stack on the file's nesting
        if not isinstance(exc, (pymupdf.mupdf.FzErrorBase, pymupdf.FileDataError, RecursionError)) \
                and not str(exc).startswith("code="):
            raise
        raise Corrupt(path, f"corrupt PDF ({short_error(exc)})") from None
    except MemoryError:
        raise TooLarge(path, "too large to read in the memory available") from None


def _truncated(data: bytes) -> bool:
    """No `%%EOF`, or more objects after the last one (a file cut inside a later section, as a
    linearised file is after its first page's): anything else after it is harmless trailing bytes."""
    end = data.rfind(b"%%EOF")
    return end < 0 or b"endobj" in data[end:]


def short_error(exc: Exception) -> str:
    """The first line of a library's error message, short enough for a one-line report."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return re.sub(r"^code=\d+: ", "", text)[:120]  # pymupdf's prefix to mupdf's own words
