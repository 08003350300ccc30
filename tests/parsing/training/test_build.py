"""Building training references: deterministic, and every label appears."""

from __future__ import annotations

import pytest

from jtd_evidence.parsing.labels import Label, LabelledReference, parse_tagged, write_tagged
from jtd_evidence.parsing.training.build import BuildReport, build_references
from jtd_evidence.parsing.training.styles import CORE, select_styles

STYLES = tuple(
    s
    for s in select_styles(120)
    if s.name
    in ("apa", "harvard-cite-them-right", "elsevier-vancouver", "chicago-author-date", "ieee", "bmj")
)


@pytest.fixture(scope="module")
def sample() -> tuple[list[LabelledReference], BuildReport]:
    return build_references(500, seed=11, styles=STYLES, batch=50)


def test_every_label_appears_in_a_sample_of_500(sample: tuple[list[LabelledReference], BuildReport]) -> None:
    references, report = sample
    assert report.written >= 490
    seen = {span.label for ref in references for span in ref.spans}
    assert seen == set(Label) - {Label.OTHER}
    assert report.noised > 200
    assert report.render.checked > 0 and report.render.dropped == 0


def test_tagged_output_round_trips(sample: tuple[list[LabelledReference], BuildReport]) -> None:
    references, _report = sample
    text = write_tagged(references)
    assert [parse_tagged(line) for line in text.splitlines()] == references


def test_same_seed_same_bytes() -> None:
    first = write_tagged(build_references(40, seed=3, styles=STYLES[:2])[0])
    assert write_tagged(build_references(40, seed=3, styles=STYLES[:2])[0]) == first
    assert write_tagged(build_references(40, seed=4, styles=STYLES[:2])[0]) != first


def test_at_least_a_hundred_styles_weighted_to_the_core() -> None:
    styles = select_styles(120)
    assert len(styles) == 120
    assert {s.name for s in styles} >= set(CORE)
    assert {s.citation_format for s in styles} >= {"author-date", "numeric"}


def test_fewer_styles_than_the_core_are_its_first() -> None:
    assert [s.name for s in select_styles(3)] == list(CORE[:3])
