"""The name-variant rule finds the same pairs as comparing every two names, in linear time."""

import random

from jtd_evidence._text import fold
from jtd_evidence.lint.rules import _one_edit_apart
from jtd_evidence.lint.similarity import edit_distance


def test_candidate_pairs_include_every_pair_one_edit_apart():
    rng = random.Random(4)
    letters = "abcdeü"
    names = sorted(
        {
            ("".join(rng.choice(letters) for _ in range(rng.randint(1, 6))).capitalize(), rng.choice("AB"))
            for _ in range(400)
        }
    )
    close = {
        (i, j)
        for i in range(len(names))
        for j in range(i + 1, len(names))
        if names[i][1] == names[j][1] and edit_distance(fold(names[i][0]), fold(names[j][0]), limit=1) <= 1
    }
    candidates = _one_edit_apart(names)
    assert close <= set(candidates)
    assert candidates == sorted(set(candidates))
