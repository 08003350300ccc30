"""Weighted training through CRFsuite's C API: python-crfsuite's model for weight 1, byte for
byte (the check that the structures still match the installed release), and a weight that
counts as that many copies."""

import pycrfsuite
import pytest

from jtd_evidence.exceptions import JTDError, TrainingError
from jtd_evidence.parsing._weighted import train_weighted
from jtd_evidence.parsing.labels import parse_tagged
from jtd_evidence.parsing.model import Labeller, sequence

LINES = [
    "<author>Firmin, C.</author> (<date>2020</date>). <title>Contextual safeguarding</title>. <publisher>Routledge</publisher>.",
    "<author>Hill, N., &amp; Wroe, L.</author> (<date>2019</date>). <title>Young people's voices</title>. <container-title>Child Abuse Review</container-title>, <volume>28</volume>(<issue>3</issue>), <pages>12–30</pages>.",
    "<author>Department for Education</author> (<date>2018</date>). <title>Working together to safeguard children</title>. <publisher>HM Government</publisher>. <url>https://www.gov.uk/working-together</url>",
    "<author>Lloyd, J.</author> (<date>2017</date>). <title>Gendered responses</title>. <place>London</place>: <publisher>Policy Press</publisher>.",
    "<author>Müller, K.</author> (<date>2016</date>). <title>Über Ausbeutung</title>. <publisher>Verlag Beispiel</publisher>.",
]  # fmt: skip
PARAMS = {"c1": "0.0", "c2": "0.01", "max_iterations": "25", "feature.possible_transitions": "1"}


def _sequences():
    made = [sequence(parse_tagged(line)) for line in LINES]
    return [s for s in made if s is not None]


def test_weight_one_gives_python_crfsuites_model_byte_for_byte(tmp_path):
    sequences = _sequences()
    trainer = pycrfsuite.Trainer(verbose=False)
    for features, labels in sequences:
        trainer.append(features, labels)
    trainer.set_params({"c1": 0.0, "c2": 0.01, "max_iterations": 25, "feature.possible_transitions": True})
    trainer.train(str(tmp_path / "theirs.crfsuite"))
    ours = tmp_path / "ours.crfsuite"
    assert train_weighted([(f, y, 1.0) for f, y in sequences], ours, PARAMS) == len(sequences)
    assert ours.read_bytes() == (tmp_path / "theirs.crfsuite").read_bytes()
    # the features (non-ASCII too) reached the model as they were given (no L1: none is dropped)
    tagger = pycrfsuite.Tagger()
    tagger.open(str(ours))
    assert "pre=mül" in {name for name, _ in tagger.info().state_features}


def test_a_weight_counts_as_that_many_copies(tmp_path):
    sequences = _sequences()
    train_weighted([(f, y, 1.0) for f, y in sequences * 3], tmp_path / "copies.crfsuite", PARAMS)
    train_weighted([(f, y, 3.0) for f, y in sequences], tmp_path / "weighted.crfsuite", PARAMS)
    train_weighted([(f, y, 1.0) for f, y in sequences], tmp_path / "once.crfsuite", PARAMS)
    copies, heavy, once = (Labeller(tmp_path / f"{n}.crfsuite") for n in ("copies", "weighted", "once"))
    gaps_weighted, gaps_once = [], []
    for line in LINES:
        text = parse_tagged(line).text
        one, other, plain = copies.label(text), heavy.label(text), once.label(text)
        assert one.labels == other.labels
        for a, b, c in zip(one.confidence, other.confidence, plain.confidence, strict=True):
            gaps_weighted.append(abs(a - b))
            gaps_once.append(abs(a - c))
    assert max(gaps_weighted) < 1e-6 < 1e-3 < max(gaps_once)


def test_what_crfsuite_refuses_is_a_clear_error(tmp_path):
    (features, labels), *_ = _sequences()
    with pytest.raises(TrainingError, match="no training parameter 'c3'"):
        train_weighted([(features, labels, 1.0)], tmp_path / "m.crfsuite", {"c3": "1"})
    with pytest.raises(TrainingError, match=r"\d+ tokens but \d+ labels") as caught:
        train_weighted([(features, labels[:-1], 1.0)], tmp_path / "m.crfsuite", PARAMS)
    assert isinstance(caught.value, JTDError) and isinstance(caught.value, RuntimeError)
    missing = tmp_path / "no-such-folder" / "m.crfsuite"
    with pytest.raises(TrainingError, match=r"no folder .*no-such-folder"):
        train_weighted([(features, labels, 1.0)], missing, PARAMS)
    assert not missing.exists()


def test_a_sequence_without_tokens_is_not_counted_as_appended(tmp_path):
    sequences = [(f, y, 1.0) for f, y in _sequences()]
    assert train_weighted([*sequences, ([], [], 1.0)], tmp_path / "m.crfsuite", PARAMS) == len(sequences)
