"""The morning loop end to end: run → review in the CSV → import → next night → export.

The run is composed from the runner's steps (the flow's order, without Prefect); the review
import and the exports go through the `claimdiff` command line.
"""

from __future__ import annotations

import csv
from pathlib import Path

import yaml
from typer.testing import CliRunner

from claimdiff import runner
from claimdiff.config import load_config
from claimdiff.records import RunSummary
from claimdiff.store import Store
from claimdiff_pipelines.cli import app

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "data" / "samples" / "demo.jsonl"
cli = CliRunner()


def night(config_path: Path) -> RunSummary:
    """One checks-only run, the flow's composition without Prefect."""
    return runner.run_steps(load_config(config_path), no_models=True)


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_dismissed_findings_stay_out_of_later_queues(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(
        yaml.safe_dump({
            "sources": [{"type": "files", "path": str(SAMPLES)}],
            "models": None,
            "store": f"sqlite:///{tmp_path / 'claimdiff.db'}",
            "export": {"dir": str(tmp_path / "out")},
            "state_dir": str(tmp_path / "state"),
        }),
        encoding="utf-8",
    )  # fmt: skip
    first = night(config)
    queue = tmp_path / "out" / "flags.csv"
    rows = read(queue)
    assert len(rows) >= 4, "the demo articles should give several findings"

    rows[0]["review_status"] = "dismissed"
    rows[1]["review_status"], rows[1]["review_note"] = "dismissed", "wire copy, fine"
    rows[2]["review_status"] = "confirmed"
    rows[3]["review_status"] = "needs_followup"
    reviewed = tmp_path / "reviewed.csv"
    with reviewed.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)
    result = cli.invoke(app, ["review", "import", str(reviewed), "--config", str(config)])
    assert result.exit_code == 0, result.output
    assert "4 new, 0 changed, 0 cleared, 0 unchanged decision(s)" in result.output
    assert f"{len(rows) - 4} row(s) without a decision" in result.output

    second = night(config)
    assert second.nothing_new is True
    assert second.counts["export"] == {"flagged": len(rows) - 3, "withheld_reviewed": 3}
    assert first.counts["judge"]["findings"] == len(rows)
    requeued = {r["finding_id"]: r for r in read(queue)}
    closed = {rows[i]["finding_id"] for i in range(3)}
    assert not closed & set(requeued)
    assert requeued[rows[3]["finding_id"]]["review_status"] == "needs_followup"

    # The archive export (--all) keeps the decisions; the plain export is the open queue.
    archive = tmp_path / "archive"
    result = cli.invoke(app, ["export", "--all", "--config", str(config), "--out", str(archive)])
    assert result.exit_code == 0, result.output
    decided = {r["finding_id"]: r["review_status"] for r in read(archive / "flags.csv")}
    assert decided[rows[0]["finding_id"]] == "dismissed"
    assert decided[rows[2]["finding_id"]] == "confirmed"
    assert len(decided) == len(rows)

    # A malformed file is refused with its line numbers and changes nothing.
    rows[4]["review_status"] = "dismised"
    with reviewed.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)
    result = cli.invoke(app, ["review", "import", str(reviewed), "--config", str(config)])
    assert result.exit_code == 2
    assert "review_status 'dismised'" in result.output and "line " in result.output
    with Store(tmp_path / "claimdiff.db") as store:
        assert store.count("reviews") == 4
        assert [f.review for f in store.findings([rows[4]["finding_id"]])] == [None]
