"""A fake Argilla server (the v1 REST API that the argilla 2.x SDK and the web UI call) on
127.0.0.1: users by API key, workspaces, datasets with their fields, questions and metadata
properties, records upserted by external id, and responses submitted per user, all in memory.
Every request is kept for the tests to inspect."""
from __future__ import annotations

import json
import re
import threading
import uuid
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse


def _now() -> str:
    return datetime.now(UTC).isoformat()


class FakeArgilla:
    def __init__(self):
        self.users: dict[str, dict] = {}  # api key -> user
        self.workspaces: dict[str, dict] = {}
        self.datasets: dict[str, dict] = {}
        self.settings: dict[str, dict] = {}  # dataset id -> {fields, questions, metadata}
        self.records: dict[str, dict] = {}  # record id -> record (with dataset_id)
        self.requests: list[tuple[str, str]] = []
        self._lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self, method):
                url = urlparse(self.path)
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                body = json.loads(raw) if raw else {}
                with fake._lock:
                    fake.requests.append((method, url.path))
                    user = fake.users.get(self.headers.get("X-Argilla-Api-Key", ""))
                    status, reply = (401, {"detail": "Could not validate credentials"}) if user is None else \
                        fake.route(method, url.path, parse_qs(url.query), body, user)
                data = json.dumps(reply).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                self._serve("GET")

            def do_POST(self):
                self._serve("POST")

            def do_PUT(self):
                self._serve("PUT")

            def do_PATCH(self):
                self._serve("PATCH")

            def do_DELETE(self):
                self._serve("DELETE")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    # -- set-up by the test ------------------------------------------------------------------

    def add_user(self, username: str, api_key: str, role: str = "annotator") -> dict:
        user = {"id": str(uuid.uuid4()), "username": username, "role": role, "first_name": username,
                "last_name": None, "api_key": api_key, "inserted_at": _now(), "updated_at": _now()}
        self.users[api_key] = user
        return user

    def add_workspace(self, name: str) -> dict:
        ws = {"id": str(uuid.uuid4()), "name": name, "inserted_at": _now(), "updated_at": _now()}
        self.workspaces[ws["id"]] = ws
        return ws

    def dataset_records(self, name: str) -> list[dict]:
        ds = next(d for d in self.datasets.values() if d["name"] == name)
        return [r for r in self.records.values() if r["dataset_id"] == ds["id"]]

    # -- the API -----------------------------------------------------------------------------

    def route(self, method: str, path: str, query: dict, body: dict, user: dict):
        for pattern, handler in self.ROUTES:
            m = re.fullmatch(pattern, f"{method} {path}")
            if m:
                return handler(self, query, body, user, *m.groups())
        return 404, {"detail": f"fake Argilla: no route {method} {path}"}

    def _me(self, q, body, user):
        return 200, {k: v for k, v in user.items() if k != "api_key"}

    def _user(self, q, body, user, id):
        found = next((u for u in self.users.values() if u["id"] == id), None)
        return (200, {k: v for k, v in found.items() if k != "api_key"}) if found else (404, {"detail": "no user"})

    def _my_workspaces(self, q, body, user):
        return 200, {"items": list(self.workspaces.values())}

    def _workspace(self, q, body, user, id):
        return (200, self.workspaces[id]) if id in self.workspaces else (404, {"detail": "no workspace"})

    def _my_datasets(self, q, body, user):
        return 200, {"items": list(self.datasets.values())}

    def _create_dataset(self, q, body, user):
        if any(d["name"] == body["name"] and d["workspace_id"] == body["workspace_id"] for d in self.datasets.values()):
            return 409, {"detail": "dataset exists"}
        ds = {"id": str(uuid.uuid4()), "name": body["name"], "guidelines": body.get("guidelines"),
              "allow_extra_metadata": body.get("allow_extra_metadata", False),
              "distribution": body.get("distribution") or {"strategy": "overlap", "min_submitted": 1},
              "status": "draft", "workspace_id": body["workspace_id"], "last_activity_at": _now(),
              "inserted_at": _now(), "updated_at": _now()}
        self.datasets[ds["id"]] = ds
        self.settings[ds["id"]] = {"fields": [], "questions": [], "metadata": []}
        return 201, ds

    def _dataset(self, q, body, user, id):
        return (200, self.datasets[id]) if id in self.datasets else (404, {"detail": "no dataset"})

    def _update_dataset(self, q, body, user, id):
        self.datasets[id].update({k: v for k, v in body.items() if k in ("guidelines", "distribution", "name")})
        return 200, self.datasets[id]

    def _publish(self, q, body, user, id):
        self.datasets[id]["status"] = "ready"
        return 200, self.datasets[id]

    def _list_setting(kind):
        def handler(self, q, body, user, id):
            return 200, {"items": self.settings[id][kind]}
        return handler

    def _add_setting(kind):
        def handler(self, q, body, user, id):
            item = {**body, "id": str(uuid.uuid4()), "dataset_id": id, "inserted_at": _now(), "updated_at": _now()}
            if kind != "metadata" and item.get("required") is None:
                item["required"] = True
            item["title"] = item.get("title") or body.get("name")
            if kind == "metadata":
                item.setdefault("visible_for_annotators", True)
            self.settings[id][kind].append(item)
            return 201, item
        return handler

    def _vectors(self, q, body, user, id):
        return 200, {"items": []}

    def _upsert(self, q, body, user, id):
        items, updated = [], []
        for r in body["items"]:
            old = next((x for x in self.records.values()
                        if x["dataset_id"] == id and x["external_id"] == r.get("external_id")), None)
            if old is None:
                old = {"id": str(uuid.uuid4()), "dataset_id": id, "status": "pending", "responses": [],
                       "suggestions": [], "vectors": {}, "inserted_at": _now()}
                self.records[old["id"]] = old
            else:
                updated.append(old["id"])
            old.update({"external_id": r.get("external_id"), "fields": r.get("fields") or {},
                        "metadata": r.get("metadata") or {}, "updated_at": _now()})
            old["suggestions"] = [{**s, "id": str(uuid.uuid4())} for s in r.get("suggestions") or []]
            items.append(self._shown(old, ["responses", "suggestions"]))
        return 200, {"items": items, "updated_item_ids": updated}

    def _shown(self, record: dict, include: list[str]) -> dict:
        out = {k: v for k, v in record.items() if k not in ("responses", "suggestions", "vectors")}
        out["responses"] = record["responses"] if "responses" in include else None
        out["suggestions"] = record["suggestions"] if "suggestions" in include else None
        out["vectors"] = {}
        return out

    def _list_records(self, q, body, user, id):
        rows = [r for r in self.records.values() if r["dataset_id"] == id]
        offset, limit = int(q.get("offset", ["0"])[0]), int(q.get("limit", ["100"])[0])
        return 200, {"items": [self._shown(r, q.get("include", [])) for r in rows[offset:offset + limit]],
                     "total": len(rows)}

    def _search(self, q, body, user, id):
        status, listed = self._list_records(q, body, user, id)
        return status, {"items": [{"record": r, "query_score": None} for r in listed["items"]],
                        "total": listed["total"]}

    def _respond(self, q, body, user, id):
        """What the web UI sends when a reviewer submits: one response per user and record."""
        record = self.records.get(id)
        if record is None:
            return 404, {"detail": "no record"}
        response = {"id": str(uuid.uuid4()), "values": body["values"], "status": body["status"],
                    "user_id": user["id"], "record_id": id, "inserted_at": _now(), "updated_at": _now()}
        record["responses"] = [r for r in record["responses"] if r["user_id"] != user["id"]] + [response]
        wanted = self.datasets[record["dataset_id"]]["distribution"]["min_submitted"]
        if sum(r["status"] == "submitted" for r in record["responses"]) >= wanted:
            record["status"] = "completed"
        return 201, response

    UUID = r"([0-9a-f-]{36})"
    ROUTES = [
        (r"GET /api/v1/me", _me),
        (rf"GET /api/v1/users/{UUID}", _user),
        (r"GET /api/v1/me/workspaces", _my_workspaces),
        (rf"GET /api/v1/workspaces/{UUID}", _workspace),
        (r"GET /api/v1/me/datasets", _my_datasets),
        (r"POST /api/v1/datasets", _create_dataset),
        (rf"GET /api/v1/datasets/{UUID}", _dataset),
        (rf"PATCH /api/v1/datasets/{UUID}", _update_dataset),
        (rf"PUT /api/v1/datasets/{UUID}/publish", _publish),
        (rf"GET /api/v1/datasets/{UUID}/fields", _list_setting("fields")),
        (rf"POST /api/v1/datasets/{UUID}/fields", _add_setting("fields")),
        (rf"GET /api/v1/datasets/{UUID}/questions", _list_setting("questions")),
        (rf"POST /api/v1/datasets/{UUID}/questions", _add_setting("questions")),
        (rf"GET /api/v1/me/datasets/{UUID}/metadata-properties", _list_setting("metadata")),
        (rf"POST /api/v1/datasets/{UUID}/metadata-properties", _add_setting("metadata")),
        (rf"GET /api/v1/datasets/{UUID}/vectors-settings", _vectors),
        (rf"PUT /api/v1/datasets/{UUID}/records/bulk", _upsert),
        (rf"POST /api/v1/datasets/{UUID}/records/bulk", _upsert),
        (rf"GET /api/v1/datasets/{UUID}/records", _list_records),
        (rf"POST /api/v1/datasets/{UUID}/records/search", _search),
        (rf"POST /api/v1/records/{UUID}/responses", _respond),
    ]
