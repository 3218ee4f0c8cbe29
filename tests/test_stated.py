"""What a booklet says of itself (its number of questions): read from its instructions, checked
against the questions found when there is no key, and the ground for not reading by OCR a page
of front matter (an essay prompt or a cover set as one picture)."""
from __future__ import annotations

import shutil

import pdfgen
import pymupdf
import pytest

from extract.pipeline import extract_exam
from extract.questions.stated import stated
from extract.reading import OcrOptions
from schema import ExamMeta


@pytest.mark.parametrize("text, count, first", [
    ("1. Este CADERNO DE QUESTÕES contém 90 questões numeradas de 1 a 90, dispostas da seguinte maneira", 90, 1),
    ("Este CADERNO DE QUESTÕES contém a Proposta de Redação e 90 questões numeradas de 91 a 180", 90, 91),
    ("contém 90 questões numeradas de 01 a 90 e a Proposta de Redação", 90, 1),
    ("1. Esta prueba contiene 65 preguntas, 60 de las cuales serán consideradas", 65, 1),
    ("Esta prueba contiene 8 textos y 65 preguntas asociadas a ellos", 65, 1),
    ("Esta prueba consta de 80 preguntas de los tres ejes de Ciencias. Las primeras 54 preguntas", 80, 1),
    ("O exame é composto de 40 itens de escolha múltipla", 40, 1),
    ("El cuestionario está formado por 100 preguntas más 10 de reserva", 100, 1),
    ("Aquesta prova consta de 30 preguntes", 30, 1),
    ("This paper contains 50 questions", 50, 1),
    ("El examen tiene 5 preguntas. Debes marcar las respuestas en la hoja", 5, 1),
    ("Aquesta prova conté 40 preguntes de resposta múltiple", 40, 1),
    ("O exame ten 5 preguntas e unha de reserva", 5, 1),
    ("Azterketa honek 60 galdera ditu", 60, 1),
])
def test_the_count_a_booklet_states(text, count, first):
    got = stated(text)
    assert (got.count, got.first) == (count, first)


@pytest.mark.parametrize("text", [
    "Dispones de 2 horas y 20 minutos para responder",  # no count
    "las primeras 54 preguntas corresponden al Módulo Común",  # no verb that states the whole
    "contém 90 questões numeradas de 1 a 45",  # a numbering that does not span the count
    "Questões de 01 a 45",  # a section's range, not the booklet's count
    "Todas las preguntas tienen 4 respuestas",  # what each question has
])
def test_no_count_stated(text):
    assert stated(text) is None


def test_missing_numbers_of_a_stated_count():
    claim = stated("contém 5 questões numeradas de 91 a 95")
    assert list(claim.numbers) == [91, 92, 93, 94, 95]
    assert claim.missing({91, 92, 94, 95, 200}) == [93]


# -- in the pipeline ----------------------------------------------------------------------------
QUESTIONS = pdfgen.EXAM_QUESTIONS[:3]


def _booklet(tmp_path, cover: str, heading: bool = True):
    """A cover stating the count, a page that is one picture of text (an essay prompt), then the
    three questions under a section heading (or opening their page)."""
    body = ([pdfgen.Para("LINGUAGENS, CÓDIGOS E SUAS TECNOLOGIAS", full=True)] if heading else [])
    body += [pdfgen.mcq(f"QUESTÃO {i}\n", s, o, labels=list("ABCD"))
             for i, (s, o) in enumerate(QUESTIONS, 1)]
    path = pdfgen.booklet(tmp_path / "booklet.pdf", [[pdfgen.Para(cover, full=True)], body])
    prompt = pdfgen.booklet(tmp_path / "prompt.pdf", [["PROPOSTA DE REDAÇÃO",
                                                        "Com base na leitura dos textos motivadores, redija um texto "
                                                        "dissertativo-argumentativo sobre o tema proposto."]])
    with pymupdf.open(prompt) as src:
        pix = src[0].get_pixmap(dpi=150, colorspace=pymupdf.csGRAY)
    with pymupdf.open(path) as doc:
        page = doc.new_page(1, width=pdfgen.A4[0], height=pdfgen.A4[1])
        page.insert_image(page.rect, pixmap=pix)
        doc.save(tmp_path / "exam.pdf")
    return tmp_path / "exam.pdf"


def _extract(pdf):
    return extract_exam(pdf, None, ExamMeta(language="pt"), ocr=OcrOptions(jobs=1))


def test_front_matter_picture_not_read_when_the_text_layer_holds_every_question(tmp_path):
    pdf = _booklet(tmp_path, "Este CADERNO DE QUESTÕES contém a Proposta de Redação e 3 questões "
                             "numeradas de 1 a 3, dispostas da seguinte maneira.")
    result = _extract(pdf)
    assert [r.number for r in result.records] == [1, 2, 3]
    assert [(r.method, len(r.choices)) for r in result.records] == [("text", 4)] * 3
    said = " ".join(result.warnings)
    assert "page 2: no text layer, not read by OCR: before the first question" in said
    assert "read by OCR (" not in said


needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None,
                                     reason="tesseract is installed by `make test`")


@needs_tesseract
def test_front_matter_read_when_a_stated_question_is_missing(tmp_path):
    """The cover says four: the fourth may be on the picture, which is read; the run says which
    question the booklet promised and no page gave."""
    pdf = _booklet(tmp_path, "Este CADERNO DE QUESTÕES contém 4 questões numeradas de 1 a 4.")
    result = _extract(pdf)
    said = " ".join(result.warnings)
    assert "page 2: scanned page" in said and "read by OCR (por)" in said
    assert "the booklet says it has 4 questions (1-4); 1 not found: 4" in said
    assert [r.number for r in result.records] == [1, 2, 3]


@needs_tesseract
def test_front_matter_read_when_the_first_question_opens_its_page(tmp_path):
    """Nothing printed above the first question on its page: text on the page before may be
    its context, so the picture is read."""
    pdf = _booklet(tmp_path, "Este CADERNO DE QUESTÕES contém 3 questões numeradas de 1 a 3.", heading=False)
    result = _extract(pdf)
    assert "read by OCR (por)" in " ".join(result.warnings)
    assert [r.number for r in result.records] == [1, 2, 3]


def test_a_booklet_without_a_key_says_which_stated_questions_it_lacks(tmp_path):
    pdf = pdfgen.booklet(tmp_path / "b.pdf", [[pdfgen.Para("Esta prueba contiene 4 preguntas.", full=True)],
                                              [pdfgen.mcq(f"{i}.", s, o) for i, (s, o) in enumerate(QUESTIONS, 1)]])
    result = extract_exam(pdf, None, ExamMeta(language="es"), ocr=OcrOptions(mode="never"))
    assert [r.number for r in result.records] == [1, 2, 3]
    assert any(w.endswith("the booklet says it has 4 questions (1-4); 1 not found: 4") for w in result.warnings)
