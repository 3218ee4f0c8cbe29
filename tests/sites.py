"""A fixture site served on 127.0.0.1: the files of fixtures/sites/<spider>/ as they are, plus
what `_routes.json` there declares:

    {"redirects": {"/old/prova.pdf": "/new/prova.pdf"},            # 301 to the target
     "routes": {"GET /api/anos?tipo=M": "api/anos_M.json",          # exact path and query
                "POST /oauth/token": "api/token.json"},
     "status": {"/gone.pdf": 404}}

A path no file and no route answers is a 404. Every request is logged (method, path) so tests
can tell what a crawl fetched."""
from __future__ import annotations

import datetime
import json
import mimetypes
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote

SITES = Path(__file__).resolve().parents[1] / "fixtures" / "sites"


def missing_year_pages(name: str, first_year: int) -> int:
    """How many years from `first_year` to this one have no `provas-e-gabaritos/{year}` page on an
    INEP fixture site: the spider asks for each, and each answers 404."""
    pages = {int(p.name) for p in (SITES / name / "provas-e-gabaritos").iterdir() if p.name.isdigit()}
    return len(set(range(first_year, datetime.date.today().year + 1)) - pages)


class Site:
    def __init__(self, root: Path):
        self.root = root
        cfg = root / "_routes.json"
        self.cfg = json.loads(cfg.read_text()) if cfg.exists() else {}
        self.log: list[tuple[str, str]] = []
        self.url = ""

    def answer(self, method: str, target: str) -> tuple[int, dict, bytes]:
        self.log.append((method, target))
        raw = target.split("?")[0]
        path = unquote(raw)  # files are looked up by their decoded names
        for p in (raw, path):
            if p in self.cfg.get("redirects", {}):
                return 301, {"Location": self.url + self.cfg["redirects"][p]}, b""
            if p in self.cfg.get("status", {}):
                return self.cfg["status"][p], {"Content-Type": "text/html"}, b"<html>error</html>"
        routed = self.cfg.get("routes", {}).get(f"{method} {target}")
        rel = routed or (path.lstrip("/") or "index.html")
        file = (self.root / rel).resolve()
        if file.is_dir():
            file = file / "index.html"
        if method not in ("GET", "HEAD") and not routed or not file.is_file() \
                or self.root.resolve() not in file.parents:
            return 404, {"Content-Type": "text/html"}, b"<html>not found</html>"
        ctype = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        return 200, {"Content-Type": ctype}, file.read_bytes()


@contextmanager
def serve(name: str):
    """Serve fixtures/sites/<name> on a free port; yields the Site (its .url and .log)."""
    site = Site(SITES / name)

    class Handler(BaseHTTPRequestHandler):
        def _reply(self, method):
            if method == "POST":
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
            code, headers, body = site.answer(method, self.path)
            self.send_response(code)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if method != "HEAD":
                self.wfile.write(body)

        def do_GET(self):
            self._reply("GET")

        def do_HEAD(self):
            self._reply("HEAD")

        def do_POST(self):
            self._reply("POST")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    site.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
