"""``claimdiff eval nli``: the tiny models run the whole chain over a labelled NLI set. The tiny
models' labels mean nothing, so the assertions are on what must hold whatever they predict."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from claimdiff.config import Config
from claimdiff.errors import ConfigError
from claimdiff.evaluate.nli import evaluate_models_on_nli_set
from claimdiff.records import NLI_LABELS
from claimdiff_pipelines.cli import app
from models.tiny import corpus

ROWS = [
    # a negation flip: the checks flag it whatever the NLI model says
    {"premise": "Exports did not rise in May.", "hypothesis": "Exports rose in May.", "label": "contradiction", "lang": "en"},
    {"premise": "The council approved the budget.", "hypothesis": "The budget was approved.", "label": "entailment", "lang": "en"},
    {"premise": corpus("ja")[0], "hypothesis": "The city opened a new library.", "label": "neutral", "lang": "ja-en"},
    {"premise": corpus("ko")[1], "hypothesis": corpus("ko")[2], "label": "neutral", "lang": "ko"},
]  # fmt: skip


@pytest.fixture
def nli_set(tmp_path):
    path = tmp_path / "set.jsonl"
    lines = [json.dumps(r, ensure_ascii=False) for r in ROWS] + ['{"premise": "x"}']
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def config(tiny_models, models_cfg):
    return Config.model_validate(
        {
            "models": {
                "translation": {k: str(v) for k, v in tiny_models.translation.items()},
                "nli": str(tiny_models.nli),
                "device": "cpu",
                "download": False,
                "local_dir": str(models_cfg.local_dir),
            },
            "translate": {"beam_size": 1, "max_new_tokens_min": 4},
        }
    )


def test_every_pair_is_labelled_translated_and_judged(nli_set, config):
    report = evaluate_models_on_nli_set(nli_set, config)
    assert report.total == len(ROWS)
    assert {label: report.pairs(label) for label in NLI_LABELS} == {
        "entailment": 1,
        "neutral": 2,
        "contradiction": 1,
    }
    correct = sum(report.confusion[label][label] for label in NLI_LABELS)
    assert report.accuracy == correct / len(ROWS)
    assert 0.0 <= report.macro_f1 <= 1.0
    assert report.flagged["contradiction"] == 1  # the negation flip, by the checks
    assert set(report.translation_models) == {"ja", "ko"}
    assert [p.where for p in report.problems] == [f"{nli_set}:5"]
    # the same set gives the same numbers (deterministic models, no cache involved)
    again = evaluate_models_on_nli_set(nli_set, config)
    assert again.confusion == report.confusion and again.flagged == report.flagged
    assert evaluate_models_on_nli_set(nli_set, config, limit=2).total == 2


def test_needs_models_and_a_translator_per_language(nli_set, config):
    with pytest.raises(ConfigError, match="checks-only"):
        evaluate_models_on_nli_set(nli_set, config.model_copy(update={"models": None}))
    only_ja = config.models.model_copy(
        update={"translation": {"ja": config.models.translation["ja"]}}
    )
    with pytest.raises(ConfigError, match=r"models.translation has no model for \['ko'\]"):
        evaluate_models_on_nli_set(nli_set, config.model_copy(update={"models": only_ja}))


def test_cli(nli_set, config, tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text(json.dumps(config.model_dump(mode="json", exclude_none=True)), encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "nli", "--data", str(nli_set), "--config", str(path)])
    assert result.exit_code == 0, result.output
    assert "accuracy" in result.output and "judge flags" in result.output
