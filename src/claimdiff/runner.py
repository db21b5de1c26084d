"""The steps of one run, each a plain function over a :class:`RunContext`.

The stages themselves (ingest, segment, translate, facts, align, nli, judge, export) are pure
functions in their own modules. A step adds what a nightly run needs around a stage: reading
and writing the store, counting items, timing, and recording per-item problems so that one bad
article never sinks the run. ``pipelines/nightly.py`` composes these steps as Prefect tasks;
a notebook can call them in the same order without Prefect.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from claimdiff import __version__
from claimdiff.align import group_stories, measure_keys, pair_statements
from claimdiff.align.words import alias_map
from claimdiff.checks.apply import compare_statements
from claimdiff.config import Config, FilesSource
from claimdiff.errors import ModelLoadError
from claimdiff.export import export_queue, write_run_json
from claimdiff.facts import extract_facts, fact_keys, load_lexicons
from claimdiff.ingest import ingest_sources
from claimdiff.judge import PairEvidence, judge_pairs
from claimdiff.records import (
    Article,
    Finding,
    NLIScores,
    Pair,
    Problem,
    Severity,
    Statement,
    Story,
)
from claimdiff.store import Store
from claimdiff.text import segment_article

log = logging.getLogger(__name__)

FULL = "full"
CHECKS_ONLY = "checks-only"

# Callables (stage, event) told when a stage starts ("start") and ends ("end"): the CLI's
# progress display listens here, so the steps need not know how progress is shown.
STAGE_LISTENERS: list[Callable[[str, str], None]] = []


@dataclass
class RunContext:
    """State of one run: configuration, store, loaded models and the run's bookkeeping."""

    config: Config
    store: Store
    run_id: str
    mode: str
    out_dir: Path
    lexicons: Any
    translators: dict[str, Any] = field(default_factory=dict)
    nli: Any = None
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    cache: dict[str, dict[str, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    source_stats: list[Any] = field(default_factory=list)
    _keys: dict[str, set[str]] = field(default_factory=dict)
    _aliases: dict[str, str] = field(default_factory=dict)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Time a stage and log its start and end."""
        log.info("stage %s: started", name)
        for listener in STAGE_LISTENERS:
            listener(name, "start")
        started = time.perf_counter()
        try:
            yield
        finally:
            self.timings[name] = round(
                self.timings.get(name, 0.0) + time.perf_counter() - started, 3
            )
            log.info("stage %s: %.2fs", name, self.timings[name])
            for listener in STAGE_LISTENERS:
                listener(name, "end")

    def count(self, stage: str, **values: int) -> None:
        bucket = self.counts.setdefault(stage, {})
        for key, value in values.items():
            bucket[key] = bucket.get(key, 0) + value

    def problem(self, stage: str, where: str, message: str, item_id: str | None = None) -> None:
        self.problems.append(Problem(stage, where, message, item_id))
        log.warning("%s: %s: %s", stage, where, message)

    def keys(self, statement: Statement) -> set[str]:
        """Language-neutral keys (numbers, names) of a statement, computed once per run."""
        if statement.statement_id not in self._keys:
            self._keys[statement.statement_id] = fact_keys(
                statement.text, statement.lang, self.lexicons, self.config.facts
            )
        return self._keys[statement.statement_id]

    @property
    def aliases(self) -> dict[str, str]:
        """Surface -> canonical name of the names lexicon, for the align stage (built once)."""
        if not self._aliases:
            self._aliases.update(alias_map(self.lexicons))
        return self._aliases

    def measures(self, statement: Statement) -> set[str]:
        """What a statement's quantities measure (units, counted nouns), for pairing."""
        facts = extract_facts(statement.text, statement.lang, self.lexicons, self.config.facts)
        return measure_keys(facts.quantities)

    @property
    def translation_models(self) -> dict[str, str]:
        return {lang: t.model_id for lang, t in self.translators.items()}

    @property
    def nli_model(self) -> str:
        return self.nli.model_id if self.nli is not None else ""


def new_run_id() -> str:
    """Time-ordered run id: sortable in listings, unique across machines."""
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ-") + uuid.uuid4().hex[:6]


def with_input(config: Config, input_path: str | Path | None) -> Config:
    """`--input` replaces the configured sources with one JSONL file or directory."""
    if input_path is None:
        return config
    return config.model_copy(update={"sources": [FilesSource(type="files", path=Path(input_path))]})


def open_run(config: Config, out_dir: str | Path | None = None) -> RunContext:
    """Open the store, load the lexicons and start the run record (models come later, and only
    when there is new work: a night with nothing new never imports torch)."""
    store = Store(config.store)
    lexicons = load_lexicons(config.facts.lexicon_dir)
    ctx = RunContext(
        config=config,
        store=store,
        run_id=new_run_id(),
        mode=CHECKS_ONLY,
        out_dir=Path(out_dir) if out_dir is not None else config.export.dir,
        lexicons=lexicons,
    )
    store.start_run(ctx.run_id, "pending")
    log.info("run %s started", ctx.run_id)
    return ctx


def step_load_models(ctx: RunContext, no_models: bool = False) -> None:
    """Load the translation and NLI models (full mode), or settle on checks-only."""
    with ctx.stage("load_models"):
        _load_models(ctx, no_models)
    log.info("run %s: %s mode", ctx.run_id, ctx.mode)


def _load_models(ctx: RunContext, no_models: bool) -> None:
    models = ctx.config.models
    if no_models or models is None:
        ctx.notices.append("checks-only: models are switched off; no translation or NLI runs")
        return
    # Imported here: torch and transformers take seconds to import, checks-only runs need neither.
    from claimdiff.nli import load_nli
    from claimdiff.translate import load_translator

    try:
        translators = {
            lang: load_translator(name, lang, models, ctx.config.translate)
            for lang, name in models.translation.items()
        }
        nli = load_nli(models.nli, models, ctx.config.nli)
    except ModelLoadError as exc:
        if models.when_missing == "fail":
            raise
        ctx.notices.append(
            f"checks-only: {exc.model} could not be loaded, so no translation or NLI runs "
            "(models: auto). Run `claimdiff models pull` on a machine with internet for full mode."
        )
        log.info("%s", exc)
        return
    ctx.translators, ctx.nli, ctx.mode = translators, nli, FULL


# --- steps -----------------------------------------------------------------------------------


def step_ingest(ctx: RunContext) -> list[Article]:
    """Ingest the sources; store what is new; return the articles to process this run.

    Those are the new articles plus stored ones within the story window of a new one, so a
    report arriving tonight is still compared with an original stored last night. An empty
    list means nothing new arrived.
    """
    with ctx.stage("ingest"):
        report = ingest_sources(ctx.config.sources, ctx.config.fetch, ctx.store, ctx.config.ingest)
        ctx.problems.extend(report.problems)  # failures and notices (robots.txt skips) alike
        failed = sum(stat.failed for stat in report.stats)
        new_ids = {a.article_id for a in report.articles} - ctx.store.known_article_ids(
            a.article_id for a in report.articles
        )
        added = ctx.store.add_articles(report.articles, ctx.run_id)
        new_articles = [
            a for a in report.articles if a.article_id in new_ids and a.duplicate_of is None
        ]
        ctx.count(
            "ingest",
            read=sum(stat.fetched + stat.duplicate + stat.failed for stat in report.stats),
            new=added,
            # copies of a kept article and the same article read twice this run
            duplicates=sum(stat.duplicate for stat in report.stats),
            skipped=sum(stat.skipped for stat in report.stats),
            failed=failed,
        )
        ctx.source_stats = list(report.stats)
        if not new_articles:
            return []
        context = window_articles(ctx.store, new_articles, ctx.config.align.window_days)
        ctx.count("ingest", in_window=len(context))
        return new_articles + context


def window_articles(store: Store, new: Sequence[Article], window_days: float) -> list[Article]:
    """Stored articles to compare tonight's ``new`` ones with: kept articles published within
    ``window_days`` of a new one (undated ones: of tonight; see ``Store.articles_near``), except
    the new ones themselves and earlier versions of a URL whose text changed (superseded)."""
    new_ids = {a.article_id for a in new}
    new_urls = {a.canonical_url for a in new}
    now = datetime.now(timezone.utc)
    return [
        article
        for article in store.articles_near([a.published_at or now for a in new], window_days)
        if article.article_id not in new_ids and article.canonical_url not in new_urls
    ]


def step_segment(ctx: RunContext, articles: Sequence[Article]) -> list[Statement]:
    """Split articles into statements; an article that fails is recorded and skipped."""
    statements: list[Statement] = []
    with ctx.stage("segment"):
        for article in articles:
            try:
                statements.extend(segment_article(article, ctx.config.segment))
            except Exception as exc:  # per-item policy: record and go on
                ctx.problem(
                    "segment",
                    article.source or article.url,
                    f"cannot segment: {exc}",
                    article.article_id,
                )
        added = ctx.store.add_statements(statements)
        ctx.count(
            "segment",
            articles=len(articles),
            statements=len(statements),
            new=added,
            failed=sum(p.stage == "segment" for p in ctx.problems),
        )
    return statements


def step_translate(ctx: RunContext, statements: Sequence[Statement]) -> list[Statement]:
    """English for every statement: translated (cached) in full mode, English passes through."""
    with ctx.stage("translate"):
        if ctx.mode == FULL:
            from claimdiff.translate import translate_statements

            translated, stats = translate_statements(list(statements), ctx.translators, ctx.store)
            ctx.cache["translation"] = {"hits": stats.hits, "misses": stats.misses}
        else:
            translated = [replace(s, text_en=s.text) if s.lang == "en" else s for s in statements]
        ctx.store.set_translations(translated)
        ctx.count(
            "translate",
            statements=len(translated),
            translated=sum(s.text_en is not None and s.lang != "en" for s in translated),
        )
    return translated


def step_align(
    ctx: RunContext, articles: Sequence[Article], statements: Sequence[Statement]
) -> tuple[list[Story], list[Pair]]:
    """Group articles into stories and pair report statements with original statements."""
    with ctx.stage("align"):
        stories = group_stories(
            articles, statements, ctx.keys, ctx.config.align, aliases=ctx.aliases
        )
        pairs = pair_statements(
            stories,
            statements,
            ctx.keys,
            ctx.config.align,
            measures_fn=ctx.measures,
            aliases=ctx.aliases,
        )
        ctx.store.add_stories(stories)
        ctx.store.add_pairs(pairs)
        ctx.count("align", stories=len(stories), pairs=len(pairs))
    return stories, pairs


def step_nli(
    ctx: RunContext, pairs: Sequence[Pair], statements: Sequence[Statement]
) -> dict[str, NLIScores]:
    """NLI probabilities per pair id (empty in checks-only mode)."""
    if ctx.mode != FULL or not pairs:
        return {}
    from claimdiff.nli import classify_pairs

    with ctx.stage("nli"):
        by_id = {s.statement_id: s for s in statements}
        scores, stats = classify_pairs(list(pairs), by_id, ctx.nli, ctx.store)
        ctx.cache["nli"] = {"hits": stats.hits, "misses": stats.misses}
        ctx.count("nli", pairs=len(pairs), scored=len(scores))
    return scores


def step_judge(
    ctx: RunContext,
    pairs: Sequence[Pair],
    statements: Sequence[Statement],
    scores: dict[str, NLIScores],
) -> list[Finding]:
    """Fact checks per pair, then the judge; store the findings."""
    by_id = {s.statement_id: s for s in statements}
    evidence = []
    with ctx.stage("judge"):
        for pair in pairs:
            original, report = by_id[pair.original_id], by_id[pair.report_id]
            try:
                checks = tuple(compare_statements(original, report, ctx.lexicons, ctx.config.facts))
            except Exception as exc:  # per-item policy: the pair is judged on NLI alone
                ctx.problem("facts", pair.pair_id, f"fact checks failed: {exc}", pair.pair_id)
                checks = ()
            evidence.append(PairEvidence(pair, original, report, scores.get(pair.pair_id), checks))
        findings = judge_pairs(evidence, ctx.config.judge, nli_model=ctx.nli_model)
        new = ctx.store.upsert_findings(findings, ctx.run_id)
        ctx.count(
            "judge",
            pairs=len(pairs),
            findings=len(findings),
            new=new,
            checks_failed=sum(p.stage == "facts" for p in ctx.problems),
        )
    return findings


def step_export(ctx: RunContext, findings: Sequence[Finding] | None) -> dict[str, Any]:
    """Write the open review queue. With ``findings=None`` (nothing new arrived) the open queue
    of earlier runs is exported again, so the morning's file is always there."""
    with ctx.stage("export"):
        if findings is None:
            stored = ctx.store.findings()
        else:
            stored = ctx.store.findings([f.finding_id for f in findings])
        queue = [f for f in stored if f.is_open]
        result = export_queue(ctx.store, ctx.out_dir, ctx.run_id, queue, ctx.config.export.parquet)
        by_severity = {s.value: sum(f.finding.severity == s for f in queue) for s in Severity}
        ctx.count("export", flagged=len(queue), withheld_reviewed=len(stored) - len(queue))
        ctx.counts["findings_by_severity"] = by_severity
    return result


def finish_run(
    ctx: RunContext, outputs: dict[str, Any], nothing_new: bool = False
) -> dict[str, Any]:
    """Decide the run's status, write run.json and close the store; returns the summary."""
    if nothing_new:
        ctx.notices.append("no new articles: no models were loaded and nothing was judged")
    failed_stages = _failed_stages(ctx)
    status = (
        "failed" if failed_stages else ("completed_with_warnings" if ctx.problems else "completed")
    )
    summary = {
        "run_id": ctx.run_id,
        "claimdiff_version": __version__,
        "mode": ctx.mode,
        "status": status,
        "nothing_new": nothing_new,
        "notices": ctx.notices,
        "models": _model_info(ctx),
        "counts": ctx.counts,
        "sources": [asdict(stat) for stat in ctx.source_stats],
        "cache": ctx.cache,
        "timings_s": ctx.timings,
        "failed_stages": failed_stages,
        "errors": [
            {"stage": p.stage, "where": p.where, "message": p.message, "item_id": p.item_id}
            for p in ctx.problems
        ],
        "outputs": {**outputs, "run_json": str(ctx.out_dir / "run.json")},
    }
    write_run_json(summary, ctx.out_dir / "run.json")
    ctx.store.record_problems(ctx.run_id, ctx.problems)
    ctx.store.finish_run(ctx.run_id, status, summary)
    ctx.store.close()
    return summary


def _failed_stages(ctx: RunContext) -> list[str]:
    """Stages that lost more than the configured share of their items."""
    lost_of_total = {
        "ingest": ("failed", "read"),
        "segment": ("failed", "articles"),
        "judge": ("checks_failed", "pairs"),
    }
    failed = []
    for stage, (lost_key, total_key) in lost_of_total.items():
        counts = ctx.counts.get(stage, {})
        total = counts.get(total_key, 0)
        if total and counts.get(lost_key, 0) / total > ctx.config.run.max_failure_share:
            failed.append(stage)
    return failed


def _model_info(ctx: RunContext) -> dict[str, Any]:
    if ctx.mode != FULL:
        return {}
    return {
        "translation": ctx.translation_models,
        "nli": {"model": ctx.nli_model, "label_map": getattr(ctx.nli, "label_map", {})},
    }
