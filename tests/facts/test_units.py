"""Units that know their dimension (pint): conversions decide equality; counters name things."""

from __future__ import annotations

import pytest

from claimdiff.checks.apply import compare_statements
from claimdiff.facts import extract_facts
from claimdiff.facts.units import reference
from tests.facts.statements import st

# (text, lang, value in the canonical unit, canonical unit)
READINGS = [
    ("The farm will generate 3.2 GW.", "en", 3.2e9, "W"),
    ("The farm will generate 3,200 megawatts.", "en", 3.2e9, "W"),
    ("発電所の出力は4万キロワットになる。", "ja", 4e7, "W"),
    ("설비 용량은 1.5기가와트다.", "ko", 1.5e9, "W"),
    ("The battery stores 2,160 MWh.", "en", 2.16e9, "Wh"),
    ("蓄電池の容量は2.16ギガワット時だ。", "ja", 2.16e9, "Wh"),
    ("ESS 용량은 2,160MWh다.", "ko", 2.16e9, "Wh"),
    ("The tanker holds 174,000 cubic meters of gas.", "en", 174_000, "m**3"),
    ("約7割が賛成した。", "ja", 70, "percent"),
    ("총사업비는 2조 3,500억 원이다.", "ko", 2.35e12, "krw"),
    ("総事業費は1兆2000億ウォンだ。", "ja", 1.2e12, "krw"),
    ("The yard will build 12 ships.", "en", 12, "ship"),
    ("조선소는 12척을 건조한다.", "ko", 12, "ship"),
    ("住宅3万世帯に電力を送る。", "ja", 30_000, "household"),
]


@pytest.mark.parametrize(("text", "lang", "value", "unit"), READINGS)
def test_values_are_read_in_the_canonical_unit(text, lang, value, unit, lexicons) -> None:
    (quantity,) = extract_facts(text, lang, lexicons).quantities
    assert quantity.value == pytest.approx(value)
    assert quantity.unit == unit


@pytest.mark.parametrize(
    "text",
    [
        "The airline ordered A350-1000 and 777-300ER jets.",
        "Nvidia's H200 and HBM4 parts are in short supply.",
        "The army tested K9 howitzers and A321neo aircraft.",
    ],
)
def test_model_codes_are_not_quantities(text, lexicons) -> None:
    assert extract_facts(text, "en", lexicons).quantities == ()


@pytest.mark.parametrize(
    ("original", "report", "expected"),
    [
        # conversions decide equality
        (("The farm will generate 3.2 GW.", "en"), ("발전 용량은 3,200메가와트다.", "ko"), set()),
        (("出力は75万キロワットだ。", "ja"), ("The plant's output is 750 MW.", "en"), set()),
        (
            ("出力は75万キロワットだ。", "ja"),
            ("The plant's output is 570 MW.", "en"),
            {"quantity_mismatch"},
        ),
        # the same number in another dimension: power is not energy
        (
            ("The battery stores 2,160 MWh.", "en"),
            ("蓄電池の出力は2.16ギガワットだ。", "ja"),
            {"unit_mismatch"},
        ),
        # named counters must agree: 12 ships are not 15 households
        (("The yard will build 12 ships.", "en"), ("同社は住宅15世帯を建設する。", "ja"), set()),
        (
            ("The yard will build 12 ships.", "en"),
            ("造船所は15隻を建造する。", "ja"),
            {"quantity_mismatch"},
        ),
        (
            ("총사업비는 2조 3,500억 원이다.", "ko"),
            ("The project costs 2.35 trillion won.", "en"),
            set(),
        ),
        (("約7割が賛成した。", "ja"), ("약 70%가 찬성했다.", "ko"), set()),
    ],
)
def test_comparisons(original, report, expected, lexicons, facts_config) -> None:
    results = compare_statements(st(*original), st(*report, "report"), lexicons, facts_config)
    assert {r.kind for r in results} == expected


def test_reference_rejects_unknown_units() -> None:
    assert reference("megawatt") == ("W", 1e6)
    with pytest.raises(ValueError, match="flux_capacitor"):
        reference("flux_capacitor")
