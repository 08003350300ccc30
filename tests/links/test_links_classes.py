"""Every status class, through `responses` (no sockets at all)."""

from __future__ import annotations

import http.client
import socket

import pytest
import requests
import responses
from urllib3.exceptions import MaxRetryError, NameResolutionError, NewConnectionError, ProtocolError

from jtd_evidence.links import CheckOptions, LinkStatus, check_url, check_urls
from jtd_evidence.models import Entry

FAST = CheckOptions(retries=2, backoff=0.0, retry_after_cap=1.0, deadline=10.0)
PAGE = b"<html><head><title>Annual report</title></head><body><h1>Report</h1><p id='s2'>x</p></body></html>"
HTML = "text/html; charset=utf-8"


@pytest.fixture
def web():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


def page(web, url, status=200, body=PAGE, method=responses.GET, **headers):
    web.add(method, url, status=status, body=body, content_type=HTML, headers=headers or None)


def one(url, **overrides):
    return check_url(url, options=FAST, **overrides)


def test_ok(web):
    page(web, "https://ok.example.org/report")
    result = one("https://ok.example.org/report")
    assert result.status is LinkStatus.OK
    assert (result.http_status, result.redirects, result.attempts) == (200, (), 1)
    assert result.final_url == "https://ok.example.org/report"
    assert result.content_type == HTML
    assert result.error is None


def test_redirect_permanent_suggests_new_url(web):
    web.add(
        responses.GET,
        "http://moved.example.org/a",
        status=301,
        headers={"Location": "https://moved.example.org/b"},
    )
    page(web, "https://moved.example.org/b")
    result = one("http://moved.example.org/a")
    assert result.status is LinkStatus.REDIRECT_PERMANENT
    assert result.suggestion == "https://moved.example.org/b"
    assert [(h.status, h.location) for h in result.redirects] == [(301, "https://moved.example.org/b")]
    assert result.final_url == "https://moved.example.org/b"


def test_redirect_permanent_then_temporary_suggests_after_permanent_part(web):
    web.add(
        responses.GET, "http://m.example.org/a", status=308, headers={"Location": "https://m.example.org/a"}
    )
    web.add(responses.GET, "https://m.example.org/a", status=302, headers={"Location": "/a/session-123"})
    page(web, "https://m.example.org/a/session-123")
    result = one("http://m.example.org/a#sec")
    assert result.status is LinkStatus.REDIRECT_PERMANENT
    assert result.suggestion == "https://m.example.org/a#sec"
    assert len(result.redirects) == 2


@pytest.mark.parametrize("status", [302, 303, 307])
def test_redirect_temporary(web, status):
    web.add(
        responses.GET, "https://t.example.org/latest", status=status, headers={"Location": "/2024/report"}
    )
    page(web, "https://t.example.org/2024/report")
    result = one("https://t.example.org/latest")
    assert result.status is LinkStatus.REDIRECT_TEMPORARY
    assert result.redirects[0].status == status
    assert result.suggestion is None


@pytest.mark.parametrize("status", [404, 400, 405, 406, 414, 418])
def test_broken_4xx(web, status):
    page(web, "https://b.example.org/x", status=status, body=b"<html><title>Error</title></html>")
    result = one("https://b.example.org/x")
    assert result.status is LinkStatus.BROKEN
    assert result.http_status == status
    assert f"HTTP {status}" in result.error


def test_redirect_to_404_is_broken(web):
    web.add(responses.GET, "https://b.example.org/old", status=301, headers={"Location": "/new"})
    page(web, "https://b.example.org/new", status=404)
    result = one("https://b.example.org/old")
    assert result.status is LinkStatus.BROKEN
    assert "after 1 redirect" in result.error


def test_redirect_loop_is_broken(web):
    web.add(responses.GET, "https://l.example.org/a", status=302, headers={"Location": "/b"})
    web.add(responses.GET, "https://l.example.org/b", status=302, headers={"Location": "/a"})
    result = one("https://l.example.org/a")
    assert result.status is LinkStatus.BROKEN
    assert "loop" in result.error
    assert len(result.redirects) == 2


def test_too_many_redirects_is_broken(web):
    for i in range(15):
        web.add(responses.GET, f"https://m.example.org/{i}", status=302, headers={"Location": f"/{i + 1}"})
    result = one("https://m.example.org/0")
    assert result.status is LinkStatus.BROKEN
    assert "more than 10 redirects" in result.error
    assert len(result.redirects) == 11


def test_redirect_to_other_scheme_is_broken(web):
    web.add(
        responses.GET, "https://s.example.org/a", status=302, headers={"Location": "ftp://s.example.org/a"}
    )
    assert one("https://s.example.org/a").status is LinkStatus.BROKEN


def _refused(url):
    inner = NewConnectionError(None, "Failed to establish a new connection: [Errno 111] Connection refused")
    inner.__cause__ = ConnectionRefusedError(111, "Connection refused")
    return requests.exceptions.ConnectionError(MaxRetryError(None, url, reason=inner))


def test_connection_refused_is_broken_after_retries(web):
    web.add(responses.GET, "https://r.example.org/", body=_refused("/"))
    result = one("https://r.example.org/")
    assert result.status is LinkStatus.BROKEN
    assert "refused" in result.error
    assert result.attempts == 3


def test_gone(web):
    page(web, "https://g.example.org/x", status=410)
    result = one("https://g.example.org/x")
    assert result.status is LinkStatus.GONE
    assert result.http_status == 410


def test_server_error_after_retries(web):
    page(web, "https://e.example.org/x", status=503)
    result = one("https://e.example.org/x")
    assert result.status is LinkStatus.SERVER_ERROR
    assert result.attempts == 3
    assert len(web.calls) == 3


def test_server_error_recovers_on_retry(web):
    page(web, "https://e.example.org/y", status=502)
    page(web, "https://e.example.org/y")
    result = one("https://e.example.org/y")
    assert result.status is LinkStatus.OK
    assert result.attempts == 2


@pytest.mark.parametrize(
    "error",
    [
        requests.exceptions.ReadTimeout("read timed out"),
        requests.exceptions.ConnectTimeout("connect timed out"),
    ],
)
def test_timeout(web, error):
    web.add(responses.GET, "https://slow.example.org/", body=error)
    result = one("https://slow.example.org/")
    assert result.status is LinkStatus.TIMEOUT
    assert "timed out" in result.error
    assert result.attempts == 1  # timeouts are not retried: the deadline would be spent waiting


def test_rate_limited_after_honouring_retry_after(web):
    page(web, "https://rl.example.org/", status=429, **{"Retry-After": "0"})
    result = one("https://rl.example.org/")
    assert result.status is LinkStatus.RATE_LIMITED
    assert result.attempts == 3


def test_rate_limited_at_once_when_retry_after_exceeds_cap(web):
    page(web, "https://rl.example.org/long", status=429, **{"Retry-After": "3600"})
    result = one("https://rl.example.org/long")
    assert result.status is LinkStatus.RATE_LIMITED
    assert result.attempts == 1
    assert "3600" in result.error


def _dns_failure(host):
    reason = NameResolutionError(host, None, socket.gaierror(socket.EAI_NONAME, "Name or service not known"))
    return requests.exceptions.ConnectionError(MaxRetryError(None, "/", reason=reason))


def test_dns_error_suggests_closest_host_in_the_input(web):
    web.add(responses.GET, "https://wwwgov.uk/guidance/x", body=_dns_failure("wwwgov.uk"))
    page(web, "https://www.gov.uk/guidance/y")
    results = {
        r.url: r
        for r in check_urls(["https://wwwgov.uk/guidance/x", "https://www.gov.uk/guidance/y"], options=FAST)
    }
    bad = results["https://wwwgov.uk/guidance/x"]
    assert bad.status is LinkStatus.DNS_ERROR
    assert bad.suggestion == "https://www.gov.uk/guidance/x"
    assert bad.attempts == 1  # a name that does not exist is not retried


def test_dns_error_without_a_close_host_has_no_suggestion(web):
    web.add(responses.GET, "https://nowhere.invalid/", body=_dns_failure("nowhere.invalid"))
    result = one("https://nowhere.invalid/")
    assert result.status is LinkStatus.DNS_ERROR
    assert result.suggestion is None


def test_tls_error(web):
    web.add(
        responses.GET,
        "https://tls.example.org/",
        body=requests.exceptions.SSLError("certificate verify failed"),
    )
    result = one("https://tls.example.org/")
    assert result.status is LinkStatus.TLS_ERROR
    assert "certificate" in result.error


@pytest.mark.parametrize("status", [401, 403, 451])
def test_blocked_statuses(web, status):
    page(web, "https://bl.example.org/x", status=status)
    result = one("https://bl.example.org/x")
    assert result.status is LinkStatus.BLOCKED
    assert "browser" in result.suggestion


def test_cloudflare_challenge_is_blocked_not_server_error(web):
    body = b"<html><head><title>Just a moment...</title></head><body><script src='/cdn-cgi/challenge-platform/x'></script></body></html>"
    page(
        web,
        "https://cf.example.org/paper",
        status=503,
        body=body,
        **{"Server": "cloudflare", "cf-mitigated": "challenge"},
    )
    result = one("https://cf.example.org/paper")
    assert result.status is LinkStatus.BLOCKED
    assert "Cloudflare" in result.error
    assert result.attempts == 1  # a challenge is not retried


def test_challenge_page_with_200_is_blocked(web):
    body = b"<html><head><title>Are you a robot?</title></head><body>Please solve the CAPTCHA.</body></html>"
    page(web, "https://bot.example.org/x", body=body)
    assert one("https://bot.example.org/x").status is LinkStatus.BLOCKED


def test_page_with_recaptcha_form_is_not_blocked(web):
    body = PAGE.replace(
        b"</body>", b"<form><div class='g-recaptcha'></div></form>" + b"<p>text</p>" * 50 + b"</body>"
    )
    page(web, "https://form.example.org/x", body=body)
    assert one("https://form.example.org/x").status is LinkStatus.OK


def test_login_redirect_is_blocked(web):
    web.add(
        responses.GET,
        "https://j.example.org/article/1",
        status=302,
        headers={"Location": "/login?next=/article/1"},
    )
    page(web, "https://j.example.org/login")
    result = one("https://j.example.org/article/1")
    assert result.status is LinkStatus.BLOCKED
    assert "sign-in" in result.error


@pytest.mark.parametrize(
    "body",
    [
        b"<html><head><title>Page Not Found - Example</title></head><body>Sorry.</body></html>",
        b"<html><head><title>Example</title></head><body><h1>Oops! That page can't be found.</h1></body></html>",
        b"<html><head><title>Example</title></head><body><p>Error 404: we could not find that page.</p></body></html>",
        b"<html><head><title>Seite nicht gefunden</title></head></html>",
        b"<html><head><title>Example</title></head><body><p>The page you requested does not exist.</p></body></html>",
        b"<html><head><title>Site</title></head><body><p>The requested URL was not found on this server.</p></body></html>",
    ],
)
def test_soft_404_page(web, body):
    page(web, "https://soft.example.org/deep/report", body=body)
    result = one("https://soft.example.org/deep/report")
    assert result.status is LinkStatus.SOFT_404
    assert result.http_status == 200


def test_soft_404_redirect_of_deep_link_to_home(web):
    web.add(
        responses.GET,
        "https://home.example.org/publications/2019/report",
        status=301,
        headers={"Location": "https://home.example.org/"},
    )
    page(web, "https://home.example.org/")
    result = one("https://home.example.org/publications/2019/report")
    assert result.status is LinkStatus.SOFT_404
    assert "home page" in result.error


def test_soft_404_redirect_to_error_page(web):
    web.add(responses.GET, "https://e4.example.org/paper", status=302, headers={"Location": "/errors/404"})
    page(web, "https://e4.example.org/errors/404")
    assert one("https://e4.example.org/paper").status is LinkStatus.SOFT_404


def test_article_mentioning_not_found_in_long_text_is_ok(web):
    body = (
        b"<html><head><title>Why evidence is not always found</title></head><body><h1>Evidence</h1>"
        + b"<p>Long text about research.</p>" * 200
        + b"</body></html>"
    )
    page(web, "https://art.example.org/essay", body=body.replace(b"not always found", b"hard to use"))
    assert one("https://art.example.org/essay").status is LinkStatus.OK


def test_protocol_error(web):
    error = requests.exceptions.ConnectionError(
        ProtocolError(
            "Connection aborted.",
            http.client.RemoteDisconnected("Remote end closed connection without response"),
        )
    )
    web.add(responses.GET, "https://p.example.org/", body=error)
    result = one("https://p.example.org/")
    assert result.status is LinkStatus.PROTOCOL_ERROR


def test_redirect_without_location_is_protocol_error(web):
    web.add(responses.GET, "https://p.example.org/r", status=302)
    assert one("https://p.example.org/r").status is LinkStatus.PROTOCOL_ERROR


@pytest.mark.parametrize(
    "url",
    [
        "http://10.0.0.1/report",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/",
        "http://localhost:8080/x",
        "http://192.168.1.1/",
    ],
)
def test_unsafe_literal_addresses_are_refused_without_a_request(web, url):
    result = one(url)
    assert result.status is LinkStatus.UNSAFE
    assert "--allow-host" in result.error
    assert not web.calls


@pytest.mark.parametrize(
    "url",
    [
        "#",
        "",
        "TODO",
        "mailto:someone@example.org",
        "ftp://ftp.example.org/x",
        "https://",
        "www.example.org/x",
        "https://exa mple.org/",
        "https://example.org:99999/",
    ],
)
def test_invalid(web, url):
    result = one(url)
    assert result.status is LinkStatus.INVALID
    assert result.error
    assert not web.calls


def test_fragment_missing_and_present(web):
    page(web, "https://f.example.org/doc")
    results = {
        r.url: r
        for r in check_urls(
            ["https://f.example.org/doc#s2", "https://f.example.org/doc#s9"],
            options=FAST,
            check_fragments=True,
        )
    }
    assert results["https://f.example.org/doc#s2"].status is LinkStatus.OK
    assert results["https://f.example.org/doc#s2"].fragments_checked
    assert results["https://f.example.org/doc#s9"].status is LinkStatus.FRAGMENT_MISSING
    assert len(web.calls) == 1  # one fetch serves both anchors


def test_fragments_ignored_unless_asked(web):
    page(web, "https://f.example.org/doc")
    assert one("https://f.example.org/doc#nothing").status is LinkStatus.OK


def test_head_first_for_files_and_get_when_head_refused(web):
    web.add(responses.HEAD, "https://files.example.org/report.pdf", status=405)
    web.add(
        responses.GET,
        "https://files.example.org/report.pdf",
        status=200,
        body=b"%PDF-1.7",
        content_type="application/pdf",
    )
    result = one("https://files.example.org/report.pdf")
    assert result.status is LinkStatus.OK
    assert [c.request.method for c in web.calls] == ["HEAD", "GET"]


def test_head_is_enough_for_a_working_file(web):
    web.add(
        responses.HEAD,
        "https://files.example.org/data.xlsx",
        status=200,
        content_type="application/vnd.ms-excel",
    )
    result = one("https://files.example.org/data.xlsx")
    assert result.status is LinkStatus.OK
    assert [c.request.method for c in web.calls] == ["HEAD"]


def test_head_answering_html_is_followed_by_get_to_see_the_page(web):
    web.add(responses.HEAD, "https://files.example.org/old.pdf", status=200, content_type=HTML)
    page(web, "https://files.example.org/old.pdf", body=b"<html><title>404 - File not found</title></html>")
    result = one("https://files.example.org/old.pdf")
    assert result.status is LinkStatus.SOFT_404


def test_entries_doi_and_shared_urls_carry_all_keys(web):
    page(web, "https://shared.example.org/report")
    web.add(
        responses.GET,
        "https://doi.org/10.1234/abc.5",
        status=302,
        headers={"Location": "https://pub.example.org/article/5"},
    )
    page(web, "https://pub.example.org/article/5")
    entries = [
        Entry(key="b2020", title="B", url="https://shared.example.org/report"),
        Entry(key="a2019", title="A", url="https://shared.example.org/report", doi="10.1234/abc.5"),
    ]
    results = check_urls(entries, options=FAST)
    assert [r.url for r in results] == ["https://doi.org/10.1234/abc.5", "https://shared.example.org/report"]
    doi, shared = results
    assert shared.keys == ("a2019", "b2020")
    assert doi.keys == ("a2019",)
    assert doi.status is LinkStatus.OK  # a DOI redirects by design
    assert doi.final_url == "https://pub.example.org/article/5"
    assert len(web.calls) == 3


def test_key_url_pairs_and_sorting(web):
    page(web, "https://z.example.org/")
    page(web, "https://a.example.org/")
    results = check_urls(
        [("k1", "https://z.example.org/"), ("k2", "https://a.example.org/"), "https://z.example.org/"],
        options=FAST,
    )
    assert [(r.url, r.keys) for r in results] == [
        ("https://a.example.org/", ("k2",)),
        ("https://z.example.org/", ("k1",)),
    ]


def test_archive_suggestion(web):
    page(web, "https://dead.example.org/report", status=404)
    web.add(
        responses.GET,
        "https://archive.org/wayback/available",
        json={
            "archived_snapshots": {
                "closest": {
                    "available": True,
                    "status": "200",
                    "url": "http://web.archive.org/web/2020/https://dead.example.org/report",
                }
            }
        },
    )
    result = one("https://dead.example.org/report", suggest_archive=True)
    assert result.status is LinkStatus.BROKEN
    assert result.archive_url == "https://web.archive.org/web/2020/https://dead.example.org/report"
    assert result.suggestion == result.archive_url


def test_archive_lookup_failure_is_quiet(web):
    page(web, "https://dead.example.org/gone", status=410)
    web.add(responses.GET, "https://archive.org/wayback/available", status=503)
    result = one("https://dead.example.org/gone", suggest_archive=True)
    assert result.status is LinkStatus.GONE
    assert result.archive_url is None


def test_result_round_trips_through_dict(web):
    web.add(
        responses.GET, "http://rt.example.org/a", status=301, headers={"Location": "https://rt.example.org/a"}
    )
    page(web, "https://rt.example.org/a")
    result = one("http://rt.example.org/a")
    from jtd_evidence.links import LinkResult

    assert LinkResult.from_dict(result.to_dict()) == result
