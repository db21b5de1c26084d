"""The steps of one run: each a plain function from typed inputs to a small typed result.

The stages themselves (ingest, segment, translate, facts, align, nli, judge, export) are pure
functions in their own modules. A step adds what a nightly run needs around a stage: it reads
its input from the store and writes its output back, counts items, times itself and records
per-item problems, so one bad article never sinks the run. Steps hand each other ids and
counts (:class:`StageResult`), never the records themselves: the store holds those.

``claimdiff_pipelines/nightly.py`` composes the steps as Prefect tasks; :func:`run_steps`
composes them in plain Python (tests, notebooks). Stage start and end events go to an
optional ``on_stage(stage, event)`` callback. The results the steps return are in
:mod:`claimdiff.results`; the run's summary built from them, in :mod:`claimdiff.summary`.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from claimdiff.align import (
    article_keys,
    keys_stamp,
    measure_keys,
    pair_statements,
    stories_from_keys,
)
from claimdiff.align.words import NameKeys, alias_map
from claimdiff.checks.apply import run_checks
from claimdiff.config import Config, FilesSource
from claimdiff.errors import ModelLoadError, RunFailed
from claimdiff.facts import facts_fingerprint, keys_of, load_lexicons
from claimdiff.facts.lexicons import BUNDLED_DIR, Lexicons
from claimdiff.facts.records import Facts
from claimdiff.ingest import ingest_sources
from claimdiff.judge import PairEvidence, judge_pairs
from claimdiff.lock import lock_target, store_lock
from claimdiff.outputs.review_csv import export_queue
from claimdiff.parallel import TextKey, cpu_workers, extract_many, segment_many
from claimdiff.preflight import check_run
from claimdiff.records import (
    Article,
    NLIScores,
    Pair,
    Problem,
    RunSummary,
    Severity,
    Stage,
    Statement,
    text_hash,
)
from claimdiff.results import (
    CHECKS_ONLY,
    FULL,
    AlignResult,
    ExportResult,
    IngestResult,
    JudgeResult,
    Models,
    ModelsResult,
    RunInfo,
    StageListener,
    StageResult,
)
from claimdiff.store import Store
from claimdiff.summary import fail_run, finish_run, summarize

log = logging.getLogger(__name__)


class _Clock:
    """Start time and duration of a step, filled in by :func:`_timed`."""

    started_at = 0.0
    seconds = 0.0

    @property
    def times(self) -> dict[str, float]:
        """The fields of a :class:`StageResult` that say when the step ran."""
        return {"started_at": self.started_at, "seconds": self.seconds}


@contextmanager
def _timed(stage: Stage, on_stage: StageListener | None) -> Iterator[_Clock]:
    clock = _Clock()
    log.info("stage %s: started", stage)
    if on_stage is not None:
        on_stage(stage, "start")
    clock.started_at = time.time()
    started = time.perf_counter()
    try:
        yield clock
    finally:
        clock.seconds = round(time.perf_counter() - started, 3)
        log.info("stage %s: %.2fs", stage, clock.seconds)
        if on_stage is not None:
            on_stage(stage, "end")


# --- start ------------------------------------------------------------------------------------


def new_run_id() -> str:
    """Time-ordered run id: sortable in listings, unique across machines."""
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ-") + uuid.uuid4().hex[:6]


def with_input(config: Config, input_path: str | Path | None) -> Config:
    """`--input` replaces the configured sources with one JSONL file or directory."""
    if input_path is None:
        return config
    return config.model_copy(update={"sources": [FilesSource(type="files", path=Path(input_path))]})


def start_run(
    config: Config, out_dir: str | Path | None = None, launched_at: float | None = None
) -> RunInfo:
    """A new run's identity (nothing is written yet: see :func:`open_run`)."""
    return RunInfo(
        run_id=new_run_id(),
        out_dir=Path(out_dir) if out_dir is not None else config.export.dir,
        store=config.store,
        launched_at=launched_at if launched_at is not None else time.time(),
    )


def open_run(run: RunInfo) -> None:
    """Record the run as started; close as failed any run whose process died (the caller
    holds the store's run lock, so no other run is live)."""
    with Store(run.store) as store:
        stale = store.close_stale_runs("the run's process ended before it finished (killed?)")
        if stale:
            log.warning("closed %d run(s) whose process died as failed", stale)
        store.start_run(run.run_id, "pending")
    log.info("run %s started", run.run_id)


# --- steps -----------------------------------------------------------------------------------


def step_load_models(
    config: Config, no_models: bool = False, on_stage: StageListener | None = None
) -> ModelsResult:
    """Load the translation and NLI models (full mode), or settle on checks-only."""
    with _timed(Stage.LOAD_MODELS, on_stage) as clock:
        models = _load_models(config, no_models)
    log.info("%s mode", models.mode)
    return ModelsResult(stage=Stage.LOAD_MODELS, models=models, **clock.times)


def _load_models(config: Config, no_models: bool) -> Models:
    models = config.models
    if no_models or models is None:
        return Models(notices=("checks-only: models are switched off; no translation or NLI runs",))
    # Imported here: torch and transformers take seconds to import, checks-only runs need neither.
    from claimdiff.nli import load_nli
    from claimdiff.translate import load_translator

    try:
        translators = {
            lang: load_translator(name, lang, models, config.translate)
            for lang, name in models.translation.items()
        }
        nli = load_nli(models.nli, models, config.nli)
    except ModelLoadError as exc:
        if models.when_missing == "fail":
            raise
        log.info("%s", exc)
        return Models(
            notices=(
                f"checks-only: {exc.model} could not be loaded, so no translation or NLI runs "
                "(models: auto). Run `claimdiff models pull` on a machine with internet for full "
                "mode.",
            )
        )
    return Models(mode=FULL, translators=translators, nli=nli)


def step_ingest(
    run: RunInfo, config: Config, on_stage: StageListener | None = None
) -> IngestResult:
    """Ingest the sources; store what is new; name the articles to process this run.

    Those are the new articles, the stored ones that no run finished (a run killed or failed
    after ingest: every run resumes them), and stored ones within the story window of either,
    so a report arriving tonight is still compared with an original stored last night. No ids
    means nothing new or unfinished.
    """
    with _timed(Stage.INGEST, on_stage) as clock, Store(run.store) as store:
        report = ingest_sources(config.sources, config.fetch, store, ingest=config.ingest)
        failed = sum(stat.failed for stat in report.stats)
        new_ids = {a.article_id for a in report.articles} - store.known_article_ids(
            a.article_id for a in report.articles
        )
        added = store.add_articles(report.articles, run.run_id)
        new_articles = [
            a for a in report.articles if a.article_id in new_ids and a.duplicate_of is None
        ]
        counts = {
            "read": sum(stat.fetched + stat.duplicate + stat.failed for stat in report.stats),
            "new": added,
            # copies of a kept article and the same article read twice this run
            "duplicates": sum(stat.duplicate for stat in report.stats),
            "skipped": sum(stat.skipped for stat in report.stats),
            "failed": failed,
        }
        new_kept = {a.article_id for a in new_articles}
        unfinished = [i for i in store.articles_lacking(Stage.EXPORT) if i not in new_kept]
        if unfinished:
            counts["unfinished"] = len(unfinished)
        todo = [*new_articles, *_articles_in_order(store, unfinished)]
        ids: list[str] = []
        if todo:
            context = window_articles(store, todo, config.align.window_days)
            counts["in_window"] = len(context)
            ids = [a.article_id for a in [*todo, *context]]
    return IngestResult(
        stage=Stage.INGEST,
        counts=counts,
        problems=tuple(report.problems),  # failures and notices (robots.txt skips) alike
        article_ids=tuple(ids),
        sources=tuple(asdict(stat) for stat in report.stats),
        **clock.times,
    )


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


def _articles_in_order(store: Store, article_ids: Sequence[str]) -> list[Article]:
    position = {aid: i for i, aid in enumerate(article_ids)}
    return sorted(store.articles(article_ids), key=lambda a: position[a.article_id])


def _statements_in_order(store: Store, article_ids: Sequence[str]) -> list[Statement]:
    """The articles' statements as stored (with their English), article by article."""
    position = {aid: i for i, aid in enumerate(article_ids)}
    found = store.statements(article_ids)
    return sorted(found, key=lambda s: (position[s.article_id], s.index))


def _not_done(
    store: Store, article_ids: Sequence[str], stage: Stage, models: str | None = None
) -> list[str]:
    """The articles among ``article_ids`` that ``stage`` has not finished, in their order."""
    lacking = set(store.articles_lacking(stage, models))
    return [a for a in article_ids if a in lacking]


def step_segment(
    run: RunInfo,
    config: Config,
    article_ids: Sequence[str],
    on_stage: StageListener | None = None,
) -> StageResult:
    """Split the articles into statements; an article that fails is recorded and skipped."""
    statements: list[Statement] = []
    problems: list[Problem] = []
    with _timed(Stage.SEGMENT, on_stage) as clock, Store(run.store) as store:
        # the window's older articles were segmented on their night
        articles = _articles_in_order(store, _not_done(store, article_ids, Stage.SEGMENT))
        workers = cpu_workers(config.run.cpu_workers)
        for article, found in zip(
            articles, segment_many(articles, config.segment, workers), strict=True
        ):
            if isinstance(found, str):  # per-item policy: record and go on
                where = article.source or article.url
                problems.append(Problem(Stage.SEGMENT, where, found, article.article_id))
                log.warning("segment: %s: %s", where, found)
                continue
            statements.extend(found)
        added = store.add_statements(statements)
        store.mark_done(article_ids, Stage.SEGMENT, "", run.run_id)
    counts = {
        "articles": len(articles),
        "statements": len(statements),
        "new": added,
        "failed": len(problems),
    }
    return StageResult(
        stage=Stage.SEGMENT,
        counts=counts,
        problems=tuple(problems),
        **clock.times,
    )


def _english_of(statement: Statement) -> tuple[str | None, str | None, bool]:
    return statement.text_en, statement.translation_model, statement.translation_truncated


def step_translate(
    run: RunInfo,
    models: Models,
    article_ids: Sequence[str],
    on_stage: StageListener | None = None,
) -> StageResult:
    """English for every statement: translated (cached) in full mode, English passes through."""
    cache = None
    with _timed(Stage.TRANSLATE, on_stage) as clock, Store(run.store) as store:
        todo = _not_done(store, article_ids, Stage.TRANSLATE, models.key)
        if models.mode == FULL:
            from claimdiff.translate import translate_statements

            statements = _statements_in_order(store, todo)
            translated, stats = translate_statements(statements, dict(models.translators), store)
            cache = stats.as_dict()
            stored = {s.statement_id: _english_of(s) for s in statements}
            # only rows whose English changes are written
            changed = [t for t in translated if stored.get(t.statement_id) != _english_of(t)]
            store.set_translations(changed)
            changed_articles = {t.article_id for t in changed}
            counts = {
                "statements": len(translated),
                "translated": sum(s.text_en is not None and s.lang != "en" for s in translated),
            }
        else:
            # Checks-only: English is its own English; other languages have none this run.
            # Done in the store: reading 300k statements to copy a column cost 20 s at 20k.
            total, changed_articles = store.english_as_is(todo)
            counts = {"statements": total, "translated": 0}
        store.forget_done(changed_articles, Stage.FACTS)
        store.mark_done(article_ids, Stage.TRANSLATE, models.key, run.run_id)
    return StageResult(
        stage=Stage.TRANSLATE,
        counts=counts,
        cache=cache,
        **clock.times,
    )


# (lexicon dir, the files' paths, sizes and mtimes) -> lexicons: facts, align and judge each
# need them, and loading them is 2-3 s (YAML, validation, pattern compilation) per step
_LEXICONS: dict[tuple[Any, ...], Lexicons] = {}


def _lexicons(config: Config) -> Lexicons:
    """:func:`load_lexicons` of ``facts.lexicon_dir``, loaded again only when a file changed
    (a long-lived process such as ``claimdiff serve`` sees a reviewer's edit)."""
    extra = config.facts.lexicon_dir
    files = [*BUNDLED_DIR.rglob("*.yaml"), *(Path(extra).rglob("*.yaml") if extra else [])]
    stats = [(str(f), f.stat().st_size, f.stat().st_mtime_ns) for f in sorted(files)]
    key = (str(extra), tuple(stats))
    if key not in _LEXICONS:
        _LEXICONS.clear()
        _LEXICONS[key] = load_lexicons(extra)
    return _LEXICONS[key]


def step_facts(
    run: RunInfo,
    config: Config,
    article_ids: Sequence[str],
    on_stage: StageListener | None = None,
) -> StageResult:
    """The facts of every statement (and of its English), computed once and stored: align and
    judge read them. Facts stored under the same English and fingerprint (code, lexicons,
    config) are kept; a statement whose extraction fails is recorded and left without facts
    (it pairs on nothing and is judged on NLI alone)."""
    problems: list[Problem] = []
    computed = 0
    with _timed(Stage.FACTS, on_stage) as clock, Store(run.store) as store:
        lexicons = _lexicons(config)
        stamp = facts_fingerprint(lexicons, config.facts)
        # the window's older articles were done under this fingerprint on their night (translate
        # forgets that of an article whose English it changes): only the others are read
        todo = _not_done(store, article_ids, Stage.FACTS, stamp)
        statements = _statements_in_order(store, todo)
        # a window's statements were mostly done last night: one pass over their hashes
        need: list[tuple[Statement, str]] = []
        for chunk in _chunks(statements, _FACTS_CHUNK):
            stored = store.facts_hashes(s.statement_id for s in chunk)
            for statement in chunk:
                source = text_hash(f"{stamp}\0{statement.text_en or ''}")
                if stored.get(statement.statement_id) != source:
                    need.append((statement, source))
        # facts depend on the text, its language and its English only: a sentence repeated
        # across the night (boilerplate, quotes, wire copy) is read once
        keys = list(dict.fromkeys((s.lang, s.text, s.text_en) for s, _ in need))
        workers = cpu_workers(config.run.cpu_workers)
        outcomes = extract_many(keys, lexicons, config.facts, workers)
        for chunk in _chunks(need, _FACTS_CHUNK):
            rows = []
            for statement, source in chunk:
                outcome = outcomes[(statement.lang, statement.text, statement.text_en)]
                if isinstance(outcome, str):  # per-item policy: record and go on
                    sid = statement.statement_id
                    problems.append(Problem(Stage.FACTS, sid, outcome, sid))
                    log.warning("facts: %s: %s", sid, outcome)
                    continue
                rows.append((statement.statement_id, source, outcome))
            computed += store.put_facts(rows)
        _put_story_keys(store, config, lexicons, stamp, statements, outcomes)
        store.mark_done(article_ids, Stage.FACTS, stamp, run.run_id)
    counts = {
        "statements": len(statements),
        "computed": computed,
        "failed": len(problems),
    }
    return StageResult(stage=Stage.FACTS, counts=counts, problems=tuple(problems), **clock.times)


_FACTS_CHUNK = 2000  # statements per store round trip (bounded memory on big windows)


def _put_story_keys(
    store: Store,
    config: Config,
    lexicons: Lexicons,
    stamp: str,
    statements: Sequence[Statement],
    outcomes: Mapping[TextKey, Facts | str],
) -> None:
    """Store the story keys of the articles whose facts were all computed now, while they are
    in memory: align then reads these keys instead of every statement and its facts again
    (at 20,000 articles that second reading was a third of align). Align computes the keys of
    any other article itself, from the stored facts."""
    by_article: dict[str, list[Statement]] = {}
    for statement in statements:
        by_article.setdefault(statement.article_id, []).append(statement)
    complete = [
        aid
        for aid, group in by_article.items()
        if all((s.lang, s.text, s.text_en) in outcomes for s in group)
    ]
    if not complete:
        return
    names = NameKeys(alias_map(lexicons))

    def keys_fn(statement: Statement) -> set[str]:
        outcome = outcomes[(statement.lang, statement.text, statement.text_en)]
        return set() if isinstance(outcome, str) else keys_of(outcome, config.facts)

    for chunk in _chunks(complete, _FACTS_CHUNK // 2):
        group = [s for aid in chunk for s in by_article[aid]]
        store.put_article_keys(keys_stamp(stamp), article_keys(chunk, group, keys_fn, names))


def _chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def step_align(
    run: RunInfo,
    config: Config,
    article_ids: Sequence[str],
    on_stage: StageListener | None = None,
) -> AlignResult:
    """Group the articles into stories and pair report statements with original statements,
    on the stored facts' keys (numbers, names) and measures (units, counted nouns).

    The articles no run finished are the new ones (a run killed after align redoes them):
    the stories they touch are clustered again (keeping their ids), the rest of the window
    stays as stored, and only pairs with a new article's statement are made. Each article's story keys are stored, so the window's
    older articles cost a lookup, not their statements."""
    with _timed(Stage.ALIGN, on_stage) as clock, Store(run.store) as store:
        lexicons = _lexicons(config)
        names = NameKeys(alias_map(lexicons))  # one memo for stories and pairs
        stamp = keys_stamp(facts_fingerprint(lexicons, config.facts))
        fresh = set(store.articles_lacking(Stage.EXPORT)).intersection(article_ids)
        articles = _articles_in_order(store, article_ids)
        keys = store.article_keys(stamp, article_ids)
        missing = [a for a in articles if a.article_id not in keys]
        stored_facts = _StoredFacts(store, config)
        for chunk in _chunks(missing, _FACTS_CHUNK // 2):
            ids = [a.article_id for a in chunk]
            statements = _statements_in_order(store, ids)
            stored_facts.load(statements)
            computed = article_keys(chunk, statements, stored_facts.keys, names)
            store.put_article_keys(stamp, computed)
            keys.update(computed)
        existing = store.stories_of(article_ids)
        stories = stories_from_keys(articles, keys, config.align, existing, fresh)
        members = [a for s in stories for a in s.article_ids]
        statements = _statements_in_order(store, members)
        stored_facts.load(statements)
        pairs = pair_statements(
            stories,
            statements,
            stored_facts.keys,
            config.align,
            measures_fn=stored_facts.measures,
            new_article_ids=fresh,
            aliases=names,
        )
        store.add_stories(stories, run.run_id)
        store.add_pairs(pairs)
        store.mark_done(article_ids, Stage.ALIGN, "", run.run_id)
    return AlignResult(
        stage=Stage.ALIGN,
        counts={"stories": len(stories), "pairs": len(pairs), "new_articles": len(fresh)},
        pair_ids=tuple(p.pair_id for p in pairs),
        **clock.times,
    )


class _StoredFacts:
    """Keys and measures of statements from their stored facts (:meth:`load` them first; a
    statement without stored facts has none)."""

    def __init__(self, store: Store, config: Config) -> None:
        self._store, self._config = store, config
        self._keys: dict[str, set[str]] = {}
        self._measures: dict[str, set[str]] = {}

    def load(self, statements: Sequence[Statement]) -> None:
        """Read the stored facts of the statements not read yet."""
        todo = [s.statement_id for s in statements if s.statement_id not in self._keys]
        for chunk in _chunks(todo, _FACTS_CHUNK):
            found = self._store.facts_by_id(chunk)
            for sid in chunk:
                facts = found.get(sid)
                self._keys[sid] = keys_of(facts, self._config.facts) if facts else set()
                self._measures[sid] = (
                    measure_keys(facts.quantities, facts.dates) if facts else set()
                )

    def keys(self, statement: Statement) -> set[str]:
        """Language-neutral keys of a statement (numbers, names)."""
        return self._keys.get(statement.statement_id, set())

    def measures(self, statement: Statement) -> set[str]:
        """What a statement's quantities measure (units, counted nouns), for pairing."""
        return self._measures.get(statement.statement_id, set())


def step_nli(
    run: RunInfo,
    models: Models,
    pair_ids: Sequence[str],
    on_stage: StageListener | None = None,
) -> StageResult | None:
    """NLI probabilities for the pairs, into the store's NLI cache (None in checks-only mode,
    when the stage does not run)."""
    if models.mode != FULL or not pair_ids:
        return None
    from claimdiff.nli import classify_pairs

    with _timed(Stage.NLI, on_stage) as clock, Store(run.store) as store:
        pairs = store.pairs_by_id(pair_ids)
        by_id = store.statements_by_id(i for p in pairs for i in (p.original_id, p.report_id))
        scores, stats = classify_pairs(pairs, by_id, models.nli, store)
    return StageResult(
        stage=Stage.NLI,
        counts={"pairs": len(pairs), "scored": len(scores)},
        cache=stats.as_dict(),
        **clock.times,
    )


def _stored_scores(
    store: Store, model_id: str, pairs: Sequence[Pair], by_id: Mapping[str, Statement]
) -> dict[str, NLIScores]:
    """NLI scores of the pairs from the store's cache, keyed as ``classify_pairs`` stores them
    (premise = the original's English, hypothesis = the report's)."""
    keys = {
        p.pair_id: (
            text_hash(by_id[p.original_id].text_en or ""),
            text_hash(by_id[p.report_id].text_en or ""),
        )
        for p in pairs
    }
    cached = store.get_nli(model_id, keys.values())
    return {pid: cached[key] for pid, key in keys.items() if key in cached}


def step_judge(
    run: RunInfo,
    config: Config,
    models: Models,
    pair_ids: Sequence[str],
    article_ids: Sequence[str] = (),
    on_stage: StageListener | None = None,
) -> JudgeResult:
    """Fact checks per pair, then the judge; store the findings (``article_ids``: the
    articles the pairs come from, recorded as judged)."""
    problems: list[Problem] = []
    with _timed(Stage.JUDGE, on_stage) as clock, Store(run.store) as store:
        lexicons = _lexicons(config)
        pairs = store.pairs_by_id(pair_ids)
        by_id = store.statements_by_id(i for p in pairs for i in (p.original_id, p.report_id))
        scores = _stored_scores(store, models.nli_model, pairs, by_id) if models.nli else {}
        facts = store.facts_by_id(by_id)
        evidence = []
        for pair in pairs:
            original, report = by_id[pair.original_id], by_id[pair.report_id]
            sides = facts.get(pair.original_id), facts.get(pair.report_id)
            try:
                if sides[0] is None or sides[1] is None:
                    raise ValueError("a statement has no stored facts (see the facts stage)")
                checks = tuple(run_checks(sides[0], sides[1], lexicons, config.facts))
            except Exception as exc:  # per-item policy: the pair is judged on NLI alone
                message = f"fact checks failed: {exc}"
                problems.append(Problem(Stage.FACTS, pair.pair_id, message, pair.pair_id))
                log.warning("facts: %s: %s", pair.pair_id, message)
                checks = ()
            evidence.append(PairEvidence(pair, original, report, scores.get(pair.pair_id), checks))
        findings = judge_pairs(evidence, config.judge, nli_model=models.nli_model)
        new = store.upsert_findings(findings, run.run_id)
        store.mark_done(article_ids, Stage.JUDGE, models.key, run.run_id)
    # (the same shape as segment's counts and result: each step names its own counts; a pair
    # of literals, no shared logic to factor out)
    counts = {
        "pairs": len(pairs),
        "findings": len(findings),
        "new": new,
        "checks_failed": len(problems),
    }
    return JudgeResult(
        stage=Stage.JUDGE,
        counts=counts,
        problems=tuple(problems),
        finding_ids=tuple(f.finding_id for f in findings),
        **clock.times,
    )


def step_export(
    run: RunInfo,
    config: Config,
    finding_ids: Sequence[str] | None,
    article_ids: Sequence[str] = (),
    models_key: str = CHECKS_ONLY,
    on_stage: StageListener | None = None,
) -> ExportResult:
    """Write the open review queue; record ``article_ids`` as finished (the next run resumes
    any article a run did not get this far with). With ``finding_ids=None`` (nothing new
    arrived) the open queue of earlier runs is exported again, so the morning's file is always
    there."""
    with _timed(Stage.EXPORT, on_stage) as clock, Store(run.store) as store:
        stored = store.findings(None if finding_ids is None else list(finding_ids))
        queue = [f for f in stored if f.is_open]
        outputs = export_queue(store, run.out_dir, run.run_id, queue, config.export.parquet)
        store.mark_done(article_ids, Stage.EXPORT, models_key, run.run_id)
    notice = outputs.pop("notice", None)
    by_severity = {s.value: sum(f.finding.severity == s for f in queue) for s in Severity}
    return ExportResult(
        stage=Stage.EXPORT,
        counts={"flagged": len(queue), "withheld_reviewed": len(stored) - len(queue)},
        outputs=outputs,
        by_severity=by_severity,
        notices=(notice,) if notice else (),
        **clock.times,
    )


def run_steps(
    config: Config,
    out_dir: str | Path | None = None,
    no_models: bool = False,
    on_stage: StageListener | None = None,
    wait: bool = False,
) -> RunSummary:
    """One whole run in plain Python, the same composition as the Prefect flow: pre-flight
    checks, the store's lock, the steps. Raises :class:`RunFailed` (run.json written, run
    closed) when the run failed."""
    out = Path(out_dir) if out_dir is not None else config.export.dir
    check_run(config, out, check_models=not no_models)
    with store_lock(lock_target(config), wait=wait):
        run = start_run(config, out)
        results: list[StageResult | None] = []
        try:
            open_run(run)
            summary = compose_steps(run, config, no_models, on_stage, results)
        except Exception as exc:
            raise fail_run(run, config, results, exc) from exc
        finish_run(run, summary)
    if summary.failed:
        raise RunFailed(summary.error or "run failed", summary)
    return summary


StepCall = Callable[..., Any]
"""How a composition runs one step: ``call(step, *args)`` returns ``step(*args)``'s result
(the Prefect flow runs it as the step's task)."""


def _direct(step: Callable[..., Any], *args: Any) -> Any:
    return step(*args)


def compose_steps(
    run: RunInfo,
    config: Config,
    no_models: bool,
    on_stage: StageListener | None,
    results: list[StageResult | None],
    call: StepCall = _direct,
) -> RunSummary:
    """The steps in their order, the one definition of it (:func:`run_steps` and the Prefect
    flow both compose through here); each result is appended to ``results`` as it arrives, so
    a failure can report the ones before it."""
    ingest = call(step_ingest, run, config, on_stage)
    results.append(ingest)
    if not ingest.article_ids:
        log.info("nothing new or unfinished; re-exporting the open queue")
        results.append(call(step_export, run, config, None, (), CHECKS_ONLY, on_stage))
        return summarize(run, config, results, nothing_new=True)
    loaded = call(step_load_models, config, no_models, on_stage)
    results.append(loaded)
    ids = ingest.article_ids
    results.append(call(step_segment, run, config, ids, on_stage))
    results.append(call(step_translate, run, loaded.models, ids, on_stage))
    results.append(call(step_facts, run, config, ids, on_stage))
    align = call(step_align, run, config, ids, on_stage)
    results.append(align)
    results.append(call(step_nli, run, loaded.models, align.pair_ids, on_stage))
    judge = call(step_judge, run, config, loaded.models, align.pair_ids, ids, on_stage)
    results.append(judge)
    key = loaded.models.key
    results.append(call(step_export, run, config, judge.finding_ids, ids, key, on_stage))
    return summarize(run, config, results)
