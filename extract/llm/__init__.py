"""LLM-assisted structuring (`--llm cohere`): only where the rules fail, always checked against
the source text. assist.py chooses and checks, client.py talks to Cohere, verify.py finds texts
in the source, schema.py cuts JSON schemas to Cohere's subset, tags.py fills INCLUDE's tags."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .client import DEFAULT_MODEL, KeyRejected, Unavailable, api_key, default_cache_dir

__all__ = ["DEFAULT_MODEL", "KeyRejected", "LlmOptions", "Unavailable", "api_key", "default_cache_dir", "make_assist"]


@dataclass
class LlmOptions:
    provider: str = "cohere"
    structure: bool = True  # False: --llm-tags alone
    everything: bool = False  # --llm-all: send every question, for comparison
    tags: bool = False
    model: str = DEFAULT_MODEL
    cache_dir: Path | None = None  # None: no cache (--no-cache)
    per_minute: int = 20
    jobs: int = 2
    retries: int = 4
    timeout: float = 120.0


def make_assist(opts: LlmOptions):
    from .assist import Assist
    from .client import CohereChat

    chat = CohereChat(opts.model, cache_dir=opts.cache_dir, retries=opts.retries, timeout=opts.timeout,
                      per_minute=opts.per_minute)
    return Assist(chat, structure=opts.structure, everything=opts.everything, tags=opts.tags, jobs=opts.jobs)
