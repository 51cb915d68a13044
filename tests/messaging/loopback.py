"""A loopback HTTP server standing in for the robot webhooks and the SMS gateway.

It records every request (path, query, headers, body) and answers what the test set per path prefix
(default: HTTP 200 ``{"errcode": 0, "errmsg": "ok"}``, as WeCom and DingTalk answer).
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass
class Request:
    path: str
    query: dict
    headers: dict
    body: bytes

    @property
    def json(self):
        return json.loads(self.body.decode("utf-8"))


class Loopback:
    def __init__(self):
        self.requests: list[Request] = []
        self.answers: dict[str, tuple[int, dict]] = {}
        self.lock = threading.Lock()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                parts = urlsplit(self.path)
                with owner.lock:
                    owner.requests.append(Request(parts.path, parse_qs(parts.query), dict(self.headers), body))
                status, answer = owner.answer_for(parts.path)
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def answer_for(self, path: str) -> tuple[int, dict]:
        for prefix, answer in self.answers.items():
            if path.startswith(prefix):
                return answer
        return 200, {"errcode": 0, "errmsg": "ok"}

    def at(self, prefix: str) -> list[Request]:
        return [r for r in self.requests if r.path.startswith(prefix)]

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
