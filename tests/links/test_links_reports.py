"""Link reports people read: the 'offline?' verdict, messages in words, titled and cited HTML,
where each report went, and --exclude (local servers and a stubbed resolver only)."""

from __future__ import annotations

import json
import re
import socket

import pytest
import requests
from commands import check_urls as main
from urllib3.exceptions import MaxRetryError, NameResolutionError

from jtd_evidence.exceptions import JTDError
from jtd_evidence.links import CheckOptions, LinkOptionsError, LinkResult, LinkStatus, check_urls
from jtd_evidence.links.failures import translate_error
from jtd_evidence.links.reporters import REPORTERS, UnknownReportFormatError, register_reporter, render
from jtd_evidence.links.reporters.common import readable_time, short_citation
from jtd_evidence.models import Entry, Person

LIBRARY_TEXT = re.compile(r"Connection(Pool)?\(|host=|object at 0x|Errno|Caused by|SSLError\(|\(_ssl")


@pytest.fixture
def no_dns(monkeypatch):
    """A computer without a network: every name lookup fails as it does offline."""

    def fail(host, *args, **kwargs):
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    monkeypatch.setattr(socket, "getaddrinfo", fail)


def url_list(tmp_path, urls):
    path = tmp_path / "urls.txt"
    path.write_text("\n".join(urls) + "\n", encoding="utf-8")
    return str(path)


# -- offline? ---------------------------------------------------------------------------------


def test_offline_is_one_verdict_not_a_blame_on_each_link(no_dns, tmp_path, capsys):
    urls = url_list(tmp_path, ["https://www.gov.uk/a", "https://example.org/b", "https://doi.org/10.1/x"])
    out = tmp_path / "links.html"
    code = main(["--urls", urls, "--no-cache", "--retries", "0", "--format", "html", "-o", str(out)])
    err = capsys.readouterr().err
    page = out.read_text(encoding="utf-8")
    assert code == 1  # nothing could be confirmed
    assert "offline?" in page and "3 hosts" in page
    assert "check the spelling" not in page
    assert not LIBRARY_TEXT.search(page), LIBRARY_TEXT.search(page)
    assert "DNS lookup failed temporarily: the name servers did not answer" in page
    assert err.startswith("offline? No host name could be looked up")
    for fmt in ("markdown", "terminal"):
        capsys.readouterr()
        main(["--urls", urls, "--no-cache", "--retries", "0", "--format", fmt])
        text = capsys.readouterr().out
        assert "offline?" in text and "check the spelling" not in text, fmt
    main(["--urls", urls, "--no-cache", "--retries", "0", "--format", "json"])
    assert json.loads(capsys.readouterr().out)["verdict"].startswith("offline?")


def test_one_unknown_host_among_working_ones_is_blamed_on_the_link(make_server, tmp_path, capsys):
    site = make_server()
    site.page("/ok")

    def resolver(host, port):
        if host == "no-such-host.test":
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return ["127.0.0.1"]

    options = CheckOptions(resolver=resolver, retries=0, allow_hosts=(site.host, "no-such-host.test"))
    results = check_urls([site.url("/ok"), f"http://no-such-host.test:{site.port}/"], options=options)
    page = render("html", results, {})
    assert "offline?" not in page
    assert "check the spelling" in page
    assert "host name does not resolve: no such host name is known" in page
    assert json.loads(render("json", results, {}))["verdict"] is None


# -- messages in words -------------------------------------------------------------------------


def test_failures_are_said_in_words_not_reprs():
    lookup = socket.gaierror(socket.EAI_NONAME, "Name or service not known")
    conn = type(
        "SafeHTTPSConnection", (), {"__repr__": lambda self: "SafeHTTPSConnection(host='x.org', port=443)"}
    )
    wrapped = requests.exceptions.ConnectionError(
        MaxRetryError(None, "/", reason=NameResolutionError("x.org", conn(), lookup))
    )
    failure = translate_error(wrapped, deadline=60)
    assert failure is not None
    assert failure.message == "host name does not resolve: no such host name is known"
    tls = requests.exceptions.SSLError(
        "SafeHTTPSConnectionPool(host='x.org', port=443): Max retries exceeded with url: / (Caused by "
        "SSLError(SSLError(1, '[SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:1006)')))"
    )
    failure = translate_error(tls, deadline=60)
    assert failure is not None and failure.message == "TLS error: wrong version number"


def test_real_network_failures_read_as_words(make_server):
    site = make_server()
    site.page("/ok")
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()  # nothing listens there any more
    urls = [f"https://{site.host}/ok", f"http://127.0.0.1:{port}/"]
    options = CheckOptions(retries=0, deadline=5.0, allow_hosts=(site.host, f"127.0.0.1:{port}"))
    for result in check_urls(urls, options=options):
        assert result.error and not LIBRARY_TEXT.search(result.error), result.error


# -- the HTML report ---------------------------------------------------------------------------


def test_readable_time():
    assert readable_time("2026-11-30T09:05:00Z") == "30 November 2026, 09:05 UTC"
    assert readable_time("today") == "today"


def test_short_citation():
    two = Entry(
        key="a",
        title="Joining the dots: a study of transitions",
        year=2020,
        authors=(Person(family="Smith", given="A."), Person(family="Jones")),
    )
    many = two.model_copy(update={"authors": (*two.authors, Person(literal="Ofsted"))})
    undated = Entry(
        key="b", title="A page without a date or author, with a title longer than sixty characters"
    )
    assert short_citation(two) == "Smith and Jones (2020) Joining the dots"
    assert short_citation(many) == "Smith et al. (2020) Joining the dots"
    assert short_citation(undated) == "(n.d.) A page without a date or author, with a title longer than…"


def test_html_report_is_titled_cited_stable_and_printable(make_server, tmp_path, capsys):
    from jtd_evidence.store import write_bib

    site = make_server()
    site.page("/ok")
    site.page("/missing", status=404)
    bib = tmp_path / "joining-the-dots.bib"
    author = (Person(family="Smith", given="A."),)
    write_bib(
        [
            Entry(
                key="smith2020",
                title="Good work on links: the long subtitle",
                year=2020,
                authors=author,
                url=site.url("/ok"),
            ),
            Entry(key="dead2019", title="Dead page", year=2019, url=site.url("/missing")),
        ],
        bib,
    )
    out, extra = tmp_path / "links.html", tmp_path / "links.md"
    argv = [str(bib), "--format", "html", "-o", str(out), "--report", f"markdown={extra}"]
    code = main([*argv, "--allow-host", site.host, "--no-cache", "--retries", "0", "--show-ok"])
    err = capsys.readouterr().err
    assert code == 1
    assert f"wrote {out}" in err and f"wrote {extra}" in err
    page = out.read_text(encoding="utf-8")
    title = re.search(r"<title>(.*)</title>", page).group(1)
    assert re.fullmatch(
        r"Link check of joining-the-dots\.bib, \d{1,2} [A-Z][a-z]+ \d{4}, \d\d:\d\d UTC", title
    )
    assert "<cite>Smith (2020) Good work on links</cite>" in page and "smith2020" in page
    assert "<cite>(2019) Dead page</cite>" in page
    assert "table-layout:fixed" in page and "@media print" in page
    tables = re.findall(r"<table>(<colgroup>.*?</colgroup>)<thead><tr><th>URL", page)
    assert len(tables) == 2 and len(set(tables)) == 1  # every link table has the same columns
    assert r"Smith (2020) Good work on links \[smith2020\]" in extra.read_text(encoding="utf-8")


def test_quiet_says_nothing_about_where_reports_went(make_server, tmp_path, capsys):
    site = make_server()
    site.page("/ok")
    out = tmp_path / "links.json"
    argv = ["--urls", url_list(tmp_path, [site.url("/ok")]), "--format", "json", "-o", str(out), "-q"]
    assert main([*argv, "--allow-host", site.host, "--no-cache"]) == 0
    assert capsys.readouterr().err == ""
    assert json.loads(out.read_text(encoding="utf-8"))["summary"] == {"ok": 1}


# -- --exclude ---------------------------------------------------------------------------------


def test_excluded_links_are_not_requested_and_show_as_excluded(make_server, tmp_path, capsys):
    site = make_server()
    site.page("/ok")
    site.page("/intranet/x", status=404)
    urls = url_list(tmp_path, [site.url("/ok"), site.url("/intranet/x"), "https://drafts.example.org/a"])
    argv = ["--urls", urls, "--format", "json", "--exclude", "/intranet/", "--exclude", r"^https://drafts\."]
    code = main([*argv, "--allow-host", site.host, "--no-cache", "--fail-on", "all"])
    report = json.loads(capsys.readouterr().out)
    assert code == 0  # excluded links never fail, even with --fail-on all
    assert report["summary"] == {"ok": 1, "excluded": 2}
    by_url = {r["url"]: r for r in report["results"]}
    assert "/intranet/" in by_url[site.url("/intranet/x")]["error"]
    assert site.hits["/intranet/x"] == 0


def test_a_bad_exclude_pattern_is_named(tmp_path, capsys):
    with pytest.raises(LinkOptionsError, match=r"exclude='\(unclosed'"):
        CheckOptions(exclude=("(unclosed",))
    code = main(
        ["--urls", url_list(tmp_path, ["https://example.org/"]), "--exclude", "(unclosed", "--no-cache"]
    )
    assert code == 2
    assert "(unclosed" in capsys.readouterr().err


# -- reporters as plug-ins --------------------------------------------------------------------


def test_a_reporter_registered_by_name_is_used_and_an_unknown_one_is_a_named_error(monkeypatch):
    monkeypatch.setitem(REPORTERS, "count", REPORTERS["json"])
    register_reporter("count", lambda results, meta: f"{len(results)} links\n")
    result = LinkResult("https://example.org/", LinkStatus.OK)
    assert render("count", [result]) == "1 links\n"
    with pytest.raises(
        UnknownReportFormatError, match=r"unknown report format .nope.; known: .*count"
    ) as caught:
        render("nope", [result])
    assert isinstance(caught.value, JTDError)
