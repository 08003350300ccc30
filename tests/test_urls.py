"""One placeholder vocabulary (jtd_evidence._urls): the entry model, the link checker and the
Markdown reader of source lists treat the same stand-ins for a missing address alike."""

from __future__ import annotations

import pytest

from jtd_evidence import _urls
from jtd_evidence.exceptions import EntryValidationError
from jtd_evidence.links.checker import invalid_reason
from jtd_evidence.models import make_entry
from jtd_evidence.parsing.markup import plain_links


@pytest.mark.parametrize("stand_in", ["#", "", " #top", "about:blank", "URL", "TBD", "n/a", "none", "?"])
def test_every_reader_treats_a_placeholder_as_no_address(stand_in: str) -> None:
    assert _urls.is_placeholder(stand_in)
    reason = invalid_reason(stand_in)
    assert reason is not None and "placeholder" in reason
    assert plain_links(f"See [the page]({stand_in}) now.") == "See the page now."
    if stand_in.strip():  # an empty url is no url at all for the model
        with pytest.raises(EntryValidationError, match="placeholder"):
            make_entry({"title": "A title", "url": stand_in}, key="k")


@pytest.mark.parametrize(
    "address", ["https://example.org/#top", "https://example.org/none", "http://tbd.example/"]
)
def test_real_addresses_are_not_placeholders(address: str) -> None:
    assert not _urls.is_placeholder(address)
    assert invalid_reason(address) is None
    assert make_entry({"title": "A title", "url": address}, key="k").url == address


def test_a_link_to_a_file_beside_the_list_is_left_as_written() -> None:
    # readers add a scheme to hosts written without one ('nao.org.uk/...'), not to a Markdown
    # link's relative target
    assert plain_links("See [the report](report.pdf).") == "See the report <report.pdf>."
    assert plain_links("See [the page](www.gov.uk/x).") == "See the page <https://www.gov.uk/x>."


def test_host_is_lower_case_without_www_and_none_without_one():
    from jtd_evidence._urls import host

    assert host("https://WWW.NSPCC.org.uk/x") == "nspcc.org.uk"
    assert host("https://learning.nspcc.org.uk/") == "learning.nspcc.org.uk"
    assert host(None) is None and host("not a url") is None and host("https://a.o]rg/") is None
