"""`scrapy crawl listing -a url=URL [-a depth=N] [-a language=.. -a country=.. -a exam=..]`: any page
that links exams and their answer keys, without writing a spider.

It reads the page and the pages it links on the same site, down to `depth` links away (default 1),
robots.txt obeyed like every spider. A `<select>` whose choice loads a page (`onchange` setting
`location.href = '…' + this.value`, a GET form's field, or options whose values are addresses) is
read as a list of links, one per option: many archives pick the year or the edition in one.

Each document link (a `.pdf`, or a download handler's `DownloadArquivo?Id=…`) is an exam, a key or
neither by the words of its own text, title, table headers and file name, else of the headings and
the paragraph above it (or of the link that led to its page), in es, pt, ca, gl, eu and en: a key
is a "gabarito", "clave", "clavijero", "plantilla", "respuestas correctas", "solucionario",
"respostas", "erantzunak", "solucions", "critérios de classificação"...; an exam a "prova",
"examen", "cuestionario", "caderno", "enunciado", "galdesorta", "azterketa"...; calls, lists,
results, syllabi are neither. "Provisional" / "definitiva" say which key is final.

Exams and keys are then paired by the words they share (`pair_found`): year, day, booklet number
or colour, subject, version or model, language. Names that say different things (2022 / 2023,
"Modelo A" / "Modelo B", `CD1` / `CD2`, `V1` / `V2`, castellano / galego) never pair; among the
keys left, an exam takes the one sharing most words (its own words count double, a key on the same
page counts as one more), a definitive one before a provisional one, a corrected one ("- atualizado",
"rectificada") before the one it corrects, then the nearest. The day a document was posted
("17/08/2025 - …") counts as its year only; a file named by a random id (a UUID) is named by its
link's words only. An exam without a key still goes on (the key may be printed in the booklet). The
pairs go through the same downloads and extraction as every source spider's.

The language and the country are the page's (`<html lang="pt-BR">`, the host's country domain)
unless `-a language=` and `-a country=` say them; `-a exam=` names the exam in the records (else the
start page's title)."""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from urllib.parse import unquote, urlencode, urlsplit

import scrapy

from schema.vocab import country_code, language_code

from .base import Doc, ExamSpider, Pair, cell_headers, fold, text_of, words

MAX_DEPTH = 5
MIN_SCORE = 1.0  # a key shares at least one telling word with its exam
MAYBE = "maybe"  # a PDF no word names: an exam if a key pairs with it
MAX_PAGES = 500  # a bound on any one crawl: a listing is not a whole site
DOCUMENT = re.compile(r"\.pdf$", re.IGNORECASE)
NOT_PAGE = re.compile(r"\.(?:pdf|docx?|xlsx?|pptx?|zip|rar|jpe?g|png|gif|mp3|mp4|avi|css|js|xml|json)$", re.IGNORECASE)

# over folded text (lower case, accents off); module names: the tests read them too
KEY = (r"\bgabarit|\bclaves?\b|\bclavijero|\bplantillas?\b|\brespuestas?\b|\brespostas?\b|\brespuesta correcta"
       r"|\bsolucionario|\bsolucion(?:es|s)?\b|\bsolucio(?:ns)?\b|\berantzun|\btxantiloi|\bcriterios?\b"
       r"|\bcriteris\b|\bcorreccion|\bcorreccio\b|\banswer key|\banswers\b|\bmark(?:ing)? scheme|\bcc\b")
EXAM = (r"\bprovas?\b|\bexame[ns]?\b|\bexamen(?:es)?\b|\bcuestionarios?\b|\bquestionaris?\b|\bcadernos?\b"
        r"|\bcuadern(?:o|illo)s?\b|\benunciados?\b|\benunciats?\b|\bpreguntas\b|\bperguntas\b|\bpruebas?\b"
        r"|\bprobas?\b|\bproves\b|\bgaldesort|\bgaldetegi|\bazterket|\bariketa|\bexam(?:ination)?s?\b|\bpapers?\b"
        r"|\bquestions\b|\btest\b")
SKIP = (r"\btemario|\bprogramas?\b|\bconvocatoria\b|\bedital\b|\bbases\b|\blistad|\blistas?\b|\blistax"
        r"|\bresultad|\bcalificacion|\bcualificacion|\bnotas\b|\baprobad|\binstruc|\bcalendari|\begutegi"
        r"|\bemaitz|\breclamac|\berreklamazio|\bimpugnac|\balegac|\brecursos?\b|\bsignificado|\bnormativa"
        r"|\bresolucion|\bresolucao|\bmanual|\bguia\b|\binforme|\bestatistic|\bestadistic|\baudio")

# words that say what a document is, not which one it is: they do not pair documents
ROLE_WORDS = re.compile(rf"{KEY}|{EXAM}|\bdefinitiv\w*|\bprovision\w*|\bprovisori\w*|\bpreliminar\w*|\boficial\w*"
                        r"|\bbehin\w*|\bbetiko\b|\bpdf\b|\bdescargar?\b|\bdownload\b|\bbaixar\b|\bver\b")
STOP = {"de", "da", "do", "das", "dos", "del", "la", "las", "el", "los", "lo", "e", "y", "i", "o", "a", "en", "em",
        "the", "of", "and", "and", "para", "por", "con", "com", "net", "kb", "mb", "html", "www", "http", "https",
        "en", "eta", "eta", "na", "no", "nos", "un", "una", "um", "uma", "al", "ao", "se", "pag", "pagina"}
LANGUAGE_WORDS = [("es", r"castellano|espanol|gaztelania|castelan"), ("ca", r"catala|valencia|catalan"),
                  ("gl", r"gall?ego|galega"), ("eu", r"eusk[ae]r[aa]z?|euskera|vasco"),
                  ("pt", r"portugues"), ("en", r"english|ingles")]
COLOURS = {"azul", "amarelo", "amarillo", "branco", "blanco", "rosa", "verde", "cinza", "gris", "laranja",
           "naranja", "roxo", "morado", "vermelho", "rojo", "blue", "yellow", "white", "pink", "green", "grey"}
VERSION = re.compile(r"\b(?:modelo|tipo|version|versao|versio|variante|eredua|model)\s*([a-d1-9])\b"
                     r"|\b([a-d])\s+eredua\b")
YEAR = re.compile(r"^(?:19[89]\d|20[0-4]\d)$")
TOKEN = re.compile(r"[a-z]+\d+|\d+(?:\.\d+)?|[a-z]+")
CODE = re.compile(r"([a-z]+)(\d+)")
# "17/08/2025 - Caderno de Prova": the day a document was posted says its year, not which one it is
DATE = re.compile(r"\b\d{1,2}([/.-])\d{1,2}\1((?:19|20)\d\d)\b")
# a file named by a random id (`9a1e84ab-6da8-460c-bdcc-d5ed646f79bb.pdf`, a hash) says nothing
RANDOM_NAME = re.compile(r"^(?:[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}|[0-9a-f]{24,})(?:[-_]\d+)?\.\w+$", re.I)
# a file served by a download handler (`DownloadArquivo?Id=5521`, `download.php?id=`): a document, like a .pdf
DOWNLOAD = re.compile(r"(?:^|/)\w*download\w*(?:\.(?:php|aspx?|jsp|cgi))?$", re.I)
# a key republished corrected ("- atualizado", "rectificada") replaces the one before it
UPDATED = re.compile(r"\b(?:atualizad|actualizad|retificad|rectificad|corrigid|corregid|updated|corrected)\w*")
# a select that loads `'prefix' + this.value` when it changes (a "jump menu")
JUMP = re.compile(r"""location(?:\.href)?\s*=\s*(['"])([^'"]*)\1\s*\+\s*this\.(?:value\b|options\[)""")
TLD = {"br": "BR", "pt": "PT", "es": "ES", "cl": "CL", "pe": "PE", "co": "CO", "ar": "AR", "mx": "MX", "uy": "UY",
       "py": "PY", "bo": "BO", "ec": "EC", "cr": "CR", "ve": "VE"}


@dataclass
class Found:
    """One link to a document, where it was: a document listed twice is found twice."""
    doc: Doc
    page: str
    order: int  # its place in the crawl: pages in the order read, links in page order
    own: set[str]  # the pairing words of its text, title and file name
    context: set[str]  # of the headings and paragraph above it, or the link to its page
    marks: dict[str, set[str]]  # what names it as one document: year, language, version, colour, codes


def tokens(text: str) -> set[str]:
    text = DATE.sub(r"\2", ROLE_WORDS.sub(" ", fold(text)))
    return {t for t in TOKEN.findall(text) if t not in STOP and (len(t) > 1 or t.isdigit())}


def marks(text: str, toks: set[str]) -> dict[str, set[str]]:
    folded = fold(text)
    years = {t for t in toks if YEAR.match(t)} | {t.split(".")[0] for t in toks if re.match(r"^20\d\d\.\d$", t)}
    found = {"year": years,
             "language": {code for code, rx in LANGUAGE_WORDS if re.search(rf"\b(?:{rx})\b", folded)},
             "version": {(m.group(1) or m.group(2)).upper() for m in VERSION.finditer(folded)}
             | {t[1:] for t in toks if re.fullmatch(r"v\d", t)},  # `-V1` in a file name
             "colour": toks & COLOURS,
             "code": {t for t in toks if CODE.fullmatch(t) and not YEAR.match(t)},
             # a subject's or an exam's number (`Port639`, `635`): not a year, not a small count
             "ident": {re.sub(r"^[a-z]+", "", t) for t in toks if re.fullmatch(r"[a-z]*\d{3,}", t)
                       and not YEAR.match(re.sub(r"^[a-z]+", "", t))}}
    return found


def same_code(a: str, b: str) -> bool | None:
    """`m1` and `matematica1` name the same thing, `cd1` and `cd2` different ones; None: unrelated."""
    ma, mb = CODE.fullmatch(a), CODE.fullmatch(b)
    if not (ma and mb):
        return None
    la, lb = ma.group(1), mb.group(1)
    if not (la.startswith(lb) or lb.startswith(la)):
        return None
    return int(ma.group(2)) == int(mb.group(2))


def conflict(a: Found, b: Found) -> bool:
    """Whether two documents name different exams."""
    for kind in ("year", "language", "version", "colour", "ident"):
        if a.marks[kind] and b.marks[kind] and not a.marks[kind] & b.marks[kind]:
            return True
    for x in a.marks["code"]:
        if re.sub(r"^[a-z]+", "", x) in b.marks["ident"]:
            continue  # a key for `PF-PLNM94-839` names prova 839 as its booklet `PF-PLNM839` does
        related = [same_code(x, y) for y in b.marks["code"]]
        if any(r is False for r in related) and not any(related):
            return True
    return False


def shared(a: set[str], b: set[str], weight: dict[str, float]) -> float:
    """The words two documents share, each weighed by how rare it is among the documents found
    ("historia" tells more than "ensino fundamental", which every booklet of the page says)."""
    n = sum(weight.get(t, 1.0) for t in a & b)
    n += sum(weight.get(x, 1.0) for x in a - b for y in b - a if same_code(x, y))  # m1 and matematica1
    return n


def pair_found(found: list[Found]) -> list[Pair]:
    """Each exam with its key (see the module's doc), in the order the exams were found. A PDF
    that no word names ("Descargar PDF", `2025-24-12-04-paes-regular-m1.pdf`) is an exam only if
    a key pairs with it."""
    keys = [f for f in found if f.doc.role == "key"]
    docs = {f.doc.url: f.own | f.context for f in found}
    df = Counter(t for words_ in docs.values() for t in words_)
    weight = {t: math.log(1 + len(docs) / n) for t, n in df.items()}
    pairs, seen = [], set()
    for exam in (f for f in found if f.doc.role in ("exam", MAYBE)):
        if exam.doc.url in seen:
            continue
        seen.add(exam.doc.url)
        fits = [k for k in keys if not conflict(exam, k)]
        # a key listed on the exam's own page counts as one more word shared, the rarest kind
        near = math.log(1 + len(docs))
        scored = [(shared(exam.own | exam.context, k.own | k.context, weight) + shared(exam.own, k.own, weight)
                   + (near if k.page == exam.page else 0), k) for k in fits]
        scored = [(s, k) for s, k in scored if s >= MIN_SCORE]
        best = max(scored, key=lambda sk: (round(sk[0], 6), sk[1].doc.definitive,
                                            bool(UPDATED.search(fold(sk[1].doc.label))), sk[1].page == exam.page,
                                            -abs(sk[1].order - exam.order)), default=None)
        key = best[1].doc if best else None
        if exam.doc.role == MAYBE and key is None:
            continue
        others = list({k.doc.url: k.doc for _, k in scored if k.doc is not key}.values())
        pairs.append(Pair(exam.doc, key, others))
    return pairs


class ListingSpider(ExamSpider):
    name = "listing"
    exam = ""
    publisher = ""
    level = ""
    licence = "not stated (check the site's terms before sharing)"
    key_words, exam_words, skip_words = KEY, EXAM, SKIP

    def __init__(self, url: str | None = None, depth: str = "1", language: str | None = None,
                 country: str | None = None, exam: str | None = None, *args, **kwargs):
        self.validate({"url": url, "depth": depth, "language": language, "country": country, **kwargs})
        super().__init__(*args, base_url=url, **kwargs)
        self.depth = int(depth)
        self.languages = (language_code(language),) if language else ()  # `spa` is es
        self.country = country_code(country) if country else ""
        self.exam = exam or ""
        self.publisher = urlsplit(url).netloc
        self.found: list[Found] = []
        self.pages = 0

    @classmethod
    def validate(cls, args: dict) -> None:
        super().validate(args)
        url, depth = args.get("url"), args.get("depth", "1")
        if not url or not re.match(r"^https?://[^/\s]+", url):
            raise ValueError(f"url: {url!r} is not a web address (-a url=https://...)" if url else
                             "url: say which page to read (-a url=https://...)")
        if not str(depth).isdigit() or int(depth) > MAX_DEPTH:
            raise ValueError(f"depth: {depth!r} is not a number of links from 0 to {MAX_DEPTH}")
        if args.get("language") and not _known(language_code, args["language"]):
            raise ValueError(f"language: {args['language']!r} is not an ISO 639 code (pt, es, gl, eu, ca, qu...)")
        if args.get("country") and not _known(country_code, args["country"]):
            raise ValueError(f"country: {args['country']!r} is not an ISO 3166 alpha-2 code (BR, ES, PE...)")

    @classmethod
    def classify(cls, text: str, context: str = "", default: str | None = None) -> str | None:
        """As the base's, but only a link's own words leave it out: a page about a "convocatoria"
        lists its exams."""
        if cls._found("skip", fold(text)):
            return None
        for t in (fold(text), fold(context)):
            if cls._found("key", t):
                return "key"
            if cls._found("exam", t):
                return "exam"
        return default

    def start_requests(self):
        yield scrapy.Request(self.base_url, self.parse, cb_kwargs={"depth": 0, "via": ""})

    def parse(self, response, depth, via):
        if not isinstance(response, scrapy.http.TextResponse):
            return
        self.pages += 1
        if self.pages == 1:
            self.learn(response)
        host = urlsplit(response.url).netloc
        heads: dict[int, str] = {}
        title = ""
        seen = set()
        for node in response.xpath("//body//*[self::h1 or self::h2 or self::h3 or self::h4 or self::h5 or self::h6"
                                   " or self::p or self::a[@href] or self::iframe[@src] or self::embed[@src]"
                                   " or self::select]"):
            tag = node.root.tag
            if tag[0] == "h" and tag[1:].isdigit():
                level = int(tag[1])
                heads = {k: v for k, v in heads.items() if k < level}
                heads[level] = text_of(node)
                title = ""
                continue
            if tag == "p":
                if not node.css("a"):
                    title = text_of(node)
                continue
            if tag == "select":
                targets = choices(response, node)
            else:
                href = (node.attrib.get("href") or node.attrib.get("src") or "").strip()
                if href.startswith("#") or href.startswith("javascript:"):
                    title = text_of(node)  # an accordion's or a tab's toggle: it names what follows
                    continue
                targets = [(response.urljoin(href).split("#")[0], node)]
            for url, link in targets:
                if not url.startswith("http"):
                    continue
                path = unquote(urlsplit(url).path)
                if DOCUMENT.search(path) or (urlsplit(url).query and DOWNLOAD.search(path)):
                    if url not in seen:
                        seen.add(url)
                        context = " ".join([via, *(heads[k] for k in sorted(heads)), title])
                        self.document(response, link, url, path, context)
                elif depth < self.depth and urlsplit(url).netloc == host and not NOT_PAGE.search(path) \
                        and self.pages < MAX_PAGES:
                    yield response.follow(url, self.parse, cb_kwargs={"depth": depth + 1, "via": text_of(link)})

    def learn(self, response) -> None:
        """The language, country and exam name the start page gives, where the arguments do not."""
        lang = (response.xpath("/html/@lang").get() or "").strip().replace("_", "-")
        code, _, region = lang.partition("-")
        if not self.languages and _known(language_code, code):
            self.languages = (language_code(code),)
        if not self.country:
            tld = urlsplit(response.url).hostname.rsplit(".", 1)[-1]
            self.country = region.upper() if len(region) == 2 and _known(country_code, region) else TLD.get(tld, "")
        if not self.exam:
            self.exam = " ".join((response.css("title::text").get() or response.url).split())

    def document(self, response, node, url, path, context):
        # a link in a table ("PDF" under "EUSKARAZ", in the row "A eredua / Modelo A") is named by
        # its row's and its column's headers
        row, column = cell_headers(node)
        name = path.rsplit("/", 1)[-1]
        own = " ".join([text_of(node), node.attrib.get("title", ""), row, column,
                        "" if RANDOM_NAME.match(name) else words(name)])
        role = self.classify(own, context, default=MAYBE)
        if not role:
            return
        text = f"{own} {context}"
        years = [int(y) for y in re.findall(r"\b(19[89]\d|20[0-4]\d)\b", fold(text))]
        doc = Doc(url, role, (response.url,), label=" ".join(own.split()), definitive=self.definitive(own, context),
                  year=years[0] if years else None)
        own_t, context_t = tokens(own), tokens(context)
        found = Found(doc, response.url, len(self.found), own_t, context_t, marks(text, own_t | context_t))
        if len(found.marks["language"]) == 1:  # "Examen - Galego": the booklet's language, not the page's
            doc.language = next(iter(found.marks["language"]))
        self.found.append(found)
        if role != MAYBE:
            self.add(doc)

    def pairs(self) -> list[Pair]:
        pairs = [p for p in pair_found(self.found) if self.wanted(p.exam.year)]
        for p in pairs:
            if p.exam.role == MAYBE:  # paired: an exam
                p.exam.role = "exam"
                self.add(p.exam)
        return pairs

    def item(self, pair: Pair):
        if not (self.languages and self.country):
            return None  # said once, at the end (`closed`)
        return super().item(pair)

    def closed(self, reason):
        if self.docs and not (self.languages and self.country):
            from .base import FAILURES
            msg = (f"listing: the page does not say its {'language' if not self.languages else 'country'}: "
                   f"name it (-a language=pt -a country=BR)")
            self.logger.error(msg)
            FAILURES.append(msg)
        super().closed(reason)


def choices(response, select) -> list[tuple[str, object]]:
    """Where each option of a `<select>` leads, with the option: `'prefix' + this.value` when its
    `onchange` loads a page, else its GET form's action with `name=value`, else the value itself
    when it is an address; a select that does none of these (a filter run by a script) leads nowhere."""
    jump = JUMP.search(select.attrib.get("onchange", ""))
    form = select.xpath("ancestor::form[1]")
    name = select.attrib.get("name")
    get = form and name and (form[0].attrib.get("method") or "get").lower() == "get"
    action = response.urljoin(form[0].attrib.get("action") or response.url).split("?")[0] if get else ""
    out = []
    for option in select.xpath(".//option"):
        value = (option.attrib.get("value") or "").strip()
        if not value:
            continue
        if jump:
            url = jump.group(2) + value
        elif get:
            url = f"{action}?{urlencode({name: value})}"
        elif re.match(r"^(?:https?://|/|\.\.?/)", value):
            url = value
        else:
            continue
        out.append((response.urljoin(url).split("#")[0], option))
    return out


def _known(code_of, value: str) -> bool:
    """Whether an ISO code is one (schema.vocab reads them through pycountry)."""
    try:
        code_of(value)
    except ValueError:
        return False
    return True
