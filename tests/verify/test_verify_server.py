"""The whole check against a local stand-in for Crossref and OpenAlex (a real HTTP server on
127.0.0.1): every verdict, every kind of failure, the rate limit as the server measured it,
the cache and --offline. Tiny rate limits and backoffs keep it fast."""

from __future__ import annotations

import time
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from registry_samples import ARTICLE, ARTICLE_WORK, BRIEFING, CHAPTER, crossref_work, openalex_work
from registry_server import FakeRegistries, running

from jtd_evidence.models import Entry, EntryType, Person
from jtd_evidence.verify import ErrorKind, Verdict, VerifyOptions, VerifyResult, verify_entries

RATE = 25.0  # requests per second to each registry: 40 ms apart


@pytest.fixture
def fake() -> Iterator[FakeRegistries]:
    registries = FakeRegistries()
    registries.add_crossref(ARTICLE_WORK)
    with running(registries) as server:
        yield server


def check(fake: FakeRegistries, *entries: Entry, **changes: Any) -> list[VerifyResult]:
    settings: dict[str, Any] = {
        "crossref_url": fake.crossref_url,
        "openalex_url": fake.openalex_url,
        "rate": RATE,
        "backoff": 0.01,
        "retry_after_cap": 2.0,
        "timeout": 5.0,
        "mailto": "maintainer@example.org",
        **changes,
    }
    return verify_entries(entries, VerifyOptions(**settings))


def test_an_exact_doi_hit_is_confirmed_with_the_missing_volume_issue_pages(fake: FakeRegistries) -> None:
    [result] = check(fake, ARTICLE.model_copy(update={"doi": "10.5555/jas.2019.0042"}))
    assert result.verdict is Verdict.CONFIRMED
    assert result.score == pytest.approx(1.0)
    assert result.fixes == (("volume", "12"), ("issue", "3"), ("pages", "201-219"))
    assert [s.path for s in fake.seen] == ["/crossref/works/10.5555/jas.2019.0042"]
    assert fake.seen[0].query["mailto"] == "maintainer@example.org"
    assert fake.seen[0].user_agent.startswith("jtd-evidence/")
    assert "mailto:maintainer@example.org" in fake.seen[0].user_agent


def test_an_article_without_a_doi_gets_the_doi_found_by_a_bibliographic_query(fake: FakeRegistries) -> None:
    [result] = check(fake, ARTICLE)
    assert result.verdict is Verdict.DOI_FOUND
    assert result.doi == "10.5555/jas.2019.0042"
    assert result.fixes[0] == ("doi", "10.5555/jas.2019.0042")
    query = fake.seen[0].query
    assert query["query.author"] == "Ahmed Okafor"
    assert query["filter"] == "from-pub-date:2017,until-pub-date:2021"
    assert "Safe corridors" in query["query.bibliographic"]


def test_a_title_match_with_a_different_year_is_a_year_mismatch(fake: FakeRegistries) -> None:
    [result] = check(fake, ARTICLE.model_copy(update={"year": 2018}))
    assert result.verdict is Verdict.MISMATCH
    assert [(d.field, d.ours, d.theirs) for d in result.differences] == [("year", "2018", "2019")]
    assert result.fixes == ()


def test_a_chapter_matched_only_to_its_book_is_not_found_with_the_book_as_evidence(
    fake: FakeRegistries,
) -> None:
    fake.add_crossref(
        crossref_work(
            "10.5555/places",
            "Places of Safety",
            ["Nunez", "Lee"],
            2018,
            subtitle="Essays on Contextual Work",
            kind="book",
        )
    )
    [result] = check(fake, CHAPTER.model_copy(update={"title": "Places of safety for children"}))
    assert result.verdict is Verdict.NOT_FOUND
    assert result.fixes == ()
    assert result.note is not None and "the book it is in was found: 10.5555/places" in result.note
    assert result.candidates[0].relation == "container"


def test_two_candidates_with_the_same_title_are_ambiguous(fake: FakeRegistries) -> None:
    title = "Youth voice in strategic partnerships"
    for doi in ("10.5555/yv.1", "10.5555/yv.2"):
        fake.add_crossref(crossref_work(doi, title, ["Hill"], 2021, kind="report"))
    [result] = check(fake, BRIEFING.model_copy(update={"title": title}))
    assert result.verdict is Verdict.AMBIGUOUS
    assert sorted(c.record.doi or "" for c in result.candidates) == ["10.5555/yv.1", "10.5555/yv.2"]
    assert result.fixes == ()


def test_grey_literature_is_not_found_after_asking_both_registries_and_is_no_error(
    fake: FakeRegistries,
) -> None:
    [result] = check(fake, BRIEFING)
    assert result.verdict is Verdict.NOT_FOUND
    assert result.error_kind is None
    assert [s.registry for s in fake.seen] == ["crossref", "openalex"]
    assert fake.seen[1].query["filter"] == "publication_year:2019-2023"


def test_openalex_finds_what_crossref_does_not_have(fake: FakeRegistries) -> None:
    fake.openalex.append(openalex_work("10.5555/oa.7", BRIEFING.title, ["Nadia Hill"], 2021, kind="report"))
    [result] = check(fake, BRIEFING)
    assert result.verdict is Verdict.DOI_FOUND
    assert result.record is not None and result.record.source == "openalex"
    assert result.doi == "10.5555/oa.7"


def test_a_doi_crossref_does_not_know_is_not_found_with_a_note_to_check_it(fake: FakeRegistries) -> None:
    entry = BRIEFING.model_copy(update={"doi": "10.5555/nowhere"})
    [result] = check(fake, entry)
    assert result.verdict is Verdict.NOT_FOUND
    assert (
        result.note is not None and "neither Crossref nor OpenAlex knows DOI 10.5555/nowhere" in result.note
    )
    paths = [s.path for s in fake.seen]
    assert paths == [
        "/crossref/works/10.5555/nowhere",
        "/openalex/works/doi:10.5555/nowhere",
        "/crossref/works",
        "/openalex/works",
    ]


def test_a_wrong_doi_whose_work_is_found_by_title_is_a_doi_mismatch(fake: FakeRegistries) -> None:
    [result] = check(fake, ARTICLE.model_copy(update={"doi": "10.5555/jas.2019.0024"}))
    assert result.verdict is Verdict.MISMATCH
    assert [d.field for d in result.differences] == ["doi"]


def test_a_429_then_success_waits_as_asked_and_answers(fake: FakeRegistries) -> None:
    fake.fault("10.5555/jas.2019.0042", (429, {"Retry-After": "1"}, b"slow down"))
    [result] = check(fake, ARTICLE.model_copy(update={"doi": "10.5555/jas.2019.0042"}))
    assert result.verdict is Verdict.CONFIRMED
    first, second = fake.times("crossref")
    assert second - first >= 0.95


def test_a_retry_after_longer_than_the_cap_fails_at_once(fake: FakeRegistries) -> None:
    fake.fault("/crossref/", (429, {"Retry-After": "3600"}, b""), forever=True)
    [result] = check(fake, ARTICLE.model_copy(update={"doi": "10.5555/jas.2019.0042"}), openalex_url=None)
    assert result.verdict is Verdict.ERROR and result.error_kind is ErrorKind.RATE_LIMITED
    assert len(fake.seen) == 1


def test_a_500_storm_is_retried_a_bounded_number_of_times_then_the_registry_is_left_alone(
    fake: FakeRegistries,
) -> None:
    fake.fault("/crossref/", (500, {}, b"oops"), forever=True)
    fake.fault("/openalex/", (503, {}, b"oops"), forever=True)
    entries = [
        BRIEFING.model_copy(update={"key": f"k{i}", "title": f"Briefing number {i} on youth voice"})
        for i in range(5)
    ]
    results = check(fake, *entries, retries=2, give_up_after=2)
    assert [r.verdict for r in results] == [Verdict.ERROR] * 5
    assert [r.error_kind for r in results] == [ErrorKind.SERVER] * 2 + [ErrorKind.SKIPPED] * 3
    assert len(fake.times("crossref")) == 2 * 3  # two look-ups of three attempts each, then none
    assert len(fake.times("openalex")) == 2 * 3
    assert results[0].error is not None and "HTTP 500" in results[0].error and "HTTP 503" in results[0].error


def test_malformed_json_is_an_error_of_kind_malformed(fake: FakeRegistries) -> None:
    fake.fault("/crossref/", (200, {"Content-Type": "application/json"}, b'{"status": "ok", "message": {'))
    [result] = check(fake, ARTICLE, openalex_url=None)
    assert result.verdict is Verdict.ERROR and result.error_kind is ErrorKind.MALFORMED


def test_json_of_the_wrong_shape_is_malformed_too(fake: FakeRegistries) -> None:
    fake.fault(
        "/crossref/",
        (200, {"Content-Type": "application/json"}, b'{"status": "ok", "message": {"items": 7}}'),
    )
    [result] = check(fake, ARTICLE, openalex_url=None)
    assert result.error_kind is ErrorKind.MALFORMED


def test_a_malformed_crossref_answer_falls_back_on_openalex(fake: FakeRegistries) -> None:
    fake.fault("/crossref/", (200, {}, b"<html>maintenance</html>"))
    fake.openalex.append(
        openalex_work(
            "10.5555/jas.2019.0042",
            ARTICLE.title,
            ["Rana Ahmed", "Tobi Okafor"],
            2019,
            source="Journal of Adolescent Safety",
        )
    )
    [result] = check(fake, ARTICLE)
    assert result.verdict is Verdict.DOI_FOUND
    assert result.note is not None and "Crossref" in result.note  # the failure is still said


@pytest.mark.parametrize("declared", [True, False])
def test_a_huge_body_is_not_read_beyond_the_limit(fake: FakeRegistries, declared: bool) -> None:
    headers = {"Content-Type": "application/json"} | ({} if declared else {"Content-Length": "omit"})
    fake.fault("/crossref/", (200, headers, b'{"message": {"items": [' + b" " * 3_000_000 + b"]}}"))
    [result] = check(fake, ARTICLE, openalex_url=None, max_bytes=64 * 1024)
    assert result.verdict is Verdict.ERROR and result.error_kind is ErrorKind.TOO_LARGE


def test_the_rate_limit_holds_as_the_server_measures_it(fake: FakeRegistries) -> None:
    entries = [
        BRIEFING.model_copy(update={"key": f"k{i}", "title": f"Grey briefing {i} about places"})
        for i in range(6)
    ]
    check(fake, *entries)
    for registry in ("crossref", "openalex"):
        times = fake.times(registry)
        assert len(times) == 6
        gaps = [b - a for a, b in pairwise(times)]
        assert min(gaps) >= 1 / RATE, gaps  # measured between arrivals, by the server
        rate = (len(times) - 1) / (times[-1] - times[0])
        assert rate <= RATE * 1.05


def test_a_second_run_is_answered_from_the_cache_and_offline_works(
    fake: FakeRegistries, tmp_path: Path
) -> None:
    cache = tmp_path / "registries.json"
    entries = [ARTICLE, BRIEFING]
    first = check(fake, *entries, cache_path=cache)
    asked = len(fake.seen)
    again = check(fake, *entries, cache_path=cache, offline=True)
    assert len(fake.seen) == asked
    assert [r.verdict for r in again] == [r.verdict for r in first]
    assert all(r.cached for r in again) and not any(r.cached for r in first)
    changed = check(
        fake,
        ARTICLE.model_copy(update={"title": "A title never asked about"}),
        cache_path=cache,
        offline=True,
    )
    assert changed[0].verdict is Verdict.ERROR and changed[0].error_kind is ErrorKind.OFFLINE


def test_a_refused_connection_is_a_connection_error() -> None:
    with running(FakeRegistries()) as gone:
        url = gone.crossref_url
    result = verify_entries(
        [ARTICLE], VerifyOptions(crossref_url=url, openalex_url=None, rate=100, retries=0)
    )[0]
    assert result.verdict is Verdict.ERROR and result.error_kind is ErrorKind.CONNECTION


def test_an_entry_type_without_a_registry_kind_is_still_checked(fake: FakeRegistries) -> None:
    entry = Entry(
        key="web",
        type=EntryType.WEBPAGE,
        title="Safe corridors: mapping risk outside the home",
        year=2019,
        authors=(Person(family="Ahmed"),),
    )
    [result] = check(fake, entry)
    assert result.verdict is Verdict.DOI_FOUND


def test_hostile_answers_cost_an_entry_its_verdict_not_the_run_its_time(fake: FakeRegistries) -> None:
    deep = b"[" * 200_000 + b"]" * 200_000
    fake.fault("/crossref/", (200, {"Content-Type": "application/json"}, deep))
    [result] = check(fake, ARTICLE, openalex_url=None, max_bytes=1024 * 1024)
    assert result.error_kind is ErrorKind.MALFORMED
    long_title = "safe corridors " * 20_000  # 300,000 characters of title
    fake.add_crossref(crossref_work("10.5555/long", long_title, ["Ahmed"], 2019))
    started = time.monotonic()
    [result] = check(fake, ARTICLE, openalex_url=None, max_bytes=2 * 1024 * 1024)
    assert time.monotonic() - started < 5
    assert result.verdict is Verdict.DOI_FOUND and result.doi == "10.5555/jas.2019.0042"
