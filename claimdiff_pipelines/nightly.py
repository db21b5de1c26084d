"""The nightly claimdiff flow: one Prefect task per step of :mod:`claimdiff.runner`.

The flow composes the steps explicitly and hands them ids and counts; each step reads its input
from the store and writes its output back. Caching is done by the store (translations and NLI
results keyed by model and content hash), not by Prefect, so tasks use NO_CACHE: one mechanism,
visible in run.json's cache counts. No task retries: a step is idempotent, and ingest already
retries its HTTP requests itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import ParamSpec, TypeVar

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.states import Completed, Failed, State

from claimdiff import runner
from claimdiff.config import Config, load_config
from claimdiff.outputs.artifact import run_markdown, top_findings_from_csv
from claimdiff.outputs.notify import notify_run
from claimdiff.records import RunSummary

P = ParamSpec("P")
R = TypeVar("R")


def _task(fn, name: str):
    return task(fn, name=name, cache_policy=NO_CACHE)


start_run = _task(runner.start_run, "start-run")
load_models = _task(runner.step_load_models, "load-models")
ingest = _task(runner.step_ingest, "ingest")
segment = _task(runner.step_segment, "segment")
translate = _task(runner.step_translate, "translate")
align = _task(runner.step_align, "align")
nli = _task(runner.step_nli, "nli")
judge = _task(runner.step_judge, "judge")
export = _task(runner.step_export, "export")
finish = _task(runner.finish_run, "finish")


@task(name="report", cache_policy=NO_CACHE)
def report(summary: RunSummary, config: Config) -> list[str]:
    """A markdown artifact of the run, and the configured notifications (which never fail it)."""
    flags = summary.outputs.get("flags_csv")
    top = top_findings_from_csv(Path(flags), config.notify.top_findings) if flags else []
    create_markdown_artifact(
        key="claimdiff-run-report",
        markdown=run_markdown(summary, top),
        description=f"claimdiff run {summary.run_id} ({summary.status})",
    )
    sent = notify_run(summary, config.notify, top)
    for line in sent:
        get_run_logger().info("notify: %s", line)
    return sent


@flow(name="claimdiff-nightly", log_prints=False)
def nightly(
    config_path: str,
    input_path: str | None = None,
    out_dir: str | None = None,
    no_models: bool = False,
    on_stage: runner.StageListener | None = None,
    launched_at: float | None = None,
) -> RunSummary | State:
    """Ingest, segment, translate, align, NLI, judge and export one night of articles.

    ``on_stage(stage, event)`` is told when each step starts and ends (the CLI's progress line);
    ``launched_at`` (``time.time()`` of the command) lets run.json count the start-up time.
    """
    logger = get_run_logger()
    config = runner.with_input(load_config(Path(config_path)), input_path)
    run = start_run(config, out_dir, launched_at)
    found = ingest(run, config, on_stage)
    if not found.article_ids:
        logger.info("no new articles since the last run; re-exporting the open queue")
        exported = export(run, config, None, on_stage)
        summary = runner.summarize(run, config, [found, exported], nothing_new=True)
    else:
        loaded = load_models(config, no_models, on_stage)
        for notice in loaded.models.notices:
            logger.warning(notice)
        ids = found.article_ids
        segmented = segment(run, config, ids, on_stage)
        translated = translate(run, loaded.models, ids, on_stage)
        aligned = align(run, config, ids, on_stage)
        scored = nli(run, loaded.models, aligned.pair_ids, on_stage)
        judged = judge(run, config, loaded.models, aligned.pair_ids, on_stage)
        exported = export(run, config, judged.finding_ids, on_stage)
        results = [found, loaded, segmented, translated, aligned, scored, judged, exported]
        summary = runner.summarize(run, config, results)
    finish(run, summary)
    report(summary, config)
    return _final_state(summary)


def _final_state(summary: RunSummary) -> RunSummary | State:
    if summary.failed:
        return Failed(
            message=f"stages lost too many items: {', '.join(summary.failed_stages)}",
            data=summary,
        )
    if summary.status == "completed_with_warnings":
        # Prefect has no warning state: a Completed state whose message says what was lost.
        return Completed(
            message=f"completed with warnings: {len(summary.errors)} item(s) not processed",
            data=summary,
        )
    return summary
