"""The end of a run: its summary built from the steps' results (status, counts, timings, the
stages that lost too many items, why it failed), written to run.json and recorded in the store.
"""

from __future__ import annotations

import errno
import logging
import sqlite3
import time
from collections.abc import Mapping, Sequence

from claimdiff import __version__
from claimdiff.config import Config
from claimdiff.errors import ClaimdiffError, RunFailed
from claimdiff.outputs.review_csv import write_run_json
from claimdiff.records import (
    BETWEEN_STAGES,
    FINDINGS_BY_SEVERITY,
    STARTUP,
    TOTAL,
    RunSummary,
    Stage,
)
from claimdiff.results import ExportResult, IngestResult, Models, ModelsResult, RunInfo, StageResult
from claimdiff.store import Store

log = logging.getLogger(__name__)


def summarize(
    run: RunInfo,
    config: Config,
    results: Sequence[StageResult | None],
    nothing_new: bool = False,
    error: BaseException | None = None,
) -> RunSummary:
    """The run's summary from its steps' results, in run order; decides the run's status.

    A run fails when a stage lost more than ``run.max_failure_share`` of its items, when every
    source failed, or when ``error`` stopped it (then the summary says why, naming the path).
    """
    done = [r for r in results if r is not None]
    models = next((r.models for r in done if isinstance(r, ModelsResult)), Models())
    ingest = next((r for r in done if isinstance(r, IngestResult)), None)
    export = next((r for r in done if isinstance(r, ExportResult)), None)
    counts: dict[str, dict[str, int]] = {
        r.stage.value: dict(r.counts) for r in sorted(done, key=_run_order) if r.counts
    }
    if export is not None:
        counts[FINDINGS_BY_SEVERITY] = dict(export.by_severity)
    problems = tuple(p for r in done for p in r.problems)
    failed_stages = _failed_stages(counts, config.run.max_failure_share)
    stage_failure = _stage_failure(failed_stages)
    if ingest is not None and _every_source_failed(ingest):
        if Stage.INGEST not in failed_stages:
            failed_stages = (Stage.INGEST.value, *failed_stages)
        first = ingest.problems[0] if ingest.problems else None
        stage_failure = "every source failed" + (f" (first: {first})" if first else "")
    failed = bool(failed_stages) or error is not None
    status = "failed" if failed else ("completed_with_warnings" if problems else "completed")
    notices = models.notices if any(isinstance(r, ModelsResult) for r in done) else ()
    if export is not None:
        notices += export.notices
    nothing_new = nothing_new and not failed
    if nothing_new:
        notices += ("no new articles: no models were loaded and nothing was judged",)
    outputs = dict(export.outputs) if export is not None else {}
    return RunSummary(
        run_id=run.run_id,
        claimdiff_version=__version__,
        mode=models.mode,
        status=status,
        nothing_new=nothing_new,
        notices=notices,
        models=models.info(),
        counts=counts,
        sources=ingest.sources if ingest is not None else (),
        cache={r.stage.cache_name: dict(r.cache) for r in done if r.cache is not None},
        timings_s=_timings(run, done),
        failed_stages=failed_stages,
        errors=problems,
        outputs={**outputs, "run_json": str(run.out_dir / "run.json")},
        error=describe_failure(error, run) if error is not None else stage_failure,
    )


def _every_source_failed(ingest: IngestResult) -> bool:
    return bool(ingest.sources) and all(
        s["fetched"] == 0 and s["duplicate"] == 0 and s["failed"] > 0 for s in ingest.sources
    )


def _stage_failure(failed_stages: Sequence[str]) -> str | None:
    if not failed_stages:
        return None
    return f"stages lost too many items: {', '.join(failed_stages)} (see errors)"


def describe_failure(exc: BaseException, run: RunInfo) -> str:
    """One line for an exception that stopped a run, naming the path and the fix where the
    cause is an expected one (full disk, read-only store, unwritable output)."""
    if isinstance(exc, ClaimdiffError):
        return str(exc).splitlines()[0]
    if isinstance(exc, sqlite3.OperationalError):
        text = str(exc)
        if "full" in text:
            return (
                f"{run.where}: the store's disk is full ({text}); free space there or "
                "point `store:` at a bigger disk, then run again: finished work is kept"
            )
        if "readonly" in text or "read-only" in text:
            return f"{run.where}: the store is read-only ({text}); make it writable"
        return f"{run.where}: {text}"
    if isinstance(exc, OSError):
        where = exc.filename or run.out_dir
        fix = "free space there" if exc.errno == errno.ENOSPC else "fix the path or permissions"
        return f"{where}: {exc.strerror or exc}; {fix}, then run again: finished work is kept"
    return f"unexpected {type(exc).__name__}: {exc} (a bug: rerun with --verbose for the traceback)"


def _run_order(result: StageResult) -> int:
    return list(Stage).index(result.stage)


def _timings(run: RunInfo, results: Sequence[StageResult]) -> dict[str, float]:
    """Seconds per stage, in the order they ran, then the time outside them: start-up (the
    command and any Prefect server start before the first stage), hand-offs between stages
    (task scheduling, store opening) and the run's whole wall time."""
    ordered = sorted(results, key=lambda r: r.started_at)
    timings = {r.stage.value: r.seconds for r in ordered}
    if ordered:
        total = time.time() - run.launched_at
        startup = max(ordered[0].started_at - run.launched_at, 0.0)
        between = max(total - startup - sum(timings.values()), 0.0)
        timings |= {STARTUP: round(startup, 3), BETWEEN_STAGES: round(between, 3)}
        timings[TOTAL] = round(total, 3)
    return timings


def _failed_stages(counts: Mapping[str, Mapping[str, int]], max_share: float) -> tuple[str, ...]:
    """Stages that lost more than the configured share of their items."""
    lost_of_total = {
        Stage.INGEST: ("failed", "read"),
        Stage.SEGMENT: ("failed", "articles"),
        Stage.FACTS: ("failed", "statements"),
        Stage.JUDGE: ("checks_failed", "pairs"),
    }
    failed = []
    for stage, (lost_key, total_key) in lost_of_total.items():
        stage_counts = counts.get(stage, {})
        total = stage_counts.get(total_key, 0)
        if total and stage_counts.get(lost_key, 0) / total > max_share:
            failed.append(stage.value)
    return tuple(failed)


def finish_run(run: RunInfo, summary: RunSummary) -> RunSummary:
    """Write run.json (and OUT/runs/<run_id>/run.json), record the problems and close the run's
    row in the store. Each part is tried even when an earlier one fails (a full disk, a
    read-only store): whatever can still be recorded is."""
    failures: list[BaseException] = []
    for path in (run.out_dir / "run.json", run.out_dir / "runs" / run.run_id / "run.json"):
        try:
            write_run_json(summary, path)
        except OSError as exc:
            log.error("cannot write %s: %s", path, exc)
            failures.append(exc)
    try:
        with Store(run.store) as store:
            store.record_problems(run.run_id, summary.errors)
            store.finish_run(run.run_id, summary.status, summary.to_json())
    except (sqlite3.Error, ClaimdiffError) as exc:
        log.error("cannot close run %s in %s: %s", run.run_id, run.where, exc)
        failures.append(exc)
    if failures and not summary.failed:
        raise failures[0]
    return summary


def fail_run(
    run: RunInfo, config: Config, results: Sequence[StageResult | None], error: BaseException
) -> RunFailed:
    """Record a run that ``error`` stopped: run.json with the error, the run closed as failed.
    Returns the exception to raise (its ``summary`` is the run's, its cause ``error``)."""
    summary = finish_run(run, summarize(run, config, results, error=error))
    failed = RunFailed(summary.error or str(error), summary)
    failed.__cause__ = error
    return failed
