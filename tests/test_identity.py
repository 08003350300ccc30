"""When two readings are one work: organisations, subtitles, DOIs, web addresses."""

import pytest

from jtd_evidence.identity import blocks, main_title, near_duplicate, same_work
from jtd_evidence.models import Entry, Person
from jtd_evidence.parsing.merge import Merger


def org(name, title, year=2020, **fields):
    return Entry(title=title, year=year, authors=(Person(literal=name),), **fields)


def person(family, title, year=2020, given="A.", **fields):
    return Entry(title=title, year=year, authors=(Person(family=family, given=given),), **fields)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("The Child Safeguarding Practice Review Panel", "Child Safeguarding Practice Review Panel"),
        ("NSPCC", "National Society for the Prevention of Cruelty to Children"),
        ("Department for Education", "DfE"),
        ("Department for Education (DfE)", "Department for Education"),
        ("HM Government", "H.M. Government"),
        ("Research in Practice", "Research In Practice Ltd"),
    ],
)
def test_one_organisation_written_two_ways(a, b):
    assert same_work(org(a, "Working together"), org(b, "Working together"))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Home Office", "Ofsted"),
        ("Department of Health", "Department for Education"),
        ("NSPCC", "Barnardo's"),
    ],
)
def test_different_organisations_stay_apart(a, b):
    assert not same_work(org(a, "Annual report"), org(b, "Annual report"))


def test_a_subtitle_left_out_is_the_same_work():
    full = person(
        "Firmin",
        "Contextual safeguarding: an overview of the operational, strategic and conceptual framework",
    )
    short = person("Firmin", "Contextual Safeguarding")
    assert same_work(full, short)
    assert main_title(full.title) == "contextual safeguarding"


def test_two_different_subtitles_are_two_works():
    overview = person("Firmin", "Contextual safeguarding: an overview")
    toolkit = person("Firmin", "Contextual safeguarding: implementation toolkit")
    assert not same_work(overview, toolkit)


def test_doi_decides():
    a = person("Holmes", "Transitional safeguarding", doi="10.1234/ABC")
    assert same_work(a, person("Holmes", "Something else entirely", doi="10.1234/abc"))
    assert not same_work(a, person("Holmes", "Transitional safeguarding", doi="10.1234/other"))


def test_same_web_address_and_authors_with_a_reworded_title():
    a = person("Hill", "Hearing young people's voices", url="https://www.example.org/voices/")
    b = person("Hill", "Hearing the voices of young people", url="http://example.org/voices")
    assert same_work(a, b)
    assert not same_work(a, b.model_copy(update={"year": 2021}))


def test_different_people_same_title_are_two_works():
    assert not same_work(person("Smith", "Annual report"), person("Jones", "Annual report"))
    assert not same_work(
        person("Smith", "Annual report", given="A."), person("Smith", "Annual report", given="B.")
    )


def test_et_al_matches_the_longer_list():
    long = Entry(
        title="T", year=2020, authors=(Person(family="A", given="X."), Person(family="B", given="Y."))
    )
    short = Entry(title="T", year=2020, authors=(Person(family="A", given="X."),), authors_et_al=True)
    assert same_work(long, short)


def test_same_works_always_share_a_block():
    a = org("The Panel", "It was hard to escape: safeguarding children", url="https://x.org/a")
    b = org("Panel", "It Was Hard To Escape")
    assert same_work(a, b)
    assert set(blocks(a)) & set(blocks(b))


def test_near_duplicate_says_why_or_nothing():
    a = person("Firmin", "Contextual safeguarding")
    assert near_duplicate(a, person("Firmin", "Contextual safegaurding"), close=True)
    assert near_duplicate(a, person("Jones", "Something else"), close=False) is None


def test_merging_never_joins_two_works_through_a_third():
    overview = person("Firmin", "Contextual safeguarding: an overview")
    toolkit = person("Firmin", "Contextual safeguarding: implementation toolkit")
    bare = person("Firmin", "Contextual safeguarding")  # could be either
    merger = Merger.of(
        [bare.with_statements("BB1"), overview.with_statements("BB2"), toolkit.with_statements("BB3")]
    )
    assert len(merger.entries) == 2
    assert merger.entries[0].statements == ("BB1", "BB2")
    assert merger.entries[1].title == toolkit.title
