"""Read what a user gives us (a file or standard input) as text, or refuse it clearly.

Every command that reads user text goes through here, so they all agree on what is text:

* UTF-8, with or without a byte-order mark;
* UTF-16 (what Windows Notepad saves as "Unicode") and UTF-32, by their byte-order mark, or
  UTF-16 without one when every other byte of the text is zero;
* otherwise Windows-1252 (which includes Latin-1's letters), with a note naming the file and
  saying to save it as UTF-8 -- unless most of the file is valid UTF-8, in which case the few bad
  bytes are reported by line rather than guessed at;
* binary data (NUL bytes without a UTF-16 byte-order mark, or mostly control characters) is
  refused with an :class:`~jtd_evidence.exceptions.InputError` that names the file and says what
  to do.

Line endings are normalised: CRLF (Windows) and a lone CR (old Macs) become ``\\n``, so line
numbers in messages are those an editor shows. Readers that must keep a value's own line breaks
exactly (.bib files) ask for ``newlines="keep"``: then only a file with no line feed at all (an old
Mac file, where every line ends in CR) is changed, as otherwise it would be one long line.

    >>> decode_bytes("café".encode("utf-16"), "a.txt").text
    'café'
    >>> decoded = decode_bytes("café\\r\\n".encode("cp1252"), "b.txt")
    >>> decoded.text, decoded.encoding
    ('café\\n', 'cp1252')
"""

from __future__ import annotations

import codecs
import os
import re
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, TextIO

from jtd_evidence.exceptions import InputError

__all__ = ["EncodingNote", "TextInput", "decode_bytes", "read_text", "read_user_text"]


STDIN_NAME = "<stdin>"

# Byte-order marks, longest first (UTF-32 LE starts with UTF-16 LE's).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)
# What a binary file is, by its first bytes, and what to do with it.
_SIGNATURES = (
    (b"%PDF", "a PDF document: copy its text into a plain-text file"),
    (b"PK\x03\x04", "a zip archive (a Word .docx, Excel .xlsx or OpenDocument file?): open it and "
     "save it as plain text (UTF-8)"),
    (b"\xd0\xcf\x11\xe0", "an old Word or Excel document: open it and save it as plain text (UTF-8)"),
    (b"{\\rtf", "a Rich Text (.rtf) document: open it and save it as plain text (UTF-8)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive: unpack it first"),
)  # fmt: skip
# Control characters that plain text may hold: tab, line feed, form feed, carriage return.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\x80-\x9f]")
_NEWLINES = re.compile(r"\r\n?")
# cp1252 leaves five bytes undefined; Latin-1 reads them as C1 controls (counted as such below).
_CP1252_HOLES = bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D])
_UTF8_LEADS = bytes(range(0xC2, 0xF5))  # first bytes of UTF-8's multi-byte characters


class EncodingNote(UserWarning):
    """A file was read, but not as UTF-8: the message names it and says what was assumed."""


@dataclass(frozen=True)
class TextInput:
    """Text read from a user's file, and how it was read."""

    text: str
    name: str
    encoding: str  # utf-8, utf-16-le, cp1252, ...
    note: str | None = None  # for the user, when the encoding was a guess


def _line_of(data: bytes, index: int, unit: int = 1) -> int:
    newline = "\n".encode("utf-16-le" if unit == 2 else "ascii")
    return data[:index].count(newline) + 1


def _refuse_binary(data: bytes, name: str) -> None:
    """Raise InputError if ``data`` (with no byte-order mark) is a binary file, not text."""
    for signature, what in _SIGNATURES:
        if data.startswith(signature):
            raise InputError(name, None, f"this is {what}, not a text file")
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError(
            name,
            _line_of(data, nul),
            "this is not a text file (it holds NUL bytes, as programs and images do): "
            "give a plain-text file, saved as UTF-8",
        )


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when ``data`` is plainly UTF-16 text without a byte-order mark."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    for zeros, letters, encoding in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros.count(0) >= 0.9 * len(zeros) and letters.count(0) == 0:
            return encoding
    return None


def _refuse_controls(text: str, name: str) -> None:
    """Raise InputError if ``text`` is mostly control characters (binary data read as text)."""
    if not text:
        return
    controls = len(_CONTROL.findall(text[:100_000]))
    if controls and controls >= 0.05 * min(len(text), 100_000):
        first = _CONTROL.search(text)
        line = text.count("\n", 0, first.start()) + 1 if first else None
        raise InputError(
            name,
            line,
            "this is not a text file (much of it is control characters, as in programs and "
            "images): give a plain-text file, saved as UTF-8",
        )


def _bad_utf8(data: bytes, error: UnicodeDecodeError, name: str) -> InputError | None:
    """An error for UTF-8 text with a few broken bytes (rather than another encoding), else None."""
    if error.start >= len(data) - 3 and error.reason == "unexpected end of data":
        return InputError(
            name,
            _line_of(data, error.start),
            "the file ends in the middle of a character: it may have been cut short; check its "
            "end, or save it again as UTF-8",
        )
    head = data[: error.start]
    multibyte = len(head) - len(head.translate(None, _UTF8_LEADS))
    if multibyte >= 3:  # real UTF-8 letters before the bad byte: not a Windows-1252 file
        return InputError(
            name,
            _line_of(data, error.start),
            f"byte 0x{data[error.start]:02X} is not UTF-8, though the text before it is: the file "
            "mixes encodings; retype the character on this line, or save the file again as UTF-8",
        )
    return None


def _newlines(text: str, newlines: str) -> str:
    if newlines == "normalise" or ("\n" not in text and "\r" in text):
        return _NEWLINES.sub("\n", text)
    return text


def decode_bytes(data: bytes, name: str, *, newlines: str = "normalise") -> TextInput:
    """Decode a user's bytes as text (see the module docstring); raises InputError for binary data."""
    for bom, encoding, label in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            try:
                text = body.decode(encoding)
            except UnicodeDecodeError as error:
                unit = 2 if label == "UTF-16" else 1
                raise InputError(
                    name,
                    _line_of(body, error.start, unit),
                    f"the file says it is {label} (it starts with a byte-order mark), but it is not "
                    f"valid {label} here: it may be cut short or damaged; save it again as UTF-8",
                ) from None
            _refuse_controls(text, name)
            return TextInput(_newlines(text, newlines), name, encoding)
    guessed = _utf16_without_bom(data)
    if guessed is not None:
        try:
            text = data.decode(guessed)
        except UnicodeDecodeError:
            pass
        else:
            _refuse_controls(text, name)
            return TextInput(_newlines(text, newlines), name, guessed)
    _refuse_binary(data, name)
    note = None
    try:
        text, encoding = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as error:
        broken = _bad_utf8(data, error, name)
        if broken is not None:
            raise broken from None
        text = "".join(
            chunk.decode("latin-1") if chunk in _CP1252_HOLES else chunk.decode("cp1252")
            for chunk in re.split(b"([\x81\x8d\x8f\x90\x9d])", data)
        )
        encoding = "cp1252"
        note = (
            f"{name}: not UTF-8, so read as Windows-1252 (Western European, which includes "
            "Latin-1): check its accented letters and symbols, and save it as UTF-8 to be sure"
        )
    _refuse_controls(text, name)
    return TextInput(_newlines(text, newlines), name, encoding, note)


def read_text(
    path: str | os.PathLike[str], *, name: str | None = None, newlines: str = "normalise"
) -> TextInput:
    """Read the file at ``path`` as text (see :func:`decode_bytes`); OSError if it cannot be opened.
    A note on the encoding, when it was a guess, is issued as an :class:`EncodingNote` warning."""
    shown = name or str(path)
    target = Path(path)
    if target.is_dir():
        raise InputError(shown, None, "this is a folder, not a file: give the path of a file")
    result = decode_bytes(target.read_bytes(), shown, newlines=newlines)
    _note(result)
    return result


def _note(result: TextInput) -> None:
    if result.note:
        warnings.warn(result.note, EncodingNote, stacklevel=3)


def read_user_text(name: str, *, stdin: TextIO | BinaryIO | None = None) -> TextInput:
    """A file named on the command line, or standard input for '-' (see :func:`read_text`)."""
    if name != "-":
        return read_text(name)
    stream = stdin if stdin is not None else sys.stdin
    buffer = getattr(stream, "buffer", None)
    data = buffer.read() if buffer is not None else stream.read()
    if isinstance(data, str):  # an already-decoded stream (tests, applications embedding us)
        if "\x00" in data:
            _refuse_binary(data.encode("utf-8", "surrogatepass"), STDIN_NAME)
        text = _NEWLINES.sub("\n", data.removeprefix("\ufeff"))
        _refuse_controls(text, STDIN_NAME)
        return TextInput(text, STDIN_NAME, "utf-8")
    result = decode_bytes(bytes(data), STDIN_NAME)
    _note(result)
    return result
