"""The reviewer's loop: export → edit in a "spreadsheet" → import, and what a bad file does."""

from __future__ import annotations

import csv
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from claimdiff.errors import ReviewImportError
from claimdiff.outputs.review_csv import (
    CSV_COLUMNS,
    csv_cells,
    finding_rows,
    neutralise_cell,
    restore_cell,
    write_flags_csv,
)
from claimdiff.outputs.review_import import ReviewImportResult, import_reviews
from claimdiff.store import Store
from tests.outputs.storedata import FINDING_TEXTS, finding_on, make_article, make_statement


def export(store: Store, path: Path) -> list[dict[str, str]]:
    rows = finding_rows(store, store.findings(), "run-1")
    write_flags_csv(rows, path)
    return [csv_cells(row) for row in rows]


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def write_csv(path: Path, rows: list[dict[str, str]], columns=CSV_COLUMNS) -> None:
    """Save the way a spreadsheet's "CSV UTF-8" does: BOM, quoted where needed, CRLF."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns), lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)


def review_state(store: Store) -> list[tuple]:
    return [
        (f.finding.finding_id, f.review and (f.review.status, f.review.note, f.review.content_hash))
        for f in store.findings()
    ]


def _exported(store: Store, tmp_path: Path) -> tuple[Path, list[dict[str, str]]]:
    """The open queue exported to TMP/flags.csv, and its rows as read back."""
    path = tmp_path / "flags.csv"
    export(store, path)
    return path, read_csv(path)


def _review_first_row(store: Store, tmp_path: Path, status: str, note: str):
    """Export the queue, decide its first row, import the file; returns (path, rows)."""
    path, rows = _exported(store, tmp_path)
    rows[0]["review_status"], rows[0]["review_note"] = status, note
    write_csv(path, rows)
    import_reviews(store, path)
    return path, rows


def test_csv_round_trip_with_csv_module_and_pandas(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "flags.csv"
    expected = export(store, path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel detects UTF-8
    assert raw.split(b"\r\n")[0].decode("utf-8-sig") == ",".join(CSV_COLUMNS)

    by_csv = read_csv(path)
    assert [{k: restore_cell(v) for k, v in row.items()} for row in by_csv] == expected

    frame = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert list(frame.columns) == list(CSV_COLUMNS)
    by_pandas = [{k: restore_cell(v) for k, v in r.items()} for r in frame.to_dict("records")]
    assert by_pandas == expected
    # The texts with quotes, commas, newlines and ko/ja survive byte for byte.
    report_texts = {row["report_text"] for row in by_pandas}
    assert {t for _, t, _, _ in FINDING_TEXTS} == report_texts


def test_reimport_records_decisions_without_loss(store: Store, tmp_path: Path) -> None:
    path, rows = _exported(store, tmp_path)
    rows[0]["review_status"] = "dismissed"
    rows[0]["review_note"] = '=not a formula, "quoted"\nsecond line 한국어'
    rows[1]["review_status"] = "Confirmed "  # spreadsheets capitalise; surrounding space is noise
    rows[2]["review_status"] = "needs_followup"
    write_csv(path, rows)

    result = import_reviews(store, path)
    assert result == ReviewImportResult(new=3, undecided=len(rows) - 3)
    stored = {f.finding.finding_id: f for f in store.findings()}
    first, second = stored[rows[0]["finding_id"]], stored[rows[1]["finding_id"]]
    assert first.review.status == "dismissed"
    assert first.review.note == rows[0]["review_note"]
    assert second.review.status == "confirmed"
    assert first.review.content_hash == first.finding.content_hash
    open_ids = {f.finding.finding_id for f in store.findings() if f.is_open}
    assert rows[0]["finding_id"] not in open_ids and rows[1]["finding_id"] not in open_ids
    assert rows[2]["finding_id"] in open_ids  # needs_followup stays in the queue

    # The same file again changes nothing.
    before = review_state(store)
    assert import_reviews(store, path) == ReviewImportResult(unchanged=3, undecided=len(rows) - 3)
    assert review_state(store) == before


def test_reexported_queue_reimports_and_keeps_followup_notes(store: Store, tmp_path: Path) -> None:
    _review_first_row(store, tmp_path, "needs_followup", "ask the desk")
    again = tmp_path / "again.csv"
    exported = export(store, again)
    assert {r["review_note"] for r in exported if r["review_status"] == "needs_followup"} == {
        "ask the desk"
    }
    assert import_reviews(store, again).applied == 0


def test_pandas_saved_file_imports(store: Store, tmp_path: Path) -> None:
    """A file re-saved by pandas (LF line ends, its own quoting) is accepted."""
    path = tmp_path / "flags.csv"
    export(store, path)
    frame = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    frame.loc[3, "review_status"] = "dismissed"
    frame.to_csv(path, index=False, encoding="utf-8-sig")
    assert import_reviews(store, path).applied == 1


def test_spreadsheet_that_drops_the_apostrophe_still_matches(store: Store, tmp_path: Path) -> None:
    """Excel treats the leading apostrophe as a text marker and saves the bare text back."""
    path = tmp_path / "flags.csv"
    export(store, path)
    rows = [{k: restore_cell(v) for k, v in row.items()} for row in read_csv(path)]
    assert any(r["report_text"].startswith("=HYPERLINK(") for r in rows)
    for row in rows:
        row["review_status"] = "dismissed"
    write_csv(path, rows)
    assert import_reviews(store, path).applied == len(rows)


@pytest.mark.parametrize("text", [
    '=HYPERLINK("http://evil.example/","x")',
    "@SUM(A1:A9)",
    "+1 555 0100",
    "-2+3",
    "\tcmd",
    "\r=1+1",
])  # fmt: skip
def test_formula_cells_are_neutralised_in_csv_but_not_in_store(
    store: Store, tmp_path: Path, text: str
) -> None:
    stored = store.findings()[0]
    report = make_article("https://formula.example/", "Out", "report", "en", text)
    store.add_articles([report])
    statement = make_statement(report, text)
    store.add_statements([statement])
    rows = finding_rows(
        store,
        [replace(stored, finding=replace(stored.finding, report_id=statement.statement_id))],
        "run-1",
    )
    path = tmp_path / "flags.csv"
    write_flags_csv(rows, path)

    cell = read_csv(path)[0]["report_text"]
    assert cell == "'" + text
    assert store.statements_by_id([statement.statement_id])[statement.statement_id].text == text
    assert restore_cell(cell) == text


def _bad(rows: list[dict[str, str]]):
    """Edits that must each be rejected, with the line number the problem is on."""
    first, second = rows[0], rows[1]
    return {
        "unknown id": (lambda: first.update(finding_id="deadbeefdeadbeef"), first),
        "bad status": (lambda: first.update(review_status="dismiss"), first),
        "edited original_text": (
            lambda: first.update(original_text=first["original_text"] + " (edited)"),
            first,
        ),
        "edited report_url": (lambda: second.update(report_url="https://other.example/"), second),
        "note without status": (lambda: second.update(review_note="looks fine"), second),
    }


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("unknown id", "is not in the store"),
        ("bad status", "is not one of confirmed, dismissed, needs_followup"),
        ("edited original_text", "original_text edited"),
        ("edited report_url", "report_url edited"),
        ("note without status", "review_status is empty"),
    ],
)
def test_bad_rows_are_reported_with_line_numbers_and_nothing_applied(
    store: Store, tmp_path: Path, case: str, message: str
) -> None:
    path, rows = _exported(store, tmp_path)
    text = path.read_text(encoding="utf-8-sig")
    # Physical line on which each row starts (rows with embedded newlines span several lines).
    line_of = {
        row["finding_id"]: text[: text.index(row["finding_id"])].count("\n") + 1 for row in rows
    }
    for row in rows:
        row["review_status"] = "dismissed"  # good decisions that must not be half-applied
    edit, target = _bad(rows)[case]
    line = line_of[target["finding_id"]]
    edit()
    if case == "note without status":
        target["review_status"] = ""
    write_csv(path, rows)

    with pytest.raises(ReviewImportError) as err:
        import_reviews(store, path)
    assert any(p.startswith(f"line {line}:") and message in p for p in err.value.problems), (
        err.value.problems
    )
    assert store.count("reviews") == 0


def test_line_numbers_count_embedded_newlines(store: Store, tmp_path: Path) -> None:
    path, rows = _exported(store, tmp_path)
    multiline = [i for i, r in enumerate(rows) if "\n" in r["report_text"]]
    assert multiline and multiline[0] + 1 < len(rows)
    after = rows[multiline[0] + 1]
    after["review_status"] = "nope"
    write_csv(path, rows)
    # header is line 1, row i starts on line i + 2, plus one for the embedded newline before it
    expected = multiline[0] + 1 + 2 + 1
    with pytest.raises(ReviewImportError) as err:
        import_reviews(store, path)
    assert err.value.problems[0].startswith(f"line {expected}:"), err.value.problems


def test_every_problem_is_listed_at_once(store: Store, tmp_path: Path) -> None:
    path, rows = _exported(store, tmp_path)
    rows[0]["review_status"] = "maybe"
    rows[1]["finding_id"] = "0000000000000000"
    rows[2]["report_text"] = "changed"
    rows[3]["review_status"] = "confirmed"  # valid, yet not applied
    rows.append(dict(rows[3]))  # the same finding twice
    write_csv(path, rows)
    with pytest.raises(ReviewImportError) as err:
        import_reviews(store, path)
    problems = err.value.problems
    assert len(problems) == 4, problems
    assert "appears again (first on line" in problems[-1]
    assert "nothing was changed" in str(err.value)
    assert store.count("reviews") == 0


@pytest.mark.parametrize(
    ("columns", "message"),
    [
        (CSV_COLUMNS[:-1], "missing column(s): review_note"),
        ((*CSV_COLUMNS, "my_notes"), "unknown column(s): my_notes"),
        ((*CSV_COLUMNS[:3], "severity", *CSV_COLUMNS[3:]), "repeated column(s): severity"),
    ],
)
def test_wrong_header_is_rejected(
    store: Store, tmp_path: Path, columns: tuple[str, ...], message: str
) -> None:
    path = tmp_path / "flags.csv"
    export(store, path)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerow(columns)
    with pytest.raises(ReviewImportError) as err:
        import_reviews(store, path)
    assert any(p.startswith("line 1:") and message in p for p in err.value.problems)


def test_ragged_row_and_foreign_encoding_are_rejected(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "flags.csv"
    export(store, path)
    with path.open("a", encoding="utf-8", newline="") as handle:
        handle.write("abc,def\r\n")
    with pytest.raises(ReviewImportError, match=r"line \d+: 2 cells, the header has 24"):
        import_reviews(store, path)

    legacy = tmp_path / "legacy.csv"
    legacy.write_bytes(",".join(CSV_COLUMNS).encode() + "\r\n헬리온,".encode("cp949"))
    with pytest.raises(ReviewImportError, match="not UTF-8"):
        import_reviews(store, legacy)

    with pytest.raises(ReviewImportError, match="cannot read"):
        import_reviews(store, tmp_path / "missing.csv")
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(ReviewImportError, match="empty"):
        import_reviews(store, empty)
    assert store.count("reviews") == 0


def test_changed_statements_reopen_a_dismissed_finding(store: Store, tmp_path: Path) -> None:
    """A decision is bound to the text it was made on: a new content hash re-opens it."""
    path, rows = _exported(store, tmp_path)
    for row in rows:
        row["review_status"] = "dismissed"
    write_csv(path, rows)
    import_reviews(store, path)
    assert not [f for f in store.findings() if f.is_open]
    fid = rows[0]["finding_id"]
    (stored,) = store.findings([fid])
    store.upsert_findings([replace(stored.finding, content_hash="changed")], "run-2")
    assert [f.finding.finding_id for f in store.findings() if f.is_open] == [fid]
    # Dismissing it again records the decision against the new text.
    assert import_reviews(store, path).applied == 1
    assert not [f for f in store.findings() if f.is_open]


def test_reimport_reports_new_changed_cleared_and_unchanged(store: Store, tmp_path: Path) -> None:
    path, rows = _exported(store, tmp_path)
    for row in rows[:4]:
        row["review_status"] = "dismissed"
    write_csv(path, rows)
    assert import_reviews(store, path) == ReviewImportResult(new=4, undecided=1)

    rows[0]["review_status"] = "confirmed"  # changed
    rows[1]["review_note"] = "a wire copy"  # changed: same status, a note
    rows[2]["review_status"] = ""  # cleared
    rows[4]["review_status"] = "needs_followup"  # new; rows[3] stays as it was
    write_csv(path, rows)
    result = import_reviews(store, path)
    assert result == ReviewImportResult(new=1, changed=2, cleared=1, unchanged=1)
    assert result.describe() == "1 new, 2 changed, 1 cleared, 1 unchanged decision(s)"
    stored = {f.finding.finding_id: f for f in store.findings()}
    cleared = stored[rows[2]["finding_id"]]
    assert (cleared.review.status, cleared.review.note) == ("", "")
    assert cleared.is_open  # back in the queue
    assert stored[rows[0]["finding_id"]].review.status == "confirmed"
    assert stored[rows[1]["finding_id"]].review.note == "a wire copy"

    # The same file once more: nothing changes, and the cleared row is simply undecided.
    assert import_reviews(store, path) == ReviewImportResult(unchanged=4, undecided=1)


def test_clearing_a_status_takes_the_exported_note_with_it(store: Store, tmp_path: Path) -> None:
    path, rows = _review_first_row(store, tmp_path, "dismissed", "wire copy")
    rows[0]["review_status"] = ""  # the reviewer empties only the status
    write_csv(path, rows)
    assert import_reviews(store, path).cleared == 1
    assert store.findings([rows[0]["finding_id"]])[0].review.note == ""
    # A new note without a status is still refused: it would be dropped.
    rows[0]["review_note"] = "something new"
    write_csv(path, rows)
    with pytest.raises(ReviewImportError, match="or empty review_note too to clear"):
        import_reviews(store, path)


@pytest.mark.parametrize("text", ["'=1+1", "''=HYPERLINK(1)", "'+82", "'plain", "''"])
def test_text_starting_with_an_apostrophe_round_trips(
    store: Store, tmp_path: Path, text: str
) -> None:
    """Text that itself starts with an apostrophe before a formula trigger is escaped once more,
    so the CSV reads back exactly, whether a spreadsheet keeps the apostrophe marker
    (LibreOffice) or drops it (Excel)."""
    report = make_article("https://quote.example/", "Out", "report", "en", text)
    store.add_articles([report])
    statement = make_statement(report, text)
    store.add_statements([statement])
    finding = finding_on(store, statement)
    path, rows = _exported(store, tmp_path)
    cell = next(r["report_text"] for r in rows if r["finding_id"] == finding.finding_id)
    assert restore_cell(cell) == text
    for row in rows:
        row["review_status"] = "dismissed"
        row["review_note"] = neutralise_cell(text)  # as a spreadsheet keeping the marker saves it
    write_csv(path, rows)
    assert import_reviews(store, path).new == len(rows)
    assert store.findings([finding.finding_id])[0].review.note == text  # exact
    # a spreadsheet that drops one leading apostrophe (its text marker) on saving
    for row in rows:
        row["report_text"] = restore_cell(row["report_text"])
    write_csv(path, rows)
    assert import_reviews(store, path).unchanged == len(rows)


@pytest.mark.parametrize(("delimiter", "name"), [(";", "semicolon"), ("\t", "tab")])
def test_a_semicolon_separated_save_gets_a_hint(
    store: Store, tmp_path: Path, delimiter: str, name: str
) -> None:
    path, rows = _exported(store, tmp_path)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(CSV_COLUMNS), delimiter=delimiter)
        writer.writeheader()
        writer.writerows(rows)
    with pytest.raises(ReviewImportError) as err:
        import_reviews(store, path)
    assert err.value.problems == [
        f"line 1: the columns are separated by {delimiter!r} ({name}), not ','; save the sheet "
        "as CSV with ',' as the field delimiter (LibreOffice: Field delimiter ','; Excel: "
        "'CSV UTF-8 (Comma delimited)')"
    ]


def test_control_characters_a_spreadsheet_dropped_still_match(store: Store, tmp_path: Path) -> None:
    """Text stored before ingestion removed control characters may hold a NUL or ESC; a
    spreadsheet drops them on saving, and the row still matches its finding."""
    text = "Helion\x00 will\x1b deploy GPUs."
    report = make_article("https://nul.example/", "Out", "report", "en", text)
    store.add_articles([report])
    statement = make_statement(report, text)
    store.add_statements([statement])
    finding_on(store, statement)
    path, rows = _exported(store, tmp_path)
    for row in rows:
        row["report_text"] = row["report_text"].replace("\x00", "").replace("\x1b", "")
        row["review_status"] = "confirmed"
    write_csv(path, rows)
    assert import_reviews(store, path).new == len(rows)
