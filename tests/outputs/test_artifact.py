"""The Prefect markdown artifact: content from the run summary, web text escaped."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimdiff.outputs.artifact import run_markdown, top_findings_from_csv
from claimdiff.outputs.review_csv import finding_rows, write_flags_csv
from claimdiff.records import RunSummary
from claimdiff.store import Store

SUMMARY = {
    "run_id": "20261101T170000Z-abc123",
    "mode": "full",
    "status": "completed_with_warnings",
    "nothing_new": False,
    "notices": [],
    "counts": {
        "ingest": {"read": 9, "new": 7, "failed": 1},
        "segment": {"articles": 8, "statements": 61},
        "translate": {"statements": 61, "translated": 40},
        "judge": {"pairs": 120, "findings": 5, "new": 3},
        "export": {"flagged": 4, "withheld_reviewed": 1},
        "findings_by_severity": {"high": 2, "medium": 1, "low": 1},
    },
    "cache": {"translation": {"hits": 30, "misses": 10}, "nli": {"hits": 100, "misses": 20}},
    "timings_s": {"load_models": 3.5, "ingest": 0.25, "translate": 4.0, "nli": 2.25},
    "failed_stages": [],
    "errors": [{"stage": "ingest", "where": "a.jsonl:3", "message": "bad JSON", "item_id": None}],
    "outputs": {"flags_csv": "/srv/out/flags.csv", "run_json": "/srv/out/run.json"},
}


def _table_row(markdown: str, first_cell: str) -> str:
    return next(line for line in markdown.splitlines() if line.startswith(f"| {first_cell} |"))


def test_counts_timings_cache_and_failures() -> None:
    md = run_markdown(RunSummary.from_json(SUMMARY))
    assert md.startswith("# claimdiff run 20261101T170000Z-abc123\n")
    assert "**Status:** completed\\_with\\_warnings · **Mode:** full" in md
    assert "| 2 | 1 | 1 | 4 | 3 | 1 |" in md  # high, medium, low, queue, new, withheld
    assert _table_row(md, "ingest") == "| ingest | read 9, new 7, failed 1 | 0.25 |"
    assert "(cache hits 30, misses 10) | 4.00 |" in _table_row(md, "translate")
    assert _table_row(md, "nli") == "| nli | (cache hits 100, misses 20) | 2.25 |"
    assert _table_row(md, "total") == "| total |  | 10.00 |"
    # stages appear in pipeline order
    order = [md.index(f"| {s} |") for s in ("load\\_models", "ingest", "segment", "translate")]
    assert order == sorted(order)
    assert "1 item(s) could not be processed" in md
    assert "| ingest | a.jsonl:3 | bad JSON |" in md
    assert "/srv/out/flags.csv" in md
    assert "No open findings." in md


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"errors": [], "failed_stages": []}, "## Failures\n\nNone."),
        ({"failed_stages": ["ingest"]}, "allowed share of their items: ingest"),
        ({"nothing_new": True}, "No new articles since the last run"),
        ({"notices": ["checks-only: no models"]}, "> checks-only: no models"),
        (
            {"errors": [{"stage": "segment", "where": f"x{i}", "message": "m"} for i in range(25)]},
            "… and 5 more (see run.json).",
        ),
    ],
)
def test_sections_follow_the_summary(changes: dict, expected: str) -> None:
    assert expected in run_markdown(RunSummary.from_json({**SUMMARY, **changes}))


def test_minimal_summary_renders() -> None:
    md = run_markdown(RunSummary(run_id="r1", status="completed", mode="checks-only"))
    assert "| 0 | 0 | 0 | 0 | 0 | 0 |" in md
    assert "## Failures\n\nNone." in md


def test_web_text_cannot_inject_markdown() -> None:
    row = {
        "severity": "high",
        "kind": "commitment_inflated",
        "reasons": "![x](http://tracker.example/p.png) | [click](javascript:alert(1))\n# big",
        "original_outlet": "Helion <script>",
        "report_outlet": "한빛|일보",
    }
    md = run_markdown(RunSummary.from_json(SUMMARY), [row])
    line = next(line for line in md.splitlines() if "commitment" in line)
    assert "![x](" not in line and "[click](" not in line and "<script>" not in line
    assert "!\\[x\\](http://tracker.example/p.png)" in line
    assert "한빛\\|일보" in line
    # one row, one line: 4 columns, escaped pipes not counted
    assert line.replace("\\|", "").count("|") == 5
    assert "\n# big" not in md


def test_top_findings_from_exported_csv(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "flags.csv"
    write_flags_csv(finding_rows(store, store.findings(), "run-1"), path)
    rows = top_findings_from_csv(path, 3)
    assert [r["severity"] for r in rows] == ["high", "high", "medium"]
    assert top_findings_from_csv(path, 0) == []
    everything = top_findings_from_csv(path, 100)
    # neutralised cells come back as the stored text
    assert any(r["report_text"].startswith("=HYPERLINK(") for r in everything)
    md = run_markdown(RunSummary.from_json(SUMMARY), rows)
    assert md.count("| high | quantity\\_mismatch | Helion Newsroom → ") == 2
    assert "reason 0: 250,000 vs 25만 \\| second \\| reason" in md
