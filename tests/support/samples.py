"""Small evidence bases that several test modules build reading lists from.

Test modules import this as ``samples`` (``tests/conftest.py`` puts this folder on the path).
"""

from __future__ import annotations

from jtd_evidence.base import EvidenceBase
from jtd_evidence.models import Entry, Person


def two_works(title: str = "Complete", first_under: tuple[str, ...] = ("LC4", "WC2")) -> EvidenceBase:
    """Two reports: the first under ``first_under`` with the title ``title`` (change it to change a
    list), the second under WC2."""
    return EvidenceBase(
        [
            Entry(
                key="lee2020",
                type="report",
                year=2020,
                title=title,
                publisher="P",
                authors=(Person(family="Lee", given="A."),),
                statements=first_under,
            ),
            Entry(
                key="hill2021",
                type="report",
                year=2021,
                title="Hearing voices",
                publisher="Q",
                authors=(Person(family="Hill", given="N."),),
                statements=("WC2",),
            ),
        ]
    )


BUILD_EPOCH = 1_780_000_000
"""The ``SOURCE_DATE_EPOCH`` reading-list builds in tests are dated by: 28 May 2026 (UTC)."""
