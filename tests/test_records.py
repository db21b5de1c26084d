"""The vocabularies and the typed outputs: one table each, usable where the strings were."""

from __future__ import annotations

import json
from dataclasses import fields

from claimdiff.outputs.review_csv import CSV_COLUMNS
from claimdiff.records import Problem, ReviewRow, RunSummary, Severity, Stage

# DESIGN.md, Contract 3, in this order.
CONTRACT_3 = [
    "finding_id",
    "run_id",
    "story_id",
    "severity",
    "kind",
    "label",
    "p_entailment",
    "p_neutral",
    "p_contradiction",
    "reasons",
    "original_outlet",
    "original_url",
    "original_lang",
    "original_text",
    "original_text_en",
    "report_outlet",
    "report_url",
    "report_lang",
    "report_text",
    "report_text_en",
    "nli_model",
    "translation_model",
    "review_status",
    "review_note",
]


def test_severity_orders_and_reads_as_its_value():
    assert [s.value for s in Severity] == ["high", "medium", "low"]
    assert max(["low", "high", "medium"], key=lambda s: Severity(s).rank) == "high"
    assert sorted(["low", "?", "high"], key=Severity.sort_key) == ["high", "low", "?"]
    assert f"{Severity.HIGH}" == str(Severity.HIGH) == "high" == Severity.HIGH
    assert {"high": 1}[Severity.HIGH] == 1 and json.dumps([Severity.LOW]) == '["low"]'


def test_stages_are_in_run_order_with_run_json_names():
    assert [s.value for s in Stage] == [
        "load_models", "ingest", "segment", "translate", "facts", "align", "nli", "judge", "export",
    ]  # fmt: skip
    assert Stage.TRANSLATE.cache_name == "translation" and Stage.NLI.cache_name == "nli"


def test_review_row_is_contract_3():
    assert [f.name for f in fields(ReviewRow)] == CONTRACT_3 == list(CSV_COLUMNS)


def test_run_summary_renders_its_stages_in_run_order_with_their_cache():
    summary = RunSummary(
        run_id="r",
        status="completed",
        counts={
            "export": {"flagged": 3},
            "translate": {"statements": 2},
            "ingest": {"read": 2},
            "findings_by_severity": {"high": 2, "low": 1},
        },
        cache={"translation": {"hits": 1, "misses": 1}},
        timings_s={"ingest": 0.5, "startup": 2.0, "total": 3.0},
        errors=(Problem("ingest", "a.jsonl:2", "bad JSON"),),
    )
    lines = summary.stage_lines()
    assert [line.stage for line in lines] == ["ingest", "translate", "export", "startup"]
    assert lines[1].counts == "statements 2 (cache hits 1, misses 1)"
    assert summary.by_severity == {"high": 2, "medium": 0, "low": 1}
    assert summary.flagged == 3 and not summary.failed
    assert RunSummary.from_json(json.loads(json.dumps(summary.to_json()))) == summary
