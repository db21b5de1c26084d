"""Ingestion through a real HTTP server on 127.0.0.1: feeds, pages, encodings, failures, politeness."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from claimdiff.config import FeedSource, FetchConfig, IngestConfig, PageSource
from claimdiff.ingest import IngestReport, ingest_sources
from claimdiff.records import Article
from claimdiff.store import Store
from tests.ingest.httpsite import Reply, Site, html_page

UA = "claimdiff-test/1.0"
WIRE_EXTRA_COPY = "<p>Reporting by a staff writer; editing by the regional desk.</p>"


def fast_config(**overrides: object) -> FetchConfig:
    base: dict[str, object] = {
        "allow_private_addresses": True,  # the test server itself is on loopback
        "user_agent": UA,
        # generous for a loopback server on a loaded CI machine; /news/slow still exceeds it
        "timeout_s": 2.0,
        "retries": 2,
        "backoff_s": 0.05,
        "max_retry_after_s": 3.0,
        "per_host_delay_s": 0.0,
        "per_host_concurrency": 4,
        "max_bytes": 200_000,
    }
    base.update(overrides)
    return FetchConfig(**base)


def rss(site: Site, links: list[str]) -> bytes:
    items = "".join(
        f"<item><title>item {i}</title><link>{site.url(link)}</link>"
        f"<pubDate>Mon, 03 Nov 2025 0{i}:00:00 +0900</pubDate><guid>{link}</guid></item>"
        for i, link in enumerate(links)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Test RSS</title>'
        f"<link>{site.base}</link><description>d</description>{items}</channel></rss>"
    ).encode()


def atom(site: Site, links: list[str]) -> bytes:
    entries = "".join(
        f'<entry><title>entry {i}</title><link href="{site.url(link)}"/><id>urn:e:{i}</id>'
        f"<updated>2025-11-05T1{i}:00:00Z</updated></entry>"
        for i, link in enumerate(links)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>Test Atom</title><id>urn:test</id><updated>2025-11-05T00:00:00Z</updated>{entries}</feed>"
    ).encode()


HTML = "text/html"
XML = "application/xml"


def setup_routes(site: Site) -> None:
    site.add(
        "/robots.txt",
        Reply(body=b"User-agent: *\nDisallow: /private/\n", headers={"Content-Type": "text/plain"}),
    )
    # pages in legacy encodings: the header declares EUC-KR; Shift_JIS only in <meta>
    site.add(
        "/news/ko",
        Reply(
            body=html_page("ko_article.html", "cp949"),
            headers={"Content-Type": "text/html; charset=EUC-KR"},
        ),
    )
    site.add(
        "/news/ja",
        Reply(
            body=html_page("ja_article.html", "cp932", meta='<meta charset="Shift_JIS">'),
            headers={"Content-Type": HTML},
        ),
    )
    # a header that lies: says UTF-8, the bytes are EUC-KR, and there is no <meta>
    site.add(
        "/news/lying",
        Reply(
            body=html_page("ko_article.html", "cp949"),
            headers={"Content-Type": "text/html; charset=utf-8"},
        ),
    )
    wire = html_page("en_wire.html", canonical=site.url("/wire/northwind"), extra="")
    site.add("/news/wire", Reply(body=wire, headers={"Content-Type": HTML}))
    # the same wire story republished by a partner with a credit line added, via a tracking link
    copy = html_page(
        "en_wire.html", canonical=site.url("/partner/northwind-copy"), extra=WIRE_EXTRA_COPY
    )
    site.add("/partner/northwind-copy", Reply(body=copy, headers={"Content-Type": HTML}))
    site.add(
        "/news/flaky",
        lambda n: (
            Reply(500, b"oops", {"Content-Type": "text/plain"})
            if n == 1
            else Reply(
                body=html_page("ko_article.html", "utf-8", meta='<meta charset="utf-8">').replace(
                    "3만".encode(), "4만".encode()
                ),
                headers={"Content-Type": HTML},
            )
        ),
    )
    site.add(
        "/news/limited",
        lambda n: (
            Reply(429, b"slow down", {"Content-Type": "text/plain", "Retry-After": "1"})
            if n == 1
            else Reply(
                body=html_page("ja_article.html", "utf-8", meta='<meta charset="utf-8">').replace(
                    "２万".encode(), "５万".encode()
                ),
                headers={"Content-Type": HTML},
            )
        ),
    )
    site.add(
        "/private/secret",
        Reply(body=html_page("ko_article.html", "utf-8"), headers={"Content-Type": HTML}),
    )
    site.add(
        "/feed.rss",
        Reply(
            body=rss(site, ["/news/ko", "/news/ja", "/news/wire"]),
            headers={"Content-Type": "application/rss+xml"},
        ),
    )
    site.add(
        "/feed.atom",
        Reply(
            body=atom(
                site,
                [
                    "/news/lying",
                    "/news/flaky",
                    "/news/limited",
                    "/partner/northwind-copy?utm_source=feed&amp;utm_medium=rss",
                    "/private/secret",
                ],
            ),
            headers={"Content-Type": "application/atom+xml"},
        ),
    )
    site.add(
        "/feed-broken.xml",
        Reply(body=b"<html><body>this is not a feed <<< </body>", headers={"Content-Type": XML}),
    )
    site.add(
        "/news/slow",
        Reply(
            body=html_page("ko_article.html", "utf-8"), headers={"Content-Type": HTML}, delay_s=5.0
        ),
    )
    site.add(
        "/news/huge",
        Reply(
            body=b"<html><body>" + b"<p>filler text</p>" * 20_000 + b"</body></html>",
            headers={"Content-Type": HTML},
        ),
    )
    site.add("/news/pdf", Reply(body=b"%PDF-1.4", headers={"Content-Type": "application/pdf"}))
    site.add(
        "/news/gone-away", Reply(429, b"", {"Content-Type": "text/plain", "Retry-After": "3600"})
    )


def sources(site: Site) -> list:
    return [
        FeedSource(type="feed", url=site.url("/feed.rss"), outlet="Test RSS", role="report"),
        FeedSource(type="feed", url=site.url("/feed.atom"), outlet="Test Atom", role="report"),
        FeedSource(type="feed", url=site.url("/feed-broken.xml"), outlet="Broken", role="report"),
        PageSource(type="page", url=site.url("/news/slow"), outlet="Slow", role="report"),
        PageSource(type="page", url=site.url("/news/huge"), outlet="Huge", role="report"),
        PageSource(type="page", url=site.url("/news/pdf"), outlet="Pdf", role="report"),
        PageSource(type="page", url=site.url("/news/gone-away"), outlet="Busy", role="report"),
    ]


@dataclass
class Runs:
    first: IngestReport
    second: IngestReport
    store_path: Path
    requests_after_first: dict[str, int]  # feed path -> requests the first run made


@pytest.fixture(scope="module")
def runs(site: Site, tmp_path_factory: pytest.TempPathFactory) -> Runs:
    setup_routes(site)
    store_path = tmp_path_factory.mktemp("ingest") / "s.db"
    config = fast_config()
    with Store(store_path) as store:
        first = ingest_sources(sources(site), config, store, ingest=IngestConfig())
        # a loaded machine can make a request time out and be retried: count, do not assume one
        counts = {feed: len(site.seen(feed)) for feed in ("/feed.rss", "/feed.atom")}
        store.add_articles(first.articles)
        second = ingest_sources(sources(site), config, store, ingest=IngestConfig())
    return Runs(first, second, store_path, counts)


def by_path(report: IngestReport, path: str) -> Article:
    matches = [
        a
        for a in report.articles
        if a.metadata.get("requested_url", "").split("?")[0].endswith(path)
    ]
    assert len(matches) == 1, [a.url for a in report.articles]
    return matches[0]


def problem_for(report: IngestReport, path: str) -> str:
    found = [p.message for p in report.problems if path in p.where]
    assert found, [str(p) for p in report.problems]
    return " / ".join(found)


def test_rss_feed_entries_are_followed_to_their_pages(runs: Runs) -> None:
    stats = runs.first.stats[0]
    assert (stats.fetched, stats.failed) == (3, 0)
    ko = by_path(runs.first, "/news/ko")
    assert ko.outlet == "Test RSS" and ko.role == "report"
    assert ko.published_at is not None and ko.published_at.utcoffset() is not None  # from the feed
    assert ko.metadata["feed_url"].endswith("/feed.rss")


@pytest.mark.parametrize(
    ("path", "expected", "lang", "encoding"),
    [
        (
            "/news/ko",
            "김똠이 대표는",
            "ko",
            "cp949",
        ),  # 똠 exists only in CP949, not in EUC-KR proper
        ("/news/ja", "髙田社長", "ja", "cp932"),  # 髙 exists only in CP932, not in Shift_JIS proper
        ("/news/lying", "GPU 3만 장을 도입할", "ko", "cp949"),
    ],
)
def test_legacy_encodings_decode_correctly(
    runs: Runs, path: str, expected: str, lang: str, encoding: str
) -> None:
    article = by_path(runs.first, path)
    assert expected in article.text
    assert article.lang == lang and article.lang_detected is False  # html lang hint agreed
    assert article.metadata["encoding"] == encoding


def test_lying_charset_header_is_recorded(runs: Runs) -> None:
    article = by_path(runs.first, "/news/lying")
    assert article.metadata["http_charset"] == "utf-8"
    assert article.metadata["encoding_reason"] == "detected"


def test_boilerplate_is_removed_and_paragraphs_kept(runs: Runs) -> None:
    ja = by_path(runs.first, "/news/ja")
    for noise in ("おススメ記事", "シェアする", "Copyright", "トップ", "広告"):
        assert noise not in ja.text
    assert "GPU" in ja.text and "２万" not in ja.text and "2万枚を超えるGPU" in ja.text  # NFKC
    assert ja.raw_text is not None and "ＧＰＵ" in ja.raw_text
    assert "①東京" in ja.raw_text and "1東京" in ja.text
    assert len(ja.text.split("\n")) >= 3


def test_500_then_success_and_429_with_retry_after(runs: Runs, site: Site) -> None:
    assert "4만 장" in by_path(runs.first, "/news/flaky").text
    assert "5万枚" in by_path(runs.first, "/news/limited").text
    limited = site.seen("/news/limited")
    assert limited[1].at - limited[0].at >= 0.95  # waited for Retry-After: 1
    assert runs.first.stats[1].failed == 0, [str(p) for p in runs.first.problems]


def test_retry_after_beyond_the_cap_fails_without_waiting(runs: Runs, site: Site) -> None:
    message = problem_for(runs.first, "/news/gone-away")
    assert "3600" in message and "max_retry_after_s" in message
    assert len(site.seen("/news/gone-away")) == 2  # one request per run, no retries


def test_slow_endpoint_times_out(runs: Runs) -> None:
    assert "timed out after 2 s" in problem_for(runs.first, "/news/slow")
    assert runs.first.stats[3].failed == 1


def test_oversized_body_is_refused(runs: Runs) -> None:
    assert "max_bytes=200000" in problem_for(runs.first, "/news/huge")


def test_wrong_content_type_is_refused(runs: Runs) -> None:
    assert "application/pdf" in problem_for(runs.first, "/news/pdf")


def test_malformed_feed_is_a_failed_source(runs: Runs) -> None:
    assert "malformed feed" in problem_for(runs.first, "/feed-broken.xml")
    assert runs.first.stats[2].failed == 1 and runs.first.stats[2].fetched == 0


def test_robots_txt_disallow_is_skipped(runs: Runs, site: Site) -> None:
    assert "robots.txt" in problem_for(runs.first, "/private/secret")
    assert site.seen("/private/secret") == []
    assert runs.first.stats[1].skipped >= 1


def test_syndicated_copy_is_a_duplicate(runs: Runs) -> None:
    wire = by_path(runs.first, "/news/wire")
    copy = by_path(runs.first, "/partner/northwind-copy")
    assert wire.duplicate_of is None
    assert copy.duplicate_of == wire.article_id
    assert "utm_" not in copy.canonical_url


def test_exact_copy_under_another_url_is_a_duplicate_but_changed_numbers_are_not(
    runs: Runs,
) -> None:
    ko = by_path(runs.first, "/news/ko")
    assert by_path(runs.first, "/news/lying").duplicate_of == ko.article_id  # same text
    # /news/flaky is the same article with "3만" changed to "4만": never folded into it
    assert by_path(runs.first, "/news/flaky").duplicate_of is None
    assert by_path(runs.first, "/news/limited").duplicate_of is None
    assert runs.first.stats[1].duplicate == 2


def test_every_request_sends_the_user_agent(site: Site, runs: Runs) -> None:
    assert site.requests and all(s.headers.get("User-Agent") == UA for s in site.requests)


def test_second_run_sends_conditional_requests_and_ingests_nothing_new(
    runs: Runs, site: Site
) -> None:
    for feed, first_count in runs.requests_after_first.items():
        requests = site.seen(feed)
        first, second = requests[:first_count], requests[first_count:]
        assert first and not any("If-None-Match" in r.headers for r in first)
        assert second and all(r.headers.get("If-None-Match") for r in second)
    assert [a for a in runs.second.articles if a.duplicate_of is None] == []
    assert runs.second.stats[0].skipped == 1 and runs.second.stats[0].fetched == 0
    with Store(runs.store_path) as store:
        assert store.get_http_validators(site.url("/feed.rss"))
        assert (
            store.get_http_validators(site.url("/news/slow")) is None
        )  # failures are not remembered
