"""The registry client with `responses`: manners (User-Agent, mailto), backoff as asked,
each failure translated to its ErrorKind; and the disk cache's faults."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest
import requests
import responses

from jtd_evidence.verify import ErrorKind, VerifyOptions, VerifyOptionsError
from jtd_evidence.verify.cache import RegistryCache, RegistryCacheWarning
from jtd_evidence.verify.client import LookupFailedError, RegistryClient, cache_key

BASE = "https://registry.test"


class FakeTime:
    """A clock that moves only when slept on: waits are recorded, never spent."""

    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 6))
        self.now += seconds


def client(time: FakeTime, **options: object) -> RegistryClient:
    return RegistryClient(VerifyOptions(**options), clock=time.clock, sleep=time.sleep)  # type: ignore[arg-type]


@responses.activate
def test_user_agent_and_mailto_are_sent_and_the_json_returned() -> None:
    responses.get(f"{BASE}/works", json={"message": {"items": []}})
    answer = client(FakeTime(), mailto="me@example.org").get(BASE, "/works", {"rows": "5"})
    assert answer.status == 200 and answer.data == {"message": {"items": []}}
    sent = responses.calls[0].request
    assert sent.headers["User-Agent"].startswith("jtd-evidence/")
    assert "mailto:me@example.org" in sent.headers["User-Agent"]
    assert "mailto=me%40example.org" in str(sent.url)


@responses.activate
def test_requests_are_spaced_by_the_rate() -> None:
    responses.get(f"{BASE}/works", json={})
    time = FakeTime()
    registry = client(time, rate=2.0)
    for _ in range(3):
        registry.get(BASE, "/works", {"q": str(_)})
    assert time.slept == [0.5, 0.5]


@responses.activate
def test_a_lower_limit_announced_by_the_registry_slows_us_down_but_a_higher_one_never_speeds_us_up() -> None:
    responses.get(f"{BASE}/slow", json={}, headers={"X-Rate-Limit-Limit": "2", "X-Rate-Limit-Interval": "1s"})
    responses.get(
        f"{BASE}/fast", json={}, headers={"X-Rate-Limit-Limit": "1000", "X-Rate-Limit-Interval": "1s"}
    )
    time = FakeTime()
    registry = client(time, rate=4.0)
    for path in ("/fast", "/fast", "/slow", "/slow"):
        registry.get(BASE, path, {})
    assert time.slept == [0.25, 0.25, 0.5]


@responses.activate
def test_retry_after_is_honoured_and_backoff_doubles_without_it() -> None:
    responses.get(f"{BASE}/a", status=429, headers={"Retry-After": "7"})
    responses.get(f"{BASE}/a", status=503)
    responses.get(f"{BASE}/a", status=502)
    responses.get(f"{BASE}/a", json={"ok": True})
    time = FakeTime()
    answer = client(time, rate=1000.0, backoff=0.5, retries=3).get(BASE, "/a", {})
    assert answer.data == {"ok": True}
    assert [s for s in time.slept if s > 0.01] == [7.0, 1.0, 2.0]  # backoff 0.5 doubled on each attempt


@responses.activate
def test_a_registry_that_keeps_failing_is_skipped_for_the_rest_of_the_run() -> None:
    responses.get(f"{BASE}/a", status=500)
    registry = client(FakeTime(), retries=0, give_up_after=2)
    kinds = []
    for _ in range(4):
        with pytest.raises(LookupFailedError) as failed:
            registry.get(BASE, "/a", {"n": str(_)})
        kinds.append(failed.value.kind)
    assert kinds == [ErrorKind.SERVER, ErrorKind.SERVER, ErrorKind.SKIPPED, ErrorKind.SKIPPED]
    assert len(responses.calls) == 2


@pytest.mark.parametrize(
    ("reply", "kind"),
    [
        ({"status": 400, "body": "bad filter"}, ErrorKind.HTTP),
        ({"body": requests.exceptions.ReadTimeout("slow")}, ErrorKind.TIMEOUT),
        ({"body": requests.exceptions.ConnectionError("refused")}, ErrorKind.CONNECTION),
        ({"body": b"\xff\xfe not json"}, ErrorKind.MALFORMED),
        ({"body": b"x" * 5000, "headers": {"Content-Length": "5000"}}, ErrorKind.TOO_LARGE),
    ],
)
@responses.activate
def test_each_failure_has_its_kind(reply: dict[str, object], kind: ErrorKind) -> None:
    responses.add(responses.GET, f"{BASE}/a", **reply)  # type: ignore[arg-type]
    with pytest.raises(LookupFailedError) as failed:
        client(FakeTime(), retries=0, max_bytes=1024).get(BASE, "/a", {})
    assert failed.value.kind is kind


@responses.activate
def test_a_404_is_an_answer_not_a_failure() -> None:
    responses.get(f"{BASE}/works/10.1/x", status=404, body="Resource not found.")
    assert client(FakeTime()).get(BASE, "/works/10.1/x", {}).status == 404


def test_options_are_checked() -> None:
    with pytest.raises(VerifyOptionsError, match="rate"):
        VerifyOptions(rate=0)
    with pytest.raises(VerifyOptionsError, match="crossref_url"):
        VerifyOptions(crossref_url="ftp://x")
    with pytest.raises(VerifyOptionsError, match="mailto"):
        VerifyOptions(mailto="not an address")


def test_the_cache_key_leaves_out_mailto_and_sorts_parameters() -> None:
    assert cache_key("https://r/works", {"b": "2", "mailto": "x@y", "a": "1"}) == "https://r/works?a=1&b=2"


def test_the_cache_keeps_answers_for_their_ttl_and_merges_with_another_run(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "cache.json"
    one, two = RegistryCache(path, ttl=3600), RegistryCache(path, ttl=3600)
    one.put("u1", 200, {"a": 1})
    one.save()
    two.put("u2", 404, None)
    two.save()
    again = RegistryCache(path, ttl=3600)
    assert again.get("u1") == (200, {"a": 1}) and again.get("u2") == (404, None)
    data = json.loads(path.read_text())
    data["answers"]["u1"]["fetched_epoch"] -= 7200
    path.write_text(json.dumps(data))
    assert RegistryCache(path, ttl=3600).get("u1") is None


def test_a_damaged_cache_is_a_warning_and_is_written_anew(tmp_path: Path) -> None:
    path = tmp_path / "cache.json"
    path.write_text("{ not json")
    with pytest.warns(RegistryCacheWarning, match="not read"):
        cache = RegistryCache(path, ttl=60)
    cache.put("u", 200, [1])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        cache.save()
    assert RegistryCache(path, ttl=60).get("u") == (200, [1])


def test_a_cache_that_cannot_be_written_is_a_warning(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    cache = RegistryCache(blocker / "cache.json", ttl=60)
    cache.put("u", 200, {})
    with pytest.warns(RegistryCacheWarning, match="not saved"):
        cache.save()
