"""Pair each report statement with the top-k original statements of its story, from soft evidence.

A report rarely repeats its original word for word, and the discrepancies claimdiff exists to
find are often the report's only number. So a pair is scored from every kind of evidence the
two statements share, each kind with its weight (``AlignConfig.pair_weights``), each key
weighed by how rare it is among the story's statements:

- ``value``: the same quantity ("250000" for 25만 / 25万 / 250,000), years, percentages;
- ``measure``: the same measured thing even when the value differs (a currency, megawatts,
  people; the counted noun next to a number: GPUs, jobs);
- ``name``: the same name, in any script (lexicon names and romanised names);
- ``concept``: the same content word through the bilingual lexicon (``align/data/lexicon.yaml``:
  투자 / 投資 / invest);
- ``word``: the same English content word, where both statements have English;
- and the order of the two statements in their articles (reports follow their release).

Per story the statements' keys form two sparse matrices; their product gives every pair that
shares anything, and nothing else, so no dense originals x reports matrix is ever built. Each
report statement keeps at most ``top_k`` originals scoring at least ``min_pair_score``.
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from functools import cache, lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np
from pydantic import Field
from scipy import sparse

from claimdiff.align.glosses import Glossary, sino_korean_words
from claimdiff.align.words import NameKeys, fact_key, strip_particle
from claimdiff.config import AlignConfig
from claimdiff.datafiles import Strict, read_yaml_mapping, validate
from claimdiff.facts.numbers import format_number
from claimdiff.records import Pair, Statement, Story
from claimdiff.text import TITLE_OFFSET

log = logging.getLogger(__name__)

KeysFn = Callable[[Statement], set[str]]
LEXICON_FILE = Path(__file__).parent / "data" / "lexicon.yaml"
_EN_TOKEN = re.compile(r"[A-Za-z][a-z'-]{2,}")
_EN_REST = re.compile(r"[a-z]*")
_EN_SUFFIXES = frozenset({"", "s", "es", "ed", "d", "ing"})
_KANJI_RUN = re.compile(r"[\u4e00-\u9fff\u3005]{2,}")
_HANGUL_RUN = re.compile(r"[\uac00-\ud7a3]{2,}")


class BilingualLexicon(Strict):
    """Concepts and their words per language (``align/data/lexicon.yaml``)."""

    concepts: dict[str, dict[str, list[str]]] = Field(default_factory=dict)
    fields: dict[str, list[str]] = Field(default_factory=dict)  # field -> its concepts


@cache
def _bilingual() -> BilingualLexicon:
    return validate(
        BilingualLexicon, read_yaml_mapping(LEXICON_FILE, "bilingual lexicon"), str(LEXICON_FILE)
    )


@cache
def _fields() -> dict[str, tuple[str, ...]]:
    """Concept key -> the keys of the fields it belongs to."""
    out: dict[str, list[str]] = {}
    for field, concepts in _bilingual().fields.items():
        for concept in concepts:
            out.setdefault("c:" + concept, []).append("c:" + field)
    return {key: tuple(fields) for key, fields in out.items()}


@cache
def _lexicon(lang: str) -> tuple[re.Pattern[str] | None, dict[str, str]]:
    """One alternation of every form of ``lang`` (longest first) and form -> concept."""
    data = _bilingual()
    lookup = {
        form.lower(): concept
        for concept, words in data.concepts.items()
        for form in words.get(lang, [])
    }
    if not lookup:
        return None, {}
    forms = sorted(lookup, key=len, reverse=True)
    prefix = r"\b" if lang == "en" else ""  # English on word starts; ko/ja inside words
    return re.compile(prefix + "(" + "|".join(re.escape(f) for f in forms) + ")"), lookup


def concept_keys(text: str, lang: str) -> set[str]:
    """Bilingual-lexicon concepts a statement mentions, as ``"c:<concept>"`` keys, and the
    fields of those concepts (``"c:change"`` for both rose and fell)."""
    found = _concepts(text, lang)
    fields = _fields()
    return found.union(*(fields.get(key, ()) for key in found))


def _concepts(text: str, lang: str) -> set[str]:
    pattern, lookup = _lexicon(lang)
    if pattern is None:
        return set()
    if lang != "en":
        return {"c:" + lookup[m.group(1)] for m in pattern.finditer(text)}
    source = text.lower()
    found = set()
    for m in pattern.finditer(source):
        # a short English form is a word with its inflections (not -> not, never "nothing");
        # a long one a stem (manufactur -> manufacturing)
        rest = _EN_REST.match(source, m.end()).group()
        if len(m.group(1)) >= 5 or rest in _EN_SUFFIXES:
            found.add("c:" + lookup[m.group(1)])
    return found


class Measured(Protocol):
    """What pairing reads of a quantity (claimdiff.facts.Quantity has these fields)."""

    value: float
    high: float | None
    family: str | None
    unit: str | None
    context: frozenset[str]


class Dated(Protocol):
    """What pairing reads of a date (claimdiff.facts.DateExpr has these fields)."""

    kind: str
    year: int | None
    month: int | None
    day: int | None
    quarter: int | None
    half: int | None
    offset: int | None
    unit: str


def measure_keys(quantities: Iterable[Measured], dates: Iterable[Dated] = ()) -> set[str]:
    """What the quantities and dates of a statement measure, whatever their values.

    - the unit and its family ("usd", "currency") and, for counts, the counted noun next to
      the number ("gpu");
    - a quantity's significant digits within its family (``"~d:mass:45"``): a report that
      rescales the unit keeps the digits (450,000 tonnes, 45만 kg, 45万キログラム);
    - near values (``"~"``): a range's ends ("2~3주", "two to three weeks", whatever unit the
      facts read), a small count ("two shipping lines", 2社: too common to be a fact key, but
      a story has few), and the two neighbours of a period, a year or a month (7 months /
      6개월 meet on "6|7", 2031 / 2032年 on "2031|2032"), as a changed period or date is most
      often off by one; not the neighbours of counts, which a story has many of;
    - what a date gives (a month, a half-year, a date relative to now: "t:month",
      "t:rel_year+1") and its month, half, quarter or day ("t:month5"): only years are fact
      keys, and a month recurs in a story's statements far more than a figure does.
    """
    keys: set[str] = set()
    for quantity in quantities:
        keys |= _quantity_keys(quantity)
    for date in dates:
        keys |= _date_keys(date)
    return keys


def _quantity_keys(quantity: Measured) -> set[str]:
    family = quantity.family
    keys = {k for k in (family, quantity.unit) if k is not None}
    if family in (None, "count", "person"):
        keys.update(word.lower() for word in quantity.context)
        small = (v for v in (quantity.value, quantity.high) if v is not None)
        keys.update("~v:" + format_number(v) for v in small if abs(v) < _SMALL_COUNT)
    elif family != "percent":
        keys.add(f"~d:{family}:{_digits(quantity.value)}")
    if quantity.high is not None:
        keys.add(f"~r:{format_number(quantity.value)}-{format_number(quantity.high)}")
    elif family == "duration":
        keys.update(_neighbours(quantity.unit or family, quantity.value, 1, 100))
    return keys


def _date_keys(date: Dated) -> set[str]:
    keys = {"t:" + date.kind}
    if date.offset is not None:
        keys.add(f"t:rel_{date.unit}{date.offset:+d}")
    if date.year is not None:
        keys.update(_neighbours("year", date.year, 1000, 3000))
    for field in ("month", "half", "quarter", "day"):
        value = getattr(date, field)
        if value is not None:
            keys.add(f"t:{field}{value}")
    if date.month is not None:
        keys.update(_neighbours("month", date.month, 1, 13))
    return keys


_SMALL_COUNT = 10  # counts below this are no fact keys (FactsConfig.key_min_value)


def _digits(value: float) -> str:
    """The significant digits of a value, whatever its scale (450000000 -> "45", 1.35 -> "135")."""
    text = f"{abs(value):.6g}"
    mantissa = text.split("e")[0].replace(".", "").lstrip("0").rstrip("0")
    return mantissa or "0"


def _neighbours(what: str, value: float, low: int, high: int) -> set[str]:
    """The keys a whole number shares with its neighbours ("~a:year:2031|2032" for 2031)."""
    if value != int(value) or not low <= value < high:
        return set()
    n = int(value)
    return {f"~a:{what}:{n - 1}|{n}", f"~a:{what}:{n}|{n + 1}"}


def english_words(text: str, names: bool = False) -> set[str]:
    """Content words of an English text (``"w:<word>"``), plural -s dropped; capitalised words
    inside the sentence are names, which the name keys already carry. With ``names``, those
    words instead (``"W:<word>"``, lower case): "the Disaster Relief Act", "the Korea Aerospace
    Research Institute" are names made of words, which a Japanese or Korean statement writes
    with its own words (災害救助法, 한국항공우주연구원) and meets through their glosses."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    out = set()
    for match in _EN_TOKEN.finditer(text):
        word = match.group()
        if (word[0].isupper() and match.start() > 0) != names:
            continue
        word = word.lower()
        if word in ENGLISH_STOP_WORDS:
            continue
        out.add(("W:" if names else "w:") + _stem(word))
    return out


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    """The Snowball stem of an English word (invests, invested, investment -> invest), so that
    a report's inflection and a dictionary gloss's form meet."""
    return _stemmer().stemWord(word)


@cache
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("english")


def _runs(statement: Statement) -> list[str]:
    """The kanji runs (ja) or particle-less Hangul words (ko) a glossary reads."""
    if statement.lang == "ja":
        return _KANJI_RUN.findall(statement.text)
    if statement.lang == "ko":
        return [strip_particle(word) for word in _HANGUL_RUN.findall(statement.text)]
    return []


def gloss_words(statement: Statement, glossary: Glossary) -> set[str]:
    """English content-word keys (``"w:<word>"``, as :func:`english_words`) of a Japanese or
    Korean statement through its words' JMdict glosses."""
    runs = _runs(statement)
    if not runs:
        return set()
    return english_words(" ".join(sorted(glossary.words(runs, statement.lang))))


def statement_evidence(
    statement: Statement,
    keys_fn: KeysFn,
    measures_fn: KeysFn | None,
    aliases: Mapping[str, str] | NameKeys | None = None,
    glossary: Glossary | None = None,
) -> dict[str, str]:
    """Every evidence key of a statement, with its kind (value / measure / name / concept /
    word). ``aliases``: the alias map, or a :class:`NameKeys` over it kept across calls;
    ``glossary``: English words of an untranslated Japanese or Korean statement (JMdict)."""
    names = aliases if isinstance(aliases, NameKeys) else NameKeys(aliases)
    kinds: dict[str, str] = {}
    for key in keys_fn(statement):
        if key[:1].isdigit():
            kinds["v:" + key] = "value"
        else:
            kinds[fact_key(key)] = "name"
    for key in names(statement.text, statement.lang):
        kinds.setdefault(key, "name")
    if measures_fn is not None:
        for key in measures_fn(statement):
            kinds["m:" + key] = "measure"
    for key in concept_keys(statement.text, statement.lang):
        kinds[key] = "concept"
    kinds.update(_english_evidence(statement, glossary))
    return kinds


def _english_evidence(statement: Statement, glossary: Glossary | None) -> dict[str, str]:
    """Word keys of a statement's English, or its words' glosses where it has none."""
    kinds: dict[str, str] = {}
    if statement.text_en is not None:
        for key in english_words(statement.text_en):
            kinds[key] = "word"
        for key in concept_keys(statement.text_en, "en"):
            kinds[key] = "concept"
        if glossary is not None:
            for key in english_words(statement.text_en, names=True):
                kinds[key] = "word"
    elif glossary is not None:
        for key in gloss_words(statement, glossary):
            kinds["g:" + key[2:]] = "gloss"
    if glossary is not None and statement.lang in _SINO:
        prefix = _SINO[statement.lang]
        for run in _runs(statement):
            for word in sino_korean_words(run, statement.lang):
                kinds[prefix + word] = "concept"
    return kinds


def pair_statements(
    stories: Sequence[Story],
    statements: Sequence[Statement],
    keys_fn: KeysFn,
    config: AlignConfig,
    measures_fn: KeysFn | None = None,
    new_article_ids: Collection[str] | None = None,
    aliases: Mapping[str, str] | NameKeys | None = None,
) -> list[Pair]:
    """Top-k original statements for every report statement, within each story.

    ``keys_fn`` gives a statement's fact keys (numbers, lexicon names), ``measures_fn`` what
    its quantities measure (unit family, counted noun); ``aliases`` canonicalise lexicon names
    (:func:`claimdiff.align.words.alias_map`, or a :class:`NameKeys` over it). With ``new_article_ids``, only pairs
    with at least one statement from those articles are made (a later night does not redo the
    pairs of articles already paired). Deterministic: ties go to the earlier original.
    """
    by_article: dict[str, list[Statement]] = {}
    for statement in statements:
        by_article.setdefault(statement.article_id, []).append(statement)
    pairs: list[Pair] = []
    names = aliases if isinstance(aliases, NameKeys) else NameKeys(aliases)
    glossary = _glossary() if config.glosses else None
    for story in stories:
        members = [s for aid in sorted(story.article_ids) for s in by_article.get(aid, [])]
        originals = [s for s in members if s.role == "original"]
        reports = [s for s in members if s.role == "report"]
        if not originals or not reports:
            continue
        if new_article_ids is not None and not any(
            aid in new_article_ids for aid in story.article_ids
        ):
            continue
        pairs.extend(
            _pair_story(
                story,
                originals,
                reports,
                (keys_fn, measures_fn, names, glossary),
                config,
                new_article_ids,
            )
        )
    log.info("paired statements of %d stories into %d pairs", len(stories), len(pairs))
    return pairs


@cache
def _glossary() -> Glossary:
    return Glossary()


def _positions(statements: Sequence[Statement], lengths: Counter[str]) -> np.ndarray:
    return np.array(
        [s.index / max(lengths[s.article_id] - 1, 1) for s in statements], dtype=np.float32
    )


def _evidence_matrices(
    evidence: list[dict[str, str]], n_orig: int, config: AlignConfig
) -> sparse.coo_matrix:
    """Summed weighted evidence of every (report, original) statement pair sharing a key.

    A key's weight is its kind's (``pair_weights``) times its normalised IDF over the story's
    statements: a key most of them share (the company's name) says little about which original
    a report statement restates. A gloss key (``g:sequel``, from a Japanese or Korean word)
    meets only the same English word of a statement that has English (``w:sequel``, or a word
    of a capitalised name, ``W:relief``): between two untranslated statements it would only
    repeat what their own words share, and between two English ones a name's words would
    repeat its name key.
    """
    df: Counter[str] = Counter()
    kind_of: dict[str, str] = {}
    for kinds in evidence:
        df.update(_word(key) for key in kinds)
        kind_of.update(kinds)
    n = len(evidence)
    column = {k: c for c, k in enumerate(sorted(k for k, d in df.items() if d >= 2))}
    if not column:
        return sparse.coo_matrix((len(evidence) - n_orig, n_orig), dtype=np.float32)
    idf = np.zeros(len(column), dtype=np.float32)
    weights = np.zeros(len(column), dtype=np.float32)
    for key, c in column.items():
        idf[c] = math.log(n / df[key]) / math.log(n)
        weights[c] = config.pair_weights.get(kind_of.get(key, "word"), 0.0) * idf[c]

    def incidence(rows: list[dict[str, str]]) -> dict[str, sparse.csr_matrix]:
        """Statement x key matrices (ones), one per key family: own keys (""), glosses
        ("g:"), words of English names ("W:"), Sino-Korean words ("K:", "J:")."""
        cells: dict[str, tuple[list[int], list[int]]] = {p: ([], []) for p in ("", *_GLOSSY)}
        for i, kinds in enumerate(rows):
            for key in kinds:
                col = column.get(_word(key))
                if col is not None:
                    r, c = cells[key[:2] if key[:2] in _GLOSSY else ""]
                    r.append(i)
                    c.append(col)
        return {
            p: sparse.csr_matrix(
                (np.ones(len(r), dtype=np.float32), (r, c)),
                shape=(len(rows), len(column)),
                dtype=np.float32,
            )
            for p, (r, c) in cells.items()
        }

    def weighted(m: sparse.csr_matrix, w: np.ndarray) -> sparse.csr_matrix:
        return sparse.csr_matrix(m.multiply(w[np.newaxis, :]))

    rep, orig = incidence(evidence[n_orig:]), incidence(evidence[:n_orig])
    scores = weighted(rep[""], weights) @ orig[""].T
    gloss_weights = config.pair_weights.get("gloss", 0.0) * idf
    if gloss_weights.any():
        english_o = orig[""].maximum(orig["W:"])
        scores = scores + weighted(rep["g:"], gloss_weights) @ english_o.T
        english_r = weighted(rep[""].maximum(rep["W:"]), gloss_weights)
        scores = scores + english_r @ orig["g:"].T
        for mine, theirs in (("K:", "J:"), ("J:", "K:")):
            scores = scores + weighted(rep[mine], weights) @ orig[theirs].T
    return scores.tocoo()


_GLOSSY = ("g:", "W:", "K:", "J:")  # keys that meet only across languages
_SINO = {"ko": "K:", "ja": "J:"}  # Sino-Korean words of a Korean / Japanese statement


def _word(key: str) -> str:
    """A gloss key, or a word of an English name, as the English word key it meets; a
    Sino-Korean word of either language as one key (``h:<reading>``)."""
    if key[:2] in ("K:", "J:"):
        return "h:" + key[2:]
    return "w:" + key[2:] if key[:2] in _GLOSSY else key


def _pair_story(
    story: Story,
    originals: list[Statement],
    reports: list[Statement],
    sources: tuple[KeysFn, KeysFn | None, NameKeys, Glossary | None],
    config: AlignConfig,
    new_article_ids: Collection[str] | None,
) -> list[Pair]:
    glossary = sources[3]
    members = [*originals, *reports]
    if glossary is not None:  # one dictionary lookup for the story's words
        glossary.english(
            [f for s in members if s.text_en is None for f in glossary.forms(_runs(s), s.lang)]
        )
    evidence = [statement_evidence(s, *sources) for s in members]
    scores, total, keep = _candidates(evidence, originals, reports, config)
    rows, cols, total = scores.row[keep], scores.col[keep], total[keep]
    if new_article_ids is not None:
        fresh = np.array(
            [
                reports[r].article_id in new_article_ids
                or originals[c].article_id in new_article_ids
                for r, c in zip(rows, cols, strict=True)
            ],
            dtype=bool,
        )
        rows, cols, total = rows[fresh], cols[fresh], total[fresh]
    chosen = _selected(rows, cols, total, config)
    return [
        _pair(story, originals[int(cols[i])], reports[int(rows[i])], float(total[i]))
        for i in chosen
    ]


def _candidates(
    evidence: list[dict[str, str]],
    originals: Sequence[Statement],
    reports: Sequence[Statement],
    config: AlignConfig,
) -> tuple[sparse.coo_matrix, np.ndarray, np.ndarray]:
    """Every (report, original) pair sharing evidence, its total score, and which of them the
    filters keep (score, article affinity, headline, original margin, in that order)."""
    scores = _evidence_matrices(evidence, len(originals), config)
    lengths = Counter(s.article_id for s in [*originals, *reports])
    pos_o, pos_r = _positions(originals, lengths), _positions(reports, lengths)
    total = scores.data + config.order_weight * (
        1.0 - np.abs(pos_r[scores.row] - pos_o[scores.col])
    )
    keep = total >= config.min_pair_score
    keep &= _affine(scores.row, scores.col, scores.data, reports, originals, config)
    keep &= _body_over_headline(scores.row, scores.col, keep, originals)
    n_orig = len(originals)
    specific = [{k for k, kind in e.items() if kind == "value" or k[:3] == "m:~"} for e in evidence]

    def complementary(r: int, best: int, o: int) -> bool:
        return bool((specific[n_orig + r] & specific[o]) - specific[n_orig + best])

    keep &= _near_best_of_original(
        scores.row, scores.col, total, keep, reports, config, complementary
    )
    return scores, total, keep


def _pair(story: Story, original: Statement, report: Statement, score: float) -> Pair:
    return Pair(
        pair_id=Pair.make_id(original.statement_id, report.statement_id),
        story_id=story.story_id,
        original_id=original.statement_id,
        report_id=report.statement_id,
        similarity=round(score, 4),
        basis=_basis(original, report),
    )


def _selected(
    rows: np.ndarray, cols: np.ndarray, total: np.ndarray, config: AlignConfig
) -> np.ndarray:
    """Indexes of each report statement's best candidates, best first: at most top_k, within
    pair_margin of its best (ties to the earlier original)."""
    order = np.lexsort((cols, -total, rows))
    chosen: list[int] = []
    taken: Counter[int] = Counter()
    best: dict[int, float] = {}
    for index in order:
        r = int(rows[index])
        if taken[r] >= config.top_k or total[index] < config.pair_margin * best.setdefault(
            r, float(total[index])
        ):
            continue
        taken[r] += 1
        chosen.append(int(index))
    return np.array(chosen, dtype=np.int64)


def _is_headline(statements: Sequence[Statement]) -> np.ndarray:
    return np.array([s.start == TITLE_OFFSET for s in statements], dtype=bool)


def _body_over_headline(
    rows: np.ndarray, cols: np.ndarray, keep: np.ndarray, originals: Sequence[Statement]
) -> np.ndarray:
    """Whether a candidate is not an original's headline where a body statement of the same
    original is a candidate of the report statement too: a release's headline repeats its
    first sentences in fewer words, so a report statement meets both, and the body statement
    is the one with the release's full wording (the qualifier, the hedge, the date)."""
    heads = _is_headline(originals)
    if not heads.any() or not len(rows):
        return np.ones(len(rows), dtype=bool)
    art_o = _article_index(originals)
    cell = rows.astype(np.int64) * (int(art_o.max()) + 1) + art_o[cols]
    return ~heads[cols] | ~np.isin(cell, cell[keep & ~heads[cols]])


def _article_index(statements: Sequence[Statement]) -> np.ndarray:
    ids: dict[str, int] = {}
    return np.array([ids.setdefault(s.article_id, len(ids)) for s in statements], dtype=np.int64)


def _near_best_of_original(
    rows: np.ndarray,
    cols: np.ndarray,
    total: np.ndarray,
    keep: np.ndarray,
    reports: Sequence[Statement],
    config: AlignConfig,
    specific: Callable[[int, int, int], bool] | None = None,
) -> np.ndarray:
    """Whether a candidate scores at least ``original_margin`` of the best pair its original
    statement has with the body of the same report article: the original statement is
    restated by one report sentence, rarely by two, and the others that share a word, a name
    or a year with it (background on the market, the company's history, a sibling figure) do
    so much more weakly. A report's headline is not held to it: it compresses the body's
    first sentences, and is compared with what the body restates too (the judge keeps one
    row for a misstatement the headline and the body share). Nor is a report sentence that
    shares a figure with the original statement which that best one does not
    (``specific(report, best report, original)``): a report that splits "it will cost X and
    open in 2029" into two sentences restates it twice, the second often with its only
    figure changed (2030), which is what an echo never does."""
    if config.original_margin <= 0 or not len(rows):
        return np.ones(len(rows), dtype=bool)
    art_r = _article_index(reports)
    heads = _is_headline(reports)[rows]
    cell, inverse = np.unique(art_r[rows] * (int(cols.max()) + 1) + cols, return_inverse=True)
    best = np.zeros(len(cell), dtype=np.float64)
    scored = np.where(keep & ~heads, total, 0.0)
    np.maximum.at(best, inverse, scored)
    near = heads | (total >= config.original_margin * best[inverse])
    if specific is not None:
        best_row = np.full(len(cell), -1, dtype=np.int64)
        top = keep & ~heads & (scored == best[inverse]) & (best[inverse] > 0)
        best_row[inverse[top]] = rows[top]
        for i in np.flatnonzero(keep & ~near):
            b = int(best_row[inverse[i]])
            near[i] = b >= 0 and specific(int(rows[i]), b, int(cols[i]))
    return near


def _affine(
    rows: np.ndarray,
    cols: np.ndarray,
    evidence: np.ndarray,
    reports: Sequence[Statement],
    originals: Sequence[Statement],
    config: AlignConfig,
) -> np.ndarray:
    """Which candidate pairs join a report article with an original article it reports on.

    A story found from shared keys can hold two releases (two companies, one city, one day);
    a report restates one of them, so its statements share evidence with that release's
    statements far more than with the other's. The affinity of a (report article, original
    article) is the summed best evidence of the report's statements with that original
    article; originals below ``article_affinity`` times the report's best are dropped.
    """
    if config.article_affinity <= 0 or not len(rows):
        return np.ones(len(rows), dtype=bool)
    art_r, art_o = _article_index(reports), _article_index(originals)
    n_oart = int(art_o.max()) + 1
    # best evidence of each report statement with each original article
    cell, inverse = np.unique(rows * n_oart + art_o[cols], return_inverse=True)
    best = np.zeros(len(cell), dtype=np.float64)
    np.maximum.at(best, inverse, evidence)
    link = art_r[cell // n_oart] * n_oart + cell % n_oart
    links, link_inverse = np.unique(link, return_inverse=True)
    affinity = np.zeros(len(links), dtype=np.float64)
    np.add.at(affinity, link_inverse, best)
    top = np.zeros(int(art_r.max()) + 1, dtype=np.float64)
    np.maximum.at(top, links // n_oart, affinity)
    kept_links = affinity >= config.article_affinity * top[links // n_oart]
    return kept_links[link_inverse][inverse]


def _basis(original: Statement, report: Statement) -> str:
    if original.text_en is not None and report.text_en is not None:
        return "soft-en"
    return "shared-facts"
