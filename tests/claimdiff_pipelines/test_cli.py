"""The command line through Typer's runner (Contract 2)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from claimdiff.config import load_config
from claimdiff.records import RunSummary
from claimdiff.runner import run_steps
from claimdiff.store import Store
from claimdiff_pipelines.cli import app

runner = CliRunner()


def test_help_on_every_command():
    for args in (
        ["--help"],
        ["run", "--help"],
        ["models", "pull", "--help"],
        ["review", "import", "--help"],
        ["export", "--help"],
        ["serve", "--help"],
        ["eval", "checks", "--help"],
        ["eval", "checks-on-nli", "--help"],
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, (args, result.output)
        assert "Usage" in result.output


def test_bad_config_key_exits_2_naming_the_key(tmp_path):
    config = tmp_path / "c.yaml"
    config.write_text("sources: []\nalign: {top_kk: 3}\n", encoding="utf-8")
    result = runner.invoke(app, ["run", "--config", str(config), "--no-models"])
    assert result.exit_code == 2
    assert "align.top_kk" in result.output


def test_missing_input_exits_2(tmp_path):
    config = tmp_path / "c.yaml"
    config.write_text(f"store: sqlite:///{tmp_path / 's.db'}\n", encoding="utf-8")
    result = runner.invoke(app, ["run", "--config", str(config), "--input", str(tmp_path / "nope")])
    assert result.exit_code == 2


def test_unknown_option_exits_2():
    assert runner.invoke(app, ["run", "--frobnicate"]).exit_code == 2


@pytest.mark.slow
def test_run_then_export_checks_only(prefect_harness, tmp_path, samples_path):
    config = tmp_path / "c.yaml"
    config.write_text(
        yaml.safe_dump(
            {
                "sources": [],
                "models": "auto",
                "store": f"sqlite:///{tmp_path / 's.db'}",
                "export": {"dir": str(tmp_path / "out")},
                "state_dir": str(tmp_path / "state"),
            }
        ),
        encoding="utf-8",
    )
    result = runner.invoke(
        app, ["run", "--config", str(config), "--input", str(samples_path), "--no-models"]
    )
    assert result.exit_code == 0, result.output
    assert "checks-only" in result.output
    assert "flags.csv" in result.output
    flags = Path(tmp_path / "out" / "flags.csv")
    with flags.open(encoding="utf-8-sig", newline="") as handle:
        run_rows = list(csv.DictReader(handle))
    again = runner.invoke(app, ["export", "--config", str(config), "--out", str(tmp_path / "re")])
    assert again.exit_code == 0, again.output
    with (tmp_path / "re" / "flags.csv").open(encoding="utf-8-sig", newline="") as handle:
        exported = list(csv.DictReader(handle))
    assert {r["finding_id"] for r in exported} == {r["finding_id"] for r in run_rows}


@pytest.mark.slow
def test_unloadable_model_fails_naming_model_and_fixes(prefect_harness, tmp_path, samples_path):
    config = tmp_path / "c.yaml"
    config.write_text(
        yaml.safe_dump(
            {
                "models": {"translation": {"ja": str(tmp_path / "no-such-model")}, "nli": "x"},
                "store": f"sqlite:///{tmp_path / 's.db'}",
                "export": {"dir": str(tmp_path / "out")},
                "state_dir": str(tmp_path / "state"),
            }
        ),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["run", "--config", str(config), "--input", str(samples_path)])
    # found before any work: a pre-flight failure, one line per model, no traceback
    assert result.exit_code == 2, result.output
    (line,) = [line for line in result.output.splitlines() if "models.translation.ja" in line]
    assert "no-such-model" in line
    assert "claimdiff models pull" in line and "--no-models" in line
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_eval_checks_on_an_nli_set(tmp_path):
    import json

    data = tmp_path / "nli.jsonl"
    rows = [
        {"premise": "Exports did not rise in May.", "hypothesis": "Exports rose in May.",
         "label": "contradiction", "lang": "en"},
        {"premise": "輸出は5月に増えた。", "hypothesis": "Exports rose in May.",
         "label": "entailment", "lang": "ja-en"},
    ]  # fmt: skip
    data.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["eval", "checks-on-nli", "--data", str(data)])
    assert result.exit_code == 0, result.output
    assert "negation_flipped 1" in result.output
    missing = runner.invoke(app, ["eval", "checks-on-nli", "--data", str(tmp_path / "none.jsonl")])
    assert missing.exit_code == 2


def _config(tmp_path: Path, **extra) -> Path:
    config = tmp_path / "c.yaml"
    data = {
        "models": None,
        "store": f"sqlite:///{tmp_path / 'store' / 's.db'}",
        "export": {"dir": str(tmp_path / "out")},
        "state_dir": str(tmp_path / "state"),
        **extra,
    }
    config.write_text(yaml.safe_dump(data), encoding="utf-8")
    return config


def _errors(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("error:")]


def test_unusable_paths_exit_2_before_any_work_one_line_each(tmp_path, samples_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    config = _config(
        tmp_path, store=f"sqlite:///{blocker / 'store.db'}", run={"min_free_mb": 10**9}
    )
    args = [
        "run",
        "--config",
        str(config),
        "--input",
        str(samples_path),
        "--out",
        str(blocker / "o"),
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    errors = _errors(result.output)
    assert any(f"{blocker / 'o'}: cannot create the output directory" in e for e in errors)
    assert any(f"{blocker}: the store's directory is not a directory" in e for e in errors)
    assert any("run.min_free_mb" in e for e in errors)  # nothing has 10**9 MB free
    assert "Traceback" not in result.output


def test_serve_without_a_prefect_server_exits_at_once_with_the_fix(tmp_path):
    from prefect.settings import PREFECT_API_URL, temporary_settings

    # whatever this process is configured with (another test's temporary server, say)
    with temporary_settings(restore_defaults={PREFECT_API_URL}):
        result = runner.invoke(app, ["serve", "--config", str(_config(tmp_path))])
    assert result.exit_code == 2, result.output
    (error,) = _errors(result.output)
    assert "needs a running Prefect server" in error and "prefect server start" in error

    with temporary_settings(updates={PREFECT_API_URL: "http://127.0.0.1:9/api"}):
        result = runner.invoke(app, ["serve", "--config", str(_config(tmp_path))])
    assert result.exit_code == 2
    assert "no Prefect server answers at http://127.0.0.1:9/api" in result.output


@pytest.mark.slow
def test_a_run_whose_every_source_fails_exits_1(prefect_harness, tmp_path):
    missing = tmp_path / "no-such-dir"
    config = _config(tmp_path, sources=[{"type": "files", "path": str(missing)}])
    result = runner.invoke(app, ["run", "--config", str(config)])
    assert result.exit_code == 1, result.output
    assert "No new articles" not in result.output
    (error,) = _errors(result.output)
    assert "every source failed" in error and str(missing) in error
    run = json.loads((tmp_path / "out" / "run.json").read_text(encoding="utf-8"))
    assert run["status"] == "failed" and run["failed_stages"] == ["ingest"]
    assert run["errors"][0]["where"] == str(missing)


def test_export_since_later_than_until_exits_2(tmp_path):
    config = tmp_path / "c.yaml"
    config.write_text(f"store: sqlite:///{tmp_path / 's.db'}\n", encoding="utf-8")
    args = ["export", "--config", str(config), "--out", str(tmp_path / "out")]
    result = runner.invoke(app, [*args, "--since", "2025-11-05", "--until", "2025-11-01"])
    assert result.exit_code == 2, result.output
    assert "--since 2025-11-05 is later than --until 2025-11-01" in result.output
    assert not (tmp_path / "out" / "flags.csv").exists()
    same_day = runner.invoke(app, [*args, "--since", "2025-11-05", "--until", "2025-11-05"])
    assert same_day.exit_code == 0, same_day.output


def test_eval_checks_on_a_malformed_or_empty_file_exits_2(tmp_path):
    import json

    incomplete = {"original": "Exports rose 5%.", "report": "Exports rose 50%."}
    malformed = tmp_path / "bad.jsonl"
    malformed.write_text(json.dumps(incomplete) + "\n{not json\n", encoding="utf-8")
    result = runner.invoke(app, ["eval", "checks", "--data", str(malformed)])
    assert result.exit_code == 2, result.output
    assert f"{malformed}:1" in result.output and f"{malformed}:2" in result.output
    assert "not valid JSON" in result.output and "false-alarm rate" not in result.output

    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n", encoding="utf-8")
    result = runner.invoke(app, ["eval", "checks", "--data", str(empty)])
    assert result.exit_code == 2, result.output
    assert f"{empty}: no labelled pairs in the file" in result.output

    legacy = tmp_path / "legacy.jsonl"
    legacy.write_bytes('{"original": "수출"}'.encode("cp949"))
    result = runner.invoke(app, ["eval", "checks", "--data", str(legacy)])
    assert result.exit_code == 2 and "not UTF-8" in result.output, result.output


def test_eval_checks_on_the_dev_set_exits_0():
    result = runner.invoke(app, ["eval", "checks"])
    assert result.exit_code == 0, result.output
    assert "false-alarm rate" in result.output


# --- the morning loop end to end: run -> review in the CSV -> import -> next night -> export ---
# (the runs are the runner's steps in the flow's order, without Prefect; the review import and
# the exports go through the command line)


def night(config_path: Path) -> RunSummary:
    """One checks-only run, the flow's composition without Prefect."""
    return run_steps(load_config(config_path), no_models=True)


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_dismissed_findings_stay_out_of_later_queues(tmp_path: Path, samples_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(
        yaml.safe_dump({
            "sources": [{"type": "files", "path": str(samples_path)}],
            "models": None,
            "store": f"sqlite:///{tmp_path / 'claimdiff.db'}",
            "export": {"dir": str(tmp_path / "out")},
            "state_dir": str(tmp_path / "state"),
        }),
        encoding="utf-8",
    )  # fmt: skip
    first = night(config)
    queue = tmp_path / "out" / "flags.csv"
    rows = read_csv(queue)
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
    result = runner.invoke(app, ["review", "import", str(reviewed), "--config", str(config)])
    assert result.exit_code == 0, result.output
    assert "4 new, 0 changed, 0 cleared, 0 unchanged decision(s)" in result.output
    assert f"{len(rows) - 4} row(s) without a decision" in result.output

    second = night(config)
    assert second.nothing_new is True
    assert second.counts["export"] == {"flagged": len(rows) - 3, "withheld_reviewed": 3}
    assert first.counts["judge"]["findings"] == len(rows)
    requeued = {r["finding_id"]: r for r in read_csv(queue)}
    closed = {rows[i]["finding_id"] for i in range(3)}
    assert not closed & set(requeued)
    assert requeued[rows[3]["finding_id"]]["review_status"] == "needs_followup"

    # The archive export (--all) keeps the decisions; the plain export is the open queue.
    archive = tmp_path / "archive"
    result = runner.invoke(app, ["export", "--all", "--config", str(config), "--out", str(archive)])
    assert result.exit_code == 0, result.output
    decided = {r["finding_id"]: r["review_status"] for r in read_csv(archive / "flags.csv")}
    assert decided[rows[0]["finding_id"]] == "dismissed"
    assert decided[rows[2]["finding_id"]] == "confirmed"
    assert len(decided) == len(rows)

    # A malformed file is refused with its line numbers and changes nothing.
    rows[4]["review_status"] = "dismised"
    with reviewed.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)
    result = runner.invoke(app, ["review", "import", str(reviewed), "--config", str(config)])
    assert result.exit_code == 2
    assert "review_status 'dismised'" in result.output and "line " in result.output
    with Store(tmp_path / "claimdiff.db") as store:
        assert store.count("reviews") == 4
        assert [f.review for f in store.findings([rows[4]["finding_id"]])] == [None]
