"""Turn the fields of one input item (JSONL line, CSV row, dataset row, fetched page) into an Article.

All sources meet here, so validation (Contract 1), Unicode normalisation, language
identification and the article id are the same whatever the source.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from claimdiff.config import FetchConfig
from claimdiff.errors import InputError
from claimdiff.ingest.langid import detect_language
from claimdiff.ingest.normalize import normalize_text, strip_markup
from claimdiff.ingest.urls import canonical_url
from claimdiff.records import LANGS, ROLES, Article, Problem, stable_id, text_hash

log = logging.getLogger(__name__)

CONTRACT_FIELDS = ("url", "outlet", "role", "lang", "published_at", "title", "text")
REQUIRED_FIELDS = ("url", "outlet", "role", "text")


def _is_missing(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _string(fields: Mapping[str, Any], name: str) -> str | None:
    value = fields.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(f"field {name!r} must be a string, got {type(value).__name__} {value!r}")
    return value


def parse_published(value: Any) -> datetime | None:
    """An ISO-8601 string (or a datetime / date from a dataset) as a datetime."""
    if _is_missing(value):
        return None
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if not isinstance(value, str):
        raise InputError(f"published_at must be an ISO-8601 string, got {type(value).__name__}")
    try:
        return datetime.fromisoformat(value.strip())
    except ValueError:
        raise InputError(
            f"published_at {value!r} is not an ISO-8601 date (e.g. 2025-10-31T09:00:00+09:00)"
        ) from None


def _check_size(fields: Mapping[str, str | None], max_chars: int) -> None:
    for name, value in fields.items():
        if value is not None and len(value) > max_chars:
            raise InputError(
                f"{name} has {len(value):,} characters, more than ingest.max_chars "
                f"({max_chars:,}); the article is skipped (split it, or raise the limit)"
            )


def article_from_fields(
    fields: Mapping[str, Any],
    *,
    source: str,
    fetch: FetchConfig,
    defaults: Mapping[str, Any] | None = None,
    metadata: Mapping[str, Any] | None = None,
    canonical: str | None = None,
    max_chars: int | None = None,
) -> Article:
    """Validate, normalise and identify one article; raise InputError saying what is wrong.

    ``fields`` hold Contract 1 fields; anything else in them goes to ``Article.metadata``.
    ``defaults`` (from the source configuration) fill contract fields the item leaves out.
    ``canonical`` overrides the URL used for identity (a page's ``rel=canonical`` link).
    ``max_chars`` (``ingest.max_chars``) rejects a longer text or title before any work on it.
    HTML in the text and title is flattened, control characters are removed.
    """
    merged: dict[str, Any] = {k: v for k, v in (defaults or {}).items() if not _is_missing(v)}
    merged.update({k: v for k, v in fields.items() if k in CONTRACT_FIELDS and not _is_missing(v)})
    extra = {k: v for k, v in fields.items() if k not in CONTRACT_FIELDS}
    missing = [name for name in REQUIRED_FIELDS if _is_missing(merged.get(name))]
    if missing:
        # "empty text" is the common case and deserves its own words
        if missing == ["text"] and "text" in fields:
            raise InputError("empty text")
        raise InputError(
            f"missing required field{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
            f"(required: {', '.join(REQUIRED_FIELDS)})"
        )
    url, outlet, role = _string(merged, "url"), _string(merged, "outlet"), _string(merged, "role")
    raw = _string(merged, "text")
    title, declared = _string(merged, "title"), _string(merged, "lang")
    if role not in ROLES:
        raise InputError(f"unknown role {role!r}: expected one of {', '.join(ROLES)}")
    if declared is not None and declared not in LANGS:
        raise InputError(
            f"unsupported lang {declared!r}: expected one of {', '.join(LANGS)} "
            "(or leave it out to detect it)"
        )
    published = parse_published(merged.get("published_at"))
    if max_chars is not None:
        _check_size({"text": raw, "title": title}, max_chars)
    text = normalize_text(strip_markup(raw or ""))
    if not text:
        raise InputError("empty text")
    meta: dict[str, Any] = {**(metadata or {}), **extra}

    detected, confidence, scores = detect_language(text, fetch.lang_detect_max_chars)
    if declared is None:
        if detected is None:
            raise InputError("cannot tell the language of the text (ko, ja or en); set 'lang'")
        lang, lang_detected, lang_conf = detected, True, confidence
    elif (
        detected is not None
        and detected != declared
        and confidence >= fetch.lang_override_confidence
        and len(text) >= fetch.lang_override_min_chars
    ):
        log.warning(
            "%s: declared lang %r but the text is plainly %r (confidence %.2f); using %r",
            source, declared, detected, confidence, detected,
        )  # fmt: skip
        meta["declared_lang"] = declared
        lang, lang_detected, lang_conf = detected, True, confidence
    else:
        lang, lang_detected, lang_conf = declared, False, scores.get(declared)

    canon = canonical_url(canonical or url or "")
    digest = text_hash(text)
    return Article(
        article_id=stable_id("article", canon, digest),
        url=(url or "").strip(),
        canonical_url=canon,
        outlet=(outlet or "").strip(),
        role=role,  # type: ignore[arg-type]  # checked against ROLES above
        lang=lang,  # type: ignore[arg-type]  # one of LANGS
        text=text,
        text_hash=digest,
        title=normalize_text(strip_markup(title)) if title else None,
        published_at=published,
        source=source,
        lang_detected=lang_detected,
        lang_confidence=lang_conf,
        raw_text=raw if raw != text else None,
        metadata=meta,
    )


@dataclass
class SourceResult:
    """What one configured source yielded, before deduplication."""

    label: str
    articles: list[Article] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped: int = 0
    failed: int = 0
    # (url, etag, last_modified) to remember once the run has its articles
    validators: list[tuple[str, str | None, str | None]] = field(default_factory=list)

    def add(self, fields: Mapping[str, Any], *, where: str, prefix: str = "", **build: Any) -> None:
        """Keep the article built from ``fields`` (:func:`article_from_fields`, with ``where``
        as its source and ``build`` as its keywords); a bad one fails with its reason."""
        try:
            self.articles.append(article_from_fields(fields, source=where, **build))
        except InputError as exc:
            self.fail(where, f"{prefix}{exc}")

    def fail(self, where: str, message: str) -> None:
        """Record a failed item (quarantined with its reason) and go on."""
        log.warning("%s: %s", where, message)
        self.problems.append(Problem(stage="ingest", where=where, message=message))
        self.failed += 1

    def skip(self, where: str, message: str, *, report: bool = False) -> None:
        """Count an item deliberately not ingested; ``report`` also lists it as a Problem."""
        log.info("%s: %s", where, message)
        if report:
            self.problems.append(Problem(stage="ingest", where=where, message=message))
        self.skipped += 1
