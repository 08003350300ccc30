"""--allow-host written in Unicode: a host is the same whichever way it is written (Unicode,
upper case, IDNA ASCII form), on both sides of the comparison; other hosts stay refused."""

from __future__ import annotations

import json
import socket

import pytest
from commands import check_urls as main

from jtd_evidence.links import CheckOptions, LinkStatus, check_url
from jtd_evidence.links.safety import AddressPolicy

ASCII = "xn--bcher-kva.test"


def local(host: str, port: int) -> list[str]:
    """Names under .test resolve to loopback, as a local mirror's would."""
    return ["127.0.0.1"] if host.rstrip(".").endswith(".test") else []


@pytest.mark.parametrize(
    "allowed", ["bücher.test", "BÜCHER.test", "bücher.test.", ASCII, "XN--BCHER-KVA.TEST"]
)
@pytest.mark.parametrize("written", ["bücher.test", ASCII])
def test_an_allowed_host_matches_however_either_side_is_written(site, allowed, written):
    options = CheckOptions(resolver=local, retries=0, deadline=5.0)
    result = check_url(
        f"http://{written}:{site.port}/ok", options=options, allow_hosts=[f"{allowed}:{site.port}"]
    )
    assert result.status is LinkStatus.OK, result.error


def test_other_hosts_stay_refused(site):
    options = CheckOptions(resolver=local, retries=0, deadline=5.0)
    result = check_url(
        f"http://bucher.test:{site.port}/ok", options=options, allow_hosts=[f"bücher.test:{site.port}"]
    )
    assert result.status is LinkStatus.UNSAFE
    assert site.hits["/ok"] == 0


def test_the_policy_compares_ascii_forms():
    policy = AddressPolicy(allow_hosts=("bücher.test:8000",))
    assert policy.host_allowed(ASCII, 8000) and policy.host_allowed("Bücher.Test", 8000)
    assert not policy.host_allowed(ASCII, 8001)


def test_the_command_honours_a_unicode_allow_host(site, tmp_path, capsys, monkeypatch):
    resolve = socket.getaddrinfo

    def resolve_test_names(host, *args, **kwargs):
        return resolve("127.0.0.1" if str(host).endswith(".test") else host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolve_test_names)
    listing = tmp_path / "urls.txt"
    listing.write_text(f"http://bücher.test:{site.port}/ok\n", encoding="utf-8")
    argv = [
        "--urls",
        str(listing),
        "--format",
        "json",
        "--no-cache",
        "--allow-host",
        f"bücher.test:{site.port}",
    ]
    assert main(argv) == 0
    assert json.loads(capsys.readouterr().out)["summary"] == {"ok": 1}
