"""Real sockets: threaded HTTP servers on 127.0.0.1 started by the tests (several ports = several hosts)."""

from __future__ import annotations

import gzip
import socket
import time

import pytest

from jtd_evidence.links import CheckOptions, LinkStatus, check_url, check_urls

QUICK = CheckOptions(connect_timeout=2.0, read_timeout=2.0, deadline=5.0, retries=1, backoff=0.05)


def allowed(*servers):
    return [s.host for s in servers]


def test_ok_and_keys_over_real_sockets(server):
    url = server.page("/report")
    result = check_urls([("k1", url)], options=QUICK, allow_hosts=allowed(server))[0]
    assert result.status is LinkStatus.OK
    assert result.keys == ("k1",)
    assert result.elapsed < 2


def test_server_that_never_answers_times_out(server):
    url = server.route("/hang", lambda h: h.wait(30))
    start = time.monotonic()
    result = check_url(url, options=QUICK, allow_hosts=allowed(server), read_timeout=0.5)
    took = time.monotonic() - start
    assert result.status is LinkStatus.TIMEOUT
    assert "timed out" in result.error
    assert took < 2.5


def test_drip_feeding_server_is_cut_at_the_deadline(make_raw):
    def drip(conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\n")
        for _ in range(100):
            conn.sendall(b"X-Drip: a\r\n")
            time.sleep(0.1)

    raw = make_raw(drip)
    start = time.monotonic()
    result = check_url(raw.url("/"), options=QUICK, allow_hosts=[raw.host], read_timeout=1.0, deadline=1.0)
    took = time.monotonic() - start
    assert result.status is LinkStatus.TIMEOUT
    assert "deadline" in result.error
    assert took < 2.0


def test_retry_after_is_honoured(server):
    def flaky(h):
        if server.hits["/busy"] == 1:
            h.reply(429, b"slow down", {"Retry-After": "1"})
        else:
            h.reply(200, b"<html><title>Fine</title></html>")

    url = server.route("/busy", flaky)
    start = time.monotonic()
    result = check_url(url, options=QUICK, allow_hosts=allowed(server))
    took = time.monotonic() - start
    assert result.status is LinkStatus.OK
    assert result.attempts == 2
    assert took >= 0.95


def test_persistent_429_is_rate_limited(server):
    url = server.page("/always", status=429, headers={"Retry-After": "0"})
    result = check_url(url, options=QUICK, allow_hosts=allowed(server), retries=2)
    assert result.status is LinkStatus.RATE_LIMITED
    assert server.hits["/always"] == 3


def test_head_refused_falls_back_to_get(server):
    def no_head(h):
        if h.command == "HEAD":
            h.reply(405, b"", {"Allow": "GET"})
        else:
            h.reply(200, b"%PDF-1.7 ...", {"Content-Type": "application/pdf"})

    url = server.route("/paper.pdf", no_head)
    result = check_url(url, options=QUICK, allow_hosts=allowed(server))
    assert result.status is LinkStatus.OK
    assert server.methods == [("HEAD", "/paper.pdf"), ("GET", "/paper.pdf")]


def test_redirect_chain_across_hosts_is_recorded(make_server):
    a, b, c = make_server(), make_server(), make_server()
    a.route("/start", lambda h: h.reply(301, b"", {"Location": b.url("/step")}))
    b.route("/step", lambda h: h.reply(302, b"", {"Location": c.url("/end")}))
    c.page("/end")
    result = check_url(a.url("/start"), options=QUICK, allow_hosts=allowed(a, b, c))
    assert result.status is LinkStatus.REDIRECT_PERMANENT
    assert [(hop.url, hop.status, hop.location) for hop in result.redirects] == [
        (a.url("/start"), 301, b.url("/step")),
        (b.url("/step"), 302, c.url("/end")),
    ]
    assert result.final_url == c.url("/end")
    assert result.suggestion == b.url("/step")


def test_redirect_loop_over_real_sockets(server):
    server.route("/a", lambda h: h.reply(302, b"", {"Location": "/b"}))
    server.route("/b", lambda h: h.reply(302, b"", {"Location": "/a"}))
    result = check_url(server.url("/a"), options=QUICK, allow_hosts=allowed(server))
    assert result.status is LinkStatus.BROKEN
    assert "loop" in result.error


def test_huge_body_is_not_downloaded(server):
    def huge(h):
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", str(10**9))
        h.end_headers()
        chunk = b"<p>" + b"x" * 65533
        try:
            for _ in range(10**9 // len(chunk)):
                h.wfile.write(chunk)
                with server.lock:
                    server.bytes_sent += len(chunk)
        except OSError:
            return

    url = server.route("/huge", huge)
    start = time.monotonic()
    result = check_url(url, options=QUICK, allow_hosts=allowed(server))
    assert result.status is LinkStatus.OK
    assert time.monotonic() - start < 3
    time.sleep(0.2)
    assert server.bytes_sent < 32 * 1024 * 1024  # socket buffers at most, not the gigabyte


def test_gzip_page_is_decoded_within_the_bound(server):
    body = gzip.compress(b"<html><head><title>Page not found</title></head>" + b" " * 5_000_000 + b"</html>")
    url = server.page("/gz", body=body, headers={"Content-Encoding": "gzip"})
    result = check_url(url, options=QUICK, allow_hosts=allowed(server))
    assert result.status is LinkStatus.SOFT_404


def test_per_host_limit_is_respected(make_server):
    servers = [make_server() for _ in range(3)]
    urls = [s.page(f"/p{i}", delay=0.15) for s in servers for i in range(6)]
    start = time.monotonic()
    results = check_urls(urls, options=QUICK, allow_hosts=allowed(*servers), per_host=2, concurrency=16)
    took = time.monotonic() - start
    assert {r.status for r in results} == {LinkStatus.OK}
    assert [s.max_concurrent for s in servers] == [2, 2, 2]
    assert took < 6 * 0.15 / 2 + 1.0  # the three hosts are checked side by side


def test_global_limit_is_respected(make_server):
    servers = [make_server() for _ in range(4)]
    in_flight = [0, 0]  # now, most

    def slow(h):
        with servers[0].lock:
            in_flight[0] += 1
            in_flight[1] = max(in_flight[1], in_flight[0])
        h.wait(0.1)
        with servers[0].lock:
            in_flight[0] -= 1
        h.reply(200, b"<html><title>ok</title></html>")

    urls = [s.route(f"/q{i}", slow) for s in servers for i in range(3)]
    results = check_urls(urls, options=QUICK, allow_hosts=allowed(*servers), concurrency=2)
    assert {r.status for r in results} == {LinkStatus.OK}
    assert in_flight[1] == 2


def test_private_address_refused_without_connecting(make_server):
    open_, closed = make_server(), make_server()
    url = closed.page("/secret")
    result = check_url(url, options=QUICK, allow_hosts=allowed(open_))
    assert result.status is LinkStatus.UNSAFE
    assert "loopback" in result.error and f"--allow-host {closed.host}" in result.error
    assert closed.hits["/secret"] == 0


def test_public_name_resolving_to_private_address_is_refused(server):
    server.page("/x")

    def resolver(host, port):
        return ["127.0.0.1"] if host == "innocent.example.org" else []

    url = f"http://innocent.example.org:{server.port}/x"
    refused = check_url(url, options=QUICK, resolver=resolver)
    assert refused.status is LinkStatus.UNSAFE
    assert "innocent.example.org (127.0.0.1)" in refused.error
    assert server.hits["/x"] == 0
    allowed_by_name = check_url(
        url, options=QUICK, resolver=resolver, allow_hosts=[f"innocent.example.org:{server.port}"]
    )
    assert allowed_by_name.status is LinkStatus.OK


def test_redirect_to_private_address_is_refused(make_server):
    public, private = make_server(), make_server()
    private.page("/admin")
    url = public.route("/go", lambda h: h.reply(302, b"", {"Location": private.url("/admin")}))
    result = check_url(url, options=QUICK, allow_hosts=allowed(public))
    assert result.status is LinkStatus.UNSAFE
    assert private.url("/admin") in result.error
    assert private.hits["/admin"] == 0
    assert result.redirects[0].location == private.url("/admin")


def test_allow_private_lifts_the_rule(server):
    url = server.page("/x")
    assert check_url(url, options=QUICK, allow_private=True).status is LinkStatus.OK


def test_allow_host_port_must_match(server):
    url = server.page("/x")
    result = check_url(
        url, options=QUICK, allow_hosts=[f"127.0.0.1:{server.port + 1 if server.port < 65535 else 1}"]
    )
    assert result.status is LinkStatus.UNSAFE


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (b"", LinkStatus.PROTOCOL_ERROR),
        (b"this is not http\r\n\r\n", LinkStatus.PROTOCOL_ERROR),
        (
            b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nContent-Type: text/html\r\n\r\n<html>",
            LinkStatus.PROTOCOL_ERROR,
        ),
        (b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nContent-Type: application/pdf\r\n\r\n", LinkStatus.OK),
    ],
)
def test_malformed_and_empty_responses(make_raw, answer, expected):
    raw = make_raw(lambda conn: conn.sendall(answer) if answer else None)
    result = check_url(raw.url("/"), options=QUICK, allow_hosts=[raw.host], retries=0)
    assert result.status is expected, result.error


def test_connection_refused_is_broken():
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    result = check_url(f"http://127.0.0.1:{port}/", options=QUICK, allow_hosts=[f"127.0.0.1:{port}"])
    assert result.status is LinkStatus.BROKEN
    assert "refused" in result.error
    assert result.attempts == 2


def test_redirect_to_itself_that_sets_a_cookie_is_not_a_loop(server):
    def cookie_gate(h):
        if "seen=1" in (h.headers.get("Cookie") or ""):
            h.reply(200, b"<html><title>Article</title></html>")
        else:
            h.reply(302, b"", {"Location": "/article", "Set-Cookie": "seen=1; Path=/"})

    url = server.route("/article", cookie_gate)
    result = check_url(url, options=QUICK, allow_hosts=allowed(server))
    assert result.status is LinkStatus.REDIRECT_TEMPORARY
    assert len(result.redirects) == 1


def test_body_without_length_on_a_connection_left_open_is_judged_on_what_arrived(make_raw):
    def no_length(conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><title>Fine</title></html>")
        time.sleep(3)

    raw = make_raw(no_length)
    start = time.monotonic()
    result = check_url(raw.url("/"), options=QUICK, allow_hosts=[raw.host], read_timeout=1.0)
    assert result.status is LinkStatus.OK  # the page arrived; only its end never did
    assert time.monotonic() - start < 1.9


def test_page_whose_body_never_comes_is_a_timeout(make_raw):
    def headers_only(conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 500\r\n\r\n")
        time.sleep(3)

    raw = make_raw(headers_only)
    result = check_url(raw.url("/"), options=QUICK, allow_hosts=[raw.host], read_timeout=0.5)
    assert result.status is LinkStatus.TIMEOUT
    assert "body" in result.error
