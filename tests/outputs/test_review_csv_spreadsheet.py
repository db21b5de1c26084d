"""flags.csv opened by a real spreadsheet: LibreOffice Calc, headless.

Needs `soffice` (Debian: `apt-get install -y --no-install-recommends libreoffice-calc-nogui`);
skipped with that hint when it is missing. The CSV is imported with formula evaluation switched
ON, so a cell that is not neutralised would run (the control case proves it does).
"""

from __future__ import annotations

import csv
import shutil
import subprocess
import zipfile
from dataclasses import replace
from pathlib import Path
from xml.etree import ElementTree

import pytest

from claimdiff.outputs.review_csv import CSV_COLUMNS, csv_cells, finding_rows, write_flags_csv
from claimdiff.outputs.review_import import import_reviews
from claimdiff.store import Store
from tests.outputs.storedata import FINDING_TEXTS, finding_on, make_article, make_statement

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice is not installed (no `soffice` on PATH); install it with "
    "`apt-get install -y --no-install-recommends libreoffice-calc-nogui` to run this test",
)

# LibreOffice CSV filter options: separator ',' (44), quote '"' (34), UTF-8 (76), from line 1,
# default column formats, default language, quoted fields not forced to text, no special-number
# detection, then export tokens, and token 13 "evaluate formulas" = true.
CSV_IMPORT = "CSV:44,34,76,1,,0,false,false,false,false,false,-1,true"
# Export: same separator/quote/charset, quote all text cells (token 7), cell content as shown.
CSV_EXPORT = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,true,false,true"
CONVERT_TIMEOUT_S = 120

NS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
}


def _q(prefix: str, name: str) -> str:
    return f"{{{NS[prefix]}}}{name}"


@pytest.fixture(scope="module")
def profile(tmp_path_factory: pytest.TempPathFactory) -> str:
    # A profile of our own: never the user's, and no first-start dialogs.
    return (tmp_path_factory.mktemp("lo-profile")).as_uri()


def convert(profile: str, source: Path, target: str, out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--norestore",
         f"--infilter={CSV_IMPORT}", "--convert-to", target, "--outdir", str(out_dir), str(source)],
        capture_output=True, text=True, timeout=CONVERT_TIMEOUT_S, check=False,
    )  # fmt: skip
    produced = out_dir / f"{source.stem}.{target.split(':')[0]}"
    if done.returncode != 0 or not produced.exists():
        pytest.fail(f"soffice failed ({done.returncode}): {done.stdout}\n{done.stderr}")
    return produced


def _cell_text(cell: ElementTree.Element) -> str:
    """The displayed text of an ODS cell: paragraphs joined by newlines, spaces expanded."""

    def inline(node: ElementTree.Element) -> str:
        parts = [node.text or ""]
        for child in node:
            if child.tag == _q("text", "s"):
                parts.append(" " * int(child.get(_q("text", "c"), "1")))
            elif child.tag == _q("text", "tab"):
                parts.append("\t")
            elif child.tag == _q("text", "line-break"):
                parts.append("\n")
            else:
                parts.append(inline(child))
            parts.append(child.tail or "")
        return "".join(parts)

    return "\n".join(inline(p) for p in cell.findall("text:p", NS))


def read_ods(path: Path) -> list[list[dict[str, str | None]]]:
    """Rows of the first sheet; each cell's text, value type and formula (None when none)."""
    with zipfile.ZipFile(path) as archive:
        root = ElementTree.fromstring(archive.read("content.xml"))
    sheet = root.find(".//table:table", NS)
    rows = []
    for row in sheet.findall("table:table-row", NS):
        cells = []
        for cell in row:
            if cell.tag not in (_q("table", "table-cell"), _q("table", "covered-table-cell")):
                continue
            repeat = int(cell.get(_q("table", "number-columns-repeated"), "1"))
            info = {
                "text": _cell_text(cell),
                "type": cell.get(_q("office", "value-type")),
                "formula": cell.get(_q("table", "formula")),
            }
            cells.extend([info] * min(repeat, len(CSV_COLUMNS)))
        rows.append(cells)
    return rows


def test_control_unneutralised_formula_is_evaluated(profile: str, tmp_path: Path) -> None:
    """Without neutralisation LibreOffice runs the cell: the import options are the risky ones."""
    path = tmp_path / "raw.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows([["a", "b"], ["=1+1", "@SUM(2;3)"]])
    rows = read_ods(convert(profile, path, "ods", tmp_path / "out"))
    assert rows[1][0]["formula"] == "of:=1+1" and rows[1][0]["text"] == "2"


def test_libreoffice_keeps_ko_ja_and_evaluates_no_formula(
    store: Store, profile: str, tmp_path: Path
) -> None:
    path = tmp_path / "flags.csv"
    exported = finding_rows(store, store.findings(), "run-1")
    write_flags_csv(exported, path)
    rows = read_ods(convert(profile, path, "ods", tmp_path / "out"))

    header, body = rows[0], rows[1:]
    assert [c["text"] for c in header[: len(CSV_COLUMNS)]] == list(CSV_COLUMNS)
    assert len(body) == len(exported)
    assert [c for row in rows for c in row if c["formula"]] == []  # nothing was evaluated
    column = {name: i for i, name in enumerate(CSV_COLUMNS)}
    shown = {
        row[column["finding_id"]]["text"]: {n: row[i]["text"] for n, i in column.items()}
        for row in body
    }
    for expected in map(csv_cells, exported):
        cells = shown[expected["finding_id"]]
        for name in ("original_text", "report_text", "report_outlet", "reasons"):
            value = expected[name]
            if value[:1] in ("=", "+", "-", "@", "\t", "\r"):
                value = "'" + value  # shown as text, apostrophe visible, never run
            assert cells[name] == value, (name, cells[name], value)
    reports = {cells["report_text"] for cells in shown.values()}
    assert {t for _, t, _, _ in FINDING_TEXTS if t[0] not in "=-@\t"} <= reports
    assert any("25만 장" in t for t in reports) and any("2027年下半期" in t for t in reports)


def test_csv_saved_by_libreoffice_imports(store: Store, profile: str, tmp_path: Path) -> None:
    """A reviewer decides in LibreOffice and saves as CSV: the decisions import as they are."""
    path = tmp_path / "flags.csv"
    rows = [
        replace(
            row,
            review_status=("confirmed", "dismissed", "needs_followup")[i % 3],
            review_note=f'검토 {i}: 確認済み, "ok"',
        )
        for i, row in enumerate(finding_rows(store, store.findings(), "run-1"))
    ]
    write_flags_csv(rows, path)
    saved = convert(profile, path, CSV_EXPORT, tmp_path / "saved")
    result = import_reviews(store, saved)
    assert result.applied == len(rows)
    notes = {f.finding.finding_id: f.review.note for f in store.findings()}
    assert notes == {r.finding_id: r.review_note for r in rows}


def test_text_starting_with_apostrophe_survives_a_libreoffice_save(
    store: Store, profile: str, tmp_path: Path
) -> None:
    """Text that itself starts with `'=` is exported escaped once more; LibreOffice shows and
    saves it as it is, and the import matches it to its finding with the note exact."""
    text = "'=1+1 is what the sheet showed"
    statement, finding = _stored_report(store, "https://quote.example/", text)
    decision = {"review_status": "dismissed", "review_note": "'=see the release"}
    rows, saved = _decided_and_saved(store, profile, tmp_path, decision)
    assert import_reviews(store, saved).new == len(rows)
    stored = store.findings([finding.finding_id])[0]
    assert stored.review.note == "'=see the release"
    assert store.statements_by_id([statement.statement_id])[statement.statement_id].text == text


def test_nul_in_stored_text_does_not_block_a_libreoffice_save(
    store: Store, profile: str, tmp_path: Path
) -> None:
    """Text stored before ingestion removed control characters may hold a NUL: LibreOffice drops
    it on saving, and the row still matches its finding."""
    text = "Helion\x00 will\x07 deploy GPUs."
    _, finding = _stored_report(store, "https://nul.example/", text)
    rows, saved = _decided_and_saved(store, profile, tmp_path, {"review_status": "confirmed"})
    assert "\x00" not in saved.read_text(encoding="utf-8-sig")  # LibreOffice dropped it
    assert import_reviews(store, saved).new == len(rows)
    assert store.findings([finding.finding_id])[0].review.status == "confirmed"


def _stored_report(store: Store, url: str, text: str):
    """A one-statement English report with a finding on it; returns (statement, finding)."""
    report = make_article(url, "Out", "report", "en", text)
    store.add_articles([report])
    statement = make_statement(report, text)
    store.add_statements([statement])
    return statement, finding_on(store, statement)


def _decided_and_saved(store: Store, profile: str, tmp_path: Path, decision: dict[str, str]):
    """The queue with every row decided, written and saved by LibreOffice: (rows, saved path)."""
    rows = [replace(row, **decision) for row in finding_rows(store, store.findings(), "run-1")]
    path = tmp_path / "flags.csv"
    write_flags_csv(rows, path)
    return rows, convert(profile, path, CSV_EXPORT, tmp_path / "saved")
