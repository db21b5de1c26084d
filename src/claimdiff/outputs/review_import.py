"""The reviewer's loop: read a reviewed flags.csv back and store the decisions (Contract 2).

A reviewed file is validated as a whole before anything is written: unknown finding ids, statuses
outside the allowed set, edited key columns and a wrong header are each reported with the CSV
line they are on, and then nothing is applied. A file that passes is applied in one transaction,
so a decision is never half-recorded.

Each row's outcome is reported: a new decision, a changed one, a cleared one (the reviewer emptied
``review_status``: the stored decision is withdrawn and the finding is open again), or unchanged.
"""

from __future__ import annotations

import csv
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimdiff.errors import ReviewImportError
from claimdiff.ingest.normalize import remove_controls
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


@dataclass(frozen=True)
class ReviewImportResult:
    """What an import did, row by row.

    ``new``: a decision where the store had none; ``changed``: another status or note than the
    stored one, or the same decision made again on text that has changed since; ``cleared``:
    ``review_status`` emptied, the stored decision withdrawn; ``unchanged``: the stored decision;
    ``undecided``: no decision in the file nor in the store.
    """

    new: int = 0
    changed: int = 0
    cleared: int = 0
    unchanged: int = 0
    undecided: int = 0

    @property
    def applied(self) -> int:
        """Rows that changed what the store holds."""
        return self.new + self.changed + self.cleared

    def describe(self) -> str:
        """One line for the operator: ``2 new, 1 changed, 1 cleared, 30 unchanged; …``."""
        text = (
            f"{self.new} new, {self.changed} changed, {self.cleared} cleared, "
            f"{self.unchanged} unchanged decision(s)"
        )
        if self.undecided:
            text += f"; {self.undecided} row(s) without a decision"
        return text


@dataclass(frozen=True)
class _Row:
    line: int
    cells: dict[str, str]


# (finding_id, status, note, content_hash) as Store.apply_reviews takes it; status "" = cleared
Decision = tuple[str, str, str, str]


def import_reviews(
    store: Store, path: Path, max_listed: int = MAX_LISTED_PROBLEMS
) -> ReviewImportResult:
    """Validate a reviewed flags.csv and record its decisions in ``store``.

    Raises :class:`~claimdiff.errors.ReviewImportError` listing every problem (with its CSV line
    number) and changes nothing when any row is wrong. A row whose ``review_status`` was emptied
    withdraws the stored decision (recorded with an empty status, so the finding is open again).
    """
    path = Path(path)
    rows, problems = _read_rows(path)
    stored = _stored_rows(store, [restore_cell(r.cells["finding_id"]).strip() for r in rows])
    decisions: list[Decision] = []
    outcomes = dict.fromkeys(("new", "changed", "cleared", "unchanged", "undecided"), 0)
    seen: dict[str, int] = {}
    for row in rows:
        row_problems, decision = _check_row(row, stored, seen, store)
        problems.extend(row_problems)
        if row_problems or decision is None:
            continue
        outcome = _outcome(decision, _stored_review(stored[decision[0]]))
        outcomes[outcome] += 1
        if outcome in ("new", "changed", "cleared"):
            decisions.append(decision)
            if outcome == "cleared":
                log.info("line %d: decision on finding %s cleared", row.line, decision[0])
    if problems:
        raise ReviewImportError(str(path), _cap(problems, max_listed))
    if decisions:
        store.apply_reviews(decisions)
    result = ReviewImportResult(**outcomes)
    log.info("%s: %s", path, result.describe())
    return result


def _stored_review(known: dict[str, Any]) -> tuple[str, str, str | None] | None:
    """The stored (status, note, content hash) of a finding; None when never decided."""
    review = known["_finding"].review
    if review is None:
        return None
    return review.status, review.note or "", review.content_hash


def _outcome(decision: Decision, review: tuple[str, str, str | None] | None) -> str:
    _, status, note, content_hash = decision
    decided = review is not None and review[0] != ""
    if not status:
        return "cleared" if decided else "undecided"
    if not decided:
        return "new"
    return "unchanged" if review == (status, note, content_hash) else "changed"


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


# Field separators a spreadsheet may save with instead of the comma (locale settings).
_OTHER_DELIMITERS = {";": "semicolon", "\t": "tab", "|": "vertical bar"}


def _check_header(header: Sequence[str], path: Path) -> None:
    if len(header) == 1:
        for delimiter, name in _OTHER_DELIMITERS.items():
            if set(CSV_COLUMNS) <= {c.strip() for c in header[0].split(delimiter)}:
                raise ReviewImportError(
                    str(path),
                    [
                        f"line 1: the columns are separated by {delimiter!r} ({name}), not ','; "
                        "save the sheet as CSV with ',' as the field delimiter (LibreOffice: "
                        "Field delimiter ','; Excel: 'CSV UTF-8 (Comma delimited)')"
                    ],
                )
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
    findings = {f.finding.finding_id: f for f in store.findings(finding_ids)}
    return {
        row.finding_id: {**csv_cells(row), "_finding": findings[row.finding_id]}
        for row in finding_rows(store, list(findings.values()), run_id="")
    }


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
    known = stored.get(finding_id)
    if status and status not in REVIEW_STATUSES:
        problems.append(
            f"line {row.line}: review_status {cells['review_status']!r} is not one of "
            f"{', '.join(REVIEW_STATUSES)} (or empty)"
        )
    if not status and note.strip() and not _clears_with_its_note(known, note):
        # A note without a decision would be silently dropped.
        problems.append(
            f"line {row.line}: review_note is filled in but review_status is empty; "
            f"choose one of {', '.join(REVIEW_STATUSES)}, or empty review_note too to clear "
            "the decision"
        )
    if known is None:
        problems.append(
            f"line {row.line}: finding_id {finding_id!r} is not in the store {store.location}"
        )
        return problems, None
    edited = [c for c in KEY_COLUMNS[1:] if not _same_cell(cells[c], known[c])]
    if edited:
        problems.append(
            f"line {row.line}: {', '.join(edited)} edited (finding {finding_id}); key columns "
            f"({', '.join(KEY_COLUMNS)}) must stay as exported"
        )
    if problems:
        return problems, None
    # an empty status withdraws a stored decision, its note with it
    return [], (finding_id, status, note if status else "", known["_finding"].finding.content_hash)


def _clears_with_its_note(known: dict[str, Any] | None, note: str) -> bool:
    """Whether an emptied status next to the stored note (left as exported) clears a decision."""
    review = _stored_review(known) if known is not None else None
    return review is not None and review[0] != "" and _lf(review[1]) == _lf(note)


def _same_cell(cell: str, stored: str | None) -> bool:
    """Whether a CSV cell still holds the stored text.

    Accepts the neutralised form the export wrote, and the bare form a spreadsheet writes back
    after treating the apostrophe as a text marker (Excel; LibreOffice keeps it). Line ends are
    compared loosely: spreadsheets may save an embedded newline as CRLF.
    """
    stored = stored or ""
    cell, expected = _lf(cell), _lf(stored)
    return cell in (_lf(neutralise_cell(stored)), expected) or _lf(restore_cell(cell)) == expected


def _lf(text: str) -> str:
    # Line ends compared loosely, and control characters ignored: text stored before ingestion
    # removed them may hold a NUL or ESC that a spreadsheet drops on saving.
    return remove_controls(text)


def _cap(problems: list[str], limit: int) -> list[str]:
    if len(problems) <= limit:
        return problems
    return [*problems[:limit], f"… and {len(problems) - limit} more problem(s) not listed"]
