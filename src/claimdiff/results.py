"""What the steps of a run hand each other and the run's summary: the run's identity, the
loaded models, and one small typed result per step (counts, problems, ids, when it ran).

The steps are in :mod:`claimdiff.runner`, the summary built from these results in
:mod:`claimdiff.summary`; both import this module, which imports neither.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimdiff.lock import store_location
from claimdiff.records import Problem, Stage

FULL = "full"
CHECKS_ONLY = "checks-only"

StageListener = Callable[[Stage, str], None]  # (stage, "start" | "end")


@dataclass(frozen=True)
class RunInfo:
    """Identity of one run: its id, where it writes, which store, when it was launched."""

    run_id: str
    out_dir: Path
    store: str  # the store's URL (sqlite:///PATH or postgresql://…)
    launched_at: float  # time.time() when the command started (before any server start-up)

    @property
    def where(self) -> str:
        """The store as messages name it: its file, or its URL without a password."""
        return store_location(self.store)


@dataclass(frozen=True, kw_only=True)
class StageResult:
    """What one step did: counts, per-item problems, cache counts, and when it ran."""

    stage: Stage
    counts: Mapping[str, int] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()
    cache: Mapping[str, int] | None = None  # hits / misses, for model stages
    started_at: float = 0.0  # time.time()
    seconds: float = 0.0


@dataclass(frozen=True, kw_only=True)
class IngestResult(StageResult):
    """Ingest's result: the articles to process this run (new ones first, then stored ones
    within their story window) and per-source counts."""

    article_ids: tuple[str, ...] = ()
    sources: tuple[Mapping[str, Any], ...] = ()


@dataclass(frozen=True)
class Models:
    """The loaded models of a run (none in checks-only mode), and why when there are none."""

    mode: str = CHECKS_ONLY
    translators: Mapping[str, Any] = field(default_factory=dict)
    nli: Any = None
    notices: tuple[str, ...] = ()

    @property
    def translation_models(self) -> dict[str, str]:
        """Translation model id per source language."""
        return {lang: t.model_id for lang, t in self.translators.items()}

    @property
    def nli_model(self) -> str:
        """The NLI model's id, or "" in checks-only mode."""
        return self.nli.model_id if self.nli is not None else ""

    @property
    def key(self) -> str:
        """What the models are, as the store's progress records them ("checks-only" or the ids)."""
        if self.mode != FULL:
            return CHECKS_ONLY
        return f"nli={self.nli_model};" + ";".join(
            f"{lang}={model}" for lang, model in sorted(self.translation_models.items())
        )

    def info(self) -> dict[str, Any]:
        """run.json's ``models``: ids and the NLI label map (empty in checks-only mode)."""
        if self.mode != FULL:
            return {}
        return {
            "translation": self.translation_models,
            "nli": {"model": self.nli_model, "label_map": getattr(self.nli, "label_map", {})},
        }


@dataclass(frozen=True, kw_only=True)
class ModelsResult(StageResult):
    """load_models' result: the models themselves stay in this process."""

    models: Models = field(default_factory=Models)


@dataclass(frozen=True, kw_only=True)
class AlignResult(StageResult):
    """align's result: the ids of the pairs to judge."""

    pair_ids: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class JudgeResult(StageResult):
    """judge's result: the ids of the findings it stored (new and known ones)."""

    finding_ids: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class ExportResult(StageResult):
    """export's result: the files written and the open queue per severity."""

    outputs: Mapping[str, Any] = field(default_factory=dict)
    by_severity: Mapping[str, int] = field(default_factory=dict)
    notices: tuple[str, ...] = ()  # e.g. the queue went beside a flags.csv a reviewer edited
