"""The reviewer's loop: read a reviewed flags.csv back and store the decisions (Contract 2).

A reviewed file is validated as a whole before anything is written: unknown finding ids, statuses
outside the allowed set, edited key columns and a wrong header are each reported with the CSV
line they are on, and then nothing is applied. A file that passes is applied in one transaction,
so a decision is never half-recorded.
"""

from __future__ import annotations

import csv
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimdiff.errors import ReviewImportError
from claimdiff.outputs.review_csv import (
    CSV_COLUMNS,
    REVIEW_STATUSES,
    csv_cells,
    finding_rows,
    neutralise_cell,
    restore_cell,
)
from claimdiff.store import Store

log = logging.getLogger(__name__)

# Columns that tie a row to what was flagged. An edit here means the reviewer judged something
# else than the stored finding, so the row is rejected rather than applied to the wrong text.
KEY_COLUMNS: tuple[str, ...] = (
    "finding_id",
    "original_text",
    "report_text",
    "original_url",
    "report_url",
)
# Problems listed in the error before the rest is summarised as a count: a file meant for another
# store would otherwise produce one line per row.
MAX_LISTED_PROBLEMS = 100
# Findings looked up per store query (SQLite bounds the parameters of one statement).
_LOOKUP_CHUNK = 400


@dataclass(frozen=True)
class ReviewImportResult:
    """What an import did: decisions stored, and rows left as they were.

    ``unchanged`` counts rows without a decision and rows whose decision (status, note) is the
    one already stored for the same statements' text.
    """

    applied: int
    unchanged: int


@dataclass(frozen=True)
class _Row:
    line: int
    cells: dict[str, str]


def import_reviews(
    store: Store, path: Path, max_listed: int = MAX_LISTED_PROBLEMS
) -> ReviewImportResult:
    """Validate a reviewed flags.csv and record its decisions in ``store``.

    Raises :class:`~claimdiff.errors.ReviewImportError` listing every problem (with its CSV line
    number) and changes nothing when any row is wrong. Rows with an empty ``review_status`` are
    left alone; a decision cannot be withdrawn by clearing the cell.
    """
    path = Path(path)
    rows, problems = _read_rows(path)
    stored = _stored_rows(store, [restore_cell(r.cells["finding_id"]).strip() for r in rows])
    decisions: list[tuple[str, str, str, str]] = []
    unchanged = 0
    seen: dict[str, int] = {}
    for row in rows:
        row_problems, decision = _check_row(row, stored, seen, store)
        problems.extend(row_problems)
        if row_problems:
            continue
        if decision is None or _already_recorded(decision, stored[decision[0]]):
            unchanged += 1
        else:
            decisions.append(decision)
    if problems:
        raise ReviewImportError(str(path), _cap(problems, max_listed))
    applied = store.apply_reviews(decisions) if decisions else 0
    log.info("%s: recorded %d decision(s), %d row(s) unchanged", path, applied, unchanged)
    return ReviewImportResult(applied=applied, unchanged=unchanged)


def _read_rows(path: Path) -> tuple[list[_Row], list[str]]:
    """Rows of the file with their starting line numbers, and malformed rows as problems.

    A wrong header raises at once: without it no row can be checked.
    """
    try:
        # utf-8-sig drops the BOM the export writes (and accepts a file saved without one).
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return _parse(csv.reader(handle), path)
    except OSError as exc:
        raise ReviewImportError(str(path), [f"cannot read the file: {exc.strerror}"]) from None
    except UnicodeDecodeError as exc:
        raise ReviewImportError(
            str(path),
            [
                f"not UTF-8 text (byte {exc.start}); save the sheet as 'CSV UTF-8' "
                "(Excel) or with character set 'Unicode (UTF-8)' (LibreOffice)"
            ],
        ) from None
    except csv.Error as exc:
        raise ReviewImportError(str(path), [f"not a readable CSV file: {exc}"]) from None


def _parse(reader: Any, path: Path) -> tuple[list[_Row], list[str]]:
    header = next(reader, None)
    if header is None:
        raise ReviewImportError(str(path), ["line 1: the file is empty; expected a flags.csv"])
    columns = [h.strip() for h in header]
    _check_header(columns, path)
    rows: list[_Row] = []
    problems: list[str] = []
    end_of_previous = reader.line_num
    for cells in reader:
        # A record with embedded newlines spans several lines; report the line it starts on.
        line = end_of_previous + 1
        end_of_previous = reader.line_num
        if not any(c.strip() for c in cells):
            continue  # blank rows that spreadsheets append
        if len(cells) != len(columns):
            problems.append(f"line {line}: {len(cells)} cells, the header has {len(columns)}")
            continue
        rows.append(_Row(line, dict(zip(columns, cells, strict=True))))
    return rows, problems


def _check_header(header: Sequence[str], path: Path) -> None:
    problems = []
    missing = [c for c in CSV_COLUMNS if c not in header]
    unknown = [c for c in header if c not in CSV_COLUMNS]
    duplicated = sorted({c for c in header if header.count(c) > 1})
    if missing:
        problems.append(f"line 1: missing column(s): {', '.join(missing)}")
    if unknown:
        # Reviewers' own columns would be dropped without a trace; notes go in review_note.
        problems.append(
            f"line 1: unknown column(s): {', '.join(unknown)}; put remarks in review_note"
        )
    if duplicated:
        problems.append(f"line 1: repeated column(s): {', '.join(duplicated)}")
    if problems:
        problems.append(f"expected the header of a claimdiff flags.csv: {','.join(CSV_COLUMNS)}")
        raise ReviewImportError(str(path), problems)


def _stored_rows(store: Store, finding_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """The export form of each known finding (its CSV row) plus its review state."""
    ids = list(dict.fromkeys(finding_ids))
    out: dict[str, dict[str, Any]] = {}
    for i in range(0, len(ids), _LOOKUP_CHUNK):
        findings = {f["finding_id"]: f for f in store.findings(ids[i : i + _LOOKUP_CHUNK])}
        for row in finding_rows(store, list(findings.values()), run_id=""):
            out[row.finding_id] = {**csv_cells(row), "_finding": findings[row.finding_id]}
    return out


def _check_row(
    row: _Row, stored: dict[str, dict[str, Any]], seen: dict[str, int], store: Store
) -> tuple[list[str], tuple[str, str, str, str] | None]:
    cells = row.cells
    finding_id = restore_cell(cells["finding_id"]).strip()
    problems = []
    if not finding_id:
        return [f"line {row.line}: finding_id is empty"], None
    if finding_id in seen:
        problems.append(
            f"line {row.line}: finding {finding_id} appears again (first on line {seen[finding_id]})"
        )
    else:
        seen[finding_id] = row.line
    status = restore_cell(cells["review_status"]).strip().lower()
    note = restore_cell(cells["review_note"])
    if status and status not in REVIEW_STATUSES:
        problems.append(
            f"line {row.line}: review_status {cells['review_status']!r} is not one of "
            f"{', '.join(REVIEW_STATUSES)} (or empty)"
        )
    if not status and note.strip():
        # A note without a decision would be silently dropped.
        problems.append(
            f"line {row.line}: review_note is filled in but review_status is empty; "
            f"choose one of {', '.join(REVIEW_STATUSES)}"
        )
    known = stored.get(finding_id)
    if known is None:
        problems.append(
            f"line {row.line}: finding_id {finding_id!r} is not in the store {store.path}"
        )
        return problems, None
    edited = [c for c in KEY_COLUMNS[1:] if not _same_cell(cells[c], known[c])]
    if edited:
        problems.append(
            f"line {row.line}: {', '.join(edited)} edited (finding {finding_id}); key columns "
            f"({', '.join(KEY_COLUMNS)}) must stay as exported"
        )
    if problems or not status:
        return problems, None
    return [], (finding_id, status, note, known["_finding"]["content_hash"])


def _same_cell(cell: str, stored: str | None) -> bool:
    """Whether a CSV cell still holds the stored text.

    Accepts the neutralised form the export wrote and the bare form a spreadsheet writes back
    after treating the apostrophe as a text marker. Line ends are compared loosely: spreadsheets
    may save an embedded newline as CRLF.
    """
    stored = stored or ""
    cell, expected = _lf(cell), _lf(stored)
    return cell == _lf(neutralise_cell(stored)) or _lf(restore_cell(cell)) == expected


def _lf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _already_recorded(decision: tuple[str, str, str, str], known: dict[str, Any]) -> bool:
    finding = known["_finding"]
    _, status, note, content_hash = decision
    return (
        finding.get("review_status") == status
        and (finding.get("review_note") or "") == note
        and finding.get("reviewed_hash") == content_hash
    )


def _cap(problems: list[str], limit: int) -> list[str]:
    if len(problems) <= limit:
        return problems
    return [*problems[:limit], f"… and {len(problems) - limit} more problem(s) not listed"]
