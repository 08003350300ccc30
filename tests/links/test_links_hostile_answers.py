"""Hostile answers over real sockets: a garbled Location, headers cut off by a closed connection,
a URL that cannot be parsed, a fault nobody foresaw. Each URL gets its own result with a class, a
kind and a message; the others in the same run are checked as usual and the report comes out."""

from __future__ import annotations

import json

import pytest
from commands import check_urls as main
from hostile_http import head

from jtd_evidence.links import CheckOptions, LinkStatus, check_urls
from jtd_evidence.links import checker as checker_module
from jtd_evidence.links.types import ErrorKind

QUICK = CheckOptions(connect_timeout=2.0, read_timeout=2.0, deadline=5.0, retries=0)


def redirecting(make_raw, location: bytes):
    return make_raw(
        lambda conn: conn.sendall(head(b"302 Found", b"Location: " + location, b"Content-Length: 0"))
    )


def check_with(site, raw, *paths):
    urls = [raw.url(p) for p in paths] + [site.url("/ok")]
    results = {r.url: r for r in check_urls(urls, options=QUICK, allow_hosts=[raw.host, site.host])}
    assert results[site.url("/ok")].status is LinkStatus.OK  # the rest of the run is untouched
    return [results[raw.url(p)] for p in paths]


@pytest.mark.parametrize(
    ("location", "says"),
    [
        (b"http://[::1", "is not a URL (Invalid IPv6 URL)"),
        (b"http://\xff\xfe.example/x", "Location 'http://\\xff\\xfe.example/x' is not UTF-8 text"),
        (b"/a\x1b]0;title\x07", "contains control characters"),
        (b"http://example.org:99999/", "is not a URL (Port out of range"),
        (b"http://a..b/", "has a host name no site can have"),
    ],
)
def test_a_garbled_location_is_the_servers_malformed_redirect(make_raw, site, location, says):
    raw = redirecting(make_raw, location)
    (result,) = check_with(site, raw, "/moved")
    assert result.status is LinkStatus.PROTOCOL_ERROR  # not 'invalid': the URL checked is fine
    assert result.error_kind is ErrorKind.MALFORMED_REDIRECT
    assert result.error.startswith("the server sent a malformed redirect: Location ")
    assert says in result.error
    assert [hop.status for hop in result.redirects] == [302]


def test_a_utf8_location_is_followed_percent_encoded(make_raw, site):
    site.page("/caf%C3%A9")
    raw = redirecting(make_raw, site.url("/café").encode("utf-8"))
    (result,) = check_with(site, raw, "/old")
    assert result.status is LinkStatus.REDIRECT_TEMPORARY
    assert result.final_url == site.url("/caf%C3%A9")


def test_a_redirect_to_another_scheme_is_a_bad_redirect(make_raw, site):
    raw = redirecting(make_raw, b"ftp://files.example.org/report.pdf")
    (result,) = check_with(site, raw, "/moved")
    assert (result.status, result.error_kind) == (LinkStatus.BROKEN, ErrorKind.BAD_REDIRECT)


@pytest.mark.parametrize(
    "answer",
    [
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n",
        b"HTTP/1.1 200 OK\r\n",
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Le",
    ],
)
def test_headers_cut_off_by_a_closed_connection_are_not_ok(make_raw, site, answer):
    raw = make_raw(lambda conn: conn.sendall(answer))
    (result,) = check_with(site, raw, "/page")
    assert result.status is LinkStatus.PROTOCOL_ERROR
    assert result.error_kind is ErrorKind.PROTOCOL
    assert "closed the connection in the middle of the response headers" in result.error


def test_complete_headers_and_a_body_ended_by_closing_are_still_ok(make_raw, site):
    body = b"<html><title>Fine</title><h1>Report</h1></html>"
    raw = make_raw(lambda conn: conn.sendall(head(b"200 OK", b"Content-Type: text/html") + body))
    (result,) = check_with(site, raw, "/page")
    assert result.status is LinkStatus.OK


def test_a_url_that_cannot_be_parsed_is_invalid_and_the_run_goes_on(site):
    results = {
        r.url: r for r in check_urls(["http://[::1", site.url("/ok")], options=QUICK, allow_hosts=[site.host])
    }
    assert results[site.url("/ok")].status is LinkStatus.OK
    assert results["http://[::1"].status is LinkStatus.INVALID
    assert "is not a valid URL" in results["http://[::1"].error


def test_an_unforeseen_fault_is_that_urls_result(site, monkeypatch):
    real = checker_module.classify

    def faulty(url, outcome, **kwargs):
        if url.endswith("/missing"):
            raise RuntimeError("something nobody foresaw")
        return real(url, outcome, **kwargs)

    monkeypatch.setattr(checker_module, "classify", faulty)
    results = check_urls(
        [("k", site.url("/missing")), site.url("/ok")], options=QUICK, allow_hosts=[site.host]
    )
    broken, fine = results
    assert (broken.status, broken.error_kind, broken.keys) == (
        LinkStatus.PROTOCOL_ERROR,
        ErrorKind.INTERNAL,
        ("k",),
    )
    assert "RuntimeError: something nobody foresaw" in broken.error and "please report it" in broken.error
    assert fine.status is LinkStatus.OK


def test_the_report_comes_out_whatever_the_servers_send(make_raw, site, tmp_path, capsys):
    bad_host = redirecting(make_raw, b"http://[::1")
    cut = make_raw(lambda conn: conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"))
    listing = tmp_path / "urls.txt"
    listing.write_text(f"{bad_host.url('/a')}\n{cut.url('/b')}\n{site.url('/ok')}\n", encoding="utf-8")
    argv = ["--urls", str(listing), "--format", "json", "--no-cache", "--retries", "0"]
    for host in (bad_host.host, cut.host, site.host):
        argv += ["--allow-host", host]
    code = main(argv)
    captured = capsys.readouterr()
    assert code == 1
    report = json.loads(captured.out)
    assert report["summary"] == {"protocol-error": 2, "ok": 1}
    assert sorted(r["error_kind"] or "" for r in report["results"]) == ["", "malformed-redirect", "protocol"]
    assert "Traceback" not in captured.err


def test_an_archive_lookup_that_fails_unexpectedly_costs_only_the_suggestion(site, monkeypatch):
    from jtd_evidence.links.fetch import Fetcher

    real = Fetcher.fetch

    def faulty(self, url, **kwargs):
        if "wayback" in url:
            raise RuntimeError("the archive's answer broke something")
        return real(self, url, **kwargs)

    monkeypatch.setattr(Fetcher, "fetch", faulty)
    options = QUICK.replace(suggest_archive=True, archive_api="http://archive.invalid/wayback/available")
    (result,) = check_urls([site.url("/missing")], options=options, allow_hosts=[site.host])
    assert result.status is LinkStatus.BROKEN and result.archive_url is None
