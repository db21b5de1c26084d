"""Dates: a changed date, or a deadline the original never gave."""

from __future__ import annotations

from claimdiff.checks.kinds import label
from claimdiff.checks.registry import CheckContext, register
from claimdiff.facts.dates import APPROX, MONTH_THIRDS
from claimdiff.facts.extract import DateExpr, Facts
from claimdiff.records import CheckResult

# a report dated a day apart from an original in another time zone (English and Korean or
# Japanese) is usually the time-zone difference, not an error; Korea and Japan share one
_DAY_SLACK = 1
# the fields that order two times, coarsest first
_ORDER = ("year", "month", "day", "hour", "minute")


def _side(d: DateExpr) -> str | None:
    """The side an open bound leaves open ("after" / "before"); None for a date, exact or
    approximate."""
    return d.bound if d.bound != APPROX else None


def _within_bound(a: DateExpr, b: DateExpr) -> bool | None:
    """Whether two dates can name the same time when one is an open bound (since 1913 and in
    1987; after 2000 and by 2001; before 8:00 and 6:45); None when neither is a bound or they
    share no ordered field. Two bounds the same way compare as their dates (from the 22nd is
    not from the 23rd)."""
    a_open, b_open = _side(a), _side(b)
    if (a_open is None and b_open is None) or a_open == b_open:
        return None
    fa, fb = a.fields(), b.fields()
    keys = [k for k in _ORDER if k in fa and k in fb]
    if not keys:
        return None
    ka = tuple(fa[k] for k in keys)
    kb = tuple(fb[k] for k in keys)
    if a_open is not None and b_open is not None:  # one before, one after: do they overlap?
        after, before = (ka, kb) if a_open == "after" else (kb, ka)
        return after <= before  # type: ignore[operator]
    side, point, bounded = (a_open, kb, ka) if a_open is not None else (b_open, ka, kb)
    return point >= bounded if side == "after" else point <= bounded  # type: ignore[operator]


# early / mid / late in a month read as days: a span that holds any day or days inside it
# (early November ~ November 3-4), unlike a written range of days, whose ends must agree
_THIRDS = frozenset(MONTH_THIRDS.values())
# the last value of a span written as a range (2026〜2030年, 1~10월, June 3-4)
_SPAN_ENDS = {"year": "year_end", "month": "month_end", "day": "day_end"}


def _field_agrees(key: str, fa: dict[str, object], fb: dict[str, object], slack: int) -> bool:
    """One field of two dates: equal; a range's ends equal; or one value inside the other's
    range (the week through November 16 ~ 11月10〜16日)."""
    give = slack if key == "day" else 0
    end_key = _SPAN_ENDS.get(key)
    a_lo, b_lo = int(fa[key]), int(fb[key])  # type: ignore[call-overload]
    if end_key is None:
        return abs(a_lo - b_lo) <= give if key == "day" else fa[key] == fb[key]
    a_hi = int(fa.get(end_key, a_lo))  # type: ignore[call-overload]
    b_hi = int(fb.get(end_key, b_lo))  # type: ignore[call-overload]
    vague = key == "day" and bool({(a_lo, a_hi), (b_lo, b_hi)} & _THIRDS)
    if (end_key in fa) == (end_key in fb) and not vague:
        return abs(a_lo - b_lo) <= give and abs(a_hi - b_hi) <= give
    return (a_lo - give <= b_lo and b_hi <= a_hi + give) or (
        b_lo - give <= a_lo and a_hi <= b_hi + give
    )


def _date_agree(a: DateExpr, b: DateExpr, slack: int = 0) -> bool:
    bounded = _within_bound(a, b)
    if bounded is not None:
        return bounded
    fa, fb = a.fields(), b.fields()
    shared = [k for k in fa if k in fb and k != "end" and k not in _SPAN_ENDS.values()]
    if not shared:
        return False
    return all(_field_agrees(key, fa, fb, slack) for key in shared)


def _date_conflict(a: DateExpr, b: DateExpr, slack: int = 0) -> bool:
    fa, fb = a.fields(), b.fields()
    shared = [k for k in fa if k in fb and k != "end" and k not in _SPAN_ENDS.values()]
    if not shared:
        # "next week" vs "next month", "last month" vs "last year": both step away from now, in
        # different units, so they name different periods (except at a boundary)
        return (
            a.kind == b.kind == "relative"
            and a.unit != b.unit
            and bool(a.offset)
            and bool(b.offset)
        )
    return not _date_agree(a, b, slack)


def _compare_times(
    original: tuple[DateExpr, ...], report: tuple[DateExpr, ...]
) -> list[tuple[str, DateExpr | None, DateExpr]]:
    """A time of day the original gives, reported as another (14:55 -> 15:55): date_changed.
    Times are compared only with times."""
    o_times = [d for d in original if d.kind == "time"]
    found: list[tuple[str, DateExpr | None, DateExpr]] = []
    for r in (d for d in report if d.kind == "time"):
        same = [
            o for o in o_times if (o.hour, o.minute) == (r.hour, r.minute) or _within_bound(o, r)
        ]
        # 7 p.m. vs 19:00 agree; "7:20" read without a.m./p.m. may be either half of the day
        twelve = [o for o in o_times if (o.hour % 12, o.minute) == (r.hour % 12, r.minute)]  # type: ignore[operator]
        if o_times and not same and not twelve:
            found.append(("date_changed", o_times[0], r))
    return found


def compare_dates(
    original: tuple[DateExpr, ...], report: tuple[DateExpr, ...], slack: int = 0
) -> list[tuple[str, DateExpr | None, DateExpr]]:
    """date_changed / deadline_added between the dates of two statements; ``slack``: days a
    date may move (a time-zone difference)."""
    found = _compare_times(original, report)
    o_dates = [d for d in original if d.kind != "time"]
    r_dates = [d for d in report if d.kind != "time"]
    for r in r_dates:
        agreeing = [o for o in o_dates if _date_agree(r, o, slack)]
        if agreeing:
            # "around 2045" -> "in 2045": the approximation dropped (or added)
            o = agreeing[0]
            if (o.bound == APPROX) != (r.bound == APPROX) and not any(
                (o2.bound == APPROX) == (r.bound == APPROX) for o2 in agreeing[1:]
            ):
                found.append(
                    ("qualifier_dropped" if o.bound == APPROX else "qualifier_added", o, r)
                )
            continue
        conflicting = [
            o
            for o in o_dates
            if _date_conflict(r, o, slack) and not any(_date_agree(o, r2, slack) for r2 in r_dates)
        ]
        if conflicting:
            found.append(("date_changed", conflicting[0], r))
        elif (
            r.deadline
            and not any(o.deadline for o in o_dates)
            and not any(_date_conflict(r, o, slack) for o in o_dates)
        ):
            found.append(("deadline_added", None, r))
    return found


# the time a plan is set for: a year, half, quarter or month ahead (not a day or an hour, which
# reports add as the day something was said, nor a past year)
_TIMEFRAME_KINDS = frozenset({"year", "fiscal_year", "year_end", "half", "quarter", "month"})
_UNSCHEDULED = frozenset({"accomplished"})


def _timeframe_added(report: Facts) -> list[DateExpr]:
    """The report's timeframe for a plan whose original gives no time at all ("plans to file
    in 2027" for an original with no date): deadline_added. Not for a report of an accomplished
    event (the year something happened is background, not a timeframe)."""
    if report.modality is not None and report.modality.name in _UNSCHEDULED:
        return []
    return [
        d
        for d in report.dates
        if (d.kind in _TIMEFRAME_KINDS and d.bound is None)
        or (d.kind == "relative" and (d.offset or 0) >= 0 and d.unit in ("year", "month"))
    ]


@register("dates")
def check_dates(original: Facts, report: Facts, ctx: CheckContext) -> list[CheckResult]:
    """date_changed and deadline_added."""
    zones = {original.lang, report.lang}
    slack = _DAY_SLACK if "en" in zones and len(zones) > 1 else 0
    results = []
    found = compare_dates(original.dates, report.dates, slack)
    if not original.dates and not found:
        found = [("deadline_added", None, d) for d in _timeframe_added(report)[:1]]
    for kind, od, rd in found:
        if kind in ("qualifier_dropped", "qualifier_added") and od is not None:
            reason = f'{label(kind)}: "{od.text}" -> "{rd.text}"'
            results.append(ctx.result(kind, reason, od.text, rd.text))
        elif kind == "date_changed" and od is not None:
            results.append(
                ctx.result(kind, f'date changed: "{od.text}" -> "{rd.text}"', od.text, rd.text)
            )
        else:
            results.append(ctx.result(kind, f'deadline added: (none) -> "{rd.text}"', "", rd.text))
    return results
