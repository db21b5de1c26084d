"""The store's operations; every test runs on each backend the ``store`` fixture opens."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from claimdiff.records import (
    Article,
    Finding,
    NLIScores,
    Pair,
    Problem,
    Statement,
    Story,
    text_hash,
)
from claimdiff.store import Review, Store, StoredFinding


def article(n: int, **changes) -> Article:
    text = f"Article number {n} says something."
    made = Article(
        article_id=f"a{n}",
        url=f"https://example.com/{n}",
        canonical_url=f"https://example.com/{n}",
        outlet="Example",
        role="report",
        lang="en",
        text=text,
        text_hash=text_hash(text),
        metadata={"extra": n},
    )
    return replace(made, **changes)


def finding(n: int, **changes) -> Finding:
    made = Finding(
        f"f{n}", f"p{n}", "story", "high", "quantity_mismatch", "checks-only",
        ("quantity changed: 250,000 -> 25만", "checks-only"), "s1", "s2", content_hash="h",
    )  # fmt: skip
    return replace(made, **changes)


def seed_statements(store: Store) -> None:
    store.add_articles([article(1), article(2)])
    store.add_statements(
        [Statement("s1", "a1", 0, 0, 7, "Article", "en", "original"),
         Statement("s2", "a2", 0, 0, 7, "기사", "ko", "report")]
    )  # fmt: skip


def test_inserts_are_idempotent(store):
    assert store.add_articles([article(1), article(2)]) == 2
    assert store.add_articles([article(1), article(2), article(3)]) == 1
    assert store.count("articles") == 3
    assert store.articles(["a1"]) == [article(1)]
    s = Statement("s1", "a1", 0, 0, 7, "Article", "en", "report")
    assert store.add_statements([s]) == 1
    assert store.add_statements([s]) == 0
    assert store.add_stories([Story("st", ("a1", "a2"), ("250,000",))]) == 1
    assert store.add_stories([Story("st", ("a1", "a2"), ("250,000",))]) == 0
    assert store.add_pairs([Pair("p", "st", "s1", "s1", 0.5, "tfidf-en")] * 2) == 1
    problems = [Problem("ingest", "x.jsonl:2", "bad JSON")] * 2
    assert store.record_problems("run", problems) == 1
    assert store.record_problems("run", problems) == 0


def test_a_stored_article_is_not_overwritten(store):
    store.add_articles([article(1)])
    store.add_articles([article(1, outlet="Other")])
    assert store.articles(["a1"])[0].outlet == "Example"


def test_articles_come_back_typed_in_insertion_order(store):
    when = datetime(2026, 11, 30, 9, 0, tzinfo=timezone(timedelta(hours=9)))
    stored = [article(3, published_at=when, lang_detected=True), article(1), article(2)]
    store.add_articles(stored)
    assert store.articles() == stored
    assert store.articles(["a2", "a3"]) == [stored[0], stored[2]]
    store.add_articles([article(4, duplicate_of="a1")])
    assert [a.article_id for a in store.articles()] == ["a3", "a1", "a2"]
    assert len(store.articles(include_duplicates=True)) == 4


def test_lookups_larger_than_the_parameter_limit(store):
    store.db.max_variables = 7  # a tiny limit puts every lookup over several statements
    articles = [article(n) for n in range(40)]
    assert store.add_articles(articles) == 40
    ids = [a.article_id for a in articles]
    assert store.known_article_ids([*ids, "missing"]) == set(ids)
    assert store.articles(ids) == articles
    store.put_nli("m", [(f"p{n}", f"h{n}", NLIScores(0.5, 0.25, 0.25)) for n in range(30)])
    keys = [(f"p{n}", f"h{n}") for n in range(35)]
    assert len(store.get_nli("m", keys)) == 30
    store.put_translations("m", [(f"h{n}", f"t{n}", False) for n in range(30)])
    assert len(store.get_translations("m", [f"h{n}" for n in range(35)])) == 30


def test_translations_survive_and_caches_roundtrip(store):
    store.add_articles([article(1)])
    s = Statement("s1", "a1", 0, 0, 7, "기사", "ko", "report")
    store.add_statements([s])
    store.set_translations([replace(s, text_en="article", translation_model="m")])
    assert store.statements_by_id(["s1"])["s1"].text_en == "article"
    assert store.statements(["a1"])[0].translation_model == "m"
    store.put_translations("m", [("h1", "hello", False), ("h2", "world", True)])
    store.put_translations("m", [("h1", "hello again", False)])
    assert store.get_translations("m", ["h1", "h2", "h3"]) == {
        "h1": ("hello again", False),
        "h2": ("world", True),
    }
    assert store.get_translations("other", ["h1"]) == {}
    scores = NLIScores(0.7, 0.2, 0.1, truncated=True)
    store.put_nli("nli", [("p", "h", scores)])
    assert store.get_nli("nli", [("p", "h"), ("p", "x")]) == {("p", "h"): scores}
    assert store.get_nli("other", [("p", "h")]) == {}


def test_http_validators(store):
    assert store.get_http_validators("https://x") is None
    store.put_http_validators("https://x", '"etag"', "Wed, 21 Oct 2026 07:28:00 GMT")
    store.put_http_validators("https://x", '"etag2"', None)
    assert store.get_http_validators("https://x") == {"etag": '"etag2"', "last_modified": None}


def test_findings_come_back_typed_and_are_refreshed_by_later_runs(store):
    seed_statements(store)
    assert store.upsert_findings([finding(1), finding(2)], "run-1") == 2
    (first,) = store.findings(["f1"])
    assert isinstance(first, StoredFinding) and first.finding == finding(1)
    assert (first.first_run_id, first.last_run_id, first.review) == ("run-1", "run-1", None)
    assert store.upsert_findings([finding(1, severity="low", label="neutral")], "run-2") == 0
    (again,) = store.findings(["f1"])
    assert again.finding.severity == "low" and again.finding.label == "neutral"
    assert (again.first_run_id, again.last_run_id) == ("run-1", "run-2")
    assert [f.finding.finding_id for f in store.findings()] == ["f1", "f2"]
    assert store.findings([]) == []


def test_reviews_attach_to_findings(store):
    seed_statements(store)
    store.upsert_findings([finding(1), finding(2)], "run-1")
    assert store.apply_reviews([("f1", "dismissed", "wire copy", "h")]) == 1
    reviewed = {f.finding.finding_id: f.review for f in store.findings()}
    assert reviewed["f2"] is None
    assert isinstance(reviewed["f1"], Review)
    assert (reviewed["f1"].status, reviewed["f1"].note) == ("dismissed", "wire copy")
    store.apply_reviews([("f1", "confirmed", "", "h")])
    assert store.findings(["f1"])[0].review.status == "confirmed"
    assert store.count("reviews") == 1


def test_findings_by_creation_date(store):
    seed_statements(store)
    store.upsert_findings([finding(1)], "run-1")
    created = store.findings()[0].created_at
    assert store.findings(since=created[:10]) and not store.findings(until=created[:10])
    assert store.findings(["f1"], since=created[:10])


@pytest.mark.parametrize(
    ("status", "reviewed_hash", "expected"),
    [
        (None, None, True),
        ("needs_followup", "h", True),
        ("dismissed", "h", False),
        ("confirmed", "h", False),
        ("dismissed", "old", True),  # the statements changed since the decision
    ],
)
def test_is_open(status, reviewed_hash, expected):
    review = None if status is None else Review("f1", status, "", reviewed_hash, "2026-12-01")
    assert StoredFinding(finding(1), "r", "r", "2026-12-01", review).is_open is expected


def test_articles_near_a_window(store):
    base = datetime(2025, 3, 10, 12, 0, tzinfo=timezone.utc)  # long before the run started
    store.start_run("run-1", "full")
    store.add_articles(
        [article(1, published_at=base), article(2, published_at=base - timedelta(days=5)),
         article(3, published_at=(base + timedelta(hours=9)).astimezone(timezone(timedelta(hours=9)))),
         article(4)],
        "run-1",
    )  # fmt: skip
    near = {a.article_id for a in store.articles_near([base], 1)}
    assert near == {"a1", "a3"}
    # an undated article counts from the start of the run that stored it (now)
    assert "a4" in {a.article_id for a in store.articles_near([datetime.now(timezone.utc)], 1)}


def test_unknown_table_is_refused(store):
    with pytest.raises(ValueError, match="unknown table"):
        store.count("meta; DROP TABLE articles")


def test_progress_names_what_each_stage_has_not_finished(store):
    store.add_articles([article(1), article(2), article(3, duplicate_of="a1")])
    assert store.articles_lacking("export") == ["a1", "a2"]  # a copy is never processed
    assert store.mark_done(["a1", "a1"], "segment", "", "run-1") == 1
    assert store.mark_done(["a1"], "segment", "", "run-2") == 0  # idempotent
    store.mark_done(["a1", "a2"], "judge", "checks-only", "run-1")
    assert store.articles_lacking("segment") == ["a2"]
    assert store.articles_lacking("judge", "nli=x") == ["a1", "a2"]  # not under these models
    assert store.articles_lacking("judge") == []


def test_runs_left_running_by_a_dead_process_are_closed_as_failed(store):
    store.start_run("dead", "full")
    store.start_run("done", "full")
    store.finish_run("done", "completed", {"mode": "full"})
    assert store.close_stale_runs("killed") == 1
    statuses = {r["run_id"]: r["status"] for r in store.db.query("SELECT * FROM runs")}
    assert statuses == {"dead": "failed", "done": "completed"}


def test_facts_roundtrip_keyed_by_statement_and_replaced_when_their_source_changes(store):
    seed_statements(store)
    from claimdiff.facts import extract_facts, load_lexicons

    lexicons = load_lexicons()
    ko = extract_facts(
        "삼성전자는 약 2조 5,000억 원을 투자할 계획이라고 밝혔다.", "ko", lexicons,
        text_en="Samsung Electronics said it plans to invest about 2.5 trillion won.",
    )  # fmt: skip
    en = extract_facts("Prices rose 3% in June, the ministry said.", "en", lexicons)
    assert store.put_facts([("s1", "h-en", en), ("s2", "h-ko", ko)]) == 2
    assert store.facts_by_id(["s1", "s2", "missing"]) == {"s1": en, "s2": ko}
    assert store.facts_hashes(["s1", "s2"]) == {"s1": "h-en", "s2": "h-ko"}
    store.put_facts([("s2", "h-ko-2", en)])
    assert store.facts_hashes(["s2"]) == {"s2": "h-ko-2"}
    assert store.facts_by_id(["s2"])["s2"] == en and store.count("facts") == 2


def test_a_story_keeps_its_id_and_takes_a_new_member(store):
    store.add_articles([article(1), article(2), article(3)])
    assert store.add_stories([Story("st", ("a1", "a2"), ("k",))], "run1") == 1
    assert store.stories_of(["a1", "a2", "a3"]) == {"a1": "st", "a2": "st"}
    # tomorrow a3 joins the story under the same id: the stored story is replaced
    assert store.add_stories([Story("st", ("a1", "a2", "a3"), ("k",))], "run2") == 1
    assert store.stories_of(["a1", "a2", "a3"]) == {"a1": "st", "a2": "st", "a3": "st"}
    assert store.stories_by_id(["st", "unknown"]) == [Story("st", ("a1", "a2", "a3"), ("k",))]
    assert store.count("stories") == 1


def test_article_keys_are_read_back_only_under_their_stamp(store):
    store.add_articles([article(1), article(2)])
    assert store.put_article_keys("v1", {"a1": {"n:herion", "250000"}, "a2": set()}) == 2
    assert store.article_keys("v1", ["a1", "a2", "a3"]) == {
        "a1": {"n:herion", "250000"},
        "a2": set(),
    }
    assert store.article_keys("v2", ["a1"]) == {}


def test_forget_done_makes_a_stage_run_again_for_those_articles(store):
    store.add_articles([article(1), article(2)])
    store.mark_done(["a1", "a2"], "facts", "stamp", "run1")
    store.forget_done(["a1"], "facts")
    assert store.articles_lacking("facts", "stamp") == ["a1"]


def test_checks_only_english_is_set_in_the_store_and_names_the_articles_it_changed(store):
    seed_statements(store)
    store.set_translations(
        [replace(store.statements_by_id(["s2"])["s2"], text_en="x", translation_model="m")]
    )
    assert store.english_as_is(["a1", "a2", "missing"]) == (2, {"a1", "a2"})
    english, korean = store.statements_by_id(["s1"])["s1"], store.statements_by_id(["s2"])["s2"]
    assert (english.text_en, english.translation_model) == ("Article", None)
    assert (korean.text_en, korean.translation_model, korean.translation_truncated) == (
        None, None, False,
    )  # fmt: skip
    assert store.english_as_is(["a1", "a2"]) == (2, set())  # nothing left to change


def test_article_sources_name_the_outlet_and_url_of_kept_and_duplicate_articles(store):
    store.add_articles([article(1), article(2, duplicate_of="a1", outlet="Wire")])
    assert store.article_sources(["a1", "a2", "missing"]) == {
        "a1": ("Example", "https://example.com/1"),
        "a2": ("Wire", "https://example.com/2"),
    }


def test_dedupe_context_is_a_lookup_for_known_articles_and_a_window_for_new_ones(store):
    base = datetime(2025, 3, 10, 12, 0, tzinfo=timezone.utc)
    store.start_run("run-1", "full")
    stored = [article(1, published_at=base), article(2, published_at=base + timedelta(hours=2))]
    store.add_articles(stored, "run-1")
    assert [a.article_id for a in store.dedupe_context([stored[0]], 1)] == ["a1"]
    new = article(5, published_at=base + timedelta(hours=1))
    copy = article(6, text=stored[1].text, text_hash=stored[1].text_hash)  # undated, same text
    context = store.dedupe_context([stored[0], new, copy], 1)
    assert {a.article_id for a in context} == {"a1", "a2"}
