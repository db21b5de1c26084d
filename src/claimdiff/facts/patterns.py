"""Regular expressions compiled once from a language's lexicons.

Hand-written on purpose: no maintained library reads numerals across Korean, Japanese and
English together (mixed forms such as 5億2000万, 1만 5천, 二十五万 or "a quarter million") *and*
keeps the qualifier and counter around them, which is the whole point of these checks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from claimdiff.facts.prefilter import LiteralIndex

if TYPE_CHECKING:
    from claimdiff.facts.schema import (
        AttributionLexicon,
        DatesLexicon,
        ModalityLexicon,
        NamesLexicon,
        NegationLexicon,
        NumbersLexicon,
        QualifiersLexicon,
        UnitsLexicon,
    )

ARABIC = r"\d+(?:,\d{3})*(?:\.\d+)?"


def _alt(patterns: list[str] | tuple[str, ...]) -> str:
    """Alternation of patterns, longest first (Python's regex alternation is first-match)."""
    return "|".join(f"(?:{p})" for p in sorted(patterns, key=len, reverse=True))


def _chars(keys: list[str] | tuple[str, ...]) -> str:
    return "".join(re.escape(k) for k in keys)


def _hangul_with_final(final: int) -> str:
    """All Hangul syllables that end in one final consonant (jongseong index)."""
    return "".join(chr(0xAC00 + base + final) for base in range(0, 11172, 28))


# Korean verb endings fuse into the syllable (만든다, 짓는다, 늘렸다): <ㄴ> stands for every syllable
# ending in ㄴ, <ㅆ> for every syllable ending in ㅆ, so lexicon authors can write <ㄴ>다.
PLACEHOLDERS = {
    "<ㄴ>": f"[{_hangul_with_final(4)}]",
    "<ㄹ>": f"[{_hangul_with_final(8)}]",
    "<ㅆ>": f"[{_hangul_with_final(20)}]",
}


def expand_placeholders(pattern: str) -> str:
    """Replace the lexicon placeholders (<ㄴ>, <ㄹ>, <ㅆ>) by their character classes."""
    for key, value in PLACEHOLDERS.items():
        pattern = pattern.replace(key, value)
    return pattern


def _alias_pattern(surface: str) -> str:
    """Latin-script names match whole words only ("US" is not in "bus"); CJK names anywhere."""
    escaped = re.escape(surface)
    return rf"(?<![A-Za-z]){escaped}(?![A-Za-z])" if surface.isascii() else escaped


def _latin_form(token: str) -> str:
    """How a Latin-script token is compared with alias surfaces: "U.S." ~ "u.s", "Korean" ~ "korean"."""
    return token.lower().strip(".")


def _never() -> re.Pattern[str]:
    return re.compile(r"(?!x)x")  # never-matching: no prefilter needed


@dataclass(frozen=True)
class UnitPattern:
    """A unit compiled: the patterns before and after a number, and how its values are read."""

    unit: str
    family: str
    before: re.Pattern[str] | None  # matches at the end of the text before a number
    after: re.Pattern[str] | None  # matches at the start of the text after a number
    canonical: str = ""  # the unit values are compared in (W for megawatt, percent for 割)
    factor: float = 1.0  # value in the canonical unit = written value * factor
    pint: str | None = None  # its pint expression (a rate divides it: kg당 350Wh)


@dataclass(frozen=True)
class CompiledLexicon:
    """Compiled patterns of one language."""

    number: re.Pattern[str]
    word_number: re.Pattern[str] | None
    ignore_before: re.Pattern[str]
    ignore_after: re.Pattern[str]
    ignore_phrases: re.Pattern[str]
    ignore_after_unit: re.Pattern[str]
    negative_prefix: re.Pattern[str]
    range_connector: re.Pattern[str]
    range_prefix: re.Pattern[str]
    change_connector: re.Pattern[str]
    change_prefix: re.Pattern[str]
    change_suffix: re.Pattern[str]
    reverse_change_connector: re.Pattern[str]
    reverse_change_prefix: re.Pattern[str]
    direction_before: tuple[tuple[str, re.Pattern[str]], ...]
    direction_after: tuple[tuple[str, re.Pattern[str]], ...]
    currency_scale: re.Pattern[str] | None
    qualifiers_before: tuple[tuple[str, re.Pattern[str]], ...]
    qualifiers_after: tuple[tuple[str, re.Pattern[str]], ...]
    # (qualifier words, what follows the number, what before the qualifier cancels it)
    qualifier_references: re.Pattern[str]
    qualifier_comparisons: re.Pattern[str]  # qualifiers.comparisons
    qualifier_exceptions: tuple[tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]], ...]
    units: tuple[UnitPattern, ...]
    units_before: tuple[tuple[UnitPattern, re.Pattern[str]], ...]  # (unit, pattern) with one
    units_after: tuple[tuple[UnitPattern, re.Pattern[str]], ...]
    unit_reading: dict[str, tuple[str, float]]  # lexicon unit -> (canonical unit, factor)
    modality: tuple[tuple[int, re.Pattern[str]], ...]
    reporting: re.Pattern[str]
    hedges: re.Pattern[str]
    modals: re.Pattern[str]
    negation: re.Pattern[str]
    negation_exclusions: re.Pattern[str]
    dates: tuple[tuple[int, re.Pattern[str]], ...]
    deadline_before: re.Pattern[str]
    deadline_after: re.Pattern[str]
    bounds_before: tuple[tuple[str, re.Pattern[str]], ...]  # (before/after, words before)
    bounds_after: tuple[tuple[str, re.Pattern[str]], ...]  # (before/after, words after)
    aliases: tuple[tuple[str, re.Pattern[str]], ...]
    latin_aliases: dict[str, str]  # "korean" -> "korea": a Latin token that is an alias surface
    quoted: tuple[re.Pattern[str], ...] = ()
    refuted: re.Pattern[str] | None = None
    present: tuple[re.Pattern[str], ...] = ()  # plain present predicates (modality.present)
    future: re.Pattern[str] | None = None  # a time ahead (modality.future)
    pending: re.Pattern[str] | None = None  # a state not reached yet (modality.pending)
    implicit_negation: re.Pattern[str] | None = None  # negation.implicit
    # ((percent or None, qualifier), pattern): fractions read as percents (numbers.fractions)
    fractions: tuple[tuple[tuple[float | None, str | None], re.Pattern[str]], ...] = ()
    # right after a figure: it states a difference from another (numbers.difference_after)
    difference: re.Pattern[str] | None = None
    # (unit, pattern with group ord): ordinals that count a run (numbers.series)
    series: tuple[tuple[UnitPattern, re.Pattern[str]], ...] = ()
    # (pint unit, pattern ending at the number): the denominator of a rate (numbers.per_before)
    per_before: tuple[tuple[str, re.Pattern[str]], ...] = ()


def _canonical(name: str, units: UnitsLexicon) -> tuple[str, float]:
    """The unit a lexicon unit's values are compared in, and the factor to it."""
    from claimdiff.facts.units import reference

    entry = units.units[name]
    if entry.pint is not None:
        canonical, factor = reference(entry.pint)
        return canonical, factor * entry.factor
    if entry.same_as is not None:
        base, factor = _canonical(entry.same_as, units)
        return base, factor * entry.factor
    return name, entry.factor


def compile_language(
    lang: str,
    numbers: NumbersLexicon,
    qualifiers: QualifiersLexicon,
    units: UnitsLexicon,
    modality: ModalityLexicon,
    negation: NegationLexicon,
    dates: DatesLexicon,
    names: NamesLexicon,
    attribution: AttributionLexicon,
) -> CompiledLexicon:
    """Build the regular expressions of one language from its validated lexicons."""
    from claimdiff.facts.lemmas import lemma_alternation, lemma_pattern
    from claimdiff.facts.schema import MODALITY_LEVELS

    # each lexicon pattern runs on every statement: one pass of the language's literal index
    # over a statement skips the patterns whose literals are not in it
    _compile = LiteralIndex().compile

    kd, ks, kb = (
        _chars(list(numbers.digits)),
        _chars(list(numbers.small_multipliers)),
        _chars(list(numbers.big_multipliers)),
    )
    unit_token = f"{ARABIC}|[{kd}]" if kd else ARABIC
    alternatives: list[str] = []
    if ks:
        small_section = rf"(?:(?:{unit_token})?[{ks}])+(?:{unit_token})?"
        section = rf"{small_section}|{ARABIC}" + (f"|[{kd}]+" if kd else "")
    else:
        small_section = ""
        section = ARABIC + (f"|[{kd}]+" if kd else "")
    if kb:
        # a later section after a space only when it clearly continues the number (1만 5천, 1万 5000)
        # (2만 8,000: a last section written with a thousands separator continues it too)
        tail = r"\d{3,4}(?![\d,.])|\d,\d{3}(?![\d,.])"
        spaced = rf"\s(?:{small_section}|{tail})" if small_section else rf"\s(?:{tail})"
        # before another multiplier any Arabic section continues it: 2조 3,500억 is one number
        spaced_big = rf"\s(?:{small_section}|{ARABIC})" if small_section else rf"\s{ARABIC}"
        alternatives.append(
            rf"(?:{section})[{kb}](?:(?:{section})[{kb}]|{spaced_big}[{kb}])*(?:{section}|{spaced})?"
        )
    alternatives.append(section)
    scale = ""
    if numbers.scale_words:
        scale = rf"(?:[\s-]?(?P<scale>(?i:{_alt([re.escape(w) for w in numbers.scale_words])}))(?![A-Za-z]))?"
    number = _compile(rf"(?P<num>{'|'.join(f'(?:{a})' for a in alternatives)}){scale}")

    word_number = None
    words = [*numbers.word_numbers, *numbers.fraction_words]
    if words:
        vocab = _alt([re.escape(w) for w in [*words, *numbers.scale_words] if w.isalpha()])
        word_number = _compile(
            rf"\b(?i:(?:(?:a|an)\s+)?(?:{vocab})(?:(?:[\s-]+|\s+and\s+(?:an?\s+)?|\s+an?\s+)(?:{vocab}))*)\b"
        )

    def ends(patterns: list[str]) -> re.Pattern[str]:
        return _compile(rf"(?:{_alt(patterns)})\s*$") if patterns else _never()

    def starts(patterns: list[str]) -> re.Pattern[str]:
        return _compile(rf"\s*(?:{_alt(patterns)})") if patterns else _never()

    def maybe(patterns: list[str], template: str, flags: int = 0) -> re.Pattern[str]:
        """The alternation of ``patterns`` placed in ``template``; never matches when empty."""
        return _compile(template.format(_alt(patterns)), flags) if patterns else _never()

    def each_before(classes: dict, tail: str, flags: int) -> tuple:
        """(name, pattern ending at the number) of each class with words before numbers."""
        return tuple(
            (name, _compile(rf"(?:{_alt(p.before)}){tail}", flags))
            for name, p in classes.items()
            if p.before
        )

    def each_after(classes: dict, flags: int) -> tuple:
        """(name, pattern at the start of the text after a number) of each class."""
        return tuple(
            (name, _compile(rf"\s*(?:{_alt(p.after)})", flags))
            for name, p in classes.items()
            if p.after
        )

    unit_patterns = tuple(
        UnitPattern(
            unit=name,
            family=entry.family,
            before=ends(entry.before) if entry.before else None,
            after=starts(entry.after) if entry.after else None,
            canonical=_canonical(name, units)[0],
            factor=_canonical(name, units)[1],
            pint=entry.pint,
        )
        for name, entry in units.units.items()
    )
    unit_by_name = {u.unit: u for u in unit_patterns}
    # an ordinal word (fifth) or figure (5th), where a series pattern writes <ord>
    ordinal = rf"(?P<ord>{_alt([re.escape(w) for w in numbers.ordinals])}|\d{{1,2}}(?:st|nd|rd|th))"
    if not numbers.ordinals:
        ordinal = r"(?P<ord>\d{1,2}(?:st|nd|rd|th))"
    level_index = {name: i + 1 for i, name in enumerate(MODALITY_LEVELS)}
    modality_patterns = (
        tuple(
            (level_index[level], _compile(expand_placeholders(pattern)))
            for level, patterns in modality.levels.items()
            for pattern in patterns
        )
        + tuple(
            (level_index[level], _compile(lemma_pattern(lemma, lang), re.IGNORECASE))
            for level, lemmas in modality.lemmas.items()
            for lemma in lemmas
        )
        + tuple(
            (level_index["possibility"], _compile(expand_placeholders(p))) for p in modality.hedges
        )
    )
    return CompiledLexicon(
        number=number,
        word_number=word_number,
        # directly before the number, no space between (H100, 第3), unlike the other look-behinds
        ignore_before=maybe(numbers.ignore_before, "(?:{})$"),
        ignore_after=maybe(numbers.ignore_after, "(?:{})"),
        ignore_phrases=maybe(numbers.ignore_phrases, "{}"),
        ignore_after_unit=maybe(numbers.ignore_after_unit, "(?:{})"),
        negative_prefix=ends(numbers.negative_prefixes),
        range_connector=maybe(numbers.range_connectors, r"\s*(?:{})\s*"),
        range_prefix=maybe(numbers.range_prefixes, r"(?:{})\s*$", re.IGNORECASE),
        change_connector=maybe(numbers.change_connectors, r"\s*(?:{})\s*"),
        change_prefix=maybe(numbers.change_prefixes, r"(?:{})\s*$", re.IGNORECASE),
        change_suffix=maybe(numbers.change_suffixes, r"\s*(?:{})"),
        reverse_change_connector=maybe(numbers.reverse_change_connectors, r"\s*(?:{})\s*"),
        reverse_change_prefix=maybe(numbers.reverse_change_prefixes, r"(?:{})\s*$", re.IGNORECASE),
        direction_before=each_before(numbers.direction, r"(?:\s+[\w-]+){0,2}?\s*$", re.IGNORECASE),
        direction_after=each_after(numbers.direction, re.IGNORECASE),
        currency_scale=_compile(
            rf"(?P<scale>{_alt([re.escape(w) for w in numbers.currency_scale_words])})\b"
        )
        if numbers.currency_scale_words
        else None,
        # "About 50,000", "Nearly 10,000": qualifiers open sentences too
        qualifiers_before=each_before(
            qualifiers.classes,
            rf"\s*(?:(?:{_alt(qualifiers.gap)})\s*)?$" if qualifiers.gap else r"\s*$",
            re.IGNORECASE,
        ),
        qualifiers_after=each_after(qualifiers.classes, re.IGNORECASE),
        qualifier_references=ends(qualifiers.references),
        qualifier_comparisons=maybe(qualifiers.comparisons, "{}", re.IGNORECASE),
        qualifier_exceptions=tuple(
            (
                _compile(e.before),
                _compile(e.after),
                _compile(rf"(?:{e.unless})\s*$") if e.unless else _never(),
            )
            for e in qualifiers.exceptions
        ),
        units=unit_patterns,
        units_before=tuple((u, u.before) for u in unit_patterns if u.before is not None),
        units_after=tuple((u, u.after) for u in unit_patterns if u.after is not None),
        unit_reading={u.unit: (u.canonical, u.factor) for u in unit_patterns},
        modality=modality_patterns,
        hedges=_compile(expand_placeholders(_alt(modality.hedges)), re.IGNORECASE)
        if modality.hedges
        else _never(),
        modals=_compile(_alt(modality.modals), re.IGNORECASE) if modality.modals else _never(),
        reporting=_compile(expand_placeholders(_alt(modality.reporting)), re.IGNORECASE)
        if modality.reporting
        else _never(),
        negation=_compile(
            _alt(
                [*negation.markers, lemma_alternation(negation.lemmas, lang)]
                if negation.lemmas
                else negation.markers
            ),
            re.IGNORECASE,
        )
        if negation.markers or negation.lemmas
        else _never(),
        negation_exclusions=_compile(_alt(negation.exclusions), re.IGNORECASE)
        if negation.exclusions
        else _never(),
        present=tuple(_compile(expand_placeholders(p)) for p in modality.present),
        future=_compile(_alt(modality.future), re.IGNORECASE) if modality.future else None,
        pending=_compile(_alt(modality.pending), re.IGNORECASE) if modality.pending else None,
        fractions=tuple(
            ((f.percent, f.qualifier), _compile(f.regex, re.IGNORECASE)) for f in numbers.fractions
        ),
        difference=maybe(numbers.difference_after, r"\s*(?:{})", re.IGNORECASE)
        if numbers.difference_after
        else None,
        series=tuple(
            (unit_by_name[p.unit], _compile(p.regex.replace("<ord>", ordinal), re.IGNORECASE))
            for p in numbers.series
            if p.unit in unit_by_name
        ),
        per_before=tuple(
            (unit, _compile(rf"(?:{_alt(patterns)})\s*$"))
            for unit, patterns in numbers.per_before.items()
        ),
        implicit_negation=_compile(_alt(negation.implicit), re.IGNORECASE)
        if negation.implicit
        else None,
        dates=tuple((i, _compile(p.regex)) for i, p in enumerate(dates.patterns)),
        deadline_before=ends(dates.deadline_before),
        deadline_after=starts(dates.deadline_after),
        # "after the year 2000": an article and "year" may stand between the bound and the date
        bounds_before=each_before(dates.bounds, r"\s+(?:the\s+)?(?:year\s+)?$", re.IGNORECASE),
        bounds_after=each_after(dates.bounds, re.IGNORECASE),
        aliases=tuple(
            (key, _compile(_alt([_alias_pattern(s) for s in surfaces]), re.IGNORECASE))
            for key, surfaces in names.aliases.items()
            if surfaces
        ),
        quoted=tuple(_compile(p) for p in attribution.quoted),
        refuted=_compile(_alt(attribution.refuted), re.IGNORECASE) if attribution.refuted else None,
        latin_aliases={
            _latin_form(surface): key.lower()
            for key, surfaces in names.aliases.items()
            for surface in surfaces
            if surface.isascii()
        },
    )
