"""Hand-written entries and registry answers shaped as Crossref's and OpenAlex's REST APIs
document them (``message-type``/``message``/``items``; ``results``/``authorships``/``biblio``).
Every work here is invented for the tests."""

from __future__ import annotations

from typing import Any

from jtd_evidence.models import Entry, EntryType, Person

ARTICLE = Entry(
    key="ahmed2019safe",
    type=EntryType.ARTICLE_JOURNAL,
    title="Safe corridors: mapping risk outside the home",
    authors=(Person(family="Ahmed", given="R."), Person(family="Okafor", given="T.")),
    year=2019,
    container_title="Journal of Adolescent Safety",
)
BRIEFING = Entry(
    key="tce2021briefing",
    type=EntryType.REPORT,
    title="Reflective questions for strategic leaders on youth voice",
    authors=(Person(family="Hill", given="N."),),
    year=2021,
    publisher="TCE Support Programme",
)
CHAPTER = Entry(
    key="nunez2018streets",
    type=EntryType.CHAPTER,
    title="Streets that hold children",
    authors=(Person(family="Nunez", given="P."),),
    year=2018,
    container_title="Places of Safety: Essays on Contextual Work",
)


def crossref_work(
    doi: str,
    title: str,
    families: list[str],
    year: int,
    *,
    container: str | None = None,
    kind: str = "journal-article",
    volume: str | None = None,
    issue: str | None = None,
    page: str | None = None,
    subtitle: str | None = None,
    online: int | None = None,
) -> dict[str, Any]:
    work: dict[str, Any] = {
        "DOI": doi,
        "title": [title],
        "author": [{"given": "A.", "family": f, "sequence": "additional"} for f in families],
        "issued": {"date-parts": [[year, 4]]},
        "type": kind,
        "score": 42.5,
    }
    if subtitle:
        work["subtitle"] = [subtitle]
    if container:
        work["container-title"] = [container]
    if online:
        work["published-online"] = {"date-parts": [[online, 11, 2]]}
    for name, value in (("volume", volume), ("issue", issue), ("page", page)):
        if value:
            work[name] = value
    return work


def crossref_list(*works: dict[str, Any]) -> dict[str, Any]:
    return {
        "status": "ok",
        "message-type": "work-list",
        "message-version": "1.0.0",
        "message": {"total-results": len(works), "items": list(works), "items-per-page": 5},
    }


def crossref_single(work: dict[str, Any]) -> dict[str, Any]:
    return {"status": "ok", "message-type": "work", "message-version": "1.0.0", "message": work}


def openalex_work(
    doi: str | None,
    title: str,
    names: list[str],
    year: int,
    *,
    source: str | None = None,
    kind: str = "article",
    volume: str | None = None,
    first: str | None = None,
    last: str | None = None,
) -> dict[str, Any]:
    return {
        "id": "https://openalex.org/W0000001",
        "doi": f"https://doi.org/{doi}" if doi else None,
        "title": title,
        "display_name": title,
        "publication_year": year,
        "type": kind,
        "authorships": [{"author_position": "first", "author": {"display_name": n}} for n in names],
        "primary_location": {"source": {"display_name": source} if source else None},
        "biblio": {"volume": volume, "issue": None, "first_page": first, "last_page": last},
    }


def openalex_list(*works: dict[str, Any]) -> dict[str, Any]:
    return {"meta": {"count": len(works), "page": 1, "per_page": 5}, "results": list(works)}


ARTICLE_WORK = crossref_work(
    "10.5555/jas.2019.0042",
    "Safe corridors",
    ["Ahmed", "Okafor"],
    2019,
    subtitle="mapping risk outside the home",
    container="Journal of Adolescent Safety",
    volume="12",
    issue="3",
    page="201-219",
)
