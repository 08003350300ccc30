"""Hostile bodies over real sockets: endless, huge and gzip-bomb bodies behind 301, 302 and 200
are read only up to the bound (the autouse ``bounded_reads`` guard in conftest fails any test
whose requests read more), in little memory and little time."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
import tracemalloc
import zlib
from pathlib import Path

import pytest
import requests
from hostile_http import READ_TOTAL_LIMIT, gzip_bomb, head

from jtd_evidence.links import CheckOptions, LinkStatus, check_url

QUICK = CheckOptions(connect_timeout=2.0, read_timeout=2.0, deadline=5.0, retries=0)
MB200 = 200 * 1024 * 1024
SRC = Path(__file__).resolve().parents[2] / "src"


def _answers(hostile, ok_url):
    location = b"Location: " + ok_url.encode()
    html = b"Content-Type: text/html"
    bomb = gzip_bomb(256)
    zipped = (b"Content-Encoding: gzip", b"Content-Length: %d" % len(bomb))
    return {
        "302-endless": (hostile.endless(head(b"302 Found", location, html)), LinkStatus.REDIRECT_TEMPORARY),
        "302-gzip-bomb": (
            hostile.once(head(b"302 Found", location, html, *zipped) + bomb),
            LinkStatus.REDIRECT_TEMPORARY,
        ),
        "301-200mb": (
            hostile.sized(head(b"301 Moved", location, html, b"Content-Length: %d" % MB200), MB200),
            LinkStatus.REDIRECT_PERMANENT,
        ),
        "200-endless": (hostile.endless(head(b"200 OK", html)), LinkStatus.OK),
        "200-gzip-bomb": (hostile.once(head(b"200 OK", html, *zipped) + bomb), LinkStatus.OK),
        "200-200mb": (
            hostile.sized(head(b"200 OK", html, b"Content-Length: %d" % MB200), MB200),
            LinkStatus.OK,
        ),
    }


CASES = ["302-endless", "302-gzip-bomb", "301-200mb", "200-endless", "200-gzip-bomb", "200-200mb"]


@pytest.mark.parametrize("case", CASES)
def test_hostile_body_is_read_only_up_to_the_bound(case, hostile, make_raw, site):
    answer, expected = _answers(hostile, site.url("/ok"))[case]
    raw = make_raw(answer)
    tracemalloc.start()
    try:
        start = time.monotonic()
        result = check_url(raw.url("/report"), options=QUICK, allow_hosts=[raw.host, site.host])
        took = time.monotonic() - start
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.status is expected, result
    assert took < 3.0
    assert peak < 8 * 1024 * 1024  # bytes allocated at the worst moment: the bound, not the body
    hostile.stop.set()
    assert hostile.sent < 64 * 1024 * 1024  # what the socket took before the checker hung up


def test_the_guard_sees_an_unbounded_read(bounded_reads, make_raw):
    """The guard itself: requests' own redirect handling reads a redirect's body whole."""
    raw = make_raw(
        lambda conn: conn.sendall(head(b"302 Found", b"Location: /x", b"Content-Length: 5") + b"hello")
    )
    with requests.Session() as session:
        session.get(raw.url("/"), allow_redirects=False, stream=True, timeout=2).close()
    assert any("Response.content" in v or "unbounded" in v for v in bounded_reads)
    bounded_reads.clear()


def test_a_redirect_body_is_bounded_even_when_small_bodies_are_drained(hostile, make_raw, site):
    """A redirect whose gzip body inflates past the redirect bound: the connection is dropped, the
    redirect is still followed."""
    small = zlib.compress(bytes(1 << 20))
    answer = hostile.once(
        head(
            b"301 Moved",
            b"Location: " + site.url("/ok").encode(),
            b"Content-Encoding: deflate",
            b"Content-Length: %d" % len(small),
        )
        + small
    )
    raw = make_raw(answer)
    result = check_url(raw.url("/a"), options=QUICK, allow_hosts=[raw.host, site.host])
    assert result.status is LinkStatus.REDIRECT_PERMANENT
    assert result.final_url == site.url("/ok")


_CHILD = textwrap.dedent(
    """
    import sys
    from jtd_evidence.cli import main
    code = main(["check-urls", *sys.argv[1:]])
    # VmHWM: this process's own peak (ru_maxrss would include the parent's size at the fork)
    with open("/proc/self/status") as status:
        peak = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
    sys.stderr.write("peak-kb %s\\n" % peak)
    raise SystemExit(code)
    """
)


def test_a_whole_run_over_every_hostile_body_stays_small(hostile, make_raw, site, tmp_path):
    """check-urls in a process of its own over all the cases at once: a report for each, and a
    peak resident size far below what any one body would take."""
    urls = []
    hosts = [site.host]
    for answer, _expected in _answers(hostile, site.url("/ok")).values():
        raw = make_raw(answer)
        urls.append(raw.url("/report"))
        hosts.append(raw.host)
    listing = tmp_path / "urls.txt"
    listing.write_text("\n".join(urls) + "\n", encoding="utf-8")
    argv = ["--urls", str(listing), "--format", "json", "--no-cache", "--deadline", "10", "--retries", "0"]
    for host in hosts:
        argv += ["--allow-host", host]
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, *argv], capture_output=True, text=True, env=env, timeout=60
    )
    report = json.loads(done.stdout)
    assert report["total"] == len(CASES)
    assert report["summary"] == {"ok": 3, "redirect-permanent": 1, "redirect-temporary": 2}
    peak_mb = int(done.stderr.split("peak-kb ")[1].split()[0]) / 1024
    assert peak_mb < 100, f"peak resident size {peak_mb:.0f} MB"
    assert READ_TOTAL_LIMIT < 4 * 1024 * 1024
