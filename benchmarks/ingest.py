"""Nightly ingest against a grown store: claimdiff's windowed store queries vs loading the whole
store (what claimdiff did before: every stored article was read and shingled every night).

A store holds ``--stored`` articles (~1,500 characters, published over the past year, as a
year of nightly runs leaves it); tonight's file holds ``--new`` articles, some of them near
copies of articles stored during the past week. Both sides ingest the same file into a copy of
the same store and find the story window for the new articles; they must agree on which new
articles are duplicates. Each side runs in its own process.

    python benchmarks/ingest.py --quick       # 5,000 stored articles
    python benchmarks/ingest.py --stored 50000
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import CACHE, best_of, corpus_words, isolated, report

NOW = datetime(2026, 11, 25, 2, 0, tzinfo=timezone.utc)
ALIGN_WINDOW_DAYS = 7


def _text(rng: random.Random, words: list[str], chars: int = 1500) -> str:
    parts: list[str] = []
    while sum(len(p) + 1 for p in parts) < chars:
        parts.append(rng.choice(words))
        if rng.random() < 0.08:
            parts.append(f"{rng.randint(2, 999_999):,}")
    return " ".join(parts) + "."


def _record(url: str, text: str, when: datetime) -> dict[str, Any]:
    return {"url": url, "outlet": "Wire", "role": "report", "lang": "en", "text": text,
            "published_at": when.isoformat()}  # fmt: skip


def build_store(stored: int, new: int) -> tuple[Path, Path]:
    """A store of ``stored`` articles over the past year, and tonight's file, made once."""
    from claimdiff.config import FetchConfig, FilesSource, IngestConfig
    from claimdiff.ingest import ingest_sources
    from claimdiff.store import Store

    out = CACHE / f"ingest-{stored}-{new}"
    store_path, tonight = out / "store.db", out / "tonight.jsonl"
    if store_path.exists() and tonight.exists():
        return store_path, tonight
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(0)
    words = corpus_words("en")
    history = [
        _record(f"https://wire.example/{i}", _text(rng, words), NOW - timedelta(days=365 * i / stored))
        for i in range(stored)
    ]  # fmt: skip
    lines = out / "history.jsonl"
    tmp = store_path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    with Store(tmp) as store:
        store.start_run("history", "full")
        for start in range(0, stored, 1000):  # oldest first, a thousand per "night"
            chunk = history[::-1][start : start + 1000]
            lines.write_text("\n".join(json.dumps(r) for r in chunk) + "\n", encoding="utf-8")
            batch = ingest_sources(
                [FilesSource(type="files", path=str(lines))],
                FetchConfig(),
                store,
                ingest=IngestConfig(),
            )
            store.add_articles(batch.articles, "history")
    tmp.replace(store_path)
    recent = [
        r for r in history if NOW - datetime.fromisoformat(r["published_at"]) < timedelta(days=7)
    ]
    fresh = []
    for i in range(new):
        if i % 5 == 0 and recent:  # every fifth: a lightly edited copy of last week's article
            text = rng.choice(recent)["text"].replace(" the ", " a ", 3)
        else:
            text = _text(rng, words)
        fresh.append(_record(f"https://paper.example/{i}", text, NOW - timedelta(hours=i % 24)))
    tonight.write_text("\n".join(json.dumps(r) for r in fresh) + "\n", encoding="utf-8")
    return store_path, tonight


def _night(
    store_path: str, tonight: str, work: str, whole_store: bool, repeats: int
) -> dict[str, Any]:
    from claimdiff.config import FetchConfig, FilesSource, IngestConfig
    from claimdiff.ingest import ingest_sources
    from claimdiff.ingest.dedupe import mark_duplicates
    from claimdiff.runner import window_articles
    from claimdiff.store import Store

    fetch = FetchConfig()
    sources = [FilesSource(type="files", path=tonight)]
    outcome: dict[str, Any] = {}

    def night() -> None:
        shutil.copyfile(store_path, work)  # every pass starts from the same store
        with Store(Path(work)) as store:
            if whole_store:
                # before: all stored articles read, shingled and date-filtered in Python
                known = store.articles()
                read = ingest_sources(sources, fetch, ingest=IngestConfig())
                articles = mark_duplicates(read.articles, known, fetch)
                new = [a for a in articles if a.duplicate_of is None]
                dates = [a.published_at for a in new]
                window = timedelta(days=ALIGN_WINDOW_DAYS)
                context = [
                    k for k in known
                    if k.published_at is None or any(abs(k.published_at - d) <= window for d in dates)
                ]  # fmt: skip
            else:
                articles = ingest_sources(sources, fetch, store, ingest=IngestConfig()).articles
                new = [a for a in articles if a.duplicate_of is None]
                context = window_articles(store, new, ALIGN_WINDOW_DAYS)
        outcome["duplicates"] = sorted(a.url for a in articles if a.duplicate_of)
        outcome["context"] = len(context)

    seconds = best_of(repeats, night)
    label = "whole store loaded (before)" if whole_store else "claimdiff windowed store queries"
    return {"label": label, "seconds": seconds, "items": 1, "throughput": 1 / seconds, **outcome}


def main(argv: list[str] | None = None) -> float:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="5,000 stored articles")
    parser.add_argument("--stored", type=int, default=20_000)
    parser.add_argument("--new", type=int, default=50)
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args(argv)
    stored = 5_000 if args.quick else args.stored
    store_path, tonight = build_store(stored, args.new)
    work = store_path.parent
    common = {"store_path": str(store_path), "tonight": str(tonight), "repeats": args.repeats}
    rows = {
        "baseline": isolated(_night, work=str(work / "baseline.db"), whole_store=True, **common),
        "claimdiff": isolated(_night, work=str(work / "claimdiff.db"), whole_store=False, **common),
    }
    duplicates = rows["claimdiff"].pop("duplicates")
    if rows["baseline"].pop("duplicates") != duplicates:
        raise SystemExit("the two sides disagree on which new articles are duplicates")
    extra = {"stored_articles": stored, "new_articles": args.new, "duplicates_found": len(duplicates),
             "context_articles": {k: r.pop("context") for k, r in rows.items()}}  # fmt: skip
    return report(f"Nightly ingest, {stored:,} stored articles", "nights", rows, extra)


if __name__ == "__main__":
    main()
