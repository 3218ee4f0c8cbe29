"""Answer keys as real exams print them: one class of layout per test, on a real key
(fixtures/real/) or a generated page, read through the text layer as include-extract reads it."""
from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest
from pdfgen import make_pdf, text_width

from extract.pages.layout import layout_from_words, page_words
from extract.questions import answer_keys
from extract.questions.answer_keys import booklet_words, choose_column

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "real"
SAMPLES = REAL.parent / "samples"


def read(pdf) -> dict[int, dict]:
    """{number: {column: answer}} of a key PDF."""
    with pymupdf.open(pdf) as doc:
        layouts = [layout_from_words(i, p.rect.width, p.rect.height, *page_words(p)) for i, p in enumerate(doc)]
    return {e.number: e.answers for e in answer_keys.read_key(layouts).entries if not e.reserve}


def answer(columns: dict, booklet: str = "", variant: str | None = None):
    entry = answer_keys.KeyEntry(0, columns)
    found, token = choose_column(entry, variant, [booklet_words(booklet)])
    assert found, (columns, booklet, variant)
    return token


def test_one_table_for_four_booklets_gives_each_booklet_its_block():
    """ENEM 2009: a block per booklet colour, each in its own order; the booklet's running
    footer names its colour."""
    key = read(REAL / "enem_2009_d2_azul_key.pdf")
    assert sorted(key) == list(range(91, 181))
    assert answer(key[92], "ENEM 2009 - 2º dia | Caderno 7 - AZUL - Página 5") == "a"
    assert answer(key[92], "Caderno 8 - ROSA") == "d"
    assert answer(key[91], "CADERNO 5 AMARELO") == "d"
    assert answer(key[101], "Caderno 7 - AZUL") is None  # "Anulado" in the Azul block only
    assert answer(key[101], "Caderno 6 - CINZA") == "e"


def test_a_heading_of_another_block_on_a_grid_row_does_not_hide_the_row():
    """ENEM 2012: `INGLÊS ESPANHOL` (the LC block's heading) and `136 D` (the MT block's first
    row) share one line."""
    key = read(REAL / "enem_2012_d2_azul_key.pdf")
    assert sorted(key) == list(range(91, 181))
    assert key[136] == {None: "d"}
    assert answer(key[93], variant="ingles") == "d" and answer(key[93], variant="espanhol") == "a"


def test_a_skewed_key_page_keeps_its_rows():
    """ENEM 2016: each row drifts down across the table; a row split in two would leave its
    right half's numbers without their letters (read as annulled)."""
    key = read(REAL / "enem_2016_d2_azul_key.pdf")
    assert sorted(key) == list(range(91, 181))
    assert not [n for n, cols in key.items() if all(v is None for v in cols.values())]
    assert key[144] == {None: "d"} and key[179] == {None: "b"} and key[140] == {None: "c"}


def test_a_blank_cell_is_annulled_by_its_footnote():
    """ENEM 2020: 135 and 157 print no letter; `* Questão 135 Anulada` under the table says why."""
    key = read(REAL / "enem_2020_d2_azul_key.pdf")
    assert sorted(key) == list(range(91, 181))
    assert key[135] == {None: None} and key[157] == {None: None}
    assert key[134] == {None: "d"} and key[158] != {None: None}


def test_module_column_page_numbers_pilots_and_eliminated_items(tmp_path):
    """A DEMRE-style clavijero: a cover whose page number `– 2 –` must not annul item 2, then a
    grid `Nº Módulo Clave` (the module column passed over), a pilot `7*` keyed as usual and an
    eliminated `22**` with no letter."""
    cover = [(60, 80, "CLAVES Y TABLA DE TRANSFORMACIÓN", "hebo", 14), (280, 800, "–  2  –", "helv", 10)]
    grid = [(60, 60, "CLAVES", "hebo", 12)]
    letters = "BDECADBCCAEDBACDEBACBADCEB"
    for k, letter in enumerate(letters):
        n, col, row = k + 1, k // 13, k % 13
        x, y = 60 + col * 180, 100 + row * 20
        mark = "*" if n == 7 else "**" if n == 22 else ""
        grid += [(x, y, f"{n}{mark}", "helv", 10), (x + 40, y, "MC" if n <= 20 else "ME", "helv", 10)]
        if n != 22:
            grid.append((x + 90, y, letter, "helv", 10))
    pdf = make_pdf(tmp_path / "clavijero.pdf", [cover, grid])
    key = read(pdf)
    assert sorted(key) == list(range(1, 27))
    assert key[2] == {None: "d"}  # the grid's, not the cover's page number
    assert key[7] == {None: "b"} and key[1] == {None: "b"} and key[26] == {None: "b"}
    assert key[22] == {None: None}
    with pymupdf.open(pdf) as doc:
        page = doc[1]
        entries = answer_keys.parse_page(layout_from_words(1, page.rect.width, page.rect.height,
                                                           *page_words(page))).entries
    assert [e.number for e in entries if e.pilot] == [7]


@pytest.mark.parametrize("booklet,want", [("Caderno 7 - AZUL", "a"), ("PROVA AMARELA caderno 5 amarelo", "d")])
def test_a_column_is_named_by_its_own_words_not_those_all_columns_share(booklet, want):
    """`Gab_Azul`, `Gab_Amarelo`: `gab` names every column, the colour names one."""
    assert answer({"Gab_Amarelo": "d", "Gab_Azul": "a", "Gab_Rosa": "c"}, booklet) == want


def test_a_key_for_several_booklets_gives_this_booklet_its_block(tmp_path):
    """SERGAS: one sheet keys three booklets, `C1`-`C12` (this one: ten questions and, as C11 and
    C12, its two "Preguntas de reserva" numbered 1. and 2. again), `E1`-`E20` and `G1`-`G12`;
    the booklet says where it is answered (`entre los números C1 y C12`); `NULA` annuls an item,
    a quoted letter is an answer the tribunal changed."""
    from pdfgen import booklet, mcq

    from extract.pipeline import extract_exam
    from schema import ExamMeta

    stems = [(f"Pregunta número {n} sobre la normativa sanitaria de Galicia, apartado {'abcdefghijkl'[n - 1]}:",
              [f"Opción {c} de la pregunta {'abcdefghijkl'[n - 1]}" for c in "ABCD"]) for n in range(1, 13)]
    labels = [f"{c})" for c in "ABCD"]
    first = ["INSTRUCCIONES: 10 preguntas con 2 de reserva, que se contestan a continuación del recuadro "
             "Común entre los números C1 y C12 de la hoja de respuestas."]
    qs = [mcq(f"{n}.", s, o, labels=labels) for n, (s, o) in enumerate(stems[:10], 1)]
    reserve = ["Preguntas de reserva"] + [mcq(f"{n}.", s, o, labels=labels) for n, (s, o) in enumerate(stems[10:], 1)]
    pdf = booklet(tmp_path / "exam.pdf", [first + qs[:5], qs[5:] + reserve])
    cells = {"C": ["D", "D", "C", "A", "C", "NULA", "D", "\"A\"", "C", "B", "C", "C"],
             "E": list("ABCDABCDABCDABCDABCD"), "G": list("BBBBBBBBBBBB")}
    items = [(60, 60, "RESPOSTAS DEFINITIVAS", "hebo", 12)]
    for col, (block, answers) in enumerate(cells.items()):
        for k, a in enumerate(answers):
            items += [(60 + 160 * col, 90 + 16 * k, f"{block}{k + 1}", "helv", 10),
                      (100 + 160 * col, 90 + 16 * k, a, "helv", 10)]
    key = make_pdf(tmp_path / "key.pdf", [items])
    result = extract_exam(pdf, key, ExamMeta(language="es"))
    got = [(r.number, "reserve" in r.flags, r.answer) for r in result.records]
    assert got == [(1, False, 3), (2, False, 3), (3, False, 2), (4, False, 0), (5, False, 2), (6, False, None),
                   (7, False, 3), (8, False, 0), (9, False, 2), (10, False, 1), (1, True, 2), (2, True, 2)]
    assert result.key_matched == (12, 12)


def test_a_prefix_misread_on_one_item_is_not_a_block():
    """A scanned key's heading `Nº` read `N9`: one prefixed item in a key of plain numbers makes
    no block (it once took the booklet's whole key, leaving it one item); real blocks stay."""
    from extract.questions.answer_keys import AnswerKey, KeyEntry, for_booklet

    plain = [KeyEntry(n, {None: "abcd"[n % 4]}) for n in range(1, 21)]
    key = for_booklet(AnswerKey([KeyEntry(9, {None: "b"}, block="N"), *plain]), "", [])
    assert [e.number for e in key.entries] == list(range(1, 21))
    blocks = [KeyEntry(n, {None: "a"}, block=b) for b in "CE" for n in range(1, 6)]
    key = for_booklet(AnswerKey(blocks + plain), "entre los números C1 y C5", [])
    assert [(e.number, e.block) for e in key.entries] == [(n, None) for n in range(1, 6)]


@pytest.mark.parametrize("solution,statement", [
    ("Resolución: el enunciado descarta las demás alternativas.", "Respuesta: {L}"),
    ("Resolução", "Resposta correta: ({L})"),
    ("Solución:", "Rpta.: {L}"),
])
def test_answers_stated_after_worked_solutions_make_the_key(tmp_path, solution, statement):
    """A solucionario: each question's options, then its worked solution and the answer it
    states. The statements key the questions; the solutions are neither options nor the next
    question's context (a passage before a question still is)."""
    from extract.pipeline import extract_exam
    from schema import ExamMeta

    bank = [("¿Cuál es el río más largo de la península ibérica?", ["El Ebro", "El Tajo", "El Duero", "El Miño"]),
            ("¿En qué año se aprobó la Constitución Española vigente?", ["1975", "1977", "1978", "1982"]),
            ("¿Qué órgano ejerce la potestad legislativa?", ["El Gobierno", "Las Cortes", "El Rey", "El TS"]),
            ("¿Cuál es la capital de Galicia?", ["A Coruña", "Vigo", "Lugo", "Santiago de Compostela"])]
    right = [2, 2, 1, 3]
    passage = ["Lee el texto: Rosalía de Castro publicó Cantares gallegos en 1863, la obra que abre",
               "el Rexurdimento de las letras gallegas después de siglos de escasa literatura escrita."]
    items, y = [], 80
    for n, ((stem, opts), r) in enumerate(zip(bank, right), 1):
        if n == 4:
            for text in passage:
                items.append((60, y, text, "helv", 10))
                y += 13
            y += 12
        items.append((60, y, f"{n}. {stem}", "helv", 10))
        for k, o in enumerate(opts):
            y += 16
            items.append((72, y, f"{'ABCD'[k]}) {o}", "helv", 10))
        y += 22
        items += [(60, y, solution, "hebo", 10),
                  (60, y + 14, "Las otras opciones no se ajustan a lo pedido.", "helv", 10),
                  (60, y + 28, statement.format(L="ABCD"[r]), "hebo", 10)]
        y += 58
    result = extract_exam(make_pdf(tmp_path / "solucionario.pdf", [items]), None, ExamMeta(language="es"))
    assert [r.answer for r in result.records] == right
    assert [r.choices for r in result.records] == [opts for _, opts in bank]
    assert [r.context for r in result.records[:3]] == [None] * 3
    assert result.records[3].context.startswith("Lee el texto: Rosalía")
    assert "(answers stated after each question)" in result.summary()


def test_answers_marked_on_the_options_make_the_key(tmp_path):
    """An edition "with solutions": no key table; each question's right option has its label in
    bold, or boxed, or a highlight behind it (a fill, or a highlight annotation). Labels that are
    all bold mark nothing."""
    from extract.pipeline import extract_exam
    from schema import ExamMeta

    bank = [("¿Cuál es el río más largo de la península ibérica?", ["El Ebro", "El Tajo", "El Duero", "El Miño"]),
            ("¿En qué año se aprobó la Constitución Española vigente?", ["1975", "1977", "1978", "1982"]),
            ("¿Qué órgano ejerce la potestad legislativa?", ["El Gobierno", "Las Cortes", "El Rey", "El TS"]),
            ("¿Cuál es la capital de Galicia?", ["A Coruña", "Vigo", "Lugo", "Santiago de Compostela"]),
            ("¿Quién escribió Cantares gallegos?", ["Rosalía de Castro", "Castelao", "Pondal", "Curros"])]
    right = [1, 2, 1, 3, 0]
    items, y = [], 80
    for n, ((stem, opts), r) in enumerate(zip(bank, right), 1):
        items.append((60, y, f"{n}. {stem}", "helv", 10))
        for k, o in enumerate(opts):
            y += 16
            items += [(72, y, f"{'abcd'[k]})", "hebo" if k == r and n == 1 else "helv", 10), (90, y, o, "helv", 10)]
        y += 26
    pdf = make_pdf(tmp_path / "plain.pdf", [items])
    with pymupdf.open(pdf) as doc:
        page = doc[0]
        rows = {round(w[1]): w for w in page.get_text("words") if w[4] in ("a)", "b)", "c)", "d)")}
        labels = [rows[k] for k in sorted(rows)]  # 20 labels, question by question
        q2, q3, q4 = (labels[4 * 1 + right[1]], labels[4 * 2 + right[2]], labels[4 * 3 + right[3]])
        page.draw_rect(pymupdf.Rect(q2[0] - 2, q2[1] - 1, q2[2] + 2, q2[3] + 1), color=(0, 0, 0))
        page.draw_rect(pymupdf.Rect(q3[0] - 2, q3[1], 300, q3[3]), fill=(1, 1, 0.4), color=None, overlay=False)
        page.add_highlight_annot(pymupdf.Rect(q4[0], q4[1], 300, q4[3]))
        q5 = labels[4 * 4 + right[4]]
        page.draw_rect(pymupdf.Rect(q5[0] - 2, q5[1] - 1, q5[2] + 2, q5[3] + 1), color=(0, 0, 0))
        doc.save(tmp_path / "solutions.pdf")
    result = extract_exam(tmp_path / "solutions.pdf", None, ExamMeta(language="es"))
    assert [r.answer for r in result.records] == right
    assert result.key_source == "answers marked in the booklet"
    assert "(answers marked in the booklet)" in result.summary()
    # every label in bold: nothing is marked apart
    bold = make_pdf(tmp_path / "bold.pdf", [[(x, y, t, "hebo" if t.endswith(")") else f, s)
                                             for x, y, t, f, s in items]])
    result = extract_exam(bold, None, ExamMeta(language="es"))
    assert [r.answer for r in result.records] == [None] * 5 and result.key_source is None


def test_a_cell_reversed_out_of_a_fill_is_annulled_as_its_legend_says():
    """es_tc_2003's key grid prints item 22 white on black, struck through, above a legend in
    the same style: "(Respuestas anuladas por la Comisión de Selección)"."""
    from extract.pipeline import extract_exam
    from schema import ExamMeta

    records = extract_exam(SAMPLES / "es_tc_2003" / "exam.pdf", None, ExamMeta(language="es")).records
    by = {r.number: r for r in records}
    assert by[22].answer is None and "annulled" in by[22].flags
    assert by[21].answer == 0 and by[23].answer == 2
    # ENEM 2020's key: dark decorations everywhere and a note "Questão 135 Anulada", its letters
    # dark on white: nothing is reversed
    from extract.pages import marks

    with pymupdf.open(REAL / "enem_2020_d2_azul_key.pdf") as doc:
        page = doc[0]
        layout = layout_from_words(0, page.rect.width, page.rect.height, *page_words(page))
        key = answer_keys.read_key([layout], lambda n: marks.read(page))
    assert sum(1 for e in key.entries if e.answers == {None: None}) == 2  # 135 and 157


def test_the_key_read_a_second_way_flags_what_the_readings_disagree_on():
    """pdfplumber's table finder reads a ruled key cell by cell; an item the two readings answer
    differently is uncertain (here one answer of the geometric reading is changed on purpose).
    An item annulled for its print is not compared: es_tc_2003's item 22, a struck-through `c`
    reversed out of black under a legend "Respuestas anuladas", reads as `c` in its table."""
    from extract.pipeline import extract_exam
    from extract.questions import key_tables
    from schema import ExamMeta

    pdf = REAL / "enem_2020_d2_azul_key.pdf"
    with pymupdf.open(pdf) as doc:
        layouts = [layout_from_words(i, p.rect.width, p.rect.height, *page_words(p)) for i, p in enumerate(doc)]
    key = answer_keys.read_key(layouts)
    assert key_tables.disagreements(key, pdf, key.pages) == set()
    next(e for e in key.entries if e.number == 140).answers = {None: "a"}  # the table says C
    assert key_tables.disagreements(key, pdf, key.pages) == {(140, False)}
    result = extract_exam(SAMPLES / "es_tc_2003" / "exam.pdf", None, ExamMeta(language="es"))
    assert not any("key_uncertain" in r.flags for r in result.records)
    assert not any("disagrees" in w for w in result.warnings)
    assert "annulled" in next(r for r in result.records if r.number == 22).flags
    # it is the print that keeps it out: the same entry, taken as annulled for what it says,
    # disagrees with its table's `c`
    from extract.pages import marks

    pdf = SAMPLES / "es_tc_2003" / "exam.pdf"
    with pymupdf.open(pdf) as doc:
        layouts = [layout_from_words(i, p.rect.width, p.rect.height, *page_words(p)) for i, p in enumerate(doc)]
        key = answer_keys.read_key([p for p in layouts if answer_keys.looks_like_key(p)],
                                   lambda n: marks.read(doc[n]))
    entry = next(e for e in key.entries if e.number == 22)
    assert entry.styled and entry.answers == {None: None}
    assert key_tables.disagreements(key, pdf, key.pages) == set()
    entry.styled = False
    assert key_tables.disagreements(key, pdf, key.pages) == {(22, False)}


def test_a_grid_printed_sideways_one_table_per_booklet_type():
    """OAB XX (FGV): rows of 20 item numbers, each over the row of its answers, in one table per
    booklet type under its heading (`… TIPO 1 – BRANCO`), two types a page; the booklet calls
    itself `TIPO 01 – BRANCA`."""
    key = read(REAL / "oab_xx_2016_key_p1-2.pdf")
    assert sorted(key) == list(range(1, 81))
    booklet = "XX EXAME DE ORDEM UNIFICADO TIPO 01 – BRANCA"
    assert [answer(key[n], booklet) for n in (1, 2, 20, 21, 41, 80)] == ["b", "d", "b", "a", "c", "b"]
    assert [answer(key[n], "Caderno de prova Tipo 2 - VERDE") for n in (2, 3, 80)] == ["a", "d", "d"]
    assert [answer(key[n], "TIPO 3 – AMARELA") for n in (1, 2, 3)] == ["d", "a", "c"]
    assert [answer(key[n], "TIPO 4 – AZUL") for n in (1, 2, 5)] == ["d", "b", "a"]


def test_a_table_of_correspondences_answers_each_booklet_type():
    """OAB XII (FGV): `1 6 4 1 D` under `TIPO 1 TIPO 2 TIPO 3 TIPO 4 Gabarito`: the one answer of
    item 1 of type 1, 6 of type 2, 4 of type 3 and 1 of type 4; read as pairs, every item but
    type 4's would have no answer and type 4's would answer for type 1."""
    key = read(REAL / "oab_xii_2013_key.pdf")
    assert sorted(key) == list(range(1, 81))
    booklet = "CADERNO DE PROVA TIPO 1 - BRANCA"
    assert [answer(key[n], booklet) for n in (1, 2, 41, 42)] == ["d", "d", "c", "c"]
    assert answer(key[6], "TIPO 2") == "d" and answer(key[1], "TIPO 4") == "d"


def test_a_key_set_as_a_list_with_dashes():
    """OAB 2010.2 (FGV): `001 – C; 002 – A; …` in running lines: the dash joins number and
    answer (a dash alone in a cell annuls)."""
    key = read(REAL / "oab_2010_2_key.pdf")
    assert sorted(key) == list(range(1, 101))
    assert key[1] == {None: "c"} and key[2] == {None: "a"} and key[100] == {None: "c"}


def test_columns_named_by_the_first_heading_that_tells_them_apart(tmp_path):
    """Banco da Amazônia 2018 (Cesgranrio): one column per booklet, `GABARITO 1`…`GABARITO 5`
    at the top, then the same section titles over every column (`CONHECIMENTOS`, `PORTUGUESA`,
    `MATEMÁTICA`): those name no column. Cells read `1 – B` (a hyphen here: the base-14 font
    has no en dash); an annulled one, `8 – Anulada`, is wider and centred, its number left of
    its column's."""
    answers = ["BAEDC", "DBCAE", "ECABD", "ACDEB", "CEBDA"]  # per booklet, items 1-5
    more = ["CABED", "BECAD", "DACEB", "EDBAC", "ABDCE"]  # items 6-10
    items = []

    def over(x, y, text):  # a heading whose first word is centred over the cells' numbers
        items.append((x + 3 - text_width(text.split()[0], "hebo", 9) / 2, y, text, "hebo", 9))

    for k in range(5):
        x = 60 + 100 * k
        over(x, 90, f"GABARITO {k + 1}")
        over(x, 104, "CONHECIMENTOS BÁSICOS")
        over(x, 118, "PORTUGUESA I")
        for n in range(5):
            items.append((x, 134 + 14 * n, f"{n + 1} - {answers[k][n]}", "helv", 9))
        over(x, 210, "MATEMÁTICA I")
        for n in range(5):
            cell = "8 - Anulada" if (k, n) == (0, 2) else f"{n + 6} - {more[k][n]}"
            items.append((x - 10 if "Anulada" in cell else x, 226 + 14 * n, cell, "helv", 9))
    key = read(make_pdf(tmp_path / "key.pdf", [items]))
    assert sorted(key) == list(range(1, 11))
    assert set(key[1]) == {f"GABARITO {k}" for k in range(1, 6)}
    assert [answer(key[n], "BANCO DA AMAZÔNIA GABARITO 1") for n in (1, 2, 6, 7)] == ["b", "a", "c", "a"]
    assert [answer(key[n], "GABARITO 4") for n in (1, 5, 10)] == ["a", "b", "c"]
    assert key[8]["GABARITO 1"] is None and answer(key[8], "GABARITO 2") == "c"


def test_tables_stacked_one_per_booklet_type_named_by_the_line_over_each(tmp_path):
    """PCMG 2013 (Perito Criminal): `Prova Tipo A`, its table of `01 C 13 A …` rows, then
    `Prova Tipo B` and its table, under a sentence. The words right over a column's numbers
    (`realizada`, `de`) name nothing; the line over each table does, its letter included."""
    a, b = "CACAD" * 3, "ADBAC" * 3
    items = [(60, 90, "O Diretor torna públicos os gabaritos oficiais da Prova de Conhecimentos,", "helv", 9),
             (60, 102, "realizada em 30 de junho de 2013.", "helv", 9)]
    for title, letters, y in (("Prova Tipo A", a, 118), ("Prova Tipo B", b, 208)):
        items.append((60, y, title, "hebo", 9))
        for n in range(15):
            row, col = n % 5, n // 5
            items.append((62 + 60 * col, y + 14 + 14 * row, f"{n + 1:02d} {letters[n]}", "helv", 9))
    key = read(make_pdf(tmp_path / "key.pdf", [items]))
    assert sorted(key) == list(range(1, 16))
    assert set(key[1]) == {"Prova Tipo A", "Prova Tipo B"}
    assert [answer(key[n], "Leia a prova: esta é a Prova Tipo B") for n in (1, 2, 6)] == ["a", "d", "a"]
    assert [answer(key[n], "PROVA TIPO A") for n in (1, 2, 6)] == ["c", "a", "c"]


def test_a_misread_number_in_a_row_of_module_columns_leaves_the_row_keyed():
    """A scanned clavijero row `12 MC B ·32 MC B 52 MC C 72 ME B`: the speck glued to `32` makes
    it no number, and the row's other three items still count their module cells as key cells
    (as pairs alone, 6 words of 12, the row read as a title and lost all four)."""
    from extract.pages.geometry import Word

    words = []
    for row in range(13):
        y = 100 + 20 * row
        for col in range(4):
            n, x = row + 1 + 20 * col, 60 + 140 * col
            text = f"·{n}" if (row, col) == (11, 1) else str(n)
            words += [Word(x, y, x + 12, y + 8, text), Word(x + 40, y, x + 56, y + 8, "MC" if n <= 54 else "ME"),
                      Word(x + 90, y, x + 96, y + 8, "BDCAE"[n % 5])]
    key = {e.number: e.answers for e in answer_keys.parse_page(layout_from_words(0, 612, 792, words, [])).entries}
    assert sorted(key) == sorted(set(range(1, 74)) - {32} - set(range(14, 21)) - set(range(34, 41))
                                 - set(range(54, 61)))
    assert key[12] == {None: "c"} and key[52] == {None: "c"} and key[72] == {None: "c"}


def _sections_key(path):
    """A SERGAS key page of three sections each numbered from 1, as `Pregunta N | letter` cells:
    `EXAME COMÚN` 1-5 and `EXAME GALEGO` 1-5 stacked, each with its `Pregunta de reserva`,
    beside `EXAME ESPECÍFICO` 1-30 run on into a third column (under no title of its own, its
    first row level with the titles) with two `Preguntas de reserva`; `NULA` annuls an item."""
    items = [(200, 100, "RESPOSTAS DEFINITIVAS", "hebo", 11), (180, 140, "CATEGORIA: OPE 2023 GAFA - DI", "hebo", 11)]

    def table(x, y, title, letters, reserve="", start=1):
        if title:
            items.append((x + 20, y, title, "hebo", 10))
            y += 26
        for k, a in enumerate(letters):
            items.extend([(x, y, f"Pregunta {start + k}", "hebo", 9), (x + 100, y, a, "hebo", 9)])
            y += 26
        if reserve:
            items.append((x + 10, y, "Pregunta de reserva" if len(reserve) == 1 else "Preguntas de reserva", "hebo", 9))
            y += 26
            for k, a in enumerate(reserve):
                items.extend([(x, y, f"Pregunta {k + 1}", "hebo", 9), (x + 100, y, a, "hebo", 9)])
                y += 26
        return y

    specific = list("AABBDCDABBA") + ["NULA"] + list("BABBDBDCBDBADCCACC")
    y = table(60, 190, "EXAME COMÚN", "DBBCD", "A")
    table(60, y + 30, "EXAME GALEGO", "CCCCB", "B")
    table(215, 190, "EXAME ESPECÍFICO", specific[:16])
    table(370, 190, None, specific[16:], "AB", start=17)
    return make_pdf(path, [items])


@pytest.mark.parametrize("part, want", [
    ("Primer examen: parte común", [3, 1, 1, 2, 3, 0]),
    ("Segundo exame: parte de galego", [2, 2, 2, 2, 1, 1]),
])
def test_a_key_in_sections_numbered_from_one_gives_the_booklet_its_section(tmp_path, part, want):
    """Each section of the key is found by its title (a title shares its row with another
    table's cells; a `NULA` cell is no note that annuls), its reserve items by their heading;
    the booklet's own words pick its section (`común`, `galego`), whose numbers fit."""
    from pdfgen import booklet, mcq

    from extract.pipeline import extract_exam
    from schema import ExamMeta

    stems = [(f"Pregunta sobre o servizo de saúde, apartado {c}:", [f"Opción {o} do apartado {c}" for o in "ABCD"])
             for c in "abcdef"]
    labels = [f"{c})" for c in "ABCD"]
    qs = [mcq(f"{n}.", s, o, labels=labels) for n, (s, o) in enumerate(stems[:5], 1)]
    pdf = booklet(tmp_path / "exam.pdf", [[part, "O exame ten 5 preguntas e unha de reserva."] + qs,
                                          ["Pregunta de reserva", mcq("1.", *stems[5], labels=labels)]])
    result = extract_exam(pdf, _sections_key(tmp_path / "key.pdf"), ExamMeta(language="gl"))
    assert [(r.number, "reserve" in r.flags) for r in result.records] == [(n, False) for n in range(1, 6)] + [(1, True)]
    assert [r.answer for r in result.records] == want
    assert result.key_matched == (6, 6)


def test_key_sections_read_in_full(tmp_path):
    with pymupdf.open(_sections_key(tmp_path / "key.pdf")) as doc:
        key = answer_keys.read_key([layout_from_words(0, doc[0].rect.width, doc[0].rect.height, *page_words(doc[0]))])
    got = {(e.block, e.reserve): [] for e in key.entries}
    for e in sorted(key.entries, key=lambda e: e.number):
        got[e.block, e.reserve].append((e.number, e.answers[None]))
    assert got[("EXAME ESPECÍFICO", False)][11] == (12, None)
    assert [n for n, _ in got[("EXAME ESPECÍFICO", False)]] == list(range(1, 31))
    assert got[("EXAME ESPECÍFICO", True)] == [(1, "a"), (2, "b")]
    assert got[("EXAME COMÚN", True)] == [(1, "a")] and got[("EXAME GALEGO", True)] == [(1, "b")]


def test_a_scanned_key_with_misread_numbers_is_not_cut_into_sections(tmp_path):
    """A scanned key of two tables (1-45 under `LINGUAGENS`, 46-90 under `GABARITO`) whose OCR
    misread a few numbers (`2` for 12, `Ja` for 35, 45 lost): the run breaks under whatever was
    read above it, and numbers come twice, as in a key of sections each numbered from 1; but no
    two of its runs start at 1 under a title, so no item takes a junk title as its section."""
    letters = "ABCDE"
    items = [(60, 90, "LINGUAGENS", "hebo", 10), (300, 90, "GABARITO", "hebo", 10)]
    misread = {12: "2", 15: "5", 17: "7", 35: "Ja", 45: None}
    for n in range(1, 91):
        x, y = (60, 110 + 14 * (n - 1)) if n <= 45 else (300, 110 + 14 * (n - 46))
        if (text := misread.get(n, str(n))) is not None:
            items += [(x, y, text, "helv", 9), (x + 60, y, letters[n % 5], "helv", 9)]
    pdf = make_pdf(tmp_path / "key.pdf", [items], size=(500, 800))
    with pymupdf.open(pdf) as doc:
        key = answer_keys.read_key([layout_from_words(0, doc[0].rect.width, doc[0].rect.height, *page_words(doc[0]))])
    assert {e.block for e in key.entries} == {None}
    assert all(key.lookup(n).answers[None] == letters[n % 5].lower() for n in range(46, 91))


def test_a_bold_capital_read_twice_by_ocr_is_one_answer():
    assert answer_keys._answer("Cc") == "c" and answer_keys._answer("C") == "c"
    assert not answer_keys.LETTER.match("CC") and not answer_keys.LETTER.match("Ca")


def test_a_number_in_the_heading_takes_no_far_off_dash_as_its_answer(tmp_path):
    """A scanned ENEM key read `Gabarito 2023 - 1º DIA` in its heading as `2`, then `-` far to
    the right: in a grid, a lone answer lines up with a column of answers, and this `-` (which
    would annul question 2) lines up with none."""
    letters = "BDAEB" * 18
    items = [(207, 68, "2", "helv", 9), (406, 68, "-", "helv", 9), (512, 68, "1", "helv", 9)]
    for n in range(45):
        items += [(108, 110 + 14 * n, str(n + 1), "helv", 9), (174, 110 + 14 * n, letters[n], "helv", 9),
                  (409, 110 + 14 * n, str(n + 46), "helv", 9), (479, 110 + 14 * n, letters[n + 45], "helv", 9)]
    key = read(make_pdf(tmp_path / "key.pdf", [items]))
    assert sorted(key) == list(range(1, 91))
    assert [key[n][None] for n in (1, 2, 3, 46, 47)] == ["b", "d", "a", "b", "d"]
