"""Duplicates: the same article seen twice, and wire copies republished with small edits.

Kinds, in order: the same id (canonical URL + text hash) is the same article, not a
duplicate; the same text hash under another URL is an exact copy; a near-duplicate is a
text of the same role, published within ``near_duplicate_window_days`` of it, whose character
n-gram shingles overlap by at least ``near_duplicate_jaccard`` (Jaccard) **and whose numbers
are the same, in the same order**.
The number rule matters: a copy that changed "250,000" to "25,000" is exactly what claimdiff
must flag, so it is never folded into the copy it differs from.

Linear in the night: an article already stored costs a lookup; the others are compared only
with texts of the same role and the same numbers in the same order (which a near-duplicate
needs anyway), a block per numbers sequence. Within a block the Jaccard is exact (a sparse
shingle product, scikit-learn's HashingVectorizer: no vocabulary to hold); a block larger
than ``near_duplicate_block_max`` (texts without numbers) goes through MinHash LSH
(datasketch) first, so no step compares all pairs.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from typing import Any

import numpy as np

from claimdiff.config import FetchConfig
from claimdiff.records import Article

log = logging.getLogger(__name__)

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_HASH_FEATURES = (
    2**22
)  # collisions only ever raise overlap slightly; 4M buckets keep that negligible


def _numbers(text: str) -> tuple[str, ...]:
    return tuple(m.replace(",", "") for m in _NUMBER.findall(text))


def _shingles(texts: list[str], ngram: int) -> object:
    # imported here: scikit-learn takes seconds to import, and a night of known articles
    # (or an empty one) never shingles anything
    from sklearn.feature_extraction.text import HashingVectorizer

    vectorizer = HashingVectorizer(
        analyzer="char",
        ngram_range=(ngram, ngram),
        n_features=_HASH_FEATURES,
        binary=True,
        norm=None,
        alternate_sign=False,
        lowercase=True,
    )
    # whitespace differences are not edits
    return vectorizer.transform([" ".join(t.split()) for t in texts]).tocsr()


def mark_duplicates(
    articles: list[Article], known: Iterable[Article], config: FetchConfig
) -> list[Article]:
    """Return ``articles`` (same order) with ``duplicate_of`` set on copies of a kept article.

    ``known`` are articles stored before this run; they are kept as they are. Within the
    batch, an ``original`` is preferred over a ``report`` as the kept copy of an exact text.
    """
    kept_by_hash: dict[str, str] = {}
    kept_ids: set[str] = set()
    resolve: dict[str, str] = {}  # id -> kept id (a known duplicate points at its original)
    near_pool: list[Article] = []  # kept articles long enough for near-duplicate checks
    for article in known:
        target = article.duplicate_of or article.article_id
        resolve[article.article_id] = target
        if article.duplicate_of is None:
            kept_ids.add(article.article_id)
            kept_by_hash.setdefault(article.text_hash, article.article_id)
            if len(article.text) >= config.near_duplicate_min_chars:
                near_pool.append(article)

    # originals first: when a report repeats a release word for word, the release is kept
    order = sorted(range(len(articles)), key=lambda i: articles[i].role != "original")
    # an article stored before (a re-run) keeps its verdict: a lookup, never a comparison
    long_new = [
        i
        for i in order
        if articles[i].article_id not in resolve
        and len(articles[i].text) >= config.near_duplicate_min_chars
    ]
    similar = _similar_pairs(articles, long_new, near_pool, config)

    out = list(articles)
    pool_ids = {a.article_id for a in near_pool}
    for i in order:
        article = articles[i]
        if article.article_id in resolve:
            # this very article was stored before (a re-run): keep its earlier verdict
            target = resolve[article.article_id]
            if target != article.article_id:
                out[i] = replace(article, duplicate_of=target)
            continue
        duplicate_of = kept_by_hash.get(article.text_hash)
        if duplicate_of is None:
            for other_id in similar.get(i, ()):
                if other_id in pool_ids:
                    duplicate_of = other_id
                    break
        if duplicate_of is not None:
            log.info("%s: duplicate of %s", article.source or article.url, duplicate_of)
            out[i] = replace(article, duplicate_of=duplicate_of)
            resolve[article.article_id] = duplicate_of
            continue
        kept_ids.add(article.article_id)
        resolve[article.article_id] = article.article_id
        kept_by_hash[article.text_hash] = article.article_id
        if len(article.text) >= config.near_duplicate_min_chars:
            pool_ids.add(article.article_id)
    return out


def near_duplicate_blocks(texts: list[Article]) -> dict[tuple[str, tuple[str, ...]], list[int]]:
    """Indices of ``texts`` by (role, numbers in order): only texts of one block can be
    near-duplicates of each other."""
    blocks: dict[tuple[str, tuple[str, ...]], list[int]] = {}
    for i, article in enumerate(texts):
        blocks.setdefault((article.role, _numbers(article.text)), []).append(i)
    return blocks


def _similar_pairs(
    articles: list[Article], new_idx: list[int], pool: list[Article], config: FetchConfig
) -> dict[int, list[str]]:
    """For each new index, ids of earlier (in ``new_idx`` order) or known articles it nearly copies."""
    if not new_idx:
        return {}
    candidates = pool + [articles[i] for i in new_idx]
    # only blocks holding a new article and something to compare it with are shingled, all in
    # one pass: most texts are alone in their block (no other text has their numbers)
    blocks = [
        members
        for members in near_duplicate_blocks(candidates).values()
        if len(members) >= 2 and members[-1] >= len(pool)
    ]
    if not blocks:
        return {}
    involved = sorted({i for members in blocks for i in members})
    row_of = {c: r for r, c in enumerate(involved)}
    matrix = _shingles([candidates[i].text for i in involved], config.near_duplicate_ngram)
    found: dict[int, list[tuple[float, int]]] = {}
    for members in blocks:
        block = matrix[[row_of[i] for i in members]]
        for row, col, jaccard in _block_pairs(block, members, len(pool), config):
            if _close_in_time(candidates[row], candidates[col], config.near_duplicate_window_days):
                found.setdefault(row - len(pool), []).append((jaccard, col))
    result: dict[int, list[str]] = {}
    for r, hits in found.items():
        hits.sort(key=lambda h: (-h[0], h[1]))
        result[new_idx[r]] = [candidates[col].article_id for _j, col in hits]
    return result


def _compact(block: Any) -> Any:
    """The block's shingle rows over the columns it uses only: a product over the hashing
    space's 4M columns costs that many steps per block, however small the block."""
    from scipy import sparse

    used, columns = np.unique(block.indices, return_inverse=True)
    return sparse.csr_matrix(
        (block.data, columns.ravel(), block.indptr), shape=(block.shape[0], len(used))
    )


def _block_pairs(
    block: Any, members: list[int], first_new: int, config: FetchConfig
) -> Iterator[tuple[int, int, float]]:
    """(new row, earlier column, Jaccard) of the block's pairs at or above the threshold;
    ``block`` holds the shingle rows of ``members`` (indices into the candidates)."""
    sizes = np.asarray(block.sum(axis=1)).ravel()
    if len(members) > config.near_duplicate_block_max:
        pairs = _lsh_pairs(block, config)
    else:
        compact = _compact(block)
        inter = (compact @ compact.T).tocoo()
        pairs = zip(inter.row.tolist(), inter.col.tolist(), inter.data.tolist(), strict=True)
    for a, b, shared in pairs:
        row, col = members[a], members[b]
        if col >= row or row < first_new:  # new against known and earlier new only
            continue
        union = sizes[a] + sizes[b] - shared
        jaccard = float(shared) / float(union) if union else 0.0
        if jaccard >= config.near_duplicate_jaccard:
            yield row, col, jaccard


def _lsh_pairs(matrix: Any, config: FetchConfig) -> Iterator[tuple[int, int, float]]:
    """Candidate pairs of a large block from MinHash LSH over the shingle ids, with their exact
    shared-shingle counts."""
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=config.near_duplicate_jaccard * 0.9, num_perm=64)
    rows = [matrix.indices[matrix.indptr[i] : matrix.indptr[i + 1]] for i in range(matrix.shape[0])]
    for i, shingles in enumerate(rows):
        digest = MinHash(num_perm=64, seed=1, hashfunc=int)
        digest.update_batch(shingles.tolist())
        for j in lsh.query(digest):
            yield i, j, float(len(np.intersect1d(shingles, rows[j], assume_unique=True)))
        lsh.insert(i, digest)


def _close_in_time(a: Article, b: Article, days: float) -> bool:
    """Whether two texts are close enough in time to be one wire story (True when a date is
    missing): the same template a year apart ("exports rose … in November") is not a copy."""
    if a.published_at is None or b.published_at is None:
        return True
    return abs(_utc(a.published_at) - _utc(b.published_at)) <= timedelta(days=days)


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
