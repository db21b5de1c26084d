"""A real HTTP server on 127.0.0.1 for the ingestion tests, with scripted misbehaviour."""

from __future__ import annotations

import contextlib
import hashlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0
    etag: bool = True  # answer If-None-Match with 304


@dataclass
class Seen:
    path: str
    headers: dict[str, str]
    at: float


Route = Callable[[int], Reply]  # called with the 1-based count of requests to this path


class Site:
    """Routes plus a log of every request, shared with the handler threads."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[Seen] = []
        self.lock = threading.Lock()
        self.server: ThreadingHTTPServer | None = None

    @property
    def base(self) -> str:
        assert self.server is not None
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def add(self, path: str, reply: Reply | Route) -> None:
        self.routes[path] = reply if callable(reply) else (lambda _n, r=reply: r)

    def seen(self, path: str) -> list[Seen]:
        with self.lock:
            return [s for s in self.requests if s.path == path]


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]  # routes ignore the query (tracking parameters)
            with site.lock:
                site.requests.append(Seen(path, dict(self.headers.items()), time.monotonic()))
                count = sum(1 for s in site.requests if s.path == path)
            route = site.routes.get(path)
            reply = (
                route(count) if route else Reply(404, b"not found", {"Content-Type": "text/plain"})
            )
            if reply.delay_s:
                time.sleep(reply.delay_s)
            etag = '"' + hashlib.sha1(reply.body).hexdigest()[:16] + '"'
            if reply.status == 200 and reply.etag and self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(reply.status)
            for key, value in reply.headers.items():
                self.send_header(key, value)
            if reply.status == 200 and reply.etag:
                self.send_header("ETag", etag)
            if "Content-Length" not in reply.headers:
                self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            # the client may give up (timeout, size limit): that is the point of those tests
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(reply.body)

        def log_message(self, *args: object) -> None:
            pass

    return Handler


def start_site(host: str = "127.0.0.1") -> Site:
    site = Site()
    server = ThreadingHTTPServer((host, 0), _handler(site))
    server.daemon_threads = True
    server.block_on_close = False  # slow handlers must not hold up the test session's end
    site.server = server
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return site


def html_page(name: str, encoding: str = "utf-8", meta: str = "", **fill: str) -> bytes:
    text = (FIXTURES / "site" / name).read_text(encoding="utf-8")
    text = text.replace("{meta}", meta)
    for key, value in fill.items():
        text = text.replace("{" + key + "}", value)
    return text.encode(encoding)
