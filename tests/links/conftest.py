"""Real HTTP servers on 127.0.0.1 for the link checker's tests (several ports = several hosts).

Every server stops by itself at the end of the test; slow handlers wait on an event that
shutdown sets, so nothing lingers.
"""

from __future__ import annotations

import socket
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from hostile_http import BodyReads, Hostile, watch_body_reads

Handler = Callable[["_Handler"], None]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    wbufsize = 65536  # one write per answer (http.server flushes after each request)
    disable_nagle_algorithm = True
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        return None

    def _dispatch(self) -> None:
        server = self.server.owner
        path = self.path.split("?", 1)[0]
        with server.lock:
            server.active += 1
            server.max_concurrent = max(server.max_concurrent, server.active)
            server.hits[path] += 1
            server.methods.append((self.command, path))
        self._counted = True
        try:
            route = server.routes.get(path) or server.routes.get("*")
            if route is None:
                self.reply(404, b"<html><title>404 Not Found</title></html>")
            else:
                route(self)
        finally:
            self._leave()

    def _leave(self) -> None:
        """Stop counting this request as in flight (before the answer goes out, so the count never
        includes a request the client already considers finished)."""
        if getattr(self, "_counted", False):
            self._counted = False
            server = self.server.owner
            with server.lock:
                server.active -= 1

    do_GET = do_HEAD = do_POST = _dispatch  # noqa: N815 - names fixed by http.server

    # helpers for routes
    def reply(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
        headers = dict(headers or {})
        self._leave()
        self.send_response(status)
        headers.setdefault("Content-Type", "text/html; charset=utf-8")
        headers.setdefault("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD" and body:
            self.wfile.write(body)

    def wait(self, seconds: float) -> bool:
        """Sleep unless the server is stopping; False if it is."""
        return not self.server.owner.stopping.wait(seconds)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    owner: LocalServer


class LocalServer:
    def __init__(self) -> None:
        self.routes: dict[str, Handler] = {}
        self.hits: Counter[str] = Counter()
        self.methods: list[tuple[str, str]] = []
        self.lock = threading.Lock()
        self.active = 0
        self.max_concurrent = 0
        self.bytes_sent = 0
        self.stopping = threading.Event()
        self.httpd = _Server(("127.0.0.1", 0), _Handler)
        self.httpd.owner = self
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def route(self, path: str, handler: Handler) -> str:
        self.routes[path] = handler
        return self.url(path)

    def page(
        self,
        path: str,
        status: int = 200,
        body: bytes = b"<html><head><title>A real page</title></head><body><h1>Report</h1></body></html>",
        headers: dict[str, str] | None = None,
        delay: float = 0.0,
    ) -> str:
        def handler(h: _Handler) -> None:
            if delay and not h.wait(delay):
                return
            h.reply(status, body, headers)

        return self.route(path, handler)

    def stop(self) -> None:
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def make_server() -> Iterator[Callable[[], LocalServer]]:
    servers: list[LocalServer] = []

    def make() -> LocalServer:
        server = LocalServer()
        servers.append(server)
        return server

    yield make
    for server in servers:
        server.stop()


@pytest.fixture
def server(make_server: Callable[[], LocalServer]) -> LocalServer:
    return make_server()


class RawServer:
    """A bare TCP server whose handler gets the socket: for malformed, empty and stalling answers."""

    def __init__(self, handler: Callable[[socket.socket], None]) -> None:
        self.handler = handler
        self.stopping = threading.Event()
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.05)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.port}"

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def _run(self) -> None:
        while not self.stopping.is_set():
            try:
                conn, _ = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            self.connections += 1
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        try:
            conn.settimeout(5)
            try:
                conn.recv(65536)
            except OSError:
                return
            self.handler(conn)
        except OSError:
            pass
        finally:
            conn.close()

    def stop(self) -> None:
        self.stopping.set()
        self.sock.close()


@pytest.fixture
def make_raw() -> Iterator[Callable[[Callable[[socket.socket], None]], RawServer]]:
    servers: list[RawServer] = []

    def make(handler: Callable[[socket.socket], None]) -> RawServer:
        server = RawServer(handler)
        servers.append(server)
        return server

    yield make
    for server in servers:
        server.stop()


def elapsed(fn: Callable[[], object]) -> tuple[object, float]:
    start = time.monotonic()
    value = fn()
    return value, time.monotonic() - start


@pytest.fixture
def site(make_server: Callable[[], LocalServer]) -> LocalServer:
    """A local server with a working page (/ok) and a dead one (/missing)."""
    server = make_server()
    server.page("/ok")
    server.page("/missing", status=404)
    return server


@pytest.fixture(autouse=True)
def bounded_reads(monkeypatch: pytest.MonkeyPatch) -> Iterator[BodyReads]:
    """Fail any link test whose requests read a response body without the bound (see
    :func:`hostile_http.watch_body_reads`)."""
    seen = watch_body_reads(monkeypatch)
    yield seen
    assert not seen, "response bodies read without the bound:\n" + "\n".join(seen[:10])


@pytest.fixture
def hostile() -> Iterator[Hostile]:
    answers = Hostile()
    yield answers
    answers.stop.set()
