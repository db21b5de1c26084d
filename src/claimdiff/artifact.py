"""The run report shown in the Prefect UI: a markdown artifact built from the run summary.

Pure functions: the flow publishes the text with ``prefect.artifacts.create_markdown_artifact``.
Article text and outlet names come from the web, so every value is escaped before it reaches
markdown: a headline must not become a link, an image fetched by the browser, or a broken table.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from claimdiff.export import CSV_COLUMNS, REASON_SEPARATOR, restore_cell
from claimdiff.records import Severity, Stage

# Errors listed in the artifact; run.json keeps all of them.
MAX_LISTED_ERRORS = 20

# Characters that start markdown syntax inside a line (emphasis, code, links and images, HTML,
# table cells, strikethrough), escaped with a backslash. Line-start syntax (#, -, >) cannot occur:
# values are always placed after other text on their line.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


def run_markdown(
    summary: dict[str, Any],
    top_findings: Sequence[dict[str, Any]] = (),
    max_errors: int = MAX_LISTED_ERRORS,
) -> str:
    """Markdown for a run: status, counts per stage, timings, failures and the top findings.

    ``summary`` is the run summary (run.json); ``top_findings`` are CSV rows (Contract 3 columns,
    most severe first), e.g. from :func:`top_findings_from_csv`.
    """
    counts = summary.get("counts", {})
    parts = [
        f"# claimdiff run {_md(summary.get('run_id', '?'))}",
        "",
        f"**Status:** {_md(summary.get('status', '?'))} · **Mode:** {_md(summary.get('mode', '?'))}",
    ]
    if summary.get("nothing_new"):
        parts += ["", "No new articles since the last run; the open review queue was re-exported."]
    parts += [f"> {_md(notice)}" for notice in summary.get("notices", [])]
    parts += ["", *_findings_section(counts)]
    parts += ["", *_stages_section(summary)]
    parts += ["", *_failures_section(summary, max_errors)]
    parts += ["", *_top_section(top_findings)]
    outputs = summary.get("outputs", {})
    if outputs:
        parts += ["", "## Outputs", ""]
        parts += [f"- {_md(name)}: {_md(path)}" for name, path in outputs.items()]
    return "\n".join(parts).strip() + "\n"


def top_findings_from_csv(path: Path, limit: int) -> list[dict[str, str]]:
    """The first ``limit`` rows of a flags.csv (the export sorts them most severe first).

    Cells neutralised against formula injection are restored: markdown is no spreadsheet.
    """
    rows: list[dict[str, str]] = []
    if limit <= 0:
        return rows
    with Path(path).open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        for row in reader:
            rows.append({k: restore_cell(row.get(k) or "") for k in CSV_COLUMNS})
            if len(rows) >= limit:
                break
    return rows


def _findings_section(counts: dict[str, Any]) -> list[str]:
    severity = counts.get("findings_by_severity", {})
    export = counts.get("export", {})
    judge = counts.get("judge", {})
    header = [*Severity, "in queue", "new this run", "withheld (reviewed)"]
    values = [
        *(severity.get(s, 0) for s in Severity),
        export.get("flagged", sum(severity.values())),
        judge.get("new", 0),
        export.get("withheld_reviewed", 0),
    ]
    return ["## Findings", "", *_table(header, [values])]


def _stages_section(summary: dict[str, Any]) -> list[str]:
    counts = summary.get("counts", {})
    timings = summary.get("timings_s", {})
    cache = summary.get("cache", {})
    known = [s for s in Stage if s in counts or s in timings]
    extra = [s for s in [*timings, *counts] if s not in set(Stage) and s != "findings_by_severity"]
    rows = []
    for stage in dict.fromkeys([*known, *extra]):
        values = counts.get(stage, {})
        text = ", ".join(f"{k} {v}" for k, v in values.items()) if isinstance(values, dict) else ""
        hits = cache.get(Stage(stage).cache_name if stage in set(Stage) else stage)
        if hits:
            text += f" (cache hits {hits.get('hits', 0)}, misses {hits.get('misses', 0)})"
        seconds = timings.get(stage)
        rows.append([stage, text, "" if seconds is None else f"{seconds:.2f}"])
    total = sum(v for v in timings.values() if isinstance(v, (int, float)))
    rows.append(["total", "", f"{total:.2f}"])
    return ["## Stages", "", *_table(["stage", "counts", "seconds"], rows)]


def _failures_section(summary: dict[str, Any], max_errors: int) -> list[str]:
    lines = ["## Failures", ""]
    failed = summary.get("failed_stages", [])
    errors = summary.get("errors", [])
    if not failed and not errors:
        return [*lines, "None."]
    if failed:
        lines.append(
            "Stages that lost more than the allowed share of their items: "
            + ", ".join(_md(s) for s in failed)
        )
        lines.append("")
    if errors:
        lines.append(f"{len(errors)} item(s) could not be processed:")
        lines.append("")
        rows = [[e.get("stage", ""), e.get("where", ""), e.get("message", "")] for e in errors]
        lines += _table(["stage", "where", "message"], rows[:max_errors])
        if len(errors) > max_errors:
            lines += ["", f"… and {len(errors) - max_errors} more (see run.json)."]
    return lines


def _top_section(rows: Sequence[dict[str, Any]]) -> list[str]:
    lines = ["## Top findings", ""]
    if not rows:
        return [*lines, "No open findings."]
    table = []
    for row in rows:
        reasons = row.get("reasons", "")
        if not isinstance(reasons, str):
            reasons = REASON_SEPARATOR.join(reasons)
        outlets = f"{row.get('original_outlet', '?')} → {row.get('report_outlet', '?')}"
        table.append([row.get("severity", ""), row.get("kind", ""), outlets, reasons])
    return [*lines, *_table(["severity", "kind", "original → report", "reasons"], table)]


def _table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[str]:
    lines = [
        "| " + " | ".join(_md(h) for h in header) + " |",
        "|" + "|".join("---" for _ in header) + "|",
    ]
    lines += ["| " + " | ".join(_md(v) for v in row) + " |" for row in rows]
    return lines


def _md(value: Any) -> str:
    """Escape a value for a markdown table cell or paragraph, on one line."""
    text = " ".join(str(value).split())
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)
