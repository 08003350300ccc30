"""`lint --fix --write` and `add --bib` on someone's own .bib change only the entries they must:
comments, @string, @preamble, @comment, order, layout, CRLF and BOM stay byte for byte, and the
diff shown is against the file on disk."""

import shutil
from pathlib import Path

import pytest
from commands import run

from jtd_evidence.store import dumps_bib, read_bib

# A JabRef-style file: header comment, macro, preamble, quotes, tabs, a save-order @comment,
# a trailing comma, and entries not in key order.
USER_BIB = """\
% Hub reading list (JabRef)
@string{yj = "Youth Justice"}
@preamble{"\\providecommand{\\noop}[1]{}"}

@Article{densley2020matrix,
\tAuthor = "Densley, James",
\tTitle = "The Matrix",
\tJournal = yj,
\tYear = 2020,
\tPages = "11-30",
\turl = "https://journals.sagepub.com/doi/pdf/10.1177/1473225419883706",
\tabstract = {Kept as written}
}

@comment{jabref-meta: saveOrderConfig:specified;title;false;}

@book{aardvark2019first,
  title = {First in the alphabet, last in the file},
  year = {2019},
  publisher = {Policy Press},
}
"""
DOI_ADDED = USER_BIB.replace(
    "\tabstract = {Kept as written}\n}",
    '\tabstract = {Kept as written},\n\tdoi = "10.1177/1473225419883706"\n}',
)


def changed_lines(diff):
    return [line for line in diff.splitlines() if line[:1] in "+-" and not line.startswith(("+++", "---"))]


@pytest.mark.parametrize(("newline", "bom"), [("\n", ""), ("\r\n", "\ufeff")], ids=["lf", "crlf-with-bom"])
def test_lint_fix_write_changes_only_the_fixed_field(tmp_path, capsys, newline, bom):
    bib = tmp_path / "mine.bib"
    bib.write_bytes((bom + USER_BIB.replace("\n", newline)).encode("utf-8"))
    _, _, err = run(capsys, "lint", bib, "--fix")
    assert [line.rstrip("\r") for line in changed_lines(err)] == [
        "-\tabstract = {Kept as written}",
        "+\tabstract = {Kept as written},",
        '+\tdoi = "10.1177/1473225419883706"',
    ]
    _, _, err = run(capsys, "lint", bib, "--fix", "--write")
    assert "applied 1 fix" in err
    assert bib.read_bytes() == (bom + DOI_ADDED.replace("\n", newline)).encode("utf-8")
    assert read_bib(bib)[0].doi == "10.1177/1473225419883706"


def test_lint_fix_dry_run_diff_is_against_the_file_on_disk(tmp_path, capsys):
    bib = tmp_path / "mine.bib"
    bib.write_text(USER_BIB, encoding="utf-8")
    status, _, err = run(capsys, "lint", bib, "--fix")
    assert status == 1 and "dry run" in err
    diff = err[err.index("---") :]
    assert f"--- {bib}\n+++ {bib} (fixed)\n@@ -9,7 +9,8 @@\n" in diff  # line numbers of the real file
    assert ' \tYear = 2020,\n \tPages = "11-30",\n' in diff  # and its real lines as context
    assert bib.read_text(encoding="utf-8") == USER_BIB


REFS = (
    "Densley, J. (2020). The Matrix. Youth Justice, 20(1), 11–30.\n\n"
    "Holmes, D. (2022). Transitional safeguarding: The case for change. Practice, 34(1), 7–23.\n"
)


def test_add_to_own_bib_keeps_everything_it_does_not_change(tmp_path, capsys):
    bib = tmp_path / "mine.bib"
    bib.write_text(USER_BIB, encoding="utf-8")
    refs = tmp_path / "refs.txt"
    refs.write_text(REFS, encoding="utf-8")
    status, out, _ = run(capsys, "add", "--statement", "WC2", refs, "--bib", bib, "--dry-run")
    assert status == 0 and bib.read_text(encoding="utf-8") == USER_BIB
    assert not [line for line in changed_lines(out) if line.startswith("-") and "abstract" not in line]
    status, _, _ = run(capsys, "add", "--statement", "WC2", refs, "--bib", bib)
    after = bib.read_text(encoding="utf-8")
    cut = after.index("\tabstract = {Kept as written},\n")
    assert after[:cut] == USER_BIB[:cut]  # header, macro, preamble and the fields before: untouched
    densley = after[cut : after.index("}\n", cut) + 2]
    assert '\tkeywords = "WC2",\n\tjtd-statements = "WC2"\n}\n' in densley
    rest = after[cut + len(densley) :]
    assert rest.startswith(USER_BIB[USER_BIB.index("\n@comment") :] + "\n@article{holmes2022transitional,\n")
    entries = {e.key: e for e in read_bib(bib)}
    assert list(entries) == ["densley2020matrix", "aardvark2019first", "holmes2022transitional"]
    assert entries["densley2020matrix"].container_title == "Youth Justice"  # still from the macro
    assert "Journal = yj," in after


def test_add_keeps_look_alikes_already_in_the_file_apart(tmp_path, capsys):
    """Two entries someone keeps apart in their own .bib stay two (lint reports the pair): add never drops one."""
    twice = (
        USER_BIB
        + "\n"
        + USER_BIB[USER_BIB.index("@book") :].replace("aardvark2019first", "aardvark2019again")
    )
    bib = tmp_path / "mine.bib"
    bib.write_text(twice, encoding="utf-8")
    refs = tmp_path / "refs.txt"
    refs.write_text(REFS, encoding="utf-8")
    status, _, _ = run(capsys, "add", "--statement", "WC2", refs, "--bib", bib)
    assert status == 0
    keys = {e.key for e in read_bib(bib)}
    assert {"aardvark2019first", "aardvark2019again"} <= keys
    status, out, _ = run(capsys, "lint", bib)
    assert "aardvark2019again: looks like the same work as aardvark2019first" in out


def test_lint_fix_write_refuses_a_file_it_cannot_keep_byte_for_byte(tmp_path, capsys):
    bib = tmp_path / "mine.bib"
    data = USER_BIB.replace("Kept as written", "Kept as written at the café").encode("cp1252")
    bib.write_bytes(data)
    status, _, err = run(capsys, "lint", bib, "--fix", "--write")
    assert status == 2
    assert "saved as Windows-1252" in err and "save it as UTF-8" in err and "nothing was written" in err
    assert bib.read_bytes() == data


def test_lint_fix_dry_run_on_a_generated_base_shows_its_canonical_form(tmp_path, capsys):
    root = Path(__file__).resolve().parents[2]
    shutil.copytree(root / "bib", tmp_path / "bib")
    bib = tmp_path / "bib" / "joining-the-dots.bib"
    entry = read_bib(root / "bib" / "joining-the-dots.bib")[0].model_copy(
        update={"url": "https://journals.sagepub.com/doi/pdf/10.1177/1473225419883706", "doi": None}
    )
    bib.write_text(dumps_bib([entry]) + "\n@comment{jtd-retired-keys: gone2019}\n", encoding="utf-8")
    _, _, err = run(capsys, "lint", bib, "--fix")
    assert changed_lines(err) == ["+  doi = {10.1177/1473225419883706},"]  # in the writer's place
