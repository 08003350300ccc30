import json
import pickle

import pytest

from jtd_evidence.parsing.fields import read_spans
from jtd_evidence.parsing.labels import parse_tagged
from jtd_evidence.parsing.problems import NO_TITLE, Problem, Unread, kind_of, kinds
from jtd_evidence.parsing.reference import read_with_grammar


def test_a_problem_is_its_message_wherever_a_string_goes():
    problem = Problem(Unread.TEXT, "text not understood: 'pp. x'")
    assert problem == "text not understood: 'pp. x'"
    assert f"{problem}" == "text not understood: 'pp. x'"
    assert json.dumps([problem]) == json.dumps(["text not understood: 'pp. x'"])
    assert "; ".join([problem, "a note"]) == "text not understood: 'pp. x'; a note"
    assert problem.startswith("text not understood")


def test_the_kind_survives_a_round_trip_through_pickle():
    """Readings come back from a batch's worker processes pickled."""
    problem = Problem(Unread.DATE_WITHOUT_YEAR, "could not read a year in 'Spring'")
    back = pickle.loads(pickle.dumps(problem))
    assert back == problem and back.kind is Unread.DATE_WITHOUT_YEAR and type(back) is Problem


def test_plain_notes_have_no_kind():
    notes = ["an initial without a full stop", Problem(Unread.YEAR, "no year")]
    assert kind_of(notes[0]) is None
    assert kinds(notes) == {Unread.YEAR}
    assert kinds([]) == set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hale, R. Listening to fathers. Leeds: Policy Press.", {Unread.YEAR}),
        ("Hale, R. (2019) Listening to fathers. Leeds: Policy Press.", set()),
    ],
)
def test_the_grammar_says_which_kind_it_could_not_read(text, expected):
    assert kinds(read_with_grammar(text).problems) == expected


def test_the_learned_fields_say_which_kind_they_could_not_read():
    no_title = parse_tagged("<author>Hale, R.</author> (<date>Spring</date>).")
    _, notes, _ = read_spans(no_title)
    assert kinds(notes) == {Unread.TITLE, Unread.DATE_WITHOUT_YEAR}
    assert NO_TITLE in notes and "add it by hand" in NO_TITLE  # the message says what to do
