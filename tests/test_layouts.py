"""One generated booklet per layout phenomenon of real exams (columns, markers, options, keys,
passages, variants, hyphenation...), each checked on the extracted records: numbers, exact
texts, answers, flags and context."""
from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest
from pdfgen import (
    Figure,
    Para,
    Pic,
    answer_grid,
    booklet,
    grid_columns,
    make_pdf,
    mcq,
    row_major,
    table,
    text_width,
)

from extract.pipeline import extract_exam
from schema import ExamMeta

# -- question banks: (stem, options) ------------------------------------------------------------
ES = [
    ("Según la Constitución Española de 1978, la forma política del Estado español es:",
     ["La República parlamentaria.", "La Monarquía parlamentaria.", "La Monarquía absoluta.",
      "El Estado federal."]),
    ("¿Qué órgano ejerce la potestad legislativa del Estado?",
     ["El Gobierno de la Nación.", "El Consejo de Estado.", "Las Cortes Generales.",
      "El Tribunal Constitucional."]),
    ("El plazo ordinario para interponer el recurso de alzada contra un acto expreso es de:",
     ["Diez días.", "Quince días.", "Un mes.", "Tres meses."]),
    ("¿Cuál de los siguientes fármacos es un inhibidor de la bomba de protones?",
     ["Omeprazol.", "Ranitidina.", "Almagato.", "Metoclopramida."]),
    ("El Defensor del Pueblo es designado como alto comisionado por:",
     ["El Rey, a propuesta del Gobierno.", "Las Cortes Generales.",
      "El Consejo General del Poder Judicial.", "El Tribunal Supremo."]),
    ("La mayoría de edad de los españoles se alcanza, según la Constitución, a los:",
     ["Dieciséis años.", "Diecisiete años.", "Dieciocho años.", "Veintiún años."]),
    ("¿Cuál es la capital de la Comunidad Autónoma de Extremadura?",
     ["Badajoz.", "Cáceres.", "Mérida.", "Plasencia."]),
    ("En un paciente con hipoglucemia grave e inconsciente, el tratamiento inicial de elección es:",
     ["Glucagón intramuscular o glucosa intravenosa.", "Insulina rápida por vía subcutánea.",
      "Zumo de naranja por vía oral.", "Observación durante dos horas."]),
    ("El mandato de los Diputados y Senadores termina:",
     ["Dos años después de su elección.", "Tres años después de su elección.",
      "Cuatro años después de su elección o el día de la disolución de la Cámara.",
      "Cinco años después de su elección."]),
    ("¿Qué tipo de tejido forma la capa más externa de la piel humana?",
     ["Tejido conectivo.", "Tejido epitelial.", "Tejido muscular.", "Tejido nervioso."]),
    ("Señale la palabra que lleva tilde diacrítica:",
     ["Árbol.", "Él.", "Canción.", "Lápiz."]),
    ("El número de magistrados que componen el Tribunal Constitucional es de:",
     ["Nueve.", "Diez.", "Doce.", "Quince."]),
]
ES_KEY = "bccabccacbbc"

PT = [
    ("A Revolução Industrial, iniciada na Inglaterra no século XVIII, teve como uma de suas "
     "consequências",
     ["o fortalecimento das corporações de ofício.", "a expansão do trabalho assalariado nas fábricas.",
      "o declínio da produção de tecidos de algodão.", "a redução da população das cidades inglesas.",
      "o fim do comércio marítimo com as colônias."]),
    ("Na frase \"Os alunos chegaram cedo à escola\", o termo \"cedo\" exerce a função sintática de",
     ["sujeito.", "objeto direto.", "adjunto adverbial.", "predicativo do sujeito.",
      "complemento nominal."]),
    ("O bioma brasileiro caracterizado por árvores de galhos retorcidos, raízes profundas e uma "
     "estação seca bem definida é o",
     ["Pampa.", "Cerrado.", "Pantanal.", "Manguezal.", "Mata Atlântica."]),
    ("Uma solução aquosa que apresenta pH igual a 3, a 25 °C, é classificada como",
     ["básica.", "neutra.", "ácida.", "salina.", "anfótera."]),
    ("O movimento artístico brasileiro que teve a Semana de Arte Moderna de 1922 como marco é o",
     ["Arcadismo.", "Barroco.", "Romantismo.", "Parnasianismo.", "Modernismo."]),
    ("Em uma progressão aritmética, o primeiro termo é 4 e a razão é 3. O décimo termo é igual a",
     ["27.", "30.", "31.", "34.", "37."]),
]
PT_KEY = "bcbcee"

GL = [
    ("Segundo o Estatuto de Autonomía de Galicia, a lingua propia de Galicia é:",
     ["O castelán.", "O galego.", "O portugués.", "O asturiano."]),
    ("Cal das seguintes non é unha institución da Comunidade Autónoma de Galicia?",
     ["O Parlamento.", "A Xunta.", "O Presidente.", "A Deputación Provincial."]),
    ("Cando a norma reguladora non fixe o prazo máximo para resolver, este será de:",
     ["Un mes.", "Tres meses.", "Seis meses.", "Un ano."]),
    ("O Día das Letras Galegas celébrase cada ano o día:",
     ["25 de xullo.", "17 de maio.", "24 de xuño.", "12 de outubro."]),
    ("Cal é a capital da Comunidade Autónoma de Galicia?",
     ["A Coruña.", "Lugo.", "Santiago de Compostela.", "Vigo."]),
]
GL_KEY = "bdbbc"

CA = [
    ("Quin és el riu més llarg que travessa el territori de Catalunya?",
     ["El Llobregat.", "El Ter.", "L'Ebre.", "El Segre."]),
    ("Segons l'Estatut d'autonomia, la llengua pròpia de Catalunya és:",
     ["El castellà.", "El català.", "L'occità.", "L'aragonès."]),
    ("La Diada Nacional de Catalunya se celebra cada any el dia:",
     ["23 d'abril.", "11 de setembre.", "24 de juny.", "6 de desembre."]),
    ("Quina d'aquestes novel·les va escriure Mercè Rodoreda?",
     ["La plaça del Diamant.", "Canigó.", "Solitud.", "Terra baixa."]),
    ("El Parlament de Catalunya té la seu a la ciutat de:",
     ["Girona.", "Tarragona.", "Barcelona.", "Lleida."]),
]
CA_KEY = "cbbac"

EU = [
    ("Zein da Euskal Autonomia Erkidegoko erakundeen egoitza nagusia duen hiria?",
     ["Bilbo.", "Donostia.", "Gasteiz.", "Iruñea."]),
    ("Zenbat lurralde historikok osatzen dute Euskal Autonomia Erkidegoa?",
     ["Bik.", "Hiruk.", "Lauk.", "Zazpik."]),
    ("Nork idatzi zuen «Obabakoak» izeneko liburua?",
     ["Bernardo Atxagak.", "Kirmen Uribek.", "Joseba Sarrionandiak.", "Ramon Saizarbitoriak."]),
    ("Euskararen batasunerako arauak ematen dituen erakundea hau da:",
     ["Eusko Jaurlaritza.", "Euskaltzaindia.", "Eusko Legebiltzarra.", "Udalbiltza."]),
]
EU_KEY = "cbab"

EN = [("According to the text, the main reason why people learn a second language today is",
       ["to travel abroad.", "to get better jobs.", "to read literature.", "to watch films.",
        "to pass school exams."]),
      ("In the sentence \"She has lived in Lisbon since 2010\", the verb tense expresses",
       ["a finished action.", "a future plan.", "an action that continues until now.",
        "a habit in the past.", "a hypothesis."])]
ES_ITEMS = [("Según el texto, la razón principal por la que hoy se aprende una segunda lengua es",
             ["viajar al extranjero.", "conseguir mejores empleos.", "leer literatura.",
              "ver películas.", "aprobar los exámenes escolares."]),
            ("En la frase \"Ella vive en Lisboa desde 2010\", el verbo expresa",
             ["una acción terminada.", "un plan futuro.", "una acción que continúa hasta hoy.",
              "un hábito pasado.", "una hipótesis."])]

BANKS = {"es": ES, "pt": PT, "gl": GL, "ca": CA, "eu": EU}
LOWER = [f"{c})" for c in "abcde"]
UPPER = list("ABCDE")


# -- helpers ------------------------------------------------------------------------------------
def questions(bank, marker="{n}.", start=1, **kw) -> list:
    return [mcq(marker.format(n=n), stem, opts, **kw) for n, (stem, opts) in enumerate(bank, start)]


def run(pdf, key=None, lang="es", country="ES"):
    return extract_exam(pdf, key, ExamMeta(language=lang, country=country))


def pairs(answers, start: int = 1) -> list[tuple[str, str]]:
    return [(str(n), a) for n, a in enumerate(answers, start)]


def key_pdf(path, grid: list, title="PLANTILLA DE RESPUESTAS", pages_before=()) -> Path:
    """A separate key: optional earlier pages, then a page with a title and the grid."""
    return make_pdf(path, [*pages_before, [(60, 80, title, "hebo", 12), *grid]])


def simple_key(path, answers, nrows: int = 4) -> Path:
    return key_pdf(path, answer_grid(pairs(answers), nrows))


def index(letter: str) -> int:
    return "abcdefghij".index(letter.lower())


def assert_bank(records, bank, answers: str | None = None, start: int = 1):
    assert [r.number for r in records] == list(range(start, start + len(bank)))
    for r, (stem, opts) in zip(records, bank):
        assert r.question == stem
        assert r.choices == opts
    if answers is not None:
        assert [r.answer for r in records] == [index(a) for a in answers]


def plain_text(pdf) -> str:
    """PyMuPDF's own reading of the first page, to show a fixture reproduces its phenomenon."""
    with pymupdf.open(pdf) as doc:
        return doc[0].get_text()


def text_of(records) -> str:
    return " ".join(" ".join([r.question, r.context or "", *r.choices]) for r in records)


# -- text layer ---------------------------------------------------------------------------------
def test_justified_lines_drawn_word_by_word(tmp_path):
    # narrow justified columns: MuPDF's own lines break at the wide word gaps and at the gap
    # between each hanging option label and its text
    pdf = booklet(tmp_path / "exam.pdf", [questions(ES[:6], hang=22)], columns=2, size=12)
    plain = plain_text(pdf).splitlines()
    assert "c)" in plain and {"¿Qué", "órgano", "ejerce", "potestad"} <= set(plain)
    result = run(pdf, simple_key(tmp_path / "key.pdf", ES_KEY[:6]))
    assert_bank(result.records, ES[:6], ES_KEY[:6])


def test_two_columns_around_a_full_width_block(tmp_path):
    passage = ("Lea el siguiente fragmento del preámbulo de la Constitución: La Nación española, "
               "deseando establecer la justicia, la libertad y la seguridad y promover el bien de "
               "cuantos la integran, en uso de su soberanía, proclama su voluntad de garantizar la "
               "convivencia democrática dentro de la Constitución y de las leyes.")
    # page 1 is plain two-column text; page 2 has a full-width passage between two bands
    qs = questions(ES[:8])
    pages = [qs[:4], qs[4:6] + [Para(passage, full=True)] + qs[6:]]
    pdf = booklet(tmp_path / "exam.pdf", pages, columns=2)
    result = run(pdf, simple_key(tmp_path / "key.pdf", ES_KEY[:8]))
    assert_bank(result.records, ES[:8], ES_KEY[:8])
    assert [r.context for r in result.records] == [None] * 6 + [passage, None]


def test_gutter_away_from_the_middle(tmp_path):
    # the left column is wider: its lines run past the middle of the page, and options wrap
    bank = [(stem, [o + " Así lo dispone expresamente la norma aplicable." for o in opts])
            for stem, opts in ES[6:10]]
    pdf = booklet(tmp_path / "exam.pdf", [questions(bank)], columns=2, split=0.64)
    result = run(pdf, simple_key(tmp_path / "key.pdf", ES_KEY[6:10]))
    assert_bank(result.records, bank, ES_KEY[6:10])


def test_a_vertical_watermark_beside_every_line_is_not_text(tmp_path):
    """ENEM 2022 runs `ENEM 2022` up the left edge of each column in tiny vertical type: read
    with the lines, it starts every line and no question marker opens a line."""
    pdf = booklet(tmp_path / "exam.pdf", [questions(ES[:6])], columns=2)
    with pymupdf.open(pdf) as doc:
        page = doc[0]
        for x in (47, 47 + (page.rect.width - 100) / 2 + 12):
            for y in range(90, 760, 24):  # (ENEM's own is denser: a fifth of the page's words)
                page.insert_text((x, y), "ENEM 2022", fontsize=2, rotate=90, color=(0.7, 0.7, 0.7))
        doc.save(tmp_path / "marked.pdf")
    result = run(tmp_path / "marked.pdf", simple_key(tmp_path / "key.pdf", ES_KEY[:6]))
    assert_bank(result.records, ES[:6], ES_KEY[:6])
    assert "ENEM" not in text_of(result.records)


def running(n: int) -> list[tuple[float, float, str]]:
    """Header, barcode, a footer naming the section (it changes after page 3, as ENEM's do)
    and `n/47`."""
    area = "LC" if n <= 3 else "CN"
    return [(50, 40, "FORMA 123 - 2024 - {n} -"), (470, 40, "*0101{n}75AZ2*"),
            (50, 768, f"{area} - 1º dia CADERNO 1 - AZUL - PÁGINA {{n}}"), (520, 768, "{n}/47")]


def test_running_headers_and_footers_are_dropped(tmp_path):
    # one question a page, its last option (the same on every page) in the bottom margin
    # right above the footer; question 9 breaks across pages 9-10, the header falling between
    # its stem and its options
    bank = [(stem, opts[:3] + ["Ninguna de las anteriores es correcta."]) for stem, opts in ES[:9]]
    qs = questions(bank)
    pages = [[q] for q in qs[:8]] + [[qs[8][:1]], [qs[8][1:]]]
    pdf = booklet(tmp_path / "exam.pdf", pages, running=running, full_pages=True)
    result = run(pdf, simple_key(tmp_path / "key.pdf", ES_KEY[:9]))
    assert_bank(result.records, bank, ES_KEY[:9])
    assert not any(w in text_of(result.records) for w in ("FORMA", "PÁGINA", "AZ2", "/47"))


def test_a_question_number_at_the_top_of_every_page_is_not_running_text(tmp_path):
    """OAB 2010 (FGV): each page starts with a question, `06 A00420` (its number and its item's
    code) in the top margin; alike on every page but for its digits, it is no header."""
    bank = PT[:4]
    pages = [[q] for q in questions(bank, marker="{n:02d} A{n:05d}\n")]
    pdf = booklet(tmp_path / "exam.pdf", pages, running=running)
    result = run(pdf, simple_key(tmp_path / "key.pdf", PT_KEY[:4]), lang="pt", country="BR")
    assert_bank(result.records, bank, PT_KEY[:4])


def test_end_of_line_hyphenation_is_undone(tmp_path):
    # hyphens at line ends (forced by newlines) join the halves; before a capital or a digit
    # the hyphen is the word's own (`SARS-CoV-2`) and stays
    bank = [
        ("Paciente de 58 años con antecedente de infarto agudo de miocardio, que acude por disnea de "
         "esfuerzo. ¿Cuál es la prueba inicial más adecuada?",
         ["Ecocardiograma transtorácico.", "Coronariografía urgente.", "Tomografía computarizada torácica.",
          "Prueba de esfuerzo con isótopos."]),
        ("La infección por SARS-CoV-2 se diagnostica de forma más fiable mediante:",
         ["Serología IgG.", "PCR de exudado nasofaríngeo.", "Hemograma completo.", "Radiografía de tórax."]),
        ("El fármaco de primera elección en la hipertensión arterial del embarazo es:",
         ["Enalapril.", "Losartán.", "Labetalol.", "Espironolactona."]),
        ("¿Qué vitamina se administra a todos los recién nacidos para prevenir la enfermedad "
         "hemorrágica?", ["Vitamina A.", "Vitamina B12.", "Vitamina D.", "Vitamina K."]),
    ]
    printed = [("Paciente de 58 años con antece-\ndente de infarto agudo de miocardio, que acude por "
                "disnea de esfuer-\nzo. ¿Cuál es la prueba inicial más adecuada?", bank[0][1]),
               ("La infección por SARS-\nCoV-2 se diagnostica de forma más fiable mediante:",
                ["Serología IgG.", "PCR de exudado nasofa-\nríngeo.", *bank[1][1][2:]]),
               ("El fármaco de primera elección en la hiperten-\nsión arterial del embarazo es:", bank[2][1]),
               bank[3]]
    pdf = booklet(tmp_path / "exam.pdf", [questions(printed, marker="{n}.-")])
    result = run(pdf, simple_key(tmp_path / "key.pdf", "abcd"))
    assert_bank(result.records, bank, "abcd")


def test_a_word_a_ligature_split_is_joined():
    """OAB 2010.2's booklet (Calibri): its `ti` and `fi` ligatures map to their letters and a
    space that does not advance, so the text layer reads `alternati va`, `Uniﬁ cado`; text
    set tight (negative tracking, `A energia` in ENEM 2017) keeps its words apart."""
    from extract.pages.layout import _unsplit, page_words

    with pymupdf.open(Path(__file__).parent.parent / "fixtures" / "real" / "oab_2010_2_exam_p2.pdf") as doc:
        raw = [w[4] for w in doc[0].get_text("words")]
        words = [w.text for w in page_words(doc[0])[0]]
    assert "alternati" in raw and "legislati" in raw  # what the text layer says
    assert {"alternativa", "legislativa", "Uniﬁcado"} <= set(words)
    assert not {"alternati", "legislati", "respecti"} & set(words)
    tight = [(313.56, 399.27, 320.07, 412.66, "A", 46, 0, 0), (320.62, 399.27, 351.38, 412.66, "energia", 46, 0, 1)]
    assert [w[4] for w in _unsplit(tight)] == ["A", "energia"]


def test_doubled_decorative_option_letters(tmp_path):
    # ENEM: each bare option letter is drawn twice (white under black), its text at a tab stop
    pdf = booklet(tmp_path / "exam.pdf", [questions(PT[:4], marker="QUESTÃO {n:02d}\n",
                                                    labels=UPPER, hang=18, double=True)])
    assert "A \nA \n" in plain_text(pdf)
    result = run(pdf, simple_key(tmp_path / "key.pdf", PT_KEY[:4]), lang="pt", country="BR")
    assert_bank(result.records, PT[:4], PT_KEY[:4])


# -- numbering ----------------------------------------------------------------------------------
MARKERS = {  # style: (marker, bank language); a marker ending in a newline has its own line
    "paren": ("{n})", "es"), "dot": ("{n}.", "es"), "dot-dash": ("{n}.-", "es"),
    "questao": ("QUESTÃO {n:02d}", "pt"), "questao-split": ("Questão\n{n:02d}\n", "pt"),
    "pregunta": ("Pregunta {n}.", "es"), "pregunta-own-line": ("Pregunta {n}\n", "gl"),
    "bare-number": ("{n}\n", "ca"), "leading-space": ("  {n}.", "eu"),
    "number-and-item-code": ("{n:02d} A{n:05d}\n", "pt"),  # FGV: `01 A00413` over the stem
}


@pytest.mark.parametrize("style", MARKERS)
def test_question_markers(tmp_path, style):
    marker, lang = MARKERS[style]
    bank = BANKS[lang][:4]
    pdf = booklet(tmp_path / "exam.pdf", [questions(bank, marker=marker)])
    result = run(pdf, lang=lang)
    assert_bank(result.records, bank)


OPTION_LABELS = {
    "a)": dict(labels=LOWER), "A)": dict(labels=[f"{c})" for c in UPPER]),
    "(a)": dict(labels=[f"({c})" for c in "abcde"]), "A.": dict(labels=[f"{c}." for c in UPPER]),
    "numbered": dict(labels=[f"{i}." for i in range(1, 6)]),  # as the questions: `1.`
    "label-own-line": dict(labels=[f"{c})\n" for c in "abcde"]),
    "label-tabbed": dict(labels=LOWER, hang=24),
}


@pytest.mark.parametrize("style", OPTION_LABELS)
def test_option_labels(tmp_path, style):
    pdf = booklet(tmp_path / "exam.pdf", [questions(GL, **OPTION_LABELS[style])], columns=2)
    result = run(pdf, simple_key(tmp_path / "key.pdf", GL_KEY), lang="gl")
    assert_bank(result.records, GL, GL_KEY)


@pytest.mark.parametrize("start,label", [(1, "{n}{c})"), (121, "{n} {c})"), (7, "{n}.{c})")])
def test_option_labels_that_carry_their_question_number(tmp_path, start, label):
    """UPV/EHU and IVAP booklets label question 127's options `127a)` ... `127d)`."""
    blocks = [mcq(f"{n}.-", stem, opts, labels=[label.format(n=n, c=c) for c in "abcde"])
              for n, (stem, opts) in enumerate(ES, start)]
    pdf = booklet(tmp_path / "exam.pdf", [blocks[:6], blocks[6:]])
    result = run(pdf, key_pdf(tmp_path / "key.pdf", answer_grid(pairs(ES_KEY, start), 4)))
    assert_bank(result.records, ES, ES_KEY, start=start)


READINGS = [  # (numbered paragraphs, questions on them)
    (["1. La Economía es una ciencia social que estudia cómo se administran los recursos.",
      "2. Los recursos son escasos y las necesidades humanas, ilimitadas.",
      "3. Por eso toda decisión económica supone renunciar a algo: el coste de oportunidad.",
      "4. Los mercados coordinan las decisiones de millones de personas.",
      "5. El Estado interviene cuando el mercado no asigna bien los recursos."],
     [("Según el texto, la Economía es una ciencia:",
       ["Natural.", "Social.", "Formal.", "Experimental."]),
      ("El texto llama coste de oportunidad a:",
       ["El precio de un bien.", "Lo que se renuncia al decidir.", "El coste de producción.",
        "El beneficio de una empresa."]),
      ("Según el párrafo 5, el Estado interviene cuando:",
       ["Los precios suben.", "Hay elecciones.", "El mercado no asigna bien los recursos.",
        "Las empresas lo piden."])]),
    (["1. El ciclo del agua describe el movimiento continuo del agua en la Tierra.",
      "2. El calor del Sol evapora el agua de los mares, los ríos y los lagos.",
      "3. El vapor se condensa en las nubes y vuelve a la superficie como precipitación."],
     [("Según el texto, ¿qué provoca la evaporación del agua?",
       ["El viento.", "El calor del Sol.", "La gravedad.", "Las mareas."]),
      ("¿En qué forma vuelve el agua a la superficie, según el párrafo 3?",
       ["Como vapor.", "Como hielo.", "Como precipitación.", "Como aguas subterráneas."])]),
    (["1. Miguel de Cervantes publicó la primera parte del Quijote en 1605.",
      "2. La novela narra las aventuras de un hidalgo que enloquece leyendo libros de caballerías.",
      "3. Su escudero, Sancho Panza, representa el sentido común frente al idealismo de su señor."],
     [("¿En qué año se publicó la primera parte del Quijote?", ["1492.", "1605.", "1615.", "1700."]),
      ("Según el texto, Sancho Panza representa:",
       ["El idealismo.", "La locura.", "El sentido común.", "La nobleza."])]),
]


def test_reading_passages_with_numbered_paragraphs(tmp_path):
    # a page per passage: `LECTURA n (Preguntas a a b)` at the top, paragraphs numbered like
    # the questions, then its questions; a last question stands alone
    pages, bank, contexts, first = [], [], [], 1
    for n, (paragraphs, items) in enumerate(READINGS, 1):
        last = first + len(items) - 1
        pages.append([Para(f"LECTURA {n} (Preguntas {first} a {last})", font="hebo"), *paragraphs,
                      *questions(items, start=first)])
        bank += items
        contexts += [" ".join(paragraphs)] * len(items)
        first = last + 1
    alone = ("¿Cuál de estos bienes es un bien público puro?",
             ["Un automóvil.", "La defensa nacional.", "Una vivienda.", "Un teléfono móvil."])
    pages[-1] += questions([alone], start=first)
    pdf = booklet(tmp_path / "exam.pdf", pages)
    result = run(pdf, simple_key(tmp_path / "key.pdf", "bbcbcbcb"))
    assert_bank(result.records, bank + [alone], "bbcbcbcb")
    assert [r.context for r in result.records] == contexts + [None]


def test_four_and_five_options_in_one_booklet(tmp_path):
    bank = [PT[0], (PT[1][0], PT[1][1][:4]), PT[2], (PT[3][0], PT[3][1][:4]), PT[4]]
    pdf = booklet(tmp_path / "exam.pdf", [questions(bank, marker="Questão {n}",
                                                    labels=[f"{c})" for c in UPPER])], columns=2)
    result = run(pdf, simple_key(tmp_path / "key.pdf", "bcbce"), lang="pt", country="BR")
    assert_bank(result.records, bank, "bcbce")
    assert [len(r.choices) for r in result.records] == [5, 4, 5, 4, 5]
    assert not any(r.flags for r in result.records)


def test_three_option_exam_is_flagged(tmp_path):
    bank = [(stem, opts[:3]) for stem, opts in ES[:5]]
    pdf = booklet(tmp_path / "exam.pdf", [questions(bank, marker="{n})")])
    result = run(pdf, simple_key(tmp_path / "key.pdf", "bccab"))
    assert_bank(result.records, bank, "bccab")
    assert all(r.flags == ["fewer_than_4_options"] for r in result.records)


@pytest.mark.parametrize("marker", ["QUESTÃO {n:02d}", "{n}."])
def test_language_versions_are_variants_keyed_separately(tmp_path, marker):
    # items 1-2 in an English and a Spanish version, each under its heading; the key has a
    # column per language for them
    style = dict(marker=marker, labels=UPPER, hang=16)
    page = [Para("LÍNGUA ESTRANGEIRA - OPÇÃO INGLÊS", font="hebo"), *questions(EN, **style),
            Para("LÍNGUA ESTRANGEIRA - OPÇÃO ESPANHOL", font="hebo"), *questions(ES_ITEMS, **style),
            *questions(PT[:3], start=3, **style)]
    pdf = booklet(tmp_path / "exam.pdf", [page], columns=2)
    rows = [["QUESTÃO", "INGLÊS", "ESPANHOL"], ["1", "B", "B"], ["2", "C", "D"], ["3", "B"],
            ["4", "C"], ["5", "B"]]
    key = key_pdf(tmp_path / "key.pdf", table(rows, 80, 130, [0, 70, 140]), title="GABARITO")
    result = run(pdf, key, lang="pt", country="BR")
    by = {(r.number, r.variant): r for r in result.records}
    assert set(by) == {(1, "ingles"), (2, "ingles"), (1, "espanhol"), (2, "espanhol"),
                       (3, None), (4, None), (5, None)}
    assert [by[(n, "ingles")].choices for n in (1, 2)] == [o for _, o in EN]
    assert [by[(n, "espanhol")].choices for n in (1, 2)] == [o for _, o in ES_ITEMS]
    assert [by[(1, "ingles")].answer, by[(2, "ingles")].answer] == [1, 2]
    assert [by[(1, "espanhol")].answer, by[(2, "espanhol")].answer] == [1, 3]
    assert [by[(n, None)].answer for n in (3, 4, 5)] == [1, 2, 1]
    assert all("variant" in r.flags for (_, v), r in by.items() if v)
    assert "language_mismatch" in by[(1, "ingles")].flags and not by[(3, None)].flags


def test_reserve_questions_after_their_heading(tmp_path):
    page = [*questions(ES[:4]), Para("PREGUNTAS DE RESERVA", font="hebo"),
            *questions(ES[4:6], start=101)]
    pdf = booklet(tmp_path / "exam.pdf", [page])
    rows = [["1", "B", "4", "A"], ["2", "C", "R101", "B"], ["3", "C", "R102", "C"]]
    result = run(pdf, key_pdf(tmp_path / "key.pdf", table(rows, 80, 130, grid_columns(2))))
    assert_bank(result.records[:4], ES[:4], "bcca")
    assert [(r.number, r.answer, r.flags) for r in result.records[4:]] == [
        (101, 1, ["reserve"]), (102, 2, ["reserve"])]
    assert [r.choices for r in result.records[4:]] == [o for _, o in ES[4:6]]


def test_questions_pointing_to_images_are_flagged(tmp_path):
    bank = [("Observe la figura adjunta y señale el órgano indicado con la flecha:",
             ["Hígado.", "Bazo.", "Páncreas.", "Riñón derecho."]),
            ES[1],
            ("Paciente de 30 años con la lesión cutánea que se muestra (IMAGEN 3). ¿Cuál es el "
             "diagnóstico más probable?", ["Psoriasis.", "Melanoma.", "Dermatitis atópica.", "Vitíligo."]),
            ES[3],
            ("Indique el órgano representado:", ["Corazón.", "Pulmón.", "Estómago.", "Hígado."])]
    qs = questions(bank)
    qs[4].insert(1, Figure(60))  # a raster picture between the stem and its options
    pdf = booklet(tmp_path / "exam.pdf", [qs], columns=2)
    result = run(pdf, simple_key(tmp_path / "key.pdf", "acbab"))
    assert_bank(result.records, bank, "acbab")
    assert [r.flags for r in result.records] == [["image_reference"], [], ["image_reference"], [],
                                                 ["image_reference"]]
    # a picture under the whole page (paper texture, a letterhead behind the text) is no figure
    with pymupdf.open(pdf) as doc:
        paper = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 60, 80), False)
        paper.clear_with(235)
        for page in doc:
            page.insert_image(page.rect, pixmap=paper, overlay=False)
        doc.save(tmp_path / "papered.pdf")
    papered = run(tmp_path / "papered.pdf", simple_key(tmp_path / "key.pdf", "acbab"))
    assert [r.flags for r in papered.records] == [r.flags for r in result.records]


# -- answer keys --------------------------------------------------------------------------------
def test_answer_grid_on_the_last_page(tmp_path):
    qs = questions(ES)
    grid = [(60, 80, "PLANTILLA DE RESPUESTAS", "hebo", 12), *answer_grid(pairs(ES_KEY), 4)]
    pdf = booklet(tmp_path / "exam.pdf", [qs[:6], qs[6:], []], columns=2, extra={2: grid})
    result = run(pdf)
    assert_bank(result.records, ES, ES_KEY)
    assert not result.warnings


def test_key_pdf_with_pairs_running_across_rows(tmp_path):
    # `1 B 2 D 3 B 4 B` on one row, `5 C` on the next: numbering runs across, not down
    pdf = booklet(tmp_path / "exam.pdf", [questions(GL, marker="{n}.-")])
    rows = [["Nº", "Resp."] * 4] + row_major(pairs(GL_KEY.upper()), 4)
    key = key_pdf(tmp_path / "key.pdf", table(rows, 80, 130, grid_columns(4)), title="FOLLA DE RESPOSTAS")
    result = run(pdf, key, lang="gl")
    assert_bank(result.records, GL, GL_KEY)


def test_key_pdf_three_column_grid(tmp_path):
    bank = ES[:9]
    pdf = booklet(tmp_path / "exam.pdf", [questions(bank[:5]), questions(bank[5:], start=6)])
    grid = answer_grid(pairs(ES_KEY[:9]), 3, headings=("PREG.", "RESP."), pair_width=120)
    result = run(pdf, key_pdf(tmp_path / "key.pdf", grid))
    assert_bank(result.records, bank, ES_KEY[:9])


COLOURS = ["AZUL", "AMARELO", "BRANCO", "ROSA"]


@pytest.mark.parametrize("colour", ["AZUL", "ROSA"])
def test_key_table_with_one_column_per_booklet_colour(tmp_path, colour):
    # each colour prints the options in another order; the booklet names its colour only in
    # its running footer, while a question on its first page names other colours
    shift = COLOURS.index(colour)
    bank = [(stem, opts[shift:] + opts[:shift]) for stem, opts in PT[:4]]
    bank[0] = ("Na bandeira do Brasil, o losango amarelo e o círculo azul simbolizam, segundo a "
               "tradição escolar,", bank[0][1])
    footer = [(220, 800, f"CN · 1º dia · CADERNO {shift + 1} · {colour} · PÁGINA {{n}}")]
    style = dict(marker="QUESTÃO {n:02d}", labels=UPPER, hang=16)
    pdf = booklet(tmp_path / "exam.pdf", [questions(bank[:2], **style),
                                          questions(bank[2:], start=3, **style)], running=footer)
    rows = [["QUESTÃO", *COLOURS]] + [
        [str(n + 1)] + [UPPER[(index(PT_KEY[n]) - COLOURS.index(c)) % 5] for c in COLOURS]
        for n in range(4)]
    key = key_pdf(tmp_path / "key.pdf", table(rows, 80, 130, [0, 70, 140, 210, 280]), title="GABARITO")
    result = run(pdf, key, lang="pt", country="BR")
    right = [PT[n][1][index(PT_KEY[n])] for n in range(4)]
    assert [r.choices[r.answer] for r in result.records] == right
    assert [r.answer for r in result.records] == [(index(PT_KEY[n]) - shift) % 5 for n in range(4)]


def test_key_next_to_a_score_conversion_table(tmp_path):
    # a longer key document whose first page converts hits to scores: number pairs, no key
    pdf = booklet(tmp_path / "exam.pdf", [questions(CA)])
    scores = [["Encerts", "Punts"] * 2] + [[str(n), str(20 * n), str(n + 3), str(20 * n + 60)]
                                           for n in range(1, 4)]
    conversion = [(60, 80, "TAULA DE CONVERSIÓ DE LA PUNTUACIÓ", "hebo", 12),
                  (60, 100, "Encerts i puntuació final sobre 100 punts", "helv", 10),
                  *table(scores, 80, 130, grid_columns(2, answer_dx=50))]
    key = key_pdf(tmp_path / "key.pdf", answer_grid(pairs(CA_KEY), 3), title="CLAU DE RESPOSTES",
                  pages_before=[conversion])
    result = run(pdf, key, lang="ca")
    assert_bank(result.records, CA, CA_KEY)
    assert not result.warnings


def test_annulled_questions(tmp_path):
    pdf = booklet(tmp_path / "exam.pdf", [questions(ES[:6], marker="{n})")])
    rows = [["1", "B", "4", "ANULADA"], ["2", "", "5", "b"], ["3", "C", "6", "Anulado"]]
    result = run(pdf, key_pdf(tmp_path / "key.pdf", table(rows, 80, 130, grid_columns(2))))
    assert [r.answer for r in result.records] == [1, None, 2, None, 1, None]
    assert [("annulled" in r.flags) for r in result.records] == [False, True, False, True, False, True]


def test_pilot_items_are_keyed_and_flagged(tmp_path):
    pdf = booklet(tmp_path / "exam.pdf", [questions(EU)])
    rows = [["1", "C", "3*", "A"], ["2*", "B", "4", "B"]]
    key = key_pdf(tmp_path / "key.pdf", table(rows, 80, 130, grid_columns(2)), title="ERANTZUNAK")
    result = run(pdf, key, lang="eu")
    assert_bank(result.records, EU, EU_KEY)
    assert [r.flags for r in result.records] == [[], ["pilot"], ["pilot"], []]


@pytest.mark.parametrize("tokens", ["2 3 3 1 2 3", "b c c a b c", "B C C A B C"],
                         ids=["numeric", "lower", "upper"])
def test_key_answers_as_numbers_or_letters(tmp_path, tokens):
    pdf = booklet(tmp_path / "exam.pdf", [questions(ES[:6])])
    result = run(pdf, key_pdf(tmp_path / "key.pdf", answer_grid(pairs(tokens.split()), 3)))
    assert_bank(result.records, ES[:6], ES_KEY[:6])


def test_key_is_checked_against_the_questions(tmp_path):
    # the key names an option question 2 lacks, misses question 5 and has a 6 with no question
    pdf = booklet(tmp_path / "exam.pdf", [questions(CA)])
    grid = answer_grid([("1", "C"), ("2", "E"), ("3", "B"), ("4", "A"), ("6", "C")], 3)
    result = run(pdf, key_pdf(tmp_path / "key.pdf", grid), lang="ca")
    assert [(r.answer, r.flags) for r in result.records] == [
        (2, []), (None, ["key_mismatch"]), (1, []), (0, []), (None, ["unkeyed"])]
    assert result.warnings == [f"{result.path}: key lacks questions 5; key has numbers with no question 6"]


def test_question_in_another_language_is_flagged(tmp_path):
    bank = ES[:3] + [("Quin dels següents rius desemboca al mar Mediterrani a prop de Tortosa, "
                      "formant un delta molt important?", ["El Ter.", "L'Ebre.", "El Llobregat.", "El Segre."])]
    pdf = booklet(tmp_path / "exam.pdf", [questions(bank)])
    result = run(pdf, simple_key(tmp_path / "key.pdf", "bccb"))
    assert_bank(result.records, bank, "bccb")
    assert [r.flags for r in result.records] == [[], [], [], ["language_mismatch"]]



def test_language_model_cut_and_cached_answers_as_the_wheels(tmp_path, monkeypatch):
    from extract.questions import language

    texts = ["Qual é o efeito em nós dos eles são todos corruptos, segundo o texto apresentado?",
             "Indique cuál de las siguientes afirmaciones sobre la Constitución española es correcta.",
             "Zein da testuaren ideia nagusia, egileak lehenengo paragrafoan azaltzen duenaren arabera?"]
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    language._identifier.cache_clear()
    try:
        first = [language.detect(t) for t in texts]  # the wheel's model, then written to the cache
        [cached] = (tmp_path / "include-exams").glob("langid-*.npz")
        language._identifier.cache_clear()
        assert [language.detect(t) for t in texts] == first  # read back from the cache
        assert [lang for lang, _ in first] == ["pt", "es", "eu"]
        cached.write_bytes(b"PK\x03\x04 broken")  # a damaged cache: the wheel's model again
        language._identifier.cache_clear()
        assert [language.detect(t) for t in texts] == first
    finally:
        language._identifier.cache_clear()

@pytest.mark.parametrize("raw,fixed", [
    ("\uf02d2", "−2"), ("x\uf0a3y", "x≤y"), ("\uf0b9", "≠"), ("\uf061\uf062", "αβ"), ("(\uf028)", "(()"),
    ("昀椀ctícia", "fictícia"), ("in昀氀uência", "influência"), ("昀椀", "fi"),
    ("中文", "中文"), ("año", "año"), ("\ue000", "\ue000")])
def test_known_mis_mappings_of_text_layers_are_undone(raw, fixed):
    """Word's Symbol font comes out as private-use codes (a math page looked like a broken font
    map and went to OCR); ligatures written with the wrong byte width come out as CJK."""
    from extract.pages.charmap import repair

    assert repair(raw) == fixed


# -- options that are pictures, figures' letters, selections -----------------------------------
def enem_page(*blocks) -> list:
    """Items of an ENEM-like page: `(y, text)` lines at the left margin, a `(y, letter, text)`
    option with its text at a tab stop."""
    items = []
    for b in blocks:
        if len(b) == 2:
            items.append((60, b[0], b[1], "helv", 10))
        else:
            y, letter, text = b
            items.append((60, y, letter, "hebo", 10))
            if text:
                items.append((84, y, text, "helv", 10))
    return items


def test_options_that_are_pictures_keep_their_question(tmp_path):
    """ENEM 2015 Q68: the options are circuit drawings; only their letters are text, a drawing
    apart from each other. The question is kept, its options flagged as pictures."""
    stem, opts = PT[0]
    page = enem_page((80, "QUESTÃO 01"), (100, "Qual dos circuitos esboçados atende às exigências?"),
                     *[(150 + 95 * k, "ABCDE"[k], "") for k in range(5)])
    page2 = enem_page((80, "QUESTÃO 02"), (100, stem), *[(125 + 16 * k, "ABCDE"[k], o) for k, o in enumerate(opts)])
    pdf = make_pdf(tmp_path / "exam.pdf", [page, page2])
    records = run(pdf, simple_key(tmp_path / "key.pdf", "ce"), lang="pt").records
    assert [r.number for r in records] == [1, 2]
    assert len(records[0].choices) == 5 and "image_options" in records[0].flags and records[0].answer == 2
    assert records[1].choices == opts and "image_options" not in records[1].flags


def test_a_lone_labels_text_set_beside_it_in_a_row_of_its_own(tmp_path):
    """ENEM 2011 Q89: the right column's lines sit half a line lower than the left's; the label
    `A` joins the left line's row, its text (a point lower still) makes a row of its own. The
    text is still the option's (else the option is empty, or the question loses its options)."""
    left = [(60, 80 + 14.6 * k, text, "helv", 10) for k, text in enumerate(
        ["QUESTÃO 01"] + ["Texto da primeira coluna com muitas palavras iguais"] * 11
        + [f"{c} Opção {c.lower()} da primeira questão, com texto." for c in "ABCDE"])]
    right = [(300, 80, "QUESTÃO 02", "hebo", 10),
             (300, 100, "Que proposta preventiva poderia ser efetivada?", "helv", 10)]
    opts = []
    for k, c in enumerate("ABCDE"):
        y = 80 + 14.6 * 10 + 4.1 + 60 * k  # 4.1 pt below a left line; its text 1.2 pt lower
        right += [(300, y, c, "hebo", 10), (317, y + 1.2, f"Colocação de telas nas portas {c.lower()},", "helv", 10),
                  (317, y + 21.2, "pois o mosquito necessita de ambientes cobertos.", "helv", 10)]
        opts.append(f"Colocação de telas nas portas {c.lower()}, pois o mosquito necessita de ambientes cobertos.")
    pdf = make_pdf(tmp_path / "exam.pdf", [left + right])
    records = run(pdf, simple_key(tmp_path / "key.pdf", "ab"), lang="pt").records
    assert [r.number for r in records] == [1, 2]
    assert records[1].choices == opts and records[1].answer == 1 and "image_options" not in records[1].flags


def test_picture_options_labels_drawn_after_the_next_question_stay_with_their_own(tmp_path):
    """PAES M1 2023 Q47: the options are four pictures in a 2 x 2 grid; their labels `A)`-`D)`
    are drawn after the whole page, question 48 included. Read in drawing order they follow
    question 48's options, and question 47 has none; printed above 48's number, they are 47's."""
    items = [(64, 80, "47. ¿Cuál de las siguientes imágenes tiene más de dos ejes de simetría?", "helv", 10),
             (64, 400, "48. A un punto P del plano se le aplica una reflexión respecto del eje X.", "helv", 10),
             (99, 420, "¿Cuáles son las coordenadas del punto P?", "helv", 10)]
    items += [(99, 450 + 20 * k, f"{c}) ({k}, {k + 3})", "helv", 10) for k, c in enumerate("ABCD")]
    for k, c in enumerate("ABCD"):  # the pictures' labels, drawn last
        items.append((101 + 214 * (k % 2), 140 + 130 * (k // 2), f"{c})", "helv", 10))
    records = run(make_pdf(tmp_path / "exam.pdf", [items]), lang="es").records
    assert [r.number for r in records] == [47, 48]
    assert len(records[0].choices) == 4 and "image_options" in records[0].flags
    assert records[1].choices == [f"({k}, {k + 3})" for k in range(4)]


@pytest.mark.parametrize("pictured", [True, False])
def test_options_that_are_pictures_with_their_labels_inside(tmp_path, pictured):
    """PDT Física 2022 Q50: the options are five drawings with their labels `A)`-`E)` inside
    the pictures; the text layer has the stem and nothing after it. Between questions 49 and 51,
    with pictures below its command, it is kept with the exam's usual count of options, empty
    and flagged; with no picture below it, it is no question (a numbered statement)."""
    items = [(64, 80, "49. ¿Cuál es la masa del objeto?", "helv", 10)]
    items += [(99, 100 + 16 * k, f"{c}) {k + 1} kg", "helv", 10) for k, c in enumerate("ABCDE")]
    items += [(64, 200, "50. ¿Cuál de los siguientes esquemas corresponde a la reacción?", "helv", 10)]
    if pictured:
        items += [Pic(99, 215 + 60 * k, 300, 265 + 60 * k) for k in range(5)]
    items += [(64, 560, "51. ¿Cuál es la unidad de la fuerza?", "helv", 10)]
    units = ["N", "J", "W", "Pa", "C"]
    items += [(99, 580 + 16 * k, f"{c}) {u}", "helv", 10) for k, (c, u) in enumerate(zip("ABCDE", units))]
    pdf = make_pdf(tmp_path / "exam.pdf", [items])
    records = run(pdf, key_pdf(tmp_path / "key.pdf", answer_grid(pairs("bca", start=49), 3))).records
    if not pictured:
        assert [r.number for r in records] == [49, 51]
        return
    assert [r.number for r in records] == [49, 50, 51]
    assert records[1].choices == ["(empty)"] * 5 and "image_options" in records[1].flags
    assert records[1].answer == 2 and records[2].choices[0] == "N"


def test_picture_options_in_a_grid_whose_labels_are_not_level(tmp_path):
    """ENEM 2012 Q153: five pictures as options, A B C down the left and D E down the right,
    each label at its picture's corner; D's picture is shorter, so `D` stands a little higher
    than `A` and is read first, in the stem. It still takes its place among the options."""
    page = enem_page((80, "QUESTÃO 01"), (100, "A imagem do trajeto é melhor representada por"))
    for letter, x, y in [("D", 300, 137), ("A", 60, 144), ("B", 60, 216), ("E", 300, 210), ("C", 60, 289)]:
        page.append((x, y, letter, "hebo", 10))
    pdf = make_pdf(tmp_path / "exam.pdf", [page])
    records = run(pdf, simple_key(tmp_path / "key.pdf", "d"), lang="pt").records
    assert len(records) == 1 and records[0].choices == ["(empty)"] * 5
    assert records[0].answer == 3 and records[0].question == "A imagem do trajeto é melhor representada por"


def test_picture_options_in_a_grid_a_later_label_a_little_higher(tmp_path):
    """PAES M1 2023 Q45: four charts as options in a 2 x 2 grid, `C)` and `D)` under `A)` and
    `B)`; `D)` stands a little higher than `C)` and is read before it. It waits for `C)`."""
    items = [(64, 80, "45. ¿Cuál de las figuras se puede obtener por traslaciones de la figura?", "helv", 10)]
    for label, x, y in [("A)", 99, 269), ("B)", 374, 265), ("D)", 377, 437), ("C)", 100, 445)]:
        items.append((x, y, label, "helv", 10))
    items += [Pic(130, 260 + 170 * r, 330, 400 + 170 * r) for r in range(2)]
    items += [(64, 640, "46. ¿Cuál es el valor de x?", "helv", 10)]
    items += [(99, 660 + 16 * k, f"{c}) {k + 1}", "helv", 10) for k, c in enumerate("ABCD")]
    key = key_pdf(tmp_path / "key.pdf", answer_grid(pairs("db", 45), 2))
    records = run(make_pdf(tmp_path / "exam.pdf", [items]), key).records
    assert [r.number for r in records] == [45, 46]
    assert records[0].choices == ["(empty)"] * 4 and records[0].answer == 3
    assert records[1].choices == ["1", "2", "3", "4"]


def test_a_lettered_list_in_the_stem_before_unpunctuated_options(tmp_path):
    """ENEM 2016 Q116: the poem quoted in the stem lists `a) Elegíaco…`, `b) Bucólico…`,
    `c) Erótico…`; the options are ENEM's unpunctuated `A`-`E`, each with its text. The stem's
    list goes back to the stem and the options are A-E."""
    opts = ["caráter descritivo dos versos.", "tom explicativo e contido.", "seleção e recorte do tema.",
            "enumeração de manifestações líricas.", "referência a gêneros clássicos."]
    page = enem_page((80, "QUESTÃO 01"), (100, "O lirismo pode ser:"),
                     (116, "a) Elegíaco, quando trata de assuntos tristes."),
                     (132, "b) Bucólico, quando versa sobre assuntos campestres."),
                     (148, "c) Erótico, quando versa sobre o amor."),
                     (170, "No poema, a relação entre as definições indica que o(a)"),
                     *[(190 + 16 * k, "ABCDE"[k], o) for k, o in enumerate(opts)])
    records = run(make_pdf(tmp_path / "exam.pdf", [page]), simple_key(tmp_path / "key.pdf", "e"), lang="pt").records
    assert len(records) == 1 and records[0].choices == opts and records[0].answer == 4
    assert "c) Erótico" in records[0].question and records[0].question.endswith("indica que o(a)")


def test_options_that_are_charts_an_axis_number_on_the_labels_row(tmp_path):
    """ENEM 2018 Q108: the options are five charts a chart's height apart; each label shares
    its row with the chart's top axis number (`A 10`, `B 20`), and an axis title follows
    (ENEM 2013 Q87). The labels still make the list."""
    page = enem_page((80, "QUESTÃO 01"), (100, "O gráfico da resistência elétrica do resistor é"))
    for k, letter in enumerate("ABCDE"):
        page += [(60, 130 + 110 * k, letter, "hebo", 10), (90, 130 + 110 * k, str(10 * (k + 1)), "helv", 8),
                 (90, 143 + 110 * k, "Tempo", "helv", 8), (90, 200 + 110 * k, "0 1 2 3 4 5 6 7", "helv", 8)]
    records = run(make_pdf(tmp_path / "exam.pdf", [page]), simple_key(tmp_path / "key.pdf", "c"), lang="pt").records
    assert len(records) == 1 and len(records[0].choices) == 5 and records[0].answer == 2


def test_two_questions_in_a_row_whose_options_are_pictures(tmp_path):
    """PAES Biología 2024 Q67 and Q68: two questions in a row whose options are diagrams with
    their labels inside; both are kept between 66 and 69."""
    items = []
    for n, y in ((66, 60), (69, 600)):
        items += [(64, y, f"{n}. ¿Qué opción es correcta?", "helv", 10)]
        items += [(99, y + 20 + 16 * k, f"{c}) opción {c}", "helv", 10) for k, c in enumerate("ABCD")]
    for n, y in ((67, 160), (68, 380)):
        items += [(64, y, f"{n}. ¿En cuál de los siguientes diagramas se representa la idea?", "helv", 10),
                  Pic(99, y + 15, 400, y + 200)]
    key = key_pdf(tmp_path / "key.pdf", answer_grid(pairs("abcd", 66), 2))
    records = run(make_pdf(tmp_path / "exam.pdf", [items]), key).records
    assert [r.number for r in records] == [66, 67, 68, 69]
    assert records[1].choices == records[2].choices == ["(empty)"] * 4
    assert [r.answer for r in records] == [0, 1, 2, 3]


def test_words_drawn_twice_on_the_same_spot_read_once(tmp_path):
    """ENEM 2022 Q9: a poster's words drawn twice on the same spot (a shadow under the text)
    read `DETRAN DETRAN ES Causar Causar um acidente acidente`; each is read once."""
    poster = [(60, 100, "DETRAN ES", "hebo", 10), (60, 116, "Causar um acidente é algo sério.", "helv", 10)]
    page = enem_page((80, "QUESTÃO 01")) + poster + poster  # drawn again, on itself
    page += enem_page((140, "O cartaz pretende"), *[(160 + 16 * k, "ABCDE"[k], f"opção {k}") for k in range(5)])
    records = run(make_pdf(tmp_path / "exam.pdf", [page]), lang="pt").records
    assert records[0].question == "DETRAN ES Causar um acidente é algo sério. O cartaz pretende"


def test_letters_inside_picture_options_are_not_labels(tmp_path):
    """ENEM 2018 Q95: five drawings as options, each with its points `A` and `B` drawn inside,
    above and to the right of the option's label. The labels, under each other, are the list."""
    page = enem_page((80, "QUESTÃO 01"), (100, "A posição de equilíbrio está representada em:"))
    for k, letter in enumerate("ABCDE"):
        y = 170 + 75 * k
        page += [(60, y, letter, "hebo", 10), (80, y - 30, "A", "helv", 10), (140, y - 30, "B", "helv", 10)]
    records = run(make_pdf(tmp_path / "exam.pdf", [page]), simple_key(tmp_path / "key.pdf", "d"), lang="pt").records
    assert len(records) == 1 and records[0].choices == ["(empty)"] * 5 and records[0].answer == 3


def test_options_spaced_wide_wrap_under_their_text(tmp_path):
    """ENEM 2011 Q29: the options' lines are spaced twice as wide as the stem's; an option's
    second line, under its text past the label (a hanging indent), still wraps it."""
    page = enem_page((80, "QUESTÃO 01"), (96, "Que aspecto histórico pode ser identificado"),
                     (108, "a partir da foto?"))
    tight = enem_page((400, "QUESTÃO 02"), *[(412 + 12 * k, f"Linha {k} do texto, junta.") for k in range(14)],
                      *[(590 + 12 * k, "ABCDE"[k], f"opção {k}") for k in range(5)])  # the booklet's usual spacing
    opts = []
    for k, letter in enumerate("ABCDE"):
        y = 140 + 44 * k
        page += [(60, y, letter, "hebo", 10), (84, y, f"O uso de trajes {letter.lower()} indica a", "helv", 10),
                 (84, y + 21, "incorporação dos ex-escravos.", "helv", 10)]
        opts.append(f"O uso de trajes {letter.lower()} indica a incorporação dos ex-escravos.")
    pdf = make_pdf(tmp_path / "exam.pdf", [page, tight])
    records = run(pdf, simple_key(tmp_path / "key.pdf", "ba"), lang="pt").records
    assert len(records) == 2 and records[0].choices == opts and records[0].answer == 1


def test_a_figures_letters_before_the_options_are_not_the_options(tmp_path):
    """ENEM 2023 Q145: the figure's points `A` and `B` (the goalposts) are lone letters before
    the question; the real options A-E follow its command."""
    page = enem_page((80, "QUESTÃO 01"), (100, "Os pontos A e B indicam os pés da trave mais próxima."),
                     (140, "A", ""), (170, "B", ""), (200, "Qual é o jogador que receberá a bola?"),
                     *[(220 + 16 * k, "ABCDE"[k], f"Q{k + 2}") for k in range(5)])
    records = run(make_pdf(tmp_path / "exam.pdf", [page]), simple_key(tmp_path / "key.pdf", "b"), lang="pt").records
    assert len(records) == 1 and records[0].choices == ["Q2", "Q3", "Q4", "Q5", "Q6"]
    assert records[0].answer == 1 and "image_options" not in records[0].flags


def test_a_lettered_list_inside_the_stem_is_not_the_options(tmp_path):
    """OAB XVIII (FGV), question 26: the stem enumerates `(a) reduziu … e (b) reduziu …`, then
    asks; the options are `A)`-`D)`. The `(a)` list goes back to the stem with the line after it."""
    lines = ["Em 30 de agosto, o Município aprovou lei que:", "(a) reduziu a alíquota do imposto; e",
             "(b) reduziu a multa pelo inadimplemento.", "Sobre a hipótese, assinale a afirmativa correta."]
    stem = " ".join(lines)
    opts = ["O lançamento está correto.", "O lançamento está incorreto quanto ao imposto.",
            "O lançamento está incorreto quanto à multa.", "O lançamento está incorreto em tudo."]
    bank = [PT[0], (stem, opts), PT[2]]
    labels = [f"{c})" for c in UPPER]
    qs = questions(bank, marker="Questão {n}\n", labels=labels)
    qs[1] = ["Questão 2\n" + lines[0], *lines[1:], *[f"{lab} {o}" for lab, o in zip(labels, opts)]]
    pdf = booklet(tmp_path / "exam.pdf", [qs], columns=2)
    result = run(pdf, simple_key(tmp_path / "key.pdf", "bcb"), lang="pt", country="BR")
    assert_bank(result.records, bank, "bcb")


def test_a_fractions_denominator_on_its_own_line_is_no_question_number(tmp_path):
    """Banco da Amazônia 2018 (Cesgranrio): bare numbers `7`, `8` over the stems, and option
    (A) `… cuja razão é 1/8` sets the fraction on two lines, its `8` alone to the right of the
    options, where question 8's number would be expected next."""
    items = [(60, 80, "7", "hebo", 11),
             (60, 96, "Considere a sequência cujo termo geral é an = 2 elevado a 1 - 3n.", "helv", 10),
             (60, 110, "Essa sequência é uma progressão", "helv", 10),
             (60, 128, "(A) geométrica, cuja razão é 1", "helv", 10), (192, 138, "8", "helv", 10),
             (60, 150, "(B) geométrica, cuja razão é -6.", "helv", 10),
             (60, 166, "(C) geométrica, cuja razão é -3.", "helv", 10),
             (60, 182, "(D) aritmética, cuja razão é -3.", "helv", 10),
             (60, 198, "(E) aritmética, cuja razão é 1.", "helv", 10),
             (60, 224, "8", "hebo", 11),
             (60, 240, "Um valor inicial foi capitalizado a juros compostos de 6% ao mês.", "helv", 10),
             (60, 254, "Ao final de 6 meses, o montante é", "helv", 10)]
    items += [(60, 272 + 16 * k, f"({c}) {t}", "helv", 10) for k, (c, t) in
              enumerate(zip("ABCDE", ["1,06 C0", "1,42 C0", "1,06 elevado a 6 C0", "6 C0", "0,36 C0"]))]
    pdf = make_pdf(tmp_path / "exam.pdf", [items])
    records = run(pdf, lang="pt", country="BR").records
    assert [r.number for r in records] == [7, 8]
    assert [len(r.choices) for r in records] == [5, 5]
    assert records[0].choices[1] == "geométrica, cuja razão é -6."


def test_dash_markers_spaced_or_glued_either_side(tmp_path):
    """TRT 3ª Região 2007: `50 - Analise`, `51- Um`, `53 -Assinale`, `95-Analise` in one booklet."""
    bank = PT[:4]
    forms = ["{n} - {s}", "{n}- {s}", "{n} -{s}", "{n}-{s}"]
    qs = [mcq("", form.format(n=n, s=stem), opts, labels=LOWER)
          for n, (form, (stem, opts)) in enumerate(zip(forms, bank), 1)]
    pdf = booklet(tmp_path / "exam.pdf", [qs])
    result = run(pdf, simple_key(tmp_path / "key.pdf", PT_KEY[:4]), lang="pt", country="BR")
    assert_bank(result.records, bank, PT_KEY[:4])


def test_a_scratch_area_label_is_not_question_text(tmp_path):
    """Banco da Amazônia 2018: `RASCUNHO` labels an empty box beside the questions, drawn right
    after question 59's number; it went to the head of its stem."""
    (s1, o1), (s2, o2) = PT[0], PT[1]
    s1, s2 = s1[:60].strip(), s2[:60].strip()
    items = [(60, 80, "1", "hebo", 11), (60, 96, s1, "helv", 9)]
    items += [(60, 112 + 14 * k, f"({c}) {o}", "helv", 9) for k, (c, o) in enumerate(zip("ABCDE", o1))]
    y = 112 + 14 * len(o1) + 20
    items += [(60, y, "2", "hebo", 11), (400, y - 30, "RASCUNHO", "hebo", 9), (60, y + 16, s2, "helv", 9)]
    items += [(60, y + 32 + 14 * k, f"({c}) {o}", "helv", 9) for k, (c, o) in enumerate(zip("ABCDE", o2))]
    records = run(make_pdf(tmp_path / "exam.pdf", [items]), lang="pt", country="BR").records
    assert [r.number for r in records] == [1, 2]
    assert records[1].question == s2 and "RASCUNHO" not in text_of(records)


def test_a_selection_keeps_the_items_own_numbers(tmp_path):
    """DEMRE's "Selección de preguntas": items of a longer test printed with their numbers (1,
    2, 3, 5, ... 24), a paragraph numbered `30.` in a passage is still not a question."""
    numbers = [1, 2, 3, 5, 6, 10, 11, 24]
    bank = [ES[k % len(ES)] for k in range(len(numbers))]
    blocks = [mcq(f"{n}.", stem, opts, labels=[f"{c})" for c in "ABCD"]) for n, (stem, opts) in zip(numbers, bank)]
    blocks.insert(6, "30. Un párrafo numerado de un texto que leen las preguntas siguientes.")
    pdf = booklet(tmp_path / "exam.pdf", [blocks[:5], blocks[5:]])
    key = simple_key(tmp_path / "key.pdf", "abcd" * 7, nrows=10)  # the key covers all 28 items
    records = run(pdf, key).records
    assert [r.number for r in records] == numbers
    assert [len(r.choices) for r in records] == [4] * len(numbers)


def test_an_option_in_the_bottom_margin_is_not_a_footer(tmp_path):
    """ENEM 2020 day 2: math options `C 17.` sit in the bottom margin of page after page; digits
    aside they look alike, but an option is not a running footer."""
    pages = []
    for n in range(1, 5):
        lines = [(690, f"QUESTÃO {n:02d}"), (710, f"Quantos metros faltam na etapa {n}?")]
        lines += [(730 + 14 * k, "ABCDE"[k], f"{10 + 3 * k + n}.") for k in range(5)]
        pages.append(enem_page(*lines) + [(250, 828, f"MT - 2º dia | Caderno 7 - AZUL - Página {n}", "helv", 8)])
    records = run(make_pdf(tmp_path / "exam.pdf", pages), simple_key(tmp_path / "key.pdf", "abcd"), lang="pt").records
    assert [len(r.choices) for r in records] == [5, 5, 5, 5]
    assert records[2].choices == ["13.", "16.", "19.", "22.", "25."]


def test_options_inline_on_one_line_and_options_set_in_columns(tmp_path):
    """A released-items guide: options inline (`a) 12 b) 15 c) 18 d) 21`), options in column
    order (`A) … C) …` above `B) … D) …`); an option that names others (`b) y c)`) stays whole."""
    page = [(60, 80, "1. ¿Cuántos lados tiene un dodecágono?", "helv", 10),
            (60, 96, "a) 10 b) 11 c) 12 d) 14", "helv", 10),
            (60, 124, "2. ¿Cuál es la capital de Portugal?", "helv", 10),
            (60, 140, "A) Oporto", "helv", 10), (300, 140, "C) Lisboa", "helv", 10),
            (60, 156, "B) Braga", "helv", 10), (300, 156, "D) Coímbra", "helv", 10),
            (60, 184, "3. Señale la respuesta correcta:", "helv", 10),
            (60, 200, "a) Las opciones b) y c) son correctas.", "helv", 10),
            (60, 216, "b) Solo la opción c) es correcta.", "helv", 10),
            (60, 232, "c) Ninguna es correcta.", "helv", 10), (60, 248, "d) Todas son correctas.", "helv", 10)]
    records = run(make_pdf(tmp_path / "exam.pdf", [page]), simple_key(tmp_path / "key.pdf", "ccd")).records
    assert [r.choices for r in records] == [
        ["10", "11", "12", "14"], ["Oporto", "Braga", "Lisboa", "Coímbra"],
        ["Las opciones b) y c) son correctas.", "Solo la opción c) es correcta.", "Ninguna es correcta.",
         "Todas son correctas."]]
    assert [r.answer for r in records] == [2, 2, 3]


def test_numbered_instructions_before_the_test_are_not_questions(tmp_path):
    """DEMRE's first pages number their instructions and conventions 1., 2., 3... and show what
    a data-sufficiency item's options look like; the test then numbers its items from 1 again,
    one of them printed without its dot (`3 Una empresa...`)."""
    instructions = [f"{n}. {t}" for n, t in enumerate([
        "Esta prueba contiene 3 preguntas de 4 opciones de respuesta.", "Comprueba que la forma es la misma.",
        "Dispones de 2 horas para responder.", "Las respuestas se marcan en la hoja de respuestas.",
        "No se descuenta puntaje por respuestas erradas.",
        "En las preguntas de suficiencia de datos las opciones son:"], 1)]
    instructions += ["A) (1) por sí sola.", "B) (2) por sí sola.", "C) Ambas juntas.", "D) Cada una por sí sola.",
                     "E) Se requiere información adicional."]
    qs = [mcq(f"{n}.", stem, opts, labels=[f"{c})" for c in "ABCD"]) for n, (stem, opts) in enumerate(ES[:3], 1)]
    qs[2][0] = qs[2][0].replace("3. ", "3 ", 1)
    pdf = booklet(tmp_path / "exam.pdf", [instructions, qs])
    records = run(pdf, simple_key(tmp_path / "key.pdf", "abc")).records
    assert [(r.number, len(r.choices)) for r in records] == [(1, 4), (2, 4), (3, 4)]
    assert records[2].question == ES[2][0] and [r.answer for r in records] == [0, 1, 2]


def test_unpunctuated_options_set_in_columns_and_widely_spaced_wrapped_options(tmp_path):
    """ENEM 2009: options `A 1,16 metros.` / `D 5,6 metros.` side by side (A D / B E / C); and a
    page set with wider leading than the rest of the booklet, whose options wrap over lines as
    far apart as its stem's."""
    page1 = [(60, 80, "QUESTÃO 01", "hebo", 10),
             (60, 96, "A distância em metros que o paciente ainda deve caminhar é", "helv", 10)]
    for k in (0, 3, 1, 4, 2):  # drawn row by row, as the booklet does: A D, B E, C
        x, y = (60, 116 + 14 * k) if k < 3 else (200, 116 + 14 * (k - 3))
        option = ["1,16 m.", "3,0 m.", "5,4 m.", "5,6 m.", "7,04 m."][k]
        page1 += [(x, y, "ABCDE"[k], "hebo", 10), (x + 18, y, option, "helv", 10)]
    page1 += [(60, 180 + 12 * k, f"Linha {k} de um texto de leitura com o espaçamento habitual da prova.", "helv", 10)
              for k in range(30)]
    stem = ["Gênero dramático é aquele em que o artista usa como",
            "intermediária a representação. Considerando o texto e",
            "analisando os elementos de um espetáculo teatral, conclui-se que"]
    wrapped = [("A", ["a criação do espetáculo teatral apresenta-se como um", "fenômeno de ordem individual,",
                      "pois não é possível sua concepção coletiva."]),
               ("B", ["o cenário onde se desenrola a ação cênica é", "concebido e construído pelo cenógrafo",
                      "de modo autônomo."]),
               ("C", ["o texto cênico pode originar-se dos mais variados", "gêneros textuais, como contos, lendas,",
                      "romances e notícias."]),
               ("D", ["o corpo do ator na cena tem pouca importância na", "comunicação teatral, visto que o mais",
                      "importante é a expressão verbal."])]
    page2 = [(60, 80, "QUESTÃO 02", "hebo", 10)] + [(60, 98 + 24 * k, t, "helv", 10) for k, t in enumerate(stem)]
    y = 180
    for letter, lines in wrapped:
        page2.append((60, y, letter, "hebo", 10))
        for t in lines:
            page2.append((78, y, t, "helv", 10))
            y += 24
    pdf = make_pdf(tmp_path / "exam.pdf", [page1, page2])
    records = run(pdf, simple_key(tmp_path / "key.pdf", "bc"), lang="pt").records
    assert records[0].choices == ["1,16 m.", "3,0 m.", "5,4 m.", "5,6 m.", "7,04 m."] and records[0].answer == 1
    assert records[1].choices == [" ".join(lines) for _, lines in wrapped] and records[1].answer == 2


def test_a_misread_question_number_is_mended_by_its_neighbours(tmp_path):
    """OCR reads `QUESTÃO 41` as `QUESTÃO 4`: with 40 before it and 42 after, it is 41 (and not
    question 4 printed again as another version, which starts from the first item)."""
    tags = [a + b for a in "bcdfg" for b in "aeiou"] * 2  # (not digits: running text ignores them)
    bank = [(f"{PT[k % len(PT)][0]} ({tags[k]})", [f"{o} ({tags[k]})" for o in PT[k % len(PT)][1]]) for k in range(44)]
    qs = questions(bank, marker="QUESTÃO {n:02d}\n", labels=UPPER, hang=18)
    qs[40][0] = qs[40][0].replace("QUESTÃO 41", "QUESTÃO 4", 1)
    pdf = booklet(tmp_path / "exam.pdf", [qs[k:k + 4] for k in range(0, 44, 4)])
    records = run(pdf, simple_key(tmp_path / "key.pdf", "abcde" * 9, nrows=15), lang="pt", country="BR").records
    assert [r.number for r in records] == list(range(1, 45))
    assert records[40].question == bank[40][0] and records[40].choices == bank[40][1]


def test_heading_search_reads_each_line_once_however_often_the_booklet_repeats(monkeypatch):
    """A booklet printed over and over (numbering starting again without a heading) leaves
    thousands of lines pending, and every marker among them asks for their headings: each line
    is read for headings a bounded number of times, so the work grows with the lines."""
    from extract.pages.layout import layout_from_words, page_words
    from extract.questions import segment as seg

    sample = Path(__file__).parent.parent / "fixtures" / "samples" / "es_tc_2003" / "exam.pdf"
    with pymupdf.open(sample) as doc:
        lines = [ln for i, p in enumerate(doc) if i < 12
                 for ln in layout_from_words(i, p.rect.width, p.rect.height, *page_words(p)).lines]
    reads = []
    real = seg._is_heading
    monkeypatch.setattr(seg, "_is_heading", lambda ln: reads.append(1) or real(ln))

    def heading_reads(copies: int) -> tuple[int, set[int]]:
        reads.clear()
        questions, _ = seg.segment(lines * copies)
        return len(reads), {q.number for q in questions}

    (one, numbers), (eight, again) = heading_reads(1), heading_reads(8)
    assert len(numbers) > 90 and again == numbers
    assert eight <= 8 * one + len(lines) * 8


def test_a_last_options_lone_label_at_the_pages_foot_is_not_a_footer():
    """ENEM 2009 Q108: option E's label sits near the foot of the page, alone on its line (its
    text, a tab to the right, made a line of its own), at the same spot as on other pages:
    it repeats like a footer, but is a label with its text beside it. A footer stays a footer."""
    from extract.pages.geometry import Word
    from extract.pages.layout import Line, PageLayout
    from extract.questions.running import remove_running_text

    def page(n):
        own = ["o texto I dá", "a lei não diz", "um mapa mostra"][n].split()  # each page's own option
        text = [Word(39.3 + 40 * k, 676.2, 75 + 40 * k, 687.2, w) for k, w in enumerate(own)]
        lines = [Line(n, 1, [Word(21.3, 675.7, 29.4, 685.2, "E")], row=63), Line(n, 1, text, row=64),
                 Line(n, 0, [Word(200, 745, 260, 754, "ENEM"), Word(264, 745, 290, 754, "2009")], row=70),
                 Line(n, 0, [Word(520, 745, 529, 754, "A")], row=70)]
        return PageLayout(n, 566, 765, lines, [w for ln in lines for w in ln.words])

    pages = [page(n) for n in range(3)]
    removed = remove_running_text(pages)
    assert [[ln.text for ln in p.lines] for p in pages] == [["E", t] for t in ["o texto I dá", "a lei não diz",
                                                                             "um mapa mostra"]]
    assert removed.count("A") == 3 and removed.count("ENEM 2009") == 3


def test_a_last_picture_options_lone_label_at_the_pages_foot_is_not_a_footer():
    """ENEM 2012 Q73: options that are circuit drawings; the label `E` stands alone near the
    page's foot, under `D`, on several pages. It is a label, not a footer."""
    from extract.pages.geometry import Word
    from extract.pages.layout import Line, PageLayout
    from extract.questions.running import remove_running_text

    def page(n):
        lines = [Line(n, 2, [Word(297, 604, 305, 614, "D")], row=48),
                 Line(n, 2, [Word(297, 691, 305, 701, "E")], row=49),
                 Line(n, 2, [Word(420, 691, 428, 701, "E")], row=49)]  # a lone letter with no label above it
        return PageLayout(n, 566, 765, lines, [w for ln in lines for w in ln.words])

    pages = [page(n) for n in range(3)]
    remove_running_text(pages)
    assert [[(ln.text, ln.x0) for ln in p.lines] for p in pages] == [[("D", 297), ("E", 297)]] * 3


def test_options_in_two_columns_read_column_by_column():
    """PDT M1 2021 Q21: the options stand in two columns, `A C E` on the left and `B D` on the
    right, and the page's gutter reads the left column first. `C` and `E` wait for `B` and `D`,
    which stand level with `A` and `C`."""
    from extract.pages.geometry import Word
    from extract.pages.layout import Line
    from extract.questions.segment import segment

    def line(col, row, x, y, text):
        words = [Word(x + 30 * k, y, x + 30 * k + 25, y + 12, t) for k, t in enumerate(text.split())]
        return Line(0, col, words, row=row)

    lines = [line(0, 0, 64, 70, "21. ¿Cuál de los siguientes sistemas representa dicha situación?"),
             line(1, 2, 100, 166, "A) p − h = 30"), line(1, 4, 100, 242, "C) p − h = 31"),
             line(1, 6, 100, 324, "E) p − h = 32"), line(2, 2, 334, 163, "B) p = h − 30"),
             line(2, 4, 334, 240, "D) p = h − 31"),
             line(0, 8, 64, 400, "22. ¿Cuánto es 2 + 2?"), *[line(0, 9 + k, 100, 420 + 20 * k, f"{c}) {k}")
                                                              for k, c in enumerate("ABCDE")]]
    raw, _ = segment(lines)
    assert [q.number for q in raw] == [21, 22]
    assert [" ".join(o) for o in raw[0].options] == ["p − h = 30", "p = h − 30", "p − h = 31", "p = h − 31",
                                                     "p − h = 32"]


def test_a_widely_spaced_stem_line_reads_across_the_gutter_its_options_make(tmp_path):
    """PAES M2 2023 Q25, PDT M1 2021 Q56: options in two columns (A) C) left, B) D) right) under
    a one-column stem make a gutter; a stem line set with wide, even spaces (justified around a
    formula) has one of them on it. The line reads across, not half before the options and half
    after them. (A right column's own lines start alike, and stay a column: ENEM's pages.)"""
    words = "se sabe que su largo mide dos centímetros más que su ancho y cuál de las siguientes".split()
    x, line, wide = 64.0, [], False
    for w in words:  # spaces of 9 pt, one of 11 pt between the option columns
        line.append((x, 96, w, "helv", 10))
        x += text_width(w) + (11 if 200 < x < 260 and not wide else 9)
        wide = wide or 200 < x < 275
    items = [(64, 80, "25. Un rectángulo:", "helv", 10), *line, (64, 112, "en función de M?", "helv", 10)]
    for k, (left, right) in enumerate([("A)", "B)"), ("C)", "D)")]):
        items += [(70, 150 + 30 * k, f"{left} 8 + 4M más cuatro", "helv", 10),
                  (300, 150 + 30 * k, f"{right} 2M + {k} menos dos", "helv", 10)]
    items.append((64, 300, "26. ¿Cuál es el valor de la expresión siguiente para x igual a dos cuando y vale tres?",
                  "helv", 10))
    items += [(70, 316 + 16 * k, f"{c}) {k + 5}", "helv", 10) for k, c in enumerate("ABCD")]
    records = run(make_pdf(tmp_path / "exam.pdf", [items]), lang="es").records
    assert [r.number for r in records] == [25, 26]
    assert records[0].question.endswith(" ".join(words) + " en función de M?")
    assert records[0].choices == ["8 + 4M más cuatro", "2M + 0 menos dos", "8 + 4M más cuatro", "2M + 1 menos dos"]
    assert records[1].choices == ["5", "6", "7", "8"]


def test_a_table_of_small_numbers_does_not_take_the_booklets_numbering(tmp_path):
    """Options as a table of coefficients (`A) 2 1 2 1`...): its cells are numbers alone, three or
    more to a row, and their runs (1, 2, 3, 4 across and down) are longer than the booklet's own
    few questions `45.`-`47.`; the booklet keeps its numbering, the table stays in its question."""
    qs = [mcq(f"{45 + k}.", ES[k][0], ES[k][1], labels=UPPER) for k in range(3)]
    rows = [["1", "2", "3", "4"], ["2", "3", "4", "1"], ["3", "4", "1", "2"], ["4", "1", "2", "3"]]
    coefficients = table(rows, 120, 520, [0, 60, 120, 180])
    pdf = booklet(tmp_path / "exam.pdf", [qs], extra={0: coefficients})
    records = run(pdf, lang="es").records
    assert [r.number for r in records] == [45, 46, 47]
    assert [r.choices for r in records] == [ES[k][1] for k in range(3)]


def test_a_stem_line_opened_by_a_read_as_a_label_goes_back_to_the_stem(tmp_path):
    """`A) partir de lo anterior, ¿cuál…?` (a stem line `A partir`, its label a misreading), then
    the options `A)`-`D)`: a second `A)` before any `B)` starts the list; the first is stem."""
    stem = "Los restaurantes sirven las bebidas frías para mantener el gas disuelto."
    lead = "A) partir de lo anterior, ¿cuál de las siguientes preguntas permite relacionar las variables?"
    labels = [f"{c})" for c in "ABCD"]
    qs = [mcq("1.", ES[0][0], ES[0][1], labels), [f"2. {stem}", lead] + mcq("", "", ES[1][1], labels)[1:],
          mcq("3.", ES[2][0], ES[2][1], labels)]
    records = run(booklet(tmp_path / "exam.pdf", [qs]), lang="es").records
    assert [r.number for r in records] == [1, 2, 3]
    assert records[1].choices == ES[1][1]
    assert records[1].question == f"{stem} {lead}"
