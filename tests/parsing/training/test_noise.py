"""Noise keeps spans right: every field's text is the field (as the noise meant to change it)."""

from __future__ import annotations

import re
from random import Random

import pytest

from jtd_evidence.parsing.labels import Label, LabelledReference, format_tagged, parse_tagged
from jtd_evidence.parsing.training import noise
from jtd_evidence.parsing.training.noise import NOISES, noisy

LINES = [
    "<author>Firmin, C., &amp; van der Berg, A.</author> (<date>2018</date>). <title>Contextual safeguarding: A new approach?</title> <container-title>Child Abuse Review</container-title>, <volume>27</volume>(<issue>4</issue>), <pages>294–305</pages>. <doi>https://doi.org/10.1002/car.2541</doi>",
    "<editor>Smith, J. and Patel, A.</editor> (eds) (<date>2020</date>) <title>Child sexual exploitation</title>. <edition>2nd</edition> edn. <place>London</place>: <publisher>Routledge</publisher>.",
    "<author>Department for Education</author> (<date>no date</date>) <title>‘It’s not them, it’s us’: keeping children safe</title>, <container-title>GOV.UK</container-title>. Available at: <url>https://www.gov.uk/x/y</url> (Accessed: <accessed>4 February 2022</accessed>).",
    "<author>Firmin C, van der Berg A</author>. <title>Contextual safeguarding</title>. <container-title>Child Abuse Review</container-title> <date>2018</date>;<volume>27</volume>:<pages>294-305</pages>.",
    "<author>Hill, N.</author> (<date>2021</date>). *<title>Hearing young people’s voices</title>*. <publisher>TCE Support Programme</publisher>. <url>https://tce.example.org/hearing</url>",
]
REFS = [parse_tagged(line) for line in LINES]

# noises that touch no field's text (they add, drop or move what lies between fields, or whole fields)
BETWEEN = (
    "missing_punctuation",
    "doubled_punctuation",
    "no_space_after_punctuation",
    "orcid_after_names",
    "accessed_note",
    "available_from",
    "browser_tab",
    "repository_line",
    "leading_mark",
    "year_at_end",
    "underscore_italics",
)


def _well_formed(ref: LabelledReference) -> None:
    assert parse_tagged(format_tagged(ref)) == ref
    end = 0
    for span in ref.spans:
        assert end <= span.start < span.end <= len(ref.text)
        text = ref.text[span.start : span.end]
        assert text == text.strip() and text[0] not in ",;" and text[-1] not in ",;"
        end = span.end


@pytest.mark.parametrize("name", BETWEEN)
def test_noise_between_fields_keeps_every_field(name: str) -> None:
    for seed in range(6):
        for ref in REFS:
            out = NOISES[name][1](ref, Random(seed))
            _well_formed(out)
            before = ref.fields()
            after = [field for field in out.fields() if field in before or field[0] is not Label.AUTHOR]
            for field in before:
                assert field in out.fields() or name == "orcid_after_names", (name, field, format_tagged(out))
            assert len(after) >= len(before)


def test_each_noise_keeps_spans_well_formed() -> None:
    for name, (_weight, function) in NOISES.items():
        for seed in range(5):
            for ref in REFS:
                _well_formed(function(ref, Random(seed)))
        assert any(function(ref, Random(s)) != ref for ref in REFS for s in range(5)), f"{name} never applies"


def test_orcid_text_is_not_part_of_a_name() -> None:
    out = noise.orcid_after_names(REFS[0], Random(3))
    joined = " ".join(text for label, text in out.fields() if label is Label.AUTHOR)
    assert not re.search(r"\d{4}-\d{4}", joined)
    assert re.search(r"\d{4}-\d{4}-\d{4}-\d{4}", out.text)


def test_changed_fields_are_changed_inside_their_spans() -> None:
    assert noise.initials_without_stops(REFS[4], Random(1)).fields()[0] == (Label.AUTHOR, "Hill, N")
    assert noise.year_suffix_space(REFS[4], Random(0)).fields()[1][1] in ("2021 a", "2021 b", "2021 c")
    assert (Label.PAGES, "294-305") in noise.dashes(REFS[0], Random(0)).fields() or (
        Label.PAGES,
        "294--305",
    ) in noise.dashes(REFS[0], Random(0)).fields()
    assert (Label.PAGES, "294–305") in noise.dashes(REFS[3], Random(0)).fields()
    quoted = noise.straight_quotes(REFS[2], Random(0))
    assert (Label.TITLE, "'It's not them, it's us': keeping children safe") in quoted.fields()
    wrapped = noise.line_wrap(REFS[4], Random(2))
    [(label, text)] = [f for f in wrapped.fields() if f not in REFS[4].fields()]
    original = {lab.value: t for lab, t in REFS[4].fields()}[label.value]
    assert text.replace("- ", "").replace(" ", "") == original.replace(" ", "")
    commas = noise.names_without_commas(REFS[0], Random(0)).fields()[0]
    assert commas[0] is Label.AUTHOR and "van der Berg" in commas[1]


def test_missing_title_and_year_take_their_brackets_with_them() -> None:
    assert noise.missing_year(REFS[4], Random(0)).text.startswith("Hill, N. Hearing")
    no_title = noise.missing_title(REFS[1], Random(0))
    assert Label.TITLE not in {label for label, _ in no_title.fields()}
    assert "  " not in no_title.text
    moved = noise.year_at_end(REFS[4], Random(0))
    assert moved.fields()[-1] == (Label.DATE, "2021") and moved.text.rstrip(".)").endswith("2021")


def test_noisy_is_deterministic_and_applies_a_few() -> None:
    for i, ref in enumerate(REFS * 4):
        a, b = noisy(ref, Random(i)), noisy(ref, Random(i))
        assert a == b
        _well_formed(a)
    assert sum(noisy(ref, Random(i)) != ref for i, ref in enumerate(REFS * 4)) >= 15


def test_capitals_and_isbns_after_names() -> None:
    assert noise.capital_family_names(REFS[0], Random(0)).fields()[0] == (
        Label.AUTHOR,
        "FIRMIN, C., & van der BERG, A.",
    )
    found = [noise.orcid_after_names(REFS[4], Random(seed)) for seed in range(40)]
    isbn = [ref for ref in found if Label.IDENTIFIER in {label for label, _ in ref.fields()}]
    assert isbn and all(ref.fields()[0] == (Label.AUTHOR, "Hill, N.") for ref in isbn)


def test_given_names_first_rewrites_people_but_not_organisations():
    from jtd_evidence.parsing.training.noise import given_names_first

    ref = parse_tagged(
        "<author>Hill, N., Wroe, L. &amp; van der Berg, J.</author> (<date>2021</date>). <title>T</title>."
    )
    out = given_names_first(ref, Random(3))
    assert out.text.startswith("N. Hill, L. Wroe") and "J. van der Berg" in out.text
    assert [s.label for s in out.spans] == [s.label for s in ref.spans]
    organisation = parse_tagged("<author>Home Office</author> (<date>2019</date>). <title>T</title>.")
    assert given_names_first(organisation, Random(3)) == organisation


def test_online_site_names_the_site_after_the_title():
    from jtd_evidence.parsing.training.noise import online_site

    ref = parse_tagged(
        "<author>Ofsted</author> (<date>2021</date>) <title>Review</title>. Available at: "
        "<url>https://www.gov.uk/x</url>."
    )
    out = online_site(ref, Random(1))
    assert "[online]" in out.text.lower()
    site = [out.text[s.start : s.end] for s in out.spans if s.label.value == "container-title"]
    assert site and site[0] in ("www.gov.uk", "gov.uk", "GOV.UK", "Ofsted")


def test_site_for_address_names_the_site_as_container_in_place_of_the_address():
    from jtd_evidence.parsing.training.noise import site_for_address

    ref = parse_tagged(
        "<author>Crisis</author> (<date>2016</date>) _<title>Better than cure?</title>_. Available at: "
        "<url>https://www.crisis.org.uk/x</url>."
    )
    sites = set()
    for seed in range(12):
        out = site_for_address(ref, Random(seed))
        fields = dict(out.fields())
        assert Label.URL not in fields and out.text.count("Available") == 1
        sites.add(fields[Label.CONTAINER])
    assert "crisis.org.uk" in sites and any(site.startswith("Crisis ") for site in sites)
    assert site_for_address(REFS[2], Random(1)) == REFS[2]  # it has a container already
