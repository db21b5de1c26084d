"""The nightly claimdiff flow: one Prefect task per stage, each a thin wrapper of a runner step.

Caching is done by the store (translations and NLI results keyed by model and content hash),
not by Prefect, so tasks use NO_CACHE: one mechanism, visible in run.json's cache counts.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.states import Completed, State

from claimdiff import runner
from claimdiff.artifact import run_markdown, top_findings_from_csv
from claimdiff.config import Config, load_config
from claimdiff.notify import notify_run

open_run = task(runner.open_run, name="open-run", cache_policy=NO_CACHE)
load_models = task(runner.step_load_models, name="load-models", cache_policy=NO_CACHE)
ingest = task(runner.step_ingest, name="ingest", cache_policy=NO_CACHE, retries=1)
segment = task(runner.step_segment, name="segment", cache_policy=NO_CACHE)
translate = task(runner.step_translate, name="translate", cache_policy=NO_CACHE)
align = task(runner.step_align, name="align", cache_policy=NO_CACHE)
nli = task(runner.step_nli, name="nli", cache_policy=NO_CACHE)
judge = task(runner.step_judge, name="judge", cache_policy=NO_CACHE)
export = task(runner.step_export, name="export", cache_policy=NO_CACHE)
finish = task(runner.finish_run, name="finish", cache_policy=NO_CACHE)


@task(name="report", cache_policy=NO_CACHE)
def report(summary: dict[str, Any], config: Config) -> list[str]:
    """A markdown artifact of the run, and the configured notifications (which never fail it)."""
    flags = summary["outputs"].get("flags_csv")
    top = top_findings_from_csv(Path(flags), config.notify.top_findings) if flags else []
    create_markdown_artifact(
        key="claimdiff-run-report",
        markdown=run_markdown(summary, top),
        description=f"claimdiff run {summary['run_id']} ({summary['status']})",
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
) -> dict[str, Any] | State:
    """Ingest, segment, translate, align, NLI, judge and export one night of articles."""
    logger = get_run_logger()
    config = runner.with_input(load_config(Path(config_path)), input_path)
    ctx = open_run(config, out_dir)
    articles = ingest(ctx)
    if not articles:
        logger.info("no new articles since the last run; re-exporting the open queue")
        outputs = export(ctx, None)
        summary = finish(ctx, outputs, nothing_new=True)
        report(summary, config)
        return summary
    load_models(ctx, no_models)
    for notice in ctx.notices:
        logger.warning(notice)
    statements = segment(ctx, articles)
    statements = translate(ctx, statements)
    _, pairs = align(ctx, articles, statements)
    scores = nli(ctx, pairs, statements)
    findings = judge(ctx, pairs, statements, scores)
    outputs = export(ctx, findings)
    summary = finish(ctx, outputs)
    report(summary, config)
    if summary["status"] == "failed":
        raise RuntimeError(f"stages lost too many items: {', '.join(summary['failed_stages'])}")
    if summary["status"] == "completed_with_warnings":
        # Prefect has no warning state: a Completed state whose message says what was lost.
        return Completed(
            message=f"completed with warnings: {len(summary['errors'])} item(s) not processed",
            data=summary,
        )
    return summary
