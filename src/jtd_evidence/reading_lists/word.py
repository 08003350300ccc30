"""Reading lists as Word documents (.docx) that a report writer can paste from as they are.

The page is A4 with 2.54 cm margins, or US Letter with one-inch margins where the locale's
region uses Letter (en-US, en-CA, ...); the document's language is the list's locale (for
spelling and grammar checks); the title is Heading 1 and the principles and statements below
it Heading 2 and 3, so Word's navigation pane and table of contents find them; a list of one
statement or principle shows its heading once, as the title. References are in the
``Bibliography`` paragraph style with a hanging indent, italics kept, web addresses and DOIs
live links in Word's ``Hyperlink`` style. The document properties name the list (title), who
made it (``author``: the programme, by default) and when (``built``: now, or the time
``SOURCE_DATE_EPOCH`` gives); with the same list, author and time the bytes are the same.
"""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from jtd_evidence.framework import PRINCIPLES, STATEMENT_IDS
from jtd_evidence.reading_lists import ReadingList
from jtd_evidence.reading_lists._page import build_time
from jtd_evidence.reading_lists.writers import Run, _intro, _sections, runs

if TYPE_CHECKING:
    from docx.document import Document
    from docx.text.paragraph import Paragraph

__all__ = ["DEFAULT_AUTHOR", "add_hyperlink", "page_size", "set_style", "to_docx", "write_reference"]

DEFAULT_AUTHOR = "Joining the Dots"
"""The author a document names when none is given: the programme whose evidence it lists."""

_LETTER_REGIONS = frozenset({"US", "CA", "MX", "PH", "CL", "CO", "VE", "PR"})
"""Regions whose offices print on US Letter; everywhere else uses A4."""

_FRAMEWORK_IDS = STATEMENT_IDS | {p.id for p in PRINCIPLES}

_PAPER = {"A4": (21.0, 29.7), "Letter": (21.59, 27.94)}  # cm
_MARGIN_CM = 2.54  # UK report margins; one inch on Letter
_HANGING_CM = 1.27
_WORD = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def page_size(locale: str) -> str:
    """ "Letter" for a locale whose region prints on US Letter, else "A4".

    >>> page_size("en-GB"), page_size("en-US"), page_size("fr")
    ('A4', 'Letter', 'A4')
    """
    region = locale.replace("_", "-").split("-")[1:2]
    return "Letter" if region and region[0].upper() in _LETTER_REGIONS else "A4"


def to_docx(rl: ReadingList, *, author: str | None = None, built: datetime | None = None) -> bytes:
    """The reading list as a Word document (see the module's text)."""
    import docx

    document = docx.Document()
    when = (built or build_time()).astimezone(UTC).replace(microsecond=0)
    _page(document, rl.locale)
    _language(document, rl.locale)
    _styles(document)
    _properties(document, rl, author or DEFAULT_AUTHOR, when)
    document.add_heading(rl.title, level=1)
    document.add_paragraph(_intro(rl))
    for section in _sections(rl):  # the lead (a list's one titled section) with no heading of its own
        if section.heading:
            document.add_heading(section.heading, level=min(max(section.level, 1), 9))
        if section.summary:
            document.add_paragraph(section.summary)
        for entry in section.entries:
            write_reference(set_style(document.add_paragraph(), "Bibliography"), entry.html)
        if not section.entries and not section.sections:
            document.add_paragraph("No works listed.")
    stream = io.BytesIO()
    document.save(stream)
    return _stamped(stream.getvalue(), when)


def _page(document: Document, locale: str) -> None:
    from docx.shared import Cm

    width, height = _PAPER[page_size(locale)]
    for section in document.sections:
        section.page_width, section.page_height = Cm(width), Cm(height)
        section.top_margin = section.bottom_margin = Cm(_MARGIN_CM)
        section.left_margin = section.right_margin = Cm(_MARGIN_CM)
        section.header_distance = section.footer_distance = Cm(1.25)


def _language(document: Document, locale: str) -> None:
    """The locale as the language of every run (the styles' defaults) and of the theme fonts."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    defaults = document.styles.element.find(f"{_WORD}docDefaults/{_WORD}rPrDefault/{_WORD}rPr")
    assert defaults is not None  # python-docx's template has them
    lang = defaults.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        defaults.append(lang)
    lang.set(qn("w:val"), locale)
    normal = document.styles["Normal"].element.get_or_add_rPr()
    normal_lang = OxmlElement("w:lang")
    normal_lang.set(qn("w:val"), locale)
    normal.append(normal_lang)
    theme = document.settings.element.find(qn("w:themeFontLang"))
    if theme is not None:
        theme.set(qn("w:val"), locale)


def set_style(paragraph: Paragraph, style_id: str) -> Paragraph:
    """``paragraph`` in the style with this id. Set on its properties directly: python-docx's
    ``style=`` looks for the default style among all of a document's styles on every call, which
    was half the main job's time with one call a reference."""
    paragraph._p.get_or_add_pPr().style = style_id
    return paragraph


def _styles(document: Document) -> None:
    """Word's own ``Bibliography`` (hanging indent) and ``Hyperlink`` styles."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Cm, Pt, RGBColor

    bibliography = document.styles.add_style("Bibliography", WD_STYLE_TYPE.PARAGRAPH)
    bibliography.base_style = document.styles["Normal"]
    form = bibliography.paragraph_format
    form.left_indent, form.first_line_indent = Cm(_HANGING_CM), Cm(-_HANGING_CM)
    form.space_after = Pt(6)
    link = document.styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
    link.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
    link.font.underline = True


def _properties(document: Document, rl: ReadingList, author: str, when: datetime) -> None:
    core = document.core_properties
    core.title = rl.title
    core.subject = f"Reading list, {rl.style_name}"
    core.author = core.last_modified_by = author
    core.created = core.modified = when.replace(tzinfo=None)  # python-docx writes naive times as UTC
    core.comments = _intro(rl)
    core.keywords = ", ".join(s.id for s in rl.walk() if s.id in _FRAMEWORK_IDS)  # the ones it lists
    core.category = "Reading list"
    core.language = rl.locale
    core.revision = 1
    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype.endswith(("/thumbnail", "/extended-properties")):  # the template's, not ours
            del package.rels[rel_id]


def write_reference(paragraph: Paragraph, rendered: str) -> None:
    from docx.shared import Cm

    form = paragraph.paragraph_format  # as the style says, and kept when pasted into another document
    form.left_indent, form.first_line_indent = Cm(_HANGING_CM), Cm(-_HANGING_CM)
    for run in runs(rendered):
        if run.href:
            add_hyperlink(paragraph, run)
        else:
            added = paragraph.add_run(run.text)
            added.italic = run.italic or None
            added.bold = run.bold or None


def add_hyperlink(paragraph: Paragraph, run: Run) -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    assert run.href is not None
    rel_id = paragraph.part.relate_to(run.href, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel_id)
    element = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "Hyperlink")
    props.append(style)
    for flag, name in ((run.bold, "w:b"), (run.italic, "w:i")):
        if flag:
            props.append(OxmlElement(name))
    element.append(props)
    text = OxmlElement("w:t")
    text.text = run.text
    text.set(qn("xml:space"), "preserve")
    element.append(text)
    link.append(element)
    paragraph._p.append(link)


def _stamped(data: bytes, when: datetime) -> bytes:
    """The package with every member dated ``when`` (python-docx dates them with the clock)."""
    stamp = max(when, datetime(1980, 1, 1, tzinfo=UTC)).timetuple()[:6]
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=stamp)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            target.writestr(member, source.read(info.filename))
    return out.getvalue()
