"""A CRFsuite model read from its file and run with numpy, many references at once.

CRFsuite's own tagger takes each token's features as strings and converts every one of them
into its C++ items before it looks them up: about 0.3 µs a string, and a reference has about a
thousand. :class:`Model` reads the model file once (its labels, attributes and weights: the
format of CRFsuite's ``crf1d_model.c`` and ``cqdb.c``), weighs each piece of features
(:func:`.features.token_pieces`: a word's own features, what it lends a neighbour, ...) once
for all labels and keeps it, and labels a batch of references in one pass of array operations
per token position: the most likely labels (Viterbi) and each token's marginal probability
(forward-backward, scaled as CRFsuite scales it). The labels and probabilities are CRFsuite's,
to the last few bits of a double (sums taken in another order): ``tests/parsing/test_crf.py``
compares the two. For one reference at a time CRFsuite is quicker (the array operations cost
the same for one reference as for a few hundred).
"""

from __future__ import annotations

import itertools
import os
import struct
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from jtd_evidence.exceptions import ModelNotFoundError
from jtd_evidence.parsing.features import Piece

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = ["Model", "Tagged"]

Tagged = tuple[list[str], list[float]]
"""One reference as the model tags it: each token's label and the model's confidence in it."""

_HEADER = struct.Struct("<4sI4sIIIIIIIII")  # crf1d_model.c header_t (48 bytes)
# cqdb.c header: chunk id, size, flag, byte order, size and offset of the id -> key array
_CQDB_HEADER = struct.Struct("<4sIIIII")
_STATE, _TRANSITION = 0, 1  # feature types (crf1d.h FT_STATE, FT_TRANS)
_PIECES_KEPT = 200_000
"""Pieces weighed and kept at most (about 30 MB); past this the table starts again."""
_MOST_IN_GROUP = 256
"""Sequences labelled together at most."""
_SLOTS = 8192
"""Tokens (padded to the longest of the group) labelled together at most, unless one sequence is longer."""
_NOT_WEIGHED = itertools.repeat(-1)
"""What a piece not weighed yet is looked up as (no row has a negative number)."""


class _UnreadableError(Exception):
    """What is wrong with a model file (caught in :class:`Model`, which names the file)."""


def _strings(data: bytes, at: int, what: str) -> list[str]:
    """The keys of the CQDB database at offset ``at``, in the order of their ids."""
    chunk, _size, _flag, order, count, backward = _CQDB_HEADER.unpack_from(data, at)
    if chunk != b"CQDB" or order != 0x62445371:
        raise _UnreadableError(f"no {what} table where the model file says")
    offsets = struct.unpack_from(f"<{count}I", data, at + backward)
    found: list[str] = []
    for number, offset in enumerate(offsets):
        key_id, size = struct.unpack_from("<II", data, at + offset)
        if key_id != number:
            raise _UnreadableError(f"{what} {number} is out of order in the model file")
        found.append(data[at + offset + 8 : at + offset + 8 + size - 1].decode("utf-8"))
    return found


class Model:
    """A trained CRFsuite model (first-order, as :func:`.model.train` writes), loaded once."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        import numpy as np

        file = Path(path)
        if not file.is_file():
            raise ModelNotFoundError(
                f"{path}: no reference model here; train one with scripts/train_parser.py"
            )
        data = file.read_bytes()
        try:
            magic, _size, kind, _version, _features, labels, attributes, at_features, at_labels, at_attrs = (
                _HEADER.unpack_from(data)[:10]
            )
            if magic != b"lCRF" or kind != b"FOMC":
                raise _UnreadableError("not a CRFsuite first-order model")
            chunk, _chunk_size, features = struct.unpack_from("<4sII", data, at_features)
            if chunk != b"FEAT":
                raise _UnreadableError("no feature table where the model file says")
            self.labels: tuple[str, ...] = tuple(_strings(data, at_labels, "label"))
            names = _strings(data, at_attrs, "attribute")
            if len(self.labels) != labels or len(names) != attributes:
                raise _UnreadableError("the model file's tables disagree with its header")
            table = np.frombuffer(
                data,
                dtype=np.dtype([("type", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("weight", "<f8")]),
                count=features,
                offset=at_features + 12,
            )
        except (_UnreadableError, ValueError, struct.error, UnicodeDecodeError) as error:
            raise ModelNotFoundError(
                f"{path}: not a reference model CRFsuite can read ({error}); "
                "train one with scripts/train_parser.py, or reinstall the package for the shipped one"
            ) from error
        count = len(self.labels)
        state = table[table["type"] == _STATE]
        moves = table[table["type"] == _TRANSITION]
        # one row per attribute and a last row of zeros for a feature the model does not know
        self._state: npt.NDArray[np.float64] = np.zeros((attributes + 1, count))
        np.add.at(self._state, (state["src"].astype(np.intp), state["dst"].astype(np.intp)), state["weight"])
        self._transition: npt.NDArray[np.float64] = np.zeros((count, count))
        self._transition[moves["src"].astype(np.intp), moves["dst"].astype(np.intp)] = moves["weight"]
        self._exp_transition = np.exp(self._transition)
        self._ids: dict[str, int] = {name: number for number, name in enumerate(names)}
        self._unknown: int = attributes
        self._table: npt.NDArray[np.float64] = np.zeros((1024, count))  # a row per piece weighed
        self._pieces: dict[Piece, int] = {}  # piece -> its row of the table

    def _id(self, feature: str) -> int:
        """The attribute id of a feature string as CRFsuite finds it (it reads a string as C
        does, up to a NUL character); the row of zeros for one it does not know."""
        return self._ids.get(feature.split("\0", 1)[0], self._unknown)

    def tag(self, sequences: Sequence[Sequence[Sequence[Piece]]]) -> list[Tagged]:
        """Each sequence's labels and marginal probabilities: a sequence holds its tokens, each
        as the same number of pieces of feature strings (:func:`.features.token_pieces`); none
        may be empty. The sequences are labelled in groups of about the same length, a few
        thousand tokens at a time, so that a long one costs no more memory than its own length."""
        if len(self._pieces) > _PIECES_KEPT:
            self._pieces = {}
        order = sorted(range(len(sequences)), key=lambda number: len(sequences[number]))
        tagged: list[Tagged | None] = [None] * len(sequences)
        group: list[int] = []
        for number in order:  # by length: the longest of a group is its last
            if group and (len(group) >= _MOST_IN_GROUP or len(sequences[number]) * (len(group) + 1) > _SLOTS):
                self._tag_group(sequences, group, tagged)
                group = []
            group.append(number)
        if group:
            self._tag_group(sequences, group, tagged)
        return [found for found in tagged if found is not None]

    def _tag_group(
        self, sequences: Sequence[Sequence[Sequence[Piece]]], group: list[int], tagged: list[Tagged | None]
    ) -> None:
        import numpy as np

        flat = itertools.chain.from_iterable
        pieces = list(flat(flat(map(sequences.__getitem__, group))))  # each token's pieces, in order
        known = self._pieces
        rows = np.fromiter(map(known.get, pieces, _NOT_WEIGHED), dtype=np.intp, count=len(pieces))
        missing = np.flatnonzero(rows < 0).tolist()
        if missing:  # pieces not weighed yet: weigh them, in the order they first come
            new = list(map(pieces.__getitem__, missing))
            self._weigh(list(dict.fromkeys(new)))
            rows[missing] = list(map(known.__getitem__, new))
        lengths = [len(sequences[number]) for number in group]
        scores = self._scores(rows.reshape(sum(lengths), -1))
        for number, found in zip(group, self._decode(scores, lengths), strict=True):
            tagged[number] = found

    def _scores(self, rows: npt.NDArray[np.intp]) -> npt.NDArray[np.float64]:
        """Each token's state scores: the sum of its pieces' rows of the table (``rows`` holds
        a token's rows on each line), added piece after piece, as ``table[rows].sum(axis=1)``
        adds them, to the last bit, without gathering every piece's row at once first."""
        import numpy as np

        table = self._table
        by_piece = rows.T.copy()  # each piece's rows together: each gather reads one run
        scores: npt.NDArray[np.float64] = table.take(by_piece[0], axis=0)
        row = np.empty_like(scores)
        for rows_of_piece in by_piece[1:]:
            table.take(rows_of_piece, axis=0, out=row)
            scores += row
        return scores

    def _weigh(self, pieces: list[Piece]) -> None:
        """Add rows to the piece table for ``pieces``: each piece's weight for each label, the
        sum of its features' weights (summed one after another: the same whenever it is done)."""
        import numpy as np

        used = len(self._pieces)
        needed = used + len(pieces)
        if needed > len(self._table):
            grown = np.zeros((max(needed, 2 * len(self._table)), len(self.labels)))
            grown[:used] = self._table[:used]
            self._table = grown
        ids = [self._id(feature) for piece in pieces for feature in piece]
        sizes = np.array([len(piece) for piece in pieces], dtype=np.intp)
        starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
        ids.append(self._unknown)  # an empty last piece still has a row to start at
        sums = np.add.reduceat(self._state[np.array(ids, dtype=np.intp)], starts, axis=0)
        sums[sizes == 0] = 0.0
        self._table[used:needed] = sums
        self._pieces.update(zip(pieces, range(used, needed), strict=True))

    def _decode(self, scores: npt.NDArray[np.float64], lengths: list[int]) -> list[Tagged]:
        """Viterbi and forward-backward over a batch: ``scores`` holds every token's state
        scores, sequence after sequence, of the given lengths. Ties go to the first label, as
        in CRFsuite."""
        import numpy as np

        batch = len(lengths)
        longest = max(lengths)
        count = len(self.labels)
        size = np.array(lengths, dtype=np.intp)
        positions = np.arange(longest)[:, None]
        inside = positions < size[None, :]
        state = np.zeros((longest, batch, count))  # [position, sequence, label]; zeros after the end
        state[inside] = scores[(np.concatenate(([0], np.cumsum(size)[:-1]))[None, :] + positions)[inside]]
        # Viterbi: each label's best path score at each position, and the label before it there
        # (the labels it may come from on the first axis: the best of them is found a whole
        # [sequence, label] plane at a time, not one short row at a time)
        moves = self._transition[:, None, :]  # [from, ., to]
        back = np.empty((longest, batch, count), dtype=np.intp)
        best = np.empty((longest, batch, count))
        best[0] = state[0]
        paths = np.empty((count, batch, count))  # [from, sequence, to]
        for t in range(1, longest):
            np.add(best[t - 1].T[:, :, None], moves, out=paths)
            back[t] = paths.argmax(axis=0)
            np.add(paths.max(axis=0), state[t], out=best[t])
        last = size - 1
        rows = np.arange(batch)
        labels = np.zeros((longest, batch), dtype=np.intp)
        labels[last, rows] = best[last, rows].argmax(axis=1)
        for t in range(longest - 2, -1, -1):
            labels[t] = np.where(t < last, back[t + 1, rows, labels[t + 1]], labels[t])
        # forward-backward, scaled at each position as CRFsuite scales it
        exp_state = np.exp(state)
        edges = self._exp_transition
        backward = edges.T
        alpha = np.empty((longest, batch, count))
        scale = np.empty((longest, batch))
        for t in range(longest):
            here = exp_state[0] if t == 0 else (alpha[t - 1] @ edges) * exp_state[t]
            total = here.sum(axis=1)
            if not total.all():
                total[total == 0.0] = 1.0  # CRFsuite leaves a row of zeros unscaled
            np.divide(1.0, total, out=scale[t])
            np.multiply(here, scale[t][:, None], out=alpha[t])
        beta = np.empty((longest, batch, count))
        beta[longest - 1] = scale[longest - 1][:, None]
        for t in range(longest - 2, -1, -1):
            carried = ((beta[t + 1] * exp_state[t + 1]) @ backward) * scale[t][:, None]
            beta[t] = np.where(np.equal(last, t)[:, None], scale[t][:, None], carried)
        picked = (positions, rows[None, :], labels)
        sure = alpha[picked] * beta[picked] / scale
        names = self.labels
        label_rows = labels.T.tolist()
        sure_rows = sure.T.tolist()
        return [
            ([names[label] for label in label_rows[number][:length]], sure_rows[number][:length])
            for number, length in enumerate(lengths)
        ]
