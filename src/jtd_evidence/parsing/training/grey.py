"""Synthetic UK grey references, written from templates with every field's span known.

The CSL renderings of :mod:`.build` are academic metadata through academic styles; the forms
UK grey literature takes in real lists are mostly not there: a web page's site after its title
(``Title | Site``, ``Title - Site``, ``[online] Site.``), the body issuing a report after its
title (``Title. Body, Town.``), a series with the document's number (``Research Report 768``),
Acts and statutory instruments, ``Available at: address (Accessed: date)``, ``Retrieved from
Site: address``, ``[Accessed 12 Oct. 2021]``, ``n.d.``, a body's acronym in brackets. This
module writes such references piece by piece, each piece with its label, by the conventions
of ``data/parser/README.md`` (*Labels and the convention*): the site is ``container-title``,
the body after the title ``publisher``, a series with its number one ``note``, ``[online]``
``genre``, an Act's name with its year ``title`` and its chapter ``note``.

:func:`grey_references` is deterministic: the same count and seed give the same references.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from random import Random

from jtd_evidence.parsing.labels import Label, LabelledReference, Span
from jtd_evidence.parsing.training import grey_vocab as gv
from jtd_evidence.parsing.training.metadata import family_name, given_name
from jtd_evidence.parsing.training.noise import NOISES
from jtd_evidence.parsing.training.vocab import MONTHS as _MONTHS

__all__ = ["GREY_KINDS", "grey_reference", "grey_references"]


class _Pieces:
    """A reference written left to right: text, each piece labelled or not."""

    def __init__(self) -> None:
        self.parts: list[tuple[str, Label | None]] = []

    def add(self, text: str, label: Label | None = None) -> _Pieces:
        if text:
            self.parts.append((text, label))
        return self

    def done(self) -> LabelledReference:
        text = ""
        spans: list[Span] = []
        for part, label in self.parts:
            if label is not None:
                spans.append(Span(label, len(text), len(text) + len(part)))
            text += part
        return LabelledReference(text, tuple(spans))


def _pick(rng: Random, options: tuple[str, ...]) -> str:
    return options[rng.randrange(len(options))]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60].strip("-")


# -- what a reference is made of --------------------------------------------------------------
class _Body:
    def __init__(self, name: str, acronym: str, host: str) -> None:
        self.name, self.acronym, self.host = name, acronym, host

    def as_author(self, rng: Random) -> str:
        """The body as written in the author's place (an acronym in brackets stays in the span)."""
        roll = rng.random()
        if self.acronym and roll < 0.22:
            return f"{self.name} ({self.acronym})"
        if self.acronym and roll < 0.27:
            return f"{self.acronym} ({self.name})"
        if self.acronym and roll < 0.35:
            return self.acronym
        if roll < 0.38:
            return self.name.upper()
        return self.name


def _body(rng: Random) -> _Body:
    if rng.random() < 0.25:
        where = _pick(rng, gv.LOCAL_PLACES)
        name = _pick(rng, gv.COUNCIL_FORMS).format(place=where)
        squeezed = re.sub(r"[^a-z]", "", where.lower())
        if "NHS" in name or "Care Board" in name:
            host = f"www.{squeezed}{_pick(rng, ('icb', 'ccg', 'hospitals', ''))}.nhs.uk"
        elif name.startswith("University"):
            host = f"www.{squeezed}.ac.uk"
        else:
            host = f"www.{squeezed}.gov.uk"
        return _Body(name, "", host)
    name, acronym, host = gv.BODIES[rng.randrange(len(gv.BODIES))]
    return _Body(name, acronym, host)


def _person(rng: Random, style: str) -> str:
    family = family_name(rng)
    initials = [given_name(rng)[0] for _ in range(1 if rng.random() < 0.6 else 2)]
    if style == "vancouver":
        return f"{family} {''.join(initials)}"
    if style == "apa":
        return f"{family}, {' '.join(i + '.' for i in initials)}"
    return f"{family}, {''.join(i + '.' for i in initials)}"


def _people(rng: Random, style: str) -> str:
    count = rng.choice((1, 1, 2, 2, 3, 4))
    names = [_person(rng, style) for _ in range(count)]
    if style == "vancouver":
        return ", ".join(names)
    if count > 2 and rng.random() < 0.3:
        return f"{names[0]} et al."
    if count == 1:
        return names[0]
    join = ", & " if style == "apa" else (" and " if rng.random() < 0.7 else " & ")
    return ", ".join(names[:-1]) + join + names[-1]


def _title(rng: Random) -> str:
    year = rng.randint(2005, 2025)
    subject = _pick(rng, gv.SUBJECTS)
    text = _pick(rng, gv.TITLE_FORMS).format(
        subject=subject,
        Subject=subject[0].upper() + subject[1:],
        subject2=_pick(rng, gv.SUBJECTS),
        subtitle=_pick(rng, gv.SUBTITLES),
        audience=_pick(rng, gv.AUDIENCES),
        programme=_pick(rng, gv.PROGRAMMES),
        Programme=_pick(rng, gv.PROGRAMMES),
        area=_pick(rng, gv.AREAS),
        Area=_pick(rng, gv.LOCAL_PLACES),
        month=_pick(rng, _MONTHS),
        year=year,
        year2=year + 1,
        year3=year + rng.choice((3, 5, 10)),
        yy=f"{(year + 1) % 100:02d}",
    )
    if rng.random() < 0.12:  # headline case, as pages and reports often have it
        text = " ".join(
            w if w in {"and", "of", "the", "for", "in", "to"} else w[:1].upper() + w[1:]
            for w in text.split(" ")
        )
    return text


def _url(rng: Random, host: str, title: str) -> str:
    slug = _slug(title)
    if host == "www.gov.uk":
        path = _pick(
            rng, ("government/publications/", "government/statistics/", "guidance/", "government/news/", "")
        )
    else:
        path = _pick(
            rng, ("", "publications/", "news/", "research/", "media/", "documents/", "reports/", "blog/")
        )
    tail = _pick(rng, ("", "", "", "/", ".pdf", ".aspx", ".html"))
    scheme = "https://" if rng.random() < 0.9 else "http://"
    return f"{scheme}{host}/{path}{slug}{tail}"


def _site(rng: Random) -> tuple[str, str]:
    """A web site's name and host (:data:`.grey_vocab.SITES`)."""
    return gv.SITES[rng.randrange(len(gv.SITES))]


def _year(rng: Random) -> str:
    return str(rng.randint(1998, 2025))


def _accessed_date(rng: Random) -> str:
    year = rng.randint(2015, 2026)
    day = rng.randint(1, 28)
    month = rng.randrange(12)
    roll = rng.random()
    if roll < 0.45:
        return f"{day} {_MONTHS[month]} {year}"
    if roll < 0.7:
        short = _MONTHS[month][:3] + ("." if month != 4 else "")
        return f"{day} {short} {year}"
    if roll < 0.85:
        return f"{day:02d}/{month + 1:02d}/{year}"
    return f"{day} {_MONTHS[month].lower() if rng.random() < 0.2 else _MONTHS[month]}, {year}"


def _access(rng: Random, p: _Pieces, url: str) -> None:
    """``Available at: address (Accessed: date).`` in one of the forms UK Harvard lists write
    (``[online]`` before it only where no genre is written yet)."""
    lead = _pick(
        rng,
        (
            "Available at: ",
            "Available at: ",
            "Available from: ",
            "Available at ",
            "[online] Available at: ",
            "",
        ),
    )
    if not lead.startswith("[online]"):
        p.add(lead)
    elif any(label is Label.GENRE for _text, label in p.parts):  # a genre is written already
        p.add("Available at: ")
    else:
        p.add("[online]", Label.GENRE).add(" Available at: ")
    if rng.random() < 0.15:
        p.add("<").add(url, Label.URL).add(">")
    else:
        p.add(url, Label.URL)
    if rng.random() < 0.15:
        p.add(".")
        return
    form = rng.random()
    date = _accessed_date(rng)
    if form < 0.4:
        p.add(" (Accessed: ").add(date, Label.ACCESSED).add(").")
    elif form < 0.7:
        p.add(" [Accessed ").add(date, Label.ACCESSED).add("].")
    elif form < 0.8:
        p.add(" (Accessed ").add(date, Label.ACCESSED).add(")")
    elif form < 0.9:
        p.add(". Accessed ").add(date, Label.ACCESSED).add(".")
    else:
        p.add(" (accessed ").add(date, Label.ACCESSED).add(")")


def _date_in_brackets(rng: Random, p: _Pieces, year: str, *, nd: float = 0.12) -> None:
    if rng.random() < nd:
        p.add(" (").add(_pick(rng, ("n.d.", "n.d.", "no date", "nd")), Label.DATE).add(")")
    else:
        p.add(" (").add(year, Label.DATE).add(")")


def _series_note(rng: Random, body: _Body) -> str:
    number = _pick(rng, gv.NUMBER_FORMS).format(
        n=rng.randint(1, 999),
        year=rng.randint(2005, 2025),
        short=rng.randint(100, 999),
        long=f"{rng.randint(1, 10999):05d}",
    )
    series = _pick(rng, gv.SERIES)
    if body.acronym and rng.random() < 0.3:
        series = f"{body.acronym} {series}"
    elif rng.random() < 0.15:
        series = f"{body.name} {series}"
    return f"{series} {number}"


def _title_with(rng: Random, p: _Pieces, title: str) -> None:
    """The title, sometimes in italics or quotes (the marks outside the span)."""
    roll = rng.random()
    if roll < 0.25:
        p.add("*").add(title, Label.TITLE).add("*")
    elif roll < 0.32:
        p.add("_").add(title, Label.TITLE).add("_")
    elif roll < 0.4:
        p.add("‘").add(title, Label.TITLE).add("’")
    else:
        p.add(title, Label.TITLE)


def _author(rng: Random, p: _Pieces, body: _Body, style: str) -> bool:
    """The author's place: the body (True) or people (False)."""
    if rng.random() < 0.7:
        p.add(body.as_author(rng), Label.AUTHOR)
        return True
    p.add(_people(rng, style), Label.AUTHOR)
    return False


def _online(rng: Random, p: _Pieces, odds: float, forms: tuple[str, ...]) -> None:
    """With ``odds``, one of ``forms`` (``[online]``) as the genre after what is written."""
    if rng.random() < odds:
        p.add(" ").add(_pick(rng, forms), Label.GENRE)


# -- the kinds --------------------------------------------------------------------------------
def _harvard_web(rng: Random) -> LabelledReference:
    """``Body (2021) Title [online] Site. Available at: address (Accessed: date).``"""
    p = _Pieces()
    body = _body(rng)
    site, host = _site(rng) if rng.random() < 0.4 else ("", body.host)
    _author(rng, p, body, "harvard")
    if rng.random() < 0.3:
        p.add(", ").add(_year(rng), Label.DATE).add(". ")
    else:
        _date_in_brackets(rng, p, _year(rng))
        p.add(_pick(rng, (" ", ". ")))
    title = _title(rng)
    _title_with(rng, p, title)
    p.add(".")
    _online(rng, p, 0.45, ("[online]", "[Online]", "(online)", "[Internet]"))
    if site or rng.random() < 0.25:
        name = site or (body.host.removeprefix("www.").capitalize() if rng.random() < 0.5 else body.name)
        p.add(" ")
        if rng.random() < 0.2:
            p.add("*").add(name, Label.CONTAINER).add("*.")
        else:
            p.add(name, Label.CONTAINER).add(".")
    p.add(" ")
    _access(rng, p, _url(rng, host, title))
    return p.done()


def _tab_title(rng: Random) -> LabelledReference:
    """A browser tab's title: ``Page | Site`` or ``Page - Site`` (the site named once)."""
    p = _Pieces()
    body = _body(rng)
    if rng.random() < 0.5:
        site, host = _site(rng)
    else:
        site, host = (body.acronym or body.name), body.host
    _author(rng, p, body, "harvard")
    _date_in_brackets(rng, p, _year(rng))
    p.add(_pick(rng, (" ", ". ")))
    title = _title(rng)
    p.add(title, Label.TITLE).add(_pick(rng, (" | ", " | ", " - ", " – ", " — "))).add(site, Label.CONTAINER)
    p.add(".")
    _online(rng, p, 0.3, ("[online]", "(online)"))
    p.add(" ")
    _access(rng, p, _url(rng, host, title))
    return p.done()


def _report(rng: Random) -> LabelledReference:
    """``Body (2019) Title. Research Report 123. London: Publisher.`` and its variants."""
    p = _Pieces()
    body = _body(rng)
    own = _author(rng, p, body, "harvard")
    _date_in_brackets(rng, p, _year(rng), nd=0.05)
    p.add(_pick(rng, (" ", ". ", ", ")))
    title = _title(rng)
    _title_with(rng, p, title)
    publisher = body.name if not own or rng.random() < 0.5 else _body(rng).name
    roll = rng.random()
    if roll < 0.35:
        p.add(". ").add(_series_note(rng, body), Label.NOTE)
        if rng.random() < 0.6:
            p.add(". ").add(_pick(rng, gv.TOWNS), Label.PLACE).add(": ").add(publisher, Label.PUBLISHER)
    elif roll < 0.55:  # the issuing body and its town after the title
        p.add(". ").add(publisher, Label.PUBLISHER)
        if rng.random() < 0.6:
            p.add(", ").add(_pick(rng, gv.TOWNS), Label.PLACE)
    elif roll < 0.75:
        p.add(". ").add(_pick(rng, gv.TOWNS), Label.PLACE).add(": ").add(publisher, Label.PUBLISHER)
    elif roll < 0.88:  # a kind of report for a body
        p.add(". ").add(
            _pick(rng, ("Report", "Technical report", "Independent report", "Final report")), Label.GENRE
        )
        p.add(" for ").add(_body(rng).name, Label.PUBLISHER)
    else:
        p.add(" (").add(_series_note(rng, body), Label.NOTE).add(")")
    if rng.random() < 0.4:
        p.add(". ")
        _access(rng, p, _url(rng, body.host, title))
    else:
        p.add(".")
    return p.done()


def _apa(rng: Random) -> LabelledReference:
    """APA: ``Body. (2021, March 3). *Title*. Site. address``; ``Retrieved ... from``."""
    p = _Pieces()
    body = _body(rng)
    own = _author(rng, p, body, "apa")
    p.add(". (" if own else " (")
    year = _year(rng)
    roll = rng.random()
    if roll < 0.12:
        p.add("n.d.", Label.DATE)
    elif roll < 0.35:
        p.add(f"{year}, {_pick(rng, _MONTHS)} {rng.randint(1, 28)}", Label.DATE)
    else:
        p.add(year, Label.DATE)
    p.add("). ")
    title = _title(rng)
    if rng.random() < 0.7:
        p.add("*").add(title, Label.TITLE).add("*")
    else:
        p.add(title, Label.TITLE)
    if rng.random() < 0.3:
        p.add(" (").add(_series_note(rng, body), Label.NOTE).add(")")
    elif rng.random() < 0.15:
        p.add(" [").add(
            _pick(rng, ("Fact sheet", "Policy paper", "Press release", "Data set")), Label.GENRE
        ).add("]")
    p.add(". ")
    site, host = _site(rng) if rng.random() < 0.35 else ("", body.host)
    url = _url(rng, host, title)
    form = rng.random()
    if form < 0.3:
        p.add(site or body.name, Label.CONTAINER if site else Label.PUBLISHER).add(". ").add(url, Label.URL)
    elif form < 0.55:
        p.add("Retrieved from ")
        if rng.random() < 0.5:
            p.add(site or body.name, Label.CONTAINER).add(": ")
        p.add(url, Label.URL)
    elif form < 0.7:
        p.add("Retrieved ").add(
            f"{_pick(rng, _MONTHS)} {rng.randint(1, 28)}, {rng.randint(2015, 2026)}", Label.ACCESSED
        )
        p.add(", from ").add(url, Label.URL)
    else:
        p.add(url, Label.URL)
    return p.done()


def _vancouver(rng: Random) -> LabelledReference:
    """``Body. Title [Internet]. Town: Publisher; 2019 [cited 2021 Oct 12]. Available from: address``."""
    p = _Pieces()
    body = _body(rng)
    title = _title(rng)
    lead = _pick(rng, ("", "", "", f"{rng.randint(1, 80)}. ", f"[{rng.randint(1, 80)}] "))
    p.add(lead)
    _author(rng, p, body, "vancouver")
    cited = f"{rng.randint(2015, 2026)} {_MONTHS[rng.randrange(12)][:3]} {rng.randint(1, 28)}"
    if rng.random() < 0.3:  # Zotero's web page: the site before the date, the page after it
        site = _site(rng)[0] if rng.random() < 0.5 else body.name
        p.add(". ").add(site, Label.CONTAINER).add(". ").add(_year(rng), Label.DATE)
        p.add(" [cited ").add(cited, Label.ACCESSED).add("]. ").add(title, Label.TITLE)
    else:
        p.add(". ").add(title, Label.TITLE).add(" ").add("[Internet]", Label.GENRE).add(". ")
        if rng.random() < 0.6:
            p.add(_pick(rng, gv.TOWNS), Label.PLACE).add(": ").add(body.name, Label.PUBLISHER).add("; ")
        p.add(_year(rng), Label.DATE).add(" [cited ").add(cited, Label.ACCESSED).add("]")
    p.add(". Available from: ").add(_url(rng, body.host, title), Label.URL)
    return p.done()


def _act(rng: Random) -> LabelledReference:
    """An Act or a statutory instrument, the forms of UK lists."""
    p = _Pieces()
    regulation = rng.random() < 0.25
    year = _year(rng)
    name = f"{_pick(rng, gv.REGULATIONS)} {year}" if regulation else _pick(rng, gv.ACTS)
    number = f"SI {year}/{rng.randint(100, 3000)}" if regulation else f"c. {rng.randint(1, 60)}"
    if regulation and rng.random() < 0.4:
        number = f"S.I. {year}/{rng.randint(100, 3000)}"
    elif not regulation and rng.random() < 0.3:
        number = f"c.{rng.randint(1, 60)}"
    act_year = year if regulation else name[-4:]
    kind = "uksi" if regulation else "ukpga"
    url = f"https://www.legislation.gov.uk/{kind}/{act_year}/{rng.randint(1, 3000)}{_pick(rng, ('/contents', '/contents/made', '', '/section/' + str(rng.randint(1, 90))))}"
    roll = rng.random()
    if roll < 0.3:
        bracketed = rng.random() < 0.3
        p.add(name, Label.TITLE).add(". (" if bracketed else ", ").add(number, Label.NOTE)
        p.add("). " if bracketed else ". ")
        p.add(_pick(rng, ("London", "Norwich")), Label.PLACE).add(": ")
        p.add(_pick(rng, ("The Stationery Office", "HMSO", "TSO")), Label.PUBLISHER).add(".")
    elif roll < 0.55:
        author = _pick(
            rng,
            (
                "HM Government",
                "UK Parliament",
                "Great Britain",
                "GREAT BRITAIN",
                "Parliament of the United Kingdom",
            ),
        )
        p.add(author, Label.AUTHOR)
        _date_in_brackets(rng, p, act_year, nd=0.0)
        p.add(" ")
        _title_with(rng, p, name)
        if rng.random() < 0.5:
            p.add(", ").add(number, Label.NOTE)
        p.add(". ")
        _access(rng, p, url)
    elif roll < 0.8:
        p.add(name, Label.TITLE).add(". (").add(act_year, Label.DATE).add(") ")
        p.add("*").add("legislation.gov.uk", Label.CONTAINER).add("*. ")
        _access(rng, p, url)
    else:
        p.add(name, Label.TITLE)
        if rng.random() < 0.5:
            p.add(" (").add(number, Label.NOTE).add(")")
        p.add(". ")
        _access(rng, p, url)
    return p.done()


def _release(rng: Random) -> LabelledReference:
    """A statistics release, press release or news page: ``Body (2022) Title. Kind. Site, 3 March.``"""
    p = _Pieces()
    body = _body(rng)
    _author(rng, p, body, "harvard")
    _date_in_brackets(rng, p, _year(rng), nd=0.05)
    p.add(" ")
    title = _title(rng)
    if rng.random() < 0.4:
        p.add("‘").add(title, Label.TITLE).add("’, ")
        site, host = _site(rng)
        p.add(site, Label.CONTAINER).add(", ").add(
            f"{rng.randint(1, 28)} {_pick(rng, _MONTHS)}", Label.DATE
        ).add(". ")
    else:
        host = body.host
        p.add(title, Label.TITLE).add(". ").add(_pick(rng, gv.GENRES), Label.GENRE)
        if rng.random() < 0.5:
            p.add(". ").add(body.name, Label.PUBLISHER)
        p.add(". ")
    _access(rng, p, _url(rng, host, title))
    return p.done()


GREY_KINDS: dict[str, tuple[float, Callable[[Random], LabelledReference]]] = {
    "harvard-web": (0.26, _harvard_web),
    "tab-title": (0.12, _tab_title),
    "report": (0.22, _report),
    "apa": (0.16, _apa),
    "vancouver": (0.08, _vancouver),
    "act": (0.07, _act),
    "release": (0.09, _release),
}
"""The kinds of grey reference made, with the share of each."""


def grey_reference(rng: Random, kind: str | None = None) -> LabelledReference:
    """One synthetic grey reference (of ``kind``, or of a kind drawn by share)."""
    if kind is None:
        kind = rng.choices(list(GREY_KINDS), [share for share, _ in GREY_KINDS.values()])[0]
    return GREY_KINDS[kind][1](rng)


_NOISES = (
    "missing_punctuation",
    "doubled_punctuation",
    "space_before_comma",
    "names_without_commas",
    "initials_without_stops",
    "straight_quotes",
    "dashes",
    "year_suffix_space",
    "leading_mark",
    "lower_case_title",
    "underscore_italics",
)
"""The noises of :mod:`.noise` that change how a grey reference is written, not what it holds
(the ones that add a site, a tab suffix or an access note would give a reference two sites)."""


def _noisy(reference: LabelledReference, rng: Random) -> LabelledReference:
    for name in rng.sample(_NOISES, rng.randint(1, 2)):
        reference = NOISES[name][1](reference, rng)
    return reference


def grey_references(count: int, seed: int = 1, noise_share: float = 0.3) -> list[LabelledReference]:
    """``count`` grey references, a share of them noised as pasted lists are (:mod:`.noise`);
    the same count and seed give the same references."""
    found = []
    for n in range(count):
        rng = Random(f"grey:{seed}:{n}")
        reference = grey_reference(rng)
        if rng.random() < noise_share:
            reference = _noisy(reference, rng)
        found.append(reference)
    return found
