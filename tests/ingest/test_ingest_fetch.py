"""Fetching rules through real servers: address safety, redirects, robots.txt, spacing, sitemaps."""

from __future__ import annotations

import gzip
import time
from datetime import datetime, timedelta, timezone

import pytest

from claimdiff.config import FeedSource, FetchConfig, IngestConfig, PageSource, SitemapSource
from claimdiff.ingest import ingest_sources
from tests.ingest.httpsite import Reply, Site, html_page, start_site

HTML = {"Content-Type": "text/html; charset=utf-8"}


def cfg(**overrides: object) -> FetchConfig:
    base: dict[str, object] = {
        "allow_private_addresses": True,
        "timeout_s": 1.0,
        "retries": 0,
        "backoff_s": 0.01,
        "per_host_delay_s": 0.0,
        "per_host_concurrency": 4,
    }
    base.update(overrides)
    return FetchConfig(**base)


def page(url: str) -> PageSource:
    return PageSource(type="page", url=url, outlet="Test", role="report")


@pytest.fixture(scope="module", autouse=True)
def routes(site: Site) -> None:
    site.add(
        "/robots.txt",
        Reply(body=b"User-agent: *\nDisallow: /private/\n", headers={"Content-Type": "text/plain"}),
    )
    article = html_page("en_wire.html", canonical="", extra="")
    for path in ("/a", "/b", "/c", "/private/p"):
        site.add(
            path,
            Reply(body=article.replace(b"three new", b"three new " + path.encode()), headers=HTML),
        )
    site.add("/relative", Reply(301, b"", {"Location": "/a"}, etag=False))
    site.add("/loop", Reply(302, b"", {"Location": "/loop"}, etag=False))
    site.add("/to-ftp", Reply(302, b"", {"Location": "ftp://files.example.com/x"}, etag=False))


def test_loopback_is_refused_by_default(site: Site) -> None:
    before = len(site.requests)
    report = ingest_sources([page(site.url("/a"))], FetchConfig(), ingest=IngestConfig())
    assert report.articles == []
    message = report.problems[0].message
    assert "refused" in message and "127.0.0.1" in message and "allow_private_addresses" in message
    assert len(site.requests) == before  # nothing was sent, not even robots.txt


@pytest.mark.parametrize(
    "url",
    [
        "http://localhost:9/x",
        "http://[::1]:9/x",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.8/x",
    ],
)
def test_private_link_local_and_loopback_hosts_are_refused(url: str) -> None:
    report = ingest_sources([page(url)], FetchConfig(), ingest=IngestConfig())
    assert "refused" in report.problems[0].message


@pytest.mark.parametrize(
    "url", ["ftp://example.com/a", "file:///etc/passwd", "javascript:alert(1)"]
)
def test_only_http_and_https(url: str) -> None:
    report = ingest_sources([page(url)], FetchConfig(), ingest=IngestConfig())
    assert "only http and https" in report.problems[0].message


def test_redirect_to_a_private_address_is_refused_unless_allowed(
    site: Site, internal_site: Site
) -> None:
    article = html_page("en_wire.html", canonical="", extra="")
    site.add(
        "/to-internal", Reply(302, b"", {"Location": internal_site.url("/inside")}, etag=False)
    )
    internal_site.add("/robots.txt", Reply(404, b"", {"Content-Type": "text/plain"}))
    internal_site.add(
        "/inside", Reply(body=article.replace(b"three new", b"seven internal"), headers=HTML)
    )
    # the public-looking start is allowed through an allowlist; its redirect target is not
    strict = cfg(allow_private_addresses=False, allowed_private_networks=["127.0.0.1/32"])
    report = ingest_sources([page(site.url("/to-internal"))], strict, ingest=IngestConfig())
    assert report.articles == [] and "127.0.0.2" in report.problems[0].message
    assert internal_site.seen("/inside") == []
    allowed = ingest_sources([page(site.url("/to-internal"))], cfg(), ingest=IngestConfig())
    assert "seven internal" in allowed.articles[0].text
    assert allowed.articles[0].url == internal_site.url("/inside")


def test_redirect_rules(site: Site) -> None:
    relative = ingest_sources([page(site.url("/relative"))], cfg(), ingest=IngestConfig())
    assert relative.articles[0].url == site.url("/a")
    loop = ingest_sources([page(site.url("/loop"))], cfg(max_redirects=3), ingest=IngestConfig())
    assert "more than 3 redirects" in loop.problems[0].message
    ftp = ingest_sources([page(site.url("/to-ftp"))], cfg(), ingest=IngestConfig())
    assert "only http and https" in ftp.problems[0].message


def test_robots_txt_can_be_switched_off(site: Site) -> None:
    assert (
        ingest_sources([page(site.url("/private/p"))], cfg(), ingest=IngestConfig())
        .stats[0]
        .skipped
        == 1
    )
    report = ingest_sources(
        [page(site.url("/private/p"))], cfg(respect_robots=False), ingest=IngestConfig()
    )
    assert report.stats[0].fetched == 1


def test_unreachable_robots_txt_means_nothing_is_fetched() -> None:
    broken = start_site()
    try:
        broken.add("/robots.txt", Reply(503, b"down", {"Content-Type": "text/plain"}))
        broken.add(
            "/a", Reply(body=html_page("en_wire.html", canonical="", extra=""), headers=HTML)
        )
        report = ingest_sources([page(broken.url("/a"))], cfg(), ingest=IngestConfig())
        assert report.stats[0].skipped == 1 and "robots.txt" in report.problems[0].message
        assert broken.seen("/a") == []
    finally:
        assert broken.server is not None
        broken.server.shutdown()
        broken.server.server_close()


def test_requests_to_one_host_are_spaced(site: Site) -> None:
    start = len(site.requests)
    delay = 0.25
    began = time.monotonic()
    report = ingest_sources(
        [page(site.url(p)) for p in ("/a", "/b", "/c")],
        cfg(per_host_delay_s=delay),
        ingest=IngestConfig(),
    )
    assert len(report.articles) == 3  # /b and /c are near-duplicates of /a: fetched all the same
    times = sorted(s.at for s in site.requests[start:])
    assert len(times) == 4  # robots.txt and three pages
    # A lower bound on the whole span, not on each gap: a loaded machine can only delay a
    # request, so one late arrival shortens the next gap but never the span.
    assert times[-1] - began >= (len(times) - 1) * delay


def _sitemap(site: Site, entries: list[tuple[str, str | None]]) -> bytes:
    urls = "".join(
        f"<url><loc>{site.url(path)}</loc>"
        + (
            f"<news:news><news:publication_date>{when}</news:publication_date><news:title>t</news:title></news:news>"
            if when
            else ""
        )
        + "</url>"
        for path, when in entries
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{urls}</urlset>'
    ).encode()


def test_news_sitemap_index_gzip_and_date_window(site: Site) -> None:
    now = datetime.now(timezone.utc)
    recent, old = (now - timedelta(hours=3)).isoformat(), (now - timedelta(days=9)).isoformat()
    site.add(
        "/sm-news.xml.gz",
        Reply(
            body=gzip.compress(_sitemap(site, [("/a", recent), ("/b", old), ("/c", None)])),
            headers={"Content-Type": "application/gzip"},
        ),
    )
    index = (
        '<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{site.url('/sm-news.xml.gz')}</loc><lastmod>{recent}</lastmod></sitemap></sitemapindex>"
    ).encode()
    site.add("/sitemap.xml", Reply(body=index, headers={"Content-Type": "application/xml"}))
    source = SitemapSource(
        type="sitemap", url=site.url("/sitemap.xml"), outlet="Wire", role="report", days=2
    )
    report = ingest_sources([source], cfg(), ingest=IngestConfig())
    assert [a.url for a in report.articles] == [site.url("/a")]
    assert report.articles[0].published_at is not None
    assert report.stats[0].skipped == 2  # too old, undated
    undated = SitemapSource(
        type="sitemap",
        url=site.url("/sitemap.xml"),
        outlet="Wire",
        role="report",
        days=2,
        include_undated=True,
    )
    assert sorted(
        a.url for a in ingest_sources([undated], cfg(), ingest=IngestConfig()).articles
    ) == [
        site.url("/a"),
        site.url("/c"),
    ]


def test_malformed_sitemap(site: Site) -> None:
    site.add(
        "/bad-sitemap.xml",
        Reply(body=b"<urlset><url><loc>x</loc>", headers={"Content-Type": "application/xml"}),
    )
    report = ingest_sources(
        [SitemapSource(type="sitemap", url=site.url("/bad-sitemap.xml"), outlet="W")],
        cfg(),
        ingest=IngestConfig(),
    )
    assert "malformed sitemap" in report.problems[0].message


def test_feed_without_following_links_uses_entry_content(site: Site) -> None:
    body = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><link>http://x</link><description>d</description>'
        "<item><title>One</title><link>https://news.example.com/1</link>"
        "<description>&lt;p&gt;政府は来年度から補助金を拡充する方針だ。&lt;/p&gt;</description></item>"
        "<item><title>Empty</title><link>https://news.example.com/2</link><description></description></item>"
        "</channel></rss>"
    ).encode()
    site.add("/summary.rss", Reply(body=body, headers={"Content-Type": "application/rss+xml"}))
    source = FeedSource(
        type="feed", url=site.url("/summary.rss"), outlet="Feed", follow_links=False
    )
    report = ingest_sources([source], cfg(), ingest=IngestConfig())
    assert [a.text for a in report.articles] == ["政府は来年度から補助金を拡充する方針だ。"]
    assert report.articles[0].lang == "ja" and report.articles[0].title == "One"
    assert (
        "empty text" in report.problems[0].message
        and report.problems[0].where == "https://news.example.com/2"
    )
