#!/usr/bin/env python3
"""Run ``check-urls`` against hostile local servers and print what each case costs and gives.

A raw TCP server in this process (127.0.0.1, one port) answers each path with one hostile
answer: endless bodies, gzip bombs and 200 MB bodies behind 301/302/200, a Location that is
not a URL or not UTF-8, headers cut off by a closed connection, terminal escape sequences and
rich markup in the reason phrase. Each case runs ``check-urls`` in a child process of its own
(then all of them in one run), and the table shows the child's peak resident memory, its
time, its exit status and the status class it reported (or why no report came out). Cache
faults (a row that is not an object, a folder, a read-only file) and ``--allow-host`` in
Unicode are cases too; ``*.test`` names resolve to 127.0.0.1 in the child.

    python scripts/bench_hostile_links.py                   # this checkout's src/
    python scripts/bench_hostile_links.py --src /other/src  # another tree (before/after)
    python scripts/bench_hostile_links.py --only 302-endless --deadline 5

Nothing leaves the machine: every URL is on 127.0.0.1 (allowed with --allow-host).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import socket
import stat
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

# -- the hostile server ---------------------------------------------------------------------

_CHUNK = b"a" * 65536
_OK_PAGE = b"<html><head><title>A real page</title></head><body><h1>Report</h1></body></html>"


def gzip_bomb(gib: int = 1) -> bytes:
    """A gzip stream of ``gib`` GiB of zeros in about 1 MB (one compressed 16 MiB block, repeated:
    a full flush between them makes each copy independent)."""
    zeros = b"\0" * (1 << 24)
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = deflate.compress(zeros) + deflate.flush(zlib.Z_FULL_FLUSH)
    copies = gib * 64
    crc = 0
    for _ in range(copies):
        crc = zlib.crc32(zeros, crc)
    last = zlib.compressobj(9, zlib.DEFLATED, -15).flush()
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    return header + block * copies + last + struct.pack("<II", crc, (copies << 24) & 0xFFFFFFFF)


def _head(status: str, *headers: bytes | str) -> bytes:
    lines = [f"HTTP/1.1 {status}".encode("latin-1")]
    lines += [h.encode("latin-1") if isinstance(h, str) else h for h in headers]
    return b"\r\n".join(lines) + b"\r\n\r\n"


def _endless(conn: socket.socket, stop: threading.Event) -> None:
    while not stop.is_set():
        conn.sendall(_CHUNK)


def _sized(conn: socket.socket, stop: threading.Event, size: int) -> None:
    sent = 0
    while sent < size and not stop.is_set():
        piece = _CHUNK[: size - sent]
        conn.sendall(piece)
        sent += len(piece)


class HostileServer:
    """One listening socket; the request path picks the answer."""

    def __init__(self) -> None:
        self.stop = threading.Event()
        self.bomb = gzip_bomb()
        self.sock = socket.create_server(("127.0.0.1", 0), backlog=64)
        self.sock.settimeout(0.1)
        self.port = int(self.sock.getsockname()[1])
        bomb_headers = ("Content-Encoding: gzip", f"Content-Length: {len(self.bomb)}")
        mb200 = 200 * 1024 * 1024
        self.answers: dict[str, Callable[[socket.socket], None]] = {
            "/ok": lambda c: c.sendall(
                _head("200 OK", "Content-Type: text/html", f"Content-Length: {len(_OK_PAGE)}") + _OK_PAGE
            ),
            "/302-endless": lambda c: (
                c.sendall(
                    _head("302 Found", "Location: /ok", "Content-Type: text/html", "Connection: close")
                ),
                _endless(c, self.stop),
            ),
            "/302-gzip-bomb": lambda c: c.sendall(
                _head("302 Found", "Location: /ok", "Content-Type: text/html", *bomb_headers) + self.bomb
            ),
            "/301-200mb": lambda c: (
                c.sendall(
                    _head("301 Moved", "Location: /ok", "Content-Type: text/html", f"Content-Length: {mb200}")
                ),
                _sized(c, self.stop, mb200),
            ),
            "/200-endless": lambda c: (
                c.sendall(_head("200 OK", "Content-Type: text/html", "Connection: close")),
                _endless(c, self.stop),
            ),
            "/200-gzip-bomb": lambda c: c.sendall(
                _head("200 OK", "Content-Type: text/html", *bomb_headers) + self.bomb
            ),
            "/200-200mb.pdf": lambda c: (
                c.sendall(_head("200 OK", "Content-Type: application/pdf", f"Content-Length: {mb200}")),
                _sized(c, self.stop, mb200),
            ),
            "/bad-ipv6-location": lambda c: c.sendall(
                _head("302 Found", "Location: http://[::1", "Content-Length: 0")
            ),
            "/non-utf8-location": lambda c: c.sendall(
                _head("302 Found", b"Location: http://\xff\xfe.example/x", "Content-Length: 0")
            ),
            "/closed-mid-headers": lambda c: c.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"),
            "/escape-reason": lambda c: c.sendall(
                _head(
                    "404 \x1b]0;owned\x07\x1b[2J[bold red]Not[/] Found\x9b31m",
                    "Content-Type: text/html",
                    "Content-Length: 0",
                )
            ),
        }
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def _accept(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            try:
                conn.settimeout(30)
                request = b""
                while b"\r\n\r\n" not in request and len(request) < 65536:
                    piece = conn.recv(4096)
                    if not piece:
                        return
                    request += piece
                path = request.split(b" ", 2)[1].decode("latin-1").split("?", 1)[0]
                answer = self.answers.get(path, self.answers["/ok"])
                answer(conn)
            except (OSError, IndexError):
                return

    def close(self) -> None:
        self.stop.set()
        self.sock.close()


# -- running the checker -----------------------------------------------------------------------

CHILD = """
import socket, sys
_resolve = socket.getaddrinfo
def _local(host, *args, **kwargs):
    if isinstance(host, str) and host.rstrip('.').endswith('.test'):
        host = '127.0.0.1'
    return _resolve(host, *args, **kwargs)
socket.getaddrinfo = _local
import atexit
def _peak():  # this process's own peak: ru_maxrss would include the parent's size at the fork
    with open('/proc/self/status') as status:
        sys.stderr.write(next(l for l in status if l.startswith('VmHWM:')) + '\\n')
atexit.register(_peak)
from jtd_evidence.cli import main
raise SystemExit(main(["check-urls", *sys.argv[1:]]))
"""

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@dataclass
class Case:
    name: str
    paths: list[str]
    extra: list[str] = field(default_factory=list)
    host: str = "127.0.0.1"
    fmt: str = "json"


@dataclass
class Row:
    case: str
    peak_mb: float
    seconds: float
    exit: int
    outcome: str


def _cache_row_not_object(folder: Path, url: str) -> list[str]:
    path = folder / "links.json"
    rows = {"http://elsewhere.test/a": ["not", "an", "object"], "http://elsewhere.test/b": "text"}
    path.write_text(json.dumps({"version": 1, "results": rows}), encoding="utf-8")
    return ["--cache", str(path)]


def _cache_is_folder(folder: Path, url: str) -> list[str]:
    path = folder / "links.json"
    path.mkdir()
    return ["--cache", str(path)]


def _cache_read_only(folder: Path, url: str) -> list[str]:
    path = folder / "links.json"
    path.write_text(json.dumps({"version": 1, "results": {}}), encoding="utf-8")
    path.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    if os.geteuid() == 0:  # root writes through file modes: make it immutable instead
        subprocess.run(["chattr", "+i", str(path)], check=True)
    return ["--cache", str(path)]


def _writable_again(folder: Path) -> None:
    path = folder / "links.json"
    if os.geteuid() == 0 and path.is_file():
        subprocess.run(["chattr", "-i", str(path)], check=False)


HOSTILE = [
    "/302-endless",
    "/302-gzip-bomb",
    "/301-200mb",
    "/200-endless",
    "/200-gzip-bomb",
    "/200-200mb.pdf",
    "/bad-ipv6-location",
    "/non-utf8-location",
    "/closed-mid-headers",
    "/escape-reason",
]


def cases() -> list[Case]:
    found = [Case(path.strip("/"), [path]) for path in HOSTILE]
    found.append(Case("all of the above + /ok", [*HOSTILE, "/ok"]))
    for fmt in ("terminal", "markdown", "csv", "html"):
        found.append(Case(f"escape-reason as {fmt}", ["/escape-reason"], fmt=fmt))
    found += [
        Case("cache row not an object", ["/ok"]),
        Case("cache path is a folder", ["/ok"]),
        Case("cache file read-only", ["/ok"]),
        Case("--allow-host bücher.test", ["/ok"], host="xn--bcher-kva.test"),
    ]
    return found


_CACHE_SETUP = {
    "cache row not an object": _cache_row_not_object,
    "cache path is a folder": _cache_is_folder,
    "cache file read-only": _cache_read_only,
}


def run_case(
    case: Case, server: HostileServer, src: Path, deadline: float, limit: float, memory_cap: int
) -> Row:
    with tempfile.TemporaryDirectory(prefix="hostile-") as scratch:
        folder = Path(scratch) / "work"
        folder.mkdir()
        urls = [server.url(p, case.host) for p in case.paths]
        url_file = Path(scratch) / "urls.txt"
        url_file.write_text("\n".join(urls) + "\n", encoding="utf-8")
        allow = f"{'bücher.test' if case.host != '127.0.0.1' else '127.0.0.1'}:{server.port}"
        argv = ["--urls", str(url_file), "--format", case.fmt, "--allow-host", allow]
        argv += ["--deadline", f"{deadline:g}", "--retries", "0", "--quiet"]
        setup = _CACHE_SETUP.get(case.name)
        argv += setup(folder, urls[0]) if setup else ["--no-cache"]
        env = {**os.environ, "PYTHONPATH": str(src), "COLUMNS": "120"}
        start = time.monotonic()
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, *argv],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (memory_cap, memory_cap)),
        )
        timer = threading.Timer(limit, child.kill)
        timer.start()
        out_chunks: list[bytes] = []
        err_chunks: list[bytes] = []
        readers = [
            threading.Thread(target=lambda: out_chunks.append(child.stdout.read())),  # type: ignore[union-attr]
            threading.Thread(target=lambda: err_chunks.append(child.stderr.read())),  # type: ignore[union-attr]
        ]
        for reader in readers:
            reader.start()
        _pid, status, usage = os.wait4(child.pid, 0)
        for reader in readers:
            reader.join()
        timer.cancel()
        seconds = time.monotonic() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        _writable_again(folder)
        out = b"".join(out_chunks).decode("utf-8", "replace")
        err = b"".join(err_chunks).decode("utf-8", "replace")
    outcome = _outcome(case, out, err, child.returncode)
    peak = re.search(r"VmHWM:\s*(\d+) kB", err)
    peak_kb = int(peak.group(1)) if peak else usage.ru_maxrss  # killed: the kernel's count
    return Row(case.name, peak_kb / 1024, seconds, child.returncode, outcome)


def _outcome(case: Case, out: str, err: str, code: int) -> str:
    if code < 0:
        return f"killed by signal {-code}, no report"
    lines = [line for line in err.strip().splitlines() if not line.startswith("VmHWM:")]
    last = (lines or [""])[-1]
    if case.fmt != "json":
        if not out.strip():
            return f"no report: {last[:60]!r}"
        raw = sorted({f"{ord(c):#04x}" for c in _CONTROL.findall(out)})
        markup = "[bold red]" not in out and case.fmt == "terminal"
        return ("control characters " + " ".join(raw) if raw else "no control characters") + (
            "; rich markup interpreted" if markup else ""
        )
    try:
        report = json.loads(out)
    except ValueError:
        return f"no report: {last[:70]!r}"
    statuses = report.get("summary", {})
    shown = ", ".join(f"{k} {v}" for k, v in sorted(statuses.items()))
    if len(case.paths) == 1:
        result = report["results"][0]
        error = result.get("error") or ""
        shown = f"{result['status']}: {error[:70]!r}" if error else result["status"]
    warning = " + cache warning" if "warning" in err and "cache" in err else ""
    return shown + warning


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", type=Path, default=Path(__file__).resolve().parents[1] / "src")
    parser.add_argument("--deadline", type=float, default=10.0, help="--deadline given to check-urls")
    parser.add_argument("--limit", type=float, default=120.0, help="seconds before a child is killed")
    parser.add_argument("--memory-cap-mb", type=int, default=6144, help="address-space cap of each child")
    parser.add_argument("--only", action="append", default=[], help="run only the cases named so")
    args = parser.parse_args()
    cap = args.memory_cap_mb * 1024 * 1024
    server = HostileServer()
    try:
        rows = []
        for case in cases():
            if args.only and case.name not in args.only:
                continue
            rows.append(run_case(case, server, args.src, args.deadline, args.limit, cap))
            row = rows[-1]
            print(
                f"{row.case:<28} {row.peak_mb:>8.1f} {row.seconds:>7.2f} {row.exit:>4}  {row.outcome}",
                flush=True,
            )
    finally:
        server.close()
    print()
    print(
        f"| case | peak RSS MB | seconds | exit | outcome |  (src {args.src}, --deadline {args.deadline:g})"
    )
    print("| --- | ---: | ---: | ---: | --- |")
    for row in rows:
        outcome = row.outcome.replace("|", "\\|")
        print(f"| {row.case} | {row.peak_mb:.1f} | {row.seconds:.2f} | {row.exit} | {outcome} |")


if __name__ == "__main__":
    main()
