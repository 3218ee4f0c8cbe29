"""Resource limits for one exam, whatever the file declares: pages, words on a page, time.

A file over `max_pages` is refused; a page with more than `max_words` words is skipped with a
warning (a page of tens of thousands of stacked letters is a bomb, not an exam page); an exam
that runs past `timeout` seconds fails with one line and the other files go on.
"""
from __future__ import annotations

import contextlib
import signal
import threading
from dataclasses import dataclass

from .errors import TimedOut

MAX_PAGES = 2000  # the thickest real booklets have ~150 pages; a booklet repeated 10x still fits
MAX_WORDS = 30000  # a dense A3 page of small print has ~5000 words
TIMEOUT = 900.0  # seconds; a 100-page scan read by OCR on one core takes ~5 minutes


@dataclass(frozen=True)
class Limits:
    max_pages: int = MAX_PAGES
    max_words: int = MAX_WORDS
    timeout: float = TIMEOUT  # 0: none


class _Expired(BaseException):
    """Raised by the timer wherever the exam's code is: a BaseException, so that no `except
    Exception` on the way (a page skipped as unreadable, say) takes it for the page's fault."""


@contextlib.contextmanager
def deadline(seconds: float, path):
    """Raise TimedOut(path) when the block runs longer than `seconds` (0: no limit). A real-time
    timer in this process (SIGALRM), so it works in the CLI's worker processes as in the main
    one; where no timer can be set (another thread), the block runs unbounded."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise _Expired

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _Expired:
        raise TimedOut(path, f"gave up after {seconds:g} s (--timeout)") from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
