"""The judge is a pure function: explicit probabilities and checks in, findings out."""

from __future__ import annotations

import pytest

from claimdiff.config import JudgeConfig
from claimdiff.judge import CHECKS_ONLY, PairEvidence, judge_pair, judge_pairs
from claimdiff.records import CheckResult, NLIScores, Pair, Statement

CONFIG = JudgeConfig(contradiction_high=0.7, contradiction_medium=0.4, unsupported_neutral=0.8)


def statement(
    sid: str, text: str, role: str, lang: str = "en", text_en: str | None = None, model=None
):
    return Statement(
        statement_id=sid,
        article_id="a-" + sid,
        index=0,
        start=0,
        end=len(text),
        text=text,
        lang=lang,
        role=role,
        text_en=text_en if text_en is not None else (text if lang == "en" else None),
        translation_model=model,
    )


ORIGINAL = statement("o1", "Helion will deploy more than 250,000 GPUs.", "original")
REPORT = statement(
    "r1",
    "헬리온은 GPU 25만 장을 공급하기로 합의했다.",
    "report",
    "ko",
    "Helion agreed to supply 250,000 GPUs.",
    "opus-mt-ko-en",
)


def evidence(nli=None, checks=(), original=ORIGINAL, report=REPORT, similarity=0.5):
    pair = Pair(
        Pair.make_id(original.statement_id, report.statement_id),
        "story",
        original.statement_id,
        report.statement_id,
        similarity,
        "tfidf-en",
    )
    return PairEvidence(pair, original, report, nli, tuple(checks))


QUALIFIER = CheckResult(
    "qualifier_dropped", "medium", 'qualifier dropped: "more than 250,000" -> "25만 장"'
)
COMMITMENT = CheckResult(
    "commitment_inflated", "high", 'commitment inflated: "will deploy" -> "공급하기로 합의"'
)


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        (NLIScores(0.05, 0.10, 0.85), ("contradiction", "high")),
        (NLIScores(0.20, 0.35, 0.45), ("contradiction", "medium")),
        (NLIScores(0.05, 0.90, 0.05), ("unsupported", "low")),
        (NLIScores(0.90, 0.05, 0.05), None),
        (NLIScores(0.30, 0.60, 0.10), None),  # neutral, but not sure enough to call unsupported
    ],
)
def test_nli_alone(scores, expected):
    finding = judge_pair(evidence(scores), CONFIG, nli_model="nli")
    if expected is None:
        assert finding is None
    else:
        assert (finding.kind, finding.severity) == expected
        assert finding.label == scores.label
        assert finding.p_contradiction == scores.contradiction


def test_quantity_check_outranks_nli_entailment():
    finding = judge_pair(evidence(NLIScores(0.93, 0.05, 0.02), [QUALIFIER]), CONFIG, "nli")
    assert finding is not None
    assert finding.kind == "qualifier_dropped"
    assert finding.label == "entailment"
    assert any("overruled" in r for r in finding.reasons)


def test_main_kind_is_most_severe_then_by_priority():
    finding = judge_pair(evidence(None, [QUALIFIER, COMMITMENT]), CONFIG)
    assert (finding.kind, finding.severity) == ("commitment_inflated", "high")
    assert finding.reasons[:2] == (QUALIFIER.reason, COMMITMENT.reason)


def test_checks_only_says_so_and_has_no_probabilities():
    finding = judge_pair(evidence(None, [QUALIFIER]), CONFIG)
    assert finding.label == CHECKS_ONLY
    assert finding.p_entailment is None and finding.p_contradiction is None
    assert any(r.startswith(CHECKS_ONLY) for r in finding.reasons)


def test_finding_id_is_stable_and_model_dependent():
    a = judge_pair(evidence(None, [QUALIFIER]), CONFIG, nli_model="m1")
    b = judge_pair(evidence(None, [QUALIFIER]), CONFIG, nli_model="m1")
    c = judge_pair(evidence(None, [QUALIFIER]), CONFIG, nli_model="m2")
    assert a.finding_id == b.finding_id != c.finding_id
    assert a.translation_model == "opus-mt-ko-en"


def test_unsupported_only_when_no_candidate_supports_the_report():
    other = statement("o2", "The first systems come online in 2027.", "original")
    supported = [
        evidence(NLIScores(0.9, 0.05, 0.05), similarity=0.3),
        evidence(NLIScores(0.02, 0.95, 0.03), original=other, similarity=0.6),
    ]
    assert judge_pairs(supported, CONFIG, "nli") == []
    unsupported = [
        evidence(NLIScores(0.02, 0.95, 0.03), similarity=0.3),
        evidence(NLIScores(0.02, 0.95, 0.03), original=other, similarity=0.6),
    ]
    findings = judge_pairs(unsupported, CONFIG, "nli")
    assert [f.kind for f in findings] == ["unsupported"]
    assert findings[0].original_id == "o2"  # judged once, on the best-matching original


def test_translation_fault_is_not_blamed_on_the_outlet():
    fault = CheckResult(
        "mt_number_changed",
        "low",
        'translation changed a number: "25만" -> "2.5 million"',
        fault="translation",
    )
    finding = judge_pair(evidence(NLIScores(0.9, 0.05, 0.05), [fault]), CONFIG, "nli")
    assert finding.kind == "mt_number_changed"
    assert finding.severity == "low"


def test_any_outlet_check_overrules_entailment_with_a_note():
    finding = judge_pair(evidence(NLIScores(0.95, 0.03, 0.02), [COMMITMENT]), CONFIG, "nli")
    assert finding.kind == "commitment_inflated"
    assert any("overruled: a deterministic check" in r for r in finding.reasons)


def test_truncation_is_shown_in_the_reasons_never_silent():
    import dataclasses

    cut_report = dataclasses.replace(REPORT, translation_truncated=True)
    finding = judge_pair(
        evidence(NLIScores(0.05, 0.10, 0.85, truncated=True), report=cut_report),
        CONFIG,
        nli_model="nli",
    )
    assert "NLI input was truncated to the model's length limit" in finding.reasons
    assert "report sentence was truncated before translation" in finding.reasons
    assert not any("original sentence" in reason for reason in finding.reasons)
    whole = judge_pair(evidence(NLIScores(0.05, 0.10, 0.85)), CONFIG, nli_model="nli")
    assert not any("truncated" in reason for reason in whole.reasons)


def _in_article(sid: str, text: str, start: int, article: str = "a-rep") -> Statement:
    return Statement(
        sid, article, 0 if start < 0 else 1, start, start + len(text), text, "ko", "report"
    )


def test_a_headline_repeating_its_body_s_misstatement_is_one_row_not_two():
    headline = _in_article("h", "헬리온, GPU 25만 장 공급 합의", -1)
    body = _in_article("b", "헬리온은 GPU 25만 장을 공급하기로 합의했다.", 0)
    both = [
        evidence(None, [QUALIFIER, COMMITMENT], report=headline),
        evidence(None, [QUALIFIER, COMMITMENT], report=body),
    ]
    assert [f.report_id for f in judge_pairs(both, CONFIG)] == ["b"]
    # the headline says more than its body does: its own row stays
    faithful_body = [
        evidence(None, [QUALIFIER, COMMITMENT], report=headline),
        evidence(None, [QUALIFIER], report=body),
    ]
    assert [f.report_id for f in judge_pairs(faithful_body, CONFIG)] == ["h", "b"]
    # a headline of another report article is not the same misstatement
    other = _in_article("b2", body.text, 0, article="a-other")
    apart = [
        evidence(None, [QUALIFIER], report=headline),
        evidence(None, [QUALIFIER], report=other),
    ]
    assert len(judge_pairs(apart, CONFIG)) == 2
