"""Web sources: article pages, RSS / Atom feeds followed to their pages, and news sitemaps."""

from __future__ import annotations

import asyncio
import calendar
import logging
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import urljoin

import feedparser
from lxml import etree

from claimdiff.config import FeedSource, FetchConfig, PageSource, SitemapSource
from claimdiff.errors import InputError
from claimdiff.ingest.build import SourceResult, article_from_fields
from claimdiff.ingest.decode import decode_bytes
from claimdiff.ingest.extract import extract_article, fragment_text
from claimdiff.ingest.fetch import Fetched, Fetcher, FetchError
from claimdiff.ingest.urls import canonical_url
from claimdiff.records import LANGS

log = logging.getLogger(__name__)

WebSource = FeedSource | PageSource | SitemapSource


@dataclass
class WebContext:
    """Shared state of one run's web sources."""

    fetcher: Fetcher
    config: FetchConfig
    taken: set[str]  # canonical URLs already taken this run
    stored: Callable[[str], bool]  # whether a canonical URL was stored by an earlier run
    max_chars: int  # ingest.max_chars: longer article texts are quarantined


def _defaults(source: WebSource) -> dict[str, Any]:
    return {"outlet": source.outlet, "role": source.role, "lang": source.lang}


def _fetch_failed(result: SourceResult, exc: FetchError) -> None:
    if exc.skipped:
        result.skip(exc.url, str(exc), report=True)
    else:
        result.fail(exc.url, str(exc))


async def ingest_page(
    ctx: WebContext,
    url: str,
    source: WebSource,
    result: SourceResult,
    hints: dict[str, Any] | None = None,
) -> bool:
    """Fetch and extract one article page into ``result``; False when it failed."""
    try:
        fetched = await ctx.fetcher.get(url, "page")
    except FetchError as exc:
        _fetch_failed(result, exc)
        return exc.skipped
    if fetched.not_modified:
        result.skip(url, "not modified since the last run (HTTP 304)")
        return True
    try:
        # decoding, extraction and language detection are CPU work: off the event loop, so
        # they never hold up other requests until their timeouts fire
        article = await asyncio.to_thread(_page_article, ctx, url, fetched, source, hints or {})
    except InputError as exc:
        result.fail(url, str(exc))
        return False
    result.articles.append(article)
    if fetched.validators:
        result.validators.append(fetched.validators)
    return True


def _page_article(
    ctx: WebContext, url: str, fetched: Fetched, source: WebSource, hints: dict[str, Any]
) -> Any:
    config = ctx.config
    decoded = decode_bytes(
        fetched.body, fetched.charset, config.charset_max_mess, config.charset_mess_min_chars
    )
    extracted = extract_article(decoded.text, fetched.url)
    defaults = _defaults(source)
    if defaults["lang"] is None and extracted.html_lang in LANGS:
        defaults["lang"] = (
            extracted.html_lang
        )  # a hint; the text still overrides it when it plainly disagrees
    fields = {
        "url": fetched.url,
        "text": extracted.text,
        "title": extracted.title or hints.get("title"),
        # a feed's timestamp carries a time and zone; a page date often only the day
        "published_at": hints.get("published_at") or extracted.published,
    }
    metadata = {
        "encoding": decoded.encoding,
        "encoding_reason": decoded.reason,
        "http_charset": fetched.charset,
        "requested_url": url,
        "html_lang": extracted.html_lang,
        "sitename": extracted.sitename,
        **{k: v for k, v in hints.items() if k not in ("title", "published_at")},
    }
    # (a keyword call like every reader's; the page's errors are its caller's to record)
    return article_from_fields(
        fields,
        source=url,
        fetch=config,
        defaults=defaults,
        metadata=metadata,
        canonical=extracted.canonical,
        max_chars=ctx.max_chars,
    )


def _struct_time(value: Any) -> str | None:
    if not value:
        return None
    return datetime.fromtimestamp(calendar.timegm(value), tz=timezone.utc).isoformat()


def _take(ctx: WebContext, link: str, result: SourceResult) -> bool:
    """Whether to fetch an entry's page: not when its URL is stored already or taken this run."""
    canon = canonical_url(link)
    if canon in ctx.taken or ctx.stored(canon):
        result.skip(link, "already ingested (URL known)")
        return False
    ctx.taken.add(canon)
    return True


async def ingest_feed(ctx: WebContext, source: FeedSource) -> SourceResult:
    """An RSS / Atom feed: each entry followed to its page (or read from the feed)."""
    result = SourceResult(source.url)
    try:
        fetched = await ctx.fetcher.get(source.url, "feed")
    except FetchError as exc:
        _fetch_failed(result, exc)
        return result
    if fetched.not_modified:
        result.skip(source.url, "feed not modified since the last run (HTTP 304)")
        return result
    parsed = feedparser.parse(
        fetched.body,
        response_headers={
            "content-type": f"{fetched.media_type}; charset={fetched.charset}"
            if fetched.charset
            else fetched.media_type,
            "content-location": fetched.url,
        },
    )
    if parsed.bozo and not parsed.entries:
        result.fail(source.url, f"malformed feed, no entries read: {parsed.get('bozo_exception')}")
        return result
    if parsed.bozo:
        # feedparser recovers from many errors; keep what it read and say so
        result.problems.append(
            _problem(
                source.url,
                f"feed partly malformed ({parsed.get('bozo_exception')}); {len(parsed.entries)} entries read",
            )
        )
    entries = parsed.entries[: source.max_entries]
    tasks = []
    for entry in entries:
        link = entry.get("link")
        hints = {
            "title": entry.get("title"),
            "published_at": _struct_time(
                entry.get("published_parsed") or entry.get("updated_parsed")
            ),
            "feed_url": source.url,
        }
        if link:
            link = urljoin(fetched.url, link)
        if source.follow_links and link:
            if ctx.config.refetch_known or _take(ctx, link, result):
                tasks.append(ingest_page(ctx, link, source, result, hints))
            continue
        _entry_article(ctx, source, entry, link, hints, result)
    outcomes = await asyncio.gather(*tasks)
    # The feed's validators are kept only when every entry was handled: a feed with failed
    # entries is read in full next time, so the failures are retried.
    if all(outcomes) and fetched.validators:
        result.validators.append(fetched.validators)
    return result


def _entry_article(
    ctx: WebContext,
    source: FeedSource,
    entry: Any,
    link: str | None,
    hints: dict[str, Any],
    result: SourceResult,
) -> None:
    where = link or entry.get("id") or source.url
    contents = entry.get("content") or []
    html = contents[0].get("value") if contents else entry.get("summary")
    text = fragment_text(html) if html else None
    url = link or entry.get("id")
    result.add(
        {"url": url, "text": text, "title": hints["title"], "published_at": hints["published_at"]},
        where=where,
        prefix="feed entry: ",
        fetch=ctx.config,
        defaults=_defaults(source),
        metadata={"feed_url": source.url, "from_feed_entry": True},
        max_chars=ctx.max_chars,
    )


def _problem(where: str, message: str) -> Any:
    from claimdiff.records import Problem

    log.warning("%s: %s", where, message)
    return Problem(stage="ingest", where=where, message=message)


# --- sitemaps ------------------------------------------------------------------------------------


def _local(element: Any) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _child_text(element: Any, *path: str) -> str | None:
    current = [element]
    for name in path:
        current = [c for e in current for c in e if _local(c) == name]
    for node in current:
        if node.text and node.text.strip():
            return node.text.strip()
    return None


def _w3c_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def _xml_body(config: FetchConfig, fetched: Fetched) -> bytes:
    body = fetched.body
    if body[:2] == b"\x1f\x8b":
        # .xml.gz sitemaps: bounded decompression, a small file must not expand without limit
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        body = inflater.decompress(body, config.max_bytes)
        if inflater.unconsumed_tail:
            raise InputError(f"gzip sitemap expands beyond fetch.max_bytes={config.max_bytes}")
    return body


def _urlset_entries(root: Any, url: str) -> list[tuple[datetime | None, str, dict[str, Any]]]:
    """(date, page URL, hints) of each ``<url>`` of a urlset; the news date before lastmod."""
    entries = []
    for node in root:
        loc = _child_text(node, "loc")
        if not loc:
            continue
        published = _child_text(node, "news", "publication_date")
        when = _w3c_date(published) or _w3c_date(_child_text(node, "lastmod"))
        hints = {
            "title": _child_text(node, "news", "title"),
            "published_at": published,
            "sitemap_url": url,
        }
        entries.append((when, urljoin(url, loc), hints))
    return entries


async def _sitemap_entries(
    ctx: WebContext,
    url: str,
    depth: int,
    cutoff: datetime,
    source: SitemapSource,
    result: SourceResult,
) -> list[tuple[datetime | None, str, dict[str, Any]]]:
    try:
        fetched = await ctx.fetcher.get(url, "sitemap")
    except FetchError as exc:
        _fetch_failed(result, exc)
        return []
    if fetched.not_modified:
        result.skip(url, "sitemap not modified since the last run (HTTP 304)")
        return []
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(_xml_body(ctx.config, fetched), parser=parser)
    except (etree.XMLSyntaxError, InputError) as exc:
        result.fail(url, f"malformed sitemap: {exc}")
        return []
    entries: list[tuple[datetime | None, str, dict[str, Any]]] = []
    if _local(root) == "sitemapindex":
        if depth >= ctx.config.max_sitemap_depth:
            result.fail(
                url,
                f"sitemap index nested deeper than fetch.max_sitemap_depth={ctx.config.max_sitemap_depth}",
            )
            return []
        children = []
        for node in root:
            loc, when = _child_text(node, "loc"), _w3c_date(_child_text(node, "lastmod"))
            if loc and (when is None or when >= cutoff):
                children.append(
                    _sitemap_entries(ctx, urljoin(url, loc), depth + 1, cutoff, source, result)
                )
        for found in await asyncio.gather(*children):
            entries += found
    elif _local(root) == "urlset":
        entries = _urlset_entries(root, url)
    else:
        result.fail(url, f"not a sitemap: root element <{_local(root)}>")
    if fetched.validators:
        result.validators.append(fetched.validators)
    return entries


async def ingest_sitemap(ctx: WebContext, source: SitemapSource) -> SourceResult:
    """A (news) sitemap or sitemap index: pages published within ``days`` are fetched."""
    result = SourceResult(source.url)
    cutoff = datetime.now(timezone.utc) - timedelta(days=source.days)
    entries = await _sitemap_entries(ctx, source.url, 0, cutoff, source, result)
    chosen: list[tuple[datetime | None, str, dict[str, Any]]] = []
    for when, url, hints in entries:
        if when is None and not source.include_undated:
            result.skip(url, "no date in the sitemap (set include_undated: true to fetch)")
        elif when is not None and when < cutoff:
            result.skip(url, f"published before the {source.days:g}-day window")
        else:
            chosen.append((when, url, hints))
    # newest first, so max_pages keeps the latest news
    chosen.sort(key=lambda e: e[0] or datetime.min.replace(tzinfo=timezone.utc), reverse=True)
    for _when, url, _hints in chosen[source.max_pages :]:
        result.skip(url, f"beyond sitemap max_pages={source.max_pages}")
    tasks = [
        ingest_page(ctx, url, source, result, hints)
        for _when, url, hints in chosen[: source.max_pages]
        if ctx.config.refetch_known or _take(ctx, url, result)
    ]
    outcomes = await asyncio.gather(*tasks)
    if not all(outcomes):
        # failed pages must be retried next run: forget the sitemap validators
        result.validators = [
            v for v in result.validators if v[0] not in _sitemap_urls(entries, source)
        ]
    return result


def _sitemap_urls(
    entries: list[tuple[datetime | None, str, dict[str, Any]]], source: SitemapSource
) -> set[str]:
    return {source.url} | {str(h.get("sitemap_url")) for _w, _u, h in entries}


async def ingest_page_source(ctx: WebContext, source: PageSource) -> SourceResult:
    """One configured article page."""
    result = SourceResult(source.url)
    await ingest_page(ctx, source.url, source, result)
    return result
