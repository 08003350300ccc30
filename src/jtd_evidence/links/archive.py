"""Dead-link help: the Internet Archive's closest snapshot of a URL (availability API)."""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from jtd_evidence.links.untrusted import printable

if TYPE_CHECKING:
    from jtd_evidence.links.fetch import Fetcher

__all__ = ["ANSWER_LIMIT", "closest_snapshot"]

log = logging.getLogger(__name__)

ANSWER_LIMIT = 64 * 1024
"""Most of the API's answer read: a real one is a few hundred bytes."""


def closest_snapshot(fetcher: Fetcher, api: str, url: str) -> str | None:
    """The URL of the closest archived copy of ``url`` that answered 200, or None (also on any
    failure). The answer is read like any page: bounded, redirects followed by the fetcher, within
    the deadline and the address policy."""
    query = f"{api}{'&' if '?' in api else '?'}{urlencode({'url': url})}"
    try:
        outcome = fetcher.fetch(query, body_limit=ANSWER_LIMIT, any_body=True)
    except Exception as error:  # a suggestion is optional: a fault here never costs the report
        log.warning("archive lookup for %s failed unexpectedly: %s", url, error)
        return None
    final = outcome.final
    if final is None or final.status != 200 or not final.body_complete or not final.body:
        log.info("archive lookup for %s failed: %s", url, outcome.error or "no complete 200 answer")
        return None
    try:
        data: Any = json.loads(final.body)
    except ValueError as error:
        log.info("archive lookup for %s failed: %s", url, error)
        return None
    closest = (data.get("archived_snapshots") or {}).get("closest") if isinstance(data, dict) else None
    if not isinstance(closest, dict) or not closest.get("available"):
        return None
    if str(closest.get("status", "200")) != "200":
        return None
    snapshot = closest.get("url")
    if not isinstance(snapshot, str) or not snapshot.startswith(("http://", "https://")):
        return None
    if printable(snapshot) != snapshot or any(ch.isspace() for ch in snapshot):
        return None  # not a URL: control characters or white space in it
    return snapshot.replace("http://web.archive.org/", "https://web.archive.org/", 1)
