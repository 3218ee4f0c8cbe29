"""Small exam and key PDFs for the fixture sites (fixtures/sites/<spider>/), made with pdfgen so
that a real extraction runs on them. Each site's `build.py` calls these and the PDFs are
committed; run `python fixtures/sites/<spider>/build.py` to make them again.

    exam_pdf(path, "pt", n=5, marker="QUESTÃO {n:02d}", labels="ABCDE")
    key_pdf(path, "BCDAE", title="GABARITO")
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

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
