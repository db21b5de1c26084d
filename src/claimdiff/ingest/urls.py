"""Canonical article URLs: one address per article, whatever link a reader followed to it.

courlan (trafilatura's URL library) does the generic normalisation (case, default ports,
percent-encoding, sorted query). On top of it we apply rules kept as data in
``data/url_rules.yaml``: tracking parameters, AMP and mobile editions, fragments, scheme.
"""

from __future__ import annotations

import contextlib
import functools
from dataclasses import dataclass
from importlib import resources
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import yaml
from courlan import normalize_url
from pydantic import BaseModel, ConfigDict

from claimdiff.errors import ConfigError


class _TrackingParams(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    prefixes: tuple[str, ...]
    names: tuple[str, ...]


class _UrlRules(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    tracking_params: _TrackingParams
    mobile_host_prefixes: tuple[str, ...]
    amp_path_segments: tuple[str, ...]
    amp_path_suffixes: tuple[str, ...]


@dataclass(frozen=True)
class UrlRules:
    """What canonical_url removes: tracking parameters, mobile host prefixes, AMP markers."""

    prefixes: tuple[str, ...]
    names: frozenset[str]
    mobile_host_prefixes: tuple[str, ...]
    amp_segments: frozenset[str]
    amp_suffixes: tuple[str, ...]


@functools.cache
def url_rules() -> UrlRules:
    """Load and validate the bundled URL rules (once)."""
    text = resources.files("claimdiff.ingest").joinpath("data/url_rules.yaml").read_text("utf-8")
    try:
        raw = _UrlRules.model_validate(yaml.safe_load(text))
    except Exception as exc:  # pydantic or YAML error: the packaged data file itself is broken
        raise ConfigError(f"claimdiff/ingest/data/url_rules.yaml is invalid: {exc}") from exc
    return UrlRules(
        prefixes=tuple(p.lower() for p in raw.tracking_params.prefixes),
        names=frozenset(n.lower() for n in raw.tracking_params.names),
        mobile_host_prefixes=raw.mobile_host_prefixes,
        amp_segments=frozenset(raw.amp_path_segments),
        amp_suffixes=raw.amp_path_suffixes,
    )


def _is_tracking(name: str, rules: UrlRules) -> bool:
    lowered = name.lower()
    return lowered in rules.names or lowered.startswith(rules.prefixes)


def canonical_url(url: str) -> str:
    """The identity form of an article URL.

    Drops fragments and tracking parameters, folds AMP and mobile editions and ``http`` into
    the plain ``https`` address, and removes a trailing slash. Non-web identifiers
    (``file:``, ``urn:`` ...) are returned stripped but otherwise unchanged.
    """
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return url
    rules = url_rules()
    # courlan refuses some exotic hosts; our own rules below still apply to them
    with contextlib.suppress(ValueError):
        url = normalize_url(url, strict=False)
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    changed = True
    while changed:  # "www.m.example.com" -> "example.com"
        changed = False
        for prefix in rules.mobile_host_prefixes:
            if host.startswith(prefix) and host.count(".") > 1:
                host = host[len(prefix) :]
                changed = True
    netloc = host if parts.port in (None, 80, 443) else f"{host}:{parts.port}"
    segments = [s for s in parts.path.split("/") if s]
    if segments and segments[-1] in rules.amp_segments:
        segments = segments[:-1]
    elif segments and segments[0] in rules.amp_segments:
        segments = segments[1:]
    if segments:
        for suffix in rules.amp_suffixes:
            if segments[-1].endswith(suffix) and len(segments[-1]) > len(suffix):
                stem = segments[-1][: -len(suffix)]
                segments[-1] = stem + (".html" if suffix.endswith(".html") else "")
                break
    path = "/" + "/".join(segments)
    query = urlencode(
        sorted(
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not _is_tracking(k, rules)
        )
    )
    return urlunsplit(("https", netloc, path, query, ""))
