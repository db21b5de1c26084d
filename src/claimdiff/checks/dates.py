"""Dates: a changed date, or a deadline the original never gave."""

from __future__ import annotations

from claimdiff.checks.registry import CheckContext, register
from claimdiff.facts.extract import DateExpr, Facts
from claimdiff.records import CheckResult

_DAY_SLACK = 1  # a report dated a day apart is usually a time-zone difference, not an error


def _date_agree(a: DateExpr, b: DateExpr) -> bool:
    fa, fb = a.fields(), b.fields()
    shared = [k for k in fa if k in fb and k != "end"]
    if not shared:
        return False
    for key in shared:
        if key == "day":
            if abs(int(fa[key]) - int(fb[key])) > _DAY_SLACK:  # type: ignore[call-overload]
                return False
        elif fa[key] != fb[key]:
            return False
    return True


def _date_conflict(a: DateExpr, b: DateExpr) -> bool:
    fa, fb = a.fields(), b.fields()
    shared = [k for k in fa if k in fb and k != "end"]
    if not shared:
        # "next week" vs "next month", "last month" vs "last year": both step away from now, in
        # different units, so they name different periods (except at a boundary)
        return (
            a.kind == b.kind == "relative"
            and a.unit != b.unit
            and bool(a.offset)
            and bool(b.offset)
        )
    return not _date_agree(a, b)


def _compare_times(
    original: tuple[DateExpr, ...], report: tuple[DateExpr, ...]
) -> list[tuple[str, DateExpr | None, DateExpr]]:
    """A time of day the original gives, reported as another (14:55 -> 15:55): date_changed.
    Times are compared only with times."""
    o_times = [d for d in original if d.kind == "time"]
    found: list[tuple[str, DateExpr | None, DateExpr]] = []
    for r in (d for d in report if d.kind == "time"):
        same = [o for o in o_times if (o.hour, o.minute) == (r.hour, r.minute)]
        # 7 p.m. vs 19:00 agree; "7:20" read without a.m./p.m. may be either half of the day
        twelve = [o for o in o_times if (o.hour % 12, o.minute) == (r.hour % 12, r.minute)]  # type: ignore[operator]
        if o_times and not same and not twelve:
            found.append(("date_changed", o_times[0], r))
    return found


def compare_dates(
    original: tuple[DateExpr, ...], report: tuple[DateExpr, ...]
) -> list[tuple[str, DateExpr | None, DateExpr]]:
    """date_changed / deadline_added between the dates of two statements."""
    found = _compare_times(original, report)
    o_dates = [d for d in original if d.kind != "time"]
    r_dates = [d for d in report if d.kind != "time"]
    for r in r_dates:
        if any(_date_agree(r, o) for o in o_dates):
            continue
        conflicting = [
            o
            for o in o_dates
            if _date_conflict(r, o) and not any(_date_agree(o, r2) for r2 in r_dates)
        ]
        if conflicting:
            found.append(("date_changed", conflicting[0], r))
        elif (
            r.deadline
            and not any(o.deadline for o in o_dates)
            and not any(_date_conflict(r, o) for o in o_dates)
        ):
            found.append(("deadline_added", None, r))
    return found


@register("dates")
def check_dates(original: Facts, report: Facts, ctx: CheckContext) -> list[CheckResult]:
    """date_changed and deadline_added."""
    results = []
    for kind, od, rd in compare_dates(original.dates, report.dates):
        if kind == "date_changed" and od is not None:
            results.append(
                ctx.result(kind, f'date changed: "{od.text}" -> "{rd.text}"', od.text, rd.text)
            )
        else:
            results.append(ctx.result(kind, f'deadline added: (none) -> "{rd.text}"', "", rd.text))
    return results
