"""Numbers: value or range, qualifier, unit (in its canonical unit), role in a change, context.

Hand-written on purpose: no maintained library reads numerals across Korean, Japanese and
English together (5億2000万, 1만 5천, 二十五万, "a quarter million") and keeps the qualifier and
counter around them, which is the whole point of these checks.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass

from claimdiff.facts.lexicons import LanguageLexicon
from claimdiff.facts.normalize import norm_span, normalize, orig_span
from claimdiff.facts.patterns import CompiledLexicon, UnitPattern
from claimdiff.facts.prefilter import present
from claimdiff.facts.records import DateExpr, Quantity
from claimdiff.facts.units import reference

_LATIN_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9&'’.-]*[A-Za-z0-9]|[A-Za-z]")
_GLUED_DECIMAL = re.compile(r"(?:[.,]\d+)?")
_DIGIT = re.compile(r"\d")
_DIGITS_OF = re.compile(r"\d+")
_LETTERS = re.compile(r"[a-z]+")
# telephone numbers and other digit identifiers: groups joined by two or more separators
# (702/369-1540, 02-1234-5678, 2026-12-01) or a group that starts with 0 after a hyphen
# (555-0134): no range's upper end is written so
_IDENTIFIER = re.compile(
    r"(?<![\d.,])(?:\(?\d{2,4}\)?[-/])?\d{2,4}[-/]\d{2,4}[-/]\d{2,4}(?![\d])"
    r"|(?<![\d.,/-])\d{3}-0\d{3}(?![\d-])"
)
_MODEL_CODE = re.compile(
    r"(?<![A-Za-z0-9-])(?:[A-Za-z]{1,6}\d[A-Za-z0-9]*(?:-[A-Za-z0-9]+)*|\d+(?:-\d+)+[A-Za-z]+[A-Za-z0-9]*)"
)


@dataclass
class _Raw:
    """A number while it is being read: positions are in the normalised text."""

    value: float
    scale: float  # the largest multiplier written (万, million), for ranges like 3~5万
    start: int  # start of the number itself
    end: int  # end of the number (scale word included)
    lead: int  # start including a currency sign written before it
    tail: int  # end including the unit written after it
    unit: str | None = None
    family: str | None = None
    qualifier: str | None = None
    qual_start: int | None = None
    qual_end: int | None = None
    high: float | None = None
    needs_unit: bool = False  # kanji without digits or 万 (一部, 十分) counts only before a counter
    role: str | None = None  # "from" / "to" of a change
    direction: str | None = None
    # (canonical unit, factor) of a rate whose denominator stands before the number (kg당 350Wh)
    reading: tuple[str, float] | None = None


def _section_value(section: str, lex: LanguageLexicon) -> float:
    digits, small = lex.numbers.digits, lex.numbers.small_multipliers
    total = 0.0
    current: float | None = None
    for token in re.finditer(r"\d+(?:,\d{3})*(?:\.\d+)?|\S", section):
        part = token.group()
        if part[0].isdigit():
            current = float(part.replace(",", ""))
        elif part in digits:
            # 二五 is read digit by digit; 二十五 is handled by the multiplier below
            current = digits[part] if current is None else current * 10 + digits[part]
        elif part in small:
            total += (1.0 if current is None else current) * small[part]
            current = None
    if current is not None:
        total += current
    return total


def _cjk_value(number: str, lex: LanguageLexicon) -> tuple[float, float]:
    """Value of 5億2000万 / 1만 5천 / 二十五万 / 250,000, and its largest multiplier."""
    big = lex.numbers.big_multipliers
    total, buffer, scale = 0.0, "", 1.0
    for ch in number:
        if ch in big:
            total += (_section_value(buffer, lex) if buffer.strip() else 1.0) * big[ch]
            scale = max(scale, big[ch])
            buffer = ""
        else:
            buffer += ch
    if buffer.strip():
        total += _section_value(buffer, lex)
        if scale == 1.0 and any(ch in lex.numbers.small_multipliers for ch in buffer):
            scale = max(
                lex.numbers.small_multipliers[ch]
                for ch in buffer
                if ch in lex.numbers.small_multipliers
            )
    return total, scale


def _word_value(words: str, lex: LanguageLexicon) -> float | None:
    """Value of "a quarter million", "half a million", "twenty-five thousand"; None if no number."""
    table, fractions, scales = lex.numbers.lowered
    total, current, seen = 0.0, 0.0, False
    tokens = re.split(r"[\s-]+", words.lower())
    if not any(t in table or t in scales for t in tokens):
        return None  # "a quarter", "half" alone are not amounts
    for word in tokens:
        if word in ("a", "an", "and", ""):
            continue
        if word in table:
            value = table[word]
            current = (current or 1.0) * value if value == 100 else current + value
            seen = True
        elif word in fractions:
            current += fractions[word]
            seen = True
        elif word in scales:
            total += (current or 1.0) * scales[word]
            current = 0.0
            seen = True
    if not seen:
        return None
    return total + current


def _best_after(patterns: tuple, text: str, pos: int) -> tuple[str, int] | None:
    """The longest of several anchored patterns matching at pos: (name, end)."""
    best: tuple[str, int] | None = None
    for name, pattern in patterns:
        if pattern is None:
            continue
        match = pattern.match(text, pos)
        if match and match.end() > pos and (best is None or match.end() > best[1]):
            best = (name, match.end())
    return best


def _best_before(patterns: tuple, text: str, pos: int, window: int) -> tuple[str, int] | None:
    """The longest of several end-anchored patterns ending at pos: (name, start)."""
    segment_start = max(0, pos - window)
    segment = text[segment_start:pos]
    best: tuple[str, int] | None = None
    for name, pattern in patterns:
        if pattern is None:
            continue
        match = pattern.search(segment)
        if match and match.start() < len(segment):
            start = segment_start + match.start()
            if best is None or start < best[1]:
                best = (name, start)
    return best


def _skipped(norm: str, match: re.Match[str], comp: CompiledLexicon, window: int) -> bool:
    """A digit match that is part of something else: 第3, 1.5 inside 21.5, PS5, RTX4090."""
    start = match.start()
    if comp.ignore_before.search(norm[max(0, start - window) : start]):
        return True
    if start > 0 and (norm[start - 1].isdigit() or norm[start - 1] in ".,"):
        return True
    if start > 1 and norm[start - 1] == "/" and norm[start - 2].isdigit():
        return True  # the second half of 24/7, 9/11
    # glued to Latin letters: a model name (PS5, iPhone15, RTX4090), not an amount
    return (
        start > 0
        and norm[start - 1].isascii()
        and norm[start - 1].isalpha()
        and re.fullmatch(r"\d{1,4}", match.group("num")) is not None
        and not match.groupdict().get("scale")
    )


def _digit_number(match: re.Match[str], lex: LanguageLexicon) -> _Raw | None:
    """The value of a numeral match (5億2000万, 250,000, 2.5 million); None for a bare 千."""
    number = match.group("num")
    value, scale = _cjk_value(number, lex)
    has_digit = any(ch.isdigit() for ch in number)
    has_big = any(ch in lex.numbers.big_multipliers for ch in number)
    if not has_digit and not any(ch in lex.numbers.digits for ch in number) and not has_big:
        return None
    scale_word = match.groupdict().get("scale")
    if scale_word:
        factor = lex.numbers.lowered[2][scale_word.lower()]
        value *= factor
        scale = max(scale, factor)
    start, end = match.span()
    raw = _Raw(value=value, scale=scale, start=start, end=end, lead=start, tail=end)
    raw.needs_unit = not has_digit and not has_big
    return raw


def _word_numbers(
    norm: str, lex: LanguageLexicon, free: Callable[[int, int], bool], window: int
) -> list[_Raw]:
    """Numbers written as words ("a quarter million", "twenty-five thousand")."""
    comp = lex.compiled
    found: list[_Raw] = []
    # most statements hold no number word: one set look-up instead of the word-number pattern
    if comp.word_number is None or lex.numbers.vocabulary.isdisjoint(
        _LETTERS.findall(norm.lower())
    ):
        return found
    for match in comp.word_number.finditer(norm):
        start, end = match.span()
        if not free(start, end):
            continue
        ignored = any(
            m.start() <= start < m.end() or start <= m.start() < end
            for m in comp.ignore_phrases.finditer(
                norm, max(0, start - window), min(len(norm), end + window)
            )
        )
        value = None if ignored else _word_value(match.group(), lex)
        if value is not None:
            found.append(_Raw(value=value, scale=1.0, start=start, end=end, lead=start, tail=end))
    return found


def _counted(norm: str, end: int, lex: LanguageLexicon) -> bool:
    """Whether a code ending at ``end`` is glued to a CJK multiplier or counter (GPU25万枚)."""
    pos = _GLUED_DECIMAL.match(norm, end).end()  # type: ignore[union-attr]
    if pos >= len(norm) or norm[pos].isascii() or norm[pos].isspace():
        return False
    numbers = lex.numbers
    if norm[pos] in numbers.big_multipliers or norm[pos] in numbers.small_multipliers:
        return True
    return _best_after(present(lex.compiled.units_after, norm), norm, pos) is not None


def _raw_numbers(
    norm: str, lex: LanguageLexicon, blocked: list[tuple[int, int]], window: int
) -> list[_Raw]:
    comp: CompiledLexicon = lex.compiled
    found: list[_Raw] = []
    taken: list[tuple[int, int]] = list(blocked)

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    # product and model codes (H200, HBM4, A350-1000, 777-300ER) are names, not amounts; a code
    # glued to a CJK multiplier or counter is a count of the thing (GPU25万枚), one glued to a
    # particle is still a name (A350-1000を12機)
    if _DIGIT.search(norm):  # codes and identifiers hold an Arabic digit
        taken.extend(
            m.span() for m in _MODEL_CODE.finditer(norm) if not _counted(norm, m.end(), lex)
        )
        taken.extend(m.span() for m in _IDENTIFIER.finditer(norm))
    found += _fractions(norm, comp, taken)
    found += _series(norm, lex, taken)
    for match in comp.number.finditer(norm):
        if not free(*match.span()) or _skipped(norm, match, comp, window):
            continue
        raw = _digit_number(match, lex)
        if raw is not None:
            found.append(raw)
            taken.append(match.span())
    found += _word_numbers(norm, lex, free, window)
    found.sort(key=lambda r: r.start)
    return found


def _fractions(norm: str, comp: CompiledLexicon, taken: list[tuple[int, int]]) -> list[_Raw]:
    """Fractions of a whole (3分の1, 3분의 1, a third of, 過半数) as percents; their spans are
    taken, so the digits inside them are no numbers of their own."""
    found: list[_Raw] = []
    for (percent, qualifier), pattern in present(comp.fractions, norm):
        for match in pattern.finditer(norm):
            start, end = match.span()
            if any(not (end <= s or start >= e) for s, e in taken):
                continue
            groups = match.groupdict()
            if percent is None:
                den = float(groups["den"])
                if not den:
                    continue
                value = float(groups["num"]) / den * 100
            else:
                value = percent
            raw = _Raw(value=value, scale=1.0, start=start, end=end, lead=start, tail=end)
            raw.unit, raw.family = "percent", "percent"
            if qualifier is not None:
                raw.qualifier, raw.qual_start, raw.qual_end = qualifier, start, end
            found.append(raw)
            taken.append((start, end))
    return found


def _series(norm: str, lex: LanguageLexicon, taken: list[tuple[int, int]]) -> list[_Raw]:
    """Ordinals that count a run ("the fifth straight monthly gain": 5 months) as counts in
    their unit; their spans are taken."""
    found: list[_Raw] = []
    ordinals = lex.numbers.ordinals
    for unit, pattern in present(lex.compiled.series, norm):
        for match in pattern.finditer(norm):
            start, end = match.span()
            if any(not (end <= s or start >= e) for s, e in taken):
                continue
            word = match.group("ord").lower()
            digits = _DIGITS_OF.match(word)
            value = float(digits.group()) if digits else ordinals.get(word)
            if not value:
                continue
            raw = _Raw(value=float(value), scale=1.0, start=start, end=end, lead=start, tail=end)
            raw.unit, raw.family = unit.unit, unit.family
            found.append(raw)
            taken.append((start, end))
    return found


@dataclass(frozen=True)
class _Here:
    """The patterns of a language that can match in this statement (prefiltered once)."""

    units_before: tuple
    units_after: tuple
    qualifiers_before: tuple
    qualifiers_after: tuple
    direction_before: tuple
    direction_after: tuple

    @staticmethod
    def of(norm: str, comp: CompiledLexicon) -> _Here:
        """The patterns of ``comp`` that hold their literals in ``norm``."""
        return _Here(
            units_before=present(comp.units_before, norm),
            units_after=present(comp.units_after, norm),
            qualifiers_before=present(comp.qualifiers_before, norm),
            qualifiers_after=present(comp.qualifiers_after, norm),
            direction_before=present(comp.direction_before, norm),
            direction_after=present(comp.direction_after, norm),
        )


def _unit_before(norm: str, raw: _Raw, lex: LanguageLexicon, here: _Here, window: int) -> None:
    """A unit written before the number ($, ¥, 米ドル), and "$5m"-style scales after it."""
    comp = lex.compiled
    if raw.unit is not None:
        return  # a fraction is a percent already
    hit = _best_before(here.units_before, norm, raw.start, window)
    if hit is None or norm[hit[1] : raw.start].strip(" ").endswith((".", ",")):
        return
    unit, raw.lead = hit
    raw.unit, raw.family = unit.unit, unit.family
    if comp.currency_scale is not None and unit.family == "currency":
        scale_match = comp.currency_scale.match(norm, raw.end)
        if scale_match and not norm[raw.end : raw.end + 1].isspace():
            factor = lex.numbers.currency_scale_words[scale_match.group("scale")]
            raw.value *= factor
            raw.scale = max(raw.scale, factor)
            raw.end = raw.tail = scale_match.end()


def _per_reading(
    norm: str, raw: _Raw, unit: UnitPattern, comp: CompiledLexicon, window: int
) -> tuple[str, float] | None:
    """(canonical unit, factor) of a physical unit divided by a denominator written before its
    number (kg당 350Wh, 1キロ当たり350ワット時 = 350 Wh/kg), or None."""
    if unit.pint is None or not comp.per_before:
        return None
    before = norm[max(0, raw.lead - 2 * window) : raw.lead]
    for per, pattern in present(comp.per_before, before):
        if pattern.search(before):
            return reference(f"({unit.pint}) / ({per})")
    return None


def _after(
    norm: str, raw: _Raw, here: _Here, window: int, comp: CompiledLexicon | None = None
) -> None:
    """Qualifiers right after the number (25万超の, 25만여), then the unit, then qualifiers
    after the unit."""
    after_number = _best_after(here.qualifiers_after, norm, raw.end)
    pos = raw.end
    if after_number is not None:
        raw.qualifier, raw.qual_start, raw.qual_end = after_number[0], raw.end, after_number[1]
        pos = after_number[1]
    if raw.unit is None:
        hit_after = _best_after(here.units_after, norm, pos)
        if hit_after is None and norm.startswith("-", pos) and norm[pos + 1 : pos + 2].isalpha():
            hit_after = _best_after(here.units_after, norm, pos + 1)  # a 4.5-hectare site
        if hit_after is not None:
            unit, unit_end = hit_after
            raw.unit, raw.family, pos = unit.unit, unit.family, unit_end
            if comp is not None:
                raw.reading = _per_reading(norm, raw, unit, comp, window)
    raw.tail = max(raw.tail, pos)
    if raw.qualifier is None:
        after_unit = _best_after(here.qualifiers_after, norm, raw.tail)
        if after_unit is not None and after_unit[1] - raw.tail <= window:
            raw.qualifier, raw.qual_start, raw.qual_end = after_unit[0], raw.tail, after_unit[1]


def _before(norm: str, raw: _Raw, comp: CompiledLexicon, here: _Here, window: int) -> None:
    """A qualifier before the number (unless it is durative: "over two years"), and a sign."""
    if raw.qualifier is None:
        hit_q = _best_before(here.qualifiers_before, norm, raw.lead, window)
        if hit_q is not None:
            words = norm[hit_q[1] : raw.lead].strip()
            ahead = norm[max(0, hit_q[1] - window) : hit_q[1]]
            durative = any(
                before.fullmatch(words) and after.match(norm, raw.end) and not unless.search(ahead)
                for before, after, unless in comp.qualifier_exceptions
            )
            if not durative:
                raw.qualifier, raw.qual_start, raw.qual_end = hit_q[0], hit_q[1], raw.lead
                # nested: "up to about 75", 最大で約75社, 최대 약 75곳 (the outer one first)
                # ("estimated at more than $4 billion": an estimate of a bound is the bound)
                outer = _best_before(here.qualifiers_before, norm, hit_q[1], window)
                if outer is not None and outer[0] not in (hit_q[0], "about"):
                    raw.qualifier, raw.qual_start = f"{outer[0]} {hit_q[0]}", outer[1]
    negative = comp.negative_prefix.search(norm[max(0, raw.lead - window) : raw.lead])
    if negative:
        raw.value = -raw.value
        sign_start = max(0, raw.lead - window) + negative.start()
        raw.lead = sign_start + len(negative.group()) - len(negative.group().lstrip())


def _attach_units_and_qualifiers(
    norm: str, raws: list[_Raw], lex: LanguageLexicon, here: _Here, window: int
) -> list[_Raw]:
    comp = lex.compiled
    kept: list[_Raw] = []
    for raw in raws:
        _unit_before(norm, raw, lex, here, window)
        _after(norm, raw, here, window, comp)
        if raw.qual_start is not None and comp.qualifier_references.search(
            norm[max(0, raw.lead - window) : raw.lead]
        ):
            raw.qualifier = raw.qual_start = raw.qual_end = None  # 基準の10人を超えた
        if raw.unit is None and raw.needs_unit:
            continue
        if raw.unit is None and raw.end == raw.tail and comp.ignore_after.match(norm, raw.end):
            continue  # 5G, 1st, 3D
        if comp.ignore_after_unit.match(norm, raw.tail):
            continue  # 1機関あたり, 10만 명당 (what a rate is counted per), 2년 후 (a time)
        _before(norm, raw, comp, here, window)
        kept.append(raw)
    return kept


def _comparisons(norm: str, raws: list[_Raw], comp: CompiledLexicon) -> None:
    """A verb of comparison after another figure of the same unit that it makes true (44%로
    39%를 웃돌았다, 44%と39%を上回った, 44% exceeded 39%): it relates the two figures, so the
    compared one is exact, not "more than"."""
    for i, raw in enumerate(raws):
        if raw.qualifier is None or raw.qual_start is None or raw.qual_end is None:
            continue
        outer = raw.qualifier.split()[0]
        if outer not in ("more_than", "less_than"):
            continue
        if not comp.qualifier_comparisons.search(norm[raw.qual_start : raw.qual_end]):
            continue
        prior = [p for p in raws[:i] if p.unit is not None and p.unit == raw.unit]
        if not prior or prior[-1].qualifier is not None:
            continue
        if (prior[-1].value > raw.value) == (outer == "more_than"):
            raw.qualifier = raw.qual_start = raw.qual_end = None


def _start_of(raw: _Raw) -> int:
    """Where a number's span starts, a qualifier written before it included (約3500億円)."""
    return raw.qual_start if raw.qual_start is not None and raw.qual_start < raw.lead else raw.lead


def _is_change(
    norm: str, low: _Raw, high: _Raw, between: str, comp: CompiledLexicon, window: int
) -> bool:
    """ "from 2.50% to 2.75%", 2800億円から3500億円に増やす, 36만 대에서 48만 대로 늘린다: a change,
    not a range."""
    if not comp.change_connector.fullmatch(between):
        return False
    before = norm[max(0, _start_of(low) - window) : _start_of(low)]
    return bool(comp.change_prefix.search(before) or comp.change_suffix.match(norm, high.tail))


def _range_of(low: _Raw, high: _Raw) -> _Raw | None:
    """The two numbers as one range (3~5万人, 3% to 5%), or None when they cannot be one."""
    low_value = low.value
    if low.scale < high.scale and low_value * high.scale <= high.value:
        low_value *= high.scale  # 3~5万: the 万 of the upper end scales the lower one
    if low_value >= high.value:
        return None
    start_q = low.qual_start if low.qual_start is not None and low.qual_start < low.lead else None
    return _Raw(
        value=low_value,
        high=high.value,
        scale=high.scale,
        start=low.start,
        end=high.end,
        lead=low.lead,
        tail=high.tail,
        unit=high.unit or low.unit,
        family=high.family or low.family,
        qualifier=(low.qualifier if start_q is not None else None) or high.qualifier,
        qual_start=start_q if start_q is not None else high.qual_start,
        qual_end=high.qual_end if start_q is None else low.qual_end,
    )


def _plain_ranges(norm: str, raws: list[_Raw], comp: CompiledLexicon) -> list[_Raw]:
    """Ranges written with a connector that never joins a change (74~76%, 3-5万): one
    range first, so a change may end in one (71.2%에서 74~76%로, from 71.2% to 74-76%)."""
    out: list[_Raw] = []
    for raw in raws:
        if out:
            low = out[-1]
            between = norm[low.tail : _start_of(raw)]
            plain = comp.range_connector.fullmatch(between) and not comp.change_connector.fullmatch(
                between
            )
            if (
                plain
                and low.high is None
                and low.qualifier is None
                and (low.unit is None or low.unit == raw.unit)
                and raw.value > 0
            ):
                joined = _range_of(low, raw)
                if joined is not None:
                    out[-1] = joined
                    continue
        out.append(raw)
    return out


def _merge_ranges(
    norm: str, raws: list[_Raw], lex: LanguageLexicon, here: _Here, window: int
) -> list[_Raw]:
    """Pairs of numbers joined by a range connector: one range, or the two ends of a change."""
    comp = lex.compiled
    raws = _plain_ranges(norm, raws, comp)
    merged: list[_Raw] = []
    i = 0
    while i < len(raws):
        low = raws[i]
        if i + 1 < len(raws):
            high = raws[i + 1]
            low_end = (
                low.tail
                if low.qual_end is None or low.qual_end <= low.start
                else min(low.tail, low.qual_start or low.tail)
            )
            between = norm[low_end : _start_of(high)]
            connector = comp.range_connector.fullmatch(between)
            between_and = re.fullmatch(r"\s*and\s*", between) and comp.range_prefix.search(
                norm[max(0, low.lead - window) : low.lead]
            )
            # the unit is written once at the end (3~5万人) or on both ends (3% to 5%)
            same_unit = low.unit is None or low.unit == high.unit
            # "rose 3% to 5.2%" (the change, then the level), not "rose from 3% to 5.2%"
            moved = (
                connector
                and not comp.change_prefix.search(
                    norm[max(0, _start_of(low) - window) : _start_of(low)]
                )
                and any(
                    p.search(norm[max(0, _start_of(low) - window) : _start_of(low)])
                    for _, p in here.direction_before
                )
            )
            if moved and re.fullmatch(r"\s*to\s*", between):
                high.role = "to"  # "rose 3% to 5.2%": the change, then the level it reached
                merged.append(low)
                i += 1
                continue
            reverse = comp.reverse_change_connector.fullmatch(between) and (
                comp.reverse_change_prefix.search(
                    norm[max(0, _start_of(low) - window) : _start_of(low)]
                )
            )
            if reverse and (high.unit is None or high.unit == low.unit):
                low.role, high.role = "to", "from"  # "to 1.1% from 0.9%"
                if high.unit is None:
                    high.unit, high.family = low.unit, low.family
                merged.extend((low, high))
                i += 2
                continue
            ranged = comp.range_prefix.search(
                norm[max(0, _start_of(low) - window) : _start_of(low)]
            )
            if same_unit and not ranged and _is_change(norm, low, high, between, comp, window):
                low.role, high.role = "from", "to"
                if low.unit is None:
                    low.unit, low.family = high.unit, high.family
                merged.extend((low, high))
                i += 2
                continue
            joined = (
                _range_of(low, high)
                if (connector or between_and) and same_unit and high.value > 0
                else None
            )
            if joined is not None:
                merged.append(joined)
                i += 2
                continue
        merged.append(low)
        i += 1
    return merged


def _directions(norm: str, raws: list[_Raw], here: _Here, window: int) -> None:
    """The direction each quantity moves in, from the words around it (none between it and
    another number); a negative value is a fall (-1.5% = down 1.5%)."""
    for i, raw in enumerate(raws):
        floor = raws[i - 1].tail if i else 0
        before = norm[max(floor, _start_of(raw) - window) : _start_of(raw)]
        hit = next((d for d, p in here.direction_before if p.search(before)), None)
        if hit is None:
            hit = next((d for d, p in here.direction_after if p.match(norm, raw.tail)), None)
        if raw.value < 0 and raw.high is None:
            raw.value, hit = -raw.value, "down"
        raw.direction = hit
    for first, second in itertools.pairwise(raws):
        if (first.role, second.role) == ("from", "to"):
            _change_direction(first, second)
        elif (first.role, second.role) == ("to", "from"):  # "to 1.1% from 0.9%"
            _change_direction(second, first)


def _change_direction(old: _Raw, new: _Raw) -> None:
    """Both ends of a change move one way: the way a word says (on either end), else the way
    the values go (from 12.0% to 14.5% is a rise)."""
    said = old.direction or new.direction
    if said is None and new.value != old.value:
        said = "up" if new.value > old.value else "down"
    old.direction = new.direction = said


def _latin_words(norm: str, stop: set[str]) -> list[tuple[int, int, str]]:
    """The Latin-script words of a statement as context words: (start, end, word), once."""
    words = []
    for match in _LATIN_TOKEN.finditer(norm):
        word = match.group().lower().rstrip(".")
        if word.endswith("s") and len(word) > 3 and not word.endswith("ss"):
            word = word[:-1]
        if len(word) > 1 and word not in stop:
            words.append((match.start(), match.end(), word))
    return words


def _context(
    words: list[tuple[int, int, str]], start: int, end: int, window: int
) -> frozenset[str]:
    return frozenset(
        word
        for w_start, w_end, word in words
        if start - window < w_end <= start or end <= w_start < end + window
    )


_CONTEXT_STOP = {
    "the", "of", "a", "an", "to", "in", "and", "or", "for", "on", "at", "by", "with", "its", "their",
    "more", "than", "about", "up", "as", "from", "over", "under", "some", "new", "that", "this",
    "will", "would", "is", "are", "was", "were", "has", "have", "had", "be", "been", "it", "s",
}  # fmt: skip


def extract_quantities(
    text: str,
    lex: LanguageLexicon,
    window: int,
    context_window: int,
    dates: tuple[DateExpr, ...] = (),
) -> tuple[Quantity, ...]:
    """Quantities in text, in order; numbers inside dates are not quantities."""
    norm, index = normalize(text)
    blocked = [norm_span(index, d.start, d.end) for d in dates]
    raws = _raw_numbers(norm, lex, blocked, window)
    if not raws:
        return ()
    here = _Here.of(norm, lex.compiled)
    raws = _attach_units_and_qualifiers(norm, raws, lex, here, window)
    _comparisons(norm, raws, lex.compiled)
    raws = _merge_ranges(norm, raws, lex, here, window)
    _directions(norm, raws, here, window + 8)
    quantities = []
    words = _latin_words(norm, _CONTEXT_STOP)
    for raw in raws:
        span_start = min(raw.lead, raw.qual_start if raw.qual_start is not None else raw.lead)
        span_end = max(raw.tail, raw.qual_end if raw.qual_end is not None else raw.tail)
        o_start, o_end, surface = orig_span(text, index, span_start, span_end)
        # values in the unit's canonical unit: 3.2 GW -> 3.2e9 W, 7割 -> 70 percent
        unit, factor = raw.reading or lex.compiled.unit_reading.get(raw.unit or "", (raw.unit, 1.0))
        quantities.append(
            Quantity(
                value=_tidy(raw.value * factor),
                high=None if raw.high is None else _tidy(raw.high * factor),
                qualifier=raw.qualifier,
                unit=unit,
                family=raw.family,
                text=surface.strip(),
                start=o_start,
                end=o_end,
                context=_context(words, span_start, span_end, context_window),
                role=raw.role,
                direction=raw.direction,
                written=_tidy(raw.value),
            )
        )
    return tuple(quantities)


def _tidy(value: float) -> float:
    """4.1 * 1e9 -> 4100000000.0, not 4099999999.9999995."""
    return float(f"{value:.12g}")


def format_number(value: float) -> str:
    """Canonical text of a value: 250000, 4100000000, 2.5."""
    if abs(value - round(value)) < 1e-9:
        return str(round(value))
    return f"{value:.6g}"
