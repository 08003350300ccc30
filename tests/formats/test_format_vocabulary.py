"""Each vocabulary of format names is defined once and the others derived from it."""

from __future__ import annotations

import pytest

from jtd_evidence._report_output import REPORT_FORMATS
from jtd_evidence.exceptions import FormatError
from jtd_evidence.formats import EXPORT_FORMATS, FORMATS, dumps, loads
from jtd_evidence.formatting import OUTPUTS, convert
from jtd_evidence.links.reporters import REPORTERS as LINK_REPORTERS
from jtd_evidence.models import make_entry
from jtd_evidence.reading_lists.site import FORMAT_LABELS
from jtd_evidence.reading_lists.writers import DOCUMENT_FORMATS
from jtd_evidence.reading_lists.writers import FORMATS as DOCUMENT_EXTENSIONS
from jtd_evidence.verify.reporters import REPORTERS as VERIFY_REPORTERS


def test_exchange_formats_come_from_one_table() -> None:
    assert FORMATS == ("bibtex", "csl-json", "ris", "text")
    assert EXPORT_FORMATS == ("bibtex", "biblatex", "csl-json", "ris")
    entry = make_entry({"key": "a2020title", "type": "book", "title": "A title", "year": 2020})
    for name in EXPORT_FORMATS:
        assert dumps([entry], name)
    with pytest.raises(FormatError, match="choose one of: bibtex, biblatex, csl-json, ris"):
        dumps([entry], "text")
    with pytest.raises(FormatError, match="parse them with parse_evidence_list"):
        loads("Smith, J. (2020) A title. London: Press.", "text")


def test_document_formats_are_written_from_the_rendering_outputs() -> None:
    assert list(DOCUMENT_EXTENSIONS) == ["md", "html", "txt", "docx"] == list(FORMAT_LABELS)
    assert OUTPUTS == ("text", "html", "markdown")
    for document in DOCUMENT_FORMATS.values():
        assert document.output in (*OUTPUTS, "docx")
        if document.output != "docx":
            assert convert("<i>x</i>", document.output)


def test_both_checking_commands_write_every_report_format() -> None:
    assert set(REPORT_FORMATS) <= set(LINK_REPORTERS) and set(REPORT_FORMATS) <= set(VERIFY_REPORTERS)
