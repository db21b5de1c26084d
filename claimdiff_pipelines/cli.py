"""The claimdiff command line (Contract 2). Exit codes: 0 success, 1 run failure, 2 bad usage/config."""

from __future__ import annotations

import logging
import sys
import time
import traceback
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console
from rich.logging import RichHandler
from rich.table import Table

from claimdiff.config import Config, load_config
from claimdiff.errors import (
    ClaimdiffError,
    ConfigError,
    PreflightError,
    ReviewImportError,
    RunFailed,
    StoreBusyError,
)
from claimdiff.records import RunSummary, Stage
from claimdiff_pipelines.prefect_env import configure_prefect_environment

if TYPE_CHECKING:
    from claimdiff_pipelines.prefect_server import ChildServer

EXIT_FAILURE, EXIT_USAGE = 1, 2  # 0 is success

app = typer.Typer(
    help="Find where Korean, Japanese and English news coverage says something its original "
    "source did not.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
models_app = typer.Typer(help="Manage the translation and NLI models.", no_args_is_help=True)
review_app = typer.Typer(help="Record reviewers' decisions.", no_args_is_help=True)
eval_app = typer.Typer(help="Measure the checks on a labelled set.", no_args_is_help=True)
app.add_typer(models_app, name="models")
app.add_typer(review_app, name="review")
app.add_typer(eval_app, name="eval")

console = Console(stderr=True)
out = Console()

ConfigOption = Annotated[
    Path, typer.Option("--config", "-c", help="YAML configuration file (Contract 4).")
]
DEFAULT_CONFIG = Path("configs/default.yaml")


def _setup_logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(message)s",
        handlers=[RichHandler(console=console, show_path=False, rich_tracebacks=False)],
        force=True,
    )


def _load(config_path: Path, verbose: bool = True) -> Config:
    try:
        config = load_config(config_path)
    except ConfigError as exc:
        console.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(EXIT_USAGE) from None
    configure_prefect_environment(config.state_dir, "INFO" if verbose else "CRITICAL")
    return config


@app.command()
def run(
    config: ConfigOption = DEFAULT_CONFIG,
    input: Annotated[
        Path | None,
        typer.Option(
            "--input", "-i", help="JSONL file or directory; replaces the configured sources."
        ),
    ] = None,
    out_dir: Annotated[
        Path | None, typer.Option("--out", "-o", help="Output directory (default: export.dir).")
    ] = None,
    no_models: Annotated[
        bool, typer.Option("--no-models", help="Checks only: no translation or NLI.")
    ] = False,
    wait: Annotated[
        bool, typer.Option("--wait", help="If another run holds the store, wait for it.")
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Log each stage; tracebacks of bugs.")
    ] = False,
) -> None:
    """Run the whole pipeline once and write OUT/flags.csv and OUT/run.json.

    Exit codes: 0 done, 1 the run failed (run.json says why), 2 it could not start (bad
    configuration, unusable paths, another run holds the store).
    """
    launched_at = time.time()
    _setup_logging(verbose)
    cfg = _load(config, verbose)  # (its state_dir is the server's PREFECT_HOME)
    if input is not None and not input.exists():
        _fail(EXIT_USAGE, f"--input {input}: no such file or directory")
    from claimdiff_pipelines.prefect_server import spawn_unless_configured

    # The local Prefect server takes longer to start than everything before the flow: spawned
    # first, it starts while the checks below and the imports run (stopped when the flow is
    # done, or on the way out when a check fails: stop() is idempotent).
    server = spawn_unless_configured()
    try:
        from claimdiff.preflight import check_run
        from claimdiff.runner import with_input

        try:
            check_run(with_input(cfg, input), out_dir or cfg.export.dir, check_models=not no_models)
        except PreflightError as exc:
            _fail(EXIT_USAGE, *exc.problems)
        outcome = _run_flow(config, input, out_dir, no_models, wait, launched_at, server)
    finally:
        if server is not None:
            server.stop()
    if isinstance(outcome, RunSummary):
        print_summary(outcome)
        return
    if isinstance(outcome, RunFailed) and isinstance(outcome.summary, RunSummary):
        print_summary(outcome.summary)
        if verbose and outcome.__cause__ is not None:
            _print_traceback(outcome.__cause__)
        _fail(EXIT_FAILURE, f"run failed: {outcome}")
    if isinstance(outcome, (StoreBusyError, PreflightError, ConfigError)):
        _fail(EXIT_USAGE, *str(outcome).splitlines())
    if isinstance(outcome, ClaimdiffError):
        _fail(EXIT_FAILURE, str(outcome))
    if verbose:
        _print_traceback(outcome)
    _fail(
        EXIT_FAILURE,
        f"unexpected {type(outcome).__name__}: {outcome} (rerun with --verbose for the traceback)",
    )


def _fail(code: int, *lines: str) -> NoReturn:
    for line in lines:  # one line each, unwrapped: a log or a cron mail shows it whole
        console.print(f"[red]error:[/red] {line}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def _print_traceback(exc: BaseException) -> None:
    console.print("".join(traceback.format_exception(exc)), highlight=False, markup=False)


def _run_flow(
    config: Path,
    input: Path | None,
    out_dir: Path | None,
    no_models: bool,
    wait: bool,
    launched_at: float,
    spawned: ChildServer | None = None,
) -> RunSummary | BaseException:
    """Run the nightly flow against the configured Prefect API, or else a server of its own
    (``spawned``, or one started here) that dies with this process; the run's summary, or the
    exception that ended it."""
    from claimdiff_pipelines.prefect_server import command_api

    def load_flow() -> None:  # while the server starts: the flow's imports take seconds
        import claimdiff_pipelines.nightly  # noqa: F401

    with console.status("starting the local Prefect server and the flow…") as status:

        def show(stage: Stage, event: str) -> None:
            if event == "start":
                status.update(f"stage [bold]{stage}[/bold]…")

        with command_api(load_flow, spawned=spawned):
            from claimdiff_pipelines.nightly import nightly

            state = nightly(
                config_path=str(config),
                input_path=str(input) if input else None,
                out_dir=str(out_dir) if out_dir else None,
                no_models=no_models,
                wait=wait,
                on_stage=show,
                launched_at=launched_at,
                return_state=True,
            )
            return state.result(raise_on_failure=False)


def print_summary(summary: RunSummary) -> None:
    """The end-of-run table: counts per stage, findings by severity, time per stage."""
    for notice in summary.notices:
        console.print(f"[yellow]notice:[/yellow] {notice}", highlight=False)
    table = Table(title=f"claimdiff run {summary.run_id} ({summary.mode}, {summary.status})")
    table.add_column("stage")
    table.add_column("counts")
    table.add_column("seconds", justify="right")
    for line in summary.stage_lines():
        seconds = "" if line.seconds is None else f"{line.seconds:.2f}"
        table.add_row(line.stage, line.counts, seconds)
    severity = ", ".join(f"{k} {v}" for k, v in summary.by_severity.items())
    table.add_row("findings", severity, "")
    out.print(table)
    if summary.nothing_new:
        out.print("No new articles since the last run; the open review queue was re-exported.")
    if summary.errors:
        console.print(f"[yellow]{len(summary.errors)} item(s) could not be processed:[/yellow]")
        for err in summary.errors[:20]:
            console.print(f"  {err.stage}: {err.where}: {err.message}", highlight=False)
    if summary.failed_stages:
        console.print(
            "[red]run failed:[/red] stages lost too many items: "
            + ", ".join(summary.failed_stages),
            highlight=False,
        )
    out.print(f"review queue: {summary.outputs.get('flags_csv')}")
    out.print(f"run summary:  {summary.outputs.get('run_json')}")


@models_app.command("pull")
def models_pull(config: ConfigOption = DEFAULT_CONFIG) -> None:
    """Download the configured models into models.local_dir, for offline servers."""
    _setup_logging(True)
    cfg = _load(config)
    from claimdiff.modelhub import pull_models

    try:
        paths = pull_models(cfg)
    except ClaimdiffError as exc:
        console.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(EXIT_FAILURE) from None
    for path in paths:
        out.print(f"pulled {path}")


@review_app.command("import")
def review_import(
    file: Annotated[Path, typer.Argument(help="A reviewed flags.csv.")],
    config: ConfigOption = DEFAULT_CONFIG,
) -> None:
    """Record reviewers' decisions (confirmed / dismissed / needs_followup) from a flags.csv."""
    _setup_logging(False)
    cfg = _load(config)
    from claimdiff.outputs.review_import import import_reviews
    from claimdiff.store import Store

    with Store(cfg.store) as store:
        try:
            result = import_reviews(store, file)
        except ReviewImportError as exc:
            console.print(f"[red]error:[/red] {exc}", highlight=False)
            raise typer.Exit(EXIT_USAGE) from None
    out.print(f"{file}: {result.describe()}", soft_wrap=True)


@app.command()
def export(
    config: ConfigOption = DEFAULT_CONFIG,
    out_dir: Annotated[Path | None, typer.Option("--out", "-o", help="Output directory.")] = None,
    all_findings: Annotated[
        bool,
        typer.Option("--all", help="All findings (reviewed ones too), not only the open queue."),
    ] = False,
    since: Annotated[
        str | None,
        typer.Option(help="Only findings first seen on or after this date (YYYY-MM-DD)."),
    ] = None,
    until: Annotated[
        str | None, typer.Option(help="Only findings first seen before the end of this date.")
    ] = None,
) -> None:
    """Re-export the open review queue (or all findings of a date range) without re-running."""
    _setup_logging(False)
    cfg = _load(config)
    from claimdiff.outputs.review_csv import export_queue
    from claimdiff.store import Store

    try:
        since_iso = date.fromisoformat(since).isoformat() if since else None
        until_iso = (date.fromisoformat(until) + timedelta(days=1)).isoformat() if until else None
    except ValueError as exc:
        console.print(f"[red]error:[/red] --since/--until: {exc}")
        raise typer.Exit(EXIT_USAGE) from None
    if since_iso and until_iso and since_iso >= until_iso:
        console.print(
            f"[red]error:[/red] --since {since} is later than --until {until}: no finding can match",
            soft_wrap=True,
        )
        raise typer.Exit(EXIT_USAGE)
    with Store(cfg.store) as store:
        findings = store.findings(since=since_iso, until=until_iso)
        if not all_findings:
            findings = [f for f in findings if f.is_open]
        result = export_queue(
            store, out_dir or cfg.export.dir, "export", findings, cfg.export.parquet
        )
    out.print(f"exported {result['rows']} finding(s) to {result['flags_csv']}")


@app.command()
def serve(config: ConfigOption = DEFAULT_CONFIG) -> None:
    """Serve the nightly deployment on its schedule (cron and time zone from the config).

    Needs a running Prefect server (PREFECT_API_URL): runs are scheduled there.
    """
    _setup_logging(True)
    cfg = _load(config)
    from claimdiff_pipelines.deploy import serve_nightly
    from claimdiff_pipelines.prefect_server import api_reachable, configured_api_url

    url = configured_api_url()
    if url is None or not api_reachable(url):
        where = f"no Prefect server answers at {url}" if url else "PREFECT_API_URL is not set"
        _fail(
            EXIT_USAGE,
            f"claimdiff serve needs a running Prefect server ({where}); start one with "
            "`prefect server start` and `export PREFECT_API_URL=http://127.0.0.1:4200/api`",
        )

    try:
        serve_nightly(config, cfg)
    except ConfigError as exc:
        console.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(EXIT_USAGE) from None


@eval_app.command("checks")
def eval_checks(
    data: Annotated[Path, typer.Option("--data", help="Labelled pairs (JSONL).")] = Path(
        "tests/data/checks_dev.jsonl"
    ),
    config: ConfigOption = DEFAULT_CONFIG,
) -> None:
    """Precision and recall per kind of the deterministic checks on a labelled set."""
    cfg = _load(config)
    from claimdiff.evaluate.checks import evaluate_checks
    from claimdiff.facts import load_lexicons

    if not data.exists():
        console.print(f"[red]error:[/red] --data {data}: no such file")
        raise typer.Exit(EXIT_USAGE)
    try:
        report = evaluate_checks(data, load_lexicons(cfg.facts.lexicon_dir), cfg.facts)
    except UnicodeDecodeError as exc:
        console.print(
            f"[red]error:[/red] {data}: not UTF-8 (byte {exc.start}); JSONL must be UTF-8",
            soft_wrap=True,
        )
        raise typer.Exit(EXIT_USAGE) from None
    if report.problems or not report.pairs:
        # scores over what could be read would look like a measurement of the whole set
        for problem in report.problems:
            console.print(
                f"[red]error:[/red] {problem.where}: {problem.message}",
                highlight=False,
                soft_wrap=True,
            )
        if not report.pairs:
            console.print(
                f"[red]error:[/red] {data}: no labelled pairs in the file", soft_wrap=True
            )
        raise typer.Exit(EXIT_USAGE)
    rows = report.as_table()
    table = Table(title=f"deterministic checks on {data}")
    for column in rows[0] if rows else []:
        table.add_column(str(column), justify="right" if column != "kind" else "left")
    for row in rows:
        table.add_row(*(f"{v:.3f}" if isinstance(v, float) else str(v) for v in row.values()))
    out.print(table)
    out.print(f"false-alarm rate on faithful pairs: {report.false_alarm_rate:.3f}")


@eval_app.command("checks-on-nli")
def eval_checks_on_nli(
    data: Annotated[
        list[Path],
        typer.Option("--data", help="NLI set(s): JSONL with premise, hypothesis, label, lang."),
    ],
    config: ConfigOption = DEFAULT_CONFIG,
) -> None:
    """How often the checks fire on public NLI pairs, by gold label (premise = original,
    hypothesis = report): on entailed pairs, a false-alarm ceiling measured on real text."""
    cfg = _load(config)
    from claimdiff.evaluate.checks import evaluate_on_nli_set
    from claimdiff.facts import load_lexicons

    lexicons = load_lexicons(cfg.facts.lexicon_dir)
    for path in data:
        if not path.exists():
            console.print(f"[red]error:[/red] --data {path}: no such file")
            raise typer.Exit(EXIT_USAGE)
        report = evaluate_on_nli_set(path, lexicons, cfg.facts)
        table = Table(title=f"checks on {path}")
        for column in ("gold label", "pairs", "flagged", "rate", "kinds"):
            table.add_column(
                column, justify="left" if column in ("gold label", "kinds") else "right"
            )
        for label, row in report.as_dict()["labels"].items():  # type: ignore[union-attr]
            kinds = ", ".join(
                f"{k} {n}" for k, n in sorted(row["kinds"].items(), key=lambda kv: -kv[1])
            )
            table.add_row(
                label, str(row["pairs"]), str(row["flagged"]), f"{row['rate']:.3f}", kinds
            )
        out.print(table)
        for problem in report.problems:
            console.print(f"[yellow]{problem.where}:[/yellow] {problem.message}", highlight=False)


@eval_app.command("nli")
def eval_nli(
    data: Annotated[
        Path, typer.Option("--data", help="NLI set: JSONL with premise, hypothesis, label, lang.")
    ],
    limit: Annotated[
        int | None, typer.Option("--limit", min=1, help="Only the first N pairs.")
    ] = None,
    config: ConfigOption = DEFAULT_CONFIG,
) -> None:
    """The configured models on an NLI set: translation, NLI confusion matrix and accuracy, and
    how often the judge flags pairs of each gold label (premise = original, hypothesis = report)."""
    cfg = _load(config)
    if not data.exists():
        console.print(f"[red]error:[/red] --data {data}: no such file")
        raise typer.Exit(EXIT_USAGE)
    from claimdiff.evaluate.nli import evaluate_models_on_nli_set

    try:
        report = evaluate_models_on_nli_set(data, cfg, limit)
    except ConfigError as exc:
        console.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(EXIT_USAGE) from None
    from claimdiff.records import NLI_LABELS

    table = Table(title=f"{report.nli_model} on {data} ({report.total} pairs)")
    table.add_column("gold / predicted")
    for label in NLI_LABELS:
        table.add_column(label, justify="right")
    table.add_column("F1", justify="right")
    table.add_column("judge flags", justify="right")
    for gold in NLI_LABELS:
        row = [str(report.confusion[gold][p]) for p in NLI_LABELS]
        table.add_row(gold, *row, f"{report.f1(gold):.3f}", f"{report.flag_rate(gold):.3f}")
    out.print(table)
    out.print(
        f"accuracy {report.accuracy:.3f}, macro F1 {report.macro_f1:.3f}; translation "
        f"{report.translate_seconds:.1f} s ({report.translation_models or 'none'}), "
        f"NLI {report.nli_seconds:.1f} s"
    )
    for problem in report.problems:
        console.print(f"[yellow]{problem.where}:[/yellow] {problem.message}", highlight=False)


def main() -> None:
    """Console entry point: a claimdiff error ends with its message and exit code 1, not a traceback."""
    try:
        app()
    except ClaimdiffError as exc:
        console.print(f"[red]error:[/red] {exc}", highlight=False)
        sys.exit(EXIT_FAILURE)


if __name__ == "__main__":
    main()
