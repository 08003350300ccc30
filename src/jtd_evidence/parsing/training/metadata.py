"""Synthetic CSL-JSON items of the kinds UK safeguarding reference lists hold.

Everything comes from one ``random.Random`` (no global state): the same seed gives the
same items. Kinds and their shares are in :data:`KINDS`; names, organisations, journals,
publishers, places and titles are composed from the word lists in :mod:`.vocab`.

>>> from random import Random
>>> a = [synthetic_item(Random(7), i) for i in range(3)]
>>> a == [synthetic_item(Random(7), i) for i in range(3)]
True
"""

from __future__ import annotations

import re
from collections.abc import Callable
from random import Random
from typing import Any

from jtd_evidence.parsing.training import disciplines, vocab

__all__ = ["KINDS", "family_name", "organisation", "person", "synthetic_item", "synthetic_items", "title"]

Item = dict[str, Any]


def _pick(rng: Random, options: tuple[str, ...]) -> str:
    return options[rng.randrange(len(options))]


# -- names -----------------------------------------------------------------------------------
_GROUPS = tuple(vocab.FAMILY_PARTS)
_GROUP_WEIGHTS = (30, 6, 5, 5, 3, 4, 6, 5, 3, 5, 8, 3, 7, 5, 3)


def family_name(rng: Random) -> str:
    """A family name composed from a language group's stem and ending (often double or hyphenated)."""
    group = rng.choices(_GROUPS, _GROUP_WEIGHTS)[0]
    stems, endings = vocab.FAMILY_PARTS[group]
    name = _pick(rng, stems) + _pick(rng, endings)
    if name.endswith(" "):
        name = name + _pick(rng, vocab.FAMILY_PARTS["arabic"][1])
    if name.startswith(("al-", "el-")) and rng.random() < 0.3:
        name = name[0].upper() + name[1:]
    roll = rng.random()
    if roll < 0.06:
        other = family_name(rng)
        return f"{name}-{other}" if "-" not in other else name
    if roll < 0.09:
        other = family_name(rng)
        return f"{name} {other}" if " " not in other else name
    return name


def given_name(rng: Random) -> str:
    if rng.random() < 0.75:
        return _pick(rng, vocab.GIVEN_NAMES)
    stems, endings = vocab.GIVEN_PARTS
    return _pick(rng, stems) + _pick(rng, endings)


def _initials(given: str) -> str:
    """ "Mary-Kate Anne" -> "M.-K. A." """
    return " ".join("-".join(part[0] + "." for part in word.split("-") if part) for word in given.split())


def person(rng: Random) -> dict[str, str]:
    """A CSL name: family and given (full, with a middle initial, or as initials), maybe a particle."""
    family = family_name(rng)
    given = given_name(rng)
    roll = rng.random()
    if roll < 0.18:
        given = f"{given} {_pick(rng, tuple('ABCDEFGHJKLMNPRSTW'))}."
    elif roll < 0.35:
        given = _initials(given)
    elif roll < 0.42:
        given = _initials(f"{given} {given_name(rng)}")
    elif roll < 0.47:
        given = f"{given} {given_name(rng)}"
    name = {"family": family, "given": given}
    if rng.random() < 0.06:
        name["non-dropping-particle"] = _pick(rng, vocab.PARTICLES)
    elif rng.random() < 0.01:
        name["suffix"] = _pick(rng, ("Jr.", "III", "Sr."))
    return name


def people(rng: Random, most: int = 6) -> list[dict[str, str]]:
    """One to ``most`` people, sometimes many more (styles then write "et al.")."""
    roll = rng.random()
    if roll < 0.35:
        count = 1
    elif roll < 0.6:
        count = 2
    elif roll < 0.93:
        count = rng.randint(3, most)
    else:
        count = rng.randint(7, 25)
    return [person(rng) for _ in range(count)]


def place(rng: Random) -> str:
    if rng.random() < 0.55:
        stems, endings = vocab.PLACE_PARTS
        return _pick(rng, stems) + _pick(rng, endings)
    return _pick(rng, vocab.COUNTIES)


def organisation(rng: Random) -> str:
    """A government body, a charity, or a composed council, partnership, NHS body, university or centre."""
    roll = rng.random()
    if roll < 0.3:
        return _pick(rng, vocab.GOVERNMENT)
    if roll < 0.45:
        return _pick(rng, vocab.CHARITIES)
    form = _pick(rng, vocab.ORG_FORMS)
    return form.format(place=place(rng), place2=place(rng), topic=_pick(rng, vocab.TOPIC_WORDS))


def publisher(rng: Random) -> str:
    if rng.random() < 0.25:
        return _pick(rng, disciplines.PUBLISHERS)
    if rng.random() < 0.6:
        return _pick(rng, vocab.PUBLISHERS)
    form = _pick(rng, vocab.PUBLISHER_FORMS)
    return form.format(
        word=_pick(rng, vocab.PUBLISHER_WORDS), word2=_pick(rng, vocab.PUBLISHER_WORDS), place=place(rng)
    )


def publisher_place(rng: Random) -> str:
    if rng.random() < 0.25:
        return _pick(rng, disciplines.PLACES)
    return _pick(rng, vocab.REAL_PLACES) if rng.random() < 0.8 else place(rng)


def journal(rng: Random) -> str:
    """A journal name; one in eight written in lower case, as repository lines have them."""
    roll = rng.random()
    if roll < 0.5:
        name = disciplines.academic_journal(rng)
    elif roll < 0.62:
        name = _pick(rng, vocab.REAL_JOURNALS)
    else:
        form = _pick(rng, vocab.JOURNAL_FORMS)
        name = form.format(field=_pick(rng, vocab.JOURNAL_FIELDS), field2=_pick(rng, vocab.JOURNAL_FIELDS))
    return name.lower() if rng.random() < 0.12 else name


# -- titles ----------------------------------------------------------------------------------
def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def title(rng: Random) -> str:
    """A title: topics, settings, populations, quotes, acronyms, numbers, questions and subtitles;
    half of them from some academic discipline (:mod:`.disciplines`)."""
    if rng.random() < 0.5:
        return disciplines.academic_title(rng)
    form = _pick(rng, vocab.TITLE_FORMS)
    year = rng.randint(2005, 2024)
    values = {
        "topic": _pick(rng, vocab.TOPICS),
        "topic2": _pick(rng, vocab.TOPICS),
        "topic3": _pick(rng, vocab.TOPICS),
        "setting": _pick(rng, vocab.SETTINGS),
        "population": _pick(rng, vocab.POPULATIONS),
        "method": _pick(rng, vocab.METHODS),
        "quote": _pick(rng, vocab.QUOTES),
        "adjective": _pick(rng, vocab.ADJECTIVES),
        "Acronym": _pick(rng, vocab.ACRONYMS),
        "year1": str(year),
        "year2": str(year + 1)[-2:] if rng.random() < 0.5 else str(year + 1),
        "digit": str(rng.randint(1, 4)),
        "digit2": str(rng.randint(0, 9)),
        "Number": str(rng.randint(3, 12)) if rng.random() < 0.5 else _pick(rng, ("Five", "Seven", "Ten")),
    }
    values |= {f"{k[0].upper()}{k[1:]}": _cap(v) for k, v in list(values.items()) if k[0].islower()}
    text = re.sub(r"s's\b", "s'", form.format(**values))
    if rng.random() < 0.3:  # title case, as many publishers write titles
        small = {"and", "of", "in", "the", "a", "an", "to", "for", "on", "from", "at", "or"}
        words = text.split(" ")
        text = " ".join(
            w if (i and w in small) or not w[:1].isalpha() else _cap(w) for i, w in enumerate(words)
        )
    return _cap(text)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:70].strip("-")


def _domain(rng: Random, name: str) -> str:
    letters = "".join(w[0] for w in re.findall(r"[A-Za-z]+", name)).lower()
    words = re.sub(r"[^a-z]", "", name.lower())[:18]
    base = letters if len(letters) >= 3 and rng.random() < 0.5 else words
    tld = _pick(rng, ("org.uk", "org.uk", "gov.uk", "ac.uk", "co.uk", "com", "org", "nhs.uk", "net"))
    return f"{'www.' if rng.random() < 0.7 else ''}{base}.{tld}"


def url(rng: Random, owner: str, heading: str) -> str:
    """A web address for a work: a gov.uk publication, a PDF upload, a site page (with a query)."""
    slug = _slug(heading)
    roll = rng.random()
    if roll < 0.2:
        return f"https://www.gov.uk/government/publications/{slug}"
    if roll < 0.32:
        return (
            "https://assets.publishing.service.gov.uk/government/uploads/system/uploads/attachment_data/file/"
            f"{rng.randint(100000, 999999)}/{slug.replace('-', '_').capitalize()}.pdf"
        )
    scheme = "https" if rng.random() < 0.85 else "http"
    path = _pick(
        rng,
        ("", "publications/", "wp-content/uploads/2021/03/", "resources/", "news/", "media/", "documents/"),
    )
    tail = _pick(rng, ("", "", ".pdf", ".aspx", "/", ".html"))
    if rng.random() < 0.05:
        tail += f"?via%3Dihub&id={rng.randint(1, 9999)}"
    return f"{scheme}://{_domain(rng, owner)}/{path}{slug}{tail}"


def doi(rng: Random, year: int) -> str:
    prefix = f"10.{rng.randint(1000, 99999)}"
    form = rng.randrange(6)
    if form == 0:
        suffix = f"j.chiabu.{year}.{rng.randint(100000, 106000)}"
    elif form == 1:
        suffix = f"{_pick(rng, ('bjsw', 'cfs', 'jys', 'pol'))}/bc{_pick(rng, ('z', 'y', 'ab'))}{rng.randint(1, 250):03d}"
    elif form == 2:
        suffix = f"s{rng.randint(10000, 13000)}-0{rng.randint(10, 24)}-00{rng.randint(100, 999)}-{rng.randint(0, 9)}"
    elif form == 3:
        suffix = f"{_pick(rng, ('car', 'cfs', 'chso'))}.{rng.randint(1000, 9999)}"
    elif form == 4:
        suffix = f"{rng.randint(13000000, 19999999)}.{year}.{rng.randint(1000000, 9999999)}"
    else:
        suffix = f"0{rng.randint(800000000, 899999999)}{rng.randint(100, 999)}"
    return f"{prefix}/{suffix}"


def isbn(rng: Random) -> str:
    digits = [9, 7, rng.choice((8, 9))] + [rng.randrange(10) for _ in range(9)]
    check = (10 - sum(d * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits)) % 10) % 10
    text = "".join(map(str, digits)) + str(check)
    if rng.random() < 0.5:
        return f"{text[:3]}-{text[3]}-{text[4:8]}-{text[8:12]}-{text[12]}"
    return text


def issn(rng: Random) -> str:
    digits = [rng.randrange(10) for _ in range(7)]
    total = sum(d * w for d, w in zip(digits, range(8, 1, -1), strict=True))
    check = (11 - total % 11) % 11
    text = "".join(map(str, digits)) + ("X" if check == 10 else str(check))
    return f"{text[:4]}-{text[4:]}"


def year(rng: Random) -> int:
    roll = rng.random()
    if roll < 0.6:
        return rng.randint(2014, 2024)
    if roll < 0.9:
        return rng.randint(2000, 2013)
    return rng.randint(1965, 1999)


def _date(rng: Random, when: int, detail: float = 0.0) -> dict[str, Any]:
    if rng.random() < detail:
        if rng.random() < 0.7:
            return {"date-parts": [[when, rng.randint(1, 12), rng.randint(1, 28)]]}
        return {"date-parts": [[when, rng.randint(1, 12)]]}
    return {"date-parts": [[when]]}


def _accessed(rng: Random, when: int) -> dict[str, Any]:
    seen = min(2025, max(when, 2010) + rng.randint(0, 4))
    return {"date-parts": [[seen, rng.randint(1, 12), rng.randint(1, 28)]]}


def pages(rng: Random) -> str:
    roll = rng.random()
    first = rng.randint(1, 900)
    if roll < 0.8:
        return f"{first}-{first + rng.randint(1, 30)}"
    if roll < 0.9:
        return f"e{rng.randint(10000, 99999)}"
    if roll < 0.95:
        return str(first)
    return f"{first}–{first + rng.randint(1, 30)}"


def edition(rng: Random) -> str:
    return _pick(rng, ("2", "2", "3", "4", "5", "2nd", "3rd", "Revised", "6", "10"))


NOTES = (
    "Unpublished report",
    "Executive summary",
    "Summary report",
    "Draft for consultation",
    "Press release",
    "Full report",
    "Easy read version",
    "Presented to Parliament by the Secretary of State for Education",
)


# -- items by kind ----------------------------------------------------------------------------
def _authors(rng: Random, item: Item, organisation_share: float, none_share: float = 0.0) -> None:
    roll = rng.random()
    if roll < none_share:
        return
    if roll < none_share + organisation_share:
        item["author"] = [{"literal": organisation(rng)}]
        if rng.random() < 0.05:
            item["author"].append({"literal": organisation(rng)})
    else:
        item["author"] = people(rng)


def _maybe_nd(rng: Random, item: Item, when: int, share: float, detail: float = 0.0) -> None:
    if rng.random() >= share:
        item["issued"] = _date(rng, when, detail)


def article(rng: Random, when: int) -> Item:
    item: Item = {"type": "article-journal", "title": title(rng), "container-title": journal(rng)}
    if rng.random() < 0.5:  # the form Vancouver, Nature and ACS styles print
        item["container-title-short"] = disciplines.abbreviate(
            item["container-title"], dots=rng.random() < 0.3
        )
    _authors(rng, item, 0.04)
    item["issued"] = _date(rng, when, 0.05)
    if rng.random() < 0.93:
        item["volume"] = str(rng.randint(1, 80))
    if rng.random() < 0.75:
        item["issue"] = (
            str(rng.randint(1, 12)) if rng.random() < 0.9 else _pick(rng, ("S1", "3-4", "Suppl 2", "1-2"))
        )
    if rng.random() < 0.9:
        item["page"] = pages(rng)
    if rng.random() < 0.65:
        item["DOI"] = doi(rng, when)
    elif rng.random() < 0.25:
        item["URL"] = url(rng, item["container-title"], item["title"])
    if rng.random() < 0.05:
        item["ISSN"] = issn(rng)
    if rng.random() < 0.03:  # accepted, not yet in an issue
        item["status"] = _pick(rng, ("in press", "In press", "forthcoming", "advance online publication"))
        for name in ("volume", "issue", "page"):
            item.pop(name, None)
    return item


def book(rng: Random, when: int) -> Item:
    item: Item = {"type": "book", "title": title(rng), "publisher": publisher(rng)}
    if rng.random() < 0.2:
        item["editor"] = people(rng, 4)
    else:
        _authors(rng, item, 0.08)
    if rng.random() < 0.75:
        item["publisher-place"] = publisher_place(rng)
    item["issued"] = _date(rng, when)
    if rng.random() < 0.2:
        item["edition"] = edition(rng)
    if rng.random() < 0.2:
        item["collection-title"] = _pick(rng, vocab.SERIES)
        if rng.random() < 0.4:
            item["collection-number"] = str(rng.randint(1, 40))
    if rng.random() < 0.15:
        item["ISBN"] = isbn(rng)
    if rng.random() < 0.08:
        item["URL"] = url(rng, item["publisher"], item["title"])
    return item


def chapter(rng: Random, when: int) -> Item:
    item: Item = {
        "type": "chapter",
        "title": title(rng),
        "container-title": title(rng),
        "publisher": publisher(rng),
        "editor": people(rng, 4),
    }
    _authors(rng, item, 0.02)
    if rng.random() < 0.75:
        item["publisher-place"] = publisher_place(rng)
    item["issued"] = _date(rng, when)
    if rng.random() < 0.85:
        item["page"] = pages(rng)
    if rng.random() < 0.1:
        item["edition"] = edition(rng)
    if rng.random() < 0.1:
        item["DOI"] = doi(rng, when)
    return item


def report(rng: Random, when: int) -> Item:
    """Government, charity and partnership reports, serious case reviews, briefings."""
    item: Item = {"type": "report", "title": title(rng)}
    body = organisation(rng)
    roll = rng.random()
    if roll < 0.35:
        item["author"] = [{"literal": body}]
    elif roll < 0.85:
        item["author"] = people(rng, 5)
    if rng.random() < 0.8:
        item["publisher"] = body if "author" not in item or rng.random() < 0.7 else organisation(rng)
    if rng.random() < 0.15:
        item["title"] = _pick(
            rng,
            (
                "Serious case review: Child {x}",
                "Local child safeguarding practice review: {x}",
                "Learning review: {x}",
                "Safeguarding adults review: '{x}'",
            ),
        ).format(
            x=_pick(
                rng,
                ("C", "Q", "Child D", "Tom", "Sam", "Jayden", "Family X", "Ruby", "Child F and G", "Liam"),
            )
        )
        item["genre"] = _pick(
            rng, ("Serious case review", "Local child safeguarding practice review", "Learning review")
        )
    elif rng.random() < 0.4:
        item["genre"] = _pick(rng, vocab.REPORT_GENRES)
    if rng.random() < 0.2:
        item["number"] = _pick(rng, ("DFE-RR{n}", "{n}", "No. {n}", "HORR{n}", "RR{n}", "{n}/{y}")).format(
            n=rng.randint(1, 999), y=when
        )
    if rng.random() < 0.3:
        item["publisher-place"] = publisher_place(rng)
    _maybe_nd(rng, item, when, 0.06, 0.15)
    if rng.random() < 0.7:
        item["URL"] = url(rng, item.get("publisher", body), item["title"])
        if rng.random() < 0.55:
            item["accessed"] = _accessed(rng, when)
    if rng.random() < 0.1:
        item["collection-title"] = _pick(rng, vocab.SERIES)
    if rng.random() < 0.04:
        item["ISBN"] = isbn(rng)
    if rng.random() < 0.05:
        item["note"] = _pick(rng, NOTES)
    return item


def webpage(rng: Random, when: int) -> Item:
    body = organisation(rng)
    item: Item = {"type": "webpage", "title": title(rng)}
    _authors(rng, item, 0.45, none_share=0.2)
    if rng.random() < 0.75:
        item["container-title"] = body
    _maybe_nd(rng, item, when, 0.2, 0.4)
    item["URL"] = url(rng, body, item["title"])
    if rng.random() < 0.75:
        item["accessed"] = _accessed(rng, when)
    if rng.random() < 0.05:
        item["medium"] = _pick(rng, ("Online", "Web page", "Blog post", "Podcast"))
    return item


def thesis(rng: Random, when: int) -> Item:
    university = f"University of {place(rng)}" if rng.random() < 0.7 else f"{place(rng)} University"
    item: Item = {
        "type": "thesis",
        "title": title(rng),
        "author": [person(rng)],
        "publisher": university,
        "genre": _pick(rng, vocab.THESIS_GENRES),
        "issued": _date(rng, when),
    }
    if rng.random() < 0.4:
        item["publisher-place"] = publisher_place(rng)
    if rng.random() < 0.4:
        item["URL"] = url(rng, university, item["title"])
    return item


def conference(rng: Random, when: int) -> Item:
    event = _pick(rng, vocab.CONFERENCES).format(
        org=organisation(rng), field=_pick(rng, vocab.JOURNAL_FIELDS)
    )
    item: Item = {"type": "paper-conference", "title": title(rng), "author": people(rng, 5)}
    if rng.random() < 0.5:
        item["container-title"] = f"Proceedings of the {event}"
        if rng.random() < 0.5:
            item["publisher"] = publisher(rng)
        if rng.random() < 0.6:
            item["page"] = pages(rng)
    else:
        item["event"] = event
        item["event-place"] = publisher_place(rng)
    item["issued"] = _date(rng, when, 0.3)
    if rng.random() < 0.3:
        item["publisher-place"] = publisher_place(rng)
    if rng.random() < 0.2:
        item["DOI"] = doi(rng, when)
    return item


def legislation(rng: Random, when: int) -> Item:
    name = _pick(rng, vocab.LEGISLATION)
    item: Item = {"type": "legislation", "title": f"{name} {when}", "issued": _date(rng, when)}
    if rng.random() < 0.5:
        item["number"] = f"c. {rng.randint(1, 60)}"
    if rng.random() < 0.3:
        item["container-title"] = "UK Public General Acts"
    if rng.random() < 0.5:
        item["URL"] = f"https://www.legislation.gov.uk/ukpga/{when}/{rng.randint(1, 60)}/contents"
        if rng.random() < 0.5:
            item["accessed"] = _accessed(rng, when)
    if rng.random() < 0.3:
        item["publisher"] = _pick(rng, ("The Stationery Office", "HMSO", "UK Parliament"))
        if rng.random() < 0.5:
            item["publisher-place"] = "London"
    return item


def newspaper(rng: Random, when: int) -> Item:
    item: Item = {
        "type": "article-newspaper",
        "title": title(rng),
        "container-title": _pick(rng, vocab.NEWSPAPERS),
        "issued": _date(rng, when, 0.9),
    }
    _authors(rng, item, 0.0, none_share=0.25)
    if rng.random() < 0.2:
        item["page"] = str(rng.randint(1, 40))
    if rng.random() < 0.7:
        item["URL"] = url(rng, item["container-title"], item["title"])
        if rng.random() < 0.5:
            item["accessed"] = _accessed(rng, when)
    return item


KINDS: dict[str, tuple[float, Callable[[Random, int], Item]]] = {
    "article": (0.28, article),
    "book": (0.11, book),
    "chapter": (0.09, chapter),
    "report": (0.22, report),
    "webpage": (0.12, webpage),
    "thesis": (0.04, thesis),
    "conference": (0.05, conference),
    "legislation": (0.03, legislation),
    "newspaper": (0.06, newspaper),
}
"""Each kind of work with its share of the items and the function that makes one."""

_KIND_NAMES = tuple(KINDS)
_KIND_WEIGHTS = tuple(share for share, _ in KINDS.values())


def synthetic_item(rng: Random, number: int, kind: str | None = None) -> Item:
    """One CSL-JSON item (its id ``s<number>``, its kind under the non-CSL key ``kind``)."""
    chosen = kind or rng.choices(_KIND_NAMES, _KIND_WEIGHTS)[0]
    item = KINDS[chosen][1](rng, year(rng))
    item["id"] = f"s{number}"
    item["kind"] = chosen
    return item


def synthetic_items(seed: int, count: int) -> list[Item]:
    """``count`` items from ``seed``."""
    rng = Random(seed)
    return [synthetic_item(rng, i) for i in range(count)]
