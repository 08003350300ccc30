import pytest

from jtd_evidence import UnknownStatementError
from jtd_evidence.framework import (
    PRINCIPLES,
    STATEMENTS,
    find_statement,
    normalise_heading,
    principle,
    statement,
    statements_of,
)


def test_three_principles_twelve_statements_four_each():
    assert [p.id for p in PRINCIPLES] == ["BB", "LC", "WC"]
    assert len(STATEMENTS) == 12
    for p in PRINCIPLES:
        assert [s.id for s in statements_of(p.id)] == [f"{p.id}{n}" for n in range(1, 5)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("BB1", "BB1"),
        ("bb1", "BB1"),
        ("Non-traditional partners share power.", "BB1"),
        ("NON TRADITIONAL partners share power", "BB1"),
        ("Minoritised voices are heard and respected", "BB4"),
        ("The needs of young people (and their families) are central", "LC1"),
        ("Local approaches for locally evidenced context", "WC2"),
        ("Local approaches respond to locally\nevidenced context.", "WC2"),
        ("Responses focus on protective and safety factors", "WC4"),
        ("Information flows freely – but with purpose", "BB3"),
    ],
)
def test_statement_lookup_by_id_name_and_variant(text, expected):
    assert statement(text).id == expected


def test_unknown_statement_quotes_it_and_names_closest():
    with pytest.raises(UnknownStatementError) as info:
        statement("Responses focus on safety")
    message = str(info.value)
    assert "'Responses focus on safety'" in message
    assert "WC4" in message
    assert isinstance(info.value, LookupError)


def test_principle_lookup_and_unknown_principle():
    assert principle("working with complexity, curiosity and uncertainty").id == "WC"
    assert statement("WC1").principle.name == "Working with Complexity, Curiosity and Uncertainty"
    with pytest.raises(UnknownStatementError, match=r"principle 'Leading with Cake'.*LC"):
        principle("Leading with Cake")


def test_normalise_heading_folds_case_punctuation_accents_and_breaks():
    assert normalise_heading("  Pace is  balanced\nwith PURPOSE. ") == "pace is balanced with purpose"
    assert normalise_heading("Café & co") == "cafe and co"
    assert find_statement("not a heading") is None
