"""The model run with numpy labels as CRFsuite's own tagger does, many references at once."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from jtd_evidence.exceptions import ModelNotFoundError
from jtd_evidence.parsing.crf import Model
from jtd_evidence.parsing.features import token_features, token_pieces
from jtd_evidence.parsing.labels import parse_tagged, read_tagged, tokenise
from jtd_evidence.parsing.model import Labeller, train

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
from synthetic_references import generate

ROOT = Path(__file__).resolve().parents[2]
ODD = [
    "Smith, J. (2015). A new study. London: Example Press.",
    "x",
    "a\0b (2019) *Title*. [Online] 12–30",  # CRFsuite reads a feature up to a NUL, as C does
    "Ünïcödé, É. (2020) «Titre» — Éditions.\nSecond line https://example.org/a?b=c",
    " ".join(f"Word{n}, A. (2001)." for n in range(400)),  # longer than a batch's slots
]


def _agree(path: Path, texts: list[str]) -> None:
    """The numpy model's labels and confidences, for ``texts`` all at once, are CRFsuite's."""
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    texts = [text for text in texts if tokenise(text)]
    ours = Model(path).tag([token_pieces(text, tokenise(text)) for text in texts])
    assert len(ours) == len(texts)
    for text, (labels, sure) in zip(texts, ours, strict=True):
        tagger.set(token_features(text, tokenise(text)))
        names = tagger.tag()
        assert labels == names, text
        theirs = [tagger.marginal(name, at) for at, name in enumerate(names)]
        assert sure == pytest.approx(theirs, abs=1e-9), text


def test_a_small_model_labels_as_crfsuite_does(tmp_path):
    lines = (ROOT / "tests" / "parsing" / "test_parse_model.py").read_text(encoding="utf-8")
    tagged = [line.strip().strip('",') for line in lines.splitlines() if line.strip().startswith('"<author>')]
    assert len(tagged) >= 5
    train([parse_tagged(line) for line in tagged] * 3, tmp_path / "small.crfsuite", max_iterations=30)
    _agree(tmp_path / "small.crfsuite", [item.text for item in generate(120, seed=3)] + ODD)


def test_the_shipped_model_labels_hand_labelled_references_as_crfsuite_does():
    from jtd_evidence.parsing.learned import MODEL

    if not MODEL.is_file():
        pytest.skip("no model shipped")
    dev = sorted((ROOT / "data" / "parser" / "dev").glob("*.tagged"))[:4]
    _agree(MODEL, [reference.text for path in dev for reference in read_tagged(path)] + ODD)


def test_label_many_gives_what_label_gives(tmp_path):
    train([parse_tagged(line) for line in _lines()] * 3, tmp_path / "m.crfsuite", max_iterations=30)
    labeller = Labeller(tmp_path / "m.crfsuite")
    texts = [*ODD, "", " ", *(item.text for item in generate(30, seed=4))]
    for one, many in zip(map(labeller.label, texts), labeller.label_many(texts), strict=True):
        assert (one.text, one.tokens, one.labels) == (many.text, many.tokens, many.labels)
        assert many.confidence == pytest.approx(one.confidence, abs=1e-9)


def test_a_file_that_is_no_model_is_a_clear_error(tmp_path):
    (tmp_path / "bad.crfsuite").write_bytes(b"lCRF" + bytes(60))
    with pytest.raises(ModelNotFoundError, match="not a reference model"):
        Model(tmp_path / "bad.crfsuite")
    with pytest.raises(ModelNotFoundError, match="train one"):
        Model(tmp_path / "absent.crfsuite")


def _lines() -> list[str]:
    return [
        "<author>Firmin, C.</author> (<date>2020</date>). <title>Contextual safeguarding</title>. <publisher>Routledge</publisher>.",
        "<author>Hill, N.</author> (<date>2019</date>). <title>Voices</title>. <container-title>Child Abuse Review</container-title>, <volume>28</volume>(<issue>3</issue>), <pages>12–30</pages>.",
        "<author>Department for Education</author> (<date>2018</date>). <title>Working together</title>. <url>https://www.gov.uk/working-together</url>",
    ]  # fmt: skip
