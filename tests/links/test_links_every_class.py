"""One run against local servers that reproduce every status class (the release check in miniature)."""

from __future__ import annotations

import socket

from jtd_evidence.links import CheckOptions, LinkStatus, check_urls
from jtd_evidence.links.reporters import render


def test_every_class_from_one_local_run(make_server, make_raw):
    site, other = make_server(), make_server()
    site.page(
        "/ok", body=b"<html><head><title>Report</title></head><body><h2 id='method'>Method</h2></body></html>"
    )
    site.route("/perm", lambda h: h.reply(301, b"", {"Location": "/ok"}))
    site.route("/temp", lambda h: h.reply(307, b"", {"Location": "/ok"}))
    site.page("/missing", status=404)
    site.page("/gone", status=410)
    site.page("/down", status=500)
    site.route("/hang", lambda h: h.wait(10))
    site.page("/busy", status=429, headers={"Retry-After": "0"})
    site.page("/private", status=403)
    site.page("/soft", body=b"<html><head><title>Sorry, page not found</title></head></html>")
    other.page("/x")
    garbage = make_raw(lambda conn: conn.sendall(b"\x00\x01garbage\r\n\r\n"))

    def resolver(host: str, port: int) -> list[str]:
        if host == "no-such-host.test":
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return ["127.0.0.1"]

    expected = {
        site.url("/ok"): LinkStatus.OK,
        site.url("/ok#method"): LinkStatus.OK,
        site.url("/ok#results"): LinkStatus.FRAGMENT_MISSING,
        site.url("/perm"): LinkStatus.REDIRECT_PERMANENT,
        site.url("/temp"): LinkStatus.REDIRECT_TEMPORARY,
        site.url("/missing"): LinkStatus.BROKEN,
        site.url("/gone"): LinkStatus.GONE,
        site.url("/down"): LinkStatus.SERVER_ERROR,
        site.url("/hang"): LinkStatus.TIMEOUT,
        site.url("/busy"): LinkStatus.RATE_LIMITED,
        f"http://no-such-host.test:{site.port}/": LinkStatus.DNS_ERROR,
        f"https://127.0.0.1:{site.port}/ok": LinkStatus.TLS_ERROR,
        site.url("/private"): LinkStatus.BLOCKED,
        site.url("/soft"): LinkStatus.SOFT_404,
        garbage.url("/"): LinkStatus.PROTOCOL_ERROR,
        other.url("/x"): LinkStatus.UNSAFE,
        "#": LinkStatus.INVALID,
        site.url("/drafts/x"): LinkStatus.EXCLUDED,
    }
    options = CheckOptions(
        read_timeout=0.5,
        deadline=3.0,
        retries=1,
        backoff=0.05,
        check_fragments=True,
        allow_hosts=(site.host, garbage.host, f"no-such-host.test:{site.port}"),
        resolver=resolver,
        exclude=("/drafts/",),
    )
    results = check_urls(list(expected), options=options)
    assert {r.url: r.status for r in results} == expected
    assert {r.status for r in results} == set(LinkStatus)  # every class is reproduced
    by_url = {r.url: r for r in results}
    assert by_url[site.url("/perm")].suggestion == site.url("/ok")
    assert "certificate" in by_url[f"https://127.0.0.1:{site.port}/ok"].error.lower() or "tls" in (
        by_url[f"https://127.0.0.1:{site.port}/ok"].error.lower()
    )
    page = render("html", results, {"generated_at": "today"})
    assert all(f'id="{status.value}"' in page for status in LinkStatus)
