"""A stand-in for the Crossref and OpenAlex REST APIs on 127.0.0.1, started by a test.

One server answers both: ``/crossref/works/{doi}``, ``/crossref/works?query.bibliographic=...``,
``/openalex/works/doi:{doi}`` and ``/openalex/works?search=...``, from works the test adds
(shaped as in :mod:`registry_samples`). A search returns the works sharing the most words with
the query, within the years of its filter. Faults can be planted for requests whose path and
query contain a given text: a list of (status, headers, body) answers given in turn, or one
answer for ever (a 500 storm). Every request is recorded with the time it arrived, so a test
can measure the rate the client kept.
"""

from __future__ import annotations

import contextlib
import json
import re
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from registry_samples import crossref_list, crossref_single, openalex_list

Reply = tuple[int, dict[str, str], bytes]
_WORD = re.compile(r"[a-z0-9]+")


@dataclass
class Seen:
    when: float
    registry: str
    path: str
    query: dict[str, str]
    user_agent: str


@dataclass
class _Fault:
    match: str
    replies: list[Reply]
    forever: bool


@dataclass
class FakeRegistries:
    crossref: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Crossref works by lower-case DOI (and searchable)."""
    crossref_unlisted: list[dict[str, Any]] = field(default_factory=list)
    """Crossref works without a DOI of their own in the index (searchable only)."""
    openalex: list[dict[str, Any]] = field(default_factory=list)
    seen: list[Seen] = field(default_factory=list)
    faults: list[_Fault] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    port: int = 0

    # -- set-up ---------------------------------------------------------------------------------
    def add_crossref(self, *works: dict[str, Any]) -> None:
        for work in works:
            self.crossref[work["DOI"].lower()] = work

    def fault(self, match: str, *replies: Reply, forever: bool = False) -> None:
        self.faults.append(_Fault(match, list(replies), forever))

    @property
    def crossref_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/crossref"

    @property
    def openalex_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/openalex"

    def times(self, registry: str | None = None) -> list[float]:
        return [s.when for s in self.seen if registry is None or s.registry == registry]

    # -- answering ------------------------------------------------------------------------------
    def answer(self, raw_path: str) -> Reply:
        parts = urlsplit(raw_path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        for fault in self.faults:
            if fault.match in unquote(raw_path) and fault.replies:
                return fault.replies[0] if fault.forever else fault.replies.pop(0)
        path = unquote(parts.path)
        if path.startswith("/crossref/works/"):
            work = self.crossref.get(path.removeprefix("/crossref/works/").lower())
            return (
                _json(crossref_single(work))
                if work
                else (404, {"Content-Type": "text/plain"}, b"Resource not found.")
            )
        if path == "/crossref/works":
            works = [*self.crossref.values(), *self.crossref_unlisted]
            text = f"{query.get('query.bibliographic', '')} {query.get('query.author', '')}"
            years = _years(query.get("filter", ""), r"from-pub-date:(\d{4}),until-pub-date:(\d{4})")
            found = _search(works, text, lambda w: " ".join(w.get("title", [])), years, _crossref_year)
            return _json(crossref_list(*found[: int(query.get("rows", "20"))]))
        if path.startswith("/openalex/works/doi:"):
            doi = path.removeprefix("/openalex/works/doi:").lower()
            for work in self.openalex:
                if (work.get("doi") or "").lower().removeprefix("https://doi.org/") == doi:
                    return _json(work)
            return 404, {"Content-Type": "application/json"}, b'{"error": "404 Not Found"}'
        if path == "/openalex/works":
            years = _years(query.get("filter", ""), r"publication_year:(\d{4})-(\d{4})")
            found = _search(
                self.openalex,
                query.get("search", ""),
                lambda w: w["title"],
                years,
                lambda w: w["publication_year"],
            )
            return _json(openalex_list(*found[: int(query.get("per-page", "25"))]))
        return 404, {"Content-Type": "text/plain"}, b"no such route"


def _json(data: Any) -> Reply:
    return 200, {"Content-Type": "application/json"}, json.dumps(data).encode()


def _crossref_year(work: dict[str, Any]) -> int:
    return int(work["issued"]["date-parts"][0][0])


def _years(text: str, pattern: str) -> tuple[int, int] | None:
    found = re.search(pattern, text)
    return (int(found.group(1)), int(found.group(2))) if found else None


def _search(
    works: list[dict[str, Any]], text: str, title: Any, years: tuple[int, int] | None, year: Any
) -> list[dict[str, Any]]:
    wanted = set(_WORD.findall(text.lower()))
    scored = []
    for work in works:
        if years is not None and not years[0] <= year(work) <= years[1]:
            continue
        shared = len(wanted & set(_WORD.findall(title(work).lower())))
        if shared >= 2:
            scored.append((-shared, len(scored), work))
    return [work for *_, work in sorted(scored, key=lambda t: (t[0], t[1]))]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    wbufsize = 65536  # headers and body in one write: no waiting on delayed ACKs
    disable_nagle_algorithm = True
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        return None

    def do_GET(self) -> None:
        fake = self.server.fake
        parts = urlsplit(self.path)
        with fake.lock:
            fake.seen.append(
                Seen(
                    time.monotonic(),
                    parts.path.split("/")[1],
                    parts.path,
                    {k: v[0] for k, v in parse_qs(parts.query).items()},
                    self.headers.get("User-Agent", ""),
                )
            )
            status, headers, body = fake.answer(self.path)
        self.send_response(status)
        headers = {"Content-Length": str(len(body)), **headers}
        if headers.get("Content-Length") == "omit":  # a body without a declared length
            del headers["Content-Length"]
            headers["Connection"] = "close"
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)  # the client may stop reading a body too large for it
        if "Connection" in headers:
            self.close_connection = True


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    fake: FakeRegistries

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a client hanging up on a huge body is fine
            super().handle_error(request, client_address)


@contextmanager
def running(fake: FakeRegistries) -> Iterator[FakeRegistries]:
    httpd = _Server(("127.0.0.1", 0), _Handler)
    httpd.fake = fake
    fake.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)
