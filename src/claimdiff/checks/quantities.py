"""Quantities: a changed value, unit or qualifier between two statements' numbers.

Conservative on purpose: two quantities are only compared when they plausibly count the same
thing (same unit or counter family, shared nearby names such as "GPU", or the only quantity of
its kind on each side), so statements about different things stay quiet.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from claimdiff.checks.kinds import label
from claimdiff.checks.registry import CheckContext, register
from claimdiff.config import FactsConfig
from claimdiff.facts.extract import Facts, Quantity
from claimdiff.facts.lexicons import Lexicons
from claimdiff.records import CheckResult

# the families of physical units written with SI prefixes (kilo-, mega-, giga-): a value a
# power of 1000 off is the prefix mistaken (MW for GW), not another number
_PREFIXED = frozenset({"energy", "mass", "length", "area", "volume", "data", "speed", "frequency"})
_NUMERAL = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
# an internal verdict: equal values moving in opposite directions, reported as quantity_mismatch
DIRECTION_CHANGED = "direction_changed"
# another: two numbers of one kind that trade places, reported as quantity_mismatch
SWAPPED = "swapped"
# another: the size of a change between two percent levels (12.0% -> 14.5%: 2.5 points) given
# as a percent change ("2.5% 상승"), reported as quantity_mismatch
POINTS_AS_PERCENT = "points_as_percent"

# How each qualifier bounds the value; the classes are language-neutral (words live in the YAML).
DIRECTION = {
    None: "exact",
    "more_than": "lower",
    "at_least": "lower",
    "about": "approx",
    "odd": "odd",
    "nearly": "near",
    "up_to": "upper",
    "at_most": "upper",
    "less_than": "upper",
}


def _dir(qualifier: str | None) -> str:
    """How a qualifier bounds its number; of nested qualifiers ("up to about 75": "up_to
    about"), the outer one."""
    return DIRECTION[qualifier.split()[0] if qualifier else None]


def _nested(o: Quantity, r: Quantity) -> str | None:
    """qualifier_dropped / qualifier_added when one side keeps only some of the other's nested
    qualifiers ("up to about 75" -> "about 75"); None when neither is nested so."""
    co = set(o.qualifier.split()) if o.qualifier else set()
    cr = set(r.qualifier.split()) if r.qualifier else set()
    if len(co) < 2 and len(cr) < 2:
        return None
    if cr < co:
        return "qualifier_dropped"
    if co < cr:
        return "qualifier_added"
    return None


# Directions that say the same thing about a number ("nearly 50,000" ~ "up to 50,000").
_COMPATIBLE = {
    frozenset({"near", "approx"}),
    frozenset({"near", "upper"}),
    frozenset({"odd", "approx"}),
    frozenset({"odd", "lower"}),
}
# adding "about" or "-odd" to an exact number is rounding, not a change of claim; dropping
# "about" states an estimate as exact (약 270만 명 -> 270만 명): qualifier_dropped
_LOOSE = ("approx", "odd")


@dataclass(frozen=True)
class _UnitRules:
    strict: frozenset[str]
    loose: frozenset[str]
    generic: frozenset[str]  # counters that count anything (個, 개): they meet any count


def unit_rules(lexicons: Lexicons, *langs: str) -> _UnitRules:
    """The unit families of the given languages that must match exactly, or that match loosely."""
    strict: set[str] = set()
    loose: set[str] = set()
    generic: set[str] = set()
    for lang in langs:
        strict.update(lexicons[lang].units.strict_families)
        loose.update(lexicons[lang].units.loose_families)
        generic.update(lexicons[lang].units.generic_units)
    return _UnitRules(frozenset(strict), frozenset(loose), frozenset(generic))


def _rel_diff(a: float, b: float) -> float:
    scale = max(abs(a), abs(b))
    return abs(a - b) / scale if scale else 0.0


def _step(value: float) -> float:
    """The place of a value's last significant digit: 94 -> 1, 250000 -> 10000, 2.75 -> 0.01."""
    text = f"{abs(value):.10g}"
    if "e" in text:
        return 0.0  # too large or small to say: any step
    if "." in text:
        return 10.0 ** -len(text.split(".")[1])
    digits = text.rstrip("0")
    return 10.0 ** (len(text) - len(digits)) if digits else 0.0


def _same_number(a: float, b: float, tol: float, digits: bool) -> bool:
    """Equal within the tolerance; with ``digits``, not when both are written to the same last
    digit and differ in it (94% and 95% are two numbers; 1.52 million rounds to 1.5 million)."""
    if _rel_diff(a, b) > tol:
        return False
    if not digits or a == b:
        return True
    step = _step(a)
    return step == 0.0 or step != _step(b)


def _values_equal(o: Quantity, r: Quantity, tol: float, digits: bool = False) -> bool:
    if o.is_range != r.is_range:
        return False
    same = _same_number(o.value, r.value, tol, digits)
    if o.is_range:
        return same and _same_number(o.high or 0, r.high or 0, tol, digits)
    return same


def _group(q: Quantity, rules: _UnitRules) -> str:
    """Quantities in the same group can count the same thing."""
    if q.family is None or q.family in rules.loose:
        return "loose"
    return f"{q.family}:{q.unit}"


def _comparable(o: Quantity, r: Quantity, rules: _UnitRules, allow_bare: bool) -> bool:
    """Whether two quantities can measure the same thing: the same unit (after conversion),
    or loose counts (a bare number, a generic counter) that do not name different things.
    Unequal values are compared only in the same role: the old value of a change
    ("from 2.50%") is not the new one."""
    if not allow_bare and (o.role == "from") != (r.role == "from"):
        return False
    if o.unit is not None and o.unit == r.unit:
        return True
    go, gr = _group(o, rules), _group(r, rules)
    if go == gr:
        # 12 ships are not 12 households: named counters must agree
        named = o.unit is not None and r.unit is not None
        return not named or o.unit in rules.generic or r.unit in rules.generic
    # a bare number next to a unit: only when the values already agree
    return allow_bare and (o.unit is None or r.unit is None)


def _unit_conflict(o: Quantity, r: Quantity, rules: _UnitRules) -> bool:
    return (
        o.family is not None
        and o.family == r.family
        and o.family in rules.strict
        and o.unit is not None
        and r.unit is not None
        and o.unit != r.unit
    )


def _qualifier_verdict(o: Quantity, r: Quantity, estimate: bool = False) -> str | None:
    """Kind for two quantities with equal values, or None when their qualifiers agree."""
    nested = _nested(o, r)
    if nested is not None:
        return nested
    do, dr = _dir(o.qualifier), _dir(r.qualifier)
    if do == dr or frozenset({do, dr}) in _COMPATIBLE:
        return None
    if dr == "exact":
        # "about 50,000" reported as 49,800 is a more precise figure, not the estimate as exact
        # "2천여 명" -> 2,000 keeps the round number it named ("-odd" is a bit more, not a
        # guess); "about a six-week outage" -> "a six-week outage": spans of time are told
        # roughly either way
        loose_kept = do in _LOOSE and (
            do == "odd" or o.family == "duration" or (o.value, o.high) != (r.value, r.high)
        )
        return None if loose_kept else "qualifier_dropped"
    if do == "exact":
        # "387 passengers" -> "about 387": the exact figure made an estimate (qualifier_added);
        # "1,520" -> "about 1,500" rounds it, "-odd" is a bit more than a round number, a
        # forecast ("expects claims to reach $2 billion", ``estimate``) is an estimate already,
        # a range is rough already, and spans of time are told roughly either way
        same = (o.value, o.high) == (r.value, r.high)
        if dr == "approx" and same and not estimate and r.high is None and r.family != "duration":
            return "qualifier_added"
        return None if dr in _LOOSE else "qualifier_added"
    return "qualifier_changed"


def _satisfies(value: float, bound: Quantity) -> bool:
    direction = _dir(bound.qualifier)
    if direction == "lower":
        return value >= bound.value
    if direction in ("upper", "near"):
        return value <= bound.value
    return False


_BOUND_FACTOR = 2.0


def implied_bound(o: Quantity, r: Quantity) -> bool:
    """Whether the report's bound follows from the original: 160 people -> "more than 100",
    "over 22,000" -> "over 20,000", "under 3%" -> "less than 5%" (not the reverse)."""
    if o.is_range or r.is_range or o.direction != r.direction:
        return False
    do, dr = _dir(o.qualifier), _dir(r.qualifier)
    strict = r.qualifier == "more_than" or r.qualifier == "less_than"
    # a bound less than half (or more than twice) the figure understates it by an order, as a
    # misread number does ("more than 120,000 homes" -> "more than 12,000"): not implied
    if dr == "lower" and do in ("exact", "lower"):
        return (o.value > r.value >= o.value / _BOUND_FACTOR) or (not strict and o.value == r.value)
    if dr == "upper" and do in ("exact", "upper"):
        return (o.value < r.value <= o.value * _BOUND_FACTOR) or (not strict and o.value == r.value)
    return False


def _near_verdict(o: Quantity, r: Quantity) -> str | None:
    """Kind for two quantities within the approximate tolerance but not equal."""
    do, dr = _dir(o.qualifier), _dir(r.qualifier)
    if o.is_range or r.is_range:
        return "quantity_mismatch"
    if implied_bound(o, r):
        return None
    if (
        do in _LOOSE
        or dr in _LOOSE
        or (do == "near" and dr in ("exact", "near"))
        or (dr == "near" and do == "exact")
    ):
        return None
    if do != "exact" and dr != "exact" and do != dr and frozenset({do, dr}) not in _COMPATIBLE:
        return "qualifier_changed"
    if do != "exact" and dr == "exact":
        return None if _satisfies(r.value, o) else "quantity_mismatch"
    if do == "exact" and dr != "exact":
        return None if _satisfies(o.value, r) else "quantity_mismatch"
    return "quantity_mismatch"


def _range_verdict(o: Quantity, r: Quantity, tol: float) -> str | None:
    """A range on one side, one number on the other; None if they do not touch."""
    rng, single = (o, r) if o.is_range else (r, o)
    if single.role is not None:
        return None  # one end of a change ("from 3 to 5 years") against a range of the same ends
    if _rel_diff(single.value, rng.high or 0) <= tol:
        if _dir(single.qualifier) in ("upper", "near"):
            return None
        # "$40 to $120" reported as "$120": the top of the range stated as the price
        exact_top = single is r and _dir(single.qualifier) == "exact"
        return "qualifier_dropped" if exact_top else "qualifier_changed"
    if _rel_diff(single.value, rng.value) <= tol:
        return None if _dir(single.qualifier) == "lower" else "qualifier_changed"
    return None


@dataclass
class _Matching:
    """Quantities of both sides not yet matched, and the discrepancies found so far."""

    original: tuple[Quantity, ...]
    report: tuple[Quantity, ...]
    rules: _UnitRules
    config: FactsConfig
    qualifiers: bool
    estimate: bool  # the original is a forecast or hedged: its figures are estimates
    found: list[tuple[str, Quantity | None, Quantity]]
    free_o: list[int]
    free_r: list[int]
    equal: list[tuple[int, int]] = field(default_factory=list)  # pairs matched by equal value
    # (lang, text) of the original and the report, whatever their languages
    sides: tuple[tuple[str, str], tuple[str, str]] | None = None
    lexicons: Lexicons | None = None  # for the sides' words (numbers.difference_after)

    @property
    def texts(self) -> tuple[str, str] | None:
        """The two statements' texts when they are in one language: their numbers' neighbour
        words can be compared directly."""
        if self.sides is None:
            return None
        (o_lang, o_text), (r_lang, r_text) = self.sides
        return (o_text, r_text) if o_lang == r_lang and o_text and r_text else None

    def take(self, i: int, j: int, verdict: str | None = None) -> None:
        self.free_o.remove(i)
        self.free_r.remove(j)
        if verdict:
            self.found.append((verdict, self.original[i], self.report[j]))

    def overlap(self, o: Quantity, j: int) -> int:
        return len(o.context & self.report[j].context)

    def same_value(self, o: Quantity, also: Callable[[Quantity, Quantity], bool]) -> list[int]:
        """The free report quantities equal in value to ``o`` (rounding tolerance) for which
        ``also(o, r)`` holds."""
        tol = self.config.rounding_tolerance
        return [
            j
            for j in self.free_r
            if _values_equal(o, self.report[j], tol, digits=True) and also(o, self.report[j])
        ]


def _match_equal(m: _Matching) -> None:
    """Equal values of compatible units: the same number, maybe with other qualifiers."""
    for i in list(m.free_o):
        o = m.original[i]
        candidates = m.same_value(o, lambda o, r: _comparable(o, r, m.rules, True))
        if candidates:
            j = max(
                candidates,
                key=lambda j: (
                    m.report[j].unit == o.unit,
                    m.report[j].role == o.role,
                    _dir(m.report[j].qualifier) == _dir(o.qualifier),
                    m.overlap(o, j),
                ),
            )
            r = m.report[j]
            m.equal.append((i, j))
            if o.direction and r.direction and o.direction != r.direction:
                # rose 1.5% -> fell 1.5%; a change reversed once, not at each of its ends
                told = o.role is not None and any(
                    kind == DIRECTION_CHANGED and x is not None and x.role is not None
                    for kind, x, _ in m.found
                )
                m.take(i, j, None if told else DIRECTION_CHANGED)
            else:
                m.take(i, j, _qualifier_verdict(o, r, m.estimate) if m.qualifiers else None)


def _prefix_error(o: Quantity, r: Quantity, tol: float) -> bool:
    """The same written number under another prefix of one physical unit (1,400 MW -> 1,400
    GW, 1,500 t -> 1,500 kg, 500 ha -> 500 km²): values in the unit's reference unit a power
    of 1000 apart, or of ten with the same numerals (1.5 GW -> 15 MW is another number)."""
    if o.unit is None or o.unit != r.unit or o.family != r.family or o.is_range or r.is_range:
        return False
    if not o.value or not r.value or o.family not in _PREFIXED:
        return False
    ratio = max(o.value, r.value) / min(o.value, r.value)
    power = round(math.log10(ratio))
    if power < 1 or _rel_diff(ratio, 10.0**power) > tol:
        return False
    if power % 3 == 0:
        return True  # kilo, mega, giga apart: 450,000 t -> 45万キロ
    written = _written(o)
    return written is not None and written == _written(r)


def _written(q: Quantity) -> float | None:
    """The numeral as written (1,400 in "1,400 MW"), before its unit scales it."""
    match = _NUMERAL.search(q.text)
    return float(match.group().replace(",", "")) if match else None


def _digits(value: float) -> str:
    """The significant digits of a value: 730000 and 730 -> "73", 2.6e10 -> "26"."""
    mantissa = f"{abs(value):.6e}".split("e")[0]
    return mantissa.replace(".", "").rstrip("0") or "0"


def _currency_swapped(o: Quantity, r: Quantity, rules: _UnitRules) -> bool:
    """Another unit of one strict family under the same written digits (73만 원 -> $730,
    260億円 -> 2,600억 원, 80 ha -> 80 km²): the figure kept, the unit changed. A real
    conversion (73만 원 -> $540) changes the digits and is left alone."""
    return (
        _unit_conflict(o, r, rules)
        and not o.is_range
        and not r.is_range
        and o.role == r.role
        and _digits(o.value) == _digits(r.value)
    )


def _counter_changed(o: Quantity, r: Quantity, rules: _UnitRules) -> bool:
    """The same figure under another named counter of a count (guest nights -> people,
    households -> people): the thing counted changed. Generic counters (個, 개) count anything."""
    return (
        o.unit is not None
        and r.unit is not None
        and o.unit != r.unit
        and o.family in rules.loose
        and r.family in rules.loose
        and o.unit not in rules.generic
        and r.unit not in rules.generic
        and not o.is_range
        and not r.is_range
    )


def _match_unit_conflicts(m: _Matching) -> None:
    """Equal values, different unit of the same family: 41억 달러 vs 41억 원, 5% vs 5%p; the
    same number under another prefix of one unit (MW vs GW)."""
    for i in list(m.free_o):
        o = m.original[i]
        candidates = m.same_value(o, lambda o, r: _unit_conflict(o, r, m.rules))
        if candidates:
            # a percentage point read as a percent (or back) misstates the change itself
            points = o.family == "percent"
            m.take(i, candidates[0], "quantity_mismatch" if points else "unit_mismatch")
            continue
        tol = m.config.rounding_tolerance
        recounted = m.same_value(o, lambda o, r: _counter_changed(o, r, m.rules))
        if recounted and len(m.same_value(o, lambda _o, _r: True)) == 1:
            r = m.report[recounted[0]]
            m.take(i, recounted[0], "unit_mismatch")  # 12万戸 -> 12만 명
            verdict = _qualifier_verdict(o, r, m.estimate) if m.qualifiers else None
            if verdict:
                m.found.append((verdict, o, r))  # 約12万戸 -> 12만 명: the "about" dropped too
            continue
        prefixed = [
            j
            for j in m.free_r
            if _prefix_error(o, m.report[j], tol) or _currency_swapped(o, m.report[j], m.rules)
        ]
        if prefixed:
            r = m.report[prefixed[0]]
            # the unit kept and the number misread (64万トン -> 64 million tonnes): the figure
            # is wrong, not its unit
            misread = (
                o.unit == r.unit and None not in (o.written, r.written) and o.written != r.written
            )
            m.take(i, prefixed[0], "quantity_mismatch" if misread else "unit_mismatch")


def _changes_of_levels(m: _Matching) -> list[tuple[Quantity, Quantity]]:
    """The original's changes between two percent levels: (old, new) pairs (12.0% -> 14.5%)."""
    found = []
    for old, new in itertools.pairwise(m.original):
        levels = old.role == "from" and new.role == "to" and old.unit == new.unit == "percent"
        if levels and not old.is_range and not new.is_range:
            found.append((old, new))
    return found


def _match_change_size(m: _Matching) -> None:
    """A report figure that states the size of the original's change between two percent
    levels: in points it agrees (12.0% -> 14.5%, "2.5%포인트 상승"); as a percent it misstates the
    change ("2.5% 상승": 2.5 points, not a 2.5% rise, unless that is also the relative change);
    moving the other way it reverses it."""
    tol = m.config.rounding_tolerance
    changes = _changes_of_levels(m)
    for j in list(m.free_r):
        r = m.report[j]
        if r.family != "percent" or r.role is not None or r.is_range:
            continue
        for old, new in changes:
            size = abs(new.value - old.value)
            if not _same_number(size, r.value, tol, True):
                continue
            moved = "up" if new.value > old.value else "down"
            m.free_r.remove(j)
            if r.direction is not None and r.direction != moved:
                m.found.append((DIRECTION_CHANGED, new, r))
            elif r.unit == "percent" and not _same_number(
                size / old.value * 100 if old.value else 0.0, r.value, tol, True
            ):
                m.found.append((POINTS_AS_PERCENT, new, r))
            break


def _near_pair_verdict(m: _Matching, o: Quantity, r: Quantity) -> tuple[bool, str | None]:
    """(matched, kind) for a range against one of its ends, or values close enough to be one
    number rounded."""
    tol = m.config.rounding_tolerance
    if o.is_range != r.is_range:
        rng, single = (o, r) if o.is_range else (r, o)
        touches = min(_rel_diff(single.value, rng.value), _rel_diff(single.value, rng.high or 0))
        if touches > tol:
            return False, None
        return True, _range_verdict(o, r, tol) if m.qualifiers else None
    if not _values_equal(o, r, m.config.approx_tolerance):
        return False, None
    verdict = _near_verdict(o, r)
    if verdict == "qualifier_changed" and not m.qualifiers:
        verdict = None
    return True, verdict


def _match_near(m: _Matching) -> None:
    for i in list(m.free_o):
        o = m.original[i]
        for j in list(m.free_r):
            r = m.report[j]
            if not _comparable(o, r, m.rules, allow_bare=False):
                continue
            matched, verdict = _near_pair_verdict(m, o, r)
            if matched:
                m.take(i, j, verdict)
                break


def _same_direction(m: _Matching, o: Quantity, candidates: list[int]) -> int | None:
    """The one candidate moving the way ``o`` moves, when ``o`` is the only quantity of its
    side moving so (lost 13.6% ... 2.4% for placebo -> 16.3%減)."""
    if o.direction is None:
        return None
    moving = [j for j in candidates if m.report[j].direction == o.direction]
    others = [k for k in m.free_o if m.original[k].direction == o.direction]
    return moving[0] if len(moving) == 1 and len(others) == 1 else None


def _match_changed(m: _Matching) -> None:
    """What is left: a changed value, where the two plausibly count the same thing (shared
    context words, or the only quantity of its group on each side)."""
    group = functools.partial(_group, rules=m.rules)
    for i in list(m.free_o):
        o = m.original[i]
        candidates = [j for j in m.free_r if _comparable(o, m.report[j], m.rules, False)]
        if not candidates:
            continue
        by_context = [j for j in candidates if m.overlap(o, j)]
        alone_o = sum(1 for k in m.free_o if group(m.original[k]) == group(o)) == 1
        alone_r = [
            j
            for j in candidates
            if sum(1 for k in m.free_r if group(m.report[k]) == group(m.report[j])) == 1
        ]
        moving = _same_direction(m, o, candidates)
        if by_context:
            j = max(by_context, key=lambda j: m.overlap(o, j))
        elif alone_o and len(candidates) == 1 and alone_r:
            j = candidates[0]
        elif moving is not None:
            j = moving
        else:
            continue
        m.take(i, j, None if implied_bound(o, m.report[j]) else "quantity_mismatch")


def _swaps(m: _Matching) -> None:
    """Two numbers of one kind that trade places (3 dead and 12 hurt -> 12 dead and 3 hurt;
    乗用車40万台と商用車15万台 -> 150,000 cars and 400,000 trucks): matched by value, they cross.
    Read from the words beside each number in one language, else from their order, which a
    translation keeps for two coordinated figures of one counter."""
    for a, (i1, j1) in enumerate(m.equal):
        for i2, j2 in m.equal[a + 1 :]:
            if (i1 < i2) != (j1 < j2) and _crossed(m, (i1, j1), (i2, j2)):
                m.found.append((SWAPPED, m.original[i1], m.report[j2]))  # r2 where o1 stood
                return


def _crossed(m: _Matching, first: tuple[int, int], second: tuple[int, int]) -> bool:
    """Whether two value-matched pairs, in crossed order, are two figures that traded places."""
    o1, r1 = m.original[first[0]], m.report[first[1]]
    o2, r2 = m.original[second[0]], m.report[second[1]]
    quantities = (o1, o2, r1, r2)
    if any(q.is_range or q.role is not None for q in quantities):
        return False
    if _rel_diff(o1.value, o2.value) <= m.config.approx_tolerance:
        return False
    # counted nouns: one side's two figures under one named counter (명, 台, 店舗); in one
    # language the neighbour words decide
    counted = _one_counter(o1, o2, m.rules) or _one_counter(r1, r2, m.rules)
    if m.texts is None and not counted:
        return False
    if m.texts is None and _differences(m, quantities):
        return False
    kind = _group(o1, m.rules)
    if not all(_group(q, m.rules) == kind for q in quantities):
        return False
    # exactly these two of their kind on each side
    for side in (m.original, m.report):
        if sum(_group(q, m.rules) == kind for q in side) != 2:
            return False
    if m.texts is not None:
        # one language: the words right beside each number say what it counts
        o_text, r_text = m.texts
        n1, n2 = _neighbours(o_text, o1), _neighbours(o_text, o2)
        return n1 != n2 and (n1, n2) == (_neighbours(r_text, r2), _neighbours(r_text, r1))
    if all(q.context for q in quantities):
        # the words near them (English on both sides) may say the report only reordered
        kept = m.overlap(o1, first[1]) + m.overlap(o2, second[1])
        return m.overlap(o1, second[1]) + m.overlap(o2, first[1]) > kept
    return True


_WORD = re.compile(r"\w+")


def _one_counter(a: Quantity, b: Quantity, rules: _UnitRules) -> bool:
    """Two figures of one side counted with the same named counter (not a bare number, an age,
    a currency or a rate, whose order a translation may change with the sentence). The counter
    as written, not only its unit: 40개국 and 150편 are both counts of items, but one counts
    countries and the other films, so they are two kinds of thing and their order says nothing."""
    return (
        a.unit is not None
        and a.unit == b.unit
        and a.family in rules.loose
        and a.family == b.family
        and _counter_word(a) == _counter_word(b)
    )


def _counter_word(q: Quantity) -> str:
    """The counter or unit word as written after the numeral: 개국 in 40개국, 人 in 約5万2000人."""
    return _DIGIT.split(q.text)[-1].strip().lower()


_DIGIT = re.compile(r"\d")


def _differences(m: _Matching, quantities: tuple[Quantity, ...]) -> bool:
    """Whether any of the two pairs' figures states a difference from another figure ("7,000
    more than last year", 前年より7000人多い, 7천 명 많은: in Korean and Japanese it stands
    before the total it modifies, in English after, so across languages the order of a total
    and its difference is no evidence of a swap)."""
    if m.sides is None or m.lexicons is None:
        return False
    (o_lang, o_text), (r_lang, r_text) = m.sides
    o1, o2, r1, r2 = quantities
    for (lang, text), qs in (((o_lang, o_text), (o1, o2)), ((r_lang, r_text), (r1, r2))):
        pattern = m.lexicons[lang].compiled.difference
        if pattern is not None and any(pattern.match(text, q.end) for q in qs):
            return True
    return False


def _neighbours(text: str, q: Quantity) -> tuple[str, str]:
    """The word right before a quantity's span and the word right after it."""
    before = _WORD.findall(text[max(0, q.start - 24) : q.start])
    after = _WORD.findall(text[q.end : q.end + 24])
    return (before[-1].lower() if before else "", after[0].lower() if after else "")


def compare_quantities(
    original: tuple[Quantity, ...],
    report: tuple[Quantity, ...],
    rules: _UnitRules,
    config: FactsConfig,
    qualifiers: bool = True,
    estimate: bool = False,
    sides: tuple[tuple[str, str], tuple[str, str]] | None = None,
    lexicons: Lexicons | None = None,
) -> list[tuple[str, Quantity | None, Quantity]]:
    """(kind, original quantity, report quantity) for every discrepancy between two lists,
    matching the surest pairs first; ``estimate``: the original's figures are a forecast;
    ``sides``: (lang, text) of the two statements."""
    m = _Matching(
        original,
        report,
        rules,
        config,
        qualifiers,
        estimate,
        [],
        list(range(len(original))),
        list(range(len(report))),
        sides=sides,
        lexicons=lexicons,
    )
    steps = (
        _match_equal,
        _match_unit_conflicts,
        _match_change_size,
        _match_near,
        _match_changed,
        _swaps,
    )
    for step in steps:
        step(m)
    return m.found


@register("quantities")
def check_quantities(original: Facts, report: Facts, ctx: CheckContext) -> list[CheckResult]:
    """quantity_mismatch, unit_mismatch and qualifier_* between the two statements' numbers."""
    rules = unit_rules(ctx.lexicons, original.lang, report.lang)
    results = []
    # a hedged original ("expects claims to reach $2 billion") gives its figures as estimates
    estimate = bool(original.hedges) or (
        original.modality is not None and original.modality.name == "possibility"
    )
    found = compare_quantities(
        original.quantities,
        report.quantities,
        rules,
        ctx.config,
        estimate=estimate,
        sides=((original.lang, original.text or ""), (report.lang, report.text or "")),
        lexicons=ctx.lexicons,
    )
    for kind, o, r in found:
        o_text = o.text if o is not None else ""
        if kind == SWAPPED and o is not None:
            reason = f'numbers swapped: "{o_text}" -> "{r.text}" (the two figures trade places)'
            results.append(ctx.result("quantity_mismatch", reason, o_text, r.text))
            continue
        if kind == POINTS_AS_PERCENT and o is not None:
            reason = (
                f'change in points given as a percent: "{o_text}" -> "{r.text}" (the levels '
                "differ by that many percentage points, not by that percent)"
            )
            results.append(ctx.result("quantity_mismatch", reason, o_text, r.text))
            continue
        if kind == DIRECTION_CHANGED and o is not None:
            reason = f'direction changed: "{o_text}" ({o.direction}) -> "{r.text}" ({r.direction})'
            results.append(ctx.result("quantity_mismatch", reason, o_text, r.text))
            continue
        results.append(ctx.result(kind, f'{label(kind)}: "{o_text}" -> "{r.text}"', o_text, r.text))
    return results
