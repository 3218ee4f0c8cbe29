"""What every room shares: how texts are compared, the option letters, atomic writes.

Spiders, extract and review all import this leaf module (it imports nothing of theirs), so each
small job is written once.
"""
from __future__ import annotations

import contextlib
import os
import re
import shutil
import sys
import tempfile
import unicodedata
from collections.abc import Iterator
from pathlib import Path

# -- texts compared ---------------------------------------------------------------------------
_NOT_ALNUM = re.compile(r"[\W_]+")


def fold(text: str) -> str:
    """Lower case, accents off, spaces collapsed: headings, names and link texts compared as words."""
    nfkd = unicodedata.normalize("NFKD", text.lower())
    return " ".join("".join(c for c in nfkd if not unicodedata.combining(c)).split())


def plain(text: str) -> str:
    """Folded, punctuation off: the words of a text, one space apart."""
    return " ".join(_NOT_ALNUM.sub(" ", fold(text)).split())


def compact(text: str, accents: bool = False) -> str:
    """Letters and digits only, lower case: texts compared whatever their spacing, punctuation
    and line-break hyphens. `accents=True` keeps accents (a copy must carry them as printed)."""
    text = unicodedata.normalize("NFKC", text).casefold() if accents else fold(text)
    return "".join(c for c in text if c.isalnum())


def one_edit(a: str, b: str) -> bool:
    """Whether a and b differ by one character added, dropped or changed (a misread)."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    return a[i + 1:] == b[i + 1:] or a[i:] == b[i + 1:] or a[i + 1:] == b[i:]


# -- option letters ---------------------------------------------------------------------------
LETTERS = "abcdefghij"  # a question has at most 10 options (schema.models.Question)


def letter_index(token: str) -> int:
    """'a' or 'A' -> 0; an option printed as a digit, '1' -> 0."""
    if token.isdigit():
        return int(token) - 1
    return ord(token.lower()) - ord("a")


# -- atomic writes ----------------------------------------------------------------------------
def write_atomic(path: str | os.PathLike | None, data: str | bytes) -> None:
    """Write a file so that it is whole or absent: a temporary file in the same folder, flushed
    to disk and renamed into place. `None` or '-' writes to stdout."""
    if path is None or str(path) == "-":
        if isinstance(data, bytes):
            sys.stdout.buffer.write(data)
        else:
            sys.stdout.write(data)
        sys.stdout.flush()
        return
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data.encode("utf-8") if isinstance(data, str) else data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def atomic_dir(path: str | os.PathLike) -> Iterator[Path]:
    """Build a folder beside `path` and swap it in by renames when the block ends well: `path` is
    then the old folder or the new, never a mix; on failure the new one is removed."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=path.parent))
    try:
        tmp.chmod(0o777 & ~_umask())  # mkdtemp's 0700 would make the folder private
        yield tmp
        _swap(tmp, path)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _swap(new: Path, path: Path) -> None:
    if not path.exists():
        new.rename(path)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{path.name}.old.", dir=path.parent))
    path.rename(old / "previous")
    try:
        new.rename(path)
    except OSError:
        (old / "previous").rename(path)
        raise
    finally:
        shutil.rmtree(old, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def printable(text: str) -> str:
    """`text` as one safe line: control and format characters (newline, CR, ESC, bidi overrides
    such as U+202E) and the undecodable bytes of a file name (kept as surrogates by
    surrogateescape) are shown escaped, so that a file name can neither split nor forge a message."""
    out = []
    for ch in text:
        o = ord(ch)
        if 0xDC80 <= o <= 0xDCFF:  # a byte that was not UTF-8 in a file name
            out.append(f"\\x{o - 0xDC00:02x}")
        elif unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp"):
            out.append(f"\\x{o:02x}" if o < 0x100 else f"\\u{o:04x}")
        else:
            out.append(ch)
    return "".join(out)


def name_text(name: str) -> str:
    """A file name as text for the records: valid Unicode, with bytes that were not UTF-8 shown
    as \\xNN (they arrive as surrogates, which no UTF-8 writer accepts)."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def cache_dir(*parts: str) -> Path:
    """The user's cache folder for this project ($XDG_CACHE_HOME/include-exams/...): derived data
    only, safe to delete."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base, "include-exams", *parts)


# -- every command's --version -------------------------------------------------------------------
def add_version(parser) -> None:
    """`--version` on an argparse parser: the installed package's version."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        v = version("include-exams")
    except PackageNotFoundError:  # run from a checkout that was never installed
        v = "unknown"
    parser.add_argument("--version", action="version", version=f"%(prog)s {v}")
