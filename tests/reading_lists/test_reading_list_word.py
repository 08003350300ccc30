"""Word reading lists, read back with python-docx and checked in their XML: the page (A4 or
Letter), the language, the document properties, headings, hanging indent, live links, and the
title shown once."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, datetime

import pytest
from docx import Document
from docx.shared import Cm
from samples import two_works

import jtd_evidence
from jtd_evidence.exceptions import JTDError
from jtd_evidence.reading_lists import reading_list
from jtd_evidence.reading_lists._page import build_time
from jtd_evidence.reading_lists.build import BuildPlan, build_reading_lists
from jtd_evidence.reading_lists.word import to_docx
from jtd_evidence.reading_lists.writers import write

BASE = jtd_evidence.load()
EPOCH = 1_790_000_000  # 2026-09-21T14:13:20Z
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def harvard_wc() -> jtd_evidence.reading_lists.ReadingList:
    return reading_list(BASE, style="harvard", principles=["WC"])


def _xml(data: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read(name).decode("utf-8")


def _headings(document) -> list[tuple[str, str]]:
    return [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))
    ]


def test_headings_italics_hanging_indent_and_live_links(harvard_wc, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    document = Document(io.BytesIO(to_docx(harvard_wc)))
    headings = _headings(document)
    assert headings[0] == ("Heading 1", "WC Working with Complexity, Curiosity and Uncertainty")
    assert [text for _, text in headings].count(headings[0][1]) == 1  # the title, once
    assert ("Heading 2", "WC1 Pace is balanced with purpose") in headings
    assert {style for style, _ in headings} == {"Heading 1", "Heading 2"}
    hudson = next(p for p in document.paragraphs if p.text.startswith("Hudson, A. (2021)"))
    assert hudson.style.name == "Bibliography"
    assert [r.text for r in hudson.runs if r.italic] == [
        "Slowing down for stronger momentum in tackling child exploitation"
    ]
    for form in (hudson.paragraph_format, hudson.style.paragraph_format):
        assert form.first_line_indent == -Cm(1.27) and form.left_indent == Cm(1.27)
    links = hudson._p.findall(f".//{W}hyperlink")
    assert len(links) == 1
    rel_id = links[0].get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
    assert document.part.rels[rel_id].target_ref.startswith(
        "https://tce.researchinpractice.org.uk/slowing-down"
    )
    assert links[0].find(f"{W}r/{W}rPr/{W}rStyle").get(f"{W}val") == "Hyperlink"
    assert document.styles["Hyperlink"].font.underline
    assert "Available at: https://tce" in hudson.text


def test_a_doi_is_a_live_link():
    rl = reading_list(BASE, style="apa", statements=["LC3"])
    document = Document(io.BytesIO(to_docx(rl, built=datetime(2026, 1, 1, tzinfo=UTC))))
    targets = {rel.target_ref for rel in document.part.rels.values() if rel.is_external}
    assert any(t.startswith("https://doi.org/10.") for t in targets)


def test_a_statement_list_shows_its_title_once_and_its_works_under_it():
    rl = reading_list(BASE, style="harvard", group_by="statement", statements=["LC4"])
    document = Document(io.BytesIO(to_docx(rl, built=datetime(2026, 1, 1, tzinfo=UTC))))
    assert _headings(document) == [("Heading 1", "LC4 Language is clear, shared and respectful")]
    text = "\n".join(p.text for p in document.paragraphs)
    assert text.count("Language is clear, shared and respectful") == 1
    assert sum(p.style.name == "Bibliography" for p in document.paragraphs) == len(rl.sections[0].entries)


def test_the_whole_base_nests_principles_and_statements_under_one_title():
    rl = reading_list(BASE, style="harvard")
    document = Document(io.BytesIO(to_docx(rl, built=datetime(2026, 1, 1, tzinfo=UTC))))
    styles = [style for style, _ in _headings(document)]
    assert styles[:3] == ["Heading 1", "Heading 2", "Heading 3"] and styles.count("Heading 1") == 1
    assert styles.count("Heading 2") == 3 and styles.count("Heading 3") == 12


@pytest.mark.parametrize(
    ("locale", "width", "height"),
    [("en-GB", 11906, 16838), ("en-US", 12240, 15840)],  # A4 and Letter, in twentieths of a point
)
def test_page_size_margins_and_language_follow_the_locale(locale, width, height):
    rl = reading_list(BASE, style="apa", locale=locale, statements=["WC2"])
    data = to_docx(rl, built=datetime(2026, 1, 1, tzinfo=UTC))
    size = re.search(r'<w:pgSz w:w="(\d+)" w:h="(\d+)"', _xml(data, "word/document.xml"))
    assert size is not None and (int(size[1]), int(size[2])) == (width, height)
    margins = re.search(r"<w:pgMar [^>]*>", _xml(data, "word/document.xml"))
    assert margins is not None
    for side in ("top", "right", "bottom", "left"):
        assert f'w:{side}="1440"' in margins[0]  # 2.54 cm
    styles = _xml(data, "word/styles.xml")
    defaults = re.search(r"<w:docDefaults>.*</w:docDefaults>", styles, re.S)
    assert defaults is not None and f'<w:lang w:val="{locale}"' in defaults[0]
    assert f'<w:themeFontLang w:val="{locale}"' in _xml(data, "word/settings.xml")
    assert Document(io.BytesIO(data)).core_properties.language == locale


def test_document_properties_are_the_lists_and_the_builds(harvard_wc, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    data = write(harvard_wc, "docx", author="Bristol Safeguarding Partnership")
    core = Document(io.BytesIO(data)).core_properties
    assert core.title == "WC Working with Complexity, Curiosity and Uncertainty"
    assert core.author == core.last_modified_by == "Bristol Safeguarding Partnership"
    assert core.created == core.modified == datetime(2026, 9, 21, 14, 13, 20, tzinfo=UTC)
    assert core.keywords == "WC, WC1, WC2, WC3, WC4" and core.language == "en-GB"
    assert Document(io.BytesIO(to_docx(harvard_wc))).core_properties.author == "Joining the Dots"
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = package.namelist()
        everything = b"".join(package.read(name) for name in names)
        stamps = {info.date_time for info in package.infolist()}
    assert b"python-docx" not in everything and b"2013-12-23" not in everything
    assert "docProps/thumbnail.jpeg" not in names  # the template's picture of another document
    assert stamps == {(2026, 9, 21, 14, 13, 20)}
    assert write(harvard_wc, "docx", author="Bristol Safeguarding Partnership") == data  # byte for byte


def test_a_build_names_its_author_in_every_word_document_and_rewrites_them_when_it_changes(tmp_path):
    base = two_works()
    out = tmp_path / "lists"
    build_reading_lists(
        base, out, BuildPlan(styles=("apa",), formats=("docx",), statements=["WC2"], author="Hub A")
    )
    document = out / "apa-en-GB" / "WC2.docx"
    assert Document(document).core_properties.author == "Hub A"
    again = build_reading_lists(
        base, out, BuildPlan(styles=("apa",), formats=("docx",), statements=["WC2"], author="Hub B")
    )
    assert again.reused == 0 and Document(document).core_properties.author == "Hub B"


def test_build_time_is_now_or_source_date_epoch(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert abs((build_time() - datetime.now(UTC)).total_seconds()) < 5
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    assert build_time() == datetime(2026, 9, 21, 14, 13, 20, tzinfo=UTC)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(JTDError, match="SOURCE_DATE_EPOCH='yesterday' is not a time"):
        build_time()
