"""IVAP (Herri Arduralaritzaren Euskal Erakundea / Instituto Vasco de Administración Pública): the
exams of the Basque Government's public-job selection processes, in Basque and Spanish.

Documented (a stored copy of the Basque Government's news page "Fakultatiboen Goi-mailako
Kidegoa: Eskala Juridikoa. Azterketei buruzko informazioa", euskadi.eus, 2023): each process has
news pages on euskadi.eus; the exam is multiple-choice in models A and B ("azterketa-eredua (A edo
B)"), with reserve questions ("erreserbako 10"); "Ariketak amaitu ondoren, galderen koadernoak eta
erantzun zuzenen txantiloiak argitaratuko dira" (the question booklets and the templates of right
answers are published after the exam); the same page links instructions and the blank answer
sheet. Public copies of IVAP booklets label options with the question's number ("127a)").
euskadi.eus serves its documents as /contenidos/<kind>/<slug>/<lang>_def/adjuntos/<file>.pdf (as
public code cites many of them).

ASSUMED (the fixture site fixtures/sites/es_ivap/ is built on these): a news listing of IVAP's
selection processes links one page per process; that page links the booklets ("Galderen
koadernoa - A eredua", a language version marked "euskaraz"/"gaztelaniaz") and the keys
("Erantzun zuzenen txantiloia - A eredua", behin-behinekoa / behin-betikoa). Exam and key pair on
(process page, model); both language versions of a model share its key; a definitive template is
preferred over a provisional one."""
import re
from urllib.parse import urlsplit

from spiders.base import Doc
from spiders.sources import basque
from spiders.sources.linked import LinkedPagesSpider, year_in


class EsIvapSpider(LinkedPagesSpider):
    name = "es_ivap"
    country = "ES"
    languages = ("eu", "es")
    exam = "Oposizioak / oposiciones del Gobierno Vasco (IVAP)"
    publisher = "Herri Arduralaritzaren Euskal Erakundea (IVAP), Eusko Jaurlaritza"
    level = "Professional"
    licence = "not checked"
    first_year = 2015
    base_url = "https://www.euskadi.eus"
    entry = ("eusko-jaurlaritza/-/albisteak/herri-arduralaritzaren-euskal-erakundea/",)
    # a process's page: "Azterketei buruzko informazioa", "Azterketak eta txantiloiak"...
    follow_words = r"\bazterket|\btxantiloi|\bgaldera|\bexamen|\bplantilla"
    content = ("#r01gContainer", ".r01gContainer", "main", "#content", "body")
    key_words, exam_words, skip_words = basque.KEY, basque.EXAM, basque.NOT_DOC
    version_words = basque.MODEL

    def document(self, role, own, context, url, response, heading):
        page = response.url.split("?")[0]
        model = self.version(own) or self.version(context)
        lang = basque.language(own, "eu")
        title = " ".join(" ".join(response.css("h1 ::text").getall()).split())
        label = " ".join(x for x in (title, f"{model} eredua" if model else "", lang) if x)
        year = year_in(own, urlsplit(response.url).path, context)
        return Doc(url, role, (page, model), label=label, definitive=self.definitive(own, context), language=lang,
                   year=year, subject=re.sub(r"[.:].*", "", title) or None)
