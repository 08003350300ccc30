"""URL health: check every link (and DOI) of the evidence base and say what state each is in.

The core (:func:`check_urls`) takes URLs, entries or (key, url) pairs and returns one
:class:`LinkResult` per distinct URL; dead links are results, never exceptions.
Reporters (:mod:`jtd_evidence.links.reporters`) and the command (:mod:`jtd_evidence.cli.check_urls`)
sit on top and are not needed to use it.
"""

from __future__ import annotations

from jtd_evidence.links.checker import check_url, check_urls, collect_targets, doi_url, seems_offline
from jtd_evidence.links.errors import LinkInputError, LinkOptionsError, UnsafeAddressError
from jtd_evidence.links.options import CheckOptions
from jtd_evidence.links.types import DEFAULT_FAIL_ON, WORKING, Hop, LinkResult, LinkStatus

__all__ = [
    "DEFAULT_FAIL_ON",
    "WORKING",
    "CheckOptions",
    "Hop",
    "LinkInputError",
    "LinkOptionsError",
    "LinkResult",
    "LinkStatus",
    "UnsafeAddressError",
    "check_url",
    "check_urls",
    "collect_targets",
    "doi_url",
    "seems_offline",
]
