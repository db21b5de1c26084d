"""Dates and time bounds: year, fiscal year, quarter, half, month, day, relative dates,
deadlines, times of day."""

from __future__ import annotations

import re

from claimdiff.facts.lexicons import LanguageLexicon
from claimdiff.facts.normalize import normalize, orig_span
from claimdiff.facts.prefilter import present
from claimdiff.facts.records import DateExpr

# the first word of a match, when the pattern reads a preposition with the date ("by March")
_LEADING_WORD = re.compile(r"[A-Za-z]+(?=\s)")
_QUARTER_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4}
# early / mid / late in a month (上旬 / 中旬 / 下旬, 초순 / 중순 / 하순, early / mid / late
# November; 末, 말, the end of): the thirds of the month as a range of days. A pattern names the
# third it reads with an empty group of that name: (?P<early>), (?P<mid>), (?P<late>).
# the bound of an approximate date: neither side of it, but not the date exactly either
APPROX = "about"
MONTH_THIRDS = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}


def _number(value: str, words: dict[str, int]) -> int | None:
    return int(value) if value.isdigit() else words.get(value.lower())


def _fields(groups: dict[str, str], lex: LanguageLexicon) -> dict[str, int | None]:
    """The date fields a match gives (named groups of the lexicon's patterns)."""
    months = {k.lower(): v for k, v in lex.dates.month_names.items()}
    halves = {k.lower(): v for k, v in lex.dates.half_words.items()}
    fields: dict[str, int | None] = {
        name: int(groups[name])
        for name in ("year", "month", "day", "day_end", "month_end", "year_end", "minute")
        if name in groups
    }
    if fields.get("year") is not None and fields["year"] < 100:  # type: ignore[operator]
        fields["year"] += 2000  # type: ignore[operator]  # 27年度, FY27: two-digit years
    span = _count({"n": groups.get("span", ""), **_word(groups)}, lex)
    if span is not None and fields.get("year") is not None:
        # a start year and a span (2027年から3年間): the span's last year
        fields["year_end"] = fields["year"] + span - 1  # type: ignore[operator]
    third = next((name for name in MONTH_THIRDS if name in groups), None)
    if third is not None and "day" not in groups:
        fields["day"], fields["day_end"] = MONTH_THIRDS[third]
    if "month_name" in groups:
        fields["month"] = months.get(groups["month_name"].lower().rstrip("."))
    if "month_end_name" in groups:
        fields["month_end"] = months.get(groups["month_end_name"].lower().rstrip("."))
    if "quarter" in groups:
        fields["quarter"] = _number(groups["quarter"], _QUARTER_WORDS)
    elif "month_end" in groups and fields.get("month") and fields["month_end"]:
        # 4〜6月期, 7~9월: a calendar quarter written as its months
        first, last = fields["month"], fields["month_end"]
        if last - first == 2 and last % 3 == 0:  # type: ignore[operator]
            fields["quarter"] = last // 3  # type: ignore[operator]
    if "half" in groups:
        fields["half"] = _number(groups["half"], halves)
    if "hour" in groups:
        hour = int(groups["hour"]) % 12 if "pm" in groups or "am" in groups else int(groups["hour"])
        fields["hour"] = hour + 12 if "pm" in groups else hour
        if "half_hour" in groups:
            fields["minute"] = 30
        fields.setdefault("minute", 0)
    return fields


def _word(groups: dict[str, str]) -> dict[str, str]:
    """A span written as a word (three years from 2027) in the form _count reads."""
    return {"n_word": groups["span_word"]} if "span_word" in groups else {}


def _count(groups: dict[str, str], lex: LanguageLexicon) -> int | None:
    """N of "within N years"."""
    if "n_word" in groups:
        words = {k.lower(): v for k, v in lex.numbers.word_numbers.items()}
        return int(words.get(groups["n_word"].lower(), 0)) or None
    if "n" in groups and groups["n"].isdigit():
        return int(groups["n"])
    return None


def _candidates(norm: str, lex: LanguageLexicon) -> list[tuple[int, int, int, re.Match[str]]]:
    """All pattern matches, longest first: "April 2027" wins over "in April"."""
    candidates = []
    for i, pattern in present(lex.compiled.dates, norm):
        for match in pattern.finditer(norm):
            if match.end() > match.start():
                candidates.append((match.start(), -(match.end() - match.start()), i, match))
    candidates.sort(key=lambda c: (c[1], c[0], c[2]))
    return candidates


def _bound(norm: str, start: int, end: int, lex: LanguageLexicon) -> str | None:
    """ "after" / "before" when bound words stand right before or after the date."""
    comp = lex.compiled
    before = norm[max(0, start - 24) : start]
    for name, pattern in comp.bounds_before:
        if pattern.search(before):
            return name
    for name, pattern in comp.bounds_after:
        if pattern.match(norm, end):
            return name
    return None


def extract_dates(text: str, lex: LanguageLexicon) -> tuple[DateExpr, ...]:
    """Dates and time bounds, longest first where patterns overlap; marks deadlines."""
    norm, index = normalize(text)
    comp = lex.compiled
    taken: list[tuple[int, int]] = []
    found: list[DateExpr] = []
    for start, _, i, match in _candidates(norm, lex):
        end = match.end()
        if any(not (end <= s or start >= e) for s, e in taken):
            continue
        spec = lex.dates.patterns[i]
        groups = {k: v for k, v in match.groupdict().items() if v is not None}
        fields = _fields(groups, lex)
        before = norm[max(0, start - 24) : start]
        after_deadline = comp.deadline_after.match(norm, end)
        before_match = comp.deadline_before.search(before)
        leading = _LEADING_WORD.match(match.group())
        # the pattern read its own preposition ("by March", "until June"): is it a deadline word?
        deadline_inside = (
            before_match is None
            and leading is not None
            and comp.deadline_before.search(norm[max(0, start - 24) : start + leading.end()])
            is not None
        )
        # まで / 까지 / until closing a span (1月から12月まで) ends the span, it sets no deadline
        # (a third of a month, 3月末まで, is a point in time that a deadline can name)
        span = any(key in fields for key in ("day_end", "month_end", "year_end")) and not any(
            name in groups for name in MONTH_THIRDS
        )
        deadline = (
            bool(before_match or (after_deadline and not span) or deadline_inside)
            or spec.kind == "within"
            or spec.deadline
        )
        span_end = after_deadline.end() if after_deadline else end
        # a pattern's empty (?P<approx>) group: the date is approximate (2045年ごろ, around 2045)
        bound = APPROX if "approx" in groups else _bound(norm, start, span_end, lex)
        o_start, o_end, _ = orig_span(text, index, start, end)
        _, _, quoted = orig_span(text, index, start, span_end)
        if before_match:
            _, _, lead = orig_span(text, index, max(0, start - 24) + before_match.start(), start)
            quoted = f"{lead}{quoted}"
        found.append(
            DateExpr(
                kind=spec.kind,
                text=quoted.strip(),
                start=o_start,
                end=o_end,
                offset=spec.offset,
                unit=spec.unit,
                n=_count(groups, lex) if spec.kind == "within" else None,
                deadline=deadline and spec.kind != "time",
                bound=bound if spec.kind not in ("relative", "within") else None,
                **fields,  # type: ignore[arg-type]
            )
        )
        taken.append((start, end))
    found.sort(key=lambda d: d.start)
    return tuple(found)
