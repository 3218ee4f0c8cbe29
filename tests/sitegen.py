"""Small exam and key PDFs for the fixture sites (fixtures/sites/<spider>/), made with pdfgen so
that a real extraction runs on them. Each site's `build.py` calls these and the PDFs are
committed; run `python fixtures/sites/<spider>/build.py` to make them again.

    exam_pdf(path, "pt", n=5, marker="QUESTÃO {n:02d}", labels="ABCDE")
    key_pdf(path, "BCDAE", title="GABARITO")
    exam_with_key_pdf(path, "qu", "BCDAABCDAA", title="...")   # the key on the booklet's last page
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pymupdf
from pdfgen import answer_grid, booklet, make_pdf, mcq

# five questions per language, four or five options each (the first n options are used)
BANK = {
    "pt": [("Qual destes estados brasileiros faz fronteira com o Uruguai?",
            ["Rio Grande do Sul", "Santa Catarina", "Paraná", "Mato Grosso do Sul", "São Paulo"]),
           ("Quem escreveu o romance Memórias Póstumas de Brás Cubas?",
            ["José de Alencar", "Machado de Assis", "Graciliano Ramos", "Clarice Lispector", "Jorge Amado"]),
           ("Em que ano foi proclamada a independência do Brasil?",
            ["1808", "1815", "1822", "1889", "1891"]),
           ("Qual é o maior bioma brasileiro em extensão territorial?",
            ["Cerrado", "Caatinga", "Pantanal", "Amazônia", "Pampa"]),
           ("O Tratado de Tordesilhas dividiu as terras descobertas entre Portugal e",
            ["França", "Inglaterra", "Holanda", "Itália", "Espanha"])],
    "es": [("¿Cuál de los siguientes órganos forma parte del sistema nervioso central?",
            ["El hígado", "La médula espinal", "El páncreas", "El bazo", "El riñón"]),
           ("Según la Constitución Española, ¿quién ejerce la potestad legislativa del Estado?",
            ["El Gobierno", "El Rey", "Las Cortes Generales", "El Tribunal Supremo", "El Senado"]),
           ("¿En qué año se aprobó la Constitución Española vigente?",
            ["1975", "1977", "1982", "1978", "1986"]),
           ("¿Qué poeta chileno recibió el Premio Nobel de Literatura en 1971?",
            ["Pablo Neruda", "Gabriela Mistral", "Vicente Huidobro", "Nicanor Parra", "Raúl Zurita"]),
           ("¿Cuál es el río más largo de la península ibérica?",
            ["El Ebro", "El Duero", "El Guadalquivir", "El Tajo", "El Miño"])],
    "eu": [("Zein da Euskal Autonomia Erkidegoko hiriburua?",
            ["Bilbo", "Donostia", "Gasteiz", "Iruñea", "Baiona"]),
           ("Osasun-zentroan, nork ematen du lehen mailako arreta?",
            ["Ospitaleak", "Familia-medikuak", "Farmaziak", "Larrialdiek", "Eskolak"]),
           ("Zenbat lurralde historiko ditu Euskal Autonomia Erkidegoak?",
            ["Bi", "Lau", "Hiru", "Bost", "Sei"]),
           ("Nork idatzi zuen Obabakoak eleberria?",
            ["Bernardo Atxaga", "Kirmen Uribe", "Joseba Sarrionandia", "Ramon Saizarbitoria", "Harkaitz Cano"]),
           ("Zein da Osakidetzaren zeregin nagusia?",
            ["Hezkuntza", "Garraioa", "Kultura", "Osasun-laguntza", "Turismoa"])],
    "gl": [("Cal é a capital de Galicia?",
            ["A Coruña", "Vigo", "Santiago de Compostela", "Lugo", "Ourense"]),
           ("Quen escribiu Cantares gallegos?",
            ["Rosalía de Castro", "Manuel Curros Enríquez", "Eduardo Pondal", "Castelao", "Celso Emilio Ferreiro"]),
           ("Que día se celebra o Día das Letras Galegas?",
            ["O 25 de xullo", "O 17 de maio", "O 1 de novembro", "O 24 de xuño", "O 6 de decembro"]),
           ("Cal destes ríos desemboca na ría de Arousa?",
            ["O Miño", "O Eume", "O Ulla", "O Tambre", "O Sil"]),
           ("O Servizo Galego de Saúde ten como función principal",
            ["a xestión da educación", "a asistencia sanitaria pública", "o transporte", "a cultura", "o turismo"])],
    "ca": [("Quina és la capital del País Valencià?",
            ["València", "Alacant", "Castelló de la Plana", "Elx", "Gandia"]),
           ("Qui va escriure la novel·la Tirant lo Blanc?",
            ["Ausiàs March", "Joanot Martorell", "Ramon Llull", "Vicent Andrés Estellés", "Joan Fuster"]),
           ("Quantes cares té un cub?",
            ["Quatre", "Sis", "Vuit", "Dotze", "Vint"]),
           ("Quin riu travessa la ciutat de València?",
            ["L'Ebre", "El Xúquer", "El Túria", "El Segura", "El Millars"]),
           ("Quant fa set per vuit?",
            ["Cinquanta-quatre", "Cinquanta-sis", "Cinquanta-vuit", "Seixanta-quatre", "Quaranta-nou"])],
    "qu": [("Maypitaq Machu Picchu llaqta kachkan?",
            ["Cusco suyupi", "Lima suyupi", "Puno suyupi", "Piura suyupi", "Tacna suyupi"]),
           ("Haykataq huk semanapi punchawkuna kan?",
            ["Pichqa", "Qanchis", "Iskay", "Chunka", "Suqta"]),
           ("Willakuypi warmachaqa imatataq mikhurqa?",
            ["Aychata", "Sarata", "Papata", "Challwata", "Kinuwata"]),
           ("Ima llimpitaq hanaq pacha ruphay punchawpi?",
            ["Puka", "Qillu", "Yana", "Anqas", "Yuraq"]),
           ("Hayk'aqtaq Inti Raymi raymi ruwakun?",
            ["Junio killapi", "Enero killapi", "Marzo killapi", "Octubre killapi", "Agosto killapi"])],
    "ay": [("Kawkinkis Titiqaqa qutaxa?",
            ["Lima markana", "Puno markana", "Cusco markana", "Tacna markana", "Piura markana"]),
           ("Qawqha urunakas maya semananxa?",
            ["Phisqa", "Pusi", "Paqallqu", "Tunka", "Suxta"]),
           ("Sarawinxa imillaxa kunsa manq'atayna?",
            ["Aycha", "Tunqu", "Challwa", "Ch'uqi", "Jupha"]),
           ("Kuna saminisa alaxpachaxa?",
            ["Wila", "Janq'u", "Ch'iyara", "Q'illu", "Larama"]),
           ("Kunapachas Machaq Mara lurasi?",
            ["Junio phaxsina", "Enero phaxsina", "Marzo phaxsina", "Octubre phaxsina", "Agosto phaxsina"])],
}


def exam_pdf(path, lang: str, n: int = 5, marker: str = "{n}.", labels: str = "abcde",
             options: int = 4, title: str = "", start: int = 1) -> Path:
    """A one-page booklet of n questions from the bank of `lang`, `options` options each,
    numbered by `marker` from `start`, options labelled `a)`.. (or `A)`.. with labels="ABCDE")."""
    bank = BANK[lang]
    blocks = [title] if title else []
    for k in range(n):
        stem, opts = bank[k % len(bank)]
        blocks.append(mcq(marker.format(n=start + k), stem, opts[:options],
                          labels=[f"{c})" for c in labels[:options]]))
    return booklet(path, [blocks])


def key_pdf(path, answers: str, title: str = "PLANTILLA DE RESPUESTAS", start: int = 1, nrows: int = 10) -> Path:
    """A key page: a title and a grid of `number answer` pairs ('-' for an annulled item)."""
    pairs = [(str(k), a) for k, a in enumerate(answers, start)]
    return make_pdf(path, [[(60, 80, title, "hebo", 12), *answer_grid(pairs, nrows)]])


def exam_with_key_pdf(path, lang: str, answers: str, title: str = "", key_title: str = "CLAVE DE RESPUESTAS",
                      marker: str = "{n}.", labels: str = "ABCD", options: int = 4) -> Path:
    """A booklet of len(answers) questions from the bank of `lang` (five to a page) whose last
    page is its key grid, as sources that print the key in the booklet do (a key page is a grid
    of at least 10 items)."""
    bank, n = BANK[lang], len(answers)
    pages = [[title] if title else []]
    for k in range(n):
        if k and k % 5 == 0:
            pages.append([])
        stem, opts = bank[k % len(bank)]
        pages[-1].append(mcq(marker.format(n=k + 1), stem, opts[:options],
                             labels=[f"{c})" for c in labels[:options]]))
    exam = booklet(path, pages)
    key = key_pdf(Path(path).with_suffix(".key.pdf"), answers, key_title)
    doc, extra = pymupdf.open(exam), pymupdf.open(key)
    doc.insert_pdf(extra)
    tmp = Path(path).with_suffix(".tmp")
    doc.save(tmp)
    doc.close()
    extra.close()
    key.unlink()
    tmp.replace(path)
    return Path(path)
