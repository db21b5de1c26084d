"""Typed records that flow between the stages.

Records are frozen dataclasses: stages return new records (``dataclasses.replace``)
instead of changing the ones they were given. Identifiers derive from content
(:func:`stable_id`), so a re-run of the same input yields the same ids and the
store's upserts add nothing.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import Any, Literal

Role = Literal["original", "report"]
Lang = Literal["ko", "ja", "en"]
LANGS: tuple[str, ...] = ("ko", "ja", "en")
ROLES: tuple[str, ...] = ("original", "report")
NLI_LABELS: tuple[str, ...] = ("entailment", "neutral", "contradiction")


class _StrEnum(str, Enum):
    """A str-valued enum that prints, formats and serialises as its value (like 3.11's StrEnum,
    which Python 3.10 lacks): usable wherever the plain strings were (CSV, JSON, SQL, dict keys)."""

    def __str__(self) -> str:
        return self.value

    def __format__(self, spec: str) -> str:
        return format(self.value, spec)


class Severity(_StrEnum):
    """How much a finding matters; members are listed most severe first."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def rank(self) -> int:
        """Larger is more severe (high 3, medium 2, low 1): ``max(..., key=rank)`` picks the worst."""
        return len(_SEVERITIES) - _SEVERITIES.index(self)

    @property
    def order(self) -> int:
        """Sort position, most severe first (high 0)."""
        return _SEVERITIES.index(self)

    @classmethod
    def sort_key(cls, value: str) -> int:
        """Sort position of a stored severity string; an unknown one sorts last."""
        try:
            return cls(value).order
        except ValueError:
            return len(_SEVERITIES)


_SEVERITIES: tuple[Severity, ...] = tuple(Severity)


class Stage(_StrEnum):
    """The stages of a run, in run order; the values are run.json's keys."""

    LOAD_MODELS = "load_models"
    INGEST = "ingest"
    SEGMENT = "segment"
    TRANSLATE = "translate"
    FACTS = "facts"
    ALIGN = "align"
    NLI = "nli"
    JUDGE = "judge"
    EXPORT = "export"

    @property
    def cache_name(self) -> str:
        """The key of this stage's cache counts in run.json ("translation" for translate)."""
        return "translation" if self is Stage.TRANSLATE else self.value


def text_hash(text: str) -> str:
    """SHA-256 of a text, hex; the content key used by ids and caches."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def stable_id(*parts: Any, length: int = 16) -> str:
    """A short deterministic id from JSON-serialisable parts (sorted keys, like sqlite-utils)."""
    payload = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:length]


@dataclass(frozen=True, slots=True)
class Article:
    """One article as ingested: normalised text plus where it came from."""

    article_id: str
    url: str
    canonical_url: str
    outlet: str
    role: Role
    lang: Lang
    text: str
    text_hash: str
    title: str | None = None
    published_at: datetime | None = None
    source: str = ""  # "path:line" or the URL it was fetched from
    lang_detected: bool = False
    lang_confidence: float | None = None
    raw_text: str | None = None  # the text before Unicode normalisation, when it differed
    duplicate_of: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Statement:
    """A sentence of an article, in its original language, with offsets into the article text."""

    statement_id: str
    article_id: str
    index: int
    start: int
    end: int
    text: str
    lang: Lang
    role: Role
    text_en: str | None = (
        None  # English used for NLI: the text itself for English, else a translation
    )
    translation_model: str | None = None
    translation_truncated: bool = False

    @staticmethod
    def make_id(article_id: str, start: int, end: int, text: str) -> str:
        """The statement's id: its article, offsets and text."""
        return stable_id("statement", article_id, start, end, text_hash(text))


@dataclass(frozen=True, slots=True)
class Problem:
    """An item that could not be processed: recorded, reported, and the run goes on."""

    stage: str
    where: str  # file:line, URL, or record id
    message: str
    item_id: str | None = None

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass(frozen=True, slots=True)
class Story:
    """Articles about the same event, across languages, within a time window."""

    story_id: str
    article_ids: tuple[str, ...]
    keys: tuple[str, ...] = ()  # the shared names / quantities that tied the articles together

    @staticmethod
    def make_id(article_ids: list[str] | tuple[str, ...]) -> str:
        """The story's id: its set of articles, in any order."""
        return stable_id("story", sorted(article_ids))


@dataclass(frozen=True, slots=True)
class Pair:
    """A report statement paired with an original statement it may be reporting on."""

    pair_id: str
    story_id: str
    original_id: str
    report_id: str
    similarity: float
    basis: str  # "tfidf-en", "shared-facts", ...

    @staticmethod
    def make_id(original_id: str, report_id: str) -> str:
        """The pair's id: its two statements."""
        return stable_id("pair", original_id, report_id)


@dataclass(frozen=True, slots=True)
class NLIScores:
    """Probabilities from an NLI model for premise=original, hypothesis=report."""

    entailment: float
    neutral: float
    contradiction: float
    truncated: bool = False

    @property
    def label(self) -> str:
        """The most probable label."""
        scores = {
            "entailment": self.entailment,
            "neutral": self.neutral,
            "contradiction": self.contradiction,
        }
        return max(scores, key=scores.__getitem__)


SEVERITY_RANK: dict[str, int] = {s.value: s.rank for s in Severity}


@dataclass(frozen=True, slots=True)
class CheckResult:
    """One deterministic check's verdict on a pair, with a reason quoting both spans."""

    kind: str  # e.g. quantity_mismatch, qualifier_dropped, commitment_inflated, mt_number_changed
    severity: Severity
    reason: str
    original_span: str = ""
    report_span: str = ""
    fault: Literal["outlet", "translation"] = "outlet"


@dataclass(frozen=True, slots=True)
class Finding:
    """A flagged (original, report) pair with its evidence, as exported to the review CSV."""

    finding_id: str
    pair_id: str
    story_id: str
    severity: Severity
    kind: str
    label: str  # NLI label, or "checks-only"
    reasons: tuple[str, ...]
    original_id: str
    report_id: str
    p_entailment: float | None = None
    p_neutral: float | None = None
    p_contradiction: float | None = None
    nli_model: str = ""
    translation_model: str = ""
    content_hash: str = ""  # hash of both statements' text: a change re-opens a dismissed finding

    @staticmethod
    def make_id(original_id: str, report_id: str, nli_model: str, translation_model: str) -> str:
        """The finding's id: the pair under the models that judged it (stable across runs)."""
        # The letter prefix stops spreadsheets from reading an all-digit or "12e34" id as a number.
        return "f" + stable_id("finding", original_id, report_id, nli_model, translation_model)


@dataclass(frozen=True, slots=True)
class ReviewRow:
    """One row of the review queue, flags.csv. The field order IS Contract 3's column order:
    the CSV header, the Parquet schema and the review import all read it from here."""

    finding_id: str
    run_id: str
    story_id: str
    severity: str
    kind: str
    label: str
    p_entailment: float | None
    p_neutral: float | None
    p_contradiction: float | None
    reasons: tuple[str, ...]
    original_outlet: str
    original_url: str
    original_lang: str
    original_text: str
    original_text_en: str
    report_outlet: str
    report_url: str
    report_lang: str
    report_text: str
    report_text_en: str
    nli_model: str
    translation_model: str
    review_status: str
    review_note: str


@dataclass(frozen=True, slots=True)
class StageLine:
    """One stage as the run's renderers show it: name, counts in words, seconds."""

    stage: str
    counts: str
    seconds: float | None


# run.json keys beside the stages': open findings per severity (in counts), and the time outside
# any stage (in timings_s: start-up before the first stage, hand-offs between stages, and the
# whole run's wall time).
FINDINGS_BY_SEVERITY = "findings_by_severity"
STARTUP, BETWEEN_STAGES, TOTAL = "startup", "between_stages", "total"


@dataclass(frozen=True)
class RunSummary:
    """What one run did: the single source of the CLI table, run.json, the Prefect artifact and
    the notifications. ``to_json`` gives run.json's layout; ``from_json`` reads it back."""

    run_id: str
    status: str  # completed / completed_with_warnings / failed
    mode: str = "checks-only"  # full / checks-only
    claimdiff_version: str = ""
    nothing_new: bool = False
    notices: tuple[str, ...] = ()
    models: dict[str, Any] = field(default_factory=dict)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)  # per stage, then severity
    sources: tuple[dict[str, Any], ...] = ()
    cache: dict[str, dict[str, int]] = field(default_factory=dict)  # by Stage.cache_name
    timings_s: dict[str, float] = field(default_factory=dict)  # per stage, and outside stages
    failed_stages: tuple[str, ...] = ()
    errors: tuple[Problem, ...] = ()
    outputs: dict[str, Any] = field(default_factory=dict)
    error: str | None = None  # why a failed run stopped, when it did

    @property
    def failed(self) -> bool:
        """Whether the run failed (its exit code is 1)."""
        return self.status == "failed"

    @property
    def by_severity(self) -> dict[str, int]:
        """Open findings in the queue per severity, every severity present."""
        counted = self.counts.get(FINDINGS_BY_SEVERITY, {})
        return {s.value: counted.get(s.value, 0) for s in Severity}

    @property
    def flagged(self) -> int:
        """Findings in the review queue."""
        return self.counts.get(Stage.EXPORT, {}).get("flagged", sum(self.by_severity.values()))

    @property
    def new_findings(self) -> int:
        """Findings first seen in this run."""
        return self.counts.get(Stage.JUDGE, {}).get("new", 0)

    @property
    def withheld(self) -> int:
        """Findings left out of the queue because a reviewer decided them."""
        return self.counts.get(Stage.EXPORT, {}).get("withheld_reviewed", 0)

    def stage_lines(self) -> list[StageLine]:
        """The run's stages in run order (then anything else timed), with counts and cache."""
        known = [s.value for s in Stage if s in self.counts or s in self.timings_s]
        extra = [
            name
            for name in dict.fromkeys([*self.timings_s, *self.counts])
            if name not in known and name not in (FINDINGS_BY_SEVERITY, TOTAL)
        ]
        lines = []
        for name in [*known, *extra]:
            text = ", ".join(f"{k} {v}" for k, v in self.counts.get(name, {}).items())
            cache_name = Stage(name).cache_name if name in set(Stage) else name
            cache = self.cache.get(cache_name)
            if cache:
                text += f" (cache hits {cache.get('hits', 0)}, misses {cache.get('misses', 0)})"
            lines.append(StageLine(name, text, self.timings_s.get(name)))
        return lines

    def to_json(self) -> dict[str, Any]:
        """run.json (Contract 3): run id, mode, models, counts and timings per stage, errors."""
        return {
            "run_id": self.run_id,
            "claimdiff_version": self.claimdiff_version,
            "mode": self.mode,
            "status": self.status,
            "nothing_new": self.nothing_new,
            "notices": list(self.notices),
            "models": self.models,
            "counts": self.counts,
            "sources": list(self.sources),
            "cache": self.cache,
            "timings_s": self.timings_s,
            "failed_stages": list(self.failed_stages),
            "errors": [
                {"stage": p.stage, "where": p.where, "message": p.message, "item_id": p.item_id}
                for p in self.errors
            ],
            "outputs": self.outputs,
            **({"error": self.error} if self.error else {}),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RunSummary:
        """A summary from run.json's layout (missing keys take their defaults)."""
        errors = tuple(
            Problem(e.get("stage", ""), e.get("where", ""), e.get("message", ""), e.get("item_id"))
            for e in data.get("errors", [])
        )
        return cls(
            run_id=data.get("run_id", "?"),
            status=data.get("status", "?"),
            mode=data.get("mode", "?"),
            claimdiff_version=data.get("claimdiff_version", ""),
            nothing_new=bool(data.get("nothing_new", False)),
            notices=tuple(data.get("notices", ())),
            models=dict(data.get("models", {})),
            counts={k: dict(v) for k, v in data.get("counts", {}).items()},
            sources=tuple(data.get("sources", ())),
            cache={k: dict(v) for k, v in data.get("cache", {}).items()},
            timings_s=dict(data.get("timings_s", {})),
            failed_stages=tuple(data.get("failed_stages", ())),
            errors=errors,
            outputs=dict(data.get("outputs", {})),
            error=data.get("error"),
        )
