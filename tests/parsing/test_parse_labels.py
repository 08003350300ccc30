"""The labelled-reference format: tags round-trip, errors name the place, tokens take their span's label."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jtd_evidence.exceptions import FormatError
from jtd_evidence.parsing.labels import (
    Label,
    LabelledReference,
    Span,
    format_tagged,
    parse_tagged,
    read_tagged,
    save_tagged,
    token_labels,
    tokenise,
    write_tagged,
)


def test_special_characters_are_escaped_and_back():
    ref = parse_tagged("<title>Fish &amp; chips &lt;2&gt;</title> & more")
    assert ref.text == "Fish & chips <2> & more"
    assert ref.fields() == [(Label.TITLE, "Fish & chips <2>")]
    assert parse_tagged(format_tagged(ref)) == ref


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("<author>Smith", "never closed"),
        ("<author>Smith <title>T</title></author>", "opens inside <author>"),
        ("Smith</author>", "not open"),
        ("<writer>Smith</writer>", "unknown tag <writer>"),
    ],
)
def test_bad_tags_say_where_and_what(line, message):
    with pytest.raises(FormatError, match=message) as raised:
        parse_tagged(line, "dev.tagged", 7)
    assert "dev.tagged:7" in str(raised.value)


def test_read_tagged_skips_comments_and_blank_lines(tmp_path):
    path = tmp_path / "x.tagged"
    path.write_text("# a comment\n\n<date>2020</date> x\n", encoding="utf-8")
    assert [r.text for r in read_tagged(path)] == ["2020 x"]


def test_tokens_take_the_label_of_their_span():
    ref = parse_tagged(
        "<author>Firmin, C.</author> (<date>2020</date>). <title>Contextual safeguarding</title>. "
        "<url>https://example.org/a.</url>"
    )
    tokens = tokenise(ref.text)
    pairs = [(t.text, label.value) for t, label in zip(tokens, token_labels(ref, tokens), strict=True)]
    assert pairs == [
        ("Firmin", "author"), (",", "author"), ("C", "author"), (".", "author"), ("(", "other"), ("2020", "date"),
        (")", "other"), (".", "other"), ("Contextual", "title"), ("safeguarding", "title"), (".", "other"),
        ("https://example.org/a", "url"), (".", "url"),  # the span says the dot is part of it
    ]  # fmt: skip


text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=20)


@settings(max_examples=300)
@given(
    st.lists(
        st.sampled_from(
            ["a", "A.", "b-c", "_", "www.x.uk", "https://e.org/a.b", "doi:10.1/x", "14.4", "’", " ", "\u2028"]
        )
        | st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=4),
        max_size=12,
    )
)
def test_each_token_stands_where_it_says_and_only_white_space_is_left_between(parts):
    source = "".join(parts)
    tokens = tokenise(source)
    end = 0
    for token in tokens:
        assert source[token.start : token.end] == token.text and token.text
        assert not source[end : token.start].strip()  # nothing but white space skipped
        end = token.end
    assert not source[end:].strip()


def test_a_repeated_word_is_placed_at_each_of_its_own_places():
    assert [(t.text, t.start) for t in tokenise("a  a. a")] == [("a", 0), ("a", 3), (".", 4), ("a", 6)]


@given(st.lists(st.tuples(text, st.sampled_from(list(Label)), text), max_size=5), text)
def test_format_and_parse_round_trip(parts, tail):
    spans, out, position = [], [], 0
    for before, label, field in parts:
        out.append(before)
        position += len(before)
        if label is not Label.OTHER and field:
            spans.append(Span(label, position, position + len(field)))
        out.append(field)
        position += len(field)
    out.append(tail)
    ref = LabelledReference("".join(out), tuple(spans))
    assert parse_tagged(format_tagged(ref)) == ref


@settings(max_examples=60)
@given(st.lists(st.tuples(text, st.sampled_from(list(Label)), text), max_size=4), text)
def test_a_file_gives_back_what_was_written(tmp_path_factory, parts, tail):
    """write_tagged then read_tagged: the same references, whatever their text holds ('#' first,
    a form feed or U+2028 inside, which str.splitlines would break at), but a line break."""
    spans, out, position = [], [], 0
    for before, label, field in parts:
        out += [before, field]
        if label is not Label.OTHER and field:
            spans.append(Span(label, position + len(before), position + len(before) + len(field)))
        position += len(before) + len(field)
    ref = LabelledReference("".join(out) + tail, tuple(spans))
    path = tmp_path_factory.mktemp("round") / "x.tagged"
    if not ref.text.strip() or "\n" in ref.text or "\r" in ref.text:
        with pytest.raises(FormatError, match="cannot be a line of a tagged file"):
            write_tagged([ref])
        return
    save_tagged(path, [ref, ref])
    assert read_tagged(path) == [ref, ref]


def test_a_reference_starting_with_a_hash_is_not_read_as_a_comment(tmp_path):
    ref = LabelledReference("#1 Smith, J. (2020). Title.", (Span(Label.AUTHOR, 3, 12),))
    assert write_tagged([ref]) == "&#35;1 <author>Smith, J.</author> (2020). Title.\n"
    save_tagged(tmp_path / "x.tagged", [ref])
    assert read_tagged(tmp_path / "x.tagged") == [ref]


def test_overlapping_spans_are_refused_not_written_twice():
    text = "Smith, J. (2020) Title."
    overlapping = LabelledReference(text, (Span(Label.AUTHOR, 0, 9), Span(Label.NOTE, 5, 12)))
    with pytest.raises(FormatError, match="overlaps"):
        format_tagged(overlapping)
