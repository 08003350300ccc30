"""Dead-link help: the Internet Archive's closest snapshot of a URL (availability API)."""

from __future__ import annotations

import logging
from typing import Any

import requests

__all__ = ["closest_snapshot"]

log = logging.getLogger(__name__)


def closest_snapshot(session: requests.Session, api: str, url: str, timeout: float = 20.0) -> str | None:
    """The URL of the closest archived copy of ``url`` that answered 200, or None (also on any failure)."""
    try:
        response = session.get(api, params={"url": url}, timeout=timeout)
        if response.status_code != 200:
            return None
        data: Any = response.json()
    except (requests.RequestException, ValueError) as error:
        log.info("archive lookup for %s failed: %s", url, error)
        return None
    except Exception as error:  # e.g. the API host refused by the address policy
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
    return snapshot.replace("http://web.archive.org/", "https://web.archive.org/", 1)
