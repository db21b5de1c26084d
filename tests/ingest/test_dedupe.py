"""Near-duplicates in linear time: blocks by numbers, exact Jaccard inside, MinHash LSH for big blocks."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from claimdiff.config import FetchConfig
from claimdiff.ingest.build import article_from_fields
from claimdiff.ingest.dedupe import mark_duplicates, near_duplicate_blocks
from tests.ingest.texts import KO, built_article

CFG = FetchConfig()
WIRE = (
    "Northwind Systems said on Wednesday it would build three new data centres over the next two "
    "years, adding about 1,200 jobs in the region. The company expects the first site to open in the "
    "second half of 2026, and analysts said the investment was among the largest this year."
)
PLAIN = (
    "Officials in the harbour district said the ferry service would resume once the storm had "
    "passed, and that crews were checking the piers and the waiting rooms for damage. Residents "
    "were asked to stay away from the sea wall and to follow the announcements of the city."
)


def _article(text: str, url: str, role: str = "report"):
    fields = {"url": url, "outlet": "Outlet", "role": role, "text": text, "lang": "en"}
    return article_from_fields(fields, source="t:1", fetch=CFG)


def test_blocks_hold_only_texts_with_the_same_numbers_and_role():
    texts = [
        _article(WIRE, "https://a.example/1"),
        _article(WIRE.replace("1,200", "12,000"), "https://a.example/2"),
        _article(WIRE + " More.", "https://a.example/3"),
        _article(WIRE, "https://a.example/4", role="original"),
    ]
    blocks = sorted(sorted(b) for b in near_duplicate_blocks(texts).values())
    assert blocks == [[0, 2], [1], [3]]


def test_texts_with_different_numbers_are_never_compared():
    texts = [_article(f"{PLAIN} Ticket {1000 + i}.", f"https://b.example/{i}") for i in range(300)]
    assert all(len(b) == 1 for b in near_duplicate_blocks(texts).values())
    assert all(a.duplicate_of is None for a in mark_duplicates(texts, [], CFG))


@pytest.mark.parametrize("block_max", [200, 2])  # exact product, then MinHash LSH
def test_large_blocks_find_the_same_copies_through_lsh(block_max):
    config = FetchConfig(near_duplicate_block_max=block_max)
    first = _article(PLAIN, "https://c.example/first")
    copy = _article(PLAIN.replace("would resume", "will resume") + " (Wire)", "https://c.example/c")
    others = []
    for i in range(8):  # the same words in other orders: similar, but not copies
        words = PLAIN.split()
        random.Random(i).shuffle(words)
        others.append(_article(" ".join(words), f"https://c.example/{i}"))
    marked = mark_duplicates([first, *others, copy], [], config)
    assert marked[-1].duplicate_of == first.article_id
    assert all(a.duplicate_of is None for a in marked[:-1])


def test_known_articles_keep_their_verdict():
    stored = _article(PLAIN, "https://d.example/1")
    copy = _article(PLAIN + " (Wire)", "https://d.example/2")
    marked = mark_duplicates([stored, copy], [stored], CFG)
    assert marked[0].duplicate_of is None
    assert marked[1].duplicate_of == stored.article_id


@pytest.mark.parametrize(
    ("copy", "role", "is_duplicate"),
    [
        (WIRE, "report", True),  # exact text, another URL
        (
            WIRE.replace("said on Wednesday", "announced Wednesday") + " (Reporting by staff.)",
            "report",
            True,
        ),
        (
            WIRE.replace("1,200", "12,000"),
            "report",
            False,
        ),  # a changed number is a finding, not a copy
        (
            WIRE.replace("about 1,200", "1,200"),
            "report",
            True,
        ),  # qualifier edits stay near (documented)
        (
            WIRE.replace("said on Wednesday", "announced Wednesday"),
            "original",
            False,
        ),  # roles differ
        (
            "A completely different story about weather in the region, with rain expected on Friday and "
            "temperatures dropping to 4 degrees. Officials urged drivers to take care on mountain roads "
            "where ice may form overnight, and schools may open late.",
            "report",
            False,
        ),
    ],
)
def test_near_duplicates(copy: str, role: str, is_duplicate: bool) -> None:
    first = built_article(WIRE, url="https://wire.example.com/a")
    second = built_article(copy, url="https://partner.example.com/b", role=role)
    marked = mark_duplicates([first, second], [], CFG)
    assert marked[0].duplicate_of is None
    assert (marked[1].duplicate_of == first.article_id) is is_duplicate


def test_duplicates_against_known_and_originals_are_kept_first() -> None:
    stored = built_article(WIRE, url="https://wire.example.com/a")
    again = built_article(WIRE, url="https://wire.example.com/a")  # same article re-read
    copy = built_article(WIRE + " Extra line.", url="https://other.example.com/c")
    report = built_article(KO, url="https://r.example.com/1", role="report")
    original = built_article(KO, url="https://o.example.com/1", role="original")
    marked = mark_duplicates([again, copy, report, original], [stored], CFG)
    assert marked[0].duplicate_of is None  # the stored article itself, not a copy of it
    assert marked[1].duplicate_of == stored.article_id
    assert marked[2].duplicate_of == original.article_id and marked[3].duplicate_of is None
    # a known duplicate keeps pointing at its original
    dup = replace(copy, duplicate_of=stored.article_id)
    assert mark_duplicates([copy], [stored, dup], CFG)[0].duplicate_of == stored.article_id
