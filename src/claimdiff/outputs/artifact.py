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

from claimdiff.outputs.review_csv import CSV_COLUMNS, REASON_SEPARATOR, restore_cell
from claimdiff.records import TOTAL, RunSummary, Severity

# Errors listed in the artifact; run.json keeps all of them.
MAX_LISTED_ERRORS = 20

# Characters that start markdown syntax inside a line (emphasis, code, links and images, HTML,
# table cells, strikethrough), escaped with a backslash. Line-start syntax (#, -, >) cannot occur:
# values are always placed after other text on their line.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


def run_markdown(
    summary: RunSummary,
    top_findings: Sequence[dict[str, Any]] = (),
    max_errors: int = MAX_LISTED_ERRORS,
) -> str:
    """Markdown for a run: status, counts per stage, timings, failures and the top findings.

    ``top_findings`` are CSV rows (Contract 3 columns, most severe first), e.g. from
    :func:`top_findings_from_csv`.
    """
    parts = [
        f"# claimdiff run {_md(summary.run_id)}",
        "",
        f"**Status:** {_md(summary.status)} · **Mode:** {_md(summary.mode)}",
    ]
    if summary.error:
        parts += ["", f"**Error:** {_md(summary.error)}"]
    if summary.nothing_new:
        parts += ["", "No new articles since the last run; the open review queue was re-exported."]
    parts += [f"> {_md(notice)}" for notice in summary.notices]
    parts += ["", *_findings_section(summary)]
    parts += ["", *_stages_section(summary)]
    parts += ["", *_failures_section(summary, max_errors)]
    parts += ["", *_top_section(top_findings)]
    if summary.outputs:
        parts += ["", "## Outputs", ""]
        parts += [f"- {_md(name)}: {_md(path)}" for name, path in summary.outputs.items()]
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


def _findings_section(summary: RunSummary) -> list[str]:
    header = [*Severity, "in queue", "new this run", "withheld (reviewed)"]
    values = [
        *summary.by_severity.values(),
        summary.flagged,
        summary.new_findings,
        summary.withheld,
    ]
    return ["## Findings", "", *_table(header, [values])]


def _stages_section(summary: RunSummary) -> list[str]:
    rows = [
        [line.stage, line.counts, "" if line.seconds is None else f"{line.seconds:.2f}"]
        for line in summary.stage_lines()
    ]
    total = summary.timings_s.get(TOTAL, sum(summary.timings_s.values()))
    rows.append(["total", "", f"{total:.2f}"])
    return ["## Stages", "", *_table(["stage", "counts", "seconds"], rows)]


def _failures_section(summary: RunSummary, max_errors: int) -> list[str]:
    lines = ["## Failures", ""]
    errors = summary.errors
    if not summary.failed_stages and not errors:
        return [*lines, "None."]
    if summary.failed_stages:
        lines.append(
            "Stages that lost more than the allowed share of their items: "
            + ", ".join(_md(s) for s in summary.failed_stages)
        )
        lines.append("")
    if errors:
        lines.append(f"{len(errors)} item(s) could not be processed:")
        lines.append("")
        rows = [[e.stage, e.where, e.message] for e in errors]
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
