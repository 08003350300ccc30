"""The public formatting API, the text transforms and the sort collation, on small inputs."""

from __future__ import annotations

import pytest

from jtd_evidence.exceptions import JTDError
from jtd_evidence.formatting import (
    UnknownLocaleError,
    UnknownStyleError,
    format_bibliography,
    format_citation,
    render,
    resolve_style,
)
from jtd_evidence.formatting._collation import collation_key
from jtd_evidence.formatting._text import QuoteMarks, resolve_quotes, smarten, uppercase_subtitles
from jtd_evidence.formatting.engine import suffix_letters
from jtd_evidence.models import Entry, Person

GB = QuoteMarks("‘", "’", "“", "”")


def godar(title: str, key: str) -> Entry:
    return Entry(
        key=key,
        type="report",
        year=2021,
        title=title,
        publisher="TCE Support Programme",
        authors=(Person(family="Godar", given="R."),),
    )


HILL = Entry(
    key="hill2021",
    type="report",
    year=2021,
    title="Hearing voices",
    authors=(Person(family="Hill", given="N."),),
)
GODAR = [godar("The power in data", "godar2021power"), godar("Using data", "godar2021using")]


@pytest.mark.parametrize(
    ("raw", "want"),
    [
        pytest.param("Children's voices", "Children’s voices", id="apostrophe"),
        pytest.param(
            "'It's not them, it's us': the making", "‘It’s not them, it’s us’: the making", id="single"
        ),
        pytest.param('"Both/And" Not "Either/Or"', "‘Both/And’ Not ‘Either/Or’", id="double-first-is-outer"),
        pytest.param("\"a 'b' c\"", "‘a “b” c’", id="nested"),
        pytest.param(
            "Young Researchers' Advisory Panel", "Young Researchers’ Advisory Panel", id="plural-possessive"
        ),
        pytest.param('An "unclosed quote', 'An "unclosed quote', id="stray"),
    ],
)
def test_smarten_quotes(raw, want):
    assert resolve_quotes(smarten(raw), GB) == want


def test_quote_inside_a_quoted_title_takes_the_inner_form():
    from jtd_evidence.formatting._text import STYLE_CLOSE, STYLE_OPEN

    assert resolve_quotes(STYLE_OPEN + smarten('"Both/And" works') + STYLE_CLOSE, GB) == "‘“Both/And” works’"


@pytest.mark.parametrize(
    ("title", "want"),
    [
        ("No one noticed: no one heard", "No one noticed: No one heard"),
        ("Excluded: review - strategic briefing", "Excluded: Review—Strategic briefing"),
        ("Unseen? Overlooked? the role", "Unseen? Overlooked? The role"),
        ("The U.S. army today", "The U.S. army today"),
        ("plain title", "Plain title"),
        ("Partnership: 'county lines' work", "Partnership: 'county lines' work"),
    ],
)
def test_uppercase_subtitles(title, want):
    assert uppercase_subtitles(title) == want


def test_collation_ignores_case_accents_and_punctuation_and_puts_word_breaks_first():
    assert collation_key("D'Arcy") == collation_key("darcy")
    assert collation_key("Élan") == collation_key("elan")
    assert collation_key("Warrington|C") < collation_key("Warrington|C|Ackerley")
    assert collation_key("a|b") < collation_key("ab")


def test_suffix_letters():
    assert [suffix_letters(i) for i in (0, 1, 25, 26, 27)] == ["a", "b", "z", "aa", "ab"]


def test_year_suffixes_agree_between_bibliography_and_citations():
    bib = format_bibliography([*GODAR, HILL], style="harvard")
    assert bib[0].startswith("Godar, R. (2021a) The power in data")
    assert bib[1].startswith("Godar, R. (2021b) Using data")
    assert (
        format_citation([GODAR[0], HILL], style="harvard", context=[*GODAR, HILL])
        == "(Godar, 2021a; Hill, 2021)"
    )
    assert format_citation(GODAR[0], style="apa", mode="narrative", context=[*GODAR, HILL]) == "Godar (2021a)"


def test_same_author_citations_collapse():
    assert format_citation([*GODAR, HILL], style="apa") == "(Godar, 2021a, 2021b; Hill, 2021)"
    assert (
        format_citation([*GODAR, HILL], style="apa", mode="narrative") == "Godar (2021a, 2021b); Hill (2021)"
    )


def test_outputs():
    entry = Entry(
        key="x",
        type="report",
        year=2020,
        title="A_title",
        publisher="P & Q",
        url="https://example.org/a?b=1&c=2",
        authors=(Person(family="Lee", given="A."),),
    )
    html = format_bibliography([entry], style="apa", output="html")[0]
    assert "<i>A_title</i>" in html
    assert "P &amp; Q" in html
    assert html.endswith(" https://example.org/a?b=1&amp;c=2"), "no anchor by default, as citeproc-js"
    linked = format_bibliography([entry], style="apa", output="html", links=True)[0]
    assert '<a href="https://example.org/a?b=1&amp;c=2">https://example.org/a?b=1&amp;c=2</a>' in linked
    text = format_bibliography([entry], style="apa", output="text")[0]
    assert text == "Lee, A. (2020). A_title. P & Q. https://example.org/a?b=1&c=2"
    assert format_bibliography([entry], style="apa", output="text", links=True) == [text]
    markdown = format_bibliography([entry], style="apa", output="markdown", links=True)[0]
    assert markdown == r"Lee, A. (2020). *A\_title*. P & Q. <https://example.org/a?b=1&c=2>"
    plain_md = format_bibliography([entry], style="apa", output="markdown")[0]
    assert plain_md == r"Lee, A. (2020). *A\_title*. P & Q. https://example.org/a?b=1&c=2"


def test_missing_fields_still_render():
    bare = Entry(key="bare", type="report", title="Untitled report")
    assert format_bibliography([bare], style="harvard") == ["Untitled report (no date)."]
    assert format_bibliography([bare], style="apa") == ["Untitled report. (n.d.)."]
    assert format_citation(bare, style="apa") == "(Untitled Report, n.d.)"


def test_keys_differing_only_in_case_do_not_collide():
    one = godar("First", "Smith2020")
    two = godar("Second", "smith2020")
    assert len(format_bibliography([one, two], style="apa")) == 2


def test_csl_json_items_are_accepted():
    item = {
        "id": "a",
        "type": "book",
        "title": "Book",
        "author": [{"literal": "NSPCC"}],
        "issued": {"date-parts": [[2019]]},
    }
    assert format_bibliography([item], style="harvard") == ["NSPCC (2019) Book."]


def test_unknown_style_lists_the_closest():
    with pytest.raises(UnknownStyleError, match="harvard") as info:
        format_bibliography([HILL], style="harvad")
    assert isinstance(info.value, JTDError)
    assert isinstance(info.value, ValueError)
    assert "harvard" in info.value.suggestions


def test_missing_csl_file_and_unknown_locale():
    with pytest.raises(UnknownStyleError):
        resolve_style("/nowhere/style.csl")
    with pytest.raises(UnknownLocaleError, match="en-GB"):
        format_bibliography([HILL], locale="en-UK")


def test_bad_output_and_mode():
    with pytest.raises(JTDError, match="output"):
        format_bibliography([HILL], output="pdf")
    with pytest.raises(JTDError, match="mode"):
        format_citation([HILL], mode="footnote")


def test_other_styles_and_csl_files_work(tmp_path):
    path = resolve_style("apa")
    assert render([HILL], str(path), "en-GB").entries[0].html.startswith("Hill, N. (2021)")
    chicago = format_bibliography([HILL], style="chicago-author-date")
    assert chicago[0].startswith("Hill, N. 2021.")


def test_empty_input():
    assert format_bibliography([], style="apa") == []
    assert format_citation([], style="apa") == ""


def test_by_cite_whole_given_names_in_citation_and_reference_but_not_for_editors():
    """Cite Them Right tells "M. Soares" apart by whole given names, in the reference list too
    (as citeproc-js does); the editor of the chapter keeps initials."""
    chapter = {
        "id": "soares-a",
        "type": "chapter",
        "title": "Exploitation and families",
        "author": [{"family": "Soares", "given": "Michael"}],
        "editor": [{"family": "Bailey", "given": "Grace"}],
        "container-title": "Practice",
        "publisher": "Routledge",
        "publisher-place": "London",
        "page": "1-20",
        "issued": {"date-parts": [[2013]]},
    }
    book = {
        "id": "soares-b",
        "type": "book",
        "title": "Relational practice",
        "author": [{"family": "Soares", "given": "Mary"}],
        "publisher": "Policy Press",
        "issued": {"date-parts": [[2013]]},
    }
    entries = render([chapter, book], "harvard").entries
    assert [e.html for e in entries] == [
        "Soares, Michael (2013) ‘Exploitation and families’, in G. Bailey (ed.) <i>Practice</i>."
        " London: Routledge, pp. 1–20.",
        "Soares, Mary (2013) <i>Relational practice</i>. Policy Press.",
    ]
    assert [e.citation.parenthetical for e in entries] == ["(Michael Soares, 2013)", "(Mary Soares, 2013)"]


@pytest.mark.parametrize(
    ("style", "team"),
    [
        ("harvard", "Hagell, David <i>et al.</i> (2019) <i>Families and schools</i>. NSPCC."),
        (
            "apa",
            "Hagell, D., Arena, D., Kiff, M., Warrington, L., &amp; Hagell, D. (2019). <i>Families and schools</i>. NSPCC.",
        ),
    ],
)
def test_same_family_and_initials_in_one_work(style, team):
    """With Cite Them Right's "by-cite" rule citeproc-js writes David Hagell's given name whole
    when the same work also names Dawn Hagell (and sorts by it); APA's global rule does not."""
    authors = ("David Hagell", "David Arena", "Mary Kiff", "Lauren Warrington", "Dawn Hagell")
    many = {
        "id": "hagell-team",
        "type": "report",
        "title": "Families and schools",
        "author": [{"family": a.split()[1], "given": a.split()[0]} for a in authors],
        "publisher": "NSPCC",
        "issued": {"date-parts": [[2019]]},
    }
    one = {
        "id": "hagell-one",
        "type": "report",
        "title": "Schools and harm",
        "author": [{"family": "Hagell", "given": "Debra"}],
        "publisher": "University of Bedfordshire",
        "issued": {"date-parts": [[2022]]},
    }
    entries = render([many, one], style).entries
    assert [e.id for e in entries] == ["hagell-one", "hagell-team"]
    assert entries[1].html == team
