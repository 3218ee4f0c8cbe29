"""Cohere's chat API (SDK v2) as the assist uses it: structured JSON out, temperature 0, a disk
cache, a requests-per-minute limit shared by the worker threads, and retries that honour
Retry-After. Failures end in one of two exceptions: `ApiKeyRejected` (stop: the key is wrong)
or `Unavailable` (go on without the LLM); a malformed reply is returned, never raised."""
from __future__ import annotations

import hashlib
import json
import os
import random
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from schema.common import cache_dir, write_atomic

from ..errors import ApiKeyRejected

DEFAULT_MODEL = "command-a-03-2025"
RETRIED_STATUS = {408, 409, 429, 500, 502, 503, 504}
MAX_WAIT = 60.0  # longest Retry-After honoured, in seconds


class Unavailable(Exception):
    """The API could not be reached or kept failing after the retries."""


@dataclass
class Reply:
    text: str
    finish_reason: str
    input_tokens: int = 0
    output_tokens: int = 0
    cached: bool = False


@dataclass
class Stats:
    calls: int = 0
    cache_hits: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, reply: Reply) -> None:
        with self.lock:
            if reply.cached:
                self.cache_hits += 1
            else:
                self.calls += 1
                self.input_tokens += reply.input_tokens
                self.output_tokens += reply.output_tokens


def api_key() -> str | None:
    return os.environ.get("CO_API_KEY") or os.environ.get("COHERE_API_KEY")


def default_cache_dir() -> Path:
    return cache_dir("cohere")


class RateLimit:
    """At most `per_minute` request starts in any 60 s window (trial keys allow 20/min)."""

    def __init__(self, per_minute: int):
        self.per_minute = per_minute
        self.starts: deque[float] = deque()
        self.lock = threading.Lock()

    def wait(self) -> None:
        while True:
            with self.lock:
                now = time.monotonic()
                while self.starts and now - self.starts[0] >= 60:
                    self.starts.popleft()
                if len(self.starts) < self.per_minute:
                    self.starts.append(now)
                    return
                delay = 60 - (now - self.starts[0])
            time.sleep(delay)


class CohereChat:
    def __init__(self, model: str = DEFAULT_MODEL, *, cache_dir: Path | None = None, retries: int = 4,
                 timeout: float = 120.0, per_minute: int = 20, max_tokens: int = 4000):
        import cohere  # only when the assist is asked for: the SDK costs ~1 s to import

        self.model, self.retries, self.timeout, self.max_tokens = model, retries, timeout, max_tokens
        self.cache_dir = cache_dir
        self.limit = RateLimit(per_minute)
        self.stats = Stats()
        self.client = cohere.ClientV2(api_key=api_key(), base_url=os.environ.get("CO_API_URL"),
                                      timeout=timeout, log_warning_experimental_features=False)
        self.down: str | None = None  # why the API is taken as unavailable for the rest of the run

    def chat(self, system: str, user: str, schema: dict) -> Reply:
        """Raises ApiKeyRejected or Unavailable; anything the model says is returned as is."""
        body = {"model": self.model, "system": system, "user": user, "schema": schema,
                "temperature": 0, "max_tokens": self.max_tokens}
        digest = hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
        reply = self._cached(digest)
        if reply is None:
            reply = self._call(system, user, schema)
            if reply.finish_reason == "COMPLETE":  # only a whole answer is worth keeping
                self._store(digest, reply)
        self.stats.add(reply)
        return reply

    def _call(self, system: str, user: str, schema: dict) -> Reply:
        import httpx
        from cohere.core.api_error import ApiError

        if self.down:
            raise Unavailable(self.down)
        attempt = 0
        while True:
            self.limit.wait()
            wait = None
            try:
                resp = self.client.chat(
                    model=self.model, temperature=0, max_tokens=self.max_tokens,
                    messages=[{"role": "system", "content": system}, {"role": "user", "content": user}],
                    response_format={"type": "json_object", "json_schema": schema},
                    request_options={"max_retries": 0, "timeout_in_seconds": self.timeout})
                return _reply(resp)
            except ApiError as exc:
                status = exc.status_code or 0
                if status in (401, 403):
                    raise ApiKeyRejected(f"Cohere rejected the API key (HTTP {status}): check CO_API_KEY") from None
                if status not in RETRIED_STATUS:
                    if 200 <= status < 300:  # a body the SDK could not parse: a malformed reply
                        return Reply(str(exc.body)[:2000], "MALFORMED")
                    raise Unavailable(f"HTTP {status} {_short(exc.body)}") from None
                why = f"HTTP {status}"
                wait = _retry_after(exc.headers or {})
            except (httpx.TimeoutException, TimeoutError):
                why = f"no reply within {self.timeout:g} s"
            except (httpx.TransportError, OSError) as exc:
                why = f"connection failed ({type(exc).__name__})"
            except (ValueError, TypeError) as exc:  # a 2xx body that is not JSON or not a chat reply
                return Reply(str(exc)[:2000], "MALFORMED")
            if attempt >= self.retries:
                self.down = f"{why} after {attempt + 1} tries"
                raise Unavailable(self.down)
            time.sleep(min(wait if wait is not None else 2 ** attempt * (0.5 + random.random()), MAX_WAIT))
            attempt += 1

    def _cached(self, digest: str) -> Reply | None:
        if self.cache_dir is None:
            return None
        try:
            data = json.loads((self.cache_dir / digest[:2] / f"{digest}.json").read_text("utf-8"))
            return Reply(data["text"], data["finish_reason"], cached=True)
        except (OSError, ValueError, KeyError):
            return None

    def _store(self, digest: str, reply: Reply) -> None:
        if self.cache_dir is None:
            return
        data = json.dumps({"text": reply.text, "finish_reason": reply.finish_reason}, ensure_ascii=False)
        try:
            write_atomic(self.cache_dir / digest[:2] / f"{digest}.json", data)
        except OSError:  # a cache that cannot be written costs money later, not records now
            pass


def _reply(resp) -> Reply:
    parts = (resp.message.content or []) if resp.message else []
    text = "".join(getattr(p, "text", "") or "" for p in parts)
    tokens = resp.usage.tokens if resp.usage and resp.usage.tokens else None
    billed = resp.usage.billed_units if resp.usage and resp.usage.billed_units else None
    count = tokens or billed
    return Reply(text, str(resp.finish_reason or "COMPLETE"),
                 int(count.input_tokens or 0) if count else 0, int(count.output_tokens or 0) if count else 0)


def _retry_after(headers: dict) -> float | None:
    value = {k.lower(): v for k, v in headers.items()}.get("retry-after")
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None


def _short(body) -> str:
    text = body.get("message") if isinstance(body, dict) else body
    return " ".join(str(text or "").split())[:160]
