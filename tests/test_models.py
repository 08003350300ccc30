import datetime as dt

import pytest

from jtd_evidence import Entry, EntryValidationError, Person
from jtd_evidence.models import make_entry


def test_person_forms():
    assert Person(family="Uhl-Bien", given="M.").display() == "Uhl-Bien, M."
    assert Person(literal="Ofsted").is_organisation
    assert Person(family="Berg", particle="van der", given="A.").full_family == "van der Berg"
    with pytest.raises(ValueError, match="family name"):
        Person(given="A.")
    assert Person(family="Smith", given="", particle=" ") == Person(family="Smith")
    with pytest.raises(ValueError, match="cannot also have"):
        Person(literal="Ofsted", family="X")


@pytest.mark.parametrize(
    ("field", "value", "fragment"),
    [
        ("year", 1700, "year 1700 is outside"),
        ("year", dt.date.today().year + 2, "is outside"),
        ("url", "#", "placeholder"),
        ("url", "www.example.org/page", "not an absolute http(s)"),
        ("url", "ftp://example.org/x", "not an absolute http(s)"),
        ("doi", "doi:10.1000/x", "10.NNNN/suffix"),
        ("statements", ("BB9",), "unknown statement id(s) BB9"),
    ],
)
def test_validation_names_field_and_value(field, value, fragment):
    data = {"title": "A title", field: value}
    with pytest.raises(EntryValidationError) as info:
        make_entry(data, key="smith2020title")
    message = str(info.value)
    assert fragment in message
    assert f"{field}:" in message
    assert "smith2020title" in message


def test_statements_sorted_and_deduplicated():
    entry = Entry(title="T", statements=("LC3", "BB1", "LC3"))
    assert entry.statements == ("BB1", "LC3")
    assert entry.principles == ("BB", "LC")
    assert entry.with_statements("WC2").statements == ("BB1", "LC3", "WC2")


def test_to_csl_article():
    entry = Entry(
        key="uhlbien2017complexity",
        type="article-journal",
        authors=(Person(family="Uhl-Bien", given="M."), Person(family="Arena", given="M.")),
        year=2017,
        title="Complexity leadership",
        container_title="Organizational Dynamics",
        volume="46",
        issue="1",
        pages="9-20",
        doi="10.1016/j.orgdyn.2016.12.001",
        accessed=dt.date(2021, 5, 1),
        statements=("BB2",),
    )
    csl = entry.to_csl()
    assert csl["id"] == "uhlbien2017complexity"
    assert csl["type"] == "article-journal"
    assert csl["author"][0] == {"family": "Uhl-Bien", "given": "M."}
    assert csl["issued"] == {"date-parts": [[2017]]}
    assert csl["accessed"] == {"date-parts": [[2021, 5, 1]]}
    assert csl["container-title"] == "Organizational Dynamics"
    assert csl["page"] == "9-20"
    assert csl["DOI"] == "10.1016/j.orgdyn.2016.12.001"
    assert "URL" not in csl


def test_entries_are_frozen_values():
    a = Entry(title="T", year=2020)
    assert a == Entry(title="T", year=2020)
    assert hash(a) == hash(Entry(title="T", year=2020))
    with pytest.raises(ValueError):
        a.title = "other"  # type: ignore[misc]


def test_field_order_is_pinned():
    """The entries' order of equal content follows model_dump_json, which follows this order."""
    assert list(Entry.model_fields) == [
        "key", "type", "authors", "authors_et_al", "editors", "year", "month", "day", "title",
        "container_title", "volume", "issue", "pages", "number", "edition", "genre", "publisher", "place",
        "url", "doi", "accessed", "note", "statements", "source", "extra_fields",
    ]  # fmt: skip
    e = Entry(title="  T ", volume=" 4 ", place=" ")
    assert (e.title, e.volume, e.place) == ("T", "4", None)  # the publication fields are validated too


def test_source_info_holds_the_publication_fields_once():
    from jtd_evidence.parsing.source import SourceInfo, read_source

    info = read_source("Journal of Tests, 12(3), 45-67.")
    assert info.is_journal
    assert info.entry_fields() == {
        "container_title": "Journal of Tests", "volume": "12", "issue": "3", "pages": "45-67",
        "number": None, "edition": None, "genre": None, "publisher": None, "place": None,
    }  # fmt: skip
    assert set(info.entry_fields()) == set(Entry.model_fields) & set(SourceInfo.model_fields) - {"editors"}


def test_year_range_holds_after_years_allowed():
    """The check remembers next year once asked, and still refuses the years either side."""
    next_year = dt.date.today().year + 1
    for year in (1800, next_year, 2000):
        assert make_entry({"title": "A title", "year": year}).year == year
    for year in (1799, next_year + 1):
        with pytest.raises(EntryValidationError, match=f"year {year} is outside 1800-{next_year}"):
            make_entry({"title": "A title", "year": year})


def test_an_entry_may_have_no_title_and_is_named_by_what_it_has():
    bare = Entry(title="   ", source="NSPCC (2020) https://www.nspcc.org.uk/x", year=2020)
    assert bare.title is None
    assert bare.name == "NSPCC (2020) https://www.nspcc.org.uk/x"
    assert "title" not in bare.to_csl()
    assert Entry(title="Annual report").name == "Annual report"
    assert Entry(key="k1").name == "k1"
    assert Entry(source="x" * 200).name == "x" * 79 + "…"
