"""Noise the way real reference lists have it, applied to labelled references with spans kept right.

Each transformation takes a :class:`LabelledReference` and a ``random.Random`` and returns a
new reference whose spans still cover their fields (as changed: a title wrapped inside a
word is still the whole title). A transformation that does not apply returns the reference
unchanged. :func:`noisy` applies a random few.

>>> from random import Random
>>> from jtd_evidence.parsing.labels import parse_tagged, format_tagged
>>> ref = parse_tagged("<author>Hill, N.</author> (<date>2021</date>). <title>Hearing voices</title>.")
>>> format_tagged(initials_without_stops(ref, Random(1)))
'<author>Hill, N</author> (<date>2021</date>). <title>Hearing voices</title>.'
>>> format_tagged(year_suffix_space(ref, Random(1)))
'<author>Hill, N.</author> (<date>2021 a</date>). <title>Hearing voices</title>.'
"""

from __future__ import annotations

import re
from collections.abc import Callable
from random import Random

from jtd_evidence.parsing.labels import Label, LabelledReference, Span
from jtd_evidence.parsing.training.spans import char_labels, from_labels
from jtd_evidence.parsing.training.vocab import MONTHS

__all__ = ["NOISES", "noisy"]

Noise = Callable[[LabelledReference, Random], LabelledReference]

_NAMES = (Label.AUTHOR, Label.EDITOR)
_TITLES = (Label.TITLE, Label.CONTAINER, Label.COLLECTION)


class _Edit:
    """A reference's characters and their labels, edited in place."""

    def __init__(self, reference: LabelledReference) -> None:
        text, labels = char_labels(reference)
        self.chars = list(text)
        self.labels = labels

    def insert(self, at: int, text: str, label: Label) -> None:
        self.chars[at:at] = list(text)
        self.labels[at:at] = [label] * len(text)

    def delete(self, start: int, end: int) -> None:
        del self.chars[start:end]
        del self.labels[start:end]

    @property
    def text(self) -> str:
        return "".join(self.chars)

    def done(self) -> LabelledReference:
        text = self.text
        # no doubled or edge spaces left behind by a deletion
        keep = [
            i
            for i, ch in enumerate(self.chars)
            if not (ch == " " and (i == 0 or self.chars[i - 1] == " " or i == len(self.chars) - 1))
        ]
        if len(keep) != len(text):
            self.chars = [self.chars[i] for i in keep]
            self.labels = [self.labels[i] for i in keep]
        return from_labels("".join(self.chars), self.labels)


def _spans(reference: LabelledReference, *labels: Label) -> list[Span]:
    return [span for span in reference.spans if span.label in labels]


def _other_positions(reference: LabelledReference, chars: str) -> list[int]:
    _text, labels = char_labels(reference)
    return [i for i, ch in enumerate(reference.text) if ch in chars and labels[i] is Label.OTHER]


# -- punctuation -----------------------------------------------------------------------------------
def missing_punctuation(reference: LabelledReference, rng: Random) -> LabelledReference:
    """A full stop, comma, colon or semicolon between fields left out."""
    found = _other_positions(reference, ".,;:")
    if not found:
        return reference
    edit = _Edit(reference)
    edit.delete(*(lambda i: (i, i + 1))(rng.choice(found)))
    return edit.done()


def doubled_punctuation(reference: LabelledReference, rng: Random) -> LabelledReference:
    """A mark between fields written twice ("..", ",,") or a full stop after a comma."""
    found = _other_positions(reference, ".,")
    if not found:
        return reference
    at = rng.choice(found)
    edit = _Edit(reference)
    edit.insert(at + 1, rng.choice((reference.text[at], ".", ",")), Label.OTHER)
    return edit.done()


def space_before_comma(reference: LabelledReference, rng: Random) -> LabelledReference:
    """A stray space before a comma or full stop ("Smith , J.")."""
    text, labels = char_labels(reference)
    found = [
        i
        for i, ch in enumerate(text)
        if ch in ",." and i > 0 and text[i - 1] != " " and labels[i] in (Label.OTHER, *_NAMES)
    ]
    if not found:
        return reference
    at = rng.choice(found)
    edit = _Edit(reference)
    edit.insert(
        at,
        " ",
        labels[at] if labels[at] in _NAMES and at > 0 and labels[at - 1] is labels[at] else Label.OTHER,
    )
    return edit.done()


def no_space_after_punctuation(reference: LabelledReference, rng: Random) -> LabelledReference:
    """The space after a comma or full stop between fields missing ("2018).Title")."""
    text, labels = char_labels(reference)
    found = [
        i for i in range(1, len(text)) if text[i] == " " and text[i - 1] in ".,:" and labels[i] is Label.OTHER
    ]
    if not found:
        return reference
    at = rng.choice(found)
    edit = _Edit(reference)
    edit.delete(at, at + 1)
    return edit.done()


# -- names -------------------------------------------------------------------------------------------
def _in_spans(
    reference: LabelledReference, labels: tuple[Label, ...], change: Callable[[str], str]
) -> LabelledReference:
    """Each span with one of ``labels`` rewritten by ``change`` (the span stays one span)."""
    edit = _Edit(reference)
    for span in sorted(_spans(reference, *labels), key=lambda s: -s.start):
        old = reference.text[span.start : span.end]
        new = change(old)
        if new != old and new.strip():
            edit.delete(span.start, span.end)
            edit.insert(span.start, new, span.label)
    return edit.done()


def names_without_commas(reference: LabelledReference, rng: Random) -> LabelledReference:
    """The commas between people left out ("Brodie, I. Hurst, A.") or "&" for "and"."""
    if rng.random() < 0.7:
        return _in_spans(reference, _NAMES, lambda s: re.sub(r"(\b[A-Z]\.),? (?=[A-Z])", r"\1 ", s))
    return _in_spans(
        reference, _NAMES, lambda s: s.replace(" and ", " & ") if " and " in s else s.replace(" & ", " and ")
    )


def initials_without_stops(reference: LabelledReference, rng: Random) -> LabelledReference:
    """Initials written without full stops ("Hill, N", "Lowe T, Jennions BN")."""
    squeeze = rng.random() < 0.5

    def change(s: str) -> str:
        s = re.sub(r"\b([A-Z])\.(?=[ ,;&)-]|$)", r"\1", s)
        if squeeze:
            s = re.sub(r"\b([A-Z]) (?=[A-Z]\b)", r"\1", s)
        return s

    return _in_spans(reference, _NAMES, change)


_ORCID = re.compile(r"(\b[A-Z]\.)(?=,? (?:and |& )?[A-Z]|$)")


def orcid_after_names(reference: LabelledReference, rng: Random) -> LabelledReference:
    """ORCID text after a person's name, as repository pages print it (or an ISBN after the names)."""
    spans = _spans(reference, Label.AUTHOR)
    if not spans:
        return reference
    span = spans[0]
    found = [m.end() for m in _ORCID.finditer(reference.text, span.start, span.end)]
    at = span.start + (rng.choice(found) - span.start if found else span.end - span.start)
    digits = f"000{rng.randint(0, 3)}-" + "-".join(f"{rng.randint(0, 9999):04d}" for _ in range(3))
    text = rng.choice(
        (f" https://orcid.org/{digits}", f" ORCID: {digits}", f" ({digits})", f" [ORCID {digits}]")
    )
    edit = _Edit(reference)
    if rng.random() < 0.15:  # a book's ISBN printed after its authors
        number = (
            f"978-{rng.randint(0, 1)}-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}-{rng.randint(0, 9)}"
        )
        edit.insert(span.end, number, Label.IDENTIFIER)
        edit.insert(span.end, rng.choice((" ISBN ", ". ISBN: ", " ISBN: ")), Label.OTHER)
        return edit.done()
    edit.insert(at, text, Label.OTHER)
    return edit.done()


def given_names_first(reference: LabelledReference, rng: Random) -> LabelledReference:
    """Authors written given name first ("Stephen F. Altschul, Warren Gish and David J. Lipman"),
    as BibTeX's plain styles, README citations and many paper lists print them."""
    from jtd_evidence.parsing.names import parse_names

    def change(s: str) -> str:
        names = parse_names(s)
        people = names.people
        if not people or any(p.literal or not p.given for p in people):
            return s
        written = [" ".join(x for x in (p.given, p.particle, p.family, p.suffix) if x) for p in people]
        if len(written) == 1:
            return written[0] + (" et al." if names.et_al else "")
        last = rng.choice((", and ", " and ", ", ", " & "))
        return ", ".join(written[:-1]) + last + written[-1] + (" et al." if names.et_al else "")

    return _in_spans(reference, (Label.AUTHOR,), change)


def capital_family_names(reference: LabelledReference, rng: Random) -> LabelledReference:
    """Family names in capitals, as some house styles and repositories print them ("SMITH, J.")."""
    return _in_spans(
        reference, _NAMES, lambda s: re.sub(r"\b([^\W\d_][\w’'-]+)(?=,)", lambda m: m.group(1).upper(), s)
    )


# -- quotes and dashes -------------------------------------------------------------------------------
def straight_quotes(reference: LabelledReference, rng: Random) -> LabelledReference:
    """Curly quotes and apostrophes as straight ones, or straight ones curled."""
    text = reference.text
    if any(q in text for q in "‘’“”"):
        table = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})
        return LabelledReference(text.translate(table), reference.spans)
    out = re.sub(r"(^|[\s(\[])'", "\\1‘", text)
    out = re.sub(r'(^|[\s(\[])"', "\\1“", out)
    out = out.replace("'", "’").replace('"', "”")
    return LabelledReference(out, reference.spans)


def dashes(reference: LabelledReference, rng: Random) -> LabelledReference:
    """En dashes in ranges as hyphens, or hyphens in page ranges as en dashes."""
    text = reference.text
    if "–" in text:
        if rng.random() < 0.8:
            return LabelledReference(text.replace("–", "-"), reference.spans)
        return _in_spans(reference, (Label.PAGES,), lambda s: s.replace("–", "--"))
    return _in_spans(reference, (Label.PAGES,), lambda s: s.replace("-", "–"))


# -- line wraps (joined back with a space, as text pasted from a PDF) -------------------------------------
def line_wrap(reference: LabelledReference, rng: Random) -> LabelledReference:
    """A hard line wrap inside a word or a web address, joined with a space or a hyphen and space."""
    candidates = _spans(reference, Label.URL, Label.TITLE, Label.CONTAINER, Label.PUBLISHER, Label.DOI)
    if not candidates:
        return reference
    span = rng.choice(candidates)
    text = reference.text
    inner = [
        i
        for i in range(span.start + 2, span.end - 2)
        if (text[i - 1].isalnum() and text[i].isalnum())
        or (span.label in (Label.URL, Label.DOI) and text[i - 1] in "/-_.")
    ]
    if not inner:
        return reference
    at = rng.choice(inner)
    edit = _Edit(reference)
    joiner = " " if span.label in (Label.URL, Label.DOI) or rng.random() < 0.5 else "- "
    edit.insert(at, joiner, span.label)
    return edit.done()


# -- dates -------------------------------------------------------------------------------------------
def year_suffix_space(reference: LabelledReference, rng: Random) -> LabelledReference:
    """A year with its letter written apart ("2018 a"); a year without one gets one."""

    def change(s: str) -> str:
        found = re.search(r"\b(1[89]\d\d|20\d\d)([a-z])?\b", s)
        if not found:
            return s
        letter = found.group(2) or rng.choice("abc")
        return s[: found.start()] + f"{found.group(1)} {letter}" + s[found.end() :]

    spans = _spans(reference, Label.DATE)
    if not spans:
        return reference
    return _in_spans(reference, (Label.DATE,), change)


def _remove_span(reference: LabelledReference, span: Span) -> LabelledReference:
    """A span taken out with the brackets around it and the punctuation after it."""
    text, labels = char_labels(reference)
    start, end = span.start, span.end
    while start > 0 and labels[start - 1] is Label.OTHER and text[start - 1] in "([‘“'\"*":
        start -= 1
    while end < len(text) and labels[end] is Label.OTHER and text[end] in ")]’”'\"*.,:; ":
        end += 1
    if start > 0 and end < len(text) and text[start - 1] != " ":
        end -= 1 if text[end - 1] == " " else 0
    edit = _Edit(reference)
    edit.delete(start, end)
    if (
        start > 0
        and start < len(edit.chars)
        and edit.chars[start - 1] not in " "
        and edit.chars[start] != " "
    ):
        edit.insert(start, " ", Label.OTHER)
    return edit.done()


def missing_year(reference: LabelledReference, rng: Random) -> LabelledReference:
    """The date left out."""
    spans = _spans(reference, Label.DATE)
    return _remove_span(reference, spans[0]) if spans else reference


def missing_title(reference: LabelledReference, rng: Random) -> LabelledReference:
    """The title left out."""
    spans = _spans(reference, Label.TITLE)
    if not spans or len(reference.spans) < 3:
        return reference
    return _remove_span(reference, spans[0])


def year_at_end(reference: LabelledReference, rng: Random) -> LabelledReference:
    """The date moved to the very end ("... Routledge, 2019.", "... (2019)")."""
    spans = _spans(reference, Label.DATE)
    if not spans:
        return reference
    date = reference.text[spans[0].start : spans[0].end]
    moved = _remove_span(reference, spans[0])
    edit = _Edit(moved)
    while edit.chars and edit.chars[-1] in ". ":
        edit.delete(len(edit.chars) - 1, len(edit.chars))
    before, after = rng.choice(((", ", "."), (" (", ")"), (". ", "."), (" ", "")))
    edit.insert(len(edit.chars), before, Label.OTHER)
    edit.insert(len(edit.chars), date, Label.DATE)
    edit.insert(len(edit.chars), after, Label.OTHER)
    return edit.done()


# -- web addresses -----------------------------------------------------------------------------------
def accessed_note(reference: LabelledReference, rng: Random) -> LabelledReference:
    """ "[Accessed 04/02/2022]" after a web address that has no access date."""
    urls = _spans(reference, Label.URL)
    if not urls or _spans(reference, Label.ACCESSED):
        return reference
    day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.randint(2012, 2025)
    date = rng.choice(
        (
            f"{day:02d}/{month:02d}/{year}",
            f"{day} {MONTHS[month - 1]} {year}",
            f"{day}.{month}.{year}",
            f"{day} {MONTHS[month - 1][:3]} {year}",
        )
    )
    before, after = rng.choice(
        (
            ("[Accessed ", "]"),
            ("(Accessed: ", ")"),
            ("[accessed ", "]"),
            ("Accessed ", "."),
            ("[Accessed: ", "]"),
        )
    )
    edit = _Edit(reference)
    at = urls[-1].end
    while at < len(edit.chars) and edit.chars[at] in ".,":
        at += 1
    edit.insert(at, " " + before, Label.OTHER)
    at += 1 + len(before)
    edit.insert(at, date, Label.ACCESSED)
    edit.insert(at + len(date), after, Label.OTHER)
    return edit.done()


def available_from(reference: LabelledReference, rng: Random) -> LabelledReference:
    """ "Available from:", "Available at:", "Retrieved from" or "[Online]. Available:" before a web address."""
    urls = _spans(reference, Label.URL)
    if not urls:
        return reference
    start = urls[-1].start
    if re.search(r"(?i)(available|retrieved|online|from)\W*$", reference.text[max(0, start - 25) : start]):
        return reference
    edit = _Edit(reference)
    if rng.random() < 0.2:
        edit.insert(start, ". Available: ", Label.OTHER)
        edit.insert(start, "[Online]", Label.GENRE)
        edit.insert(start, " " if start and reference.text[start - 1] != " " else "", Label.OTHER)
    else:
        words = rng.choice(
            ("Available from: ", "Available at: ", "Retrieved from ", "Available at ", "Online: ", "From: ")
        )
        edit.insert(start, words, Label.OTHER)
    return edit.done()


def online_site(reference: LabelledReference, rng: Random) -> LabelledReference:
    """ "[online] Site name." after the title of a web document, as Cite This For Me's Harvard
    prints it: the site named by its host ("www.cdio.org", "GOV.UK") or, where the reference
    names one, by its publishing body."""
    titles, urls = _spans(reference, Label.TITLE), _spans(reference, Label.URL)
    if not titles or not urls or _spans(reference, Label.CONTAINER):
        return reference
    host = re.sub(r"^https?://", "", reference.text[urls[0].start : urls[0].end]).split("/")[0]
    bodies = [reference.text[s.start : s.end] for s in _spans(reference, Label.PUBLISHER, Label.AUTHOR)]
    choices = [host, host.removeprefix("www."), "GOV.UK" if host.endswith("gov.uk") else host]
    if bodies and len(bodies[0]) < 60 and "," not in bodies[0]:
        choices.append(bodies[0])
    site = rng.choice(choices)
    at = titles[0].end
    while at < len(reference.text) and reference.text[at] in ".?!'’”\"*":
        at += 1
    edit = _Edit(reference)
    edit.insert(at, ".", Label.OTHER)
    edit.insert(at, site, Label.CONTAINER)
    edit.insert(at, " ", Label.OTHER)
    edit.insert(at, rng.choice(("[online]", "[Online]")), Label.GENRE)
    edit.insert(at, " ", Label.OTHER)
    return edit.done()


def site_for_address(reference: LabelledReference, rng: Random) -> LabelledReference:
    """The site named in place of the web address ("Available at: Crisis Knowledge Hub."), as
    lists copied from web pages have it: the site is the container, as after "[online]"."""
    urls = _spans(reference, Label.URL)
    if not urls or _spans(reference, Label.CONTAINER):
        return reference
    span = urls[-1]
    host = re.sub(r"^https?://", "", reference.text[span.start : span.end]).split("/")[0]
    choices = [host.removeprefix("www."), "GOV.UK" if host.endswith("gov.uk") else host]
    bodies = [reference.text[s.start : s.end] for s in _spans(reference, Label.PUBLISHER, Label.AUTHOR)]
    if bodies and len(bodies[0]) < 60 and "," not in bodies[0]:
        kind = rng.choice(("website", "Knowledge Hub", "Media Centre", "Guidance", "Evidence Hub", "Blog"))
        choices += [bodies[0], f"{bodies[0]} {kind}"]
    site = rng.choice(choices)
    edit = _Edit(reference)
    edit.delete(span.start, span.end)
    edit.insert(span.start, site, Label.CONTAINER)
    if not re.search(r"(?i)\b(available|retrieved|online|from|at)\W*$", reference.text[: span.start]):
        edit.insert(span.start, rng.choice(("Available at: ", "Available from: ")), Label.OTHER)
    return edit.done()


def browser_tab(reference: LabelledReference, rng: Random) -> LabelledReference:
    """A browser tab's site name after the title ("... | NSPCC Learning", "... - GOV.UK")."""
    titles = _spans(reference, Label.TITLE)
    if not titles:
        return reference
    span = titles[0]
    site = rng.choice(
        (
            "GOV.UK",
            "NSPCC Learning",
            "Research in Practice",
            "Community Care",
            "Barnardo's",
            "The King's Fund",
            "YoungMinds",
            "Home Office",
            "BBC News",
            "Ofsted",
        )
    )
    joiner = rng.choice((" | ", " - ", " – ", " | "))
    label = Label.OTHER if _spans(reference, Label.CONTAINER) else Label.CONTAINER
    edit = _Edit(reference)
    edit.insert(span.end, site, label)
    edit.insert(span.end, joiner, Label.OTHER)
    return edit.done()


# -- repository lines and list marks -------------------------------------------------------------------
def repository_line(reference: LabelledReference, rng: Random) -> LabelledReference:
    """What institutional repositories add: "[Book Section]", "[Article]", "ISSN 1234-5678", "ISBN ..."."""
    edit = _Edit(reference)
    end = len(edit.chars)
    roll = rng.random()
    if roll < 0.5:
        kind = rng.choice(
            (
                "[Book Section]",
                "[Article]",
                "[Report]",
                "[Book]",
                "[Thesis]",
                "[Conference or Workshop Item]",
                "[Online resource]",
            )
        )
        at = end
        if _spans(reference, Label.TITLE) and rng.random() < 0.5:
            at = _spans(reference, Label.TITLE)[0].end
        edit.insert(at, kind, Label.GENRE)
        edit.insert(at, " ", Label.OTHER)
        return edit.done()
    digits = [rng.randrange(10) for _ in range(8)]
    number = (
        f"{''.join(map(str, digits[:4]))}-{''.join(map(str, digits[4:]))}"
        if roll < 0.8
        else f"978-{rng.randint(0, 1)}-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}-{rng.randint(0, 9)}"
    )
    word = "ISSN " if roll < 0.8 else rng.choice(("ISBN ", "ISBN: "))
    if not reference.text.endswith("."):
        edit.insert(end, ".", Label.OTHER)
    edit.insert(len(edit.chars), " " + word, Label.OTHER)
    edit.insert(len(edit.chars), number, Label.IDENTIFIER)
    return edit.done()


def leading_mark(reference: LabelledReference, rng: Random) -> LabelledReference:
    """A list number or bullet before the reference ("12. ", "[3] ", "• ", "- ")."""
    n = rng.randint(1, 140)
    mark = rng.choice((f"{n}. ", f"[{n}] ", "• ", "- ", f"{n}) ", "* ", f"{n} ", "· "))
    edit = _Edit(reference)
    edit.insert(0, mark, Label.OTHER)
    return edit.done()


def underscore_italics(reference: LabelledReference, rng: Random) -> LabelledReference:
    """Italics marked with underscores (``_Journal_``), Markdown's other way, as pandoc and many
    READMEs write them."""
    if "*" not in reference.text:
        return reference
    edit = _Edit(reference)
    for at, char in enumerate(edit.chars):
        if char == "*" and edit.labels[at] is Label.OTHER:
            edit.chars[at] = "_"
    return edit.done()


def lower_case_title(reference: LabelledReference, rng: Random) -> LabelledReference:
    """A container title in lower case, as repository lines and some lists have it."""
    return _in_spans(reference, (Label.CONTAINER,), str.lower)


NOISES: dict[str, tuple[float, Noise]] = {
    "missing_punctuation": (3, missing_punctuation),
    "doubled_punctuation": (2, doubled_punctuation),
    "space_before_comma": (2, space_before_comma),
    "no_space_after_punctuation": (1, no_space_after_punctuation),
    "names_without_commas": (3, names_without_commas),
    "initials_without_stops": (3, initials_without_stops),
    "orcid_after_names": (1.5, orcid_after_names),
    "capital_family_names": (1, capital_family_names),
    "given_names_first": (2, given_names_first),
    "straight_quotes": (2, straight_quotes),
    "dashes": (2, dashes),
    "line_wrap": (2.5, line_wrap),
    "year_suffix_space": (1.5, year_suffix_space),
    "missing_year": (1, missing_year),
    "missing_title": (0.7, missing_title),
    "year_at_end": (1.2, year_at_end),
    "accessed_note": (2, accessed_note),
    "available_from": (2, available_from),
    "browser_tab": (1, browser_tab),
    "online_site": (1.5, online_site),
    "site_for_address": (1, site_for_address),
    "repository_line": (1.5, repository_line),
    "leading_mark": (2, leading_mark),
    "lower_case_title": (0.7, lower_case_title),
    "underscore_italics": (1.5, underscore_italics),
}
"""Each noise with its weight in :func:`noisy`."""

_NAMES_OF_NOISES = tuple(NOISES)
_WEIGHTS = tuple(weight for weight, _ in NOISES.values())


def noisy(reference: LabelledReference, rng: Random, most: int = 3) -> LabelledReference:
    """The reference with one to ``most`` noises applied (drawn by weight)."""
    count = rng.randint(1, most)
    for name in rng.choices(_NAMES_OF_NOISES, _WEIGHTS, k=count):
        reference = NOISES[name][1](reference, rng)
    return reference
