"""The development set meets issue 3's targets, and the evaluation reports bad lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimdiff.checks.kinds import CHECK_KINDS
from claimdiff.evaluate.checks import evaluate_checks

FACTS_DATA = Path(__file__).resolve().parents[1] / "facts" / "data"
DEV_SET = Path(__file__).resolve().parents[1] / "data" / "checks_dev.jsonl"
DIRECTIONS = {("en", "ko"), ("en", "ja"), ("ko", "en"), ("ja", "en"), ("ko", "ja"), ("ja", "ko")}
DOMAINS = {"finance", "politics", "technology", "sports", "disasters", "public health"}


def _records() -> list[dict]:
    return [
        json.loads(line)
        for line in DEV_SET.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def test_dev_set_shape() -> None:
    records = _records()
    assert len(records) >= 150
    assert len({r["id"] for r in records}) == len(records)
    assert {(r["original_lang"], r["report_lang"]) for r in records} == DIRECTIONS
    assert {r["domain"] for r in records} == DOMAINS
    faithful = [r for r in records if not r["expected_kinds"]]
    assert len(faithful) >= len(records) / 3
    assert {k for r in records for k in r["expected_kinds"]} == set(CHECK_KINDS)


def test_dev_set_meets_targets(lexicons, facts_config) -> None:
    report = evaluate_checks(DEV_SET, lexicons, facts_config)
    assert report.problems == ()
    assert report.pairs == len(_records())
    assert report.overall.recall >= 0.85, report.as_table()
    assert report.overall.precision >= 0.9, report.as_table()
    assert report.false_alarm_rate <= 0.05, [o for o in report.errors() if not o.expected]
    table = report.as_table()
    assert [row["kind"] for row in table] == [*CHECK_KINDS, "overall"]
    assert set(table[0]) == {"kind", "tp", "fp", "fn", "precision", "recall", "support"}


def test_bad_lines_become_problems_and_the_rest_is_scored(tmp_path, lexicons, facts_config) -> None:
    good = {
        "id": "x1",
        "original_lang": "en",
        "original_text": "More than 200 people were killed.",
        "report_lang": "ja",
        "report_text": "200人が死亡した。",
        "expected_kinds": ["qualifier_dropped"],
        "domain": "disasters",
    }
    path = tmp_path / "set.jsonl"
    path.write_text(
        "\n".join(
            [
                json.dumps(good, ensure_ascii=False),
                "{not json",
                json.dumps({**good, "id": "x2", "report_lang": "zh"}),
                json.dumps({**good, "id": "x3", "expected_kinds": ["made_up"]}),
                json.dumps({"id": "x4"}),
            ]
        ),
        encoding="utf-8",
    )
    report = evaluate_checks(path, lexicons, facts_config)
    assert report.pairs == 1
    assert [p.where for p in report.problems] == [f"{path}:{n}" for n in (2, 3, 4, 5)]
    assert "report_lang" in report.problems[1].message
    assert "made_up" in report.problems[2].message
    assert "missing fields" in report.problems[3].message
    assert report.overall.tp == 1 and report.overall.fp == 0


def test_missing_file_is_an_input_error(tmp_path, lexicons, facts_config) -> None:
    from claimdiff.errors import InputError

    with pytest.raises(InputError, match="cannot read"):
        evaluate_checks(tmp_path / "missing.jsonl", lexicons, facts_config)


def test_holdout_set_written_after_the_lexicons_were_frozen(lexicons, facts_config) -> None:
    # 30 pairs written after tuning on the development set, never used to change a rule; h12 and
    # h20 relabelled when plan -> "will" stopped being an inflation (FactsConfig.commitment_*)
    report = evaluate_checks(FACTS_DATA / "checks_holdout.jsonl", lexicons, facts_config)
    assert report.problems == () and report.pairs == 30
    assert report.overall.recall >= 0.85 and report.overall.precision >= 0.9
    assert report.false_alarm_rate <= 0.05


HOLDOUT2 = FACTS_DATA / "checks_holdout2.jsonl"


def test_second_holdout_set_shape() -> None:
    # wire-copy style: long sentences, attribution clauses, headlines, quotes, relative dates
    records = [json.loads(line) for line in HOLDOUT2.read_text(encoding="utf-8").splitlines()]
    assert len(records) >= 60
    assert len({r["id"] for r in records}) == len(records)
    assert {(r["original_lang"], r["report_lang"]) for r in records} == DIRECTIONS
    assert sum(1 for r in records if not r["expected_kinds"]) >= 0.4 * len(records)


def test_second_holdout_set_meets_targets(lexicons, facts_config) -> None:
    # labelled from the definitions before any rule was changed for it; its first run
    # (P 0.902, R 0.902, 3/34 faithful flagged) led to general lexicon fixes only (reporting
    # verbs, expectations, simple past as done, week dates, 규모/規模 not "about")
    report = evaluate_checks(HOLDOUT2, lexicons, facts_config)
    assert report.problems == ()
    assert report.overall.recall >= 0.85, report.errors()
    assert report.overall.precision >= 0.9, report.errors()
    assert report.false_alarm_rate <= 0.05, [o for o in report.errors() if not o.expected]


def test_third_holdout_set_meets_targets(lexicons, facts_config) -> None:
    # 24 pairs written by the lead without reading the rules; first run: P 1.000, R 0.933
    # (missed 10万円を上限に as "up to"), 0/10 faithful flagged; caps were then added for all
    # three languages (tests/facts/test_caps.py)
    report = evaluate_checks(FACTS_DATA / "checks_holdout3.jsonl", lexicons, facts_config)
    assert report.problems == () and report.pairs == 24
    assert report.overall.recall >= 0.85, report.errors()
    assert report.overall.precision >= 0.9, report.errors()
    assert report.false_alarm_rate <= 0.05


def test_nli_set_rates_by_gold_label_and_bad_lines(tmp_path, lexicons, facts_config) -> None:
    from claimdiff.evaluate.checks import evaluate_on_nli_set

    rows = [
        # entailed and faithful: no check fires
        {"premise": "The city will open 12 new libraries next year.", "hypothesis": "The city will open new libraries.", "label": "entailment", "lang": "en"},
        # a negated clause left out: not a flip
        {"premise": "The mayor, who did not attend, approved 12 new libraries.", "hypothesis": "The mayor approved 12 new libraries.", "label": "entailment", "lang": "en"},
        {"premise": "The city will not open new libraries.", "hypothesis": "The city will open new libraries.", "label": "contradiction", "lang": "en"},
        {"premise": "시는 도서관 12곳을 새로 연다.", "hypothesis": "The city will open 15 new libraries.", "label": "contradiction", "lang": "ko-en"},
        {"premise": "x", "hypothesis": "y", "label": "maybe", "lang": "en"},
        {"premise": "x", "hypothesis": "y", "label": "neutral", "lang": "zh"},
    ]  # fmt: skip
    path = tmp_path / "nli.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n{oops\n")
    report = evaluate_on_nli_set(path, lexicons, facts_config)
    assert report.pairs == {"entailment": 2, "neutral": 0, "contradiction": 2}
    assert report.flagged == {"entailment": 0, "neutral": 0, "contradiction": 2}
    assert report.kinds["contradiction"] == {"negation_flipped": 1, "quantity_mismatch": 1}
    assert report.rate("contradiction") == 1.0
    assert [p.where for p in report.problems] == [f"{path}:5", f"{path}:6", f"{path}:7"]
    assert "label must be one of" in report.problems[0].message
