"""Dates in references: full dates written any of the usual ways, and access dates."""

import datetime as dt

import pytest

from jtd_evidence.parsing.dates import parse_accessed, parse_full_date
from jtd_evidence.parsing.reference import read_with_grammar


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("1 May 2021", dt.date(2021, 5, 1)),
        ("May 1, 2021", dt.date(2021, 5, 1)),
        ("2021-05-01", dt.date(2021, 5, 1)),
        ("01/05/2021", dt.date(2021, 5, 1)),  # day first, as in the UK
        ("12/25/2020", dt.date(2020, 12, 25)),  # no 25th month: month first, American
        ("12-Oct-2020", dt.date(2020, 10, 12)),
        ("13/13/2020", None),
        ("May 2021", None),  # no day: no date to keep
    ],
)
def test_full_dates(text, date):
    assert parse_full_date(text) == date


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("09/03/21", dt.date(2021, 3, 9)),
        ("9.3.21", dt.date(2021, 3, 9)),
        ("09 03 21", dt.date(2021, 3, 9)),
        ("15 April 21", dt.date(2021, 4, 15)),
        ("3 Jan 2022", dt.date(2022, 1, 3)),  # a full date first
        ("09/03-21", None),  # two separators: no date
        ("1.2.3.45", None),  # a version number, not a date
        ("31/02/21", None),
        ("July 2021", None),
    ],
)
def test_access_dates_with_two_digit_years(text, date):
    assert parse_accessed(text) == date


def test_the_grammar_reads_a_two_digit_access_date_and_keeps_it_out_of_the_note():
    reading = read_with_grammar(
        "Ofsted (2019) Annual report. Available at: https://www.gov.uk/x (Accessed: 09/03/21)."
    )
    assert reading.entry.accessed == dt.date(2021, 3, 9)
    assert "09/03/21" not in (reading.entry.note or "")
