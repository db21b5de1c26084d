"""The schema of the lexicon files: one pydantic model per file, the shared vocabularies
(qualifier classes, the commitment scale, date kinds) and where the bundled files live.

Read by :mod:`claimdiff.facts.lexicons` (loading) and :mod:`claimdiff.facts.patterns`
(compiling), neither of which the other needs for its types.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from claimdiff.datafiles import Regex, Strict, compiles

BUNDLED_DIR = Path(__file__).parent / "lexicons"
LANGUAGES: tuple[str, ...] = ("en", "ja", "ko")
FILES: tuple[str, ...] = (
    "numbers",
    "qualifiers",
    "units",
    "modality",
    "negation",
    "dates",
    "names",
    "attribution",
)

# The qualifier classes are semantics shared by all languages; the words that express them are data.
QUALIFIER_CLASSES: tuple[str, ...] = (
    "more_than",
    "at_least",
    "about",
    "odd",  # 2,000-odd, 2천여, 2000余り: a round number and a bit more
    "nearly",
    "up_to",
    "at_most",
    "less_than",
)
# The commitment scale of issue 3, lowest first.
MODALITY_LEVELS: tuple[str, ...] = (
    "possibility",
    "plan",
    "action",  # decided, announced, will
    "preliminary",  # MoU, 基本合意, 양해각서: agreed in principle, not bound
    "commitment",  # binding: contract, signed
    "accomplished",
)
DATE_KINDS: tuple[str, ...] = (
    "year",
    "fiscal_year",
    "year_end",
    "half",
    "quarter",
    "month",
    "day",
    "relative",
    "within",
    "time",
)


class QualifierPatterns(Strict):
    """Patterns of one qualifier class, before and after the number."""

    before: list[Regex] = Field(default_factory=list)  # written before the number
    after: list[Regex] = Field(default_factory=list)  # written after the number or its unit


class FractionPattern(Strict):
    """A fraction written as words or a numeral form (3分の1, 3분의 1, a third of, 過半数): read
    as a percent. Named groups ``num`` and ``den`` give it (3分の1 -> 33.3%); else ``percent``."""

    regex: Regex
    percent: float | None = Field(default=None, gt=0, le=100)
    qualifier: str | None = None  # 過半数: more_than 50%

    @field_validator("qualifier")
    @classmethod
    def _known(cls, value: str | None) -> str | None:
        if value is not None and value not in QUALIFIER_CLASSES:
            raise ValueError(f"unknown qualifier class {value!r}; known: {list(QUALIFIER_CLASSES)}")
        return value

    @model_validator(mode="after")
    def _value(self) -> FractionPattern:
        groups = {"num", "den"} <= set(re.compile(self.regex).groupindex)
        if self.percent is None and not groups:
            raise ValueError(f"fraction {self.regex!r}: give percent or groups num and den")
        return self


class SeriesPattern(Strict):
    """An ordinal that counts a run ("the fifth straight monthly gain": 5 months): a regex
    where ``<ord>`` stands for an ordinal (a word of ``ordinals``, or 5th), and the unit it
    counts in."""

    regex: str
    unit: str  # a unit of the language's units.yaml (month, year, ...)

    @field_validator("regex")
    @classmethod
    def _pattern(cls, value: str) -> str:
        if "<ord>" not in value:
            raise ValueError(f"series {value!r}: needs <ord> where the ordinal stands")
        compiles(value.replace("<ord>", "(?P<ord>x)"))
        return value


def _pint_unit(value: str) -> str:
    from claimdiff.facts.units import reference

    reference(value)  # ValueError naming the unit when pint does not know it
    return value


class NumbersLexicon(Strict):
    """How numerals are written: CJK digits and multipliers, scale words, number words."""

    digits: dict[str, int] = Field(default_factory=dict)  # 一 -> 1 (single characters)
    small_multipliers: dict[str, int] = Field(default_factory=dict)  # 十 -> 10, 천 -> 1000
    big_multipliers: dict[str, float] = Field(default_factory=dict)  # 万 -> 1e4, 억 -> 1e8
    scale_words: dict[str, float] = Field(default_factory=dict)  # million -> 1e6 (case-insensitive)
    currency_scale_words: dict[str, float] = Field(
        default_factory=dict
    )  # "$5m": only after a currency
    word_numbers: dict[str, float] = Field(default_factory=dict)  # three -> 3, hundred -> 100
    fraction_words: dict[str, float] = Field(default_factory=dict)  # half -> 0.5
    # patterns ending right before a number, and starting right after one
    ignore_before: list[Regex] = Field(default_factory=list)
    ignore_after: list[Regex] = Field(default_factory=list)
    ignore_phrases: list[Regex] = Field(default_factory=list)  # number words that are not numbers
    # after a number and its unit: the number is no amount, but the denominator of a rate
    # (1機関あたり, 1인당) or a point in time (2년 후, 3年後)
    ignore_after_unit: list[Regex] = Field(default_factory=list)
    negative_prefixes: list[Regex] = Field(default_factory=list)
    range_connectors: list[Regex] = Field(default_factory=list)
    range_prefixes: list[Regex] = Field(default_factory=list)  # "between" ... "and"
    # a change connector between two numbers is a change from one to the other (not a range)
    # after one of these before the first ("from 2.50% to 2.75%") or after the second
    # (2800億円から3500億円に, 36만 대에서 48만 대로)
    change_connectors: list[Regex] = Field(default_factory=list)  # to, から, 에서 (not ~)
    change_prefixes: list[Regex] = Field(default_factory=list)
    change_suffixes: list[Regex] = Field(default_factory=list)
    # the new value first: "raised it to 1.1% from 0.9%" (a connector after one of the prefixes)
    reverse_change_connectors: list[Regex] = Field(default_factory=list)  # from
    reverse_change_prefixes: list[Regex] = Field(default_factory=list)  # to
    # the direction a quantity moves in: words before the number (rose 1.5%, cut by 3%) or
    # right after it and its unit (1.5%増, 3% 감소, a 2% drop)
    direction: dict[Literal["up", "down"], QualifierPatterns] = Field(default_factory=dict)
    # fractions of a whole (3分の1, 절반, two-thirds of): quantities in percent
    fractions: list[FractionPattern] = Field(default_factory=list)
    # right after a figure, these make it a difference from another figure ("7,000 more",
    # 7천 명 많은, 7000人多い), not a total
    difference_after: list[Regex] = Field(default_factory=list)
    # ordinals that count a run (fifth -> 5) and the patterns that read them as a count
    ordinals: dict[str, int] = Field(default_factory=dict)
    series: list[SeriesPattern] = Field(default_factory=list)
    # the denominator of a rate written before the number (kg당 350Wh, 1キロ当たり350Wh): a pint
    # unit -> the patterns ending right before the number; the unit after it is divided by it
    per_before: dict[str, list[Regex]] = Field(default_factory=dict)

    @field_validator("per_before")
    @classmethod
    def _per(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for unit in value:
            _pint_unit(unit)
        return value

    @functools.cached_property
    def lowered(self) -> tuple[dict[str, float], dict[str, float], dict[str, float]]:
        """word_numbers, fraction_words and scale_words keyed in lower case (built once)."""
        return tuple(  # type: ignore[return-value]
            {k.lower(): v for k, v in table.items()}
            for table in (self.word_numbers, self.fraction_words, self.scale_words)
        )

    @functools.cached_property
    def vocabulary(self) -> frozenset[str]:
        """The number words in lower case (a statement without one has no worded number)."""
        return frozenset(word for table in self.lowered for word in table if word.isalpha())

    @field_validator("digits", "small_multipliers", "big_multipliers")
    @classmethod
    def _single_chars(cls, value: dict[str, Any]) -> dict[str, Any]:
        bad = [key for key in value if len(key) != 1]
        if bad:
            raise ValueError(f"keys must be single characters, got {bad}")
        return value


class QualifierException(Strict):
    """A "before" qualifier that means something else when followed by this ("over two years")."""

    before: Regex
    after: Regex
    # written right before the qualifier, this keeps it a qualifier ("for over 80 years")
    unless: Regex | None = None


class QualifiersLexicon(Strict):
    """qualifiers.yaml: the words of each qualifier class, and exceptions."""

    classes: dict[str, QualifierPatterns] = Field(default_factory=dict)
    exceptions: list[QualifierException] = Field(default_factory=list)
    # words that may stand between a qualifier and its number (최대 초당 320, 最大で毎秒320)
    gap: list[Regex] = Field(default_factory=list)
    # ending right before a number, these make it a reference the subject is measured against
    # (基準の10人を超えた, 平균 3%를 웃돌았다): a verb of exceeding after it qualifies nothing
    references: list[Regex] = Field(default_factory=list)
    # qualifier words that are verbs of comparison (웃돌았다, 上回った, exceeded): after another
    # figure of the same unit that they make true (44%로 39%를 웃돌았다), they relate the two
    # figures and bound neither
    comparisons: list[Regex] = Field(default_factory=list)

    @field_validator("classes")
    @classmethod
    def _known(cls, value: dict[str, QualifierPatterns]) -> dict[str, QualifierPatterns]:
        unknown = sorted(set(value) - set(QUALIFIER_CLASSES))
        if unknown:
            raise ValueError(
                f"unknown qualifier classes {unknown}; known: {list(QUALIFIER_CLASSES)}"
            )
        return value


class UnitEntry(Strict):
    """One unit: its family and the patterns written before or after a number."""

    family: str  # currency, percent, percentage_point, count, person, duration, mass, ...
    before: list[Regex] = Field(default_factory=list)
    after: list[Regex] = Field(default_factory=list)
    # a physical unit in pint's registry ("megawatt", "meter ** 2"): read in its dimension's
    # reference unit, so conversions decide equality (3.2 GW = 3,200 MW)
    pint: str | None = None
    # or another unit of this file it is a multiple of (割 = 10 percent)
    same_as: str | None = None
    factor: float = Field(default=1.0, gt=0)

    @field_validator("pint")
    @classmethod
    def _pint(cls, value: str | None) -> str | None:
        if value is not None:
            from claimdiff.facts.units import reference

            reference(value)  # ValueError naming the unit when pint does not know it
        return value


class UnitsLexicon(Strict):
    """units.yaml: units and how their families compare."""

    units: dict[str, UnitEntry] = Field(default_factory=dict)
    # families whose members only correspond when the unit is the same (dollars are never won)
    strict_families: list[str] = Field(default_factory=list)
    # families that correspond to each other and to a bare number (people ~ 명 ~ "250,000 GPUs")
    loose_families: list[str] = Field(default_factory=list)
    # counters of anything (個, 개, 件): comparable with any count; other named counters only
    # with themselves (隻 ships are not 世帯 households)
    generic_units: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _same_as_known(self) -> UnitsLexicon:
        for name, entry in self.units.items():
            if entry.same_as is not None and entry.same_as not in self.units:
                raise ValueError(f"units.{name}.same_as: no unit {entry.same_as!r} in this file")
        return self


class ModalityLexicon(Strict):
    """modality.yaml: markers of each commitment level, and reporting verbs."""

    # ja/ko put the main predicate last, English first: which match decides the level
    predicate_position: Literal["first", "last"] = "last"
    levels: dict[str, list[Regex]] = Field(default_factory=dict)
    # the same levels as dictionary forms (finalise, 確定する, 확정하다): every inflected form
    lemmas: dict[str, list[Regex]] = Field(default_factory=dict)
    # epistemic hedges (may, 可能性, 수 있다): possibility-level markers whose loss is hedge_dropped
    hedges: list[Regex] = Field(default_factory=list)
    # modal words that keep a report hedged though they are no hedge of their own (can, would,
    # できる): a report with one has not dropped the original's hedge
    modals: list[Regex] = Field(default_factory=list)
    # attribution verbs (said, 밝혔다, と述べた, according to): they report a statement and are not
    # its commitment level, so they are masked before the levels are matched
    reporting: list[Regex] = Field(default_factory=list)
    # the same as dictionary forms, every inflected form matching: hedges (恐れがある, 추정되다,
    # appear to) and reporting or stance verbs (認める, 인정하다, acknowledge)
    hedge_lemmas: list[str] = Field(default_factory=list)
    reporting_lemmas: list[str] = Field(default_factory=list)
    # support (light) verbs, as dictionary forms, whose level is their object's: 목표를 세웠다
    # and 目標に掲げる are plans, 협상에 들어갔다 and "entered talks" deliberation
    support_verbs: list[str] = Field(default_factory=list)
    # the plan-level markers that are aims or targets, not plans (aims to, 目指す, 목표)
    goals: list[Regex] = Field(default_factory=list)
    # a plain present-tense main predicate (한다, 합니다): an announced action only when the
    # statement names a time ahead (``future``: 내년, 오는, 다음 달); otherwise a generic or
    # habitual statement, which has no place on the commitment scale
    present: list[Regex] = Field(default_factory=list)
    future: list[Regex] = Field(default_factory=list)
    # a state not reached yet (has not, yet to, ていない, 아직, 것은 없다): a negated decision with
    # one is undecided ("has not decided"), unlike a negative decision or event ("decided not
    # to", "did not agree")
    pending: list[Regex] = Field(default_factory=list)
    # a negative subject ("no agreement has been reached", "nothing was decided"): the predicate
    # right after a match is negated, a state not reached, not a level reached
    negative_subjects: list[Regex] = Field(default_factory=list)
    # attaining or missing an aim ("met its target", 目標を達成した, 목표를 달성했다): an
    # accomplished marker; the aim inside it is no plan of the statement's
    attained: list[Regex] = Field(default_factory=list)
    # words that look like levels but are none, masked before levels and hedges are read:
    # comparisons with an expectation ("than expected", 予想より, 예상보다)
    not_levels: list[Regex] = Field(default_factory=list)
    # where one clause ends and a coordinate one begins ("; ", "and aims to", 투자하고, 投資し、):
    # each clause's level is compared with its counterpart's, not the first with the last
    coordinators: list[Regex] = Field(default_factory=list)
    # a condition on the main predicate ("subject to approval", 승인을 조건으로, 需要次第で): a
    # conditional plan reported unconditionally has lost a hedge
    conditions: list[Regex] = Field(default_factory=list)
    # decision verbs, as dictionary forms (postpone, 延期する, 인상하다): announcing one's own
    # decision makes it done, so "will postpone" -> "has postponed" is no inflation
    decision_lemmas: list[str] = Field(default_factory=list)

    @field_validator("levels", "lemmas")
    @classmethod
    def _known(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        unknown = sorted(set(value) - set(MODALITY_LEVELS))
        if unknown:
            raise ValueError(f"unknown modality levels {unknown}; known: {list(MODALITY_LEVELS)}")
        return value


class NegationScope(Strict):
    """Where a marker's predicate is read, to tell a flipped statement from one that merely
    leaves out a negated clause: content words (``unit: words``, counted after skipping
    ``stopwords``) or content characters (``unit: chars``: runs of Hangul, kanji or katakana,
    compared as character bigrams) ``before`` and ``after`` the marker."""

    unit: Literal["words", "chars"] = "words"
    before: int = Field(default=0, ge=0)
    after: int = Field(default=3, ge=0)
    stemmer: str | None = None  # a Snowball algorithm ("english"), for words
    stopwords: list[str] = Field(default_factory=list)
    lemmas: dict[str, str] = Field(default_factory=dict)  # irregular forms: rose -> rise
    # Bind the scope to the negated predicate (claimdiff.facts.negation.predicate_keys): the
    # words read past on the way to it (adverbs, negative polarity items: even, ever, 전혀,
    # 아무도), verbs whose complement is the predicate (want to stay, 가고 싶지 않다), verbs
    # of neg-raising read through (don't think it is open: open), and for Korean the
    # syllables that begin a verb ending, the particles after a noun, the bound nouns after an
    # adnominal verb (할 수 없다, 간 적이 없다) and the light verbs of a predicate noun (공유하다)
    predicate: bool = False
    skip: list[str] = Field(default_factory=list)
    chain: list[str] = Field(default_factory=list)
    raising: list[str] = Field(default_factory=list)
    endings: list[str] = Field(default_factory=list)
    particles: list[str] = Field(default_factory=list)
    bound: list[str] = Field(default_factory=list)
    light: list[str] = Field(default_factory=list)

    @functools.cached_property
    def stopword_set(self) -> frozenset[str]:
        """The stopwords as a set (built once)."""
        return frozenset(self.stopwords)

    @functools.cached_property
    def sets(self) -> dict[str, frozenset[str]]:
        """skip, chain, raising, endings, bound and light as sets (built once)."""
        names = ("skip", "chain", "raising", "endings", "bound", "light")
        return {name: frozenset(getattr(self, name)) for name in names}

    @functools.cached_property
    def particle_order(self) -> tuple[str, ...]:
        """The particles, longest first (one is stripped from a noun)."""
        return tuple(sorted(self.particles, key=len, reverse=True))

    @field_validator("stemmer")
    @classmethod
    def _known_stemmer(cls, value: str | None) -> str | None:
        import snowballstemmer

        if value is not None and value not in snowballstemmer.algorithms():
            raise ValueError(f"unknown Snowball stemmer {value!r}")
        return value


class PolarPair(Strict):
    """The two sides of one concept's predicate as dictionary forms (support / oppose;
    continue / stop): a statement saying one and another saying the other differ in polarity
    without a negation marker."""

    pro: list[str] = Field(default_factory=list)
    con: list[str] = Field(default_factory=list)


class NegationLexicon(Strict):
    """negation.yaml: negation markers, look-alikes, and how far a marker reaches."""

    markers: list[Regex] = Field(default_factory=list)
    # lexical negation as dictionary forms (shelve, 見合わせる, 중단하다): every inflected form
    # matches (claimdiff.facts.lemmas)
    lemmas: list[str] = Field(default_factory=list)
    exclusions: list[Regex] = Field(
        default_factory=list
    )  # look like negation, are not (少ない, not only)
    # implicit negatives (lack, shortage, invisible, 늦다, 모르다): a statement with one may say
    # with other words what the other side negates ("invisible" / "cannot see"), so its
    # affirmative polarity does not make a flip
    implicit: list[Regex] = Field(default_factory=list)
    scope: NegationScope = Field(default_factory=NegationScope)
    # antonym predicates keyed by a concept that the three languages' files share
    # (claimdiff.facts.negation.polar_predicates), and look-alikes masked before they are read
    antonyms: dict[str, PolarPair] = Field(default_factory=dict)
    antonym_exclusions: list[Regex] = Field(default_factory=list)


class DatePattern(Strict):
    """One date pattern and the kind of date it gives."""

    regex: Regex  # named groups: year, month, month_name, day, quarter, half, n, n_word
    kind: str
    deadline: bool = False  # the expression is a time bound by itself (年内, 연내)
    offset: int | None = None  # for relative dates: -1 last year, 0 this year, 1 next year
    unit: Literal["year", "month", "quarter", "week", "day"] = "year"

    @field_validator("kind")
    @classmethod
    def _kind(cls, value: str) -> str:
        if value not in DATE_KINDS:
            raise ValueError(f"unknown date kind {value!r}; known: {list(DATE_KINDS)}")
        return value


class DatesLexicon(Strict):
    """dates.yaml: date patterns, month and half names, deadline words."""

    patterns: list[DatePattern] = Field(default_factory=list)
    month_names: dict[str, int] = Field(default_factory=dict)
    half_words: dict[str, int] = Field(default_factory=dict)  # 上半期 -> 1
    deadline_before: list[Regex] = Field(default_factory=list)  # "by", "no later than"
    deadline_after: list[Regex] = Field(default_factory=list)  # までに, 까지
    # open bounds: words before the date (after, since, before) or after it (以降, 부터, 전)
    bounds: dict[Literal["before", "after"], QualifierPatterns] = Field(default_factory=dict)


class NamesLexicon(Strict):
    """names.yaml: name aliases across scripts, and capitalised non-names."""

    aliases: dict[str, list[str]] = Field(default_factory=dict)  # key -> surfaces (エヌビディア)
    stopwords: list[str] = Field(default_factory=list)  # capitalised words that are not names


class AttributionLexicon(Strict):
    """attribution.yaml: how a statement says it reports another party's claim, or refutes one.

    Patterns may name the source with a group ``source`` ("according to (?P<source>...)").
    """

    quoted: list[Regex] = Field(default_factory=list)  # according to X, と報じた, 고 보도했다
    refuted: list[Regex] = Field(
        default_factory=list
    )  # that is not true, 事実ではない, 사실이 아니다


SCHEMAS: dict[str, type[Strict]] = {
    "numbers": NumbersLexicon,
    "qualifiers": QualifiersLexicon,
    "units": UnitsLexicon,
    "modality": ModalityLexicon,
    "negation": NegationLexicon,
    "dates": DatesLexicon,
    "names": NamesLexicon,
    "attribution": AttributionLexicon,
}
