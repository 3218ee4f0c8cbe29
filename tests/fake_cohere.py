"""A fake Cohere v2 chat endpoint (`POST /v2/chat`) on 127.0.0.1, scripted per test, for the real
SDK to talk to. Each request takes the next step of the script (the last one repeats); a step is
a function of the request's JSON body giving a `Step`: status, JSON or raw body, headers, a delay.
Every request is kept, with its arrival time, for the tests to inspect."""
from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Step:
    status: int = 200
    body: object = None  # a dict is sent as JSON, bytes or str as they are
    headers: dict = field(default_factory=dict)
    delay: float = 0.0


def chat(obj, finish: str = "COMPLETE", tokens: tuple[int, int] = (120, 80)) -> Step:
    """A chat reply whose message text is `obj` as JSON (or the string itself)."""
    text = obj if isinstance(obj, str) else json.dumps(obj, ensure_ascii=False)
    return Step(body={"id": "fake", "finish_reason": finish,
                      "message": {"role": "assistant", "content": [{"type": "text", "text": text}]},
                      "usage": {"billed_units": {"input_tokens": tokens[0], "output_tokens": tokens[1]},
                                "tokens": {"input_tokens": tokens[0], "output_tokens": tokens[1]}}})


def error(status: int, message: str = "error", **headers) -> Step:
    return Step(status, {"message": message}, {k.replace("_", "-"): str(v) for k, v in headers.items()})


def asked_numbers(body: dict) -> list[int]:
    """The question numbers a structuring request asks for."""
    user = next(m["content"] for m in body["messages"] if m["role"] == "user")
    m = re.search(r"Question numbers to return: ([\d, ]+)\.", user)
    return [int(n) for n in m.group(1).split(",")] if m else []


class FakeCohere:
    def __init__(self):
        self.script: list = []
        self.requests: list[tuple[float, dict, dict]] = []  # (time, headers, body)
        self._lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                try:
                    body = json.loads(raw)
                except ValueError:
                    body = {}
                with fake._lock:
                    fake.requests.append((time.monotonic(), dict(self.headers), body))
                    step = fake.script[0] if fake.script else Step(500)
                    if len(fake.script) > 1:
                        fake.script.pop(0)
                step = step(body) if callable(step) else step
                if step.delay:
                    time.sleep(step.delay)
                data = step.body if isinstance(step.body, bytes) else (
                    step.body.encode() if isinstance(step.body, str) else json.dumps(step.body or {}).encode())
                try:
                    self.send_response(step.status)
                    ctype = "application/json" if not isinstance(step.body, (bytes, str)) else "text/html"
                    self.send_header("Content-Type", ctype)
                    self.send_header("Content-Length", str(len(data)))
                    for k, v in step.headers.items():
                        self.send_header(k, v)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (a timeout test)
                    pass

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    @property
    def calls(self) -> int:
        return len(self.requests)
