"""Language of a question, with py3langid (its model ships in the wheel: offline)."""
from __future__ import annotations

from functools import lru_cache

# Languages an Iberian or Latin American exam is written in, plus the foreign languages
# they test; restricting the set makes short texts far more reliable.
CANDIDATES = ["es", "pt", "ca", "gl", "eu", "en", "fr", "it", "de", "la", "qu", "oc"]
MIN_CHARS = 40


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ident.set_languages([c for c in CANDIDATES if c in ident.nb_classes])
    return ident


def detect(text: str) -> tuple[str | None, float]:
    """(ISO 639-1 code, probability), or (None, 0) when the text is too short to tell."""
    text = " ".join(text.split())[:400]  # enough to tell; the model's cost grows with length
    if len(text) < MIN_CHARS:
        return None, 0.0
    lang, prob = _identifier().classify(text)
    return lang, float(prob)
