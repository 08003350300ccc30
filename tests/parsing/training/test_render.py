"""Rendering with known spans: hand-checked APA, Harvard and Vancouver renderings, tag by tag."""

from __future__ import annotations

from pathlib import Path
from random import Random

import pytest

from jtd_evidence.parsing.labels import Label, format_tagged
from jtd_evidence.parsing.training.render import RenderStats, StyleRenderer, align_labels, instrument
from jtd_evidence.parsing.training.styles import styles_dir

ITEMS = [
    {
        "id": "a",
        "type": "article-journal",
        "title": "Contextual safeguarding: a new approach?",
        "container-title": "Child Abuse Review",
        "volume": "27",
        "issue": "4",
        "page": "294-305",
        "issued": {"date-parts": [[2018]]},
        "author": [
            {"family": "Firmin", "given": "Carlene"},
            {"family": "Berg", "given": "Anna", "non-dropping-particle": "van der"},
        ],
        "DOI": "10.1002/car.2541",
    },
    {
        "id": "b",
        "type": "book",
        "title": "Child sexual exploitation",
        "publisher": "Routledge",
        "publisher-place": "London",
        "edition": "2",
        "issued": {"date-parts": [[2020]]},
        "editor": [{"family": "Smith", "given": "J."}, {"family": "Patel", "given": "Anjali"}],
    },
    {
        "id": "c",
        "type": "webpage",
        "title": "'It's not them, it's us': keeping children safe",
        "container-title": "GOV.UK",
        "URL": "https://www.gov.uk/x/y",
        "accessed": {"date-parts": [[2022, 2, 4]]},
        "author": [{"literal": "Department for Education"}],
    },
    {
        "id": "d",
        "type": "chapter",
        "title": "Peer groups",
        "container-title": "Safeguarding adolescents",
        "editor": [{"family": "Hill", "given": "Nicola"}],
        "author": [{"family": "O'Brien", "given": "Sean"}],
        "publisher": "Policy Press",
        "publisher-place": "Bristol",
        "page": "45-67",
        "issued": {"date-parts": [[2019]]},
    },
    {
        "id": "e",
        "type": "report",
        "title": "Serious case review: Child C",
        "author": [{"literal": "Croydon Safeguarding Children Board"}],
        "publisher": "Croydon Safeguarding Children Board",
        "genre": "Serious case review",
        "issued": {"date-parts": [[2019]]},
        "URL": "https://example.org/c.pdf",
    },
]

EXPECTED = {
    "apa": [
        "<author>Firmin, C., &amp; van der Berg, A.</author> (<date>2018</date>). <title>Contextual safeguarding: A new approach?</title> <container-title>Child Abuse Review</container-title>, <volume>27</volume>(<issue>4</issue>), <pages>294–305</pages>. <doi>https://doi.org/10.1002/car.2541</doi>",
        "<editor>Smith, J., &amp; Patel, A.</editor> (Eds). (<date>2020</date>). <title>Child sexual exploitation</title> (<edition>2nd</edition> edn). <publisher>Routledge</publisher>.",
        "<author>Department for Education</author>. (<date>n.d.</date>). <title>‘It’s not them, it’s us’: Keeping children safe</title>. <container-title>GOV.UK</container-title>. Retrieved <accessed>4 February 2022</accessed>, from <url>https://www.gov.uk/x/y</url>",
        "<author>O’Brien, S.</author> (<date>2019</date>). <title>Peer groups</title>. In <editor>N. Hill</editor> (Ed.), <container-title>Safeguarding adolescents</container-title> (pp. <pages>45–67</pages>). <publisher>Policy Press</publisher>.",
        "<author>Croydon Safeguarding Children Board</author>. (<date>2019</date>). <title>Serious case review: Child C</title> [<genre>Serious case review</genre>]. <publisher>Croydon Safeguarding Children Board</publisher>. <url>https://example.org/c.pdf</url>",
    ],
    "harvard-cite-them-right": [
        "<author>Firmin, C. and van der Berg, A.</author> (<date>2018</date>) ‘<title>Contextual safeguarding: a new approach?</title>’, <container-title>Child Abuse Review</container-title>, <volume>27</volume>(<issue>4</issue>), pp. <pages>294–305</pages>. Available at: <doi>https://doi.org/10.1002/car.2541</doi>.",
        "<editor>Smith, J. and Patel, A.</editor> (eds) (<date>2020</date>) <title>Child sexual exploitation</title>. <edition>2nd</edition> edn. <place>London</place>: <publisher>Routledge</publisher>.",
        "<author>Department for Education</author> (<date>no date</date>) <title>‘It’s not them, it’s us’: keeping children safe</title>, <container-title>GOV.UK</container-title>. Available at: <url>https://www.gov.uk/x/y</url> (Accessed: <accessed>4 February 2022</accessed>).",
        "<author>O’Brien, S.</author> (<date>2019</date>) ‘<title>Peer groups</title>’, in <editor>N. Hill</editor> (ed.) <container-title>Safeguarding adolescents</container-title>. <place>Bristol</place>: <publisher>Policy Press</publisher>, pp. <pages>45–67</pages>.",
        "<author>Croydon Safeguarding Children Board</author> (<date>2019</date>) <title>Serious case review: Child C</title>. <genre>Serious case review</genre>. <publisher>Croydon Safeguarding Children Board</publisher>. Available at: <url>https://example.org/c.pdf</url>.",
    ],
    "elsevier-vancouver": [
        "<author>Firmin C, van der Berg A</author>. <title>Contextual safeguarding: a new approach?</title> <container-title>Child Abuse Review</container-title> <date>2018</date>;<volume>27</volume>:<pages>294–305</pages>. <doi>https://doi.org/10.1002/car.2541</doi>.",
        "<editor>Smith J, Patel A</editor>, editors. <title>Child sexual exploitation</title>. <edition>2nd</edition> edn. <place>London</place>: <publisher>Routledge</publisher>; <date>2020</date>.",
        # "n.d." as citeproc-js prints it: the year-date macro prints a term and so counts as rendered
        "<author>Department for Education</author>. <title>‘It’s not them, it’s us’: keeping children safe</title>. <container-title>GOVUK</container-title> <date>n.d.</date> <url>https://www.gov.uk/x/y</url> (accessed <accessed>4 February 2022</accessed>).",
        "<author>O’Brien S</author>. <title>Peer groups</title>. In: <editor>Hill N</editor>, editor. <container-title>Safeguarding adolescents</container-title>, <place>Bristol</place>: <publisher>Policy Press</publisher>; <date>2019</date>, p. <pages>45–67</pages>.",
        "<author>Croydon Safeguarding Children Board</author>. <title>Serious case review: Child C</title>. <publisher>Croydon Safeguarding Children Board</publisher>; <date>2019</date>.",
    ],
}


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("styles")


@pytest.mark.parametrize("style", sorted(EXPECTED))
def test_hand_checked_renderings(style: str, workdir: Path) -> None:
    renderer = StyleRenderer(styles_dir() / f"{style}.csl", workdir, "en-GB")
    stats = RenderStats()
    out = renderer.render(ITEMS, Random(1), stats, italics_share=0, suffix_share=0, number_share=0)
    assert [format_tagged(ref) for ref in out if ref is not None] == EXPECTED[style]
    assert stats.checked == stats.identical == len(ITEMS)


def test_italics_as_markdown_stay_outside_spans_and_numbers_may_stay(workdir: Path) -> None:
    apa = StyleRenderer(styles_dir() / "apa.csl", workdir, "en-GB")
    [ref] = apa.render(ITEMS[:1], Random(1), RenderStats(), italics_share=1, suffix_share=0, number_share=0)
    assert ref is not None
    assert "*<container-title>Child Abuse Review</container-title>*, *<volume>27</volume>*" in format_tagged(
        ref
    )
    vancouver = StyleRenderer(styles_dir() / "elsevier-vancouver.csl", workdir, "en-GB")
    [ref] = vancouver.render(
        ITEMS[:1], Random(1), RenderStats(), italics_share=0, suffix_share=0, number_share=1
    )
    assert ref is not None
    assert format_tagged(ref).startswith("[1] <author>Firmin C, van der Berg A</author>. ")


def test_a_given_year_suffix_is_part_of_the_date(workdir: Path) -> None:
    apa = StyleRenderer(styles_dir() / "apa.csl", workdir, "en-GB")
    [ref] = apa.render(ITEMS[3:4], Random(1), RenderStats(), italics_share=0, suffix_share=1, number_share=0)
    assert ref is not None
    [date] = [text for label, text in ref.fields() if label is Label.DATE]
    assert date[:4] == "2019" and date[4] in "abc"


def test_instrumenting_wraps_printed_variables_inside_their_affixes() -> None:
    xml = (
        b'<style xmlns="http://purl.org/net/xbiblio/csl"><bibliography><layout>'
        b'<text variable="page" prefix="pp. " suffix="."/><names variable="editor"><name/><label prefix=" (" suffix=")"/></names>'
        b'<text variable="citation-number" suffix=". "/><text term="no date"/><text value="Online"/>'
        b"</layout></bibliography></style>"
    )
    out = instrument(xml).decode()
    assert 'prefix="pp. \ue108" suffix="\ue188."' in out  # pages: markers inside the affixes
    assert 'variable="editor" prefix="\ue101" suffix="\ue181"' in out
    assert 'prefix="\ue112 (" suffix=")\ue192"' in out  # the editor's label is a hole (other)
    assert 'variable="citation-number" suffix=". \ue192" prefix="\ue112"' in out  # the number too
    assert 'term="no date" prefix="\ue102" suffix="\ue182"' in out
    assert '<text value="Online"/>' in out


def test_alignment_carries_labels_over_punctuation_differences_only() -> None:
    labels = [Label.AUTHOR] * 3 + [Label.OTHER] * 2 + [Label.DATE] * 4
    assert (
        align_labels("J..  2018", labels, "J. 2018") == [Label.AUTHOR] * 2 + [Label.OTHER] + [Label.DATE] * 4
    )
    assert align_labels("J. 2018", labels[:7], "K. 2018") is None


def test_what_substitutes_for_a_missing_author_is_labelled_as_itself(workdir: Path) -> None:
    item = {
        "id": "f",
        "type": "report",
        "title": "Beyond multi-agency working",
        "genre": "Technical Report",
        "number": "DFE-RR227",
        "publisher": "NHS Kendwick",
        "issued": {"date-parts": [[2018]]},
    }
    apa = StyleRenderer(styles_dir() / "apa.csl", workdir, "en-GB")
    [ref] = apa.render([item], Random(1), RenderStats(), italics_share=0, suffix_share=0, number_share=0)
    assert ref is not None
    assert format_tagged(ref) == (
        "<title>Beyond multi-agency working</title> (<genre>Technical Report</genre> <note>DFE-RR227</note>)."
        " (<date>2018</date>). <publisher>NHS Kendwick</publisher>."
    )
