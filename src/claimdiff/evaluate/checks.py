"""Measure the fact checks on a labelled set of (original, report) pairs.

Each JSONL line: ``id, original_lang, original_text, report_lang, report_text, expected_kinds``
(a list, empty for a faithful pair), ``domain``, and optionally ``original_text_en`` /
``report_text_en`` (machine translations, for mt_number_changed and negation confirmation).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from sklearn.metrics import multilabel_confusion_matrix, precision_score, recall_score
from sklearn.preprocessing import MultiLabelBinarizer

from claimdiff.checks.apply import compare_statements
from claimdiff.checks.kinds import CHECK_KINDS, KINDS
from claimdiff.config import FactsConfig
from claimdiff.errors import InputError
from claimdiff.facts.lexicons import LANGUAGES, Lexicons
from claimdiff.records import NLI_LABELS, Problem, Statement

logger = logging.getLogger(__name__)

_REQUIRED = ("id", "original_lang", "original_text", "report_lang", "report_text", "expected_kinds")


@dataclass(frozen=True)
class EvalRow:
    """Counts and scores for one check kind (or "overall"); scores from scikit-learn, 1.0 where
    a kind was neither expected nor predicted."""

    kind: str
    tp: int
    fp: int
    fn: int
    precision: float = 1.0
    recall: float = 1.0

    @property
    def support(self) -> int:
        """Pairs that expect this kind."""
        return self.tp + self.fn

    def as_dict(self) -> dict[str, object]:
        """One table row."""
        return {
            "kind": self.kind,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "support": self.support,
        }


def score_kinds(
    expected: list[set[str]], predicted: list[set[str]], kinds: tuple[str, ...] = CHECK_KINDS
) -> tuple[tuple[EvalRow, ...], EvalRow]:
    """Per-kind rows and the micro-averaged overall row of a multi-label prediction."""
    binarizer = MultiLabelBinarizer(classes=list(kinds))
    # kinds outside the table (none expected) are not scored
    y_true = binarizer.fit_transform([sorted(e & set(kinds)) for e in expected])
    y_pred = binarizer.transform([sorted(p & set(kinds)) for p in predicted])
    if not len(expected):
        empty = tuple(EvalRow(kind, 0, 0, 0) for kind in kinds)
        return empty, EvalRow("overall", 0, 0, 0)
    matrices = multilabel_confusion_matrix(y_true, y_pred)
    precision = precision_score(y_true, y_pred, average=None, zero_division=1.0)
    recall = recall_score(y_true, y_pred, average=None, zero_division=1.0)
    rows = tuple(
        EvalRow(kind, int(m[1, 1]), int(m[0, 1]), int(m[1, 0]), float(p), float(r))
        for kind, m, p, r in zip(kinds, matrices, precision, recall, strict=True)
    )
    overall = EvalRow(
        "overall",
        sum(r.tp for r in rows),
        sum(r.fp for r in rows),
        sum(r.fn for r in rows),
        float(precision_score(y_true, y_pred, average="micro", zero_division=1.0)),
        float(recall_score(y_true, y_pred, average="micro", zero_division=1.0)),
    )
    return rows, overall


@dataclass(frozen=True)
class PairOutcome:
    """What one labelled pair expected, what the checks found, and why."""

    pair_id: str
    expected: tuple[str, ...]
    predicted: tuple[str, ...]
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class EvalReport:
    """Per-kind and overall precision / recall, and how many faithful pairs were flagged."""

    rows: tuple[EvalRow, ...]
    overall: EvalRow
    pairs: int
    faithful_pairs: int
    flagged_faithful: int
    outcomes: tuple[PairOutcome, ...] = ()
    problems: tuple[Problem, ...] = field(default_factory=tuple)

    @property
    def false_alarm_rate(self) -> float:
        """Share of faithful pairs that were flagged."""
        return self.flagged_faithful / self.faithful_pairs if self.faithful_pairs else 0.0

    def errors(self) -> list[PairOutcome]:
        """Pairs whose predicted kinds differ from the expected ones."""
        return [o for o in self.outcomes if set(o.expected) != set(o.predicted)]

    def as_table(self) -> list[dict[str, object]]:
        """One dict per kind, then the overall row (for a rich table or CSV)."""
        return [row.as_dict() for row in self.rows] + [self.overall.as_dict()]

    def as_dict(self) -> dict[str, object]:
        """The report as JSON-ready data."""
        return {
            "table": self.as_table(),
            "pairs": self.pairs,
            "faithful_pairs": self.faithful_pairs,
            "flagged_faithful": self.flagged_faithful,
            "false_alarm_rate": round(self.false_alarm_rate, 3),
            "problems": [asdict(p) for p in self.problems],
        }


def _jsonl_lines(path: Path, what: str) -> Iterator[tuple[int, str, str]]:
    """(line number, ``file:line``, text) of each non-blank line; an unreadable file is an
    InputError naming it."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"{path}: cannot read {what}: {exc.strerror}") from None
    for number, line in enumerate(lines, start=1):
        if line.strip():
            yield number, f"{path}:{number}", line


def _statement(record: dict, role: str, index: int) -> Statement:
    lang = record[f"{role}_lang"]
    text = record[f"{role}_text"]
    text_en = record.get(f"{role}_text_en") or (text if lang == "en" else None)
    return Statement(
        statement_id=f"{record['id']}:{role}",
        article_id=f"{record['id']}:{role}",
        index=index,
        start=0,
        end=len(text),
        text=text,
        lang=lang,
        role=role,  # type: ignore[arg-type]
        text_en=text_en,
    )


def _validate(record: object, where: str) -> dict:
    if not isinstance(record, dict):
        raise InputError(f"{where}: expected a JSON object, got {type(record).__name__}")
    missing = [key for key in _REQUIRED if key not in record]
    if missing:
        raise InputError(f"{where}: missing fields {missing}; required: {list(_REQUIRED)}")
    for role in ("original", "report"):
        if record[f"{role}_lang"] not in LANGUAGES:
            raise InputError(
                f"{where}: {role}_lang must be one of {list(LANGUAGES)}, got {record[f'{role}_lang']!r}"
            )
    # any kind of the Kind table may be expected (a "contradiction" is for NLI: the checks are
    # scored on their own kinds, and a pair expecting only that counts as discrepant)
    unknown = sorted(set(record["expected_kinds"]) - set(KINDS))
    if unknown:
        raise InputError(f"{where}: unknown expected_kinds {unknown}; known: {list(KINDS)}")
    return record


def evaluate_checks(data_path: Path, lexicons: Lexicons, config: FactsConfig) -> EvalReport:
    """Run compare_statements on every labelled pair of a JSONL file and score the kinds found.

    A pair counts as flagged when any kind is predicted; a bad line is recorded as a Problem
    (file:line and why) and skipped.
    """
    path = Path(data_path)
    outcomes: list[PairOutcome] = []
    problems: list[Problem] = []
    faithful = flagged_faithful = 0
    for _, where, line in _jsonl_lines(path, "the evaluation set"):
        try:
            record = _validate(json.loads(line), where)
        except json.JSONDecodeError as exc:
            problems.append(
                Problem(stage="eval", where=where, message=f"not valid JSON: {exc.msg}")
            )
            continue
        except InputError as exc:
            problems.append(
                Problem(stage="eval", where=where, message=str(exc).removeprefix(f"{where}: "))
            )
            continue
        original, report = _statement(record, "original", 0), _statement(record, "report", 1)
        results = compare_statements(original, report, lexicons, config)
        predicted = {r.kind for r in results}
        expected = set(record["expected_kinds"])
        if not expected:
            faithful += 1
            flagged_faithful += bool(predicted)
        outcomes.append(
            PairOutcome(
                pair_id=str(record["id"]),
                expected=tuple(sorted(expected)),
                predicted=tuple(sorted(predicted)),
                reasons=tuple(r.reason for r in results),
            )
        )
    rows, overall = score_kinds(
        [set(o.expected) for o in outcomes], [set(o.predicted) for o in outcomes]
    )
    logger.info("evaluated %d pairs from %s (%d problems)", len(outcomes), path, len(problems))
    return EvalReport(
        rows=rows,
        overall=overall,
        pairs=len(outcomes),
        faithful_pairs=faithful,
        flagged_faithful=flagged_faithful,
        outcomes=tuple(outcomes),
        problems=tuple(problems),
    )


# --- the checks on public NLI sets --------------------------------------------------------------


@dataclass(frozen=True)
class NLISetReport:
    """How often the checks fire on NLI pairs (premise = original, hypothesis = report), by
    gold label. Entailed hypotheses are faithful by construction, so their rate is a false-alarm
    ceiling on real text; the checks are not meant to find every contradiction (NLI does)."""

    path: str
    pairs: dict[str, int]
    flagged: dict[str, int]
    kinds: dict[str, dict[str, int]]
    problems: tuple[Problem, ...] = ()

    def rate(self, label: str) -> float:
        """Share of pairs with this gold label that the checks flag."""
        return self.flagged[label] / self.pairs[label] if self.pairs[label] else 0.0

    def as_dict(self) -> dict[str, object]:
        """The report as JSON-ready data."""
        return {
            "path": self.path,
            "labels": {
                label: {
                    "pairs": self.pairs[label],
                    "flagged": self.flagged[label],
                    "rate": round(self.rate(label), 3),
                    "kinds": self.kinds[label],
                }
                for label in NLI_LABELS
            },
            "problems": [asdict(p) for p in self.problems],
        }


@dataclass(frozen=True)
class NLIRecord:
    """One labelled pair of an NLI set, read as (original = premise, report = hypothesis)."""

    pair_id: str
    premise: str
    hypothesis: str
    label: str
    premise_lang: str
    hypothesis_lang: str

    def statements(self) -> tuple[Statement, Statement]:
        """The pair as (original, report) statements."""
        as_pair = {
            "id": self.pair_id,
            "original_lang": self.premise_lang,
            "original_text": self.premise,
            "report_lang": self.hypothesis_lang,
            "report_text": self.hypothesis,
        }
        return _statement(as_pair, "original", 0), _statement(as_pair, "report", 1)


def read_nli_set(
    data_path: Path, limit: int | None = None
) -> tuple[list[NLIRecord], list[Problem]]:
    """The pairs of a JSONL NLI set (``id, premise, hypothesis, label, lang``; ``lang`` is one
    language or ``premise-hypothesis`` such as ``ko-en``), at most ``limit``; a bad line becomes
    a Problem naming file:line."""
    records: list[NLIRecord] = []
    problems: list[Problem] = []
    for number, where, line in _jsonl_lines(Path(data_path), "the NLI set"):
        if limit is not None and len(records) >= limit:
            break
        try:
            record = json.loads(line)
            label, premise_lang, hypothesis_lang = _nli_fields(record)
        except (json.JSONDecodeError, InputError, TypeError) as exc:
            problems.append(Problem(stage="eval", where=where, message=str(exc)))
            continue
        records.append(
            NLIRecord(
                pair_id=str(record.get("id", number)),
                premise=record["premise"].strip(),
                hypothesis=record["hypothesis"].strip(),
                label=label,
                premise_lang=premise_lang,
                hypothesis_lang=hypothesis_lang,
            )
        )
    return records, problems


def evaluate_on_nli_set(data_path: Path, lexicons: Lexicons, config: FactsConfig) -> NLISetReport:
    """Run the checks on every pair of an NLI set (see ``read_nli_set``), checks-only."""
    records, problems = read_nli_set(data_path)
    pairs = dict.fromkeys(NLI_LABELS, 0)
    flagged = dict.fromkeys(NLI_LABELS, 0)
    kinds: dict[str, dict[str, int]] = {label: {} for label in NLI_LABELS}
    for record in records:
        results = compare_statements(*record.statements(), lexicons, config)
        pairs[record.label] += 1
        flagged[record.label] += bool(results)
        for kind in {r.kind for r in results}:
            kinds[record.label][kind] = kinds[record.label].get(kind, 0) + 1
    return NLISetReport(str(data_path), pairs, flagged, kinds, tuple(problems))


def _nli_fields(record: object) -> tuple[str, str, str]:
    if not isinstance(record, dict):
        raise InputError(f"expected a JSON object, got {type(record).__name__}")
    missing = [k for k in ("premise", "hypothesis", "label", "lang") if k not in record]
    if missing:
        raise InputError(f"missing fields {missing}")
    if record["label"] not in NLI_LABELS:
        raise InputError(f"label must be one of {list(NLI_LABELS)}, got {record['label']!r}")
    langs = str(record["lang"]).split("-")
    premise_lang, hypothesis_lang = (langs[0], langs[-1]) if len(langs) <= 2 else ("", "")
    for lang in (premise_lang, hypothesis_lang):
        if lang not in LANGUAGES:
            raise InputError(
                f"lang must be one of {list(LANGUAGES)} or two joined by '-', got {record['lang']!r}"
            )
    return record["label"], premise_lang, hypothesis_lang
