"""Triage: open a file only if it is a readable PDF; otherwise raise a one-line error."""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from .errors import Corrupt, EmptyFile, Encrypted, NotPDF, TooLarge

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


def open_pdf(path: str | os.PathLike, max_bytes: int = MAX_BYTES) -> Source:
    """Check bytes, encryption, structure and page count; return the opened document."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise NotPDF(path, "no such file") from None
    except OSError as exc:
        raise NotPDF(path, f"cannot read: {exc.strerror}") from None
    if path.is_dir():
        raise NotPDF(path, "is a folder")
    if size == 0:
        raise EmptyFile(path, "empty file (0 bytes)")
    if size > max_bytes:
        raise TooLarge(path, f"file too large ({size / 2**20:.0f} MiB > {max_bytes / 2**20:.0f} MiB)")
    data = path.read_bytes()
    if b"%PDF-" not in data[:1024]:
        raise NotPDF(path, _describe_start(data[:1024]))
    if b"%%EOF" not in data[-4096:]:
        raise Corrupt(path, "truncated PDF (no end-of-file marker; incomplete download?)")
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
    if doc.page_count == 0:
        if doc.is_repaired:
            raise Corrupt(path, "corrupt PDF (no readable page; the structure is broken)")
        raise EmptyFile(path, "PDF has no pages")
    return Source(path=path, sha256=sha, size=size, doc=doc)


def short_error(exc: Exception) -> str:
    """The first line of a library's error message, short enough for a one-line report."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:120]
