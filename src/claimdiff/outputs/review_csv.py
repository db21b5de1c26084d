"""The review queue (flags.csv, Contract 3), its Parquet twin, and the run summary (run.json).

The CSV is written for spreadsheets: UTF-8 with BOM (Excel detects the encoding), RFC 4180
quoting with CRLF line ends, and cells that a spreadsheet would run as a formula neutralised
(OWASP CSV injection). The store keeps the original text; only the export is neutralised.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import json
import logging
import os
import shutil
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import fields
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Any

from claimdiff.ingest.normalize import as_written
from claimdiff.records import ReviewRow, RunSummary, Severity, Statement
from claimdiff.store import Store, StoredFinding
from claimdiff.text.segment import TITLE_OFFSET

log = logging.getLogger(__name__)

CSV_COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(ReviewRow))
REASON_SEPARATOR = " | "
REVIEW_STATUSES = ("confirmed", "dismissed", "needs_followup")
# A leading character that makes Excel / LibreOffice / Google Sheets evaluate the cell.
_FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def _needs_apostrophe(value: str) -> bool:
    # Text that itself starts with apostrophes before a trigger ("'=x") is escaped too, so that
    # restore_cell can tell it from a neutralised "=x" and the round trip is exact.
    return value.lstrip("'").startswith(_FORMULA_TRIGGERS)


_FIRST_CHARACTERS = frozenset("".join(_FORMULA_TRIGGERS) + "'")


def neutralise_cell(value: str) -> str:
    """Prefix a cell that a spreadsheet would run as a formula with an apostrophe (OWASP)."""
    if value[:1] not in _FIRST_CHARACTERS:  # most cells: a queue has a dozen per row
        return value
    if _needs_apostrophe(value):
        return "'" + value
    return value


def restore_cell(value: str) -> str:
    """Undo :func:`neutralise_cell` when reading a reviewed CSV back."""
    if value.startswith("'") and _needs_apostrophe(value[1:]):
        return value[1:]
    return value


def finding_rows(store: Store, findings: Sequence[StoredFinding], run_id: str) -> list[ReviewRow]:
    """Review rows (Contract 3) for stored findings, most severe first."""
    statement_ids = [i for s in findings for i in (s.finding.original_id, s.finding.report_id)]
    statements = store.statements_by_id(statement_ids)
    # outlet, URL and raw text only: whole articles (texts, metadata) were most of an export's reading
    sources = store.article_origins({s.article_id for s in statements.values()})
    rows = []
    for stored in findings:
        f, review = stored.finding, stored.review
        sides: dict[str, str] = {}
        for side, statement_id in (("original", f.original_id), ("report", f.report_id)):
            statement = statements[statement_id]
            outlet, url, raw = sources[statement.article_id]
            sides |= {
                f"{side}_outlet": outlet,
                f"{side}_url": url,
                f"{side}_lang": statement.lang,
                f"{side}_text": _as_written(statement, raw),
                f"{side}_text_en": statement.text_en or "",
            }
        # (a record built field by field, Contract 3's order: the shape of any keyword constructor)
        rows.append(
            ReviewRow(
                finding_id=f.finding_id,
                run_id=run_id,
                story_id=f.story_id,
                severity=f.severity,
                kind=f.kind,
                label=f.label,
                p_entailment=f.p_entailment,
                p_neutral=f.p_neutral,
                p_contradiction=f.p_contradiction,
                reasons=tuple(f.reasons),
                nli_model=f.nli_model or "",
                translation_model=f.translation_model or "",
                review_status=(review.status if review else "") or "",
                review_note=(review.note if review else "") or "",
                **sides,
            )
        )
    rows.sort(key=lambda r: (Severity.sort_key(r.severity), r.story_id, r.finding_id))
    return rows


def _as_written(statement: Statement, raw: str | None) -> str:
    """The statement as its outlet wrote it (full-width ％, ㎏ kept): what a reviewer searches
    the source for. Headlines and texts that normalisation left alone are stored as written."""
    if raw is None or statement.start == TITLE_OFFSET:
        return statement.text
    return as_written(raw, statement.start, statement.end) or statement.text


def csv_cells(row: ReviewRow) -> dict[str, str]:
    """A row's cells as the CSV shows them, before neutralising: probabilities with four
    decimals (empty when no NLI ran), reasons joined by " | "."""
    cells: dict[str, str] = {}
    for column in CSV_COLUMNS:  # (dataclasses.astuple deep-copies every value: 3x slower)
        value = getattr(row, column)
        if column.startswith("p_"):
            cells[column] = "" if value is None else f"{value:.4f}"
        elif column == "reasons":
            cells[column] = REASON_SEPARATOR.join(value)
        else:
            cells[column] = str(value)
    return cells


@contextmanager
def atomic_write(path: Path, mode: str = "w", **kwargs: Any) -> Iterator[IO[Any]]:
    """Write ``path`` through a temporary file in the same directory, renamed over it once
    complete: a reader (or a crash) never sees half a file. The temporary file is removed
    when writing fails; the file gets the usual permissions (the umask's)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        with open(tmp, mode.replace("w", "x"), **kwargs) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@contextmanager
def _csv_writer(path: Path) -> Iterator[Any]:
    """An atomic CSV writer in the queue's one dialect (BOM for spreadsheets, CRLF rows)."""
    with atomic_write(path, encoding="utf-8-sig", newline="") as handle:
        yield csv.writer(handle, lineterminator="\r\n")


def write_flags_csv(rows: Iterable[ReviewRow], path: Path) -> int:
    """Write the review queue; returns the number of rows. Atomic: a reader never sees half a file."""
    return _write_csv_cells(map(csv_cells, rows), path)


def _write_csv_cells(cells: Iterable[dict[str, str]], path: Path) -> int:
    count = 0
    with _csv_writer(path) as writer:
        writer.writerow(CSV_COLUMNS)
        for row in cells:
            writer.writerow([neutralise_cell(cell) for cell in row.values()])
            count += 1
    return count


def write_flags_parquet(rows: Sequence[ReviewRow], path: Path) -> None:
    """The same rows for analysts, typed (probabilities as floats), not neutralised."""
    _write_parquet_cells([csv_cells(row) for row in rows], path)


def _write_parquet_cells(cells: Sequence[dict[str, str]], path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    columns: dict[str, list[Any]] = {c: [] for c in CSV_COLUMNS}
    for row in cells:
        for c, cell in row.items():
            if c.startswith("p_"):  # as the CSV rounds them, so both files agree
                columns[c].append(float(cell) if cell else None)
            else:
                columns[c].append(cell)
    types = {c: pa.float64() if c.startswith("p_") else pa.string() for c in CSV_COLUMNS}
    table = pa.table({c: pa.array(columns[c], type=types[c]) for c in CSV_COLUMNS})
    with atomic_write(path, "wb") as handle:
        pq.write_table(table, handle)


def write_run_json(summary: RunSummary, path: Path) -> None:
    """Write the run summary as indented UTF-8 JSON, atomically."""
    with atomic_write(path, encoding="utf-8") as handle:
        json.dump(summary.to_json(), handle, ensure_ascii=False, indent=2, default=str)
        handle.write("\n")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _record_path(out_dir: Path) -> Path:
    # What claimdiff last wrote to OUT/flags.csv: a reviewer's edit shows as a different hash.
    return out_dir / ".flags.csv.written"


def edited_since_written(path: Path) -> bool:
    """Whether ``path`` (OUT/flags.csv) changed after claimdiff wrote it: a reviewer may be
    editing it. A file claimdiff has no record of (written by an older version) is not."""
    record = _record_path(path.parent)
    if not path.exists() or not record.exists():
        return False
    try:
        written = json.loads(record.read_text(encoding="utf-8"))["sha256"]
    except (OSError, ValueError, KeyError):
        return False
    return _sha256(path) != written


def export_queue(
    store: Store,
    out_dir: Path,
    run_id: str,
    findings: Sequence[StoredFinding],
    parquet: bool = True,
    keep_run_copy: bool = True,
) -> dict[str, Any]:
    """Write OUT/flags.csv (and flags.parquet) for the given stored findings; returns the paths,
    the row count and, when the queue went elsewhere, a notice saying where.

    With ``keep_run_copy`` the queue is also kept as OUT/runs/<run_id>/flags.csv. A flags.csv
    changed since claimdiff wrote it is never overwritten: the queue is written beside it. A
    queue of the same findings and decisions as the one claimdiff last wrote there (a night
    with nothing new) is not built again from the store: the written rows get this run's id.
    """
    target = out_dir / "flags.csv"
    queue = _queue_fingerprint(store, findings)
    result: dict[str, Any] = {}
    edited = edited_since_written(target)
    if not edited and _unchanged_queue(out_dir, queue, parquet):
        # the queue claimdiff last wrote (an empty night): the same rows under this run's id
        count = _restamp(target, run_id)
        if parquet:
            _restamp_parquet(out_dir / "flags.parquet", run_id)
        return _finish_export(out_dir, target, run_id, count, queue, keep_run_copy, parquet)
    rows = finding_rows(store, findings, run_id)
    if edited:
        stamp = "" if keep_run_copy else "-" + datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        beside = out_dir / f"flags-{run_id}{stamp}.csv"
        result["notice"] = (
            f"{target} was changed after claimdiff wrote it (a reviewer may be editing it), so "
            f"it was left as it is; this queue is {beside}"
        )
        log.warning("%s", result["notice"])
        target = beside
    cells = [csv_cells(row) for row in rows]  # once for both files
    count = _write_csv_cells(cells, target)
    if parquet:
        _write_parquet_cells(cells, out_dir / "flags.parquet")
    return {
        **_finish_export(out_dir, target, run_id, count, queue, keep_run_copy, parquet),
        **result,
    }


def _finish_export(
    out_dir: Path, target: Path, run_id: str, count: int, queue: str, keep: bool, parquet: bool
) -> dict[str, Any]:
    if target.name == "flags.csv":
        record = {"sha256": _sha256(target), "run_id": run_id, "queue": queue}
        with atomic_write(_record_path(out_dir), encoding="utf-8") as handle:
            json.dump(record, handle)
    if keep:
        kept = out_dir / "runs" / run_id / "flags.csv"
        kept.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(target, kept)
    result: dict[str, Any] = {"flags_csv": str(target), "rows": count}
    if parquet:
        result["flags_parquet"] = str(out_dir / "flags.parquet")
    log.info("wrote %d flagged pairs to %s", count, target)
    return result


@functools.cache
def _rendering_code() -> bytes:
    """The code that turns stored findings into rows (this module, the as-written mapping):
    a queue written by other code is rendered again."""
    import claimdiff.ingest.normalize as normalize

    return b"".join(Path(m).read_bytes() for m in (__file__, normalize.__file__))


def _queue_fingerprint(store: Store, findings: Sequence[StoredFinding]) -> str:
    """What a queue's rows are made of besides the run id: the code that renders them, the
    findings with their review decisions and both statements' English (a statement translated
    again under the same model keeps its finding id). A statement's text and language, and its
    article's outlet, URL and raw text, are fixed under its id."""
    english = store.english_by_id(
        i for s in findings for i in (s.finding.original_id, s.finding.report_id)
    )
    digest = hashlib.sha256(_rendering_code())
    for stored in findings:
        f = stored.finding
        sides = (english.get(f.original_id), english.get(f.report_id))
        digest.update(repr((f, stored.review, sides)).encode("utf-8"))
    return digest.hexdigest()


def _unchanged_queue(out_dir: Path, queue: str, parquet: bool) -> bool:
    """Whether OUT/flags.csv (and flags.parquet) hold exactly ``queue``, as claimdiff wrote it."""
    record, target = _record_path(out_dir), out_dir / "flags.csv"
    if not target.exists() or (parquet and not (out_dir / "flags.parquet").exists()):
        return False
    try:
        return json.loads(record.read_text(encoding="utf-8")).get("queue") == queue
    except (OSError, ValueError, AttributeError):
        return False


def _restamp(path: Path, run_id: str) -> int:
    """Rewrite the run_id column of a flags.csv claimdiff wrote (the other cells as they are:
    already neutralised); returns the rows."""
    count = 0
    with path.open(encoding="utf-8-sig", newline="") as source, _csv_writer(path) as writer:
        reader = csv.reader(source)
        header = next(reader)
        writer.writerow(header)
        column = header.index("run_id")
        for row in reader:
            row[column] = neutralise_cell(run_id)
            writer.writerow(row)
            count += 1
    return count


def _restamp_parquet(path: Path, run_id: str) -> None:
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pq.ParquetFile(path).read()  # (read_table goes through pyarrow.dataset and pandas)
    column = table.column_names.index("run_id")
    # The column built from its buffers: converting any Python value (pa.array, pa.scalar)
    # imports pandas, a second of an empty night's CPU, for one repeated string.
    stamp, rows = run_id.encode("utf-8"), table.num_rows
    offsets = np.arange(0, (rows + 1) * len(stamp), len(stamp), dtype=np.int32)
    stamps = pa.StringArray.from_buffers(rows, pa.py_buffer(offsets), pa.py_buffer(stamp * rows))
    table = table.set_column(column, "run_id", stamps)
    with atomic_write(path, "wb") as handle:
        pq.write_table(table, handle)
