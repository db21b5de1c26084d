"""The review queue (flags.csv, Contract 3), its Parquet twin, and the run summary (run.json).

The CSV is written for spreadsheets: UTF-8 with BOM (Excel detects the encoding), RFC 4180
quoting with CRLF line ends, and cells that a spreadsheet would run as a formula neutralised
(OWASP CSV injection). The store keeps the original text; only the export is neutralised.
"""

from __future__ import annotations

import csv
import json
import logging
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from claimdiff.records import Severity
from claimdiff.store import Store, StoredFinding

log = logging.getLogger(__name__)

CSV_COLUMNS: tuple[str, ...] = (
    "finding_id",
    "run_id",
    "story_id",
    "severity",
    "kind",
    "label",
    "p_entailment",
    "p_neutral",
    "p_contradiction",
    "reasons",
    "original_outlet",
    "original_url",
    "original_lang",
    "original_text",
    "original_text_en",
    "report_outlet",
    "report_url",
    "report_lang",
    "report_text",
    "report_text_en",
    "nli_model",
    "translation_model",
    "review_status",
    "review_note",
)
REASON_SEPARATOR = " | "
REVIEW_STATUSES = ("confirmed", "dismissed", "needs_followup")
# A leading character that makes Excel / LibreOffice / Google Sheets evaluate the cell.
_FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def _needs_apostrophe(value: str) -> bool:
    # Text that itself starts with apostrophes before a trigger ("'=x") is escaped too, so that
    # restore_cell can tell it from a neutralised "=x" and the round trip is exact.
    return value.lstrip("'").startswith(_FORMULA_TRIGGERS)


def neutralise_cell(value: str) -> str:
    """Prefix a cell that a spreadsheet would run as a formula with an apostrophe (OWASP)."""
    if _needs_apostrophe(value):
        return "'" + value
    return value


def restore_cell(value: str) -> str:
    """Undo :func:`neutralise_cell` when reading a reviewed CSV back."""
    if value.startswith("'") and _needs_apostrophe(value[1:]):
        return value[1:]
    return value


def finding_rows(
    store: Store, findings: Sequence[StoredFinding], run_id: str
) -> list[dict[str, Any]]:
    """CSV rows (Contract 3 columns) for stored findings, most severe first."""
    statement_ids = [i for s in findings for i in (s.finding.original_id, s.finding.report_id)]
    statements = store.statements_by_id(statement_ids)
    articles = {
        a.article_id: a
        for a in store.articles(
            {s.article_id for s in statements.values()}, include_duplicates=True
        )
    }
    rows = []
    for stored in findings:
        f, review = stored.finding, stored.review
        original, report = statements[f.original_id], statements[f.report_id]
        row: dict[str, Any] = {
            "finding_id": f.finding_id,
            "run_id": run_id,
            "story_id": f.story_id,
            "severity": f.severity,
            "kind": f.kind,
            "label": f.label,
            "p_entailment": _probability(f.p_entailment),
            "p_neutral": _probability(f.p_neutral),
            "p_contradiction": _probability(f.p_contradiction),
            "reasons": REASON_SEPARATOR.join(f.reasons),
            "nli_model": f.nli_model or "",
            "translation_model": f.translation_model or "",
            "review_status": (review.status if review else "") or "",
            "review_note": (review.note if review else "") or "",
        }
        for side, statement in (("original", original), ("report", report)):
            article = articles[statement.article_id]
            row[f"{side}_outlet"] = article.outlet
            row[f"{side}_url"] = article.url
            row[f"{side}_lang"] = statement.lang
            row[f"{side}_text"] = statement.text
            row[f"{side}_text_en"] = statement.text_en or ""
        rows.append(row)
    rows.sort(key=lambda r: (Severity.sort_key(r["severity"]), r["story_id"], r["finding_id"]))
    return rows


def _probability(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


def write_flags_csv(rows: Iterable[dict[str, Any]], path: Path) -> int:
    """Write the review queue; returns the number of rows. Atomic: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    count = 0
    with tmp.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: neutralise_cell(str(row.get(k, ""))) for k in CSV_COLUMNS})
            count += 1
    tmp.replace(path)
    return count


def write_flags_parquet(rows: Sequence[dict[str, Any]], path: Path) -> None:
    """The same rows for analysts, typed (probabilities as floats), not neutralised."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    columns: dict[str, list[Any]] = {c: [] for c in CSV_COLUMNS}
    for row in rows:
        for c in CSV_COLUMNS:
            value = row.get(c, "")
            if c.startswith("p_"):
                value = float(value) if value != "" else None
            columns[c].append(value)
    types = {c: pa.float64() if c.startswith("p_") else pa.string() for c in CSV_COLUMNS}
    table = pa.table({c: pa.array(columns[c], type=types[c]) for c in CSV_COLUMNS})
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, path)


def write_run_json(summary: dict[str, Any], path: Path) -> None:
    """Write the run summary as indented UTF-8 JSON."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(summary, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8"
    )


def export_queue(
    store: Store,
    out_dir: Path,
    run_id: str,
    findings: Sequence[StoredFinding],
    parquet: bool = True,
) -> dict[str, Any]:
    """Write flags.csv (and flags.parquet) for the given stored findings; returns paths and count."""
    rows = finding_rows(store, findings, run_id)
    csv_path = out_dir / "flags.csv"
    count = write_flags_csv(rows, csv_path)
    result: dict[str, Any] = {"flags_csv": str(csv_path), "rows": count}
    if parquet:
        parquet_path = out_dir / "flags.parquet"
        write_flags_parquet(rows, parquet_path)
        result["flags_parquet"] = str(parquet_path)
    log.info("wrote %d flagged pairs to %s", count, csv_path)
    return result
