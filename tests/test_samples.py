"""The shared real exams, scored against their gold answers (README of fixtures/samples)."""
import json

import pytest
from conftest import SAMPLES

from extract.pipeline import extract_exam
from extract.score import score
from schema import ExamMeta

CASES = [
    ("es_tc_2003", None, ExamMeta(language="es", country="ES")),
    ("br_enem_2023_d1", "key.pdf", ExamMeta(language="pt", country="BR")),
]


@pytest.mark.parametrize("name,key,meta", CASES, ids=[c[0] for c in CASES])
def test_sample_scores_fully_right(name, key, meta):
    folder = SAMPLES / name
    result = extract_exam(folder / "exam.pdf", folder / key if key else None, meta)
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    frac, problems = score([r.model_dump() for r in result.records], gold)
    assert frac >= 0.98, problems
    assert len(result.records) == len(gold)


def test_enem_variants_take_their_own_key_column():
    folder = SAMPLES / "br_enem_2023_d1"
    result = extract_exam(folder / "exam.pdf", folder / "key.pdf", ExamMeta(language="pt"))
    by = {(r.number, r.variant): r for r in result.records}
    # key.pdf: item 3 is D in the English column and E in the Spanish one
    assert by[(3, "ingles")].answer == 3
    assert by[(3, "espanhol")].answer == 4
    assert "variant" in by[(3, "ingles")].flags
    assert by[(6, None)].variant is None
    assert "image_reference" in by[(1, "ingles")].flags
