"""Machine-readable reports: JSON (every field) and CSV (one row per link)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from jtd_evidence.links.reporters.common import redirect_text, summary
from jtd_evidence.links.types import LinkResult

__all__ = ["CSV_COLUMNS", "render_csv", "render_json"]

CSV_COLUMNS = (
    "status",
    "url",
    "keys",
    "http_status",
    "final_url",
    "redirects",
    "content_type",
    "elapsed",
    "attempts",
    "error",
    "suggestion",
    "archive_url",
    "checked_at",
    "cached",
)


def render_json(results: Sequence[LinkResult], meta: dict[str, Any]) -> str:
    document = {
        "tool": "jtd-evidence check-urls",
        **{k: v for k, v in meta.items() if isinstance(v, str | int | float | bool | list | type(None))},
        "total": len(results),
        "summary": {status.value: n for status, n in summary(results)},
        "results": [r.to_dict() for r in results],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def render_csv(results: Sequence[LinkResult], meta: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in results:
        writer.writerow(
            [
                r.status.value,
                r.url,
                ";".join(r.keys),
                "" if r.http_status is None else r.http_status,
                r.final_url or "",
                redirect_text(r),
                r.content_type or "",
                f"{r.elapsed:.3f}",
                r.attempts,
                r.error or "",
                r.suggestion or "",
                r.archive_url or "",
                r.checked_at or "",
                "yes" if r.cached else "",
            ]
        )
    return out.getvalue()
