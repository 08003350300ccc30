"""LaTeX in field values: what we write, and what we read from other tools."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jtd_evidence.store.latex import decode, encode, is_balanced


@pytest.mark.parametrize(
    ("text", "latex"),
    [
        ("Fish & chips", r"Fish \& chips"),
        ("50% of #1 in $ {braces}", r"50\% of \#1 in \$ \{braces\}"),
        ("a_b ~ c^d \\", r"a\_b \textasciitilde{} c\textasciicircum{}d \textbackslash{}"),
        ("1--2 ``quoted'' !`", "1-{}-2 `{}`quoted'{}' !{}`"),
        ("Müller — naïve", "Müller — naïve"),
        ("line\n  indented", "line\n{}  indented"),
        ("note\n@misc(x", "note\n{@}misc(x"),
        ("https://example.org", "https://example.org"),
    ],
)
def test_encode(text, latex):
    assert encode(text) == latex
    assert decode(latex) == text


def test_group_commands_leaves_no_bare_backslash():
    assert encode("A & B \\", group_commands=True) == r"A {\&} B {\textbackslash}"


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        (r"{\'e}t{\'{e}} \"{u}ber", "été über"),
        (r"{Contextual} {S}afeguarding", "Contextual Safeguarding"),
        (r"pages 1--2, 1990---2000", "pages 1–2, 1990—2000"),
        (r"\textit{Italic} and \emph{em}", "Italic and em"),
        (r"\url{https://example.org}", "https://example.org"),
        ("A long title that\n      wraps", "A long title that wraps"),
        (r"{\ss} {\o} \AE{}", "ß ø Æ"),
        # written by hand without escapes, as Zotero and JabRef read them: the characters, never lost
        ("Children & Society", "Children & Society"),
        ("50% of cases, 10% of reports", "50% of cases, 10% of reports"),
        (r"escaped \& and bare &", "escaped & and bare &"),
        ("line\\\\& after a line break", "line\n& after a line break"),
    ],
)
def test_decode_third_party(latex, text):
    assert decode(latex) == text


def test_is_balanced():
    assert is_balanced(r"a {b} \{ c")
    assert not is_balanced("a {b")
    assert not is_balanced("a }b{")
    assert not is_balanced("ends in \\")


@settings(max_examples=500, deadline=None)
@given(st.text(st.characters(exclude_categories=("Cs",))), st.booleans())
def test_decode_inverts_encode(value, group_commands):
    latex = encode(value, group_commands=group_commands)
    assert is_balanced(latex)
    assert decode(latex) == value
