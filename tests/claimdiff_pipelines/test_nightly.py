"""End to end: the Prefect flow on the sample articles, checks-only and with the tiny models."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
import yaml

from claimdiff.store import Store

pytestmark = pytest.mark.slow


def write_config(tmp_path: Path, samples: Path, models, **extra) -> Path:
    data = {
        **extra,
        "sources": [{"type": "files", "path": str(samples)}],
        "models": models,
        "store": f"sqlite:///{tmp_path / 'store.db'}",
        "export": {"dir": str(tmp_path / "out")},
        "state_dir": str(tmp_path / "state"),
    }
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def read_flags(out: Path) -> list[dict[str, str]]:
    with (out / "flags.csv").open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def table_counts(store_path: Path) -> dict[str, int]:
    with Store(store_path) as store:
        return {
            t: store.count(t) for t in ("articles", "statements", "stories", "pairs", "findings")
        }


def test_checks_only_flow_flags_the_korean_report_and_not_the_japanese(
    prefect_harness, tmp_path, samples_path
):
    from claimdiff_pipelines.nightly import nightly

    config = write_config(tmp_path, samples_path, None)
    summary = nightly(config_path=str(config))
    assert summary.mode == "checks-only"
    rows = read_flags(tmp_path / "out")
    assert rows, "the demo must flag something"
    assert all(r["label"] == "checks-only" and r["p_entailment"] == "" for r in rows)
    korean = [r for r in rows if r["report_lang"] == "ko" and "25만" in r["report_text"]]
    assert korean, "the Korean 'agreed to supply 250,000' statement must be flagged"
    kinds = {k for r in korean for k in (r["kind"], *r["reasons"].split(" | "))}
    reasons = " | ".join(r["reasons"] for r in korean)
    assert "250,000" in reasons and "25만" in reasons
    assert any("commitment" in k for k in kinds) and any("qualifier" in k for k in kinds)
    assert not [r for r in rows if r["report_lang"] == "ja" and "25万" in r["report_text"]]
    run = json.loads((tmp_path / "out" / "run.json").read_text(encoding="utf-8"))
    assert run["run_id"] == summary.run_id and run["counts"]["ingest"]["new"] == 9

    # A second run over the same input adds nothing and keeps every finding id.
    before = table_counts(tmp_path / "store.db")
    again = nightly(config_path=str(config))
    assert again.nothing_new is True
    assert table_counts(tmp_path / "store.db") == before
    assert {r["finding_id"] for r in read_flags(tmp_path / "out")} == {
        r["finding_id"] for r in rows
    }


def test_full_flow_with_tiny_models(prefect_harness, tmp_path, samples_path, tiny_models):
    from claimdiff_pipelines.nightly import nightly

    models = {
        "translation": {k: str(v) for k, v in tiny_models.translation.items()},
        "nli": str(tiny_models.nli),
        "device": "cpu",
    }
    config = write_config(tmp_path, samples_path, models)
    summary = nightly(config_path=str(config))
    assert summary.mode == "full"
    assert summary.models["nli"]["label_map"]
    assert summary.cache["translation"]["misses"] > 0
    rows = read_flags(tmp_path / "out")
    assert rows
    assert all(r["label"] in {"entailment", "neutral", "contradiction"} for r in rows)
    assert all(r["p_entailment"] != "" for r in rows)
    translated = [r for r in rows if r["report_lang"] in {"ko", "ja"}]
    assert all(r["report_text_en"] for r in translated)
    assert all(r["nli_model"] for r in rows)

    # New input beside the old: old statements' translations and NLI results come from the cache.
    extra = tmp_path / "more"
    extra.mkdir()
    shutil.copy(samples_path, extra / "a.jsonl")
    line = json.loads(samples_path.read_text(encoding="utf-8").splitlines()[1])
    line["url"] += "-update"
    line["text"] += "\n\n헬리온은 2028년까지 GPU 30만 장을 추가로 공급하기로 했다."
    (extra / "b.jsonl").write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    second = nightly(config_path=str(config), input_path=str(extra))
    assert second.nothing_new is False
    assert second.cache["translation"]["hits"] > 0
    assert second.cache["nli"]["hits"] > 0


def test_bad_lines_are_reported_and_the_rest_processed(prefect_harness, tmp_path, samples_path):
    from claimdiff_pipelines.nightly import nightly

    bad = tmp_path / "bad.jsonl"
    good = samples_path.read_text(encoding="utf-8").splitlines()
    broken = [
        good[0],
        "{not json",
        json.dumps({"url": "https://x/empty", "outlet": "X", "role": "report", "text": "  "}),
        json.dumps(
            {"url": "https://x/role", "outlet": "X", "role": "opinion", "text": "Some text here."}
        ),
        *good[1:],
    ]
    bad.write_text("\n".join(broken) + "\n", encoding="utf-8")

    # 3 of 12 lines lost is more than the default max_failure_share (0.2): the run is failed,
    # yet run.json and flags.csv are written, and every other article was processed.
    config = write_config(tmp_path, bad, None)
    state = nightly(config_path=str(config), return_state=True)
    assert state.is_failed() and "ingest" in state.message
    run = json.loads((tmp_path / "out" / "run.json").read_text(encoding="utf-8"))
    assert run["status"] == "failed" and run["failed_stages"] == ["ingest"]
    where = {e["where"]: e["message"] for e in run["errors"]}
    assert {f"{bad}:2", f"{bad}:3", f"{bad}:4"} <= set(where)
    assert "role" in where[f"{bad}:4"]
    assert run["counts"]["ingest"]["new"] == 9
    assert (tmp_path / "out" / "flags.csv").exists()

    # With a higher tolerance the same input completes, with warnings.
    tolerant = tmp_path / "tolerant"
    tolerant.mkdir()
    config = write_config(tolerant, bad, None, run={"max_failure_share": 0.5})
    summary = nightly(config_path=str(config))
    assert summary.status == "completed_with_warnings"
    assert summary.counts["ingest"]["new"] == 9
