"""Group articles into stories: same event, across languages, within a time window.

Two articles of one story share *specific* evidence: the company's name (in whatever script),
its product code, the partner, the exact quantities. Articles of different stories share
generic evidence: the year, the country, the city, "AI", round percentages, the names of big
companies that are in the news every day. One word is one piece of evidence whatever scripts
it is spelled in (a kanji word and its readings are one key, :func:`concepts`), and a Hangul
word only Korean articles carry weighs as a kanji word does (Korean has no capitals to tell a
name from an ordinary word). So each key is weighed by how few articles of the
window carry it (an IDF relative to the size of a story, not of the night: a key in
``story_key_df_max`` articles or more weighs nothing, or in a large window in
``story_key_df_share`` of its articles: there two stories meet on a name or a number by chance
more often, and a story's own keys are in more articles than its own), two articles
are linked when the weights of what they share add up to ``story_min_score``, and stories are
the communities of that weighted graph found by Leiden (CPM), which one weak link between two
dense groups cannot merge, unlike the connected components that chained whole nights into
one story.

Candidates come from the inverted index (a sparse incidence product over keys rare enough to
weigh anything), so the cost is bounded by articles x keys x ``story_key_df_max``, never by
all pairs; time blocking drops pairs published further apart than ``window_days``.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from datetime import datetime, timezone
from functools import lru_cache

import numpy as np
from scipy import sparse

from claimdiff.align.sounds import PREFIX as SOUND
from claimdiff.align.sounds import bridge, carriers
from claimdiff.align.words import DATA_FILE, NameKeys, fact_key, generic_keys, kanji_keys
from claimdiff.config import AlignConfig
from claimdiff.records import Article, Statement, Story

log = logging.getLogger(__name__)

KeysFn = Callable[[Statement], set[str]]
# raise when article_keys changes what it makes of the same statements: stored keys go stale
KEYS_VERSION = "3"


def keys_stamp(facts_stamp: str) -> str:
    """What stored story keys were made with: the facts fingerprint (code, lexicons and the
    facts config, the aliases among them), the align word lists and :data:`KEYS_VERSION`."""
    words = DATA_FILE.read_bytes()
    return hashlib.sha256(f"{facts_stamp}\0{KEYS_VERSION}\0".encode() + words).hexdigest()[:16]


def article_keys(
    articles: Sequence[Article] | Sequence[str],
    statements: Sequence[Statement],
    keys_fn: KeysFn,
    aliases: Mapping[str, str] | NameKeys | None = None,
) -> dict[str, set[str]]:
    """Evidence keys per article (the articles, or their ids): the statements' fact keys
    (numbers, lexicon names) plus names in any script (:func:`claimdiff.align.words.name_keys`)
    and, where an English text exists, its names too, and the carriers of names that may
    sound alike in another script (:func:`claimdiff.align.sounds.carriers`, resolved per
    window). ``aliases``: the alias map, or a :class:`NameKeys` over it that the caller keeps
    across calls."""
    names = aliases if isinstance(aliases, NameKeys) else NameKeys(aliases)
    sounds: dict[tuple[str, str], set[str]] = {}

    def sound(text: str, lang: str) -> set[str]:
        found = sounds.get((text, lang))
        if found is None:
            found = sounds[(text, lang)] = carriers(text, lang, names.aliases)
        return found

    keys: dict[str, set[str]] = {a if isinstance(a, str) else a.article_id: set() for a in articles}
    initial: dict[str, Counter[str]] = {}
    for statement in statements:
        bucket = keys.get(statement.article_id)
        if bucket is None:
            continue
        bucket |= {fact_key(k) for k in keys_fn(statement)}
        found, starts = names.split(statement.text, statement.lang)
        bucket |= found
        bucket |= sound(statement.text, statement.lang)
        if statement.text_en is not None and statement.lang != "en":
            found, more = names.split(statement.text_en, "en")
            bucket |= found
            bucket |= sound(statement.text_en, "en")
            starts |= more
        initial.setdefault(statement.article_id, Counter()).update(starts)
    # a capitalised word that only ever starts sentences is a name when the article starts
    # two sentences with it ("Korvane said ... Korvane will"), not when once ("Analysts said")
    for article_id, counts in initial.items():
        bucket = keys[article_id]
        bucket.update(k for k, n in counts.items() if n >= 2 or k in bucket)
    return keys


_YEAR = re.compile(r"(19|20)\d\d")
_DIGITS = re.compile(r"[0-9.]+%?")


def key_prior(key: str, generic_weight: float) -> float:
    """How specific a kind of key is, before counting. Years, small numbers, round
    percentages (10%) and the generic places and words of ``align/data/words.yaml`` weigh
    ``generic_weight``; kanji words (ordinary words as often as names) half; names in full;
    other numbers by their significant digits (a third a digit, in full from three): two
    unrelated articles meet on "650 million" or "3,500" far more often than on "251,300",
    because there are ten times fewer values of one digit fewer."""
    if _DIGITS.fullmatch(key):
        digits = key.rstrip("%").replace(".", "")
        significant = len(digits.strip("0"))
        small = key.endswith("%") or float(key.rstrip("%")) < 100
        if _YEAR.fullmatch(key) or (significant <= 1 and small):
            return generic_weight
        return min(1.0, significant / 3)
    if key in generic_keys():
        return generic_weight
    return 0.5 if key.startswith("k:") else 1.0


@lru_cache(maxsize=200_000)
def _readings(word: str) -> frozenset[str]:
    return kanji_keys(word)


def concepts(
    keys: Mapping[str, set[str]],
    named: Collection[str] = (),
    same: Iterable[tuple[str, str]] = (),
) -> tuple[dict[str, set[str]], dict[str, float]]:
    """Each article's keys with the spellings of one word made one key, and each such key's
    prior (the least of its spellings').

    A Japanese kanji word carries its own form and its readings (``k:投資``, the Korean
    ``n:tuja``, the Japanese ``n:touSi``) so that it meets the word in other scripts; between
    two articles that share the word those are one piece of evidence, not three. The keys of
    one word (a kanji form and those of its readings that are in the window) become the
    smallest of them. A reading that is also in ``named`` (keys spelled in Latin letters, in
    English articles) makes the word a name: 東京 meets "Tokyo", and weighs as a name does.
    ``same``: more pairs of keys that are one word (the names of
    :func:`claimdiff.align.sounds.bridge`), merged alike where both are in the window."""
    window = {k for found in keys.values() for k in found}
    readings = [
        (key, reading)
        for key in sorted(window)
        if key.startswith("k:")
        for reading in _readings(key[2:])
    ]
    parent: dict[str, str] = {}

    def find(key: str) -> str:
        while parent.get(key, key) != key:
            key = parent[key]
        return key

    kanji: Counter[str] = Counter(k for k in window if k.startswith("k:"))
    for n, (first, second) in enumerate([*readings, *same]):
        if first in window and second in window:
            a, b = find(first), find(second)
            # a name that sounds like a word joins that word, not the homophones it shares a
            # reading with (清算, 精算 and 生産 are one group by their reading)
            if a != b and (n < len(readings) or kanji[a] + kanji[b] <= 1):
                parent[max(a, b)] = min(a, b)
                kanji[min(a, b)] = kanji[a] + kanji[b]
    if not parent:
        return dict(keys), {}
    rename = {key: find(key) for key in parent}
    groups: dict[str, set[str]] = {}
    for key, root in rename.items():
        groups.setdefault(root, {root}).add(key)
    priors: dict[str, float] = {}
    for root, members in groups.items():
        spelled = members.intersection(named) or members
        priors[root] = min(key_prior(key, 0.0) for key in spelled)
    return {a: {rename.get(k, k) for k in found} for a, found in keys.items()}, priors


def _korean_only(
    articles: Sequence[Article], keys: Mapping[str, set[str]], priors: dict[str, float]
) -> dict[str, float]:
    """``priors`` with the name keys that only Korean articles of the window carry weighed as
    kanji words are: Korean has no capital letters, so every Hangul word is a possible name,
    and most are ordinary words ("production", "plan", "said"). A name spelled in Latin
    letters or katakana anywhere in the window (Korvane / 코르바네) keeps its full weight."""
    elsewhere: set[str] = set()
    korean: set[str] = set()
    for article in articles:
        (korean if article.lang == "ko" else elsewhere).update(keys[article.article_id])
    half = key_prior("k:", 0.0)
    out = dict(priors)
    for key in korean - elsewhere:
        if key.startswith("n:"):
            out[key] = min(out.get(key, 1.0), half) if key_prior(key, 0.0) else 0.0
    return out


def key_weights(
    document_frequency: Mapping[str, int],
    config: AlignConfig,
    articles: int,
    priors: Mapping[str, float] | None = None,
) -> dict[str, float]:
    """IDF relative to a story's size, times :func:`key_prior`.

    A key shared by 2 articles weighs log(story_key_df_max / 2); the weight falls to 0 at
    ``limit`` articles, ``story_key_df_max`` or, in a small night, ``story_key_max_share`` of
    its articles (in 100 articles a word of 8 is common, in 20,000 a name of 8 is rare), or in
    a large one ``story_key_df_share`` of them (at 20,000 synthetic articles a story's keys
    were in 40 articles or more often enough that 7% of story members lost their links, 3% in
    a window of a quarter of the same stories); a key of one article ties nothing.
    """
    small = min(config.story_key_df_max, max(10.0, config.story_key_max_share * articles))
    limit = max(small, config.story_key_df_share * articles)
    top = float(np.log(config.story_key_df_max / 2))
    priors = priors or {}
    return {
        key: top
        * float(np.log(limit / df) / np.log(limit / 2))
        * _prior(key, priors, config.story_generic_weight)
        for key, df in document_frequency.items()
        if 2 <= df < limit
    }


def _prior(key: str, priors: Mapping[str, float], generic_weight: float) -> float:
    prior = priors.get(key)
    if prior is None:
        return key_prior(key, generic_weight)
    return generic_weight if prior == 0.0 else prior  # 0.0: a generic spelling among them


def _timestamps(articles: Sequence[Article]) -> np.ndarray:
    """Seconds since the epoch (UTC for naive dates), NaN when undated."""
    out = np.full(len(articles), np.nan)
    for i, article in enumerate(articles):
        moment: datetime | None = article.published_at
        if moment is not None:
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=timezone.utc)
            out[i] = moment.timestamp()
    return out


def candidate_edges(
    articles: Sequence[Article], keys: Mapping[str, set[str]], config: AlignConfig
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Linked article pairs (i < j, indices into ``articles``) and their evidence scores.

    Evidence: the keys weighing at least ``story_key_min_weight``; candidates: the pairs that
    share one of them in fewer than ``story_key_df_max`` articles (an inverted-index product
    over those keys only, so the work per article is bounded in any window). A pair is kept
    when it shares ``min_shared_keys`` evidence keys whose weights add up to
    ``story_min_score``, and was published within ``window_days`` (or undated).
    """
    keys, same, bridges = bridge(
        {a.article_id: keys[a.article_id] for a in articles}, config.story_key_df_max
    )
    if bridges.bridged:
        log.info("%d names bridged across scripts by sound", bridges.bridged)
    english = {k for a in articles if a.lang == "en" for k in keys[a.article_id]}
    keys, priors = concepts(keys, english, same)
    priors = _korean_only(articles, keys, priors)
    df = Counter(k for a in articles for k in keys[a.article_id])
    weights = key_weights(df, config, len(articles), priors)
    column = {key: n for n, key in enumerate(sorted(weights))}
    rows, cols = [], []
    for i, article in enumerate(articles):
        for key in keys[article.article_id]:
            c = column.get(key)
            if c is not None:
                rows.append(i)
                cols.append(c)
    shape = (len(articles), len(column))
    ones = np.ones(len(rows), dtype=np.float32)
    incidence = sparse.csr_matrix((ones, (rows, cols)), shape=shape)
    weight_vector = np.array([weights[k] for k in sorted(weights)], dtype=np.float32)
    # only keys weighing story_key_min_weight are evidence: many weak ones (ordinary words
    # that happen to be rare tonight, round numbers) do not add up to a link, and a specific
    # number with a rare ordinary word is not two pieces of evidence
    strong = np.flatnonzero(weight_vector >= config.story_key_min_weight)
    evidence = incidence[:, strong].tocsr()
    # candidates: pairs sharing two evidence keys of fewer than story_key_df_max articles
    # (an inverted-index product whose work per article is bounded, however large the
    # window), or one such key and more evidence among the commoner keys of a large window
    frequency = np.array([df[k] for k in sorted(weights)])[strong]
    seeds = evidence[:, np.flatnonzero(frequency < config.story_key_df_max)].tocsr()
    shared = sparse.triu(seeds @ seeds.T, k=1).tocoo()
    i, j = shared.row, shared.col
    if seeds.shape[1] < evidence.shape[1]:
        count = np.asarray(evidence[i].multiply(evidence[j]).sum(axis=1)).ravel()
    else:
        count = shared.data
    keep = count >= config.min_shared_keys
    i, j = i[keep], j[keep]
    weighted = evidence.multiply(weight_vector[strong][np.newaxis, :]).tocsr()
    score = np.asarray(weighted[i].multiply(evidence[j]).sum(axis=1)).ravel()
    keep = score >= config.story_min_score
    i, j, score = i[keep], j[keep], score[keep]
    times = _timestamps(articles)
    apart = np.abs(times[i] - times[j])
    keep = ~(apart > config.window_days * 86_400)  # NaN (undated) passes
    return i[keep], j[keep], score[keep]


def _communities(
    n: int, i: np.ndarray, j: np.ndarray, w: np.ndarray, config: AlignConfig
) -> list[list[int]]:
    """Groups of two or more vertices: Leiden (CPM) communities, or connected components."""
    import igraph

    graph = igraph.Graph(n=n, edges=np.column_stack([i, j]).tolist())
    graph.es["weight"] = w.tolist()
    components = [c for c in graph.connected_components() if len(c) >= 2]
    if config.story_method == "components":
        groups = components
    else:
        # Leiden on the linked articles only: most of a night is unlinked, and a pair is a
        # community of its own
        groups = [c for c in components if len(c) == 2]
        linked = sorted(v for c in components if len(c) > 2 for v in c)
        if linked:
            graph.vs["article"] = list(range(n))
            sub = graph.induced_subgraph(linked)
            original = sub.vs["article"]
            groups += [[original[v] for v in c] for c in _leiden(sub, config.story_resolution)]
    out: list[list[int]] = []
    for group in groups:
        if len(group) < 2:
            continue
        if len(group) > config.max_story_articles:
            out.extend(_split(graph, group, config))
        else:
            out.append(group)
    return out


def _leiden(graph: object, resolution: float) -> list[list[int]]:
    import leidenalg

    partition = leidenalg.find_partition(
        graph,
        leidenalg.CPMVertexPartition,
        weights="weight",
        resolution_parameter=resolution,
        seed=0,  # fixed: the same graph always gives the same stories
    )
    return [list(c) for c in partition]


def _split(graph: object, group: list[int], config: AlignConfig) -> list[list[int]]:
    """A community over the size cap: Leiden again on it at rising resolution, then chunks."""
    log.warning(
        "a story of %d articles is over align.max_story_articles=%d: split",
        len(group),
        config.max_story_articles,
    )
    sub = graph.induced_subgraph(group)  # type: ignore[attr-defined]
    resolution = max(config.story_resolution, 0.01)
    parts = [list(range(len(group)))]
    for _ in range(6):
        resolution *= 2
        finer = _leiden(sub, resolution)
        if max(len(p) for p in finer) < 2:
            break  # all singletons: keep the last grouping and cut it into chunks
        parts = finer
        if max(len(p) for p in parts) <= config.max_story_articles:
            break
    out = []
    for part in parts:
        members = [group[v] for v in part]
        for start in range(0, len(members), config.max_story_articles):
            chunk = members[start : start + config.max_story_articles]
            if len(chunk) >= 2:
                out.append(chunk)
    return out


def group_stories(
    articles: Sequence[Article],
    statements: Sequence[Statement],
    keys_fn: KeysFn,
    config: AlignConfig,
    existing: Mapping[str, str] | None = None,
    aliases: Mapping[str, str] | None = None,
    new_article_ids: Collection[str] | None = None,
) -> list[Story]:
    """Stories (two or more articles each) of the window's articles.

    ``aliases`` (surface -> canonical name, :func:`claimdiff.align.words.alias_map`) give a
    lexicon name one key in every script. ``existing`` and ``new_article_ids``: see
    :func:`stories_from_keys`. The result does not depend on the order of ``articles`` or
    ``statements``.
    """
    keys = article_keys(articles, statements, keys_fn, aliases)
    return stories_from_keys(articles, keys, config, existing, new_article_ids)


def stories_from_keys(
    articles: Sequence[Article],
    keys: Mapping[str, set[str]],
    config: AlignConfig,
    existing: Mapping[str, str] | None = None,
    new_article_ids: Collection[str] | None = None,
) -> list[Story]:
    """Stories of the window's articles from their story keys (:func:`article_keys`).

    ``existing`` maps article ids to the story id an earlier night gave them: a story that
    holds such articles keeps that id (the one most of its members had), so an article joining
    last night's story joins it under the same id. New stories get an id from their members.
    With ``new_article_ids`` only the part of the window they touch is clustered again (the
    new articles, the articles they link to and the stories those are in) and only its
    stories are returned; the key weights still come from the whole window.
    """
    articles = sorted(articles, key=lambda a: a.article_id)
    existing = existing or {}
    i, j, w = candidate_edges(articles, keys, config)
    if new_article_ids is not None:
        articles, i, j, w = _touched(articles, (i, j, w), existing, new_article_ids)
    groups = _communities(len(articles), i, j, w, config)
    stories = []
    taken: set[str] = set()
    for group in sorted(groups, key=lambda g: (-len(g), min(g))):
        members = sorted(articles[v].article_id for v in group)
        earlier = Counter(existing[m] for m in members if m in existing)
        story_id = next(
            (
                sid
                for sid, _ in sorted(earlier.items(), key=lambda kv: (-kv[1], kv[0]))
                if sid not in taken
            ),
            None,
        ) or Story.make_id(members)
        taken.add(story_id)
        counts = Counter(k for m in members for k in keys[m])
        shared = tuple(
            sorted(k for k, c in counts.items() if c >= 2 and not k.startswith(("k:", SOUND)))
        )
        stories.append(Story(story_id, tuple(members), shared[:50]))
    log.info(
        "grouped %d articles into %d stories (%d candidate links)",
        len(articles),
        len(stories),
        len(w),
    )
    return sorted(stories, key=lambda s: s.story_id)


def _touched(
    articles: list[Article],
    edges: tuple[np.ndarray, np.ndarray, np.ndarray],
    existing: Mapping[str, str],
    new_article_ids: Collection[str],
) -> tuple[list[Article], np.ndarray, np.ndarray, np.ndarray]:
    """The articles and links of the part of the window that new articles touch."""
    i, j, w = edges
    new = np.array([a.article_id in new_article_ids for a in articles], dtype=bool)
    touched = new.copy()
    touched[i[new[j]]] = True
    touched[j[new[i]]] = True
    stories = {existing.get(articles[v].article_id) for v in np.flatnonzero(touched)} - {None}
    region = touched | np.array([existing.get(a.article_id) in stories for a in articles], bool)
    renumber = np.cumsum(region) - 1
    keep = region[i] & region[j]
    kept = [a for a, r in zip(articles, region, strict=True) if r]
    return kept, renumber[i[keep]], renumber[j[keep]], w[keep]
