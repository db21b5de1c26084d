"""Extract facts from one statement in its own language: quantities, modality, negation, dates.

Everything runs on an NFKC-normalised copy of the text (full-width ２５万 -> 25万, ～ -> ~) and
maps spans back to the original characters, so reasons quote what the outlet actually wrote.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from claimdiff.facts.lexicons import MODALITY_LEVELS, LanguageLexicon, Lexicons, NegationScope
from claimdiff.facts.patterns import CompiledLexicon

_LATIN_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9&'’.-]*[A-Za-z0-9]|[A-Za-z]")
_ACRONYM = re.compile(r"[A-Z][A-Z0-9&]+s?$")
_PLAIN_NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")


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

    @property
    def is_range(self) -> bool:
        """Whether the quantity is a range (low to high)."""
        return self.high is not None


@dataclass(frozen=True, slots=True)
class Modality:
    """Where a statement sits on the commitment scale, and the words that put it there."""

    level: int  # 1 possibility .. 5 accomplished
    name: str
    text: str


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
    offset: int | None = None  # relative dates (next year = +1)
    unit: str = "year"
    n: int | None = None  # "within N years"
    deadline: bool = False

    def fields(self) -> dict[str, object]:
        """The comparable fields that the text gives."""
        names = ("year", "month", "day", "quarter", "half")
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
    scope_terms: frozenset[str] = frozenset()
    terms: frozenset[str] = frozenset()
    en: Facts | None = None

    @property
    def negated(self) -> bool:
        """Whether any negation marker was found."""
        return bool(self.negations)

    @property
    def english(self) -> Facts | None:
        """The facts in English: these for an English statement, else the translation's."""
        return self if self.lang == "en" else self.en


# --- normalisation ------------------------------------------------------------------------------


def normalize(text: str) -> tuple[str, list[int]]:
    """NFKC per character, with a map from each normalised index to its original index."""
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        norm = unicodedata.normalize("NFKC", ch)
        out.append(norm)
        index.extend([i] * len(norm))
    index.append(len(text))
    return "".join(out), index


def _orig_span(text: str, index: list[int], start: int, end: int) -> tuple[int, int, str]:
    o_start = index[start]
    o_end = index[end - 1] + 1 if end > start else o_start
    return o_start, o_end, text[o_start:o_end]


# --- numbers ------------------------------------------------------------------------------------


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
    table = {k.lower(): v for k, v in lex.numbers.word_numbers.items()}
    fractions = {k.lower(): v for k, v in lex.numbers.fraction_words.items()}
    scales = {k.lower(): v for k, v in lex.numbers.scale_words.items()}
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


def _raw_numbers(
    norm: str, lex: LanguageLexicon, blocked: list[tuple[int, int]], window: int
) -> list[_Raw]:
    comp: CompiledLexicon = lex.compiled
    found: list[_Raw] = []
    taken: list[tuple[int, int]] = list(blocked)

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    for match in comp.number.finditer(norm):
        start, end = match.span()
        number = match.group("num")
        if not free(start, end):
            continue
        if comp.ignore_before.search(norm[max(0, start - window) : start]):
            continue
        if start > 0 and (norm[start - 1].isdigit() or norm[start - 1] in ".,"):
            continue
        if (
            start > 0
            and norm[start - 1].isascii()
            and norm[start - 1].isalpha()
            and re.fullmatch(r"\d{1,4}", number)
            and not match.groupdict().get("scale")
        ):
            continue  # glued to Latin letters: a model name (PS5, iPhone15, RTX4090), not an amount
        value, scale = _cjk_value(number, lex)
        has_digit = any(ch.isdigit() for ch in number)
        has_big = any(ch in lex.numbers.big_multipliers for ch in number)
        scale_word = match.groupdict().get("scale")
        if scale_word:
            factor = {k.lower(): v for k, v in lex.numbers.scale_words.items()}[scale_word.lower()]
            value *= factor
            scale = max(scale, factor)
        raw = _Raw(value=value, scale=scale, start=start, end=end, lead=start, tail=end)
        raw.needs_unit = not has_digit and not has_big
        if not has_digit and not any(ch in lex.numbers.digits for ch in number) and not has_big:
            continue  # a bare 千 / 천 is not a number here
        found.append(raw)
        taken.append((start, end))

    if comp.word_number is not None:
        for match in comp.word_number.finditer(norm):
            start, end = match.span()
            if not free(start, end):
                continue
            phrase = match.group()
            ignored = any(
                m.start() <= start < m.end() or start <= m.start() < end
                for m in comp.ignore_phrases.finditer(
                    norm, max(0, start - window), min(len(norm), end + window)
                )
            )
            if ignored:
                continue
            value = _word_value(phrase, lex)
            if value is None:
                continue
            raw = _Raw(value=value, scale=1.0, start=start, end=end, lead=start, tail=end)
            found.append(raw)
            taken.append((start, end))
    found.sort(key=lambda r: r.start)
    return found


def _attach_units_and_qualifiers(
    norm: str, raws: list[_Raw], lex: LanguageLexicon, window: int
) -> list[_Raw]:
    comp = lex.compiled
    before_units = tuple((u, u.before) for u in comp.units if u.before is not None)
    after_units = tuple((u, u.after) for u in comp.units if u.after is not None)
    kept: list[_Raw] = []
    for raw in raws:
        # a unit written before the number ($, ¥, 米ドル)
        hit = _best_before(before_units, norm, raw.start, window)
        if hit is not None and not norm[hit[1] : raw.start].strip(" ").endswith((".", ",")):
            unit, raw.lead = hit
            raw.unit, raw.family = unit.unit, unit.family
            if comp.currency_scale is not None and unit.family == "currency":
                scale_match = comp.currency_scale.match(norm, raw.end)
                if scale_match and not norm[raw.end : raw.end + 1].isspace():
                    factor = {k: v for k, v in lex.numbers.currency_scale_words.items()}[
                        scale_match.group("scale")
                    ]
                    raw.value *= factor
                    raw.scale = max(raw.scale, factor)
                    raw.end = raw.tail = scale_match.end()
        # qualifiers right after the number (25万超の, 25만여), then the unit, then qualifiers after it
        after_number = _best_after(comp.qualifiers_after, norm, raw.end)
        pos = raw.end
        if after_number is not None:
            raw.qualifier, raw.qual_start, raw.qual_end = after_number[0], raw.end, after_number[1]
            pos = after_number[1]
        if raw.unit is None:
            hit_after = _best_after(after_units, norm, pos)
            if hit_after is not None:
                unit, unit_end = hit_after
                raw.unit, raw.family, pos = unit.unit, unit.family, unit_end
        raw.tail = max(raw.tail, pos)
        if raw.qualifier is None:
            after_unit = _best_after(comp.qualifiers_after, norm, raw.tail)
            if after_unit is not None and after_unit[1] - raw.tail <= window:
                raw.qualifier, raw.qual_start, raw.qual_end = after_unit[0], raw.tail, after_unit[1]
        if raw.unit is None and raw.needs_unit:
            continue
        if raw.unit is None and raw.end == raw.tail and comp.ignore_after.match(norm, raw.end):
            continue  # 5G, 1st, 3D
        if raw.qualifier is None:
            hit_q = _best_before(comp.qualifiers_before, norm, raw.lead, window)
            if hit_q is not None:
                words = norm[hit_q[1] : raw.lead].strip()
                durative = any(
                    before.fullmatch(words) and after.match(norm, raw.end)
                    for before, after in comp.qualifier_exceptions
                )
                if not durative:
                    raw.qualifier, raw.qual_start = hit_q[0], hit_q[1]
                    raw.qual_end = raw.lead
        negative = comp.negative_prefix.search(norm[max(0, raw.lead - window) : raw.lead])
        if negative:
            raw.value = -raw.value
            sign_start = max(0, raw.lead - window) + negative.start()
            raw.lead = sign_start + len(negative.group()) - len(negative.group().lstrip())
        kept.append(raw)
    return kept


def _merge_ranges(norm: str, raws: list[_Raw], lex: LanguageLexicon, window: int) -> list[_Raw]:
    comp = lex.compiled
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
            between = norm[low_end : high.lead]
            connector = comp.range_connector.fullmatch(between)
            between_and = re.fullmatch(r"\s*and\s*", between) and comp.range_prefix.search(
                norm[max(0, low.lead - window) : low.lead]
            )
            # the unit is written once at the end (3~5万人) or on both ends (3% to 5%)
            same_unit = low.unit is None or low.unit == high.unit
            if (connector or between_and) and same_unit and high.value > 0:
                low_value = low.value
                if low.scale < high.scale and low_value * high.scale <= high.value:
                    low_value *= high.scale  # 3~5万: the 万 of the upper end scales the lower one
                if low_value < high.value:
                    start_q = (
                        low.qual_start
                        if low.qual_start is not None and low.qual_start < low.lead
                        else None
                    )
                    merged.append(
                        _Raw(
                            value=low_value,
                            high=high.value,
                            scale=high.scale,
                            start=low.start,
                            end=high.end,
                            lead=low.lead,
                            tail=high.tail,
                            unit=high.unit or low.unit,
                            family=high.family or low.family,
                            qualifier=(low.qualifier if start_q is not None else None)
                            or high.qualifier,
                            qual_start=start_q if start_q is not None else high.qual_start,
                            qual_end=high.qual_end if start_q is None else low.qual_end,
                        )
                    )
                    i += 2
                    continue
        merged.append(low)
        i += 1
    return merged


def _context(norm: str, start: int, end: int, window: int, stop: set[str]) -> frozenset[str]:
    words: set[str] = set()
    for match in _LATIN_TOKEN.finditer(norm):
        near = start - window < match.end() <= start or end <= match.start() < end + window
        if near:
            word = match.group().lower().rstrip(".")
            if word.endswith("s") and len(word) > 3 and not word.endswith("ss"):
                word = word[:-1]
            if len(word) > 1 and word not in stop:
                words.add(word)
    return frozenset(words)


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
    blocked = [_norm_span(index, d.start, d.end) for d in dates]
    raws = _raw_numbers(norm, lex, blocked, window)
    raws = _attach_units_and_qualifiers(norm, raws, lex, window)
    raws = _merge_ranges(norm, raws, lex, window)
    quantities = []
    for raw in raws:
        span_start = min(raw.lead, raw.qual_start if raw.qual_start is not None else raw.lead)
        span_end = max(raw.tail, raw.qual_end if raw.qual_end is not None else raw.tail)
        o_start, o_end, surface = _orig_span(text, index, span_start, span_end)
        quantities.append(
            Quantity(
                value=_tidy(raw.value),
                high=None if raw.high is None else _tidy(raw.high),
                qualifier=raw.qualifier,
                unit=raw.unit,
                family=raw.family,
                text=surface.strip(),
                start=o_start,
                end=o_end,
                context=_context(norm, span_start, span_end, context_window, _CONTEXT_STOP),
            )
        )
    return tuple(quantities)


def _tidy(value: float) -> float:
    """4.1 * 1e9 -> 4100000000.0, not 4099999999.9999995."""
    return float(f"{value:.12g}")


def _norm_span(index: list[int], start: int, end: int) -> tuple[int, int]:
    """Original [start, end) -> normalised [start, end)."""
    n_start = next((i for i, o in enumerate(index) if o >= start), len(index) - 1)
    n_end = next((i for i, o in enumerate(index) if o >= end), len(index) - 1)
    return n_start, n_end


# --- dates --------------------------------------------------------------------------------------


def extract_dates(text: str, lex: LanguageLexicon) -> tuple[DateExpr, ...]:
    """Dates and time bounds, longest first where patterns overlap; marks deadlines."""
    norm, index = normalize(text)
    comp = lex.compiled
    words = {k.lower(): v for k, v in lex.numbers.word_numbers.items()}
    months = {k.lower(): v for k, v in lex.dates.month_names.items()}
    candidates = []
    for i, pattern in comp.dates:
        spec = lex.dates.patterns[i]
        for match in pattern.finditer(norm):
            if match.end() > match.start():
                candidates.append((match.start(), -(match.end() - match.start()), i, match))
    # longest first: "April 2027" wins over "in April", "2026年3月" over "2026年"
    candidates.sort(key=lambda c: (c[1], c[0], c[2]))
    taken: list[tuple[int, int]] = []
    found: list[DateExpr] = []
    for start, _, i, match in candidates:
        end = match.end()
        if any(not (end <= s or start >= e) for s, e in taken):
            continue
        spec = lex.dates.patterns[i]
        groups = {k: v for k, v in match.groupdict().items() if v is not None}
        fields: dict[str, int | None] = {}
        if "year" in groups:
            fields["year"] = int(groups["year"])
        if "month" in groups:
            fields["month"] = int(groups["month"])
        if "month_name" in groups:
            fields["month"] = months.get(groups["month_name"].lower().rstrip("."))
        if "day" in groups:
            fields["day"] = int(groups["day"])
        if "quarter" in groups:
            q = groups["quarter"]
            fields["quarter"] = (
                int(q)
                if q.isdigit()
                else {"first": 1, "second": 2, "third": 3, "fourth": 4}.get(q.lower())
            )
        if "half" in groups:
            h = groups["half"]
            fields["half"] = (
                int(h)
                if h.isdigit()
                else {k.lower(): v for k, v in lex.dates.half_words.items()}.get(h.lower())
            )
        n = None
        if "n_word" in groups:
            n = int(words.get(groups["n_word"].lower(), 0)) or None
        elif "n" in groups and groups["n"].isdigit():
            n = int(groups["n"])
        before = norm[max(0, start - 24) : start]
        after_deadline = comp.deadline_after.match(norm, end)
        deadline = bool(comp.deadline_before.search(before) or after_deadline)
        if spec.kind == "within" or spec.deadline:
            deadline = True
        span_end = after_deadline.end() if after_deadline else end
        o_start, o_end, _ = _orig_span(text, index, start, end)
        _, _, quoted = _orig_span(text, index, start, span_end)
        before_match = comp.deadline_before.search(before)
        if before_match:
            _, _, lead = _orig_span(text, index, max(0, start - 24) + before_match.start(), start)
            quoted = f"{lead}{quoted}"
        found.append(
            DateExpr(
                kind=spec.kind,
                text=quoted.strip(),
                start=o_start,
                end=o_end,
                year=fields.get("year"),
                month=fields.get("month"),
                day=fields.get("day"),
                quarter=fields.get("quarter"),
                half=fields.get("half"),
                offset=spec.offset,
                unit=spec.unit,
                n=n if spec.kind in ("within",) else None,
                deadline=deadline and spec.kind != "time",
            )
        )
        taken.append((start, end))
    found.sort(key=lambda d: d.start)
    return tuple(found)


# --- modality and negation ----------------------------------------------------------------------


def extract_modality(text: str, lex: LanguageLexicon) -> Modality | None:
    """The statement's level on the commitment scale, decided by its main predicate.

    Attribution verbs (lexicon ``reporting``: said, 밝혔다, と述べた) are masked first: in "X한다고
    밝혔다" or "Xすると発表した" the level is X's, not the attribution's. The main predicate is the
    first marker (English) or the last (Japanese, Korean). Markers overlapping it belong to the
    same predicate, and of those the lowest level wins: 예상한다고 is an expectation (예상) inside
    a generic verb ending (한다고), 추진한다 a plan, 検討する a possibility.
    """
    norm, index = normalize(text)
    masked = lex.compiled.reporting.sub(lambda m: "\0" * len(m.group()), norm)
    hits = []
    for level, pattern in lex.compiled.modality:
        for match in pattern.finditer(masked):
            if match.end() > match.start():
                hits.append((level, match.start(), match.end()))
    if not hits:
        return None
    if lex.modality.predicate_position == "first":
        anchor = min(hits, key=lambda h: (h[1], -(h[2] - h[1])))
    else:
        anchor = max(hits, key=lambda h: (h[2], h[2] - h[1]))
    same_predicate = [h for h in hits if h[1] < anchor[2] and h[2] > anchor[1]]
    level, start, end = min(same_predicate, key=lambda h: (h[0], -(h[2] - h[1])))
    _, _, surface = _orig_span(text, index, start, end)
    return Modality(level=level, name=MODALITY_LEVELS[level - 1], text=surface.strip())


def extract_negations(text: str, lex: LanguageLexicon) -> tuple[str, ...]:
    """Negation markers as written, ignoring look-alikes listed as exclusions (少ない, not only)."""
    norm, index = normalize(text)
    masked = lex.compiled.negation_exclusions.sub(lambda m: "\0" * len(m.group()), norm)
    markers = []
    for match in lex.compiled.negation.finditer(masked):
        if match.end() > match.start():
            # quote the marker with a little of its clause: "no plans to", "建設しない"
            start, end = max(0, match.start() - 8), min(len(norm), match.end() + 10)
            if lex.modality.predicate_position == "first":
                left = norm[start : match.start()].split(" ")
                right = norm[match.end() : end].split(" ")
                start = match.start() - len(left[-1]) if len(left) > 1 else start
                end = match.end() + len(
                    " ".join(right[: min(3, len(right) - 1)] if len(right) > 1 else right)
                )
            else:
                start, end = max(0, match.start() - 6), min(len(norm), match.end() + 2)
            _, _, surface = _orig_span(text, index, start, end)
            markers.append(surface.strip(" 、。,."))
    return tuple(markers)


# Content characters of Korean and Japanese: Hangul syllables, kanji, katakana. Hiragana is left
# out: in Japanese it is mostly endings and particles (しない, がいる).
_CONTENT_CHARS = re.compile(r"[\uac00-\ud7a3\u3400-\u9fff\uf900-\ufaff\u30a1-\u30faー]{2,}")
_WORD = re.compile(r"\w+")
# a negation's scope ends at the clause: "The bank, which did not comment, raised its rate"
_CLAUSE_END = re.compile(r"[,;:.!?、。，；：！？]")


@functools.lru_cache(maxsize=8)
def _stemmer(name: str) -> Any:
    import snowballstemmer

    return snowballstemmer.stemmer(name)


def _words(text: str, scope: NegationScope) -> list[str]:
    stop = set(scope.stopwords)
    words = [
        scope.lemmas.get(w, w)
        for w in _WORD.findall(text.lower())
        if w not in stop and not w.isdigit()
    ]
    return _stemmer(scope.stemmer).stemWords(words) if scope.stemmer else words


def _char_terms(text: str, scope: NegationScope) -> set[str]:
    stop = set(scope.stopwords)
    return {
        run[i : i + 2]
        for run in _CONTENT_CHARS.findall(text)
        for i in range(len(run) - 1)
        if run[i : i + 2] not in stop
    }


def negation_scope_terms(text: str, lex: LanguageLexicon) -> frozenset[str]:
    """What each negation marker negates, as comparable terms: the content words (stemmed) or
    character bigrams around it, per the language's ``negation.scope``. "didn't visit the
    family" gives {visit, famili}; "공급하지 않는다" gives {공급, 급하}; "建設しない" {建設}."""
    scope = lex.negation.scope
    norm, _ = normalize(text)
    masked = lex.compiled.negation_exclusions.sub(lambda m: "\0" * len(m.group()), norm)
    terms: set[str] = set()
    for match in lex.compiled.negation.finditer(masked):
        if match.end() == match.start():
            continue
        left = _CLAUSE_END.split(norm[: match.start()])[-1]
        right = _CLAUSE_END.split(norm[match.end() :])[0]
        if scope.unit == "words":
            before = _words(left, scope)
            terms.update(before[max(0, len(before) - scope.before) :] if scope.before else ())
            terms.update(_words(right, scope)[: scope.after])
        else:
            window = left[max(0, len(left) - scope.before) :] + " " + right[: scope.after]
            terms |= _char_terms(window, scope)
    return frozenset(terms)


def content_terms(text: str, lex: LanguageLexicon) -> frozenset[str]:
    """All terms of a text in the units of ``negation_scope_terms``."""
    scope = lex.negation.scope
    norm, _ = normalize(text)
    if scope.unit == "words":
        return frozenset(_words(norm, scope))
    return frozenset(_char_terms(norm, scope))


def extract_facts_with(
    text: str,
    lang: str,
    lexicons: Lexicons,
    window: int,
    context_window: int,
    text_en: str | None = None,
) -> Facts:
    """Facts of one statement; the windows (in characters) come from FactsConfig. With
    ``text_en`` (its English translation), the English facts are computed too."""
    lex = lexicons[lang]
    dates = extract_dates(text, lex)
    en = None
    if lang != "en" and text_en and text_en != text:
        en = extract_facts_with(text_en, "en", lexicons, window, context_window)
    return Facts(
        lang=lang,
        quantities=extract_quantities(text, lex, window, context_window, dates),
        modality=extract_modality(text, lex),
        negations=extract_negations(text, lex),
        dates=dates,
        text=text,
        scope_terms=negation_scope_terms(text, lex),
        terms=content_terms(text, lex),
        en=en,
    )


# --- keys for cross-lingual pairing -------------------------------------------------------------


def format_number(value: float) -> str:
    """Canonical text of a value: 250000, 4100000000, 2.5."""
    if abs(value - round(value)) < 1e-9:
        return str(round(value))
    return f"{value:.6g}"


def name_keys(
    text: str, lex: LanguageLexicon, number_starts: frozenset[int] = frozenset()
) -> set[str]:
    """Latin-script names and acronyms (lower-cased), plus aliases written in other scripts.

    Names in the names lexicon give their key in every script and form: 韓国, 한국, Korea and
    the adjective Korean all give "korea". ``number_starts`` are the original-text offsets where
    quantities start: a Latin token runs up to them, so "GPU25万枚" gives "gpu", not "gpu25".
    """
    norm, index = normalize(text)
    keys: set[str] = set()
    stop = set(lex.names.stopwords)
    for key, pattern in lex.compiled.aliases:
        if pattern.search(norm):
            keys.add(key.lower())
    for match in _LATIN_TOKEN.finditer(norm):
        cut = next(
            (i for i in range(match.start() + 1, match.end()) if index[i] in number_starts),
            match.end(),
        )
        token = re.sub(r"['’]s$", "", norm[match.start() : cut]).strip(".'’-")
        if len(token) < 2 or token in stop:
            continue
        if lex.lang == "en":
            # English: names are capitalised mid-sentence, acronyms anywhere
            sentence_start = match.start() == 0 or norm[: match.start()].rstrip().endswith(
                (".", "!", "?", '"', "“")
            )
            if not (_ACRONYM.match(token) or (token[0].isupper() and not sentence_start)):
                continue
        alias = lex.compiled.latin_aliases.get(token.lower().strip("."))
        if alias is not None:
            keys.add(alias)
            continue
        word = token.lower()
        if _ACRONYM.match(token) and token.endswith("s") and len(token) > 2:
            word = word[:-1]  # GPUs -> gpu
        keys.add(word)
    return keys
