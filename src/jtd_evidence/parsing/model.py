"""The sequence labeller: a linear-chain CRF (CRFsuite) that labels each token of a reference.

:func:`train` fits a model to labelled references and writes it to a file (the same
references in the same order always give the same bytes). :class:`Labeller` loads a model
once and labels text: each token with its most likely label and how sure the model is of it
(the marginal probability), and the fields as spans of the text.
"""

from __future__ import annotations

import functools
import itertools
import os
import random
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from jtd_evidence.exceptions import ModelNotFoundError, TrainingError
from jtd_evidence.parsing.features import token_features, token_pieces
from jtd_evidence.parsing.labels import Label, LabelledReference, Span, Token, token_labels, tokenise
from jtd_evidence.parsing.markup import strip_bullet

if TYPE_CHECKING:
    from jtd_evidence.parsing.crf import Model

__all__ = [
    "Labeller",
    "Labelling",
    "WeightedSequence",
    "as_read",
    "sequence",
    "train",
    "train_sequences",
    "weighted",
]

_BY_VALUE = {label.value: label for label in Label}


@dataclass(frozen=True)
class Labelling:
    """A reference's tokens, each token's label and the model's confidence in it."""

    text: str
    tokens: tuple[Token, ...]
    labels: tuple[Label, ...]
    confidence: tuple[float, ...]

    def reference(self) -> LabelledReference:
        """The fields as spans: runs of consecutive tokens with one label (OTHER is no field)."""
        spans: list[Span] = []
        for label, start, end in self._runs:
            if label is not Label.OTHER:
                spans.append(Span(label, self.tokens[start].start, self.tokens[end - 1].end))
        return LabelledReference(self.text, tuple(spans))

    def field_confidence(self) -> dict[Label, float]:
        """For each label present, the lowest confidence among its tokens."""
        weakest: dict[Label, float] = {}
        for label, start, end in self._runs:
            if label is not Label.OTHER:
                lowest = weakest.get(label, 1.0)
                for sure in self.confidence[start:end]:
                    if sure < lowest:
                        lowest = sure
                weakest[label] = lowest
        return weakest

    @functools.cached_property
    def _runs(self) -> list[tuple[Label, int, int]]:
        """The runs of tokens with one label: (label, first token, one past the last), found
        once (the spans and the confidences both need them)."""
        runs: list[tuple[Label, int, int]] = []
        labels = self.labels
        start = 0
        for index in range(1, len(labels) + 1):
            if index == len(labels) or labels[index] is not labels[start]:
                runs.append((labels[start], start, index))
                start = index
        return runs


TrainingSequence = tuple[list[list[str]], list[str]]
"""A reference as CRFsuite takes it: each token's features and each token's label."""

WeightedSequence = tuple[list[list[str]], list[str], float]
"""A :data:`TrainingSequence` and how many times it counts in training (a real reference
weighs more than a synthetic one)."""


def as_read(reference: LabelledReference) -> LabelledReference:
    """``reference`` as the reader gives it to the model: without the spaces, list bullet or
    number in front (``- ``, ``19. ``, ``[6] ``), which :func:`.learned.read_learned` strips
    before labelling.

    >>> from jtd_evidence.parsing.labels import format_tagged, parse_tagged
    >>> format_tagged(as_read(parse_tagged("[6] <author>NHS Digital</author>. <title>Data</title>.")))
    '<author>NHS Digital</author>. <title>Data</title>.'
    """
    kept = strip_bullet(reference.text.lstrip())
    cut = len(reference.text) - len(kept)
    if not cut:
        return reference
    spans = tuple(Span(s.label, max(s.start, cut) - cut, s.end - cut) for s in reference.spans if s.end > cut)
    return LabelledReference(kept, spans)


def sequence(reference: LabelledReference) -> TrainingSequence | None:
    """``reference`` as a training sequence (None when it has no tokens)."""
    tokens = tokenise(reference.text)
    if not tokens:
        return None
    return token_features(reference.text, tokens), [label.value for label in token_labels(reference, tokens)]


def train(
    references: Iterable[LabelledReference],
    path: str | os.PathLike[str],
    *,
    repeated: Sequence[LabelledReference] = (),
    times: float = 1,
    shares: Sequence[float] = (),
    c1: float = 0.05,
    c2: float = 0.01,
    max_iterations: int = 150,
    word_dropout: float = 0.0,
) -> int:
    """Fit a CRF to ``references``, then ``repeated``, each counted ``times`` times, and write
    it to ``path``; returns how many sequences were appended. Each repeated reference is appended
    once with the weight ``times`` (:mod:`._weighted`): the same objective as appending it
    ``times`` times over, at a fraction of the cost, and ``times`` need not be whole. The sums
    are taken in another order, so the model is not the copies' bytes: on a short training the
    labels are the same and the probabilities agree to within 1e-8, but over the shipped
    configuration's 150 iterations the optimiser's path drifts a little (data/parser/README.md,
    nineteenth round: the same figure on the selection set, one reference fewer fully right). ``c1`` and
    ``c2`` weigh the L1 and L2 regularisation; their defaults suit a few dozen references. The
    shipped model's, for tens of thousands, are ``C1`` and ``C2`` in ``scripts/train_parser.py``
    (data/parser/README.md, eleventh round). With ``word_dropout`` (and a whole ``times``),
    each repeat after the first is appended of its own, leaving out that share of the words'
    own features (:func:`without_words`), so that the model learns the repeated references from
    their shape and punctuation as well as from their words. ``shares``, one for each repeated
    reference, scale its ``times`` (a large document's references each count less, so that it
    does not outweigh the others)."""
    if shares and len(shares) != len(repeated):
        raise TrainingError(f"{len(shares)} shares for {len(repeated)} repeated references")
    if word_dropout and (shares or not float(times).is_integer()):
        raise TrainingError(
            f"word dropout copies each reference a whole number of times, not {times} or shares"
        )
    found = (sequence(reference) for reference in references)
    scaled = shares or [1.0] * len(repeated)
    pairs = [(s, share) for s, share in zip(map(sequence, repeated), scaled, strict=True) if s]
    repeats: Iterable[WeightedSequence] = (
        (features, labels, times * share) for (features, labels), share in pairs
    )
    if word_dropout and times > 1:
        made = [s for s, _ in pairs]
        rng = random.Random(_DROPOUT_SEED)
        dropped = (without_words(s, word_dropout, rng) for _ in range(int(times) - 1) for s in made)
        repeats = itertools.chain(weighted(made), weighted(dropped))
    return train_sequences(
        itertools.chain(weighted(s for s in found if s is not None), repeats),
        path,
        c1=c1,
        c2=c2,
        max_iterations=max_iterations,
    )


_DROPOUT_SEED = 20261201


def without_words(made: TrainingSequence, share: float, rng: random.Random) -> TrainingSequence:
    """A training sequence with each feature naming a word (``w=the``, ``-1:w=the``) left out
    with probability ``share``: what the model must then read from shape, place and punctuation."""
    features, labels = made
    return [[f for f in token if "w=" not in f or rng.random() >= share] for token in features], labels


def weighted(sequences: Iterable[TrainingSequence], weight: float = 1.0) -> Iterator[WeightedSequence]:
    """``sequences``, each to count ``weight`` times in training."""
    return ((features, labels, weight) for features, labels in sequences)


def train_sequences(
    sequences: Iterable[WeightedSequence],
    path: str | os.PathLike[str],
    *,
    c1: float = 0.05,
    c2: float = 0.01,
    max_iterations: int = 150,
) -> int:
    """Fit a CRF to weighted sequences made by :func:`sequence` (made once, they can train
    several models) and write it to ``path``; returns how many were used. Sequences all of
    weight 1 give python-crfsuite's ``Trainer``'s model, byte for byte."""
    from jtd_evidence.parsing._weighted import train_weighted

    params = {
        "c1": str(c1),
        "c2": str(c2),
        "max_iterations": str(max_iterations),
        "feature.possible_transitions": "1",
    }
    return train_weighted(sequences, path, params)


class Labeller:
    """A trained model, loaded once, that labels references."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        import pycrfsuite

        if not Path(path).is_file():
            raise ModelNotFoundError(
                f"{path}: no reference model here; train one with scripts/train_parser.py"
            )
        self._path = Path(path)
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(path))
        self._model: Model | None = None

    def label(self, text: str) -> Labelling:
        """The most likely label of every token of ``text``, with the model's confidence in each."""
        tokens = tokenise(text)
        if not tokens:
            return Labelling(text, (), (), ())
        tagger = self._tagger
        tagger.set(token_features(text, tokens))
        names: Sequence[str] = tagger.tag()
        confidence = tuple(map(tagger.marginal, names, range(len(names))))
        return Labelling(text, tuple(tokens), tuple(map(_BY_VALUE.__getitem__, names)), confidence)

    def label_many(self, texts: Sequence[str]) -> list[Labelling]:
        """:meth:`label` of each text, all at once: the same labels and confidences (to the
        last bits of a double), in about half the time for a few hundred texts or more (see
        :mod:`.crf`); for one text, :meth:`label` is quicker."""
        if self._model is None:
            from jtd_evidence.parsing.crf import Model

            self._model = Model(self._path)
        tokens = [tokenise(text) for text in texts]
        tagged = iter(
            self._model.tag(
                [token_pieces(text, found) for text, found in zip(texts, tokens, strict=True) if found]
            )
        )
        labellings: list[Labelling] = []
        for text, found in zip(texts, tokens, strict=True):
            if not found:
                labellings.append(Labelling(text, (), (), ()))
                continue
            names, confidence = next(tagged)
            labellings.append(
                Labelling(text, tuple(found), tuple(map(_BY_VALUE.__getitem__, names)), tuple(confidence))
            )
        return labellings
