"""The scored same-work comparison and the verdicts it leads to (no network)."""

from __future__ import annotations

import pytest
import responses
from registry_samples import (
    ARTICLE,
    ARTICLE_WORK,
    BRIEFING,
    CHAPTER,
    crossref_list,
    crossref_single,
    crossref_work,
)

from jtd_evidence.models import Entry, EntryType
from jtd_evidence.verify import Verdict, VerifyOptions, compare, decide, differences, verify_entries
from jtd_evidence.verify.match import safe_additions, title_similarity
from jtd_evidence.verify.registries import (
    MalformedAnswerError,
    crossref_record,
    crossref_records,
    openalex_records,
)
from jtd_evidence.verify.types import Record

RECORD = crossref_record(ARTICLE_WORK)
assert RECORD is not None


def test_the_same_article_with_its_subtitle_split_off_is_the_same_work() -> None:
    candidate = compare(ARTICLE, RECORD)
    assert candidate.relation == "same"
    assert candidate.score == pytest.approx(1.0)
    assert dict(candidate.parts) == {"title": 1.0, "authors": 1.0, "year": 1.0, "container": 1.0, "type": 1.0}


def test_an_article_found_without_a_doi_is_doi_found_with_safe_additions() -> None:
    decision = decide(ARTICLE, [RECORD])
    assert decision.verdict is Verdict.DOI_FOUND
    assert decision.best is not None and decision.best.record.doi == "10.5555/jas.2019.0042"
    assert safe_additions(ARTICLE, RECORD, decision.verdict) == [
        ("doi", "10.5555/jas.2019.0042"),
        ("volume", "12"),
        ("issue", "3"),
        ("pages", "201-219"),
    ]


def test_a_different_year_is_a_mismatch_field_by_field_and_never_a_fix() -> None:
    entry = ARTICLE.model_copy(update={"year": 2017})
    decision = decide(entry, [RECORD])
    assert decision.verdict is Verdict.MISMATCH
    assert [(d.field, d.ours, d.theirs) for d in decision.differences] == [("year", "2017", "2019")]
    assert safe_additions(entry, RECORD, decision.verdict) == []


def test_a_year_one_off_from_print_but_equal_to_online_first_agrees() -> None:
    work = crossref_work("10.5555/x", ARTICLE.title, ["Ahmed", "Okafor"], 2020, online=2019)
    record = crossref_record(work)
    assert record is not None and record.years == (2019, 2020)
    assert differences(ARTICLE, record) == []


def test_a_journal_name_pasted_into_the_title_is_a_title_mismatch_when_the_doi_says_so() -> None:
    entry = ARTICLE.model_copy(
        update={"title": f"{ARTICLE.title}. Journal of Adolescent Safety", "doi": "10.5555/jas.2019.0042"}
    )
    decision = decide(entry, [RECORD], by_doi=True)
    assert decision.verdict is Verdict.MISMATCH
    assert [d.field for d in decision.differences] == ["title"]


def test_volume_issue_pages_and_journal_differences_are_named() -> None:
    entry = ARTICLE.model_copy(
        update={"volume": "13", "issue": "3", "pages": "201–219", "container_title": "Child Abuse Review"}
    )
    fields = [d.field for d in differences(entry, RECORD)]
    assert fields == ["journal", "volume"]  # the en dash in pages is the same range


def test_authors_missing_from_the_record_are_a_difference() -> None:
    entry = ARTICLE.model_copy(
        update={"authors": (*ARTICLE.authors[:1], ARTICLE.authors[0].model_copy(update={"family": "Brown"}))}
    )
    assert [d.field for d in differences(entry, RECORD)] == ["authors"]


def test_grey_literature_with_only_unrelated_hits_is_not_found() -> None:
    other = crossref_record(crossref_work("10.5555/other", "Leadership in schools", ["Hill"], 2021))
    assert other is not None
    near = crossref_record(crossref_work("10.5555/near", "Reflective questions for leaders", ["Hill"], 2021))
    assert other is not None and near is not None
    decision = decide(BRIEFING, [other, near])
    assert decision.verdict is Verdict.NOT_FOUND
    assert [c.record.doi for c in decision.candidates] == ["10.5555/near"]  # the near miss, not the noise
    assert decision.candidates[0].relation == "other"


def test_a_chapter_is_never_confirmed_by_the_book_it_is_in() -> None:
    book = crossref_record(
        crossref_work(
            "10.5555/book",
            "Places of Safety",
            ["Nunez", "Lee"],
            2018,
            subtitle="Essays on Contextual Work",
            kind="book",
        )
    )
    assert book is not None
    decision = decide(CHAPTER, [book])
    assert decision.verdict is Verdict.NOT_FOUND
    assert decision.candidates[0].relation == "container"
    assert decision.note == "only the book it is in was found: 10.5555/book"


def test_a_chapter_record_of_the_chapter_confirms_it() -> None:
    chapter = crossref_record(
        crossref_work(
            "10.5555/book.ch3",
            "Streets that hold children",
            ["Nunez"],
            2018,
            container="Places of Safety: Essays on Contextual Work",
            kind="book-chapter",
        )
    )
    assert chapter is not None
    assert decide(CHAPTER, [chapter]).verdict is Verdict.DOI_FOUND


def test_two_records_with_the_same_title_and_other_dois_are_ambiguous() -> None:
    entry = ARTICLE.model_copy(update={"container_title": None, "type": EntryType.REPORT})
    a = crossref_record(crossref_work("10.5555/a", ARTICLE.title, ["Ahmed", "Okafor"], 2019, kind="report"))
    b = crossref_record(crossref_work("10.5555/b", ARTICLE.title, ["Ahmed", "Okafor"], 2019, kind="report"))
    assert a is not None and b is not None
    decision = decide(entry, [a, b])
    assert decision.verdict is Verdict.AMBIGUOUS
    assert sorted(c.record.doi or "" for c in decision.candidates) == ["10.5555/a", "10.5555/b"]


def test_the_better_of_two_same_title_records_wins_when_the_year_tells_them_apart() -> None:
    a = crossref_record(crossref_work("10.5555/a", ARTICLE.title, ["Ahmed", "Okafor"], 2019))
    b = crossref_record(crossref_work("10.5555/b", ARTICLE.title, ["Ahmed", "Okafor"], 2011))
    assert a is not None and b is not None
    decision = decide(ARTICLE, [b, a])
    assert decision.verdict is Verdict.DOI_FOUND
    assert decision.best is not None and decision.best.record.doi == "10.5555/a"


def test_an_entry_with_its_doi_and_agreeing_fields_is_confirmed() -> None:
    entry = ARTICLE.model_copy(update={"doi": "10.5555/JAS.2019.0042"})
    decision = decide(entry, [RECORD], by_doi=True)
    assert decision.verdict is Verdict.CONFIRMED
    assert safe_additions(entry, RECORD, decision.verdict) == [
        ("volume", "12"),
        ("issue", "3"),
        ("pages", "201-219"),
    ]


@pytest.mark.parametrize(
    ("ours", "theirs", "low"),
    [
        ("The Lammy Review", "Lammy review", 1.0),
        ("Safe corridors", "Safe corridors: mapping risk", 1.0),
        ("Safe corridors mapping risk. Child Abuse Review", "Safe corridors mapping risk", 0.9),
        ("Something else entirely", "Safe corridors", 0.0),
    ],
)
def test_title_similarity(ours: str, theirs: str, low: float) -> None:
    value = title_similarity(ours, theirs)
    assert value >= low
    if low == 0.0:
        assert value < 0.5


def test_registry_answers_are_read_and_malformed_ones_refused() -> None:
    assert crossref_records(crossref_single(ARTICLE_WORK), single=True)[0].title == ARTICLE.title
    assert [r.doi for r in crossref_records(crossref_list(ARTICLE_WORK, {"DOI": "10.1/no-title"}))] == [
        "10.5555/jas.2019.0042"
    ]
    with pytest.raises(MalformedAnswerError):
        crossref_records({"status": "ok", "message": {"items": "nope"}})
    with pytest.raises(MalformedAnswerError):
        crossref_records([1, 2, 3])
    with pytest.raises(MalformedAnswerError):
        openalex_records({"meta": {}})


def test_records_round_trip_through_dicts() -> None:
    assert Record.from_dict(RECORD.to_dict()) == RECORD


@responses.activate
def test_an_entry_without_a_title_or_doi_is_not_searched_and_says_what_to_add() -> None:
    untitled = Entry(
        key="nspcc2020", year=2020, url="https://www.nspcc.org.uk/x", source="NSPCC (2020) https://..."
    )
    [result] = verify_entries([untitled], VerifyOptions(mailto="me@example.org"))
    assert len(responses.calls) == 0  # a registry asked for nothing answers with any work at all
    assert result.verdict is Verdict.NOT_FOUND and result.title == untitled.name
    assert result.note is not None and "no title" in result.note and "add its title" in result.note


def test_an_untitled_entry_compared_with_a_record_has_no_title_part_and_no_title_difference() -> None:
    untitled = Entry(key="k", year=2017, doi=RECORD.doi, source="x")
    candidate = compare(untitled, RECORD)
    assert "title" not in dict(candidate.parts) and candidate.relation == "other"
    assert "title" not in {d.field for d in differences(untitled, RECORD)}


def test_a_work_cited_by_its_doi_without_a_title_gains_the_records_title_as_a_safe_fix() -> None:
    assert RECORD.doi is not None
    untitled = Entry(key="k", year=RECORD.year, doi=RECORD.doi, source="x")
    decision = decide(untitled, [RECORD], by_doi=True)
    assert decision.verdict is Verdict.CONFIRMED
    assert ("title", RECORD.title) in safe_additions(untitled, RECORD, decision.verdict)
    other = Entry(key="k", year=RECORD.year, doi="10.9999/other", source="x")  # not the DOI's record
    assert "title" not in dict(safe_additions(other, RECORD, Verdict.CONFIRMED))
    assert "title" not in dict(safe_additions(untitled, RECORD, Verdict.MISMATCH))


def test_a_missing_title_is_like_no_other_title() -> None:
    assert title_similarity(None, "Contextual safeguarding") == 0.0
    assert title_similarity("Contextual safeguarding", None) == 0.0
    assert title_similarity("", "") == 0.0
    assert title_similarity("Contextual safeguarding", "Contextual Safeguarding") == 1.0
