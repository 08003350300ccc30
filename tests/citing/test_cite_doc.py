"""cite-doc and cite: pandoc citations in Word and Markdown documents formatted, the reference list
added; a Word document built with python-docx is cited into and read back."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.shared import Pt

from jtd_evidence.cli import main

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FOOTNOTES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes xmlns:w="{W}">
<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>
<w:footnote w:id="1"><w:p><w:r><w:t xml:space="preserve">As argued in </w:t></w:r><w:r><w:t>[@wroe2021county</w:t></w:r><w:r><w:t xml:space="preserve">, p. 4].</w:t></w:r></w:p></w:footnote>
</w:footnotes>"""


def _report(path: Path, *, placeholder: bool = False) -> Path:
    document = Document()
    document.add_heading("Contextual safeguarding report", level=1)
    paragraph = document.add_paragraph("Mapping places matters ")
    for text in ("[@hurst2", "021place, ", "p. 12]", " and data helps "):  # one citation over three runs
        paragraph.add_run(text)
    emphasised = paragraph.add_run("[see @godar2021using, ch. 3]")
    emphasised.bold = True
    paragraph.add_run(". As @hill2021hearing shows, and [-@godar2021using] adds.")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Evidence"
    table.cell(0, 1).text = "[@fraser2021public; @hurst2021place]"
    document.add_paragraph("Email jo@example.org stays.")
    if placeholder:
        document.add_paragraph("{bibliography}")
        document.add_paragraph("Appendix after the references.")
    part = Part(
        PackURI("/word/footnotes.xml"), CONTENT_TYPE.WML_FOOTNOTES, FOOTNOTES.encode(), document.part.package
    )
    document.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
    document.styles["Normal"].font.size = Pt(11)
    document.save(str(path))
    return path


def _texts(path: Path) -> list[str]:
    document = Document(str(path))
    out = [p.text for p in document.paragraphs]
    out += [cell.text for row in document.tables[0].rows for cell in row.cells]
    return out


def test_cite_doc_word(tmp_path, capsys):
    source = _report(tmp_path / "report.docx")
    before = source.read_bytes()
    out = tmp_path / "cited.docx"
    assert main(["cite-doc", str(source), "-o", str(out), "--style", "harvard"]) == 0
    assert "6 citation(s)" in capsys.readouterr().err
    assert source.read_bytes() == before  # the document read is left as it was
    texts = _texts(out)
    assert texts[1] == (
        "Mapping places matters (Hurst and Fairgrieves, 2021, p. 12) and data helps (see Godar, 2021, ch. 3). "
        "As Hill (2021) shows, and (2021) adds."
    )
    assert "(Fraser and Irwin-Rogers, 2021; Hurst and Fairgrieves, 2021)" in texts
    assert "Email jo@example.org stays." in texts
    document = Document(str(out))
    styled = [r for r in document.paragraphs[1].runs if r.text.startswith("(see Godar")]
    assert styled and styled[0].bold  # the run's own formatting is kept
    assert document.styles["Normal"].font.size == Pt(11)  # the document's styles are kept
    references = document.paragraphs[-5:]
    assert document.paragraphs[-6].text == "References" and document.paragraphs[-6].style.name == "Heading 1"
    assert [p.text.split(" (")[0] for p in references] == [
        "Fraser, A. and Irwin-Rogers, K.",
        "Godar, R.",
        "Hill, N.",
        "Hurst, A. and Fairgrieves, E.",
        "Wroe, L.",
    ]
    assert references[0].paragraph_format.first_line_indent < 0 < references[0].paragraph_format.left_indent
    xml = zipfile.ZipFile(out).read("word/document.xml").decode()
    assert "<w:hyperlink" in xml and "[@" not in xml
    notes = zipfile.ZipFile(out).read("word/footnotes.xml").decode()
    assert "As argued in </w:t>" in notes and "(Wroe, 2021, p. 4)" in notes and "[@" not in notes


def test_cite_doc_word_placeholder_and_base_letters(tmp_path):
    source = _report(tmp_path / "report.docx", placeholder=True)
    out = tmp_path / "cited.docx"
    assert main(["cite-doc", str(source), "-o", str(out), "--style", "apa", "--consistent-across-base"]) == 0
    texts = [p.text for p in Document(str(out)).paragraphs]
    assert "(see Godar, 2021b, Chapter 3)" in texts[1]
    assert "References" not in texts and "{bibliography}" not in texts
    first = next(i for i, t in enumerate(texts) if t.startswith("Fraser, A., & Irwin-Rogers, K. (2021)"))
    assert texts[first + 1].startswith("Godar, R. (2021b).") and texts[-1] == "Appendix after the references."


def test_cite_doc_unknown_keys_write_nothing(tmp_path, capsys):
    source = tmp_path / "notes.md"
    source.write_text("See [@hurst2021plcae; @godar2021usign].\n", encoding="utf-8")
    out = tmp_path / "out.md"
    assert main(["cite-doc", str(source), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert (
        "@hurst2021plcae (closest: hurst2021place" in err
        and "@godar2021usign (closest: godar2021using" in err
    )
    assert not out.exists()


MARKDOWN = """# Notes

Places matter [@hurst2021place, p. 12]; so does data [see @godar2021using, ch. 3].
@hill2021hearing agrees, and `[@not_a_citation]` is code.

{bibliography}
"""


@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
def test_cite_doc_markdown(tmp_path, fmt):
    source = tmp_path / "notes.md"
    source.write_text(MARKDOWN, encoding="utf-8")
    out = tmp_path / f"cited.{fmt}"
    assert main(["cite-doc", str(source), "-o", str(out)]) == 0
    if fmt == "md":
        text = out.read_text("utf-8")
        assert (
            "Places matter (Hurst and Fairgrieves, 2021, p. 12); so does data (see Godar, 2021, ch. 3)."
            in text
        )
        assert "Hill (2021) agrees, and `[@not_a_citation]` is code." in text
        assert "{bibliography}" not in text and "\nGodar, R. (2021) *Using data" in text
    elif fmt == "html":
        page = out.read_text("utf-8")
        assert page.startswith("<!DOCTYPE html>") and "<title>Notes</title>" in page
        assert "(see Godar, 2021, ch. 3)" in page and "<code>[@not_a_citation]</code>" in page
        assert '<div class="references">' in page and "text-indent: -2em" in page
        assert '<a href="https://tce.researchinpractice.org.uk/using-data' in page
    else:
        paragraphs = Document(str(out)).paragraphs
        assert paragraphs[0].style.name == "Heading 1" and paragraphs[0].text == "Notes"
        assert paragraphs[1].text.startswith("Places matter (Hurst and Fairgrieves, 2021, p. 12);")
        assert [p.text[:9] for p in paragraphs[2:]] == ["Godar, R.", "Hill, N. ", "Hurst, A."]
        assert "<w:hyperlink" in zipfile.ZipFile(out).read("word/document.xml").decode()


def test_cite_doc_word_as_markdown_and_html(tmp_path):
    source = _report(tmp_path / "report.docx", placeholder=True)
    assert main(["cite-doc", str(source), "-o", str(tmp_path / "cited.md")]) == 0
    text = (tmp_path / "cited.md").read_text("utf-8")
    assert text.startswith(
        "# Contextual safeguarding report\n\nMapping places matters (Hurst and Fairgrieves, 2021, p. 12)"
    )
    assert "**(see Godar, 2021, ch. 3)**" in text  # the run's bold kept
    assert "| Evidence | (Fraser and Irwin-Rogers, 2021; Hurst and Fairgrieves, 2021) |" in text
    assert "\n\nWroe, L. (2021) *‘County lines’" in text and text.index("Wroe, L.") < text.index(
        "Appendix after"
    )
    assert text.endswith("## Notes\n\n1. As argued in (Wroe, 2021, p. 4).\n")
    assert main(["cite-doc", str(source), "-o", str(tmp_path / "cited.html")]) == 0
    assert '<div class="references">' in (tmp_path / "cited.html").read_text("utf-8")


def test_cite_doc_refuses_what_it_cannot_write(tmp_path, capsys):
    source = _report(tmp_path / "report.docx")
    assert main(["cite-doc", str(source), "-o", str(tmp_path / "out.txt")]) == 2
    assert "can be written as .docx, .md, .html" in capsys.readouterr().err
    assert main(["cite-doc", str(source), "-o", str(source)]) == 2
    assert "does not overwrite" in capsys.readouterr().err
    assert not (tmp_path / "out.txt").exists()


def test_cite_command(capsys):
    assert main(["cite", "[@hurst2021place, p. 12; see @godar2021using, ch. 3]"]) == 0
    assert capsys.readouterr().out == "(Hurst and Fairgrieves, 2021, p. 12; see Godar, 2021, ch. 3)\n"
    assert (
        main(["cite", "hurst2021place:12", "godar2021using:ch. 3", "--style", "apa", "--bibliography"]) == 0
    )
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "(Godar, 2021, Chapter 3; Hurst & Fairgrieves, 2021, p. 12)"
    assert out[1] == "" and out[2].startswith("Godar, R. (2021). Using data")
    assert main(["cite", "@godar2021using [p. 4]", "[-@hurst2021place]", "--consistent-across-base"]) == 0
    assert capsys.readouterr().out == "Godar (2021b, p. 4)\n(2021)\n"
    assert main(["cite", "hurst2021place:xx"]) == 2
    assert main(["cite", "no citation here @"]) == 2
