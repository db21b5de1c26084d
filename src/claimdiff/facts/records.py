"""The facts of one statement, as the facts stage stores them and the checks read them."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pydantic import TypeAdapter


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number as the text states it: value or range, qualifier, unit and nearby words."""

    value: float
    high: float | None  # upper end of a range, else None
    qualifier: str | None  # one of lexicons.QUALIFIER_CLASSES, None = stated as exact
    unit: str | None  # canonical unit (usd, percent, people, flat, ...) or None for a bare count
    family: str | None  # currency, percent, person, count, duration, ... or None
    text: str  # the span in the original text, qualifier and unit included
    start: int
    end: int
    context: frozenset[str] = frozenset()  # Latin-script words near the number (GPU, Nvidia)
    role: str | None = None  # "from" / "to" in a change (raised from 2.50% to 2.75%)
    direction: str | None = None  # "up" / "down": rose 1.5%, 1.5%減, 3% 감소
    # the number as written, before its unit's factor (64 million in "64 million tonnes", 640000
    # in 64万トン): tells a misread number from a misread unit when the values differ by 10^n
    written: float | None = None

    @property
    def is_range(self) -> bool:
        """Whether the quantity is a range (low to high)."""
        return self.high is not None


@dataclass(frozen=True, slots=True)
class Modality:
    """Where a statement sits on the commitment scale, and the words that put it there."""

    level: int  # 1 possibility .. 6 accomplished (facts.lexicons.MODALITY_LEVELS)
    name: str
    text: str
    # a plain present with no time ahead ("살인은 증가한다"): generic or habitual, so not a
    # plan that a past-tense report could inflate; as a report it still reads as an action
    generic: bool = False
    # a decision or agreement marker under a negation ("has not decided", 確定には至っていない,
    # 결정된 것은 없다): the statement says it is undecided, whatever its main level
    undecided: bool = False
    # the main predicate is an aim or target (aims to, 目指す, 목표로 하다; ``modality.goals``),
    # not a plan: a report stating it as a definite future or a fact claims more than was said
    goal: bool = False
    # a goal marker anywhere in the statement ("aiming for", 目指して, 목표로): a statement that
    # names the aim has not reported it as a fact, whatever its main predicate
    goal_named: bool = False
    # the main predicate is a decision verb (``modality.decision_lemmas``: postpone, 延期する)
    decision: bool = False
    # a condition on it, as written ("subject to approval", 조건으로, 次第で); "" when none
    condition: str = ""
    # each coordinate clause's own level, in text order, when the statement has two or more
    # clauses with a level ("will spend X and aims to launch Y"); () otherwise
    clauses: tuple[Modality, ...] = ()
    # the language states its main predicate first (English), so clauses[0] is the main one;
    # else last (ja, ko: clauses[-1])
    predicate_first: bool = False


@dataclass(frozen=True, slots=True)
class DateExpr:
    """A date or time bound; fields that the text does not give stay None."""

    kind: str
    text: str
    start: int
    end: int
    year: int | None = None
    month: int | None = None
    day: int | None = None
    quarter: int | None = None
    half: int | None = None
    day_end: int | None = None  # June 3-4, 12月18〜19日
    month_end: int | None = None  # 1-2月
    year_end: int | None = None  # 2026〜2030年, between 2026 and 2032 (not "the year's end")
    hour: int | None = None  # times of day, 24-hour: 午後7時20分 -> 19
    minute: int | None = None
    offset: int | None = None  # relative dates (next year = +1)
    unit: str = "year"
    n: int | None = None  # "within N years"
    deadline: bool = False
    # an open bound: "after"/"before" the date (since 1913, 2025年以降, 8시 전): any time on that
    # side of it agrees with it
    bound: str | None = None

    def fields(self) -> dict[str, object]:
        """The comparable fields that the text gives."""
        names = (
            "year",
            "month",
            "day",
            "quarter",
            "half",
            "day_end",
            "month_end",
            "year_end",
            "hour",
            "minute",
        )
        given = {name: getattr(self, name) for name in names if getattr(self, name) is not None}
        if self.kind == "year_end":
            given["end"] = True
        if self.offset is not None:
            given[f"rel_{self.unit}"] = self.offset
        if self.n is not None:
            given[f"within_{self.unit}"] = self.n
        return given


@dataclass(frozen=True, slots=True)
class Facts:
    """Everything the checks need from one statement, computed once (the facts stage).

    ``scope_terms`` are what the negation markers negate and ``terms`` all content terms, in
    the units of the language's ``negation.scope``; ``en`` holds the facts of the statement's
    English translation when it has one (a Korean or Japanese statement after translation).
    """

    lang: str
    quantities: tuple[Quantity, ...]
    modality: Modality | None
    negations: tuple[str, ...]  # the negation markers found, as written
    dates: tuple[DateExpr, ...]
    text: str = ""
    hedges: tuple[str, ...] = ()  # possibility markers anywhere (may, 可能性, 수 있다)
    hedge_terms: frozenset[str] = frozenset()  # what the hedges bear on
    modal: bool = False  # a modal word (can, would, できる) that keeps a statement hedged
    attribution: str = "own"  # own / quoted (a named source's claim) / refuted (quoted to deny)
    source: str = ""  # who is quoted, as written
    scope_terms: frozenset[str] = frozenset()
    terms: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()  # name keys in any script (엔비디아 -> "nvidia")
    question: bool = False  # an interrogative sentence asserts no polarity ("Why not a sign?")
    # an implicit negative (lack, shortage, invisible, 늦다, 모르다): the statement may say with
    # other words what a negation says ("invisible" / "cannot see")
    implicit_negative: bool = False
    # antonym predicates said: (concept, pro side, surface, negated), the side after any
    # negation of it ("did not oppose": the pro side of "support", negated)
    polar: tuple[tuple[str, bool, str, bool], ...] = ()
    en: Facts | None = None

    @property
    def negated(self) -> bool:
        """Whether any negation marker was found."""
        return bool(self.negations)

    @property
    def english(self) -> Facts | None:
        """The facts in English: these for an English statement, else the translation's."""
        return self if self.lang == "en" else self.en


@cache
def _adapter() -> TypeAdapter[Facts]:
    # pydantic validates the nested frozen records (and frozensets, tuples) back from JSON;
    # built on first use, so importing the records costs nothing
    from pydantic import TypeAdapter

    return TypeAdapter(Facts)


def facts_to_json(facts: Facts) -> str:
    """The facts as JSON text (how the store keeps them)."""
    return _adapter().dump_json(facts).decode("utf-8")


def facts_from_json(text: str | bytes) -> Facts:
    """Facts back from :func:`facts_to_json`'s JSON."""
    return _adapter().validate_json(text)
