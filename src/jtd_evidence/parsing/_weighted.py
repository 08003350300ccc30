"""Training a CRFsuite model on weighted sequences, through CRFsuite's C API.

A real reference counts several times against the synthetic ones (``--real-weight``).
python-crfsuite's ``Trainer.append`` gives every sequence the weight 1, so such a reference
had to be appended that many times, and L-BFGS went over every copy in every iteration: with
six copies of each real reference, two in three sequences of the training set were repeats. CRFsuite itself weighs
each sequence (``crfsuite_instance_t.weight`` in ``crfsuite.h``: ``crf1d_encode.c`` multiplies
the sequence's log-likelihood and its model expectations by it, ``crf1d_feature.c`` its
observed feature counts), so one copy of weight six is the same objective as six copies of
weight one, and an iteration costs a third of what it did.

python-crfsuite's extension module carries CRFsuite's C library and exports its functions;
this module calls them with :mod:`ctypes`, with the structures of ``crfsuite.h`` as the
pinned python-crfsuite (0.9.x, CRFsuite 0.12) builds them. That is leaning on a
dependency's internals: ARCHITECTURE.md's table lists it, and ``tests/parsing/test_weighted.py``
trains the same sequences here and through python-crfsuite's own ``Trainer`` and compares
the model files byte for byte, so a release that changes the layout fails there first.

The attributes and labels are numbered in the order they first appear, as python-crfsuite
numbers them, so sequences of weight 1 give python-crfsuite's model, byte for byte.
"""

from __future__ import annotations

import ctypes
import functools
import os
from collections.abc import Iterable, Mapping
from ctypes import CFUNCTYPE, POINTER, Structure, c_char_p, c_double, c_int, c_void_p
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jtd_evidence.exceptions import TrainingError

if TYPE_CHECKING:
    from jtd_evidence.parsing.model import WeightedSequence

__all__ = ["train_weighted"]


class _Attribute(Structure):
    _fields_ = [("aid", c_int), ("value", c_double)]


class _Item(Structure):
    _fields_ = [("num_contents", c_int), ("cap_contents", c_int), ("contents", POINTER(_Attribute))]


class _Instance(Structure):
    _fields_ = [
        ("num_items", c_int),
        ("cap_items", c_int),
        ("items", POINTER(_Item)),
        ("labels", POINTER(c_int)),
        ("weight", c_double),
        ("group", c_int),
    ]


_Counter = CFUNCTYPE(c_int, c_void_p)  # addref, release, num
_OBJECT: list[tuple[str, Any]] = [
    ("internal", c_void_p),
    ("nref", c_int),
    ("addref", _Counter),
    ("release", _Counter),
]
"""The fields every CRFsuite object starts with (its data, reference count, and the two methods that count)."""


class _Dictionary(Structure):
    _fields_ = [
        *_OBJECT,
        ("get", CFUNCTYPE(c_int, c_void_p, c_char_p)),
        ("to_id", CFUNCTYPE(c_int, c_void_p, c_char_p)),
        ("to_string", CFUNCTYPE(c_int, c_void_p, c_int, POINTER(c_char_p))),
        ("num", _Counter),
        ("free", CFUNCTYPE(None, c_void_p, c_char_p)),
    ]


class _Data(Structure):
    _fields_ = [
        ("num_instances", c_int),
        ("cap_instances", c_int),
        ("instances", POINTER(_Instance)),
        ("attrs", POINTER(_Dictionary)),
        ("labels", POINTER(_Dictionary)),
    ]


class _Params(Structure):
    _fields_ = [
        *_OBJECT,
        ("num", _Counter),
        ("name", CFUNCTYPE(c_int, c_void_p, c_int, POINTER(c_char_p))),
        ("set", CFUNCTYPE(c_int, c_void_p, c_char_p, c_char_p)),
    ]  # the fields after ``set`` are not used here


class _Trainer(Structure):
    _fields_ = [
        *_OBJECT,
        ("params", CFUNCTYPE(POINTER(_Params), c_void_p)),
        ("set_message_callback", CFUNCTYPE(None, c_void_p, c_void_p, c_void_p)),
        ("train", CFUNCTYPE(c_int, c_void_p, POINTER(_Data), c_char_p, c_int)),
    ]


@functools.cache
def _library() -> ctypes.CDLL:
    """CRFsuite's C library, as python-crfsuite's extension module carries it."""
    import pycrfsuite._pycrfsuite as extension

    library = ctypes.CDLL(extension.__file__)
    library.crfsuite_create_instance.argtypes = [c_char_p, POINTER(c_void_p)]
    library.crfsuite_create_instance.restype = c_int
    for name in ("crfsuite_data_init", "crfsuite_data_finish"):
        getattr(library, name).argtypes = [POINTER(_Data)]
        getattr(library, name).restype = None
    library.crfsuite_data_append.argtypes = [POINTER(_Data), POINTER(_Instance)]
    library.crfsuite_data_append.restype = c_int
    return library


def _create(library: ctypes.CDLL, interface: bytes, kind: type[Structure]) -> Any:
    """A new CRFsuite object of ``interface`` (``dictionary``, ``train/crf1d/lbfgs``)."""
    made = c_void_p()
    if not library.crfsuite_create_instance(interface, ctypes.byref(made)) or not made.value:
        raise TrainingError(
            f"CRFsuite has no {interface.decode()!r}: install the project again (pip install -e .), "
            "which brings the python-crfsuite 0.9 this training is written for"
        )
    return ctypes.cast(made, POINTER(kind))


_ATTRIBUTE = [("aid", "<i4"), ("pad", "<i4"), ("value", "<f8")]  # _Attribute as numpy lays it out
_ITEM = [("num", "<i4"), ("cap", "<i4"), ("contents", "<u8")]  # _Item


class _Ids:
    """A CRFsuite dictionary's ids of strings (attributes or labels), each string asked of
    CRFsuite once: it numbers strings in the order they first come, as python-crfsuite does."""

    def __init__(self, dictionary: Any) -> None:
        self._handle = ctypes.cast(dictionary, c_void_p)
        self._get = dictionary.contents.get
        self._known: dict[str, int] = {}

    def _new(self, name: str) -> int:
        found = int(self._get(self._handle, name.encode("utf-8")))
        self._known[name] = found
        return found

    def of(self, names: Iterable[str]) -> list[int]:
        known, new = self._known, self._new
        return [known[name] if name in known else new(name) for name in names]


class _Appender:
    """Sequences appended to a CRFsuite data set, each converted once, with its weight."""

    def __init__(self, library: ctypes.CDLL, data: _Data) -> None:
        import numpy as np

        self._np = np
        self._append = library.crfsuite_data_append
        self._data = data
        self._attrs, self._labels = _Ids(data.attrs), _Ids(data.labels)
        self._attribute = np.dtype(_ATTRIBUTE)
        self._item = np.dtype(_ITEM)

    def append(self, features: list[list[str]], labels: list[str], weight: float) -> bool:
        """Append one sequence; False where it has no tokens (CRFsuite would leave it out)."""
        np = self._np
        if len(features) != len(labels):
            raise TrainingError(f"{len(features)} tokens but {len(labels)} labels")
        if not features:
            return False
        flat = self._attrs.of(name for token in features for name in token)
        counts = np.fromiter(map(len, features), dtype=np.int64, count=len(features))
        contents = np.zeros(len(flat), dtype=self._attribute)
        contents["aid"] = flat
        contents["value"] = 1.0
        items = np.empty(len(features), dtype=self._item)
        items["num"] = counts
        items["cap"] = counts
        starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
        items["contents"] = contents.ctypes.data + starts * self._attribute.itemsize
        label_ids = (c_int * len(labels))(*self._labels.of(labels))
        instance = _Instance(
            len(features),
            len(features),
            ctypes.cast(items.ctypes.data, POINTER(_Item)),
            ctypes.cast(label_ids, POINTER(c_int)),
            float(weight),
            0,
        )
        # CRFsuite copies the instance: the arrays it points into need live only to here
        self._append(ctypes.byref(self._data), ctypes.byref(instance))
        return True


def train_weighted(
    sequences: Iterable[WeightedSequence],
    path: str | os.PathLike[str],
    params: Mapping[str, str],
) -> int:
    """Fit a linear-chain CRF (CRFsuite's L-BFGS) to ``sequences``, each counted its weight
    times, with CRFsuite's ``params`` (``{"c1": "1.0", "max_iterations": "150"}``), and write
    the model to ``path``; returns how many sequences were appended (one without tokens is not)."""
    target = Path(path)
    if not target.parent.is_dir():  # found before the minutes of training, not after
        raise TrainingError(f"{target}: no folder {target.parent} to write the model into; make it first")
    library = _library()
    data = _Data()
    library.crfsuite_data_init(ctypes.byref(data))
    trainer = None
    try:
        # the trainer and its parameters first: a parameter CRFsuite refuses is told before the
        # sequences are converted, not after
        trainer = _create(library, b"train/crf1d/lbfgs", _Trainer)
        methods = trainer.contents
        settings = methods.params(ctypes.cast(trainer, c_void_p))
        try:
            for name, value in params.items():
                if settings.contents.set(ctypes.cast(settings, c_void_p), name.encode(), value.encode()):
                    raise TrainingError(f"CRFsuite has no training parameter {name!r}")
        finally:
            settings.contents.release(ctypes.cast(settings, c_void_p))
        data.attrs = _create(library, b"dictionary", _Dictionary)
        data.labels = _create(library, b"dictionary", _Dictionary)
        appender = _Appender(library, data)
        count = sum(appender.append(features, labels, weight) for features, labels, weight in sequences)
        status = methods.train(ctypes.cast(trainer, c_void_p), ctypes.byref(data), os.fsencode(target), -1)
        if status or not target.is_file():  # CRFsuite does not report a model it could not write
            raise TrainingError(
                f"{target}: CRFsuite could not train or write the model (status {status}); "
                "check that the folder is writable and the disk has room"
            )
        return count
    finally:
        if trainer is not None:
            trainer.contents.release(ctypes.cast(trainer, c_void_p))
        for dictionary in (data.attrs, data.labels):
            if dictionary:  # a NULL pointer where the dictionary was never made
                dictionary.contents.release(ctypes.cast(dictionary, c_void_p))
        data.attrs = data.labels = None
        library.crfsuite_data_finish(ctypes.byref(data))
