"""compare_statements: kinds, severities, faults and quoted spans, across languages."""

from __future__ import annotations

import pytest

from claimdiff.checks.apply import compare_statements
from claimdiff.facts import extract_facts
from tests.facts.statements import st

NVIDIA = (
    "Nvidia will deploy more than 250,000 GPUs across Korea's sovereign clouds and AI factories."
)


def kinds(original, report, lexicons, config) -> set[str]:
    return {r.kind for r in compare_statements(original, report, lexicons, config)}


def test_demo_korean_supply_statement_is_flagged_with_quoted_spans(lexicons, facts_config) -> None:
    report = st("엔비디아는 한국에 GPU 25만 장을 공급하기로 합의했다.", "ko", "report")
    results = {
        r.kind: r for r in compare_statements(st(NVIDIA, "en"), report, lexicons, facts_config)
    }
    assert set(results) == {"commitment_inflated", "qualifier_dropped"}
    assert (
        results["qualifier_dropped"].reason == 'qualifier dropped: "more than 250,000" -> "25만 장"'
    )
    assert results["commitment_inflated"].reason == (
        'commitment inflated: "will deploy" (announced action) -> "공급하기로 합의" (commitment)'
    )
    assert results["commitment_inflated"].severity == "high"
    assert results["qualifier_dropped"].severity == "medium"
    assert all(r.fault == "outlet" for r in results.values())


def test_demo_faithful_japanese_report_is_not_flagged(lexicons, facts_config) -> None:
    report = st(
        "エヌビディアは韓国のソブリンクラウドとAIファクトリーに25万枚を超えるGPUを導入する。",
        "ja",
        "report",
    )
    assert compare_statements(st(NVIDIA, "en"), report, lexicons, facts_config) == []


@pytest.mark.parametrize(
    ("original", "report", "expected"),
    [
        # rounding tolerance and approximate qualifiers
        (("About 50,000 people attended.", "en"), ("4万9800人が参加した。", "ja"), set()),
        (("Around 50,000 people attended.", "en"), ("약 4만7천 명이 참석했다.", "ko"), set()),
        (("The firm hired 49,800 people.", "en"), ("同社は約5万人を採用した。", "ja"), set()),
        # bounds
        (
            ("More than 250,000 GPUs will be installed.", "en"),
            ("最大26万枚のGPUを設置する。", "ja"),
            {"qualifier_changed"},
        ),
        (("At least 12 people died.", "en"), ("12명 이상이 숨졌다.", "ko"), set()),
        (("Over 100 people were hurt.", "en"), ("100人以上が負傷した。", "ja"), set()),
        (("100 people were hurt.", "en"), ("100人以上が負傷した。", "ja"), {"qualifier_added"}),
        # scale and currency awareness
        (("It will invest $4.1 billion.", "en"), ("41억 달러를 투자한다.", "ko"), set()),
        (("It will invest $4.1 billion.", "en"), ("41億ドルを投資する。", "ja"), set()),
        (("It will invest $4.1 billion.", "en"), ("41億円を投資する。", "ja"), {"unit_mismatch"}),
        (
            ("It will invest $4.1 billion.", "en"),
            ("4億1000万ドルを投資する。", "ja"),
            {"quantity_mismatch"},
        ),
        # a percentage point read as a percent misstates the change: quantity_mismatch
        (
            ("Rates rose 0.5 percentage point.", "en"),
            ("금리가 0.5% 올랐다.", "ko"),
            {"quantity_mismatch"},
        ),
        # ranges
        (
            ("Between 30,000 and 50,000 fans are expected.", "en"),
            ("3~5만 명의 팬이 예상된다.", "ko"),
            set(),
        ),
        (
            ("30,000 to 50,000 fans are expected.", "en"),
            ("3〜6万人のファンが見込まれる。", "ja"),
            {"quantity_mismatch"},
        ),
        # different things, different units: no quantity noise
        (("Sales rose 5% to $3 billion.", "en"), ("판매량은 200만 대를 기록했다.", "ko"), set()),
        (
            ("The plant will employ 3,000 people.", "en"),
            ("工場の投資額は5000億円だ。", "ja"),
            set(),
        ),
    ],
)
def test_quantity_checks(original, report, expected, lexicons, facts_config) -> None:
    assert kinds(st(*original), st(*report, role="report"), lexicons, facts_config) == expected


@pytest.mark.parametrize(
    ("original", "report", "expected"),
    [
        (
            ("The company plans to build a plant.", "en"),
            ("회사는 공장을 짓기로 합의했다.", "ko"),
            {"commitment_inflated"},
        ),
        (
            ("The company is considering a plant.", "en"),
            ("同社は工場建設を決めた。", "ja"),
            {"commitment_inflated"},
        ),
        (
            ("The company aims to sell 1 million cars.", "en"),
            ("同社は100万台を販売した。", "ja"),
            {"goal_reported_as_fact"},
        ),
        (
            ("同社は工場の建設を検討している。", "ja"),
            ("The company has built the plant.", "en"),
            {"goal_reported_as_fact"},
        ),
        (
            ("회사는 공장 건설을 검토 중이다.", "ko"),
            ("The company will build the plant.", "en"),
            {"commitment_inflated"},
        ),
        (
            ("The company signed a deal to build a plant.", "en"),
            ("회사는 공장을 짓기로 계약을 체결했다.", "ko"),
            set(),
        ),
        (
            ("The company will build a plant.", "en"),
            ("同社は工場を建設する計画だ。", "ja"),
            set(),
        ),  # deflation: not flagged
        (("The company will build a plant.", "en"), ("회사는 공장을 짓는다.", "ko"), set()),
    ],
)
def test_modality_checks(original, report, expected, lexicons, facts_config) -> None:
    assert kinds(st(*original), st(*report, role="report"), lexicons, facts_config) == expected


@pytest.mark.parametrize(
    ("original", "report", "expected"),
    [
        (
            ("It has no plans to build a factory in Japan.", "en"),
            ("日本に工場を建設する計画だ。", "ja"),
            {"negation_flipped"},
        ),
        (
            ("It has no plans to build a factory in Japan.", "en"),
            ("日本に工場を建設する計画はない。", "ja"),
            set(),
        ),
        (
            ("정부는 세율을 올리지 않는다.", "ko"),
            ("政府は税率を引き上げる。", "ja"),
            {"negation_flipped"},
        ),
        (
            ("정부는 세율을 올리지 않는다.", "ko"),
            ("The government will not raise the tax rate.", "en"),
            set(),
        ),
        (
            ("Not only Samsung but also SK will invest.", "en"),
            ("삼성과 SK가 투자한다.", "ko"),
            set(),
        ),
        (("参加者は少ない。", "ja"), ("참가자가 적다.", "ko"), set()),
    ],
)
def test_negation_checks(original, report, expected, lexicons, facts_config) -> None:
    assert kinds(st(*original), st(*report, role="report"), lexicons, facts_config) == expected


def test_negation_needs_english_confirmation_when_both_sides_are_translated(
    lexicons, facts_config
) -> None:
    # the original-language markers differ, but both translations agree: no flip is claimed
    original = st("輸出は減らなかった。", "ja", text_en="Exports did not fall.")
    report = st("수출이 줄었다.", "ko", "report", text_en="Exports did not decline.")
    assert "negation_flipped" not in kinds(original, report, lexicons, facts_config)
    report_no_en = st("수출이 줄었다.", "ko", "report")
    assert "negation_flipped" in kinds(original, report_no_en, lexicons, facts_config)


@pytest.mark.parametrize(
    ("original", "report", "expected"),
    [
        (
            ("The plant will open.", "en"),
            ("공장은 2027년 말까지 문을 연다.", "ko"),
            {"deadline_added"},
        ),
        (("The plant will open in 2027.", "en"), ("공장은 2027년 말까지 문을 연다.", "ko"), set()),
        (
            ("The plant will open by 2026.", "en"),
            ("工場は2027年までに開業する。", "ja"),
            {"date_changed"},
        ),
        (
            ("The vote is on March 5.", "en"),
            ("投票は3月6日に行われる。", "ja"),
            set(),
        ),  # a time-zone day apart
        (("The vote is on March 5.", "en"), ("투표는 3월 15일 실시된다.", "ko"), {"date_changed"}),
        (
            ("It will launch in the first half of 2026.", "en"),
            ("2026년 상반기에 출시된다.", "ko"),
            set(),
        ),
        (
            ("It will launch in the first half of 2026.", "en"),
            ("2026年下半期に発売される。", "ja"),
            {"date_changed"},
        ),
        (("It will launch next year.", "en"), ("来年に発売される。", "ja"), set()),
    ],
)
def test_date_checks(original, report, expected, lexicons, facts_config) -> None:
    assert kinds(st(*original), st(*report, role="report"), lexicons, facts_config) == expected


def test_mt_number_change_is_a_translation_fault(lexicons, facts_config) -> None:
    original = st(
        "The company will invest $4.1 billion.",
        "en",
        text_en="The company will invest $4.1 billion.",
    )
    report = st(
        "회사는 41억 달러를 투자한다.",
        "ko",
        "report",
        text_en="The company will invest $410 million.",
    )
    results = compare_statements(original, report, lexicons, facts_config)
    assert [r.kind for r in results] == ["mt_number_changed"]
    assert results[0].fault == "translation"
    assert results[0].severity == "low"
    assert "41억 달러" in results[0].reason and "$410 million" in results[0].reason


def test_severity_comes_from_config(lexicons, facts_config) -> None:
    config = facts_config.model_copy(
        update={"severity": {**facts_config.severity, "qualifier_dropped": "high"}}
    )
    report = st("GPU 25만 장을 도입한다.", "ko", "report")
    (result,) = compare_statements(
        st("It will deploy more than 250,000 GPUs.", "en"), report, lexicons, config
    )
    assert result.kind == "qualifier_dropped" and result.severity == "high"


def test_facts_of_each_language(lexicons) -> None:
    facts = extract_facts(
        "政府は2030年までに再エネ比率を36〜38%に引き上げる目標を掲げている。", "ja", lexicons
    )
    assert [(q.value, q.high, q.unit) for q in facts.quantities] == [(36, 38, "percent")]
    assert facts.modality is not None and facts.modality.name == "plan"
    assert [(d.year, d.deadline) for d in facts.dates] == [(2030, True)]
    assert not facts.negated
    assert extract_facts("", "en", lexicons).quantities == ()


@pytest.mark.parametrize(
    ("original", "report", "expected"),
    [
        # relative dates in weeks; different units stepping away from now name different periods
        (("The talks will resume next week.", "en"), ("協議は来週再開される。", "ja"), set()),
        (("The talks will resume next week.", "en"), ("회담은 다음 주 재개된다.", "ko"), set()),
        (
            ("The talks will resume next week.", "en"),
            ("協議は来月再開される。", "ja"),
            {"date_changed"},
        ),
        (
            ("지난주 발표된 통계에 따르면 실업률은 3.1%다.", "ko"),
            ("先週発表された統計によると、失業率は3.1%だ。", "ja"),
            set(),
        ),
        (
            ("The report was released last week.", "en"),
            ("보고서는 지난달 공개됐다.", "ko"),
            {"date_changed"},
        ),
        (("Sales rose last month.", "en"), ("売上高は昨年増えた。", "ja"), {"date_changed"}),
        # "this week" and "this month" overlap: no claim changed
        (("The vote is this week.", "en"), ("投票は今月行われる。", "ja"), set()),
        (("Prices fell this week.", "en"), ("이번 주말 가격이 내렸다.", "ko"), set()),
    ],
)
def test_relative_week_dates(original, report, expected, lexicons, facts_config) -> None:
    assert kinds(st(*original), st(*report, role="report"), lexicons, facts_config) == expected


@pytest.mark.parametrize(
    ("original", "report", "expected"),
    [
        # a report's bound that the original implies is faithful
        (("160 delegates attended the summit in Busan.", "en"),
         ("More than 100 delegates attended the summit.", "en"), set()),
        (("The line carries over 22,000 passengers a day.", "en"),
         ("The line carries over 20,000 passengers a day.", "en"), set()),
        (("Fewer than 300 households lost power.", "en"),
         ("Less than 500 households lost power.", "en"), set()),
        # ... and one it does not imply is not
        (("More than 100 delegates attended the summit.", "en"),
         ("More than 160 delegates attended the summit.", "en"), {"quantity_mismatch"}),
        (("The line carries 18,000 passengers a day.", "en"),
         ("The line carries over 20,000 passengers a day.", "en"), {"quantity_mismatch"}),
    ],
)  # fmt: skip
def test_an_implied_bound_is_not_a_mismatch(original, report, expected, lexicons, facts_config):
    assert kinds(st(*original), st(*report, "report"), lexicons, facts_config) & {
        "quantity_mismatch", "qualifier_added", "qualifier_changed"
    } == expected  # fmt: skip
