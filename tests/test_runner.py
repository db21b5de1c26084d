"""Run steps without Prefect: which stored articles a night's new articles are compared with and
deduplicated against. Both are bounded by a time window, not by the size of the store."""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import signal
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import yaml

from claimdiff.config import FetchConfig, FilesSource, IngestConfig, load_config, parse_config
from claimdiff.facts.records import Facts
from claimdiff.ingest import ingest_sources
from claimdiff.lock import store_lock
from claimdiff.records import Article, Stage, text_hash
from claimdiff.runner import (
    Models,
    run_steps,
    start_run,
    step_facts,
    step_ingest,
    step_judge,
    window_articles,
    with_input,
)
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
            stored = ingest_sources(
                [FilesSource(type="files", path=str(originals))],
                config,
                store,
                ingest=IngestConfig(),
            )
            assert [a.duplicate_of for a in stored.articles] == [None, None]
            store.add_articles(stored.articles, "r1")
            report = ingest_sources(sources, config, store, ingest=IngestConfig())
        return {a.url: a.duplicate_of is not None for a in report.articles}

    assert verdicts(30) == {
        "https://copy/exact": True,  # exact copy of a 90-day-old text: any age
        "https://copy/typhoon": True,  # near copy of a 2-day-old text
        "https://copy/cluster": False,  # near copy, 90 days later: outside the window
        "https://copy/then": True,  # near copy published the day after its original
    }
    narrow = verdicts(0.5)
    assert narrow["https://copy/exact"] and not narrow["https://copy/then"]


# --- faults: kill -9, full disk, read-only store, concurrent runs ---------------------------
#
# Each case runs claimdiff as its own process (the runner's steps, as the flow composes them)
# and does to it what an operator's machine does: SIGKILL at a stage boundary, a disk that
# fills up, a store it may not write. What must hold afterwards: the next run's queue has every
# finding an uninterrupted run produces, with the same ids and no duplicates, and an expected
# failure is one message naming the path.

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples" / "demo.jsonl"
# The steps as the flow runs them, with the stage log on stderr (what the kills wait for).
DRIVER = """
import logging, sys
logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(message)s")
from claimdiff.config import load_config
from claimdiff.errors import ClaimdiffError
from claimdiff.runner import run_steps
try:
    summary = run_steps(load_config(sys.argv[1]), no_models=True)
except ClaimdiffError as exc:
    print(f"error: {exc}", file=sys.stderr)
    sys.exit(1)
print(summary.status)
"""
# The boundaries of a checks-only run (NLI does not run there), and the end of the last stage
# (the queue is written, run.json and the run's row are not).
BOUNDARIES = [
    "stage load_models: started",
    "stage segment: started",
    "stage translate: started",
    "stage facts: started",
    "stage align: started",
    "stage judge: started",
    "stage export: started",
    "stage export: [0-9]",
]


def fault_config(tmp_path, store=None, out=None, **extra):
    data = {
        "sources": [{"type": "files", "path": str(SAMPLES)}],
        "models": None,
        "store": f"sqlite:///{store or tmp_path / 'store' / 'claimdiff.db'}",
        "export": {"dir": str(out or tmp_path / "out")},
        "state_dir": str(tmp_path / "state"),
        **extra,
    }
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def driver(config, **kwargs):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])}
    return subprocess.Popen(
        [sys.executable, "-c", DRIVER, str(config)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, **kwargs,
    )  # fmt: skip


def queue_ids(out):
    with (out / "flags.csv").open(encoding="utf-8-sig", newline="") as handle:
        ids = [row["finding_id"] for row in csv.DictReader(handle)]
    assert len(ids) == len(set(ids)), "a finding is listed twice"
    return set(ids)


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory):
    """The findings of one uninterrupted run over the same input."""
    tmp = tmp_path_factory.mktemp("uninterrupted")
    run_steps(load_config(fault_config(tmp)), no_models=True)
    ids = queue_ids(tmp / "out")
    assert len(ids) >= 4
    return ids


@pytest.mark.slow
@pytest.mark.parametrize("boundary", BOUNDARIES)
def test_kill_9_at_a_stage_boundary_then_rerun_loses_nothing(tmp_path, uninterrupted, boundary):
    config = fault_config(tmp_path)
    process = driver(config)
    for line in process.stderr:
        if re.match(boundary, line):
            process.kill()
            break
    process.wait(120)
    assert process.returncode == -signal.SIGKILL, f"the run ended before {boundary!r}"

    summary = run_steps(load_config(config), no_models=True)
    assert queue_ids(tmp_path / "out") == uninterrupted
    assert not summary.failed
    with Store(tmp_path / "store" / "claimdiff.db") as store:
        runs = store.db.query("SELECT status FROM runs ORDER BY rowid")
        # the killed run is closed as failed by the next one, which holds the lock
        assert [r["status"] for r in runs] == ["failed", summary.status]
        assert store.articles_lacking(Stage.EXPORT) == []
    if boundary == BOUNDARIES[-1]:  # and a run after that one has nothing left to do
        again = run_steps(load_config(config), no_models=True)
        assert again.nothing_new and queue_ids(tmp_path / "out") == uninterrupted


@pytest.fixture
def small_disk(tmp_path):
    """A 2 MB file system (tmpfs) when this machine lets us mount one."""
    mount = tmp_path / "small"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)],
        capture_output=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


@pytest.mark.slow
def test_a_full_disk_fails_the_run_naming_the_store_then_it_resumes(
    tmp_path, small_disk, uninterrupted
):
    store = small_disk / "claimdiff.db"
    config = fault_config(tmp_path, store=store, run={"min_free_mb": 0})
    # The store starts on a disk that cannot hold a night's work.
    filler = small_disk / "filler"
    with Store(store):
        pass
    free = shutil.disk_usage(small_disk).free
    filler.write_bytes(b"\0" * max(free - 16 * 1024, 0))
    process = driver(config)
    _, stderr = process.communicate(timeout=300)
    assert process.returncode == 1, stderr
    message = [line for line in stderr.splitlines() if line.startswith("error:")]
    assert len(message) == 1 and str(store) in message[0] and "full" in message[0]
    run = json.loads((tmp_path / "out" / "run.json").read_text(encoding="utf-8"))
    assert run["status"] == "failed" and str(store) in run["error"]

    filler.unlink()  # space freed: the next run finishes the work
    run_steps(load_config(config), no_models=True)
    assert queue_ids(tmp_path / "out") == uninterrupted


@pytest.fixture
def read_only_store(tmp_path, small_disk):
    """A store with a night in it, on a file system remounted read-only (root ignores file
    modes, not a read-only mount)."""
    store = small_disk / "claimdiff.db"
    run_steps(
        load_config(fault_config(tmp_path, store=store, run={"min_free_mb": 0})), no_models=True
    )
    done = subprocess.run(
        ["mount", "-o", "remount,ro", str(small_disk)], capture_output=True, check=False
    )
    if done.returncode != 0:
        pytest.skip(f"cannot remount read-only: {done.stderr.decode().strip()}")
    yield store
    subprocess.run(["mount", "-o", "remount,rw", str(small_disk)], check=False)


@pytest.mark.slow
def test_read_only_store_and_unwritable_out_dir_fail_before_any_work(tmp_path, read_only_store):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory", encoding="utf-8")
    out = blocker / "out"
    config = fault_config(tmp_path, store=read_only_store, out=out, run={"min_free_mb": 0})
    before = read_only_store.read_bytes()

    process = driver(config)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 1, stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert any(str(out) in line and "cannot create the output directory" in line for line in lines)
    assert any(str(read_only_store.parent) in line and "not writable" in line for line in lines)
    assert "Traceback" not in stderr
    assert read_only_store.read_bytes() == before


@pytest.mark.slow
def test_a_second_run_on_the_store_is_refused_naming_the_first_or_waits(tmp_path, uninterrupted):
    config = fault_config(tmp_path)
    store_path = tmp_path / "store" / "claimdiff.db"
    with store_lock(store_path, run_id="first"):
        process = driver(config)
        _, stderr = process.communicate(timeout=120)
        assert process.returncode == 1
        assert (
            f"pid {os.getpid()}" in stderr and "another run" in stderr and str(store_path) in stderr
        )
    assert not (tmp_path / "out" / "flags.csv").exists()  # it did nothing

    # Two at once: one runs, the other refuses; both never write the same files.
    first, second = driver(config), driver(config)
    results = [p.communicate(timeout=300) for p in (first, second)]
    codes = sorted(p.returncode for p in (first, second))
    assert codes in ([0, 0], [0, 1]), results
    if codes == [0, 1]:
        assert any("another run" in err for _, err in results)
    assert queue_ids(tmp_path / "out") == uninterrupted


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


def test_facts_are_computed_once_per_statement_stored_and_read_by_the_judge(tmp_path):
    """The facts stage stores one Facts per statement; a rerun over the same statements and
    lexicons computes none; new lexicons compute them again; the judge reads the stored facts
    (blank them and the deterministic checks find nothing)."""
    config = load_config(fault_config(tmp_path))
    summary = run_steps(config, no_models=True)
    with Store(config.store) as store:
        statements = store.count("statements")
        assert store.count("facts") == statements > 0
        assert summary.counts["facts"] == {
            "statements": statements,
            "computed": statements,
            "failed": 0,
        }
        ids = [a.article_id for a in store.articles()]
        pair_ids = [r["pair_id"] for r in store.db.query("SELECT pair_id FROM pairs")]
    run = start_run(config)
    assert step_facts(run, config, ids).counts["computed"] == 0
    extra = tmp_path / "lexicons"
    (extra / "en").mkdir(parents=True)
    (extra / "en" / "negation.yaml").write_text("lemmas: [mothball]\n", encoding="utf-8")
    relexed = config.model_copy(
        update={"facts": config.facts.model_copy(update={"lexicon_dir": extra})}
    )
    assert step_facts(run, relexed, ids).counts["computed"] == statements

    judged = step_judge(run, config, Models(), pair_ids)
    assert judged.counts["findings"] > 0
    with Store(config.store) as store:
        by_id = store.statements_by_id(
            r["statement_id"] for r in store.db.query("SELECT statement_id FROM facts")
        )
        store.put_facts((sid, "blank", Facts(s.lang, (), None, (), ())) for sid, s in by_id.items())
    blank = step_judge(run, config, Models(), pair_ids)
    assert blank.counts["findings"] == 0 and blank.counts["checks_failed"] == 0


def test_a_report_arriving_a_night_later_joins_its_story_under_the_same_id(tmp_path, uninterrupted):
    """Night 1 lacks one report; night 2 brings it: it joins the stored story, whose id is
    kept; only the new article is segmented and only its pairs are made; the two nights'
    queues together are the queue of one run over everything."""
    lines = SAMPLES.read_text(encoding="utf-8").splitlines()
    late = next(i for i, line in enumerate(lines) if "pacific-ledger" in line)
    first, second = tmp_path / "night1.jsonl", tmp_path / "night2.jsonl"
    first.write_text("\n".join(lines[:late] + lines[late + 1 :]) + "\n", encoding="utf-8")
    second.write_text(lines[late] + "\n", encoding="utf-8")
    config = load_config(fault_config(tmp_path))
    run_steps(with_input(config, first), no_models=True)
    queue = queue_ids(tmp_path / "out")
    with Store(config.store) as store:
        before = {s.story_id: set(s.article_ids) for s in store.stories_by_id(
            r["story_id"] for r in store.db.query("SELECT story_id FROM stories"))}  # fmt: skip
    summary = run_steps(with_input(config, second), no_models=True)
    queue |= queue_ids(tmp_path / "out")
    assert queue == uninterrupted
    assert summary.counts["segment"]["articles"] == 1
    with Store(config.store) as store:
        (new_id,) = [a.article_id for a in store.articles() if "pacific-ledger" in a.url]
        story_id = store.stories_of([new_id])[new_id]
        (grown,) = store.stories_by_id([story_id])
        new_statements = {s.statement_id for s in store.statements([new_id])}
        pairs = store.db.query("SELECT report_id FROM pairs")
    assert story_id in before and set(grown.article_ids) == before[story_id] | {new_id}
    assert summary.counts["align"]["pairs"] == sum(p["report_id"] in new_statements for p in pairs)
    # the window's older statements kept their facts without being read again
    assert summary.counts["facts"]["statements"] == len(new_statements)
