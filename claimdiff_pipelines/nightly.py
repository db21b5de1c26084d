"""The nightly claimdiff flow: one Prefect task per step of :mod:`claimdiff.runner`.

The flow composes the steps explicitly and hands them ids and counts; each step reads its input
from the store and writes its output back. Caching is done by the store (translations and NLI
results keyed by model and content hash), not by Prefect, so tasks use NO_CACHE: one mechanism,
visible in run.json's cache counts. No task retries: a step is idempotent, and ingest already
retries its HTTP requests itself.
"""

# No `from __future__ import annotations`: a served run gets the flow by cloudpickle, which keeps
# only the globals the body uses, so string annotations such as "StageListener" would not resolve
# when Prefect validates the parameters.
from collections.abc import Callable
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from prefect import Task, flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.states import Completed

from claimdiff import runner
from claimdiff.config import Config, load_config
from claimdiff.errors import RunFailed
from claimdiff.lock import lock_target, store_lock
from claimdiff.outputs.artifact import run_markdown, top_findings_from_csv
from claimdiff.outputs.notify import notify_run
from claimdiff.preflight import check_run
from claimdiff.records import RunSummary
from claimdiff.results import FULL, RunInfo, StageListener, StageResult
from claimdiff.summary import fail_run, finish_run
from claimdiff_pipelines import executors

P = ParamSpec("P")
R = TypeVar("R")


def _task(fn: Callable[P, R], name: str) -> Task[P, R]:
    return task(fn, name=name, cache_policy=NO_CACHE)


open_run = _task(runner.open_run, "open-run")
load_models = _task(runner.step_load_models, "load-models")
ingest = _task(runner.step_ingest, "ingest")
segment = _task(runner.step_segment, "segment")
translate = _task(runner.step_translate, "translate")
facts = _task(runner.step_facts, "facts")
align = _task(runner.step_align, "align")
nli = _task(runner.step_nli, "nli")
judge = _task(runner.step_judge, "judge")
export = _task(runner.step_export, "export")
finish = _task(finish_run, "finish")


@task(name="report", cache_policy=NO_CACHE)
def report(summary: RunSummary, config: Config) -> list[str]:
    """A markdown artifact of the run, and the configured notifications (which never fail it)."""
    flags = summary.outputs.get("flags_csv")
    exists = flags is not None and Path(flags).exists()
    top = top_findings_from_csv(Path(flags), config.notify.top_findings) if exists else []
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
    wait: bool = False,
    on_stage: StageListener | None = None,
    launched_at: float | None = None,
) -> RunSummary:
    """Ingest, segment, translate, facts, align, NLI, judge and export one night of articles.

    One run per store at a time (``wait``: queue behind the one running, else fail at once).
    A failed run raises :class:`RunFailed` after writing run.json and closing the run as
    failed, so Prefect shows it Failed. ``on_stage(stage, event)`` is told when each step
    starts and ends (the CLI's progress line); ``launched_at`` (``time.time()`` of the command)
    lets run.json count the start-up time.
    """
    config = runner.with_input(load_config(Path(config_path)), input_path)
    out = Path(out_dir) if out_dir is not None else config.export.dir
    # The CLI also resolves the models before it starts Prefect; a missing one fails load_models.
    check_run(config, out, check_models=False)
    with store_lock(lock_target(config), wait=wait):
        run = runner.start_run(config, out, launched_at)
        results: list[StageResult | None] = []
        try:
            open_run(run)
            summary = _night(run, config, no_models, on_stage, results)
        except Exception as exc:
            failure = fail_run(run, config, results, exc)
            try:
                report(failure.summary, config)
            except Exception as unreported:  # the failure itself is what must surface
                get_run_logger().error("the run report failed too: %s", unreported)
            raise failure from exc
        finish(run, summary)
    report(summary, config)
    if summary.failed:
        raise RunFailed(summary.error or "run failed", summary)
    if summary.status == "completed_with_warnings":
        # Prefect has no warning state: a Completed state whose message says what was lost.
        return Completed(  # type: ignore[return-value]
            message=f"completed with warnings: {len(summary.errors)} item(s) not processed",
            data=summary,
        )
    return summary


# each step of the runner as this flow's task
_TASKS: dict[Callable[..., Any], Task[..., Any]] = {
    runner.step_ingest: ingest,
    runner.step_load_models: load_models,
    runner.step_segment: segment,
    runner.step_translate: translate,
    runner.step_facts: facts,
    runner.step_align: align,
    runner.step_nli: nli,
    runner.step_judge: judge,
    runner.step_export: export,
}


def _night(
    run: RunInfo,
    config: Config,
    no_models: bool,
    on_stage: StageListener | None,
    results: list[StageResult | None],
) -> RunSummary:
    """The runner's steps (:func:`claimdiff.runner.compose_steps`: one definition of their
    order), each as a Prefect task; with ``run.executor: dask`` the model stages take their
    uncached work to the cluster first, and notices go to the run logger."""
    dask = config.run.executor == "dask"
    on_cluster = {
        runner.step_translate: executors.translate_stage_on_cluster,
        runner.step_nli: executors.nli_stage_on_cluster,
    }

    def call(step: Callable[..., R], *args: Any) -> R:
        work = None
        if dask and step in on_cluster:
            step_run, models, ids, _listener = args  # (run, models, article or pair ids, ...)
            if models.mode == FULL:
                work = on_cluster[step](step_run, config, models, ids)
        result = _TASKS[step](*args)
        if step is runner.step_load_models:
            for notice in result.models.notices:
                get_run_logger().warning(notice)
        return executors.with_cluster_work(result, work) if work is not None else result

    return runner.compose_steps(run, config, no_models, on_stage, results, call)
