"""When two readings are the same work: the comparison merging, key assignment and lint share.

A maintainer recognises one work cited twice even when it is written differently: an
organisation with or without a leading "The" or spelled out or abbreviated ("NSPCC",
"National Society for the Prevention of Cruelty to Children"), punctuation and case, a
subtitle left out, the same DOI, the same web address. :func:`same_work` says so;
:func:`blocks` gives the few look-up keys under which two such readings always meet,
so callers compare a reading with a handful of candidates rather than with every entry.

>>> from jtd_evidence.models import Entry, Person
>>> a = Entry(title="It was hard to escape: safeguarding children at risk", year=2020,
...           authors=(Person(literal="The Child Safeguarding Practice Review Panel"),))
>>> b = Entry(title="It Was Hard to Escape", year=2020,
...           authors=(Person(literal="Child Safeguarding Practice Review Panel"),))
>>> same_work(a, b)
True
>>> same_work(a, b.model_copy(update={"year": 2021}))
False
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from jtd_evidence import _urls
from jtd_evidence._text import fold
from jtd_evidence.models import Entry, Person

__all__ = [
    "blocks",
    "main_title",
    "near_duplicate",
    "normal_title",
    "normal_url",
    "same_authors",
    "same_work",
]

_ARTICLE = re.compile(r"^(?:the|a|an) ")
_SUBTITLE = re.compile(r"\s*(?::|\?|!|\s[-\u2013\u2014]\s|\.\s)\s*")
_PARENTHESES = re.compile(r"\s*[(\[]([^()\[\]]*)[)\]]\s*")
_MINOR = frozenset({"of", "the", "for", "and", "to", "in", "on", "at", "a", "an", "by", "with"})
_ORGANISATION_WORDS = frozenset({"ltd", "limited", "inc", "plc", "uk"})


@functools.lru_cache(maxsize=2**18)  # lint compares each entry with many others
def normal_title(title: str) -> str:
    """A title as two spellings of it share: folded, without a leading article."""
    return _ARTICLE.sub("", fold(title))


@functools.lru_cache(maxsize=2**18)  # lint compares each entry with many others
def main_title(title: str) -> str:
    """The title before its subtitle (after ':', '?', ' – ', ...), normalised."""
    return normal_title(_SUBTITLE.split(title.strip(), maxsplit=1)[0])


@functools.lru_cache(maxsize=2**18)  # lint compares each entry with many others
def normal_url(url: str | None) -> str:
    """host + path + query of a URL, lower-case host without 'www.', no trailing slash."""
    if not url:
        return ""
    parts = _urls.split(url.strip())
    if parts is None or not parts.netloc:
        return url.strip()
    host = parts.netloc.lower().removeprefix("www.")
    return f"{host}{parts.path.rstrip('/')}" + (f"?{parts.query}" if parts.query else "")


@functools.lru_cache(maxsize=4096)
def _organisation(name: str) -> tuple[str, frozenset[str]]:
    """An organisation's name as compared (without 'The', brackets or spaces) and the other
    forms it may be written as: any abbreviation it gives in brackets, its name without 'Ltd'
    and the like, and its initials (with and without the minor words)."""
    whole = _ARTICLE.sub("", fold(_PARENTHESES.sub(" ", name))).split()
    words = [w for w in whole if w not in _ORGANISATION_WORDS]
    forms = {fold(m.group(1)).replace(" ", "") for m in _PARENTHESES.finditer(name)}
    if words:
        forms.add("".join(words))
        if len(words) >= 2:
            forms.add("".join(w[0] for w in words))
            forms.add("".join(w[0] for w in words if w not in _MINOR))
    return "".join(whole), frozenset(f for f in forms if f)


def _same_person(a: Person, b: Person) -> bool:
    if a.is_organisation or b.is_organisation:
        if not (a.is_organisation and b.is_organisation):
            return fold(a.display()).replace(" ", "") == fold(b.display()).replace(" ", "")
        (whole_a, forms_a), (whole_b, forms_b) = _organisation(a.full_family), _organisation(b.full_family)
        return whole_a == whole_b or whole_a in forms_b or whole_b in forms_a
    if fold(str(a.family)).replace(" ", "") != fold(str(b.family)).replace(" ", ""):
        return False
    first_a, first_b = fold(a.given or "")[:1], fold(b.given or "")[:1]
    return not first_a or not first_b or first_a == first_b


def same_authors(a: Entry, b: Entry) -> bool:
    """The same people in the same order (organisations in any of their forms; one reading may
    stop at 'et al.' where the other lists more)."""
    people_a, people_b = a.authors or a.editors, b.authors or b.editors
    if len(people_a) != len(people_b):
        shorter, longer = sorted(((people_a, a), (people_b, b)), key=lambda pair: len(pair[0]))
        if not shorter[1].authors_et_al or not shorter[0]:
            return False
        people_a, people_b = shorter[0], longer[0][: len(shorter[0])]
    return all(_same_person(x, y) for x, y in zip(people_a, people_b, strict=True))


def _titles_agree(a: str | None, b: str | None) -> bool:
    """The same title, or one is the other without its subtitle (never where either has none)."""
    if not a or not b:
        return False
    full_a, full_b = normal_title(a), normal_title(b)
    if full_a == full_b:
        return True
    main_a, main_b = main_title(a), main_title(b)
    return bool(main_a) and main_a == main_b and (full_a == main_a or full_b == main_b)


def same_work(a: Entry, b: Entry) -> bool:
    """Whether two readings are one work: the same DOI; or the same year and authors with the
    same title (or one without its subtitle) or the same web address; or the same year, title
    and web address. Two different DOIs are always two works."""
    if a.doi and b.doi:
        return a.doi.lower() == b.doi.lower()
    if a.year != b.year:
        return False
    same_url = bool(a.url and b.url) and normal_url(a.url) == normal_url(b.url)
    titles = _titles_agree(a.title, b.title)
    if same_authors(a, b):
        return titles or same_url
    return titles and same_url


def blocks(entry: Entry) -> list[tuple[str, ...]]:
    """Look-up keys such that two readings that are :func:`same_work` share at least one."""
    keys: list[tuple[str, ...]] = [("title", str(entry.year), main_title(entry.title))] if entry.title else []
    if entry.url:
        keys.append(("url", str(entry.year), normal_url(entry.url)))
    if entry.doi:
        keys.append(("doi", entry.doi.lower()))
    return keys


def near_duplicate(a: Entry, b: Entry, close: bool) -> str | None:
    """Why ``a`` and ``b`` look like one work to a person, or None. ``close`` says whether their
    titles are nearly equal (a spelling slip apart); what is only near is never merged on its own."""
    if same_work(a, b):
        return "the same work written two ways"
    if a.doi and b.doi:
        return None
    if a.year == b.year and close and _first_authors_agree(a.authors, b.authors):
        return "the same first author and year, and titles a few letters apart"
    if a.url and b.url and normal_url(a.url) == normal_url(b.url) and a.year == b.year:
        return "the same year and web address"
    return None


def _first_authors_agree(a: Sequence[Person], b: Sequence[Person]) -> bool:
    return (not a and not b) or (bool(a) and bool(b) and _same_person(a[0], b[0]))
