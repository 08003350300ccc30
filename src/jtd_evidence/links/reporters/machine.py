"""Machine-readable reports: JSON (every field) and CSV (one row per link)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence

from jtd_evidence.links.reporters.common import ReportMeta, keys_text, redirect_text, shown, summary, verdict
from jtd_evidence.links.types import LinkResult
from jtd_evidence.links.untrusted import json_escaped, spreadsheet_safe

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


def render_json(results: Sequence[LinkResult], meta: ReportMeta) -> str:
    document = {
        "tool": "jtd-evidence check-urls",
        **{k: v for k, v in meta.items() if isinstance(v, str | int | float | bool | list | type(None))},
        "total": len(results),
        "summary": {status.value: n for status, n in summary(results)},
        "verdict": verdict(results),
        "results": [r.to_dict() for r in results],
    }
    return json_escaped(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"


def render_csv(results: Sequence[LinkResult], meta: ReportMeta) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in results:
        text = [r.url, keys_text(r, ";"), r.final_url, redirect_text(r), r.content_type, r.error]
        text += [r.suggestion, r.archive_url, r.checked_at]
        url, keys, final_url, redirects, content_type, error, suggestion, archive_url, checked_at = (
            spreadsheet_safe(shown(cell)) for cell in text
        )
        writer.writerow(
            [
                r.status.value,
                url,
                keys,
                "" if r.http_status is None else r.http_status,
                final_url,
                redirects,
                content_type,
                f"{r.elapsed:.3f}",
                r.attempts,
                error,
                suggestion,
                archive_url,
                checked_at,
                "yes" if r.cached else "",
            ]
        )
    return out.getvalue()
