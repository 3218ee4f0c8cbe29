"""LLM-assisted structuring (`--llm cohere`): only where the rules fail, always checked against
the source text. assist.py chooses and checks, client.py talks to Cohere, verify.py finds texts
in the source, schema.py cuts JSON schemas to Cohere's subset, tags.py fills INCLUDE's tags."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import UsageError
from .client import DEFAULT_MODEL, Unavailable, api_key, default_cache_dir

__all__ = ["DEFAULT_MODEL", "LlmOptions", "Unavailable", "api_key", "default_cache_dir", "make_assist"]


@dataclass
class LlmOptions:
    """What the assist is asked to do, from include-extract's switches or a crawl's settings."""
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

    def check(self, asked_by: str) -> None:
        """UsageError when the assist cannot run: no API key, a value out of range. `asked_by`
        names the switch in the message (`--llm cohere`, `-s LLM=cohere`)."""
        if not api_key():
            raise UsageError(f"{asked_by} needs an API key: set CO_API_KEY (or COHERE_API_KEY)")
        if self.per_minute < 1 or self.jobs < 1 or self.retries < 0 or self.timeout <= 0:
            raise UsageError("--llm-rpm and --llm-jobs must be 1 or more, --llm-retries 0 or more, "
                             "--llm-timeout above 0")

    @classmethod
    def from_settings(cls, settings) -> LlmOptions | None:
        """A crawl's `-s LLM=cohere`, `-s LLM_ALL=True`, `-s LLM_TAGS=True`, `-s LLM_RPM=N`;
        None when the assist is not asked for."""
        llm, everything, tags = settings.get("LLM") or "", settings.getbool("LLM_ALL"), settings.getbool("LLM_TAGS")
        if not (llm or everything or tags):
            return None
        if llm not in ("", "cohere"):
            raise UsageError(f"unknown LLM {llm!r}: the one supported is cohere")
        opts = cls(structure=bool(llm or everything), everything=everything, tags=tags,
                   cache_dir=default_cache_dir(), per_minute=settings.getint("LLM_RPM", 20))
        opts.check("-s LLM=cohere")
        return opts


def make_assist(opts: LlmOptions):
    from .assist import Assist
    from .client import CohereChat

    chat = CohereChat(opts.model, cache_dir=opts.cache_dir, retries=opts.retries, timeout=opts.timeout,
                      per_minute=opts.per_minute)
    return Assist(chat, structure=opts.structure, everything=opts.everything, tags=opts.tags, jobs=opts.jobs)
