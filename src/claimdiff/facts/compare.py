"""Compare the facts of an original statement and a report statement, each in its own language.

Severity (defaults in ``FactsConfig.severity``, overridable there):

- high: the report states something else — a changed value (quantity_mismatch), a changed unit
  or currency (unit_mismatch), a flipped negation, a goal or a plan reported as done or as a
  signed commitment (goal_reported_as_fact, commitment_inflated), a changed date.
- medium: the report keeps the number but changes how sure it is — a qualifier dropped, added
  or changed ("more than 250,000" -> "250,000"), or a deadline the original never gave.
- low: mt_number_changed — the machine translation changed a number; a fault of our English,
  not of the outlet, shown so a reviewer discounts the NLI verdict on that pair.

The checks are conservative on purpose: two quantities are only compared when they plausibly
count the same thing (same unit or counter family, shared nearby names such as "GPU", or the
only quantity of its kind on each side), so statements about different things stay quiet.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from claimdiff.config import FactsConfig
from claimdiff.facts.extract import DateExpr, Facts, Modality, Quantity, extract_facts_with
from claimdiff.facts.lexicons import Lexicons
from claimdiff.records import CheckResult, Statement

logger = logging.getLogger(__name__)

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
# Directions that say the same thing about a number ("nearly 50,000" ~ "up to 50,000").
_COMPATIBLE = {
    frozenset({"near", "approx"}),
    frozenset({"near", "upper"}),
    frozenset({"odd", "approx"}),
    frozenset({"odd", "lower"}),
}
_LOOSE = ("approx", "odd")  # adding or dropping these is rounding, not a change of claim
LEVEL_NAMES = {
    "possibility": "possibility",
    "plan": "plan or goal",
    "action": "announced action",
    "commitment": "commitment",
    "accomplished": "accomplished",
}
_DAY_SLACK = 1  # a report dated a day apart is usually a time-zone difference, not an error


@dataclass(frozen=True)
class _UnitRules:
    strict: frozenset[str]
    loose: frozenset[str]


def _unit_rules(lexicons: Lexicons, *langs: str) -> _UnitRules:
    strict: set[str] = set()
    loose: set[str] = set()
    for lang in langs:
        strict.update(lexicons[lang].units.strict_families)
        loose.update(lexicons[lang].units.loose_families)
    return _UnitRules(frozenset(strict), frozenset(loose))


def _rel_diff(a: float, b: float) -> float:
    scale = max(abs(a), abs(b))
    return abs(a - b) / scale if scale else 0.0


def _values_equal(o: Quantity, r: Quantity, tol: float) -> bool:
    if o.is_range != r.is_range:
        return False
    if o.is_range:
        return _rel_diff(o.value, r.value) <= tol and _rel_diff(o.high or 0, r.high or 0) <= tol
    return _rel_diff(o.value, r.value) <= tol


def _group(q: Quantity, rules: _UnitRules) -> str:
    """Quantities in the same group can count the same thing."""
    if q.family is None or q.family in rules.loose:
        return "loose"
    return f"{q.family}:{q.unit}"


def _comparable(o: Quantity, r: Quantity, rules: _UnitRules, allow_bare: bool) -> bool:
    if o.unit is not None and o.unit == r.unit:
        return True
    go, gr = _group(o, rules), _group(r, rules)
    if go == gr:
        return True
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


def _qualifier_verdict(o: Quantity, r: Quantity) -> str | None:
    """Kind for two quantities with equal values, or None when their qualifiers agree."""
    do, dr = DIRECTION[o.qualifier], DIRECTION[r.qualifier]
    if do == dr or frozenset({do, dr}) in _COMPATIBLE:
        return None
    if dr == "exact":
        return None if do in _LOOSE else "qualifier_dropped"
    if do == "exact":
        return None if dr in _LOOSE else "qualifier_added"
    return "qualifier_changed"


def _satisfies(value: float, bound: Quantity) -> bool:
    direction = DIRECTION[bound.qualifier]
    if direction == "lower":
        return value >= bound.value
    if direction in ("upper", "near"):
        return value <= bound.value
    return False


def _near_verdict(o: Quantity, r: Quantity) -> str | None:
    """Kind for two quantities within the approximate tolerance but not equal."""
    do, dr = DIRECTION[o.qualifier], DIRECTION[r.qualifier]
    if o.is_range or r.is_range:
        return "quantity_mismatch"
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
    if _rel_diff(single.value, rng.high or 0) <= tol:
        return None if DIRECTION[single.qualifier] in ("upper", "near") else "qualifier_changed"
    if _rel_diff(single.value, rng.value) <= tol:
        return None if DIRECTION[single.qualifier] == "lower" else "qualifier_changed"
    return None


def compare_quantities(
    original: tuple[Quantity, ...],
    report: tuple[Quantity, ...],
    rules: _UnitRules,
    config: FactsConfig,
    qualifiers: bool = True,
) -> list[tuple[str, Quantity | None, Quantity]]:
    """(kind, original quantity, report quantity) for every discrepancy between two lists."""
    found: list[tuple[str, Quantity | None, Quantity]] = []
    free_o = list(range(len(original)))
    free_r = list(range(len(report)))

    def take(i: int, j: int) -> None:
        free_o.remove(i)
        free_r.remove(j)

    def overlap(o: Quantity, r: Quantity) -> int:
        return len(o.context & r.context)

    # 1. equal values of compatible units: the same number, maybe with other qualifiers
    for i in list(free_o):
        o = original[i]
        candidates = [
            j
            for j in free_r
            if _values_equal(o, report[j], config.rounding_tolerance)
            and _comparable(o, report[j], rules, allow_bare=True)
        ]
        if candidates:
            j = max(candidates, key=lambda j: (report[j].unit == o.unit, overlap(o, report[j])))
            take(i, j)
            verdict = _qualifier_verdict(o, report[j]) if qualifiers else None
            if verdict:
                found.append((verdict, o, report[j]))
    # 2. equal values, different unit of the same family: 41억 달러 vs 41억 원, 5% vs 5%p
    for i in list(free_o):
        o = original[i]
        candidates = [
            j
            for j in free_r
            if _values_equal(o, report[j], config.rounding_tolerance)
            and _unit_conflict(o, report[j], rules)
        ]
        if candidates:
            take(i, candidates[0])
            found.append(("unit_mismatch", o, report[candidates[0]]))
    # 3. a range against one of its ends, and values close enough to be one number rounded
    for i in list(free_o):
        o = original[i]
        for j in list(free_r):
            r = report[j]
            if not _comparable(o, r, rules, allow_bare=False):
                continue
            if o.is_range != r.is_range:
                rng, single = (o, r) if o.is_range else (r, o)
                touches = min(
                    _rel_diff(single.value, rng.value), _rel_diff(single.value, rng.high or 0)
                )
                if touches <= config.rounding_tolerance:
                    take(i, j)
                    verdict = (
                        _range_verdict(o, r, config.rounding_tolerance) if qualifiers else None
                    )
                    if verdict:
                        found.append((verdict, o, r))
                    break
            elif _values_equal(o, r, config.approx_tolerance):
                take(i, j)
                verdict = _near_verdict(o, r)
                if verdict == "qualifier_changed" and not qualifiers:
                    verdict = None
                if verdict:
                    found.append((verdict, o, r))
                break
    # 4. what is left: a changed value, where the two plausibly count the same thing
    for i in list(free_o):
        o = original[i]
        candidates = [j for j in free_r if _comparable(o, report[j], rules, allow_bare=False)]
        if not candidates:
            continue
        by_context = [j for j in candidates if overlap(o, report[j])]
        group = _group(o, rules)
        alone_o = sum(1 for k in free_o if _group(original[k], rules) == group) == 1
        alone_r = [
            j
            for j in candidates
            if sum(1 for k in free_r if _group(report[k], rules) == _group(report[j], rules)) == 1
        ]
        if by_context:
            j = max(by_context, key=lambda j: overlap(o, report[j]))
        elif alone_o and len(candidates) == 1 and alone_r:
            j = candidates[0]
        else:
            continue
        take(i, j)
        found.append(("quantity_mismatch", o, report[j]))
    return found


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


def compare_dates(
    original: tuple[DateExpr, ...], report: tuple[DateExpr, ...]
) -> list[tuple[str, DateExpr | None, DateExpr]]:
    """date_changed / deadline_added between the dates of two statements."""
    o_dates = [d for d in original if d.kind != "time"]
    r_dates = [d for d in report if d.kind != "time"]
    found: list[tuple[str, DateExpr | None, DateExpr]] = []
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


def _commitment_verdict(
    original: Modality, report: Modality, config: FactsConfig
) -> tuple[str, str] | None:
    """(kind, severity) when the report sits higher on the commitment scale, else None.

    A rise into a binding level (config.commitment_binding_levels: agreed, signed, done) is
    flagged from one level up with the kind's severity. Below those, a one-level rise is how
    news English renders a plan ("plans to" -> "will"), so a rise must span
    config.commitment_min_jump levels, and its severity grows with the levels risen.
    """
    jump = report.level - original.level
    if jump <= 0:
        return None
    goal = original.name in ("possibility", "plan") and report.name == "accomplished"
    kind = "goal_reported_as_fact" if goal else "commitment_inflated"
    if report.name in config.commitment_binding_levels:
        return kind, config.severity.get(kind, "high")
    if jump < config.commitment_min_jump:
        return None
    return kind, config.commitment_jump_severity.get(jump, config.severity.get(kind, "high"))


def _english_negated(text: str | None, lexicons: Lexicons) -> bool | None:
    if not text:
        return None
    from claimdiff.facts.extract import extract_negations

    return bool(extract_negations(text, lexicons["en"]))


def _negates_shared_predicate(negated: Statement, other: Statement, lexicons: Lexicons) -> bool:
    """Whether what ``negated`` negates also appears in ``other``: "did not rise in October" vs
    "rose in October" is a flip; "didn't have all the information" vs "told him I needed more
    information" only leaves a clause out. Compared in the shared language, or in English when
    the languages differ; True (a flip cannot be ruled out) when there is no common text or
    nothing to read around the marker."""
    from claimdiff.facts.extract import content_terms, negation_scope_terms

    if negated.lang == other.lang:
        lang, negated_text, other_text = negated.lang, negated.text, other.text
    else:
        lang, negated_text, other_text = "en", negated.text_en, other.text_en
        if not negated_text or not other_text:
            return True
    scope = negation_scope_terms(negated_text, lexicons[lang])
    return not scope or bool(scope & content_terms(other_text, lexicons[lang]))


def _quote(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def compare_statements(
    original: Statement, report: Statement, lexicons: Lexicons, config: FactsConfig
) -> list[CheckResult]:
    """Deterministic checks of a report statement against an original statement.

    Works on each side's original-language text; uses ``text_en`` where present to confirm a
    negation flip and to catch numbers that machine translation changed (a translation fault).
    Returns one CheckResult per discrepancy, reasons quoting both sides' spans.
    """
    window, ctx = config.qualifier_window_chars, config.context_window_chars
    of = extract_facts_with(original.text, original.lang, lexicons, window, ctx)
    rf = extract_facts_with(report.text, report.lang, lexicons, window, ctx)
    rules = _unit_rules(lexicons, original.lang, report.lang)
    results: list[CheckResult] = []

    def add(
        kind: str,
        reason: str,
        o_span: str,
        r_span: str,
        fault: str = "outlet",
        severity: str | None = None,
    ) -> None:
        result = CheckResult(
            kind=kind,
            severity=severity or config.severity.get(kind, "medium"),  # type: ignore[arg-type]
            reason=reason,
            original_span=o_span,
            report_span=r_span,
            fault=fault,  # type: ignore[arg-type]
        )
        if result not in results:
            results.append(result)

    labels = {
        "quantity_mismatch": "value changed",
        "unit_mismatch": "unit changed",
        "qualifier_dropped": "qualifier dropped",
        "qualifier_added": "qualifier added",
        "qualifier_changed": "qualifier changed",
    }
    for kind, o, r in compare_quantities(of.quantities, rf.quantities, rules, config):
        o_text = o.text if o is not None else ""
        add(kind, f'{labels[kind]}: "{o_text}" -> "{r.text}"', o_text, r.text)

    # negation: the original-language markers decide; the English of both sides, where there is
    # one, must agree that the polarity differs (a translation can drop a negation)
    flipped = False
    if of.negated != rf.negated:
        o_en, r_en = (
            _english_negated(original.text_en, lexicons),
            _english_negated(report.text_en, lexicons),
        )
        flipped = (o_en is None or r_en is None or o_en != r_en) and _negates_shared_predicate(
            *((original, report) if of.negated else (report, original)), lexicons
        )
        if flipped:
            o_span = (
                of.negations[0]
                if of.negated
                else (of.modality.text if of.modality else _quote(original.text))
            )
            r_span = (
                rf.negations[0]
                if rf.negated
                else (rf.modality.text if rf.modality else _quote(report.text))
            )
            o_pol, r_pol = ("negated", "affirmed") if of.negated else ("affirmed", "negated")
            add(
                "negation_flipped",
                f'negation flipped: "{o_span}" ({o_pol}) -> "{r_span}" ({r_pol})',
                o_span,
                r_span,
            )

    om, rm = of.modality, rf.modality
    inflation = None if flipped or om is None or rm is None else _commitment_verdict(om, rm, config)
    if inflation is not None and om is not None and rm is not None:
        kind, severity = inflation
        label = (
            "goal reported as fact" if kind == "goal_reported_as_fact" else "commitment inflated"
        )
        add(
            kind,
            f'{label}: "{om.text}" ({LEVEL_NAMES[om.name]}) -> "{rm.text}" ({LEVEL_NAMES[rm.name]})',
            om.text,
            rm.text,
            severity=severity,
        )

    for kind, od, rd in compare_dates(of.dates, rf.dates):
        if kind == "date_changed" and od is not None:
            add(kind, f'date changed: "{od.text}" -> "{rd.text}"', od.text, rd.text)
        else:
            add(kind, f'deadline added: (none) -> "{rd.text}"', "", rd.text)

    # machine translation: the English must carry the same numbers as its own source sentence
    for role, statement, facts in (("original", original, of), ("report", report, rf)):
        if statement.lang == "en" or not statement.text_en or statement.text_en == statement.text:
            continue
        en = extract_facts_with(statement.text_en, "en", lexicons, window, ctx)
        en_rules = _unit_rules(lexicons, statement.lang, "en")
        for kind, src, tgt in compare_quantities(
            facts.quantities, en.quantities, en_rules, config, qualifiers=False
        ):
            if kind in ("quantity_mismatch", "unit_mismatch") and src is not None:
                add(
                    "mt_number_changed",
                    f'translation changed a number ({role}): "{src.text}" -> "{tgt.text}"',
                    src.text if role == "original" else "",
                    src.text if role == "report" else "",
                    fault="translation",
                )
    logger.debug(
        "%s vs %s: %d check results", original.statement_id, report.statement_id, len(results)
    )
    return results


def facts_of(statement: Statement, lexicons: Lexicons, config: FactsConfig) -> Facts:
    """The facts of one statement in its own language (for the store and the review UI)."""
    return extract_facts_with(
        statement.text,
        statement.lang,
        lexicons,
        config.qualifier_window_chars,
        config.context_window_chars,
    )
