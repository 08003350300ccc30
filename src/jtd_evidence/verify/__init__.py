"""Check every entry against the scholarly registries: find DOIs, catch wrong years, titles and journals.

For each entry, Crossref is asked (by the entry's DOI, else with a bibliographic query of its
title, names and year) and, where Crossref has nothing, OpenAlex. A scored comparison decides
whether a record is the same work, and each entry gets a :class:`Verdict`: ``confirmed``,
``doi-found``, ``mismatch`` (field by field), ``ambiguous`` (candidates listed), ``not-found``
(normal for grey literature) or ``error`` (the registries could not be asked: an
:class:`ErrorKind` says why). Nothing here prints or knows of report formats; the command line
(:mod:`jtd_evidence.cli.verify`) and the reporters render the results.

    >>> from jtd_evidence.verify import Verdict
    >>> [v.value for v in Verdict]
    ['confirmed', 'doi-found', 'mismatch', 'ambiguous', 'not-found', 'error']
"""

from jtd_evidence.verify.checker import Verifier, summary, verify_entries
from jtd_evidence.verify.match import compare, decide, differences
from jtd_evidence.verify.options import CROSSREF_URL, OPENALEX_URL, VerifyOptions, VerifyOptionsError
from jtd_evidence.verify.types import FAILING, Candidate, Difference, ErrorKind, Record, Verdict, VerifyResult

__all__ = [
    "CROSSREF_URL",
    "FAILING",
    "OPENALEX_URL",
    "Candidate",
    "Difference",
    "ErrorKind",
    "Record",
    "Verdict",
    "Verifier",
    "VerifyOptions",
    "VerifyOptionsError",
    "VerifyResult",
    "compare",
    "decide",
    "differences",
    "summary",
    "verify_entries",
]
