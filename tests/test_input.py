"""Reading user text: UTF-8 (BOM or not), UTF-16/32, Windows-1252 with a note, binary refused."""

import io
import os
import warnings

import pytest

from jtd_evidence._input import EncodingNote, decode_bytes, read_text, read_user_text
from jtd_evidence.exceptions import InputError

TEXT = "Müller, J. (2020). Café – a study. Press.\nSecond line\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (TEXT.encode("utf-8-sig"), "utf-8"),
        (TEXT.encode("utf-16"), "utf-16-le"),  # Notepad's "Unicode": a BOM, little-endian
        (b"\xfe\xff" + TEXT.encode("utf-16-be"), "utf-16-be"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),  # no BOM: every other byte is zero
        (TEXT.encode("utf-32"), "utf-32-le"),
    ],
)
def test_unicode_encodings_are_read_exactly(data, encoding):
    decoded = decode_bytes(data, "f.txt")
    assert decoded.text == TEXT and decoded.encoding == encoding and decoded.note is None


def test_windows_1252_is_read_with_a_note_naming_the_file():
    decoded = decode_bytes(TEXT.encode("cp1252"), "refs.txt")
    assert decoded.text == TEXT and decoded.encoding == "cp1252"
    assert "refs.txt" in decoded.note and "Windows-1252" in decoded.note and "UTF-8" in decoded.note


def test_bytes_cp1252_leaves_undefined_are_kept():
    text = b"caf\xe9 \x81 and a long enough line of ordinary text around it"
    assert decode_bytes(text, "x").text == text.decode("latin-1")


@pytest.mark.parametrize(
    ("data", "line"),
    [
        (b"\x00\x01binary\x02\x03" * 10, 1),
        (b"ok\nok\n\x00\x00", 3),
        (bytes(range(1, 32)) * 20, 1),  # control characters but no NUL
    ],
)
def test_binary_is_refused_with_the_file_and_line(data, line):
    with pytest.raises(InputError) as caught:
        decode_bytes(data, "data.bin")
    assert caught.value.path == "data.bin" and caught.value.line == line
    assert "not a text file" in str(caught.value)


def test_random_bytes_are_refused():
    with pytest.raises(InputError):
        decode_bytes(os.urandom(5000), "random.bin")


@pytest.mark.parametrize(
    ("data", "what"),
    [(b"%PDF-1.7\n...", "PDF"), (b"PK\x03\x04rest", "Word"), (b"\xd0\xcf\x11\xe0\xa1\xb1", "Word")],
)
def test_known_binary_formats_say_what_they_are(data, what):
    with pytest.raises(InputError, match=what):
        decode_bytes(data, "x.docx")


def test_truncated_and_mixed_utf8_are_errors_not_guesses():
    truncated = "Müller and Café and Noël ü".encode()[:-1]
    with pytest.raises(InputError, match="middle of a character"):
        decode_bytes(truncated, "cut.txt")
    mixed = "Müller, Café, Noël\n".encode() + "Señor\n".encode("cp1252")
    with pytest.raises(InputError, match="mixes encodings") as caught:
        decode_bytes(mixed, "mixed.txt")
    assert caught.value.line == 2


def test_broken_utf16_after_a_bom_is_an_error():
    with pytest.raises(InputError, match="UTF-16"):
        decode_bytes(b"\xff\xfe" + "ab\n".encode("utf-16-le") + b"\x00\xd8", "u.txt")


def test_line_endings_are_normalised():
    assert decode_bytes(b"a\r\nb\rc\n", "x").text == "a\nb\nc\n"
    assert decode_bytes("a\r\nb".encode("utf-16"), "x").text == "a\nb"
    assert decode_bytes(b"a\r\nb\rc", "x", newlines="keep").text == "a\r\nb\rc"
    assert decode_bytes(b"a\rb\r", "x", newlines="keep").text == "a\nb\n"  # an old Mac file


def test_read_text_warns_once_with_an_encoding_note(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("Señor\n".encode("latin-1"))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert read_text(path).text == "Señor\n"
    assert [w.category for w in caught] == [EncodingNote]
    with pytest.raises(InputError, match="folder"):
        read_text(tmp_path)


def test_standard_input_is_read_as_bytes():
    stream = io.TextIOWrapper(io.BytesIO("é\r\n".encode("utf-16")))
    assert read_user_text("-", stdin=stream).text == "é\n"
    assert read_user_text("-", stdin=io.StringIO("\ufeffplain\r\n")).text == "plain\n"
    with pytest.raises(InputError):
        read_user_text("-", stdin=io.StringIO("a\x00b"))
