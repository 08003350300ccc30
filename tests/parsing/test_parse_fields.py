"""Labelled spans to entries: each field read by the grammar's rules, the type from the fields present."""

import datetime as dt

import pytest

from jtd_evidence.parsing.fields import entry_from_spans
from jtd_evidence.parsing.labels import parse_tagged
from jtd_evidence.parsing.problems import NO_TITLE


def read(line):
    return entry_from_spans(parse_tagged(line))


def test_chapter_with_editors_and_place():
    entry, _ = read(
        "<author>Firmin, C.</author> (<date>2017</date>). <title>Contextual risk</title>. In "
        "<editor>J. Pearce (Ed.)</editor>, <container-title>*Young people and sexual exploitation*</container-title> "
        "(pp. <pages>45–67</pages>). <place>Bristol</place>: <publisher>Policy Press</publisher>."
    )
    assert entry.type.value == "chapter"
    assert (entry.container_title, entry.pages, entry.place, entry.publisher) == (
        "Young people and sexual exploitation", "45-67", "Bristol", "Policy Press",
    )  # fmt: skip
    assert [p.family for p in entry.editors] == ["Pearce"]


def test_report_by_an_organisation_with_an_address_and_access_date():
    entry, _ = read(
        "<author>Department for Education</author> (<date>2018</date>) <title>Working together to safeguard "
        "children: a guide</title>. Available at: <url>https://www.gov.uk/working-together.</url> "
        "(Accessed: <accessed>12 March 2024</accessed>)."
    )
    assert entry.authors[0].literal == "Department for Education"
    assert entry.type.value in ("webpage", "report")
    assert entry.url == "https://www.gov.uk/working-together"
    assert entry.accessed == dt.date(2024, 3, 12)


@pytest.mark.parametrize(
    ("date", "year", "month", "day"),
    [
        ("2019a", 2019, None, None),
        ("2018 b", 2018, None, None),
        ("2021, March 4", 2021, 3, 4),
        ("n.d.", None, None, None),
    ],
)
def test_dates(date, year, month, day):
    entry, notes = read(f"<author>Smith, J.</author> (<date>{date}</date>). <title>T</title>.")
    assert (entry.year, entry.month, entry.day) == (year, month, day)
    assert notes == []


def test_a_bare_doi_and_a_thesis():
    entry, _ = read(
        "<author>Lloyd, J.</author> (<date>2016</date>). <title>Gendered responses</title> "
        "[<genre>PhD thesis</genre>]. <publisher>University of Bedfordshire</publisher>. <doi>10.1234/abc.5.</doi>"
    )
    assert entry.type.value == "thesis" and entry.doi == "10.1234/abc.5"


def test_no_title_is_noted_not_fatal():
    entry, notes = read(
        "<author>Smith, J.</author> (<date>2020</date>). <publisher>Example Press</publisher>."
    )
    assert entry.title is None and NO_TITLE in notes  # never the whole text as its title
    assert entry.source == "Smith, J. (2020). Example Press." and entry.publisher == "Example Press"


def test_standard_numbers_are_kept_as_the_grammar_keeps_them():
    entry, _ = read(
        "<author>Lloyd, J.</author> (<date>2016</date>). <title>T</title>. <identifier>ISBN 978-1-4473-0000-1</identifier>."
    )
    assert dict(entry.extra_fields) == {"isbn": "978-1-4473-0000-1"}
    bare, _ = read("<title>T</title>. <identifier>1234-5678</identifier>.")
    assert dict(bare.extra_fields) == {"issn": "1234-5678"}


def test_a_title_broken_at_an_inner_mark_is_joined_again():
    entry, _ = read(
        "<author>Durlak, J.A.</author> \"<title>The Impact of Enhancing Students</title>'<title> Social and "
        'Emotional Learning</title>." *<container-title>Child Development</container-title>* (<date>2011</date>).'
    )
    assert entry.title == "The Impact of Enhancing Students' Social and Emotional Learning"


def test_names_interrupted_by_an_orcid_are_one_author_list():
    entry, _ = read(
        "<author>Rhydies, I.</author> [ORCID 0000-0002-1825-0097], <author>Ashs, J. &amp; Talbury, K.</author> "
        "(<date>2018</date>). <title>A briefing</title>."
    )
    assert [p.family for p in entry.authors] == ["Rhydies", "Ashs", "Talbury"]


def test_of_two_spans_of_a_number_field_the_longer_counts():
    entry, _ = read(
        "<author>Smith AB</author>. <title>A study</title>. <container-title>Am J Public Health</container-title>. "
        "<date>2011</date>;<volume>101</volume>(<pages>8</pages>):<pages>1353–5</pages>."
    )
    assert entry.pages == "1353-5"


@pytest.mark.parametrize(
    "author",
    ["Aggarwal, A. _et al._", "Aggarwal, A. *et al.*", "Aggarwal, A. et. al", "Aggarwal, A. and etal"],
)
def test_et_al_in_emphasis_or_run_together_is_no_name(author):
    entry, _notes = entry_from_spans(
        parse_tagged(f"<author>{author}</author> (<date>2024</date>) <title>T</title>.")
    )
    assert [p.family for p in entry.authors] == ["Aggarwal"]


def test_a_second_date_without_a_year_gives_the_day_and_month_not_the_year():
    entry, notes = entry_from_spans(
        parse_tagged(
            "<author>Salmon, N.</author> (<date>2017</date>) <title>Title</title>. "
            "<container-title>The Independent</container-title>, <date>13 September</date>."
        )
    )
    assert (entry.year, entry.month, entry.day) == (2017, 9, 13) and not notes


def test_the_only_name_of_a_work_is_its_title():
    entry, notes = entry_from_spans(
        parse_tagged(
            "<author>NHS</author>. *<container-title>Loneliness</container-title>*. <url>https://nhs.uk/x</url>"
        )
    )
    assert entry.title == "Loneliness" and entry.container_title is None and NO_TITLE not in notes


def test_an_address_written_without_its_scheme_is_kept_as_a_link():
    # APA typed in Word drops 'https://'; the entry holds absolute addresses only, so a 'www.'
    # address was refused and lost, with a problem, where the grammar's reading keeps it
    entry, notes = read(
        "<author>Association of Directors of Children's Services</author>. (<date>2023</date>). "
        "<title>An alternative vision of Regional Care Cooperatives</title>. "
        "<url>www.adcs.org.uk/wp-content/uploads/2024/04/ADCS_vision.pdf</url>"
    )
    assert entry.url == "https://www.adcs.org.uk/wp-content/uploads/2024/04/ADCS_vision.pdf"
    assert notes == []


@pytest.mark.parametrize(
    ("address", "url"),
    [
        ("geography.org.uk", "https://geography.org.uk"),
        (
            "nao.org.uk/report/business-support-schemes/.",
            "https://nao.org.uk/report/business-support-schemes/",
        ),
        ("GOV.UK", None),  # a site's name where an address would stand
        ("file:///C:/Users/me/Downloads/Guidelines.pdf", None),  # on someone's own computer: no link
    ],
)
def test_a_host_labelled_as_the_address_is_read_as_one(address, url):
    entry, _ = read(
        f"<author>Geographical Association</author> (<date>2022</date>) <title>Fieldwork</title>. <url>{address}</url>"
    )
    assert entry.url == url


@pytest.mark.parametrize(
    ("span", "said"),
    [
        ("<url>file:///C:/Users/me/Guidelines.pdf</url>", "the address 'file:///C:/Users/me/Guidelines.pdf'"),
        ("<url>About us [18/</url>", "the address 'About us [18/'"),
        ("<doi>https://doi.org/10.1016j.avb.2012</doi>", "the DOI 'https://doi.org/10.1016j.avb.2012'"),
    ],
)
def test_an_address_or_doi_that_holds_none_is_left_out_with_a_problem_saying_so(span, said):
    entry, notes = read(
        f"<author>Geographical Association</author> (<date>2022</date>) <title>Fieldwork</title>. {span}"
    )
    assert entry.url is None and entry.doi is None
    assert len(notes) == 1 and notes[0].startswith(said) and "add it to the entry by hand" in notes[0]


@pytest.mark.parametrize(
    "authors",
    ["**Marlow, C.**, Brant, S. M., &amp; Tees, P. E.", "Marlow*, C., Brant*, S. M. and Tees, P. E."],
)
def test_asterisks_in_an_author_list_are_no_part_of_a_name(authors):
    entry, _ = read(f"<author>{authors}</author> (<date>2021</date>). <title>Signals</title>.")
    assert [(p.family, p.given) for p in entry.authors] == [
        ("Marlow", "C."),
        ("Brant", "S. M."),
        ("Tees", "P. E."),
    ]
