"""Text fields to and from BibTeX: escape what LaTeX treats specially, decode with pylatexenc.

:func:`encode` writes plain text so that BibTeX and LaTeX print it as given and so
that :func:`decode` gives back exactly the same text: ``decode(encode(x)) == x``.
Non-ASCII characters stay UTF-8. :func:`decode` also reads what other tools write
(``{\\'e}``, ``\\&``, ``{Braced}`` case protection, ``--``) as plain unicode.

    >>> encode("Fish & chips: 50% off_~")
    'Fish \\\\& chips: 50\\\\% off\\\\_\\\\textasciitilde{}'
    >>> decode(r"{\\'E}tudes on {BBC} pages 1--2")
    'Études on BBC pages 1–2'
"""

from __future__ import annotations

import functools
import re

from pylatexenc import latexwalker
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

__all__ = ["decode", "encode", "is_balanced"]

# One pass over the characters LaTeX reads as commands. pylatexenc's encoder is not
# used for this: it NFC-normalises its input, which would break decode(encode(x)) == x.
_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_SPECIAL = re.compile("[" + re.escape("".join(_SPECIALS)) + "]")
# Pairs that LaTeX (and pylatexenc) turn into one glyph: -- `` '' !` ?`. An empty
# group between the two characters keeps them apart.
_LIGATURE = re.compile(r"(?<=-)(?=-)|(?<=`)(?=`)|(?<=')(?=')|(?<=[!?])(?=`)")
# A line break followed by indentation is how wrapped values look in a .bib file;
# decode() joins such lines, so encode() breaks the pattern with an empty group.
_INDENTED_LINE = re.compile(r"\n(?=[ \t])")
_WRAPPED_LINE = re.compile(r"[ \t]*\r?\n[ \t]+")
# An @ starting a line looks like the start of a new entry to BibTeX parsers.
_LINE_START_AT = re.compile(r"\n(\s*)@")
_BRACE = re.compile(r"(?<!\\)[{}]")
# A bare & or % (not escaped by a backslash): LaTeX reads them as an alignment tab and a comment,
# which would turn "Children & Society" into spaces and drop everything after "50%". People who
# write .bib files by hand (and Zotero and JabRef, which read such values literally) mean the
# characters, so decode() escapes them first.
_BARE_LITERAL = re.compile(r"(?<!\\)((?:\\\\)*)([&%])")


def encode(text: str, *, group_commands: bool = False) -> str:
    """LaTeX source for ``text``, safe inside a braced BibTeX field value.

    With ``group_commands`` each command is braced (``{\\&}``), so no backslash is left
    outside braces; BibTeX name lists need this (bibtexparser splits ``A and \\&B`` wrongly).
    """
    if group_commands:
        latex = _SPECIAL.sub(lambda m: "{" + _SPECIALS[m.group()].removesuffix("{}") + "}", text)
    else:
        latex = _SPECIAL.sub(lambda m: _SPECIALS[m.group()], text)
    latex = _LIGATURE.sub("{}", latex)
    latex = _INDENTED_LINE.sub("\n{}", latex)
    return _LINE_START_AT.sub(lambda m: "\n" + m.group(1) + "{@}", latex)


def _decoder() -> LatexNodes2Text:
    context = get_default_latex_context_db()
    context.add_context_category(
        "jtd-evidence",
        prepend=True,
        macros=[
            MacroTextSpec("textasciicircum", simplify_repl="^"),
            MacroTextSpec("url", simplify_repl="%s"),
        ],
    )
    return LatexNodes2Text(latex_context=context)


_DECODER = _decoder()
# Built once: pylatexenc would otherwise rebuild its parsing context for every value.
_PARSING_CONTEXT = latexwalker.get_default_latex_context_db()


@functools.lru_cache(maxsize=4096)
def decode(latex: str) -> str:
    """Plain unicode text for a BibTeX field value written in LaTeX."""
    latex = _WRAPPED_LINE.sub(" ", latex)
    if not any(ch in latex for ch in "\\{}~`'-!?$&%"):
        return latex
    latex = _BARE_LITERAL.sub(r"\1\\\2", latex)
    text: str = _DECODER.latex_to_text(latex, latex_context=_PARSING_CONTEXT)  # pylatexenc is untyped
    return text


def is_balanced(latex: str) -> bool:
    """Whether the unescaped braces in ``latex`` pair up (so it can sit inside ``{...}``)."""
    depth = 0
    for match in _BRACE.finditer(latex):
        depth += 1 if match.group() == "{" else -1
        if depth < 0:
            return False
    return depth == 0 and not re.search(r"(?<!\\)(\\\\)*\\$", latex)
