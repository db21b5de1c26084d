"""The run's summary from its steps' results: the status it decides, the stages that lost too
many items, the timings outside the stages, the one-line reasons of a failure, and the records
finish_run leaves (run.json twice, the run closed in the store)."""

from __future__ import annotations

import errno
import json
import sqlite3

import pytest

from claimdiff.config import Config, RunConfig
from claimdiff.errors import ConfigError
from claimdiff.records import Problem, RunSummary, Stage
from claimdiff.results import ExportResult, IngestResult, Models, ModelsResult, RunInfo, StageResult
from claimdiff.store import Store
from claimdiff.summary import describe_failure, fail_run, finish_run, summarize

SOURCE = {"source": "a.jsonl", "fetched": 4, "skipped": 0, "duplicate": 0, "failed": 0}


def _run(tmp_path, launched_at: float = 100.0) -> RunInfo:
    return RunInfo("r1", tmp_path / "out", f"sqlite:///{tmp_path / 'store.db'}", launched_at)


def _status(store: Store, run_id: str) -> str:
    return store.db.query("SELECT status FROM runs WHERE run_id = ?", (run_id,))[0]["status"]


def _ingest(**counts: int) -> IngestResult:
    return IngestResult(
        stage=Stage.INGEST,
        counts={"read": 4, "new": 4, "failed": 0, **counts},
        sources=(SOURCE,),
        started_at=101.0,
        seconds=0.5,
    )


def _segment(articles: int, failed: int) -> StageResult:
    problems = tuple(
        Problem(Stage.SEGMENT, f"a.jsonl:{i}", "cannot segment") for i in range(failed)
    )
    return StageResult(
        stage=Stage.SEGMENT,
        counts={"articles": articles, "failed": failed},
        problems=problems,
        started_at=102.0,
        seconds=0.25,
    )


def test_a_clean_run_completes_with_its_counts_in_run_order(tmp_path):
    export = ExportResult(
        stage=Stage.EXPORT,
        counts={"flagged": 2},
        by_severity={"high": 2, "medium": 0, "low": 0},
        started_at=103.0,
    )
    # handed over out of order: the summary lists the stages as the run ran them
    summary = summarize(_run(tmp_path), Config(), [export, None, _segment(4, 0), _ingest()])
    assert summary.status == "completed" and not summary.failed and summary.error is None
    assert list(summary.counts) == ["ingest", "segment", "export", "findings_by_severity"]
    assert summary.flagged == 2 and summary.sources == (SOURCE,)
    assert summary.outputs["run_json"] == str(tmp_path / "out" / "run.json")


def test_problems_within_the_allowed_share_warn_and_beyond_it_fail(tmp_path):
    config = Config(run=RunConfig(max_failure_share=0.25))
    warned = summarize(_run(tmp_path), config, [_ingest(), _segment(4, 1)])
    assert warned.status == "completed_with_warnings" and warned.failed_stages == ()
    assert [p.where for p in warned.errors] == ["a.jsonl:0"]
    failed = summarize(_run(tmp_path), config, [_ingest(), _segment(4, 2)])
    assert failed.status == "failed" and failed.failed_stages == ("segment",)
    assert "stages lost too many items: segment" in (failed.error or "")


def test_a_run_whose_every_source_failed_fails_naming_the_first_failure(tmp_path):
    problem = Problem(Stage.INGEST, "missing.jsonl", "no such file")
    ingest = IngestResult(
        stage=Stage.INGEST,
        counts={"read": 1, "failed": 1},
        problems=(problem,),
        sources=({**SOURCE, "fetched": 0, "failed": 1},),
    )
    # max share 1.0: the share alone would not fail it
    summary = summarize(_run(tmp_path), Config(run=RunConfig(max_failure_share=1.0)), [ingest])
    assert summary.failed and summary.failed_stages == ("ingest",)
    assert summary.error == "every source failed (first: missing.jsonl: no such file)"


def test_nothing_new_is_a_notice_unless_the_run_failed(tmp_path):
    models = ModelsResult(stage=Stage.LOAD_MODELS, models=Models(notices=("checks-only: off",)))
    quiet = summarize(_run(tmp_path), Config(), [_ingest(), models], nothing_new=True)
    assert quiet.nothing_new and quiet.mode == "checks-only"
    assert quiet.notices[0] == "checks-only: off" and "no new articles" in quiet.notices[-1]
    stopped = summarize(
        _run(tmp_path), Config(), [_ingest()], nothing_new=True, error=ConfigError("bad\nmore")
    )
    assert stopped.failed and not stopped.nothing_new and stopped.error == "bad"


def test_timings_add_the_time_before_and_between_the_stages(tmp_path):
    summary = summarize(_run(tmp_path, launched_at=100.0), Config(), [_segment(4, 0), _ingest()])
    timings = summary.timings_s
    assert list(timings)[:2] == ["ingest", "segment"]  # by when they started
    assert timings["startup"] == 1.0  # launched at 100, the first stage started at 101
    total = timings["total"]
    assert timings["between_stages"] == pytest.approx(total - 1.0 - 0.75, abs=0.01)


@pytest.mark.parametrize(
    ("error", "says"),
    [
        (sqlite3.OperationalError("database or disk is full"), "the store's disk is full"),
        (sqlite3.OperationalError("attempt to write a readonly database"), "make it writable"),
        (OSError(errno.ENOSPC, "No space left on device", "/out/flags.csv"), "free space there"),
        (OSError(errno.EACCES, "Permission denied", "/out"), "fix the path or permissions"),
        (KeyError("x"), "a bug: rerun with --verbose"),
    ],
)
def test_describe_failure_names_the_place_and_the_fix(tmp_path, error, says):
    line = describe_failure(error, _run(tmp_path))
    assert says in line and "\n" not in line
    if isinstance(error, OSError):
        assert line.startswith(error.filename)
    elif isinstance(error, sqlite3.Error):
        assert line.startswith(str(tmp_path / "store.db"))


def test_finish_run_writes_run_json_twice_and_closes_the_run(tmp_path):
    run = _run(tmp_path)
    with Store(run.store) as store:
        store.start_run(run.run_id, "pending")
    summary = finish_run(run, summarize(run, Config(), [_ingest(), _segment(10, 1)]))
    for path in (run.out_dir / "run.json", run.out_dir / "runs" / "r1" / "run.json"):
        assert RunSummary.from_json(json.loads(path.read_text())) == summary
    with Store(run.store) as store:
        assert _status(store, run.run_id) == "completed_with_warnings"


def test_a_run_that_cannot_record_itself_fails_unless_it_failed_already(tmp_path):
    run = _run(tmp_path)
    run.out_dir.parent.mkdir(exist_ok=True)
    run.out_dir.write_text("a file where the output directory should be")
    with Store(run.store) as store:
        store.start_run(run.run_id, "pending")
    with pytest.raises(OSError):
        finish_run(run, summarize(run, Config(), [_ingest()]))
    failure = fail_run(run, Config(), [_ingest()], ConfigError("stopped"))
    assert str(failure) == "stopped" and failure.summary.failed
    with Store(run.store) as store:
        assert _status(store, run.run_id) == "failed"
