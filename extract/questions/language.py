"""Language of a question, with py3langid (its model ships in the wheel: offline)."""
from __future__ import annotations

import os
from functools import lru_cache
from importlib.metadata import version

from schema.common import cache_dir

# Languages an Iberian or Latin American exam is written in, plus the foreign languages
# they test; restricting the set makes short texts far more reliable.
CANDIDATES = ["es", "pt", "ca", "gl", "eu", "en", "fr", "it", "de", "la", "qu", "oc"]
MIN_CHARS = 40


@lru_cache(maxsize=1)
def _identifier():
    """The model cut to CANDIDATES. The wheel's model (142 languages, LZMA) takes ~0.8 s of CPU
    to load, more than extracting a small exam, and every worker process loads it; so the cut
    model is kept in the user's cache, plain arrays that load in milliseconds."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    cached = cache_dir(f"langid-{version('py3langid')}-{'-'.join(CANDIDATES)}.npz")
    try:
        return _load(cached, LanguageIdentifier)
    except Exception:  # absent, or damaged in any way (a bad zip, a missing array): rebuilt
        pass
    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ident.set_languages([c for c in CANDIDATES if c in ident.nb_classes])
    try:
        _save(cached, ident)
    except OSError:  # a read-only home: every run loads the full model, nothing worse
        pass
    return ident


def _save(path, ident) -> None:
    import tempfile

    import numpy as np

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(suffix=".npz", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            np.savez(f, ptc=ident.nb_ptc, pc=ident.nb_pc, classes=np.array(ident.nb_classes),
                     nextmove=np.asarray(ident.tk_nextmove), row=np.asarray(ident.tk_row),
                     output=np.asarray(ident.tk_output, dtype=np.int32))
        os.replace(tmp, path)  # whole or absent: processes may race to write it
    except BaseException:
        os.unlink(tmp)
        raise


def _load(path, cls):
    from array import array

    import numpy as np

    with np.load(path, allow_pickle=False) as data:
        arrays = {k: data[k] for k in ("ptc", "pc", "classes", "nextmove", "row", "output")}
    as_array = lambda a: array({2: "H", 4: "I", 8: "L"}[a.itemsize], a.tobytes())  # what the DFA walk indexes
    return cls(arrays["ptc"], arrays["pc"], arrays["classes"].tolist(), as_array(arrays["nextmove"]),
               arrays["output"].tolist(), norm_probs=True, tk_row=as_array(arrays["row"]))


def detect(text: str) -> tuple[str | None, float]:
    """(ISO 639-1 code, probability), or (None, 0) when the text is too short to tell."""
    # the first 200 characters tell: the model walks every byte in Python (half the time of 400
    # over a booklet); a foreign text opening a question (ENEM's English items) then names it
    text = " ".join(text[:1000].split())[:200]
    if len(text) < MIN_CHARS:
        return None, 0.0
    lang, prob = _identifier().classify(text)
    return lang, float(prob)
