"""Generate varied reference strings, with the fields each should parse to.

Used by ``scripts/bench_parse.py`` (speed) and by the parser's generative tests
(correctness on forms the seed does not contain). Deterministic for a given seed.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass, field

FAMILIES = [
    "Smith", "Okafor", "Mendez Sayer", "Uhl-Bien", "D'Arcy", "O'Brien", "McNeish", "Nguyen",
    "Fairgrieve", "Irwin-Rogers", "Brown", "Kowalski", "Ahmed", "MacDonald", "Zhang", "Lefevre",
]  # fmt: skip
PARTICLED = [("van der", "Berg"), ("de", "Souza"), ("von", "Trapp")]
ORGS = [
    "Home Office", "Department for Education", "NSPCC", "The Children's Society", "Ofsted",
    "University of Bedfordshire", "Youth Justice Board", "Local Government Association",
]  # fmt: skip
TITLE_WORDS = (
    "child exploitation safeguarding partnership young people risk harm community contextual "
    "practice evidence review data strategy participation voice trauma county lines schools "
    "missing education violence leadership"
).split()
JOURNALS = [
    "Child Abuse Review",
    "Journal of Youth Studies",
    "Children & Society",
    "Youth Justice",
    "Social Sciences",
]
PUBLISHERS = ["Policy Press", "Routledge", "TCE Support Programme", "Research in Practice", "Barnardo's"]
PLACES = ["London", "Bristol", "Manchester", "Dartington"]
MONTHS = ["January", "March", "May", "July", "September", "November"]


@dataclass
class Synthetic:
    """One generated reference and what it should parse to."""

    text: str
    style: str
    expected: dict[str, object] = field(default_factory=dict)


def _initials(rng: random.Random) -> str:
    return " ".join(f"{rng.choice('ABCDEFGHJKLMNPRSTW')}." for _ in range(rng.choice((1, 1, 2))))


def _person(rng: random.Random) -> tuple[str | None, str, str]:
    if rng.random() < 0.1:
        particle, family = rng.choice(PARTICLED)
        return particle, family, _initials(rng)
    return None, rng.choice(FAMILIES), _initials(rng)


def _title(rng: random.Random, quoted_phrase: bool = True) -> str:
    words = rng.sample(TITLE_WORDS, rng.randint(3, 7))
    title = " ".join(words).capitalize()
    roll = rng.random()
    if roll < 0.3:
        title += ": " + " ".join(rng.sample(TITLE_WORDS, rng.randint(2, 4)))
    elif roll < 0.4:
        title = title + "?"
    elif roll < 0.5 and quoted_phrase:
        title = f"'{words[0].capitalize()} {words[1]}': " + " ".join(words[2:])
    return title


def _apa_names(people: list[tuple[str | None, str, str]]) -> str:
    written = [f"{(p + ' ') if p else ''}{f}, {i}" for p, f, i in people]
    if len(written) == 1:
        return written[0]
    return ", ".join(written[:-1]) + ", & " + written[-1]


def _harvard_names(people: list[tuple[str | None, str, str]]) -> str:
    written = [f"{(p + ' ') if p else ''}{f}, {i}" for p, f, i in people]
    return written[0] if len(written) == 1 else ", ".join(written[:-1]) + " and " + written[-1]


def _vancouver_names(people: list[tuple[str | None, str, str]]) -> str:
    return ", ".join(
        f"{(p + ' ') if p else ''}{f} {i.replace('.', '').replace(' ', '')}" for p, f, i in people
    )


def generate(count: int, seed: int = 1) -> Iterator[Synthetic]:
    """``count`` references in APA, Harvard and Vancouver forms."""
    rng = random.Random(seed)
    for number in range(count):
        yield _one(rng, number)


def _one(rng: random.Random, number: int) -> Synthetic:
    style = rng.choice(("apa", "apa", "harvard", "vancouver"))
    kind = rng.choice(("article", "report", "book", "webpage", "chapter"))
    if style == "vancouver" and kind in ("webpage", "chapter"):
        kind = "article"
    org = rng.random() < 0.15 and style != "vancouver"
    people = [] if org else [_person(rng) for _ in range(rng.randint(1, 4))]
    year = rng.randint(1995, 2025)
    title = _title(rng, quoted_phrase=style != "harvard")
    expected: dict[str, object] = {
        "families": [rng.choice(ORGS)] if org else [f for _, f, _ in people],
        "year": year,
        "title": title,
    }
    author_text = expected["families"][0] if org else ""  # type: ignore[index]
    if not org:
        author_text = {"apa": _apa_names, "harvard": _harvard_names, "vancouver": _vancouver_names}[style](
            people
        )
    doi = f"10.{rng.randint(1000, 99999)}/{rng.choice(('jcs', 'yj', 'car'))}.{number}"
    url = f"https://www.example{number % 7}.org/{'-'.join(title.lower().split()[:3]).strip('?:')}/{number}"
    url = url.replace("'", "")
    if kind == "article":
        journal, volume, issue = rng.choice(JOURNALS), str(rng.randint(1, 60)), str(rng.randint(1, 12))
        first = rng.randint(1, 900)
        pages = f"{first}-{first + rng.randint(5, 30)}"
        expected.update(
            type="article-journal", container_title=journal, volume=volume, issue=issue, pages=pages, doi=doi
        )
        if style == "apa":
            text = f"{author_text} ({year}). {title}. *{journal}*, *{volume}*({issue}), {pages.replace('-', '–')}. https://doi.org/{doi}"
        elif style == "harvard":
            text = f"{author_text} ({year}) '{title}', *{journal}*, {volume}({issue}), pp. {pages}. doi:{doi}"
        else:
            text = f"{author_text}. {title}. {journal}. {year};{volume}({issue}):{pages}. doi:{doi}"
    elif kind in ("report", "webpage"):
        publisher = rng.choice(PUBLISHERS[2:])
        expected.update(url=url)
        if kind == "report":
            expected.update(type="report", publisher=publisher)
            tail = f"{publisher}."
        else:
            expected.update(type=("webpage", "report"))  # a bare link: either reading is fair
            tail = ""
        if style == "apa":
            text = f"{author_text} ({year}). *{title}*. {tail} {url}"
        elif style == "harvard":
            day, month = rng.randint(1, 28), rng.choice(MONTHS)
            expected["accessed_month"] = month
            text = f"{author_text} ({year}) *{title}*. {tail} Available at: {url} (Accessed: {day} {month} 2024)."
        else:
            text = f"{author_text}. {title}. {tail or 'Online'} {year}. Available from: {url}"
            expected["type"] = "report" if kind == "report" else expected["type"]
    elif kind == "book":
        publisher, place = rng.choice(PUBLISHERS[:2]), rng.choice(PLACES)
        edition = rng.choice((None, "2", "3"))
        expected.update(type="book", publisher=publisher)
        ed = f" ({edition}{'nd' if edition == '2' else 'rd'} ed.)" if edition else ""
        if edition and style != "vancouver":
            expected["edition"] = edition
        if style == "apa":
            text = f"{author_text} ({year}). *{title}*{ed}. {publisher}."
        elif style == "harvard":
            expected["place"] = place
            edn = f" {edition}{'nd' if edition == '2' else 'rd'} edn." if edition else ""
            text = f"{author_text} ({year}) *{title}*.{edn} {place}: {publisher}."
        else:
            expected["place"] = place
            text = f"{author_text}. {title}. {place}: {publisher}; {year}."
    else:
        editors = [_person(rng) for _ in range(rng.randint(1, 2))]
        book = _title(rng).rstrip("?")
        first = rng.randint(1, 300)
        pages = f"{first}-{first + 20}"
        publisher = rng.choice(PUBLISHERS[:2])
        expected.update(type="chapter", container_title=book, pages=pages, publisher=publisher)
        expected["editor_families"] = [f for _, f, _ in editors]
        if style == "apa":
            eds = " & ".join(f"{i} {(p + ' ') if p else ''}{f}" for p, f, i in editors)
            label = "Eds." if len(editors) > 1 else "Ed."
            text = f"{author_text} ({year}). {title}. In {eds} ({label}), *{book}* (pp. {first}–{first + 20}). {publisher}."
        else:
            eds = _harvard_names(editors)
            label = "eds" if len(editors) > 1 else "ed."
            text = f"{author_text} ({year}) '{title}', in {eds} ({label}) *{book}*. London: {publisher}, pp. {pages}."
            expected["place"] = "London"
    return Synthetic(" ".join(text.split()), style, expected)


def long_line(megabytes: float, seed: int = 11) -> str:
    """References joined by spaces into one line of about ``megabytes`` MB (a list whose line
    breaks were lost), for the scaling benchmarks."""
    wanted = int(megabytes * 2**20)
    pieces, size = [], 0
    for item in itertools.cycle(list(generate(500, seed=seed))):
        pieces.append(item.text)
        size += len(item.text) + 1
        if size >= wanted:
            break
    return " ".join(pieces) + "\n"
