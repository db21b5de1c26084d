"""The model chain measured on a labelled NLI set: translate -> NLI -> checks -> judge.

Each pair is read as the product reads one (premise = original statement, hypothesis = report
statement); Korean and Japanese sides are translated with the configured models, the NLI model
labels the English pair, and the judge decides whether the pair would be flagged. The report
gives the NLI model's confusion matrix and accuracy, and the judge's flag rate by gold label:
on entailed pairs that rate is a false-alarm ceiling, on contradictions a recall proxy, which
is what the judge's thresholds (``judge.*``) are tuned against.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

from sklearn.metrics import accuracy_score, confusion_matrix, f1_score

from claimdiff.checks.apply import compare_statements
from claimdiff.config import Config
from claimdiff.errors import ConfigError
from claimdiff.evaluate.checks import read_nli_set
from claimdiff.facts import load_lexicons
from claimdiff.judge import PairEvidence, judge_pair
from claimdiff.records import NLI_LABELS, Pair, Problem

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ModelEvalReport:
    """The NLI model's labels against the gold ones (scores from scikit-learn), and the judge's
    flags by gold label."""

    path: str
    nli_model: str
    translation_models: dict[str, str]
    gold: tuple[str, ...]  # per pair, in file order
    predicted: tuple[str, ...]  # the NLI model's label per pair
    flagged: dict[str, int]  # gold label -> pairs the judge flags
    translate_seconds: float
    nli_seconds: float
    problems: tuple[Problem, ...] = field(default_factory=tuple)

    @property
    def confusion(self) -> dict[str, dict[str, int]]:
        """gold label -> predicted label -> pairs."""
        matrix = confusion_matrix(self.gold, self.predicted, labels=list(NLI_LABELS))
        return {
            gold: {pred: int(matrix[i][j]) for j, pred in enumerate(NLI_LABELS)}
            for i, gold in enumerate(NLI_LABELS)
        }

    def pairs(self, label: str) -> int:
        """Pairs with this gold label."""
        return sum(gold == label for gold in self.gold)

    @property
    def total(self) -> int:
        """All pairs."""
        return len(self.gold)

    @property
    def accuracy(self) -> float:
        """Share of pairs whose NLI label is the gold one."""
        return float(accuracy_score(self.gold, self.predicted)) if self.gold else 0.0

    def f1(self, label: str) -> float:
        """F1 of one label (0 when it is never right)."""
        if not self.gold:
            return 0.0
        return float(
            f1_score(self.gold, self.predicted, labels=[label], average="macro", zero_division=0)
        )

    @property
    def macro_f1(self) -> float:
        """F1 averaged over the three labels."""
        if not self.gold:
            return 0.0
        return float(
            f1_score(
                self.gold, self.predicted, labels=list(NLI_LABELS), average="macro", zero_division=0
            )
        )

    def flag_rate(self, label: str) -> float:
        """Share of pairs with this gold label that the judge flags."""
        return self.flagged[label] / self.pairs(label) if self.pairs(label) else 0.0

    def as_dict(self) -> dict[str, object]:
        """The report as JSON-ready data."""
        return {
            "path": self.path,
            "nli_model": self.nli_model,
            "translation_models": self.translation_models,
            "pairs": self.total,
            "accuracy": round(self.accuracy, 4),
            "macro_f1": round(self.macro_f1, 4),
            "f1": {label: round(self.f1(label), 4) for label in NLI_LABELS},
            "confusion": self.confusion,
            "flag_rate": {label: round(self.flag_rate(label), 4) for label in NLI_LABELS},
            "translate_seconds": round(self.translate_seconds, 2),
            "nli_seconds": round(self.nli_seconds, 2),
            "problems": [f"{p.where}: {p.message}" for p in self.problems],
        }


def evaluate_models_on_nli_set(
    data_path: Path, config: Config, limit: int | None = None
) -> ModelEvalReport:
    """Run the configured models (and the checks and judge) over an NLI set; see the module
    docstring. Raises ConfigError when the config has no models or no translation model for a
    language of the set, ModelLoadError when a model cannot be loaded."""
    from claimdiff.nli import load_nli
    from claimdiff.translate import load_translator, translate_statements

    models = config.models
    if models is None:
        raise ConfigError("models is null (checks-only): evaluating the models needs models")
    records, problems = read_nli_set(data_path, limit)
    languages = {lang for r in records for lang in (r.premise_lang, r.hypothesis_lang)} - {"en"}
    missing = sorted(languages - set(models.translation))
    if missing:
        raise ConfigError(f"models.translation has no model for {missing}, which {data_path} uses")
    translators = {
        lang: load_translator(models.translation[lang], lang, models, config.translate)
        for lang in sorted(languages)
    }
    nli = load_nli(models.nli, models, config.nli)

    started = time.perf_counter()
    statements, _ = translate_statements(
        [s for record in records for s in record.statements()], translators, None
    )
    translate_seconds = time.perf_counter() - started
    originals, reports = statements[0::2], statements[1::2]
    started = time.perf_counter()
    scores = nli.predict(
        [(o.text_en or "", r.text_en or "") for o, r in zip(originals, reports, strict=True)]
    )
    nli_seconds = time.perf_counter() - started

    lexicons = load_lexicons(config.facts.lexicon_dir)
    predicted: list[str] = []
    flagged = dict.fromkeys(NLI_LABELS, 0)
    for record, original, report, score in zip(records, originals, reports, scores, strict=True):
        pair = Pair(
            Pair.make_id(original.statement_id, report.statement_id),
            "eval",
            original.statement_id,
            report.statement_id,
            1.0,
            "eval",
        )
        checks = tuple(compare_statements(original, report, lexicons, config.facts))
        evidence = PairEvidence(pair, original, report, score, checks)
        predicted.append(score.label)
        flagged[record.label] += judge_pair(evidence, config.judge, nli.model_id) is not None
    logger.info("evaluated %d pairs of %s", len(records), data_path)
    return ModelEvalReport(
        path=str(data_path),
        nli_model=nli.model_id,
        translation_models={lang: t.model_id for lang, t in translators.items()},
        gold=tuple(record.label for record in records),
        predicted=tuple(predicted),
        flagged=flagged,
        translate_seconds=translate_seconds,
        nli_seconds=nli_seconds,
        problems=tuple(problems),
    )
