"""Ministerio de Sanidad, Formación Sanitaria Especializada (MIR, EIR, FIR, PIR, QIR, BIR, RFIR):
the "hera" JSON API behind the FSE site's "Cuadernos de exámenes anteriores", called as the
working client does (public code: gen_mir_pool.js, "replica exactamente esas llamadas" of the
FSE web app): an anonymous token (POST), then the year list `getAnyos` WITHOUT parameters (a
plain list of years, the same for every titulación), then per titulación and year
`tieneRespuesta?titulacion=&anyo=` (`true`/`false`): a year whose key is not out is skipped,
neither booklet nor key asked; otherwise the booklet of version 0 (`getDatosCuadernosExamen`,
the PDF base64 in `content`) and its key (`getHojaRespuestas`: rows of `{V_k: number, RC_k:
option 1-4}`, blank = annulled), whose answers go to the extractor as data (the JSON is stored
as the key's file). The API's `anyo` is the year of the "pruebas selectivas", one less than the
year the exam is sat (MIR 2025 = pruebas 2024, sat in January 2025): `year` and `-a years=` are
the year the exam is sat. The client also asks `getVersiones` and `tieneImagen`, which this
spider does not need (version 0 always exists; image booklets are not read). The titulación
codes other than M (Medicina, confirmed by the client) are the FSE site's documented ones."""
import base64
import json
import uuid

import scrapy
from scrapy.http import JsonRequest

from spiders.base import Doc, ExamSpider

TITULACIONES = {"M": "Medicina", "F": "Farmacia", "E": "Enfermería", "P": "Psicología", "Q": "Química",
                "B": "Biología", "R": "Radiofísica Hospitalaria"}
API = "hera/api/datos/convocatoria"


class EsMirSpider(ExamSpider):
    name = "es_mir"
    country = "ES"
    languages = ("es",)
    exam = "FSE pruebas selectivas (MIR, EIR, FIR, PIR, QIR, BIR, RFIR)"
    publisher = "Ministerio de Sanidad"
    level = "Professional"
    licence = ("Spanish public-sector information, re-use with attribution (Ley 37/2007); booklets are "
               "printed 'PROHIBIDA LA REPRODUCCIÓN TOTAL O PARCIAL'")
    first_year = 2022  # the API keeps the last five calls: pruebas 2021 (sat in 2022) onwards
    base_url = "https://fse.sanidad.gob.es"

    def start_requests(self):
        # the headers the FSE web app sends; the token is anonymous (user ANONIMO)
        self.headers = {"Process-Type": "MENU", "Process-Check": "", "X-XSRF-TOKEN": str(uuid.uuid4()),
                        "Proceso-Id": ""}
        yield JsonRequest(self.url("hera/oauth/api/v1/oidc/token"), self.parse_token, headers=self.headers,
                          data={"client_id": "herapublico", "state": self.headers["X-XSRF-TOKEN"],
                                "grant_type": "session_id"})

    def parse_token(self, response):
        token = (self.json(response) or {}).get("token")
        if not token:
            self.logger.error(f"{response.url}: no anonymous token")
            return
        self.headers = {**self.headers, "Authorization": f"Bearer {token}", "Proceso-Id": "ce-01"}
        yield self.api("getAnyos", self.parse_anyos)

    def api(self, query, callback, **kw):
        return scrapy.Request(self.url(f"{API}/{query}"), callback, headers=self.headers, cb_kwargs=kw)

    def json(self, response):
        try:
            return json.loads(response.body)
        except ValueError:  # a firewall's HTML page instead of the API's answer
            self.crawler.stats.inc_value("include/rejected_not_json")
            self.logger.warning(f"{response.url}: not JSON, skipped")
            return None

    def parse_anyos(self, response):
        """The years of the pruebas selectivas online, for all titulaciones: ask each titulación
        whether its key of that year is out."""
        for anyo in self.json(response) or []:
            anyo = int(anyo)
            if self.wanted(anyo + 1):
                for code in TITULACIONES:
                    yield self.api(f"tieneRespuesta?titulacion={code}&anyo={anyo}", self.parse_tiene_respuesta,
                                   code=code, anyo=anyo)

    def parse_tiene_respuesta(self, response, code, anyo):
        answer = self.json(response)
        if answer is not True:  # no key published (or no exam that year): not an exam of ours yet
            if answer is False:
                self.crawler.stats.inc_value("include/skipped_no_key")
            return
        query = f"titulacion={code}&anyo={anyo}&version=0"
        yield self.api(f"getDatosCuadernosExamen?{query}&opcionSelect=C", self.parse_booklet, code=code, anyo=anyo)
        yield self.api(f"getHojaRespuestas?{query}", self.parse_key, code=code, anyo=anyo)

    def parse_booklet(self, response, code, anyo):
        data = self.json(response)
        if data is None:
            return
        body = base64.b64decode(data.get("content") or "")
        if not body.startswith(b"%PDF-"):  # an error page inside the answer: no exam to pair
            self.crawler.stats.inc_value("include/rejected_not_pdf")
            self.logger.warning(f"{response.url}: the booklet is not a PDF, skipped")
            return
        self.add(Doc(response.url, "exam", (code, anyo), label=data.get("name") or "", year=anyo + 1,
                     subject=TITULACIONES[code], body=body))

    def parse_key(self, response, code, anyo):
        answers = sorted((int(row[v]), str(row.get("RC_" + v[2:]) or "").strip() or None)
                         for row in self.json(response) or [] for v in row
                         if v.startswith("V_") and str(row[v]).strip())
        if answers:
            self.add(Doc(response.url, "key", (code, anyo), year=anyo + 1, subject=TITULACIONES[code],
                         body=response.body, suffix=".json", answers=answers))

