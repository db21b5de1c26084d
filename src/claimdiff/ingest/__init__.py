"""Ingestion: every configured source into normalised, language-tagged, deduplicated Articles.

Sources (Contract 4): ``files`` (JSONL per Contract 1, CSV with a column mapping, folders of
.html / .txt), ``dataset`` (Hugging Face), ``page``, ``feed`` and ``sitemap`` (fetched politely
and safely, see :mod:`claimdiff.ingest.fetch`). Every item that cannot be used becomes a
:class:`~claimdiff.records.Problem` with its file:line or URL; the run goes on.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Coroutine, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from claimdiff.config import (
    DatasetSource,
    FeedSource,
    FetchConfig,
    FilesSource,
    IngestConfig,
    PageSource,
    SitemapSource,
)
from claimdiff.ingest.build import SourceResult
from claimdiff.ingest.dedupe import mark_duplicates
from claimdiff.ingest.fetch import Fetcher, FetchError, ValidatorStore
from claimdiff.ingest.files import read_jsonl
from claimdiff.ingest.normalize import normalize_text
from claimdiff.ingest.urls import canonical_url
from claimdiff.records import Article, Problem

if TYPE_CHECKING:
    from claimdiff.config import Source

__all__ = [
    "FetchError",
    "IngestReport",
    "SourceStats",
    "canonical_url",
    "ingest_sources",
    "normalize_text",
    "read_jsonl",
]

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class SourceStats:
    """Counts for one configured source, for the run summary table and run.json.

    ``fetched``: articles read or fetched and kept (including ones already stored by an
    earlier run); ``duplicate``: articles recorded as copies of a kept one, and the same
    article read again in this run (dropped, it is processed once); ``skipped``: items
    deliberately not ingested (HTTP 304, robots.txt, outside the sitemap window, URL already
    stored, unsupported file type); ``failed``: items quarantined with a Problem.
    """

    source: str
    fetched: int
    skipped: int
    duplicate: int
    failed: int


@dataclass(frozen=True)
class IngestReport:
    """Everything ingestion produced: articles (duplicates included, marked), problems, stats."""

    articles: list[Article]
    problems: list[Problem]
    stats: list[SourceStats]


def _run(coro: Coroutine[Any, Any, T]) -> T:
    # ingest_sources is a plain function; when the caller already runs an event loop in
    # this thread (a notebook, an async Prefect task), run ours in a worker thread.
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = asyncio.run(coro)
        except BaseException as exc:  # re-raised in the caller's thread below
            box["error"] = exc

    thread = threading.Thread(target=target, name="claimdiff-ingest")
    thread.start()
    thread.join()
    if "error" in box:
        raise box["error"]
    return box["value"]


def _nothing_stored(_url: str) -> bool:
    return False


async def _ingest_web(
    sources: list[tuple[int, FeedSource | PageSource | SitemapSource]],
    fetch: FetchConfig,
    ingest: IngestConfig,
    store: ArticleStore | None,
    taken: set[str],
) -> dict[int, SourceResult]:
    from claimdiff.ingest.web import WebContext, ingest_feed, ingest_page_source, ingest_sitemap

    async with Fetcher(fetch, store) as fetcher:
        stored = store.has_canonical_url if store is not None else _nothing_stored
        ctx = WebContext(
            fetcher=fetcher,
            config=fetch,
            taken=taken,
            stored=stored,
            max_chars=ingest.max_chars,
        )
        jobs = []
        for _index, source in sources:
            if isinstance(source, FeedSource):
                jobs.append(ingest_feed(ctx, source))
            elif isinstance(source, SitemapSource):
                jobs.append(ingest_sitemap(ctx, source))
            else:
                jobs.append(ingest_page_source(ctx, source))
        results = await asyncio.gather(*jobs)
    return {index: result for (index, _s), result in zip(sources, results, strict=True)}


class ArticleStore(ValidatorStore, Protocol):
    """What ingestion asks of the store (claimdiff.store.Store) about earlier runs."""

    def has_canonical_url(self, url: str) -> bool: ...

    def dedupe_context(self, batch: Sequence[Article], days: float) -> list[Article]: ...


def _drop_repeats(results: list[SourceResult]) -> list[int]:
    """Remove a second reading of the same article (same id) from the batch; count per source.

    The same line twice in a file, or one file under two sources, is one article: processing
    it twice would double its statements and findings.
    """
    seen: dict[str, str] = {}
    repeats = []
    for result in results:
        kept = []
        for article in result.articles:
            if article.article_id in seen:
                first = seen[article.article_id]
                log.info("%s: the same article as %s; read once", article.source, first)
            else:
                seen[article.article_id] = article.source
                kept.append(article)
        repeats.append(len(result.articles) - len(kept))
        result.articles = kept
    return repeats


def ingest_sources(
    sources: list[Source],
    fetch: FetchConfig,
    store: ArticleStore | None = None,
    *,
    ingest: IngestConfig,
) -> IngestReport:
    """Ingest every source; one bad file, line, URL or source never stops the others.

    ``store`` (a :class:`claimdiff.store.Store`) holds what earlier runs stored: ETag /
    Last-Modified, so the next run sends conditional requests (validators are saved only for
    items that were ingested, so failures are retried next time); stored URLs, which feeds and
    sitemaps do not fetch again (unless ``fetch.refetch_known``); and stored articles, which
    new copies are marked ``duplicate_of`` (near-duplicates within
    ``fetch.near_duplicate_window_days``, exact copies of any age). ``ingest`` holds the limits
    on one item (``ingest.max_chars``).
    """
    results: dict[int, SourceResult] = {}
    web: list[tuple[int, FeedSource | PageSource | SitemapSource]] = []
    for index, source in enumerate(sources):
        if isinstance(source, FilesSource):
            from claimdiff.ingest.files import ingest_files

            results[index] = ingest_files(source, fetch, ingest)
        elif isinstance(source, DatasetSource):
            from claimdiff.ingest.datasets_source import ingest_dataset

            results[index] = ingest_dataset(source, fetch, ingest)
        else:
            web.append((index, source))
    if web:
        from claimdiff.ingest.langid import load_detector

        load_detector()
        taken = {a.canonical_url for result in results.values() for a in result.articles}
        results.update(_run(_ingest_web(web, fetch, ingest, store, taken)))

    ordered = [results[i] for i in range(len(sources))]
    repeats = _drop_repeats(ordered)
    batch = [a for r in ordered for a in r.articles]
    known = store.dedupe_context(batch, fetch.near_duplicate_window_days) if store else []
    marked = mark_duplicates(batch, known, fetch)
    articles: list[Article] = []
    problems: list[Problem] = []
    stats: list[SourceStats] = []
    position = 0
    for result, repeated in zip(ordered, repeats, strict=True):
        mine = marked[position : position + len(result.articles)]
        position += len(result.articles)
        articles += mine
        problems += result.problems
        duplicates = sum(a.duplicate_of is not None for a in mine)
        stats.append(
            SourceStats(
                source=result.label,
                fetched=len(mine) - duplicates,
                skipped=result.skipped,
                duplicate=duplicates + repeated,
                failed=result.failed,
            )
        )
        if store is not None:
            for url, etag, modified in result.validators:
                store.put_http_validators(url, etag, modified)
    for stat in stats:
        log.info(
            "%s: fetched %d, skipped %d, duplicate %d, failed %d",
            stat.source, stat.fetched, stat.skipped, stat.duplicate, stat.failed,
        )  # fmt: skip
    return IngestReport(articles=articles, problems=problems, stats=stats)
