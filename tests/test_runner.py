"""Run steps without Prefect: which stored articles a night's new articles are compared with and
deduplicated against. Both are bounded by a time window, not by the size of the store."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from claimdiff.config import FetchConfig, FilesSource, parse_config
from claimdiff.ingest import ingest_sources
from claimdiff.records import Article, text_hash
from claimdiff.runner import start_run, step_ingest, window_articles
from claimdiff.store import Store

NOW = datetime.now(timezone.utc).replace(microsecond=0)


def article(aid, url, when, duplicate_of=None, text=None):
    text = text or aid
    return Article(
        aid,
        url,
        url,
        "o",
        "report",
        "en",
        text,
        text_hash(text),
        published_at=when,
        duplicate_of=duplicate_of,
    )


def test_window_selects_recent_undated_and_skips_superseded_and_duplicates(tmp_path):
    new = [article("n1", "https://x/a", NOW - timedelta(days=40))]
    kst, nyc = timezone(timedelta(hours=9)), timezone(timedelta(hours=-5))
    known = [
        article("old-version", "https://x/a", NOW - timedelta(days=41)),  # same URL: superseded
        article("recent", "https://x/b", NOW - timedelta(days=43)),
        article("stale", "https://x/c", NOW - timedelta(days=70)),
        article("copy", "https://x/e", NOW - timedelta(days=40), duplicate_of="recent"),
        # naive dates are UTC
        article("naive", "https://x/f", (NOW - timedelta(days=46, hours=20)).replace(tzinfo=None)),
        # offsets are honoured: 7 days minus 3 h after the new one, written in Seoul time (read
        # as UTC it would be 7 days plus 6 h), and 7 days plus 3 h, written in New York time
        article("seoul", "https://x/g", (NOW - timedelta(days=33, hours=3)).astimezone(kst)),
        article("new-york", "https://x/h", (NOW - timedelta(days=33, hours=-3)).astimezone(nyc)),
        # undated: counts from the run that stored it (tonight), 40 days after the new one
        article("undated", "https://x/d", None),
    ]
    with Store(tmp_path / "s.db") as store:
        store.start_run("r1", "full")
        store.add_articles(known, "r1")
        selected = {a.article_id for a in window_articles(store, new, window_days=7)}
        assert selected == {"recent", "naive", "seoul"}
        # an undated new article is tonight's: the undated stored one is near it
        tonight = [article("n2", "https://x/z", None)]
        assert {a.article_id for a in window_articles(store, tonight, 7)} == {"undated"}
        # several new articles: the union of their windows
        both = {a.article_id for a in window_articles(store, new + tonight, 7)}
        assert both == {"recent", "naive", "seoul", "undated"}


def _write(path, articles):
    import json

    lines = [
        json.dumps(
            {
                "url": a.url,
                "outlet": a.outlet,
                "role": a.role,
                "lang": a.lang,
                "text": a.text,
                "published_at": a.published_at.isoformat() if a.published_at else None,
            }
        )
        for a in articles
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_dedupe_looks_back_a_window_for_near_copies_and_forever_for_exact_ones(tmp_path):
    cluster = (
        "SEOUL, Nov. 3 (Yonhap) -- The ministry said on Tuesday it would review the plan to "
        "build a new semiconductor cluster south of the capital, after local residents raised "
        "concerns about water supply and power lines during public hearings held this month. "
        "Officials added that construction permits for the first two fabrication plants would "
        "not be issued until an environmental assessment is completed and published in full."
    )
    typhoon = (
        "TOKYO, Nov. 21 (Kyodo) -- Typhoon Kong-rey forced about 15,000 people from their homes "
        "in Okinawa Prefecture on Friday, the prefectural government said, as ferries were "
        "suspended and schools closed across the main island ahead of the storm's landfall."
    )

    def near(text):
        return text.replace("said", "announced").replace("this month", "in November")

    old_day = NOW - timedelta(days=90)
    originals = tmp_path / "originals.jsonl"
    _write(
        originals,
        [
            article("cluster", "https://wire/cluster", old_day, text=cluster),
            article("typhoon", "https://wire/typhoon", NOW - timedelta(days=2), text=typhoon),
        ],
    )
    batch = tmp_path / "tonight.jsonl"
    _write(
        batch,
        [
            article("exact", "https://copy/exact", NOW, text=cluster),
            article("near-recent", "https://copy/typhoon", NOW, text=near(typhoon)),
            article("near-now", "https://copy/cluster", NOW, text=near(cluster)),
            article(
                "near-then",
                "https://copy/then",
                old_day + timedelta(days=1),
                text=near(cluster).replace("plan", "proposal"),
            ),
        ],
    )
    sources = [FilesSource(type="files", path=str(batch))]

    def verdicts(window_days):
        config = FetchConfig(near_duplicate_window_days=window_days)
        with Store(tmp_path / f"w{window_days}.db") as store:
            store.start_run("r1", "full")
            stored = ingest_sources([FilesSource(type="files", path=str(originals))], config, store)
            assert [a.duplicate_of for a in stored.articles] == [None, None]
            store.add_articles(stored.articles, "r1")
            report = ingest_sources(sources, config, store)
        return {a.url: a.duplicate_of is not None for a in report.articles}

    assert verdicts(30) == {
        "https://copy/exact": True,  # exact copy of a 90-day-old text: any age
        "https://copy/typhoon": True,  # near copy of a 2-day-old text
        "https://copy/cluster": False,  # near copy, 90 days later: outside the window
        "https://copy/then": True,  # near copy published the day after its original
    }
    narrow = verdicts(0.5)
    assert narrow["https://copy/exact"] and not narrow["https://copy/then"]


def test_ingest_counts_a_repeated_article_and_skips_an_oversized_one(tmp_path):
    """The same line twice is read once and counted as a duplicate; an article over
    ingest.max_chars is a problem naming file:line; the rest of the file is processed."""
    path = tmp_path / "night.jsonl"
    line = {"url": "https://a.example/1", "outlet": "O", "role": "report", "lang": "en"}
    lines = [
        json.dumps({**line, "text": "Northwind will open three new sites in 2026."}),
        json.dumps({**line, "url": "https://a.example/2", "text": "word " * 400}),
        json.dumps({**line, "url": "https://a.example/3", "text": "Northwind hires 1,200."}),
        json.dumps({**line, "text": "Northwind will open three new sites in 2026."}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    config = parse_config({
        "sources": [{"type": "files", "path": str(path)}],
        "models": None,
        "store": f"sqlite:///{tmp_path / 'store.db'}",
        "export": {"dir": str(tmp_path / "out")},
        "ingest": {"max_chars": 1000},
    })  # fmt: skip
    result = step_ingest(start_run(config), config)
    with Store(config.store) as store:
        articles = store.articles(result.article_ids)
    assert sorted(a.url for a in articles) == ["https://a.example/1", "https://a.example/3"]
    counts = result.counts
    assert (counts["read"], counts["new"], counts["duplicates"], counts["failed"]) == (4, 2, 1, 1)
    assert [(p.where, p.message[:40]) for p in result.problems] == [
        (f"{path}:2", "text has 2,000 characters, more than ing")
    ]
