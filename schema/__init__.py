"""Exam question records: INCLUDE's fields plus provenance (models.py), the code lists and
vocabularies (vocab.py), and what every folder of the project shares (common.py)."""
from importlib import import_module

_FROM = {"FLAGS": "models", "ExamMeta": "models", "Question": "models", "RecordError": "models",
         "include_row": "models", "question_id": "models", "validate_record": "models",
         "language_code": "vocab", "language_name": "vocab", "country_code": "vocab",
         "country_name": "vocab"}
__all__ = list(_FROM)


def __getattr__(name: str):
    # loaded on first use: `schema.common` is imported by every CLI and must not cost pydantic
    if name in _FROM:
        return getattr(import_module(f"{__name__}.{_FROM[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
