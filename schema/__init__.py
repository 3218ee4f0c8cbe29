"""Exam question records: INCLUDE's fields plus provenance."""
from .models import (
           FLAGS,
           ExamMeta,
           Question,
           RecordError,
           include_row,
           question_id,
           validate_record,
)
from .vocab import COUNTRIES, LANGUAGES

__all__ = ["FLAGS", "ExamMeta", "Question", "RecordError", "include_row", "question_id", "validate_record",
           "COUNTRIES", "LANGUAGES"]
